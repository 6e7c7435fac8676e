"""Whose working hours a group's intro waits for."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.services.outbox import _hours_meet
from bot.services.working_hours import Hours

MONDAY = datetime(2027, 3, 15, 9, tzinfo=UTC)


def test_hours_that_meet_are_waited_for_together():
    assert _hours_meet((Hours("Europe/Stockholm"), Hours("America/New_York")), MONDAY)


def test_hours_that_never_meet_are_not_waited_for():
    assert not _hours_meet((Hours("Asia/Tokyo"), Hours("America/New_York")), MONDAY)
