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
# Connections kept open, for transactions and for reads (make_reader): a process has at most
# gunicorn's 4 threads and the 8 follow-up threads of bot/follow_up.py using the database at
# once, each on one connection, and the request threads do most of it. Kept open, so a busy
# moment does not open and close connections (a new PostgreSQL connection is a new server
# process); up to 12 of each at a peak.
POOL_SIZE, MAX_OVERFLOW = 8, 4
READ_POOL_SIZE, READ_MAX_OVERFLOW = 4, 8
_made: WeakKeyDictionary[Engine, tuple[str, dict[str, Any]]] = WeakKeyDictionary()
_readers: WeakKeyDictionary[Engine, Engine] = WeakKeyDictionary()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine; SQLite connections get WAL, a busy timeout and write-ahead transactions."""
    engine = _create(url, POOL_SIZE, MAX_OVERFLOW, **kwargs)
    _made[engine] = (url, kwargs)
    return engine


def _create(
    url: str, pool_size: int, max_overflow: int, *, reads_only: bool = False, **kwargs: Any
) -> Engine:
    """The engine, with PostgreSQL's pool of that size (SQLite keeps its default pool)."""
    if reads_only:
        kwargs["isolation_level"] = AUTOCOMMIT
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 5}, **kwargs
        )
        _tune_sqlite(engine, begins=not reads_only)
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


def make_reader(sessions: sessionmaker[Session]) -> Engine:
    """The engine for reading only: each statement runs on its own, without BEGIN and COMMIT
    (on PostgreSQL two round trips fewer). Under READ COMMITTED each statement of a transaction
    sees its own snapshot anyway, so a read sees nothing different.

    It has a pool of its own, of connections set to autocommit once: switching a shared pool's
    connection there and back at each checkout took 27 % of a read's instructions (1.01 M
    against 0.74 M, counted with callgrind). One made per engine; an in-memory SQLite database
    is one connection's own, so there reads share the engine's pool."""
    engine: Engine = sessions.kw["bind"]
    reader = _readers.get(engine)
    if reader is not None:
        return reader
    url, kwargs = _made[engine]  # every engine here comes from make_engine
    if make_url(url).database in (None, "", ":memory:"):
        return engine.execution_options(isolation_level=AUTOCOMMIT)
    reader = _create(url, READ_POOL_SIZE, READ_MAX_OVERFLOW, reads_only=True, **kwargs)
    _readers[engine] = reader
    return reader


def dispose(engine: Engine) -> None:
    """Close the pooled connections of the engine and of its reader (before a fork, say)."""
    engine.dispose()
    reader = _readers.get(engine)
    if reader is not None:
        reader.dispose()


def ping(engine: Engine) -> None:
    """Raise if the database does not answer a trivial query."""
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


def _tune_sqlite(engine: Engine, *, begins: bool) -> None:
    """WAL lets readers run beside a writer; BEGIN IMMEDIATE makes writers queue on the
    busy timeout instead of failing when a read transaction tries to upgrade to a write
    (reads on their own, make_reader, begin nothing)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    if begins:  # not on a reader's engine (make_reader), whose connections never begin
        event.listen(engine, "begin", _begin_immediate)


def _begin_immediate(conn: Any) -> None:
    if conn.get_execution_options().get("isolation_level") != AUTOCOMMIT:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
