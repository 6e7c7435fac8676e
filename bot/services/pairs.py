"""A member's current pair, asking for a new partner mid-round, and a new group's intro."""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from bot.domain import IntroNote, OutboxKind, PairingCard, UnplacedNote
from bot.models import Member, Outbox, Pair, PairMember, PartnerRequest, Round, Unpaired
from bot.services import bookings, guides, meeting_times, members, outbox, rounds
from bot.services.matching import Group, MatchRequest, match
from bot.services.matching.mentoring import Mentor, MentoringRequest, match_mentoring


class RequestOutcome(enum.StrEnum):
    REPAIRED = "repaired"  # a new partner at once
    WAITING = "waiting"  # first in line next round
    NO_PAIR = "no_pair"
    ALREADY = "already"  # asked before for this pair: nothing changes twice


@dataclass(frozen=True)
class PartnerChange:
    outcome: RequestOutcome
    old_partners: tuple[str, ...] = ()
    new_pairs: tuple[int, ...] = ()  # pairs made now: the requester's and freed partners'
    waiting: tuple[str, ...] = ()  # freed people no one could take now
    reason: str = ""
    cancelled: tuple[int, ...] = ()  # the ended group's booking, cancelled with it
    programme_id: int | None = None  # the ended group's programme


# Tables, not mapped classes, in the statements every request runs: a statement made of plain
# columns takes SQLAlchemy's Core path through the Session, without the ORM's compile step.
_pairs, _pair_members, _rounds = Pair.__table__, PairMember.__table__, Round.__table__


def _running(*columns: Any) -> Select[Any]:
    """The person's pairs in running rounds (team_id, user_id, now), newest first: built once
    for each shape, as every /mentor pair and Home runs it."""
    now = bindparam("now")
    return (
        select(*columns)
        .select_from(_pairs)
        .join(_pair_members, _pair_members.c.pair_id == _pairs.c.id)
        .join(_rounds, _rounds.c.id == _pairs.c.round_id)
        .where(
            _pair_members.c.team_id == bindparam("team_id"),
            _pair_members.c.user_id == bindparam("user_id"),
            _pairs.c.ended_at.is_(None),
            _rounds.c.starts_at <= now,
            _rounds.c.ends_at > now,
        )
        .order_by(_rounds.c.number.desc(), _pairs.c.id.desc())
    )


_CURRENT_PAIRS = _running(Pair)
_CURRENT_PAIR = _CURRENT_PAIRS.limit(1)
_CURRENT_PAIRINGS = _running(
    _pairs.c.id, _pairs.c.starts_at, _pairs.c.reasons, _rounds.c.number, _rounds.c.ends_at
)
_CURRENT_PAIRING = _CURRENT_PAIRINGS.limit(1)


def _narrowed(
    statement: Select[Any], programme_id: int | None = None, pair_id: int | None = None
) -> Select[Any]:
    if programme_id is not None:
        statement = statement.where(_pairs.c.programme_id == programme_id)
    if pair_id is not None:
        statement = statement.where(_pairs.c.id == pair_id)
    return statement


def current_pair(
    session: Session, team_id: str, user_id: str, now: datetime, pair_id: int | None = None
) -> Pair | None:
    """The person's pair in a running round, if any: the one with `pair_id` (None when it is
    not theirs, or ended), or without one their newest (a mentor has a pair for each mentee:
    see current_pairs)."""
    found = {"team_id": team_id, "user_id": user_id, "now": now}
    statement = _CURRENT_PAIR if pair_id is None else _narrowed(_CURRENT_PAIR, pair_id=pair_id)
    return session.scalars(statement, found).first()


def current_pairs(
    session: Session, team_id: str, user_id: str, now: datetime, programme_id: int | None = None
) -> list[Pair]:
    """All the person's pairs in running rounds, newest first (a mentor has one per mentee);
    only the programme's when one is given."""
    found = {"team_id": team_id, "user_id": user_id, "now": now}
    return list(session.scalars(_narrowed(_CURRENT_PAIRS, programme_id), found))


def current_pairing(
    session: Session, team_id: str, user_id: str, now: datetime, pair_id: int | None = None
) -> PairingCard | None:
    """The person's pairing in a running round, if any (`pair_id` as for current_pair), read
    in two statements (for /mentor pair)."""
    found = {"team_id": team_id, "user_id": user_id, "now": now}
    statement = (
        _CURRENT_PAIRING if pair_id is None else _narrowed(_CURRENT_PAIRING, pair_id=pair_id)
    )
    row = session.execute(statement, found).first()
    if row is None:
        return None
    group = members.group_of(session, team_id, row.id)
    return _card(row.id, row.number, row.starts_at, row.ends_at, row.reasons, group, user_id)


def current_pairings(
    session: Session, team_id: str, user_id: str, now: datetime, programme_id: int | None = None
) -> list[PairingCard]:
    """Every pairing of the person in running rounds, newest first (a mentor's, one for each
    mentee); only the programme's when one is given."""
    found = {"team_id": team_id, "user_id": user_id, "now": now}
    return [
        _card(
            row.id,
            row.number,
            row.starts_at,
            row.ends_at,
            row.reasons,
            members.group_of(session, team_id, row.id),
            user_id,
        )
        for row in session.execute(_narrowed(_CURRENT_PAIRINGS, programme_id), found).all()
    ]


def members_of(session: Session, pair: Pair) -> list[str]:
    """The pair's members in coaching order (whoever coaches first comes first)."""
    return members.group_of(session, pair.team_id, pair.id)


def members_by_id(session: Session, team_id: str, pair_id: int) -> list[str]:
    """The members of the workspace's pair with this id ([] for another workspace's)."""
    pair = session.get(Pair, pair_id)
    return members_of(session, pair) if pair is not None and pair.team_id == team_id else []


def programmes_of(session: Session, team_id: str, pair_ids: Iterable[int]) -> dict[int, int]:
    """The programme of each of the workspace's pairs among these (others' are left out)."""
    rows = session.execute(
        select(Pair.id, Pair.programme_id).where(
            Pair.team_id == team_id, Pair.id.in_(list(pair_ids))
        )
    )
    return {pair_id: programme_id for pair_id, programme_id in rows}


def pairing_card(session: Session, pair: Pair, viewer: str) -> PairingCard:
    round_ = session.get(Round, pair.round_id)
    assert round_ is not None
    members = members_of(session, pair)
    return _card(
        pair.id, round_.number, pair.starts_at, round_.ends_at, pair.reasons, members, viewer
    )


def _card(
    pair_id: int,
    round_number: int,
    starts_at: datetime,
    ends_at: datetime,
    reasons: dict[str, Any],
    members: list[str],
    viewer: str,
) -> PairingCard:
    return PairingCard(
        pair_id=pair_id,
        round_number=round_number,
        starts_at=starts_at,
        ends_at=ends_at,
        group=rounds.summary({**reasons, "members": members, "first_coach": members[0]}),
        viewer=viewer,
    )


def request_new_partner(
    session: Session,
    team_id: str,
    user_id: str,
    reason: str,
    now: datetime,
    pair_id: int | None = None,
) -> PartnerChange:
    """End the person's current group (`pair_id`: that one of their running groups, as a
    mentor has one per mentee; None: their newest), cancelling its live booking, and re-pair
    them (and anyone freed) now if possible."""
    pair = current_pair(session, team_id, user_id, now, pair_id)
    if pair is None:
        return PartnerChange(RequestOutcome.NO_PAIR)
    if session.scalars(
        select(PartnerRequest).where(
            PartnerRequest.pair_id == pair.id, PartnerRequest.user_id == user_id
        )
    ).first():
        return PartnerChange(RequestOutcome.ALREADY)
    request = PartnerRequest(
        team_id=team_id, user_id=user_id, pair_id=pair.id, reason=reason.strip(), created_at=now
    )
    session.add(request)
    round_ = session.get(Round, pair.round_id)
    assert round_ is not None
    others = [m for m in members_of(session, pair) if m != user_id]
    pair.ended_at = now
    cancelled = bookings.cancel_for_pairs(session, team_id, [pair.id], user_id, now)
    made: list[Pair] = []
    freed = [user_id]
    if len(others) >= 2:  # the rest of a triad carry on together
        made.append(_carry_on(session, round_, pair, others, now))
    else:
        freed += others
    made += _repair(session, round_, freed, now, seed=pair.id)
    placed = {m for p in made for m in members_of(session, p)}
    if user_id in placed:
        request.new_pair_id = next(p.id for p in made if user_id in members_of(session, p))
        request.resolved_at = now
    session.flush()
    return PartnerChange(
        outcome=RequestOutcome.REPAIRED if request.resolved_at else RequestOutcome.WAITING,
        old_partners=tuple(others),
        new_pairs=tuple(p.id for p in made),
        waiting=tuple(m for m in freed if m not in placed and m != user_id),
        reason=request.reason,
        cancelled=tuple(cancelled),
        programme_id=pair.programme_id,
    )


def _repair(
    session: Session, round_: Round, freed: list[str], now: datetime, seed: int
) -> list[Pair]:
    """Pairs for the freed people among everyone eligible who has no pair in this round (in a
    mentoring programme: mentees without a mentor, and mentors with a seat to spare);
    nobody meets anyone they were grouped with this round or recently."""
    taken = Counter(
        session.scalars(
            select(PairMember.user_id)
            .join(Pair, Pair.id == PairMember.pair_id)
            .where(Pair.round_id == round_.id, Pair.ended_at.is_(None))
        )
    )
    programme_id = round_.programme_id
    recent = rounds.recent_pairs(session, programme_id, round_.recent_rounds)
    recent |= rounds.round_pairs(session, round_)
    avoid = rounds.avoided_pairs(session, programme_id)
    wanted = set(freed)
    if rounds.is_mentoring(session, programme_id):
        everyone = rounds.mentoring_request(session, programme_id, now, recent, avoid, seed)
        groups = _repair_mentoring(everyone, taken, wanted)
    else:
        free = [c for c in rounds.candidates(session, programme_id, now) if not taken[c.key]]
        request = MatchRequest(
            free, mode=round_.mode, group_size=2, recent=recent, avoid=avoid, seed=seed
        )
        groups = [g for g in match(request).groups if wanted & set(g.members)]
    return [rounds.add_pair(session, round_, rounds.group_json(g), now) for g in groups]


def _repair_mentoring(
    everyone: MentoringRequest, taken: Counter[str], freed: set[str]
) -> list[Group]:
    """New pairs of a mentoring round for the freed: first a freed mentor's spare seat takes a
    free mentee (mentors, unlike mentees, have no place in line to give them a head start),
    then freed mentees take the seats mentors have to spare."""
    room = {m.candidate.key: m.capacity - taken[m.candidate.key] for m in everyone.mentors}
    free = [c for c in everyone.mentees if not taken[c.key]]
    made: list[Group] = []
    for mentors_first in (True, False):
        mentors = [
            Mentor(m.candidate, room[m.candidate.key])
            for m in everyone.mentors
            if room[m.candidate.key] > 0 and (m.candidate.key in freed or not mentors_first)
        ]
        result = match_mentoring(replace(everyone, mentors=mentors, mentees=free))
        for group in result.groups:
            if freed & set(group.members):
                made.append(group)
                room[group.first_coach] -= 1
        placed = {u for g in made for u in g.members}
        free = [c for c in free if c.key not in placed]
    return made


def _carry_on(session: Session, round_: Round, old: Pair, users: list[str], now: datetime) -> Pair:
    """The rest of a group go on together, keeping their turns and what they exchange."""
    kept = set(users)
    reasons = old.reasons
    group = {
        "members": users,
        "first_coach": users[0],
        "score": old.score,
        "exchanges": [e for e in reasons["exchanges"] if {e["giver"], e["taker"]} <= kept],
        "departments": reasons["departments"],
        "shared_hours": reasons["shared_hours"],
    }
    return rounds.add_pair(session, round_, group, now)


def queue_round(session: Session, round_id: int, now: datetime) -> None:
    """Queue a new round's intros and "not placed" DMs (with the round, in its transaction)."""
    queue_intros(session, session.scalars(select(Pair.id).where(Pair.round_id == round_id)), now)
    queue_unplaced(session, round_id, now)


def queue_intros(session: Session, pair_ids: Iterable[int], now: datetime) -> int:
    """Queue the intro of each of these groups (not yet introduced) as an outbox row, due now:
    user_id is the group's first coach, ref_id the pair. Queued once (the outbox's unique key);
    how many were added."""
    added = 0
    for pair in session.scalars(
        select(Pair).where(
            Pair.id.in_(list(pair_ids)), Pair.intro_sent_at.is_(None), Pair.ended_at.is_(None)
        )
    ):
        first = members_of(session, pair)[0]
        added += outbox.queue(
            session,
            pair.team_id,
            pair.programme_id,
            first,
            OutboxKind.INTRO,
            f"pair{pair.id}",
            pair.id,
            0,
            now,
            now,
        )
    return added


def queue_unplaced(session: Session, round_id: int, now: datetime) -> int:
    """Queue the "not placed" DM of everyone the round left out (user_id the person, ref_id
    the round), once; how many were added."""
    added = 0
    round_ = session.get(Round, round_id)
    for row in session.scalars(
        select(Unpaired).where(Unpaired.round_id == round_id, Unpaired.notified_at.is_(None))
    ):
        assert round_ is not None
        added += outbox.queue(
            session,
            row.team_id,
            round_.programme_id,
            row.user_id,
            OutboxKind.UNPLACED,
            f"round{round_id}",
            round_id,
            0,
            now,
            now,
        )
    return added


def intro_note(
    session: Session, pair_id: int, default_locale: str, now: datetime
) -> IntroNote | None:
    """What the group's intro shows; None when it is no longer wanted (the group ended, or was
    introduced already)."""
    pair = session.get(Pair, pair_id)
    if pair is None or pair.ended_at is not None or pair.intro_sent_at is not None:
        return None
    users = members_of(session, pair)
    people = [session.get(Member, (pair.team_id, user)) for user in users]
    return IntroNote(
        pairing_card(session, pair, users[0]),
        tuple(
            members.card(
                m, members.place_of(session, pair.programme_id, m.user_id), default_locale, now
            )
            for m in people
            if m is not None
        ),
        meeting_times.for_group(session, pair.team_id, pair.id, now),
        guides.first_guide(session, pair.programme_id),
    )


def unplaced_note(session: Session, round_id: int, user_id: str) -> UnplacedNote | None:
    """Why the round left the person out; None once they were told."""
    row = session.get(Unpaired, (round_id, user_id))
    return None if row is None or row.notified_at is not None else UnplacedNote(row.reason)


def unqueued_intros(session: Session, team_id: str, now: datetime) -> tuple[int, ...]:
    """Groups of running rounds neither introduced nor queued for it (made before intros went
    through the outbox, or by a path that did not queue them): the clock queues them."""
    queued = select(Outbox.id).where(
        Outbox.team_id == Pair.team_id, Outbox.kind == OutboxKind.INTRO, Outbox.ref_id == Pair.id
    )
    return tuple(
        session.scalars(
            select(Pair.id)
            .join(Round, Round.id == Pair.round_id)
            .where(
                Pair.team_id == team_id,
                Pair.intro_sent_at.is_(None),
                Pair.ended_at.is_(None),
                Round.ends_at > now,
                ~queued.exists(),
            )
            .order_by(Pair.id)
        )
    )
