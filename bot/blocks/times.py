"""Suggested meeting times, as the intro and the fortnightly prompt show them, each with its
Book button."""

from __future__ import annotations

from datetime import datetime

from bot import ids
from bot.blocks.common import Block, actions, button, context, section, slack_time
from bot.domain import SuggestedTimes
from bot.i18n import t, tn


def times_blocks(times: SuggestedTimes, locale: str) -> list[Block]:
    """The suggested times, each in the reader's own time zone; when the members' hours do not
    overlap, said so first; when no day suits, what to do instead. With the group's id, a Book
    button on each time and "Another time..." for a date and time picker."""
    if times.pair_id is None:
        return _listed(times, locale)
    key = "times.shared" if times.shared else "times.compromise"
    blocks = [section(tn(key, locale, count=times.minutes))] if times.starts else []
    blocks += [
        section(
            f"• {slack_time(start)}",
            accessory=button(
                t("booking.book", locale), ids.BOOK_SLOT, slot_value(times.pair_id, start)
            ),
        )
        for start in times.starts
    ]
    if not times.starts:
        blocks.append(section(t("times.none", locale)))
    return [
        *blocks,
        actions(button(t("booking.another", locale), ids.BOOK_OTHER, str(times.pair_id))),
        context(t("times.own_zone", locale), t("booking.book_hint", locale)),
    ]


def slot_value(pair_id: int, start: datetime) -> str:
    """A Book button's value: the group and the start (seconds since the epoch)."""
    return f"{pair_id}:{int(start.timestamp())}"


def _listed(times: SuggestedTimes, locale: str) -> list[Block]:
    if not times.starts:
        return [section(t("times.none", locale))]
    key = "times.shared" if times.shared else "times.compromise"
    lines = [tn(key, locale, count=times.minutes)]
    lines += [f"• {slack_time(start)}" for start in times.starts]
    return [section("\n".join(lines)), context(t("times.own_zone", locale))]
