"""One run of a Workflow Builder step (#20), whichever step: its work done once however often
Slack delivers the run (a retry of the event, or a new event for the same execution), then
completed with its outputs, or failed with why in the person's language. Bolt puts the run's own
token (the event's bot_access_token) on the `client`, `complete` and `fail` handed in here."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from slack_bolt import BoltContext, Complete, Fail
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.deps import Deps
from bot.i18n import t
from bot.listeners.common import Malformed
from bot.services import workflow_runs
from bot.services.members import FieldError
from bot.slack.people import person

log = logging.getLogger(__name__)
Outputs = dict[str, Any]
After = Callable[[], None]  # what a run sends once its work is done and it has completed
Work = Callable[[Session, datetime], tuple[Outputs, After | None]]
Prepare = Callable[[str], Work]  # the step's checks that ask Slack, then its work (locale in)


@dataclass
class Refused(Exception):
    """A rule said no: the step fails with this message and keeps nothing."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[FieldError] = field(default_factory=list)  # the inputs' problems, listed

    def message(self, locale: str) -> str:
        reasons = " ".join(
            f"{t(f'workflow.field_{e.field}', locale)}: {t(e.key, locale, **e.values)}"
            for e in self.errors
        )
        return t(self.key, locale, **self.values, **({"reasons": reasons} if self.errors else {}))


def start(
    deps: Deps,
    step: str,
    context: BoltContext,
    complete: Complete,
    fail: Fail,
    user_id: str,
    prepare: Prepare,
) -> None:
    """The step's run, after Slack's event is acknowledged (a round takes a while)."""
    team_id, execution_id = context.team_id, context.function_execution_id
    if not team_id or not execution_id:
        raise Malformed("function_executed without a team or an execution id")
    run = Run(step, team_id, execution_id, user_id)
    deps.follow_up(_run, deps, context.client, run, prepare, complete, fail)


@dataclass(frozen=True)
class Run:
    """One execution of a step: which step, in which workspace, for whom."""

    step: str  # the function's callback_id
    team_id: str
    execution_id: str
    user_id: str  # whose language it answers in


def _run(
    deps: Deps,
    client: WebClient,
    run: Run,
    prepare: Prepare,
    complete: Complete,
    fail: Fail,
) -> None:
    """Complete with the outputs of the work, done once for the execution; or fail with why."""
    with deps.reads() as session:
        stored = workflow_runs.outputs_of(session, run.team_id, run.execution_id)
    if stored is not None:  # delivered again: the work is done, say so again
        _complete_again(complete, stored)
        return
    locale = deps.settings.default_locale
    try:
        locale = person(deps, client, run.team_id, run.user_id).locale
        outputs, after, new = _once(deps, run, prepare(locale))
    except Refused as refused:
        fail(refused.message(locale))
        return
    except Exception:  # the run must end either way: Workflow Builder waits for it
        fail(t("workflow.failed", locale))
        raise
    if not new:
        _complete_again(complete, outputs)
        return
    complete(outputs=outputs)
    if after is not None:
        after()


def _once(deps: Deps, run: Run, work: Work) -> tuple[Outputs, After | None, bool]:
    """The work's outputs and what to send after it, done in one transaction with the record
    that it was; or, when another delivery of the run did it, that one's outputs (False)."""
    now = deps.clock()
    with deps.sessions.begin() as session:
        if not workflow_runs.claim(session, run.team_id, run.execution_id, run.step, now):
            done = workflow_runs.outputs_of(session, run.team_id, run.execution_id)
            return done or {}, None, False
        outputs, after = work(session, now)
        workflow_runs.done(session, run.team_id, run.execution_id, outputs)
    return outputs, after, True


def _complete_again(complete: Complete, outputs: Outputs) -> None:
    """Complete a run that did its work before; Slack may say it completed already."""
    try:
        complete(outputs=outputs)
    except SlackApiError as error:
        log.info("workflow step completed before: %s", error.response.get("error"))
