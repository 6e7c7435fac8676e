"""The resource library (issue 18, items 2 and 5): coordinators add, edit and remove a
programme's resources through a modal; members list and search them, paged, and see up to three
on Home matched to the skills they want to develop and their open goals'; opening one is a link
button whose click is counted (counts only, never who) and shown in the digest. Bad links,
over-long fields and unknown skills are refused inline; titles never form a mention."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot import ids
from bot.domain import Enrolment, ResourceInput
from bot.flow import Flow
from bot.models import Resource, ResourceOpen, ResourceSkill
from bot.services import coordinators, resources
from tests.conftest import COORDINATOR, START, Clock
from tests.fakes.blockkit import message_problems, view_problems
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import Reply, SlackRequests
from tests.programme import the_programme
from tests.scenarios.helpers import join
from tests.scenarios.test_coaching import GOAL
from tests.scenarios.test_enrolment import add_programme
from tests.scenarios.test_hostile_input import HYPOTHESIS, TEXT, broadcasts, replied_safely
from tests.scenarios.test_two_programmes import join_both

TEAM = "T0TEST"
GUIDE = {
    ids.RESOURCE_TITLE: "Negotiation basics in ten minutes",
    ids.RESOURCE_URL: "https://www.example.com/negotiation?part=1&lang=en",
    ids.RESOURCE_WHY: "Anchoring, walk-away prices and silence, with examples.",
    ids.RESOURCE_SKILLS: ["negotiation"],
    ids.RESOURCE_LANGUAGE: "en",
}
SHOWN_LINK = (
    "<https://www.example.com/negotiation?part=1&amp;lang=en|Negotiation basics in ten minutes>"
)
_views = iter(range(1, 10_000))


def open_add(slack: FakeSlack, requests: SlackRequests, user: str = COORDINATOR) -> dict[str, Any]:
    """The modal `/mentor resources add` opens, as Slack holds it (a view id of its own)."""
    reply = requests.command(user, "resources add")
    assert (reply.status, reply.body) == (200, "")
    view = slack.last("views.open").view()
    assert view["callback_id"] == ids.RESOURCE_ADD_VIEW
    assert view_problems(view) == []
    return {**view, "id": f"V{next(_views):05d}"}


def add(
    slack: FakeSlack, requests: SlackRequests, user: str = COORDINATOR, **answers: Any
) -> Reply:
    return requests.submit(user, open_add(slack, requests, user), {**GUIDE, **answers})


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


def stored(sessions: sessionmaker[Session]) -> list[tuple[str, str, str, str, list[str]]]:
    with sessions() as session:
        rows = session.scalars(select(Resource).order_by(Resource.id)).all()
        return [
            (
                row.title,
                row.url,
                row.why,
                row.language,
                sorted(
                    session.scalars(
                        select(ResourceSkill.skill).where(ResourceSkill.resource_id == row.id)
                    )
                ),
            )
            for row in rows
            if row.removed_at is None
        ]


def home_of(slack: FakeSlack, requests: SlackRequests, user: str) -> dict[str, Any]:
    requests.home_opened(user)
    publish = slack.last("views.publish")
    assert publish.args["user_id"] == user
    return publish.view()


def link_buttons(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        b["accessory"]
        for b in blocks
        if b.get("accessory", {}).get("action_id") == ids.OPEN_RESOURCE
    ]


def titles_in(blocks: list[dict[str, Any]]) -> list[str]:
    """The titles of the resources shown, in order (each bold on its first line)."""
    return [
        b["text"]["text"].split("*")[1]
        for b in blocks
        if b.get("accessory", {}).get("action_id") == ids.OPEN_RESOURCE
    ]


def buttons(blocks: list[dict[str, Any]], action_id: str) -> list[dict[str, Any]]:
    found = [b.get("accessory") or {} for b in blocks]
    found += [e for b in blocks for e in b.get("elements", [])]
    return [e for e in found if e.get("action_id") == action_id]


def library(sessions: sessionmaker[Session], *items: tuple[str, tuple[str, ...], str]) -> list[int]:
    """Resources added straight through the service: (title, skills, language) each."""
    made = []
    with sessions.begin() as session:
        programme_id = the_programme(session)
        for n, (title, skills, language) in enumerate(items):
            resource = ResourceInput(title, f"https://example.org/{n}", "", skills, language)
            made.append(
                resources.add(
                    session,
                    TEAM,
                    programme_id,
                    resource,
                    COORDINATOR,
                    f"VLIB{n}",
                    START + timedelta(minutes=n),
                )
            )
    return [resource_id for resource_id in made if resource_id is not None]


def test_a_coordinator_adds_a_resource_through_the_modal_once(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
) -> None:
    slack.add_user(COORDINATOR)
    view = open_add(slack, slack_requests)
    labels = json.dumps(view["blocks"])
    assert "Skills it builds" in labels and "Communication" in labels  # grouped skills
    reply = slack_requests.submit(COORDINATOR, view, GUIDE)
    assert SHOWN_LINK in shown(reply)
    expected = (
        "Negotiation basics in ten minutes",
        "https://www.example.com/negotiation?part=1&lang=en",
        "Anchoring, walk-away prices and silence, with examples.",
        "en",
        ["negotiation"],
    )
    assert stored(sessions) == [expected]
    slack_requests.submit(COORDINATOR, view, GUIDE)  # Slack sends the same view again
    assert stored(sessions) == [expected]
    with sessions() as session:
        [row] = session.scalars(select(Resource)).all()
        assert (row.created_by, row.created_at, row.programme_id) == (
            COORDINATOR,
            START,
            the_programme(session),
        )

    # and from the coordinators' panel on Home
    home = home_of(slack, slack_requests, COORDINATOR)
    [panel_button] = buttons(home["blocks"], ids.OPEN_ADD_RESOURCE)
    slack_requests.click(COORDINATOR, ids.OPEN_ADD_RESOURCE, panel_button["value"], view=home)
    modal = slack.last("views.open").view()
    assert modal["callback_id"] == ids.RESOURCE_ADD_VIEW
    assert Flow.decode(modal["private_metadata"]).programme_id == int(panel_button["value"])


def test_someone_who_does_not_coordinate_cannot_add_or_change_one(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
) -> None:
    slack.add_user(COORDINATOR)
    slack.add_user("UANNA")
    join(slack, slack_requests, "UANNA")
    view = open_add(slack, slack_requests)
    opened = len(slack.calls_to("views.open"))

    answer = said(slack_requests.command("UANNA", "resources add"))
    assert "Only the programme's coordinators" in answer["text"]
    assert len(slack.calls_to("views.open")) == opened
    # the coordinator's modal, submitted by someone else: refused, nothing kept
    assert "Only the programme's coordinators" in shown(slack_requests.submit("UANNA", view, GUIDE))
    # a programme of another workspace, or none, in a forged private_metadata
    for forged in ("p999", "p0", "nonsense"):
        reply = slack_requests.submit(COORDINATOR, {**view, "private_metadata": forged}, GUIDE)
        if forged == "nonsense":  # no programme named: the workspace's, which they coordinate
            continue
        assert "Only the programme's coordinators" in shown(reply)
    assert len(stored(sessions)) == 1  # the coordinator's own, from the nonsense metadata

    [resource_id] = library(sessions, ("Strategy 101", ("strategy",), "any"))
    slack_requests.click("UANNA", ids.EDIT_RESOURCE, f"{resource_id} 0 ")
    slack_requests.click("UANNA", ids.REMOVE_RESOURCE, f"{resource_id} 0 ")
    assert len(slack.calls_to("views.open")) == opened
    edit = {
        "type": "modal",
        "callback_id": ids.RESOURCE_EDIT_VIEW,
        "private_metadata": str(resource_id),
        "title": {"type": "plain_text", "text": "Edit"},
        "blocks": view["blocks"],
    }
    assert "Only the programme's coordinators" in shown(
        slack_requests.submit("UANNA", edit, {**GUIDE, ids.RESOURCE_TITLE: "Mine now"})
    )
    assert [title for title, *_ in stored(sessions)] == [GUIDE[ids.RESOURCE_TITLE], "Strategy 101"]
    dms = [c.args["text"] for c in slack.calls_to("chat.postMessage")]
    assert dms.count("Only the programme's coordinators can add or change its resources.") == 2
    with sessions() as session:
        assert session.scalar(select(func.count()).where(Resource.removed_at.is_not(None))) == 0


def test_a_resource_reaches_the_home_of_members_who_want_its_skill_and_no_one_else(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
) -> None:
    slack.add_user(COORDINATOR)
    for user in ("UANNA", "UBEN"):
        slack.add_user(user)
    join(slack, slack_requests, "UANNA")  # wants strategy and negotiation
    join(slack, slack_requests, "UBEN", skills_wanted=["public_speaking", "writing"])
    add(slack, slack_requests)

    anna = home_of(slack, slack_requests, "UANNA")
    assert view_problems(anna) == []
    [opening] = link_buttons(anna["blocks"])
    assert opening["url"] == GUIDE[ids.RESOURCE_URL]
    text = json.dumps(anna["blocks"])
    assert "Suggested for you" in text and "*Negotiation basics in ten minutes*" in text
    assert "example.com \\u00b7 Negotiation \\u00b7 English" in text
    ben = home_of(slack, slack_requests, "UBEN")
    assert link_buttons(ben["blocks"]) == []
    assert "Negotiation basics" not in json.dumps(ben["blocks"])

    # an open goal on the skill brings it to Ben too
    slack_requests.command("UBEN", "goal")
    slack_requests.submit("UBEN", slack.last("views.open").view(), GOAL)
    assert len(link_buttons(home_of(slack, slack_requests, "UBEN")["blocks"])) == 1


def test_up_to_three_suggestions_the_members_language_first(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
) -> None:
    slack.add_user("USVEN", locale="sv-SE")
    join(slack, slack_requests, "USVEN")  # wants strategy and negotiation
    library(
        sessions,
        ("Strategy in English", ("strategy",), "en"),
        ("Strategi på svenska", ("strategy",), "sv"),
        ("Negotiation for all", ("negotiation",), "any"),
        ("Speaking, for others", ("public_speaking",), "any"),
        ("Both, in English", ("strategy", "negotiation"), "en"),
    )
    home = home_of(slack, slack_requests, "USVEN")
    assert titles_in(home["blocks"]) == [
        "Strategi på svenska",
        "Negotiation for all",
        "Both, in English",
    ]
    text = json.dumps(home["blocks"], ensure_ascii=False)
    assert "Förslag till dig" in text and "Öppna" in text


def test_a_link_click_is_counted_and_the_digest_shows_counts_never_who(
    slack: FakeSlack,
    slack_requests: SlackRequests,
    sessions: sessionmaker[Session],
    clock: Clock,
) -> None:
    slack.add_user(COORDINATOR)
    for user in ("UANNA", "UBEN"):
        slack.add_user(user)
        join(slack, slack_requests, user)
    add(slack, slack_requests)
    [other, gone] = library(
        sessions, ("Strategy maps", ("strategy",), "any"), ("Old link", ("strategy",), "any")
    )
    with sessions.begin() as session:
        assert resources.remove(session, TEAM, gone, COORDINATOR, START)

    home = home_of(slack, slack_requests, "UANNA")
    values = {b["value"] for b in link_buttons(home["blocks"])}
    [guide] = values - {str(other)}
    for user, value in (("UANNA", guide), ("UANNA", guide), ("UBEN", guide), ("UBEN", str(other))):
        button = {"type": "button", "action_id": ids.OPEN_RESOURCE, "value": value, "url": "x"}
        assert slack_requests.act(user, button, view=home).status == 200
    for forged in (str(gone), "99999", "not a number", ""):  # removed, unknown, malformed
        assert slack_requests.click("UANNA", ids.OPEN_RESOURCE, forged, view=home).status == 200
    with sessions() as session:
        rows = session.execute(select(ResourceOpen)).scalars().all()
        assert sorted((row.resource_id, row.opens) for row in rows) == sorted(
            [(other, 1), (int(guide), 3)]
        )
        columns = set(ResourceOpen.__table__.columns.keys())
    assert columns == {"resource_id", "hour", "team_id", "programme_id", "opens"}  # never who

    clock.advance(hours=1)
    slack_requests.command(COORDINATOR, "digest preview")
    [opened] = [
        b["text"]["text"]
        for b in slack.responses[-1]["blocks"]
        if "Most opened resources" in b.get("text", {}).get("text", "")
    ]
    assert opened == (
        "*Most opened resources this cycle*\n"
        f"\u2022 {SHOWN_LINK}: opened 3 times\n"
        "\u2022 <https://example.org/0|Strategy maps>: opened once"
    )  # counts only: nobody who opened them, and nothing removed


def test_the_list_searches_by_word_or_skill_and_turns_its_pages(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
) -> None:
    slack.add_user("UANNA")
    slack.add_user("UOUTSIDER")
    join(slack, slack_requests, "UANNA")
    library(
        sessions,
        *((f"Strategy reading {n}", ("strategy",), "any") for n in range(1, 6)),
        ("Negotiation tactics", ("negotiation",), "en"),
        ("Say no without guilt", ("negotiation", "confidence"), "any"),
    )
    first = said(slack_requests.command("UANNA", "resources"))
    assert "7 in the library, newest first." in first["text"]
    page = first["blocks"]
    assert len(link_buttons(page)) == 5
    assert "Say no without guilt" in json.dumps(page)  # newest first
    assert buttons(page, ids.EDIT_RESOURCE) == buttons(page, ids.OPEN_ADD_RESOURCE) == []
    assert "Page 1 of 2" in json.dumps(page)
    [following] = buttons(page, ids.RESOURCES_PAGE)
    action = {"type": "button", "action_id": ids.RESOURCES_PAGE, "value": following["value"]}
    slack_requests.act("UANNA", action, message=("D0ANNA", "1700000000.000100"))
    second = slack.responses[-1]
    assert second["replace_original"] is True
    assert message_problems(second["text"], second["blocks"]) == []
    assert len(link_buttons(second["blocks"])) == 2
    assert "Page 2 of 2" in json.dumps(second["blocks"])
    [back] = buttons(second["blocks"], ids.RESOURCES_PAGE)
    assert back["text"]["text"] == "Previous"

    # by a word of the title or why line, by a skill's name in either language
    for words, titles in (
        ("negotiation", ["Say no without guilt", "Negotiation tactics"]),
        ("förhandling", ["Say no without guilt", "Negotiation tactics"]),
        ("Self-confidence", []),
        ("confidence", ["Say no without guilt"]),
        ("reading 3", ["Strategy reading 3"]),
        ("100%_", []),
    ):
        answer = said(slack_requests.command("UANNA", f"resources {words}"))
        assert titles_in(answer["blocks"]) == titles, words
    empty = said(slack_requests.command("UANNA", "resources juggling"))
    assert "Nothing in the library matches _juggling_ yet" in empty["text"]
    refused = said(slack_requests.command("UOUTSIDER", "resources"))
    assert "for the programme's members" in refused["text"]


def test_a_coordinator_edits_and_removes_from_the_list(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
) -> None:
    slack.add_user(COORDINATOR)
    slack.add_user("UANNA")
    join(slack, slack_requests, "UANNA")
    add(slack, slack_requests)
    listed = said(slack_requests.command(COORDINATOR, "resources negotiation"))
    [edit] = buttons(listed["blocks"], ids.EDIT_RESOURCE)
    [remove] = buttons(listed["blocks"], ids.REMOVE_RESOURCE)
    assert remove["confirm"]["confirm"]["text"] == "Remove it"
    assert len(buttons(listed["blocks"], ids.OPEN_ADD_RESOURCE)) == 1

    slack_requests.click(COORDINATOR, ids.EDIT_RESOURCE, edit["value"])
    modal = {**slack.last("views.open").view(), "id": "V0EDIT"}
    assert modal["callback_id"] == ids.RESOURCE_EDIT_VIEW
    assert view_problems(modal) == []
    changed = {ids.RESOURCE_TITLE: "Negotiation, the basics", ids.RESOURCE_SKILLS: ["strategy"]}
    reply = slack_requests.submit(COORDINATOR, modal, changed)  # the rest as it opened
    assert (
        "Saved <https://www.example.com/negotiation?part=1&amp;lang=en|Negotiation, the basics>"
        in shown(reply)
    )
    assert stored(sessions) == [
        (
            "Negotiation, the basics",
            GUIDE[ids.RESOURCE_URL],
            GUIDE[ids.RESOURCE_WHY],
            "en",
            ["strategy"],
        )
    ]
    assert len(link_buttons(home_of(slack, slack_requests, "UANNA")["blocks"])) == 1

    action = {**remove, "type": "button"}
    slack_requests.act(COORDINATOR, action, message=("D0COORD", "1700000000.000200"))
    replaced, told = slack.responses[-2:]
    assert replaced["replace_original"] is True
    assert "Nothing in the library matches _negotiation_ yet" in replaced["text"]
    assert told["text"].startswith("Removed *Negotiation, the basics* from the library.")
    assert stored(sessions) == []
    assert link_buttons(home_of(slack, slack_requests, "UANNA")["blocks"]) == []
    assert link_buttons(said(slack_requests.command("UANNA", "resources"))["blocks"]) == []
    # a removed one's edit, or a second removal, changes nothing
    slack_requests.act(COORDINATOR, action, message=("D0COORD", "1700000000.000200"))
    assert slack.responses[-1]["text"] == "That resource is no longer in the library."
    gone = slack_requests.submit(COORDINATOR, modal, changed)
    assert "That resource is no longer in the library." in shown(gone)


@pytest.mark.parametrize(
    ("answers", "block", "message"),
    [
        ({ids.RESOURCE_URL: "javascript:alert(1)"}, ids.RESOURCE_URL, "Only web links"),
        ({ids.RESOURCE_URL: "mailto:anna@example.com"}, ids.RESOURCE_URL, "Only web links"),
        ({ids.RESOURCE_URL: "https://"}, ids.RESOURCE_URL, "not a web address"),
        ({ids.RESOURCE_URL: "https://exa mple.com/"}, ids.RESOURCE_URL, "not a web address"),
        (
            {ids.RESOURCE_URL: "https://bank.se@evil.example/"},
            ids.RESOURCE_URL,
            "not a web address",
        ),
        ({ids.RESOURCE_URL: "https://a.se/<!channel>"}, ids.RESOURCE_URL, "not a web address"),
        ({ids.RESOURCE_URL: "www.example.com"}, ids.RESOURCE_URL, "Only web links"),
        ({ids.RESOURCE_URL: ""}, ids.RESOURCE_URL, "Paste the link"),
        ({ids.RESOURCE_URL: "https://a.se/" + "x" * 2000}, ids.RESOURCE_URL, "over 2000"),
        ({ids.RESOURCE_TITLE: "x" * 151}, ids.RESOURCE_TITLE, "Keep it to 150 characters."),
        ({ids.RESOURCE_TITLE: "   "}, ids.RESOURCE_TITLE, "Give the resource a title."),
        ({ids.RESOURCE_WHY: "y" * 301}, ids.RESOURCE_WHY, "Keep it to 300 characters."),
        ({ids.RESOURCE_SKILLS: ["juggling"]}, ids.RESOURCE_SKILLS, "no longer exists"),
        (
            {
                ids.RESOURCE_SKILLS: [
                    "strategy",
                    "negotiation",
                    "writing",
                    "design",
                    "sales",
                    "finance",
                ]
            },
            ids.RESOURCE_SKILLS,
            "up to 5",
        ),
        ({ids.RESOURCE_LANGUAGE: "klingon"}, ids.RESOURCE_LANGUAGE, "Choose a language."),
    ],
)
def test_bad_input_is_refused_inline_and_the_modal_stays_as_typed(
    slack: FakeSlack,
    slack_requests: SlackRequests,
    sessions: sessionmaker[Session],
    answers: dict[str, Any],
    block: str,
    message: str,
) -> None:
    slack.add_user(COORDINATOR)
    reply = add(slack, slack_requests, **answers)
    answer = reply.json()
    assert answer["response_action"] == "errors"  # Slack keeps the modal and what was typed
    assert list(answer["errors"]) == [block]
    assert message in answer["errors"][block]
    assert stored(sessions) == []


def test_a_title_or_why_line_never_mentions_or_broadcasts(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
) -> None:
    slack.add_user(COORDINATOR)
    slack.add_user("UANNA")
    join(slack, slack_requests, "UANNA")
    loud = {ids.RESOURCE_TITLE: "Read this <!channel> <@UBEN>", ids.RESOURCE_WHY: "<!here> & more"}
    answer = shown(add(slack, slack_requests, **loud))
    assert "Read this &lt;!channel&gt; &lt;@UBEN&gt;" in answer
    home = json.dumps(home_of(slack, slack_requests, "UANNA")["blocks"])
    listed = json.dumps(said(slack_requests.command("UANNA", "resources"))["blocks"])
    for text in (answer, home, listed):
        assert "<!channel>" not in text and "<!here>" not in text and "<@UBEN>" not in text
    assert "&lt;!here&gt; &amp; more" in home


def test_a_coordinator_of_several_programmes_picks_one_and_reaches_no_other(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
) -> None:
    lead = "ULEAD"
    slack.add_user(COORDINATOR)
    slack.add_user(lead)
    leaders = add_programme(sessions, "Leaders", Enrolment.OPEN, coordinator=lead)
    menu = said(slack_requests.command(COORDINATOR, "resources add"))
    choices = buttons(menu["blocks"], ids.CHOOSE_PROGRAMME)
    [leaders_choice] = [c for c in choices if c["value"].split()[0] == str(leaders)]
    assert leaders_choice["value"] == f"{leaders} resources add"
    slack_requests.click(COORDINATOR, ids.CHOOSE_PROGRAMME, leaders_choice["value"])
    view = slack.last("views.open").view()
    assert Flow.decode(view["private_metadata"]).programme_id == leaders
    assert "In the library of *Leaders*." in json.dumps(view["blocks"])
    slack_requests.submit(COORDINATOR, view, GUIDE)
    with sessions() as session:
        assert session.scalars(select(Resource.programme_id)).all() == [leaders]

    # Leaders' own coordinator has one programme, no menu; and cannot reach the first one
    view = open_add(slack, slack_requests, lead)
    assert Flow.decode(view["private_metadata"]).programme_id == leaders
    with sessions() as session:
        first = the_programme(session)
    forged = {**view, "private_metadata": Flow(first).encode()}
    assert "Only the programme's coordinators" in shown(slack_requests.submit(lead, forged, GUIDE))
    with sessions() as session:
        assert session.scalars(select(Resource.programme_id)).all() == [leaders]


def test_in_swedish(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
) -> None:
    slack.add_user(COORDINATOR, locale="sv-SE")
    slack.add_user("USVEN", locale="sv-SE")
    join(slack, slack_requests, "USVEN")
    view = open_add(slack, slack_requests)
    assert view["title"]["text"] == "Lägg till en resurs"
    assert view["submit"]["text"] == "Lägg till"
    modal = json.dumps(view["blocks"], ensure_ascii=False)
    assert "Förmågor den utvecklar" in modal and "Kommunikation" in modal
    bad = slack_requests.submit(COORDINATOR, view, {**GUIDE, ids.RESOURCE_URL: "ftp://a.se"})
    assert "Bara webblänkar" in bad.json()["errors"][ids.RESOURCE_URL]
    swedish = {**GUIDE, ids.RESOURCE_LANGUAGE: "sv"}
    done = shown(slack_requests.submit(COORDINATOR, {**view, "id": "V0SV"}, swedish))
    assert "finns nu i biblioteket" in done
    listed = said(slack_requests.command("USVEN", "resources"))
    assert "1 i biblioteket, nyast först." in listed["text"]
    text = json.dumps(listed["blocks"], ensure_ascii=False)
    assert "Förhandling" in text and "Svenska" in text and "Öppna" in text
    home = json.dumps(home_of(slack, slack_requests, "USVEN")["blocks"], ensure_ascii=False)
    assert "Förslag till dig" in home


@HYPOTHESIS
@given(title=TEXT, url=TEXT, why=TEXT, skill=TEXT, language=TEXT)
def test_any_resource_is_saved_escaped_or_refused_inline(
    slack: FakeSlack,
    slack_requests: SlackRequests,
    sessions: sessionmaker[Session],
    title: str,
    url: str,
    why: str,
    skill: str,
    language: str,
) -> None:
    slack.add_user(COORDINATOR)
    answers = {
        ids.RESOURCE_TITLE: title,
        ids.RESOURCE_URL: url,
        ids.RESOURCE_WHY: why,
        ids.RESOURCE_SKILLS: [skill, "strategy"],
        ids.RESOURCE_LANGUAGE: language,
    }
    reply = add(slack, slack_requests, **answers)
    assert reply.status == 200, reply.body
    assert replied_safely(reply.json()), reply.body
    said(slack_requests.command(COORDINATOR, "resources"))
    assert broadcasts(slack) == []


@HYPOTHESIS
@given(value=TEXT, metadata=TEXT)
def test_forged_resource_clicks_and_modals_are_answered_and_change_nothing(
    slack: FakeSlack,
    slack_requests: SlackRequests,
    sessions: sessionmaker[Session],
    value: str,
    metadata: str,
) -> None:
    slack.add_user("UANNA")
    library(sessions, ("Strategy 101", ("strategy",), "any"))
    before = stored(sessions)
    for action_id in (ids.OPEN_RESOURCE, ids.RESOURCES_PAGE, ids.EDIT_RESOURCE):
        for forged in (value[:2000], f"1 0 {value}"[:2000], f"{2**63} {2**31} x"):
            click = {"type": "button", "action_id": action_id, "value": forged}
            reply = slack_requests.act("UANNA", click, message=("DANNA", "1700000000.000100"))
            assert reply.status == 200, (action_id, forged, reply.body)
    for callback in (ids.RESOURCE_ADD_VIEW, ids.RESOURCE_EDIT_VIEW):
        view = {"type": "modal", "callback_id": callback, "private_metadata": metadata[:3000]}
        reply = slack_requests.submit("UANNA", {**view, "blocks": []}, {})
        assert reply.status == 200, (callback, metadata, reply.body)
        assert replied_safely(reply.json()), reply.body
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(ResourceOpen)) in (0, 1)
    assert stored(sessions) == before
    assert broadcasts(slack) == []


def test_export_me_lists_what_a_coordinator_added_and_forget_me_keeps_it_without_them(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
) -> None:
    curator = "UCURATOR"
    slack.add_user(curator)
    with sessions.begin() as session:
        programme_id = the_programme(session)
    with sessions.begin() as session:
        coordinators.appoint(session, TEAM, programme_id, curator, COORDINATOR, START)
    add(slack, slack_requests, curator)
    slack_requests.command(curator, "export-me")
    completed = slack.last("files.completeUploadExternal").args
    data = json.loads(slack.uploads[json.loads(completed["files"])[0]["id"]])
    [mine] = data["resources_i_added_or_changed"]
    assert (mine["title"], mine["created_by"]) == (GUIDE[ids.RESOURCE_TITLE], curator)

    slack_requests.command(curator, "forget-me")
    slack_requests.submit(curator, slack.last("views.open").view(), {"confirm": ["yes"]})
    with sessions() as session:
        [row] = session.scalars(select(Resource)).all()
        assert row.title == GUIDE[ids.RESOURCE_TITLE] and row.removed_at is None
        assert curator not in (row.created_by, row.updated_by)


def test_someone_in_two_programmes_reads_each_ones_library_and_suggestions(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
) -> None:
    leaders = add_programme(sessions, "Leaders", Enrolment.OPEN, coordinator="ULEAD")
    slack.add_user("UANNA")
    join_both(slack, slack_requests, "UANNA", "Finance")  # wants strategy and negotiation
    library(sessions, ("Peer strategy", ("strategy",), "any"))
    with sessions.begin() as session:
        leading = ResourceInput(
            "Leading change", "https://example.org/lead", "", ("strategy",), "en"
        )
        resources.add(session, TEAM, leaders, leading, "ULEAD", "V0LEAD", START)

    menu = said(slack_requests.command("UANNA", "resources strategy"))
    values = [b["value"] for b in buttons(menu["blocks"], ids.CHOOSE_PROGRAMME)]
    assert f"{leaders} resources strategy" in values and len(values) == 2
    choice = {"type": "button", "action_id": ids.CHOOSE_PROGRAMME, "value": values[-1]}
    slack_requests.act("UANNA", choice, message=("D0ANNA", "1700000000.000300"))
    listed = slack.responses[-1]
    assert listed["replace_original"] is True
    assert [titles_in(listed["blocks"]), titles_in(menu["blocks"])] == [["Leading change"], []]

    home = home_of(slack, slack_requests, "UANNA")
    assert view_problems(home) == []
    assert titles_in(home["blocks"]) == ["Peer strategy", "Leading change"]  # each in its part
