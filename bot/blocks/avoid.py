"""Adding someone to the private "never pair me with" list."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.common import context, input_block, modal
from bot.i18n import t


def avoid_modal(locale: str) -> dict[str, Any]:
    return modal(
        t("avoid.modal_title", locale),
        t("common.cancel", locale),
        [
            input_block(
                ids.AVOID_PERSON,
                t("avoid.modal_label", locale),
                {"type": "users_select", "action_id": ids.VALUE},
            ),
            context(t("avoid.modal_privacy", locale)),
        ],
        callback_id=ids.AVOID_VIEW,
        submit=t("avoid.modal_submit", locale),
    )
