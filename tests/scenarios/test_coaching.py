"""A pair's life through Slack: goals, check-ins, reflections, kudos, Home and history."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot import ids
from bot.models import CheckinLog, Goal, GoalStatusChange, Kudos, Meeting, Reflection
from tests.conftest import COORDINATOR, Clock
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.scenarios.test_pairing import confirm, enrol, run_round

GOAL = {
    "what": "Lead a supplier negotiation on my own",
    "skill": "negotiation",
    "why": "My new role needs it",
    "measure": "One signed deal",
    "target_date": "2027-02-01",
}
CHECKIN = {
    "worked_on": "Role play of the Acme deal",
    "learned": "Anchoring high works",
    "next_step": "Open with our walk-away price",
    "rating": "4",
}


def paired(
    slack: FakeSlack, requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    enrol(sessions, slack, {"UANNA": "Finance", "UBEN": "Sales"})
    confirm(slack, requests, run_round(slack, requests))
    clock.advance(days=3)


def modal(slack: FakeSlack, requests: SlackRequests, user: str, command: str) -> dict[str, Any]:
    reply = requests.command(user, command)
    assert (reply.status, reply.body) == (200, ""), reply.body
    return slack.last("views.open").view()


def dms_to(slack: FakeSlack, user: str) -> list[Any]:
    return [c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == user]


def test_a_goal_is_set_and_moved_from_home_with_its_history_kept(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    paired(slack, slack_requests, sessions, clock)

    reply = slack_requests.submit("UANNA", modal(slack, slack_requests, "UANNA", "goal"), GOAL)

    assert reply.json()["response_action"] == "update"
    assert "Not started" in str(reply.json()["view"]["blocks"])
    home = slack.last("views.publish").view()
    assert GOAL["what"] in str(home["blocks"])
    with sessions() as session:
        goal_id = session.scalars(select(Goal.id)).one()
    slack_requests.act(
        "UANNA",
        {
            "type": "static_select",
            "action_id": ids.GOAL_STATUS,
            "selected_option": {"value": f"{goal_id}:on_track"},
        },
        view=home,
    )
    with sessions() as session:
        assert session.get(Goal, goal_id).status.value == "on_track"  # type: ignore[union-attr]
        assert session.scalar(select(func.count()).select_from(GoalStatusChange)) == 2


def test_goal_errors_are_inline_and_nothing_is_stored(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    paired(slack, slack_requests, sessions, clock)
    view = modal(slack, slack_requests, "UANNA", "goal")

    body = slack_requests.submit(
        "UANNA", view, {**GOAL, "target_date": "2026-11-01", "measure": ""}
    ).json()

    assert body["response_action"] == "errors"
    assert set(body["errors"]) == {"target_date", "measure"}
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Goal)) == 0


def test_check_ins_from_both_partners_make_one_meeting_and_kudos_go_once(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    paired(slack, slack_requests, sessions, clock)
    anna_view = modal(slack, slack_requests, "UANNA", "checkin")
    coach = next(b for b in anna_view["blocks"] if b.get("block_id") == "coach")
    assert coach["element"]["initial_option"]["value"] in ("UANNA", "UBEN")  # the rotation

    assert slack_requests.submit("UANNA", anna_view, CHECKIN).json() == {}
    assert slack_requests.submit("UANNA", anna_view, CHECKIN).json() == {}  # twice: one log
    ben_view = modal(slack, slack_requests, "UBEN", "checkin")
    slack_requests.submit("UBEN", ben_view, {**CHECKIN, "rating": "2"})

    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Meeting)) == 1
        assert session.scalar(select(func.count()).select_from(CheckinLog)) == 2
    saved = dms_to(slack, "UANNA")[-1]
    assert "Check-in saved" in saved.args["text"] or "updated" in saved.args["text"]
    kudos = next(b for b in saved.blocks() if b["type"] == "actions")["elements"][0]
    for _ in range(2):
        slack_requests.act(
            "UANNA",
            {"type": "button", "action_id": ids.KUDOS, "value": kudos["value"]},
            message=("DANNA", "1.1"),
        )
    thanks = [c for c in dms_to(slack, "UBEN") if "says thank you" in c.args["text"]]
    assert len(thanks) == 1
    assert slack.last("chat.update").args["channel"] == "DANNA"
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Kudos)) == 1


def test_check_in_bad_input_is_inline_and_nothing_is_stored(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    paired(slack, slack_requests, sessions, clock)
    view = modal(slack, slack_requests, "UANNA", "checkin")
    future = (clock.now + timedelta(days=5)).date().isoformat()

    body = slack_requests.submit(
        "UANNA",
        view,
        {
            **CHECKIN,
            "session_date": future,
            "minutes": None,
            "learned": "x" * 1001,
        },
    ).json()

    assert body["response_action"] == "errors"
    assert set(body["errors"]) == {"session_date", "minutes", "learned"}
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(CheckinLog)) == 0


def test_check_in_without_a_partner_is_refused_clearly(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    enrol(sessions, slack, {"UANNA": "Finance"})

    body = slack_requests.command("UANNA", "checkin").json()

    assert "You need a partner" in body["text"]
    assert slack.calls_to("views.open") == []


def test_reflections_are_private_unless_shared_and_then_reach_the_partner(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    paired(slack, slack_requests, sessions, clock)
    slack_requests.submit("UANNA", modal(slack, slack_requests, "UANNA", "goal"), GOAL)
    slack_requests.submit("UANNA", modal(slack, slack_requests, "UANNA", "checkin"), CHECKIN)

    private = modal(slack, slack_requests, "UANNA", "reflect")
    shown = str(private["blocks"])
    assert GOAL["what"] in shown and CHECKIN["next_step"] in shown  # anchored on the goal
    slack_requests.submit("UANNA", private, {"text": "PRIVATE-NOTE"})
    shared = modal(slack, slack_requests, "UANNA", "reflect")
    assert shared["blocks"][0] != private["blocks"][0]  # the prompt rotates
    slack_requests.submit(
        "UANNA", {**shared, "id": "VSHARED"}, {"text": "SHARED-NOTE", ids.SHARE: ["yes"]}
    )

    to_ben = str([c.args for c in dms_to(slack, "UBEN")])
    assert "SHARED-NOTE" in to_ben and "PRIVATE-NOTE" not in to_ben
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Reflection)) == 2
    slack_requests.command("UBEN", "history")
    ben_history = str(slack.last("views.open").view()["blocks"])
    assert "SHARED-NOTE" in ben_history and "PRIVATE-NOTE" not in ben_history
    assert "Anchoring high works" in ben_history  # check-in notes reach the partner
    assert "★" not in ben_history  # Anna's rating does not


def test_home_shows_pair_goals_due_date_and_recent_history_in_swedish(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    enrol(sessions, slack, {"UANNA": "Finance", "UBEN": "Sales"}, locale="sv-SE")
    confirm(slack, slack_requests, run_round(slack, slack_requests))
    slack_requests.submit("UANNA", modal(slack, slack_requests, "UANNA", "goal"), GOAL)
    slack_requests.submit("UANNA", modal(slack, slack_requests, "UANNA", "checkin"), CHECKIN)

    slack_requests.home_opened("UANNA")

    home = str(slack.last("views.publish").view()["blocks"])
    for text in (
        "Ditt par",
        "<@UBEN>",
        "Nästa möte runt",
        "Dina mål",
        GOAL["what"],
        "Senaste avstämningar",
        CHECKIN["learned"],
        "Logga en avstämning",
    ):
        assert text in home, text


def test_history_pages_through_older_entries(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    paired(slack, slack_requests, sessions, clock)
    for i in range(12):
        view = modal(slack, slack_requests, "UANNA", "reflect")
        slack_requests.submit("UANNA", {**view, "id": f"V{i}"}, {"text": f"thought {i}"})
        clock.advance(minutes=1)

    slack_requests.command("UANNA", "history")
    first = slack.last("views.open").view()
    assert "thought 11" in str(first["blocks"]) and "thought 0" not in str(first["blocks"])
    slack_requests.click("UANNA", ids.HISTORY_PAGE, value="1", view={**first, "id": "VHIST"})
    older = slack.last("views.update")
    assert older.args["view_id"] == "VHIST" and "thought 0" in str(older.view()["blocks"])


def test_coordinators_never_see_private_words(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    """Every text a coordinator is shown or sent, after a full pair life, is searched."""
    paired(slack, slack_requests, sessions, clock)
    secret = {"what": "GOAL-SECRET", "measure": "MEASURE-SECRET", "why": "WHY-SECRET"}
    slack_requests.submit(
        "UANNA", modal(slack, slack_requests, "UANNA", "goal"), {**GOAL, **secret}
    )
    slack_requests.submit(
        "UANNA",
        modal(slack, slack_requests, "UANNA", "checkin"),
        {
            "worked_on": "NOTE-SECRET",
            "learned": "LEARN-SECRET",
            "next_step": "STEP-SECRET",
            "rating": "1",
        },
    )
    view = modal(slack, slack_requests, "UANNA", "reflect")
    slack_requests.submit("UANNA", view, {"text": "REFLECT-SECRET", ids.SHARE: ["yes"]})
    slack_requests.click("UBEN", ids.OPEN_REQUEST)
    slack_requests.submit("UBEN", slack.last("views.open").view(), {"reason": "REASON-OK"})

    slack_requests.command(COORDINATOR, "pair")  # every coordinator surface there is today
    slack_requests.submit(COORDINATOR, slack.last("views.open").view(), {})
    seen_by_coordinator = [
        c.args
        for c in slack.calls
        if c.args.get("channel") == COORDINATOR
        or c.args.get("user_id") == COORDINATOR
        or (c.method == "views.update")
    ]
    text = str(seen_by_coordinator)
    for word in (
        "GOAL-SECRET",
        "MEASURE-SECRET",
        "WHY-SECRET",
        "NOTE-SECRET",
        "LEARN-SECRET",
        "STEP-SECRET",
        "REFLECT-SECRET",
    ):
        assert word not in text, word
    assert "REASON-OK" in text  # the one thing meant for coordinators does reach them


def test_a_partner_sees_shared_goals_only_and_completed_goals_stay_in_history(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    paired(slack, slack_requests, sessions, clock)
    slack_requests.submit("UANNA", modal(slack, slack_requests, "UANNA", "goal"), GOAL)
    slack_requests.submit(
        "UANNA",
        modal(slack, slack_requests, "UANNA", "goal"),
        {**GOAL, "what": "HIDDEN-GOAL", "visibility": "private"},
    )

    slack_requests.home_opened("UBEN")
    ben_home = str(slack.last("views.publish").view()["blocks"])
    assert GOAL["what"] in ben_home and "HIDDEN-GOAL" not in ben_home

    checkin = modal(slack, slack_requests, "UANNA", "checkin")
    goal_blocks = [
        b["block_id"] for b in checkin["blocks"] if b.get("block_id", "").startswith("goal_")
    ]
    assert len(goal_blocks) == 2
    slack_requests.submit("UANNA", checkin, {**CHECKIN, **{b: "completed" for b in goal_blocks}})
    slack_requests.command("UANNA", "history")
    history = str(slack.last("views.open").view()["blocks"])
    assert "Completed goals" in history and "HIDDEN-GOAL" in history
