"""Small SQL helpers that work the same on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.models import Base


def insert(session: Session, model: type[Base]) -> Any:
    """The session's dialect's INSERT, which has ON CONFLICT (DO NOTHING, DO UPDATE)."""
    module = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return module.insert(model)


def insert_ignore(session: Session, model: type[Base], **values: Any) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING: safe when two requests create the same row at once.
    True when this call inserted the row."""
    key = model.__table__.primary_key.columns[0]  # type: ignore[attr-defined]
    statement = insert(session, model).values(**values).on_conflict_do_nothing().returning(key)
    return session.execute(statement).first() is not None  # rowcount is not told on every driver
