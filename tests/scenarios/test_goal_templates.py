"""Goal templates: the goal modal offers a starting point for every skill; choosing one fills
the goal, the skill, its measure and a date, which stay editable, and keeps the rest."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot import ids
from bot.domain import GOAL_TEMPLATE_WEEKS, SKILLS, Visibility
from bot.i18n import t
from bot.models import Goal, Member
from tests.conftest import Clock
from tests.fakes.blockkit import view_problems
from tests.fakes.slack_api import TEAM_ID, FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.scenarios.test_coaching import modal, paired
from tests.scenarios.test_pairing import confirm, enrol, run_round

MINE = {"why": "My new role needs it", "visibility": "private"}


def menu_choice(skill: str) -> dict[str, Any]:
    """The block_actions element Slack sends when a template is chosen in the menu."""
    return {
        "type": "static_select",
        "action_id": ids.GOAL_TEMPLATE,
        "block_id": ids.GOAL_TEMPLATE_BLOCK,
        "selected_option": {"text": {"type": "plain_text", "text": skill}, "value": skill},
    }


def choose(
    slack: FakeSlack,
    requests: SlackRequests,
    user: str,
    view: dict[str, Any],
    skill: str,
    answers: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Choose the skill's template in the open goal modal (with `answers` entered before);
    the view the bot replaced the modal with, as Slack then holds it."""
    updates = len(slack.calls_to("views.update"))
    reply = requests.act(user, menu_choice(skill), view=view, answers=answers or {})
    assert (reply.status, reply.body) == (200, ""), reply.body
    assert len(slack.calls_to("views.update")) == updates + 1
    update = slack.last("views.update")
    assert update.args["view_id"] == view["id"] and update.args["hash"] == view["hash"]
    filled = update.view()
    assert view_problems(filled) == []
    return {**filled, "id": view["id"], "hash": f"{view['hash']}+"}


def inputs(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The view's input elements by block id."""
    return {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}


def opened(slack: FakeSlack, requests: SlackRequests, user: str) -> dict[str, Any]:
    """`/mentor goal`'s modal, with the id and hash Slack gives it."""
    return {**modal(slack, requests, user, "goal"), "id": "VGOAL", "hash": "1700000000.goal"}


def stored(sessions: sessionmaker[Session]) -> list[Goal]:
    with sessions() as session:
        return list(session.scalars(select(Goal)))


def test_a_template_fills_the_goal_and_the_edited_goal_is_stored(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    paired(slack, slack_requests, sessions, clock)
    view = opened(slack, slack_requests, "UANNA")
    [menu] = [b for b in view["blocks"] if b.get("block_id") == ids.GOAL_TEMPLATE_BLOCK]
    offered = [o["value"] for g in menu["accessory"]["option_groups"] for o in g["options"]]
    assert offered == list(SKILLS)
    assert "Start from a template?" in menu["text"]["text"]

    typed = {**MINE, "what": "Something vague", "measure": "Not sure yet"}
    filled = choose(slack, slack_requests, "UANNA", view, "negotiation", typed)

    what = t("goal_template.negotiation.what", "en")
    measure = t("goal_template.negotiation.measure", "en")
    target = date(2026, 11, 26) + timedelta(weeks=GOAL_TEMPLATE_WEEKS["negotiation"])
    shown = inputs(filled)
    assert set(shown) == {"what.1", "skill.1", "why", "measure.1", "target_date.1", "visibility"}
    assert shown["what.1"]["initial_value"] == what
    assert shown["measure.1"]["initial_value"] == measure
    assert shown["skill.1"]["initial_option"]["value"] == "negotiation"
    assert shown["target_date.1"]["initial_date"] == target.isoformat()
    # what the template does not fill is kept, and so is the flow the modal was opened in
    assert shown["why"]["initial_value"] == MINE["why"]
    assert shown["visibility"]["initial_option"]["value"] == "private"
    assert filled["private_metadata"] == view["private_metadata"]
    assert filled["callback_id"] == ids.GOAL_VIEW
    [menu] = [b for b in filled["blocks"] if b.get("block_id") == ids.GOAL_TEMPLATE_BLOCK]
    assert menu["accessory"]["initial_option"]["value"] == "negotiation"

    # the fields stay editable: the person changes the goal and saves
    mine = "Lead the Acme renewal negotiation on my own"
    reply = slack_requests.submit("UANNA", filled, {"what.1": mine})

    assert reply.json()["response_action"] == "update"
    [goal] = stored(sessions)
    assert (goal.what, goal.measure, goal.skill) == (mine, measure, "negotiation")
    assert (goal.why, goal.visibility) == (MINE["why"], Visibility.PRIVATE)
    assert goal.target_date == target
    assert goal.pair_id is not None


def test_a_second_template_renames_the_inputs_again_and_errors_show_under_them(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    paired(slack, slack_requests, sessions, clock)
    first = choose(
        slack, slack_requests, "UANNA", opened(slack, slack_requests, "UANNA"), "writing"
    )
    typed = {"what.1": "My own words", "why": "Clearer mail", "visibility": "private"}

    second = choose(slack, slack_requests, "UANNA", first, "delegation", typed)

    shown = inputs(second)
    assert {"what.2", "skill.2", "measure.2", "target_date.2"} < set(shown)
    assert shown["what.2"]["initial_value"] == t("goal_template.delegation.what", "en")
    assert shown["why"]["initial_value"] == "Clearer mail"
    # a templated goal is validated as a typed one: errors inline, under the inputs shown
    reply = slack_requests.submit(
        "UANNA", second, {"measure.2": "  ", "target_date.2": "2026-11-01", "skill.2": "juggling"}
    ).json()
    assert reply["response_action"] == "errors"
    assert set(reply["errors"]) == {"measure.2", "target_date.2", "skill.2"}
    assert reply["errors"]["target_date.2"] == t("goal.error.date_past", "en")
    assert stored(sessions) == []
    # corrected, it is saved with the template's words
    slack_requests.submit("UANNA", second, {})
    [goal] = stored(sessions)
    assert goal.what == t("goal_template.delegation.what", "en") and goal.skill == "delegation"
    assert goal.why == "Clearer mail"


def test_a_swedish_member_gets_swedish_templates(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    enrol(sessions, slack, {"UANNA": "Finance", "UBEN": "Sales"}, locale="sv-SE")
    confirm(slack, slack_requests, run_round(slack, slack_requests))
    view = opened(slack, slack_requests, "UANNA")
    [menu] = [b for b in view["blocks"] if b.get("block_id") == ids.GOAL_TEMPLATE_BLOCK]
    assert "Vill du utgå från en mall?" in menu["text"]["text"]
    assert menu["accessory"]["option_groups"][0]["label"]["text"] == "Kommunikation"

    filled = choose(slack, slack_requests, "UANNA", view, "negotiation")

    shown = inputs(filled)
    assert shown["what.1"]["initial_value"] == t("goal_template.negotiation.what", "sv")
    assert "förhandling" in shown["what.1"]["initial_value"]
    assert "Förhandlingen är avslutad" in shown["measure.1"]["initial_value"]
    assert shown["skill.1"]["initial_option"]["text"]["text"] == "Förhandling"
    slack_requests.submit("UANNA", filled, {})
    [goal] = stored(sessions)
    assert goal.measure == t("goal_template.negotiation.measure", "sv")


def test_the_target_date_counts_from_the_persons_own_today(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    paired(slack, slack_requests, sessions, clock)
    # Anna works in Auckland, where it is tomorrow already
    slack.add_user("UANNA", tz="Pacific/Auckland")
    with sessions.begin() as session:
        member = session.get(Member, (TEAM_ID, "UANNA"))
        assert member is not None
        member.time_zone = "Pacific/Auckland"
    clock.now = datetime(2026, 11, 26, 22, 30, tzinfo=UTC)  # 11:30 on the 27th in Auckland

    filled = choose(
        slack, slack_requests, "UANNA", opened(slack, slack_requests, "UANNA"), "strategy"
    )

    weeks = timedelta(weeks=GOAL_TEMPLATE_WEEKS["strategy"])
    assert (
        inputs(filled)["target_date.1"]["initial_date"] == (date(2026, 11, 27) + weeks).isoformat()
    )


def test_a_forged_template_changes_nothing(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    paired(slack, slack_requests, sessions, clock)
    view = opened(slack, slack_requests, "UANNA")
    updates = len(slack.calls_to("views.update"))

    for forged in ("no_such_skill", "", "negotiation.what", "__class__"):
        reply = slack_requests.act("UANNA", menu_choice(forged), view=view, answers=MINE)
        assert reply.status == 200
    # the menu's action in a view that is not the goal modal
    other = {**view, "callback_id": ids.REFLECT_VIEW}
    assert slack_requests.act("UANNA", menu_choice("negotiation"), view=other).status == 200

    assert len(slack.calls_to("views.update")) == updates
    # a forged fill number in the block ids is read like any other
    forged = {
        **view,
        "blocks": [
            {**b, "block_id": f"{b['block_id']}.999999"}
            if b.get("block_id") in ("what", "skill", "measure", "target_date")
            else b
            for b in view["blocks"]
        ],
    }
    filled = choose(slack, slack_requests, "UANNA", forged, "sales")
    assert "what.1" in inputs(filled)
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Goal)) == 0
