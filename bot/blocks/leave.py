"""Leaving the programme: the confirmation modal."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.common import plain, section
from bot.i18n import t


def leave_modal(locale: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": ids.LEAVE_VIEW,
        "title": plain(t("leave.title", locale)),
        "submit": plain(t("leave.submit", locale)),
        "close": plain(t("leave.close", locale)),
        "blocks": [section(t("leave.body", locale))],
    }
