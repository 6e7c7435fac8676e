"""Slack's shortcuts through the door: "Log a coaching session" opens the check-in /mentor
checkin opens; "Save as a reflection" opens a private reflection prefilled with the message."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot import ids
from bot.domain import REFLECTION_TEXT_MAX
from bot.models import CheckinLog, Reflection
from tests.conftest import Clock
from tests.fakes.slack_api import Failure, FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.scenarios.helpers import input_values
from tests.scenarios.test_circle_rhythm import setup_circle
from tests.scenarios.test_coaching import paired
from tests.scenarios.test_pairing import enrol
from tests.scenarios.test_rhythm import START
from tests.scenarios.test_two_programmes import paired_in_both

MESSAGE = {"text": "Anchor high &amp; hold &lt;firm&gt;", "ts": "1700000000.000100", "user": "UBEN"}
LINK = "https://acme.slack.com/archives/C0GENERAL/p1700000000000100"


def shortcut_view(slack: FakeSlack, requests: SlackRequests, user: str) -> dict[str, Any]:
    reply = requests.shortcut(user, ids.LOG_SESSION_SHORTCUT)
    assert (reply.status, reply.body) == (200, ""), reply.body
    return slack.last("views.open").view()


def saved_view(
    slack: FakeSlack, requests: SlackRequests, user: str, message: dict[str, Any] = MESSAGE
) -> dict[str, Any]:
    reply = requests.message_shortcut(user, ids.SAVE_REFLECTION_SHORTCUT, "C0GENERAL", message)
    assert (reply.status, reply.body) == (200, ""), reply.body
    return slack.last("views.open").view()


def test_the_global_shortcut_opens_the_check_in_of_the_slash_command_and_logs_it(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    paired(slack, slack_requests, sessions, clock)

    view = shortcut_view(slack, slack_requests, "UANNA")
    slack_requests.command("UANNA", "checkin")
    by_command = slack.last("views.open").view()
    reply = slack_requests.submit(
        "UANNA",
        view,
        {"worked_on": "Role play", "learned": "Anchor", "next_step": "Try it", "rating": "4"},
    )

    assert view["callback_id"] == ids.CHECKIN_VIEW
    assert view == by_command
    assert reply.status == 200
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(CheckinLog)) == 1


def test_a_circle_member_without_a_pair_gets_the_circle_check_in(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    setup_circle(sessions, slack)

    view = shortcut_view(slack, slack_requests, "UBEN")

    assert view["callback_id"] == ids.CIRCLE_CHECKIN_VIEW


def test_someone_not_in_the_programme_is_told_what_the_slash_command_says(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    slack.add_user("UOUT")

    view = shortcut_view(slack, slack_requests, "UOUT")
    said = slack_requests.command("UOUT", "checkin").json()["text"]

    assert view["title"]["text"] == "Log a session"
    assert said in json.dumps(view) and "You need a partner" in said
    assert [b["type"] for b in view["blocks"]] == ["section"]  # nothing to submit


def test_the_shortcut_in_swedish(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    enrol(sessions, slack, {"UANNA": "Finance"}, locale="sv-SE")

    view = shortcut_view(slack, slack_requests, "UANNA")

    assert view["title"]["text"] == "Logga ett möte"
    assert "Du behöver en partner" in json.dumps(view, ensure_ascii=False)


def test_a_message_saved_as_a_reflection_is_prefilled_linked_and_private(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    paired(slack, slack_requests, sessions, clock)

    view = saved_view(slack, slack_requests, "UANNA")
    saved = slack_requests.submit("UANNA", view, {})  # as prefilled

    assert view["callback_id"] == ids.REFLECT_VIEW
    text = input_values(view)[ids.REFLECTION_TEXT]
    assert text == f"Anchor high & hold <firm>\n\n{LINK}"
    assert saved.json()["response_action"] == "update"
    with sessions() as session:
        [thought] = session.scalars(select(Reflection)).all()
        assert (thought.user_id, thought.text, thought.shared) == ("UANNA", text, False)
    elsewhere = [
        c.args
        for c in slack.calls
        if c.method not in ("views.open", "views.publish") and "Anchor high" in json.dumps(c.args)
    ]
    assert elsewhere == []  # not to the partner, nor anyone


def test_a_long_message_is_cut_to_the_reflection_limit_and_kept_without_a_link_slack_refuses(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    paired(slack, slack_requests, sessions, clock)
    long = {**MESSAGE, "text": "x" * (REFLECTION_TEXT_MAX + 500)}

    linked = input_values(saved_view(slack, slack_requests, "UANNA", long))[ids.REFLECTION_TEXT]
    slack.fail("chat.getPermalink", Failure(error="message_not_found"))
    unlinked = input_values(saved_view(slack, slack_requests, "UANNA"))[ids.REFLECTION_TEXT]

    assert len(linked) == REFLECTION_TEXT_MAX and linked.endswith(f"x\n\n{LINK}")
    assert unlinked == "Anchor high & hold <firm>"


def test_someone_with_two_partners_chooses_the_session_in_a_dm(
    sessions: sessionmaker[Session], slack: FakeSlack, slack_requests: SlackRequests, clock: Clock
):
    paired_in_both(sessions, slack, slack_requests)
    clock.now = START + timedelta(days=3)

    view = shortcut_view(slack, slack_requests, "UANNA")
    [dm] = [c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == "UANNA"][-1:]
    offered = [b["accessory"] for b in dm.blocks() if "accessory" in b]
    slack_requests.act("UANNA", offered[0], message=("DUANNA", "1.1"))

    assert "choose whose session" in json.dumps(view)
    assert dm.args["text"] == "Which session?" and len(offered) == 2
    assert slack.last("views.open").view()["callback_id"] == ids.CHECKIN_VIEW
