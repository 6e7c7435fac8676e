"""A programme's journey of session guides: for each session of a group, a title, what the
session is for, questions the coach can ask and a suggested length.

Each programme kind has a default journey (its texts in the locale files, [guide.<kind>.<n>]).
A programme whose journey nobody edited follows its kind's default and stores nothing; the
first change a coordinator makes stores the whole journey as the programme's own rows
(session_guides, and session_guide_texts with one row per guide and language), and a reset
deletes them again.

Which guide a session follows: a group's next session is one more than the sessions it held
(check-ins logged as met), so after two sessions held the next follows guide 3. Past the end
of the journey the guides start again from the second: the first is for meeting, and the last
(looking back and planning on) leads into a new goal (guide_number).
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from functools import cache

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.config import SUPPORTED_LOCALES
from bot.domain import (
    GUIDE_MINUTES,
    GUIDE_PURPOSE_MAX,
    GUIDE_QUESTION_MAX,
    GUIDE_QUESTIONS,
    GUIDE_TITLE_MAX,
    GUIDES_MAX,
    Guide,
    GuideText,
    ProgrammeKind,
)
from bot.i18n import catalogue
from bot.models import Meeting, Pair, Programme, SessionGuide, SessionGuideText

MINUTES_MIN, MINUTES_MAX = GUIDE_MINUTES
QUESTIONS_MIN, QUESTIONS_MAX = GUIDE_QUESTIONS

# The default journeys' suggested lengths, guide by guide (their texts are in the locales).
DEFAULT_MINUTES: dict[ProgrammeKind, tuple[int, ...]] = {
    ProgrammeKind.PEER: (30, 30, 30, 30, 30, 30),
    ProgrammeKind.MENTORING: (45, 45, 45, 45, 30, 45),
    ProgrammeKind.CIRCLES: (60, 45, 60, 45, 45, 60),  # four to eight people take longer
}

Texts = tuple[tuple[str, GuideText], ...]  # (locale, text)


@cache
def default_journey(kind: ProgrammeKind) -> tuple[Guide, ...]:
    """The journey a programme of `kind` follows until its coordinators change it."""
    drafts = [
        (minutes, tuple((locale, _default_text(kind, n, locale)) for locale in SUPPORTED_LOCALES))
        for n, minutes in enumerate(DEFAULT_MINUTES[kind], 1)
    ]
    return _numbered(drafts)


def _default_text(kind: ProgrammeKind, number: int, locale: str) -> GuideText:
    texts = catalogue(locale)
    prefix = f"guide.{kind}.{number}"
    questions = tuple(
        texts[f"{prefix}.q{n}"] for n in range(1, QUESTIONS_MAX + 1) if f"{prefix}.q{n}" in texts
    )
    return GuideText(texts[f"{prefix}.title"], texts[f"{prefix}.purpose"], questions)


def _numbered(drafts: Sequence[tuple[int, Texts]]) -> tuple[Guide, ...]:
    total = len(drafts)
    return tuple(Guide(n, total, minutes, texts) for n, (minutes, texts) in enumerate(drafts, 1))


def journey(session: Session, programme_id: int) -> tuple[Guide, ...]:
    """The programme's journey: its own when a coordinator edited it, else its kind's."""
    rows = session.scalars(
        select(SessionGuide)
        .where(SessionGuide.programme_id == programme_id)
        .order_by(SessionGuide.position)
    ).all()
    if not rows:
        programme = session.get(Programme, programme_id)
        return default_journey(programme.kind if programme else ProgrammeKind.PEER)
    texts: dict[int, dict[str, GuideText]] = {}
    for row in session.scalars(
        select(SessionGuideText).where(SessionGuideText.programme_id == programme_id)
    ):
        questions = tuple(line for line in row.questions.split("\n") if line)
        texts.setdefault(row.guide_id, {})[row.locale] = GuideText(
            row.title, row.purpose, questions
        )
    return _numbered([(row.minutes, _ordered(texts.get(row.id, {}))) for row in rows])


def _ordered(texts: Mapping[str, GuideText]) -> Texts:
    """The texts in the supported languages' order (English first), then any others."""
    order = {locale: i for i, locale in enumerate(SUPPORTED_LOCALES)}
    return tuple(sorted(texts.items(), key=lambda item: (order.get(item[0], len(order)), item[0])))


def is_edited(session: Session, programme_id: int) -> bool:
    """Whether the programme keeps a journey of its own."""
    found = session.scalar(
        select(SessionGuide.id).where(SessionGuide.programme_id == programme_id).limit(1)
    )
    return found is not None


def guide_number(session_number: int, total: int) -> int:
    """The guide (from 1) a group's `session_number`th session follows in a journey of `total`
    guides: the session's own while the journey lasts; past its end the guides start again
    from the second, since the first is for meeting each other."""
    if session_number <= total or total == 1:
        return max(1, min(session_number, total))
    return 2 + (session_number - 2) % (total - 1)


def sessions_held(session: Session, pair_id: int) -> int:
    """The sessions the group held (logged as met)."""
    count = session.scalar(
        select(func.count())
        .select_from(Meeting)
        .where(Meeting.pair_id == pair_id, Meeting.held.is_(True))
    )
    return count or 0


def next_guide(session: Session, pair_id: int) -> Guide | None:
    """The guide of the group's next session (None when the group is gone)."""
    pair = session.get(Pair, pair_id)
    if pair is None:
        return None
    return guide_after(session, pair.programme_id, sessions_held(session, pair_id))


def guide_after(session: Session, programme_id: int, held: int) -> Guide:
    """The guide of a group's next session, after `held` sessions (a pair's or a circle's)."""
    guides = journey(session, programme_id)
    return guides[guide_number(held + 1, len(guides)) - 1]


def first_guide(session: Session, programme_id: int) -> Guide:
    """The guide of every group's first session."""
    return journey(session, programme_id)[0]


def stamp(guides: Sequence[Guide]) -> str:
    """A short fingerprint of the journey: an editor's click made on an older view of it (a
    double click, two coordinators at once) changes nothing."""
    return f"{zlib.crc32(repr(tuple(guides)).encode()):08x}"


def _owned(session: Session, team_id: str, programme_id: int) -> bool:
    programme = session.get(Programme, programme_id)
    return programme is not None and programme.team_id == team_id


def save(
    session: Session, team_id: str, programme_id: int, number: int, minutes: int, texts: Texts
) -> bool:
    """Change guide `number` of the programme's journey, or add it when it is one past the
    end (a retried submission then changes the guide it added); False when nothing changed."""
    if not _owned(session, team_id, programme_id):
        return False
    drafts = _drafts(journey(session, programme_id))
    if 1 <= number <= len(drafts):
        drafts[number - 1] = (minutes, _ordered(dict(texts)))
    elif number == len(drafts) + 1 <= GUIDES_MAX:
        drafts.append((minutes, _ordered(dict(texts))))
    else:
        return False
    _store(session, team_id, programme_id, drafts)
    return True


def move(session: Session, team_id: str, programme_id: int, number: int, step: int) -> bool:
    """Move guide `number` one place up (step -1) or down (+1); False when it cannot."""
    if not _owned(session, team_id, programme_id):
        return False
    drafts = _drafts(journey(session, programme_id))
    other = number + step
    if not (1 <= number <= len(drafts) and 1 <= other <= len(drafts)) or abs(step) != 1:
        return False
    drafts[number - 1], drafts[other - 1] = drafts[other - 1], drafts[number - 1]
    _store(session, team_id, programme_id, drafts)
    return True


def remove(session: Session, team_id: str, programme_id: int, number: int) -> bool:
    """Remove guide `number`; a journey keeps one guide at least (False then)."""
    if not _owned(session, team_id, programme_id):
        return False
    drafts = _drafts(journey(session, programme_id))
    if len(drafts) <= 1 or not 1 <= number <= len(drafts):
        return False
    del drafts[number - 1]
    _store(session, team_id, programme_id, drafts)
    return True


def reset(session: Session, team_id: str, programme_id: int) -> bool:
    """Back to the kind's default journey: the programme's own rows are deleted."""
    if not _owned(session, team_id, programme_id):
        return False
    _clear(session, programme_id)
    return True


def _drafts(guides: Sequence[Guide]) -> list[tuple[int, Texts]]:
    return [(guide.minutes, guide.texts) for guide in guides]


def _clear(session: Session, programme_id: int) -> None:
    session.execute(delete(SessionGuideText).where(SessionGuideText.programme_id == programme_id))
    session.execute(delete(SessionGuide).where(SessionGuide.programme_id == programme_id))


def _store(
    session: Session, team_id: str, programme_id: int, drafts: Sequence[tuple[int, Texts]]
) -> None:
    """The programme's journey written anew (a handful of rows)."""
    _clear(session, programme_id)
    for position, (minutes, texts) in enumerate(drafts, 1):
        row = SessionGuide(
            team_id=team_id, programme_id=programme_id, position=position, minutes=minutes
        )
        session.add(row)
        session.flush()
        session.add_all(
            SessionGuideText(
                guide_id=row.id,
                locale=locale,
                team_id=team_id,
                programme_id=programme_id,
                title=text.title,
                purpose=text.purpose,
                questions="\n".join(text.questions),
            )
            for locale, text in texts
        )
    session.flush()


def check(
    minutes: str, written: Mapping[str, tuple[str, str, str]], own: str
) -> tuple[tuple[int, Texts] | None, dict[tuple[str, str], tuple[str, dict[str, int]]]]:
    """A guide as a coordinator wrote it: `minutes` as typed and, for each language, the
    title, purpose and questions (one a line) as typed. The writer's `own` language is
    required; another is left out when all its fields are empty (its readers see the guide in
    the first language it has). Returns (minutes, texts) or None, and the problems:
    (field, locale) -> (an i18n key, its values); field is "title", "purpose", "questions" or
    "minutes" (its locale "")."""
    problems: dict[tuple[str, str], tuple[str, dict[str, int]]] = {}
    number = minutes.strip()
    if not (number.isascii() and number.isdigit()) or not MINUTES_MIN <= int(number) <= MINUTES_MAX:
        problems[("minutes", "")] = ("guide.minutes_range", {})
    texts: list[tuple[str, GuideText]] = []
    for locale in SUPPORTED_LOCALES:
        title, purpose, questions_text = (part.strip() for part in written.get(locale, ("",) * 3))
        if locale != own and not (title or purpose or questions_text):
            continue
        for field, value, limit in (
            ("title", title, GUIDE_TITLE_MAX),
            ("purpose", purpose, GUIDE_PURPOSE_MAX),
        ):
            if not value:
                problems[(field, locale)] = ("guide.required", {})
            elif len(value) > limit:
                problems[(field, locale)] = (
                    "guide.too_long",
                    {"limit": limit, "length": len(value)},
                )
        questions = tuple(q.strip() for q in questions_text.splitlines() if q.strip())
        if not QUESTIONS_MIN <= len(questions) <= QUESTIONS_MAX:
            problems[("questions", locale)] = ("guide.question_count", {"count": len(questions)})
        elif any(len(q) > GUIDE_QUESTION_MAX for q in questions):
            problems[("questions", locale)] = (
                "guide.question_too_long",
                {"limit": GUIDE_QUESTION_MAX},
            )
        texts.append((locale, GuideText(title, purpose, questions)))
    if problems:
        return None, problems
    return (int(number), tuple(texts)), {}
