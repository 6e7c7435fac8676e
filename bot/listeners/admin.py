"""`/mentor admin [add|remove @someone]`: who coordinates the programme."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.blocks.choose import programme_menu
from bot.blocks.messages import ephemeral
from bot.deps import Deps
from bot.domain import ProgrammeCard
from bot.i18n import t
from bot.listeners.common import programme_of, team_and_user, whole_number
from bot.services import coordinators, enrolment, programmes
from bot.slack import notify
from bot.slack.people import is_coordinator

MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


def admin_reply(
    deps: Deps, client: WebClient, context: BoltContext, words: list[str], programme_id: int
) -> dict[str, Any]:
    """`/mentor admin [add|remove @someone]` for the programme's coordinators."""
    locale: str = context["locale"]
    refusal = coordinators_only(deps, client, context, programme_id)
    if refusal is not None:
        return refusal
    team_id, user_id = team_and_user(context)
    action = words[0].lower() if words else "list"
    target = MENTION.fullmatch(words[1]) if len(words) == 2 else None
    configured = deps.settings.coordinators
    if action in {"add", "remove"} and target is not None:
        with deps.sessions.begin() as session:
            if action == "add":
                change = coordinators.add(
                    session, team_id, programme_id, target[1], user_id, deps.clock(), configured
                )
            else:
                change = coordinators.remove(session, team_id, programme_id, target[1], configured)
        return ephemeral(t(f"admin.{change}", locale, user=f"<@{target[1]}>"))
    if action != "list":
        return ephemeral(t("admin.usage", locale))
    with deps.sessions.begin() as session:
        everyone = coordinators.known(session, team_id, programme_id, configured)
    names = ", ".join(f"<@{user}>" for user in everyone) or t("common.none_chosen", locale)
    return ephemeral(f"{t('admin.list', locale, users=names)}\n{t('admin.usage', locale)}")


def coordinators_only(
    deps: Deps, client: WebClient, context: BoltContext, programme_id: int | None = None
) -> dict[str, Any] | None:
    """A polite refusal for anyone who does not coordinate the programme (the workspace's,
    when none is named); None for its coordinators."""
    team_id, user_id = team_and_user(context)
    if is_coordinator(deps, client, team_id, user_id, programme_id=programme_id):
        return None
    return ephemeral(t("admin.refused", context["locale"]))


def coordinated(deps: Deps, client: WebClient, context: BoltContext) -> list[ProgrammeCard]:
    """The open programmes the person coordinates; when the cache says none, Slack is asked
    once more (someone made an admin a minute ago)."""
    team_id, user_id = team_and_user(context)
    found = _coordinated(deps, team_id, user_id)
    if not found and is_coordinator(deps, client, team_id, user_id):
        found = _coordinated(deps, team_id, user_id)
    return found


def _coordinated(deps: Deps, team_id: str, user_id: str) -> list[ProgrammeCard]:
    configured = deps.settings.coordinators
    with deps.sessions.begin() as session:
        programmes.current(session, team_id, deps.clock())  # a workspace runs one at least
        chosen = coordinators.programmes_of(session, team_id, user_id, configured)
        cards = (enrolment.programme_card(session, team_id, pid) for pid in chosen)
        return [card for card in cards if card is not None]


def pick_programme(
    deps: Deps,
    client: WebClient,
    context: BoltContext,
    action_id: str,
    label: str,
    carry: str = "",
) -> tuple[int | None, dict[str, Any] | None]:
    """The programme a coordinator's command is about: (its id, None) when they coordinate
    one; (None, a menu of them whose buttons do the command for one) when several; (None, a
    refusal) when none."""
    mine = coordinated(deps, client, context)
    if not mine:
        return None, ephemeral(t("admin.refused", context["locale"]))
    if len(mine) == 1:
        return mine[0].id, None
    return None, programme_menu(mine, action_id, label, context["locale"], carry)


Opener = Callable[[Deps, WebClient, BoltContext, str, int], None]


def register_opener(app: App, deps: Deps, action_id: str, opener: Opener) -> None:
    """A coordinator's button that opens a modal for the programme in its value (the
    workspace's, when it has none); anyone who does not coordinate it is told no in a DM."""

    @app.action(action_id)
    def clicked(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        ack()
        programme_id = whole_number((body.get("actions") or [{}])[0].get("value"))
        trigger_id = body["trigger_id"]
        deps.follow_up(
            _open_for_coordinators, deps, client, context, trigger_id, opener, programme_id
        )


def _open_for_coordinators(
    deps: Deps,
    client: WebClient,
    context: BoltContext,
    trigger_id: str,
    opener: Opener,
    programme_id: int | None,
) -> None:
    team_id, user_id = team_and_user(context)
    if programme_id is None:
        programme_id = programme_of(deps, team_id)
    if is_coordinator(deps, client, team_id, user_id, programme_id=programme_id):
        opener(deps, client, context, trigger_id, programme_id)
    else:
        notify.send_dm(client, user_id, ephemeral(t("admin.refused", context["locale"])))
