"""Asking which programme a command is about, when the person has several."""

from __future__ import annotations

from typing import Any

from bot.blocks.common import button, escape, section
from bot.blocks.enrolment import programme_name
from bot.domain import ProgrammeCard
from bot.i18n import t


def programme_menu(
    programmes: list[ProgrammeCard], action_id: str, label: str, locale: str, carry: str = ""
) -> dict[str, Any]:
    """An ephemeral question with one button per programme; the button does what the command
    would have done, for that programme (its value: the programme's id, then `carry`)."""
    text = t("choose.which", locale)
    blocks = [section(text)]
    blocks += [
        section(
            f"*{escape(programme_name(p, locale))}*", button(label, action_id, f"{p.id}{carry}")
        )
        for p in programmes
    ]
    return {"response_type": "ephemeral", "text": text, "blocks": blocks}
