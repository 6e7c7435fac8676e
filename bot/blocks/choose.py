"""Asking which programme a command is about, when the person has several."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.common import button, escape, section
from bot.blocks.enrolment import programme_name
from bot.blocks.groups import mentions
from bot.domain import PairingCard, ProgrammeCard
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


def pairing_menu(pairings: list[PairingCard], locale: str) -> dict[str, Any]:
    """Which session a check-in is about, for someone with several partners: one button per
    pairing (its value: the pair)."""
    text = t("choose.which_partner", locale)
    blocks = [section(text)]
    for pairing in pairings:
        blocks.append(
            section(
                mentions(pairing.partners, locale),
                button(t("home.checkin_button", locale), ids.OPEN_CHECKIN, str(pairing.pair_id)),
            )
        )
    return {"response_type": "ephemeral", "text": text, "blocks": blocks}
