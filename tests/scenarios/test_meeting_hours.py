"""Meeting hours in the profile: when and how each person can meet, and whose public holidays
they keep, edited in the profile modal, stored on the member and shown back."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.domain import MeetingForm
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.scenarios.helpers import (
    MEETING_DEFAULTS,
    PROFILE,
    country_choice,
    country_menu,
    events,
    input_values,
    join,
    member,
    open_join_modal,
    place,
)

HOURS = {
    "meeting_start": "08:30",
    "meeting_end": "12:00",
    "meeting_days": ["0", "2", "4"],
    "meeting_form": "video",
    "holiday_country": "NO",
}


def _block(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    return next(b for b in view["blocks"] if b.get("block_id") == block_id)


def _lines(view: dict[str, Any] | list[dict[str, Any]]) -> list[str]:
    """The lines of a view's or message's sections."""
    blocks = view["blocks"] if isinstance(view, dict) else view
    return [
        line for b in blocks if b["type"] == "section" for line in b["text"]["text"].splitlines()
    ]


def _texts(options: dict[str, Any] | list[dict[str, Any]]) -> list[str]:
    """The texts of options, or of a checkboxes or radio element's options."""
    found = options if isinstance(options, list) else options["options"]
    return [o["text"]["text"] for o in found]


def test_a_new_member_meets_on_weekdays_from_nine_to_five_in_either_form(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    slack.add_user("UANNA")

    view = open_join_modal(slack, slack_requests, "UANNA")
    assert {k: v for k, v in input_values(view).items() if k in HOURS} == MEETING_DEFAULTS
    assert "Europe/Stockholm" in str(view["blocks"])  # the zone the times are in is said
    join(slack, slack_requests, "UANNA")

    stored = member(sessions, "UANNA")
    assert stored is not None
    assert (stored.meeting_start, stored.meeting_end) == (time(9, 0), time(17, 0))
    assert stored.meeting_days == frozenset({0, 1, 2, 3, 4})
    assert stored.meeting_form is MeetingForm.EITHER
    assert stored.holiday_country is None  # from their time zone
    assert "*Meets:* Mon-Fri 09:00-17:00, video or in person" in _lines(
        slack.last("chat.postMessage").blocks()
    )


def test_a_member_edits_hours_days_form_and_country(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    slack.add_user("UANNA")
    join(slack, slack_requests, "UANNA")

    view = open_join_modal(slack, slack_requests, "UANNA")
    norway = country_choice(slack_requests, "UANNA", view, "norw", "NO")
    reply = slack_requests.submit("UANNA", view, {**HOURS, "holiday_country": norway}).json()

    assert reply["response_action"] == "update"
    shown = _lines(reply["view"])
    assert "*Meets:* Mon, Wed, Fri 08:30-12:00, by video; public holidays of Norway" in shown
    stored = member(sessions, "UANNA")
    assert stored is not None
    assert (stored.meeting_start, stored.meeting_end) == (time(8, 30), time(12, 0))
    assert stored.meeting_days == frozenset({0, 2, 4})
    assert stored.meeting_form is MeetingForm.VIDEO
    assert stored.holiday_country == "NO"
    assert stored.department == PROFILE["department"]  # the rest of the profile is kept
    assert input_values(open_join_modal(slack, slack_requests, "UANNA")) == {**PROFILE, **HOURS}
    slack_requests.home_opened("UANNA")
    assert "Mon, Wed, Fri 08:30-12:00" in str(slack.last("views.publish").view()["blocks"])

    view = open_join_modal(slack, slack_requests, "UANNA")
    assert input_values(view)["holiday_country"] == "NO"  # the menu opens on Norway
    zone = country_choice(slack_requests, "UANNA", view, "", "zone")
    back = {"holiday_country": zone, "meeting_days": ["5", "6"], "meeting_form": "in_person"}
    reply = slack_requests.submit("UANNA", view, back).json()

    assert "*Meets:* Sat, Sun 08:30-12:00, in person" in _lines(reply["view"])
    stored = member(sessions, "UANNA")
    assert stored is not None
    assert stored.holiday_country is None
    assert stored.meeting_days == frozenset({5, 6})
    assert stored.meeting_form is MeetingForm.IN_PERSON


BAD_HOURS = [
    ({"meeting_end": "09:30"}, {"meeting_end": "Choose an end after the start"}),
    ({"meeting_end": "10:00"}, {"meeting_end": "Choose an end after the start"}),
    ({"meeting_end": "10:29"}, {"meeting_end": "Leave at least 30 minutes between"}),
    ({"meeting_days": []}, {"meeting_days": "Choose at least one day."}),
    ({"meeting_days": ["0", "7"]}, {"meeting_days": "Choose days from the list."}),
    ({"holiday_country": "XX"}, {"holiday_country": "Choose a country from the list"}),
    ({"holiday_country": "UK"}, {"holiday_country": "Choose a country from the list"}),
    ({"meeting_form": "hologram"}, {"meeting_form": "Choose how you'd rather meet."}),
    (
        {"meeting_start": "9am", "meeting_end": None},
        {"meeting_start": "Choose a time.", "meeting_end": "Choose a time."},
    ),
]


@pytest.mark.parametrize(("answers", "errors"), BAD_HOURS)
def test_bad_hours_are_answered_inline_and_nothing_is_saved(
    slack: FakeSlack,
    slack_requests: SlackRequests,
    sessions: sessionmaker[Session],
    answers: dict[str, Any],
    errors: dict[str, str],
):
    slack.add_user("UANNA")
    join(slack, slack_requests, "UANNA")
    view = open_join_modal(slack, slack_requests, "UANNA")

    body = slack_requests.submit(
        "UANNA", view, {"meeting_start": "10:00", "department": "Legal", **answers}
    ).json()

    assert body["response_action"] == "errors"  # the modal stays, with what was typed
    assert set(body["errors"]) == set(errors)
    for block_id, message in errors.items():
        assert body["errors"][block_id].startswith(message)
    stored = member(sessions, "UANNA")
    assert stored is not None
    assert (stored.department, stored.meeting_start) == ("Finance", time(9, 0))
    assert events(sessions, "UANNA") == ["joined"]


def test_bad_hours_on_joining_store_nothing(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    slack.add_user("UANNA")

    body = join(slack, slack_requests, "UANNA", meeting_start="17:00", meeting_end="09:00")

    assert body["errors"] == {
        "meeting_end": "Choose an end after the start (the hours lie within one day)."
    }
    assert place(sessions, "UANNA") is None  # never joined
    assert slack.calls_to("chat.postMessage") == []


def test_swedish_members_see_swedish_days_and_countries(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    slack.add_user("USVEN", locale="sv-SE")

    view = open_join_modal(slack, slack_requests, "USVEN")

    assert "När du kan ses" in str(view["blocks"])
    days = _block(view, "meeting_days")["element"]
    assert _texts(days) == ["Måndag", "Tisdag", "Onsdag", "Torsdag", "Fredag", "Lördag", "Söndag"]
    country = _block(view, "holiday_country")
    assert country["element"]["initial_option"]["text"]["text"] == "Utifrån min tidszon"
    assert "Skriv några bokstäver" in country["hint"]["text"]
    assert _texts(country_menu(slack_requests, "USVEN", view, "sv")) == [
        "El Salvador",  # its code, SV
        "Schweiz",  # Norwegian "Sveits"
        "Svalbard och Jan Mayen",
        "Sverige",
    ]
    assert _texts(country_menu(slack_requests, "USVEN", view, "NO")) == [
        "Elfenbenskusten",  # Finnish "Norsunluurannikko"
        "Nordkorea",
        "Nordmakedonien",
        "Nordmarianerna",
        "Norfolkön",
        "Norge",
    ]
    assert _texts(country_menu(slack_requests, "USVEN", view, "germ")) == ["Tyskland"]
    assert _texts(country_menu(slack_requests, "USVEN", view, "al")) == [
        "Albanien",
        "Algeriet",
        "Nederländerna",  # Finnish "Alankomaat"
        "Åland",  # å after z
    ]
    assert _texts(country_menu(slack_requests, "USVEN", view, "ÖSTERR")) == ["Österrike"]

    join(slack, slack_requests, "USVEN", country=("tysk", "DE"), meeting_days=["0", "1", "2", "4"])

    assert "*Kan ses:* mån-ons, fre 09:00-17:00, video eller på plats; helgdagar i Tyskland" in (
        _lines(slack.last("chat.postMessage").blocks())
    )
    view = open_join_modal(slack, slack_requests, "USVEN")
    assert _block(view, "holiday_country")["element"]["initial_option"]["text"]["text"] == (
        "Tyskland"
    )
    body = slack_requests.submit("USVEN", view, {"meeting_end": "09:15"}).json()
    assert body["errors"] == {"meeting_end": "Lämna minst 30 minuter mellan start och slut."}


def test_the_country_menu_finds_countries_as_an_english_speaker_types(
    slack: FakeSlack, slack_requests: SlackRequests
):
    slack.add_user("UANNA")
    view = open_join_modal(slack, slack_requests, "UANNA")
    country = _block(view, "holiday_country")["element"]
    assert country["type"] == "external_select"  # the fake Slack took the modal (views.open)
    assert country["min_query_length"] == 0
    assert country["initial_option"]["value"] == "zone"

    def menu(typed: str) -> list[str]:
        return _texts(country_menu(slack_requests, "UANNA", view, typed))

    # SV; -; Sverige; Norwegian "Sveits"
    assert menu("sv") == ["El Salvador", "Svalbard & Jan Mayen", "Sweden", "Switzerland"]
    assert menu("swe") == ["Sweden"]
    assert "Norway" in menu("no")
    # Å with the A's; Finnish "Alankomaat", while its word "alue" (territory) finds nothing
    assert menu("al") == ["Åland Islands", "Albania", "Algeria", "Netherlands"]
    assert menu("tyskland") == ["Germany"]  # its Swedish name
    assert menu("korea") == ["North Korea", "South Korea"]
    assert menu("fr")[:2] == ["From my time zone", "France"]
    assert menu("xyzzy") == []
    everything = menu("")
    assert len(everything) == 100  # the most Slack takes; typing finds the rest
    assert everything[:3] == ["From my time zone", "Afghanistan", "Åland Islands"]
    assert "Zimbabwe" not in everything and menu("zimb") == ["Zimbabwe"]


def test_a_menu_the_bot_does_not_know_gets_no_options(
    slack: FakeSlack, slack_requests: SlackRequests
):
    slack.add_user("UANNA")
    view = open_join_modal(slack, slack_requests, "UANNA")
    forged = {
        **view,
        "blocks": [
            *view["blocks"],
            {
                "type": "input",
                "block_id": "elsewhere",
                "label": {"type": "plain_text", "text": "Elsewhere"},
                "element": {"type": "external_select", "action_id": "value"},
            },
        ],
    }

    reply = slack_requests.suggest("UANNA", forged, "elsewhere", "sv")

    assert (reply.status, reply.json()) == (200, {"options": []})
