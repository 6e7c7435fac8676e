"""manifest.yml declares the Workflow Builder steps the listeners register, in the fields Slack
documents for custom steps of Bolt apps (docs.slack.dev tools/bolt-js/tutorials/custom-steps:
`functions.<callback_id>` with title and description, `input_parameters` and
`output_parameters` as `properties` and a `required` list; the types are those of Slack's
manifest schema, slackapi/manifest-schema), with the settings such an app needs."""

from __future__ import annotations

from bot import ids
from tests.manifest import manifest

FUNCTION_FIELDS = {"title", "description", "input_parameters", "output_parameters"}
PARAMETER_FIELDS = {"type", "title", "description", "hint", "name", "dynamic_options"}
TYPES = {  # slack-functions.parameter's type enum in Slack's manifest schema
    "integer",
    "number",
    "boolean",
    "string",
    "object",
    "array",
    "slack#/types/user_context",
    "slack#/types/user_permission",
    "slack#/types/user_id",
    "slack#/types/channel_id",
    "slack#/types/usergroup_id",
    "slack#/types/timestamp",
    "slack#/types/blocks",
    "slack#/types/credential/oauth2",
    "slack#/types/date",
    "slack#/types/interactivity",
    "slack#/types/rich_text",
    "slack#/types/form_input",
    "slack#/types/form_input_object",
    "slack#/types/message_ts",
    "slack#/types/message_context",
}


def parameters(step: str, kind: str) -> dict[str, str]:
    """The step's inputs or outputs: name -> type."""
    properties = manifest()["functions"][step][kind]["properties"]
    return {name: spec["type"] for name, spec in properties.items()}


def test_the_manifest_declares_the_three_steps_each_listener_serves():
    functions = manifest()["functions"]

    assert set(functions) == set(ids.WORKFLOW_STEPS)
    assert [f["title"] for f in functions.values()] == [
        "Log a coaching session",
        "Send kudos",
        "Start a pairing round",
    ]


def test_each_step_has_only_the_documented_fields_within_slacks_limits():
    for callback_id, function in manifest()["functions"].items():
        assert len(callback_id) <= 100, callback_id
        assert set(function) == FUNCTION_FIELDS, callback_id
        assert 1 <= len(function["title"]) <= 255 and function["description"], callback_id
        for kind in ("input_parameters", "output_parameters"):
            declared = function[kind]
            assert set(declared) == {"properties", "required"}, (callback_id, kind)
            assert set(declared["required"]) <= set(declared["properties"]), (callback_id, kind)
            assert len(declared["properties"]) <= 20
            for name, spec in declared["properties"].items():
                assert set(spec) <= PARAMETER_FIELDS, (callback_id, name)
                assert spec["type"] in TYPES, (callback_id, name)
                assert spec["title"] and spec["description"], (callback_id, name)


def test_the_steps_inputs_and_outputs_are_the_ones_the_listeners_read_and_complete_with():
    user, text = "slack#/types/user_id", "string"

    assert parameters(ids.LOG_SESSION_STEP, "input_parameters") == {
        "person": user,
        "met": "boolean",
        "minutes": "integer",
        "worked_on": text,
        "next_step": text,
    }
    assert parameters(ids.LOG_SESSION_STEP, "output_parameters") == {
        "session_id": text,
        "both_logged": "boolean",
    }
    assert parameters(ids.SEND_KUDOS_STEP, "input_parameters") == {
        "from_user": user,
        "to_user": user,
        "line": text,
    }
    assert parameters(ids.SEND_KUDOS_STEP, "output_parameters") == {}
    assert parameters(ids.START_ROUND_STEP, "input_parameters") == {
        "coordinator": user,
        "programme": text,
    }
    assert parameters(ids.START_ROUND_STEP, "output_parameters") == {"round_size": "integer"}


def test_only_the_people_and_what_a_step_cannot_do_without_are_required():
    functions = manifest()["functions"]
    required = {step: f["input_parameters"]["required"] for step, f in functions.items()}

    assert required == {
        ids.LOG_SESSION_STEP: ["person", "met"],
        ids.SEND_KUDOS_STEP: ["from_user", "to_user"],
        ids.START_ROUND_STEP: ["coordinator"],
    }


def test_the_settings_a_bolt_app_with_steps_needs():
    settings = manifest()["settings"]

    # Slack reads a manifest without _metadata by schema version 1, whose functions section
    # has another form (each parameter flat, with is_required)
    assert manifest()["_metadata"] == {"major_version": 2}
    assert settings["org_deploy_enabled"] is True
    assert settings["function_runtime"] == "remote"
    assert "function_executed" in settings["event_subscriptions"]["bot_events"]
