"""Two workspaces installed through OAuth, tried against each other: nothing one workspace's
people send (commands, every button and modal of the other's, forged ids) and no job run for
one reads or changes the other's rows, and everything goes out with its own workspace's token."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot import ids
from bot.db import Database
from bot.deps import Deps
from bot.models import Base, Goal, Pair, Round
from bot.scheduler import clock_for
from tests.conftest import Clock
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.scenarios.helpers import join
from tests.scenarios.installed import Installable
from tests.scenarios.test_coaching import CHECKIN, GOAL

TEAM_A, TEAM_B = "T0ALPHA", "T0BRAVO"
PEOPLE = {
    TEAM_A: ("UADA", ["UA1", "UA2", "UA3", "UA4"]),
    TEAM_B: ("UBO", ["UB1", "UB2", "UB3", "UB4"]),
}
DEPARTMENTS = ["Finance", "Sales", "IT", "Legal"]


def set_up(installable: Installable, slack: FakeSlack, team_id: str) -> SlackRequests:
    """Installed, four members joined, a round running, a goal and a check-in: all through
    the door, as the workspace's people would."""
    installer, people = PEOPLE[team_id]
    assert installable.install(team_id, installer).status == 200
    requests = installable.requests(team_id)
    for user in (installer, *people):
        slack.add_user(user, team_id=team_id)
    for user, department in zip(people, DEPARTMENTS, strict=True):
        join(slack, requests, user, department=department)
    assert requests.command(installer, "pair").status == 200
    options = slack.last("views.open").view()
    assert requests.submit(installer, options, {}).status == 200
    preview = slack.last("views.update").view()
    assert requests.submit(installer, preview, {}).json()["response_action"] == "update"
    assert requests.command(people[0], "goal").status == 200
    requests.submit(people[0], slack.last("views.open").view(), GOAL)
    assert requests.command(people[0], "checkin").status == 200
    requests.submit(people[0], slack.last("views.open").view(), CHECKIN)
    return requests


def rows_of(sessions: sessionmaker[Session], team_id: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table that belongs to the workspace, as it is now."""
    found = {}
    with sessions() as session:
        for table in Base.metadata.sorted_tables:
            if "team_id" in table.c:
                rows = session.execute(select(table).where(table.c.team_id == team_id)).all()
                found[table.name] = sorted(tuple(map(repr, row)) for row in rows)
    return found


def views_of(slack: FakeSlack, team_id: str) -> list[dict[str, Any]]:
    return [
        call.view()
        for call in slack.calls
        if call.method.startswith("views.") and slack.team_of(call.token) == team_id
    ]


def actions_in(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A click on every button and a choice in every menu of these blocks."""
    elements = [e for b in blocks if b.get("type") == "actions" for e in b["elements"]]
    elements += [b["accessory"] for b in blocks if "accessory" in b]
    found = []
    for element in elements:
        if element["type"] == "button":
            found.append({k: element[k] for k in ("type", "action_id", "value") if k in element})
        elif element["type"] in ("static_select", "overflow"):
            options = element.get("options") or [
                o for g in element.get("option_groups", []) for o in g["options"]
            ]
            for option in options:
                found.append(
                    {
                        "type": element["type"],
                        "action_id": element["action_id"],
                        "selected_option": option,
                    }
                )
    return found


def forged_values(sessions: sessionmaker[Session], team_id: str) -> list[str]:
    """The other workspace's ids, as a forged button would carry them."""
    with sessions() as session:
        numbers = [
            *session.scalars(select(Pair.id).where(Pair.team_id == team_id)),
            *session.scalars(select(Round.id).where(Round.team_id == team_id)),
        ]
        goals = list(session.scalars(select(Goal.id).where(Goal.team_id == team_id)))
    installer, people = PEOPLE[team_id]
    return [
        *map(str, numbers + goals),
        *(f"{goal}:{status}" for goal in goals for status in ("completed", "off_track")),
        installer,
        *people,
    ]


def test_one_workspace_never_reads_or_changes_anothers_rows(
    installable: Installable, slack: FakeSlack, sessions: sessionmaker[Session], clock: Clock
):
    set_up(installable, slack, TEAM_B)
    b_views = views_of(slack, TEAM_B)
    b_messages = [c for c in slack.calls_to("chat.postMessage") if slack.team_of(c.token) == TEAM_B]
    a = set_up(installable, slack, TEAM_A)
    before = rows_of(sessions, TEAM_B)
    assert before["pairs"] and before["goals"] and before["checkin_logs"]
    slack.calls.clear()
    slack.responses.clear()
    a_people = [PEOPLE[TEAM_A][0], PEOPLE[TEAM_A][1][0]]

    replies = []
    for user in a_people:
        for view in b_views:  # B's modals submitted, B's buttons clicked, by A's people
            if view.get("type") == "modal" and view.get("callback_id"):
                replies.append(a.submit(user, view, {}))
            replies += [a.act(user, action, view=view) for action in actions_in(view["blocks"])]
        for call in b_messages:
            message = (call.args["channel"], "1700000000.000100")
            replies += [
                a.act(user, action, message=message) for action in actions_in(call.blocks())
            ]
        for action_id in [v for k, v in vars(ids).items() if k.isupper() and isinstance(v, str)]:
            for value in forged_values(sessions, TEAM_B):
                replies.append(a.click(user, action_id, value))
        for text in (
            "pair",
            "digest",
            "digest preview",
            "export",
            "settings",
            "history",
            "goal",
            "checkin",
            "reflect",
            "export-me",
            "help",
            "avoid <@UB1>",
        ):
            replies.append(a.command(user, text))

    assert [r.status for r in replies if r.status >= 500] == []
    assert rows_of(sessions, TEAM_B) == before
    assert {slack.team_of(c.token) for c in slack.calls} == {TEAM_A}
    # what the bot said (not where it was told to say it: a forged payload names B's channels)
    content = ("text", "blocks", "view", "initial_comment", "files")
    said = json.dumps([{k: c.args.get(k) for k in content} for c in slack.calls])
    said += json.dumps(slack.responses)
    said += "".join(data.decode(errors="replace") for data in slack.uploads.values())
    b_people = [PEOPLE[TEAM_B][0], *PEOPLE[TEAM_B][1]]
    assert [user for user in b_people if user in said] == []


def test_each_workspace_is_sent_to_with_its_own_token(
    database: Database,
    installable: Installable,
    slack: FakeSlack,
    sessions: sessionmaker[Session],
    clock: Clock,
):
    set_up(installable, slack, TEAM_A)
    set_up(installable, slack, TEAM_B)
    slack.calls.clear()
    deps = Deps(settings=installable.settings, database=database, clock=clock)
    ticker = clock_for(deps, installable.store, rate=200, holder="clock-test")

    report = ticker.tick(clock.now + timedelta(days=14, hours=1))

    assert report is not None and report.delivery.sent == 8  # a prompt to each member
    prompts = [c for c in slack.calls_to("chat.postMessage") if "metadata" in c.args]
    sent_with = {c.args["channel"]: slack.team_of(c.token) for c in prompts}
    assert sent_with == {user: team for team, (_, people) in PEOPLE.items() for user in people}


def test_nothing_is_sent_to_a_workspace_after_it_uninstalled(
    database: Database,
    installable: Installable,
    slack: FakeSlack,
    sessions: sessionmaker[Session],
    clock: Clock,
):
    a = set_up(installable, slack, TEAM_A)
    set_up(installable, slack, TEAM_B)
    deps = Deps(settings=installable.settings, database=database, clock=clock)
    ticker = clock_for(deps, installable.store, rate=200, holder="clock-test")
    ticker.tick(clock.now + timedelta(days=14, hours=1))  # the first prompts go to both
    slack.revoke_team(TEAM_A)
    assert a.event({"type": "app_uninstalled"}).status == 200
    slack.calls.clear()

    report = ticker.tick(clock.now + timedelta(days=28, hours=1))  # and the next fortnight's

    assert report is not None and report.delivery.sent == 4
    assert {slack.team_of(c.token) for c in slack.calls} == {TEAM_B}


def test_the_clock_refreshes_a_rotating_token_before_it_sends(
    database: Database,
    installable: Installable,
    slack: FakeSlack,
    sessions: sessionmaker[Session],
    clock: Clock,
):
    assert installable.install(TEAM_A, "UADA", rotating=True).status == 200
    (first,) = slack.tokens
    bot = installable.store.find_bot(enterprise_id=None, team_id=TEAM_A)
    assert bot is not None and bot.bot_token == first
    bot.bot_token_expires_at = int(clock.now.timestamp())  # its time is up
    installable.store.save_bot(bot)
    slack.expire(first)
    deps = Deps(settings=installable.settings, database=database, clock=clock)
    clients = clock_for(deps, installable.store, rate=200).clients

    client = clients.client(TEAM_A)

    assert client is not None and client.token not in (None, first)
    assert slack.team_of(client.token) == TEAM_A
    assert client.auth_test()["team_id"] == TEAM_A  # the new token works
    stored = installable.store.find_bot(enterprise_id=None, team_id=TEAM_A)
    assert stored is not None and stored.bot_token == client.token
