"""A coordinator forming circles: the topics and sizes, the preview to check (each circle, its
members and why each is in it; whoever is left out and why; the fit), the outcome, and the DM
to someone left out."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.common import (
    SECTION_TEXT_MAX,
    Block,
    context,
    header,
    input_block,
    message_modal,
    modal,
    option,
    plain,
    section,
)
from bot.blocks.groups import listing, mention
from bot.blocks.profile import skill_option_groups
from bot.circle_forms import MAX_CIRCLES_MAX, TOPICS_MAX, CirclePreview, FormPreview, PlacementView
from bot.domain import CIRCLE_SIZES, CIRCLE_SKILLS_MAX, CIRCLE_TOPIC_MAX
from bot.flow import Flow
from bot.i18n import t, tn

PREVIEW_CIRCLES_MAX = 40  # sections of circles a preview shows: the rest are counted
UNPLACED_TEXT_MAX = SECTION_TEXT_MAX - 200  # the unplaced's section, with room for its title


def form_modal(locale: str, placeable: int, flow: Flow) -> dict[str, Any]:
    """The topics (each skill chosen is a topic named after it, and one of the coordinator's
    own: a name and its skills), the circles' sizes, a limit of circles per topic, and whether
    open circles with room are filled too."""
    low, high = CIRCLE_SIZES

    def size(block_id: str, label: str, initial: int) -> Block:
        return input_block(
            block_id,
            t(label, locale),
            {
                "type": "number_input",
                "action_id": ids.VALUE,
                "is_decimal_allowed": False,
                "min_value": str(low),
                "max_value": str(high),
                "initial_value": str(initial),
            },
        )

    return modal(
        t("circle_form.title", locale),
        t("common.cancel", locale),
        [
            section(tn("circle_form.placeable", locale, count=placeable)),
            input_block(
                ids.CIRCLE_FORM_SKILLS,
                t("circle_form.skills_label", locale),
                {
                    "type": "multi_static_select",
                    "action_id": ids.VALUE,
                    "option_groups": skill_option_groups(locale),
                    "max_selected_items": TOPICS_MAX,
                    "placeholder": plain(t("circle_form.skills_placeholder", locale)),
                },
                hint=t("circle_form.skills_hint", locale),
                optional=True,
            ),
            input_block(
                ids.CIRCLE_FORM_NAME,
                t("circle_form.name_label", locale),
                {
                    "type": "plain_text_input",
                    "action_id": ids.VALUE,
                    "max_length": CIRCLE_TOPIC_MAX,
                },
                hint=t("circle_form.name_hint", locale),
                optional=True,
            ),
            input_block(
                ids.CIRCLE_FORM_NAME_SKILLS,
                t("circle_form.name_skills_label", locale),
                {
                    "type": "multi_static_select",
                    "action_id": ids.VALUE,
                    "option_groups": skill_option_groups(locale),
                    "max_selected_items": CIRCLE_SKILLS_MAX,
                    "placeholder": plain(t("circle_form.skills_placeholder", locale)),
                },
                optional=True,
            ),
            size(ids.CIRCLE_FORM_MIN, "circle_form.min_label", low),
            size(ids.CIRCLE_FORM_MAX, "circle_form.max_label", high),
            input_block(
                ids.CIRCLE_FORM_MAX_CIRCLES,
                t("circle_form.max_circles_label", locale),
                {
                    "type": "number_input",
                    "action_id": ids.VALUE,
                    "is_decimal_allowed": False,
                    "min_value": "1",
                    "max_value": str(MAX_CIRCLES_MAX),
                },
                hint=t("circle_form.max_circles_hint", locale),
                optional=True,
            ),
            input_block(
                ids.CIRCLE_FORM_FILL,
                t("circle_form.fill_label", locale),
                {
                    "type": "checkboxes",
                    "action_id": ids.VALUE,
                    "options": [option(t("circle_form.fill_option", locale), "fill")],
                },
                optional=True,
            ),
        ],
        callback_id=ids.CIRCLE_FORM_VIEW,
        submit=t("circle_form.preview_submit", locale),
        private_metadata=flow.encode(),
    )


def working_modal(locale: str, text_key: str) -> dict[str, Any]:
    """Shown while a preview or a confirmation is worked out."""
    return message_modal(
        t("circle_form.title", locale),
        f":hourglass_flowing_sand: {t(text_key, locale)}",
        t("common.close", locale),
    )


def result_modal(locale: str, text: str) -> dict[str, Any]:
    return message_modal(t("circle_form.title", locale), text, t("common.close", locale))


def preview_modal(locale: str, draft: FormPreview) -> dict[str, Any]:
    made = sum(c.circle_id is None for c in draft.circles)
    people = sum(len(c.newcomers) for c in draft.circles)
    summary = t(
        "circle_form.preview_summary",
        locale,
        made=made,
        filled=len(draft.circles) - made,
        people=people,
        unplaced=len(draft.unplaced),
    )
    fit = t("circle_form.fit", locale, percent=round(100 * draft.fit))
    blocks: list[Block] = [
        header(t("circle_form.preview_header", locale)),
        section(f"{summary}\n{fit}"),
    ]
    blocks += [section(circle_text(c, locale)) for c in draft.circles[:PREVIEW_CIRCLES_MAX]]
    if len(draft.circles) > PREVIEW_CIRCLES_MAX:
        more = len(draft.circles) - PREVIEW_CIRCLES_MAX
        blocks.append(context(tn("circle_form.more_circles", locale, count=more)))
    if draft.unplaced:
        blocks += _unplaced(draft.unplaced, locale)
    if not draft.circles:
        blocks.append(section(t("circle_form.nothing", locale)))
    blocks.append(context(t("circle_form.confirm_note", locale)))
    return modal(
        t("circle_form.preview_title", locale),
        t("common.cancel", locale),
        blocks,
        callback_id=ids.CIRCLE_FORM_PREVIEW_VIEW,
        submit=t("circle_form.confirm_submit", locale),
        private_metadata=draft.draft_id,
    )


def circle_text(circle: CirclePreview, locale: str) -> str:
    """A circle of the preview: its topic, size and common hours, then each member (only the
    newcomers of an open circle it fills) and why they are in it, its first facilitator
    first."""
    hours = _hours(circle.common_hours, locale)
    if circle.circle_id is None:
        title = tn(
            "circle_form.circle_new",
            locale,
            topic=circle.topic,
            count=len(circle.placements),
            hours=hours,
        )
        shown = circle.placements
    else:
        title = tn(
            "circle_form.circle_filled",
            locale,
            topic=circle.topic,
            count=len(circle.newcomers),
            size=tn("circle_form.circle_filled_size", locale, count=len(circle.placements)),
            hours=hours,
        )
        shown = circle.newcomers
    lines = [title]
    lines += [
        _member(p, locale, first=circle.circle_id is None and n == 0) for n, p in enumerate(shown)
    ]
    return "\n".join(lines)


def _member(p: PlacementView, locale: str, *, first: bool) -> str:
    skills = listing([t(f"skill.{s}", locale) for s in p.skills], locale) or t(
        "circle_form.no_skills", locale
    )
    if p.shared_hours is None:
        why = t("circle_form.member_no_hours", locale, skills=skills)
    else:
        why = t("circle_form.member", locale, skills=skills, hours=_hours(p.shared_hours, locale))
    marks = []
    if first:
        marks.append(t("circle_form.facilitates_first", locale))
    if p.first_in_line:
        marks.append(t("circle_form.first_in_line", locale))
    extra = f" ({', '.join(marks)})" if marks else ""
    return f"• {mention(p.user_id)}{extra}: {why}"


def _hours(hours: float | None, locale: str) -> str:
    if hours is None:
        return t("circle_form.hours_unknown", locale)
    return t("circle_form.hours", locale, hours=f"{hours:g}")


def _unplaced(unplaced: tuple[tuple[str, str], ...], locale: str) -> list[Block]:
    """Whoever is left out and why, in one section; when too many for it, the rest counted."""
    lines = [
        f"• {mention(user)}: {t(f'circle_form.reason.{why}', locale)}" for user, why in unplaced
    ]
    shown: list[str] = []
    size = 0
    for line in lines:
        if size + len(line) + 1 > UNPLACED_TEXT_MAX:
            break
        shown.append(line)
        size += len(line) + 1
    blocks = [section(f"*{t('circle_form.unplaced_header', locale)}*\n" + "\n".join(shown))]
    if len(shown) < len(lines):
        blocks.append(context(tn("circle_form.more_people", locale, count=len(lines) - len(shown))))
    return blocks


def unplaced_message(reason: str, locale: str) -> dict[str, Any]:
    """The DM to someone a formation could not place: why, and that they are first next time."""
    text = t("circle_form.unplaced_dm", locale, reason=t(f"circle_form.dm_reason.{reason}", locale))
    return {"text": text, "blocks": [section(text)]}
