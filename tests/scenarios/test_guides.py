"""Session guides (issue 18, item 1): the intro carries the first guide, each fortnightly
prompt and Booked message the guide of the group's next session, `/mentor guide` pages through
them, and coordinators edit a programme's journey in a modal. Through the HTTP door, on the
fake Slack."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot import ids
from bot.config import SUPPORTED_LOCALES, Settings
from bot.db import Database
from bot.models import SessionGuide, SessionGuideText
from bot.services import checkins, guides, pairs
from tests.conftest import COORDINATOR, Clock
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.scenarios.test_booking import booked_posts, click, start_pair
from tests.scenarios.test_coaching import CHECKIN, modal
from tests.scenarios.test_rhythm import (
    FIRST_PROMPT_NY,
    FIRST_PROMPT_SE,
    START,
    make_clock,
    setup_pair,
)
from tests.scenarios.test_two_programmes import LEAD, click_in_message, paired_in_both
from tests.services.test_coaching import checkin as checkin_input
from tests.services.test_rounds import TEAM

EDITOR_ID = "V0EDITOR"


def hold_sessions(sessions: sessionmaker[Session], count: int, first: datetime = START) -> None:
    """Anna logs `count` sessions with Ben as met, a week apart from `first`."""
    for week in range(count):
        day = first + timedelta(weeks=week)
        with sessions.begin() as session:
            pair = pairs.current_pair(session, TEAM, "UANNA", day)
            assert pair is not None
            checkins.record(
                session,
                TEAM,
                "UANNA",
                pair.id,
                checkin_input(session_date=day.date()),
                day + timedelta(hours=1),
            )


def log_sessions_in_slack(
    slack: FakeSlack, requests: SlackRequests, clock: Clock, count: int, first: datetime = START
) -> None:
    """Anna logs `count` sessions with Ben as met with /mentor checkin, a week apart."""
    for week in range(count):
        clock.now = first + timedelta(weeks=week, hours=1)
        view = modal(slack, requests, "UANNA", "checkin")
        assert requests.submit("UANNA", view, CHECKIN).json() == {}


def prompt_of(slack: FakeSlack, user: str) -> str:
    sent = [
        c
        for c in slack.calls_to("chat.postMessage")
        if c.args["channel"] == user and "metadata" in c.args
    ]
    return str(sent[-1].blocks())


def stored_guides(sessions: sessionmaker[Session]) -> tuple[int, int]:
    with sessions() as session:
        return (
            session.scalar(select(func.count()).select_from(SessionGuide)) or 0,
            session.scalar(select(func.count()).select_from(SessionGuideText)) or 0,
        )


def open_editor(slack: FakeSlack, requests: SlackRequests) -> dict[str, Any]:
    slack.add_user(COORDINATOR)
    reply = requests.command(COORDINATOR, "guide edit")
    assert reply.status == 200 and reply.body == ""
    editor = slack.last("views.open").view()
    assert editor["callback_id"] == ids.GUIDE_EDITOR_VIEW
    return {**editor, "id": EDITOR_ID}


def menu_value(editor: dict[str, Any], choice: str, number: int) -> str:
    """The value of a guide's menu option in the editor (`choice` of guide `number`)."""
    for block in editor["blocks"]:
        accessory = block.get("accessory") or {}
        for option in accessory.get("options", []):
            if option["value"].startswith(f"{choice}:{number}:"):
                return option["value"]
    raise AssertionError(f"no {choice} for guide {number}")


def choose(
    requests: SlackRequests, user: str, editor: dict[str, Any], value: str
) -> dict[str, Any]:
    """A choice in a guide's menu; returns the view the bot then showed (pushed or updated)."""
    action = {
        "type": "overflow",
        "action_id": ids.GUIDE_MENU,
        "block_id": "guide",
        "selected_option": {"text": {"type": "plain_text", "text": "x"}, "value": value},
    }
    assert requests.act(user, action, view=editor).status == 200
    return editor


def written(title: str, questions: str = "One?\nTwo?\nThree?") -> dict[str, str]:
    return {
        f"{ids.GUIDE_TITLE}_en": title,
        f"{ids.GUIDE_PURPOSE}_en": "Start with a walk.",
        f"{ids.GUIDE_QUESTIONS}_en": questions,
        f"{ids.GUIDE_TITLE}_sv": f"{title} (sv)",
        f"{ids.GUIDE_PURPOSE}_sv": "Börja med en promenad.",
        f"{ids.GUIDE_QUESTIONS}_sv": "Ett?\nTvå?\nTre?",
        ids.GUIDE_MINUTES: "25",
    }


def test_the_intro_carries_the_first_guide(
    sessions: sessionmaker[Session], slack: FakeSlack, slack_requests: SlackRequests, clock: Clock
):
    channel, _ = start_pair(sessions, slack, slack_requests, clock)

    intro = next(c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == channel)
    shown = str(intro.blocks())
    assert "Session 1 of 6: Get to know each other" in shown
    assert "What does a good week at work look like for you?" in shown
    assert "About 30 minutes" in shown


def test_after_two_sessions_held_the_prompt_carries_guide_three_in_each_language(
    database: Database,
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    settings: Settings,
    slack_requests: SlackRequests,
    clock: Clock,
):
    setup_pair(sessions, slack)
    log_sessions_in_slack(slack, slack_requests, clock, 2)
    scheduler = make_clock(settings, database, slack)

    scheduler.tick(FIRST_PROMPT_SE)
    scheduler.tick(FIRST_PROMPT_NY)

    anna = prompt_of(slack, "UANNA")
    assert "Session 3 of 6: Build on your strengths" in anna
    assert "What do colleagues often come to you for?" in anna
    ben = prompt_of(slack, "UBEN")  # Ben reads Slack in Swedish
    assert "Möte 3 av 6: Bygg på dina styrkor" in ben
    assert "Vad brukar kollegor komma till dig för?" in ben and "Build on" not in ben


def test_past_the_end_of_the_journey_the_guides_start_again_from_the_second(
    sessions: sessionmaker[Session], slack: FakeSlack
):
    setup_pair(sessions, slack)
    hold_sessions(sessions, 6)

    with sessions() as session:
        pair = pairs.current_pair(session, TEAM, "UANNA", FIRST_PROMPT_SE)
        assert pair is not None
        after_six = guides.next_guide(session, pair.id)
    assert after_six is not None and (after_six.number, after_six.total) == (2, 6)
    assert after_six.text("en").title == "Set a SMART goal"


def test_a_coordinator_changes_a_guide_and_the_next_prompt_follows_it(
    database: Database,
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    settings: Settings,
    slack_requests: SlackRequests,
):
    setup_pair(sessions, slack)
    editor = open_editor(slack, slack_requests)
    assert "Get to know each other" in str(editor["blocks"]) and stored_guides(sessions) == (0, 0)

    choose(slack_requests, COORDINATOR, editor, menu_value(editor, "change", 1))
    pushed = slack.last("views.push").view()
    assert pushed["callback_id"] == ids.GUIDE_CHANGE_VIEW
    reply = slack_requests.submit(
        COORDINATOR, {**pushed, "root_view_id": EDITOR_ID}, written("Walk and talk")
    )
    assert reply.status == 200 and reply.body == ""  # back to the editor, shown anew
    update = slack.last("views.update")
    assert update.args["view_id"] == EDITOR_ID and "Walk and talk" in str(update.view())
    # the journey is now the programme's own
    assert stored_guides(sessions) == (6, 6 * len(SUPPORTED_LOCALES))

    make_clock(settings, database, slack).tick(FIRST_PROMPT_NY)
    anna = prompt_of(slack, "UANNA")
    assert "Session 1 of 6: Walk and talk" in anna and "One?" in anna
    assert "About 25 minutes" in anna
    assert "Möte 1 av 6: Walk and talk (sv)" in prompt_of(slack, "UBEN")


def test_the_editor_moves_removes_adds_and_resets(
    sessions: sessionmaker[Session], slack: FakeSlack, slack_requests: SlackRequests
):
    setup_pair(sessions, slack)
    editor = open_editor(slack, slack_requests)

    choose(slack_requests, COORDINATOR, editor, menu_value(editor, "down", 1))
    moved = slack.last("views.update").view()
    lines = [b["text"]["text"] for b in moved["blocks"] if "accessory" in b]
    assert lines[0].startswith("*1. Set a SMART goal*") and "2. Get to know" in lines[1]
    stale = menu_value(editor, "down", 1)  # a second click on the old view changes nothing
    choose(slack_requests, COORDINATOR, editor, stale)
    assert slack.last("views.update").view()["blocks"] == moved["blocks"]

    moved = {**moved, "id": EDITOR_ID}
    choose(slack_requests, COORDINATOR, moved, menu_value(moved, "remove", 6))
    removed = {**slack.last("views.update").view(), "id": EDITOR_ID}
    assert "Look back and plan on" not in str(removed["blocks"])
    assert stored_guides(sessions) == (5, 5 * len(SUPPORTED_LOCALES))

    add = next(
        e["value"]
        for b in removed["blocks"]
        for e in b.get("elements", [])
        if e.get("action_id") == ids.GUIDE_ADD
    )
    slack_requests.click(COORDINATOR, ids.GUIDE_ADD, add, view=removed)
    pushed = slack.last("views.push").view()
    for _ in range(2):  # Slack's retry of the submission adds nothing more
        slack_requests.submit(
            COORDINATOR, {**pushed, "root_view_id": EDITOR_ID}, written("Celebrate")
        )
    assert "*6. Celebrate*" in str(slack.last("views.update").view())
    # the new guide is written in English and Swedish only; the others in every language
    assert stored_guides(sessions) == (6, 5 * len(SUPPORTED_LOCALES) + 2)

    edited = {**slack.last("views.update").view(), "id": EDITOR_ID}
    reset = next(
        e
        for b in edited["blocks"]
        for e in b.get("elements", [])
        if e.get("action_id") == ids.GUIDE_RESET
    )
    assert reset["confirm"]["title"]["text"] == "Reset the guides?"
    slack_requests.click(COORDINATOR, ids.GUIDE_RESET, reset["value"], view=edited)
    assert stored_guides(sessions) == (0, 0)
    assert "*1. Get to know each other*" in str(slack.last("views.update").view())


def test_a_guide_as_written_is_refused_inline_when_it_does_not_fit(
    sessions: sessionmaker[Session], slack: FakeSlack, slack_requests: SlackRequests
):
    setup_pair(sessions, slack)
    editor = open_editor(slack, slack_requests)
    choose(slack_requests, COORDINATOR, editor, menu_value(editor, "change", 2))
    pushed = slack.last("views.push").view()

    answers = {**written("x" * 81, "Only one?"), ids.GUIDE_MINUTES: "500"}
    reply = slack_requests.submit(COORDINATOR, pushed, answers).json()

    assert reply["response_action"] == "errors"
    errors = reply["errors"]
    assert "80 characters" in errors[f"{ids.GUIDE_TITLE}_en"]
    assert "three to five" in errors[f"{ids.GUIDE_QUESTIONS}_en"]
    assert "5 to 120" in errors[ids.GUIDE_MINUTES]
    too_long = {f"{ids.GUIDE_TITLE}_en", f"{ids.GUIDE_TITLE}_sv"}  # "(sv)" makes it longer
    assert set(errors) == too_long | {f"{ids.GUIDE_QUESTIONS}_en", ids.GUIDE_MINUTES}
    assert stored_guides(sessions) == (0, 0)


def test_a_booking_carries_the_guide_of_the_session_booked(
    sessions: sessionmaker[Session], slack: FakeSlack, slack_requests: SlackRequests, clock: Clock
):
    channel, values = start_pair(sessions, slack, slack_requests, clock)
    with sessions.begin() as session:
        pair = pairs.current_pair(session, TEAM, "UANNA", clock.now)
        assert pair is not None
        for days in (1, 2):  # two sessions held already
            checkins.record(
                session,
                TEAM,
                "UANNA",
                pair.id,
                checkin_input(session_date=(clock.now - timedelta(days=days)).date()),
                clock.now,
            )

    click(slack_requests, "UBEN", ids.BOOK_SLOT, values[0], channel)

    [booked] = booked_posts(slack, channel)
    assert "Session 3 of 6: Build on your strengths" in str(booked.blocks())


def test_mentor_guide_opens_at_the_next_session_and_pages_through_the_journey(
    sessions: sessionmaker[Session], slack: FakeSlack, slack_requests: SlackRequests, clock: Clock
):
    setup_pair(sessions, slack)
    hold_sessions(sessions, 2)
    clock.now = FIRST_PROMPT_SE

    assert slack_requests.command("UANNA", "guide").status == 200
    view = slack.last("views.open").view()
    assert view["callback_id"] == ids.GUIDE_VIEW
    shown = str(view["blocks"])
    assert "Session 3 of 6: Build on your strengths" in shown
    assert "The guide for your next session" in shown

    slack_requests.click("UANNA", ids.GUIDE_PAGE, "4", view={**view, "id": "V0GUIDE"})
    update = slack.last("views.update")
    assert update.args["view_id"] == "V0GUIDE"
    paged = update.view()
    assert "Session 4 of 6: Giving and asking for feedback" in str(paged["blocks"])
    assert "your next session" not in str(paged["blocks"])
    pages = [e["value"] for b in paged["blocks"] for e in b.get("elements", []) if "value" in e]
    assert pages == ["3", "5"]  # Previous and Next

    assert slack_requests.command("UBEN", "guide").status == 200  # in Swedish for Ben
    assert "Möte 3 av 6: Bygg på dina styrkor" in str(slack.last("views.open").view())


def test_someone_in_no_pair_still_browses_the_journey(
    sessions: sessionmaker[Session], slack: FakeSlack, slack_requests: SlackRequests
):
    slack.add_user("UDORA")

    assert slack_requests.command("UDORA", "guide").status == 200

    view = slack.last("views.open").view()
    shown = str(view["blocks"])
    assert "Session 1 of 6: Get to know each other" in shown and "no partner" in shown
    pages = [e["value"] for b in view["blocks"] for e in b.get("elements", []) if "value" in e]
    assert pages == ["2"]  # only Next on the first


def test_a_non_coordinator_can_neither_open_nor_submit_the_editor(
    sessions: sessionmaker[Session], slack: FakeSlack, slack_requests: SlackRequests
):
    setup_pair(sessions, slack)
    editor = open_editor(slack, slack_requests)
    choose(slack_requests, COORDINATOR, editor, menu_value(editor, "change", 1))
    pushed = slack.last("views.push").view()
    opened = len(slack.calls_to("views.open"))

    reply = slack_requests.command("UANNA", "guide edit")
    assert "coordinators" in reply.body.lower() and len(slack.calls_to("views.open")) == opened

    answer = slack_requests.submit("UANNA", pushed, written("Mine now")).json()
    assert answer["response_action"] == "update"
    assert "coordinators" in str(answer["view"]).lower()
    choose(slack_requests, "UANNA", editor, menu_value(editor, "remove", 1))
    assert "coordinators" in str(slack.last("views.update").view()).lower()
    slack_requests.click("UANNA", ids.OPEN_GUIDE_EDITOR, str(1))
    assert len(slack.calls_to("views.open")) == opened
    assert stored_guides(sessions) == (0, 0)

    forged = {**pushed, "private_metadata": "1|p999"}  # a programme not of this workspace
    answer = slack_requests.submit(COORDINATOR, forged, written("Elsewhere")).json()
    assert answer["response_action"] == "update" and stored_guides(sessions) == (0, 0)


def test_each_programme_has_its_own_journey_and_its_own_editors(
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    slack_requests: SlackRequests,
    clock: Clock,
):
    first, leaders = paired_in_both(sessions, slack, slack_requests)
    clock.now = START + timedelta(days=3)

    # LEAD coordinates Leaders only: the editor opens for it from Home's button
    slack_requests.home_opened(LEAD)
    home = slack.last("views.publish").view()
    values = [
        e["value"]
        for b in home["blocks"]
        for e in b.get("elements", [])
        if e.get("action_id") == ids.OPEN_GUIDE_EDITOR
    ]
    assert values == [str(leaders)]
    slack_requests.click(LEAD, ids.OPEN_GUIDE_EDITOR, values[0])
    editor = {**slack.last("views.open").view(), "id": EDITOR_ID}
    assert editor["private_metadata"] == f"p{leaders}"
    choose(slack_requests, LEAD, editor, menu_value(editor, "change", 1))
    pushed = slack.last("views.push").view()
    slack_requests.submit(LEAD, {**pushed, "root_view_id": EDITOR_ID}, written("Leaders meet"))

    # the same change modal forged to name the other programme: refused, nothing stored there
    forged = {**pushed, "private_metadata": f"1|p{first}"}
    assert slack_requests.submit(LEAD, forged, written("Hijack")).json()["response_action"] == (
        "update"
    )
    with sessions() as session:
        owners = set(session.scalars(select(SessionGuide.programme_id)))
    assert owners == {leaders}

    # Anna takes part in both: asked which, then each shows its own
    menu = slack_requests.command("UANNA", "guide").json()
    assert menu["text"] == "Which programme?"
    click_in_message(slack_requests, "UANNA", ids.CHOOSE_PROGRAMME, f"{leaders} guide")
    view = slack.last("views.open").view()
    assert view["private_metadata"] == f"p{leaders}"
    assert "Session 1 of 6: Leaders meet" in str(view["blocks"])
    click_in_message(slack_requests, "UANNA", ids.CHOOSE_PROGRAMME, f"{first} guide")
    assert "Get to know each other" in str(slack.last("views.open").view()["blocks"])

    # a coordinator of both picks the programme to edit
    menu = slack_requests.command(COORDINATOR, "guide edit").json()
    assert menu["text"] == "Which programme?"
    offered = [
        e["value"]
        for b in menu["blocks"]
        for e in [b.get("accessory") or {}, *b.get("elements", [])]
        if e.get("action_id") == ids.OPEN_GUIDE_EDITOR
    ]
    assert sorted(offered) == sorted([str(first), str(leaders)])
    slack_requests.click(COORDINATOR, ids.OPEN_GUIDE_EDITOR, str(first))
    assert slack.last("views.open").view()["private_metadata"] == f"p{first}"
