"""The digest and the coordinator's Home panel stay within Slack's limits at any size."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.blocks.circle_digest import circle_fields
from bot.blocks.digest import AT_RISK_SHOWN, UNPAIRED_SHOWN, digest_message
from bot.blocks.programme import coordinator_blocks
from bot.domain import (
    AtRiskGroup,
    CircleFigures,
    CoordinatorPanel,
    DigestFigures,
    FeedbackSummary,
    GoalStatus,
    ProgrammeSettings,
    RiskReason,
)
from tests.fakes.blockkit import message_problems, view_problems

NOW = datetime(2026, 11, 23, 8, tzinfo=UTC)


def figures(people: int, at_risk: int, waiting: int, comments: int) -> DigestFigures:
    groups = people // 2
    return DigestFigures(
        since=NOW - timedelta(days=14),
        until=NOW,
        active=people,
        paused=people // 20,
        new=people // 50,
        pairs=groups,
        triads=0,
        met=groups * 4 // 5,
        checkins=groups * 2,
        ratings=groups,
        rating=4.2 if groups >= 3 else None,
        goals=dict.fromkeys(GoalStatus, people),
        kudos=groups // 3,
        at_risk=tuple(
            AtRiskGroup(i, (f"U{2 * i:09d}", f"U{2 * i + 1:09d}"), tuple(RiskReason))
            for i in range(at_risk)
        ),
        unpaired=tuple(f"W{i:09d}" for i in range(waiting)),
        meeting_rates=(None, 0.5, 0.8) * 4,
        feedback=FeedbackSummary(
            answers=max(comments, 3),
            growth=4.0,
            supported=4.5,
            recommend=8.5,
            nps=40,
            partner_uses=3.9,
            comments=tuple("x" * 500 for _ in range(comments)),
        ),
        booked=groups * 3,
        booked_groups=groups * 9 // 10,
        booked_passed=groups * 2,
        booked_held=groups * 3 // 2,
    )


def test_a_programme_of_ten_thousand_fits_in_one_message() -> None:
    made = figures(10_000, at_risk=3_000, waiting=2_000, comments=5)
    message = digest_message(made, made.headline(), NOW - timedelta(days=14), "sv")
    assert message_problems(message["text"], message["blocks"]) == []
    text = json.dumps(message["blocks"])
    assert text.count('digest_nudge"') == AT_RISK_SHOWN
    assert "2990" in text and "1980" in text  # "and N more", the rest in the export
    assert text.count("<@W") == UNPAIRED_SHOWN


@settings(max_examples=60, deadline=None)
@given(
    people=st.integers(0, 20_000),
    at_risk=st.integers(0, 5_000),
    waiting=st.integers(0, 5_000),
    comments=st.integers(0, 5),
    locale=st.sampled_from(["en", "sv"]),
    first=st.booleans(),
)
def test_any_digest_and_home_panel_is_valid(
    people: int, at_risk: int, waiting: int, comments: int, locale: str, first: bool
) -> None:
    made = figures(people, at_risk, waiting, comments)
    previous = None if first else {key: 1 for key in made.headline()}
    message = digest_message(made, previous, None if first else NOW, locale)
    assert message_problems(message["text"], message["blocks"]) == []
    panel = coordinator_blocks(CoordinatorPanel(made, ProgrammeSettings()), locale)
    assert view_problems({"type": "home", "blocks": panel}) == []


def test_the_booking_lines_in_both_languages() -> None:
    made = replace(
        figures(6, at_risk=0, waiting=0, comments=0),
        booked=5,
        booked_groups=2,
        booked_passed=4,
        booked_held=3,
        at_risk=(
            AtRiskGroup(1, ("UA", "UB"), (RiskReason.NOTHING_BOOKED,)),
            AtRiskGroup(2, ("UC", "UD"), (RiskReason.SILENT, RiskReason.NOTHING_BOOKED)),
        ),
    )
    english = json.dumps(digest_message(made, None, None, "en")["blocks"], ensure_ascii=False)
    assert "*Sessions booked this cycle*\\n5, by 2 of 3 pairs and triads" in english
    assert "*Booked, then held*\\n3 of 4 booked sessions were held (75 %)" in english
    assert "*Nothing booked*\\n2" in english
    assert "<@UA> and <@UB>: nothing booked, this cycle or ahead" in english
    assert "no check-in for two cycles, nothing booked, this cycle or ahead" in english
    swedish = json.dumps(digest_message(made, None, None, "sv")["blocks"], ensure_ascii=False)
    assert "*Bokade samtal den här perioden*\\n5, fördelade på 2 av 3 par och trior" in swedish
    assert "*Bokade samtal som hölls*\\n3 av 4 bokade samtal hölls (75 %)" in swedish
    assert "*Inget bokat*\\n2" in swedish
    assert "inget bokat, varken den här perioden eller framåt" in swedish
    # the change since the last digest, like the other headline figures
    again = digest_message(made, {**made.headline(), "booked": 7}, NOW, "en")
    assert "5, by 2 of 3 pairs and triads (-2)" in json.dumps(again["blocks"])


def test_no_rate_before_a_booked_session_has_ended() -> None:
    made = replace(figures(6, 0, 0, 0), booked=1, booked_groups=1, booked_passed=0, booked_held=0)
    assert made.held_percent is None
    for locale, line in (
        ("en", "No booked session has ended yet"),
        ("sv", "Inget bokat samtal har hunnit hållas än"),
    ):
        message = digest_message(made, None, None, locale)
        assert line in json.dumps(message["blocks"], ensure_ascii=False)
        assert message_problems(message["text"], message["blocks"]) == []


def test_every_section_keeps_to_ten_fields() -> None:
    message = digest_message(figures(100, 5, 5, 1), None, None, "en")
    sections = [block for block in message["blocks"] if "fields" in block]
    assert len(sections) == 2 and all(len(block["fields"]) <= 10 for block in sections)


@pytest.mark.parametrize(
    ("locale", "one", "many"),
    [
        (
            "en",
            ("1 pair · 0 triads", "1, by 1 of 1 pair or triad", "1 of 1 booked session was held"),
            ("2 pairs · 3 triads", "5, by 4 of 5 pairs and triads", "3 of 4 booked sessions were"),
        ),
        (
            "fi",
            ("1 pari · 0 kolmikkoa", "1, varaajina 1/1 pari tai kolmikko", "1/1 varatusta"),
            ("2 paria · 3 kolmikkoa", "5, varaajina 4/5 paria ja kolmikkoa", "3/4 varatusta"),
        ),
        (
            "sv",
            ("1 par · 0 trior", "1 av 1 par eller trio", "1 av 1 bokat samtal hölls"),
            ("2 par · 3 trior", "4 av 5 par och trior", "3 av 4 bokade samtal hölls"),
        ),
    ],
)
def test_the_group_and_booking_counts_read_one_and_many(
    locale: str, one: tuple[str, ...], many: tuple[str, ...]
) -> None:
    base = figures(2, at_risk=0, waiting=0, comments=0)
    single = replace(base, pairs=1, triads=0, booked=1, booked_groups=1)
    several = replace(base, pairs=2, triads=3, booked=5, booked_groups=4)
    for made, passed, held, shown in ((single, 1, 1, one), (several, 4, 3, many)):
        made = replace(made, booked_passed=passed, booked_held=held)
        text = json.dumps(digest_message(made, None, None, locale)["blocks"], ensure_ascii=False)
        assert all(line in text for line in shown), (shown, text)


@pytest.mark.parametrize(
    ("locale", "one", "many"),
    [
        (
            "en",
            ("1 open · 1 person in them", "1 of 1 circle (100 %)", "1 of 1 place at this"),
            ("4 open · 16 people in them", "3 of 4 circles (75 %)", "12 of 16 places at this"),
        ),
        (
            "sv",
            ("1 öppen · 1 person i dem", "1 av 1 cirkel (100 %)", "1 av 1 plats vid"),
            ("4 öppna · 16 personer i dem", "3 av 4 cirklar (75 %)", "12 av 16 platser vid"),
        ),
        (
            "fi",
            ("1 avoin · niissä 1 henkilö", "1/1 piiri (100 %)", "1/1 paikka tämän"),
            ("4 avointa · niissä 16 henkilöä", "3/4 piiriä (75 %)", "12/16 paikkaa tämän"),
        ),
    ],
)
def test_the_circle_counts_read_one_and_many(
    locale: str, one: tuple[str, ...], many: tuple[str, ...]
) -> None:
    single = CircleFigures(active=1, members=1, held=1, attended=1, expected=1)
    several = CircleFigures(active=4, members=16, held=3, attended=12, expected=16)
    for made, shown in ((single, one), (several, many)):
        text = json.dumps(circle_fields(made, locale, lambda *_: ""), ensure_ascii=False)
        assert all(line in text for line in shown), (shown, text)
