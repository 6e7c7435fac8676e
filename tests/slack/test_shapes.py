"""The shapes of Slack's bodies the door lets through (bot.slack.shapes)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.slack.shapes import problem

ACTION = {
    "type": "block_actions",
    "user": {"id": "UANNA", "team_id": "T0TEST"},
    "team": {"id": "T0TEST", "domain": "acme"},
    "trigger_id": "1.2.trigger",
    "actions": [{"type": "button", "action_id": "goal_open", "block_id": "b", "value": "7"}],
    "container": {"type": "view", "view_id": "V1"},
    "view": {"id": "V1", "type": "home", "blocks": [], "state": {"values": {}}},
}
SUBMISSION = {
    "type": "view_submission",
    "user": {"id": "UANNA", "team_id": "T0TEST"},
    "team": {"id": "T0TEST"},
    "trigger_id": "1.2.trigger",
    "view": {
        "id": "V2",
        "type": "modal",
        "callback_id": "goal_submit",
        "private_metadata": "",
        "state": {
            "values": {
                "what": {"value": {"type": "plain_text_input", "value": None}},
                "skill": {"value": {"type": "static_select", "selected_option": {"value": "x"}}},
                "share": {"value": {"type": "checkboxes", "selected_options": []}},
            }
        },
    },
}
EVENT = {
    "type": "event_callback",
    "team_id": "T0TEST",
    "event_id": "Ev1",
    "event": {"type": "tokens_revoked", "tokens": {"oauth": ["U1"], "bot": []}},
    "authorizations": [{"team_id": "T0TEST", "user_id": "UBOT", "is_bot": True}],
}
COMMAND = {"command": "/mentor", "text": "help", "team_id": "T0TEST", "user_id": "UANNA"}
SUGGESTION = {  # bolt-python's tests/scenario_tests/test_block_suggestion.py, in short
    "type": "block_suggestion",
    "user": {"id": "UANNA", "username": "anna", "name": "anna", "team_id": "T0TEST"},
    "team": {"id": "T0TEST", "domain": "acme"},
    "container": {"type": "view", "view_id": "V3"},
    "api_app_id": "AMENTOR",
    "action_id": "value",
    "block_id": "holiday_country",
    "value": "sver",
    "view": {"id": "V3", "type": "modal", "callback_id": "profile_submit", "state": {"values": {}}},
}


@pytest.mark.parametrize(
    "body",
    [
        ACTION,
        SUBMISSION,
        EVENT,
        COMMAND,
        SUGGESTION,
        {**SUGGESTION, "value": ""},
        {"type": "url_verification", "challenge": "c"},
    ],
)
def test_what_slack_sends_passes(body: dict[str, Any]) -> None:
    assert problem(body) is None


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ([ACTION], "the body: not an object"),
        ({**ACTION, "user": ["UANNA"]}, "the body.user: not an id or an object"),
        ({**ACTION, "user": {"id": ""}}, "the body.user: not an id or an object"),
        ({**ACTION, "team": {"id": "T" * 65}}, "the body.team: not an id or null or an object"),
        ({**ACTION, "actions": []}, "the body.actions: empty"),
        ({**ACTION, "actions": [{"value": "7"}]}, "the body.actions[0].action_id: missing"),
        ({**ACTION, "trigger_id": 5}, "the body.trigger_id: not a string"),
        ({k: v for k, v in ACTION.items() if k != "trigger_id"}, "the body.trigger_id: missing"),
        ({**SUBMISSION, "view": "V2"}, "the body.view: not an object"),
        (
            {**SUBMISSION, "view": {**SUBMISSION["view"], "state": {"values": {"what": 1}}}},
            "the body.view.state.values.*: not an object",
        ),
        (
            {**SUBMISSION, "view": {"id": "V2", "type": "modal", "private_metadata": None}},
            "the body.view.private_metadata: not a string",
        ),
        ({**EVENT, "event": {"tokens": {}}}, "the body.event.type: missing"),
        (
            {**EVENT, "event": {"type": "x", "tokens": {"bot": "U1"}}},
            "the body.event.tokens.bot: not a list",
        ),
        ({**EVENT, "authorizations": {"team_id": "T0TEST"}}, "the body.authorizations: not a list"),
        ({**COMMAND, "team_id": ""}, "the body.team_id: not an id"),
        ({**SUGGESTION, "value": ["sver"]}, "the body.value: not a string or null"),
        ({**SUGGESTION, "block_id": 7}, "the body.block_id: not a string"),
        (
            {k: v for k, v in SUGGESTION.items() if k != "action_id"},
            "the body.action_id: missing",
        ),
    ],
)
def test_another_shape_is_named(body: Any, found: str) -> None:
    assert problem(body) == found
