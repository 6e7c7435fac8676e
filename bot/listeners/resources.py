"""The resource library (#18): `/mentor resources [word or skill]` lists a programme's resources
to its members, paged; its coordinators add one (`/mentor resources add`, or Add a resource on
Home's panel or the list) and edit or remove one from the list. Every submission and click
checks the clicker's rights on the resource's programme again: an id is only what was clicked.
Opening a resource is a link button, whose click Slack still sends: it is counted, never who."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot import ids
from bot.blocks.common import escape
from bot.blocks.enrolment import programme_name
from bot.blocks.messages import ephemeral
from bot.blocks.resources import link, resource_list, resource_modal
from bot.deps import Deps
from bot.domain import ProgrammeCard, ResourceCard, ResourceInput
from bot.flow import Flow
from bot.i18n import t
from bot.listeners.admin import register_opener
from bot.listeners.common import (
    modal_said,
    programme_of,
    show_in_place,
    team_and_user,
    tell_clicker,
    whole_number,
)
from bot.services import coordinators, enrolment, members, programmes, resources
from bot.services.members import FieldError
from bot.slack.people import is_coordinator
from bot.slack.view_state import ViewState

_STATE = re.compile(r"(\d{1,18}) (\d{1,6}) ?(.*)", re.DOTALL)  # "<id> <page> <search>"


def add_command(
    deps: Deps,
    client: WebClient,
    context: BoltContext,
    ack: Ack,
    trigger_id: str,
    programme_id: int,
) -> None:
    """`/mentor resources add`: the modal, for the programme's coordinators."""
    team_id, user_id = team_and_user(context)
    if not is_coordinator(deps, client, team_id, user_id, programme_id=programme_id):
        ack(**ephemeral(t("resources.refused", context["locale"])))
        return
    ack()
    deps.follow_up(open_add, deps, client, context, trigger_id, programme_id)


def open_add(
    deps: Deps, client: WebClient, context: BoltContext, trigger_id: str, programme_id: int
) -> None:
    """Opens the modal that adds a resource to the programme (the caller checked the rights;
    the submission checks them again)."""
    locale: str = context["locale"]
    with deps.sessions.begin() as session:
        named = programmes.card_if_several(session, programme_id)
    view = resource_modal(
        locale,
        ids.RESOURCE_ADD_VIEW,
        Flow(programme_id).encode(),
        programme_name(named, locale) if named is not None else None,
    )
    client.views_open(trigger_id=trigger_id, view=view)


def libraries(deps: Deps, context: BoltContext) -> list[ProgrammeCard]:
    """The open programmes whose library the person may read, as far as the database knows
    without asking Slack: those they take part in or coordinate, oldest first."""
    team_id, user_id = team_and_user(context)
    with deps.sessions.begin() as session:
        found = {p.id: p for p in enrolment.taking_part(session, team_id, user_id)}
        managed = coordinators.programmes_of(session, team_id, user_id, deps.settings.coordinators)
        for programme_id in managed:
            card = enrolment.programme_card(session, team_id, programme_id)
            if card is not None:
                found.setdefault(card.id, card)
    return sorted(found.values(), key=lambda card: card.id)


def list_reply(
    deps: Deps,
    client: WebClient,
    context: BoltContext,
    programme_id: int,
    query: str,
    page: int = 0,
) -> dict[str, Any]:
    """A page of the programme's library matching `query`, for its members and coordinators;
    a kind refusal for anyone else."""
    team_id, user_id = team_and_user(context)
    locale: str = context["locale"]
    manage = is_coordinator(
        deps, client, team_id, user_id, programme_id=programme_id, confirm=False
    )
    with deps.sessions.begin() as session:
        member = programmes.is_open_in(session, team_id, programme_id) and members.takes_part(
            session, programme_id, user_id
        )
    if not (member or manage):
        manage = is_coordinator(deps, client, team_id, user_id, programme_id=programme_id)
        if not manage:
            return ephemeral(t("resources.not_member", locale))
    with deps.sessions.begin() as session:
        found = resources.listing(session, team_id, programme_id, query, page)
    return resource_list(found, locale, manage=manage)


def register(app: App, deps: Deps) -> None:
    register_opener(app, deps, ids.OPEN_ADD_RESOURCE, open_add)

    @app.view(ids.RESOURCE_ADD_VIEW)
    def add_submitted(
        ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        locale: str = context["locale"]
        team_id, user_id = team_and_user(context)
        title = t("resources.add_title", locale)
        programme_id = Flow.decode(view.get("private_metadata")).programme_id
        if programme_id is None:
            programme_id = programme_of(deps, team_id)
        if not is_coordinator(deps, client, team_id, user_id, programme_id=programme_id):
            ack(**modal_said(title, t("resources.refused", locale), locale))
            return
        resource, errors = _read(view)
        if errors:
            ack(response_action="errors", errors=_messages(errors, locale))
            return
        with deps.sessions.begin() as session:
            resources.add(
                session,
                team_id,
                programme_id,
                resource,
                user_id,
                str(view.get("id", "")),
                deps.clock(),
            )
        done = t("resources.added", locale, link=link(resource.url, resource.title))
        ack(**modal_said(title, done, locale))

    @app.view(ids.RESOURCE_EDIT_VIEW)
    def edit_submitted(
        ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        locale: str = context["locale"]
        team_id, user_id = team_and_user(context)
        title = t("resources.edit_title", locale)
        card = _resource(deps, team_id, view.get("private_metadata"))
        if card is None:
            ack(**modal_said(title, t("resources.gone", locale), locale))
            return
        if not is_coordinator(deps, client, team_id, user_id, programme_id=card.programme_id):
            ack(**modal_said(title, t("resources.refused", locale), locale))
            return
        resource, errors = _read(view)
        if errors:
            ack(response_action="errors", errors=_messages(errors, locale))
            return
        with deps.sessions.begin() as session:
            changed = resources.edit(session, team_id, card.id, resource, user_id, deps.clock())
        done = (
            t("resources.saved", locale, link=link(resource.url, resource.title))
            if changed
            else t("resources.gone", locale)
        )
        ack(**modal_said(title, done, locale))

    @app.action(ids.OPEN_RESOURCE)
    def opened(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        """A resource's link button: Slack opened the link; one open is counted (never who)."""
        ack()
        team_id, _ = team_and_user(context)
        resource_id = whole_number((body.get("actions") or [{}])[0].get("value"))
        if resource_id is not None:
            with deps.sessions.begin() as session:
                resources.record_open(session, team_id, resource_id, deps.clock())

    @app.action(ids.RESOURCES_PAGE)
    def paged(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond
    ) -> None:
        ack()
        state = _state(body)
        if state is None:
            return
        programme_id, page, query = state
        reply = list_reply(deps, client, context, programme_id, query, page)
        show_in_place(deps, client, context, respond, reply)

    @app.action(ids.EDIT_RESOURCE)
    def edit_clicked(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond
    ) -> None:
        ack()
        team_id, user_id = team_and_user(context)
        state = _state(body)
        card = _resource(deps, team_id, str(state[0]) if state else None)
        refusal = _refusal(deps, client, context, card)
        if refusal is not None:
            tell_clicker(deps, client, respond, user_id, refusal)
            return
        assert card is not None
        view = resource_modal(context["locale"], ids.RESOURCE_EDIT_VIEW, str(card.id), current=card)
        deps.follow_up(client.views_open, trigger_id=body["trigger_id"], view=view)

    @app.action(ids.REMOVE_RESOURCE)
    def remove_clicked(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond
    ) -> None:
        ack()
        locale: str = context["locale"]
        team_id, user_id = team_and_user(context)
        state = _state(body)
        card = _resource(deps, team_id, str(state[0]) if state else None)
        refusal = _refusal(deps, client, context, card)
        if refusal is not None:
            tell_clicker(deps, client, respond, user_id, refusal)
            return
        assert card is not None and state is not None
        with deps.sessions.begin() as session:
            resources.remove(session, team_id, card.id, user_id, deps.clock())
        _, page, query = state
        reply = list_reply(deps, client, context, card.programme_id, query, page)
        show_in_place(deps, client, context, respond, reply)
        removed = t("resources.removed", locale, title=escape(card.title))
        tell_clicker(deps, client, respond, user_id, removed)


def _read(view: dict[str, Any]) -> tuple[ResourceInput, list[FieldError]]:
    """The modal's resource, cleaned, and what is wrong with it."""
    state = ViewState.of(view)
    resource = resources.cleaned(
        ResourceInput(
            title=state.text(ids.RESOURCE_TITLE),
            url=state.text(ids.RESOURCE_URL),
            why=state.text(ids.RESOURCE_WHY),
            skills=state.options(ids.RESOURCE_SKILLS),
            language=state.option(ids.RESOURCE_LANGUAGE),
        )
    )
    return resource, resources.validate(resource)


def _messages(errors: list[FieldError], locale: str) -> dict[str, str]:
    return {error.field: t(error.key, locale, **error.values) for error in errors}


def _resource(deps: Deps, team_id: str, text: object) -> ResourceCard | None:
    """The live resource of the workspace an id from a click or a view names, if any."""
    resource_id = whole_number(text)
    if resource_id is None:
        return None
    with deps.sessions.begin() as session:
        return resources.find(session, team_id, resource_id)


def _refusal(
    deps: Deps, client: WebClient, context: BoltContext, card: ResourceCard | None
) -> str | None:
    """Why the clicker may not change the resource (gone, or not theirs); None when they may."""
    team_id, user_id = team_and_user(context)
    locale: str = context["locale"]
    if card is None:
        return t("resources.gone", locale)
    if not is_coordinator(deps, client, team_id, user_id, programme_id=card.programme_id):
        return t("resources.refused", locale)
    return None


def _state(body: dict[str, Any]) -> tuple[int, int, str] | None:
    """What a list button carries: an id (a programme's or a resource's), the page, the search."""
    value = (body.get("actions") or [{}])[0].get("value")
    found = _STATE.fullmatch(value) if isinstance(value, str) else None
    if found is None:
        return None
    return int(found[1]), int(found[2]), found[3][: resources.QUERY_MAX]
