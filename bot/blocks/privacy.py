"""The confirmation before being forgotten."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.common import input_block, modal, option, section
from bot.i18n import t


def forget_modal(locale: str) -> dict[str, Any]:
    return modal(
        t("privacy.forget_title", locale),
        t("common.cancel", locale),
        [
            section(t("privacy.forget_body", locale)),
            input_block(
                ids.FORGET_CONFIRM,
                t("privacy.forget_label", locale),
                {
                    "type": "checkboxes",
                    "action_id": ids.VALUE,
                    "options": [option(t("privacy.forget_check", locale), "yes")],
                },
            ),
        ],
        callback_id=ids.FORGET_VIEW,
        submit=t("privacy.forget_submit", locale),
    )
