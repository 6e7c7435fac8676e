"""What an outbox row's message looks like, by what it says (see rhythm.note_for)."""

from __future__ import annotations

from typing import Any

from bot.blocks.intro import intro_message, unplaced_message
from bot.blocks.rhythm import rhythm_message
from bot.blocks.sessions import session_message
from bot.domain import IntroNote, OutboxNote, SessionNote, UnplacedNote


def outbox_message(note: OutboxNote, viewer: str, locale: str) -> dict[str, Any]:
    """The message for `viewer` (a group's first coach, for an intro), in `locale`."""
    if isinstance(note, IntroNote):
        return intro_message(note.pairing, list(note.people), locale, note.times)
    if isinstance(note, UnplacedNote):
        return unplaced_message(note.reason, locale)
    if isinstance(note, SessionNote):
        return session_message(note, locale)
    return rhythm_message(note, viewer, locale)
