"""Migrations keep every row and fill what they add: meetings logged before `held` existed are
marked from their logs; members made before meeting hours get the default hours."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import time
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Connection, Engine, inspect, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.config import database_url_from
from bot.db import make_engine
from bot.domain import MeetingForm
from bot.migrate import alembic_config, migration_connection, upgrade
from bot.models import Base, Member

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


# The last schema with the settings on workspaces and each member's status on members: the
# tests of earlier migrations stop there, and the programmes test goes on from it to head.
BEFORE_PROGRAMMES = "5dff5abe6193"
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
    upgrade(engine, BEFORE_PROGRAMMES)
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
    upgrade(engine, BEFORE_PROGRAMMES)
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
    upgrade(engine, BEFORE_PROGRAMMES)
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


SLACK_INSTALL = {"slack_bots", "slack_installations", "slack_oauth_states"}
SETTINGS = (
    "pairing_mode",
    "pairing_group_size",
    "pairing_recent_rounds",
    "pairing_round_weeks",
    "rhythm_cadence_days",
    "rhythm_send_hour",
    "session_minutes",
    "locale",
    "time_zone",
    "digest_channel",
    "digest_weekday",
    "digest_every_weeks",
    "digest_hour",
)
PLACE = ("status", "role_preference", "joined_at", "left_at", "paused_until", "snoozed_until")
MOVED = {"workspaces": SETTINGS, "members": PLACE}  # columns that move to the programme
OWNED = {
    "avoids",
    "round_drafts",
    "rounds",
    "pairs",
    "goals",
    "meetings",
    "bookings",
    "checkin_logs",
    "reflections",
    "kudos",
    "outbox",
    "coordinators",
    "digests",
    "feedback_answers",
}
T0 = "'2026-01-01 00:00:00+00:00'"
# Two workspaces as they stand at BEFORE_PROGRAMMES: T1 with every setting changed, T2 with
# the defaults; a row in every table, every member status, private and shared rows, outbox
# rows of several kinds and states, scheduled and manual digests. Inserted in this order.
POPULATED: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "workspaces",
        "team_id, created_at, uninstalled_at, pairing_mode, pairing_group_size,"
        " pairing_recent_rounds, pairing_round_weeks, rhythm_cadence_days, rhythm_send_hour,"
        " session_minutes, locale, time_zone, digest_channel, digest_weekday,"
        " digest_every_weeks, digest_hour",
        (
            f"('T1', {T0}, NULL, 'cross_group', 3, 4, 8, 7, 8, 45, 'sv', 'Europe/Stockholm',"
            " 'C1', 3, 4, 7)",
        ),
    ),
    (
        "workspaces",  # T2 keeps every default
        "team_id, created_at, uninstalled_at",
        ("('T2', '2026-02-01 12:30:00+00:00', '2026-06-01 00:00:00+00:00')",),
    ),
    (
        "members",
        OLD_MEMBER_COLUMNS + ", meeting_start, meeting_end, meeting_days, meeting_form,"
        " holiday_country",
        (
            "('T1', 'U1', 'active', 'sv', 'Europe/Stockholm', '2026-01-02 03:04:05+00:00',"
            " '[\"writing\"]', '[\"negotiation\"]', 'Finance', 'mentor', 'senior', 'Hej',"
            " '2026-01-03 00:00:00+00:00', NULL, '2026-03-01 00:00:00+00:00',"
            " '2026-02-02 10:00:00+00:00', 'D1', TRUE, '2026-01-01 00:00:00+00:00',"
            " '2026-01-04 00:00:00+00:00', 480, 960, 15, 'video', 'SE')",
            "('T1', 'U2', 'left', NULL, NULL, NULL, '[]', '[\"writing\"]', 'Sales', 'mentee',"
            " 'early', '', '2026-01-03 00:00:00+00:00', '2026-02-10 00:00:00+00:00', NULL, NULL,"
            " 'D2', FALSE, '2026-01-02 00:00:00+00:00', '2026-02-10 00:00:00+00:00', 540, 1020,"
            " 31, 'either', NULL)",
            "('T1', 'U3', 'inactive', 'en', 'UTC', NULL, '[]', '[]', 'Sales', 'peer', NULL, '',"
            " '2026-01-05 00:00:00+00:00', NULL, NULL, NULL, NULL, FALSE,"
            " '2026-01-05 00:00:00+00:00', '2026-03-01 00:00:00+00:00', 540, 1020, 31,"
            " 'in_person', NULL)",
            "('T1', 'U4', 'not_joined', NULL, NULL, NULL, '[]', '[]', '', NULL, NULL, '', NULL,"
            " NULL, NULL, NULL, NULL, TRUE, '2026-01-06 00:00:00+00:00',"
            " '2026-01-07 00:00:00+00:00', 540, 1020, 31, 'either', NULL)",
            "('T1', 'U5', 'active', 'en', 'America/New_York', NULL, '[\"strategy\"]', '[]',"
            " 'Engineering', 'peer', 'lead', 'Hi', '2026-01-03 00:00:00+00:00', NULL, NULL,"
            " '2026-02-20 00:00:00+00:00', 'D5', FALSE, '2026-01-01 00:00:00+00:00',"
            " '2026-01-03 00:00:00+00:00', 600, 1080, 127, 'either', 'US')",
            "('T2', 'V1', 'active', NULL, NULL, NULL, '[]', '[]', '', NULL, NULL, '',"
            " '2026-02-02 00:00:00+00:00', NULL, NULL, NULL, 'E1', FALSE,"
            " '2026-02-02 00:00:00+00:00', '2026-02-02 00:00:00+00:00', 540, 1020, 31,"
            " 'either', NULL)",
            "('T2', 'V2', 'active', NULL, NULL, NULL, '[]', '[]', '', 'peer', NULL, '',"
            " '2026-02-02 00:00:00+00:00', NULL, '2026-02-05 00:00:00+00:00', NULL, 'E2', FALSE,"
            " '2026-02-02 00:00:00+00:00', '2026-02-03 00:00:00+00:00', 540, 1020, 31,"
            " 'either', NULL)",
            "('T2', 'V3', 'not_joined', NULL, NULL, NULL, '[]', '[]', '', NULL, NULL, '', NULL,"
            " NULL, NULL, NULL, NULL, FALSE, '2026-02-02 00:00:00+00:00',"
            " '2026-02-02 00:00:00+00:00', 540, 1020, 31, 'either', NULL)",
        ),
    ),
    (
        "member_events",
        "id, team_id, user_id, kind, at",
        (
            "(1, 'T1', 'U1', 'joined', '2026-01-03 00:00:00+00:00')",
            "(2, 'T1', 'U2', 'joined', '2026-01-03 00:00:00+00:00')",
            "(3, 'T1', 'U1', 'profile_updated', '2026-01-04 00:00:00+00:00')",
            "(4, 'T1', 'U2', 'left', '2026-02-10 00:00:00+00:00')",
            "(5, 'T1', 'U3', 'joined', '2026-01-05 00:00:00+00:00')",
            "(6, 'T1', 'U5', 'left', '2026-01-02 00:00:00+00:00')",
            "(7, 'T1', 'U5', 'rejoined', '2026-01-03 00:00:00+00:00')",
            "(8, 'T1', 'U4', 'profile_updated', '2026-01-07 00:00:00+00:00')",
            "(9, 'T2', 'V1', 'joined', '2026-02-02 00:00:00+00:00')",
            "(10, 'T2', 'V2', 'joined', '2026-02-02 00:00:00+00:00')",
            "(11, 'T2', 'V3', 'profile_updated', '2026-02-02 00:00:00+00:00')",
        ),
    ),
    (
        "avoids",
        "team_id, user_id, avoided_user_id, created_at",
        (
            f"('T1', 'U1', 'U2', {T0})",
            "('T1', 'U5', 'U3', '2026-01-09 00:00:00+00:00')",
            "('T2', 'V1', 'V2', '2026-02-03 00:00:00+00:00')",
        ),
    ),
    (
        "round_drafts",
        "id, team_id, created_by, mode, group_size, recent_rounds, round_weeks, after_round_id,"
        " groups, unplaced, created_at",
        (
            "('d-t1-3', 'T1', 'U1', 'cross_group', 3, 4, 8, 2, '[[\"U1\", \"U5\"]]',"
            ' \'[{"user_id": "U3", "reason": "alone"}]\', \'2026-03-01 00:00:00+00:00\')',
            "('d-t2-2', 'T2', 'V1', 'peer', 2, 6, 12, NULL, '[]', '[]',"
            " '2026-03-02 00:00:00+00:00')",
        ),
    ),
    (
        "rounds",
        "id, team_id, number, draft_id, mode, group_size, recent_rounds, starts_at, ends_at,"
        " created_by, created_at",
        (
            f"(1, 'T1', 1, 'd-t1-1', 'peer', 2, 6, {T0}, '2026-01-20 00:00:00+00:00', 'U1', {T0})",
            "(2, 'T1', 2, 'd-t1-2', 'cross_group', 3, 4, '2026-01-20 00:00:00+00:00',"
            " '2026-03-17 00:00:00+00:00', 'U1', '2026-01-20 00:00:00+00:00')",
            "(3, 'T2', 1, 'd-t2-1', 'peer', 2, 6, '2026-02-03 00:00:00+00:00',"
            " '2026-04-28 00:00:00+00:00', 'V1', '2026-02-03 00:00:00+00:00')",
        ),
    ),
    (
        "pairs",
        "id, team_id, round_id, score, reasons, starts_at, ended_at, conversation_id,"
        " intro_sent_at",
        (
            f"(1, 'T1', 1, 0.75, '{{\"skills\": 1}}', {T0}, '2026-01-20 00:00:00+00:00', 'G1',"
            f" {T0})",
            "(2, 'T1', 2, 1.5, '{}', '2026-01-20 00:00:00+00:00', NULL, 'G2',"
            " '2026-01-20 00:05:00+00:00')",
            "(3, 'T2', 3, 1.0, '{}', '2026-02-03 00:00:00+00:00', NULL, NULL, NULL)",
        ),
    ),
    (
        "pair_members",
        "pair_id, user_id, team_id, coach_order",
        (
            "(1, 'U1', 'T1', 0)",
            "(1, 'U2', 'T1', 1)",
            "(2, 'U1', 'T1', 0)",
            "(2, 'U5', 'T1', 1)",
            "(2, 'U3', 'T1', 2)",
            "(3, 'V1', 'T2', 0)",
            "(3, 'V2', 'T2', 1)",
        ),
    ),
    (
        "unpaired",
        "round_id, user_id, team_id, reason, notified_at",
        (
            "(1, 'U3', 'T1', 'alone', '2026-01-01 00:05:00+00:00')",
            "(3, 'V3', 'T2', 'no_compatible', NULL)",
        ),
    ),
    (
        "round_progress",
        "round_id, team_id, user_id, channel, ts, shown, done_at",
        (
            "(1, 'T1', 'U1', 'D1', '1.1', 'done', '2026-01-01 01:00:00+00:00')",
            "(2, 'T1', 'U1', 'D1', '1.2', '2/3', NULL)",
        ),
    ),
    (
        "partner_requests",
        "id, team_id, user_id, pair_id, reason, created_at, new_pair_id, resolved_at",
        (
            "(1, 'T1', 'U2', 1, 'Different time zones', '2026-01-10 00:00:00+00:00', NULL,"
            " '2026-01-11 00:00:00+00:00')",
            "(2, 'T2', 'V2', 3, '', '2026-02-10 00:00:00+00:00', NULL, NULL)",
        ),
    ),
    (
        "goals",
        "id, team_id, user_id, pair_id, what, skill, why, measure, target_date, visibility,"
        " status, created_at, updated_at",
        (
            "(1, 'T1', 'U1', 2, 'Speak up', 'public_speaking', 'Confidence', 'Two talks',"
            " '2026-03-01', 'private', 'on_track', '2026-01-21 00:00:00+00:00',"
            " '2026-02-01 00:00:00+00:00')",
            "(2, 'T1', 'U5', 2, 'Write more', 'writing', '', 'A blog post', '2026-03-15',"
            " 'partner', 'completed', '2026-01-21 00:00:00+00:00', '2026-03-01 00:00:00+00:00')",
            "(3, 'T1', 'U2', NULL, 'Negotiate', NULL, '', 'One deal', '2026-02-01', 'private',"
            " 'off_track', '2026-01-05 00:00:00+00:00', '2026-01-05 00:00:00+00:00')",
            "(4, 'T2', 'V1', 3, 'Delegate', NULL, 'Time', 'Hand over one task', '2026-04-01',"
            " 'partner', 'not_started', '2026-02-04 00:00:00+00:00',"
            " '2026-02-04 00:00:00+00:00')",
        ),
    ),
    (
        "goal_status_changes",
        "id, team_id, goal_id, status, source, at",
        (
            "(1, 'T1', 1, 'not_started', 'created', '2026-01-21 00:00:00+00:00')",
            "(2, 'T1', 1, 'on_track', 'checkin', '2026-02-01 00:00:00+00:00')",
            "(3, 'T1', 2, 'completed', 'home', '2026-03-01 00:00:00+00:00')",
            "(4, 'T2', 4, 'not_started', 'created', '2026-02-04 00:00:00+00:00')",
        ),
    ),
    (
        "meetings",
        "id, team_id, pair_id, session_date, contradictory, created_at, held",
        (
            "(1, 'T1', 1, '2026-01-10', FALSE, '2026-01-10 00:00:00+00:00', TRUE)",
            "(2, 'T1', 2, '2026-02-01', TRUE, '2026-02-01 00:00:00+00:00', TRUE)",
            "(3, 'T2', 3, '2026-02-15', FALSE, '2026-02-15 00:00:00+00:00', FALSE)",
        ),
    ),
    (
        "checkin_logs",
        "id, team_id, meeting_id, author, attendance, session_date, minutes, coach, worked_on,"
        " learned, next_step, rating, submitted_at",
        (
            "(1, 'T1', 1, 'U1', 'met', '2026-01-10', 45, 'U1', 'Talks', 'Pauses help', 'Rehearse',"
            " 4, '2026-01-10 10:00:00+00:00')",
            "(2, 'T1', 1, 'U2', 'met', '2026-01-10', 40, 'U1', '', '', '', NULL,"
            " '2026-01-10 11:00:00+00:00')",
            "(3, 'T1', 2, 'U5', 'met', '2026-02-01', 30, 'U5', 'Blog', '', 'Draft', 2,"
            " '2026-02-01 10:00:00+00:00')",
            "(4, 'T1', 2, 'U3', 'cancelled', '2026-02-01', NULL, NULL, '', '', '', NULL,"
            " '2026-02-01 12:00:00+00:00')",
            "(5, 'T2', 3, 'V1', 'not_yet', '2026-02-15', NULL, NULL, '', '', '', 5,"
            " '2026-02-15 10:00:00+00:00')",
        ),
    ),
    (
        "reflections",
        "id, team_id, user_id, pair_id, prompt, text, shared, view_id, created_at",
        (
            "(1, 'T1', 'U1', 2, 'progress', 'Slowly', FALSE, 'V-1', '2026-02-02 00:00:00+00:00')",
            "(2, 'T1', 'U5', 2, 'learned', 'Plenty', TRUE, 'V-2', '2026-02-03 00:00:00+00:00')",
            "(3, 'T2', 'V1', NULL, 'progress', 'Mine', FALSE, 'V-3', '2026-02-16 00:00:00+00:00')",
        ),
    ),
    (
        "kudos",
        "meeting_id, sender, receiver, team_id, sent_at",
        (
            "(1, 'U2', 'U1', 'T1', '2026-01-10 12:00:00+00:00')",
            "(2, 'U5', 'U1', 'T1', '2026-02-01 12:00:00+00:00')",
            "(3, 'V2', 'V1', 'T2', '2026-02-15 12:00:00+00:00')",
        ),
    ),
    (
        "bookings",
        "id, team_id, pair_id, starts_at, ends_at, form, status, sequence, booked_by,"
        " updated_by, message_ts, every_days, repeat_until, created_at, updated_at",
        (
            "(1, 'T1', 1, '2026-01-10 09:00:00+00:00', '2026-01-10 09:45:00+00:00', 'video',"
            " 'past', 0, 'U1', 'U1', '11.1', NULL, NULL, '2026-01-05 00:00:00+00:00',"
            " '2026-01-12 00:00:00+00:00')",
            "(2, 'T1', 2, '2026-01-28 09:00:00+00:00', '2026-01-28 09:45:00+00:00', 'video',"
            " 'cancelled', 2, 'U5', 'U3', '11.2', NULL, NULL, '2026-01-21 00:00:00+00:00',"
            " '2026-01-27 00:00:00+00:00')",
            "(3, 'T1', 2, '2026-02-04 09:00:00+00:00', '2026-02-04 09:45:00+00:00', 'in_person',"
            " 'booked', 1, 'U1', 'U1', '11.3', 14, '2026-03-17 00:00:00+00:00',"
            " '2026-01-28 00:00:00+00:00', '2026-01-29 00:00:00+00:00')",
            "(4, 'T2', 3, '2026-02-20 14:00:00+00:00', '2026-02-20 14:30:00+00:00', 'video',"
            " 'booked', 0, 'V2', 'V2', NULL, NULL, NULL, '2026-02-10 00:00:00+00:00',"
            " '2026-02-10 00:00:00+00:00')",
        ),
    ),
    (
        "outbox",
        "id, team_id, user_id, kind, period, ref_id, number, due_at, status, attempts,"
        " next_attempt_at, claim, claimed_at, sent_at, channel, ts, error, created_at",
        (
            "(1, 'T1', 'U1', 'intro', 'pair2', 2, 0, '2026-01-20 00:00:00+00:00', 'sent', 1,"
            " '2026-01-20 00:00:00+00:00', 'c-1', '2026-01-20 00:00:01+00:00',"
            " '2026-01-20 00:00:02+00:00', 'G2', '20.1', NULL, '2026-01-20 00:00:00+00:00')",
            "(2, 'T1', 'U1', 'prompt', 'pair2/p1', 2, 1, '2026-01-27 07:00:00+00:00', 'sent', 1,"
            " '2026-01-27 07:00:00+00:00', 'c-2', '2026-01-27 07:00:01+00:00',"
            " '2026-01-27 07:00:03+00:00', 'D1', '27.1', NULL, '2026-01-20 00:00:00+00:00')",
            "(3, 'T1', 'U5', 'reminder', 'pair2/p1', 2, 1, '2026-01-31 07:00:00+00:00',"
            " 'pending', 2, '2026-01-31 07:10:00+00:00', NULL, NULL, NULL, NULL, NULL,"
            " 'ratelimited', '2026-01-27 07:00:00+00:00')",
            "(4, 'T1', 'U1', 'session_reminder', 'booking3/v1/at1770194700', 3, 1,"
            " '2026-02-04 08:45:00+00:00', 'sent', 1, '2026-01-28 00:00:00+00:00', 'c-4',"
            " '2026-01-28 00:00:01+00:00', '2026-01-28 00:00:02+00:00', 'D1', 'Q123', NULL,"
            " '2026-01-28 00:00:00+00:00')",
            "(5, 'T1', 'U1', 'unschedule', 'row4', 4, 0, '2026-01-29 00:00:00+00:00',"
            " 'sending', 1, '2026-01-29 00:05:00+00:00', 'c-5', '2026-01-29 00:00:01+00:00',"
            " NULL, NULL, NULL, NULL, '2026-01-29 00:00:00+00:00')",
            "(6, 'T1', 'U3', 'met_check', 'booking3/met1770195600', 3, 0,"
            " '2026-02-04 09:45:00+00:00', 'failed', 3, '2026-02-04 10:00:00+00:00', NULL,"
            " NULL, NULL, NULL, NULL, 'account_inactive', '2026-01-28 00:00:00+00:00')",
            "(7, 'T1', 'U2', 'survey', 'survey/pair1/d60', 1, 0, '2026-03-01 07:00:00+00:00',"
            " 'skipped', 0, '2026-03-01 07:00:00+00:00', NULL, NULL, NULL, NULL, NULL, NULL,"
            " '2026-03-01 00:00:00+00:00')",
            "(8, 'T2', 'V1', 'prompt', 'pair3/p1', 3, 1, '2026-02-17 10:00:00+00:00', 'pending',"
            " 0, '2026-02-17 10:00:00+00:00', NULL, NULL, NULL, NULL, NULL, NULL,"
            " '2026-02-03 00:00:00+00:00')",
        ),
    ),
    (
        "coordinators",
        "team_id, user_id, added_by, added_at",
        (
            f"('T1', 'U1', 'U1', {T0})",
            "('T1', 'U4', 'U1', '2026-01-08 00:00:00+00:00')",
            "('T2', 'V1', 'V1', '2026-02-02 00:00:00+00:00')",
        ),
    ),
    (
        "digests",
        "id, team_id, period, channel, figures, claimed_at, posted_at, ts, error",
        (
            "(1, 'T1', '2026-01-22T06:00:00+00:00', 'C1', '{\"pairs\": 2, \"met\": 1}',"
            " '2026-01-22 06:00:01+00:00', '2026-01-22 06:00:03+00:00', '22.1', NULL)",
            "(2, 'T1', '2026-02-19T06:00:00+00:00', 'C1', '{}', '2026-02-19 06:00:01+00:00',"
            " NULL, NULL, 'channel_not_found')",
            "(3, 'T1', 'manual/0123456789abcdef', 'C9', '{\"pairs\": 2}',"
            " '2026-02-01 15:00:00+00:00', '2026-02-01 15:00:01+00:00', '1.5', NULL)",
            "(4, 'T2', '2026-02-09T09:00:00+00:00', 'C2', '{\"pairs\": 1}',"
            " '2026-02-09 09:00:01+00:00', '2026-02-09 09:00:02+00:00', '9.1', NULL)",
        ),
    ),
    (
        "feedback_answers",
        "id, team_id, survey, respondent, growth, supported, recommend, partner_uses, comment",
        (
            "(1, 'T1', 'round1', 'h:aa11', 4, 5, 9, 3, 'Useful')",
            "(2, 'T1', 'round1', 'h:bb22', 2, 3, 4, NULL, '')",
            "(3, 'T2', 'survey/pair3/d60', 'h:cc33', 5, 5, 10, NULL, 'Great')",
        ),
    ),
    (
        "slack_events",
        "team_id, event_id, received_at",
        (f"('T1', 'Ev1', {T0})", "('T2', 'Ev2', '2026-02-02 00:00:00+00:00')"),
    ),
    (
        "scheduler_leases",
        "name, holder, expires_at",
        ("('rhythm', 'host-1:42', '2026-03-01 00:01:00+00:00')",),
    ),
)


Keys = dict[str, list[str]]  # table: its primary key's columns
Rows = dict[str, list[dict[str, Any]]]  # table: its rows, every column


def _tables(connection: Connection) -> Keys:
    """The schema's tables (but Alembic's), each with its primary key's columns."""
    inspector = inspect(connection)
    return {
        table: inspector.get_pk_constraint(table)["constrained_columns"]
        for table in inspector.get_table_names()
        if table != "alembic_version"
    }


def _rows(connection: Connection, keys: Keys) -> Rows:
    """Every row of these tables, every column, in the order of the given key columns."""
    return {
        table: [
            dict(row)
            for row in connection.execute(
                text(f"SELECT * FROM {table} ORDER BY {', '.join(key)}")
            ).mappings()
        ]
        for table, key in keys.items()
    }


def _populated(engine: Engine) -> tuple[Keys, Rows]:
    """The database at BEFORE_PROGRAMMES with the POPULATED rows: its tables' keys, and rows."""
    upgrade(engine, BEFORE_PROGRAMMES)
    with engine.begin() as connection:
        for table, columns, values in POPULATED:
            connection.execute(text(f"INSERT INTO {table} ({columns}) VALUES {', '.join(values)}"))
        keys = _tables(connection)
        rows = _rows(connection, keys)
    assert {table for table, held in rows.items() if not held} == SLACK_INSTALL  # all filled
    return keys, rows


PROGRAMMES = "48b72d80a9c9"  # the programmes' migration: the tests of later ones start here
SESSIONS_WORTH_HAVING = "c4e18a2f9d07"  # issue 18's tables: the head before circles
AFTER_CIRCLES = {"workflow_runs"}  # issue 20's: the Workflow Builder steps' runs
# Tables later migrations add (empty here): the programmes test leaves them be
LATER_TABLES = (
    {
        "resources",
        "resource_skills",
        "resource_opens",
        "learnings",
        "session_guides",
        "session_guide_texts",
    }
    | {
        "circles",
        "circle_skills",
        "circle_members",
        "circle_sessions",
        "circle_attendance",
        "circle_drafts",
        "circle_waiting",
    }
    | AFTER_CIRCLES
)


def test_programmes_take_every_row_and_setting_of_a_populated_database(empty: Engine) -> None:
    engine = empty  # on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set
    keys, before = _populated(engine)
    upgrade(engine, PROGRAMMES)
    with engine.begin() as connection:
        tables = set(_tables(connection)) - LATER_TABLES
        assert tables == set(keys) | {"programmes", "programme_members"}
        after = _rows(connection, keys)
        programmes = [
            dict(row)
            for row in connection.execute(
                text("SELECT * FROM programmes ORDER BY team_id")
            ).mappings()
        ]
        places = _rows(connection, {"programme_members": ["team_id", "user_id"]})
        owning = {
            table
            for table in tables
            if "programme_id" in {c["name"] for c in inspect(connection).get_columns(table)}
        }

    # every row of every table is still there, every column as it was (counts, private flags,
    # outbox rows, digest slots, bookings alike), but the settings and places that moved
    for table, rows in before.items():
        moved = MOVED.get(table, ())
        added = {"programme_id"} if table in OWNED | {"member_events"} else set()
        kept = [column for column in rows[0] if column not in moved] if rows else []
        if rows:
            assert set(after[table][0]) == set(rows[0]) - set(moved) | added, table
        assert [{c: row[c] for c in kept} for row in after[table]] == [
            {c: row[c] for c in kept} for row in rows
        ], table

    # one programme a workspace, with the workspace's settings, created when it was
    assert [p["team_id"] for p in programmes] == ["T1", "T2"]
    programme = {p["team_id"]: p["id"] for p in programmes}
    for made, workspace in zip(programmes, before["workspaces"], strict=True):
        assert {c: made[c] for c in SETTINGS} == {c: workspace[c] for c in SETTINGS}
        assert made["created_at"] == workspace["created_at"]
        assert (made["name"], made["description"], made["kind"], made["enrolment"]) == (
            None,
            "",
            "peer",
            "open",
        )
        assert (made["starts_on"], made["ends_on"], made["closed_at"]) == (None, None, None)
    t1, t2 = before["workspaces"]
    assert all(t1[c] != t2[c] for c in SETTINGS)  # T1's own, whichever setting came from where

    # a place in it for every member who ever joined, with their status, role, dates, pause
    # and snooze; none for those who never joined
    joined = [m for m in before["members"] if m["status"] != "not_joined"]
    assert [dict(row) for row in places["programme_members"]] == [
        {
            "programme_id": programme[m["team_id"]],
            "team_id": m["team_id"],
            "user_id": m["user_id"],
            **{c: m[c] for c in PLACE},
            "capacity": None,  # nobody had said how many mentees they can take
        }
        for m in joined
    ]
    assert {m["status"] for m in joined} == {"active", "left", "inactive"}

    # every row a programme owns is its workspace's programme's; joining and leaving too,
    # while a profile edit belongs to no programme
    assert owning == OWNED | {"member_events", "programme_members"}
    for table in OWNED:
        assert {(r["team_id"], r["programme_id"]) for r in after[table]} == set(
            programme.items()
        ), table
    assert [(e["kind"], e["programme_id"]) for e in after["member_events"]] == [
        (e["kind"], None if e["kind"] == "profile_updated" else programme[e["team_id"]])
        for e in before["member_events"]
    ]

    # and, upgraded to the latest, the app reads every row through its models (the tables made
    # since are empty)
    upgrade(engine, "head")
    with Session(engine) as session:
        for mapper in Base.registry.mappers:
            if mapper.local_table.name in LATER_TABLES:  # type: ignore[attr-defined]
                continue
            assert session.scalars(select(mapper.class_)).all(), mapper.class_.__name__

    # and still one live booking a pair (pair 2 has a cancelled one and a live one already)
    second = (
        "INSERT INTO bookings (id, team_id, programme_id, pair_id, starts_at, ends_at, form,"
        " status, sequence, booked_by, updated_by, created_at, updated_at) VALUES (5, 'T1', :p,"
        f" 2, {T0}, {T0}, 'video', 'booked', 0, 'U1', 'U1', {T0}, {T0})"
    )
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text(second), {"p": programme["T1"]})


def test_going_back_from_programmes_gives_the_database_as_it_was(empty: Engine) -> None:
    engine = empty  # on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set
    keys, before = _populated(engine)
    upgrade(engine, "head")
    config = alembic_config()
    with migration_connection(engine) as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, BEFORE_PROGRAMMES)
    with engine.begin() as connection:
        assert _tables(connection) == keys
        assert _rows(connection, keys) == before


def test_sessions_worth_having_add_their_tables_and_change_no_row(empty: Engine) -> None:
    """Resources, learnings and session guides (issue 18): a database filled at the
    programmes' migration keeps every row, gains only empty tables and no programme a
    learning channel, and going back gives it as it was."""
    engine = empty  # on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set
    _populated(engine)
    upgrade(engine, PROGRAMMES)
    with engine.begin() as connection:
        keys = _tables(connection)
        before = _rows(connection, keys)
    upgrade(engine, "head")
    with engine.begin() as connection:
        assert set(_tables(connection)) == set(keys) | LATER_TABLES
        after = _rows(connection, keys)
        counts = {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
            for table in LATER_TABLES
        }
    assert counts == dict.fromkeys(LATER_TABLES, 0)
    for table, rows in before.items():
        if table == "programmes":
            assert [row.pop("learning_channel") for row in after[table]] == [None] * len(rows)
        assert after[table] == rows, table
    uniques = inspect(engine).get_unique_constraints("learnings")
    assert [u["column_names"] for u in uniques] == [["team_id", "view_id"]]
    config = alembic_config()
    with migration_connection(engine) as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, PROGRAMMES)
    with engine.begin() as connection:
        assert _tables(connection) == keys
        assert _rows(connection, keys) == before


# Rows in issue 18's tables, as a deployment at SESSIONS_WORTH_HAVING may hold them
ISSUE_18_ROWS = (
    "INSERT INTO resources (id, team_id, programme_id, title, url, why, language, created_by,"
    " created_at, updated_by, updated_at) VALUES (1, 'T1', :p, 'Radical candor',"
    f" 'https://example.com/rc', 'on feedback', 'en', 'U1', {T0}, 'U1', {T0})",
    "INSERT INTO resource_skills (resource_id, skill, team_id, programme_id) VALUES"
    " (1, 'feedback', 'T1', :p)",
    "INSERT INTO resource_opens (resource_id, hour, team_id, programme_id, opens) VALUES"
    f" (1, {T0}, 'T1', :p, 3)",
    "INSERT INTO learnings (id, team_id, programme_id, user_id, anonymous, text, locale, source,"
    " view_id, channel, ts, permalink, claimed_at, posted_at) VALUES (1, 'T1', :p, 'U1', true,"
    f" 'ask first', 'en', 'checkin', 'V1', 'C9', '1.2', 'https://x.slack.com/p1', {T0}, {T0})",
    "INSERT INTO session_guides (id, team_id, programme_id, position, minutes) VALUES"
    " (1, 'T1', :p, 1, 30)",
    "INSERT INTO session_guide_texts (guide_id, locale, team_id, programme_id, title, purpose,"
    " questions) VALUES (1, 'en', 'T1', :p, 'Meet', 'Get to know each other', 'a\nb\nc')",
)
CIRCLE_TABLES = {table for table in LATER_TABLES if table.startswith("circle")}


def test_circles_add_their_tables_and_change_no_row(empty: Engine) -> None:
    """Circles (issue 19): a database filled at the head before them (issue 18's tables
    too) keeps every row and column, gains only empty tables, and going back gives it as it
    was."""
    engine = empty  # on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set
    _populated(engine)
    upgrade(engine, SESSIONS_WORTH_HAVING)
    with engine.begin() as connection:
        programme = connection.execute(
            text("SELECT id FROM programmes WHERE team_id = 'T1'")
        ).scalar_one()
        for row in ISSUE_18_ROWS:
            connection.execute(text(row), {"p": programme})
        keys = _tables(connection)
        before = _rows(connection, keys)
    assert all(before[table] for table in LATER_TABLES - CIRCLE_TABLES - AFTER_CIRCLES)
    upgrade(engine, "head")
    added = CIRCLE_TABLES | AFTER_CIRCLES
    with engine.begin() as connection:
        assert set(_tables(connection)) == set(keys) | added
        assert _rows(connection, keys) == before
        counts = {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
            for table in added
        }
    assert counts == dict.fromkeys(added, 0)
    config = alembic_config()
    with migration_connection(engine) as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, SESSIONS_WORTH_HAVING)
    with engine.begin() as connection:
        assert _tables(connection) == keys
        assert _rows(connection, keys) == before


CIRCLES = "5a7bd7b81e42"  # circles' tables: the head before the Workflow Builder steps' runs
CIRCLE_ROWS = (  # every circle table filled, private flags set both ways
    "INSERT INTO circles (id, team_id, programme_id, topic, description, min_size, max_size,"
    " origin, channel_id, intro_sent_at, created_by, created_at, closed_at, archived_at) VALUES"
    f" (1, 'T1', :p, 'Leading', 'How we lead', 4, 6, 'V1', 'G1', {T0}, 'U1', {T0}, NULL, NULL)",
    "INSERT INTO circle_skills (circle_id, skill, team_id) VALUES (1, 'leadership', 'T1')",
    "INSERT INTO circle_members (circle_id, user_id, team_id, programme_id, rotation,"
    f" joined_at, left_at, in_channel) VALUES (1, 'U1', 'T1', :p, 0, {T0}, NULL, true),"
    f" (1, 'U2', 'T1', :p, 1, {T0}, {T0}, false)",
    "INSERT INTO circle_sessions (id, team_id, programme_id, circle_id, session_date,"
    f" facilitator, logged_by, created_at) VALUES (1, 'T1', :p, 1, '2026-01-01', 'U1', 'U2', {T0})",
    "INSERT INTO circle_attendance (session_id, user_id, team_id, attended) VALUES"
    " (1, 'U1', 'T1', true), (1, 'U2', 'T1', false)",
    "INSERT INTO circle_drafts (id, team_id, programme_id, created_by, circles, unplaced, fit,"
    f" created_at, confirmed_at) VALUES ('d1', 'T1', :p, 'U1', '[]', '[]', 0.5, {T0}, NULL)",
    "INSERT INTO circle_waiting (programme_id, user_id, team_id, reason, since) VALUES"
    f" (:p, 'U3', 'T1', 'too_few', {T0})",
)


def test_workflow_runs_add_their_table_and_change_no_row(empty: Engine) -> None:
    """The Workflow Builder steps' runs (issue 20): a database filled at the head before them,
    every circle table and private flag included, keeps every row and column, gains only an
    empty table, and going back gives it as it was."""
    engine = empty  # on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set
    _populated(engine)
    upgrade(engine, CIRCLES)
    with engine.begin() as connection:
        programme = connection.execute(
            text("SELECT id FROM programmes WHERE team_id = 'T1'")
        ).scalar_one()
        for row in (*ISSUE_18_ROWS, *CIRCLE_ROWS):
            connection.execute(text(row), {"p": programme})
        keys = _tables(connection)
        before = _rows(connection, keys)
    assert all(before[table] for table in LATER_TABLES - AFTER_CIRCLES)
    upgrade(engine, "head")
    with engine.begin() as connection:
        assert set(_tables(connection)) == set(keys) | AFTER_CIRCLES
        assert _rows(connection, keys) == before
        assert connection.execute(text("SELECT count(*) FROM workflow_runs")).scalar() == 0
    config = alembic_config()
    with migration_connection(engine) as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, CIRCLES)
    with engine.begin() as connection:
        assert _tables(connection) == keys
        assert _rows(connection, keys) == before
