"""Helpers shared by the listeners."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any, TypeVar

from slack_bolt import BoltContext, Respond
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.blocks.common import message_modal
from bot.blocks.messages import ephemeral
from bot.deps import Deps
from bot.i18n import t
from bot.services import programmes
from bot.slack import notify
from bot.slack.view_state import moment_of


class Malformed(ValueError):
    """A request without what Slack always sends with it: answered 400 (bot.factory)."""


def programme_of(deps: Deps, team_id: str) -> int:
    """The programme a request of the workspace is about (its first open one, made on first
    use)."""
    with deps.sessions.begin() as session:
        return programmes.current(session, team_id, deps.clock())


def named_programme(session: Session, team_id: str, body: dict[str, Any], now: datetime) -> int:
    """The programme a button's value names, when it is an open one of this workspace (the
    value is the clicker's to forge); else the workspace's."""
    named = whole_number((body.get("actions") or [{}])[0].get("value"))
    if named is not None and programmes.is_open_in(session, team_id, named):
        return named
    return programmes.current(session, team_id, now)


def team_and_user(context: BoltContext) -> tuple[str, str]:
    """The workspace and person a request is from (Bolt fills both for every user action)."""
    team_id, user_id = context.team_id, context.user_id
    if not team_id or not user_id:
        raise Malformed("request carries no team or user")
    return team_id, user_id


E = TypeVar("E", bound=Enum)


def parse_enum(cls: type[E], value: str) -> E | None:
    try:
        return cls(value)
    except ValueError:
        return None


MAX_WHOLE = 2**63 - 1  # the largest integer a database stores: no id or count we use is larger


def whole_number(text: object) -> int | None:
    """A non-negative whole number written in ASCII digits, up to MAX_WHOLE, or None.
    (str.isdigit() also passes "²" and other digits int() refuses.)"""
    if not isinstance(text, str):
        return None
    text = text.strip()
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if number <= MAX_WHOLE else None


def id_and_moment(value: object) -> tuple[int | None, datetime | None]:
    """A button value naming something and a time: "<id>:<Unix seconds>" (None where either is
    missing or not well formed)."""
    ref, _, seconds = value.partition(":") if isinstance(value, str) else ("", "", "")
    return whole_number(ref), moment_of(seconds)


def tell_clicker(deps: Deps, client: WebClient, respond: Respond, user_id: str, text: str) -> None:
    """An answer only the clicker sees, under the message they clicked in (in their DM when the
    click came with nowhere to answer, such as App Home)."""
    if respond.response_url:
        deps.follow_up(respond, response_type="ephemeral", replace_original=False, text=text)
    else:
        deps.follow_up(notify.send_dm, client, user_id, ephemeral(text))


def modal_said(title: str, text: str, locale: str) -> dict[str, Any]:
    """A modal submission's answer that turns the modal into a message (a result or a
    refusal), as ack's arguments."""
    return {
        "response_action": "update",
        "view": message_modal(title, text, t("common.close", locale)),
    }


def show_in_place(
    deps: Deps, client: WebClient, context: BoltContext, respond: Respond, reply: dict[str, Any]
) -> None:
    """An ephemeral list shown anew in place of the old after a click on it (in the clicker's
    DM when there is no place to replace)."""
    shown = {k: v for k, v in reply.items() if k != "response_type"}
    if respond.response_url:
        deps.follow_up(respond, response_type="ephemeral", replace_original=True, **shown)
    else:
        _, user_id = team_and_user(context)
        deps.follow_up(notify.send_dm, client, user_id, shown)
