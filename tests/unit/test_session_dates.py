"""A booking's dates: one session, or a series every N days up to its last allowed start."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.domain import BookingCard, BookingStatus, MeetingForm
from bot.services.session_dates import between, dates, last_end, last_start, next_session
from bot.services.slots import Interval

START = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
HALF_HOUR = timedelta(minutes=30)


def _booking(every_days: int | None = None, until: datetime | None = None) -> BookingCard:
    return BookingCard(
        id=1,
        team_id="T1",
        programme_id=1,
        pair_id=1,
        start=START,
        end=START + HALF_HOUR,
        form=MeetingForm.VIDEO,
        status=BookingStatus.BOOKED,
        sequence=0,
        booked_by="U1",
        changed_by="U1",
        members=("U1", "U2"),
        first=True,
        conversation_id=None,
        message_ts=None,
        every_days=every_days,
        repeat_until=until,
    )


def test_a_single_session_has_one_date() -> None:
    booking = _booking()
    assert list(dates(booking)) == [Interval(START, START + HALF_HOUR)]
    assert last_end(booking) == START + HALF_HOUR
    assert next_session(booking, START + HALF_HOUR) is None


def test_a_series_every_two_weeks_runs_up_to_and_including_its_last_start() -> None:
    until = START + timedelta(days=28)
    starts = [session.start for session in dates(_booking(14, until))]
    assert starts == [START, START + timedelta(days=14), START + timedelta(days=28)]
    booking = _booking(14, until - timedelta(minutes=1))
    assert [s.start for s in dates(booking)] == [START, START + timedelta(days=14)]


def test_the_next_session_is_the_first_not_ended() -> None:
    booking = _booking(14, START + timedelta(days=60))
    during = next_session(booking, START + timedelta(minutes=10))
    assert during is not None and during.start == START
    after = next_session(booking, START + HALF_HOUR)
    assert after is not None and after.start == START + timedelta(days=14)


@given(
    every=st.integers(min_value=1, max_value=28),
    span=st.integers(min_value=0, max_value=200),
    lo=st.integers(min_value=-30, max_value=230),
    width=st.integers(min_value=1, max_value=60),
)
def test_between_is_exactly_the_dates_that_overlap(
    every: int, span: int, lo: int, width: int
) -> None:
    booking = _booking(every, START + timedelta(days=span))
    after = START + timedelta(days=lo)
    before = after + timedelta(days=width)
    expected = [s for s in dates(booking) if s.start < before and s.end > after]
    assert between(booking, after, before) == expected
    assert all(s.start <= booking.repeat_until for s in dates(booking))  # type: ignore[operator]
    assert len(list(dates(booking))) == span // every + 1


def test_a_series_repeats_up_to_its_last_start_before_the_round_ends() -> None:
    ends = START + timedelta(days=42)  # six weeks: sessions on days 0, 14 and 28 (not 42)
    assert last_start(START, 14, ends) == START + timedelta(days=28)
    assert last_start(START, 14, ends + timedelta(seconds=1)) == ends
    assert last_start(START, 14, START + timedelta(days=14)) is None  # no second session
    assert last_start(START, 7, START + timedelta(days=7, minutes=1)) == START + timedelta(days=7)


@given(
    st.sampled_from([7, 14, 28]),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=400)),
)
def test_the_last_start_is_a_session_before_the_end_and_the_next_would_not_be(
    every: int, length: timedelta
) -> None:
    before = START + length
    step = timedelta(days=every)
    found = last_start(START, every, before)
    if found is None:
        assert START + step >= before
        return
    assert START + step <= found < before <= found + step
    assert (found - START) % step == timedelta(0)
