"""Engine and session factories; nothing is created at import time."""

from __future__ import annotations

import select
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

AUTOCOMMIT = "AUTOCOMMIT"
SQLITE_BUSY_TIMEOUT_MS = 5000
# Connections kept open, for transactions and for reads on their own (Database.reads): a
# process has at most gunicorn's 4 threads and the 8 follow-up threads of bot/slack/follow_up.py
# using the database at once, each on one connection, and the request threads do most of it.
# Kept open, so a busy moment does not open and close connections (a new PostgreSQL connection
# is a new server process); up to 12 of each at a peak.
POOL_SIZE, MAX_OVERFLOW = 8, 4
READ_POOL_SIZE, READ_MAX_OVERFLOW = 4, 8


@dataclass(frozen=True)
class Database:
    """The database as the app uses it, made once by the composition root (`connect`) and
    handed to listeners and jobs: they open a Session from one of its factories and hand that
    Session to the services."""

    engine: Engine
    read_engine: Engine  # autocommit connections, for reads on their own (see connect)
    sessions: sessionmaker[Session]  # a transaction: `with database.sessions.begin() as s:`
    reads: sessionmaker[Session]  # a read on its own, outside any transaction (see connect)

    def dispose(self) -> None:
        """Close every pooled connection (before a fork, say)."""
        self.engine.dispose()
        if self.read_engine is not self.engine:
            self.read_engine.dispose()


def connect(url: str, **kwargs: Any) -> Database:
    """The engine and its session factories.

    `reads` is a speed trick for the one read every request makes (the person) and the few it
    makes besides: its sessions run on a pool of connections set to autocommit once, so a read
    costs no BEGIN and ROLLBACK (on PostgreSQL two round trips fewer; under READ COMMITTED each
    statement of a transaction sees its own snapshot anyway, so a read sees nothing different).
    Switching a shared pool's connection to autocommit and back at each checkout took 27 % of a
    read's instructions (callgrind), hence a pool of its own. An in-memory SQLite database is
    one connection's own, so there the reads share the engine's pool."""
    engine = make_engine(url, **kwargs)
    if make_url(url).database in (None, "", ":memory:"):
        read_engine = engine.execution_options(isolation_level=AUTOCOMMIT)
    else:
        read_engine = _create(url, READ_POOL_SIZE, READ_MAX_OVERFLOW, autocommit=True, **kwargs)
    return Database(engine, read_engine, make_sessions(engine), make_sessions(read_engine))


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine; SQLite connections get WAL, a busy timeout and write-ahead transactions."""
    return _create(url, POOL_SIZE, MAX_OVERFLOW, **kwargs)


def _create(
    url: str, pool_size: int, max_overflow: int, *, autocommit: bool = False, **kwargs: Any
) -> Engine:
    """The engine, with PostgreSQL's pool of that size (SQLite keeps its default pool)."""
    if autocommit:
        kwargs["isolation_level"] = AUTOCOMMIT
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 5}, **kwargs
        )
        _tune_sqlite(engine, begins=not autocommit)
        return engine
    engine = create_engine(url, pool_size=pool_size, max_overflow=max_overflow, **kwargs)
    event.listen(engine, "checkout", _drop_if_closed)
    return engine


def _drop_if_closed(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """Before a pooled PostgreSQL connection is used: an idle connection has nothing to read,
    so a readable socket means the server closed it or is closing it (a restart, a failover,
    an idle timeout, pg_terminate_backend), and the pool opens a fresh one instead. This costs
    one poll of the socket, where SQLAlchemy's pool_pre_ping costs a round trip to the server
    on every checkout (about 0.2 ms of CPU here)."""
    if dbapi_connection.closed:
        raise DisconnectionError("this connection was closed")
    poller = select.poll()
    poller.register(dbapi_connection.fileno(), select.POLLIN)
    if poller.poll(0):  # something to read, or the socket hung up
        raise DisconnectionError("the server closed this connection")


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def ping(engine: Engine) -> None:
    """Raise if the database does not answer a trivial query."""
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


def _tune_sqlite(engine: Engine, *, begins: bool) -> None:
    """WAL lets readers run beside a writer; BEGIN IMMEDIATE makes writers queue on the
    busy timeout instead of failing when a read transaction tries to upgrade to a write
    (the reads' autocommit connections begin nothing)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    if begins:  # not on the reads' autocommit engine, whose connections never begin
        event.listen(engine, "begin", _begin_immediate)


def _begin_immediate(conn: Any) -> None:
    if conn.get_execution_options().get("isolation_level") != AUTOCOMMIT:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
