"""Suggested meeting times as the intro and the prompt show them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.blocks.times import times_blocks
from bot.config import SUPPORTED_LOCALES
from bot.domain import SuggestedTimes
from bot.i18n import t, tn
from tests.fakes.blockkit import message_problems

TUESDAY = datetime(2026, 12, 8, 14, tzinfo=UTC)
STARTS = (TUESDAY, TUESDAY + timedelta(days=1, hours=1), TUESDAY + timedelta(days=2, hours=2))


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_each_time_is_shown_in_the_readers_own_zone(locale: str):
    blocks = times_blocks(SuggestedTimes(STARTS, 30), locale)
    text = str(blocks)
    assert tn("times.shared", locale, count=30) in text
    for start in STARTS:
        fallback = start.strftime("%Y-%m-%d %H:%M UTC")
        assert f"<!date^{int(start.timestamp())}^{{date_long_pretty}} {{time}}|{fallback}>" in text
    assert message_problems("times", blocks) == []


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_hours_that_never_meet_are_said_to_be_a_compromise(locale: str):
    text = str(times_blocks(SuggestedTimes(STARTS[:1], 45, shared=False), locale))
    assert tn("times.compromise", locale, count=45) in text
    assert tn("times.shared", locale, count=45) not in text


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_no_time_at_all_says_what_to_do_instead(locale: str):
    blocks = times_blocks(SuggestedTimes((), 30, shared=False), locale)
    assert blocks[0]["text"]["text"] == t("times.none", locale)
    assert message_problems("times", blocks) == []
