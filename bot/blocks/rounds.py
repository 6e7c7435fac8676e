"""The coordinator's round: options, preview, and the outcome of confirming."""

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
    section,
)
from bot.blocks.groups import mention, mentions, reason_line
from bot.domain import PairingMode, RoundOptions, RoundPreview
from bot.flow import Flow
from bot.i18n import t, tn

PREVIEW_SECTIONS_MAX = 40  # leaves room under the 100-block limit for the rest of the view


def options_modal(
    locale: str,
    options: RoundOptions,
    eligible: int,
    flow: Flow | None = None,
    mentoring: bool = False,
) -> dict[str, Any]:
    """A new round's options; `flow` (private_metadata) names the programme it pairs. A
    mentoring programme's round gives each mentee a mentor (each mentor up to their number of
    mentees): it has no mode or group size to choose."""
    how = (
        [context(t("pair.mentoring_round", locale))]
        if mentoring
        else _mode_and_size(options, locale)
    )
    return modal(
        t("pair.options_title", locale),
        t("common.cancel", locale),
        [
            section(tn("pair.eligible", locale, count=eligible)),
            *how,
            input_block(
                ids.RECENT_ROUNDS,
                t("pair.recent_label", locale),
                {
                    "type": "number_input",
                    "action_id": ids.VALUE,
                    "is_decimal_allowed": False,
                    "min_value": "0",
                    "max_value": "52",
                    "initial_value": str(options.recent_rounds),
                },
                hint=t("pair.recent_hint", locale),
            ),
            input_block(
                ids.ROUND_WEEKS,
                t("pair.weeks_label", locale),
                {
                    "type": "number_input",
                    "action_id": ids.VALUE,
                    "is_decimal_allowed": False,
                    "min_value": "1",
                    "max_value": "52",
                    "initial_value": str(options.round_weeks),
                },
            ),
        ],
        callback_id=ids.ROUND_OPTIONS_VIEW,
        submit=t("pair.preview_submit", locale),
        private_metadata=(flow or Flow()).encode(),
    )


def _mode_and_size(options: RoundOptions, locale: str) -> list[Block]:
    mode_options = [
        option(t(f"mode.{m}", locale), m.value, t(f"mode.{m}_hint", locale)) for m in PairingMode
    ]
    sizes = [option(t(f"pair.size_{n}", locale), str(n)) for n in (2, 3)]
    return [
        input_block(
            ids.MODE,
            t("pair.mode_label", locale),
            {
                "type": "radio_buttons",
                "action_id": ids.VALUE,
                "options": mode_options,
                "initial_option": mode_options[list(PairingMode).index(options.mode)],
            },
        ),
        input_block(
            ids.GROUP_SIZE,
            t("pair.size_label", locale),
            {
                "type": "radio_buttons",
                "action_id": ids.VALUE,
                "options": sizes,
                "initial_option": sizes[0 if options.group_size == 2 else 1],
            },
        ),
    ]


def working_modal(locale: str, text_key: str) -> dict[str, Any]:
    """Shown while a preview or a confirmation is worked out (it takes a moment)."""
    return message_modal(
        t("pair.options_title", locale),
        f":hourglass_flowing_sand: {t(text_key, locale)}",
        t("common.close", locale),
    )


def preview_modal(locale: str, draft: RoundPreview) -> dict[str, Any]:
    groups = draft.groups
    triads = sum(len(g.members) == 3 for g in groups)
    people = sum(len(g.members) for g in groups)
    blocks: list[Block] = [
        header(t("pair.preview_header", locale, mode=t(f"mode.{draft.options.mode}", locale))),
    ]
    summary = t(
        "pair.preview_summary",
        locale,
        pairs=tn("pair.preview_summary_pairs", locale, count=len(groups) - triads),
        triads=tn("pair.preview_summary_triads", locale, count=triads),
        people=tn("pair.preview_summary_people", locale, count=people),
        unplaced=len(draft.unplaced),
    )
    total = t("pair.preview_total", locale, score=f"{draft.total_score:g}")
    blocks.append(section(f"{summary}\n{total}"))
    lines = [f"• {mentions(g.members, locale)}: {reason_line(g, locale)}" for g in groups]
    chunks = _chunks(lines, SECTION_TEXT_MAX)
    blocks += [section(chunk) for chunk in chunks[:PREVIEW_SECTIONS_MAX]]
    shown = sum(chunk.count("\n") + 1 for chunk in chunks[:PREVIEW_SECTIONS_MAX])
    if shown < len(lines):
        blocks.append(context(tn("pair.preview_more", locale, count=len(lines) - shown)))
    if draft.unplaced:
        unplaced = [
            f"• {mention(user)}: {t(f'pair.reason.{why}', locale)}" for user, why in draft.unplaced
        ]
        first = _chunks(unplaced, SECTION_TEXT_MAX - 100)
        blocks.append(section(f"*{t('pair.unplaced_header', locale)}*\n{first[0]}"))
        if len(first) > 1:
            more = len(unplaced) - first[0].count("\n") - 1
            blocks.append(context(tn("pair.preview_more_people", locale, count=more)))
    blocks.append(context(tn("pair.confirm_note", locale, count=draft.options.round_weeks)))
    return modal(
        t("pair.preview_title", locale),
        t("common.cancel", locale),
        blocks,
        callback_id=ids.ROUND_PREVIEW_VIEW,
        submit=t("pair.confirm_submit", locale),
        private_metadata=draft.draft_id,
    )


def result_modal(locale: str, text: str) -> dict[str, Any]:
    """The outcome of a round's options or confirmation."""
    return message_modal(t("pair.options_title", locale), text, t("common.close", locale))


def _chunks(lines: list[str], limit: int) -> list[str]:
    """Lines joined into texts of at most `limit` characters each."""
    chunks: list[str] = []
    current = ""
    for line in lines:
        line = line[:limit]
        if current and len(current) + 1 + len(line) > limit:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        chunks.append(current)
    return chunks
