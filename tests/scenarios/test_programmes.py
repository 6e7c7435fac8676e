"""`/mentor programme`: workspace coordinators make programmes with a modal and appoint each
one's coordinators, a programme's coordinators manage only it, and closing a programme ends
its rounds with a wrap-up, cancels its sessions and keeps its history (issue 17, item 4)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot import ids
from bot.config import Settings
from bot.db import Database
from bot.domain import (
    BookingStatus,
    Enrolment,
    OutboxKind,
    ProgrammeKind,
    ProgrammeSettings,
)
from bot.models import Booking, Coordinator, Outbox, Programme, Round
from bot.services import digests, programmes
from tests.conftest import COORDINATOR, Clock
from tests.fakes.blockkit import message_problems, view_problems
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import Reply, SlackRequests
from tests.scenarios.helpers import join
from tests.scenarios.test_booking_ends import assert_cancelled, assert_nobody_asked, booked
from tests.scenarios.test_pairing import confirm
from tests.scenarios.test_rhythm import make_clock, rhythm_dms

TEAM = "T0TEST"
LEADERSHIP = {
    ids.PROGRAMME_NAME: "Leadership cohort",
    ids.PROGRAMME_DESCRIPTION: "For new team leads, spring 2027.",
    ids.PROGRAMME_KIND: "mentoring",
    ids.PROGRAMME_ENROLMENT: "approval",
    ids.PROGRAMME_STARTS: "2027-03-01",
    ids.PROGRAMME_ENDS: "2027-06-30",
    ids.PROGRAMME_COORDINATORS: ["UANNA", "UBEN"],
}
_views = iter(range(1, 10_000))


def open_modal(slack: FakeSlack, requests: SlackRequests, user: str, words: str) -> dict[str, Any]:
    """The modal `/mentor programme <words>` opens, as Slack holds it (a view id of its own)."""
    reply = requests.command(user, f"programme {words}")
    assert (reply.status, reply.body) == (200, "")
    view = slack.last("views.open").view()
    assert view_problems(view) == []
    return {**view, "id": f"V{next(_views):05d}"}


def create(
    slack: FakeSlack, requests: SlackRequests, user: str = COORDINATOR, **answers: Any
) -> Reply:
    view = open_modal(slack, requests, user, "new")
    assert view["callback_id"] == ids.NEW_PROGRAMME_VIEW
    return requests.submit(user, view, answers)


def made(sessions: sessionmaker[Session], name: str) -> Programme:
    with sessions() as session:
        found = session.scalars(select(Programme).where(Programme.name == name)).one()
        session.expunge(found)
        return found


def added(sessions: sessionmaker[Session], programme_id: int) -> list[str]:
    with sessions() as session:
        return sorted(
            session.scalars(
                select(Coordinator.user_id).where(Coordinator.programme_id == programme_id)
            )
        )


def count_programmes(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(Programme)) or 0


def shown(reply: Reply) -> str:
    """What a modal submission's answer says (the modal became a message)."""
    answer = reply.json()
    assert answer["response_action"] == "update", answer
    assert view_problems(answer["view"]) == []
    return str(answer["view"]["blocks"])


def said(reply: Reply) -> str:
    """What an ephemeral command answer says, held to what Slack takes."""
    assert reply.status == 200
    answer = reply.json()
    assert message_problems(answer["text"], answer.get("blocks")) == []
    return f"{answer['text']} {answer.get('blocks', '')}"


def choices(view: dict[str, Any]) -> list[str]:
    block = next(b for b in view["blocks"] if b["block_id"] == ids.PROGRAMME_CHOICE)
    return [o["value"] for o in block["element"]["options"]]


def test_a_coordinator_makes_a_programme_once_with_the_modal(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    slack.add_user(COORDINATOR)
    view = open_modal(slack, slack_requests, COORDINATOR, "new")
    reply = slack_requests.submit(COORDINATOR, view, LEADERSHIP)
    text = shown(reply)
    assert "*Leadership cohort* is ready: Mentoring, By approval of its coordinators" in text
    assert "<@UANNA>, <@UBEN>" in text
    programme = made(sessions, "Leadership cohort")
    assert programme.description == "For new team leads, spring 2027."
    assert (programme.kind, programme.enrolment) == (ProgrammeKind.MENTORING, Enrolment.APPROVAL)
    assert (programme.starts_on, programme.ends_on) == (date(2027, 3, 1), date(2027, 6, 30))
    assert (programme.created_by, programme.created_at) == (COORDINATOR, clock())
    assert programme.closed_at is None
    assert added(sessions, programme.id) == ["UANNA", "UBEN"]
    with sessions() as session:
        assert programmes.settings_of(session, programme.id) == ProgrammeSettings()
    # the same view submitted again (a retry, a double click) makes nothing more
    again = slack_requests.submit(COORDINATOR, view, LEADERSHIP)
    assert "*Leadership cohort* is ready" in shown(again)
    assert count_programmes(sessions) == 2  # the workspace's first, and this one
    # with no coordinators chosen, its maker coordinates it; an evergreen open programme
    assert "is ready" in shown(create(slack, slack_requests, **{ids.PROGRAMME_NAME: "Buddies"}))
    buddies = made(sessions, "Buddies")
    assert (buddies.kind, buddies.enrolment) == (ProgrammeKind.PEER, Enrolment.OPEN)
    assert (buddies.starts_on, buddies.ends_on) == (None, None)
    assert added(sessions, buddies.id) == [COORDINATOR]
    # a name is shown as typed, never as a mention or link
    odd = create(slack, slack_requests, **{ids.PROGRAMME_NAME: "R&D <!channel>"})
    assert "*R&amp;D &lt;!channel&gt;* is ready" in shown(odd)
    assert made(sessions, "R&D <!channel>").name == "R&D <!channel>"


def test_each_mistake_is_shown_under_its_field_and_nothing_is_made(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    slack.add_user(COORDINATOR)
    create(slack, slack_requests, **{ids.PROGRAMME_NAME: "Leadership cohort"})
    mistakes = [
        ({ids.PROGRAMME_NAME: "   "}, ids.PROGRAMME_NAME, "Give the programme a name."),
        ({ids.PROGRAMME_NAME: "x" * 81}, ids.PROGRAMME_NAME, "Keep the name to 80 characters."),
        (
            {ids.PROGRAMME_NAME: "LEADERSHIP Cohort "},
            ids.PROGRAMME_NAME,
            "Another programme in this workspace has that name.",
        ),
        (  # the workspace's first programme is called this in English and Swedish
            {ids.PROGRAMME_NAME: "kollegial coachning"},
            ids.PROGRAMME_NAME,
            "Another programme in this workspace has that name.",
        ),
        (
            {ids.PROGRAMME_DESCRIPTION: "y" * 501},
            ids.PROGRAMME_DESCRIPTION,
            "Keep the description to 500 characters.",
        ),
        (
            {ids.PROGRAMME_STARTS: "2027-03-01"},
            ids.PROGRAMME_ENDS,
            "A cohort needs both a start and an end date (or give neither).",
        ),
        (
            {ids.PROGRAMME_ENDS: "2027-03-01"},
            ids.PROGRAMME_STARTS,
            "A cohort needs both a start and an end date (or give neither).",
        ),
        (
            {ids.PROGRAMME_STARTS: "2027-03-01", ids.PROGRAMME_ENDS: "2027-03-01"},
            ids.PROGRAMME_ENDS,
            "The cohort must end after it starts.",
        ),
        (
            {ids.PROGRAMME_STARTS: "2027-06-01", ids.PROGRAMME_ENDS: "2027-03-01"},
            ids.PROGRAMME_ENDS,
            "The cohort must end after it starts.",
        ),
        ({ids.PROGRAMME_KIND: "coaching"}, ids.PROGRAMME_KIND, "Choose one."),  # forged
    ]
    for answers, block, message in mistakes:
        reply = create(slack, slack_requests, **{ids.PROGRAMME_NAME: "Sales mentoring", **answers})
        # errors only: Slack keeps the modal open with everything typed in it
        assert reply.json() == {"response_action": "errors", "errors": {block: message}}, answers
    assert count_programmes(sessions) == 2


def test_only_workspace_coordinators_make_programmes(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    slack.add_user(COORDINATOR)
    slack.add_user("UANNA")
    slack.add_user("UBO")
    create(slack, slack_requests, **LEADERSHIP)  # Anna coordinates the leadership cohort
    refusal = "Only workspace admins and owners and the coordinators in the bot's configuration"
    for user in ("UBO", "UANNA"):
        assert refusal in said(slack_requests.command(user, "programme new"))
    # a modal submitted by someone who may not (forged, or their rights gone): nothing made
    view = open_modal(slack, slack_requests, COORDINATOR, "new")
    reply = slack_requests.submit("UANNA", view, {ids.PROGRAMME_NAME: "Anna's own"})
    assert refusal in shown(reply)
    assert count_programmes(sessions) == 2
    # a workspace admin may, Slack asked once when the cache says otherwise
    slack.add_user("UBO", admin=True)
    assert "is ready" in shown(create(slack, slack_requests, "UBO", **{ids.PROGRAMME_NAME: "Bo"}))
    # everyone else is refused the list and the other tools too
    slack.add_user("UCARL")
    for words in ("", "list", "coordinators", "close"):
        answer = said(slack_requests.command("UCARL", f"programme {words}"))
        assert "Only a programme's coordinators can do that" in answer
    assert "`/mentor programme new`" in said(slack_requests.command(COORDINATOR, "programme x"))


def test_the_list_shows_each_programme_with_its_people(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    slack.add_user(COORDINATOR)
    slack.add_user("UANNA")
    join(slack, slack_requests, "UANNA")  # into the workspace's first programme
    create(slack, slack_requests, **LEADERSHIP)
    listing = said(slack_requests.command(COORDINATOR, "programme"))
    assert said(slack_requests.command(COORDINATOR, "programmes list")) == listing
    assert "*Peer coaching*" in listing and "*Leadership cohort*" in listing
    assert "Peer coaching · Anyone · Keeps going" in listing
    assert "Active participants: 1 · Coordinators: workspace admins and owners" in listing
    assert (
        "Mentoring · By approval of its coordinators · Cohort 2027-03-01 to 2027-06-30" in listing
    )
    assert "Active participants: 0 · Coordinators: <@UANNA>, <@UBEN>" in listing
    # a programme's coordinator sees their own programme only
    own = said(slack_requests.command("UANNA", "program"))
    assert "*Leadership cohort*" in own and "Peer coaching*" not in own


def test_a_programmes_coordinator_appoints_its_coordinators_and_no_others(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    for user in (COORDINATOR, "UANNA", "UBEN", "UCARL"):
        slack.add_user(user)
    create(
        slack, slack_requests, **{ids.PROGRAMME_NAME: "A", ids.PROGRAMME_COORDINATORS: ["UANNA"]}
    )
    create(slack, slack_requests, **{ids.PROGRAMME_NAME: "B", ids.PROGRAMME_COORDINATORS: ["UBEN"]})
    a, b = made(sessions, "A").id, made(sessions, "B").id

    view = open_modal(slack, slack_requests, "UANNA", "coordinators")
    assert view["callback_id"] == ids.PROGRAMME_COORDINATORS_VIEW
    assert choices(view) == [str(a)]  # only hers
    users = f"{ids.PROGRAMME_COORDINATORS_PREFIX}{a}"
    [block] = [b for b in view["blocks"] if b["block_id"] == users]
    assert block["element"]["initial_users"] == ["UANNA"]
    reply = slack_requests.submit("UANNA", view, {users: ["UANNA", "UCARL"]})
    assert "The coordinators of *A* are now <@UANNA>, <@UCARL>." in shown(reply)
    assert added(sessions, a) == ["UANNA", "UCARL"]
    # Carl now manages A (and only A)
    assert choices(open_modal(slack, slack_requests, "UCARL", "coordinators")) == [str(a)]

    # a forged choice of B (not hers) is refused, and B keeps its coordinators
    forged = slack_requests.submit("UANNA", view, {ids.PROGRAMME_CHOICE: str(b), users: ["UANNA"]})
    assert "only for their own programme" in shown(forged)
    assert added(sessions, b) == ["UBEN"] and added(sessions, a) == ["UANNA", "UCARL"]
    # choosing B in her modal shows her nothing of B
    choose_b = {
        "type": "static_select",
        "action_id": ids.VALUE,
        "block_id": ids.PROGRAMME_CHOICE,
        "selected_option": {"text": {"type": "plain_text", "text": "B"}, "value": str(b)},
    }
    updates = len(slack.calls_to("views.update"))
    assert slack_requests.act("UANNA", choose_b, view=view).status == 200
    assert len(slack.calls_to("views.update")) == updates

    # a workspace coordinator manages every open programme; choosing one shows its people
    everyone = open_modal(slack, slack_requests, COORDINATOR, "coordinators")
    first = programmes_first(sessions)
    assert choices(everyone) == [str(first), str(a), str(b)]
    assert slack_requests.act(COORDINATOR, choose_b, view=everyone).status == 200
    update = slack.last("views.update")
    assert update.args["view_id"] == everyone["id"]
    shown_b = {**update.view(), "id": everyone["id"]}
    assert view_problems(shown_b) == []
    b_users = f"{ids.PROGRAMME_COORDINATORS_PREFIX}{b}"
    [block] = [x for x in shown_b["blocks"] if x["block_id"] == b_users]
    assert block["element"]["initial_users"] == ["UBEN"]
    # submitted before the modal showed B's people: asked to choose again, nothing changes
    early = slack_requests.submit(COORDINATOR, everyone, {ids.PROGRAMME_CHOICE: str(b)})
    assert early.json()["response_action"] == "errors"
    assert added(sessions, b) == ["UBEN"]
    reply = slack_requests.submit(COORDINATOR, shown_b, {b_users: []})
    assert "*B* has no coordinators of its own now" in shown(reply)
    assert added(sessions, b) == []
    # Ben coordinates nothing now
    assert "Only a programme's coordinators" in said(slack_requests.command("UBEN", "programme"))


def programmes_first(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        first = programmes.first(session, TEAM)
    assert first is not None
    return first


def test_closing_a_programme_ends_its_rounds_with_a_wrap_up_and_cancels_its_sessions(
    database: Database,
    sessions: sessionmaker[Session],
    settings: Settings,
    slack: FakeSlack,
    slack_requests: SlackRequests,
    clock: Clock,
):
    channel, booking, _ = booked(sessions, slack, slack_requests, clock)
    create(slack, slack_requests, **{ids.PROGRAMME_NAME: "Next year"})
    peer, following = programmes_first(sessions), made(sessions, "Next year").id
    # a new round previewed before it closes: a coordinator of both is asked which first
    menu = slack_requests.command(COORDINATOR, "pair").json()
    assert "Which programme?" in menu["text"]
    offered = [b["accessory"]["value"] for b in menu["blocks"] if "accessory" in b]
    assert offered == [str(peer), str(following)]
    slack_requests.click(COORDINATOR, ids.OPEN_ROUND, str(peer))
    options = slack.last("views.open").view()
    assert options["private_metadata"] == f"p{peer}"
    slack_requests.submit(COORDINATOR, options, {})
    preview = slack.last("views.update").view()
    closed_at = clock.advance(hours=1)  # before the session booked
    assert closed_at < booking.starts_at

    view = open_modal(slack, slack_requests, COORDINATOR, "close")
    assert view["callback_id"] == ids.CLOSE_PROGRAMME_VIEW
    assert choices(view) == [str(peer), str(following)]
    unconfirmed = slack_requests.submit(COORDINATOR, view, {ids.PROGRAMME_CHOICE: str(peer)})
    assert unconfirmed.json() == {
        "response_action": "errors",
        "errors": {ids.PROGRAMME_CLOSE_CONFIRM: "Tick the box to close the programme."},
    }
    answers = {ids.PROGRAMME_CHOICE: str(peer), ids.PROGRAMME_CLOSE_CONFIRM: ["yes"]}
    reply = slack_requests.submit(COORDINATOR, view, answers)
    assert "*Peer coaching* is closed" in shown(reply) and "cancelled: 1" in shown(reply)

    with sessions() as session:
        programme = session.get(Programme, peer)
        assert programme is not None and programme.closed_at == closed_at
        [round_] = session.scalars(select(Round).where(Round.programme_id == peer))
        assert round_.ends_at == closed_at
        assert programmes.current(session, TEAM, clock()) == following
        # no digest for it any more (it had one due every two weeks)
        due = digests.due(session, closed_at + timedelta(weeks=3), "C0DIGEST")
        assert [d.programme_id for d in due if d.programme_id == peer] == []
    assert_cancelled(
        sessions, slack, channel, booking, "was cancelled because the programme has closed"
    )
    # the round previewed before cannot be started in it now
    assert "Things changed since this preview" in confirm(slack, slack_requests, preview)
    # the clock plans each member's wrap-up, then nothing more: no prompt, no "did you meet?"
    ticker = make_clock(settings, database, slack)
    for day in range(0, 40, 3):
        ticker.tick(closed_at + timedelta(days=day, hours=1))
    with sessions() as session:
        sent = session.execute(
            select(Outbox.user_id, Outbox.kind).where(
                Outbox.programme_id == peer, Outbox.created_at > closed_at
            )
        ).all()
    assert sorted((user, kind) for user, kind in sent if kind is not OutboxKind.UNSCHEDULE) == [
        ("UANNA", OutboxKind.WRAPUP),
        ("UBEN", OutboxKind.WRAPUP),
    ]
    assert sum("Round 1 has ended" in text for text in rhythm_dms(slack, "UANNA")) == 1
    assert_nobody_asked(settings, database, slack, clock, booking)
    # its history is kept
    with sessions() as session:
        stored = session.get(Booking, booking.id)
        assert stored is not None and stored.status is BookingStatus.CANCELLED
        assert session.scalar(select(func.count()).select_from(Round)) == 1
    # closed programmes are listed as such, and cannot be managed or closed again
    assert "*Peer coaching* (closed)" in said(slack_requests.command(COORDINATOR, "programme"))
    again = slack_requests.submit(COORDINATOR, view, answers)
    assert "only for their own programme" in shown(again)


def test_the_only_open_programme_is_not_closed_and_others_are_not_closed_by_strangers(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    slack.add_user(COORDINATOR)
    view = open_modal(slack, slack_requests, COORDINATOR, "close")
    peer = programmes_first(sessions)
    answers = {ids.PROGRAMME_CHOICE: str(peer), ids.PROGRAMME_CLOSE_CONFIRM: ["yes"]}
    reply = slack_requests.submit(COORDINATOR, view, answers)
    assert "the workspace's only open programme, so it stays open" in shown(reply)
    # a programme's coordinator cannot close another programme with a forged choice
    slack.add_user("UANNA")
    create(
        slack, slack_requests, **{ids.PROGRAMME_NAME: "A", ids.PROGRAMME_COORDINATORS: ["UANNA"]}
    )
    hers = open_modal(slack, slack_requests, "UANNA", "close")
    assert choices(hers) == [str(made(sessions, "A").id)]
    forged = slack_requests.submit("UANNA", hers, answers)
    assert "only for their own programme" in shown(forged)
    with sessions() as session:
        assert session.scalar(select(func.count()).where(Programme.closed_at.is_not(None))) == 0


def test_in_swedish(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    slack.add_user(COORDINATOR, locale="sv-SE")
    slack.add_user("UBO", locale="sv-SE")
    view = open_modal(slack, slack_requests, COORDINATOR, "new")
    assert view["title"]["text"] == "Nytt program" and view["submit"]["text"] == "Skapa"
    reply = slack_requests.submit(
        COORDINATOR, view, {ids.PROGRAMME_NAME: "Peer Coaching", ids.PROGRAMME_ENDS: "2027-01-01"}
    )
    assert reply.json()["errors"] == {
        ids.PROGRAMME_NAME: "Ett annat program i arbetsytan har redan det namnet.",
        ids.PROGRAMME_STARTS: "En kull behöver både start- och slutdatum (eller inget av dem).",
    }
    reply = slack_requests.submit(COORDINATOR, view, {**LEADERSHIP, ids.PROGRAMME_NAME: "Ledare"})
    assert "*Ledare* är klart: Mentorskap, Efter godkännande av samordnarna" in shown(reply)
    listing = said(slack_requests.command(COORDINATOR, "programme"))
    assert "*Kollegial coachning*" in listing and "Kull 2027-03-01 till 2027-06-30" in listing
    assert "Bara arbetsytans administratörer" in said(
        slack_requests.command("UBO", "programme new")
    )
    close = open_modal(slack, slack_requests, COORDINATOR, "close")
    assert close["title"]["text"] == "Avsluta ett program"
