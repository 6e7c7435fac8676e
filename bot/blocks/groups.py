"""How a pair or triad is described: who helps whom with what, departments, shared hours."""

from __future__ import annotations

from bot.blocks.common import escape
from bot.blocks.profile import skill_list
from bot.domain import GroupSummary
from bot.i18n import t


def mention(user_id: str) -> str:
    return f"<@{user_id}>"


def mentions(user_ids: tuple[str, ...] | list[str], locale: str) -> str:
    return listing([mention(u) for u in user_ids], locale)


def listing(items: list[str], locale: str) -> str:
    """ "a", "a and b", "a, b and c" in the reader's language."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {t('common.and', locale)} {items[-1]}"


def reason_line(group: GroupSummary, locale: str) -> str:
    """One line on why these people were put together."""
    parts = [
        t(
            "group.exchange",
            locale,
            giver=mention(e.giver),
            taker=mention(e.taker),
            skills=skill_list(e.skills, locale),
        )
        for e in group.exchanges
    ] or [t("group.fresh_eyes", locale)]
    if len(set(group.departments)) > 1:
        names = [escape(d) for d in group.departments]
        parts.append(t("group.across", locale, departments=listing(names, locale)))
    if group.shared_hours is not None:
        parts.append(t("group.shared_hours", locale, hours=f"{group.shared_hours:g}"))
    return " · ".join(parts)
