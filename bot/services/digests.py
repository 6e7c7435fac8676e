"""When a digest is due, and the record of the ones posted (each scheduled one once)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.domain import ProgrammeSettings
from bot.models import Digest, Programme, Workspace
from bot.services import programmes
from bot.services.sql import insert_ignore

EPOCH_MONDAY = date(2024, 1, 1)  # "every other week" counts weeks from here
LATE_LIMIT = timedelta(hours=12)  # a slot missed by more (the bot was down) is skipped
RETRY_AFTER = timedelta(minutes=10)  # a claimed digest not posted by then is tried again


@dataclass(frozen=True)
class Due:
    team_id: str
    programme_id: int
    period: str
    channel: str


@dataclass(frozen=True)
class Previous:
    posted_at: datetime
    headline: dict[str, int]


def latest_slot(chosen: ProgrammeSettings, now: datetime) -> datetime | None:
    """The most recent scheduled moment at or before `now` (aware UTC), or None when the
    digest is only posted on demand. Slots fall on the chosen weekday and hour in the
    programme's zone, every N weeks counted from a fixed Monday."""
    every = chosen.digest_every_weeks
    if every <= 0:
        return None
    try:
        zone = ZoneInfo(chosen.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    today = now.astimezone(zone).date()
    for back in range(7 * every + 1):
        day = today - timedelta(days=back)
        if day.weekday() != chosen.digest_weekday:
            continue
        if ((day - EPOCH_MONDAY).days // 7) % every:
            continue
        slot = datetime.combine(day, time(chosen.digest_hour), zone)
        if slot <= now:
            return slot.astimezone(now.tzinfo)
    return None


def due(session: Session, now: datetime, default_channel: str | None = None) -> list[Due]:
    """Scheduled digests to post now: a slot passed less than LATE_LIMIT ago and not yet
    claimed, or claimed but not posted after RETRY_AFTER (its poster died), for each open
    programme. A programme that chose no channel uses `default_channel`
    (MENTOR_DIGEST_CHANNEL), if there is one."""
    found: list[Due] = []
    scheduled = session.execute(
        select(Programme.team_id, Programme.id)
        .join(Workspace, Workspace.team_id == Programme.team_id)
        .where(
            Programme.digest_every_weeks > 0,
            Programme.closed_at.is_(None),
            Workspace.uninstalled_at.is_(None),
        )
        .order_by(Programme.id)
    )
    for team_id, programme_id in scheduled.all():
        chosen = programmes.settings_of(session, programme_id, default_channel)
        channel = chosen.digest_channel
        slot = latest_slot(chosen, now)
        if slot is None or now - slot > LATE_LIMIT or channel is None:
            continue
        period = slot.isoformat()
        row = session.scalar(
            select(Digest).where(Digest.programme_id == programme_id, Digest.period == period)
        )
        stuck = (
            row is not None
            and row.posted_at is None
            and row.error is None
            and now - row.claimed_at > RETRY_AFTER
        )
        if row is None or stuck:
            found.append(Due(team_id, programme_id, period, channel))
    return found


def claim(
    session: Session,
    team_id: str,
    programme_id: int,
    period: str | None,
    channel: str,
    headline: dict[str, Any],
    now: datetime,
) -> int | None:
    """The digest's row, claimed for posting; None when another poster has it. A period of
    None is an on-demand digest (always its own)."""
    period = period or f"manual/{uuid.uuid4().hex}"
    inserted = insert_ignore(
        session,
        Digest,
        team_id=team_id,
        programme_id=programme_id,
        period=period,
        channel=channel,
        figures=headline,
        claimed_at=now,
    )
    row = session.scalar(
        select(Digest).where(Digest.programme_id == programme_id, Digest.period == period)
    )
    if row is None or row.posted_at is not None or row.error is not None:
        return None
    if not inserted:  # claimed before: take it over only if its poster died
        taken = session.execute(
            update(Digest)
            .where(Digest.id == row.id, Digest.claimed_at < now - RETRY_AFTER)
            .values(claimed_at=now, figures=headline)
        ).rowcount
        if not taken:
            return None
    return row.id


def mark_posted(session: Session, digest_id: int, ts: str, now: datetime) -> None:
    session.execute(update(Digest).where(Digest.id == digest_id).values(ts=ts, posted_at=now))


def mark_failed(session: Session, digest_id: int, error: str) -> None:
    session.execute(update(Digest).where(Digest.id == digest_id).values(error=error[:64]))


def previous(session: Session, programme_id: int, before: datetime) -> Previous | None:
    """The last digest posted before `before`: what the next one shows the change from."""
    row = session.scalars(
        select(Digest)
        .where(
            Digest.programme_id == programme_id,
            Digest.posted_at.is_not(None),
            Digest.posted_at < before,
        )
        .order_by(Digest.posted_at.desc(), Digest.id.desc())
        .limit(1)
    ).first()
    if row is None or row.posted_at is None:
        return None
    return Previous(row.posted_at, {k: int(v) for k, v in row.figures.items()})
