"""Coordinators' pairing rounds: options, a preview to check, and confirming it."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot import ids
from bot.blocks.rounds import options_modal, preview_modal, result_modal, working_modal
from bot.deps import Deps
from bot.domain import PairingMode, RoundOptions
from bot.flow import Flow
from bot.i18n import t, tn
from bot.jobs.intros import introduce_round
from bot.listeners.admin import register_opener
from bot.listeners.common import parse_enum, programme_of, team_and_user, whole_number
from bot.services import pairs, programmes, rounds
from bot.services.rounds import ConfirmOutcome
from bot.slack.people import is_coordinator
from bot.slack.view_state import ViewState


def open_options(
    deps: Deps, client: WebClient, context: BoltContext, trigger_id: str, programme_id: int
) -> None:
    """A new round's options for the programme (the caller has checked the person coordinates
    it)."""
    locale: str = context["locale"]
    if runs_circles(deps, programme_id):  # its people meet in circles, formed or made
        view = result_modal(locale, t("circles.pair_refused", locale))
        client.views_open(trigger_id=trigger_id, view=view)
        return
    with deps.sessions.begin() as session:
        options = rounds.last_options(session, programme_id)
        eligible = len(rounds.eligible(session, programme_id, deps.clock()))
        mentoring = programmes.is_mentoring(session, programme_id)
    view = options_modal(locale, options, eligible, Flow(programme_id), mentoring)
    client.views_open(trigger_id=trigger_id, view=view)


def runs_circles(deps: Deps, programme_id: int) -> bool:
    """Whether the programme runs circles (then it has no pairing rounds)."""
    with deps.sessions.begin() as session:
        return programmes.runs_circles(session, programme_id)


def register(app: App, deps: Deps) -> None:
    register_opener(app, deps, ids.OPEN_ROUND, open_options)

    @app.view(ids.ROUND_OPTIONS_VIEW)
    def options_submitted(
        ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        locale: str = context["locale"]
        team_id, user_id = team_and_user(context)
        flow = Flow.decode(view.get("private_metadata"))
        programme_id = flow.programme_id or programme_of(deps, team_id)
        if _refused(deps, client, ack, team_id, user_id, locale, programme_id):
            return
        if runs_circles(deps, programme_id):
            ack(
                response_action="update",
                view=result_modal(locale, t("circles.pair_refused", locale)),
            )
            return
        with deps.sessions.begin() as session:
            mentoring = programmes.is_mentoring(session, programme_id)
        options, problems = parse_options(ViewState.of(view), mentoring)
        if problems:
            ack(response_action="errors", errors={f: t(k, locale) for f, k in problems.items()})
            return
        ack(response_action="update", view=working_modal(locale, "pair.working_preview"))

        def draft() -> None:  # pairing a large programme takes a while
            with deps.sessions.begin() as session:
                drafted = rounds.draft_round(
                    session, team_id, programme_id, user_id, options, deps.clock()
                )
                preview = rounds.preview(drafted)
            client.views_update(view_id=view["id"], view=preview_modal(locale, preview))

        deps.follow_up(draft)

    @app.view(ids.ROUND_PREVIEW_VIEW)
    def preview_confirmed(
        ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        locale: str = context["locale"]
        team_id, user_id = team_and_user(context)
        with deps.sessions.begin() as session:
            draft = rounds.load_draft(session, team_id, str(view.get("private_metadata", "")))
            programme_id = draft.programme_id if draft else None
            closed = programme_id is not None and not programmes.is_open_in(
                session, team_id, programme_id
            )
        # a draft of a programme closed since is only ever stale: confirming it changes nothing
        if not closed and _refused(deps, client, ack, team_id, user_id, locale, programme_id):
            return
        ack(response_action="update", view=working_modal(locale, "pair.working_confirm"))
        deps.follow_up(_confirm, deps, client, team_id, user_id, view, locale)


def _confirm(
    deps: Deps, client: WebClient, team_id: str, user_id: str, view: dict[str, Any], locale: str
) -> None:
    """Start the round the coordinator checked (its intros queued with it), show the outcome
    in the modal, and send the intros now while a message shows the coordinator how they go."""
    with deps.sessions.begin() as session:
        outcome, created = rounds.confirm_round(
            session, team_id, str(view.get("private_metadata", "")), deps.clock()
        )
        number = created.number if created else 0
        round_id = created.id if created else None
        if outcome is ConfirmOutcome.CREATED and round_id is not None:
            pairs.queue_round(session, round_id, deps.clock())
        draft = rounds.load_draft(session, team_id, str(view.get("private_metadata", "")))
        groups = len(draft.groups) if draft else 0
    text = {
        ConfirmOutcome.CREATED: tn("pair.done", locale, count=groups, number=number),
        ConfirmOutcome.ALREADY: t("pair.already", locale, number=number),
        ConfirmOutcome.STALE: t("pair.stale", locale),
        ConfirmOutcome.MISSING: t("pair.missing", locale),
    }[outcome]
    client.views_update(view_id=view["id"], view=result_modal(locale, text))
    if outcome is ConfirmOutcome.CREATED and round_id is not None:
        introduce_round(deps, team_id, round_id, user_id, locale)


def _refused(
    deps: Deps,
    client: WebClient,
    ack: Ack,
    team_id: str,
    user_id: str,
    locale: str,
    programme_id: int | None,
) -> bool:
    """The programme's coordinators only: anyone else's submission is answered with a polite
    refusal (a draft of no programme, as a forged or deleted one, goes on to say missing)."""
    if is_coordinator(deps, client, team_id, user_id, programme_id=programme_id):
        return False
    ack(response_action="update", view=result_modal(locale, t("pair.not_coordinator", locale)))
    return True


def parse_options(state: ViewState, mentoring: bool = False) -> tuple[RoundOptions, dict[str, str]]:
    """The options a coordinator chose, and what is wrong with them (field -> message key); a
    mentoring programme's round is mentors with mentees, in pairs."""
    problems: dict[str, str] = {}
    if mentoring:
        mode: PairingMode | None = PairingMode.MENTORING
        size: int | None = 2
    else:
        mode = parse_enum(PairingMode, state.option(ids.MODE))
        size = whole_number(state.option(ids.GROUP_SIZE))
    recent = whole_number(state.text(ids.RECENT_ROUNDS))
    weeks = whole_number(state.text(ids.ROUND_WEEKS))
    options = RoundOptions(
        mode=mode or PairingMode.PEER,
        group_size=size if size is not None else 0,
        recent_rounds=recent if recent is not None else -1,
        round_weeks=weeks if weeks is not None else 0,
    )
    if mode is None:
        problems["mode"] = "pair.error.mode"
    problems.update(rounds.option_problems(options))
    return options, problems
