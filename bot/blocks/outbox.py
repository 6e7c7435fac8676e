"""What an outbox row's message looks like, by what it says (see rhythm.note_for)."""

from __future__ import annotations

from typing import Any

from bot.blocks import circle_forming
from bot.blocks.circle_rhythm import circle_prompt_message
from bot.blocks.common import context, escape
from bot.blocks.enrolment import programme_name
from bot.blocks.intro import intro_message, unplaced_message
from bot.blocks.rhythm import rhythm_message
from bot.blocks.sessions import session_message
from bot.domain import (
    CirclePromptNote,
    CircleUnplacedNote,
    IntroNote,
    OutboxNote,
    ProgrammeCard,
    SessionNote,
    UnplacedNote,
)


def outbox_message(
    note: OutboxNote, viewer: str, locale: str, programme: ProgrammeCard | None = None
) -> dict[str, Any]:
    """The message for `viewer` (a group's first coach, for an intro), in `locale`; it names
    `programme` first when the workspace runs several."""
    message = _message(note, viewer, locale)
    if programme is None:
        return message
    name = programme_name(programme, locale)
    return {
        **message,
        "text": f"{name}: {message['text']}",
        "blocks": [context(f":label: *{escape(name)}*"), *message["blocks"]],
    }


def _message(note: OutboxNote, viewer: str, locale: str) -> dict[str, Any]:
    if isinstance(note, IntroNote):
        return intro_message(note.pairing, list(note.people), locale, note.times, note.guide)
    if isinstance(note, UnplacedNote):
        return unplaced_message(note.reason, locale)
    if isinstance(note, CircleUnplacedNote):
        return circle_forming.unplaced_message(note.reason, locale)
    if isinstance(note, SessionNote):
        return session_message(note, locale)
    if isinstance(note, CirclePromptNote):
        return circle_prompt_message(note, locale)
    return rhythm_message(note, viewer, locale)
