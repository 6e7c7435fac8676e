"""The fortnightly prompt, the gentle reminder and the round's wrap-up, as DMs."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.common import (
    Block,
    actions,
    button,
    context,
    escape,
    header,
    section,
    slack_time,
)
from bot.blocks.groups import mention, mentions
from bot.blocks.guide import guide_blocks
from bot.blocks.times import times_blocks
from bot.domain import OutboxKind, RhythmNote
from bot.i18n import t, tn


def rhythm_message(note: RhythmNote, viewer: str, locale: str) -> dict[str, Any]:
    if note.kind is OutboxKind.PROMPT:
        return _prompt(note, viewer, locale)
    if note.kind in (OutboxKind.REMINDER, OutboxKind.NUDGE):
        text = t(f"rhythm.{note.kind}", locale, partners=mentions(note.partners, locale))
        return {
            "text": text,
            "blocks": [
                section(text),
                actions(_checkin_button(note, locale)),
            ],
        }
    if note.kind is OutboxKind.SURVEY:
        text = t("feedback.invite", locale)
        return {"text": text, "blocks": [section(text), *_survey_blocks(note, locale)]}
    text = t(
        "rhythm.wrapup",
        locale,
        round=note.round_number,
        sessions=tn("rhythm.wrapup_sessions", locale, count=note.sessions_held),
        goals=tn("rhythm.wrapup_goals", locale, count=note.goals_completed),
    )
    blocks = [
        section(text),
        *_survey_blocks(note, locale),
        context(t("rhythm.wrapup_next", locale)),
    ]
    return {"text": text, "blocks": blocks}


def _survey_blocks(note: RhythmNote, locale: str) -> list[Block]:
    """The anonymous survey's button, and the promise that goes with it."""
    if note.survey is None:
        return []
    value = note.survey if note.programme_id is None else f"{note.programme_id}:{note.survey}"
    return [
        actions(button(t("feedback.open", locale), ids.OPEN_FEEDBACK, value, style="primary")),
        context(t("feedback.promise", locale)),
    ]


def snoozed_message(until: str, locale: str) -> dict[str, Any]:
    text = t("rhythm.snoozed", locale, date=until)
    return {"text": text, "blocks": [section(text)]}


def _prompt(note: RhythmNote, viewer: str, locale: str) -> dict[str, Any]:
    title = t("rhythm.prompt_header", locale)
    lines = [t("rhythm.prompt_intro", locale, partners=mentions(note.partners, locale))]
    if note.coach:
        key = "mine.coach_you" if note.coach == viewer else "mine.coach_other"
        lines.append(t(key, locale, coach=mention(note.coach)))
    blocks: list[Block] = [header(title), section("\n".join(lines))]
    prompt = note.prompt
    if prompt is not None:
        reflection = [f"*{t(f'reflect.prompt.{prompt.key}', locale)}*"]
        if prompt.goal:
            reflection.append(t("reflect.goal", locale, goal=escape(prompt.goal)))
        if prompt.next_step:
            reflection.append(t("reflect.next_step", locale, step=escape(prompt.next_step)))
        blocks.append(section("\n".join(reflection)))
    if note.guide is not None:
        blocks += guide_blocks(note.guide, locale)
    if note.next_session is not None:
        blocks.append(section(t("rhythm.next_session", locale, time=slack_time(note.next_session))))
    elif note.times is not None:
        blocks += times_blocks(note.times, locale)
    goal_button = (
        button(t("rhythm.update_goal", locale), ids.OPEN_GOAL_UPDATE)
        if note.has_open_goal
        else button(t("home.goal_button", locale), ids.OPEN_GOAL)
    )
    blocks += [
        actions(
            _checkin_button(note, locale),
            button(t("home.reflect_button", locale), ids.OPEN_REFLECT),
            goal_button,
            button(
                t("rhythm.snooze", locale),
                ids.SNOOZE,
                None if note.programme_id is None else str(note.programme_id),
            ),
        ),
        context(t("rhythm.why", locale)),
    ]
    return {"text": title, "blocks": blocks}


def _checkin_button(note: RhythmNote, locale: str) -> dict[str, Any]:
    """Log a check-in of the group the message is about (its value: the pair)."""
    value = None if note.pair_id is None else str(note.pair_id)
    return button(t("home.checkin_button", locale), ids.OPEN_CHECKIN, value, "primary")
