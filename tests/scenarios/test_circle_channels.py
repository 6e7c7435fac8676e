"""A home for each circle: its private channel, named after its topic, with exactly its members
in it, one intro, and archived when the circle closes; the clock's sweep keeps it so, and
leaving the programme takes someone out at once."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.db import Database
from bot.deps import Deps
from bot.domain import ProgrammeKind
from bot.jobs.circle_channels import remove_from_channels
from bot.models import Circle, CircleMember, Programme
from bot.scheduler import Clock
from bot.services import circles
from bot.slack.clients import PACES, OneWorkspace, Pace, delivery_client
from tests.conftest import Clock as AppClock
from tests.fakes.slack_api import BOT_USER_ID, TEAM_ID, Failure, FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.programme import the_programme
from tests.scenarios.helpers import join

PEOPLE = ["UANNA", "UBEN", "UCARL", "UDORA"]
TOPIC = "Leading through change"
CHANNEL_CALLS = (
    "conversations.create",
    "conversations.invite",
    "conversations.kick",
    "conversations.archive",
)


def make_clock(settings: Settings, database: Database, slack: FakeSlack) -> Clock:
    """The clock, its Web API calls paced fast (the real paces are Slack's per-minute tiers)."""
    client = delivery_client(settings.slack_bot_token, slack.url)
    fast = {method: Pace(200.0) for method in (*PACES, *CHANNEL_CALLS)}
    clients = OneWorkspace(client, 200, paces=fast)
    return Clock(Deps(settings=settings, database=database), clients, "clock")


def a_circle(
    slack: FakeSlack,
    slack_requests: SlackRequests,
    sessions: sessionmaker[Session],
    clock: AppClock,
    *,
    topic: str = TOPIC,
    locale: str | None = None,
    people: list[str] = PEOPLE,
) -> int:
    """Four people join a circles programme through the door (Dora with a profile of her own),
    and a coordinator makes them a circle with Carl facilitating first."""
    for user in PEOPLE:
        slack.add_user(user)
        extra = {"skills_offered": ["coaching_others"], "skills_wanted": ["storytelling"]}
        join(slack, slack_requests, user, **(extra if user == "UDORA" else {}))
    with sessions.begin() as session:
        programme = session.get(Programme, the_programme(session))
        assert programme is not None
        programme.kind, programme.locale = ProgrammeKind.CIRCLES, locale
        circle, _ = circles.create(
            session,
            team_id=TEAM_ID,
            programme_id=programme.id,
            topic=topic,
            description="How we take people along when everything moves.",
            skills=["change_management"],
            min_size=4,
            max_size=6,
            people=people,
            first_facilitator="UCARL",
            origin="V1",
            by="UCOORD",
            now=clock.now,
        )
        return circle.id


def circle_row(sessions: sessionmaker[Session], circle_id: int) -> Circle:
    with sessions() as session:
        circle = session.get(Circle, circle_id)
        assert circle is not None
        session.expunge(circle)
        return circle


def places(sessions: sessionmaker[Session], circle_id: int) -> dict[str, tuple[bool, bool]]:
    """Each place: (still in the circle, in its channel)."""
    with sessions() as session:
        rows = session.scalars(select(CircleMember).where(CircleMember.circle_id == circle_id))
        return {row.user_id: (row.left_at is None, row.in_channel) for row in rows}


def posts_in(slack: FakeSlack, channel: str) -> list[dict[str, Any]]:
    return [c.args for c in slack.calls_to("chat.postMessage") if c.args["channel"] == channel]


def channel_calls(slack: FakeSlack) -> list[str]:
    return [c.method for c in slack.calls if c.method in CHANNEL_CALLS]


def shown(post: dict[str, Any]) -> str:
    blocks = post["blocks"]
    return json.dumps(json.loads(blocks) if isinstance(blocks, str) else blocks, ensure_ascii=False)


def test_a_new_circle_gets_one_private_channel_its_members_and_one_intro(
    slack: FakeSlack,
    slack_requests: SlackRequests,
    sessions: sessionmaker[Session],
    clock: AppClock,
    settings: Settings,
    database: Database,
):
    circle_id = a_circle(slack, slack_requests, sessions, clock)
    ticker = make_clock(settings, database, slack)

    ticker.tick(clock.now)

    created = slack.last("conversations.create").args
    assert created["name"] == "circle-leading-through-change"
    assert created["is_private"] in ("1", "true", True)
    channel = circle_row(sessions, circle_id).channel_id
    made = slack.channel_named("circle-leading-through-change")
    assert made is not None and channel == made.id and made.is_private
    assert made.members == {BOT_USER_ID, *PEOPLE}
    assert places(sessions, circle_id) == {user: (True, True) for user in PEOPLE}
    [intro] = posts_in(slack, channel)
    text = shown(intro)
    metadata = intro["metadata"]
    metadata = json.loads(metadata) if isinstance(metadata, str) else metadata
    assert metadata["event_type"] == "mentor_circle_intro"
    assert "Welcome to your circle: Leading through change" in text
    assert "How we take people along" in text and "Leading change" in text
    for user in PEOPLE:
        assert f"<@{user}>" in intro["text"]
    assert "*<@UANNA>* brings: Public speaking, Data analysis" in text
    assert "Wants to develop: Strategy, Negotiation" in text
    assert "*<@UDORA>* brings: Coaching others. Wants to develop: Storytelling" in text
    assert "<@UCARL> facilitates the first session" in text
    assert "Session 1 of 6: Meet the circle" in text
    assert "Questions the facilitator can ask the circle:" in text  # not the pairs' coach
    assert circle_row(sessions, circle_id).intro_sent_at == clock.now

    calls = len(slack.calls)
    ticker.tick(clock.advance(minutes=1))  # a second sweep finds nothing to do

    assert channel_calls(slack)[:] == ["conversations.create", "conversations.invite"]
    assert len(posts_in(slack, channel)) == 1
    assert [c.method for c in slack.calls[calls:] if c.method.startswith("conversations.")] == []


def test_a_taken_name_gets_a_number_and_a_swedish_programme_its_intro_in_swedish(
    slack: FakeSlack,
    slack_requests: SlackRequests,
    sessions: sessionmaker[Session],
    clock: AppClock,
    settings: Settings,
    database: Database,
):
    slack.add_channel("circle-ledarskap-for-aterkoppling")
    circle_id = a_circle(
        slack, slack_requests, sessions, clock, topic="Ledarskap för Återkoppling", locale="sv"
    )

    make_clock(settings, database, slack).tick(clock.now)

    names = [c.args["name"] for c in slack.calls_to("conversations.create")]
    assert names == ["circle-ledarskap-for-aterkoppling", "circle-ledarskap-for-aterkoppling-2"]
    channel = circle_row(sessions, circle_id).channel_id
    assert channel == slack.channel_named("circle-ledarskap-for-aterkoppling-2").id  # type: ignore[union-attr]
    [intro] = posts_in(slack, channel)
    text = shown(intro)
    assert "Välkommen till er cirkel: Ledarskap för Återkoppling" in text
    assert "*<@UDORA>* bidrar med: Att coacha andra. Vill utveckla: Berättande" in text
    assert "<@UCARL> leder det första mötet" in text
    assert "Träffa cirkeln" in text


def test_leaving_the_programme_takes_them_out_of_the_channel_at_once(
    slack: FakeSlack,
    slack_requests: SlackRequests,
    sessions: sessionmaker[Session],
    clock: AppClock,
    settings: Settings,
    database: Database,
):
    circle_id = a_circle(slack, slack_requests, sessions, clock)
    ticker = make_clock(settings, database, slack)
    ticker.tick(clock.now)
    channel = circle_row(sessions, circle_id).channel_id
    clock.advance(days=3)

    slack_requests.command("UBEN", "leave")
    assert slack_requests.submit("UBEN", slack.last("views.open").view(), {}).json() == {}

    kick = slack.last("conversations.kick").args
    assert (kick["channel"], kick["user"]) == (channel, "UBEN")
    assert slack.channels[str(channel)].members == {BOT_USER_ID, "UANNA", "UCARL", "UDORA"}
    assert places(sessions, circle_id)["UBEN"] == (False, False)
    with sessions() as session:
        assert circles.next_facilitator(session, circle_id) == "UCARL"

    ticker.tick(clock.advance(minutes=1))
    assert len(slack.calls_to("conversations.kick")) == 1


def test_closing_the_circle_archives_its_channel_once(
    slack: FakeSlack,
    slack_requests: SlackRequests,
    sessions: sessionmaker[Session],
    clock: AppClock,
    settings: Settings,
    database: Database,
):
    circle_id = a_circle(slack, slack_requests, sessions, clock)
    ticker = make_clock(settings, database, slack)
    ticker.tick(clock.now)
    channel = str(circle_row(sessions, circle_id).channel_id)
    with sessions.begin() as session:
        assert circles.close(session, TEAM_ID, circle_id, clock.advance(days=60)) is not None

    ticker.tick(clock.now)
    ticker.tick(clock.advance(minutes=1))

    assert [c.args["channel"] for c in slack.calls_to("conversations.archive")] == [channel]
    assert slack.channels[channel].archived
    closing = posts_in(slack, channel)[-1]
    assert "has closed" in closing["text"] and TOPIC in closing["text"]
    assert len(posts_in(slack, channel)) == 2  # the intro and the closing line
    assert circle_row(sessions, circle_id).archived_at == clock.now - timedelta(minutes=1)
    assert slack.calls_to("conversations.kick") == []  # the archive keeps who was in it


def test_an_intro_slack_has_already_is_not_posted_twice(
    slack: FakeSlack,
    slack_requests: SlackRequests,
    sessions: sessionmaker[Session],
    clock: AppClock,
    settings: Settings,
    database: Database,
):
    """A sender that died after Slack took the intro, before noting it: the next sweep finds
    it in the channel by its metadata."""
    circle_id = a_circle(slack, slack_requests, sessions, clock)
    ticker = make_clock(settings, database, slack)
    ticker.tick(clock.now)
    channel = str(circle_row(sessions, circle_id).channel_id)
    with sessions.begin() as session:
        circle = session.get(Circle, circle_id)
        assert circle is not None
        circle.intro_sent_at = None

    ticker.tick(clock.advance(minutes=1))

    assert len(posts_in(slack, channel)) == 1
    assert slack.last("conversations.history").args["channel"] == channel
    assert circle_row(sessions, circle_id).intro_sent_at == clock.now


def test_a_circle_below_its_size_waits_for_its_intro_and_a_later_joiner_is_welcomed(
    slack: FakeSlack,
    slack_requests: SlackRequests,
    sessions: sessionmaker[Session],
    clock: AppClock,
    settings: Settings,
    database: Database,
):
    circle_id = a_circle(slack, slack_requests, sessions, clock, people=PEOPLE[:3])
    ticker = make_clock(settings, database, slack)
    ticker.tick(clock.now)
    channel = str(circle_row(sessions, circle_id).channel_id)
    assert slack.channels[channel].members == {BOT_USER_ID, "UANNA", "UBEN", "UCARL"}
    assert posts_in(slack, channel) == []  # three of at least four: no intro yet

    with sessions.begin() as session:
        programme = the_programme(session)
        circles.join(session, TEAM_ID, programme, circle_id, "UDORA", clock.now)
    ticker.tick(clock.advance(minutes=1))
    [intro] = posts_in(slack, channel)
    assert "<@UDORA>" in intro["text"]

    slack.add_user("UERIK")
    with sessions.begin() as session:
        programme = the_programme(session)
        circles.join(session, TEAM_ID, programme, circle_id, "UERIK", clock.now)
    ticker.tick(clock.advance(minutes=1))

    assert slack.last("conversations.invite").args["users"] == "UERIK"
    assert "Welcome to the circle, <@UERIK>" in posts_in(slack, channel)[-1]["text"]
    assert places(sessions, circle_id)["UERIK"] == (True, True)


def test_someone_slack_will_not_let_in_loses_their_place_and_is_not_tried_again(
    slack: FakeSlack,
    slack_requests: SlackRequests,
    sessions: sessionmaker[Session],
    clock: AppClock,
    settings: Settings,
    database: Database,
):
    circle_id = a_circle(slack, slack_requests, sessions, clock)
    refused = Failure(error="user_is_restricted")
    slack.fail("conversations.invite", refused, refused)  # the batch, then Carl on his own
    ticker = make_clock(settings, database, slack)

    ticker.tick(clock.now)
    ticker.tick(clock.advance(minutes=1))

    invites = [c.args["users"] for c in slack.calls_to("conversations.invite")]
    assert invites == ["UCARL,UANNA,UBEN,UDORA", "UCARL", "UANNA", "UBEN", "UDORA"]
    assert places(sessions, circle_id) == {
        "UCARL": (False, False),
        "UANNA": (True, True),
        "UBEN": (True, True),
        "UDORA": (True, True),
    }
    channel = str(circle_row(sessions, circle_id).channel_id)
    assert posts_in(slack, channel) == []  # three of at least four: the intro waits


def test_someone_forgotten_is_taken_out_of_their_circles_channels(
    slack: FakeSlack,
    slack_requests: SlackRequests,
    sessions: sessionmaker[Session],
    clock: AppClock,
    settings: Settings,
    database: Database,
):
    """Forget-me hands the edge the channels to leave (its places are the stand-in's by then);
    a channel they are no longer in refuses quietly."""
    circle_id = a_circle(slack, slack_requests, sessions, clock)
    make_clock(settings, database, slack).tick(clock.now)
    channel = str(circle_row(sessions, circle_id).channel_id)
    gone = slack.add_channel("circle-left-meanwhile")
    deps = Deps(
        settings=settings,
        database=database,
        clock=clock,
        senders=OneWorkspace(delivery_client(settings.slack_bot_token, slack.url)),
    )

    remove_from_channels(deps, TEAM_ID, "UDORA", [channel, gone])
    remove_from_channels(deps, TEAM_ID, "UDORA", [channel])

    assert slack.channels[channel].members == {BOT_USER_ID, "UANNA", "UBEN", "UCARL"}
    assert [c.args["channel"] for c in slack.calls_to("conversations.kick")] == [
        channel,
        gone,
        channel,
    ]


def test_a_circle_slack_refuses_waits_and_holds_up_no_other(
    slack: FakeSlack,
    slack_requests: SlackRequests,
    sessions: sessionmaker[Session],
    clock: AppClock,
    settings: Settings,
    database: Database,
):
    """A tidy that fails (here Slack refuses to make the channel) is not tried again at every
    tick: the circle waits RETRY_AFTER, and the sweep tidies the others meanwhile."""
    refused = a_circle(slack, slack_requests, sessions, clock)
    ticker = make_clock(settings, database, slack)
    slack.fail("conversations.create", Failure(error="restricted_action"))

    ticker.tick(clock.now)
    assert channel_calls(slack) == ["conversations.create"]
    assert circle_row(sessions, refused).channel_id is None
    with sessions.begin() as session:  # another circle, made after the refusal
        other, _ = circles.create(
            session,
            team_id=TEAM_ID,
            programme_id=the_programme(session),
            topic="Writing well",
            description="",
            skills=["writing"],
            min_size=4,
            max_size=6,
            people=[],
            first_facilitator=None,
            origin="V2",
            by="UCOORD",
            now=clock.now,
        )
        other_id = other.id

    ticker.tick(clock.now + timedelta(minutes=1))
    created = [c.args["name"] for c in slack.calls_to("conversations.create")]
    assert created == ["circle-leading-through-change", "circle-writing-well"]
    assert circle_row(sessions, other_id).channel_id is not None
    assert circle_row(sessions, refused).channel_id is None

    ticker.tick(clock.now + timedelta(minutes=16))  # its wait is over
    assert circle_row(sessions, refused).channel_id is not None
    assert places(sessions, refused) == {user: (True, True) for user in PEOPLE}
