"""The default journeys of session guides, the guide a session follows, and a guide as a
coordinator writes it."""

from __future__ import annotations

import pytest

from bot.blocks.guide import guide_blocks
from bot.config import SUPPORTED_LOCALES
from bot.domain import Guide, ProgrammeKind
from bot.services.guides import check, default_journey, guide_number
from tests.fakes.blockkit import message_problems


@pytest.mark.parametrize("kind", list(ProgrammeKind))
def test_each_default_journey_has_six_guides_or_more_with_three_to_five_questions(
    kind: ProgrammeKind,
):
    journey = default_journey(kind)

    assert len(journey) >= 6
    for guide in journey:
        assert 5 <= guide.minutes <= 120 and guide.total == len(journey)
        assert [locale for locale, _ in guide.texts] == list(SUPPORTED_LOCALES)
        for locale in SUPPORTED_LOCALES:
            text = guide.text(locale)
            assert text.title and text.purpose, (kind, guide.number, locale)
            assert 3 <= len(text.questions) <= 5, (kind, guide.number, locale)
            assert (
                check(
                    str(guide.minutes),
                    {loc: _typed(guide, loc) for loc in SUPPORTED_LOCALES},
                    locale,
                )[1]
                == {}
            )
            assert message_problems("guide", guide_blocks(guide, locale)) == []
        assert guide.text("en").title != guide.text("sv").title  # Swedish, not a copy


def _typed(guide: Guide, locale: str) -> tuple[str, str, str]:
    text = guide.text(locale)
    return text.title, text.purpose, "\n".join(text.questions)


def test_each_kind_has_a_journey_of_its_own():
    titles = [tuple(g.text("en").title for g in default_journey(k)) for k in ProgrammeKind]
    assert len(set(titles)) == len(ProgrammeKind)


@pytest.mark.parametrize(
    ("session", "total", "guide"),
    [(1, 6, 1), (3, 6, 3), (6, 6, 6), (7, 6, 2), (11, 6, 6), (12, 6, 2), (4, 1, 1), (0, 6, 1)],
)
def test_past_the_end_the_guides_start_again_from_the_second(session: int, total: int, guide: int):
    assert guide_number(session, total) == guide


def test_a_guide_as_written_is_checked_field_by_field():
    good = ("Walk", "Talk while walking.", "One?\nTwo?\n\nThree?")
    made, problems = check(" 45 ", {"en": good, "sv": good}, "en")
    assert problems == {} and made is not None
    minutes, texts = made
    assert minutes == 45 and texts[0][1].questions == ("One?", "Two?", "Three?")

    _, problems = check("²", {"en": ("", "p", "a\nb\nc\nd\ne\nf"), "sv": good}, "sv")
    assert problems == {
        ("minutes", ""): ("guide.minutes_range", {}),
        ("title", "en"): ("guide.required", {}),
        ("questions", "en"): ("guide.question_count", {"count": 6}),
    }


def test_a_guide_needs_only_the_writers_language_and_whole_languages_besides():
    good = ("Promenad", "Prata medan ni går.", "En?\nTvå?\nTre?")
    made, problems = check("30", {"sv": good, "en": ("", "", "  ")}, "sv")
    assert problems == {} and made is not None
    assert [locale for locale, _ in made[1]] == ["sv"]

    _, problems = check("30", {"sv": good, "en": ("Walk", "", "")}, "sv")
    assert set(problems) == {("purpose", "en"), ("questions", "en")}

    _, problems = check("30", {"en": good}, "sv")
    assert ("title", "sv") in problems
