"""Profiles: parsing never breaks on odd payloads, validation and rendering hold at the limits."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from bot import ids
from bot.blocks.home import home_view
from bot.blocks.messages import profile_saved
from bot.blocks.profile import (
    FROM_MY_ZONE,
    OPTIONS_MAX,
    country_options,
    day_ranges,
    profile_modal,
    profile_updated_modal,
)
from bot.config import SUPPORTED_LOCALES
from bot.domain import (
    MAX_ABOUT_LENGTH,
    MAX_DEPARTMENT_LENGTH,
    MAX_SKILLS_PER_LIST,
    MIN_MEETING_MINUTES,
    PROFILE_FIELDS,
    SKILLS,
    WEEKDAYS,
    CareerLevel,
    MeetingForm,
    MemberCard,
    MemberStatus,
    ProfileInput,
    RolePreference,
)
from bot.flow import Flow
from bot.listeners.profile import parse_profile
from bot.locale_names import countries_by_name, holiday_countries
from bot.services.members import validate_meeting_hours, validate_profile
from bot.slack.view_state import ViewState
from tests.fakes.blockkit import message_problems, options_problems, view_problems

skills = st.lists(st.sampled_from(SKILLS), max_size=MAX_SKILLS_PER_LIST, unique=True).map(tuple)
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=600)
times = st.times().map(lambda moment: moment.replace(second=0, microsecond=0))
days = st.frozensets(st.sampled_from(WEEKDAYS))
countries = st.none() | st.sampled_from(sorted(holiday_countries()))


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


@st.composite
def meeting_hours(draw: st.DrawFn) -> tuple[time, time]:
    """A start and an end at least MIN_MEETING_MINUTES later, within one day."""
    start = draw(st.integers(0, 24 * 60 - 1 - MIN_MEETING_MINUTES))
    end = draw(st.integers(start + MIN_MEETING_MINUTES, 24 * 60 - 1))
    return time(*divmod(start, 60)), time(*divmod(end, 60))


valid_profiles = st.builds(
    lambda hours, **fields: ProfileInput(meeting_start=hours[0], meeting_end=hours[1], **fields),
    meeting_hours(),
    skills_offered=skills,
    skills_wanted=skills.filter(bool),
    department=st.text(min_size=1, max_size=MAX_DEPARTMENT_LENGTH).filter(str.strip),
    role_preference=st.sampled_from(RolePreference),
    career_level=st.sampled_from(CareerLevel),
    about=st.text(max_size=MAX_ABOUT_LENGTH),
    meeting_days=days.filter(bool),
    meeting_form=st.sampled_from(MeetingForm),
    holiday_country=countries,
)
cards = st.builds(
    MemberCard,
    user_id=st.just("UANNA"),
    status=st.sampled_from(MemberStatus),
    locale=st.sampled_from(SUPPORTED_LOCALES),
    skills_offered=skills,
    skills_wanted=skills,
    department=text.map(lambda s: s[:MAX_DEPARTMENT_LENGTH]),
    role_preference=st.none() | st.sampled_from(RolePreference),
    career_level=st.none() | st.sampled_from(CareerLevel),
    about=text.map(lambda s: s[:MAX_ABOUT_LENGTH]),
    meeting_start=times,
    meeting_end=times,
    meeting_days=days,
    meeting_form=st.sampled_from(MeetingForm),
    holiday_country=countries,
    time_zone=st.none() | st.sampled_from(["Europe/Stockholm", "America/New_York"]),
    joined_at=st.none() | st.just(datetime(2026, 1, 5, tzinfo=UTC)),
    left_at=st.none() | st.just(datetime(2026, 6, 1, tzinfo=UTC)),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=15), inner, max_size=3)
    ),
    max_leaves=12,
)


@given(valid_profiles)
def test_valid_profiles_pass(profile: ProfileInput):
    assert validate_profile(profile) == []


@given(
    st.dictionaries(
        st.sampled_from([*PROFILE_FIELDS, "x"]),
        st.dictionaries(st.just(ids.VALUE), json_values, max_size=1),
    )
)
def test_any_payload_parses_to_a_profile_or_errors_never_a_crash(values: dict[str, Any]):
    profile = parse_profile(ViewState(values))
    for error in validate_profile(profile):
        assert error.key.startswith("profile.error.")


@given(cards)
def test_every_surface_renders_valid_block_kit(card: MemberCard):
    assert view_problems(profile_modal(card)) == []
    assert view_problems(profile_modal(card, flow=Flow(from_home=True))) == []
    assert view_problems(profile_updated_modal(card)) == []
    assert view_problems(home_view(card)) == []
    for outcome in ("joined", "rejoined"):
        message = profile_saved(card, outcome)
        assert message_problems(message["text"], message["blocks"]) == []


def test_over_long_lists_and_texts_are_refused():
    profile = ProfileInput(
        skills_offered=SKILLS[: MAX_SKILLS_PER_LIST + 1],
        skills_wanted=("strategy",),
        department="Finance",
        role_preference=RolePreference.PEER,
        career_level=CareerLevel.MID,
        about="a" * (MAX_ABOUT_LENGTH + 1),
    )
    errors = {e.field: (e.key, e.values) for e in validate_profile(profile)}
    assert errors == {
        "skills_offered": ("profile.error.too_many", {"max": MAX_SKILLS_PER_LIST}),
        "about": ("profile.error.too_long", {"max": MAX_ABOUT_LENGTH, "length": 501}),
    }


def test_modal_inputs_parsing_and_errors_share_the_field_names():
    modal = profile_modal(MemberCard("UANNA", MemberStatus.NOT_JOINED, "en"))
    inputs = [block["block_id"] for block in modal["blocks"] if block["type"] == "input"]
    assert inputs == list(PROFILE_FIELDS)
    nothing = parse_profile(ViewState({}))
    assert {error.field for error in validate_profile(nothing)} <= set(PROFILE_FIELDS)


@given(times, times)
def test_hours_must_span_at_least_the_shortest_meeting(start: time, end: time):
    profile = ProfileInput((), ("strategy",), "x", None, None, "", start, end)
    errors = {error.field: error.key for error in validate_meeting_hours(profile)}
    long_enough = _minutes(end) - _minutes(start) >= MIN_MEETING_MINUTES
    assert ("meeting_end" not in errors) == long_enough
    if end <= start:
        assert errors == {"meeting_end": "profile.error.end_before_start"}


def test_missing_hours_days_form_and_unknown_country_are_refused():
    profile = ProfileInput(
        (), ("strategy",), "x", None, None, "", None, None, frozenset(), None, "XX"
    )
    assert {e.field: e.key for e in validate_meeting_hours(profile)} == {
        "meeting_start": "profile.error.time_required",
        "meeting_end": "profile.error.time_required",
        "meeting_days": "profile.error.days_required",
        "meeting_form": "profile.error.form_required",
        "holiday_country": "profile.error.unknown_country",
    }


def test_days_are_shown_in_runs():
    assert day_ranges(frozenset(range(5)), "en") == "Mon-Fri"
    assert day_ranges(frozenset({0, 2, 4}), "en") == "Mon, Wed, Fri"
    assert day_ranges(frozenset({0, 1, 2, 5}), "sv") == "mån-ons, lör"
    assert day_ranges(frozenset({3, 4}), "sv") == "tors, fre"
    assert day_ranges(frozenset(range(7)), "en") == "Mon-Sun"


def test_the_modal_offers_a_week_of_days_and_opens_the_country_menu_on_the_choice():
    card = MemberCard("UANNA", MemberStatus.ACTIVE, "en", holiday_country="SE")
    blocks = {b.get("block_id"): b for b in profile_modal(card)["blocks"]}
    assert len(blocks[ids.MEETING_DAYS]["element"]["options"]) == len(WEEKDAYS)
    country = blocks[ids.HOLIDAY_COUNTRY]["element"]
    assert country["type"] == "external_select"  # its options come as the person types
    assert "options" not in country and "option_groups" not in country
    assert country["initial_option"] == {
        "text": {"type": "plain_text", "text": "Sweden", "emoji": True},
        "value": "SE",
    }
    assert "Type a few letters" in blocks[ids.HOLIDAY_COUNTRY]["hint"]["text"]
    nowhere = MemberCard("USVEN", MemberStatus.ACTIVE, "sv")
    country = {b.get("block_id"): b for b in profile_modal(nowhere)["blocks"]}[ids.HOLIDAY_COUNTRY]
    assert country["element"]["initial_option"]["text"]["text"] == "Utifrån min tidszon"
    assert country["element"]["initial_option"]["value"] == FROM_MY_ZONE


def _values(query: str, locale: str) -> list[str]:
    return [o["value"] for o in country_options(query, locale)]


def test_the_country_menu_answers_what_was_typed_in_the_persons_language():
    assert _values("sverige", "sv") == ["SE"]
    assert _values("swed", "en") == ["SE"]
    assert _values("norg", "sv") == ["NO"]
    assert _values("xyzzy", "en") == []
    assert _values("fr", "en")[:3] == [FROM_MY_ZONE, "FR", "GF"]  # From my time zone, France
    assert _values("utif", "sv") == [FROM_MY_ZONE]
    assert "Tyskland" in [o["text"]["text"] for o in country_options("ty", "sv")]


def test_nothing_typed_lists_from_my_time_zone_then_the_first_99_countries():
    for locale in SUPPORTED_LOCALES:
        found = _values("", locale)
        assert len(found) == OPTIONS_MAX
        assert found == [FROM_MY_ZONE, *(code for code, _ in countries_by_name(locale)[:99])]


@given(st.sampled_from(SUPPORTED_LOCALES), countries)
def test_the_modals_initial_option_is_one_the_menu_offers_for_its_name(
    locale: str, code: str | None
):
    card = MemberCard("UANNA", MemberStatus.ACTIVE, locale, holiday_country=code)
    blocks = {b.get("block_id"): b for b in profile_modal(card)["blocks"]}
    chosen = blocks[ids.HOLIDAY_COUNTRY]["element"]["initial_option"]
    assert chosen in country_options(chosen["text"]["text"], locale)


@given(st.sampled_from(SUPPORTED_LOCALES), st.text(max_size=120))
def test_any_query_gets_an_answer_slack_takes(locale: str, query: str):
    assert options_problems({"options": country_options(query, locale)}) == []
