"""`/mentor programme [new|coordinators|close]`: the workspace's programmes, for coordinators.
Workspace admins and owners and the configured coordinators make programmes and manage every
one; someone added to a programme manages only it. Every submission checks the rights again."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot import ids
from bot.blocks.common import escape
from bot.blocks.enrolment import default_names
from bot.blocks.messages import ephemeral
from bot.blocks.programmes import (
    CONFIRMED,
    close_modal,
    coordinators_modal,
    created_text,
    new_programme_modal,
    programme_list,
    programme_name,
)
from bot.deps import Deps
from bot.domain import CancelReason, Enrolment, ProgrammeDetails, ProgrammeKind, ProgrammeSummary
from bot.i18n import t
from bot.jobs.bookings import share_booking
from bot.listeners.common import modal_said, parse_enum, team_and_user, whole_number
from bot.listeners.enrolment import invite_command
from bot.services import coordinators, programme_admin
from bot.slack.people import coordinates_all
from bot.slack.view_state import ViewState, selected

# the new programme's fields (programme_admin.problems) and the modal's blocks they are in
_FIELDS = {
    "name": ids.PROGRAMME_NAME,
    "description": ids.PROGRAMME_DESCRIPTION,
    "starts_on": ids.PROGRAMME_STARTS,
    "ends_on": ids.PROGRAMME_ENDS,
}


def programme_command(
    deps: Deps,
    client: WebClient,
    context: BoltContext,
    ack: Ack,
    words: list[str],
    trigger_id: str,
    programme_id: int | None = None,
) -> None:
    """Answer `/mentor programme ...`: the list, or a modal opened after the ack
    (`programme_id`: the one chosen from a menu, for `invite`)."""
    locale: str = context["locale"]
    team_id, user_id = team_and_user(context)
    word = words[0].lower() if words else "list"
    if word == "new":
        if not coordinates_all(deps, client, team_id, user_id):
            ack(**ephemeral(t("programmes.refused_create", locale)))
            return
        ack()
        deps.follow_up(client.views_open, trigger_id=trigger_id, view=new_programme_modal(locale))
        return
    if word == "invite":
        invite_command(deps, client, context, ack, words[1:], programme_id)
        return
    if word not in ("list", "coordinators", "close") or len(words) > 1:
        ack(**ephemeral(t("programmes.usage", locale)))
        return
    found = _coordinated(deps, client, team_id, user_id)
    if found is None:
        ack(**ephemeral(t("programmes.refused", locale)))
        return
    if word == "list":
        ack(**programme_list(found, locale))
        return
    managed = [programme for programme in found if not programme.closed]
    if not managed:
        ack(**ephemeral(t("programmes.none_open", locale)))
        return
    view = coordinators_modal(managed, managed[0], locale) if word == "coordinators" else None
    ack()
    deps.follow_up(
        client.views_open, trigger_id=trigger_id, view=view or close_modal(managed, locale)
    )


def _coordinated(
    deps: Deps, client: WebClient, team_id: str, user_id: str
) -> list[ProgrammeSummary] | None:
    """The programmes the person coordinates (every one of the workspace when they coordinate
    all), open ones first; None for someone who coordinates none (Slack asked once more)."""
    with deps.sessions.begin() as session:
        everywhere = coordinators.coordinates_all(
            session, team_id, user_id, deps.settings.coordinators
        )
        own = programme_admin.coordinated(session, team_id, user_id)
    if not everywhere and not own:
        if not coordinates_all(deps, client, team_id, user_id):
            return None
        everywhere = True
    with deps.sessions.begin() as session:
        return programme_admin.listing(session, team_id, None if everywhere else own)


def register(app: App, deps: Deps) -> None:
    @app.view(ids.NEW_PROGRAMME_VIEW)
    def new_submitted(ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient):
        locale: str = context["locale"]
        team_id, user_id = team_and_user(context)
        title = t("programmes.new_title", locale)
        if not coordinates_all(deps, client, team_id, user_id):
            ack(**modal_said(title, t("programmes.refused_create", locale), locale))
            return
        state = ViewState.of(view)
        kind = parse_enum(ProgrammeKind, state.option(ids.PROGRAMME_KIND))
        enrolment = parse_enum(Enrolment, state.option(ids.PROGRAMME_ENROLMENT))
        details = ProgrammeDetails(
            name=state.text(ids.PROGRAMME_NAME),
            description=state.text(ids.PROGRAMME_DESCRIPTION),
            kind=kind or ProgrammeKind.PEER,
            enrolment=enrolment or Enrolment.OPEN,
            starts_on=state.date(ids.PROGRAMME_STARTS),
            ends_on=state.date(ids.PROGRAMME_ENDS),
        )
        names = default_names()
        errors: dict[str, str] = {}
        if kind is None:
            errors[ids.PROGRAMME_KIND] = t("programmes.error_choose", locale)
        if enrolment is None:
            errors[ids.PROGRAMME_ENROLMENT] = t("programmes.error_choose", locale)
        with deps.sessions.begin() as session:
            if errors:
                problems = programme_admin.problems(session, team_id, details, names)
                made = None
            else:
                creation = programme_admin.create(
                    session,
                    team_id,
                    details,
                    state.users(ids.PROGRAMME_COORDINATORS),
                    user_id,
                    str(view.get("id", "")),
                    deps.clock(),
                    names,
                )
                problems = creation.problems
                made = creation.programme_id
            summary = _summary(session, team_id, made)
        errors |= {_FIELDS[field]: t(key, locale) for field, key in problems.items()}
        if errors or summary is None:
            ack(response_action="errors", errors=errors)
            return
        ack(**modal_said(title, created_text(summary, locale), locale))

    @app.action({"block_id": ids.PROGRAMME_CHOICE, "action_id": ids.VALUE})
    def programme_chosen(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        """Appointing: another programme chosen shows its own coordinators."""
        ack()
        view = body.get("view") or {}
        actions = body.get("actions") or [{}]
        chosen = whole_number(selected(actions[0]))
        if view.get("callback_id") != ids.PROGRAMME_COORDINATORS_VIEW or chosen is None:
            return
        deps.follow_up(_show_coordinators, deps, client, context, view, chosen)

    @app.view(ids.PROGRAMME_COORDINATORS_VIEW)
    def appoint_submitted(ack: Ack, view: dict[str, Any], context: BoltContext):
        locale: str = context["locale"]
        team_id, user_id = team_and_user(context)
        title = t("programmes.coordinators_title", locale)
        state = ViewState.of(view)
        programme_id = whole_number(state.option(ids.PROGRAMME_CHOICE))
        block = f"{ids.PROGRAMME_COORDINATORS_PREFIX}{programme_id}"
        with deps.sessions.begin() as session:
            if programme_id is None or not programme_admin.may_manage(
                session, team_id, programme_id, user_id, deps.settings.coordinators
            ):
                ack(**modal_said(title, t("programmes.refused", locale), locale))
                return
            if block not in state.block_ids():  # chosen, but the modal not shown anew yet
                error = t("programmes.error_choose_again", locale)
                ack(response_action="errors", errors={ids.PROGRAMME_CHOICE: error})
                return
            users = state.users(block)
            programme_admin.appoint(session, team_id, programme_id, users, user_id, deps.clock())
            summary = _summary(session, team_id, programme_id)
        assert summary is not None
        name = escape(programme_name(summary, locale))
        text = (
            t("programmes.appointed", locale, name=name, users=", ".join(f"<@{u}>" for u in users))
            if users
            else t("programmes.appointed_none", locale, name=name)
        )
        ack(**modal_said(title, f":white_check_mark: {text}", locale))

    @app.view(ids.CLOSE_PROGRAMME_VIEW)
    def close_submitted(ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient):
        locale: str = context["locale"]
        team_id, user_id = team_and_user(context)
        title = t("programmes.close_title", locale)
        state = ViewState.of(view)
        programme_id = whole_number(state.option(ids.PROGRAMME_CHOICE))
        if CONFIRMED not in state.options(ids.PROGRAMME_CLOSE_CONFIRM):
            error = t("programmes.error_confirm", locale)
            ack(response_action="errors", errors={ids.PROGRAMME_CLOSE_CONFIRM: error})
            return
        with deps.sessions.begin() as session:
            if programme_id is None or not programme_admin.may_manage(
                session, team_id, programme_id, user_id, deps.settings.coordinators
            ):
                ack(**modal_said(title, t("programmes.refused", locale), locale))
                return
            outcome, cancelled = programme_admin.close(
                session, team_id, programme_id, user_id, deps.clock()
            )
            summary = _summary(session, team_id, programme_id)
        assert summary is not None
        name = escape(programme_name(summary, locale))
        text = t(f"programmes.close_{outcome}", locale, name=name, bookings=len(cancelled))
        ack(**modal_said(title, text, locale))
        for booking_id in cancelled:
            deps.follow_up(share_booking, deps, client, team_id, booking_id, CancelReason.CLOSED)


def _show_coordinators(
    deps: Deps, client: WebClient, context: BoltContext, view: dict[str, Any], chosen: int
) -> None:
    team_id, user_id = team_and_user(context)
    found = _coordinated(deps, client, team_id, user_id) or []
    managed = [programme for programme in found if not programme.closed]
    programme = next((p for p in managed if p.id == chosen), None)
    if programme is None:  # not theirs to manage (a forged choice): the modal stays as it is
        return
    client.views_update(
        view_id=view.get("id"),
        hash=view.get("hash"),
        view=coordinators_modal(managed, programme, context["locale"]),
    )


def _summary(session: Session, team_id: str, programme_id: int | None) -> ProgrammeSummary | None:
    if programme_id is None:
        return None
    found = programme_admin.listing(session, team_id, [programme_id])
    return found[0] if found else None
