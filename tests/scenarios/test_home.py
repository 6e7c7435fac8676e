"""The App Home tab: an invitation for newcomers, a dashboard for members."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot import ids
from bot.services import events
from tests.conftest import START
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.scenarios.helpers import join


def test_newcomer_sees_what_the_programme_is_and_a_join_button(
    slack: FakeSlack, slack_requests: SlackRequests
):
    slack.add_user("UANNA")

    reply = slack_requests.home_opened("UANNA")

    assert reply.status == 200
    publish = slack.last("views.publish")
    assert publish.args["user_id"] == "UANNA"
    home = publish.view()
    assert home["type"] == "home"
    assert "every two weeks" in str(home["blocks"])
    assert ids.OPEN_PROFILE in str(home["blocks"])
    assert ids.OPEN_LEAVE not in str(home["blocks"])


def test_join_button_opens_the_profile_modal(slack: FakeSlack, slack_requests: SlackRequests):
    slack.add_user("UANNA")
    slack_requests.home_opened("UANNA")
    home = slack.last("views.publish").view()

    reply = slack_requests.click("UANNA", ids.OPEN_PROFILE, view=home)

    assert reply.status == 200
    assert slack.last("views.open").view()["callback_id"] == ids.PROFILE_VIEW


def test_member_sees_profile_and_status_and_can_edit_or_leave(
    slack: FakeSlack, slack_requests: SlackRequests
):
    slack.add_user("USVEN", locale="sv-SE")
    join(slack, slack_requests, "USVEN", department="Ekonomi")

    slack_requests.home_opened("USVEN")

    home = slack.last("views.publish").view()
    shown = str(home["blocks"])
    assert "Ditt mentorskap" in shown and "*Status:* Aktiv" in shown
    assert "Ekonomi" in shown and "Strategi" in shown
    slack_requests.click("USVEN", ids.OPEN_LEAVE, view=home)
    assert slack.last("views.open").view()["callback_id"] == ids.LEAVE_VIEW


def test_messages_tab_opening_publishes_nothing(slack: FakeSlack, slack_requests: SlackRequests):
    slack.add_user("UANNA")

    slack_requests.event(
        {"type": "app_home_opened", "user": "UANNA", "channel": "DANNA", "tab": "messages"}
    )

    assert slack.calls_to("views.publish") == []


def test_an_event_slack_retries_is_handled_once(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
) -> None:
    slack.add_user("UANNA")
    event = {"type": "app_home_opened", "user": "UANNA", "channel": "DANNA", "tab": "home"}
    for _ in range(3):  # the first delivery and two retries of it
        assert slack_requests.event(event, event_id="Ev0RETRIED").status == 200
    assert len(slack.calls_to("views.publish")) == 1
    assert slack_requests.event(event, event_id="Ev0ANOTHER").status == 200
    assert len(slack.calls_to("views.publish")) == 2
    with sessions.begin() as session:  # the record of deliveries is pruned after a day
        assert events.prune(session, START + timedelta(days=1, minutes=1)) == 2
    assert slack_requests.event(event, event_id="Ev0RETRIED").status == 200
    assert len(slack.calls_to("views.publish")) == 3
