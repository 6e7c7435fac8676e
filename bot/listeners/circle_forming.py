"""Coordinators forming circles: `/mentor circles form` opens the topics modal, its submission
shows a preview to check, and confirming the preview creates the circles, opens their channels
(what fails there, the clock's sweep does later) and tells whoever was left out that they are
first in line."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot import ids
from bot.blocks.choose import programme_menu
from bot.blocks.circle_forming import (
    form_modal,
    preview_modal,
    result_modal,
    working_modal,
)
from bot.blocks.messages import ephemeral
from bot.circle_forms import FormOptions, FormTopic
from bot.deps import Deps
from bot.domain import SKILLS, ProgrammeKind
from bot.flow import Flow
from bot.i18n import t, tn
from bot.jobs.circle_channels import tidy_circles
from bot.jobs.intros import send_now
from bot.listeners.admin import coordinated, register_opener
from bot.listeners.common import team_and_user, whole_number
from bot.services import circle_confirming, circle_forming
from bot.services.circle_confirming import Confirmed, ConfirmOutcome
from bot.slack import notify
from bot.slack.people import is_coordinator
from bot.slack.view_state import ViewState

FIELDS = {  # the service's fields -> the modal's inputs
    "min_size": ids.CIRCLE_FORM_MIN,
    "max_size": ids.CIRCLE_FORM_MAX,
    "max_circles": ids.CIRCLE_FORM_MAX_CIRCLES,
}
OWN_FIELDS = {"name": ids.CIRCLE_FORM_NAME, "skills": ids.CIRCLE_FORM_NAME_SKILLS}


def form_command(
    deps: Deps, client: WebClient, context: BoltContext, ack: Ack, trigger_id: str
) -> None:
    """`/mentor circles form`: the topics modal of the circles programme the person
    coordinates (a menu first when they coordinate several; a refusal when none)."""
    locale: str = context["locale"]
    mine = [p for p in coordinated(deps, client, context) if p.kind is ProgrammeKind.CIRCLES]
    if not mine:
        ack(**ephemeral(t("circle_form.not_coordinator", locale)))
    elif len(mine) > 1:
        label = t("circle_form.choose", locale)
        ack(**programme_menu(mine, ids.CIRCLE_FORM_OPEN, label, locale))
    else:
        ack()
        deps.follow_up(open_form, deps, client, context, trigger_id, mine[0].id)


def open_form(
    deps: Deps, client: WebClient, context: BoltContext, trigger_id: str, programme_id: int
) -> None:
    """The topics modal for a circles programme (the caller checked the person coordinates
    it); anything else is refused in a DM."""
    team_id, user_id = team_and_user(context)
    locale: str = context["locale"]
    with deps.sessions.begin() as session:
        if not circle_forming.is_circles(session, team_id, programme_id):
            placeable = None
        else:
            placeable = len(circle_forming.placeable(session, programme_id, deps.clock()))
    if placeable is None:
        notify.send_dm(client, user_id, ephemeral(t("circle_form.not_coordinator", locale)))
        return
    client.views_open(trigger_id=trigger_id, view=form_modal(locale, placeable, Flow(programme_id)))


def parse_options(state: ViewState, locale: str) -> tuple[FormOptions, dict[str, str]]:
    """The topics and sizes chosen (each skill a topic named after it in the coordinator's
    language, then the topic of their own with its skills), and what is wrong with them
    (block id -> message key)."""
    low = whole_number(state.text(ids.CIRCLE_FORM_MIN))
    high = whole_number(state.text(ids.CIRCLE_FORM_MAX))
    limit_text = state.text(ids.CIRCLE_FORM_MAX_CIRCLES).strip()
    limit = whole_number(limit_text) if limit_text else None

    def topic(name: str, skills: tuple[str, ...]) -> FormTopic:
        return FormTopic(
            name=name,
            skills=skills,
            min_size=low if low is not None else 0,
            max_size=high if high is not None else 0,
            max_circles=-1 if limit_text and limit is None else limit,
        )

    by_skill = tuple(
        topic(t(f"skill.{skill}", locale) if skill in SKILLS else "", (skill,))
        for skill in dict.fromkeys(state.options(ids.CIRCLE_FORM_SKILLS))
    )
    name = state.text(ids.CIRCLE_FORM_NAME).strip()
    skills = tuple(dict.fromkeys(state.options(ids.CIRCLE_FORM_NAME_SKILLS)))
    own = (topic(name, skills),) if name or skills else ()
    options = FormOptions(by_skill + own, fill_open=state.checked(ids.CIRCLE_FORM_FILL))
    found = circle_forming.option_problems(options)
    problems = {FIELDS[f]: key for f, key in found.items() if f != "topics"}
    if found.get("topics") == "circle_form.error.topics":  # too few or too many
        problems[ids.CIRCLE_FORM_SKILLS] = found["topics"]
    if any(circle_forming.topic_problems(x) for x in by_skill):  # a forged skill
        problems[ids.CIRCLE_FORM_SKILLS] = "circle_form.error.skills"
    for field, key in (circle_forming.topic_problems(own[0]) if own else {}).items():
        problems[OWN_FIELDS[field]] = key
    return options, problems


def register(app: App, deps: Deps) -> None:
    register_opener(app, deps, ids.CIRCLE_FORM_OPEN, open_form)

    @app.view(ids.CIRCLE_FORM_VIEW)
    def form_submitted(
        ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        locale: str = context["locale"]
        team_id, user_id = team_and_user(context)
        programme_id = Flow.decode(view.get("private_metadata")).programme_id
        if _refused(deps, client, ack, team_id, user_id, locale, programme_id):
            return
        assert programme_id is not None
        options, problems = parse_options(ViewState.of(view), locale)
        if problems:
            ack(response_action="errors", errors={b: t(k, locale) for b, k in problems.items()})
            return
        ack(response_action="update", view=working_modal(locale, "circle_form.working_preview"))

        def draft() -> None:  # forming a large programme's circles takes a moment
            with deps.sessions.begin() as session:
                drafted = circle_forming.draft_formation(
                    session, team_id, programme_id, user_id, options, deps.clock()
                )
                preview = circle_forming.preview(drafted)
            client.views_update(view_id=view["id"], view=preview_modal(locale, preview))

        deps.follow_up(draft)

    @app.view(ids.CIRCLE_FORM_PREVIEW_VIEW)
    def preview_confirmed(
        ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        locale: str = context["locale"]
        team_id, user_id = team_and_user(context)
        draft_id = str(view.get("private_metadata", ""))
        with deps.sessions.begin() as session:
            draft = circle_forming.load_draft(session, team_id, draft_id)
            programme_id = draft.programme_id if draft else None
            still = programme_id is not None and circle_forming.is_circles(
                session, team_id, programme_id
            )
        # a draft of no programme (forged, or gone) goes on to say it is missing, and one of a
        # programme closed since to say it is stale: confirming either changes nothing
        if still and _refused(deps, client, ack, team_id, user_id, locale, programme_id):
            return
        ack(response_action="update", view=working_modal(locale, "circle_form.working_confirm"))
        deps.follow_up(_confirm, deps, client, team_id, user_id, view, locale)


def _confirm(
    deps: Deps, client: WebClient, team_id: str, user_id: str, view: dict[str, Any], locale: str
) -> None:
    """Create the circles the coordinator checked, show the outcome in the modal, and send the
    DMs to whoever was left out now (the outbox's; those outside their working hours wait)."""
    draft_id = str(view.get("private_metadata", ""))
    with deps.sessions.begin() as session:
        done = circle_confirming.confirm(session, team_id, draft_id, user_id, deps.clock())
    client.views_update(view_id=view["id"], view=result_modal(locale, _outcome_text(done, locale)))
    if done.outcome is ConfirmOutcome.CREATED:
        send_now(deps, team_id)  # the "not placed" DMs, queued with the circles
        if deps.senders is not None:  # their channels now, not at the clock's next tick
            tidy_circles(deps, deps.senders, team_id)


def _outcome_text(done: Confirmed, locale: str) -> str:
    """What a confirmation did: the circles formed and filled, or why nothing was."""
    if done.outcome is ConfirmOutcome.CREATED:
        return t(
            "circle_form.created",
            locale,
            made=tn("circle_form.created_made", locale, count=done.made),
            filled=tn("circle_form.created_filled", locale, count=done.filled),
            unplaced=done.unplaced,
        )
    if done.outcome is ConfirmOutcome.ALREADY:
        return tn("circle_form.already", locale, count=done.made)
    return t(f"circle_form.{done.outcome}", locale)


def _refused(
    deps: Deps,
    client: WebClient,
    ack: Ack,
    team_id: str,
    user_id: str,
    locale: str,
    programme_id: int | None,
) -> bool:
    """A circles programme's coordinators only: anyone else's submission is answered with a
    polite refusal."""
    with deps.sessions.begin() as session:
        circles = programme_id is not None and circle_forming.is_circles(
            session, team_id, programme_id
        )
    if circles and is_coordinator(deps, client, team_id, user_id, programme_id=programme_id):
        return False
    ack(
        response_action="update",
        view=result_modal(locale, t("circle_form.not_coordinator", locale)),
    )
    return True
