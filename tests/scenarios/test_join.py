"""/mentor join: the profile modal, joining, editing, and bad input answered inline."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from bot import ids
from bot.domain import MemberStatus
from tests.conftest import START, Clock
from tests.fakes.blockkit import view_problems
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.scenarios.helpers import (
    MEETING_DEFAULTS,
    PROFILE,
    events,
    input_values,
    join,
    member,
    open_join_modal,
    place,
)


def test_join_opens_an_empty_profile_modal(slack: FakeSlack, slack_requests: SlackRequests):
    slack.add_user("UANNA")

    view = open_join_modal(slack, slack_requests, "UANNA")

    assert view["title"]["text"] == "Join Mentor"
    assert view["submit"]["text"] == "Join"
    assert input_values(view) == {
        "skills_offered": None,
        "skills_wanted": None,
        "department": None,
        "role_preference": "peer",
        "career_level": None,
        "about": None,
        **MEETING_DEFAULTS,
    }
    assert "coordinators" in str(view["blocks"])  # who sees the profile is said in the modal


def test_joining_stores_the_profile_and_welcomes_by_dm(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    slack.add_user("UANNA", tz="America/New_York")

    body = join(slack, slack_requests, "UANNA")

    assert body == {}  # the modal closes
    stored, joined = member(sessions, "UANNA"), place(sessions, "UANNA")
    assert stored is not None and joined is not None
    assert joined.status is MemberStatus.ACTIVE
    assert stored.skills_offered == PROFILE["skills_offered"]
    assert stored.skills_wanted == PROFILE["skills_wanted"]
    assert (stored.department, stored.about) == ("Finance", PROFILE["about"])
    assert (joined.role_preference, stored.career_level) == ("peer", "mid")
    assert joined.joined_at == START
    assert (stored.locale, stored.time_zone) == ("en", "America/New_York")
    assert events(sessions, "UANNA") == ["joined"]

    dm = slack.last("chat.postMessage")
    assert dm.args["channel"] == "UANNA"
    assert "Welcome to the peer-coaching programme" in dm.args["text"]
    assert "Strategy, Negotiation" in str(dm.blocks())
    assert slack.calls_to("views.publish") == []  # Home is built when they next open it
    slack_requests.home_opened("UANNA")
    assert "Finance" in str(slack.last("views.publish").view()["blocks"])


def test_joining_from_home_shows_the_new_profile_on_home_at_once(
    slack: FakeSlack, slack_requests: SlackRequests
):
    slack.add_user("UANNA")
    slack_requests.home_opened("UANNA")
    slack_requests.click("UANNA", ids.OPEN_PROFILE, view=slack.last("views.publish").view())

    reply = slack_requests.submit("UANNA", slack.last("views.open").view(), PROFILE)

    assert reply.json() == {}
    home = slack.last("views.publish")
    assert home.args["user_id"] == "UANNA"
    assert "Finance" in str(home.view()["blocks"])
    assert len(slack.calls_to("views.publish")) == 2


def test_join_again_edits_the_profile_in_a_prefilled_modal(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    slack.add_user("UANNA")
    join(slack, slack_requests, "UANNA")
    clock.advance(days=3)

    view = open_join_modal(slack, slack_requests, "UANNA")
    assert view["title"]["text"] == "Your profile"
    assert input_values(view) == {**PROFILE, **MEETING_DEFAULTS}
    reply = slack_requests.submit("UANNA", view, {"department": "Customer Success"}).json()

    stored = member(sessions, "UANNA")
    assert stored is not None
    assert stored.department == "Customer Success"
    assert stored.skills_wanted == PROFILE["skills_wanted"]  # untouched fields are kept
    assert place(sessions, "UANNA").joined_at == START  # type: ignore[union-attr]  # an edit is not a new membership
    assert stored.updated_at == clock.now
    assert events(sessions, "UANNA") == ["joined", "profile_updated"]
    assert reply["response_action"] == "update"  # the modal confirms, with what is stored now
    assert view_problems(reply["view"]) == []
    shown = str(reply["view"]["blocks"])
    assert "Your profile is updated" in shown and "Customer Success" in shown
    assert len(slack.calls_to("chat.postMessage")) == 1  # the welcome only, no DM for an edit


def test_an_edit_from_home_updates_home_too(slack: FakeSlack, slack_requests: SlackRequests):
    slack.add_user("USVEN", locale="sv-SE")
    join(slack, slack_requests, "USVEN")
    slack_requests.home_opened("USVEN")
    slack_requests.click("USVEN", ids.OPEN_PROFILE, view=slack.last("views.publish").view())
    view = slack.last("views.open").view()

    reply = slack_requests.submit("USVEN", view, {"department": "Ekonomi"}).json()

    assert "Din profil är uppdaterad" in str(reply["view"]["blocks"])
    assert "Ekonomi" in str(slack.last("views.publish").view()["blocks"])


def test_swedish_member_gets_a_swedish_modal_and_dm(
    slack: FakeSlack, slack_requests: SlackRequests
):
    slack.add_user("USVEN", locale="sv-SE")

    view = open_join_modal(slack, slack_requests, "USVEN")
    assert view["title"]["text"] == "Gå med i Mentor"
    assert "Det här vill jag utveckla" in str(view["blocks"])
    assert "Att tala inför grupp" in str(view["blocks"])
    slack_requests.submit("USVEN", view, PROFILE)

    dm = slack.last("chat.postMessage")
    assert "Välkommen till programmet" in dm.args["text"]
    assert "Strategi, Förhandling" in str(dm.blocks())


def test_nothing_to_develop_is_answered_inline_and_nothing_is_stored(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    slack.add_user("UANNA")

    body = join(slack, slack_requests, "UANNA", skills_wanted=[])

    assert body == {
        "response_action": "errors",
        "errors": {"skills_wanted": "Choose at least one thing you want to develop."},
    }
    assert place(sessions, "UANNA") is None  # never joined
    assert slack.calls_to("chat.postMessage") == []


def test_text_over_the_limit_is_answered_inline_per_field(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    slack.add_user("USVEN", locale="sv-SE")

    body = join(slack, slack_requests, "USVEN", about="x" * 501, department="d" * 81)

    assert body["response_action"] == "errors"
    assert body["errors"] == {
        "about": "Håll dig till högst 500 tecken (du har 501).",
        "department": "Håll dig till högst 80 tecken (du har 81).",
    }
    assert place(sessions, "USVEN") is None  # never joined


def test_forged_skills_and_choices_are_refused(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    slack.add_user("UANNA")

    body = join(
        slack,
        slack_requests,
        "UANNA",
        skills_offered=["juggling"],
        skills_wanted=[f"s{i}" for i in range(3)],
        role_preference="overlord",
        career_level=None,
        department="   ",
    )

    assert set(body["errors"]) == {
        "skills_offered",
        "skills_wanted",
        "role_preference",
        "career_level",
        "department",
    }
    assert place(sessions, "UANNA") is None  # never joined


def test_mentions_in_profile_text_never_reach_slack_as_mentions(
    slack: FakeSlack, slack_requests: SlackRequests
):
    slack.add_user("UANNA")

    join(slack, slack_requests, "UANNA", about="Hi <!channel> & <@UBOSS>", department="<!here>")

    slack_requests.home_opened("UANNA")
    edit = slack_requests.submit("UANNA", open_join_modal(slack, slack_requests, "UANNA"), {})
    sent = (
        str(slack.last("chat.postMessage").blocks())
        + str(slack.last("views.publish").view())
        + str(edit.json()["view"])
    )
    assert "<!channel>" not in sent and "<!here>" not in sent and "<@UBOSS>" not in sent
    assert "&lt;!channel&gt; &amp; &lt;@UBOSS&gt;" in sent


def test_a_failed_dm_does_not_lose_the_profile(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    from tests.fakes.slack_api import Failure

    slack.add_user("UANNA")
    slack.fail("chat.postMessage", Failure(error="messages_tab_disabled"))

    body = join(slack, slack_requests, "UANNA")

    assert body == {}
    assert place(sessions, "UANNA").status is MemberStatus.ACTIVE  # type: ignore[union-attr]
