"""The pair's next session, or the times to book one, on Home: within Slack's limits on any
Home, with the avoid list giving way on the fullest."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot import ids
from bot.blocks.home import HOME_BLOCKS_MAX, home_view
from bot.domain import (
    BookingCard,
    BookingStatus,
    CoordinatorPanel,
    MeetingForm,
    NextSession,
    ProgrammeSettings,
    SuggestedTimes,
)
from tests.fakes.blockkit import view_problems
from tests.unit.test_digest_blocks import figures
from tests.unit.test_goal_completion_blocks import NOW, board, card

LINK = "https://calendar.google.com/calendar/render?" + "x" * 2900  # a link at its longest


def booked(every_days: int | None, form: MeetingForm = MeetingForm.VIDEO) -> NextSession:
    start = NOW + timedelta(days=3)
    booking = BookingCard(
        id=41,
        team_id="T1",
        programme_id=1,
        pair_id=7,
        start=start - timedelta(days=14),
        end=start - timedelta(days=14, minutes=-30),
        form=form,
        status=BookingStatus.BOOKED,
        sequence=2,
        booked_by="UBEN",
        changed_by="UANNA",
        members=("UANNA", "UBEN", "UCARL"),
        first=False,
        conversation_id="G1",
        message_ts="1.2",
        every_days=every_days,
        repeat_until=start + timedelta(days=56) if every_days else None,
    )
    return NextSession(booking, start, start + timedelta(minutes=30), LINK, LINK)


def times(count: int, shared: bool) -> SuggestedTimes:
    starts = tuple(NOW + timedelta(days=1 + i, hours=i) for i in range(count))
    return SuggestedTimes(starts, 30, shared, pair_id=7)


@settings(max_examples=80, deadline=None)
@given(
    goals=st.integers(0, 14),
    partner=st.integers(0, 5),
    recent=st.integers(0, 5),
    avoided=st.integers(0, 50),
    done=st.integers(0, 7),
    coordinator=st.booleans(),
    locale=st.sampled_from(["en", "sv"]),
    every=st.sampled_from([None, 7, 14, 28, 10]),
    slots=st.integers(0, 3),
    shared=st.booleans(),
    is_booked=st.booleans(),
)
def test_any_home_with_a_booking_or_the_times_is_valid_and_shows_them(
    goals: int,
    partner: int,
    recent: int,
    avoided: int,
    done: int,
    coordinator: bool,
    locale: str,
    every: int | None,
    slots: int,
    shared: bool,
    is_booked: bool,
) -> None:
    panel = CoordinatorPanel(figures(500, 50, 20, 3), ProgrammeSettings()) if coordinator else None
    base = board(goals, partner, recent, avoided, done)
    full = (
        replace(base, booked=booked(every))
        if is_booked
        else replace(base, times=times(slots, shared))
    )
    view = home_view(card(locale), full, panel)
    assert view_problems(view) == []
    assert len(view["blocks"]) <= HOME_BLOCKS_MAX
    shown = str(view["blocks"])
    if is_booked:
        assert shown.count(ids.RESCHEDULE) == shown.count(ids.CANCEL_BOOKING) == 1
        assert "<@UBEN>, <@UCARL>" in shown and ids.BOOK_SLOT not in shown
    else:
        assert shown.count(ids.BOOK_SLOT) == slots and shown.count(ids.BOOK_OTHER) == 1
    avoid_rows = shown.count(ids.REMOVE_AVOID)
    assert avoid_rows == avoided or "more on your list" in shown or "till på din lista" in shown


def test_a_series_says_how_it_repeats_in_both_languages() -> None:
    for every, en, sv in [
        (14, "Repeats every two weeks until", "Upprepas varannan vecka till och med"),
        (7, "Repeats every week until", "Upprepas varje vecka till och med"),
        (10, "Repeats every 10 days until", "Upprepas var 10:e dag till och med"),
    ]:
        board_ = replace(board(0, 0, 0, 0, 0), booked=booked(every, MeetingForm.IN_PERSON))
        assert en in str(home_view(card("en"), board_)["blocks"])
        assert sv in str(home_view(card("sv"), board_)["blocks"])
    single = replace(board(0, 0, 0, 0, 0), booked=booked(None))
    shown = str(home_view(card("en"), single)["blocks"])
    assert "Repeats" not in shown and "*How:* By video" in shown


def test_on_the_fullest_home_the_avoid_list_gives_way_and_counts_the_rest() -> None:
    panel = CoordinatorPanel(figures(500, 50, 20, 3), ProgrammeSettings())
    fullest = replace(board(14, 5, 5, 50, 5), times=times(3, True))
    view = home_view(card("en"), fullest, panel)
    shown = str(view["blocks"])
    assert len(view["blocks"]) == HOME_BLOCKS_MAX and view_problems(view) == []
    rows = shown.count(ids.REMOVE_AVOID)
    assert 0 < rows < 50 and f"{50 - rows} more on your list" in shown
    assert shown.count(ids.BOOK_SLOT) == 3
