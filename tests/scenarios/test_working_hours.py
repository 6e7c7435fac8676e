"""A late message waits for the next working morning (09-17 local, weekdays but public
holidays), with the clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.db import Database
from bot.deps import Deps
from bot.domain import OutboxKind, OutboxStatus, RoundOptions
from bot.jobs.delivery import deliver
from bot.models import Outbox
from bot.scheduler import Clock
from bot.services import rhythm, rounds
from bot.slack.clients import OneWorkspace, delivery_client
from tests.fakes.slack_api import Failure, FakeSlack
from tests.programme import the_programme
from tests.scenarios.test_rhythm import make_clock
from tests.services.test_rounds import TEAM, join

MONDAY = datetime(2027, 3, 1, 12, tzinfo=UTC)  # the round starts: 21:00 in Tokyo
FRIDAY = datetime(2027, 3, 5, 12, tzinfo=UTC)
HOUR = timedelta(hours=1)


def setup_pair(
    sessions: sessionmaker[Session], slack: FakeSlack, start: datetime, partner_tz: str
) -> None:
    """Kenji in Tokyo and a partner elsewhere; their first prompts are due two weeks on."""
    with sessions.begin() as session:
        join(session, "UKEN", "Finance", tz="Asia/Tokyo")
        join(session, "UPAT", "Sales", tz=partner_tz)
        draft = rounds.draft_round(
            session, TEAM, the_programme(session), "UCOORD", RoundOptions(), start
        )
        rounds.confirm_round(session, TEAM, draft.id, start)
    slack.add_user("UKEN", tz="Asia/Tokyo")
    slack.add_user("UPAT", tz=partner_tz)


def introduce(clock: Clock, day: datetime) -> None:
    """Let the group's intro go out first (Tokyo's, Stockholm's, New York's working hours), so
    the failures a test injects meet its prompts."""
    for hour in (2, 10, 15):
        clock.tick(day.replace(hour=hour))


def prompts_received(slack: FakeSlack, user: str) -> int:
    """Rhythm messages Slack accepted for `user` (a failed attempt is not one)."""
    return sum(1 for m in slack.messages.get("D" + user[1:], []) if m.get("metadata"))


def prompt_of(sessions: sessionmaker[Session], user: str) -> Outbox:
    with sessions() as session:
        return session.scalars(
            select(Outbox).where(Outbox.user_id == user, Outbox.kind == OutboxKind.PROMPT)
        ).one()


@pytest.mark.parametrize("failure", [Failure(status=500), Failure(status=429, retry_after=1)])
def test_a_prompt_that_failed_at_ten_waits_for_the_next_working_morning(
    database: Database,
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    settings: Settings,
    failure: Failure,
):
    setup_pair(sessions, slack, MONDAY, "Europe/Stockholm")
    clock = make_clock(settings, database, slack)
    introduce(clock, MONDAY + timedelta(days=1))
    due = datetime(2027, 3, 15, 1, tzinfo=UTC)  # Monday 10:00 in Tokyo
    slack.fail("chat.postMessage", failure)

    clock.tick(due)  # Slack fails; then no tick until the evening
    assert prompts_received(slack, "UKEN") == 0
    clock.tick(due + 7.5 * HOUR)  # 17:30 in Tokyo
    assert prompts_received(slack, "UKEN") == 0
    for late in (8, 13, 18, 22.98):  # 10:00 in Stockholm, 22:00, 03:00, 07:59 in Tokyo
        clock.tick(due + late * HOUR)
    assert prompts_received(slack, "UKEN") == 0
    assert prompts_received(slack, "UPAT") == 1  # Stockholm's morning was not held back

    morning = datetime(2027, 3, 16, 0, tzinfo=UTC)  # Tuesday 09:00 in Tokyo
    clock.tick(morning)
    clock.tick(morning + HOUR)
    assert prompts_received(slack, "UKEN") == 1
    prompt = prompt_of(sessions, "UKEN")
    assert (prompt.status, prompt.sent_at) == (OutboxStatus.SENT, morning)


def test_a_late_prompt_on_a_friday_waits_over_the_weekend_and_a_public_holiday(
    database: Database, sessions: sessionmaker[Session], slack: FakeSlack, settings: Settings
):
    setup_pair(sessions, slack, FRIDAY, "Europe/Stockholm")
    clock = make_clock(settings, database, slack)
    introduce(clock, FRIDAY + timedelta(days=3))
    due = datetime(2027, 3, 19, 1, tzinfo=UTC)  # Friday 10:00 in Tokyo
    slack.fail("chat.postMessage", Failure(status=503))

    clock.tick(due)
    for later in (7.5, 12, 24, 33, 48, 60, 70.98):  # Friday evening, the weekend, Monday 07:59
        clock.tick(due + later * HOUR)
    assert prompts_received(slack, "UKEN") == 0

    monday = datetime(2027, 3, 22, 0, tzinfo=UTC)  # 09:00 in Tokyo: the equinox's holiday
    for later in (0, 4, 23.98):
        clock.tick(monday + later * HOUR)
    assert prompts_received(slack, "UKEN") == 0
    tuesday = monday + 24 * HOUR
    clock.tick(tuesday)
    assert prompts_received(slack, "UKEN") == 1
    assert prompt_of(sessions, "UKEN").sent_at == tuesday


def test_after_a_night_of_downtime_nothing_is_sent_before_nine(
    database: Database, sessions: sessionmaker[Session], slack: FakeSlack, settings: Settings
):
    setup_pair(sessions, slack, MONDAY, "America/New_York")
    clock = make_clock(settings, database, slack)
    restart = datetime(2027, 3, 15, 17, tzinfo=UTC)  # 02:00 Tuesday in Tokyo, 13:00 in New York

    clock.tick(restart)  # the first tick since Sunday: both prompts are overdue
    assert prompts_received(slack, "UPAT") == 1  # inside New York's hours: sent at once
    for later in (1, 3, 6.98):  # 03:00, 05:00, 08:59 in Tokyo
        clock.tick(restart + later * HOUR)
    assert prompts_received(slack, "UKEN") == 0

    morning = datetime(2027, 3, 16, 0, tzinfo=UTC)
    clock.tick(morning)
    assert prompts_received(slack, "UKEN") == 1
    assert prompt_of(sessions, "UKEN").sent_at == morning


def test_rows_put_off_never_hide_ones_that_may_go_now(
    database: Database, sessions: sessionmaker[Session], slack: FakeSlack, settings: Settings
):
    """A batch of rows whose people are asleep does not end the run: the next batch goes."""
    setup_pair(sessions, slack, MONDAY, "America/New_York")
    now = datetime(2027, 3, 15, 17, tzinfo=UTC)  # night in Tokyo, afternoon in New York
    with sessions.begin() as session:
        assert rhythm.plan(session, TEAM, now) == 2
        tokyo = session.scalars(select(Outbox).where(Outbox.user_id == "UKEN")).one()
        tokyo.next_attempt_at = tokyo.due_at  # first in line
    deps = Deps(settings=settings, database=database, clock=lambda: now)
    client = delivery_client(settings.slack_bot_token, slack.url)

    stats = deliver(deps, OneWorkspace(client), batch=1)

    assert (stats.sent, prompts_received(slack, "UPAT"), prompts_received(slack, "UKEN")) == (
        1,
        1,
        0,
    )
    kenji = prompt_of(sessions, "UKEN")
    assert (kenji.status, kenji.attempts) == (OutboxStatus.PENDING, 0)  # put off, not tried
    assert kenji.next_attempt_at == datetime(2027, 3, 16, 0, tzinfo=UTC)  # 09:00 in Tokyo
