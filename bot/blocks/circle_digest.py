"""The parts of the digest a circles programme shows in place of the pairs': its circles, the
share that held a session, the attendance and the circles at risk, by topic. Counts only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.blocks.common import Block, clip, context, escape, labelled, section
from bot.domain import CircleFigures
from bot.i18n import t, tn

AT_RISK_SHOWN = 10

Change = Callable[..., str]  # " (+3)" after a headline figure, against the last digest


def circle_fields(circles: CircleFigures, locale: str, change: Change) -> list[dict[str, Any]]:
    """The circle figures, as a section's fields."""
    of = tn("circle_digest.held_value_circles", locale, count=circles.active)
    held = t("circle_digest.held_value", locale, held=circles.held, circles=of)
    if circles.held_percent is not None:
        held += f" ({circles.held_percent} %)"
    attendance = (
        t(
            "circle_digest.attendance_value",
            locale,
            attended=circles.attended,
            expected=tn("circle_digest.attendance_value_places", locale, count=circles.expected),
            percent=circles.attendance_percent,
        )
        if circles.attendance_percent is not None
        else t("circle_digest.attendance_none", locale)
    )
    return [
        labelled(
            t("circle_digest.circles", locale),
            t(
                "circle_digest.circles_value",
                locale,
                circles=tn("circle_digest.circles_value_open", locale, count=circles.active),
                people=tn("circle_digest.circles_value_people", locale, count=circles.members),
            )
            + change("circles"),
        ),
        labelled(t("circle_digest.held", locale), held + change("circles_held_percent", " pp")),
        labelled(
            t("circle_digest.attendance", locale),
            attendance + change("circle_attendance_percent", " pp"),
        ),
    ]


def circles_at_risk(circles: CircleFigures, locale: str) -> list[Block]:
    """The circles that may need help, by topic with a link to their channel, and why."""
    found = circles.at_risk
    title = f"*{t('circle_digest.at_risk', locale, count=len(found))}*"
    if not found:
        return [section(f"{title}\n{t('circle_digest.none_at_risk', locale)}")]
    lines = []
    for circle in found[:AT_RISK_SHOWN]:
        reasons = ", ".join(
            t(f"circle_digest.reason.{reason}", locale) for reason in circle.reasons
        )
        where = f" (<#{circle.channel_id}>)" if circle.channel_id else ""
        lines.append(f"• *{escape(circle.topic)}*{where}: {reasons}")
    blocks: list[Block] = [section(clip(title + "\n" + "\n".join(lines), 3000))]
    more = len(found) - AT_RISK_SHOWN
    if more > 0:
        blocks.append(context(t("circle_digest.more_at_risk", locale, count=more)))
    return blocks
