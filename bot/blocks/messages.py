"""Direct messages and ephemeral replies: each returns {"text", "blocks"}."""

from __future__ import annotations

from typing import Any

from bot.blocks.common import context, section
from bot.blocks.profile import profile_summary
from bot.domain import MemberCard
from bot.i18n import t


def profile_saved(card: MemberCard, outcome: str) -> dict[str, Any]:
    """The DM after /mentor join: outcome is "joined", "rejoined" or "updated"."""
    locale = card.locale
    text = t(f"dm.{outcome}", locale)
    return {
        "text": text,
        "blocks": [section(text), *profile_summary(card), context(t("dm.edit_hint", locale))],
    }


def left_programme(locale: str) -> dict[str, Any]:
    text = t("dm.left", locale)
    return {"text": text, "blocks": [section(text)]}


def ephemeral(text: str) -> dict[str, Any]:
    return {"response_type": "ephemeral", "text": text, "blocks": [section(text)]}
