"""A booked session's calendar invitation: the .ics file (RFC 5545, written by the `icalendar`
library) and "Add to Google Calendar" / "Add to Outlook" links. Pure: no clock, no I/O.

- One UID per session (`session_uid`), and a SEQUENCE the caller raises on every change, so a
  calendar replaces the event it already holds instead of adding a second one.
- Times are in UTC (`...Z`): each calendar shows them in its owner's zone.
- A series ("every two weeks at this time") is an RRULE. Every programme cadence is a whole
  number of weeks (domain.CADENCES: 7, 14, 28 days), so it is FREQ=WEEKLY;INTERVAL=<weeks>:
  that is what Google's and Outlook's own "repeat every 2 weeks" writes, so the series stays
  editable there and reads "every 2 weeks on Tuesday". Any other number of days would be
  FREQ=DAILY;INTERVAL=<days>. The rule repeats the UTC time, exactly as the bot adds
  `every_days` to the start; where a member's zone changes to or from summer time, the local
  time moves by an hour (members in Stockholm and New York change on different dates anyway).
- Members with an email address from Slack are ATTENDEEs; those without one are named in the
  description, as the Add links cannot carry them either.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, urlencode

from icalendar import Calendar, Event, vCalAddress, vRecur

from bot.domain import BookingCard, BookingStatus, Guide
from bot.i18n import t

PRODID = "-//mentor-bot//Mentor sessions//EN"
LINK_LIMIT = 3000  # characters in a button's url (FACTS.md §3: Button url <= 3000)
ELLIPSIS = "…"
WEEK = 7


@dataclass(frozen=True)
class Attendee:
    """A member as their calendar should name them; `email` None when Slack gives none."""

    name: str
    email: str | None = None


@dataclass(frozen=True)
class Series:
    """A session repeated every `every_days` days, up to and including `until` (or forever)."""

    every_days: int
    until: datetime | None = None

    def __post_init__(self) -> None:
        if self.every_days < 1:
            raise ValueError("a series repeats at least every day")
        if self.until is not None:
            object.__setattr__(self, "until", _utc(self.until, "until"))

    def rule(self) -> vRecur:
        """The RRULE: weekly when the days are whole weeks, else daily."""
        weeks, days = divmod(self.every_days, WEEK)
        rule = (
            vRecur(freq="WEEKLY", interval=weeks)
            if not days
            else vRecur(freq="DAILY", interval=self.every_days)
        )
        if self.until is not None:
            rule["until"] = self.until
        return rule

    def text(self) -> str:
        """The RRULE as text, as Google's `recur` parameter takes it ("FREQ=WEEKLY;...")."""
        return self.rule().to_ical().decode()


@dataclass(frozen=True)
class Invitation:
    """One session's invitation, as the calendars should hold it now."""

    uid: str  # session_uid(): the same for every version of the session
    sequence: int  # 0 when first sent; raised by one on every change (time, cancel)
    stamp: datetime  # when this version was made (DTSTAMP)
    start: datetime  # aware; kept in UTC
    end: datetime
    title: str
    description: str = ""
    location: str | None = None  # a place, or a note such as "Video call: link in Slack"
    attendees: tuple[Attendee, ...] = ()
    series: Series | None = None
    cancelled: bool = False
    locale: str = "en"  # the language of the words the invitation adds (names without email)

    def __post_init__(self) -> None:
        for name in ("stamp", "start", "end"):
            object.__setattr__(self, name, _utc(getattr(self, name), name))
        if self.end <= self.start:
            raise ValueError("a session ends after it starts")
        if self.sequence < 0:
            raise ValueError("SEQUENCE is never negative")
        if not self.uid:
            raise ValueError("a session needs its UID")

    def details(self) -> str:
        """The description, with the members Slack gave no email for named at its end."""
        unlisted = [a.name for a in self.attendees if not a.email]
        if not unlisted:
            return self.description
        names = t("invitation.also", self.locale, names=", ".join(unlisted))
        return f"{self.description}\n\n{names}" if self.description else names

    def emails(self) -> list[str]:
        return [a.email for a in self.attendees if a.email]


def session_uid(team_id: str, booking_id: int | str) -> str:
    """The session's UID: unique across workspaces and stable across its versions."""
    return f"booking-{booking_id}@{team_id}.mentor-bot"


def ics(invitation: Invitation) -> bytes:
    """The invitation as an .ics file: METHOD:PUBLISH, or METHOD:CANCEL with STATUS:CANCELLED."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if invitation.cancelled else "PUBLISH")
    event = Event()
    event.add("uid", invitation.uid)
    event.add("sequence", invitation.sequence)
    event.add("dtstamp", invitation.stamp)
    event.add("dtstart", invitation.start)
    event.add("dtend", invitation.end)
    event.add("summary", invitation.title)
    details = invitation.details()
    if details:
        event.add("description", details)
    if invitation.location:
        event.add("location", invitation.location)
    for attendee in invitation.attendees:
        if attendee.email:
            address = vCalAddress(f"mailto:{attendee.email}")
            # icalendar reads a backslash before the next parameter's ";" as an escape, so a
            # name ending in one would swallow ROLE: the name is written without it
            address.params["cn"] = attendee.name.rstrip("\\")
            address.params["role"] = "REQ-PARTICIPANT"
            event.add("attendee", address, encode=False)
    if invitation.series is not None:
        event.add("rrule", invitation.series.rule())
    event.add("status", "CANCELLED" if invitation.cancelled else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()


# "Add to Google Calendar": calendar.google.com/calendar/render?action=TEMPLATE with text,
# dates (YYYYMMDDTHHMMSSZ/YYYYMMDDTHHMMSSZ, in UTC), details, location, add (guests' emails,
# comma-separated) and recur (RRULE:..., RFC 5545). Google documents no such link; the
# parameters are collected in InteractionDesignFoundation/add-event-to-calendar-docs
# (services/google.md) and in Google's old "event publisher guide"
# (google.com/googlecalendar/event_publisher_guide_detail.html: action, text, dates, details,
# location).
GOOGLE = "https://calendar.google.com/calendar/render"

# "Add to Outlook": outlook.office.com/calendar/0/deeplink/compose with path
# /calendar/action/compose, rru=addevent, startdt and enddt (YYYY-MM-DDTHH:MM:SSZ, in UTC),
# subject, body, location and to (required attendees' emails, comma-separated). Microsoft
# documents no such link either; the parameters are in the same collection
# (services/outlook-web.md), which lists no recurrence parameter: a series' Outlook link adds
# its first session, and says so at the top of the body. Spaces are encoded %20, never "+": a
# signed-out Outlook re-encodes the link through its login redirect and then shows each "+" as
# a plus (techcommunity.microsoft.com, "Outlook deeplink for email compose replaces spaces with
# ++").
OUTLOOK = "https://outlook.office.com/calendar/0/deeplink/compose"


def google_link(invitation: Invitation) -> str:
    """The "Add to Google Calendar" link, within a button's 3000 characters."""
    _addable(invitation)
    dates = f"{_compact(invitation.start)}/{_compact(invitation.end)}"

    def build(title: str, details: str, location: str) -> str:
        params = [("action", "TEMPLATE"), ("text", title), ("dates", dates)]
        params += [("details", details)] if details else []
        params += [("location", location)] if location else []
        params += [("add", ",".join(invitation.emails()))] if invitation.emails() else []
        if invitation.series is not None:
            params.append(("recur", f"RRULE:{invitation.series.text()}"))
        return _url(GOOGLE, params)

    return _fit(build, invitation.title, invitation.details(), invitation.location or "")


def outlook_link(invitation: Invitation) -> str:
    """The "Add to Outlook" link (Microsoft 365 / Outlook on the web), within 3000 characters."""
    _addable(invitation)
    body = invitation.details()
    if invitation.series is not None:
        first_only = t("invitation.outlook_first_only", invitation.locale)
        body = f"{first_only}\n\n{body}" if body else first_only  # a long body loses its end

    def build(title: str, details: str, location: str) -> str:
        params = [
            ("path", "/calendar/action/compose"),
            ("rru", "addevent"),
            ("startdt", _iso(invitation.start)),
            ("enddt", _iso(invitation.end)),
            ("subject", title),
        ]
        params += [("body", details)] if details else []
        params += [("location", location)] if location else []
        params += [("to", ",".join(invitation.emails()))] if invitation.emails() else []
        return _url(OUTLOOK, params)

    return _fit(build, invitation.title, body, invitation.location or "")


def _addable(invitation: Invitation) -> None:
    if invitation.cancelled:
        raise ValueError("a cancelled session has nothing to add to a calendar")


def _url(base: str, params: list[tuple[str, str]]) -> str:
    # quote, not quote_plus: spaces as %20 (see OUTLOOK); "/:@," are legal in a query value
    return f"{base}?{urlencode(params, quote_via=quote, safe='/:@,')}"


def _fit(build: Callable[..., str], title: str, details: str, location: str) -> str:
    """The link, shortening the details first, then the location, then the title (never the
    times or the guests) until it fits in LINK_LIMIT."""
    texts = {"title": title, "details": details, "location": location}
    for name in ("details", "location", "title"):
        if len(build(**texts)) <= LINK_LIMIT:
            break
        texts[name] = _longest_fitting(build, texts, name)
    link = build(**texts)
    if len(link) > LINK_LIMIT:
        raise ValueError(f"the link is {len(link)} characters even without its texts")
    return link


def _longest_fitting(build: Callable[..., str], texts: dict[str, str], name: str) -> str:
    """The longest start of texts[name] (ending in an ellipsis) with which the link fits, else
    the empty text."""
    text = texts[name]
    low, high = 0, len(text)  # text[:low] + ELLIPSIS fits, or low is 0
    while low < high:
        middle = (low + high + 1) // 2
        if len(build(**{**texts, name: text[:middle] + ELLIPSIS})) <= LINK_LIMIT:
            low = middle
        else:
            high = middle - 1
    return text[:low] + ELLIPSIS if low else ""


def _compact(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _utc(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime")
    return moment.astimezone(UTC)


def of_booking(
    booking: BookingCard,
    attendees: Sequence[Attendee],
    locale: str,
    stamp: datetime,
    guide: Guide | None = None,
) -> Invitation:
    """The session's calendar invitation as it stands (cancelled ones cancel it); its
    description is the session's guide, when given."""
    return Invitation(
        uid=session_uid(booking.team_id, booking.id),
        sequence=booking.sequence,
        stamp=stamp,
        start=booking.start,
        end=booking.end,
        title=t("booking.ics_title", locale),
        description=guide_line(booking, locale, guide).replace("*", ""),  # no mrkdwn there
        location=t(f"booking.form_{booking.form}", locale),
        attendees=tuple(attendees),
        series=(
            Series(booking.every_days, booking.repeat_until)
            if booking.every_days and booking.repeat_until
            else None
        ),
        cancelled=booking.status is BookingStatus.CANCELLED,
        locale=locale,
    )


def guide_line(booking: BookingCard, locale: str, guide: Guide | None = None) -> str:
    """What the session is for: its guide (title, purpose, questions) in plain lines; without
    one, the intro's first-session line, then a standing line."""
    if guide is None:
        return t("intro.first_session" if booking.first else "booking.guide_next", locale)
    text = guide.text(locale)
    heading = t("guide.heading", locale, number=guide.number, total=guide.total, title=text.title)
    return "\n".join([heading, text.purpose, *(f"- {q}" for q in text.questions)])
