"""Migrations keep every row and fill what they add: meetings logged before `held` existed are
marked from their logs; members made before meeting hours get the default hours."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.config import database_url_from
from bot.db import make_engine
from bot.domain import MeetingForm
from bot.migrate import upgrade
from bot.models import Member

MIGRATION_SCHEMA = "mentor_migration_test"


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[Engine]:
    """An empty database: a SQLite file, or a schema of its own on the PostgreSQL of
    TEST_DATABASE_URL."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
        yield engine
        engine.dispose()
        return
    url = database_url_from({"DATABASE_URL": url})
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {MIGRATION_SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {MIGRATION_SCHEMA}"))
    engine = make_engine(url, connect_args={"options": f"-csearch_path={MIGRATION_SCHEMA}"})
    yield engine
    engine.dispose()
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {MIGRATION_SCHEMA} CASCADE"))
    admin.dispose()


BEFORE_HELD = "1cd5afc361d8"


def test_meetings_held_is_filled_from_the_logs(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine, BEFORE_HELD)
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO workspaces (team_id, created_at) VALUES ('T1', '2026-01-01');")
        )
        connection.execute(
            text(
                "INSERT INTO rounds (id, team_id, number, draft_id, mode, group_size,"
                " recent_rounds, starts_at, ends_at, created_by, created_at) VALUES"
                " (1, 'T1', 1, 'd', 'peer', 2, 6, '2026-01-01', '2026-03-01', 'U1', '2026-01-01')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO pairs (id, team_id, round_id, score, reasons, starts_at)"
                " VALUES (1, 'T1', 1, 1.0, '{}', '2026-01-01')"
            )
        )
        for meeting, attendance in ((1, "met"), (2, "cancelled")):
            connection.execute(
                text(
                    "INSERT INTO meetings (id, team_id, pair_id, session_date, contradictory,"
                    " created_at) VALUES (:m, 'T1', 1, '2026-01-10', 0, '2026-01-10')"
                ),
                {"m": meeting},
            )
            connection.execute(
                text(
                    "INSERT INTO checkin_logs (team_id, meeting_id, author, attendance,"
                    " session_date, worked_on, learned, next_step, submitted_at)"
                    " VALUES ('T1', :m, 'U1', :a, '2026-01-10', '', '', '', '2026-01-10')"
                ),
                {"m": meeting, "a": attendance},
            )
    upgrade(engine, "head")
    with engine.begin() as connection:
        held = dict(connection.execute(text("SELECT id, held FROM meetings")).all())
        logs = connection.execute(text("SELECT count(*) FROM checkin_logs")).scalar()
    assert held == {1: True, 2: False}
    assert logs == 2  # nothing lost on the way (a table rebuilt on SQLite cascades deletes)


LAST_RELEASE = "d858b3c8431b"  # the schema deployments may be on


def test_upgrading_from_the_last_release_keeps_every_row(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'release.db'}")
    rows = {
        "workspaces": "('T1', '2026-01-01')",
        "members": "('T1', 'U1', 'active', '[]', '[]', '', '', '2026-01-01', '2026-01-01')",
        "member_events": "(1, 'T1', 'U1', 'joined', '2026-01-01')",
        "avoids": "('T1', 'U1', 'U2', '2026-01-01')",
        "goals": "(1, 'T1', 'U1', 'w', '', 'm', '2026-02-01', 'private', 'on_track',"
        " '2026-01-01', '2026-01-01')",
        "reflections": "(1, 'T1', 'U1', 'progress', 't', 0, 'V1', '2026-01-01')",
    }
    columns = {
        "workspaces": "(team_id, created_at)",
        "members": "(team_id, user_id, status, skills_offered, skills_wanted, department, about,"
        " created_at, updated_at)",
        "member_events": "(id, team_id, user_id, kind, at)",
        "avoids": "(team_id, user_id, avoided_user_id, created_at)",
        "goals": "(id, team_id, user_id, what, why, measure, target_date, visibility, status,"
        " created_at, updated_at)",
        "reflections": "(id, team_id, user_id, prompt, text, shared, view_id, created_at)",
    }
    upgrade(engine, LAST_RELEASE)
    with engine.begin() as connection:
        for table, values in rows.items():
            connection.execute(text(f"INSERT INTO {table} {columns[table]} VALUES {values}"))
    upgrade(engine, "head")
    with engine.begin() as connection:
        counts = {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
            for table in rows
        }
    assert counts == dict.fromkeys(rows, 1)


BEFORE_PROGRESS = "718bce3deb0b"  # before round_progress


def test_adding_round_progress_keeps_every_round_pair_and_outbox_row(empty: Engine) -> None:
    engine = empty  # on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set
    upgrade(engine, BEFORE_PROGRESS)
    statements = (
        "INSERT INTO workspaces (team_id, created_at) VALUES ('T1', '2026-01-01')",
        "INSERT INTO rounds (id, team_id, number, draft_id, mode, group_size, recent_rounds,"
        " starts_at, ends_at, created_by, created_at) VALUES"
        " (1, 'T1', 1, 'd', 'peer', 2, 6, '2026-01-01', '2026-03-01', 'U1', '2026-01-01')",
        "INSERT INTO pairs (id, team_id, round_id, score, reasons, starts_at)"
        " VALUES (1, 'T1', 1, 1.0, '{}', '2026-01-01')",
        "INSERT INTO unpaired (round_id, user_id, team_id, reason) VALUES (1, 'U3', 'T1', 'alone')",
        "INSERT INTO outbox (id, team_id, user_id, kind, period, ref_id, number, due_at, status,"
        " attempts, next_attempt_at, created_at) VALUES (1, 'T1', 'U1', 'prompt', 'pair1/p1', 1,"
        " 1, '2026-01-15', 'pending', 0, '2026-01-15', '2026-01-15')",
    )
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))
    upgrade(engine, "head")
    with engine.begin() as connection:
        counts = [
            connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
            for table in ("rounds", "pairs", "unpaired", "outbox", "round_progress")
        ]
    assert counts == [1, 1, 1, 1, 0]


BEFORE_MEETING_HOURS = "3ef02d0dd692"  # before members' meeting hours
OLD_MEMBER_COLUMNS = (
    "team_id, user_id, status, locale, time_zone, slack_checked_at, skills_offered,"
    " skills_wanted, department, role_preference, career_level, about, joined_at, left_at,"
    " paused_until, snoozed_until, dm_channel, slack_admin, created_at, updated_at"
)


def test_meeting_hours_keep_every_member_value_and_give_the_defaults(empty: Engine) -> None:
    engine = empty  # on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set
    upgrade(engine, BEFORE_MEETING_HOURS)
    members = (
        "('T1', 'U1', 'active', 'sv', 'Europe/Stockholm', '2026-01-02 03:04:05+00:00',"
        " '[\"writing\"]', '[\"strategy\", \"negotiation\"]', 'Finance', 'mentor', 'senior',"
        " 'Hello', '2026-01-03 00:00:00+00:00', NULL, '2026-02-01 00:00:00+00:00',"
        " '2026-02-02 00:00:00+00:00', 'D1', TRUE, '2026-01-01 00:00:00+00:00',"
        " '2026-01-04 00:00:00+00:00')",
        "('T1', 'U2', 'left', NULL, NULL, NULL, '[]', '[]', '', NULL, NULL, '', NULL,"
        " '2026-03-01 00:00:00+00:00', NULL, NULL, NULL, FALSE, '2026-01-01 00:00:00+00:00',"
        " '2026-03-01 00:00:00+00:00')",
    )
    read = text(f"SELECT {OLD_MEMBER_COLUMNS} FROM members ORDER BY user_id")
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO workspaces (team_id, created_at) VALUES ('T1', '2026-01-01')")
        )
        for values in members:
            connection.execute(text(f"INSERT INTO members ({OLD_MEMBER_COLUMNS}) VALUES {values}"))
        before = connection.execute(read).all()
    upgrade(engine, "head")
    with engine.begin() as connection:
        after = connection.execute(read).all()
        stored = connection.execute(
            text(
                "SELECT meeting_start, meeting_end, meeting_days, meeting_form, holiday_country"
                " FROM members ORDER BY user_id"
            )
        ).all()
    assert len(before) == 2
    assert after == before
    assert [tuple(row) for row in stored] == [(540, 1020, 31, "either", None)] * 2
    with Session(engine) as session:
        member = session.get(Member, ("T1", "U1"))
        assert member is not None
        assert (member.meeting_start, member.meeting_end) == (time(9, 0), time(17, 0))
        assert member.meeting_days == frozenset({0, 1, 2, 3, 4})
        assert member.meeting_form is MeetingForm.EITHER
        assert member.holiday_country is None


BEFORE_SESSION_LENGTH = "b31f54c5f153"  # before workspaces.session_minutes


def test_adding_the_session_length_keeps_every_setting(empty: Engine) -> None:
    engine = empty  # on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set
    upgrade(engine, BEFORE_SESSION_LENGTH)
    settings = "rhythm_cadence_days, rhythm_send_hour, digest_channel, time_zone, locale"
    with engine.begin() as connection:
        connection.execute(
            text(
                f"INSERT INTO workspaces (team_id, created_at, {settings}) VALUES"
                " ('T1', '2026-01-01', 7, 8, 'C1', 'Europe/Stockholm', 'sv')"
            )
        )
    upgrade(engine, "head")
    with engine.begin() as connection:
        row = connection.execute(
            text(f"SELECT {settings}, session_minutes FROM workspaces WHERE team_id = 'T1'")
        ).one()
    assert tuple(row) == (7, 8, "C1", "Europe/Stockholm", "sv", 30)


BEFORE_BOOKINGS = "7b77718fd523"  # before the bookings table


def test_adding_bookings_keeps_every_row_and_holds_one_live_booking_a_pair(empty: Engine) -> None:
    engine = empty  # on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set
    upgrade(engine, BEFORE_BOOKINGS)
    statements = (
        "INSERT INTO workspaces (team_id, created_at) VALUES ('T1', '2026-01-01')",
        "INSERT INTO rounds (id, team_id, number, draft_id, mode, group_size, recent_rounds,"
        " starts_at, ends_at, created_by, created_at) VALUES"
        " (1, 'T1', 1, 'd', 'peer', 2, 6, '2026-01-01', '2026-03-01', 'U1', '2026-01-01')",
        "INSERT INTO pairs (id, team_id, round_id, score, reasons, starts_at)"
        " VALUES (1, 'T1', 1, 1.0, '{}', '2026-01-01')",
        "INSERT INTO pair_members (pair_id, user_id, team_id, coach_order)"
        " VALUES (1, 'U1', 'T1', 0), (1, 'U2', 'T1', 1)",
    )
    read = "SELECT p.id, m.user_id FROM pairs p JOIN pair_members m ON m.pair_id = p.id"
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))
        before = connection.execute(text(read + " ORDER BY m.user_id")).all()
    upgrade(engine, "head")
    booking = (
        "INSERT INTO bookings (team_id, pair_id, starts_at, ends_at, form, status, sequence,"
        " booked_by, updated_by, created_at, updated_at) VALUES ('T1', 1, '2026-01-05 10:00',"
        " '2026-01-05 10:30', 'video', '{}', 0, 'U1', 'U1', '2026-01-02', '2026-01-02')"
    )
    with engine.begin() as connection:
        assert connection.execute(text(read + " ORDER BY m.user_id")).all() == before
        for status in ("cancelled", "cancelled", "past", "booked"):
            connection.execute(text(booking.format(status)))
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text(booking.format("booked")))  # a second live booking
    with engine.begin() as connection:
        assert connection.execute(text("SELECT count(*) FROM bookings")).scalar() == 4


BEFORE_SERIES = "181020c682d9"  # before a booking could be a series


def test_adding_series_keeps_every_booking_a_single_session(empty: Engine) -> None:
    engine = empty  # on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set
    upgrade(engine, BEFORE_SERIES)
    statements = (
        "INSERT INTO workspaces (team_id, created_at) VALUES ('T1', '2026-01-01')",
        "INSERT INTO rounds (id, team_id, number, draft_id, mode, group_size, recent_rounds,"
        " starts_at, ends_at, created_by, created_at) VALUES"
        " (1, 'T1', 1, 'd', 'peer', 2, 6, '2026-01-01', '2026-03-01', 'U1', '2026-01-01')",
        "INSERT INTO pairs (id, team_id, round_id, score, reasons, starts_at)"
        " VALUES (1, 'T1', 1, 1.0, '{}', '2026-01-01')",
        "INSERT INTO bookings (team_id, pair_id, starts_at, ends_at, form, status, sequence,"
        " booked_by, updated_by, message_ts, created_at, updated_at) VALUES"
        " ('T1', 1, '2026-01-05 10:00', '2026-01-05 10:30', 'video', 'cancelled', 2, 'U1', 'U2',"
        " '1.2', '2026-01-02', '2026-01-03'),"
        " ('T1', 1, '2026-01-06 10:00', '2026-01-06 10:30', 'in_person', 'booked', 0, 'U2', 'U2',"
        " NULL, '2026-01-04', '2026-01-04')",
    )
    read = (
        "SELECT pair_id, form, status, sequence, booked_by, updated_by, message_ts"
        " FROM bookings ORDER BY id"
    )
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))
        before = connection.execute(text(read)).all()
    upgrade(engine, "head")
    with engine.begin() as connection:
        assert connection.execute(text(read)).all() == before
        added = "SELECT every_days, repeat_until FROM bookings"
        assert connection.execute(text(added)).all() == [(None, None), (None, None)]
