"""Steps many scenarios share: joining, reading what the bot stored and sent."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.models import Member, MemberEvent, ProgrammeMember
from bot.services import programmes
from tests.fakes.blockkit import options_problems
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackRequests

PROFILE = {
    "skills_offered": ["public_speaking", "data_analysis"],
    "skills_wanted": ["strategy", "negotiation"],
    "department": "Finance",
    "role_preference": "peer",
    "career_level": "mid",
    "about": "I build forecasts and like walking meetings.",
}
# What the modal's "When you can meet" inputs show for someone who never changed them.
MEETING_DEFAULTS = {
    "meeting_start": "09:00",
    "meeting_end": "17:00",
    "meeting_days": ["0", "1", "2", "3", "4"],
    "meeting_form": "either",
    "holiday_country": "zone",
}


def open_join_modal(slack: FakeSlack, requests: SlackRequests, user: str) -> dict[str, Any]:
    reply = requests.command(user, "join")
    assert reply.status == 200
    assert reply.body == ""
    return slack.last("views.open").view()


def join(
    slack: FakeSlack,
    requests: SlackRequests,
    user: str,
    *,
    country: tuple[str, str] | None = None,
    **answers: Any,
) -> dict[str, Any]:
    """Join through /mentor join and the modal; returns the reply body of the submission.
    `country`: what the person types into the holiday country menu, and the code they choose
    among the options offered."""
    view = open_join_modal(slack, requests, user)
    if country is not None:
        answers["holiday_country"] = country_choice(requests, user, view, *country)
    reply = requests.submit(user, view, {**PROFILE, **answers})
    assert reply.status == 200
    return reply.json()


def country_menu(
    requests: SlackRequests, user: str, view: dict[str, Any], typed: str
) -> list[dict[str, Any]]:
    """The options the bot answers when `user` types into the profile's holiday country menu
    (Slack's block_suggestion), held to what Slack takes."""
    reply = requests.suggest(user, view, "holiday_country", typed)
    assert reply.status == 200, reply.body
    answer = reply.json()
    assert options_problems(answer) == []
    return answer["options"]


def country_choice(
    requests: SlackRequests, user: str, view: dict[str, Any], typed: str, code: str
) -> dict[str, Any]:
    """The option for the country `code` among those offered for what `user` typed: what
    Slack then submits with the modal."""
    offered = {o["value"]: o for o in country_menu(requests, user, view, typed)}
    assert code in offered, f"typing {typed!r} does not offer {code}: {sorted(offered)}"
    return offered[code]


def member(sessions: sessionmaker[Session], user: str, team: str = "T0TEST") -> Member | None:
    with sessions() as session:
        return session.get(Member, (team, user))


def place(
    sessions: sessionmaker[Session], user: str, team: str = "T0TEST"
) -> ProgrammeMember | None:
    """Their place in the workspace's programme (its first)."""
    with sessions() as session:
        programme_id = programmes.first(session, team)
        return session.get(ProgrammeMember, (programme_id, user)) if programme_id else None


def events(sessions: sessionmaker[Session], user: str) -> list[str]:
    with sessions() as session:
        rows = session.scalars(
            select(MemberEvent).where(MemberEvent.user_id == user).order_by(MemberEvent.id)
        )
        return [row.kind.value for row in rows]


def input_values(view: dict[str, Any]) -> dict[str, Any]:
    """What each input of a modal shows when it opens (initial values), by block_id."""
    shown: dict[str, Any] = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        element = block["element"]
        if "initial_options" in element:
            shown[block["block_id"]] = [o["value"] for o in element["initial_options"]]
        elif "initial_conversation" in element:
            shown[block["block_id"]] = element["initial_conversation"]
        elif "initial_option" in element:
            shown[block["block_id"]] = element["initial_option"]["value"]
        elif "initial_time" in element:
            shown[block["block_id"]] = element["initial_time"]
        else:
            shown[block["block_id"]] = element.get("initial_value")
    return shown
