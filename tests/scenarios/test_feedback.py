"""The anonymous feedback survey: invited at a round's end and every 60 days in long rounds,
answered once, stored without the person, shown only as aggregates from three answers."""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot import ids
from bot.config import Settings
from bot.db import Database
from bot.domain import OutboxStatus
from bot.models import FeedbackAnswer, Outbox
from tests.conftest import COORDINATOR
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.programme import the_programme
from tests.scenarios.test_rhythm import START, make_clock, setup_pair

ROUND_END = START + timedelta(weeks=12)
ANSWERS = {"growth": "4", "supported": "5", "recommend": "9", "comment": "More time, please"}


def survey_button(slack: FakeSlack, user: str) -> dict:
    """The survey button of the last DM to `user` that has one."""
    for call in reversed(slack.calls_to("chat.postMessage")):
        if call.args["channel"] != user:
            continue
        for block in call.blocks():
            for element in block.get("elements", []):
                if element.get("action_id") == ids.OPEN_FEEDBACK:
                    return element
    raise AssertionError(f"no survey button sent to {user}")


def open_survey(slack: FakeSlack, slack_requests: SlackRequests, user: str, value: str) -> None:
    click = {"type": "button", "action_id": ids.OPEN_FEEDBACK, "value": value}
    slack_requests.act(user, click, message=("D" + user[1:], "1700000000.000200"))


def test_answered_once_from_the_wrap_up_and_kept_without_the_person(
    database: Database,
    slack: FakeSlack,
    settings: Settings,
    slack_requests: SlackRequests,
    sessions: sessionmaker[Session],
) -> None:
    setup_pair(sessions, slack)
    make_clock(settings, database, slack).tick(ROUND_END + timedelta(hours=1))
    button = survey_button(slack, "UANNA")
    assert button["value"] == f"{programme_id(sessions)}:round1"  # the programme's round 1
    open_survey(slack, slack_requests, "UANNA", button["value"])
    modal = slack.last("views.open").view()
    assert modal["callback_id"] == ids.FEEDBACK_VIEW
    assert "partner_uses" not in json.dumps(modal)  # Anna joined as a peer, not a mentor
    # a missing answer is pointed at, the rest kept
    reply = slack_requests.submit("UANNA", modal, {**ANSWERS, "growth": None})
    assert reply.json()["errors"] == {"growth": "Choose one of the answers."}
    reply = slack_requests.submit("UANNA", modal, ANSWERS)
    assert "Thank you" in json.dumps(reply.json()["view"])
    # the same modal again (a double click, a retry) and a second click: nothing more stored
    reply = slack_requests.submit("UANNA", modal, ANSWERS)
    assert "answered this survey already" in json.dumps(reply.json()["view"])
    opened = len(slack.calls_to("views.open"))
    open_survey(slack, slack_requests, "UANNA", "round1")
    assert len(slack.calls_to("views.open")) == opened
    assert "answered this survey already" in slack.last("chat.postMessage").args["text"]
    with sessions() as session:
        rows = session.scalars(select(FeedbackAnswer)).all()
    assert len(rows) == 1
    stored = {c.key: getattr(rows[0], c.key) for c in FeedbackAnswer.__table__.columns}
    assert (stored["growth"], stored["supported"], stored["recommend"]) == (4, 5, 9)
    assert not any("UANNA" in str(value) for value in stored.values())


def test_only_people_of_the_round_may_answer(
    slack: FakeSlack,
    settings: Settings,
    slack_requests: SlackRequests,
    sessions: sessionmaker[Session],
) -> None:
    setup_pair(sessions, slack)
    slack.add_user("UZED")
    for value in ("round1", "round2", "nonsense"):
        open_survey(slack, slack_requests, "UZED", value)
        assert "for the people of that round only" in slack.last("chat.postMessage").args["text"]
    assert not slack.calls_to("views.open")
    # a forged submission is refused as well
    forged = {
        "type": "modal",
        "callback_id": ids.FEEDBACK_VIEW,
        "private_metadata": "round1",
        "blocks": [],
    }
    reply = slack_requests.submit("UZED", forged, {})
    assert "for the people of that round only" in json.dumps(reply.json()["view"])
    with sessions() as session:
        assert session.scalars(select(FeedbackAnswer)).all() == []


def test_long_rounds_ask_every_60_days_within_the_weekly_cap(
    database: Database, slack: FakeSlack, settings: Settings, sessions: sessionmaker[Session]
) -> None:
    setup_pair(sessions, slack, weeks=26)
    clock = make_clock(settings, database, slack)
    moment = START
    while moment < START + timedelta(days=130):
        clock.tick(moment)
        moment += timedelta(hours=6)
    surveys = Counter(
        (c.args["channel"], button["value"].partition(":")[2])
        for c in slack.calls_to("chat.postMessage")
        for block in c.blocks()
        for button in block.get("elements", [])
        if button.get("action_id") == ids.OPEN_FEEDBACK
    )
    assert surveys == {
        ("UANNA", "round1/d60"): 1,
        ("UBEN", "round1/d60"): 1,
        ("UANNA", "round1/d120"): 1,
        ("UBEN", "round1/d120"): 1,
    }
    with sessions() as session:
        sent = session.execute(
            select(Outbox.user_id, Outbox.sent_at).where(Outbox.status == OutboxStatus.SENT)
        ).all()
    for user in ("UANNA", "UBEN"):
        times = sorted(at for who, at in sent if who == user)
        for i, at in enumerate(times):  # never more than two rhythm DMs in any seven days
            assert sum(at <= other < at + timedelta(days=7) for other in times[i:]) <= 2


def test_the_digest_waits_for_three_answers(
    database: Database,
    slack: FakeSlack,
    settings: Settings,
    slack_requests: SlackRequests,
    sessions: sessionmaker[Session],
) -> None:
    setup_pair(sessions, slack)
    slack.add_user(COORDINATOR)
    make_clock(settings, database, slack).tick(ROUND_END + timedelta(hours=1))
    open_survey(slack, slack_requests, "UANNA", "round1")
    slack_requests.submit("UANNA", slack.last("views.open").view(), ANSWERS)
    open_survey(slack, slack_requests, "UBEN", "round1")
    slack_requests.submit("UBEN", slack.last("views.open").view(), ANSWERS)
    slack_requests.command(COORDINATOR, "digest preview")
    shown = json.dumps(slack.responses[-1])
    assert "Not enough answers yet (2 of 3)" in shown
    assert "More time, please" not in shown


def programme_id(sessions: sessionmaker[Session]) -> int:
    with sessions.begin() as session:
        return the_programme(session)
