"""The anonymous feedback survey: answers kept without who gave them, shown only as aggregates
and only from FEEDBACK_THRESHOLD answers up."""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.domain import FEEDBACK_COMMENT_MAX, FEEDBACK_THRESHOLD, FeedbackSummary, RolePreference
from bot.models import FeedbackAnswer, Pair, PairMember, ProgrammeMember, Round
from bot.services.members import FieldError
from bot.services.sql import insert_ignore

COMMENTS_SHOWN = 5


@dataclass(frozen=True)
class Answer:
    growth: int | None  # 1-5
    supported: int | None  # 1-5
    recommend: int | None  # 0-10
    partner_uses: int | None  # 1-5, asked of mentors only
    comment: str


def respondent(key: bytes, team_id: str, survey: str, user_id: str) -> str:
    """A keyed hash that tells a second answer from a first, and nothing else: without the key
    (kept out of the database) it cannot be traced back to a person."""
    message = f"{team_id}\x1f{survey}\x1f{user_id}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


SURVEY = re.compile(r"round(\d+)(?:/d(\d+))?")


def may_answer(session: Session, programme_id: int, user_id: str, survey: str) -> bool | None:
    """None when the person may not answer this survey (it names no round they were paired
    in); else whether to ask the mentors' question (they joined as a mentor)."""
    found = SURVEY.fullmatch(survey)
    if found is None:
        return None
    paired = session.scalar(
        select(func.count())
        .select_from(PairMember)
        .join(Pair, Pair.id == PairMember.pair_id)
        .join(Round, Round.id == Pair.round_id)
        .where(
            Round.programme_id == programme_id,
            Round.number == int(found[1]),
            PairMember.user_id == user_id,
        )
    )
    if not paired:
        return None
    place = session.get(ProgrammeMember, (programme_id, user_id))
    return place is not None and place.role_preference is RolePreference.MENTOR


def has_answered(session: Session, programme_id: int, survey: str, who: str) -> bool:
    return (
        session.scalar(
            select(FeedbackAnswer.id).where(
                FeedbackAnswer.programme_id == programme_id,
                FeedbackAnswer.survey == survey,
                FeedbackAnswer.respondent == who,
            )
        )
        is not None
    )


def validate(answer: Answer, asks_partner: bool) -> list[FieldError]:
    errors: list[FieldError] = []
    for name, value, low, high in (
        ("growth", answer.growth, 1, 5),
        ("supported", answer.supported, 1, 5),
        ("recommend", answer.recommend, 0, 10),
    ):
        if value is None or not low <= value <= high:
            errors.append(FieldError(name, "feedback.error.choose"))
    if asks_partner and (answer.partner_uses is None or not 1 <= answer.partner_uses <= 5):
        errors.append(FieldError("partner_uses", "feedback.error.choose"))
    if len(answer.comment) > FEEDBACK_COMMENT_MAX:
        errors.append(FieldError("comment", "feedback.error.too_long"))
    return errors


def save(
    session: Session, team_id: str, programme_id: int, survey: str, who: str, answer: Answer
) -> bool:
    """Stores the answer; False when this person had answered this survey already (the unique
    key refuses the second, however close together they come)."""
    return insert_ignore(
        session,
        FeedbackAnswer,
        team_id=team_id,
        programme_id=programme_id,
        survey=survey,
        respondent=who,
        growth=answer.growth,
        supported=answer.supported,
        recommend=answer.recommend,
        partner_uses=answer.partner_uses,
        comment=answer.comment.strip(),
    )


def summary(session: Session, programme_id: int) -> FeedbackSummary:
    """Every survey's answers together; nothing but the count below the threshold."""
    answers, growth, supported, recommend, promoters, detractors, mentors, uses = session.execute(
        select(
            func.count(),
            func.avg(FeedbackAnswer.growth),
            func.avg(FeedbackAnswer.supported),
            func.avg(FeedbackAnswer.recommend),
            func.count().filter(FeedbackAnswer.recommend >= 9),
            func.count().filter(FeedbackAnswer.recommend <= 6),
            func.count(FeedbackAnswer.partner_uses),
            func.avg(FeedbackAnswer.partner_uses),
        ).where(FeedbackAnswer.programme_id == programme_id)
    ).one()
    if answers < FEEDBACK_THRESHOLD:
        return FeedbackSummary(answers=answers)
    comments = session.scalars(
        select(FeedbackAnswer.comment)
        .where(FeedbackAnswer.programme_id == programme_id, FeedbackAnswer.comment != "")
        .order_by(func.random())  # no order that could hint at who wrote which
        .limit(COMMENTS_SHOWN)
    )
    return FeedbackSummary(
        answers=answers,
        growth=float(growth),
        supported=float(supported),
        recommend=float(recommend),
        nps=round(100 * (promoters - detractors) / answers),
        partner_uses=float(uses) if mentors >= FEEDBACK_THRESHOLD else None,
        comments=tuple(comments),
    )
