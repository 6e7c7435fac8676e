"""Coordinators see a circles programme's circles through Slack: the digest's circle figures
(English and Swedish) with the chart of circles that met, the export's circle and session
lines, the panel on their Home; members see their circle on Home, or a way to browse them.
Never what was said in a circle."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot import ids
from bot.services import reflections
from tests.conftest import COORDINATOR, START
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.programme import TEAM
from tests.scenarios.test_digest import CHANNEL, PNG, every_text, in_channel, use_channel
from tests.services.test_circle_digest import A, B, C, D, E, build
from tests.services.test_digest_figures import join

OUTSIDER = "UZ1"  # in the programme, in no circle


@pytest.fixture
def circles(sessions: sessionmaker[Session], slack: FakeSlack) -> dict[str, int]:
    """The circles of tests/services/test_circle_digest.py (four open, one closed; two at
    risk), Feedback's first member and the outsider in the programme, and a private reflection
    Feedback's member wrote."""
    for user in (COORDINATOR, OUTSIDER, *A, *B, *C, *D, *E):
        slack.add_user(user)
    with sessions.begin() as session:
        programme_id, made = build(session)
        for user in (A[0], D[0], OUTSIDER):
            join(session, user, "Sales", START - timedelta(days=30))
        reflections.save(
            session,
            TEAM,
            programme_id,
            A[0],
            "progress",
            "SECRET-REFLECTION",
            False,
            "V9",
            None,
            START,
        )
    return made


def test_the_digest_shows_the_circles_in_english_and_in_swedish_with_their_chart(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], circles
) -> None:
    slack_requests.command(COORDINATOR, "digest preview")
    shown = json.dumps(slack.responses[-1]["blocks"])
    assert "*Circles*\\n4 open \\u00b7 16 people in them" in shown
    assert "*Held a session this cycle*\\n2 of 4 circles (50 %)" in shown
    assert "8 of 12 places at this cycle's sessions (67 %)" in shown
    assert "Circles that may need help: 2" in shown
    assert "*Leading* (<#C0LEAD>): under half came over two cycles" in shown
    assert "*Negotiation* (<#C0NEG>): no session in two cycles" in shown
    assert "Pairs" not in shown and "Waiting for a partner" not in shown
    use_channel(sessions, locale="sv")
    slack_requests.command(COORDINATOR, "digest")
    posted = json.dumps(in_channel(slack)[-1].blocks(), ensure_ascii=False)
    assert "*Cirklar*\\n4 öppna · 16 personer i dem" in posted
    assert "*Höll en träff den här perioden*\\n2 av 4 cirklar (50 %)" in posted
    assert "8 av 12 platser vid periodens träffar (67 %)" in posted
    assert "Cirklar som kan behöva stöd: 2" in posted
    assert "färre än hälften kom under två perioder" in posted
    announced = slack.last("files.getUploadURLExternal").args
    completed = slack.last("files.completeUploadExternal").args
    assert completed["channel_id"] == CHANNEL
    chart = json.loads(completed["files"])[0]
    assert chart["title"] == "Andel cirklar som träffats, per period om 14 dagar"
    assert slack.uploads[chart["id"]].startswith(PNG)
    assert int(announced["length"]) > 0


def test_the_export_has_a_line_per_circle_and_per_session_and_no_text(
    slack: FakeSlack, slack_requests: SlackRequests, circles
) -> None:
    slack_requests.command(COORDINATOR, "export")
    assert slack.responses[-1]["text"] == "The export is in your messages with me."
    completed = slack.last("files.completeUploadExternal").args
    assert completed["channel_id"] == "DCOORD"
    data = slack.uploads[json.loads(completed["files"])[0]["id"]]
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    by_circle = {row["topic"]: row for row in rows if row["line"] == "circle"}
    assert list(by_circle) == ["Feedback", "Negotiation", "Writing", "Leading", "Closed"]
    feedback = by_circle["Feedback"]
    assert (feedback["members"], feedback["sessions_held"], feedback["closed"]) == ("4", "2", "")
    assert by_circle["Closed"]["closed"] == "2026-11-18" and by_circle["Closed"]["members"] == "4"
    assert by_circle["Negotiation"]["at_risk"] == "no_session"
    assert by_circle["Leading"]["at_risk"] == "low_attendance"
    leading = [r for r in rows if r["line"] == "session" and r["topic"] == "Leading"]
    assert [(r["session_date"], r["attended"], r["absent"], r["attendees"]) for r in leading] == [
        ("2026-11-05", "1", "3", "UD1"),
        ("2026-11-20", "1", "3", "UD1"),
    ]
    assert b"SECRET" not in data and "description" not in rows[0]


def test_home_shows_a_member_their_circle_and_others_the_way_to_browse(
    slack: FakeSlack, slack_requests: SlackRequests, circles
) -> None:
    slack_requests.home_opened(A[0])
    home = json.dumps(slack.last("views.publish").view())
    assert "*Your circle*" in home and "*Feedback*" in home
    assert "Members: <@UA1>, <@UA2>, <@UA3> and <@UA4>" in home
    assert "Facilitates the next session: <@UA3>" in home  # two held: the third's turn
    assert "Its channel opens in a moment." in home and ids.CIRCLES_BROWSE not in home
    slack_requests.home_opened(D[0])
    assert "Channel: <#C0LEAD>" in json.dumps(slack.last("views.publish").view())
    slack_requests.home_opened(OUTSIDER)
    view = slack.last("views.publish").view()
    browse = [
        e
        for b in view["blocks"]
        for e in b.get("elements", [])
        if e.get("action_id") == ids.CIRCLES_BROWSE
    ]
    assert len(browse) == 1 and "Browse circles" in json.dumps(browse)
    assert "*Your circle*" in json.dumps(view)


def test_no_coordinator_surface_shows_a_circle_s_words(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], circles
) -> None:
    use_channel(sessions)
    slack_requests.command(COORDINATOR, "digest preview")
    slack_requests.command(COORDINATOR, "digest")
    slack_requests.command(COORDINATOR, "export")
    slack_requests.home_opened(COORDINATOR)
    panel = json.dumps(slack.last("views.publish").view())
    assert "*Open circles*\\n4" in panel and "*Circles that met this cycle*\\n50 %" in panel
    assert "*Attendance this cycle*\\n67 %" in panel
    # circles are formed or made here, never paired in rounds
    assert ids.CIRCLE_FORM_OPEN in panel and ids.CIRCLES_OPEN_NEW in panel
    assert ids.OPEN_ROUND not in panel
    sent = every_text(slack) + "".join(
        data.decode("utf-8-sig", "replace")
        for data in slack.uploads.values()
        if not data.startswith(PNG)
    )
    for secret in ("SECRET-REFLECTION", "SECRET-DESCRIPTION"):
        assert secret not in sent
