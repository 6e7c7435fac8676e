"""Profiles: parsing never breaks on odd payloads, validation and rendering hold at the limits."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from bot import ids
from bot.blocks.home import home_view
from bot.blocks.messages import profile_saved
from bot.blocks.profile import profile_modal, profile_updated_modal
from bot.config import SUPPORTED_LOCALES
from bot.domain import (
    MAX_ABOUT_LENGTH,
    MAX_DEPARTMENT_LENGTH,
    MAX_SKILLS_PER_LIST,
    PROFILE_FIELDS,
    SKILLS,
    CareerLevel,
    MemberCard,
    MemberStatus,
    ProfileInput,
    RolePreference,
)
from bot.listeners.profile import parse_profile
from bot.services.members import validate_profile
from bot.slack.view_state import ViewState
from tests.fakes.blockkit import message_problems, view_problems

skills = st.lists(st.sampled_from(SKILLS), max_size=MAX_SKILLS_PER_LIST, unique=True).map(tuple)
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=600)
valid_profiles = st.builds(
    ProfileInput,
    skills_offered=skills,
    skills_wanted=skills.filter(bool),
    department=st.text(min_size=1, max_size=MAX_DEPARTMENT_LENGTH).filter(str.strip),
    role_preference=st.sampled_from(RolePreference),
    career_level=st.sampled_from(CareerLevel),
    about=st.text(max_size=MAX_ABOUT_LENGTH),
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
    assert view_problems(profile_modal(card, from_home=True)) == []
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
