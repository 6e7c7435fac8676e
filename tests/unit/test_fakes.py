"""The test doubles themselves: they must catch what Slack would reject."""

from __future__ import annotations

import time

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier

from bot.blocks.common import button, input_block, option, section
from tests.fakes.blockkit import message_problems, view_problems
from tests.fakes.slack_api import Failure, FakeSlack
from tests.fakes.slack_requests import sign

MODAL = {
    "type": "modal",
    "title": {"type": "plain_text", "text": "Ok"},
    "blocks": [section("hello")],
}


def test_signatures_are_what_slack_sdk_verifies():
    body = b"command=%2Fmentor&text=help"
    timestamp = str(int(time.time()))
    verifier = SignatureVerifier("shh")
    assert verifier.is_valid(body, timestamp, sign("shh", timestamp, body))
    assert not verifier.is_valid(body, timestamp, sign("other", timestamp, body))


def test_valid_payloads_pass():
    assert view_problems(MODAL) == []
    assert message_problems("hi", [section("hi")]) == []


def test_modal_limits_are_enforced():
    long_title = {**MODAL, "title": {"type": "plain_text", "text": "x" * 25}}
    assert view_problems(long_title)
    assert view_problems({**MODAL, "blocks": [section("x")] * 101})
    assert view_problems({**MODAL, "private_metadata": "x" * 3001})
    inputs = {
        **MODAL,
        "blocks": [
            {
                "type": "input",
                "label": {"type": "plain_text", "text": "L"},
                "element": {"type": "plain_text_input", "action_id": "v"},
            }
        ],
    }
    assert any("submit" in p for p in view_problems(inputs))


def _with_input(element: dict[str, object]) -> dict[str, object]:
    block = input_block("b", "Label", {"action_id": "v", **element})
    return {**MODAL, "submit": {"type": "plain_text", "text": "Save"}, "blocks": [block]}


def test_choices_and_time_pickers_are_held_to_slacks_documented_rules():
    days = [option(f"Day {d}", str(d)) for d in range(7)]
    assert view_problems(_with_input({"type": "checkboxes", "options": days})) == []
    eleven = [option(f"Box {n}", str(n)) for n in range(11)]
    for kind in ("checkboxes", "radio_buttons"):
        assert view_problems(_with_input({"type": kind, "options": eleven}))
    stray = option("Day 9", "9")
    assert view_problems(
        _with_input({"type": "checkboxes", "options": days, "initial_options": [stray]})
    )
    assert view_problems(
        _with_input({"type": "radio_buttons", "options": days, "initial_option": stray})
    )
    groups = [{"label": {"type": "plain_text", "text": "G"}, "options": days}]
    chosen = {"type": "static_select", "option_groups": groups}
    assert view_problems(_with_input({**chosen, "initial_option": days[3]})) == []
    assert view_problems(_with_input({**chosen, "initial_option": stray}))
    assert view_problems(_with_input({"type": "timepicker", "initial_time": "09:00"})) == []
    for bad in ("9:00", "09:00x", "24:00", "09:60"):
        assert view_problems(_with_input({"type": "timepicker", "initial_time": bad})), bad
    assert view_problems(_with_input({"type": "timepicker", "timezone": "Mars/Olympus"}))
    assert view_problems(_with_input({"type": "timepicker", "timezone": "Europe/Oslo"})) == []


def test_message_limits_are_enforced():
    assert message_problems("", [section("x")])  # no fallback text
    assert message_problems("x" * 4001, None)
    assert message_problems("x", [section("x")] * 51)
    assert message_problems(
        "x", [{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}]
    )
    assert message_problems("x", [{"type": "sectoin", "text": {"type": "mrkdwn", "text": "x"}}])
    too_long = {**button("y", "a"), "text": {"type": "plain_text", "text": "y" * 76}}
    assert message_problems("x", [{"type": "actions", "elements": [too_long]}])
    assert message_problems("x", [{"type": "section", "txt": {"type": "mrkdwn", "text": "x"}}])


def test_the_fake_refuses_unknown_methods_and_arguments():
    fake = FakeSlack().start()
    try:
        client = WebClient(token="xoxb-t", base_url=fake.url)
        for call in (
            lambda: client.api_call("chat.postMesage", json={"channel": "U1", "text": "x"}),
            lambda: client.chat_postMessage(channel="U1", text="x", colour="red"),
            lambda: client.views_open(
                trigger_id="t", view={**MODAL, "title": {"type": "plain_text", "text": "x" * 30}}
            ),
        ):
            try:
                call()
            except SlackApiError:
                pass
            else:
                raise AssertionError("the fake accepted a bad call")
        flagged = {problem.split(":")[0] for problem in fake.problems}
        assert flagged == {"chat.postMesage", "chat.postMessage", "views.open"}
    finally:
        fake.stop()


def test_injected_failures_come_in_order_then_success():
    fake = FakeSlack().start()
    try:
        client = WebClient(token="xoxb-t", base_url=fake.url)
        fake.fail("chat.postMessage", Failure(error="account_inactive"))
        try:
            client.chat_postMessage(channel="U1", text="x")
        except SlackApiError as error:
            assert error.response["error"] == "account_inactive"
        assert client.chat_postMessage(channel="U1", text="x")["ok"] is True
    finally:
        fake.stop()
