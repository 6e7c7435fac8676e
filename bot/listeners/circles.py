"""Circles made by hand, browsed and joined (#19): `/mentor circles` lists a circles
programme's open circles to its members, who join one with room or leave theirs; its
coordinators make one (`/mentor circles new`, or New circle on the list) and close one. Every
click and submission checks the clicker's rights on the circle's programme again: an id is
only what was clicked."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot import ids
from bot.blocks.circle_list import circle_list
from bot.blocks.circle_modal import new_circle_modal
from bot.blocks.common import escape, message_modal
from bot.blocks.enrolment import programme_name
from bot.blocks.messages import ephemeral
from bot.deps import Deps
from bot.domain import CircleInput, ProgrammeCard, ProgrammeKind
from bot.flow import Flow
from bot.i18n import t
from bot.jobs.circle_channels import tidy_now
from bot.listeners.admin import register_opener
from bot.listeners.common import (
    modal_said,
    programme_of,
    show_in_place,
    team_and_user,
    tell_clicker,
    whole_number,
)
from bot.listeners.resources import libraries
from bot.services import circle_input, circle_listing, circles, members, programmes
from bot.services.circles import JoinOutcome
from bot.services.members import FieldError
from bot.slack import notify
from bot.slack.people import is_coordinator
from bot.slack.view_state import ViewState

_STATE = re.compile(r"(\d{1,18}) (\d{1,6})")  # "<id> <page>"
# the modal's fields (circle_input.problems) and the blocks they are in
_FIELDS = {
    "topic": ids.CIRCLE_TOPIC,
    "description": ids.CIRCLE_DESCRIPTION,
    "skills": ids.CIRCLE_SKILLS,
    "min_size": ids.CIRCLE_MIN_SIZE,
    "max_size": ids.CIRCLE_MAX_SIZE,
    "people": ids.CIRCLE_MEMBERS,
    "facilitator": ids.CIRCLE_FACILITATOR,
}


def circle_programmes(mine: list[ProgrammeCard]) -> list[ProgrammeCard]:
    """Of the person's programmes, those that run circles; all of them when none does (the
    answer then says it runs none)."""
    running = [card for card in mine if card.kind is ProgrammeKind.CIRCLES]
    return running or mine


def browsable(deps: Deps, context: BoltContext) -> list[ProgrammeCard]:
    """The programmes whose circles the person may see (they take part in or coordinate them),
    circles programmes only when there are any."""
    return circle_programmes(libraries(deps, context))


def list_reply(
    deps: Deps,
    client: WebClient,
    context: BoltContext,
    programme_id: int,
    page: int = 0,
    notice: str | None = None,
) -> dict[str, Any]:
    """A page of the programme's open circles, for its active members and coordinators; a
    clear no for a programme that runs no circles and for anyone else."""
    team_id, user_id = team_and_user(context)
    locale: str = context["locale"]
    manage = is_coordinator(
        deps, client, team_id, user_id, programme_id=programme_id, confirm=False
    )
    with deps.sessions.begin() as session:
        if not programmes.is_open_in(session, team_id, programme_id):
            return ephemeral(t("enrolment.not_open", locale))
        named = programmes.card_if_several(session, programme_id)
        name = programme_name(named, locale) if named is not None else None
        if not programmes.runs_circles(session, programme_id):
            return ephemeral(_not_circles(session, programme_id, locale))
        member = members.takes_part(session, programme_id, user_id)
    if not (member or manage):
        manage = is_coordinator(deps, client, team_id, user_id, programme_id=programme_id)
        if not manage:
            return ephemeral(t("circles.join_programme_first", locale))
    with deps.sessions.begin() as session:
        found = circle_listing.listing(session, team_id, programme_id, user_id, page)
    return circle_list(found, locale, member=member, manage=manage, programme=name, notice=notice)


def new_command(
    deps: Deps,
    client: WebClient,
    context: BoltContext,
    ack: Ack,
    trigger_id: str,
    programme_id: int,
) -> None:
    """`/mentor circles new`: the modal, for the coordinators of a circles programme."""
    team_id, user_id = team_and_user(context)
    locale: str = context["locale"]
    if not is_coordinator(deps, client, team_id, user_id, programme_id=programme_id):
        ack(**ephemeral(t("circles.refused", locale)))
        return
    with deps.sessions.begin() as session:
        refusal = _refusal_to_make(session, programme_id, locale)
    if refusal is not None:
        ack(**ephemeral(refusal))
        return
    ack()
    deps.follow_up(open_new, deps, client, context, trigger_id, programme_id)


def open_new(
    deps: Deps, client: WebClient, context: BoltContext, trigger_id: str, programme_id: int
) -> None:
    """Opens the modal that makes a circle in the programme (the caller checked the rights;
    the submission checks them again)."""
    locale: str = context["locale"]
    with deps.sessions.begin() as session:
        refusal = _refusal_to_make(session, programme_id, locale)
        named = programmes.card_if_several(session, programme_id)
    if refusal is not None:
        view = message_modal(t("circles.new_title", locale), refusal, t("common.close", locale))
    else:
        name = programme_name(named, locale) if named is not None else None
        view = new_circle_modal(locale, Flow(programme_id).encode(), name)
    client.views_open(trigger_id=trigger_id, view=view)


def register(app: App, deps: Deps) -> None:
    register_opener(app, deps, ids.CIRCLES_OPEN_NEW, open_new)

    @app.view(ids.CIRCLE_NEW_VIEW)
    def new_submitted(
        ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        locale: str = context["locale"]
        team_id, user_id = team_and_user(context)
        title = t("circles.new_title", locale)
        programme_id = Flow.decode(view.get("private_metadata")).programme_id
        if programme_id is None:  # a forged 0 stays refused, not the workspace's
            programme_id = programme_of(deps, team_id)
        if not is_coordinator(deps, client, team_id, user_id, programme_id=programme_id):
            ack(**modal_said(title, t("circles.refused", locale), locale))
            return
        wanted = circle_input.cleaned(_read(view))
        with deps.sessions.begin() as session:
            refusal = _refusal_to_make(session, programme_id, locale)
            errors = [] if refusal else circle_input.problems(session, programme_id, wanted)
        if refusal is not None:
            ack(**modal_said(title, refusal, locale))
            return
        if errors:
            ack(response_action="errors", errors=_messages(client, errors, locale))
            return
        assert wanted.min_size is not None and wanted.max_size is not None
        with deps.sessions.begin() as session:
            circle, _ = circles.create(
                session,
                team_id=team_id,
                programme_id=programme_id,
                topic=wanted.topic,
                description=wanted.description,
                skills=wanted.skills,
                min_size=wanted.min_size,
                max_size=wanted.max_size,
                people=wanted.people,
                first_facilitator=wanted.facilitator,
                origin=str(view.get("id", "")),
                by=user_id,
                now=deps.clock(),
            )
            circle_id, topic, size = circle.id, circle.topic, circle.max_size
            placed = len(circles.members(session, circle.id))
        done = t("circles.created", locale, topic=escape(topic), count=placed, size=size)
        ack(**modal_said(title, f":white_check_mark: {done}", locale))
        deps.follow_up(tidy_now, deps, team_id, circle_id)  # its channel, with whoever is in it

    @app.action(ids.CIRCLES_BROWSE)
    def browse(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond
    ) -> None:
        """A button that opens the list of a programme's circles (its value the programme's
        id; the person's circles programme, or the workspace's, without one)."""
        ack()
        team_id, _ = team_and_user(context)
        programme_id = whole_number((body.get("actions") or [{}])[0].get("value"))
        if programme_id is None:
            mine = browsable(deps, context)
            programme_id = mine[0].id if mine else programme_of(deps, team_id)
        show_in_place(
            deps, client, context, respond, list_reply(deps, client, context, programme_id)
        )

    @app.action(ids.CIRCLES_PAGE)
    def paged(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond
    ) -> None:
        ack()
        state = _state(body)
        if state is not None:
            programme_id, page = state
            reply = list_reply(deps, client, context, programme_id, page)
            show_in_place(deps, client, context, respond, reply)

    @app.action(ids.CIRCLE_JOIN)
    def join_clicked(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond
    ) -> None:
        ack()
        _on_circle(deps, client, context, respond, body, _join)

    @app.action(ids.CIRCLE_CLOSE)
    def close_clicked(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond
    ) -> None:
        ack()
        _on_circle(deps, client, context, respond, body, _close)

    @app.action(ids.CIRCLE_LEAVE)
    def leave_clicked(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond
    ) -> None:
        ack()
        locale: str = context["locale"]
        team_id, user_id = team_and_user(context)
        state = _state(body)
        if state is None:
            return
        programme_id, page = state
        with deps.sessions.begin() as session:
            left = circles.leave(session, programme_id, user_id, deps.clock())
            topic, circle_id = (left.topic, left.id) if left is not None else (None, None)
        if circle_id is not None:  # out of its channel
            deps.follow_up(tidy_now, deps, team_id, circle_id)
        notice = (
            t("circles.left", locale, topic=escape(topic))
            if topic is not None
            else t("circles.left_none", locale)
        )
        reply = list_reply(deps, client, context, programme_id, page, notice)
        show_in_place(deps, client, context, respond, reply)


# What a click on a circle does: (deps, client, context, the circle's id, its programme's and
# its topic as shown) -> what to tell the clicker, and whether the list is shown under it.
CircleClick = Callable[[Deps, WebClient, BoltContext, int, int, str], tuple[str, bool]]


def _on_circle(
    deps: Deps,
    client: WebClient,
    context: BoltContext,
    respond: Respond,
    body: dict[str, Any],
    act: CircleClick,
) -> None:
    """A click on one circle of the list: done for the workspace's circle its value names, and
    the list shown anew under what it did (or only that, when there is no list to show)."""
    team_id, user_id = team_and_user(context)
    state = _state(body)
    with deps.sessions.begin() as session:
        circle = circle_listing.find(session, team_id, state[0]) if state else None
        found = (circle.id, circle.programme_id, escape(circle.topic)) if circle else None
    if state is None or found is None:
        tell_clicker(deps, client, respond, user_id, t("circles.join_closed", context["locale"]))
        return
    notice, again = act(deps, client, context, *found)
    if not again:
        tell_clicker(deps, client, respond, user_id, notice)
        return
    reply = list_reply(deps, client, context, found[1], state[1], notice)
    show_in_place(deps, client, context, respond, reply)


def _join(
    deps: Deps,
    client: WebClient,
    context: BoltContext,
    circle_id: int,
    programme_id: int,
    topic: str,
) -> tuple[str, bool]:
    """Join: each outcome said plainly; someone not in the programme is told to join it."""
    team_id, user_id = team_and_user(context)
    locale: str = context["locale"]
    with deps.sessions.begin() as session:
        if not (
            programmes.is_open_in(session, team_id, programme_id)
            and members.takes_part(session, programme_id, user_id)
        ):
            return t("circles.join_programme_first", locale), False
        outcome = circles.join(session, team_id, programme_id, circle_id, user_id, deps.clock())
        current = circles.circle_of(session, programme_id, user_id)
        theirs = escape(current.topic) if current is not None else ""
    if outcome is JoinOutcome.JOINED:  # into its channel
        deps.follow_up(tidy_now, deps, team_id, circle_id)
    return t(f"circles.join_{outcome}", locale, topic=topic, current=theirs), True


def _close(
    deps: Deps,
    client: WebClient,
    context: BoltContext,
    circle_id: int,
    programme_id: int,
    topic: str,
) -> tuple[str, bool]:
    """Close, for the programme's coordinators."""
    team_id, user_id = team_and_user(context)
    locale: str = context["locale"]
    if not is_coordinator(deps, client, team_id, user_id, programme_id=programme_id):
        return t("circles.refused", locale), False
    with deps.sessions.begin() as session:
        closed = circles.close(session, team_id, circle_id, deps.clock())
    if closed is not None:  # its channel archived
        deps.follow_up(tidy_now, deps, team_id, circle_id)
    key = "circles.closed" if closed is not None else "circles.closed_already"
    return t(key, locale, topic=topic), True


def _refusal_to_make(session: Session, programme_id: int, locale: str) -> str | None:
    """Why no circle can be made in the programme (it runs no circles); None when one can."""
    if programmes.runs_circles(session, programme_id):
        return None
    return _not_circles(session, programme_id, locale)


def _not_circles(session: Session, programme_id: int, locale: str) -> str:
    """That the programme runs no circles, by name when the workspace runs several."""
    named = programmes.card_if_several(session, programme_id)
    if named is None:
        return t("circles.not_circles_here", locale)
    return t("circles.not_circles", locale, programme=escape(programme_name(named, locale)))


def _read(view: dict[str, Any]) -> CircleInput:
    state = ViewState.of(view)
    facilitator = state.user(ids.CIRCLE_FACILITATOR)
    return CircleInput(
        topic=state.text(ids.CIRCLE_TOPIC),
        description=state.text(ids.CIRCLE_DESCRIPTION),
        skills=state.options(ids.CIRCLE_SKILLS),
        min_size=whole_number(state.option(ids.CIRCLE_MIN_SIZE)),
        max_size=whole_number(state.option(ids.CIRCLE_MAX_SIZE)),
        people=state.users(ids.CIRCLE_MEMBERS),
        facilitator=facilitator or None,
    )


def _messages(client: WebClient, errors: list[FieldError], locale: str) -> dict[str, str]:
    """The modal's inline errors; people at fault named as Slack names them (an error is plain
    text, where a mention would not show)."""
    shown = {}
    for error in errors:
        values = dict(error.values)
        if "users" in values:
            values["users"] = ", ".join(
                notify.contact(client, user).name or user for user in values["users"]
            )
        shown[_FIELDS[error.field]] = t(error.key, locale, **values)
    return shown


def _state(body: dict[str, Any]) -> tuple[int, int] | None:
    """What a list button carries: an id (a circle's or a programme's) and the page."""
    value = (body.get("actions") or [{}])[0].get("value")
    found = _STATE.fullmatch(value) if isinstance(value, str) else None
    return (int(found[1]), int(found[2])) if found else None
