"""Learnings shared by choice: one line in the person's own words, named or anonymous, posted
to the programme's learning channel only from the preview they saw, once per sharing modal.

Nothing of a check-in or a reflection reaches the channel on its own: a check-in's "What did you
learn?" is only offered as the starting text of the line, which the person edits and previews;
a private reflection's text is never offered at all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.domain import LEARNING_TEXT_MAX, LearningSource, PostedLearning
from bot.models import CheckinLog, Learning, Programme, Reflection
from bot.services import sql
from bot.services.members import FieldError

LEARNING_WEEK = timedelta(days=7)  # the digest links the learnings shared in this time
# a claim this old that never got its post (the process stopped between the two) is given up,
# so the modal's Post works again; Slack answers a post in seconds, retries included
STALE_CLAIM = timedelta(minutes=5)


@dataclass(frozen=True)
class Offer:
    """What the person may share from a check-in or reflection of theirs: the programme it
    belongs to, its learning channel, and the line proposed to start from."""

    programme_id: int
    channel: str
    proposal: str
    locale: str | None  # the programme's language (None: the sharer's own)


def learning_channel(session: Session, programme_id: int) -> str | None:
    """The programme's learning channel, while the programme is open; else None."""
    programme = session.get(Programme, programme_id)
    if programme is None or programme.closed_at is not None:
        return None
    return programme.learning_channel


def offer(
    session: Session, team_id: str, user_id: str, source: LearningSource, ref_id: int
) -> Offer | None:
    """The sharing offered from the person's own check-in of a meeting (`ref_id`: the meeting)
    or reflection (`ref_id`: the reflection), when its programme has a learning channel; None
    when the thing is not theirs (a forged button) or there is nowhere to share."""
    if source is LearningSource.CHECKIN:
        found = session.execute(
            select(CheckinLog.programme_id, CheckinLog.learned).where(
                CheckinLog.meeting_id == ref_id,
                CheckinLog.team_id == team_id,
                CheckinLog.author == user_id,
            )
        ).first()
        programme_id, proposal = (found[0], one_line(found[1])) if found else (None, "")
    else:
        programme_id = session.scalar(
            select(Reflection.programme_id).where(
                Reflection.id == ref_id,
                Reflection.team_id == team_id,
                Reflection.user_id == user_id,
            )
        )
        proposal = ""  # a reflection is private: nothing of it is proposed
    if programme_id is None:
        return None
    programme = session.get(Programme, programme_id)
    if programme is None or programme.closed_at is not None or not programme.learning_channel:
        return None
    return Offer(programme_id, programme.learning_channel, proposal, programme.locale)


def one_line(text: str) -> str:
    """The text on one line (a check-in's notes may run over several)."""
    return " ".join(text.split())


def validate(text: str) -> list[FieldError]:
    """One line, of LEARNING_TEXT_MAX characters at most, not empty."""
    stripped = text.strip()
    if not stripped:
        return [FieldError("learning_text", "learning.error.required")]
    if "\n" in stripped or "\r" in stripped:
        return [FieldError("learning_text", "learning.error.one_line")]
    if len(stripped) > LEARNING_TEXT_MAX:
        return [
            FieldError(
                "learning_text",
                "learning.error.too_long",
                {"max": LEARNING_TEXT_MAX, "length": len(stripped)},
            )
        ]
    return []


def claim(
    session: Session,
    team_id: str,
    programme_id: int,
    user_id: str,
    posted: PostedLearning,
    source: LearningSource,
    view_id: str,
    now: datetime,
) -> int | None:
    """Take the right to post this modal's learning: its row, not yet posted; None when the
    modal's learning is posted, or being posted, already (a retry or a second click)."""
    session.execute(
        delete(Learning).where(
            Learning.team_id == team_id,
            Learning.view_id == view_id,
            Learning.ts.is_(None),
            Learning.claimed_at < now - STALE_CLAIM,
        )
    )
    inserted = sql.insert_ignore(
        session,
        Learning,
        team_id=team_id,
        programme_id=programme_id,
        user_id=user_id,
        anonymous=posted.anonymous,
        text=posted.text,
        locale=posted.locale,
        source=source,
        view_id=view_id,
        channel=posted.channel,
        claimed_at=now,
    )
    if not inserted:
        return None
    return session.scalar(
        select(Learning.id).where(Learning.team_id == team_id, Learning.view_id == view_id)
    )


def already(session: Session, team_id: str, view_id: str) -> PostedLearning | None:
    """The learning this modal posted (or is posting: no ts yet)."""
    row = session.scalars(
        select(Learning).where(Learning.team_id == team_id, Learning.view_id == view_id)
    ).first()
    return _posted(row) if row is not None else None


def mark_posted(
    session: Session, learning_id: int, ts: str, permalink: str | None, now: datetime
) -> None:
    session.execute(
        update(Learning)
        .where(Learning.id == learning_id)
        .values(ts=ts, permalink=permalink, posted_at=now)
    )


def release(session: Session, learning_id: int) -> None:
    """Slack refused the post: nothing of it is kept, and the person may try again."""
    session.execute(delete(Learning).where(Learning.id == learning_id, Learning.ts.is_(None)))


def links_of_week(session: Session, programme_id: int, now: datetime) -> tuple[str | None, ...]:
    """The links to the learnings posted in the LEARNING_WEEK before `now`, oldest first (None
    where Slack gave no link); never their text or author."""
    return tuple(
        session.scalars(
            select(Learning.permalink)
            .where(
                Learning.programme_id == programme_id,
                Learning.posted_at.is_not(None),
                Learning.posted_at >= now - LEARNING_WEEK,
                Learning.posted_at <= now,
            )
            .order_by(Learning.posted_at, Learning.id)
        )
    )


def forget_author(session: Session, team_id: str, user_id: str) -> tuple[PostedLearning, ...]:
    """The person is forgotten: their learnings keep their text, as posted, but lose their
    author. Returns their named posts, for the edge to turn into the anonymous form in Slack."""
    named = tuple(
        _posted(row)
        for row in session.scalars(
            select(Learning)
            .where(
                Learning.team_id == team_id,
                Learning.user_id == user_id,
                Learning.anonymous.is_(False),
                Learning.ts.is_not(None),
            )
            .order_by(Learning.id)
        )
    )
    session.execute(
        update(Learning)
        .where(Learning.team_id == team_id, Learning.user_id == user_id)
        .values(user_id=None, anonymous=True)
    )
    return named


def _posted(row: Learning) -> PostedLearning:
    return PostedLearning(
        text=row.text,
        anonymous=row.anonymous,
        author=None if row.anonymous else row.user_id,
        locale=row.locale,
        channel=row.channel,
        ts=row.ts,
        permalink=row.permalink,
    )
