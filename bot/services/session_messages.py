"""A booked session's messages to each member, as outbox rows (issue 16, item 5): the reminder
Slack posts 15 minutes before each session (scheduled with chat.scheduleMessage), its deletion
when the booking changes, and "Did you meet?" once the session has ended.

- Planned with the booking, in the same transaction (bookings.book, reschedule and cancel call
  plan_booking), and by the clock for a series' later sessions as their reminders come within
  Slack's 120 days (series_to_plan). Unique keys make planning twice add nothing.
- A reminder row belongs to one version of the booking (its `number` is the SEQUENCE it was
  planned for). When the booking changes, its rows no longer wanted that are still pending are
  skipped, and those Slack may hold already get an UNSCHEDULE row that deletes them.
- Whether a row is still wanted is decided again when it is sent (note_for): a reminder whose
  session is no longer one of the booking's dates, or "Did you meet?" after a cancelled or
  moved session, or for someone who logged a check-in since it began, is never sent.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.domain import (
    BookingCard,
    BookingStatus,
    MemberStatus,
    OutboxKind,
    OutboxStatus,
    SessionNote,
)
from bot.models import Booking, CheckinLog, Meeting, Outbox, Pair, ProgrammeMember
from bot.services import outbox, session_dates
from bot.services.outbox import UNCONFIRMED, Claimed
from bot.services.slots import Interval

LEAD = timedelta(minutes=15)  # the reminder posts this long before the session
AHEAD = timedelta(days=120)  # chat.scheduleMessage's furthest post_at (FACTS.md §13)
MIN_LEAD = timedelta(minutes=1)  # a reminder due sooner than this is not scheduled any more
SCHEDULED = (OutboxStatus.SENDING, OutboxStatus.SENT)  # Slack may hold the reminder
HELD = (BookingStatus.BOOKED, BookingStatus.PAST)  # a session that was not cancelled


@dataclass(frozen=True)
class ScheduledReminder:
    """A reminder row as its deletion needs it: where Slack holds it, if it does."""

    status: OutboxStatus
    channel: str | None
    scheduled_id: str | None  # Slack's scheduled_message_id (kept in the row's `ts`)
    post_at: datetime


def plan_booking(session: Session, booking: BookingCard, now: datetime) -> int:
    """Retire the rows the booking no longer wants (all of them, once cancelled), and queue each
    member's reminder and "Did you meet?" for each session whose reminder is within Slack's 120
    days; how many rows were added."""
    retire(session, booking, now)
    if booking.status is not BookingStatus.BOOKED:
        return 0
    added = 0
    for when in session_dates.dates(booking):
        post_at = when.start - LEAD
        if post_at > now + AHEAD:
            break
        if when.end <= now:
            continue
        for user in booking.members:
            if post_at > now + MIN_LEAD:
                # scheduled in Slack at once (try_from=now): Slack posts it at post_at
                added += outbox.queue(
                    session,
                    booking.team_id,
                    booking.programme_id,
                    user,
                    OutboxKind.SESSION_REMINDER,
                    f"booking{booking.id}/v{booking.sequence}/at{_seconds(post_at)}",
                    booking.id,
                    booking.sequence,
                    post_at,
                    now,
                    try_from=now,
                )
            added += outbox.queue(
                session,
                booking.team_id,
                booking.programme_id,
                user,
                OutboxKind.MET_CHECK,
                f"booking{booking.id}/met{_seconds(when.start)}",
                booking.id,
                0,
                when.end,
                now,
            )
    return added


def retire(session: Session, booking: BookingCard, now: datetime) -> int:
    """The booking's reminders still to post that it no longer wants: a pending one is skipped,
    one Slack may hold (scheduled, being scheduled, or after an uncertain attempt) gets an
    UNSCHEDULE row; how many were retired. The rows are locked, so a sender cannot claim one
    meanwhile (it skips locked rows)."""
    rows = session.scalars(
        select(Outbox)
        .where(
            Outbox.team_id == booking.team_id,
            Outbox.kind == OutboxKind.SESSION_REMINDER,
            Outbox.ref_id == booking.id,
            Outbox.status.in_([OutboxStatus.PENDING, *SCHEDULED]),
            Outbox.due_at > now,
        )
        .with_for_update()
    ).all()
    retired = 0
    for row in rows:
        if _reminder_wanted(booking, row.number, row.due_at):
            continue
        retired += 1
        if row.status is OutboxStatus.PENDING and row.error not in UNCONFIRMED:
            row.status, row.error = OutboxStatus.SKIPPED, "booking_changed"
        else:
            unschedule(session, row, now)
    return retired


def unschedule(session: Session, reminder: Outbox, now: datetime) -> bool:
    """Queue the deletion of a reminder Slack may hold (once for it)."""
    return outbox.queue(
        session,
        reminder.team_id,
        reminder.programme_id,
        reminder.user_id,
        OutboxKind.UNSCHEDULE,
        f"row{reminder.id}",
        reminder.id,
        0,
        now,
        now,
    )


def series_to_plan(session: Session, team_id: str, now: datetime) -> list[int]:
    """The workspace's booked series whose next session's reminder has come within Slack's 120
    days and is not planned yet (the clock then plans it with plan_booking)."""
    through = func.max(Outbox.due_at)
    rows = session.execute(
        select(Booking.id, Booking.starts_at, Booking.every_days, Booking.repeat_until, through)
        .outerjoin(
            Outbox,
            (Outbox.team_id == Booking.team_id)
            & (Outbox.kind == OutboxKind.SESSION_REMINDER)
            & (Outbox.ref_id == Booking.id)
            & (Outbox.number == Booking.sequence),
        )
        .where(
            Booking.team_id == team_id,
            Booking.status == BookingStatus.BOOKED,
            Booking.every_days.is_not(None),
            Booking.repeat_until.is_not(None),
        )
        .group_by(Booking.id, Booking.starts_at, Booking.every_days, Booking.repeat_until)
    ).all()
    due = []
    for booking_id, first, every_days, until, planned in rows:
        after = max(now + MIN_LEAD, planned) if planned is not None else now + MIN_LEAD
        step = timedelta(days=every_days)
        # the first session whose reminder falls after `after`
        steps = (after + LEAD - first) / step
        start = first + step * (0 if steps < 0 else math.floor(steps) + 1)
        if start <= until and start - LEAD <= now + AHEAD:
            due.append(booking_id)
    return due


def note_for(
    session: Session, item: Claimed, booking: BookingCard | None, now: datetime
) -> SessionNote | None:
    """What the row says, when it is still wanted (`booking` is the row's booking as it now
    stands); None when it is not."""
    note = said(session, item, booking)
    if note is None or booking is None:
        return None
    place = session.get(ProgrammeMember, (item.programme_id, item.user_id))
    pair = session.get(Pair, booking.pair_id)
    if place is None or place.status is not MemberStatus.ACTIVE:
        return None
    if pair is None or pair.ended_at is not None:
        return None
    if item.kind is OutboxKind.SESSION_REMINDER:
        return note if _reminder_wanted(booking, item.number, note.start - LEAD) else None
    when = _session_at(booking, note.start)
    if booking.status not in HELD or when is None or when.end != note.end:
        return None  # cancelled, or moved off that time
    if _logged_since(session, booking.pair_id, item.user_id, note.start):
        return None
    return note


def said(session: Session, item: Claimed, booking: BookingCard | None) -> SessionNote | None:
    """What the row says, wanted or not (a reminder's text is looked for in Slack after an
    uncertain attempt); None when its booking is gone."""
    row = session.get(Outbox, item.id)
    if booking is None or row is None:
        return None
    length = booking.end - booking.start
    start = row.due_at + LEAD if item.kind is OutboxKind.SESSION_REMINDER else row.due_at - length
    partners = tuple(user for user in booking.members if user != item.user_id)
    return SessionNote(item.kind, booking.id, start, start + length, partners, booking.form)


def reminder_row(session: Session, team_id: str, row_id: int) -> ScheduledReminder | None:
    """The reminder an UNSCHEDULE row deletes."""
    row = session.get(Outbox, row_id)
    if row is None or row.team_id != team_id or row.kind is not OutboxKind.SESSION_REMINDER:
        return None
    return ScheduledReminder(row.status, row.channel, row.ts, row.due_at)


def scheduled_ids(session: Session, team_id: str, user_id: str) -> set[str]:
    """The scheduled_message_ids recorded on the member's reminder rows: a message found in
    Slack after an uncertain attempt is this row's only when no other row has it."""
    return set(
        session.scalars(
            select(Outbox.ts).where(
                Outbox.team_id == team_id,
                Outbox.user_id == user_id,
                Outbox.kind == OutboxKind.SESSION_REMINDER,
                Outbox.ts.is_not(None),
            )
        )
    )


def held_reminders(
    session: Session, team_id: str, user_id: str, now: datetime
) -> list[ScheduledReminder]:
    """The person's reminders Slack holds, still to post: scheduled (or being scheduled) with
    the channel and scheduled_message_id recorded. Forgetting them deletes them in Slack."""
    rows = session.scalars(
        select(Outbox)
        .where(
            Outbox.team_id == team_id,
            Outbox.user_id == user_id,
            Outbox.kind == OutboxKind.SESSION_REMINDER,
            Outbox.status.in_(SCHEDULED),
            Outbox.channel.is_not(None),
            Outbox.ts.is_not(None),
            Outbox.due_at > now,
        )
        .order_by(Outbox.due_at, Outbox.id)
    )
    return [ScheduledReminder(row.status, row.channel, row.ts, row.due_at) for row in rows]


def unschedule_row(session: Session, row_id: int, now: datetime) -> None:
    """A reminder found in Slack that is no longer wanted: queue its deletion."""
    row = session.get(Outbox, row_id)
    if row is not None:
        unschedule(session, row, now)


def _reminder_wanted(booking: BookingCard, version: int, post_at: datetime) -> bool:
    """Whether the booking, as it stands, still wants a reminder planned for its `version`
    posting at `post_at`: booked, not changed since, and a session still starts then."""
    return (
        booking.status is BookingStatus.BOOKED
        and version == booking.sequence
        and _session_at(booking, post_at + LEAD) is not None
    )


def _session_at(booking: BookingCard, start: datetime) -> Interval | None:
    """The booking's session starting at `start`, if it has one."""
    for when in session_dates.dates(booking):
        if when.start >= start:
            return when if when.start == start else None
    return None


def _logged_since(session: Session, pair_id: int, user_id: str, since: datetime) -> bool:
    """Whether the member logged a check-in for the pair since `since`."""
    found = session.scalar(
        select(CheckinLog.id)
        .join(Meeting, Meeting.id == CheckinLog.meeting_id)
        .where(
            Meeting.pair_id == pair_id,
            CheckinLog.author == user_id,
            CheckinLog.submitted_at >= since,
        )
        .limit(1)
    )
    return found is not None


def _seconds(moment: datetime) -> int:
    return math.ceil(moment.timestamp())
