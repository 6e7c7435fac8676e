"""Adding someone to the private "never pair me with" list."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.common import context, plain
from bot.i18n import t


def avoid_modal(locale: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": ids.AVOID_VIEW,
        "title": plain(t("avoid.modal_title", locale)),
        "submit": plain(t("avoid.modal_submit", locale)),
        "close": plain(t("common.cancel", locale)),
        "blocks": [
            {
                "type": "input",
                "block_id": ids.AVOID_PERSON,
                "label": plain(t("avoid.modal_label", locale)),
                "element": {"type": "users_select", "action_id": ids.VALUE},
            },
            context(t("avoid.modal_privacy", locale)),
        ],
    }
