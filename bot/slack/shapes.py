"""The shape of the request bodies Slack sends (its documented payloads), as far as Bolt and
the bot read them. A body of another shape, which Slack never sends, is refused at the door
before anything reads it: a string where an object belongs would otherwise fail deep inside
Bolt or a listener."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Obj:
    """An object: these fields, when present, have these shapes (others are not read)."""

    fields: Mapping[str, Spec]
    required: tuple[str, ...] = ()


@dataclass(frozen=True)
class ListOf:
    item: Spec
    non_empty: bool = False


@dataclass(frozen=True)
class MapOf:
    """An object with keys of its own choosing (block ids, action ids)."""

    item: Spec


@dataclass(frozen=True)
class AnyOf:
    options: tuple[Spec, ...]


class Id:
    """A Slack id: a string of 1 to MAX_ID characters (Slack's are about 11)."""


MAX_ID = 64


Spec = type | Obj | ListOf | MapOf | AnyOf  # a type: isinstance (Id: an id)
NONE = type(None)
TEXT = AnyOf((str, NONE))

OPTION = Obj({"value": str})
ELEMENT = Obj(  # an element's state in a view, or the element an action came from
    {
        "type": str,
        "action_id": str,
        "block_id": str,
        "action_ts": str,
        "value": TEXT,
        "selected_option": AnyOf((OPTION, NONE)),
        "selected_options": ListOf(OPTION),
        "selected_date": TEXT,
        "selected_time": TEXT,
        "selected_user": TEXT,
        "selected_users": ListOf(str),
        "selected_conversation": TEXT,
        "selected_conversations": ListOf(str),
        "selected_channel": TEXT,
        "selected_channels": ListOf(str),
    }
)
VIEW = Obj(
    {
        "id": str,
        "type": str,
        "callback_id": str,
        "private_metadata": str,
        "external_id": str,
        "hash": str,
        "team_id": TEXT,
        "app_installed_team_id": TEXT,
        "root_view_id": TEXT,
        "previous_view_id": TEXT,
        "state": Obj({"values": MapOf(MapOf(ELEMENT))}),
    },
    required=("id", "type"),
)
WHO = AnyOf((Id, Obj({"id": Id, "team_id": TEXT}, required=("id",))))
WHERE = AnyOf((str, NONE, Obj({"id": str})))
MESSAGE = Obj({"ts": str, "thread_ts": str, "user": WHO, "text": str})
EVENT = Obj(
    {
        "type": str,
        "user": WHO,
        "channel": WHERE,
        "tab": str,
        "team": str,
        "user_team": str,
        "event_ts": str,
        "thread_ts": str,
        "tokens": Obj({"oauth": ListOf(str), "bot": ListOf(str)}),
        "message": MESSAGE,
        "previous_message": MESSAGE,
        "item": Obj({"channel": str}),
        "view": VIEW,
    },
    required=("type",),
)
ENVELOPE = {  # what any body may carry, Bolt reading most of it for the request's context
    "type": str,
    "token": str,
    "api_app_id": str,
    "team_id": Id,
    "user_id": Id,
    "channel_id": str,
    "enterprise_id": TEXT,
    "trigger_id": str,
    "response_url": str,
    "command": str,
    "text": str,
    "challenge": str,
    "event_id": str,
    "thread_ts": str,
    "is_enterprise_install": AnyOf((bool, str)),
    "is_ext_shared_channel": bool,
    "team": AnyOf((Id, NONE, Obj({"id": AnyOf((Id, NONE)), "enterprise_id": TEXT}))),
    "enterprise": AnyOf((str, NONE, Obj({"id": TEXT}))),
    "user": WHO,
    "channel": WHERE,
    "container": Obj(
        {"type": str, "view_id": str, "channel_id": str, "message_ts": str, "thread_ts": str}
    ),
    "message": MESSAGE,
    "view": VIEW,
    "actions": ListOf(ELEMENT),
    "response_urls": ListOf(Obj({"response_url": str, "channel_id": str})),
    "authorizations": ListOf(
        Obj(
            {
                "team_id": TEXT,
                "enterprise_id": TEXT,
                "user_id": str,
                "is_bot": bool,
                "is_enterprise_install": bool,
            }
        )
    ),
    "event": EVENT,
}
ACTOR = ("user", "trigger_id")
BODIES: dict[str | None, Obj] = {  # by the body's type; None: slash commands and the rest
    None: Obj(ENVELOPE),
    "block_actions": Obj(
        {**ENVELOPE, "actions": ListOf(Obj(ELEMENT.fields, ("action_id",)), non_empty=True)},
        required=(*ACTOR, "actions"),
    ),
    "view_submission": Obj(ENVELOPE, required=(*ACTOR, "view")),
    "block_suggestion": Obj(  # what someone typed into a select whose options the app loads
        {**ENVELOPE, "action_id": str, "block_id": str, "value": TEXT},
        required=("user", "action_id", "block_id"),
    ),
    "view_closed": Obj(ENVELOPE, required=("user", "view")),
    "event_callback": Obj(ENVELOPE, required=("event",)),
}


def problem(body: object) -> str | None:
    """Where a parsed body departs from the shapes Slack sends ("the body.view.state: not an
    object"), or None. Keys a sender chooses are shown as * (they may be anything)."""
    if not isinstance(body, dict):
        return "the body: not an object"
    kind = body.get("type")
    spec = BODIES.get(kind if isinstance(kind, str) else None, BODIES[None])
    found = _problem(body, spec)
    return None if found is None else f"the body{found}"


def _problem(value: Any, spec: Spec) -> str | None:
    """What is wrong, as the path below `value` and a reason (".user.id: not an id")."""
    if spec is Id:
        fits = isinstance(value, str) and 0 < len(value) <= MAX_ID
        return None if fits else ": not an id"
    if isinstance(spec, type):
        return None if isinstance(value, spec) else f": not {_name(spec)}"
    if isinstance(spec, AnyOf):
        fits = any(_problem(value, option) is None for option in spec.options)
        return None if fits else f": not {_names(spec)}"
    if isinstance(spec, ListOf):
        if not isinstance(value, list):
            return ": not a list"
        if spec.non_empty and not value:
            return ": empty"
        for n, item in enumerate(value):
            if (found := _problem(item, spec.item)) is not None:
                return f"[{n}]{found}"
        return None
    if not isinstance(value, dict):
        return ": not an object"
    if isinstance(spec, MapOf):
        for item in value.values():
            if (found := _problem(item, spec.item)) is not None:
                return f".*{found}"
        return None
    for key in spec.required:
        if key not in value:
            return f".{key}: missing"
    for key, item in value.items():
        field = spec.fields.get(key)
        if field is not None and (found := _problem(item, field)) is not None:
            return f".{key}{found}"
    return None


def _name(kind: type) -> str:
    names = {Id: "an id", str: "a string", bool: "true or false", NONE: "null"}
    return names[kind]


def _names(spec: AnyOf) -> str:
    names = [_name(option) if isinstance(option, type) else "an object" for option in spec.options]
    return " or ".join(names)
