"""The App Home tab: an invitation for newcomers, a dashboard for members."""

from __future__ import annotations

from bot import ids
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
