"""Sharing a learning with the programme: the button, the modal for the line, its preview
(showing exactly the message that will be posted) and the message itself."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.common import (
    Block,
    actions,
    button,
    context,
    divider,
    escape,
    input_block,
    modal,
    option,
    section,
)
from bot.domain import LEARNING_TEXT_MAX, LearningSource, PostedLearning
from bot.i18n import t


def share_button(source: LearningSource, ref_id: int, locale: str) -> dict[str, Any]:
    """ "Share a learning with the programme", from a check-in (its meeting) or a reflection."""
    return button(t("learning.share_button", locale), ids.SHARE_LEARNING, f"{source}:{ref_id}")


def share_offer(source: LearningSource, ref_id: int, locale: str) -> list[Block]:
    """The button with a line on what it does, under a reflection's confirmation."""
    return [
        actions(share_button(source, ref_id, locale)),
        context(t("learning.share_hint", locale)),
    ]


def share_modal(
    source: LearningSource,
    ref_id: int,
    channel: str,
    text: str,
    anonymous: bool,
    locale: str,
) -> dict[str, Any]:
    """The line to share, and whether with the person's name; `text` is what it starts with
    (a check-in's "What did you learn?", or what they wrote before going back)."""
    choices = [
        option(t("learning.as_anonymous", locale), ids.LEARNING_ANONYMOUS),
        option(t("learning.as_named", locale), ids.LEARNING_NAMED),
    ]
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": ids.VALUE,
        "placeholder": {"type": "plain_text", "text": t("learning.text_placeholder", locale)},
    }
    if text:
        element["initial_value"] = text
    hint = "learning.text_hint_reflection" if source is LearningSource.REFLECTION else ""
    blocks: list[Block] = [
        section(t("learning.intro", locale, channel=f"<#{channel}>")),
        input_block(
            ids.LEARNING_TEXT,
            t("learning.text_label", locale),
            element,
            hint=t(hint or "learning.text_hint", locale, max=LEARNING_TEXT_MAX),
        ),
        input_block(
            ids.LEARNING_AS,
            t("learning.as_label", locale),
            {
                "type": "radio_buttons",
                "action_id": ids.VALUE,
                "options": choices,
                "initial_option": choices[0 if anonymous else 1],
            },
            hint=t("learning.as_hint", locale),
        ),
    ]
    return modal(
        t("learning.title", locale),
        t("common.cancel", locale),
        blocks,
        callback_id=ids.LEARNING_VIEW,
        submit=t("learning.preview_button", locale),
        private_metadata=f"{source}:{ref_id}",
    )


def learning_message(learning: PostedLearning) -> dict[str, Any]:
    """The message in the learning channel: the person's words, escaped (no mention, link or
    broadcast can come of them), under their mention when named and under nobody when not."""
    locale = learning.locale
    if learning.anonymous or learning.author is None:
        head = t("learning.posted_anonymous", locale)
    else:
        head = t("learning.posted_named", locale, user=f"<@{learning.author}>")
    words = escape(learning.text)
    return {
        "text": f"{head} {words}",
        "blocks": [section(f"{head}\n>{words}"), context(t("learning.posted_footer", locale))],
    }


def preview_modal(learning: PostedLearning, metadata: str, locale: str) -> dict[str, Any]:
    """Exactly what will be posted, with Post (the submit) and Back; `metadata` carries the
    draft to the Post."""
    blocks: list[Block] = [
        context(t("learning.preview_intro", locale, channel=f"<#{learning.channel}>")),
        divider(),
        *learning_message(learning)["blocks"],
        divider(),
        actions(button(t("learning.back", locale), ids.LEARNING_BACK)),
    ]
    return modal(
        t("learning.preview_title", locale),
        t("common.cancel", locale),
        blocks,
        callback_id=ids.LEARNING_PREVIEW_VIEW,
        submit=t("learning.post_button", locale),
        private_metadata=metadata,
    )


def shared_modal(learning: PostedLearning, locale: str) -> dict[str, Any]:
    """The answer once it is posted (or was already, for a second click)."""
    where = f"<#{learning.channel}>"
    text = t("learning.shared", locale, channel=where)
    if learning.permalink:
        text += " " + t("learning.see_it", locale, link=learning.permalink)
    return modal(t("learning.title", locale), t("common.close", locale), [section(text)])


def pending_modal(locale: str) -> dict[str, Any]:
    """While the post is on its way."""
    return modal(
        t("learning.title", locale),
        t("common.close", locale),
        [section(t("learning.posting", locale))],
    )


def failed_modal(channel: str, error_key: str, metadata: str, locale: str) -> dict[str, Any]:
    """Slack refused the post: nothing was shared; Back keeps the line to try again."""
    return modal(
        t("learning.title", locale),
        t("common.close", locale),
        [
            section(t(error_key, locale, channel=f"<#{channel}>")),
            actions(button(t("learning.back", locale), ids.LEARNING_BACK)),
        ],
        private_metadata=metadata,
    )


def gone_modal(locale: str) -> dict[str, Any]:
    """The check-in or reflection is not theirs, or the programme no longer has a channel."""
    return modal(
        t("learning.title", locale),
        t("common.close", locale),
        [section(t("learning.not_offered", locale))],
    )
