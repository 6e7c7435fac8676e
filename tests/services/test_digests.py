"""When a scheduled digest is due, and how a digest is claimed once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.orm import Session, sessionmaker

from bot.domain import ProgrammeSettings
from bot.services import digests, programmes
from tests.programme import the_programme

TEAM = "T0TEST"
NOW = datetime(2026, 11, 30, 8, tzinfo=UTC)  # Monday 09:00 in Stockholm, an "other" Monday


@given(
    moment=st.datetimes(
        min_value=datetime(2025, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
    ),
    weekday=st.integers(0, 6),
    hour=st.integers(6, 20),
    every=st.sampled_from([1, 2, 4]),
    zone=st.sampled_from(["UTC", "Europe/Stockholm", "America/New_York", "Asia/Tokyo"]),
)
def test_the_latest_slot_is_the_chosen_day_and_hour_and_never_in_the_future(
    moment: datetime, weekday: int, hour: int, every: int, zone: str
) -> None:
    chosen = ProgrammeSettings(
        digest_weekday=weekday, digest_hour=hour, digest_every_weeks=every, time_zone=zone
    )
    slot = digests.latest_slot(chosen, moment)
    assert slot is not None and slot <= moment
    local = slot.astimezone(ZoneInfo(zone))
    assert (local.weekday(), local.hour) == (weekday, hour)
    assert ((local.date() - digests.EPOCH_MONDAY).days // 7) % every == 0
    assert moment - slot < timedelta(weeks=every, hours=2)  # none was skipped in between


def test_on_demand_only_has_no_slot() -> None:
    assert digests.latest_slot(ProgrammeSettings(digest_every_weeks=0), NOW) is None


def test_a_digest_is_claimed_once_and_taken_over_only_when_its_poster_died(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as session:
        chosen = ProgrammeSettings(digest_channel="C0COORDS", time_zone="Europe/Stockholm")
        programmes.save(session, programmes.current(session, TEAM, NOW), chosen)
        [due] = digests.due(session, NOW)
        first = digests.claim(
            session, TEAM, the_programme(session), due.period, due.channel, {}, NOW
        )
        assert first is not None
    later = NOW + timedelta(minutes=1)
    with sessions.begin() as session:
        assert digests.due(session, later) == []
        assert (
            digests.claim(session, TEAM, the_programme(session), due.period, due.channel, {}, later)
            is None
        )
    stuck = NOW + timedelta(minutes=11)
    with sessions.begin() as session:
        assert digests.due(session, stuck) == [due]
        assert (
            digests.claim(session, TEAM, the_programme(session), due.period, due.channel, {}, stuck)
            == first
        )
        digests.mark_posted(session, first, "1700000000.000100", stuck)
    with sessions.begin() as session:
        assert digests.due(session, stuck + timedelta(minutes=20)) == []
        assert (
            digests.claim(session, TEAM, the_programme(session), due.period, due.channel, {}, stuck)
            is None
        )
