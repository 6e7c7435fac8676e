"""Engine and session factories; nothing is created at import time."""

from __future__ import annotations

import select
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

AUTOCOMMIT = "AUTOCOMMIT"
SQLITE_BUSY_TIMEOUT_MS = 5000
# Connections kept open, for transactions and for statements on their own (make_autocommit): a
# process has at most gunicorn's 4 threads and the 8 follow-up threads of bot/follow_up.py
# using the database at once, each on one connection, and the request threads do most of it.
# Kept open, so a busy moment does not open and close connections (a new PostgreSQL connection
# is a new server process); up to 12 of each at a peak.
POOL_SIZE, MAX_OVERFLOW = 8, 4
AUTOCOMMIT_POOL_SIZE, AUTOCOMMIT_MAX_OVERFLOW = 4, 8
_made: WeakKeyDictionary[Engine, tuple[str, dict[str, Any]]] = WeakKeyDictionary()
_autocommits: WeakKeyDictionary[Engine, Engine] = WeakKeyDictionary()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine; SQLite connections get WAL, a busy timeout and write-ahead transactions."""
    engine = _create(url, POOL_SIZE, MAX_OVERFLOW, **kwargs)
    _made[engine] = (url, kwargs)
    return engine


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


def make_autocommit(sessions: sessionmaker[Session]) -> Engine:
    """The engine for statements on their own, without BEGIN and COMMIT (on PostgreSQL two
    round trips fewer): reads (under READ COMMITTED each statement of a transaction sees its
    own snapshot anyway, so a read sees nothing different), and a write that is one statement,
    atomic by itself.

    It has a pool of its own, of connections set to autocommit once: switching a shared pool's
    connection there and back at each checkout took 27 % of a read's instructions (1.01 M
    against 0.74 M, counted with callgrind). One made per engine; an in-memory SQLite database
    is one connection's own, so there they share the engine's pool."""
    engine: Engine = sessions.kw["bind"]
    found = _autocommits.get(engine)
    if found is not None:
        return found
    url, kwargs = _made[engine]  # every engine here comes from make_engine
    if make_url(url).database in (None, "", ":memory:"):
        return engine.execution_options(isolation_level=AUTOCOMMIT)
    made = _create(url, AUTOCOMMIT_POOL_SIZE, AUTOCOMMIT_MAX_OVERFLOW, autocommit=True, **kwargs)
    _autocommits[engine] = made
    return made


def dispose(engine: Engine) -> None:
    """Close the pooled connections of the engine and of its autocommit engine (before a fork,
    say)."""
    engine.dispose()
    autocommit = _autocommits.get(engine)
    if autocommit is not None:
        autocommit.dispose()


def ping(engine: Engine) -> None:
    """Raise if the database does not answer a trivial query."""
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


def _tune_sqlite(engine: Engine, *, begins: bool) -> None:
    """WAL lets readers run beside a writer; BEGIN IMMEDIATE makes writers queue on the
    busy timeout instead of failing when a read transaction tries to upgrade to a write
    (statements on their own, make_autocommit, begin nothing)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    if begins:  # not on an autocommit engine (make_autocommit), whose connections never begin
        event.listen(engine, "begin", _begin_immediate)


def _begin_immediate(conn: Any) -> None:
    if conn.get_execution_options().get("isolation_level") != AUTOCOMMIT:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
