"""A round's wrap-up counts its sessions and goals each in the number (and case) it needs."""

from __future__ import annotations

import pytest

from bot.blocks.rhythm import rhythm_message
from bot.domain import OutboxKind, RhythmNote
from tests.fakes.blockkit import message_problems


@pytest.mark.parametrize(
    ("locale", "sessions", "goals", "shown"),
    [
        ("en", 1, 0, "You held 1 session together and completed 0 goals."),
        ("en", 4, 1, "You held 4 sessions together and completed 1 goal."),
        ("fi", 1, 0, "Piditte yhdessä 1 tapaamisen ja saavutitte 0 tavoitetta."),
        ("fi", 4, 1, "Piditte yhdessä 4 tapaamista ja saavutitte 1 tavoitteen."),
        ("de", 1, 0, "Ihr habt 1 Session zusammen abgehalten und 0 Ziele erreicht."),
        ("de", 4, 1, "Ihr habt 4 Sessions zusammen abgehalten und 1 Ziel erreicht."),
    ],
)
def test_the_wrapup_counts_sessions_and_goals(locale: str, sessions: int, goals: int, shown: str):
    note = RhythmNote(OutboxKind.WRAPUP, 3, sessions_held=sessions, goals_completed=goals)
    message = rhythm_message(note, "U1", locale)
    assert shown in message["text"]
    assert message_problems(message["text"], message["blocks"]) == []
