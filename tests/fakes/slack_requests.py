"""Requests to our app signed exactly as Slack signs them, with Slack's payload shapes."""

from __future__ import annotations

import hashlib
import hmac
import http.client
import itertools
import json
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from tests.fakes.slack_api import TEAM_ID

APP_ID = "AMENTOR"
_serial = itertools.count(1)


@dataclass
class Reply:
    status: int
    body: str

    def json(self) -> dict[str, Any]:
        return json.loads(self.body) if self.body else {}


def sign(secret: str, timestamp: str, body: bytes) -> str:
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


class SlackRequests:
    """Send slash commands, button clicks, modal submissions and events to the app."""

    def __init__(
        self,
        base_url: str,
        signing_secret: str,
        team_id: str = TEAM_ID,
        response_base: str | None = None,
    ) -> None:
        """`response_base`: where response_url posts go (the Slack fake records them)."""
        self.base_url = base_url.rstrip("/")
        self.secret = signing_secret
        self.team_id = team_id
        self.response_base = (response_base or f"{self.base_url}/no-response-url").rstrip("/")
        self.sent: list[dict[str, Any]] = []  # every payload and event sent, to replay altered

    def response_url(self, trigger: str) -> str:
        return f"{self.response_base}/respond/{trigger}"

    # Slack's request kinds

    def command(self, user: str, text: str = "", command: str = "/mentor") -> Reply:
        trigger = _trigger()
        form = {
            "token": "legacy-verification-token",
            "team_id": self.team_id,
            "team_domain": "acme",
            "channel_id": "C0GENERAL",
            "channel_name": "general",
            "user_id": user,
            "user_name": user.lower(),
            "command": command,
            "text": text,
            "api_app_id": APP_ID,
            "is_enterprise_install": "false",
            "response_url": self.response_url(trigger),
            "trigger_id": trigger,
        }
        return self.post(urlencode(form).encode(), "application/x-www-form-urlencoded")

    def click(
        self,
        user: str,
        action_id: str,
        value: str | None = None,
        view: dict[str, Any] | None = None,
    ) -> Reply:
        """A button click (block_actions), in the given view (App Home or a modal)."""
        action: dict[str, Any] = {
            "type": "button",
            "action_id": action_id,
            "text": {"type": "plain_text", "text": "button"},
        }
        if value is not None:
            action["value"] = value
        return self.act(user, action, view=view)

    def act(
        self,
        user: str,
        action: dict[str, Any],
        view: dict[str, Any] | None = None,
        message: tuple[str, str] | None = None,
        answers: dict[str, Any] | None = None,
    ) -> Reply:
        """Any block_actions payload: an element used in a view, or in a message the bot sent
        (`message` = (channel, ts)). In a modal, `answers` (by block_id, as for `submit`) are
        what the person had entered when they used the element: the view's state."""
        if "block_id" not in action:  # an input's element names its block itself
            action = {
                **action,
                "block_id": _block_of(view, action["action_id"]) if view else "actions",
            }
        action = {"action_ts": f"{time.time():.6f}", **action}
        payload: dict[str, Any] = {
            "type": "block_actions",
            **self._who(user),
            "trigger_id": _trigger(),
            "actions": [action],
        }
        if view is not None:
            view_id = view.get("id", "V0HOME")  # Slack's view always has its id
            payload["container"] = {"type": "view", "view_id": view_id}
            values = state_values(view, answers) if answers is not None else {}
            payload["view"] = {**view, "id": view_id, "state": {"values": values}}
        elif message is not None:
            channel, ts = message
            payload["container"] = {"type": "message", "channel_id": channel, "message_ts": ts}
            payload["channel"] = {"id": channel}
            payload["response_url"] = self.response_url(payload["trigger_id"])
        else:
            payload["container"] = {"type": "message"}
        return self.interactive(payload)

    def submit(self, user: str, view: dict[str, Any], answers: dict[str, Any]) -> Reply:
        """Submit a modal as Slack would, after the person filled in `answers` (by block_id);
        inputs not answered keep the value the modal opened with."""
        payload = {
            "type": "view_submission",
            **self._who(user),
            "trigger_id": _trigger(),
            "view": {
                **view,
                "id": view.get("id", "V0MODAL"),
                "team_id": self.team_id,
                "state": {"values": state_values(view, answers)},
                "hash": f"{next(_serial)}.hash",
            },
            "response_urls": [],
        }
        return self.interactive(payload)

    def shortcut(self, user: str, callback_id: str) -> Reply:
        """A global shortcut, as Slack sends it (bolt-python's
        tests/scenario_tests/test_shortcut.py)."""
        payload = {
            "type": "shortcut",
            **self._who(user),
            "callback_id": callback_id,
            "trigger_id": _trigger(),
            "action_ts": f"{time.time():.6f}",
        }
        return self.interactive(payload)

    def message_shortcut(
        self, user: str, callback_id: str, channel: str, message: dict[str, Any]
    ) -> Reply:
        """A message shortcut (type message_action) on `message` ({"text", "ts", "user"}) in
        `channel`, as Slack sends it."""
        trigger = _trigger()
        payload = {
            "type": "message_action",
            **self._who(user),
            "callback_id": callback_id,
            "trigger_id": trigger,
            "action_ts": f"{time.time():.6f}",
            "message_ts": message["ts"],
            "channel": {"id": channel, "name": "general"},
            "message": {"type": "message", **message},
            "response_url": self.response_url(trigger),
        }
        return self.interactive(payload)

    def suggest(self, user: str, view: dict[str, Any], block_id: str, value: str) -> Reply:
        """What Slack sends to the options load URL as someone types `value` into the select
        (external_select) of the view's input `block_id`: a block_suggestion, with the view
        as it stands (bolt-python's tests/scenario_tests/test_block_suggestion.py)."""
        block = next((b for b in view["blocks"] if b.get("block_id") == block_id), None)
        assert block is not None, f"no block {block_id!r} in the view"
        element = block.get("element") or block.get("accessory") or {}
        assert element.get("type") in ("external_select", "multi_external_select"), element
        view_id = view.get("id", "V0MODAL")
        payload = {
            "type": "block_suggestion",
            **self._who(user),
            "container": {"type": "view", "view_id": view_id},
            "action_id": element["action_id"],
            "block_id": block_id,
            "value": value,
            "view": {
                **view,
                "id": view_id,
                "team_id": self.team_id,
                "state": {"values": {}},
                "hash": f"{next(_serial)}.hash",
                "root_view_id": view_id,
                "app_id": APP_ID,
            },
        }
        return self.interactive(payload)

    def event(self, event: dict[str, Any], event_id: str | None = None) -> Reply:
        body = {
            "token": "legacy-verification-token",
            "team_id": self.team_id,
            "api_app_id": APP_ID,
            "event": {"event_ts": f"{time.time():.6f}", **event},
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(_serial):08d}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": self.team_id, "user_id": "UMENTORBOT", "is_bot": True}],
        }
        self.sent.append(body)
        return self.post(json.dumps(body).encode(), "application/json")

    def function_executed(
        self,
        callback_id: str,
        inputs: dict[str, Any],
        execution_id: str | None = None,
        event_id: str | None = None,
        token: str | None = None,
    ) -> Reply:
        """A Workflow Builder step of the app runs: the function_executed event, with the run's
        own token (bolt-python's tests/scenario_tests/test_function.py)."""
        execution_id = execution_id or f"Fx{next(_serial):08d}"
        event = {
            "type": "function_executed",
            "function": {
                "id": f"Fn{callback_id[:8]}",
                "callback_id": callback_id,
                "title": callback_id,
                "description": "",
                "type": "app",
                "input_parameters": [],
                "output_parameters": [],
                "app_id": APP_ID,
                "date_updated": int(time.time()),
            },
            "inputs": inputs,
            "function_execution_id": execution_id,
            "workflow_execution_id": f"Wx{execution_id[2:]}",
            "bot_access_token": token or f"xwfp-{execution_id}",
        }
        return self.event(event, event_id)

    def home_opened(self, user: str) -> Reply:
        return self.event(
            {"type": "app_home_opened", "user": user, "channel": "D" + user[1:], "tab": "home"}
        )

    def _who(self, user: str) -> dict[str, Any]:
        """The fields every interaction payload carries about who and where."""
        return {
            "user": {"id": user, "username": user.lower(), "team_id": self.team_id},
            "team": {"id": self.team_id, "domain": "acme"},
            "api_app_id": APP_ID,
            "token": "legacy-verification-token",
            "is_enterprise_install": False,
        }

    # The wire

    def interactive(self, payload: dict[str, Any]) -> Reply:
        self.sent.append(payload)
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return self.post(body, "application/x-www-form-urlencoded")

    def post(
        self,
        body: bytes,
        content_type: str,
        *,
        timestamp: str | None = None,
        signature: str | None = None,
        path: str = "/slack/events",
    ) -> Reply:
        timestamp = timestamp or str(int(time.time()))
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": signature or sign(self.secret, timestamp, body),
        }
        return self.request("POST", path, body, headers)

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        parts = urlsplit(self.base_url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return Reply(response.status, response.read().decode())
        finally:
            connection.close()


def state_values(view: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """The `state.values` Slack sends for a view: answers by block_id, else initial values. A
    select's answer is an option's value, or (a select whose options the app loads) the
    option the app offered for it (from its answer to `suggest`)."""
    unknown = set(answers) - {b.get("block_id") for b in view["blocks"]}
    assert not unknown, f"no input blocks {unknown} in the view"
    values: dict[str, Any] = {}
    for block in view["blocks"]:
        if block.get("type") != "input":
            continue
        element = block["element"]
        answer = answers.get(block["block_id"], _initial(element))
        values[block["block_id"]] = {element["action_id"]: _state(element, answer)}
    return values


def _initial(element: dict[str, Any]) -> Any:
    kind = element["type"]
    if kind in ("plain_text_input", "number_input"):
        return element.get("initial_value")
    if kind == "users_select":
        return element.get("initial_user")
    if kind == "conversations_select":
        return element.get("initial_conversation")
    if kind == "datepicker":
        return element.get("initial_date")
    if kind == "timepicker":
        return element.get("initial_time")
    if kind == "datetimepicker":
        return element.get("initial_date_time")
    if kind in ("multi_static_select", "checkboxes"):
        return [o["value"] for o in element.get("initial_options", [])]
    if kind == "multi_users_select":
        return element.get("initial_users", [])
    if kind in ("static_select", "external_select", "radio_buttons"):
        return (element.get("initial_option") or {}).get("value")
    raise AssertionError(f"state for {kind} elements is not written yet")


def _state(element: dict[str, Any], answer: Any) -> dict[str, Any]:
    kind = element["type"]
    if kind in ("plain_text_input", "number_input"):
        return {"type": kind, "value": answer}
    if kind == "users_select":
        return {"type": kind, "selected_user": answer}
    if kind == "multi_users_select":
        return {"type": kind, "selected_users": answer or []}
    if kind == "conversations_select":
        return {"type": kind, "selected_conversation": answer}
    if kind == "datepicker":
        return {"type": kind, "selected_date": answer}
    if kind == "timepicker":
        return {"type": kind, "selected_time": answer}
    if kind == "datetimepicker":  # seconds since the epoch, as Slack sends them
        return {"type": kind, "selected_date_time": answer}
    options = _options(element)
    if kind in ("multi_static_select", "checkboxes"):
        return {"type": kind, "selected_options": [_chosen(options, v) for v in answer or []]}
    return {"type": kind, "selected_option": _chosen(options, answer) if answer else None}


def _options(element: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The options the element offers up front (of an external_select, its initial one)."""
    flat = [*element.get("options", []), *element.get("initial_options", [])]
    for group in element.get("option_groups", []):
        flat += group["options"]
    if element.get("initial_option"):
        flat.append(element["initial_option"])
    return {option["value"]: option for option in flat}


def _chosen(options: dict[str, dict[str, Any]], answer: str | dict[str, Any]) -> dict[str, Any]:
    """The option as Slack echoes it: an option given whole (loaded from the app) as it is; a
    value not offered is sent anyway (a forged payload)."""
    if isinstance(answer, dict):
        return answer
    return options.get(answer, {"text": {"type": "plain_text", "text": answer}, "value": answer})


def _block_of(view: dict[str, Any], action_id: str) -> str:
    for block in view.get("blocks", []):
        for element in [*block.get("elements", []), block.get("accessory") or {}]:
            if element.get("action_id") == action_id:
                return block.get("block_id", "actions")
    raise AssertionError(f"no element with action_id {action_id!r} in the view")


def _trigger() -> str:
    return f"{next(_serial)}.{int(time.time())}.trigger"
