"""Leaving the programme: the confirmation modal."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.common import modal, section
from bot.flow import Flow
from bot.i18n import t


def leave_modal(locale: str, flow: Flow | None = None) -> dict[str, Any]:
    """Leaving the programme `flow` names (its private_metadata; none: the workspace's)."""
    return modal(
        t("leave.title", locale),
        t("leave.close", locale),
        [section(t("leave.body", locale))],
        callback_id=ids.LEAVE_VIEW,
        submit=t("leave.submit", locale),
        private_metadata=(flow or Flow()).encode(),
    )
