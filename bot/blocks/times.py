"""Suggested meeting times, as the intro and the fortnightly prompt show them."""

from __future__ import annotations

from bot.blocks.common import Block, context, section, slack_time
from bot.domain import SuggestedTimes
from bot.i18n import t


def times_blocks(times: SuggestedTimes, locale: str) -> list[Block]:
    """The suggested times, each in the reader's own time zone; when the members' hours do not
    overlap, said so first; when no day suits, what to do instead."""
    if not times.starts:
        return [section(t("times.none", locale))]
    key = "times.shared" if times.shared else "times.compromise"
    lines = [t(key, locale, minutes=times.minutes)]
    lines += [f"• {slack_time(start)}" for start in times.starts]
    return [section("\n".join(lines)), context(t("times.own_zone", locale))]
