"""A circles programme on the App Home: the member's circle (topic, members, who facilitates
next, its channel) or a way to browse the open ones; its coordinators' circle counts."""

from __future__ import annotations

from bot import ids
from bot.blocks.common import Block, actions, button, context, divider, escape, section
from bot.blocks.groups import mention, mentions
from bot.domain import DigestFigures, HomeCircle
from bot.i18n import t


def circle_blocks(circle: HomeCircle | None, locale: str, programme_id: int | None) -> list[Block]:
    """The person's circle, or (in none) the Browse circles button; `programme_id`: the
    programme the button browses (None: the workspace's)."""
    blocks: list[Block] = [divider(), section(f"*{t('circle_home.header', locale)}*")]
    if circle is None:
        value = None if programme_id is None else str(programme_id)
        return [
            *blocks,
            context(t("circle_home.none", locale)),
            actions(button(t("circle_home.browse", locale), ids.CIRCLES_BROWSE, value, "primary")),
        ]
    lines = [
        f"*{escape(circle.topic)}*",
        t("circle_home.members", locale, people=mentions(circle.members, locale)),
    ]
    if circle.next_facilitator is not None:
        lines.append(t("circle_home.next", locale, user=mention(circle.next_facilitator)))
    lines.append(
        t("circle_home.channel", locale, channel=f"<#{circle.channel_id}>")
        if circle.channel_id
        else t("circle_home.no_channel", locale)
    )
    return [*blocks, section("\n".join(lines))]


def circle_numbers(figures: DigestFigures, locale: str) -> list[tuple[str, str]]:
    """The coordinators' panel figures of a circles programme: (label, value) pairs."""
    circles = figures.circles
    assert circles is not None
    held, came = circles.held_percent, circles.attendance_percent
    return [
        (t("circle_home.circles", locale), str(circles.active)),
        (t("circle_home.in_circles", locale), str(circles.members)),
        (t("circle_home.held", locale), f"{held} %" if held is not None else "-"),
        (t("circle_home.attendance", locale), f"{came} %" if came is not None else "-"),
        (t("circle_home.at_risk", locale), str(len(circles.at_risk))),
    ]
