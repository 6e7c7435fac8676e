"""Digest benchmark: a programme of 5,000 members with a year of history (four 12-week rounds
and a running one, a session every 14 days, about 130,000 check-ins and 20,000 goals, and
about 46,000 bookings: most sessions booked one by one, three pairs in ten booking a series
every 14 days, a few cancelled, and most running pairs with their next session ahead), and
issue 18's data: a resource library of 300 (some removed) opened in about 50,000 hours of the
year, about 30 learnings shared a week, and, in every other programme (the first among them),
a journey of 8 session guides edited in English and Swedish. Prints
the time to compute the digest's figures (median and slowest of the runs) and the number of
queries it took, on SQLite and, with --database-url, on PostgreSQL.

With --programmes N (issue 17's scale run: 20), one workspace runs N such programmes of
--members each, and people are in one, two or three of them (half the people in one, a third
in two, a sixth in three: 60,000 people for 20 programmes of 5,000). Each programme gets the
year of history above, and the figures are timed for each programme in turn (first run and
median), with the slowest programme and the statements a call takes.

    python -m benchmarks.digest [--members 5000] [--runs 7] [--programmes 1]
                                [--database-url URL]
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, insert, select, text

from bot.db import make_engine, make_sessions
from bot.domain import (
    SKILLS,
    Attendance,
    BookingStatus,
    CareerLevel,
    DigestFigures,
    GoalStatus,
    LearningSource,
    MeetingForm,
    MemberStatus,
    PairingMode,
    RolePreference,
    Visibility,
)
from bot.migrate import upgrade_to_head
from bot.models import (
    Base,
    Booking,
    CheckinLog,
    FeedbackAnswer,
    Goal,
    Kudos,
    Learning,
    Meeting,
    Member,
    Pair,
    PairMember,
    Programme,
    ProgrammeMember,
    Resource,
    ResourceOpen,
    ResourceSkill,
    Round,
    SessionGuide,
    SessionGuideText,
    Workspace,
)
from bot.services.digest_figures import figures

TEAM = "TBENCH"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
CYCLE = 14
ROUND_WEEKS = 12
SESSION = timedelta(minutes=30)
RESOURCES = 300  # a programme's library
RESOURCE_OPEN_HOURS = 50_000  # (resource, hour) rows of opens over the year, a programme
LEARNINGS_A_WEEK = 30
GUIDES = 8  # the edited journey's guides


def build(engine: Engine, members: int, seed: int = 7) -> dict[str, int]:
    """A year of one programme, written with bulk inserts; returns row counts."""
    return build_workspace(engine, 1, members, seed)[1]


def build_workspace(
    engine: Engine, programmes_count: int, members: int, seed: int = 7
) -> tuple[list[int], dict[str, int]]:
    """A workspace of `programmes_count` programmes of `members` each, people in one to three
    of them, each with a year of history; returns the programmes' ids and the row counts."""
    year_ago = NOW - timedelta(days=365)
    places = enrolments(programmes_count, members, random.Random(seed))
    people = sorted({user for users in places for user in users})
    counts = dict.fromkeys(
        (
            *("people", "places", "checkins", "meetings", "goals", "kudos", "pairs", "bookings"),
            *("resources", "resource_opens", "learnings", "guides"),
        ),
        0,
    )
    counts["people"] = len(people)
    with engine.begin() as conn:
        conn.execute(insert(Workspace), [{"team_id": TEAM, "created_at": year_ago}])
        for chunk in range(0, len(people), 10_000):
            conn.execute(
                insert(Member),
                [
                    {
                        "team_id": TEAM,
                        "user_id": u,
                        "locale": "en",
                        "time_zone": "Europe/Stockholm",
                        "skills_offered": ["writing"],
                        "skills_wanted": wanted_skills(int(u[1:])),
                        "department": f"D{int(u[1:]) % 20}",
                        "about": "",
                        "career_level": CareerLevel.MID,
                        "created_at": year_ago,
                        "updated_at": year_ago,
                    }
                    for u in people[chunk : chunk + 10_000]
                ],
            )
    ids = []
    for index, users in enumerate(places):
        with engine.begin() as conn:
            # the first is the workspace's own (no name), as programmes.current makes it
            name = None if index == 0 else f"Programme {index + 1}"
            programme_id = conn.execute(
                insert(Programme).returning(Programme.id),
                [{"team_id": TEAM, "name": name, "created_at": year_ago}],
            ).scalar_one()
            _programme(conn, random.Random(seed + index), programme_id, users, counts)
            # issue 18's rows from a generator of their own: the rows above stay as they were
            extra = random.Random(1_000_003 * (seed + index))
            _library(conn, extra, programme_id, counts)
            _learnings(conn, extra, programme_id, users, counts)
            if index % 2 == 0:
                _journey(conn, programme_id, counts)
        ids.append(programme_id)
    return ids, counts


def wanted_skills(person: int) -> list[str]:
    """One to three skills the person wants to develop, spread over the catalogue."""
    return [SKILLS[(person * 11 + 5 * k) % len(SKILLS)] for k in range(1 + person % 3)]


def enrolments(programmes_count: int, members: int, rng: random.Random) -> list[list[str]]:
    """Each programme's people: `members` each, half the people in one programme, a third in
    two and a sixth in three (fewer when there are fewer programmes), never twice in one."""
    pattern = [1, 1, 1, 2, 2, 3]
    wanted, taken = programmes_count * members, 0
    multiples: list[int] = []
    while taken < wanted:
        k = min(pattern[len(multiples) % len(pattern)], programmes_count, wanted - taken)
        multiples.append(k)
        taken += k
    rng.shuffle(multiples)
    # a person's places are consecutive slots, and slot j is programme j mod N: k <= N slots
    # in a row are k different programmes, and each programme gets exactly `members`
    places: list[list[str]] = [[] for _ in range(programmes_count)]
    slot = 0
    for person, k in enumerate(multiples):
        for _ in range(k):
            places[slot % programmes_count].append(f"U{person:07d}")
            slot += 1
    return places


def _programme(
    conn: Any, rng: random.Random, programme_id: int, users: list[str], counts: dict[str, int]
) -> None:
    """One programme's places and year: rounds and their history, goals, feedback."""
    year_ago = NOW - timedelta(days=365)
    members = len(users)
    conn.execute(
        insert(ProgrammeMember),
        [
            {
                "programme_id": programme_id,
                "team_id": TEAM,
                "user_id": u,
                "status": MemberStatus.LEFT if rng.random() < 0.03 else MemberStatus.ACTIVE,
                "role_preference": RolePreference.PEER,
                "paused_until": NOW + timedelta(days=7) if rng.random() < 0.04 else None,
                "joined_at": year_ago + timedelta(days=rng.randrange(365)),
            }
            for u in users
        ],
    )
    counts["places"] += members
    starts = NOW - timedelta(days=365)
    number = 0
    while starts < NOW:
        number += 1
        ends = starts + timedelta(weeks=ROUND_WEEKS)
        round_id = conn.execute(
            insert(Round).returning(Round.id),
            [
                {
                    "team_id": TEAM,
                    "programme_id": programme_id,
                    "number": number,
                    "draft_id": f"bench{programme_id}-{number}",
                    "mode": PairingMode.PEER,
                    "group_size": 2,
                    "recent_rounds": 6,
                    "starts_at": starts,
                    "ends_at": ends,
                    "created_by": "UBENCH",
                    "created_at": starts,
                }
            ],
        ).scalar_one()
        _round_history(conn, rng, programme_id, users, round_id, starts, ends, counts)
        starts = ends
    goals = [
        {
            "team_id": TEAM,
            "programme_id": programme_id,
            "user_id": users[i % members],
            "what": "Present at the all-hands",
            "skill": SKILLS[i % len(SKILLS)] if i % 2 else None,  # half name a skill
            "why": "",
            "measure": "Done once",
            "target_date": (NOW + timedelta(days=30)).date(),
            "visibility": Visibility.PARTNER,
            "status": rng.choice(list(GoalStatus)),
            "created_at": year_ago,
            "updated_at": year_ago,
        }
        for i in range(4 * members)
    ]
    conn.execute(insert(Goal), goals)
    counts["goals"] += len(goals)
    conn.execute(
        insert(FeedbackAnswer),
        [
            {
                "team_id": TEAM,
                "programme_id": programme_id,
                "survey": f"round{1 + i % 4}",
                "respondent": f"{i:064x}",
                "growth": rng.randint(1, 5),
                "supported": rng.randint(1, 5),
                "recommend": rng.randint(0, 10),
                "partner_uses": None,
                "comment": "Helpful" if i % 5 == 0 else "",
            }
            for i in range(members)
        ],
    )


def _round_history(
    conn: Any,
    rng: random.Random,
    programme_id: int,
    users: list[str],
    round_id: int,
    starts: datetime,
    ends: datetime,
    counts: dict[str, int],
) -> None:
    until = min(ends, NOW)
    order = users[:]
    rng.shuffle(order)
    pair_rows = [
        {
            "team_id": TEAM,
            "programme_id": programme_id,
            "round_id": round_id,
            "score": 1.0,
            "starts_at": starts,
            "reasons": {"exchanges": [], "departments": [], "shared_hours": 8.0},
        }
        for _ in range(len(order) // 2)
    ]
    pair_ids = list(conn.execute(insert(Pair).returning(Pair.id), pair_rows).scalars())
    counts["pairs"] += len(pair_ids)
    conn.execute(
        insert(PairMember),
        [
            {"pair_id": pair_ids[i // 2], "user_id": u, "team_id": TEAM, "coach_order": i % 2}
            for i, u in enumerate(order[: 2 * len(pair_ids)])
        ],
    )
    # three pairs in ten book a series at a fixed time every cycle, the rest session by session
    series = {pair_id: rng.randrange(CYCLE) for pair_id in pair_ids if rng.random() < 0.3}
    bookings = [
        _booking(
            programme_id,
            pair_id,
            starts + timedelta(days=offset, hours=10),
            BookingStatus.BOOKED if ends > NOW else BookingStatus.PAST,
            repeat_until=ends,
        )
        for pair_id, offset in series.items()
    ]
    meetings, logs, kudos = [], [], []
    cycle_start = starts
    while cycle_start + timedelta(days=CYCLE) <= until:
        for index, pair_id in enumerate(pair_ids):
            if rng.random() < 0.01:  # pairs that skip a cycle
                continue
            offset = series.get(pair_id, rng.randrange(CYCLE))
            day = (cycle_start + timedelta(days=offset)).date()
            at = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=10)
            if pair_id not in series and rng.random() < 0.85:  # booked, then logged
                bookings.append(_booking(programme_id, pair_id, at, BookingStatus.PAST))
            if rng.random() < 0.05:  # a session booked, then cancelled
                cancelled = at + timedelta(days=2)
                bookings.append(_booking(programme_id, pair_id, cancelled, BookingStatus.CANCELLED))
            authors = order[2 * index : 2 * index + 2]
            if rng.random() < 0.04:  # one of the two never logs it
                authors = authors[:1]
            met = rng.random() < 0.9
            meetings.append(
                {
                    "team_id": TEAM,
                    "programme_id": programme_id,
                    "pair_id": pair_id,
                    "session_date": day,
                    "contradictory": rng.random() < 0.02,
                    "held": met,
                    "created_at": cycle_start,
                }
            )
            for author in authors:
                logs.append((len(meetings) - 1, author, day, met))
            if rng.random() < 0.25:
                kudos.append((len(meetings) - 1, authors[0], order[2 * index + 1]))
        cycle_start += timedelta(days=CYCLE)
    if ends > NOW:  # most running pairs have booked their next session
        bookings += [
            _booking(
                programme_id,
                pair_id,
                NOW + timedelta(days=rng.randrange(1, CYCLE), hours=1),
                BookingStatus.BOOKED,
            )
            for pair_id in pair_ids
            if pair_id not in series and rng.random() < 0.6
        ]
    conn.execute(insert(Booking), bookings)
    counts["bookings"] += len(bookings)
    meeting_ids = list(conn.execute(insert(Meeting).returning(Meeting.id), meetings).scalars())
    submitted = datetime.combine
    conn.execute(
        insert(CheckinLog),
        [
            {
                "team_id": TEAM,
                "programme_id": programme_id,
                "meeting_id": meeting_ids[m],
                "author": author,
                "attendance": Attendance.MET if met else Attendance.CANCELLED,
                "session_date": day,
                "minutes": 30,
                "coach": author,
                "worked_on": "",
                "learned": "",
                "next_step": "",
                "rating": rng.randint(1, 5),
                "submitted_at": submitted(day, datetime.min.time(), UTC) + timedelta(hours=15),
            }
            for m, author, day, met in logs
        ],
    )
    conn.execute(
        insert(Kudos),
        [
            {
                "meeting_id": meeting_ids[m],
                "sender": sender,
                "receiver": receiver,
                "team_id": TEAM,
                "programme_id": programme_id,
                "sent_at": NOW - timedelta(days=1),
            }
            for m, sender, receiver in kudos
            if sender != receiver
        ],
    )
    counts["meetings"] += len(meetings)
    counts["checkins"] += len(logs)
    counts["kudos"] += len(kudos)


def _library(conn: Any, rng: random.Random, programme_id: int, counts: dict[str, int]) -> None:
    """The programme's resource library: RESOURCES links added over the year, one in ten
    removed since, each tagged with one to three skills, in English, Swedish or any language;
    and their opens, counted by the hour: about RESOURCE_OPEN_HOURS (resource, hour) rows in
    working hours, the popular resources opened far more often than the rest."""
    year_ago = NOW - timedelta(days=365)
    rows = []
    for n in range(RESOURCES):
        added = year_ago + timedelta(days=rng.randrange(350), hours=rng.randrange(8, 17))
        removed = added + timedelta(days=rng.randrange(1, 15 + (NOW - added).days))
        rows.append(
            {
                "team_id": TEAM,
                "programme_id": programme_id,
                "title": f"Resource {n}: a guide worth reading",
                "url": f"https://example.com/library/{programme_id}/{n}",
                "why": "It helped our coaches" if n % 3 else "",
                "language": rng.choice(("en", "sv", "any")),
                "created_by": "UBENCH",
                "created_at": added,
                "updated_by": "UBENCH",
                "updated_at": added,
                "removed_at": removed if rng.random() < 0.1 and removed < NOW else None,
                "view_id": f"VR{programme_id}-{n}",
            }
        )
    ids = list(conn.execute(insert(Resource).returning(Resource.id), rows).scalars())
    conn.execute(
        insert(ResourceSkill),
        [
            {"resource_id": i, "skill": skill, "team_id": TEAM, "programme_id": programme_id}
            for i in ids
            for skill in rng.sample(SKILLS, rng.randint(1, 3))
        ],
    )
    # opens until the resource is removed (or now), on weekdays from 07:00 to 17:00 UTC
    lives = [
        (row["created_at"], row["removed_at"] or NOW, i) for row, i in zip(rows, ids, strict=True)
    ]
    popularity = list(itertools.accumulate(1 / (rank + 1) ** 0.5 for rank in range(len(ids))))
    opens: dict[tuple[int, datetime], int] = {}
    while len(opens) < RESOURCE_OPEN_HOURS:
        added, gone, resource_id = rng.choices(lives, cum_weights=popularity)[0]
        day = added + timedelta(days=rng.randrange(max(1, (gone - added).days)))
        hour = day.replace(hour=rng.randrange(7, 17), minute=0, second=0, microsecond=0)
        if day.weekday() < 5 and added <= hour < gone:
            opens[(resource_id, hour)] = rng.choice((1, 1, 1, 2, 3))
    conn.execute(
        insert(ResourceOpen),
        [
            {
                "resource_id": resource_id,
                "hour": hour,
                "team_id": TEAM,
                "programme_id": programme_id,
                "opens": count,
            }
            for (resource_id, hour), count in opens.items()
        ],
    )
    counts["resources"] += len(ids)
    counts["resource_opens"] += len(opens)


def _learnings(
    conn: Any, rng: random.Random, programme_id: int, users: list[str], counts: dict[str, int]
) -> None:
    """About LEARNINGS_A_WEEK learnings a week for the year, posted to the learning channel,
    three in ten anonymous."""
    shared = LEARNINGS_A_WEEK * 52
    rows = []
    for n in range(shared):
        posted = NOW - timedelta(seconds=rng.randrange(365 * 24 * 3600))
        rows.append(
            {
                "team_id": TEAM,
                "programme_id": programme_id,
                "user_id": rng.choice(users),
                "anonymous": rng.random() < 0.3,
                "text": "Asking before advising opened up the whole conversation.",
                "locale": rng.choice(("en", "sv")),
                "source": rng.choice(list(LearningSource)),
                "view_id": f"VL{programme_id}-{n}",
                "channel": "CLEARNING",
                "ts": f"{posted.timestamp():.6f}",
                "permalink": f"https://bench.slack.com/archives/CLEARNING/p{n}",
                "claimed_at": posted - timedelta(seconds=1),
                "posted_at": posted,
            }
        )
    conn.execute(insert(Learning), rows)
    counts["learnings"] += shared


def _journey(conn: Any, programme_id: int, counts: dict[str, int]) -> None:
    """A journey its coordinators edited: GUIDES guides, each in English and Swedish."""
    ids = list(
        conn.execute(
            insert(SessionGuide).returning(SessionGuide.id),
            [
                {"team_id": TEAM, "programme_id": programme_id, "position": n, "minutes": 45}
                for n in range(1, GUIDES + 1)
            ],
        ).scalars()
    )
    conn.execute(
        insert(SessionGuideText),
        [
            {
                "guide_id": guide_id,
                "locale": locale,
                "team_id": TEAM,
                "programme_id": programme_id,
                "title": f"{word} {n}",
                "purpose": "What this session is for, in a sentence or two.",
                "questions": "What went well?\nWhat would you do differently?\nWhat next?",
            }
            for n, guide_id in enumerate(ids, 1)
            for locale, word in (("en", "Session"), ("sv", "Samtal"))
        ],
    )
    counts["guides"] += len(ids)


def _booking(
    programme_id: int,
    pair_id: int,
    start: datetime,
    status: BookingStatus,
    repeat_until: datetime | None = None,
) -> dict[str, Any]:
    """A booking row: a single session, or a series every CYCLE days up to `repeat_until`."""
    return {
        "team_id": TEAM,
        "programme_id": programme_id,
        "pair_id": pair_id,
        "starts_at": start,
        "ends_at": start + SESSION,
        "form": MeetingForm.VIDEO,
        "status": status,
        "sequence": 0,
        "booked_by": "UBENCH",
        "updated_by": "UBENCH",
        "every_days": CYCLE if repeat_until is not None else None,
        "repeat_until": repeat_until,
        "created_at": start - timedelta(days=3),
        "updated_at": start - timedelta(days=3),
    }


def measure(engine: Engine, programme_id: int, runs: int) -> tuple[list[float], int, DigestFigures]:
    """Times of each run (seconds), the statements one run takes, and the figures."""
    statements = 0

    def count(*_: Any) -> None:
        nonlocal statements
        statements += 1

    sessions = make_sessions(engine)
    times = []
    for _ in range(runs):
        statements = 0
        event.listen(engine, "before_cursor_execute", count)
        started = time.perf_counter()
        with sessions() as session:
            result = figures(session, programme_id, NOW, CYCLE)
        times.append(time.perf_counter() - started)
        event.remove(engine, "before_cursor_execute", count)
    assert result.groups > 0 and result.checkins > 0
    assert result.top_resources and result.learnings
    return times, statements, result


def describe(result: DigestFigures) -> str:
    return (
        f"{result.active} active, {result.groups} groups, {result.met} met "
        f"({result.met_percent} %), {result.checkins} check-ins this cycle, "
        f"{len(result.at_risk)} at risk ({result.nothing_booked} with nothing booked), "
        f"{len(result.unpaired)} unpaired; {result.booked} sessions booked by "
        f"{result.booked_groups} groups, {result.booked_held} of {result.booked_passed} held; "
        f"{len(result.top_resources)} most opened resources (top "
        f"{result.top_resources[0].opens} opens), {len(result.learnings)} learnings this week"
    )


def prepare(url: str) -> Engine:
    """The database at the schema's head, emptied first on PostgreSQL (its tables go)."""
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(text(f"DROP TABLE IF EXISTS {table.name} CASCADE"))
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    upgrade_to_head(engine)
    return engine


def analyze(engine: Engine) -> None:
    """Fresh planner statistics, as a database in use has."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
    else:
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))


def run(url: str, label: str, members: int, runs: int, programmes_count: int) -> None:
    engine = prepare(url)
    started = time.perf_counter()
    ids, counts = build_workspace(engine, programmes_count, members)
    analyze(engine)
    with engine.connect() as conn:
        logs = conn.scalar(select(CheckinLog.id).order_by(CheckinLog.id.desc()).limit(1))
    print(
        f"{label}: {programmes_count} programme(s) of {members} members ({counts['people']} "
        f"people), {counts['pairs']} pairs over the year, {counts['meetings']} meetings, "
        f"{counts['checkins']} check-ins (last id {logs}), {counts['goals']} goals, "
        f"{counts['kudos']} kudos, {counts['bookings']} bookings, "
        f"{counts['resources']} resources opened in {counts['resource_opens']} hours, "
        f"{counts['learnings']} learnings, {counts['guides']} edited guides; "
        f"built in {time.perf_counter() - started:.1f} s"
    )
    medians, firsts, slowest = [], [], []
    for programme_id in ids:
        times, statements, result = measure(engine, programme_id, runs)
        medians.append(statistics.median(times))
        firsts.append(times[0])
        slowest.append(max(times))
        if len(ids) == 1 or programme_id == ids[0]:
            print(f"  figures: {describe(result)}")
        print(
            f"  programme {programme_id}: median {1000 * medians[-1]:.0f} ms, "
            f"slowest {1000 * slowest[-1]:.0f} ms over {runs} runs "
            f"(first {1000 * firsts[-1]:.0f} ms); {statements} statements a call"
        )
    if len(ids) > 1:
        worst = max(range(len(ids)), key=medians.__getitem__)
        print(
            f"  over {len(ids)} programmes: medians {1000 * min(medians):.0f} to "
            f"{1000 * max(medians):.0f} ms (median {1000 * statistics.median(medians):.0f} ms), "
            f"slowest programme {ids[worst]} (median {1000 * medians[worst]:.0f} ms), "
            f"first runs up to {1000 * max(firsts):.0f} ms, "
            f"slowest run {1000 * max(slowest):.0f} ms"
        )
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=5000, help="members a programme")
    parser.add_argument("--runs", type=int, default=7, help="runs a programme")
    parser.add_argument("--programmes", type=int, default=1, help="programmes in the workspace")
    parser.add_argument("--database-url", help="a PostgreSQL database to fill (its tables go)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite:///{Path(directory) / 'digest.db'}"
        run(url, "SQLite", args.members, args.runs, args.programmes)
    if args.database_url:
        run(args.database_url, "PostgreSQL", args.members, args.runs, args.programmes)


if __name__ == "__main__":
    main()
