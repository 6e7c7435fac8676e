"""One log line a request, with its workspace, kind, time taken and outcome (never what the
person typed)."""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import parse_qsl

log = logging.getLogger("mentor-bot.requests")

SUBCOMMANDS = frozenset(
    [
        "help",
        "join",
        "leave",
        "pair",
        "pause",
        "resume",
        "avoid",
        "goal",
        "checkin",
        "reflect",
        "history",
        "settings",
        "digest",
        "export",
        "admin",
        "export-me",
        "forget-me",
    ]
)


def log_request(body: bytes, content_type: str, status: str, ms: float) -> None:
    payload = parse(body, content_type)
    log.info(
        "request",
        extra={"team": _team(payload), "kind": request_kind(payload), "ms": ms, "outcome": status},
    )


def parse(body: bytes, content_type: str) -> dict[str, Any]:
    """The request as Bolt sees it: a JSON event, a form, or a form with a JSON payload."""
    try:
        text = body.decode()
        if "json" in content_type:
            found = json.loads(text)
            return found if isinstance(found, dict) else {}
        form = dict(parse_qsl(text))
        if "payload" in form:
            found = json.loads(form["payload"])
            return found if isinstance(found, dict) else {}
        return form
    except ValueError:  # not what Slack sends: logged as unknown
        return {}


def request_kind(body: dict[str, Any]) -> str:
    """command:/mentor join, action:<action_id>, view:<callback_id>, event:<type>."""
    if "command" in body:
        words = str(body.get("text") or "").split()
        word = words[0].lower() if words else "help"
        return f"command:{body['command']} {word if word in SUBCOMMANDS else 'other'}"
    kind = body.get("type")
    if kind == "block_actions":
        actions = body.get("actions") or [{}]
        return f"action:{str(actions[0].get('action_id', ''))[:64]}"
    if kind in ("view_submission", "view_closed"):
        return f"view:{str((body.get('view') or {}).get('callback_id', ''))[:64]}"
    if kind == "event_callback":
        return f"event:{str((body.get('event') or {}).get('type', ''))[:64]}"
    return str(kind or "unknown")[:64]


def _team(body: dict[str, Any]) -> str | None:
    team = body.get("team_id") or (body.get("team") or {}).get("id")
    return str(team) if team else None
