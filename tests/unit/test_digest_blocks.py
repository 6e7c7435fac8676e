"""The digest and the coordinator's Home panel stay within Slack's limits at any size."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.blocks.digest import AT_RISK_SHOWN, UNPAIRED_SHOWN, digest_message
from bot.blocks.programme import coordinator_blocks
from bot.domain import (
    AtRiskGroup,
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
