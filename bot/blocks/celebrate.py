"""The DM that celebrates a goal the person just completed, with what comes next."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.common import Block, actions, button, context, escape, section
from bot.domain import RECENTLY_COMPLETED_DAYS, GoalCard
from bot.i18n import t, tn

CELEBRATED_MAX = 20  # a section each; a nudge's modal moves at most 20 goals


def goals_completed(done: tuple[GoalCard, ...], locale: str) -> dict[str, Any]:
    """The celebration: each goal completed, what comes next, a button for the next goal."""
    if len(done) == 1:
        text = t("goal.completed_text", locale, goal=escape(done[0].what))
    else:
        text = t("goal.completed_text_many", locale, count=len(done))
    blocks: list[Block] = [
        section(t("goal.completed_line", locale, goal=escape(goal.what)))
        for goal in done[:CELEBRATED_MAX]
    ]
    blocks += [
        context(tn("goal.completed_next", locale, count=RECENTLY_COMPLETED_DAYS)),
        actions(button(t("goal.next_goal_button", locale), ids.OPEN_GOAL, style="primary")),
    ]
    return {"text": text, "blocks": blocks}
