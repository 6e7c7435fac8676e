"""Session guides as the members and coordinators see them: a guide in a message (the intro,
the fortnightly prompt, the Booked message), `/mentor guide`'s modal that pages through a
programme's guides, and the coordinators' editor with the modal that changes one guide."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot import ids
from bot.blocks.common import (
    Block,
    actions,
    button,
    clip,
    context,
    escape,
    input_block,
    modal,
    option,
    plain,
    section,
)
from bot.config import SUPPORTED_LOCALES
from bot.domain import (
    GUIDE_NEW_MINUTES,
    GUIDE_PURPOSE_MAX,
    GUIDE_QUESTION_MAX,
    GUIDE_QUESTIONS,
    GUIDE_TITLE_MAX,
    GUIDES_MAX,
    Guide,
)
from bot.flow import Flow
from bot.i18n import t, tn


def guide_text(guide: Guide, locale: str, circle: bool = False) -> str:
    """The guide, compactly (one section's mrkdwn): its number and title, what the session is
    for, the coach's (a circle's facilitator's) questions as a short list, and the suggested
    length."""
    text = guide.text(locale)
    lines = [
        t(
            "guide.heading",
            locale,
            number=guide.number,
            total=guide.total,
            title=escape(text.title),
        ),
        f"_{escape(text.purpose)}_",
        t("guide.ask_circle" if circle else "guide.ask", locale),
        *(f"• {escape(question)}" for question in text.questions),
        tn("guide.minutes", locale, count=guide.minutes),
    ]
    return "\n".join(lines)


def guide_blocks(guide: Guide, locale: str, circle: bool = False) -> list[Block]:
    return [section(guide_text(guide, locale, circle))]


def browse_modal(
    guide: Guide, locale: str, flow: Flow, current: int | None, in_pair: bool
) -> dict[str, Any]:
    """One guide of the programme's journey with Previous / Next; `current` is the number of
    the guide of the person's next session (marked when shown), `in_pair` whether they have a
    partner in the programme."""
    blocks: list[Block] = []
    if not in_pair:
        blocks.append(context(t("guide.no_pair", locale)))
    elif guide.number == current:
        blocks.append(context(t("guide.yours", locale)))
    blocks += guide_blocks(guide, locale)
    pages = []
    if guide.number > 1:
        pages.append(button(t("guide.previous", locale), ids.GUIDE_PAGE, str(guide.number - 1)))
    if guide.number < guide.total:
        pages.append(button(t("guide.next", locale), ids.GUIDE_PAGE, str(guide.number + 1)))
    if pages:
        blocks.append(actions(*pages))
    return modal(
        t("guide.browse_title", locale),
        t("common.close", locale),
        blocks,
        callback_id=ids.GUIDE_VIEW,
        private_metadata=flow.encode(),
    )


def editor_modal(
    guides: Sequence[Guide], edited: bool, stamp: str, locale: str, flow: Flow
) -> dict[str, Any]:
    """The coordinators' editor: each guide with a menu (change, move up, move down, remove),
    "Add a guide" and "Reset to default" (when edited). Every value carries the journey's
    `stamp`, so a click on an older view of it changes nothing."""
    blocks: list[Block] = [
        section(t("guide.editor_custom" if edited else "guide.editor_default", locale))
    ]
    for guide in guides[:GUIDES_MAX]:
        text = guide.text(locale)
        line = t(
            "guide.editor_line",
            locale,
            number=guide.number,
            title=escape(text.title),
            minutes=guide.minutes,
        )
        blocks.append(section(line, _menu(guide, stamp, locale)))
    buttons = []
    if len(guides) < GUIDES_MAX:
        value = f"{len(guides) + 1}:{stamp}"
        buttons.append(button(t("guide.add", locale), ids.GUIDE_ADD, value, "primary"))
    if edited:
        reset = button(t("guide.reset", locale), ids.GUIDE_RESET, stamp, "danger")
        reset["confirm"] = {
            "title": plain(t("guide.reset_title", locale)),
            "text": plain(t("guide.reset_text", locale)),
            "confirm": plain(t("guide.reset_yes", locale)),
            "deny": plain(t("guide.reset_no", locale)),
            "style": "danger",
        }
        buttons.append(reset)
    if buttons:
        blocks.append(actions(*buttons))
    return modal(
        t("guide.editor_title", locale),
        t("common.close", locale),
        blocks,
        callback_id=ids.GUIDE_EDITOR_VIEW,
        private_metadata=flow.encode(),
    )


def _menu(guide: Guide, stamp: str, locale: str) -> dict[str, Any]:
    choices = ["change"]
    if guide.number > 1:
        choices.append("up")
    if guide.number < guide.total:
        choices.append("down")
    if guide.total > 1:
        choices.append("remove")
    return {
        "type": "overflow",
        "action_id": ids.GUIDE_MENU,
        "options": [
            option(t(f"guide.{choice}", locale), f"{choice}:{guide.number}:{stamp}")
            for choice in choices
        ],
    }


def change_modal(number: int, guide: Guide | None, locale: str, flow: Flow) -> dict[str, Any]:
    """Guide `number` (a new one when `guide` is None) in every language at once, the
    writer's own first and the only one required: title, purpose, questions (one a line), and
    the suggested minutes."""
    blocks: list[Block] = []
    own = locale if locale in SUPPORTED_LOCALES else SUPPORTED_LOCALES[0]
    for language in sorted(SUPPORTED_LOCALES, key=lambda code: code != own):
        text = dict(guide.texts).get(language) if guide is not None else None
        name = t(f"settings.language_{language}", locale)
        optional = language != own
        blocks += [
            _text(
                f"{ids.GUIDE_TITLE}_{language}",
                t("guide.title_label", locale, language=name),
                GUIDE_TITLE_MAX,
                text.title if text else None,
                optional=optional,
            ),
            _text(
                f"{ids.GUIDE_PURPOSE}_{language}",
                t("guide.purpose_label", locale, language=name),
                GUIDE_PURPOSE_MAX,
                text.purpose if text else None,
                multiline=True,
                optional=optional,
            ),
            _text(
                f"{ids.GUIDE_QUESTIONS}_{language}",
                t("guide.questions_label", locale, language=name),
                GUIDE_QUESTIONS[1] * (GUIDE_QUESTION_MAX + 1),
                "\n".join(text.questions) if text else None,
                multiline=True,
                hint=t("guide.questions_hint", locale),
                optional=optional,
            ),
        ]
    blocks.append(
        _text(
            ids.GUIDE_MINUTES,
            t("guide.minutes_label", locale),
            3,
            str(guide.minutes if guide else GUIDE_NEW_MINUTES),
            hint=t("guide.minutes_hint", locale),
        )
    )
    return modal(
        t("guide.change_title", locale, number=number),
        t("guide.back", locale),
        blocks,
        callback_id=ids.GUIDE_CHANGE_VIEW,
        submit=t("guide.save", locale),
        private_metadata=f"{number}|{flow.encode()}",
    )


def _text(
    block_id: str,
    label: str,
    limit: int,
    initial: str | None,
    *,
    multiline: bool = False,
    hint: str | None = None,
    optional: bool = False,
) -> Block:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": ids.VALUE,
        "max_length": limit,
        "multiline": multiline,
    }
    if initial:
        element["initial_value"] = clip(initial, limit)
    return input_block(block_id, label, element, hint=hint, optional=optional)
