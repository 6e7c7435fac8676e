"""Two programmes in one workspace, with their own coordinators, settings and channels: a
person in both sees both on Home and gets each one's prompt on its own rhythm, once; each
coordinator reaches only their own (commands, buttons, modals and forged private_metadata)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot import ids
from bot.config import Settings
from bot.db import Database
from bot.domain import Enrolment, MemberStatus, OutboxKind, ProgrammeKind, RoundOptions
from bot.models import (
    FeedbackAnswer,
    Goal,
    Meeting,
    Outbox,
    Pair,
    PairMember,
    Programme,
    ProgrammeMember,
    Reflection,
    Round,
)
from bot.services import coordinators, programmes, rounds
from tests.conftest import COORDINATOR
from tests.conftest import Clock as AppClock
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.programme import the_programme
from tests.scenarios.helpers import PROFILE
from tests.scenarios.test_enrolment import add_programme
from tests.scenarios.test_rhythm import START, make_clock, mark_introduced, rhythm_dms

TEAM = "T0TEST"
LEAD = "ULEAD"  # coordinates Leaders only


def two_programmes(sessions: sessionmaker[Session]) -> tuple[int, int]:
    """The workspace's first programme (prompts every 14 days at 10:00, digest in C0PEER) and
    Leaders (every 7 days at 08:00, digest in C0LEAD), coordinated by LEAD."""
    leaders = add_programme(sessions, "Leaders", Enrolment.OPEN, coordinator=LEAD)
    with sessions.begin() as session:
        first = the_programme(session)
        for programme_id, cadence, hour, channel in (
            (first, 14, 10, "C0PEER"),
            (leaders, 7, 8, "C0LEAD"),
        ):
            programme = session.get(Programme, programme_id)
            assert programme is not None
            programme.rhythm_cadence_days, programme.rhythm_send_hour = cadence, hour
            programme.digest_channel, programme.digest_every_weeks = channel, 1
    return first, leaders


def join_both(slack: FakeSlack, slack_requests: SlackRequests, user: str, department: str):
    """Join each programme from the /mentor join list, the profile modal each time."""
    for _ in range(2):
        listed = slack_requests.command(user, "join").json()
        [value, *_] = [
            b["accessory"]["value"]
            for b in listed["blocks"]
            if b.get("accessory", {}).get("action_id") == ids.JOIN_PROGRAMME
        ]
        slack_requests.click(user, ids.JOIN_PROGRAMME, value)
        modal = slack.last("views.open").view()
        answers = {**PROFILE, "department": department}
        assert slack_requests.submit(user, modal, answers).json() == {}


def paired_in_both(
    sessions: sessionmaker[Session], slack: FakeSlack, slack_requests: SlackRequests
) -> tuple[int, int]:
    first, leaders = two_programmes(sessions)
    slack.add_user("UANNA", tz="Europe/Stockholm")
    slack.add_user("UBEN", tz="Europe/Stockholm")
    slack.add_user(LEAD)
    join_both(slack, slack_requests, "UANNA", "Finance")
    join_both(slack, slack_requests, "UBEN", "Sales")
    with sessions.begin() as session:
        for programme_id in (first, leaders):
            draft = rounds.draft_round(
                session, TEAM, programme_id, COORDINATOR, RoundOptions(round_weeks=12), START
            )
            rounds.confirm_round(session, TEAM, draft.id, START)
    mark_introduced(sessions)
    return first, leaders


def test_a_person_in_both_sees_both_on_home_and_gets_each_prompt_on_its_rhythm_once(
    database: Database,
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    slack_requests: SlackRequests,
    settings: Settings,
    clock: AppClock,
):
    first, leaders = paired_in_both(sessions, slack, slack_requests)

    clock.now = START + timedelta(hours=1)  # the rounds run
    slack_requests.home_opened("UANNA")
    home = str(slack.last("views.publish").view()["blocks"])
    assert "Peer coaching" in home and "Leaders" in home
    assert home.count("<@UBEN>") >= 2  # her partner in each
    paired = str(slack_requests.command("UANNA", "pair").json()["blocks"])
    assert "*Peer coaching*" in paired and "*Leaders*" in paired  # each pairing, named

    scheduler = make_clock(settings, database, slack)
    week = timedelta(days=7)
    leaders_first = START.replace(hour=7) + week  # 08:00 in Stockholm, a week on
    for moment in (leaders_first, leaders_first, START.replace(hour=9) + 2 * week):
        scheduler.tick(moment)
        scheduler.tick(moment + timedelta(minutes=1))
    prompts = rhythm_dms(slack, "UANNA")
    # Leaders every week (twice by then), the first programme every two weeks (once)
    assert sum(p.startswith("Leaders:") for p in prompts) == 2
    assert sum(p.startswith("Peer coaching:") for p in prompts) == 1
    with sessions() as session:
        rows = session.scalars(
            select(Outbox).where(Outbox.user_id == "UANNA", Outbox.kind == OutboxKind.PROMPT)
        ).all()
        assert sorted(r.programme_id for r in rows) == [first, leaders, leaders]
        assert len({(r.programme_id, r.period) for r in rows}) == len(rows)  # each once


def test_each_programmes_coordinator_reaches_only_their_own(
    sessions: sessionmaker[Session], slack: FakeSlack, slack_requests: SlackRequests
):
    first, leaders = two_programmes(sessions)
    slack.add_user(LEAD)

    # one programme coordinated: the command opens its settings, no question asked
    assert slack_requests.command(LEAD, "settings").status == 200
    view = slack.last("views.open").view()
    assert view["private_metadata"] == f"p{leaders}"
    assert slack_requests.submit(LEAD, view, {"cadence": "28"}).json()["response_action"] == (
        "update"
    )
    with sessions() as session:
        assert programmes.settings_of(session, leaders).cadence_days == 28
        assert programmes.settings_of(session, first).cadence_days == 14

    # the same modal forged to name the other programme: refused, nothing changes
    forged = {**view, "private_metadata": f"p{first}"}
    reply = slack_requests.submit(LEAD, forged, {"cadence": "7"}).json()
    assert "coordinator" in str(reply["view"])
    with sessions() as session:
        assert programmes.settings_of(session, first).cadence_days == 14

    # buttons naming the other programme: refused in a DM, no modal opens
    opened = len(slack.calls_to("views.open"))
    for action in (ids.OPEN_SETTINGS, ids.OPEN_ROUND):
        slack_requests.click(LEAD, action, str(first))
    assert len(slack.calls_to("views.open")) == opened
    assert "coordinator" in slack.last("chat.postMessage").args["text"]
    slack_requests.click(LEAD, ids.POST_DIGEST, str(first))
    assert [c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == "C0PEER"] == []

    # their own digest goes to their own channel and names the programme
    slack_requests.click(LEAD, ids.POST_DIGEST, str(leaders))
    [posted] = [c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == "C0LEAD"]
    assert "Leaders: programme digest" in posted.args["text"]

    # a round for the other programme, through a draft of it: refused at confirming
    with sessions.begin() as session:
        draft = rounds.draft_round(session, TEAM, first, COORDINATOR, RoundOptions(), START)
        draft_id = draft.id
    preview = {
        "type": "modal",
        "callback_id": ids.ROUND_PREVIEW_VIEW,
        "private_metadata": draft_id,
        "title": {"type": "plain_text", "text": "Preview round"},
        "blocks": [],
    }
    reply = slack_requests.submit(LEAD, preview, {}).json()
    assert "coordinator" in str(reply["view"])
    with sessions() as session:
        assert session.scalars(select(Round)).all() == []

    # a coordinator of both is asked which programme
    menu = slack_requests.command(COORDINATOR, "settings").json()
    assert menu["text"] == "Which programme?"
    assert "Peer coaching" in str(menu["blocks"]) and "Leaders" in str(menu["blocks"])


def test_a_coordinator_of_both_previews_the_digest_of_the_one_chosen(
    sessions: sessionmaker[Session], slack: FakeSlack, slack_requests: SlackRequests
):
    first, leaders = two_programmes(sessions)
    menu = slack_requests.command(COORDINATOR, "digest preview").json()
    assert menu["text"] == "Which programme?"
    buttons = [b["accessory"] for b in menu["blocks"] if "accessory" in b]
    assert [(b["action_id"], b["value"]) for b in buttons] == [
        (ids.PREVIEW_DIGEST, str(first)),
        (ids.PREVIEW_DIGEST, str(leaders)),
    ]
    click_in_message(slack_requests, COORDINATOR, ids.PREVIEW_DIGEST, str(leaders))
    shown = slack.responses[-1]
    assert shown["replace_original"] is True
    assert "Leaders: programme digest" in shown["text"]
    assert slack.calls_to("chat.postMessage") == []  # a preview is posted nowhere

    slack_requests.act(  # forged: someone who coordinates neither
        "UNOBODY",
        {"type": "button", "action_id": ids.PREVIEW_DIGEST, "value": str(leaders)},
        message=("C0GENERAL", "1700000000.000400"),
    )
    assert "coordinator" in slack.responses[-1]["text"]


def test_someone_in_both_is_asked_which_programme_to_pause_or_leave(
    sessions: sessionmaker[Session], slack: FakeSlack, slack_requests: SlackRequests
):
    first, leaders = two_programmes(sessions)
    slack.add_user("UANNA")
    join_both(slack, slack_requests, "UANNA", "Finance")

    menu = slack_requests.command("UANNA", "pause 3").json()
    assert menu["text"] == "Which programme?"
    values = [b["accessory"]["value"] for b in menu["blocks"] if "accessory" in b]
    assert values == [f"{first} pause 3", f"{leaders} pause 3"]
    click_in_message(slack_requests, "UANNA", ids.CHOOSE_PROGRAMME, f"{leaders} pause 3")
    assert "Paused until" in slack.responses[-1]["text"]
    with sessions() as session:
        assert place_in(session, leaders).paused_until is not None
        assert place_in(session, first).paused_until is None

    # a forged choice of a programme they are not in does nothing
    click_in_message(slack_requests, "UANNA", ids.CHOOSE_PROGRAMME, "999 pause 3")
    assert "not open to you" in slack.responses[-1]["text"]

    slack_requests.command("UANNA", "leave")
    click_in_message(slack_requests, "UANNA", ids.CHOOSE_PROGRAMME, f"{first} leave")
    modal = slack.last("views.open").view()
    assert modal["private_metadata"] == f"p{first}"
    slack_requests.submit("UANNA", modal, {})
    with sessions() as session:
        assert place_in(session, first).status is MemberStatus.LEFT
        assert place_in(session, leaders).status is MemberStatus.ACTIVE
    # in one programme now: no question asked
    assert "Paused until" in slack_requests.command("UANNA", "pause").json()["text"]


def place_in(session: Session, programme_id: int) -> ProgrammeMember:
    place = session.get(ProgrammeMember, (programme_id, "UANNA"))
    assert place is not None
    return place


def test_a_check_in_button_logs_the_session_of_the_pair_it_names(
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    slack_requests: SlackRequests,
    clock: AppClock,
):
    first, leaders = paired_in_both(sessions, slack, slack_requests)
    clock.now = START + timedelta(days=3)
    with sessions() as session:
        pair_of = {
            pair.programme_id: pair.id for pair in session.scalars(select(Pair).order_by(Pair.id))
        }
    for programme_id in (first, leaders):  # the newest pair would be Leaders' every time
        slack_requests.click("UANNA", ids.OPEN_CHECKIN, str(pair_of[programme_id]))
        modal = slack.last("views.open").view()
        assert modal["private_metadata"] == str(pair_of[programme_id])
    answers = {
        "attendance": "met",
        "session_date": "2027-03-03",
        "minutes": "30",
        "worked_on": "Feedback",
    }
    slack_requests.click("UANNA", ids.OPEN_CHECKIN, str(pair_of[first]))
    assert slack_requests.submit("UANNA", slack.last("views.open").view(), answers).json() == {}
    with sessions() as session:
        [meeting] = session.scalars(select(Meeting)).all()
        assert (meeting.pair_id, meeting.programme_id) == (pair_of[first], first)

    opened = len(slack.calls_to("views.open"))
    slack_requests.click("UOTHER", ids.OPEN_CHECKIN, str(pair_of[first]))  # not theirs
    assert len(slack.calls_to("views.open")) == opened


def test_admin_adds_a_coordinator_to_the_programme_chosen(
    sessions: sessionmaker[Session], slack: FakeSlack, slack_requests: SlackRequests
):
    first, leaders = two_programmes(sessions)
    slack.add_user("UNEW")
    menu = slack_requests.command(COORDINATOR, "admin add <@UNEW>").json()
    values = [b["accessory"]["value"] for b in menu["blocks"] if "accessory" in b]
    assert values == [f"{first} admin add <@UNEW>", f"{leaders} admin add <@UNEW>"]
    click_in_message(slack_requests, COORDINATOR, ids.CHOOSE_PROGRAMME, values[1])
    assert "<@UNEW>" in slack.responses[-1]["text"]
    with sessions() as session:
        assert coordinators.added(session, leaders) == [LEAD, "UNEW"]
        assert coordinators.added(session, first) == []

    # LEAD manages Leaders only: no question, and the other programme is out of reach
    reply = slack_requests.command(LEAD, "admin add <@UOTHER>").json()
    assert "<@UOTHER>" in reply["text"]
    click_in_message(slack_requests, LEAD, ids.CHOOSE_PROGRAMME, f"{first} admin add <@UX>")
    assert "not open to you" in slack.responses[-1]["text"]
    with sessions() as session:
        assert coordinators.added(session, first) == []


def test_goals_and_check_ins_ask_which_programme_or_session(
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    slack_requests: SlackRequests,
    clock: AppClock,
):
    first, leaders = paired_in_both(sessions, slack, slack_requests)
    clock.now = START + timedelta(days=3)

    menu = slack_requests.command("UANNA", "checkin").json()
    assert menu["text"] == "Which session?"
    offered = [b["accessory"] for b in menu["blocks"] if "accessory" in b]
    assert {b["action_id"] for b in offered} == {ids.OPEN_CHECKIN} and len(offered) == 2

    menu = slack_requests.command("UANNA", "goal").json()
    assert menu["text"] == "Which programme?"
    click_in_message(slack_requests, "UANNA", ids.CHOOSE_PROGRAMME, f"{first} goal")
    modal = slack.last("views.open").view()
    assert modal["private_metadata"] == f"p{first}"
    answers = {
        "what": "Chair a meeting",
        "measure": "Once",
        "target_date": "2027-04-30",
        "visibility": "private",
    }
    assert slack_requests.submit("UANNA", modal, answers).json()["response_action"] == "update"
    forged = {**modal, "private_metadata": "p999"}  # not hers: the newest pair's programme
    slack_requests.submit("UANNA", forged, answers)
    with sessions() as session:
        made = session.scalars(select(Goal).order_by(Goal.id)).all()
        assert [g.programme_id for g in made] == [first, leaders]


def test_a_survey_answer_counts_in_the_programme_whose_round_it_names(
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    slack_requests: SlackRequests,
    clock: AppClock,
):
    first, leaders = paired_in_both(sessions, slack, slack_requests)  # round 1 in each
    clock.now = START + timedelta(days=3)
    answers = {"growth": "4", "supported": "5", "recommend": "9", "comment": ""}
    for value in (f"{leaders}:round1", "round1"):  # a survey alone: the first programme's
        slack_requests.click("UANNA", ids.OPEN_FEEDBACK, value)
        modal = slack.last("views.open").view()
        assert modal["private_metadata"] == value
        slack_requests.submit("UANNA", modal, answers)
    with sessions() as session:
        saved = session.scalars(select(FeedbackAnswer).order_by(FeedbackAnswer.id)).all()
        assert [(a.programme_id, a.survey) for a in saved] == [
            (leaders, "round1"),
            (first, "round1"),
        ]


def test_a_reflection_is_written_in_the_programme_chosen(
    sessions: sessionmaker[Session],
    slack: FakeSlack,
    slack_requests: SlackRequests,
    clock: AppClock,
):
    first, _ = paired_in_both(sessions, slack, slack_requests)
    clock.now = START + timedelta(days=3)
    menu = slack_requests.command("UANNA", "reflect").json()
    assert menu["text"] == "Which programme?"
    click_in_message(slack_requests, "UANNA", ids.CHOOSE_PROGRAMME, f"{first} reflect")
    modal = slack.last("views.open").view()
    assert modal["private_metadata"].endswith(f" p{first}")
    slack_requests.submit("UANNA", modal, {"text": "Listening more", "share": ["yes"]})
    with sessions() as session:
        [saved] = session.scalars(select(Reflection)).all()
        pair = session.get(Pair, saved.pair_id)
        assert saved.programme_id == first and pair is not None and pair.programme_id == first


def test_a_mentoring_programmes_round_gives_each_mentor_up_to_their_number(
    sessions: sessionmaker[Session], slack: FakeSlack, slack_requests: SlackRequests
):
    mentoring = add_programme(
        sessions, "New hires", Enrolment.OPEN, coordinator=LEAD, kind=ProgrammeKind.MENTORING
    )
    slack.add_user(LEAD)
    people = {"UMIA": ("mentor", "2"), "UE1": ("mentee", None), "UE2": ("mentee", None)}
    people |= {"UE3": ("mentee", None)}
    for user, (role, capacity) in people.items():
        slack.add_user(user)
        slack_requests.click(user, ids.JOIN_PROGRAMME, str(mentoring))
        answers = {**PROFILE, "role_preference": role}
        if role == "mentee":
            answers |= {"skills_offered": ["writing"], "skills_wanted": ["strategy"]}
        if capacity:
            answers[ids.CAPACITY] = capacity
        assert slack_requests.submit(user, slack.last("views.open").view(), answers).json() == {}

    assert slack_requests.command(LEAD, "pair").status == 200
    options = slack.last("views.open").view()
    shown = {b.get("block_id") for b in options["blocks"]}
    assert ids.MODE not in shown and ids.GROUP_SIZE not in shown
    assert "each mentee gets a mentor" in str(options["blocks"])
    slack_requests.submit(LEAD, options, {})
    preview = slack.last("views.update").view()
    slack_requests.submit(LEAD, preview, {})
    with sessions() as session:
        groups = session.scalars(
            select(PairMember.user_id).join(Pair, Pair.id == PairMember.pair_id)
        ).all()
        mentees = {u for u in groups if u != "UMIA"}
    assert groups.count("UMIA") == 2 and len(mentees) == 2  # two of three mentees, one left


def click_in_message(requests: SlackRequests, user: str, action_id: str, value: str) -> None:
    """A button of an ephemeral answer (a menu) clicked: the click carries a response_url."""
    requests.act(
        user,
        {"type": "button", "action_id": action_id, "value": value},
        message=("C0GENERAL", "1700000000.000100"),
    )


def test_editing_the_profile_joins_no_other_programme(
    sessions: sessionmaker[Session], slack: FakeSlack, slack_requests: SlackRequests
):
    first, leaders = two_programmes(sessions)
    slack.add_user("UANNA")
    slack_requests.click("UANNA", ids.JOIN_PROGRAMME, str(leaders))
    assert slack_requests.submit("UANNA", slack.last("views.open").view(), PROFILE).json() == {}

    slack_requests.home_opened("UANNA")
    home = slack.last("views.publish").view()
    slack_requests.click("UANNA", ids.OPEN_PROFILE, view=home)
    modal = slack.last("views.open").view()
    assert modal["private_metadata"] == f"p{leaders}/home"
    assert modal["title"]["text"] == "Your profile"  # an edit, not a join
    reply = slack_requests.submit("UANNA", modal, {**PROFILE, "department": "Legal"}).json()
    assert reply["response_action"] == "update"
    with sessions() as session:
        assert session.get(ProgrammeMember, (first, "UANNA")) is None
        assert place_in(session, leaders).status is MemberStatus.ACTIVE
