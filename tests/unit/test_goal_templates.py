"""Goal templates: one for every skill, in every language, that fits the goal modal."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot import ids
from bot.blocks.coaching import goal_modal
from bot.config import SUPPORTED_LOCALES
from bot.domain import GOAL_TEMPLATE_WEEKS, GOAL_TEXT_MAX, SKILLS, GoalInput, Visibility
from bot.flow import Flow
from bot.i18n import catalogue, t
from bot.services.goals import template_target
from bot.slack.view_state import MAX_FILLS, ViewState, fill_number
from tests.fakes.blockkit import view_problems

TODAY = date(2026, 11, 23)


def test_every_skill_has_a_typical_target_of_a_sane_number_of_weeks():
    assert set(GOAL_TEMPLATE_WEEKS) == set(SKILLS)
    for skill, weeks in GOAL_TEMPLATE_WEEKS.items():
        assert 2 <= weeks <= 26, skill
        assert template_target(skill, TODAY) == TODAY + timedelta(weeks=weeks)
    assert template_target("juggling", TODAY) is None


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_skill_has_a_template_in_every_language_that_fits_the_goal_fields(locale: str):
    texts = catalogue(locale)
    for skill in SKILLS:
        for part in ("what", "measure"):
            text = texts[f"goal_template.{skill}.{part}"]
            assert text.strip() == text and len(text) >= 40, (skill, part)
            assert len(text) <= GOAL_TEXT_MAX, (skill, part, len(text))
            assert "{" not in text and "<" not in text, (skill, part)
    # and no template for a skill the catalogue does not have
    named = {key.split(".")[1] for key in texts if key.startswith("goal_template.")}
    assert named - {"intro", "placeholder"} == set(SKILLS)


def test_the_swedish_templates_are_swedish():
    for skill in SKILLS:
        for part in ("what", "measure"):
            key = f"goal_template.{skill}.{part}"
            assert t(key, "sv") != t(key, "en"), key
    assert all(t(f"goal_template.{skill}.what", "sv")[0].isupper() for skill in SKILLS)


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_a_modal_filled_from_any_template_is_valid_block_kit(locale: str):
    for fill, skill in enumerate(SKILLS, start=1):
        draft = GoalInput(
            what=t(f"goal_template.{skill}.what", locale),
            skill=skill,
            why="w" * GOAL_TEXT_MAX,
            measure=t(f"goal_template.{skill}.measure", locale),
            target_date=template_target(skill, TODAY),
            visibility=Visibility.PRIVATE,
        )
        view = goal_modal(locale, Flow(7, from_home=True), draft, fill)
        assert view_problems(view) == [], skill
        assert view["private_metadata"] == "p7/home"
        elements = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
        assert elements[f"{ids.GOAL_WHAT}.{fill}"]["initial_value"] == draft.what
        assert elements[f"{ids.GOAL_MEASURE}.{fill}"]["initial_value"] == draft.measure
        assert elements[ids.GOAL_WHY]["initial_value"] == draft.why


def test_the_unfilled_modal_keeps_the_field_names_as_block_ids():
    view = goal_modal("en")
    assert view_problems(view) == []
    blocks = [b.get("block_id") for b in view["blocks"] if b["type"] == "input"]
    assert blocks == ["what", "skill", "why", "measure", "target_date", "visibility"]
    elements = [b["element"] for b in view["blocks"] if b["type"] == "input"]
    assert not any("initial_value" in e or "initial_date" in e for e in elements)


def test_fill_numbers_are_read_from_block_ids_and_nothing_else():
    assert fill_number("what", "what") == 0
    assert fill_number("what.3", "what") == 3
    assert fill_number(f"what.{MAX_FILLS}", "what") == MAX_FILLS
    for other in ("whatever", "what.", "what.x", "what.-1", "what.1.2", "what.²", "measure.1"):
        assert fill_number(other, "what") is None, other
    assert fill_number(f"what.{MAX_FILLS + 1}", "what") is None
    assert fill_number(None, "what") is None


def test_a_fields_input_is_found_whatever_its_fill_number():
    def state(*blocks: str) -> ViewState:
        return ViewState({b: {ids.VALUE: {"type": "plain_text_input", "value": b}} for b in blocks})

    assert state("what.2", "why").field("what") == "what.2"
    assert state("what.2", "why").text(state("what.2").field("what")) == "what.2"
    assert state("why").field("what") == "what"  # none: the name (reads empty)
    assert state("what", "what.4").field("what") == "what.4"
    assert state("whatever").field("what") == "what"
