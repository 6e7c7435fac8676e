"""Alembic environment: the URL comes from bot.config, or a connection handed in by code."""

import sys
from logging.config import fileConfig
from typing import Any

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection

from bot.config import ConfigError, database_url_from_env
from bot.db import make_engine
from bot.migrate import migration_connection
from bot.models import Base, MinuteOfDay, UTCDateTime, Weekdays

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def _database_url() -> str:
    """The URL a caller set, else DATABASE_URL; a bad one stops with one line (exit 2)."""
    url = config.get_main_option("sqlalchemy.url")
    if url:
        return url
    try:
        return database_url_from_env()
    except ConfigError as error:
        print(f"mentor-bot: {error}", file=sys.stderr)
        raise SystemExit(2) from None


def _render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | bool:
    """Migrations hold plain SQLAlchemy types, never imports of app code."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if type_ == "type" and isinstance(obj, MinuteOfDay | Weekdays):
        return "sa.SmallInteger()"
    return False


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    url = _database_url()
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=url.startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = _database_url()
    engine = make_engine(url)
    try:
        with migration_connection(engine) as conn:
            _run(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
