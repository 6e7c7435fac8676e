"""The fortnightly rhythm through the clock, with a fixed `now`, against the Slack fake."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot import ids
from bot.config import Settings
from bot.db import Database, make_engine, make_sessions
from bot.deps import Deps
from bot.domain import MemberStatus, OutboxKind, OutboxStatus, RoundOptions
from bot.jobs.delivery import deliver
from bot.models import Outbox, Pair, ProgrammeMember
from bot.scheduler import Clock, clock_for
from bot.services import availability, outbox, rhythm, rounds
from bot.slack.clients import OneWorkspace, delivery_client
from tests.conftest import Clock as AppClock
from tests.fakes.slack_api import Failure, FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.programme import the_programme
from tests.services.test_rounds import TEAM, join

START = datetime(2027, 3, 1, 12, tzinfo=UTC)  # a Monday
FIRST_PROMPT_SE = datetime(2027, 3, 15, 9, tzinfo=UTC)  # 10:00 in Stockholm, two weeks on
FIRST_PROMPT_NY = datetime(2027, 3, 15, 14, tzinfo=UTC)  # 10:00 in New York (summer time)


def setup_pair(
    sessions: sessionmaker[Session], slack: FakeSlack, weeks: int = 12, introduced: bool = True
) -> None:
    """Anna and Ben, paired in a round confirmed at START (and introduced then, unless not)."""
    with sessions.begin() as session:
        join(session, "UANNA", "Finance", tz="Europe/Stockholm")
        join(session, "UBEN", "Sales", tz="America/New_York")
    slack.add_user("UANNA", tz="Europe/Stockholm")
    slack.add_user("UBEN", locale="sv-SE", tz="America/New_York")
    with sessions.begin() as session:
        draft = rounds.draft_round(
            session, TEAM, the_programme(session), "UCOORD", RoundOptions(round_weeks=weeks), START
        )
        rounds.confirm_round(session, TEAM, draft.id, START)
    if introduced:
        mark_introduced(sessions)


def mark_introduced(sessions: sessionmaker[Session]) -> None:
    """Every group introduced at START, as the confirming coordinator's follow-up does."""
    with sessions.begin() as session:
        for pair in session.scalars(select(Pair)):
            pair.intro_sent_at = START


def make_clock(
    settings: Settings, database: Database, slack: FakeSlack, holder: str = "clock-a"
) -> Clock:
    client = delivery_client(settings.slack_bot_token, slack.url)
    return Clock(Deps(settings=settings, database=database), OneWorkspace(client, 200), holder)


def rhythm_dms(slack: FakeSlack, user: str) -> list[str]:
    return [
        c.args["text"]
        for c in slack.calls_to("chat.postMessage")
        if c.args["channel"] == user and "metadata" in c.args
    ]


def test_prompts_arrive_at_ten_local_time_once_however_often_the_clock_ticks(
    database: Database, sessions: sessionmaker[Session], slack: FakeSlack, settings: Settings
):
    setup_pair(sessions, slack)
    clock = make_clock(settings, database, slack)

    clock.tick(FIRST_PROMPT_SE - timedelta(minutes=1))
    assert rhythm_dms(slack, "UANNA") == []
    clock.tick(FIRST_PROMPT_SE)
    clock.tick(FIRST_PROMPT_SE + timedelta(minutes=1))
    assert len(rhythm_dms(slack, "UANNA")) == 1 and rhythm_dms(slack, "UBEN") == []
    clock.tick(FIRST_PROMPT_NY)
    clock.tick(FIRST_PROMPT_NY)

    assert len(rhythm_dms(slack, "UBEN")) == 1
    anna = next(c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == "UANNA")
    blocks = str(anna.blocks())
    assert "<@UBEN>" in blocks and "coach first" in blocks  # Anna coaches first
    for action in (ids.OPEN_CHECKIN, ids.OPEN_REFLECT, ids.OPEN_GOAL, ids.SNOOZE):
        assert action in blocks
    ben = next(c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == "UBEN")
    assert "Dags för ert coachningsmöte" in ben.args["text"]


def test_one_gentle_reminder_when_nobody_logged_and_none_when_they_did(
    database: Database,
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    settings: Settings,
    slack_requests: SlackRequests,
):
    setup_pair(sessions, slack)
    clock = make_clock(settings, database, slack)
    clock.tick(FIRST_PROMPT_NY)
    for day in range(1, 8):
        clock.tick(FIRST_PROMPT_NY + timedelta(days=day))

    assert [t for t in rhythm_dms(slack, "UANNA") if "gentle nudge" in t] != []
    assert len(rhythm_dms(slack, "UANNA")) == 2  # the prompt and one reminder, never more
    second = FIRST_PROMPT_SE + timedelta(days=14)
    clock.tick(second)
    with sessions.begin() as session:  # this time they log a check-in
        from bot.services import checkins, pairs
        from tests.services.test_coaching import checkin as checkin_input

        pair = pairs.current_pair(session, TEAM, "UANNA", second)
        checkins.record(
            session,
            TEAM,
            "UANNA",
            pair.id,
            checkin_input(session_date=second.date()),
            second + timedelta(hours=1),
        )
    for day in range(1, 8):
        clock.tick(second + timedelta(days=day))
    assert len(rhythm_dms(slack, "UANNA")) == 3  # the second prompt, and no reminder


def test_paused_and_snoozed_members_get_nothing(
    database: Database,
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    settings: Settings,
    slack_requests: SlackRequests,
    clock: AppClock,
):
    setup_pair(sessions, slack)
    with sessions.begin() as session:
        availability.pause(session, the_programme(session), "UBEN", 3, START)
    scheduler = make_clock(settings, database, slack)
    scheduler.tick(FIRST_PROMPT_NY)
    assert rhythm_dms(slack, "UBEN") == [] and len(rhythm_dms(slack, "UANNA")) == 1

    prompt = next(c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == "UANNA")
    clock.now = FIRST_PROMPT_NY  # the app and the scheduler share one idea of now
    slack_requests.act(
        "UANNA",
        {"type": "button", "action_id": ids.SNOOZE},
        message=("DANNA", prompt.args.get("ts", "1.1")),
    )
    assert "Snoozed until" in slack.last("chat.update").args["text"]
    with sessions() as session:
        snoozed = session.get(ProgrammeMember, (the_programme(session), "UANNA")).snoozed_until  # type: ignore[union-attr]
    for day in range(1, 8):
        scheduler.tick(FIRST_PROMPT_NY + timedelta(days=day))
    assert len(rhythm_dms(slack, "UANNA")) == 1  # no reminder in the snoozed week
    assert snoozed is not None


def test_the_round_ends_with_a_wrap_up_and_no_more_prompts(
    database: Database, sessions: sessionmaker[Session], slack: FakeSlack, settings: Settings
):
    setup_pair(sessions, slack, weeks=3)
    clock = make_clock(settings, database, slack)
    end = START + timedelta(weeks=3)
    for day in range(0, 40, 1):
        clock.tick(START + timedelta(days=day, hours=2))

    texts = rhythm_dms(slack, "UANNA")
    assert sum("Round 1 has ended" in t for t in texts) == 1
    with sessions() as session:
        late = session.scalar(
            select(func.count())
            .select_from(Outbox)
            .where(Outbox.kind == OutboxKind.PROMPT, Outbox.due_at > end)
        )
    assert late == 0


def test_slack_failures_are_retried_and_permanent_ones_recorded(
    database: Database, sessions: sessionmaker[Session], slack: FakeSlack, settings: Settings
):
    setup_pair(sessions, slack)
    clock = make_clock(settings, database, slack)
    slack.fail(
        "chat.postMessage",
        Failure(status=429, retry_after=1),
        Failure(status=500),
        Failure(error="account_inactive"),
    )
    first = clock.tick(FIRST_PROMPT_NY)
    assert first is not None
    for minutes in (1, 2, 5, 10, 20):
        clock.tick(FIRST_PROMPT_NY + timedelta(minutes=minutes))

    with sessions() as session:
        rows = session.scalars(select(Outbox).where(Outbox.kind == OutboxKind.PROMPT)).all()
        statuses = sorted(r.status.value for r in rows)
        gone = list(
            session.scalars(
                select(ProgrammeMember.user_id).where(
                    ProgrammeMember.status == MemberStatus.INACTIVE
                )
            )
        )
    assert statuses == ["failed", "sent"]  # one account was closed; the other got through
    assert len(gone) == 1
    assert first.delivery.rate_limited + first.delivery.retried >= 1


def test_a_crash_after_slack_accepted_the_message_never_posts_it_twice(
    database: Database, sessions: sessionmaker[Session], slack: FakeSlack, settings: Settings
):
    setup_pair(sessions, slack)
    clock = make_clock(settings, database, slack)
    deps = Deps(settings=settings, database=database, clock=lambda: FIRST_PROMPT_SE)
    with sessions.begin() as session:
        rhythm.plan(session, TEAM, FIRST_PROMPT_SE)
        (item,) = outbox.claim(session, FIRST_PROMPT_SE, "dying-sender", 10)
    with sessions.begin() as session:  # the sender is about to post...
        outbox.mark_posting(session, item.id)
    client = delivery_client(settings.slack_bot_token, slack.url)  # ...Slack takes the message...
    client.chat_postMessage(
        channel=item.user_id,
        text="prompt",
        metadata={"event_type": "mentor_outbox", "event_payload": {"outbox_id": item.id}},
    )
    # ...and the sender dies before recording it. Ten minutes later another sender runs:
    later = FIRST_PROMPT_SE + timedelta(minutes=10)
    stats = deliver(
        Deps(settings=settings, database=database, clock=lambda: later), OneWorkspace(client)
    )

    assert (stats.found_already_sent, stats.sent) == (1, 0)
    assert len(slack.calls_to("chat.postMessage")) == 1
    with sessions() as session:
        assert session.get(Outbox, item.id).status is OutboxStatus.SENT  # type: ignore[union-attr]
    assert deps and clock


def test_a_sender_that_died_before_posting_leaves_rows_sent_once_without_a_look_in_slack(
    database: Database, sessions: sessionmaker[Session], slack: FakeSlack, settings: Settings
):
    setup_pair(sessions, slack)
    with sessions.begin() as session:
        rhythm.plan(session, TEAM, FIRST_PROMPT_SE)
        (item,) = outbox.claim(session, FIRST_PROMPT_SE, "dying-sender", 10)
    # ...and the sender dies with it claimed, before posting it.
    later = FIRST_PROMPT_SE + timedelta(minutes=10)
    client = delivery_client(settings.slack_bot_token, slack.url)
    stats = deliver(
        Deps(settings=settings, database=database, clock=lambda: later), OneWorkspace(client)
    )

    assert (stats.sent, stats.found_already_sent) == (1, 0)
    assert [
        c.args["metadata"]["event_payload"]["outbox_id"] for c in slack.calls_to("chat.postMessage")
    ] == [item.id]
    assert slack.calls_to("conversations.history") == []  # nothing was uncertain


def test_two_clocks_and_two_senders_at_once_send_each_message_once(
    database: Database, sessions: sessionmaker[Session], slack: FakeSlack, settings: Settings
):
    with sessions.begin() as session:
        for i in range(12):
            join(session, f"U{i:02d}", f"D{i % 4}", tz="Europe/Stockholm")
            slack.add_user(f"U{i:02d}")
        draft = rounds.draft_round(
            session, TEAM, the_programme(session), "UCOORD", RoundOptions(), START
        )
        rounds.confirm_round(session, TEAM, draft.id, START)
    slack.latency = 0.01
    clocks = [make_clock(settings, database, slack, holder=f"clock-{n}") for n in range(2)]
    reports = []
    barrier = threading.Barrier(2)

    def run(clock: Clock) -> None:
        barrier.wait()
        reports.append(clock.tick(FIRST_PROMPT_SE))

    threads = [threading.Thread(target=run, args=(c,)) for c in clocks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r is None for r in reports) == [False, True]  # one ran, one stood by

    with sessions.begin() as session:  # and two senders draining one outbox at once
        for row in session.scalars(select(Outbox)):
            row.status, row.error = OutboxStatus.PENDING, None
    slack.calls.clear()
    deps = Deps(settings=settings, database=database, clock=lambda: FIRST_PROMPT_SE)
    client = delivery_client(settings.slack_bot_token, slack.url)
    senders = [
        threading.Thread(target=deliver, args=(deps, OneWorkspace(client, rate=500)))
        for _ in range(2)
    ]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()
    posted = [c.args["channel"] for c in slack.calls_to("chat.postMessage")]
    assert sorted(posted) == sorted(set(posted)) and len(posted) == 12


def test_once_now_runs_everything_due_then_and_exits(
    slack: FakeSlack, settings: Settings, tmp_path
):
    import os
    import subprocess
    import sys

    from bot.migrate import upgrade_to_head

    url = f"sqlite:///{tmp_path / 'clock.db'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    setup_pair(make_sessions(engine), slack)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MENTOR_"))}
    env |= {
        "SLACK_BOT_TOKEN": settings.slack_bot_token,
        "SLACK_SIGNING_SECRET": "s",
        "SLACK_API_URL": slack.url,
        "DATABASE_URL": url,
        "MENTOR_ENV_FILE": str(tmp_path / "none.env"),
    }
    command = [sys.executable, "-m", "bot.scheduler", "--once", "--now", "2027-03-15T15:00:00Z"]

    first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)

    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("planned 2;") and "sent=2" in first.stdout
    assert second.stdout.startswith("planned 0;") and "sent=0" in second.stdout
    direct = [
        c.args["channel"]
        for c in slack.calls_to("chat.postMessage")
        if c.args["channel"].startswith("U")
    ]
    assert sorted(direct) == ["UANNA", "UBEN"]  # (the pair's overdue intro went out too)

    bad = subprocess.run(
        [*command[:-1], "next tuesday"], env=env, capture_output=True, text=True, timeout=60
    )
    assert bad.returncode == 2 and "--now must be an ISO 8601 moment" in bad.stderr


def test_a_third_rhythm_message_in_seven_days_is_kept_but_never_sent(
    database: Database, sessions: sessionmaker[Session], slack: FakeSlack, settings: Settings
):
    setup_pair(sessions, slack, weeks=2)  # the round ends on the day of the first prompt
    with sessions.begin() as session:
        for n in range(2):  # two messages this week already
            session.add(
                Outbox(
                    team_id=TEAM,
                    programme_id=the_programme(session),
                    user_id="UANNA",
                    kind=OutboxKind.REMINDER,
                    period=f"earlier{n}",
                    ref_id=0,
                    number=0,
                    due_at=FIRST_PROMPT_SE - timedelta(days=2),
                    status=OutboxStatus.SENT,
                    attempts=1,
                    next_attempt_at=FIRST_PROMPT_SE - timedelta(days=2),
                    created_at=FIRST_PROMPT_SE - timedelta(days=3),
                )
            )
    clock = make_clock(settings, database, slack)

    clock.tick(START + timedelta(weeks=2, hours=1))

    with sessions() as session:
        wrapup = session.scalars(
            select(Outbox).where(Outbox.user_id == "UANNA", Outbox.kind == OutboxKind.WRAPUP)
        ).one()
    assert wrapup.status is OutboxStatus.SKIPPED
    assert rhythm_dms(slack, "UANNA") == [] and len(rhythm_dms(slack, "UBEN")) == 1


def test_a_group_whose_intro_was_never_queued_is_introduced_by_the_clock(
    database: Database, sessions: sessionmaker[Session], slack: FakeSlack, settings: Settings
):
    # confirmed without queueing the intros (as before they went through the outbox)
    setup_pair(sessions, slack, introduced=False)
    clock = make_clock(settings, database, slack)

    at_work = START + timedelta(hours=2)  # 09:00 in New York, 15:00 in Stockholm
    clock.tick(at_work)  # queued by the first tick, and sent
    assert len(slack.calls_to("conversations.open")) == 1
    clock.tick(at_work + timedelta(minutes=11))
    clock.tick(at_work + timedelta(minutes=12))

    assert len(slack.calls_to("conversations.open")) == 1
    assert (
        len([c for c in slack.calls_to("chat.postMessage") if c.args["channel"].startswith("G")])
        == 1
    )


def test_goals_move_from_the_nudge_and_the_change_is_kept_as_from_the_nudge(
    database: Database,
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    settings: Settings,
    slack_requests: SlackRequests,
    clock: AppClock,
):
    from bot.domain import GoalStatus
    from bot.models import Goal, GoalStatusChange
    from bot.services import goals
    from tests.services.test_coaching import goal as goal_input

    setup_pair(sessions, slack)
    with sessions.begin() as session:
        goal_id = goals.create_goal(
            session, TEAM, the_programme(session), "UANNA", goal_input(), None, START
        ).id
    make_clock(settings, database, slack).tick(FIRST_PROMPT_SE)
    prompt = next(c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == "UANNA")
    assert ids.OPEN_GOAL_UPDATE in str(prompt.blocks())
    clock.now = FIRST_PROMPT_SE + timedelta(hours=1)

    slack_requests.act(
        "UANNA", {"type": "button", "action_id": ids.OPEN_GOAL_UPDATE}, message=("DANNA", "1.1")
    )
    modal = slack.last("views.open").view()
    reply = slack_requests.submit("UANNA", modal, {f"goal_{goal_id}": "off_track"})

    assert reply.json()["response_action"] == "update"
    with sessions() as session:
        assert session.get(Goal, goal_id).status is GoalStatus.OFF_TRACK  # type: ignore[union-attr]
        sources = session.scalars(
            select(GoalStatusChange.source)
            .where(GoalStatusChange.goal_id == goal_id)
            .order_by(GoalStatusChange.id)
        ).all()
    assert sources == ["created", "nudge"]


def test_retries_due_within_seconds_are_sent_in_the_same_run(
    database: Database, sessions: sessionmaker[Session], slack: FakeSlack, settings: Settings
):
    """Rows a 429 put off for a second are waited for, not left for the next tick."""
    from bot.services import rhythm
    from bot.services.rhythm_time import latest_prompt

    now = FIRST_PROMPT_SE + timedelta(days=1, hours=2)  # a Tuesday, 12:00 in Stockholm
    ahead = now - datetime.now(UTC)  # a real clock, moved to a working morning
    started = now - timedelta(days=15)
    while latest_prompt(started, now, 14, "Europe/Stockholm", 10) is None:
        started -= timedelta(days=1)
    with sessions.begin() as session:
        join(session, "UANNA", "Finance", tz="Europe/Stockholm")
        join(session, "UBEN", "Sales", tz="Europe/Stockholm")
        draft = rounds.draft_round(
            session, TEAM, the_programme(session), "UCOORD", RoundOptions(), started
        )
        rounds.confirm_round(session, TEAM, draft.id, started)
        assert rhythm.plan(session, TEAM, now) == 2
        for row in session.scalars(select(Outbox)):  # as a 429 leaves them: due in a second
            row.next_attempt_at = now + timedelta(seconds=1)
    slack.add_user("UANNA")
    slack.add_user("UBEN")
    deps = Deps(settings=settings, database=database, clock=lambda: datetime.now(UTC) + ahead)

    stats = deliver(deps, OneWorkspace(delivery_client(settings.slack_bot_token, slack.url)))

    assert stats.sent == 2


def test_a_clock_told_to_stop_sends_what_is_in_flight_and_leaves_the_rest_pending(
    database: Database, sessions: sessionmaker[Session], slack: FakeSlack, settings: Settings
):
    with sessions.begin() as session:
        for i in range(24):
            join(session, f"U{i:03d}", f"Dept{i % 4}", tz="Europe/Stockholm")
            slack.add_user(f"U{i:03d}")
        draft = rounds.draft_round(
            session, TEAM, the_programme(session), "UCOORD", RoundOptions(), START
        )
        rounds.confirm_round(session, TEAM, draft.id, START)
    mark_introduced(sessions)
    slack.latency = 0.05
    clock = clock_for(Deps(settings=settings, database=database), None, 10, "clock-a")
    running = threading.Thread(target=clock.tick, args=(FIRST_PROMPT_SE,))
    running.start()
    while len([c for c in slack.calls_to("chat.postMessage") if "metadata" in c.args]) < 4:
        time.sleep(0.01)
    clock.stop()
    running.join(timeout=30)
    assert not running.is_alive()
    with sessions() as session:
        statuses = list(session.scalars(select(Outbox.status)))
    sent_now = len([c for c in slack.calls_to("chat.postMessage") if "metadata" in c.args])
    assert OutboxStatus.SENDING not in statuses  # nothing left claimed and unsent
    assert statuses.count(OutboxStatus.SENT) == sent_now < 24
    assert statuses.count(OutboxStatus.PENDING) == 24 - sent_now
    make_clock(settings, database, slack).tick(FIRST_PROMPT_SE + timedelta(minutes=1))
    posted = [c.args["channel"] for c in slack.calls_to("chat.postMessage") if "metadata" in c.args]
    assert sorted(posted) == sorted(f"U{i:03d}" for i in range(24))  # each once
