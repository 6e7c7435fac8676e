"""Workflow Builder custom steps (#20): log a coaching session, send kudos, start a pairing
round. Each reads its inputs and checks what the slash command and its modals check, through
the same services; bot.listeners.workflow_run does the work once and completes or fails, on the
run's own token, as every call the step makes is."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from slack_bolt import App, BoltContext, Complete, Fail
from sqlalchemy.orm import Session

from bot import ids
from bot.blocks.enrolment import default_names
from bot.blocks.messages import checkin_saved, kudos_received
from bot.deps import Deps
from bot.domain import Attendance, CheckinInput
from bot.jobs.intros import introduce_round
from bot.listeners.common import Malformed
from bot.listeners.workflow_run import After, Outputs, Prepare, Refused, Work, start
from bot.services import (
    checkins,
    coordinators,
    enrolment,
    learnings,
    members,
    pairs,
    programmes,
    rounds,
)
from bot.services.rounds import ConfirmOutcome
from bot.slack import notify
from bot.slack.people import is_coordinator, locale_for


def register(app: App, deps: Deps) -> None:
    @app.function(ids.LOG_SESSION_STEP)
    def log_session(inputs: dict[str, Any], context: BoltContext, complete: Complete, fail: Fail):
        user_id = _user(inputs, "person")
        met = inputs.get("met")
        if not isinstance(met, bool):
            raise Malformed("met is not a boolean")
        checkin = CheckinInput(
            attendance=Attendance.MET if met else Attendance.NOT_YET,
            session_date=None,  # the person's today, in their time zone
            minutes=_integer(inputs.get("minutes")),
            coach=None,
            worked_on=_text(inputs.get("worked_on")),
            learned="",
            next_step=_text(inputs.get("next_step")),
            rating=None,
            goal_statuses={},
        )
        prepare = _log_session(context, user_id, checkin)
        start(deps, ids.LOG_SESSION_STEP, context, complete, fail, user_id, prepare)

    @app.function(ids.SEND_KUDOS_STEP)
    def send_kudos(inputs: dict[str, Any], context: BoltContext, complete: Complete, fail: Fail):
        sender, receiver = _user(inputs, "from_user"), _user(inputs, "to_user")
        line = _text(inputs.get("line"))
        prepare = _kudos(deps, context, sender, receiver, line)
        start(deps, ids.SEND_KUDOS_STEP, context, complete, fail, sender, prepare)

    @app.function(ids.START_ROUND_STEP)
    def start_round(inputs: dict[str, Any], context: BoltContext, complete: Complete, fail: Fail):
        coordinator = _user(inputs, "coordinator")
        name = _text(inputs.get("programme"))
        prepare = _round(deps, context, coordinator, name)
        start(deps, ids.START_ROUND_STEP, context, complete, fail, coordinator, prepare)


def _log_session(context: BoltContext, user_id: str, checkin: CheckinInput) -> Prepare:
    """The check-in the modal stores: the person's newest pair's session of their today."""
    team_id = str(context.team_id)

    def prepare(locale: str) -> Work:
        def work(session: Session, now: datetime) -> tuple[Outputs, After | None]:
            if not enrolment.taking_part(session, team_id, user_id):
                raise Refused("workflow.not_member")
            pair = pairs.current_pair(session, team_id, user_id, now)
            if pair is None:
                raise Refused("checkin.no_pair")
            member = members.ensure_member(session, team_id, user_id, now)
            form = checkins.form(session, team_id, user_id, pair, members.local_today(member, now))
            dated = replace(checkin, session_date=form.today)
            errors = checkins.validate(dated, form, pair.starts_at.date())
            if errors:
                raise Refused("workflow.checkin_refused", errors=errors)
            outcome, meeting = checkins.record(session, team_id, user_id, pair.id, dated, now)
            shareable = learnings.learning_channel(session, pair.programme_id) is not None
            saved = checkin_saved(outcome, meeting.id, locale, shareable)
            outputs: Outputs = {
                "session_id": str(meeting.id),
                "both_logged": checkins.everyone_logged(session, meeting),
            }

            def tell() -> None:
                notify.send_dm(context.client, user_id, saved)

            return outputs, tell

        return work

    return prepare


def _kudos(deps: Deps, context: BoltContext, sender: str, receiver: str, line: str) -> Prepare:
    """The thank-you the check-in's button sends, for the two's last session together, with
    the line."""
    team_id, client = str(context.team_id), context.client

    def prepare(locale: str) -> Work:
        errors = checkins.validate_kudos_line(line)
        if errors:
            raise Refused("workflow.kudos_refused", errors=errors)

        def work(session: Session, now: datetime) -> tuple[Outputs, After | None]:
            meeting = checkins.last_meeting_together(session, team_id, sender, receiver)
            if meeting is None:
                raise Refused("workflow.kudos_no_session")
            if not checkins.send_kudos(session, team_id, sender, meeting.id, now, receiver):
                raise Refused("workflow.kudos_already")

            def tell() -> None:
                theirs = locale_for(deps, client, team_id, receiver)
                notify.send_dm(client, receiver, kudos_received(sender, theirs, line))

            return {}, tell

        return work

    return prepare


def _round(deps: Deps, context: BoltContext, coordinator: str, name: str) -> Prepare:
    """A round formed and confirmed at once, as `/mentor pair`'s preview and its confirmation
    do, for the programme named (else the coordinator's); its intros go out as theirs do."""
    team_id, client = str(context.team_id), context.client

    def prepare(locale: str) -> Work:
        with deps.sessions.begin() as session:
            if name:
                programme_id = programmes.named(session, team_id, name, default_names())
                missing = Refused("workflow.no_programme", {"name": name})
            else:
                programme_id = coordinators.their_programme(
                    session, team_id, coordinator, deps.settings.coordinators, deps.clock()
                )
                missing = Refused("workflow.name_programme")
        if programme_id is None:
            raise missing
        if not is_coordinator(deps, client, team_id, coordinator, programme_id=programme_id):
            raise Refused("pair.not_coordinator")
        chosen = programme_id

        def work(session: Session, now: datetime) -> tuple[Outputs, After | None]:
            if programmes.runs_circles(session, chosen):
                raise Refused("circles.pair_refused")
            options = rounds.last_options(session, chosen)
            problems = rounds.option_problems(options)
            if problems:
                raise Refused(next(iter(problems.values())))
            draft = rounds.draft_round(session, team_id, chosen, coordinator, options, now)
            if not draft.groups:
                raise Refused("workflow.nobody_to_pair")
            outcome, created = rounds.confirm_round(session, team_id, draft.id, now)
            if outcome is not ConfirmOutcome.CREATED or created is None:
                raise Refused("pair.stale")
            pairs.queue_round(session, created.id, now)
            round_id = created.id

            def introduce() -> None:
                introduce_round(deps, team_id, round_id, coordinator, locale)

            return {"round_size": len(draft.groups)}, introduce

        return work

    return prepare


def _user(inputs: Any, name: str) -> str:
    """A required user input: a Slack user id."""
    value = inputs.get(name) if isinstance(inputs, dict) else None
    if not isinstance(value, str) or not value:
        raise Malformed(f"input {name} is not a user id")
    return value


def _text(value: object) -> str:
    """An optional text input ("" when not given)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Malformed("a text input is not a string")
    return value


def _integer(value: object) -> int | None:
    """An optional integer input (Slack sends a JSON number; None when not given)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Malformed("an integer input is not a number")
    if isinstance(value, float) and not value.is_integer():
        raise Malformed("an integer input is not a whole number")
    return int(value)
