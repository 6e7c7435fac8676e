"""The outbox: claiming due messages for sending, and recording what Slack answered.

A row is claimed in a short transaction (FOR UPDATE SKIP LOCKED on PostgreSQL, so several
senders never take the same row), sent outside any transaction, and its outcome recorded in
another. A row whose earlier attempt may have reached Slack (a crash while sending, a timeout,
a 5xx) is marked unconfirmed, and the sender looks for it in Slack before sending it again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, func, select, update
from sqlalchemy.orm import Session, object_session

from bot.domain import OutboxKind, OutboxStatus
from bot.models import Member, Outbox, Pair, Unpaired
from bot.services import members
from bot.services.sql import insert_ignore
from bot.services.working_hours import Hours, next_open

STALE_CLAIM = timedelta(minutes=5)  # a claim older than this was lost with its sender
MAX_ATTEMPTS = 8
# Slack may have the message: a lost sender, a timeout, a 5xx, or a failure after the post
UNCONFIRMED = ("unconfirmed", "timeout", "server_error", "unexpected")
# Kinds that are no message to the person now, so they never wait for working hours: a
# reminder is scheduled in Slack at once (the message itself posts 15 minutes before the
# session), and a reminder no longer wanted is deleted from Slack at once, before it posts.
ANY_HOUR = (OutboxKind.SESSION_REMINDER, OutboxKind.UNSCHEDULE)


@dataclass(frozen=True)
class Claimed:
    id: int
    team_id: str
    programme_id: int
    user_id: str
    kind: OutboxKind
    ref_id: int
    number: int
    attempts: int
    maybe_sent_since: datetime | None  # when the uncertain attempt began, if there was one


def queue(
    session: Session,
    team_id: str,
    programme_id: int,
    user_id: str,
    kind: OutboxKind,
    period: str,
    ref_id: int,
    number: int,
    due: datetime,
    now: datetime,
    status: OutboxStatus = OutboxStatus.PENDING,
    try_from: datetime | None = None,
) -> bool:
    """Add a message to the outbox, due then (tried from `now` at the earliest, or from
    `try_from`: a reminder is scheduled in Slack long before it is due); once for its
    (member, kind, period), so queuing it again adds nothing. True when this call added it."""
    return insert_ignore(
        session,
        Outbox,
        team_id=team_id,
        programme_id=programme_id,
        user_id=user_id,
        kind=kind,
        period=period,
        ref_id=ref_id,
        number=number,
        due_at=due,
        status=status,
        attempts=0,
        next_attempt_at=max(due, now) if try_from is None else try_from,
        created_at=now,
    )


def recover_stale(session: Session, now: datetime) -> int:
    """Rows left in sending by a sender that died go back to pending. One whose post had begun
    (mark_posting) stays unconfirmed, to be looked for in Slack before it is sent again; one
    the sender had only claimed never reached Slack and goes as it is (a history look-up is a
    Tier 3 call, 50 a minute, so a dead sender's whole batch would take minutes to check)."""
    result = session.execute(
        update(Outbox)
        .where(Outbox.status == OutboxStatus.SENDING, Outbox.claimed_at < now - STALE_CLAIM)
        .values(status=OutboxStatus.PENDING, next_attempt_at=now)
    )
    return result.rowcount or 0


def mark_posting(session: Session, outbox_id: int) -> None:
    """The row's message is about to be posted: from now on a crash leaves it unconfirmed."""
    session.execute(update(Outbox).where(Outbox.id == outbox_id).values(error="unconfirmed"))


def claim(
    session: Session, now: datetime, claim_id: str, limit: int, team_id: str | None = None
) -> list[Claimed]:
    """Take up to `limit` due rows for sending (only the workspace's, given `team_id`). A row
    whose recipient is outside working hours is not taken: it waits, untried, for their next
    working morning (and a batch of only such rows is followed by the next one, so that they
    never hide rows that may go now)."""
    query = (
        select(Outbox, *(Member.__table__.c[name] for name in members.HOURS_COLUMNS))
        .outerjoin(Member, (Member.team_id == Outbox.team_id) & (Member.user_id == Outbox.user_id))
        .where(Outbox.status == OutboxStatus.PENDING, Outbox.next_attempt_at <= now)
        .order_by(Outbox.next_attempt_at, Outbox.id)
        .limit(limit)
    )
    if team_id is not None:
        query = query.where(Outbox.team_id == team_id)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=Outbox)
    claimed: list[Claimed] = []
    while not claimed:
        rows = session.execute(query).all()
        claimed = _take(rows, now, claim_id)
        if len(rows) < limit:
            break
        session.flush()  # the rows put off are no longer due: the next batch is new rows
    return claimed


def recipient_hours(row: Outbox, own: Hours) -> tuple[Hours, ...]:
    """The working hours `row` must wait for: its recipient's (`own`, read with the row); for a
    group's intro every member's, so it waits for the latest of their openings. Hours that
    never meet (Tokyo and New York) would put it off for ever: then the first coach's hours
    count (the intro names them, the row is theirs)."""
    session = object_session(row)
    if row.kind is not OutboxKind.INTRO or session is None:
        return (own,)
    people = tuple(members.group_hours(session, row.team_id, row.ref_id).values())
    return people if people and _hours_meet(people, row.next_attempt_at) else (own,)


def _hours_meet(people: tuple[Hours, ...], since: datetime) -> bool:
    """Whether the working hours of all these people are open together at some time after
    `since` (each step moves to a later opening; a week's worth of steps settles it)."""
    moment = since
    for _ in range(8):
        later = max(next_open(moment, hours) for hours in people)
        if later == moment:
            return True
        moment = later
    return False


def _take(rows: Sequence[Row[Any]], now: datetime, claim_id: str) -> list[Claimed]:
    """Claim the rows whose recipients are in working hours; put the others off till then
    (someone the bot no longer knows as a member keeps the default hours, in UTC)."""
    claimed = []
    for found in rows:
        row = found.Outbox
        own = members.hours_of(found) if found.meeting_start is not None else Hours(None)
        waits_for = () if row.kind in ANY_HOUR else recipient_hours(row, own)
        opens = max((next_open(now, hours) for hours in waits_for), default=now)
        if opens > now:
            row.next_attempt_at = opens  # not an attempt: nothing was tried
            continue
        uncertain = row.claimed_at if row.error in UNCONFIRMED else None
        row.status = OutboxStatus.SENDING
        row.claim = claim_id
        row.claimed_at = now
        row.attempts += 1
        claimed.append(
            Claimed(
                row.id,
                row.team_id,
                row.programme_id,
                row.user_id,
                row.kind,
                row.ref_id,
                row.number,
                row.attempts,
                uncertain,
            )
        )
    return claimed


def mark_sent(session: Session, outbox_id: int, channel: str, ts: str, now: datetime) -> None:
    """Record Slack's (channel, ts); a DM channel is kept on the member for later lookups, an
    intro marks its group introduced and a "not placed" DM its person told (Home and the digest
    read those)."""
    sent = session.execute(
        update(Outbox)
        .where(Outbox.id == outbox_id)
        .values(status=OutboxStatus.SENT, channel=channel, ts=ts, sent_at=now, error=None)
        .returning(Outbox.team_id, Outbox.user_id, Outbox.kind, Outbox.ref_id)
    ).first()
    if sent is None:
        return
    if sent.kind is OutboxKind.INTRO:
        pair = session.get(Pair, sent.ref_id)
        if pair is not None:
            pair.conversation_id, pair.intro_sent_at = channel, now
    elif sent.kind is OutboxKind.UNPLACED:
        left_out = session.get(Unpaired, (sent.ref_id, sent.user_id))
        if left_out is not None:
            left_out.notified_at = now
    if channel.startswith("D"):
        session.execute(
            update(Member)
            .where(
                Member.team_id == sent.team_id,
                Member.user_id == sent.user_id,
                Member.dm_channel.is_distinct_from(channel),
            )
            .values(dm_channel=channel)
        )


def keep_channel(session: Session, outbox_id: int, channel: str) -> None:
    """Note where the row's message is about to be posted (a group's conversation), so a check
    after an uncertain attempt knows where to look."""
    session.execute(update(Outbox).where(Outbox.id == outbox_id).values(channel=channel))


def channel_of(session: Session, outbox_id: int) -> str | None:
    """The conversation the row's message was (or is about to be) posted in, if known."""
    return session.scalar(select(Outbox.channel).where(Outbox.id == outbox_id))


def mark_retry(
    session: Session,
    outbox_id: int,
    error: str,
    delay: timedelta,
    now: datetime,
    counts: bool = True,
) -> None:
    """Back to pending after `delay`; failed once attempts run out (a 429 does not count)."""
    row = session.get(Outbox, outbox_id)
    if row is None:
        return
    if not counts:
        row.attempts -= 1
    if row.attempts >= MAX_ATTEMPTS:
        row.status, row.error = OutboxStatus.FAILED, error
        return
    row.status, row.error, row.next_attempt_at = OutboxStatus.PENDING, error, now + delay


def mark_failed(
    session: Session, outbox_id: int, error: str, account_gone: bool, now: datetime
) -> None:
    """A permanent error; when the account is gone the member stops being a participant."""
    row = session.get(Outbox, outbox_id)
    if row is None:
        return
    row.status, row.error = OutboxStatus.FAILED, error
    if account_gone:
        members.gone(session, row.team_id, row.user_id, now)


def unclaim(session: Session, outbox_id: int) -> None:
    """Give a claimed row back untried (the sender is shutting down): pending as before."""
    session.execute(
        update(Outbox)
        .where(Outbox.id == outbox_id, Outbox.status == OutboxStatus.SENDING)
        .values(
            status=OutboxStatus.PENDING, claim=None, claimed_at=None, attempts=Outbox.attempts - 1
        )
    )


def mark_skipped(session: Session, outbox_id: int, why: str) -> None:
    row = session.get(Outbox, outbox_id)
    if row is not None:
        row.status, row.error = OutboxStatus.SKIPPED, why


def backoff(attempts: int) -> timedelta:
    """2, 4, 8 ... seconds, at most ten minutes."""
    return timedelta(seconds=min(2 ** max(attempts, 1), 600))


def dm_channel(session: Session, team_id: str, user_id: str) -> str | None:
    member = session.get(Member, (team_id, user_id))
    return member.dm_channel if member else None


def next_retry(session: Session, team_id: str | None = None) -> datetime | None:
    """When the earliest pending row (of the workspace, given `team_id`) falls due (None when
    nothing is pending)."""
    query = select(func.min(Outbox.next_attempt_at)).where(Outbox.status == OutboxStatus.PENDING)
    if team_id is not None:
        query = query.where(Outbox.team_id == team_id)
    return session.scalar(query)
