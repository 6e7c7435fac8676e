"""One log line a request, with its workspace, kind, time taken and outcome (never what the
person typed)."""

from __future__ import annotations

import logging
import threading
from typing import Any

from bot.commands import find

log = logging.getLogger("mentor-bot.requests")

_current = threading.local()


def begin() -> None:
    """A request arrives (the HTTP door calls this before Bolt sees it)."""
    _current.seen = None


def note(body: dict[str, Any]) -> None:
    """What the request is, from the body Bolt has parsed (a middleware calls this)."""
    _current.seen = (_team(body), request_kind(body))


def note_malformed() -> None:
    """The door refused the request's body as not Slack's (bot.slack.shapes)."""
    _current.seen = (None, "malformed")


def log_request(status: str, ms: float) -> None:
    """The request's line; one Bolt turned away before parsing (a bad signature) is
    "unverified"."""
    team, kind = getattr(_current, "seen", None) or (None, "unverified")
    log.info("request", extra={"team": team, "kind": kind, "ms": ms, "outcome": status})


def request_kind(body: dict[str, Any]) -> str:
    """command:/mentor join, action:<action_id>, options:<block_id>, view:<callback_id>,
    event:<type>."""
    if "command" in body:
        words = str(body.get("text") or "").split()
        found = find(words[0] if words else "")
        return f"command:{body['command']} {found.name if found else 'other'}"
    kind = body.get("type")
    if kind == "block_actions":
        actions = body.get("actions") or [{}]
        return f"action:{str(actions[0].get('action_id', ''))[:64]}"
    if kind == "block_suggestion":  # the menu's block, not what was typed
        return f"options:{str(body.get('block_id', ''))[:64]}"
    if kind in ("view_submission", "view_closed"):
        return f"view:{str((body.get('view') or {}).get('callback_id', ''))[:64]}"
    if kind == "event_callback":
        return f"event:{str((body.get('event') or {}).get('type', ''))[:64]}"
    return str(kind or "unknown")[:64]


def _team(body: dict[str, Any]) -> str | None:
    team = body.get("team_id") or body.get("team")
    if isinstance(team, dict):
        team = team.get("id")
    return str(team) if team else None
