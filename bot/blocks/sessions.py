"""A booked session's DMs: the reminder Slack posts 15 minutes before it, "Did you meet?"
after it with its three answers, and what that message becomes once answered."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot import ids
from bot.blocks.common import Block, actions, button, context, section, slack_time
from bot.blocks.groups import mentions
from bot.blocks.times import times_blocks
from bot.domain import OutboxKind, SessionNote, SuggestedTimes
from bot.i18n import t

ANSWERS = ("yes", "moved", "no")  # what "Did you meet?" becomes: session.answered_<answer>


def session_message(note: SessionNote, locale: str) -> dict[str, Any]:
    """The reminder, or "Did you meet?", for the member the note was made for."""
    partners = mentions(note.partners, locale)
    if note.kind is OutboxKind.SESSION_REMINDER:
        text = t("session.reminder", locale, partners=partners, time=slack_time(note.start))
        how = t("booking.form", locale, form=t(f"booking.form_{note.form}", locale))
        return {"text": text, "blocks": [section(text), context(how)]}
    text = t("session.met_question", locale, partners=partners, time=slack_time(note.start))
    value = session_value(note.booking_id, note.start)
    return {
        "text": text,
        "blocks": [
            section(text),
            actions(
                button(t("session.met_yes", locale), ids.MET_YES, value, style="primary"),
                button(t("session.met_moved", locale), ids.MET_MOVED, value),
                button(t("session.met_no", locale), ids.MET_NO, value),
            ),
        ],
    }


def answered_message(
    answer: str, locale: str, times: SuggestedTimes | None = None
) -> dict[str, Any]:
    """ "Did you meet?" once answered (`answer` one of ANSWERS): the buttons give way to the
    answer, and after a No to the times that suit the group for their next session."""
    text = t(f"session.answered_{answer}", locale)
    blocks: list[Block] = [section(text)]
    if times is not None:
        blocks += times_blocks(times, locale)
    return {"text": text, "blocks": blocks}


def session_value(booking_id: int, start: datetime) -> str:
    """A "Did you meet?" button's value: the booking and the session's start (epoch seconds)."""
    return f"{booking_id}:{int(start.timestamp())}"
