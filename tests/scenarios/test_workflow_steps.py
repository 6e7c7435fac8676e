"""Workflow Builder steps through the HTTP door: signed function_executed events, each run
ending in functions.completeSuccess or functions.completeError on the run's own token."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot import ids
from bot.domain import Enrolment
from bot.models import CheckinLog, Kudos, Meeting, Pair, Round, WorkflowRun
from tests.conftest import COORDINATOR, Clock
from tests.fakes.slack_api import Call, FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.programme import the_programme
from tests.scenarios.test_coaching import paired
from tests.scenarios.test_enrolment import add_programme
from tests.scenarios.test_pairing import enrol

SESSION = {
    "person": "UANNA",
    "met": True,
    "minutes": 45,
    "worked_on": "Role play of the Acme deal",
    "next_step": "Open with our walk-away price",
}


def run(
    slack: FakeSlack, requests: SlackRequests, step: str, inputs: dict[str, Any], **kw: Any
) -> list[Call]:
    """Run the step once; the Web API calls the run made."""
    before = len(slack.calls)
    reply = requests.function_executed(step, inputs, **kw)
    assert (reply.status, reply.body) == (200, ""), reply.body
    return slack.calls[before:]


def ended(calls: list[Call]) -> Call:
    """The one call that ended the run."""
    done = [c for c in calls if c.method.startswith("functions.complete")]
    assert len(done) == 1, [c.method for c in calls]
    return done[0]


def outputs(calls: list[Call]) -> dict[str, Any]:
    end = ended(calls)
    assert end.method == "functions.completeSuccess", end.args
    return end.outputs()


def error(calls: list[Call]) -> str:
    end = ended(calls)
    assert end.method == "functions.completeError", end.args
    return str(end.args["error"])


def count(sessions: sessionmaker[Session], model: Any) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_logged_session_is_stored_and_says_when_both_partners_have_logged(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    paired(slack, slack_requests, sessions, clock)

    first = run(slack, slack_requests, ids.LOG_SESSION_STEP, SESSION)

    anna = outputs(first)
    with sessions() as session:
        meeting = session.scalars(select(Meeting)).one()
        log = session.scalars(select(CheckinLog)).one()
    assert anna == {"session_id": str(meeting.id), "both_logged": False}
    assert (log.author, log.minutes, log.worked_on) == ("UANNA", 45, SESSION["worked_on"])
    saved = [c for c in first if c.method == "chat.postMessage"]
    assert [c.args["channel"] for c in saved] == ["UANNA"]  # the check-in's DM, kudos button in it

    ben = outputs(run(slack, slack_requests, ids.LOG_SESSION_STEP, {**SESSION, "person": "UBEN"}))

    assert ben == {"session_id": str(meeting.id), "both_logged": True}
    assert count(sessions, CheckinLog) == 2 and count(sessions, Meeting) == 1


def test_every_call_of_a_run_uses_the_runs_own_token(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    paired(slack, slack_requests, sessions, clock)

    calls = run(slack, slack_requests, ids.LOG_SESSION_STEP, SESSION, token="xwfp-the-run")

    assert {c.method for c in calls} >= {"functions.completeSuccess", "chat.postMessage"}
    assert {c.token for c in calls} == {"xwfp-the-run"}


def test_bad_minutes_or_too_long_a_text_fail_clearly_and_nothing_is_kept(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    paired(slack, slack_requests, sessions, clock)

    negative = error(run(slack, slack_requests, ids.LOG_SESSION_STEP, {**SESSION, "minutes": -5}))
    long = error(
        run(slack, slack_requests, ids.LOG_SESSION_STEP, {**SESSION, "next_step": "x" * 1001})
    )
    unsaid = error(run(slack, slack_requests, ids.LOG_SESSION_STEP, {**SESSION, "minutes": None}))

    assert negative == (
        "The session was not logged. Minutes: Give a number of minutes from 5 to 240."
    )
    assert long.startswith("The session was not logged. Next step: Keep this to 1000 characters")
    assert "Minutes:" in unsaid
    assert count(sessions, CheckinLog) == count(sessions, Meeting) == 0
    assert count(sessions, WorkflowRun) == 0


def test_someone_who_has_not_joined_cannot_log_a_session(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    paired(slack, slack_requests, sessions, clock)
    slack.add_user("UNOBODY")

    said = error(run(slack, slack_requests, ids.LOG_SESSION_STEP, {**SESSION, "person": "UNOBODY"}))

    assert said.startswith("The person in this step is not in the programme")
    assert count(sessions, CheckinLog) == 0


def test_a_swedish_speaker_is_told_no_in_swedish(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    paired(slack, slack_requests, sessions, clock)
    slack.add_user("UANNA", locale="sv-SE")
    slack.add_user(COORDINATOR, locale="sv-SE")
    clock.advance(days=2)  # their cached Slack facts are a day old: asked again

    minutes = error(run(slack, slack_requests, ids.LOG_SESSION_STEP, {**SESSION, "minutes": 500}))
    pairing = error(run(slack, slack_requests, ids.START_ROUND_STEP, {"coordinator": "UANNA"}))

    assert minutes == "Mötet loggades inte. Minuter: Ange ett antal minuter från 5 till 240."
    assert pairing.startswith("Bara programmets samordnare kan köra en parningsomgång.")


def test_kudos_thank_a_partner_once_for_their_last_session_with_the_line(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    paired(slack, slack_requests, sessions, clock)
    thanks = {"from_user": "UANNA", "to_user": "UBEN", "line": "That role play <!channel>\nhelped"}

    before_any = error(run(slack, slack_requests, ids.SEND_KUDOS_STEP, thanks))
    outputs(run(slack, slack_requests, ids.LOG_SESSION_STEP, SESSION))
    sent = run(slack, slack_requests, ids.SEND_KUDOS_STEP, thanks)
    again = error(run(slack, slack_requests, ids.SEND_KUDOS_STEP, thanks))

    assert before_any.startswith("These two have no logged session together")
    assert outputs(sent) == {}
    dm = next(c for c in sent if c.method == "chat.postMessage")
    assert dm.args["channel"] == "UBEN" and dm.args["text"].startswith(":tada: <@UANNA> says thank")
    assert dm.blocks()[1]["text"]["text"] == ">That role play &lt;!channel&gt;\n>helped"
    assert again == "This thank-you was sent already for their last session together."
    with sessions() as session:
        assert [(k.sender, k.receiver) for k in session.scalars(select(Kudos))] == [
            ("UANNA", "UBEN")
        ]


def test_a_too_long_kudos_line_fails_and_sends_nothing(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    paired(slack, slack_requests, sessions, clock)
    outputs(run(slack, slack_requests, ids.LOG_SESSION_STEP, SESSION))
    thanks = {"from_user": "UANNA", "to_user": "UBEN", "line": "y" * 281}

    calls = run(slack, slack_requests, ids.SEND_KUDOS_STEP, thanks)

    assert error(calls).startswith("The thank-you was not sent. The line: Keep this to 280")
    assert not [c for c in calls if c.method == "chat.postMessage"]
    assert count(sessions, Kudos) == 0


def test_a_coordinator_starts_a_round_at_once_and_its_intros_go_out(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    enrol(sessions, slack, {"UANNA": "Finance", "UBEN": "Sales", "UCARL": "IT", "UDORA": "Sales"})
    slack.add_user(COORDINATOR)

    calls = run(slack, slack_requests, ids.START_ROUND_STEP, {"coordinator": COORDINATOR})

    assert outputs(calls) == {"round_size": 2}
    assert count(sessions, Round) == 1 and count(sessions, Pair) == 2
    intros = [c for c in slack.calls_to("chat.postMessage") if c.args["channel"].startswith("G")]
    assert len(intros) == 2  # sent as a confirmed preview's are


def test_someone_who_does_not_coordinate_cannot_start_a_round(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    enrol(sessions, slack, {"UANNA": "Finance", "UBEN": "Sales"})

    said = error(run(slack, slack_requests, ids.START_ROUND_STEP, {"coordinator": "UANNA"}))

    assert said.startswith("Only the programme's coordinators can run a pairing round.")
    assert count(sessions, Round) == 0


def test_a_round_for_a_programme_that_is_not_there_fails(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    enrol(sessions, slack, {"UANNA": "Finance", "UBEN": "Sales"})
    slack.add_user(COORDINATOR)
    inputs = {"coordinator": COORDINATOR, "programme": "Sales mentoring"}

    said = error(run(slack, slack_requests, ids.START_ROUND_STEP, inputs))

    assert said == 'There is no open programme called "Sales mentoring" in this workspace.'
    assert count(sessions, Round) == 0


def test_one_run_delivered_again_does_its_work_once(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    paired(slack, slack_requests, sessions, clock)

    first = run(
        slack, slack_requests, ids.LOG_SESSION_STEP, SESSION, execution_id="Fx1", event_id="Ev1"
    )
    retry = run(
        slack, slack_requests, ids.LOG_SESSION_STEP, SESSION, execution_id="Fx1", event_id="Ev1"
    )
    again = run(
        slack, slack_requests, ids.LOG_SESSION_STEP, SESSION, execution_id="Fx1", event_id="Ev2"
    )

    assert retry == []  # Slack's retry of the event: dropped at the door
    assert outputs(again) == outputs(first)  # a new event for the run: completed as before
    assert count(sessions, CheckinLog) == 1
    assert [c.method for c in again] == ["functions.completeSuccess"]  # and nothing else sent


def test_one_round_run_delivered_again_starts_one_round(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    enrol(sessions, slack, {"UANNA": "Finance", "UBEN": "Sales", "UCARL": "IT", "UDORA": "Sales"})
    slack.add_user(COORDINATOR)
    inputs = {"coordinator": COORDINATOR}

    first = run(slack, slack_requests, ids.START_ROUND_STEP, inputs, execution_id="Fx9")
    again = run(slack, slack_requests, ids.START_ROUND_STEP, inputs, execution_id="Fx9")

    assert outputs(first) == outputs(again) == {"round_size": 2}
    assert count(sessions, Round) == 1


def test_each_step_of_the_manifest_has_a_listener(slack_requests: SlackRequests):
    for step in ids.WORKFLOW_STEPS:  # inputs missing: refused as malformed, by its listener
        assert slack_requests.function_executed(step, {}).status == 400, step

    assert slack_requests.function_executed("no_such_step", {}).status == 404


def test_with_two_programmes_a_coordinator_of_both_names_the_one_to_pair(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    enrol(sessions, slack, {"UANNA": "Finance", "UBEN": "Sales", "UCARL": "IT", "UDORA": "Sales"})
    add_programme(sessions, "Leaders", Enrolment.OPEN, coordinator="ULEAD")
    with sessions.begin() as session:
        first = the_programme(session)
    slack.add_user(COORDINATOR)
    slack.add_user("ULEAD")

    unnamed = error(run(slack, slack_requests, ids.START_ROUND_STEP, {"coordinator": COORDINATOR}))
    theirs = error(run(slack, slack_requests, ids.START_ROUND_STEP, {"coordinator": "ULEAD"}))
    not_theirs = error(
        run(
            slack,
            slack_requests,
            ids.START_ROUND_STEP,
            {"coordinator": "ULEAD", "programme": "peer COACHING"},
        )
    )
    named = run(
        slack,
        slack_requests,
        ids.START_ROUND_STEP,
        {"coordinator": COORDINATOR, "programme": "peer coaching"},
    )

    assert (
        unnamed == "You coordinate more than one programme: give the programme's name in this step."
    )
    assert theirs.startswith("Nobody in the programme can be paired")  # Leaders: nobody joined
    assert not_theirs.startswith("Only the programme's coordinators")
    assert outputs(named) == {"round_size": 2}
    with sessions() as session:
        assert [r.programme_id for r in session.scalars(select(Round))] == [first]
