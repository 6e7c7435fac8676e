"""Circles made by hand, browsed and joined (issue 19, item 1 in part): a coordinator makes a
circle through a modal (bad input refused inline, a retried submission making one circle);
members list the open circles with `/mentor circles`, join one with room and leave theirs;
coordinators close one after a confirm dialog; a circles programme is never paired."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from bot import ids
from bot.domain import CIRCLES_PER_PAGE, Enrolment, ProgrammeKind
from bot.models import Circle, CircleMember, Programme
from bot.services import circles
from tests.conftest import COORDINATOR, START
from tests.fakes.blockkit import message_problems, view_problems
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import Reply, SlackRequests
from tests.programme import the_programme
from tests.scenarios.helpers import join
from tests.scenarios.test_enrolment import add_programme
from tests.scenarios.test_two_programmes import join_both

TEAM = "T0TEST"
LISTENING = {
    ids.CIRCLE_TOPIC: "Listening that lands",
    ids.CIRCLE_DESCRIPTION: "We practise listening & asking, <!channel> never.",
    ids.CIRCLE_SKILLS: ["giving_feedback", "coaching_others"],
    ids.CIRCLE_MIN_SIZE: "4",
    ids.CIRCLE_MAX_SIZE: "6",
}
_views = iter(range(1, 10_000))


def run_circles(sessions: sessionmaker[Session]) -> int:
    """The workspace's programme, made one of the kind circles."""
    with sessions.begin() as session:
        programme_id = the_programme(session)
        session.execute(
            update(Programme).where(Programme.id == programme_id).values(kind=ProgrammeKind.CIRCLES)
        )
    return programme_id


def people(slack: FakeSlack, requests: SlackRequests, *users: str, locale: str = "en-US") -> None:
    for user in users:
        slack.add_user(user, locale=locale, name=f"Person {user[1:].title()}")
        join(slack, requests, user)


def circle(
    sessions: sessionmaker[Session], topic: str, members: tuple[str, ...] = (), size: int = 6
) -> int:
    """A circle made straight through the service."""
    with sessions.begin() as session:
        made, _ = circles.create(
            session,
            team_id=TEAM,
            programme_id=the_programme(session),
            topic=topic,
            description="",
            skills=["strategy"],
            min_size=4,
            max_size=size,
            people=members,
            first_facilitator=None,
            origin=f"test/{topic}",
            by=COORDINATOR,
            now=START,
        )
        return made.id


def open_new(slack: FakeSlack, requests: SlackRequests, user: str = COORDINATOR) -> dict[str, Any]:
    """The modal `/mentor circles new` opens, as Slack holds it (a view id of its own)."""
    reply = requests.command(user, "circles new")
    assert (reply.status, reply.body) == (200, "")
    view = slack.last("views.open").view()
    assert view["callback_id"] == ids.CIRCLE_NEW_VIEW
    assert view_problems(view) == []
    return {**view, "id": f"V{next(_views):05d}"}


def shown(reply: Reply) -> str:
    """What a modal submission's answer says (the modal became a message)."""
    answer = reply.json()
    assert answer["response_action"] == "update", answer
    assert view_problems(answer["view"]) == []
    return json.dumps(answer["view"]["blocks"], ensure_ascii=False)


def said(reply: Reply) -> dict[str, Any]:
    """An ephemeral command answer, held to what Slack takes."""
    assert reply.status == 200
    answer = reply.json()
    assert answer["response_type"] == "ephemeral"
    assert message_problems(answer["text"], answer.get("blocks")) == []
    return answer


def buttons(blocks: list[dict[str, Any]], action_id: str) -> list[dict[str, Any]]:
    found = [b.get("accessory") or {} for b in blocks]
    found += [e for b in blocks for e in b.get("elements", [])]
    return [e for e in found if e.get("action_id") == action_id]


def press(slack: FakeSlack, requests: SlackRequests, user: str, button: dict[str, Any]) -> str:
    """Click a button of the ephemeral list: what the list then says (it is replaced)."""
    action = {"type": "button", "action_id": button["action_id"], "value": button["value"]}
    before = len(slack.responses)
    assert requests.act(user, action, message=("D0" + user[1:], "1700000000.000100")).status == 200
    assert len(slack.responses) > before
    answer = slack.responses[-1]
    assert message_problems(answer["text"], answer.get("blocks")) == []
    return json.dumps(answer, ensure_ascii=False)


def placed(sessions: sessionmaker[Session], circle_id: int) -> list[str]:
    """Who is in the circle, in the order of their turn to facilitate."""
    with sessions() as session:
        return [m.user_id for m in circles.members(session, circle_id)]


def all_circles(sessions: sessionmaker[Session]) -> list[Circle]:
    with sessions() as session:
        found = list(session.scalars(select(Circle).order_by(Circle.id)))
        session.expunge_all()
        return found


def test_circles_is_a_kind_a_new_programme_can_have(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
) -> None:
    slack.add_user(COORDINATOR)
    assert slack_requests.command(COORDINATOR, "programme new").status == 200
    view = slack.last("views.open").view()
    text = json.dumps(view["blocks"])
    assert "Circles" in text and "the facilitator rotates each session" in text
    answers = {
        ids.PROGRAMME_NAME: "Learning circles",
        ids.PROGRAMME_KIND: "circles",
        ids.PROGRAMME_ENROLMENT: "open",
    }
    reply = slack_requests.submit(COORDINATOR, {**view, "id": "V0PROG"}, answers)
    assert "*Learning circles* is ready: Circles" in shown(reply)
    with sessions() as session:
        made = session.scalars(select(Programme).where(Programme.name == "Learning circles")).one()
        assert made.kind is ProgrammeKind.CIRCLES


def test_a_coordinator_makes_a_circle_by_hand_once(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
) -> None:
    slack.add_user(COORDINATOR)
    programme_id = run_circles(sessions)
    people(slack, slack_requests, "UANNA", "UBEN", "UCARL")
    view = open_new(slack, slack_requests)
    labels = json.dumps(view["blocks"])
    assert "Topic" in labels and "First facilitator" in labels and "Communication" in labels
    answers = {**LISTENING, ids.CIRCLE_MEMBERS: ["UANNA", "UBEN"], ids.CIRCLE_FACILITATOR: "UBEN"}
    reply = slack_requests.submit(COORDINATOR, view, answers)
    assert "Circle *Listening that lands* made, with 2 of its 6 seats taken." in shown(reply)
    slack_requests.submit(COORDINATOR, view, answers)  # Slack sends the same view again
    [made] = all_circles(sessions)
    assert (made.topic, made.min_size, made.max_size) == ("Listening that lands", 4, 6)
    assert made.description == LISTENING[ids.CIRCLE_DESCRIPTION]
    assert (made.programme_id, made.created_by, made.origin) == (
        programme_id,
        COORDINATOR,
        view["id"],
    )
    assert placed(sessions, made.id) == ["UBEN", "UANNA"]  # the first facilitator first
    with sessions() as session:
        assert circles.skills_of(session, made.id) == ["coaching_others", "giving_feedback"]

    # its members see it as theirs; the topic and description are never a mention
    listed = said(slack_requests.command("UANNA", "circles"))
    text = json.dumps(listed["blocks"])
    assert "Your circle" in text and "2 of 6 seats taken" in text
    assert "&lt;!channel&gt; never" in text and "<!channel>" not in text
    assert buttons(listed["blocks"], ids.CIRCLE_JOIN) == []
    assert len(buttons(listed["blocks"], ids.CIRCLE_LEAVE)) == 1


def test_bad_input_is_refused_inline_and_nothing_is_made(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
) -> None:
    slack.add_user(COORDINATOR)
    run_circles(sessions)
    people(slack, slack_requests, "UANNA", "UBEN", "UCARL", "UDORA", "UERIK")
    slack.add_user("UOUT", name="Olle Outsider")
    circle(sessions, "Already going", ("UERIK",))
    view = open_new(slack, slack_requests)

    def errors(**answers: Any) -> dict[str, str]:
        reply = slack_requests.submit(COORDINATOR, view, {**LISTENING, **answers})
        answer = reply.json()
        assert answer["response_action"] == "errors", answer  # the modal stays, text kept
        return answer["errors"]

    assert errors(**{ids.CIRCLE_MIN_SIZE: "6", ids.CIRCLE_MAX_SIZE: "5"}) == {
        ids.CIRCLE_MAX_SIZE: "The largest size cannot be smaller than the smallest."
    }
    assert errors(**{ids.CIRCLE_TOPIC: "   ", ids.CIRCLE_SKILLS: []}) == {
        ids.CIRCLE_TOPIC: "Give the circle a topic.",
        ids.CIRCLE_SKILLS: "Choose one to 5 skills.",
    }
    forged = errors(**{ids.CIRCLE_TOPIC: "x" * 81, ids.CIRCLE_MAX_SIZE: "9"})
    assert forged == {
        ids.CIRCLE_TOPIC: "Keep it to 80 characters.",
        ids.CIRCLE_MAX_SIZE: "Choose a size from 4 to 8.",
    }
    assert errors(**{ids.CIRCLE_MEMBERS: ["UANNA"], ids.CIRCLE_FACILITATOR: "UBEN"}) == {
        ids.CIRCLE_FACILITATOR: "The first facilitator must be one of the members."
    }
    five = ["UANNA", "UBEN", "UCARL", "UDORA", "UOUT"]
    assert errors(**{ids.CIRCLE_MAX_SIZE: "4", ids.CIRCLE_MEMBERS: five}) == {
        ids.CIRCLE_MEMBERS: "At most 4 people: the circle's largest size."
    }
    assert errors(**{ids.CIRCLE_MEMBERS: ["UANNA", "UOUT"]}) == {
        ids.CIRCLE_MEMBERS: "Not active members of the programme: Olle Outsider."
    }
    assert errors(**{ids.CIRCLE_MEMBERS: ["UERIK", "UANNA"]}) == {
        ids.CIRCLE_MEMBERS: "Already in another circle: Person Erik."
    }
    assert [c.topic for c in all_circles(sessions)] == ["Already going"]
    # corrected, the same modal makes it
    reply = slack_requests.submit(COORDINATOR, view, {**LISTENING, ids.CIRCLE_MEMBERS: ["UANNA"]})
    assert "made, with 1 of its 6 seats taken" in shown(reply)


def test_someone_who_does_not_coordinate_cannot_make_or_close_one(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
) -> None:
    slack.add_user(COORDINATOR)
    run_circles(sessions)
    people(slack, slack_requests, "UANNA")
    view = open_new(slack, slack_requests)
    opened = len(slack.calls_to("views.open"))
    answer = said(slack_requests.command("UANNA", "circles new"))
    assert "Only the programme's coordinators can make or close circles." in answer["text"]
    assert len(slack.calls_to("views.open")) == opened
    # the coordinator's modal, submitted by someone else: refused, nothing made
    refused = shown(slack_requests.submit("UANNA", view, LISTENING))
    assert "Only the programme's coordinators" in refused
    assert all_circles(sessions) == []

    made = circle(sessions, "Strategy talk")
    listed = said(slack_requests.command("UANNA", "circles"))
    assert buttons(listed["blocks"], ids.CIRCLE_CLOSE) == []
    assert buttons(listed["blocks"], ids.CIRCLES_OPEN_NEW) == []
    forged = {"action_id": ids.CIRCLE_CLOSE, "value": f"{made} 0"}
    assert "Only the programme's coordinators" in press(slack, slack_requests, "UANNA", forged)
    assert all_circles(sessions)[0].closed_at is None


def test_a_person_browses_and_joins_an_open_circle_and_leaves_it(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
) -> None:
    run_circles(sessions)
    people(slack, slack_requests, "UANNA", "UBEN")
    strategy = circle(sessions, "Strategy talk", ("UBEN",))
    circle(sessions, "Writing well")
    listed = said(slack_requests.command("UANNA", "circle"))
    text = json.dumps(listed["blocks"])
    assert "Open circles: 2" in text and "*Strategy talk*" in text
    assert "Strategy" in text and "1 of 6 seats taken" in text
    first, second = buttons(listed["blocks"], ids.CIRCLE_JOIN)
    assert first["value"] == f"{strategy} 0"
    joined = press(slack, slack_requests, "UANNA", first)
    assert "You joined *Strategy talk*. Welcome!" in joined
    assert "Your circle" in joined and "2 of 6 seats taken" in joined
    assert placed(sessions, strategy) == ["UBEN", "UANNA"]  # the newcomer's turn comes last
    assert "You are in *Strategy talk* already." in press(slack, slack_requests, "UANNA", first)
    # someone in another circle is told, and stays where they are
    told = press(slack, slack_requests, "UANNA", second)
    assert "You are in *Strategy talk* already. Leave it first to join another circle." in told

    [leave] = buttons(slack.responses[-1]["blocks"], ids.CIRCLE_LEAVE)
    assert leave["confirm"]["confirm"]["text"] == "Leave circle"
    left = press(slack, slack_requests, "UANNA", leave)
    assert "You left *Strategy talk*." in left and "Your circle" not in left
    assert placed(sessions, strategy) == ["UBEN"]
    assert len(buttons(slack.responses[-1]["blocks"], ids.CIRCLE_JOIN)) == 2


def test_a_full_or_closed_circle_refuses_and_outsiders_are_told_to_join_first(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
) -> None:
    run_circles(sessions)
    people(slack, slack_requests, "UANNA", "UBEN", "UCARL", "UDORA", "UERIK")
    slack.add_user("UOUT")
    full = circle(sessions, "Full house", ("UBEN", "UCARL", "UDORA"), size=4)
    listed = said(slack_requests.command("UANNA", "circles"))
    [join_button] = buttons(listed["blocks"], ids.CIRCLE_JOIN)
    assert "3 of 4 seats taken" in json.dumps(listed["blocks"])
    with sessions.begin() as session:  # Erik takes the last seat first
        assert circles.join(session, TEAM, the_programme(session), full, "UERIK", START) == "joined"
    refused = press(slack, slack_requests, "UANNA", join_button)
    assert "*Full house* is full. Choose another circle with room." in refused
    assert "Full: 4 of 4 seats taken" in refused
    assert "UANNA" not in placed(sessions, full)
    assert buttons(slack.responses[-1]["blocks"], ids.CIRCLE_JOIN) == []  # no room, no Join

    with sessions.begin() as session:
        circles.close(session, TEAM, full, START)
    assert "That circle is closed." in press(slack, slack_requests, "UANNA", join_button)

    outsider = said(slack_requests.command("UOUT", "circles"))
    assert "Join the programme first (`/mentor join`)" in outsider["text"]
    reply = press(slack, slack_requests, "UOUT", join_button)
    assert "Join the programme first" in reply


def test_a_coordinator_closes_a_circle_after_confirming(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
) -> None:
    slack.add_user(COORDINATOR)
    run_circles(sessions)
    people(slack, slack_requests, "UANNA")
    made = circle(sessions, "Strategy talk", ("UANNA",))
    circle(sessions, "Writing well")
    listed = said(slack_requests.command(COORDINATOR, "circles"))
    assert len(buttons(listed["blocks"], ids.CIRCLES_OPEN_NEW)) == 1
    closing, _ = buttons(listed["blocks"], ids.CIRCLE_CLOSE)
    assert closing["value"] == f"{made} 0"
    confirm = closing["confirm"]
    assert confirm["title"]["text"] == "Close this circle?"
    assert confirm["confirm"]["text"] == "Close circle" and confirm["style"] == "danger"
    assert '"Strategy talk" closes for good' in confirm["text"]["text"]
    after = press(slack, slack_requests, COORDINATOR, closing)
    assert "Closed *Strategy talk*." in after and "Open circles: 1" in after
    closed = all_circles(sessions)[0]
    assert closed.closed_at == START
    assert placed(sessions, made) == []
    with sessions() as session:
        place = session.get(CircleMember, (made, "UANNA"))
        assert place is not None and place.left_at == START
    assert "was closed already" in press(slack, slack_requests, COORDINATOR, closing)

    # the list's New circle opens the modal for the programme
    [new] = buttons(listed["blocks"], ids.CIRCLES_OPEN_NEW)
    slack_requests.click(COORDINATOR, ids.CIRCLES_OPEN_NEW, new["value"])
    assert slack.last("views.open").view()["callback_id"] == ids.CIRCLE_NEW_VIEW


def test_the_list_pages_and_opens_from_a_button(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
) -> None:
    slack.add_user(COORDINATOR)
    programme_id = run_circles(sessions)
    people(slack, slack_requests, "UANNA")
    for n in range(CIRCLES_PER_PAGE + 3):
        circle(sessions, f"Topic {n:02d}")
    first = said(slack_requests.command(COORDINATOR, "circles"))
    assert len(buttons(first["blocks"], ids.CIRCLE_CLOSE)) == CIRCLES_PER_PAGE
    assert "Page 1 of 2" in json.dumps(first["blocks"])
    [following] = buttons(first["blocks"], ids.CIRCLES_PAGE)
    second = press(slack, slack_requests, COORDINATOR, following)
    assert "Page 2 of 2" in second and "Topic 12" in second and "Topic 00" not in second
    assert len(buttons(slack.responses[-1]["blocks"], ids.CIRCLE_CLOSE)) == 3

    # a button elsewhere (App Home) that opens the list: it comes in a DM
    browse = {"type": "button", "action_id": ids.CIRCLES_BROWSE, "value": str(programme_id)}
    home = {"type": "home", "id": "V0HOME", "blocks": [{"type": "actions", "elements": [browse]}]}
    slack_requests.click("UANNA", ids.CIRCLES_BROWSE, str(programme_id), view=home)
    dm = slack.last("chat.postMessage").args
    assert "Open circles: 13" in json.dumps(dm["blocks"])
    assert len(buttons(dm["blocks"], ids.CIRCLE_JOIN)) == CIRCLES_PER_PAGE


def test_in_swedish(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
) -> None:
    run_circles(sessions)
    people(slack, slack_requests, "USVEN", locale="sv-SE")
    made = circle(sessions, "Strategisamtal")
    listed = said(slack_requests.command("USVEN", "cirklar"))
    text = json.dumps(listed["blocks"], ensure_ascii=False)
    assert "Cirklar" in text and "Öppna cirklar: 1" in text and "0 av 6 platser tagna" in text
    [join_button] = buttons(listed["blocks"], ids.CIRCLE_JOIN)
    assert join_button["text"]["text"] == "Gå med"
    joined = press(slack, slack_requests, "USVEN", join_button)
    assert "Du gick med i *Strategisamtal*. Välkommen!" in joined and "Din cirkel" in joined
    assert placed(sessions, made) == ["USVEN"]
    refused = said(slack_requests.command("USVEN", "circles new"))
    assert "Bara programmets samordnare kan skapa eller stänga cirklar." in refused["text"]


def test_a_programme_that_runs_no_circles_says_so_and_one_that_does_is_never_paired(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
) -> None:
    slack.add_user(COORDINATOR)
    people(slack, slack_requests, "UANNA")
    answer = said(slack_requests.command("UANNA", "circles"))
    assert "This programme does not run circles" in answer["text"]
    answer = said(slack_requests.command(COORDINATOR, "circles new"))
    assert "This programme does not run circles" in answer["text"]

    programme_id = run_circles(sessions)
    opened = len(slack.calls_to("views.open"))
    refused = said(slack_requests.command(COORDINATOR, "pair"))
    assert "This programme runs circles" in refused["text"]
    assert "`/mentor circles`" in refused["text"]
    assert len(slack.calls_to("views.open")) == opened
    # Home's Run a round button, and an options modal of before, say the same
    slack_requests.click(COORDINATOR, ids.OPEN_ROUND, str(programme_id))
    modal = slack.last("views.open").view()
    assert "This programme runs circles" in json.dumps(modal["blocks"])
    options = {
        "type": "modal",
        "callback_id": ids.ROUND_OPTIONS_VIEW,
        "private_metadata": f"p{programme_id}",
        "title": {"type": "plain_text", "text": "Round"},
        "blocks": [],
    }
    assert "This programme runs circles" in shown(slack_requests.submit(COORDINATOR, options, {}))


def test_in_a_workspace_of_several_programmes_the_circles_one_is_meant(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
) -> None:
    """Someone in a peer programme and a circles programme browses the circles one without
    being asked which; its coordinator makes a circle in it; its name shows."""
    slack.add_user(COORDINATOR)
    slack.add_user("ULEAD")
    slack.add_user("UANNA")
    circles_id = add_programme(
        sessions, "Learning circles", Enrolment.OPEN, "ULEAD", ProgrammeKind.CIRCLES
    )
    join_both(slack, slack_requests, "UANNA", "Finance")
    with sessions.begin() as session:
        circles.create(
            session,
            team_id=TEAM,
            programme_id=circles_id,
            topic="Strategy talk",
            description="",
            skills=["strategy"],
            min_size=4,
            max_size=6,
            people=[],
            first_facilitator=None,
            origin="test/strategy",
            by="ULEAD",
            now=START,
        )
    listed = said(slack_requests.command("UANNA", "circles"))
    text = json.dumps(listed["blocks"])
    assert "In *Learning circles*" in text and "*Strategy talk*" in text
    [join_button] = buttons(listed["blocks"], ids.CIRCLE_JOIN)
    assert "You joined *Strategy talk*" in press(slack, slack_requests, "UANNA", join_button)

    view = open_new(slack, slack_requests, "ULEAD")
    assert view["private_metadata"] == f"p{circles_id}"
    assert "Learning circles" in json.dumps(view["blocks"])
    # the lead coordinates only the circles programme: the workspace's first is not theirs
    forged = {**view, "private_metadata": "p"}
    assert "Only the programme's coordinators" in shown(
        slack_requests.submit("ULEAD", forged, LISTENING)
    )
    reply = slack_requests.submit("ULEAD", view, LISTENING)
    assert "Circle *Listening that lands* made, with 0 of its 6 seats taken." in shown(reply)
    assert [c.programme_id for c in all_circles(sessions)] == [circles_id, circles_id]


def test_the_channel_follows_making_joining_leaving_and_closing_at_once(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
) -> None:
    """Each click tidies the circle's private channel straight away (not at the next tick):
    made with four, a fifth joins and is invited, leaves and is removed; closing archives it."""
    slack.add_user(COORDINATOR)
    run_circles(sessions)
    four = ("UANNA", "UBEN", "UCARL", "UDORA")
    people(slack, slack_requests, *four, "UERIK")
    view = open_new(slack, slack_requests)
    slack_requests.submit(COORDINATOR, view, {**LISTENING, ids.CIRCLE_MEMBERS: list(four)})
    [made] = all_circles(sessions)
    assert made.channel_id is not None and made.intro_sent_at is not None
    channel = slack.channels[made.channel_id]
    assert channel.is_private and channel.name == "circle-listening-that-lands"
    assert set(four) <= channel.members
    [intro] = [c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == channel.id]
    assert "Listening that lands" in intro.args["text"]

    listed = said(slack_requests.command("UERIK", "circles"))
    [join_button] = buttons(listed["blocks"], ids.CIRCLE_JOIN)
    assert "You joined *Listening that lands*" in press(slack, slack_requests, "UERIK", join_button)
    assert "UERIK" in channel.members
    [leave_button] = buttons(slack.responses[-1]["blocks"], ids.CIRCLE_LEAVE)
    press(slack, slack_requests, "UERIK", leave_button)
    assert "UERIK" not in channel.members and set(four) <= channel.members
    assert [c.args["user"] for c in slack.calls_to("conversations.kick")] == ["UERIK"]

    listed = said(slack_requests.command(COORDINATOR, "circles"))
    [closing] = buttons(listed["blocks"], ids.CIRCLE_CLOSE)
    press(slack, slack_requests, COORDINATOR, closing)
    assert channel.archived
    assert len(slack.calls_to("conversations.archive")) == 1
