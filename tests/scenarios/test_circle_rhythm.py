"""A circle's rhythm through the door: the prompt the clock posts into its channel each cycle,
the circle check-in (the facilitator rotating, attendance once a session however many log
it), and goals and reflections of a member who has a circle but no pair."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot import ids
from bot.config import Settings
from bot.db import Database
from bot.deps import Deps
from bot.domain import OutboxKind, OutboxStatus, ProgrammeKind
from bot.jobs.delivery import deliver
from bot.models import Circle, CircleAttendance, CircleSession, Goal, Outbox, Programme, Reflection
from bot.services import circle_rhythm, circles, outbox
from bot.slack.clients import OneWorkspace, delivery_client
from tests.conftest import Clock as AppClock
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.programme import the_programme
from tests.scenarios.helpers import input_values
from tests.scenarios.test_rhythm import make_clock
from tests.services.test_rounds import TEAM, join

START = datetime(2027, 3, 1, 12, tzinfo=UTC)  # a Monday: the circle's intro
FIRST_PROMPT = datetime(2027, 3, 15, 9, tzinfo=UTC)  # 10:00 in Stockholm, a cycle on
CYCLE = timedelta(days=14)
CHANNEL = "C0CIRCLE"
PEOPLE = ("UANNA", "UBEN", "UCARL", "UDORA")


def setup_circle(
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    locale: str = "en-US",
    opened: bool = True,
    topic: str = "Giving feedback",
    zones: tuple[str, ...] = ("Europe/Stockholm",) * len(PEOPLE),
) -> int:
    """Anna, Ben, Carl and Dora in a circle of a circles programme (Anna facilitates first),
    its channel opened and its intro sent at START, unless not."""
    with sessions.begin() as session:
        for person, zone in zip(PEOPLE, zones, strict=True):
            join(session, person, tz=zone)
        programme = session.get(Programme, the_programme(session))
        assert programme is not None
        programme.kind = ProgrammeKind.CIRCLES
        circle, _ = circles.create(
            session,
            team_id=TEAM,
            programme_id=programme.id,
            topic=topic,
            description="Giving and taking it",
            skills=["giving_feedback"],
            min_size=4,
            max_size=6,
            people=PEOPLE,
            first_facilitator="UANNA",
            origin="V1",
            by="UCOORD",
            now=START,
        )
        if opened:
            circle.channel_id, circle.intro_sent_at = CHANNEL, START
        circle_id = circle.id
    for person, zone in zip(PEOPLE, zones, strict=True):
        slack.add_user(person, locale=locale, tz=zone)
    return circle_id


def posts_in_channel(slack: FakeSlack) -> list[Any]:
    return [c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == CHANNEL]


def facilitator_line(post: Any) -> str:
    return next(b["text"]["text"] for b in post.blocks() if ":microphone:" in str(b))


def open_checkin(slack: FakeSlack, requests: SlackRequests, user: str, circle_id: int) -> dict:
    """The circle check-in modal, from the prompt's button."""
    reply = requests.click(user, ids.CIRCLE_PROMPT_LOG, str(circle_id))
    assert reply.status == 200
    return slack.last("views.open").view()


def log(requests: SlackRequests, user: str, view: dict, **answers: Any) -> dict[str, Any]:
    reply = requests.submit(user, view, answers)
    assert reply.status == 200, reply.body
    return reply.json()


def test_the_clock_posts_the_prompt_into_the_channel_a_cycle_after_the_intro_once(
    database: Database, sessions: sessionmaker[Session], slack: FakeSlack, settings: Settings
):
    circle_id = setup_circle(sessions, slack)
    clock = make_clock(settings, database, slack)

    clock.tick(START + timedelta(days=1))
    clock.tick(FIRST_PROMPT - timedelta(minutes=1))
    assert posts_in_channel(slack) == []
    clock.tick(FIRST_PROMPT)
    clock.tick(FIRST_PROMPT + timedelta(minutes=1))

    [post] = posts_in_channel(slack)
    blocks = json.dumps(post.blocks())
    assert "Giving feedback" in post.args["text"]
    assert "<@UANNA>" in facilitator_line(post)
    assert "Meet the circle" in blocks  # the guide of the first session
    assert blocks.count("suits everyone") == 3  # three times, inside everyone's hours
    assert ids.CIRCLE_PROMPT_LOG in blocks
    assert not [c for c in slack.calls_to("chat.postMessage") if c.args["channel"] in PEOPLE]
    with sessions() as session:
        row = session.scalars(select(Outbox).where(Outbox.kind == OutboxKind.CIRCLE_PROMPT)).one()
        assert (row.user_id, row.period, row.channel) == ("UANNA", f"circle{circle_id}/p1", CHANNEL)


def test_no_prompt_before_the_channel_is_opened_nor_once_the_circle_closed(
    database: Database, sessions: sessionmaker[Session], slack: FakeSlack, settings: Settings
):
    circle_id = setup_circle(sessions, slack, opened=False)
    clock = make_clock(settings, database, slack)

    clock.tick(FIRST_PROMPT + CYCLE)  # the channels' sweep opens it and posts the intro now
    [intro] = slack.calls_to("chat.postMessage")
    assert intro.args["metadata"]["event_type"] == "mentor_circle_intro"
    with sessions.begin() as session:  # its first prompt comes a cycle after the intro
        circle = session.get(Circle, circle_id)
        assert circle is not None and circle.intro_sent_at == FIRST_PROMPT + CYCLE
        circle.channel_id = CHANNEL
        circle_rhythm.plan(session, TEAM, FIRST_PROMPT + 3 * CYCLE)  # planned, then...
        circles.close(session, TEAM, circle_id, FIRST_PROMPT + 3 * CYCLE)  # ...closed
    clock.tick(FIRST_PROMPT + 3 * CYCLE)

    # its channel gets the closing line (the channels' sweep), and no prompt
    [_, closing] = slack.calls_to("chat.postMessage")
    assert closing.args["metadata"]["event_type"] == "mentor_circle_closing"
    with sessions() as session:
        row = session.scalars(select(Outbox).where(Outbox.kind == OutboxKind.CIRCLE_PROMPT)).one()
        assert (row.period, row.status) == (f"circle{circle_id}/p2", OutboxStatus.SKIPPED)


def test_a_circle_whose_hours_never_all_meet_gets_the_times_that_suit_most(
    database: Database, sessions: sessionmaker[Session], slack: FakeSlack, settings: Settings
):
    zones = ("Europe/Stockholm", "Europe/Stockholm", "America/New_York", "Asia/Tokyo")
    setup_circle(sessions, slack, zones=zones)

    make_clock(settings, database, slack).tick(FIRST_PROMPT)

    [post] = posts_in_channel(slack)
    times = next(b["text"]["text"] for b in post.blocks() if "suit most of you" in str(b))
    assert times.count("(suits 3 of 4)") == 3 and "everyone" not in times


def test_the_facilitator_rotates_as_sessions_are_logged(
    database: Database,
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    settings: Settings,
    slack_requests: SlackRequests,
    clock: AppClock,
):
    circle_id = setup_circle(sessions, slack)
    ticking = make_clock(settings, database, slack)
    named = []
    confirmations = []
    for cycle, logger in enumerate(("UBEN", "UCARL", "UDORA")):
        due = FIRST_PROMPT + cycle * CYCLE
        ticking.tick(due)
        ticking.tick(due + timedelta(days=1))  # 29 March 2027 is Easter Monday in Sweden
        named.append(facilitator_line(posts_in_channel(slack)[-1]))
        clock.now = due + timedelta(days=2)
        if logger == "UCARL":  # /mentor checkin opens the same modal for a circle's member
            assert slack_requests.command(logger, "checkin").body == ""
            view = slack.last("views.open").view()
        else:
            view = open_checkin(slack, slack_requests, logger, circle_id)
        shown = input_values(view)
        picker = next(b for b in view["blocks"] if b.get("block_id") == ids.CIRCLE_CHECKIN_DATE)
        assert picker["element"]["initial_date"] == (due + timedelta(days=2)).date().isoformat()
        assert shown[ids.CIRCLE_CHECKIN_ATTENDED] == [logger]  # the logger preselected
        confirmations.append(log(slack_requests, logger, view))

    assert ["<@UANNA>" in named[0], "<@UBEN>" in named[1], "<@UCARL>" in named[2]] == [True] * 3
    next_ones = [json.dumps(c["view"]["blocks"]) for c in confirmations]
    assert "Next time <@UBEN>" in next_ones[0]
    assert "Next time <@UCARL>" in next_ones[1]
    assert "Next time <@UDORA>" in next_ones[2]
    with sessions() as session:
        held = session.scalars(select(CircleSession).order_by(CircleSession.session_date)).all()
        assert [s.facilitator for s in held] == ["UANNA", "UBEN", "UCARL"]
        assert [s.logged_by for s in held] == ["UBEN", "UCARL", "UDORA"]


def test_three_members_logging_one_session_record_it_once_with_everyone_they_saw(
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    slack_requests: SlackRequests,
    clock: AppClock,
):
    circle_id = setup_circle(sessions, slack)
    clock.now = FIRST_PROMPT + timedelta(days=1)
    day = clock.now.date().isoformat()
    reports = {"UANNA": ["UANNA", "UBEN"], "UBEN": ["UBEN"], "UCARL": ["UCARL", "UANNA"]}
    for person, seen in reports.items():
        view = open_checkin(slack, slack_requests, person, circle_id)
        answers = {ids.CIRCLE_CHECKIN_ATTENDED: seen, ids.CIRCLE_CHECKIN_DATE: day}
        if person == "UBEN":  # a later logger's choice of facilitator changes nothing
            answers[ids.CIRCLE_CHECKIN_FACILITATOR] = "UDORA"
        confirmation = log(slack_requests, person, view, **answers)
        already = "logged it already" in json.dumps(confirmation["view"])
        assert already is (person != "UANNA")
    again = log(slack_requests, "UCARL", view, **answers)  # Slack retries the last one

    assert again["response_action"] == "update"
    with sessions() as session:
        held = session.scalars(select(CircleSession)).one()
        assert (held.facilitator, held.logged_by, held.session_date) == (
            "UANNA",
            "UANNA",
            date(2027, 3, 16),
        )
        attendance = {a.user_id: a.attended for a in session.scalars(select(CircleAttendance))}
    assert attendance == {"UANNA": True, "UBEN": True, "UCARL": True, "UDORA": False}
    assert "<@UANNA>, <@UBEN> and <@UCARL>" in json.dumps(again["view"]["blocks"])
    assert "Facilitated by <@UANNA>" in json.dumps(again["view"]["blocks"])
    assert "Next time <@UBEN>" in json.dumps(again["view"]["blocks"])  # one session held


def test_a_future_date_is_refused_inline_and_outsiders_cannot_log(
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    slack_requests: SlackRequests,
    clock: AppClock,
):
    circle_id = setup_circle(sessions, slack)
    clock.now = FIRST_PROMPT
    view = open_checkin(slack, slack_requests, "UANNA", circle_id)
    tomorrow = (FIRST_PROMPT + timedelta(days=1)).date().isoformat()

    refused = log(slack_requests, "UANNA", view, **{ids.CIRCLE_CHECKIN_DATE: tomorrow})
    slack.add_user("UOUT", tz="Europe/Stockholm")
    forged = log(slack_requests, "UOUT", view)  # someone else's modal, submitted by an outsider
    opened_before = len(slack.calls_to("views.open"))
    slack_requests.click("UOUT", ids.CIRCLE_PROMPT_LOG, str(circle_id))

    assert refused["response_action"] == "errors"
    assert "future" in refused["errors"][ids.CIRCLE_CHECKIN_DATE]
    assert forged["response_action"] == "errors"
    assert len(slack.calls_to("views.open")) == opened_before  # no modal for an outsider
    assert "Only the members of a circle" in json.dumps(slack.calls_to("chat.postMessage")[-1].args)
    with sessions() as session:
        assert session.scalars(select(CircleSession)).all() == []


def test_a_swedish_circle_gets_its_prompt_and_check_in_in_swedish(
    database: Database,
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    settings: Settings,
    slack_requests: SlackRequests,
    clock: AppClock,
):
    circle_id = setup_circle(sessions, slack, locale="sv-SE", topic="Feedback <!here> & mer")

    make_clock(settings, database, slack).tick(FIRST_PROMPT)
    clock.now = FIRST_PROMPT
    view = open_checkin(slack, slack_requests, "UBEN", circle_id)
    confirmation = log(slack_requests, "UBEN", view)

    [post] = posts_in_channel(slack)
    # the topic is shown, never read as a mention of the whole channel
    assert post.args["text"] == "Dags för er cirkel: Feedback &lt;!here&gt; &amp; mer"
    assert "<!here>" not in json.dumps(view) and "<!here>" not in post.args["text"]
    blocks = json.dumps(post.blocks(), ensure_ascii=False)
    assert "Träffa cirkeln" in blocks and "passar alla" in blocks and "Logga träffen" in blocks
    assert view["title"]["text"] == "Logga en cirkelträff"
    assert "Nästa gång leder <@UBEN>" in json.dumps(confirmation["view"], ensure_ascii=False)


def test_goals_and_private_reflections_work_for_a_member_of_a_circle_without_a_pair(
    database: Database,
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    settings: Settings,
    slack_requests: SlackRequests,
    clock: AppClock,
):
    setup_circle(sessions, slack)
    clock.now = FIRST_PROMPT
    slack_requests.command("UBEN", "goal")
    goal = {
        "what": "Give feedback every week",
        "skill": "negotiation",
        "why": "My team asks for it",
        "measure": "Ten pieces given",
        "target_date": "2027-06-01",
    }
    saved_goal = slack_requests.submit("UBEN", slack.last("views.open").view(), goal)
    slack_requests.command("UBEN", "reflect")
    written = slack.last("views.open").view()
    saved = slack_requests.submit("UBEN", written, {ids.REFLECTION_TEXT: "PRIVATE-THOUGHT"})
    make_clock(settings, database, slack).tick(FIRST_PROMPT)

    assert saved_goal.json()["response_action"] == "update"
    assert saved.json()["response_action"] == "update"
    assert ids.SHARE not in json.dumps(written)  # no partner to share it with
    with sessions() as session:
        programme = the_programme(session)
        [mine] = session.scalars(select(Goal)).all()
        [thought] = session.scalars(select(Reflection)).all()
        assert (mine.programme_id, mine.user_id, mine.pair_id) == (programme, "UBEN", None)
        assert (thought.programme_id, thought.shared) == (programme, False)
    elsewhere = [
        c.args
        for c in slack.calls
        if c.method not in ("views.open", "views.publish")
        and "PRIVATE-THOUGHT" in json.dumps(c.args)
    ]
    assert elsewhere == []  # not in the channel, not to a coordinator, to nobody
    assert posts_in_channel(slack)  # the circle's prompt went, without it


def test_a_prompt_slack_took_before_the_sender_died_is_found_in_the_channel_not_posted_again(
    database: Database, sessions: sessionmaker[Session], slack: FakeSlack, settings: Settings
):
    setup_circle(sessions, slack)
    with sessions.begin() as session:
        circle_rhythm.plan(session, TEAM, FIRST_PROMPT)
        (item,) = outbox.claim(session, FIRST_PROMPT, "dying-sender", 10)
    with sessions.begin() as session:  # the sender notes the channel, is about to post...
        outbox.keep_channel(session, item.id, CHANNEL)
        outbox.mark_posting(session, item.id)
    client = delivery_client(settings.slack_bot_token, slack.url)  # ...Slack takes the message...
    client.chat_postMessage(
        channel=CHANNEL,
        text="prompt",
        metadata={"event_type": "mentor_outbox", "event_payload": {"outbox_id": item.id}},
    )
    # ...and the sender dies before recording it. Ten minutes later another sender runs:
    later = FIRST_PROMPT + timedelta(minutes=10)
    stats = deliver(
        Deps(settings=settings, database=database, clock=lambda: later), OneWorkspace(client)
    )

    assert (stats.found_already_sent, stats.sent) == (1, 0)
    assert len(posts_in_channel(slack)) == 1
    assert [c.args["channel"] for c in slack.calls_to("conversations.history")] == [CHANNEL]
    with sessions() as session:
        assert session.get(Outbox, item.id).status is OutboxStatus.SENT  # type: ignore[union-attr]
