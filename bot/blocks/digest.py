"""The coordinators' digest: programme health at a glance, with the change since the last one.
Within Slack's limits for any size of programme: the top at-risk groups and waiting people are
named, the rest counted (the full list is in the export). A circles programme's shows its
circles in place of pairs (bot/blocks/circle_digest.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot import ids
from bot.blocks.circle_digest import circle_fields, circles_at_risk
from bot.blocks.common import (
    Block,
    actions,
    button,
    clip,
    context,
    divider,
    escape,
    header,
    labelled,
    section,
    slack_date,
)
from bot.blocks.groups import mention, mentions
from bot.blocks.resources import most_opened_blocks
from bot.domain import FEEDBACK_THRESHOLD, DigestFigures, FeedbackSummary, GoalStatus
from bot.i18n import t, tn

AT_RISK_SHOWN = 10
UNPAIRED_SHOWN = 20
LEARNINGS_SHOWN = 20  # links to this week's shared learnings; the rest counted
COMMENT_MAX = 280


def digest_message(
    figures: DigestFigures,
    previous_headline: dict[str, int] | None,
    previous_at: datetime | None,
    locale: str,
    programme_id: int | None = None,
    name: str | None = None,
) -> dict[str, Any]:
    """The programme's digest as a message: {"text", "blocks"}; `name`: the programme's, said
    when the workspace runs several."""
    change = _Change(figures.headline(), previous_headline)
    date = slack_date(figures.until)
    title = (
        t("digest.title_of", locale, programme=escape(name), date=date)
        if name
        else t("digest.title", locale, date=date)
    )
    people = labelled(
        t("digest.participants", locale),
        t(
            "digest.participants_value",
            locale,
            active=figures.active,
            paused=figures.paused,
            new=figures.new,
        )
        + change("active"),
    )
    kudos = labelled(t("digest.kudos", locale), f"{figures.kudos}{change('kudos')}")
    goals = labelled(
        t("digest.goals", locale),
        " · ".join(
            f"{t(f'goal.status.{status}', locale)} {figures.goals.get(status, 0)}"
            for status in GoalStatus
        ),
    )
    if figures.circles is not None:  # a circles programme: its circles in place of pairs
        sections = [[people, *circle_fields(figures.circles, locale, change), kudos, goals]]
        groups = circles_at_risk(figures.circles, locale)
        privacy = "circle_digest.privacy"
    else:
        sections = _pair_fields(figures, change, locale, people, kudos, goals)
        groups = _at_risk(figures, locale, programme_id) + _unpaired(figures, locale)
        privacy = "digest.privacy"
    blocks: list[Block] = [
        header(t("digest.header", locale)),
        context(
            t(
                "digest.period",
                locale,
                since=slack_date(figures.since),
                until=slack_date(figures.until),
            )
            + " "
            + (
                t("digest.since_last", locale, date=slack_date(previous_at))
                if previous_at is not None
                else t("digest.first", locale)
            )
        ),
        *({"type": "section", "fields": fields} for fields in sections),
        divider(),
        *groups,
        *most_opened_blocks(figures.top_resources, locale),
        *_learnings(figures, locale),
        divider(),
        *_feedback(figures.feedback, locale),
        context(t(privacy, locale)),
    ]
    return {"text": title, "blocks": blocks}


def _pair_fields(
    figures: DigestFigures,
    change: _Change,
    locale: str,
    people: dict[str, Any],
    kudos: dict[str, Any],
    goals: dict[str, Any],
) -> list[list[dict[str, Any]]]:
    """A pairs programme's figures, in two sections (a section holds ten fields at most)."""
    fields = [
        people,
        labelled(
            t("digest.groups", locale),
            t(
                "digest.groups_value",
                locale,
                pairs=tn("digest.groups_value_pairs", locale, count=figures.pairs),
                triads=tn("digest.groups_value_triads", locale, count=figures.triads),
            ),
        ),
        labelled(
            t("digest.met", locale),
            (
                t("digest.met_value", locale, met=figures.met, groups=figures.groups)
                + (f" ({figures.met_percent} %)" if figures.met_percent is not None else "")
                + change("met_percent", " pp")
            ),
        ),
        labelled(t("digest.checkins", locale), f"{figures.checkins}{change('checkins')}"),
        labelled(t("digest.rating", locale), _rating(figures, locale)),
        kudos,
        goals,
        labelled(t("digest.unpaired", locale), f"{len(figures.unpaired)}{change('unpaired')}"),
    ]
    booking_fields = [
        labelled(
            t("digest.booked", locale),
            t(
                "digest.booked_value",
                locale,
                sessions=figures.booked,
                groups=figures.booked_groups,
                total=tn("digest.booked_value_total", locale, count=figures.groups),
            )
            + change("booked"),
        ),
        labelled(t("digest.booked_held", locale), _booked_held(figures, locale)),
        labelled(t("digest.nothing_booked", locale), str(figures.nothing_booked)),
        labelled(t("digest.no_shared_hours", locale), str(figures.no_shared_hours)),
    ]
    return [fields, booking_fields]


class _Change:
    """ " (+3)" after a figure, against the last digest; nothing when there is none."""

    def __init__(self, now: dict[str, int], before: dict[str, int] | None) -> None:
        self.now, self.before = now, before

    def __call__(self, key: str, unit: str = "") -> str:
        if self.before is None or key not in self.before:
            return ""
        delta = self.now[key] - self.before[key]
        return f" ({delta:+d}{unit})" if delta else f" (±0{unit})"


def _rating(figures: DigestFigures, locale: str) -> str:
    if figures.rating is None:
        return t("digest.rating_few", locale, count=figures.ratings, needed=FEEDBACK_THRESHOLD)
    return tn("digest.rating_value", locale, count=figures.ratings, rating=f"{figures.rating:.1f}")


def _booked_held(figures: DigestFigures, locale: str) -> str:
    """ "n of m booked sessions were held (p %)", of this cycle's that have ended."""
    if figures.held_percent is None:
        return t("digest.booked_held_none", locale)
    return t(
        "digest.booked_held_value",
        locale,
        held=figures.booked_held,
        passed=tn("digest.booked_held_value_passed", locale, count=figures.booked_passed),
        percent=figures.held_percent,
    )


def _at_risk(figures: DigestFigures, locale: str, programme_id: int | None) -> list[Block]:
    groups = figures.at_risk
    if not groups:
        return [
            section(f"*{t('digest.at_risk', locale, count=0)}*\n{t('digest.none_at_risk', locale)}")
        ]
    blocks: list[Block] = [section(f"*{t('digest.at_risk', locale, count=len(groups))}*")]
    for group in groups[:AT_RISK_SHOWN]:
        reasons = ", ".join(t(f"digest.reason.{reason}", locale) for reason in group.reasons)
        blocks.append(
            section(
                f"{mentions(group.members, locale)}: {reasons}",
                accessory=button(t("digest.nudge", locale), ids.NUDGE_PAIR, str(group.pair_id)),
            )
        )
    more = len(groups) - AT_RISK_SHOWN
    if more > 0:
        blocks.append(context(t("digest.more_at_risk", locale, count=more)))
    blocks.append(
        actions(
            button(
                t("digest.nudge_all", locale, count=len(groups)),
                ids.NUDGE_ALL,
                "all" if programme_id is None else str(programme_id),
                "primary",
            )
        )
    )
    return blocks


def _learnings(figures: DigestFigures, locale: str) -> list[Block]:
    """How many learnings were shared this week, with links to them (never who or what)."""
    if not figures.learnings:
        return []
    links = [
        t("learning.digest_link", locale, link=link, number=number)
        for number, link in enumerate(figures.learnings, start=1)
        if link
    ]
    shown = links[:LEARNINGS_SHOWN]
    if len(links) > LEARNINGS_SHOWN:
        shown.append(t("learning.digest_more", locale, count=len(links) - LEARNINGS_SHOWN))
    line = f"*{t('learning.digest_label', locale)}:* {len(figures.learnings)}"
    return [section(line + ("\n" + " · ".join(shown) if shown else ""))]


def _unpaired(figures: DigestFigures, locale: str) -> list[Block]:
    waiting = figures.unpaired
    if not waiting:
        return []
    named = ", ".join(mention(user) for user in waiting[:UNPAIRED_SHOWN])
    more = len(waiting) - UNPAIRED_SHOWN
    tail = f" {t('digest.more_people', locale, count=more)}" if more > 0 else ""
    return [section(f"*{t('digest.waiting', locale, count=len(waiting))}*\n{named}{tail}")]


def _feedback(summary: FeedbackSummary, locale: str) -> list[Block]:
    title = f"*{tn('digest.feedback', locale, count=summary.answers)}*"
    if summary.growth is None:
        return [
            section(
                title
                + "\n"
                + t("digest.feedback_few", locale, count=summary.answers, needed=FEEDBACK_THRESHOLD)
            )
        ]
    assert summary.supported is not None and summary.recommend is not None
    assert summary.nps is not None
    lines = [
        t("digest.feedback_growth", locale, value=f"{summary.growth:.1f}"),
        t("digest.feedback_supported", locale, value=f"{summary.supported:.1f}"),
        t(
            "digest.feedback_recommend",
            locale,
            value=f"{summary.recommend:.1f}",
            nps=f"{summary.nps:+d}",
        ),
    ]
    if summary.partner_uses is not None:
        lines.append(t("digest.feedback_partner", locale, value=f"{summary.partner_uses:.1f}"))
    blocks: list[Block] = [section(f"{title}\n" + "\n".join(f"• {line}" for line in lines))]
    if summary.comments:
        quoted = "\n".join(f"> {escape(clip(c, COMMENT_MAX))}" for c in summary.comments)
        blocks.append(section(f"_{t('digest.comments', locale)}_\n{quoted}"))
    return blocks
