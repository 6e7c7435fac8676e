"""The coordinators' modal that makes a circle by hand: topic, description, skills, its
smallest and largest size, and optionally its first members and who facilitates first."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.common import Block, context, escape, input_block, modal, option, plain
from bot.blocks.profile import skill_option_groups
from bot.domain import CIRCLE_DESCRIPTION_MAX, CIRCLE_SIZES, CIRCLE_SKILLS_MAX, CIRCLE_TOPIC_MAX
from bot.i18n import t

MIN_SIZE, MAX_SIZE = CIRCLE_SIZES


def new_circle_modal(locale: str, metadata: str, programme: str | None = None) -> dict[str, Any]:
    """A new circle of the programme in `metadata` (its Flow); `programme`: its name when the
    workspace runs several."""
    blocks: list[Block] = []
    if programme:
        blocks.append(context(t("circles.in_programme", locale, programme=escape(programme))))
    blocks += [
        input_block(
            ids.CIRCLE_TOPIC,
            t("circles.topic_label", locale),
            _text(CIRCLE_TOPIC_MAX, t("circles.topic_placeholder", locale)),
        ),
        input_block(
            ids.CIRCLE_DESCRIPTION,
            t("circles.description_label", locale),
            _text(CIRCLE_DESCRIPTION_MAX, t("circles.description_placeholder", locale), True),
            optional=True,
        ),
        input_block(
            ids.CIRCLE_SKILLS,
            t("circles.skills_label", locale),
            {
                "type": "multi_static_select",
                "action_id": ids.VALUE,
                "placeholder": plain(t("circles.skills_placeholder", locale)),
                "max_selected_items": CIRCLE_SKILLS_MAX,
                "option_groups": skill_option_groups(locale),
            },
            hint=t("circles.skills_hint", locale, max=CIRCLE_SKILLS_MAX),
        ),
        input_block(ids.CIRCLE_MIN_SIZE, t("circles.min_size_label", locale), _size(MIN_SIZE)),
        input_block(
            ids.CIRCLE_MAX_SIZE,
            t("circles.max_size_label", locale),
            _size(MAX_SIZE),
            hint=t("circles.size_hint", locale, min=MIN_SIZE, max=MAX_SIZE),
        ),
        input_block(
            ids.CIRCLE_MEMBERS,
            t("circles.members_label", locale),
            {"type": "multi_users_select", "action_id": ids.VALUE, "max_selected_items": MAX_SIZE},
            hint=t("circles.members_hint", locale),
            optional=True,
        ),
        input_block(
            ids.CIRCLE_FACILITATOR,
            t("circles.facilitator_label", locale),
            {"type": "users_select", "action_id": ids.VALUE},
            hint=t("circles.facilitator_hint", locale),
            optional=True,
        ),
    ]
    return modal(
        t("circles.new_title", locale),
        t("common.cancel", locale),
        blocks,
        callback_id=ids.CIRCLE_NEW_VIEW,
        submit=t("circles.create", locale),
        private_metadata=metadata,
    )


def _text(max_length: int, placeholder: str, multiline: bool = False) -> dict[str, Any]:
    return {
        "type": "plain_text_input",
        "action_id": ids.VALUE,
        "max_length": max_length,
        "multiline": multiline,
        "placeholder": plain(placeholder),
    }


def _size(chosen: int) -> dict[str, Any]:
    """A select of the sizes a circle may have, `chosen` first chosen."""
    sizes = [option(str(n), str(n)) for n in range(MIN_SIZE, MAX_SIZE + 1)]
    return {
        "type": "static_select",
        "action_id": ids.VALUE,
        "options": sizes,
        "initial_option": sizes[chosen - MIN_SIZE],
    }
