"""A goal completed is celebrated, kept on Home under Recently completed, and can be reopened."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot import ids
from bot.models import Goal
from tests.conftest import Clock
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.scenarios.helpers import join
from tests.scenarios.test_coaching import CHECKIN, GOAL, dms_to, modal, paired


def set_goal(
    slack: FakeSlack, requests: SlackRequests, sessions: sessionmaker[Session], user: str, what: str
) -> int:
    requests.submit(user, modal(slack, requests, user, "goal"), {**GOAL, "what": what})
    with sessions() as session:
        return session.scalars(select(Goal.id).where(Goal.what == what)).one()


def move(
    slack: FakeSlack, requests: SlackRequests, user: str, goal_id: int, status: str
) -> dict[str, Any]:
    """Choose a status in the goal's menu on the person's Home; the Home published after."""
    requests.home_opened(user)
    home = slack.last("views.publish").view()
    menu = {"type": "static_select", "action_id": ids.GOAL_STATUS}
    requests.act(user, {**menu, "selected_option": {"value": f"{goal_id}:{status}"}}, view=home)
    return slack.last("views.publish").view()


def sections(home: dict[str, Any]) -> list[str]:
    """Home's texts in order, each section's with the status its menu shows."""
    texts = []
    for block in home["blocks"]:
        if block["type"] == "section" and "text" in block:
            menu = block.get("accessory", {}).get("initial_option", {}).get("value", "")
            texts.append(block["text"]["text"] + (f" [{menu.split(':')[-1]}]" if menu else ""))
        elif block["type"] == "context":
            texts.append(" ".join(e.get("text", "") for e in block["elements"]))
    return texts


def goals_part(home: dict[str, Any], locale: str = "en") -> tuple[list[str], list[str]]:
    """The open goals and the recently completed ones, as the person reads them on Home."""
    texts = sections(home)
    heads = {"en": ("*Your goals*", "*Recently completed*", "*Recent check-ins")}
    heads["sv"] = ("*Dina mål*", "*Nyligen uppnådda mål*", "*Senaste avstämningar")
    goals, done, recent = heads[locale]
    start = texts.index(goals)
    end = next(i for i, text in enumerate(texts) if text.startswith(recent))
    if done not in texts:
        return texts[start + 1 : end], []
    middle = texts.index(done)
    return texts[start + 1 : middle], texts[middle + 1 : end]


def test_a_goal_completed_from_home_is_celebrated_and_listed_as_recently_completed(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    slack.add_user("UANNA")
    join(slack, slack_requests, "UANNA")
    goal_id = set_goal(slack, slack_requests, sessions, "UANNA", "Run a workshop")
    set_goal(slack, slack_requests, sessions, "UANNA", "Read two books")
    clock.advance(days=2)

    home = move(slack, slack_requests, "UANNA", goal_id, "completed")

    still_open, done = goals_part(home)
    assert [text.split("\n")[0] for text in still_open] == ["*Read two books*"]
    assert done[0].startswith(":white_check_mark: *Run a workshop*\nCompleted <!date^")
    assert "{date_pretty}" in done[0] and done[0].endswith("[completed]")
    assert "`/mentor history`" in done[-1]
    celebration = dms_to(slack, "UANNA")[-1]
    assert celebration.args["text"] == "Goal completed: Run a workshop :tada:"
    assert ids.OPEN_GOAL in str(celebration.blocks())
    slack_requests.command("UANNA", "history")
    assert "Run a workshop" in str(slack.last("views.open").view()["blocks"])

    sent = len(dms_to(slack, "UANNA"))
    move(slack, slack_requests, "UANNA", goal_id, "completed")  # chosen again: nothing new
    assert len(dms_to(slack, "UANNA")) == sent


def test_the_celebration_offers_the_next_goal(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    slack.add_user("UANNA")
    join(slack, slack_requests, "UANNA")
    goal_id = set_goal(slack, slack_requests, sessions, "UANNA", "Run a workshop")
    move(slack, slack_requests, "UANNA", goal_id, "completed")
    celebration = dms_to(slack, "UANNA")[-1]
    assert celebration.args["text"].startswith("Goal completed")
    button = next(b for b in celebration.blocks() if b["type"] == "actions")["elements"][0]

    slack_requests.act("UANNA", button, message=("DANNA", "1.2"))

    assert slack.last("views.open").view()["callback_id"] == ids.GOAL_VIEW


def test_a_goal_reopened_returns_to_the_open_goals_without_a_celebration(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    slack.add_user("UANNA")
    join(slack, slack_requests, "UANNA")
    goal_id = set_goal(slack, slack_requests, sessions, "UANNA", "Run a workshop")
    move(slack, slack_requests, "UANNA", goal_id, "completed")
    sent = len(dms_to(slack, "UANNA"))

    home = move(slack, slack_requests, "UANNA", goal_id, "on_track")  # from Recently completed

    still_open, done = goals_part(home)
    assert len(still_open) == 1 and still_open[0].startswith("*Run a workshop*")
    assert still_open[0].endswith("[on_track]")
    assert done == []
    assert len(dms_to(slack, "UANNA")) == sent


def test_recently_completed_shows_the_newest_five_of_the_last_thirty_days(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    slack.add_user("UANNA")
    join(slack, slack_requests, "UANNA")
    names = [f"Goal {n}" for n in range(7)]
    goal_ids = [set_goal(slack, slack_requests, sessions, "UANNA", name) for name in names]
    for goal_id in goal_ids:  # one completed a day: Goal 0 first, Goal 6 last
        move(slack, slack_requests, "UANNA", goal_id, "completed")
        clock.advance(days=1)

    slack_requests.home_opened("UANNA")
    _, done = goals_part(slack.last("views.publish").view())
    assert [text.split("*")[1] for text in done[:-1]] == [
        "Goal 6",
        "Goal 5",
        "Goal 4",
        "Goal 3",
        "Goal 2",
    ]

    clock.advance(days=28, hours=23)  # Goal 6 was completed 30 days ago less an hour
    slack_requests.home_opened("UANNA")
    _, done = goals_part(slack.last("views.publish").view())
    assert [text.split("*")[1] for text in done[:-1]] == ["Goal 6"]

    clock.advance(hours=2)
    slack_requests.home_opened("UANNA")
    assert goals_part(slack.last("views.publish").view())[1] == []
    slack_requests.command("UANNA", "history")  # all of them stay in the history
    history = str(slack.last("views.open").view()["blocks"])
    assert all(name in history for name in names)


def test_completion_speaks_swedish(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    slack.add_user("USVEN", locale="sv-SE")
    join(slack, slack_requests, "USVEN")
    goal_id = set_goal(slack, slack_requests, sessions, "USVEN", "Hålla en workshop")

    home = move(slack, slack_requests, "USVEN", goal_id, "completed")

    _, done = goals_part(home, "sv")
    assert done[0].startswith(":white_check_mark: *Hålla en workshop*\nUppnått <!date^")
    assert "`/mentor history`" in done[-1]
    celebration = dms_to(slack, "USVEN")[-1]
    assert celebration.args["text"] == "Mål uppnått: Hålla en workshop :tada:"
    assert "Sätt mitt nästa mål" in str(celebration.blocks())


def test_goals_completed_from_the_nudge_are_celebrated_in_one_message(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    slack.add_user("UANNA")
    join(slack, slack_requests, "UANNA")
    first = set_goal(slack, slack_requests, sessions, "UANNA", "Run a workshop")
    second = set_goal(slack, slack_requests, sessions, "UANNA", "Read two books")
    slack_requests.act(
        "UANNA", {"type": "button", "action_id": ids.OPEN_GOAL_UPDATE}, message=("DANNA", "1.1")
    )
    nudge = slack.last("views.open").view()

    slack_requests.submit(
        "UANNA", nudge, {f"goal_{first}": "completed", f"goal_{second}": "completed"}
    )

    celebration = dms_to(slack, "UANNA")[-1]
    assert celebration.args["text"] == "2 goals completed :tada:"
    assert "Run a workshop" in str(celebration.blocks())
    assert "Read two books" in str(celebration.blocks())
    _, done = goals_part(slack.last("views.publish").view())
    assert len(done) == 3


def test_a_goal_completed_in_a_check_in_is_celebrated(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    paired(slack, slack_requests, sessions, clock)
    goal_id = set_goal(slack, slack_requests, sessions, "UANNA", "Run a workshop")
    checkin = modal(slack, slack_requests, "UANNA", "checkin")

    slack_requests.submit("UANNA", checkin, {**CHECKIN, f"goal_{goal_id}": "completed"})
    slack_requests.submit("UANNA", checkin, {**CHECKIN, f"goal_{goal_id}": "completed"})

    celebrations = [c for c in dms_to(slack, "UANNA") if "Goal completed" in c.args["text"]]
    assert [c.args["text"] for c in celebrations] == ["Goal completed: Run a workshop :tada:"]
    _, done = goals_part(slack.last("views.publish").view())
    assert done[0].startswith(":white_check_mark: *Run a workshop*")
