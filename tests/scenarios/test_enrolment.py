"""Several programmes: /mentor join lists those open to the person; a programme by approval
asks its coordinators, who approve or decline in their DM; one by invitation only is open to
those invited; the rights behind every button are checked again."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from bot import ids
from bot.domain import Enrolment, MemberStatus, ProgrammeKind
from bot.models import Coordinator, Programme, ProgrammeMember
from bot.services import enrolment
from tests.conftest import START
from tests.fakes.blockkit import message_problems, view_problems
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.programme import the_programme
from tests.scenarios.helpers import PROFILE, join

TEAM = "T0TEST"


def add_programme(
    sessions: sessionmaker[Session],
    name: str,
    enrolled: Enrolment,
    coordinator: str | None = None,
    kind: ProgrammeKind = ProgrammeKind.PEER,
) -> int:
    """A second programme, as a coordinator would make it, with its own coordinator."""
    with sessions.begin() as session:
        the_programme(session)  # the workspace's first, as the bot makes it
        made = Programme(
            team_id=TEAM,
            name=name,
            description="Six months of leading, for new managers.",
            kind=kind,
            enrolment=enrolled,
            starts_on=date(2027, 3, 1),
            ends_on=date(2027, 6, 30),
            created_by="UADMIN",
            created_at=START,
        )
        session.add(made)
        session.flush()
        if coordinator is not None:
            session.add(
                Coordinator(
                    team_id=TEAM,
                    programme_id=made.id,
                    user_id=coordinator,
                    added_by="UADMIN",
                    added_at=START,
                )
            )
        return made.id


def status_in(sessions: sessionmaker[Session], programme_id: int, user: str) -> MemberStatus | None:
    with sessions() as session:
        place = session.get(ProgrammeMember, (programme_id, user))
        return place.status if place is not None else None


def choices(slack: FakeSlack, slack_requests: SlackRequests, user: str) -> dict:
    reply = slack_requests.command(user, "join")
    assert reply.status == 200
    body = reply.json()
    assert message_problems(body["text"], body["blocks"]) == []
    return body


def buttons(message: dict) -> dict[str, tuple[str, str]]:
    """Each programme's button in the join list: its text and action, by programme id."""
    found = {}
    for block in message["blocks"]:
        accessory = block.get("accessory") or {}
        if accessory.get("type") == "button":
            found[accessory["value"]] = (accessory["text"]["text"], accessory["action_id"])
    return found


def test_one_programme_joins_as_it_always_did(slack: FakeSlack, slack_requests: SlackRequests):
    slack.add_user("UANNA")
    reply = slack_requests.command("UANNA", "join")
    assert (reply.status, reply.body) == (200, "")
    assert slack.last("views.open").view()["callback_id"] == ids.PROFILE_VIEW


def test_approval_reaches_the_programmes_coordinator_who_approves_once(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    for user in ("UANNA", "UCOORD", "UBEN"):
        slack.add_user(user)
    leaders = add_programme(sessions, "Leaders", Enrolment.APPROVAL, coordinator="UCOORD")

    listed = choices(slack, slack_requests, "UANNA")
    offered = buttons(listed)
    assert "Leaders" in str(listed["blocks"]) and "Peer coaching" in str(listed["blocks"])
    assert offered[str(leaders)] == ("Ask to join", ids.JOIN_PROGRAMME)
    assert "by approval" in str(listed["blocks"])

    slack_requests.click("UANNA", ids.JOIN_PROGRAMME, str(leaders))
    modal = slack.last("views.open").view()
    assert view_problems(modal) == []
    assert modal["private_metadata"] == f"p{leaders}"
    assert "You are joining *Leaders*" in str(modal["blocks"])

    body = slack_requests.submit("UANNA", modal, PROFILE).json()
    assert body["response_action"] == "update"
    assert "coordinators have your request" in str(body["view"])
    assert status_in(sessions, leaders, "UANNA") is MemberStatus.REQUESTED
    first = the_programme_id(sessions)
    assert status_in(sessions, first, "UANNA") is None  # the other programme is not joined
    request = next(c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == "UCOORD")
    assert "<@UANNA> asks to join *Leaders*" in request.args["text"]
    approve = next(
        e
        for b in request.blocks()
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == ids.APPROVE_JOIN
    )
    assert approve["value"] == f"{leaders}:UANNA"

    # the same button, forged by someone who does not coordinate Leaders: refused, nothing set
    slack_requests.click("UBEN", ids.APPROVE_JOIN, approve["value"])
    assert status_in(sessions, leaders, "UANNA") is MemberStatus.REQUESTED
    refusal = slack.last("chat.postMessage")
    assert refusal.args["channel"] == "UBEN" and "Only the programme's coordinators" in str(
        refusal.args
    )

    slack_requests.act(
        "UCOORD",
        {"type": "button", "action_id": ids.APPROVE_JOIN, "value": approve["value"]},
        message=("DCOORD", "1700000000.000100"),
    )
    assert status_in(sessions, leaders, "UANNA") is MemberStatus.ACTIVE
    assert "<@UCOORD> approved <@UANNA>'s request" in slack.last("chat.update").args["text"]
    welcome = slack.last("chat.postMessage")
    assert welcome.args["channel"] == "UANNA" and "You are in *Leaders*" in welcome.args["text"]

    slack_requests.act(  # a second click, or another coordinator: answered already
        "UCOORD",
        {"type": "button", "action_id": ids.DECLINE_JOIN, "value": approve["value"]},
        message=("DCOORD", "1700000000.000100"),
    )
    assert status_in(sessions, leaders, "UANNA") is MemberStatus.ACTIVE
    assert "answered already" in slack.last("chat.update").args["text"]
    assert str(leaders) not in buttons(choices(slack, slack_requests, "UANNA"))  # in it now


def test_a_declined_request_is_told_and_may_be_asked_again(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    slack.add_user("USVEN", locale="sv-SE")
    slack.add_user("UCOORD")
    leaders = add_programme(sessions, "Ledare", Enrolment.APPROVAL, coordinator="UCOORD")
    slack_requests.click("USVEN", ids.JOIN_PROGRAMME, str(leaders))
    body = slack_requests.submit("USVEN", slack.last("views.open").view(), PROFILE).json()
    assert "samordnare har fått din förfrågan" in str(body["view"])
    listed = choices(slack, slack_requests, "USVEN")
    assert "Du har bett om att få gå med" in str(listed["blocks"])
    assert str(leaders) not in buttons(listed)  # waiting: no second request

    slack_requests.act(
        "UCOORD",
        {"type": "button", "action_id": ids.DECLINE_JOIN, "value": f"{leaders}:USVEN"},
        message=("DCOORD", "1700000000.000200"),
    )
    assert status_in(sessions, leaders, "USVEN") is MemberStatus.DECLINED
    notice = slack.last("chat.postMessage")
    assert notice.args["channel"] == "USVEN" and "avböjdes" in notice.args["text"]
    assert buttons(choices(slack, slack_requests, "USVEN"))[str(leaders)][0] == (
        "Be om att få gå med"
    )


def test_invitation_only_is_open_to_the_invited_alone(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    for user in ("UANNA", "UBEN"):
        slack.add_user(user)
    cohort = add_programme(sessions, "Cohort", Enrolment.INVITE, kind=ProgrammeKind.MENTORING)
    with sessions.begin() as session:
        assert enrolment.invite(session, TEAM, cohort, "UANNA", START) is enrolment.Invited.INVITED
        assert enrolment.invite(session, TEAM, cohort, "UANNA", START) is (
            enrolment.Invited.ALREADY_INVITED
        )

    assert str(cohort) not in buttons(choices(slack, slack_requests, "UBEN"))
    slack_requests.click("UBEN", ids.JOIN_PROGRAMME, str(cohort))  # forged: not invited
    assert "not open to you" in str(slack.last("chat.postMessage").args)
    assert status_in(sessions, cohort, "UBEN") is None

    offered = buttons(choices(slack, slack_requests, "UANNA"))
    assert offered[str(cohort)] == ("Accept and join", ids.JOIN_PROGRAMME)
    slack_requests.click("UANNA", ids.JOIN_PROGRAMME, str(cohort))
    assert slack_requests.submit("UANNA", slack.last("views.open").view(), PROFILE).json() == {}
    assert status_in(sessions, cohort, "UANNA") is MemberStatus.ACTIVE
    with sessions.begin() as session:
        assert enrolment.invite(session, TEAM, cohort, "UANNA", START) is (
            enrolment.Invited.ALREADY_IN
        )


def test_a_forged_programme_in_the_modal_saves_nothing_there(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    slack.add_user("UBEN")
    join(slack, slack_requests, "UBEN")  # into the workspace's first programme
    cohort = add_programme(sessions, "Cohort", Enrolment.INVITE)
    modal = {**slack.last("views.open").view(), "private_metadata": f"p{cohort}"}
    body = slack_requests.submit("UBEN", modal, PROFILE).json()
    assert "by invitation only" in str(body["view"])
    assert status_in(sessions, cohort, "UBEN") is None


def the_programme_id(sessions: sessionmaker[Session]) -> int:
    with sessions.begin() as session:
        return the_programme(session)


def test_a_coordinator_invites_through_the_command_and_the_invited_join_with_a_click(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    for user in ("ULEAD", "UANNA", "UBEN", "UOTHER"):
        slack.add_user(user)
    cohort = add_programme(sessions, "Cohort", Enrolment.INVITE, coordinator="ULEAD")

    refused = slack_requests.command("UOTHER", "programme invite <@UANNA>").json()
    assert "coordinator" in refused["text"]
    assert status_in(sessions, cohort, "UANNA") is None

    reply = slack_requests.command("ULEAD", "programme invite <@UANNA> <@UBEN|ben>").json()
    assert "Invited to *Cohort*: <@UANNA>, <@UBEN>" in reply["text"]
    assert status_in(sessions, cohort, "UANNA") is MemberStatus.INVITED
    invitation = next(c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == "UANNA")
    assert "<@ULEAD> invites you to *Cohort*" in invitation.args["text"]
    join_button = next(
        e
        for b in invitation.blocks()
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == ids.JOIN_PROGRAMME
    )
    assert join_button["value"] == str(cohort)

    again = slack_requests.command("ULEAD", "programme invite <@UANNA>").json()
    assert "Invited before" in again["text"]

    slack_requests.click("UANNA", ids.JOIN_PROGRAMME, join_button["value"])
    modal = slack.last("views.open").view()
    assert modal["private_metadata"] == f"p{cohort}"
    assert slack_requests.submit("UANNA", modal, PROFILE).json() == {}
    assert status_in(sessions, cohort, "UANNA") is MemberStatus.ACTIVE
    assert (
        "Already taking part: <@UANNA>"
        in (slack_requests.command("ULEAD", "programme invite <@UANNA>").json()["text"])
    )


def test_a_coordinator_of_several_programmes_chooses_which_to_invite_to(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    slack.add_user("UADMIN", admin=True)
    slack.add_user("UANNA")
    cohort = add_programme(sessions, "Cohort", Enrolment.INVITE)
    menu = slack_requests.command("UADMIN", "programme invite <@UANNA>").json()
    assert menu["text"] == "Which programme?"
    values = [b["accessory"]["value"] for b in menu["blocks"] if "accessory" in b]
    assert values[-1] == f"{cohort} programme invite <@UANNA>"
    assert status_in(sessions, cohort, "UANNA") is None  # nothing until one is chosen

    slack_requests.click("UANNA", ids.CHOOSE_PROGRAMME, values[-1])  # forged by the invitee
    assert status_in(sessions, cohort, "UANNA") is None
    slack_requests.click("UADMIN", ids.CHOOSE_PROGRAMME, values[-1])
    assert status_in(sessions, cohort, "UANNA") is MemberStatus.INVITED


def test_a_mentor_joining_a_mentoring_programme_says_how_many_mentees(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    slack.add_user("UMARA")
    mentoring = add_programme(sessions, "New hires", Enrolment.OPEN, kind=ProgrammeKind.MENTORING)
    slack_requests.click("UMARA", ids.JOIN_PROGRAMME, str(mentoring))
    modal = slack.last("views.open").view()
    blocks = {b.get("block_id"): b for b in modal["blocks"]}
    assert ids.CAPACITY in blocks and "how many mentees" in str(blocks[ids.CAPACITY])

    forged = slack_requests.submit(
        "UMARA", modal, {**PROFILE, "role_preference": "mentor", ids.CAPACITY: "9"}
    )
    assert forged.json()["errors"] == {ids.CAPACITY: "Choose from 1 to 5 mentees."}
    answers = {**PROFILE, "role_preference": "mentor", ids.CAPACITY: "3"}
    assert slack_requests.submit("UMARA", modal, answers).json() == {}
    with sessions() as session:
        place = session.get(ProgrammeMember, (mentoring, "UMARA"))
        assert place is not None and (place.role_preference, place.capacity) == ("mentor", 3)

    # the peer programme's modal asks no such thing
    slack_requests.click("UMARA", ids.JOIN_PROGRAMME, str(the_programme_id(sessions)))
    peer = {b.get("block_id") for b in slack.last("views.open").view()["blocks"]}
    assert ids.CAPACITY not in peer


def test_someone_with_a_profile_accepts_an_invitation_with_one_click(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    slack.add_user("UANNA")
    join(slack, slack_requests, "UANNA")  # a profile, in the workspace's first programme
    cohort = add_programme(sessions, "Cohort", Enrolment.INVITE)
    with sessions.begin() as session:
        enrolment.invite(session, TEAM, cohort, "UANNA", START)
    opened = len(slack.calls_to("views.open"))

    slack_requests.act(
        "UANNA",
        {"type": "button", "action_id": ids.JOIN_PROGRAMME, "value": str(cohort)},
        message=("DANNA", "1700000000.000100"),
    )
    assert len(slack.calls_to("views.open")) == opened  # no modal: joined at once
    assert status_in(sessions, cohort, "UANNA") is MemberStatus.ACTIVE
    assert "You are in *Cohort*" in slack.responses[-1]["text"]
