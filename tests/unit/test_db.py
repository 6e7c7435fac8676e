"""The database: SQLite tuned on every connection, aware times, times of day and weekdays,
migrations = models."""

from __future__ import annotations

import os
import threading
import time
from datetime import UTC, datetime, timedelta, timezone
from datetime import time as clock_time
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.db import SQLITE_BUSY_TIMEOUT_MS, Database, connect, make_engine, make_sessions
from bot.migrate import upgrade_to_head
from bot.models import Base, Member, MinuteOfDay, Weekdays, Workspace
from bot.services.members import ensure_member


def test_every_sqlite_connection_uses_wal_and_a_busy_timeout(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'tuned.db'}")
    for _ in range(2):
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == SQLITE_BUSY_TIMEOUT_MS
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        engine.dispose()  # the next round gets a fresh connection


def test_reads_have_a_pool_of_their_own_in_autocommit(database: Database):
    engine = database.engine
    assert database.reads.kw["bind"].pool is not engine.pool
    with database.reads() as session:
        session.execute(select(func.count()).select_from(Member))
        raw = session.connection().connection.dbapi_connection
        if engine.dialect.name == "sqlite":
            assert raw is not None and not raw.in_transaction  # nothing held open
        else:
            assert raw is not None and raw.autocommit
    with database.sessions.begin() as session:  # a writer is not kept waiting by it
        ensure_member(session, "TREAD", "UREAD", datetime(2026, 11, 23, tzinfo=UTC))
    with database.reads() as session:  # and what it wrote is read
        assert session.scalar(select(func.count()).select_from(Member)) == 1
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())


def test_an_in_memory_database_runs_them_through_its_own_pool():
    database = connect("sqlite://")
    assert database.reads.kw["bind"].pool is database.engine.pool
    database.dispose()


def test_migrations_produce_exactly_the_models(engine: Engine):
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_migrations_run_twice_are_harmless(engine: Engine):
    upgrade_to_head(engine)


def test_times_come_back_aware_in_utc(sessions: sessionmaker[Session]):
    stockholm = timezone(timedelta(hours=1))
    with sessions.begin() as session:
        session.add(
            Workspace(team_id="TTIME", created_at=datetime(2027, 1, 1, 10, tzinfo=stockholm))
        )
    with sessions() as session:
        stored = session.get(Workspace, "TTIME")
        assert stored is not None
        assert stored.created_at == datetime(2027, 1, 1, 9, tzinfo=UTC)
        assert stored.created_at.tzinfo is not None


@given(st.times())
def test_a_time_of_day_is_stored_to_the_minute(moment: clock_time):
    column = MinuteOfDay()
    stored = column.process_bind_param(moment, None)  # type: ignore[arg-type]
    assert stored is not None and 0 <= stored < 24 * 60
    assert column.process_result_value(stored, None) == moment.replace(  # type: ignore[arg-type]
        second=0, microsecond=0
    )


@given(st.frozensets(st.integers(0, 6)))
def test_weekdays_are_stored_as_a_bit_mask(days: frozenset[int]):
    column = Weekdays()
    stored = column.process_bind_param(days, None)  # type: ignore[arg-type]
    assert stored is not None and 0 <= stored < 128
    assert column.process_result_value(stored, None) == days  # type: ignore[arg-type]
    assert column.process_bind_param(frozenset(range(5)), None) == 31  # type: ignore[arg-type]


def test_meeting_hours_and_days_are_stored_and_read_back(sessions: sessionmaker[Session]):
    now = datetime(2027, 1, 1, tzinfo=UTC)
    with sessions.begin() as session:
        member = ensure_member(session, "THOURS", "UANNA", now)
        member.meeting_start, member.meeting_end = clock_time(7, 45), clock_time(23, 59)
        member.meeting_days = frozenset({0, 6})
        ensure_member(session, "THOURS", "UBO", now)  # the defaults
    with sessions() as session:
        stored = session.get(Member, ("THOURS", "UANNA"))
        assert stored is not None
        assert (stored.meeting_start, stored.meeting_end) == (clock_time(7, 45), clock_time(23, 59))
        assert stored.meeting_days == frozenset({0, 6})
        weekdays = select(Member.user_id).where(
            Member.team_id == "THOURS", Member.meeting_days == frozenset(range(5))
        )
        assert session.scalars(weekdays).all() == ["UBO"]
        from_nine = select(Member.user_id).where(
            Member.team_id == "THOURS", Member.meeting_start == clock_time(9, 0)
        )
        assert session.scalars(from_nine).all() == ["UBO"]


def test_members_seen_at_once_from_many_threads_make_one_row(engine: Engine):
    sessions = make_sessions(engine)
    now = datetime(2026, 11, 23, tzinfo=UTC)
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def see() -> None:
        try:
            barrier.wait()
            with sessions.begin() as session:
                ensure_member(session, "TRACE", "URACE", now)
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=see) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    try:
        assert errors == []
        with sessions() as session:
            assert session.scalar(select(func.count()).select_from(Member)) == 1
            assert session.scalar(select(func.count()).select_from(Workspace)) == 1
    finally:
        with engine.begin() as conn:
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(table.delete())


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs a PostgreSQL server")
def test_a_pooled_connection_the_server_closed_is_replaced_unnoticed(engine: Engine):
    pooled = make_engine(engine.url.render_as_string(hide_password=False))
    with pooled.connect() as conn:  # then idle in the pool
        pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    with engine.connect() as admin:  # the server ends it, as a restart or failover would
        admin.exec_driver_sql(f"SELECT pg_terminate_backend({pid})")
        gone = f"SELECT count(*) FROM pg_stat_activity WHERE pid = {pid}"
        deadline = time.monotonic() + 5
        while admin.exec_driver_sql(gone).scalar() and time.monotonic() < deadline:
            time.sleep(0.05)

    with pooled.connect() as conn:
        assert conn.exec_driver_sql("SELECT pg_backend_pid()").scalar() != pid
    pooled.dispose()
