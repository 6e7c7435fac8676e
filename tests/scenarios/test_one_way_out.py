"""Every message the bot sends on its own goes through the outbox: a confirmed round's intros
and "not placed" DMs too, sent at once while the coordinator watches their progress, paced by
each method's tier, never twice after a crash, and one workspace's failure stops no other's."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.db import Database
from bot.deps import Deps
from bot.domain import OutboxKind, OutboxStatus
from bot.factory import create_app
from bot.jobs.delivery import deliver
from bot.models import Outbox, Pair, Unpaired, Workspace
from bot.scheduler import Clock
from bot.services import outbox, pairs, rhythm
from bot.slack.clients import OneWorkspace, Pace, delivery_client, make_client
from bot.slack.door import make_wsgi, serve
from tests.conftest import COORDINATOR, SIGNING_SECRET, START
from tests.conftest import Clock as AppClock
from tests.fakes.slack_api import Failure, FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.scenarios.test_pairing import confirm, enrol, run_round
from tests.scenarios.test_rhythm import (
    FIRST_PROMPT_NY,
    FIRST_PROMPT_SE,
    TEAM,
    make_clock,
    setup_pair,
)

FAST = {m: Pace(100.0, burst=5) for m in ("chat.update", "conversations.open")}


class Crash(BaseException):
    """The sender's process dies (not an error it could catch and record)."""


def fast(settings: Settings, slack: FakeSlack) -> OneWorkspace:
    """Clients as the deployment's, paced fast enough for a test."""
    return OneWorkspace(delivery_client(settings.slack_bot_token, slack.url), 500, paces=FAST)


@pytest.fixture
def door(
    settings: Settings, database: Database, slack: FakeSlack, clock: AppClock
) -> Iterator[SlackRequests]:
    """The app over HTTP, its follow-ups sending with fast clients."""
    client = make_client(settings.slack_bot_token, settings.slack_api_url)
    app = create_app(
        settings, database, client, clock=clock, synchronous=True, senders=fast(settings, slack)
    )
    server = serve(make_wsgi(app, database.engine, SIGNING_SECRET), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    yield SlackRequests(url, SIGNING_SECRET, response_base=slack.url.removesuffix("/api/"))
    server.shutdown()
    server.server_close()


def group_posts(slack: FakeSlack) -> list[str]:
    return [
        c.args["channel"] for c in slack.calls_to("chat.postMessage") if c.args["channel"][0] == "G"
    ]


def progress_shown(slack: FakeSlack) -> str:
    """Everything the progress message shows now (its text and blocks)."""
    updates = slack.calls_to("chat.update")
    last = updates[-1] if updates else slack.calls_to("chat.postMessage")[-1]
    return str(last.args)


def progress_texts(slack: FakeSlack) -> list[str]:
    """The coordinator's progress message as posted, then as each update left it."""
    posted = [
        c.args["text"]
        for c in slack.calls_to("chat.postMessage")
        if c.args["channel"] == COORDINATOR and "intros" in c.args["text"]
    ]
    return posted + [c.args["text"] for c in slack.calls_to("chat.update")]


def test_an_intro_and_a_nudge_posted_just_before_a_crash_are_posted_once(
    database: Database,
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
):
    setup_pair(sessions, slack, introduced=False)
    with sessions.begin() as session:
        (pair_id,) = session.scalars(select(Pair.id))
        pairs.queue_intros(session, [pair_id], FIRST_PROMPT_NY)
        assert rhythm.nudge(session, TEAM, [pair_id], FIRST_PROMPT_NY) == 2
    recorded = outbox.mark_sent

    def crash(*args: object) -> None:
        raise Crash  # Slack answered; the sender dies before the row says so

    monkeypatch.setattr(outbox, "mark_sent", crash)
    deps = Deps(settings=settings, database=database, clock=lambda: FIRST_PROMPT_NY)
    deliver(deps, fast(settings, slack))
    assert len(group_posts(slack)) == 1
    monkeypatch.setattr(outbox, "mark_sent", recorded)

    later = FIRST_PROMPT_NY + timedelta(minutes=10)  # the next sender, after a restart
    stats = deliver(
        Deps(settings=settings, database=database, clock=lambda: later), fast(settings, slack)
    )

    assert (stats.found_already_sent, stats.sent) == (3, 0)
    assert len(group_posts(slack)) == 1  # the intro, once
    nudges = [c for c in slack.calls_to("chat.postMessage") if c.args["channel"][0] == "U"]
    assert sorted(c.args["channel"] for c in nudges) == ["UANNA", "UBEN"]  # each nudge once
    assert slack.calls_to("conversations.history")  # looked for them before posting again
    with sessions() as session:
        statuses = {row.kind: row.status for row in session.scalars(select(Outbox))}
        pair = session.get(Pair, pair_id)
        assert pair is not None and pair.intro_sent_at is not None
        assert pair.conversation_id == group_posts(slack)[0]
    assert statuses == {OutboxKind.INTRO: OutboxStatus.SENT, OutboxKind.NUDGE: OutboxStatus.SENT}


def test_a_big_round_shows_its_coordinator_the_intros_going_out_and_the_end(
    slack: FakeSlack, door: SlackRequests, sessions: sessionmaker[Session]
):
    people = {f"U{i:03d}": f"Dept{i % 5}" for i in range(60)}
    enrol(sessions, slack, people)

    result = confirm(slack, door, run_round(slack, door))

    assert "Round 1 has started with 30 groups" in result
    assert len(group_posts(slack)) == 30
    shown = progress_texts(slack)
    assert shown[0].endswith("Intros sent: 0 of 30")
    between = [text for text in shown[1:-1] if "Intros sent:" in text]
    assert between and all("of 30" in text for text in between)  # updated as batches went
    assert shown[-1].endswith("All 30 groups introduced.")
    with sessions() as session:
        assert all(p.intro_sent_at for p in session.scalars(select(Pair)))


def test_a_429_on_opening_a_group_is_waited_out_and_the_clock_finishes_the_round(
    slack: FakeSlack,
    door: SlackRequests,
    sessions: sessionmaker[Session],
    settings: Settings,
    database: Database,
    clock: AppClock,
):
    enrol(sessions, slack, {"UANNA": "Finance", "UBEN": "Sales", "UCARL": "IT", "UDORA": "Sales"})
    slack.fail("conversations.open", Failure(status=429, retry_after=1))

    confirm(slack, door, run_round(slack, door))

    assert len(group_posts(slack)) == 1  # the other waits for Slack's Retry-After
    assert "Intros sent: 1 of 2" in progress_texts(slack)[-1]
    assert "Slack asked the bot to slow down" in progress_shown(slack)
    ticker = Clock(Deps(settings=settings, database=database), fast(settings, slack), "clock-a")
    ticker.tick(clock.now + timedelta(minutes=1))

    assert len(group_posts(slack)) == 2  # not lost
    assert len(slack.calls_to("conversations.open")) == 3  # the 429 and two groups
    assert progress_texts(slack)[-1].endswith("All 2 groups introduced.")


def test_someone_a_round_cannot_place_is_told_once(
    slack: FakeSlack,
    door: SlackRequests,
    sessions: sessionmaker[Session],
    settings: Settings,
    database: Database,
    clock: AppClock,
):
    enrol(sessions, slack, {"UANNA": "Finance", "UBEN": "Finance", "ULONE": "Legal"})

    preview = run_round(slack, door, mode="within_group")
    confirm(slack, door, preview)
    make_clock(settings, database, slack).tick(clock.now + timedelta(minutes=1))
    make_clock(settings, database, slack).tick(clock.now + timedelta(minutes=20))

    told = [c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == "ULONE"]
    assert len(told) == 1 and "metadata" in told[0].args
    with sessions() as session:
        (row,) = session.scalars(select(Unpaired).where(Unpaired.user_id == "ULONE"))
        assert row.notified_at is not None
        (kind,) = session.scalars(select(Outbox.kind).where(Outbox.user_id == "ULONE"))
    assert kind is OutboxKind.UNPLACED
    assert "Not placed: 1" in progress_shown(slack)


def test_one_workspace_failing_to_plan_stops_no_other_workspaces_prompts(
    database: Database,
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
):
    setup_pair(sessions, slack)
    with sessions.begin() as session:  # served first, and its planning breaks
        session.add(Workspace(team_id="T0BROKEN", created_at=START))
    planned = rhythm.plan

    def plan(session: Session, team_id: str, now: datetime) -> int:
        if team_id == "T0BROKEN":
            raise RuntimeError("a bad row")
        return planned(session, team_id, now)

    monkeypatch.setattr(rhythm, "plan", plan)

    report = make_clock(settings, database, slack).tick(FIRST_PROMPT_SE)

    assert report is not None and report.delivery.sent == 1
    assert [c.args["channel"] for c in slack.calls_to("chat.postMessage")] == ["UANNA"]
    failed = [r for r in caplog.records if r.getMessage() == "plan failed"]
    assert [getattr(r, "team", None) for r in failed] == ["T0BROKEN"]


def test_a_groups_intro_waits_for_the_working_hours_of_every_member(
    database: Database, sessions: sessionmaker[Session], slack: FakeSlack, settings: Settings
):
    setup_pair(sessions, slack, introduced=False)  # Anna in Stockholm, Ben in New York
    stockholm_morning = FIRST_PROMPT_SE  # 10:00 in Stockholm, 05:00 in New York
    with sessions.begin() as session:
        pairs.queue_intros(session, session.scalars(select(Pair.id)), stockholm_morning)

    deliver(
        Deps(settings=settings, database=database, clock=lambda: stockholm_morning),
        fast(settings, slack),
    )
    assert group_posts(slack) == []
    with sessions() as session:
        (waits_till,) = session.scalars(select(Outbox.next_attempt_at))
    assert waits_till == FIRST_PROMPT_NY - timedelta(hours=1)  # 09:00 in New York
    deliver(
        Deps(settings=settings, database=database, clock=lambda: waits_till), fast(settings, slack)
    )
    assert len(group_posts(slack)) == 1


def test_intros_confirmed_on_a_saturday_wait_for_monday_and_the_coordinator_is_told_why(
    slack: FakeSlack, door: SlackRequests, sessions: sessionmaker[Session], clock: AppClock
):
    enrol(sessions, slack, {"UANNA": "Finance", "UBEN": "Sales"})
    clock.now = START + timedelta(days=5)  # a Saturday

    confirm(slack, door, run_round(slack, door))

    assert group_posts(slack) == []
    assert "Intros sent: 0 of 1" in progress_shown(slack)
    assert "waiting for their meeting hours" in progress_shown(slack)
