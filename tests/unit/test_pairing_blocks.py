"""Pairing surfaces stay within Slack's limits at the sizes a big programme reaches."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.blocks.home import home_view
from bot.blocks.intro import intro_message, unplaced_message
from bot.blocks.partner import coordinator_notice, pairing_message, request_modal
from bot.blocks.progress import progress_message
from bot.blocks.rounds import options_modal, preview_modal
from bot.config import SUPPORTED_LOCALES
from bot.domain import (
    SKILLS,
    Attendance,
    CareerLevel,
    Dashboard,
    Exchange,
    GoalCard,
    GoalStatus,
    GroupSummary,
    HistoryEntry,
    IntroProgress,
    MemberCard,
    MemberStatus,
    PairingCard,
    RolePreference,
    RoundOptions,
    RoundPreview,
    Visibility,
)
from bot.services.availability import MAX_AVOIDS
from tests.fakes.blockkit import message_problems, view_problems

START = datetime(2026, 11, 23, tzinfo=UTC)


def group(i: int, size: int = 2) -> GroupSummary:
    users = tuple(f"U{i:05d}{m}" for m in range(size))
    return GroupSummary(
        members=users,
        exchanges=tuple(Exchange(a, b, SKILLS[:10]) for a in users for b in users if a != b),
        departments=tuple(f"Department number {m} with a long name" for m in range(size)),
        shared_hours=6.5,
    )


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_preview_of_ten_thousand_people_fits_one_modal(locale: str):
    preview = RoundPreview(
        draft_id="d" * 36,
        options=RoundOptions(),
        groups=tuple(group(i, 3 if i % 10 == 0 else 2) for i in range(4500)),
        unplaced=tuple((f"ULEFT{i:04d}", "no_compatible") for i in range(400)),
        total_score=12345.6,
    )
    view = preview_modal(locale, preview)
    assert view_problems(view) == []
    assert "12345.6" in str(view["blocks"])


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_pairing_surface_is_valid(locale: str):
    triad = group(1, 3)
    pairing = PairingCard(7, 3, START, START, triad, triad.members[1])
    card = MemberCard(
        triad.members[1],
        MemberStatus.PAUSED,
        locale,
        SKILLS[:10],
        SKILLS[10:20],
        "Finance",
        RolePreference.MENTOR,
        CareerLevel.LEAD,
        "x" * 500,
        START,
        None,
        START,
    )
    assert view_problems(options_modal(locale, RoundOptions(), 5000)) == []
    assert view_problems(request_modal(pairing, locale)) == []
    avoided = tuple(f"U{i:06d}" for i in range(MAX_AVOIDS))
    goals = tuple(
        GoalCard(
            i,
            card.user_id,
            "w" * 300,
            "strategy",
            "y" * 300,
            "m" * 300,
            START.date(),
            Visibility.PARTNER,
            GoalStatus.ON_TRACK,
        )
        for i in range(14)
    )
    recent = tuple(
        HistoryEntry(
            "checkin",
            START,
            card.user_id,
            START.date(),
            Attendance.MET,
            30,
            "UX",
            "a" * 1000,
            "b" * 1000,
            "c" * 1000,
            4,
        )
        for _ in range(5)
    )
    board = Dashboard(pairing, START.date(), goals, recent, avoided)
    assert view_problems(home_view(card, board)) == []
    messages = [
        intro_message(pairing, [card], locale),
        unplaced_message("alone", locale),
        unplaced_message("no_compatible", locale),
        pairing_message([(pairing, None)], locale, joined=True),
        pairing_message([(pairing, "Leaders"), (pairing, "Peer coaching")], locale, joined=True),
        pairing_message([], locale, joined=False),
        coordinator_notice("UANNA", triad.members, "<!channel> " + "r" * 500, True, locale),
    ]
    for message in messages:
        assert message_problems(message["text"], message["blocks"]) == []
    assert "<!channel>" not in str(messages[-1])


@pytest.mark.parametrize(
    ("locale", "one", "many"),
    [
        ("en", "*1 pair and 0 triads*, 2 people in all", "*2 pairs and 1 triad*, 7 people in all"),
        (
            "fi",
            "*1 pari ja 0 kolmikkoa*, yhteensä 2",
            "*2 paria ja 1 kolmikko*, yhteensä 7",
        ),
        ("de", "*1 Paar und 0 Trios*, insgesamt 2 Personen", "*2 Paare und 1 Trio*, insgesamt 7"),
    ],
)
def test_the_preview_counts_pairs_and_triads_each_in_its_number(locale: str, one: str, many: str):
    def summary(*sizes: int) -> str:
        groups = tuple(group(i, size) for i, size in enumerate(sizes))
        preview = RoundPreview("d", RoundOptions(), groups, (), 1.0)
        return str(preview_modal(locale, preview)["blocks"])

    assert one in summary(2)
    assert many in summary(2, 2, 3)


@pytest.mark.parametrize(
    ("locale", "one", "many"),
    [
        ("en", "0 of 1 group introduced;", "2 of 3 groups introduced;"),
        ("sv", "0 av 1 grupp presenterade;", "2 av 3 grupper presenterade;"),
        ("de", "0 von 1 Gruppe vorgestellt;", "2 von 3 Gruppen vorgestellt;"),
    ],
)
def test_a_partly_delivered_round_counts_its_groups_in_their_number(
    locale: str, one: str, many: str
):
    single = IntroProgress(4, groups=1, introduced=0, failed=1, waiting=0, why="", unplaced=0)
    several = replace(single, groups=3, introduced=2)
    assert one in progress_message(single, locale)["text"]
    assert many in progress_message(several, locale)["text"]
