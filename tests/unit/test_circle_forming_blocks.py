"""The preview of a formation stays within Slack's limits however large it is."""

from __future__ import annotations

from bot.blocks.circle_forming import PREVIEW_CIRCLES_MAX, preview_modal
from bot.circle_forms import CirclePreview, FormPreview, PlacementView
from tests.fakes.blockkit import view_problems


def _circle(n: int) -> CirclePreview:
    people = tuple(
        PlacementView(f"U{n:03d}{k}", ("negotiation", "strategy"), 2.5, k == 0, True)
        for k in range(8)
    )
    return CirclePreview(f"Topic {n} " + "x" * 60, None, 2.5, people)


def test_a_huge_preview_is_summarised_within_slacks_limits():
    draft = FormPreview(
        draft_id="d" * 36,
        circles=tuple(_circle(n) for n in range(60)),
        unplaced=tuple((f"UOUT{n:04d}", "no_shared_hours") for n in range(400)),
        fit=0.9,
    )

    view = preview_modal("sv", draft)

    assert view_problems(view) == []
    text = str(view["blocks"])
    assert f"{60 - PREVIEW_CIRCLES_MAX} cirklar till" in text
    assert "personer till" in text
    assert "leder först" in text and "först i kön" in text


def test_an_open_circle_it_fills_shows_only_its_newcomers():
    old = PlacementView("UOLD", ("strategy",), 3.0, False, False)
    new = PlacementView("UNEW", ("strategy",), None, False, True)
    draft = FormPreview("d", (CirclePreview("Strategy", 7, None, (old, new)),), (), 1.0)

    text = str(preview_modal("en", draft)["blocks"])

    assert "an open circle, 2 people after): 1 joining" in text
    assert "<@UNEW>" in text and "<@UOLD>" not in text and "time zone not known" in text


def test_an_open_circle_counts_its_people_and_newcomers_in_their_number():
    def title(locale: str, old: int, new: int) -> str:
        people = tuple(
            PlacementView(f"U{k}", ("strategy",), 3.0, False, k >= old) for k in range(old + new)
        )
        draft = FormPreview("d", (CirclePreview("Strategy", 7, 3.0, people),), (), 1.0)
        return str(preview_modal(locale, draft)["blocks"])

    assert "(an open circle, 1 person after): 1 joining" in title("en", 0, 1)
    assert "(an open circle, 5 people after): 2 joining" in title("en", 3, 2)
    assert "(ein offener Kreis, danach 1 Person): 1 tritt bei" in title("de", 0, 1)
    assert "(ein offener Kreis, danach 5 Personen): 2 treten bei" in title("de", 3, 2)
    assert "(avoin piiri, jatkossa 1 henkilö): 1 liittyy" in title("fi", 0, 1)
    assert "(avoin piiri, jatkossa 5 henkilöä): 2 liittyy" in title("fi", 3, 2)
