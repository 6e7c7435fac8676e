"""Posting the digest to the coordinators' channel, with its chart in the thread."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from slack_sdk import WebClient

from bot.blocks.digest import digest_message
from bot.blocks.enrolment import programme_name
from bot.deps import Deps
from bot.domain import DigestFigures, ProgrammeCard
from bot.i18n import t
from bot.jobs.chart import meeting_rate_chart
from bot.services import digest_figures, digests, programmes
from bot.slack import notify


class Posted(enum.StrEnum):
    POSTED = "posted"
    NO_CHANNEL = "no_channel"  # no channel is set in the settings
    ALREADY = "already"  # this scheduled digest is posted, or being posted, by another
    NOT_IN_CHANNEL = "not_in_channel"  # a private channel the bot was not invited to
    FAILED = "failed"


@dataclass(frozen=True)
class Outcome:
    posted: Posted
    channel: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class Computed:
    """A programme's digest before it is rendered: its figures as of now, its last digest's
    headline, its language, and the programme when the workspace runs several (it is named)."""

    programme_id: int
    figures: DigestFigures
    previous: digests.Previous | None
    locale: str
    named: ProgrammeCard | None


def compute(deps: Deps, programme_id: int) -> Computed:
    now = deps.clock()
    with deps.sessions.begin() as session:
        chosen = programmes.settings_of(session, programme_id)
        figures = digest_figures.figures(session, programme_id, now, chosen.cadence_days)
        previous = digests.previous(session, programme_id, now)
        named = programmes.card_if_several(session, programme_id)
    locale = chosen.locale or deps.settings.default_locale
    return Computed(programme_id, figures, previous, locale, named)


def render(computed: Computed, locale: str | None = None) -> dict[str, Any]:
    """The digest in the programme's language, or in `locale` (a coordinator's preview)."""
    previous, locale = computed.previous, locale or computed.locale
    named = computed.named
    return digest_message(
        computed.figures,
        previous.headline if previous else None,
        previous.posted_at if previous else None,
        locale,
        computed.programme_id,
        programme_name(named, locale) if named is not None else None,
    )


def post_digest(
    deps: Deps, client: WebClient, team_id: str, programme_id: int, period: str | None = None
) -> Outcome:
    """Post the programme's digest now; `period` names a scheduled slot (posted once), None
    posts one on demand."""
    with deps.sessions.begin() as session:
        channel = programmes.settings_of(
            session, programme_id, deps.settings.digest_channel
        ).digest_channel
    if channel is None:
        return Outcome(Posted.NO_CHANNEL)
    computed = compute(deps, programme_id)
    figures, locale = computed.figures, computed.locale
    with deps.sessions.begin() as session:
        digest_id = digests.claim(
            session, team_id, programme_id, period, channel, figures.headline(), deps.clock()
        )
    if digest_id is None:
        return Outcome(Posted.ALREADY, channel)
    message = render(computed)
    ts, code = notify.post_or_error(client, channel, message)
    if ts is None:
        code = code or "unknown"
        with deps.sessions.begin() as session:
            digests.mark_failed(session, digest_id, code)
        gone = code in {"not_in_channel", "channel_not_found"}
        return Outcome(Posted.NOT_IN_CHANNEL if gone else Posted.FAILED, channel, code)
    with deps.sessions.begin() as session:
        digests.mark_posted(session, digest_id, ts, deps.clock())
    _upload_chart(client, channel, ts, figures, locale)
    return Outcome(Posted.POSTED, channel)


def _upload_chart(
    client: WebClient, channel: str, ts: str, figures: DigestFigures, locale: str
) -> None:
    """The meeting rate per cycle (of pairs, or circles) as a PNG in the digest's thread (files
    upload v2). The digest stands without it, so a failure is logged, not raised."""
    cycle = (figures.until - figures.since).days
    labels = tuple(
        _label(figures.until.date() - timedelta(days=cycle * k))
        for k in reversed(range(len(figures.meeting_rates)))
    )
    words = "digest" if figures.circles is None else "circle_digest"  # of pairs or circles
    png = meeting_rate_chart(
        figures.meeting_rates,
        labels,
        t(f"{words}.chart_title", locale, days=cycle),
        t(f"{words}.chart_no_groups", locale),
    )
    notify.share_file(
        client,
        channel,
        png,
        filename="meeting-rate.png",
        title=t(f"{words}.chart_title", locale, days=cycle),
        thread_ts=ts,
        alt_text=t(f"{words}.chart_alt", locale),
    )


def _label(day: date) -> str:
    """A cycle's last day, as day/month (read the same in English and Swedish)."""
    return f"{day.day}/{day.month}"
