"""Someone's history of check-ins and reflections, in Home and in the history modal."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.common import (
    Block,
    actions,
    button,
    clip,
    context,
    escape,
    modal,
    section,
    slack_day,
)
from bot.blocks.groups import mention
from bot.domain import GoalCard, HistoryEntry
from bot.i18n import t

ENTRY_TEXT_MAX = 900
COMPLETED_MAX = 20


def entry_blocks(entry: HistoryEntry, viewer: str, locale: str) -> list[Block]:
    by = (
        t("history.by_you", locale)
        if entry.author == viewer
        else t("history.by", locale, user=mention(entry.author))
    )
    if entry.kind == "reflection":
        head = (
            f"*{t('history.reflection', locale)}* · {t(f'reflect.prompt.{entry.prompt}', locale)}"
        )
        note = t("history.shared" if entry.shared else "history.private", locale)
        return [
            section(f"{head}\n{escape(clip(entry.text, ENTRY_TEXT_MAX))}"),
            context(f"{by} · {note}"),
        ]
    facts = [slack_day(entry.session_date)] if entry.session_date else []
    if entry.attendance:
        facts.append(t(f"checkin.attendance.{entry.attendance}", locale))
    if entry.minutes:
        facts.append(t("history.minutes", locale, minutes=entry.minutes))
    if entry.coach:
        facts.append(t("history.coach", locale, coach=mention(entry.coach)))
    lines = [f"*{t('history.checkin', locale)}* · {' · '.join(facts)}"]
    for name in ("worked_on", "learned", "next_step"):
        text = getattr(entry, name)
        if text:
            lines.append(t(f"history.{name}", locale, text=escape(clip(text, ENTRY_TEXT_MAX))))
    notes = [by]
    if entry.rating is not None:
        notes.append(
            t("history.rating", locale, stars="★" * entry.rating + "☆" * (5 - entry.rating))
        )
    return [section("\n".join(lines)), context(" · ".join(notes))]


def history_modal(
    entries: list[HistoryEntry],
    viewer: str,
    page: int,
    more: bool,
    locale: str,
    completed: tuple[GoalCard, ...] = (),
) -> dict[str, Any]:
    blocks: list[Block] = []
    if page == 0 and completed:
        done = [f"• {escape(goal.what)}" for goal in completed[:COMPLETED_MAX]]
        blocks.append(section(f"*{t('history.completed_goals', locale)}*\n" + "\n".join(done)))
    for entry in entries:
        blocks += entry_blocks(entry, viewer, locale)
    if not entries:
        blocks.append(section(t("history.empty", locale)))
    paging = []
    if page > 0:
        paging.append(button(t("history.newer", locale), ids.HISTORY_PAGE, str(page - 1)))
    if more:
        paging.append(button(t("history.older", locale), ids.HISTORY_PAGE, str(page + 1)))
    if paging:
        blocks.append(actions(*paging))
    blocks.append(context(t("history.privacy", locale)))
    return modal(
        t("history.title", locale), t("common.close", locale), blocks, callback_id=ids.HISTORY_VIEW
    )
