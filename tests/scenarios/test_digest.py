"""The coordinators' digest through Slack: preview, posting with its chart, the schedule, the
nudge buttons, who may use them, and what it never shows."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot import ids
from bot.blocks.times import slot_value
from bot.config import Settings
from bot.db import Database
from bot.domain import OutboxKind, OutboxStatus, ProgrammeSettings
from bot.models import Digest, FeedbackAnswer, Outbox
from bot.services import feedback, programmes, reflections
from bot.services.feedback import Answer
from tests.conftest import COORDINATOR, START
from tests.fakes.slack_api import Failure, FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.programme import the_programme
from tests.scenarios.test_rhythm import make_clock
from tests.services.test_digest_figures import TEAM, build_programme

CHANNEL = "C0COORDS"
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def programme(sessions: sessionmaker[Session], slack: FakeSlack) -> dict[str, tuple]:
    slack.add_user(COORDINATOR)
    for user in ("UA", "UB", "UC", "UD", "UE", "UF", "UG", "UH"):
        slack.add_user(user)
    return build_programme(sessions)


def use_channel(sessions: sessionmaker[Session], **changes) -> None:
    with sessions.begin() as session:
        chosen = ProgrammeSettings(digest_channel=CHANNEL, time_zone="Europe/Stockholm", **changes)
        programmes.save(session, programmes.current(session, TEAM, START), chosen)


def in_channel(slack: FakeSlack) -> list:
    return [c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == CHANNEL]


def every_text(slack: FakeSlack, but_homes_of: tuple[str, ...] = ()) -> str:
    """Everything the bot sent to Slack, as one string; but the Home tabs of `but_homes_of`
    (a member's own Home shows their own pair's check-in notes, which is theirs to see)."""
    calls = [
        c.args
        for c in slack.calls
        if not (c.method == "views.publish" and c.args.get("user_id") in but_homes_of)
    ]
    return json.dumps(calls) + json.dumps(slack.responses)


def test_preview_shows_the_figures_to_the_caller_alone(
    slack: FakeSlack, slack_requests: SlackRequests, programme
) -> None:
    reply = slack_requests.command(COORDINATOR, "digest preview")
    assert reply.json()["response_type"] == "ephemeral"
    assert not slack.calls_to("chat.postMessage")
    shown = slack.responses[-1]
    assert shown["response_type"] == "ephemeral"
    text = json.dumps(shown["blocks"])
    assert "6 active \\u00b7 1 paused \\u00b7 1 new" in text
    assert "2 of 3 (67 %)" in text
    assert "4.0 of 5 (3 ratings)" in text
    assert "Pairs that may need help: 3" in text
    assert "no check-in for two cycles, a member has left, nothing booked" in text
    assert "only one of them logs" in text
    assert "Waiting for a partner: 1" in text and "<@UH>" in text
    assert "Not enough answers yet (0 of 3)" in text
    assert "private words" not in every_text(slack)  # no one's notes, ever


def test_the_digest_counts_bookings_and_names_the_pairs_with_nothing_booked(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], programme
) -> None:
    """P2 booked the session it held six days ago and its next; P1 met but booked nothing, until
    one of them books through the Book button; P3 booked nothing."""
    p1, _, p3 = programme["ids"]
    slack_requests.command(COORDINATOR, "digest preview")
    text = json.dumps(slack.responses[-1]["blocks"])
    assert "*Sessions booked this cycle*\\n1, by 1 of 3 pairs and triads" in text
    assert "*Booked, then held*\\n1 of 1 booked session was held (100 %)" in text
    assert "*Nothing booked*\\n2" in text
    first, second = programme["p1"]
    assert f"<@{first}> and <@{second}>: nothing booked, this cycle or ahead" in text
    start = START + timedelta(days=2, hours=4)
    book = {"type": "button", "action_id": ids.BOOK_SLOT, "value": slot_value(p1, start)}
    assert slack_requests.act(first, book, message=("G0", "1700000000.000100")).status == 200
    use_channel(sessions, locale="sv")
    slack_requests.command(COORDINATOR, "digest")
    posted = json.dumps(in_channel(slack)[-1].blocks(), ensure_ascii=False)
    assert "*Bokade samtal den här perioden*\\n1, fördelade på 1 av 3 par och trior" in posted
    assert "*Bokade samtal som hölls*\\n1 av 1 bokat samtal hölls (100 %)" in posted
    assert "*Inget bokat*\\n1" in posted and "Par som kan behöva stöd: 2" in posted
    at_risk = [b for b in in_channel(slack)[-1].blocks() if "accessory" in b]
    assert [b["accessory"]["value"] for b in at_risk] == [str(p3), str(programme["ids"][1])]
    assert "varken den här perioden eller framåt" in json.dumps(at_risk[0], ensure_ascii=False)
    # booking republished both members' own Homes; nothing else carries their notes
    assert slack.calls_to("views.publish")
    assert "private words" not in every_text(slack, but_homes_of=(first, second))


def test_posted_to_the_channel_with_the_chart_in_its_thread(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], programme
) -> None:
    use_channel(sessions)
    slack_requests.command(COORDINATOR, "digest")
    assert slack.responses[-1]["text"] == f"The digest is posted in <#{CHANNEL}>."
    posted = slack.last("chat.postMessage")
    assert posted.args["channel"] == CHANNEL
    announced = slack.last("files.getUploadURLExternal").args
    completed = slack.last("files.completeUploadExternal").args
    assert completed["channel_id"] == CHANNEL and completed["thread_ts"]
    file_id = json.loads(completed["files"])[0]["id"]
    assert slack.uploads[file_id].startswith(PNG)
    assert len(slack.uploads[file_id]) == int(announced["length"])
    with sessions() as session:
        digest = session.scalars(select(Digest)).one()
    assert digest.posted_at is not None and digest.figures["met"] == 2


def test_no_channel_yet_or_no_way_in_gets_a_clear_answer(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], programme
) -> None:
    with sessions.begin() as session:
        programmes.save(session, programmes.current(session, TEAM, START), ProgrammeSettings())
    slack_requests.command(COORDINATOR, "digest")
    assert "No channel is set" in slack.responses[-1]["text"]
    use_channel(sessions)
    slack.fail("chat.postMessage", Failure(error="not_in_channel"))
    slack_requests.command(COORDINATOR, "digest")
    assert "Invite me there" in slack.responses[-1]["text"]
    assert not slack.calls_to("files.completeUploadExternal")


def test_scheduled_every_other_monday_at_nine_once_however_often_the_clock_ticks(
    database: Database,
    slack: FakeSlack,
    settings: Settings,
    sessions: sessionmaker[Session],
    programme,
) -> None:
    use_channel(sessions)  # every other week, Mondays 09:00 in Stockholm
    clock = make_clock(settings, database, slack)
    slot = datetime(2026, 11, 30, 8, tzinfo=UTC)  # 09:00 in Stockholm, an "other" Monday
    clock.tick(slot - timedelta(minutes=1))
    clock.tick(datetime(2026, 11, 23, 8, tzinfo=UTC))  # the Monday before is not a slot
    assert not in_channel(slack)
    for minutes in (0, 1, 60):
        clock.tick(slot + timedelta(minutes=minutes))
    posted = in_channel(slack)
    assert len(posted) == 1
    assert "The first digest" in json.dumps(posted[0].blocks())
    clock.tick(slot + timedelta(days=7))  # the Monday after: not a slot
    clock.tick(slot + timedelta(days=14))
    posted = in_channel(slack)
    assert len(posted) == 2
    # two weeks on, the same pairs: the change is shown against the first digest
    assert "Changes are since the last digest" in json.dumps(posted[1].blocks())


def test_a_slot_missed_by_more_than_half_a_day_is_skipped(
    database: Database,
    slack: FakeSlack,
    settings: Settings,
    sessions: sessionmaker[Session],
    programme,
) -> None:
    use_channel(sessions)
    clock = make_clock(settings, database, slack)
    clock.tick(datetime(2026, 11, 30, 21, tzinfo=UTC))  # thirteen hours late
    assert not in_channel(slack)


def test_a_coordinator_nudges_one_pair_and_all_at_risk_pairs(
    database: Database,
    slack: FakeSlack,
    settings: Settings,
    slack_requests: SlackRequests,
    sessions: sessionmaker[Session],
    programme,
) -> None:
    use_channel(sessions)
    slack_requests.command(COORDINATOR, "digest")
    posted = slack.last("chat.postMessage").args
    message = (CHANNEL, "1700000000.000100")
    _, p2, _ = programme["ids"]
    click = {"type": "button", "action_id": ids.NUDGE_PAIR, "value": str(p2)}
    slack_requests.act(COORDINATOR, click, message=message)
    assert slack.responses[-1]["text"].startswith("Nudge queued for ")
    assert slack.responses[-1]["replace_original"] is False
    slack_requests.act(COORDINATOR, click, message=message)  # a double click: nothing more
    with sessions() as session:
        nudges = session.scalars(select(Outbox).where(Outbox.kind == OutboxKind.NUDGE)).all()
    assert sorted(n.user_id for n in nudges) == sorted(programme["p2"])
    everyone = {"type": "button", "action_id": ids.NUDGE_ALL, "value": "all"}
    slack_requests.act(COORDINATOR, everyone, message=message)
    assert "Nudges queued for 3 pairs" in slack.responses[-1]["text"]
    with sessions() as session:
        nudges = session.scalars(select(Outbox).where(Outbox.kind == OutboxKind.NUDGE)).all()
    # P3's second member has closed their account: nothing is sent to them
    pending = {n.user_id for n in nudges if n.status is OutboxStatus.PENDING}
    assert pending == {*programme["p1"], *programme["p2"], programme["p3"][0]}
    make_clock(settings, database, slack).tick(START)
    nudged = [c for c in slack.calls_to("chat.postMessage") if "checking in" in c.args["text"]]
    assert sorted(c.args["channel"] for c in nudged) == sorted(pending)
    assert posted["channel"] == CHANNEL


def test_everyone_else_is_refused_every_digest_action(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], programme
) -> None:
    use_channel(sessions)
    for text in ("digest", "digest preview"):
        reply = slack_requests.command("UA", text)
        assert "Only the programme's coordinators" in reply.json()["text"]
    _, p2, _ = programme["ids"]
    message = (CHANNEL, "1700000000.000100")
    for action, value in ((ids.NUDGE_PAIR, str(p2)), (ids.NUDGE_ALL, "all")):
        slack_requests.act(
            "UA", {"type": "button", "action_id": action, "value": value}, message=message
        )
        assert "Only the programme's coordinators" in slack.responses[-1]["text"]
    # a forged click on the coordinator's Home button
    button = {
        "type": "button",
        "action_id": ids.POST_DIGEST,
        "text": {"type": "plain_text", "text": "Post"},
    }
    home = {"type": "home", "id": "V1", "blocks": [{"type": "actions", "elements": [button]}]}
    slack_requests.click("UA", ids.POST_DIGEST, view=home)
    assert "Only the programme's coordinators" in slack.last("chat.postMessage").args["text"]
    assert not in_channel(slack)
    with sessions() as session:
        nudges = select(func.count()).where(Outbox.kind == OutboxKind.NUDGE)
        assert session.scalar(nudges) == 0  # P2's booked sessions have their reminders
        assert session.scalar(select(func.count()).select_from(Digest)) == 0


def test_the_export_reaches_the_coordinator_alone_with_counts_only(
    slack: FakeSlack, slack_requests: SlackRequests, programme
) -> None:
    slack_requests.command(COORDINATOR, "export")
    assert slack.responses[-1]["text"] == "The export is in your messages with me."
    assert slack.last("conversations.open").args["users"] == COORDINATOR
    completed = slack.last("files.completeUploadExternal").args
    assert completed["channel_id"] == "DCOORD"
    data = slack.uploads[json.loads(completed["files"])[0]["id"]]
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    p1, p2, p3 = programme["ids"]
    by_pair = {int(row["pair_id"]): row for row in rows}
    assert set(by_pair) == {p1, p2, p3}
    assert (by_pair[p1]["sessions_held"], by_pair[p1]["checkins_logged"]) == ("1", "2")
    assert (by_pair[p2]["sessions_held"], by_pair[p2]["checkins_logged"]) == ("2", "2")
    assert (by_pair[p3]["sessions_held"], by_pair[p3]["last_session"]) == ("0", "")
    assert (by_pair[p1]["goals_completed"], by_pair[p1]["goals_not_started"]) == ("1", "1")
    assert by_pair[p2]["goals_not_started"] == "1"
    assert by_pair[p3]["at_risk"] == "silent partner_gone nothing_booked"
    assert by_pair[p2]["at_risk"] == "one_sided" and by_pair[p1]["at_risk"] == "nothing_booked"
    assert by_pair[p1]["members"] == " ".join(programme["p1"])
    assert b"private words" not in data and "rating" not in rows[0]


def test_the_export_is_refused_to_everyone_else(
    slack: FakeSlack, slack_requests: SlackRequests, programme
) -> None:
    reply = slack_requests.command("UA", "export")
    assert "Only the programme's coordinators" in reply.json()["text"]
    assert not slack.calls_to("files.getUploadURLExternal")


def test_the_coordinators_home_shows_the_programme_and_its_buttons_work(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], programme
) -> None:
    use_channel(sessions)
    slack_requests.home_opened(COORDINATOR)
    home = slack.last("views.publish").view()
    text = json.dumps(home)
    assert "Your programme (coordinators)" in text
    assert "*Met this cycle*\\n67 %" in text and "*Pairs that may need help*\\n3" in text
    assert "every other Monday at 09:00 (Europe/Stockholm)" in text
    slack_requests.click(COORDINATOR, ids.OPEN_ROUND, view=home)
    assert slack.last("views.open").view()["callback_id"] == ids.ROUND_OPTIONS_VIEW
    slack_requests.click(COORDINATOR, ids.OPEN_SETTINGS, view=home)
    assert slack.last("views.open").view()["callback_id"] == ids.SETTINGS_VIEW
    slack_requests.click(COORDINATOR, ids.POST_DIGEST, view=home)
    assert len(in_channel(slack)) == 1
    assert "posted in" in slack.last("chat.postMessage").args["text"]
    slack_requests.click(COORDINATOR, ids.EXPORT, view=home)
    assert slack.last("files.completeUploadExternal").args["channel_id"] == "DCOORD"
    # a participant's Home has no programme panel, and its buttons refuse them
    slack_requests.home_opened("UA")
    assert "Your programme" not in json.dumps(slack.last("views.publish").view())
    opened = len(slack.calls_to("views.open"))
    for action in (ids.OPEN_ROUND, ids.OPEN_SETTINGS, ids.EXPORT):
        slack_requests.click("UA", action, view=home)
        assert "Only the programme's coordinators" in slack.last("chat.postMessage").args["text"]
    assert len(slack.calls_to("views.open")) == opened


def test_no_coordinator_surface_reveals_notes_reflections_ratings_or_who_answered(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], programme
) -> None:
    use_channel(sessions, learning_channel="C0LEARN")  # learnings on
    p1, _, _ = programme["ids"]
    author = programme["p1"][0]
    with sessions.begin() as session:
        reflections.save(
            session,
            TEAM,
            the_programme(session),
            author,
            "progress",
            "SECRET-REFLECTION",
            True,
            "V9",
            p1,
            START,
        )
        for i, user in enumerate(("UA", "UB", "UC")):
            who = feedback.respondent(b"k", TEAM, "round1", user)
            answer = Answer(
                growth=5, supported=4, recommend=10, partner_uses=None, comment=f"NOTE-{i}"
            )
            feedback.save(session, TEAM, the_programme(session), "round1", who, answer)
    # a private reflection written through Slack, then a learning shared from it
    slack_requests.command(author, "reflect")
    written = slack.last("views.open").view()
    saved = slack_requests.submit(author, written, {ids.REFLECTION_TEXT: "PRIVATE-THOUGHT"})
    confirmation = {**saved.json()["view"], "id": "V0REFLECTED"}
    share = next(
        e
        for b in confirmation["blocks"]
        for e in b.get("elements", [])
        if e.get("action_id") == ids.SHARE_LEARNING
    )
    slack_requests.click(author, ids.SHARE_LEARNING, share["value"], view=confirmation)
    line = {ids.LEARNING_TEXT: "A-LINE-TO-SHARE"}
    preview = slack_requests.submit(
        author, {**slack.last("views.update").view(), "id": "V0L"}, line
    )
    slack_requests.submit(author, {**preview.json()["view"], "id": "V0L"}, {})
    assert "A-LINE-TO-SHARE" in json.dumps(slack.last("chat.postMessage").args)
    slack_requests.command(COORDINATOR, "digest preview")
    slack_requests.command(COORDINATOR, "digest")
    slack_requests.command(COORDINATOR, "export")
    slack_requests.home_opened(COORDINATOR)
    sent = every_text(slack, but_homes_of=(author,)) + "".join(
        data.decode("utf-8-sig", "replace")
        for data in slack.uploads.values()
        if not data.startswith(PNG)
    )
    for secret in ("SECRET-REFLECTION", "private words", "PRIVATE-THOUGHT"):
        assert secret not in sent
    digest = in_channel(slack)[-1].blocks()
    assert "Learnings shared this week:* 1" in json.dumps(digest)
    # ratings only as the average of three or more: P1's own 4 and 5 never appear per person
    assert "4.0 of 5 (3 ratings)" in sent
    # the comments are shown (three answers), in a block that names no one
    digest = slack.last("chat.postMessage").blocks()
    comment_blocks = [b for b in digest if "NOTE-" in json.dumps(b)]
    assert comment_blocks and all("<@" not in json.dumps(b) for b in comment_blocks)
    columns = {c.key for c in FeedbackAnswer.__table__.columns}
    assert not columns & {"user_id", "author", "member", "answered_at", "created_at"}
