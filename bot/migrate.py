"""Bring a database to the latest migration from code (app start-up and tests), and the
connection every migration runs on.

On SQLite, Alembic's batch mode changes a table by copying it into a new one and dropping the
old, and with foreign keys enforced that drop would cascade-delete the rows of every table that
points at it (a member's goals and reflections, a meeting's check-ins). So migrations run with
SQLite's foreign keys off, which can only be switched outside a transaction, and are checked
with PRAGMA foreign_key_check before they commit."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine

ROOT = Path(__file__).resolve().parent.parent


def alembic_config() -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["configure_logger"] = False
    return config


def upgrade_to_head(engine: Engine) -> None:
    upgrade(engine, "head")


def upgrade(engine: Engine, revision: str) -> None:
    config = alembic_config()
    with migration_connection(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction that commits when the block ends, for migrations."""
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            _pragma(connection, "PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                yield connection
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"migration broke foreign keys: {broken[:5]}")
        finally:
            if sqlite:
                _pragma(connection, "PRAGMA foreign_keys=ON")


def _pragma(connection: Connection, sql: str) -> None:
    """Run straight on the driver's connection (autocommit), outside any transaction."""
    connection.connection.dbapi_connection.execute(sql)  # type: ignore[union-attr]
