"""The resource library (#18): links a programme's coordinators add (a title, a line on why it
helps, the skills it builds, its language), listed and searched by the programme's members,
suggested on their Home by the skills they want to develop and their open goals' skills, and
counted when opened: how often in each hour, never who."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import Select, case, delete, func, or_, select
from sqlalchemy.orm import Session

from bot.domain import (
    RESOURCE_ANY_LANGUAGE,
    RESOURCE_LANGUAGES,
    RESOURCE_SKILLS_MAX,
    RESOURCE_SUGGESTIONS,
    RESOURCE_TITLE_MAX,
    RESOURCE_URL_MAX,
    RESOURCE_WHY_MAX,
    RESOURCES_PER_PAGE,
    SKILLS,
    GoalStatus,
    ResourceCard,
    ResourceInput,
    ResourceOpens,
    ResourcePage,
)
from bot.i18n import t
from bot.models import Goal, Member, Resource, ResourceOpen, ResourceSkill
from bot.services import sql
from bot.services.members import FieldError

QUERY_MAX = 80  # characters of a search kept (what the list's buttons carry back)
MOST_OPENED = 5  # resources the digest names
# Whitespace and what would end Slack's <url|title> link early or quote out of it
_NOT_IN_LINKS = re.compile(r"[\s<>|\"`\\]")
_SKILL_ORDER = {skill: n for n, skill in enumerate(SKILLS)}


def link_problem(url: str) -> str | None:
    """Why a link cannot be kept (a message key), or None for an http(s) link to a host."""
    if not url:
        return "resources.error.url_required"
    if len(url) > RESOURCE_URL_MAX:
        return "resources.error.url_long"
    if _NOT_IN_LINKS.search(url) or not url.isprintable():
        return "resources.error.url_invalid"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (a port that is not a number raises here)
    except ValueError:
        return "resources.error.url_invalid"
    if parts.scheme.lower() not in ("http", "https"):
        return "resources.error.url_scheme"
    host = parts.hostname or ""
    if not host or not all(c.isalnum() or c in ".-:[]" for c in host):
        return "resources.error.url_invalid"
    if parts.username is not None or parts.password is not None:  # https://bank.com@elsewhere
        return "resources.error.url_invalid"
    return None


def cleaned(resource: ResourceInput) -> ResourceInput:
    """The input as kept: each text on one line without spaces around it, each skill once."""
    return ResourceInput(
        title=" ".join(resource.title.split()),
        url=resource.url.strip(),
        why=" ".join(resource.why.split()),
        skills=tuple(dict.fromkeys(resource.skills)),
        language=resource.language,
    )


def validate(resource: ResourceInput) -> list[FieldError]:
    """What is wrong with a (cleaned) resource, field by field (the modal's block ids)."""
    errors: list[FieldError] = []
    if not resource.title:
        errors.append(FieldError("title", "resources.error.title_required"))
    elif len(resource.title) > RESOURCE_TITLE_MAX:
        errors.append(FieldError("title", "resources.error.too_long", {"max": RESOURCE_TITLE_MAX}))
    problem = link_problem(resource.url)
    if problem is not None:
        errors.append(FieldError("url", problem, {"max": RESOURCE_URL_MAX}))
    if len(resource.why) > RESOURCE_WHY_MAX:
        errors.append(FieldError("why", "resources.error.too_long", {"max": RESOURCE_WHY_MAX}))
    if any(skill not in _SKILL_ORDER for skill in resource.skills):
        errors.append(FieldError("skills", "profile.error.unknown_skill"))
    elif len(resource.skills) > RESOURCE_SKILLS_MAX:
        errors.append(
            FieldError("skills", "resources.error.too_many_skills", {"max": RESOURCE_SKILLS_MAX})
        )
    if resource.language not in RESOURCE_LANGUAGES:
        errors.append(FieldError("language", "resources.error.language"))
    return errors


def add(
    session: Session,
    team_id: str,
    programme_id: int,
    resource: ResourceInput,
    user_id: str,
    view_id: str,
    now: datetime,
) -> int | None:
    """Add a valid resource to the programme's library, once for the modal it came from (a
    repeated submission adds nothing); its id, or None when the view added one already."""
    statement = sql.insert(session, Resource).values(
        team_id=team_id,
        programme_id=programme_id,
        title=resource.title,
        url=resource.url,
        why=resource.why,
        language=resource.language,
        created_by=user_id,
        created_at=now,
        updated_by=user_id,
        updated_at=now,
        view_id=view_id or None,
    )
    resource_id = session.scalar(statement.on_conflict_do_nothing().returning(Resource.id))
    if resource_id is None:
        return None
    _tag(session, team_id, programme_id, resource_id, resource.skills)
    return resource_id


def edit(
    session: Session,
    team_id: str,
    resource_id: int,
    resource: ResourceInput,
    user_id: str,
    now: datetime,
) -> bool:
    """Change a live resource of the workspace to a valid input; False when there is none."""
    row = _live(session, team_id, resource_id)
    if row is None:
        return False
    row.title, row.url, row.why = resource.title, resource.url, resource.why
    row.language, row.updated_by, row.updated_at = resource.language, user_id, now
    session.execute(delete(ResourceSkill).where(ResourceSkill.resource_id == resource_id))
    _tag(session, team_id, row.programme_id, resource_id, resource.skills)
    return True


def remove(session: Session, team_id: str, resource_id: int, user_id: str, now: datetime) -> bool:
    """Take a resource out of the library (its opens stay counted); False when it is not a
    live resource of the workspace."""
    row = _live(session, team_id, resource_id)
    if row is None:
        return False
    row.removed_at, row.updated_by, row.updated_at = now, user_id, now
    return True


def find(session: Session, team_id: str, resource_id: int) -> ResourceCard | None:
    """A live resource of the workspace (an id from a click may be any)."""
    row = _live(session, team_id, resource_id)
    return None if row is None else _cards(session, [row])[0]


def listing(
    session: Session, team_id: str, programme_id: int, query: str, page: int
) -> ResourcePage:
    """One page of the programme's live resources, newest first, whose title or why line holds
    `query`, or which build a skill whose name (in any language) holds it; every one for ""."""
    query = " ".join(query.split())[:QUERY_MAX]
    matching = _library(team_id, programme_id)
    if query:
        word = query.lower()
        found = [
            func.lower(Resource.title).contains(word, autoescape=True),
            func.lower(Resource.why).contains(word, autoescape=True),
        ]
        skills = skills_named(word)
        if skills:
            tagged = select(ResourceSkill.resource_id).where(
                ResourceSkill.programme_id == programme_id, ResourceSkill.skill.in_(skills)
            )
            found.append(Resource.id.in_(tagged))
        matching = matching.where(or_(*found))
    total = session.scalar(select(func.count()).select_from(matching.subquery())) or 0
    last = max(0, (total - 1) // RESOURCES_PER_PAGE)
    page = min(max(page, 0), last)
    rows = session.scalars(
        matching.order_by(Resource.created_at.desc(), Resource.id.desc())
        .offset(page * RESOURCES_PER_PAGE)
        .limit(RESOURCES_PER_PAGE)
    ).all()
    return ResourcePage(programme_id, tuple(_cards(session, rows)), query, page, total)


def skills_named(word: str) -> list[str]:
    """The skills whose key or name in any language holds `word` (lower case)."""
    return [
        skill
        for skill in SKILLS
        if word in skill.replace("_", " ")
        or any(word in t(f"skill.{skill}", locale).lower() for locale in RESOURCE_LANGUAGES[1:])
    ]


def suggestions(
    session: Session, team_id: str, programme_id: int, user_id: str, locale: str
) -> list[ResourceCard]:
    """Up to RESOURCE_SUGGESTIONS live resources of the programme for the person: those that
    build a skill they want to develop or their open goals' skills (a goal's counts double):
    in their language first, then those for any language, then the better match, the newer."""
    member = session.get(Member, (team_id, user_id))
    wanted = set(member.skills_wanted or []) if member is not None else set()
    goals = set(
        session.scalars(
            select(Goal.skill).where(
                Goal.team_id == team_id,
                Goal.user_id == user_id,
                Goal.status != GoalStatus.COMPLETED,
                Goal.skill.is_not(None),
            )
        )
    )
    if not wanted | goals:
        return []
    # ranked in the database and only the few shown loaded: a person's skills match dozens of
    # a large library's resources, and loading each as an entity cost more than the rest of
    # their part of Home (benchmarks.home)
    score = func.sum(
        case((ResourceSkill.skill.in_(goals), 2), else_=0)
        + case((ResourceSkill.skill.in_(wanted), 1), else_=0)
    )
    language = case(
        (Resource.language == locale, 0), (Resource.language == RESOURCE_ANY_LANGUAGE, 1), else_=2
    )
    rows = session.scalars(
        select(Resource)
        .join(ResourceSkill, ResourceSkill.resource_id == Resource.id)
        .where(
            ResourceSkill.programme_id == programme_id,
            ResourceSkill.skill.in_(wanted | goals),
            Resource.team_id == team_id,
            Resource.removed_at.is_(None),
        )
        .group_by(Resource.id)
        .order_by(language, score.desc(), Resource.created_at.desc(), Resource.id.desc())
        .limit(RESOURCE_SUGGESTIONS)
    ).all()
    return _cards(session, rows)


def record_open(session: Session, team_id: str, resource_id: int, now: datetime) -> bool:
    """Count one open of a live resource of the workspace in this hour (nothing of who opened
    it); False, counting nothing, for any other id."""
    row = _live(session, team_id, resource_id)
    if row is None:
        return False
    statement = sql.insert(session, ResourceOpen).values(
        resource_id=resource_id,
        hour=now.replace(minute=0, second=0, microsecond=0),
        team_id=team_id,
        programme_id=row.programme_id,
        opens=1,
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[ResourceOpen.resource_id, ResourceOpen.hour],
            set_={"opens": ResourceOpen.opens + 1},
        )
    )
    return True


def most_opened(
    session: Session, programme_id: int, since: datetime, until: datetime
) -> list[ResourceOpens]:
    """The programme's live resources opened most in the hours from `since` to `until`, with
    how often (at most MOST_OPENED)."""
    # summed by resource before the join: a cycle's opens of a busy library are thousands of
    # rows (one a resource and hour), its resources a few hundred to look up
    opened = (
        select(ResourceOpen.resource_id, func.sum(ResourceOpen.opens).label("opens"))
        .where(
            ResourceOpen.programme_id == programme_id,
            ResourceOpen.hour >= since,
            ResourceOpen.hour < until,
        )
        .group_by(ResourceOpen.resource_id)
        .subquery()
    )
    rows = session.execute(
        select(Resource.title, Resource.url, opened.c.opens)
        .join(opened, opened.c.resource_id == Resource.id)
        .where(Resource.removed_at.is_(None))
        .order_by(opened.c.opens.desc(), Resource.title)
        .limit(MOST_OPENED)
    )
    return [ResourceOpens(title, url, int(count)) for title, url, count in rows]


def _library(team_id: str, programme_id: int) -> Select[Resource]:
    return select(Resource).where(
        Resource.team_id == team_id,
        Resource.programme_id == programme_id,
        Resource.removed_at.is_(None),
    )


def _live(session: Session, team_id: str, resource_id: int) -> Resource | None:
    row = session.get(Resource, resource_id)
    if row is None or row.team_id != team_id or row.removed_at is not None:
        return None
    return row


def _tag(
    session: Session, team_id: str, programme_id: int, resource_id: int, skills: tuple[str, ...]
) -> None:
    for skill in skills:
        session.add(
            ResourceSkill(
                resource_id=resource_id, skill=skill, team_id=team_id, programme_id=programme_id
            )
        )
    session.flush()


def _skill_order(skill: str) -> int:
    return _SKILL_ORDER.get(skill, len(SKILLS))  # a skill no longer in the catalogue: last


def _cards(session: Session, rows: Sequence[Resource]) -> list[ResourceCard]:
    """The rows as blocks show them, with their skills (one query for all)."""
    skills: dict[int, list[str]] = defaultdict(list)
    for resource_id, skill in session.execute(
        select(ResourceSkill.resource_id, ResourceSkill.skill).where(
            ResourceSkill.resource_id.in_([row.id for row in rows])
        )
    ):
        skills[resource_id].append(skill)
    return [
        ResourceCard(
            id=row.id,
            programme_id=row.programme_id,
            title=row.title,
            url=row.url,
            why=row.why,
            skills=tuple(sorted(skills[row.id], key=_skill_order)),
            language=row.language,
            host=(urlsplit(row.url).hostname or "").removeprefix("www."),
        )
        for row in rows
    ]
