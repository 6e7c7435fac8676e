"""The anonymous feedback survey's modal and its answers."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.common import context, input_block, modal, option, section
from bot.domain import FEEDBACK_COMMENT_MAX
from bot.i18n import t

SCALE = range(1, 6)
RECOMMEND = range(11)


def feedback_modal(locale: str, survey: str, asks_partner: bool) -> dict[str, Any]:
    def scale(block_id: str) -> dict[str, Any]:
        return input_block(
            block_id,
            t(f"feedback.{block_id}", locale),
            {
                "type": "radio_buttons",
                "action_id": ids.VALUE,
                "options": [option(t(f"feedback.scale_{n}", locale), str(n)) for n in SCALE],
            },
        )

    blocks = [
        section(t("feedback.intro", locale)),
        scale(ids.GROWTH),
        scale(ids.SUPPORTED),
        input_block(
            ids.RECOMMEND,
            t("feedback.recommend", locale),
            {
                "type": "static_select",
                "action_id": ids.VALUE,
                "placeholder": {"type": "plain_text", "text": t("feedback.recommend_hint", locale)},
                "options": [option(str(n), str(n)) for n in RECOMMEND],
            },
            hint=t("feedback.recommend_hint", locale),
        ),
    ]
    if asks_partner:
        blocks.append(scale(ids.PARTNER_USES))
    blocks += [
        input_block(
            ids.COMMENT,
            t("feedback.comment", locale),
            {
                "type": "plain_text_input",
                "action_id": ids.VALUE,
                "multiline": True,
                "max_length": FEEDBACK_COMMENT_MAX,
            },
            hint=t("feedback.comment_hint", locale),
            optional=True,
        ),
        context(t("feedback.promise", locale)),
    ]
    return modal(
        t("feedback.title", locale),
        t("common.cancel", locale),
        blocks,
        callback_id=ids.FEEDBACK_VIEW,
        submit=t("feedback.submit", locale),
        private_metadata=survey,
    )
