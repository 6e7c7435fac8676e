"""Recently completed goals on Home and the celebration DM stay within Slack's limits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot import ids
from bot.blocks.celebrate import goals_completed
from bot.blocks.home import HOME_COMPLETED_MAX, home_view
from bot.domain import (
    SKILLS,
    CareerLevel,
    CompletedGoal,
    CoordinatorPanel,
    Dashboard,
    GoalCard,
    GoalStatus,
    GroupSummary,
    HistoryEntry,
    MemberCard,
    MemberStatus,
    PairingCard,
    ProgrammeSettings,
    RolePreference,
    Visibility,
)
from tests.fakes.blockkit import message_problems, view_problems
from tests.unit.test_digest_blocks import figures

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)
LONGEST = "&" * 300  # a goal at its longest, every character escaped to five


def goal(i: int, status: GoalStatus = GoalStatus.ON_TRACK, owner: str = "UANNA") -> GoalCard:
    return GoalCard(
        i, owner, LONGEST, "strategy", "y" * 300, "m" * 300, NOW.date(), Visibility.PARTNER, status
    )


def card(locale: str) -> MemberCard:
    return MemberCard(
        "UANNA",
        MemberStatus.ACTIVE,
        locale,
        SKILLS[:10],
        SKILLS[10:20],
        "Finance",
        RolePreference.MENTOR,
        CareerLevel.LEAD,
        "x" * 500,
        NOW,
        None,
        NOW,
    )


def board(goals: int, partner: int, recent: int, avoided: int, done: int) -> Dashboard:
    group = GroupSummary(("UANNA", "UBEN"), (), ("Finance", "Sales"), 6.5)
    entry = HistoryEntry("reflection", NOW, "UANNA", prompt="strengths", text="t" * 2000)
    return Dashboard(
        pairing=PairingCard(7, 3, NOW, NOW, group, "UANNA"),
        next_due=NOW.date(),
        goals=tuple(goal(i) for i in range(goals)),
        recent=(entry,) * recent,
        avoided=tuple(f"U{i:06d}" for i in range(avoided)),
        partner_goals=tuple(goal(100 + i, owner="UBEN") for i in range(partner)),
        completed=tuple(
            CompletedGoal(goal(200 + i, GoalStatus.COMPLETED), NOW - timedelta(days=i))
            for i in range(done)
        ),
    )


def shown_completed(view: dict) -> int:
    return sum(
        1
        for block in view["blocks"]
        if block.get("accessory", {})
        .get("initial_option", {})
        .get("value", "")
        .endswith(":completed")
    )


@settings(max_examples=80, deadline=None)
@given(
    goals=st.integers(0, 14),
    partner=st.integers(0, 5),
    recent=st.integers(0, 5),
    avoided=st.integers(0, 50),
    done=st.integers(0, 7),
    coordinator=st.booleans(),
    locale=st.sampled_from(["en", "sv"]),
)
def test_any_home_with_completed_goals_is_valid(
    goals: int, partner: int, recent: int, avoided: int, done: int, coordinator: bool, locale: str
) -> None:
    panel = CoordinatorPanel(figures(500, 50, 20, 3), ProgrammeSettings()) if coordinator else None
    view = home_view(card(locale), board(goals, partner, recent, avoided, done), panel)
    assert view_problems(view) == []
    if avoided <= 20:  # a Home with room shows the newest five
        assert shown_completed(view) == min(done, HOME_COMPLETED_MAX)


def test_at_slacks_limit_completed_goals_give_way_and_nothing_else() -> None:
    """On the fullest Home, the completed goals (all in /mentor history) are what gives way."""
    panel = CoordinatorPanel(figures(500, 50, 20, 3), ProgrammeSettings())
    full = home_view(card("en"), board(14, 5, 5, 50, 0), panel)["blocks"]
    with_done = home_view(card("en"), board(14, 5, 5, 50, 5), panel)
    assert view_problems(with_done) == []
    assert [block for block in with_done["blocks"] if block in full] == full


@settings(max_examples=30, deadline=None)
@given(done=st.integers(1, 20), locale=st.sampled_from(["en", "sv"]))
def test_any_celebration_is_a_valid_message(done: int, locale: str) -> None:
    message = goals_completed(tuple(goal(i, GoalStatus.COMPLETED) for i in range(done)), locale)
    assert message_problems(message["text"], message["blocks"]) == []
    assert ids.OPEN_GOAL in str(message["blocks"])
