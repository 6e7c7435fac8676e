"""Pairing rounds: options, who can be paired, previews (drafts) and confirming them."""

from __future__ import annotations

import enum
import uuid
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from itertools import combinations
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.domain import (
    Exchange,
    GroupSummary,
    MemberStatus,
    PairingMode,
    ProgrammeKind,
    RolePreference,
    RoundOptions,
    RoundPreview,
)
from bot.models import (
    Avoid,
    Member,
    Pair,
    PairMember,
    PartnerRequest,
    Programme,
    ProgrammeMember,
    Round,
    RoundDraft,
    Unpaired,
)
from bot.services import programmes
from bot.services.matching import Candidate, Group, MatchRequest, MatchResult, match
from bot.services.matching.mentoring import Mentor, MentoringRequest, match_mentoring

GROUP_SIZES = (2, 3)
MAX_RECENT_ROUNDS = 52
MAX_ROUND_WEEKS = 52


def option_problems(options: RoundOptions) -> dict[str, str]:
    """Field -> translation key of what is wrong with these options."""
    wrong: dict[str, str] = {}
    if options.group_size not in GROUP_SIZES:
        wrong["group_size"] = "pair.error.group_size"
    if not 0 <= options.recent_rounds <= MAX_RECENT_ROUNDS:
        wrong["recent_rounds"] = "pair.error.recent_rounds"
    if not 1 <= options.round_weeks <= MAX_ROUND_WEEKS:
        wrong["round_weeks"] = "pair.error.round_weeks"
    return wrong


@dataclass(frozen=True)
class Eligible:
    """Someone a round may pair, with their role in the programme (and, for a mentor, how
    many mentees they take: None when never said)."""

    member: Member
    role: RolePreference
    capacity: int | None = None


class ConfirmOutcome(enum.StrEnum):
    CREATED = "created"
    ALREADY = "already"  # this preview was confirmed before (a double click, a retry)
    STALE = "stale"  # a round was confirmed since, or someone in it left or paused
    MISSING = "missing"


def last_options(session: Session, programme_id: int) -> RoundOptions:
    """The defaults of the next round: the settings, which the last round's options update."""
    return programmes.settings_of(session, programme_id).round_defaults


def meeting_day(member: Member, now: datetime) -> tuple[float | None, float]:
    """The member's meeting hours as matching weighs them: (start in hours after 00:00 UTC on
    `now`'s date, None when their time zone is unknown; length in hours)."""
    start, end = member.meeting_start, member.meeting_end
    length = (end.hour - start.hour) + (end.minute - start.minute) / 60
    if not member.time_zone:
        return None, length
    try:
        offset = now.astimezone(ZoneInfo(member.time_zone)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        return None, length
    if offset is None:
        return None, length
    return start.hour + start.minute / 60 - offset.total_seconds() / 3600, length


def eligible(session: Session, programme_id: int, now: datetime) -> list[Eligible]:
    """The programme's active members with a profile who are not paused, with their role in
    it: the only people a round pairs."""
    rows = session.execute(
        select(Member, ProgrammeMember.role_preference, ProgrammeMember.capacity)
        .join(
            ProgrammeMember,
            and_(
                ProgrammeMember.team_id == Member.team_id,
                ProgrammeMember.user_id == Member.user_id,
            ),
        )
        .where(
            ProgrammeMember.programme_id == programme_id,
            ProgrammeMember.status == MemberStatus.ACTIVE,
            or_(ProgrammeMember.paused_until.is_(None), ProgrammeMember.paused_until <= now),
        )
    )
    return [
        Eligible(m, role or RolePreference.PEER, capacity)
        for m, role, capacity in rows
        if m.skills_wanted
    ]


def first_in_line(session: Session, programme_id: int) -> set[str]:
    """Left out of the latest round, or waiting for a new partner they asked for."""
    latest = latest_round(session, programme_id)
    waiting = set(
        session.scalars(
            select(PartnerRequest.user_id)
            .join(Pair, Pair.id == PartnerRequest.pair_id)
            .where(Pair.programme_id == programme_id, PartnerRequest.resolved_at.is_(None))
        )
    )
    if latest is not None:
        waiting |= set(
            session.scalars(select(Unpaired.user_id).where(Unpaired.round_id == latest.id))
        )
    return waiting


def latest_round(session: Session, programme_id: int) -> Round | None:
    return session.scalars(
        select(Round)
        .where(Round.programme_id == programme_id)
        .order_by(Round.number.desc())
        .limit(1)
    ).first()


def recent_pairs(session: Session, programme_id: int, rounds: int) -> frozenset[frozenset[str]]:
    """Every two people who were in a group together in the programme's last `rounds`
    rounds."""
    if rounds <= 0:
        return frozenset()
    latest = (
        select(Round.id).where(Round.programme_id == programme_id).order_by(Round.number.desc())
    )
    return _pairs_met(session, programme_id, latest.limit(rounds).scalar_subquery())


def round_pairs(session: Session, round_: Round) -> frozenset[frozenset[str]]:
    """Every two people grouped together in this round, including groups that ended early."""
    return _pairs_met(session, round_.programme_id, select(Round.id).where(Round.id == round_.id))


def _pairs_met(session: Session, programme_id: int, round_ids: Any) -> frozenset[frozenset[str]]:
    rows = session.execute(
        select(PairMember.pair_id, PairMember.user_id)
        .join(Pair, Pair.id == PairMember.pair_id)
        .where(Pair.programme_id == programme_id, Pair.round_id.in_(round_ids))
    )
    groups: dict[int, list[str]] = defaultdict(list)
    for pair_id, user_id in rows:
        groups[pair_id].append(user_id)
    return frozenset(frozenset(p) for users in groups.values() for p in combinations(users, 2))


def avoided_pairs(session: Session, programme_id: int) -> frozenset[frozenset[str]]:
    rows = session.execute(
        select(Avoid.user_id, Avoid.avoided_user_id).where(Avoid.programme_id == programme_id)
    )
    return frozenset(frozenset(row) for row in rows)


def candidates(session: Session, programme_id: int, now: datetime) -> list[Candidate]:
    waiting = first_in_line(session, programme_id)
    return [
        _candidate(e.member, e.role, e.member.user_id in waiting, now)
        for e in eligible(session, programme_id, now)
    ]


def _candidate(member: Member, role: RolePreference, first: bool, now: datetime) -> Candidate:
    day_start, day_hours = meeting_day(member, now)
    return Candidate(
        key=member.user_id,
        offers=frozenset(member.skills_offered),
        wants=frozenset(member.skills_wanted),
        department=member.department,
        role=role,
        level=member.career_level,
        day_start=day_start,
        day_hours=day_hours,
        first_in_line=first,
    )


def is_mentoring(session: Session, programme_id: int) -> bool:
    programme = session.get(Programme, programme_id)
    return programme is not None and programme.kind is ProgrammeKind.MENTORING


def mentoring_request(
    session: Session,
    programme_id: int,
    now: datetime,
    recent: frozenset[frozenset[str]],
    avoid: frozenset[frozenset[str]],
    seed: int,
) -> MentoringRequest:
    """Everyone eligible in a mentoring programme as mentors (with their capacity, 1 when never
    said) and mentees. A peer (who chose neither role) is a mentee: in a mentoring programme
    whoever does not offer to mentor is there to be mentored."""
    waiting = first_in_line(session, programme_id)
    mentors: list[Mentor] = []
    mentees: list[Candidate] = []
    for e in eligible(session, programme_id, now):
        candidate = _candidate(e.member, e.role, e.member.user_id in waiting, now)
        if e.role is RolePreference.MENTOR:
            mentors.append(Mentor(candidate, e.capacity or 1))
        else:
            mentees.append(candidate)
    return MentoringRequest(mentors, mentees, recent=recent, avoid=avoid, seed=seed)


def draft_round(
    session: Session,
    team_id: str,
    programme_id: int,
    user_id: str,
    options: RoundOptions,
    now: datetime,
) -> RoundDraft:
    """Match everyone eligible in the programme now and keep the result as a draft to
    preview. A mentoring programme's round gives each mentor up to their capacity of mentees
    and each mentee one mentor (match_mentoring): its groups are pairs, one a mentor-mentee
    pair, so its options become mode MENTORING and groups of 2 whatever was asked. A circles
    programme's people meet in circles, never in pairs: there is no round to draft for it."""
    if programmes.runs_circles(session, programme_id):
        raise ValueError(f"programme {programme_id} runs circles: it has no pairing rounds")
    latest = latest_round(session, programme_id)
    recent = recent_pairs(session, programme_id, options.recent_rounds)
    avoid = avoided_pairs(session, programme_id)
    seed = (latest.number if latest else 0) + 1
    result: MatchResult
    if is_mentoring(session, programme_id):
        options = replace(options, mode=PairingMode.MENTORING, group_size=2)
        result = match_mentoring(mentoring_request(session, programme_id, now, recent, avoid, seed))
    else:
        result = match(
            MatchRequest(
                candidates=candidates(session, programme_id, now),
                mode=options.mode,
                group_size=options.group_size,
                recent=recent,
                avoid=avoid,
                seed=seed,
            )
        )
    draft = RoundDraft(
        id=str(uuid.uuid4()),
        team_id=team_id,
        programme_id=programme_id,
        created_by=user_id,
        mode=options.mode,
        group_size=options.group_size,
        recent_rounds=options.recent_rounds,
        round_weeks=options.round_weeks,
        after_round_id=latest.id if latest else None,
        groups=[group_json(g) for g in result.groups],
        unplaced=[{"user_id": u.key, "reason": u.reason.value} for u in result.unplaced],
        created_at=now,
    )
    session.add(draft)
    session.flush()
    return draft


def confirm_round(
    session: Session, team_id: str, draft_id: str, now: datetime
) -> tuple[ConfirmOutcome, Round | None]:
    """Create the previewed round exactly as previewed, once."""
    draft = session.get(RoundDraft, draft_id)
    if draft is None or draft.team_id != team_id:
        return ConfirmOutcome.MISSING, None
    done = _round_of_draft(session, team_id, draft_id)
    if done is not None:
        return ConfirmOutcome.ALREADY, done
    programme = session.get(Programme, draft.programme_id)
    if programme is None or programme.closed_at is not None:  # closed since the preview
        return ConfirmOutcome.STALE, None
    latest = latest_round(session, draft.programme_id)
    if (latest.id if latest else None) != draft.after_round_id or not _still_eligible(
        session, draft, now
    ):
        return ConfirmOutcome.STALE, None
    try:
        with session.begin_nested():
            created = _create_round(session, draft, latest, now)
    except IntegrityError:  # another confirmation of this draft, or of another, won the race
        done = _round_of_draft(session, team_id, draft_id)
        return (ConfirmOutcome.ALREADY, done) if done else (ConfirmOutcome.STALE, None)
    return ConfirmOutcome.CREATED, created


def _create_round(
    session: Session, draft: RoundDraft, latest: Round | None, now: datetime
) -> Round:
    if latest is not None and latest.ends_at > now:
        latest.ends_at = now  # a new round ends the one before it
    created = Round(
        team_id=draft.team_id,
        programme_id=draft.programme_id,
        number=(latest.number if latest else 0) + 1,
        draft_id=draft.id,
        mode=draft.mode,
        group_size=draft.group_size,
        recent_rounds=draft.recent_rounds,
        starts_at=now,
        ends_at=now + timedelta(weeks=draft.round_weeks),
        created_by=draft.created_by,
        created_at=now,
    )
    session.add(created)
    session.flush()
    for group in draft.groups:
        add_pair(session, created, group, now)
    placed = {user for group in draft.groups for user in group["members"]}
    for waiting in session.scalars(
        select(PartnerRequest)
        .join(Pair, Pair.id == PartnerRequest.pair_id)
        .where(Pair.programme_id == draft.programme_id, PartnerRequest.resolved_at.is_(None))
    ):
        if waiting.user_id in placed:
            waiting.resolved_at = now
    for person in draft.unplaced:
        session.add(
            Unpaired(
                round_id=created.id,
                team_id=draft.team_id,
                user_id=person["user_id"],
                reason=person["reason"],
            )
        )
    programme = session.get(Programme, draft.programme_id)
    if programme is not None:
        programme.pairing_mode = draft.mode
        programme.pairing_group_size = draft.group_size
        programme.pairing_recent_rounds = draft.recent_rounds
        programme.pairing_round_weeks = draft.round_weeks
    session.flush()
    return created


def add_pair(session: Session, round_: Round, group: dict[str, Any], now: datetime) -> Pair:
    """A pair or triad of the round; the first coach gets turn 0, the rest follow."""
    pair = Pair(
        team_id=round_.team_id,
        programme_id=round_.programme_id,
        round_id=round_.id,
        score=group["score"],
        reasons={k: group[k] for k in ("exchanges", "departments", "shared_hours")},
        starts_at=now,
    )
    session.add(pair)
    session.flush()
    members = list(group["members"])
    members.remove(group["first_coach"])
    for order, user_id in enumerate([group["first_coach"], *members]):
        session.add(
            PairMember(pair_id=pair.id, user_id=user_id, team_id=round_.team_id, coach_order=order)
        )
    return pair


def _round_of_draft(session: Session, team_id: str, draft_id: str) -> Round | None:
    return session.scalars(
        select(Round).where(Round.team_id == team_id, Round.draft_id == draft_id)
    ).first()


def _still_eligible(session: Session, draft: RoundDraft, now: datetime) -> bool:
    """Everyone in the draft can still be paired; in a mentoring programme each group's mentor
    (its first coach) is still a mentor with room for their mentees, and nobody else is."""
    now_eligible = {e.member.user_id: e for e in eligible(session, draft.programme_id, now)}
    if not all(set(g["members"]) <= now_eligible.keys() for g in draft.groups):
        return False
    if not is_mentoring(session, draft.programme_id):
        return True
    mentees = Counter(g["first_coach"] for g in draft.groups)
    for group in draft.groups:
        for user_id in group["members"]:
            mentor = now_eligible[user_id].role is RolePreference.MENTOR
            if mentor != (user_id == group["first_coach"]):
                return False
    return all(mentees[u] <= (now_eligible[u].capacity or 1) for u in mentees)


def group_json(group: Group) -> dict[str, Any]:
    """A group as stored in a draft (JSON: tuples become lists)."""
    return asdict(group)


def summary(group: dict[str, Any]) -> GroupSummary:
    """A stored group (draft or pair) for display, members in coaching order."""
    members = list(group["members"])
    members.remove(group["first_coach"])
    return GroupSummary(
        members=(group["first_coach"], *members),
        exchanges=tuple(
            Exchange(e["giver"], e["taker"], tuple(e["skills"])) for e in group["exchanges"]
        ),
        departments=tuple(group["departments"]),
        shared_hours=group["shared_hours"],
    )


def preview(draft: RoundDraft) -> RoundPreview:
    return RoundPreview(
        draft_id=draft.id,
        options=RoundOptions(draft.mode, draft.group_size, draft.recent_rounds, draft.round_weeks),
        groups=tuple(summary(g) for g in draft.groups),
        unplaced=tuple((u["user_id"], u["reason"]) for u in draft.unplaced),
        total_score=round(sum(g["score"] for g in draft.groups), 1),
    )


def load_draft(session: Session, team_id: str, draft_id: str) -> RoundDraft | None:
    draft = session.get(RoundDraft, draft_id)
    return draft if draft is not None and draft.team_id == team_id else None
