"""A session's calendar invitation: the .ics read back by icalendar, and the Add links decoded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar, Event

from bot.i18n import t
from bot.services.invitation import (
    LINK_LIMIT,
    Attendee,
    Invitation,
    Series,
    google_link,
    ics,
    outlook_link,
    session_uid,
)

START = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)
END = START + timedelta(minutes=30)
ANNA = Attendee("Anna Åström", "anna@example.se")
BOB = Attendee("Bob Smith", "bob@example.com")
NO_EMAIL = Attendee("Cecilia Öberg")


def invitation(**changes: Any) -> Invitation:
    values: dict[str, Any] = {
        "uid": session_uid("T0TEST", 42),
        "sequence": 0,
        "stamp": START - timedelta(days=1),
        "start": START,
        "end": END,
        "title": "Coaching session: Anna and Bob",
        "description": "Talk about your goals.",
        "location": "Video call",
        "attendees": (ANNA, BOB),
    }
    return Invitation(**(values | changes))


def read(data: bytes) -> tuple[Calendar, Event]:
    calendar = Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return calendar, events[0]


def attendees(event: Event) -> list[tuple[str, str]]:
    found = event.get("attendee") or []
    found = found if isinstance(found, list) else [found]
    return [(str(address), str(address.params["CN"])) for address in found]


def query(link: str) -> dict[str, str]:
    """Each parameter of a link, decoded once; a parameter given twice fails."""
    values = parse_qs(urlsplit(link).query, keep_blank_values=True, strict_parsing=True)
    assert all(len(v) == 1 for v in values.values()), values
    return {name: v[0] for name, v in values.items()}


def test_the_ics_reads_back_with_the_same_session():
    calendar, event = read(ics(invitation()))
    assert str(calendar["method"]) == "PUBLISH"
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["prodid"]).startswith("-//mentor-bot//")
    assert str(event["uid"]) == "booking-42@T0TEST.mentor-bot"
    assert int(event["sequence"]) == 0
    assert event.decoded("dtstart") == START
    assert event.decoded("dtend") == END
    assert event.decoded("dtstamp") == START - timedelta(days=1)
    assert str(event["summary"]) == "Coaching session: Anna and Bob"
    assert str(event["description"]) == "Talk about your goals."
    assert str(event["location"]) == "Video call"
    assert str(event["status"]) == "CONFIRMED"
    assert "rrule" not in event
    assert attendees(event) == [
        ("mailto:anna@example.se", "Anna Åström"),
        ("mailto:bob@example.com", "Bob Smith"),
    ]


def test_times_are_written_in_utc_whatever_zone_they_came_in():
    stockholm = START.astimezone(ZoneInfo("Europe/Stockholm"))
    data = ics(invitation(start=stockholm, end=stockholm + timedelta(minutes=45)))
    assert b"DTSTART:20261124T140000Z" in data
    assert b"DTEND:20261124T144500Z" in data
    assert b"TZID" not in data


def test_someone_without_an_email_is_named_in_the_description_not_as_an_attendee():
    _, event = read(ics(invitation(attendees=(ANNA, NO_EMAIL), locale="sv")))
    assert attendees(event) == [("mailto:anna@example.se", "Anna Åström")]
    named = t("invitation.also", "sv", names="Cecilia Öberg")
    assert str(event["description"]) == f"Talk about your goals.\n\n{named}"
    assert "Deltar också" in named


def test_a_cancelled_session_is_a_cancel_with_its_uid_and_a_raised_sequence():
    calendar, event = read(ics(invitation(sequence=2, cancelled=True)))
    assert str(calendar["method"]) == "CANCEL"
    assert str(event["status"]) == "CANCELLED"
    assert str(event["uid"]) == "booking-42@T0TEST.mentor-bot"
    assert int(event["sequence"]) == 2


def test_a_fortnightly_series_repeats_weekly_every_two_weeks_until_its_end():
    until = START + timedelta(weeks=10)
    _, event = read(ics(invitation(series=Series(14, until=until))))
    rule = event["rrule"]
    assert rule["FREQ"] == ["WEEKLY"]
    assert rule["INTERVAL"] == [2]
    assert rule["UNTIL"] == [until]
    _, event = read(ics(invitation(series=Series(10))))
    assert (event["rrule"]["FREQ"], event["rrule"]["INTERVAL"]) == (["DAILY"], [10])
    assert "UNTIL" not in event["rrule"]


@pytest.mark.parametrize(
    "changes",
    [
        {"start": datetime(2026, 11, 24, 14, 0)},  # naive
        {"end": START},  # no length
        {"end": START - timedelta(minutes=1)},
        {"sequence": -1},
        {"uid": ""},
    ],
)
def test_an_impossible_invitation_is_refused(changes: dict[str, Any]):
    with pytest.raises(ValueError):
        invitation(**changes)


def test_a_series_repeats_at_least_daily():
    with pytest.raises(ValueError):
        Series(0)


# Text as people write it: commas, semicolons, backslashes, colons, quotes, new lines, Swedish
# letters and emoji (no other control characters: RFC 5545 text cannot hold them).
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(',;:\\"\n åäöÅÄÖ🎉👩🏽‍💻')),
        st.characters(exclude_categories=("Cs", "Cc")),
    ),
    max_size=200,
)
# icalendar's vText reads a backslash followed by N as the line-break escape even when it writes
# text (icalendar 7.3), so "\N" typed by someone comes out as a new line: left out here.
ICS_TEXT = TEXT.filter(lambda text: "\\N" not in text)


@given(
    title=ICS_TEXT.filter(str.strip),
    description=ICS_TEXT,
    location=ICS_TEXT,
    name=ICS_TEXT.filter(lambda name: name.rstrip("\\").strip()),
)
def test_any_text_survives_the_ics_round_trip(
    title: str, description: str, location: str, name: str
):
    person = Attendee(name, "p@example.com")
    sent = invitation(title=title, description=description, location=location, attendees=(person,))
    _, event = read(ics(sent))
    assert str(event["summary"]) == title
    assert str(event.get("description", "")) == description
    assert str(event.get("location", "")) == location
    assert attendees(event) == [("mailto:p@example.com", name.rstrip("\\"))]


def test_the_google_link_carries_every_parameter():
    link = google_link(invitation(attendees=(ANNA, BOB, NO_EMAIL), series=Series(14)))
    assert link.startswith("https://calendar.google.com/calendar/render?")
    assert query(link) == {
        "action": "TEMPLATE",
        "text": "Coaching session: Anna and Bob",
        "dates": "20261124T140000Z/20261124T143000Z",
        "details": invitation(attendees=(NO_EMAIL,)).details(),
        "location": "Video call",
        "add": "anna@example.se,bob@example.com",
        "recur": "RRULE:FREQ=WEEKLY;INTERVAL=2",
    }


def test_the_outlook_link_carries_every_parameter():
    link = outlook_link(invitation())
    assert link.startswith("https://outlook.office.com/calendar/0/deeplink/compose?")
    assert query(link) == {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "startdt": "2026-11-24T14:00:00Z",
        "enddt": "2026-11-24T14:30:00Z",
        "subject": "Coaching session: Anna and Bob",
        "body": "Talk about your goals.",
        "location": "Video call",
        "to": "anna@example.se,bob@example.com",
    }


def test_an_outlook_link_for_a_series_says_it_adds_the_first_session_only():
    body = query(outlook_link(invitation(series=Series(14), locale="sv")))["body"]
    assert body == t("invitation.outlook_first_only", "sv") + "\n\nTalk about your goals."


def test_links_leave_out_what_the_session_does_not_have():
    bare = invitation(description="", location=None, attendees=())
    assert set(query(google_link(bare))) == {"action", "text", "dates"}
    assert set(query(outlook_link(bare))) == {"path", "rru", "startdt", "enddt", "subject"}


def test_links_encode_spaces_as_percent_20_never_plus():
    for link in (google_link(invitation()), outlook_link(invitation())):
        assert "+" not in link
        assert "Coaching%20session" in link


@given(title=TEXT.filter(str.strip), description=TEXT)
def test_any_text_survives_the_links(title: str, description: str):
    sent = invitation(title=title, description=description, attendees=())
    assert query(google_link(sent))["text"] == title
    assert query(outlook_link(sent))["subject"] == title
    assert query(google_link(sent)).get("details", "") == description
    assert query(outlook_link(sent)).get("body", "") == description


def test_a_long_description_is_cut_to_fit_a_button_never_the_times_or_guests():
    long = invitation(description="Åsa 🎉 " * 2000)
    for link, text, times in (
        (google_link(long), "details", ("dates",)),
        (outlook_link(long), "body", ("startdt", "enddt")),
    ):
        assert len(link) <= LINK_LIMIT
        assert len(link) > LINK_LIMIT - 30  # cut no more than needed
        values = query(link)
        assert values[text].endswith("…")
        assert long.description.startswith(values[text].removesuffix("…"))
        assert values[times[0]] in ("20261124T140000Z/20261124T143000Z", "2026-11-24T14:00:00Z")
        assert values.get("add", values.get("to")) == "anna@example.se,bob@example.com"


def test_a_huge_title_is_cut_after_the_description_is_gone():
    link = google_link(invitation(title="T" * 5000))
    values = query(link)
    assert len(link) <= LINK_LIMIT
    assert "details" not in values and "location" not in values
    assert values["text"].startswith("TTT") and values["text"].endswith("…")
    assert values["dates"] == "20261124T140000Z/20261124T143000Z"


def test_a_cancelled_session_has_no_add_links():
    for link in (google_link, outlook_link):
        with pytest.raises(ValueError):
            link(invitation(cancelled=True))
