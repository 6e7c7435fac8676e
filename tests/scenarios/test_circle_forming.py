"""`/mentor circles form` (#19): a circles programme's coordinator gives topics, checks a
preview that explains every placement, and confirms it once; whoever is left out is told and
is first in line next time."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot import ids
from bot.domain import OutboxKind, OutboxStatus, ProgrammeDetails, ProgrammeKind
from bot.flow import Flow
from bot.models import Circle, CircleDraft, CircleMember, CircleWaiting, Outbox
from bot.services import circles, programme_admin
from tests.conftest import COORDINATOR, START
from tests.fakes.blockkit import view_problems
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.services.test_circle_forming import TOPICS, circles_programme, enrol, forty

People = dict[str, tuple[tuple[str, ...], str]]


def setting_up(
    sessions: sessionmaker[Session], slack: FakeSlack, people: People, locale: str = "en-US"
) -> int:
    """A circles programme with these members (their Slack accounts in `locale`)."""
    slack.add_user(COORDINATOR, locale=locale)
    for user, (_, zone) in people.items():
        slack.add_user(user, locale=locale, tz=zone)
    with sessions.begin() as session:
        programme = circles_programme(session)
        enrol(session, programme, people, START)
    return programme


def open_form(slack: FakeSlack, requests: SlackRequests, user: str = COORDINATOR) -> dict[str, Any]:
    reply = requests.command(user, "circles form")
    assert (reply.status, reply.body) == (200, "")
    view = slack.last("views.open").view()
    assert view["callback_id"] == ids.CIRCLE_FORM_VIEW and view_problems(view) == []
    return view


def preview(slack: FakeSlack, requests: SlackRequests, **answers: Any) -> dict[str, Any]:
    """The coordinator fills in the topics modal; the preview it turns into."""
    form = open_form(slack, requests)
    reply = requests.submit(COORDINATOR, form, answers).json()
    assert reply["response_action"] == "update"  # "working..." at once, then the preview
    shown = slack.last("views.update").view()
    assert shown["callback_id"] == ids.CIRCLE_FORM_PREVIEW_VIEW and view_problems(shown) == []
    return shown


def confirm(slack: FakeSlack, requests: SlackRequests, shown: dict[str, Any]) -> str:
    reply = requests.submit(COORDINATOR, shown, {}).json()
    assert reply["response_action"] == "update"
    return str(slack.last("views.update").view()["blocks"])


def dms_to(slack: FakeSlack, users: set[str]) -> list[str]:
    return [
        str(c.args.get("text"))
        for c in slack.calls_to("chat.postMessage")
        if c.args["channel"] in users
    ]


def test_forty_people_five_topics_previewed_explained_and_confirmed_once(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    setting_up(sessions, slack, forty())

    shown = preview(slack, slack_requests, **{ids.CIRCLE_FORM_SKILLS: list(TOPICS)})

    with sessions() as session:
        draft = session.scalars(select(CircleDraft)).one()
        assert session.scalar(select(func.count()).select_from(Circle)) == 0  # a preview only
    text = str(shown["blocks"])
    placed = [m["user_id"] for c in draft.circles for m in c["members"]]
    unplaced = {u["user_id"] for u in draft.unplaced}
    assert len(placed) == len(set(placed)) and len(placed) + len(unplaced) == 40
    assert all(4 <= len(c["members"]) <= 8 for c in draft.circles)
    for circle in draft.circles:  # each placement explained: the skills wanted, hours shared
        for m in circle["members"]:
            line = next(x for x in text.split("\\n") if f"<@{m['user_id']}>" in x)
            assert "wants" in line and "shares at least" in line
    assert "Not placed this time" in text and "no topic is about a skill they want" in text
    assert "Fit: *" in text and f"New circles: *{len(draft.circles)}*" in text

    result = confirm(slack, slack_requests, shown)
    again = confirm(slack, slack_requests, shown)  # a second click

    assert len(draft.circles) > 1
    assert f"Circles formed: {len(draft.circles)} new, and 0 open circles filled." in result
    assert f"already confirmed: {len(draft.circles)} circles were formed." in again
    with sessions() as session:
        made = session.scalars(select(Circle)).all()
        inside = session.scalars(select(CircleMember.user_id)).all()
        waiting = set(session.scalars(select(CircleWaiting.user_id)))
    assert len(made) == len(draft.circles)
    assert sorted(inside) == sorted(placed)
    assert waiting == unplaced
    with sessions() as session:
        queued = session.scalars(
            select(Outbox).where(Outbox.kind == OutboxKind.CIRCLE_UNPLACED)
        ).all()
    assert sorted(q.user_id for q in queued) == sorted(unplaced)  # each told once
    tokyo = {u for u, (_, zone) in forty().items() if zone == "Asia/Tokyo"}
    told = dms_to(slack, unplaced)
    assert len(told) == len(unplaced - tokyo) and all("first in line" in x for x in told)
    # at 18:00 in Tokyo theirs wait for their working hours
    assert {q.user_id for q in queued if q.status is OutboxStatus.PENDING} == unplaced & tokyo


def test_the_unplaced_are_first_in_line_and_placed_first_next_time(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    setting_up(sessions, slack, {f"UA{i}": (("writing",), "Europe/London") for i in range(6)})
    one_circle = {
        ids.CIRCLE_FORM_SKILLS: ["writing"],
        ids.CIRCLE_FORM_MAX: "4",
        ids.CIRCLE_FORM_MAX_CIRCLES: "1",
    }
    shown = preview(slack, slack_requests, **one_circle)
    assert "the circles of their topics are full" in str(shown["blocks"])
    confirm(slack, slack_requests, shown)
    with sessions() as session:
        left_out = set(session.scalars(select(CircleWaiting.user_id)))
    assert len(left_out) == 2
    assert all("were full" in x for x in dms_to(slack, left_out))

    setting_up(sessions, slack, {f"UB{i}": (("writing",), "Europe/London") for i in range(4)})
    shown = preview(slack, slack_requests, **one_circle)
    assert "first in line" in str(shown["blocks"])
    confirm(slack, slack_requests, shown)

    with sessions() as session:
        second = session.scalars(select(Circle).order_by(Circle.id.desc())).first()
        assert second is not None
        members = {m.user_id for m in circles.members(session, second.id)}
        still = set(session.scalars(select(CircleWaiting.user_id)))
    assert left_out < members and len(members) == 4
    assert still.isdisjoint(left_out) and len(still) == 2


def test_only_a_circles_programmes_coordinators_form_circles(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    setting_up(sessions, slack, {f"U{i}": (("strategy",), "Europe/London") for i in range(6)})
    refused = slack_requests.command("U0", "circles form").json()
    assert "Only the coordinators of a circles programme" in refused["text"]
    assert slack.calls_to("views.open") == []

    form = open_form(slack, slack_requests)
    forged = slack_requests.submit("U0", form, {ids.CIRCLE_FORM_SKILLS: ["strategy"]}).json()
    assert "Only the coordinators" in str(forged["view"]["blocks"])
    shown = preview(slack, slack_requests, **{ids.CIRCLE_FORM_SKILLS: ["strategy"]})
    forged = slack_requests.submit("U0", shown, {}).json()
    assert "Only the coordinators" in str(forged["view"]["blocks"])
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Circle)) == 0


def test_a_peer_programme_has_no_circles_to_form(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    slack.add_user(COORDINATOR)
    refused = slack_requests.command(COORDINATOR, "circles form").json()
    assert "Only the coordinators of a circles programme" in refused["text"]


def test_bad_input_is_refused_inline_and_the_modal_kept(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    setting_up(sessions, slack, {f"U{i}": (("strategy",), "Europe/London") for i in range(6)})
    form = open_form(slack, slack_requests)

    reply = slack_requests.submit(
        COORDINATOR,
        form,
        {
            ids.CIRCLE_FORM_SKILLS: ["strategy", "juggling"],
            ids.CIRCLE_FORM_MIN: "6",
            ids.CIRCLE_FORM_MAX: "5",
            ids.CIRCLE_FORM_MAX_CIRCLES: "0",
        },
    ).json()

    assert reply["response_action"] == "errors"
    assert set(reply["errors"]) == {
        ids.CIRCLE_FORM_SKILLS,
        ids.CIRCLE_FORM_MAX,
        ids.CIRCLE_FORM_MAX_CIRCLES,
    }
    assert "can't be smaller than the smallest" in reply["errors"][ids.CIRCLE_FORM_MAX]
    assert slack.calls_to("views.update") == []
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(CircleDraft)) == 0


def test_a_draft_stale_since_someone_joined_a_circle_asks_for_a_new_preview(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    programme = setting_up(
        sessions, slack, {f"U{i}": (("strategy",), "Europe/London") for i in range(5)}
    )
    shown = preview(slack, slack_requests, **{ids.CIRCLE_FORM_SKILLS: ["strategy"]})
    with sessions.begin() as session:
        circles.create(
            session,
            team_id="T0TEST",
            programme_id=programme,
            topic="By hand",
            description="",
            skills=[],
            min_size=4,
            max_size=8,
            people=["U0"],
            first_facilitator=None,
            origin="VHAND",
            by=COORDINATOR,
            now=START,
        )

    result = confirm(slack, slack_requests, shown)

    assert "Things changed since this preview" in result
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Circle)) == 1


def test_in_swedish(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    people = {f"U{i}": (("negotiation",), "Europe/Stockholm") for i in range(5)}
    people["UELSA"] = (("finance",), "Europe/Stockholm")
    setting_up(sessions, slack, people, locale="sv-SE")
    form = open_form(slack, slack_requests)
    assert "Bilda cirklar" in str(form) and "Förhandling" in str(form)

    shown = preview(slack, slack_requests, **{ids.CIRCLE_FORM_SKILLS: ["negotiation"]})
    text = str(shown["blocks"])
    assert "*Förhandling*: 5 personer" in text and "vill utveckla Förhandling" in text
    assert "inget ämne handlar om en färdighet hen vill utveckla" in text
    result = confirm(slack, slack_requests, shown)

    assert "Cirklarna är bildade: 1 ny," in result
    told = dms_to(slack, {"UELSA"})
    assert len(told) == 1 and "Du står först i kön" in told[0]
    assert "inget av ämnena den här gången" in told[0]


def test_a_coordinator_of_two_circles_programmes_picks_one_first(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    first = setting_up(sessions, slack, {"U0": (("strategy",), "Europe/London")})
    with sessions.begin() as session:
        details = ProgrammeDetails("Leads' circles", kind=ProgrammeKind.CIRCLES)
        made = programme_admin.create(
            session, "T0TEST", details, [COORDINATOR], COORDINATOR, "VNEW", START, ()
        )
    second = made.programme_id
    assert second is not None

    menu = slack_requests.command(COORDINATOR, "circles form").json()

    buttons = [b["accessory"] for b in menu["blocks"] if b.get("accessory")]
    assert [b["action_id"] for b in buttons] == [ids.CIRCLE_FORM_OPEN] * 2
    assert {b["value"] for b in buttons} == {str(first), str(second)}
    assert slack_requests.click(COORDINATOR, ids.CIRCLE_FORM_OPEN, str(second)).status == 200
    form = slack.last("views.open").view()
    assert form["private_metadata"] == Flow(second).encode()
    # someone who coordinates neither is told no, and no modal opens
    opened = len(slack.calls_to("views.open"))
    slack.add_user("U1")
    slack_requests.click("U1", ids.CIRCLE_FORM_OPEN, str(second))
    assert len(slack.calls_to("views.open")) == opened


def test_a_topic_of_the_coordinators_own_gathers_everyone_who_wants_any_of_its_skills(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    people: People = {f"UL{i}": (("leading_teams",), "Europe/London") for i in range(3)}
    people |= {f"UR{i}": (("remote_collaboration",), "Europe/London") for i in range(3)}
    setting_up(sessions, slack, people)
    own = {
        ids.CIRCLE_FORM_NAME: "Leading remotely",
        ids.CIRCLE_FORM_NAME_SKILLS: ["leading_teams", "remote_collaboration"],
    }

    shown = preview(slack, slack_requests, **own)
    confirm(slack, slack_requests, shown)

    assert "*Leading remotely*: 6 people" in str(shown["blocks"])
    with sessions() as session:
        made = session.scalars(select(Circle)).one()
        assert made.topic == "Leading remotely"
        assert circles.skills_of(session, made.id) == ["leading_teams", "remote_collaboration"]


def test_a_topic_of_ones_own_needs_a_name_and_skills(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    setting_up(sessions, slack, {"U0": (("strategy",), "Europe/London")})
    form = open_form(slack, slack_requests)

    nameless = {ids.CIRCLE_FORM_NAME_SKILLS: ["strategy"]}
    reply = slack_requests.submit(COORDINATOR, form, nameless).json()
    assert set(reply["errors"]) == {ids.CIRCLE_FORM_NAME}
    skill_less = {ids.CIRCLE_FORM_NAME: "Big picture"}
    reply = slack_requests.submit(COORDINATOR, form, skill_less).json()
    assert set(reply["errors"]) == {ids.CIRCLE_FORM_NAME_SKILLS}
    reply = slack_requests.submit(COORDINATOR, form, {}).json()
    assert set(reply["errors"]) == {ids.CIRCLE_FORM_SKILLS}
    assert "Give 1 to 10 topics" in reply["errors"][ids.CIRCLE_FORM_SKILLS]


def test_the_checkbox_fills_open_circles_with_room(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    people: People = {f"U{i}": (("strategy",), "Europe/London") for i in range(6)}
    programme = setting_up(sessions, slack, people)
    with sessions.begin() as session:
        circle, _ = circles.create(
            session,
            team_id="T0TEST",
            programme_id=programme,
            topic="Big picture",
            description="",
            skills=["strategy"],
            min_size=4,
            max_size=6,
            people=["U0", "U1", "U2", "U3"],
            first_facilitator=None,
            origin="VHAND",
            by=COORDINATOR,
            now=START,
        )
    answers = {ids.CIRCLE_FORM_SKILLS: ["writing"], ids.CIRCLE_FORM_FILL: ["fill"]}

    shown = preview(slack, slack_requests, **answers)
    result = confirm(slack, slack_requests, shown)

    text = str(shown["blocks"])
    assert "*Big picture* (an open circle, 6 people after): 2 joining" in text
    assert "<@U4>" in text and "<@U5>" in text and "<@U0>" not in text
    assert "Circles formed: 0 new, and 1 open circle filled." in result
    with sessions() as session:
        assert {m.user_id for m in circles.members(session, circle.id)} == set(people)
