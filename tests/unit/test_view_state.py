"""ViewState: a view's inputs read back as Slack sent them, and any malformed part read as
empty, never an exception."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.ids import VALUE
from bot.slack.view_state import ViewState, moment_of, selected

BLOCKS = ("a", "b", VALUE, "state", "values")
KEYS = (
    "selected_option",
    "selected_options",
    "selected_date",
    "selected_date_time",
    "selected_user",
    "value",
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from([*BLOCKS, *KEYS, "selected_conversation"]) | st.text(max_size=3),
            inner,
            max_size=4,
        )
    ),
    max_leaves=20,
)
# An input element's state with Slack's keys holding anything
elements = st.dictionaries(
    st.sampled_from([*KEYS, "selected_conversation"]), json_values, min_size=1
)
# A view whose state holds input blocks of any shape: {state: {values: {block: {VALUE: ?}}}}
views = (
    st.fixed_dictionaries(
        {
            "state": st.fixed_dictionaries(
                {
                    "values": st.dictionaries(
                        st.sampled_from(BLOCKS),
                        json_values
                        | st.dictionaries(st.just(VALUE), elements | json_values, max_size=1),
                        max_size=4,
                    )
                }
            )
            | json_values
        }
    )
    | json_values
)


@settings(max_examples=500)
@given(views)
def test_any_view_reads_as_values_or_empty_never_a_crash(view: Any):
    state = ViewState.of(view)
    assert all(isinstance(b, str) for b in state.block_ids())
    assert isinstance(selected(view), str)
    for block_id in BLOCKS:
        assert isinstance(state.text(block_id), str)
        assert isinstance(state.option(block_id), str)
        options = state.options(block_id)
        assert isinstance(options, tuple) and all(isinstance(o, str) for o in options)
        assert state.checked(block_id) == bool(options)
        assert state.date(block_id) is None or isinstance(state.date(block_id), date)
        moment = state.moment(block_id)
        assert moment is None or (isinstance(moment, datetime) and moment.tzinfo is UTC)
        assert isinstance(state.user(block_id), str)
        assert isinstance(state.conversation(block_id), str)


def _view(block_id: str, element: dict[str, Any]) -> dict[str, Any]:
    return {"state": {"values": {block_id: {VALUE: element}}}}


@given(st.text(), st.lists(st.text(), max_size=3), st.dates(), st.text())
def test_well_formed_inputs_read_back(text: str, values: list[str], day: date, user: str):
    assert ViewState.of(_view("t", {"type": "plain_text_input", "value": text})).text("t") == text
    chosen = {"selected_option": {"text": {}, "value": text}}
    assert ViewState.of(_view("s", chosen)).option("s") == text
    assert selected(chosen) == text
    ticked = {"selected_options": [{"value": v} for v in values]}
    assert ViewState.of(_view("m", ticked)).options("m") == tuple(values)
    assert ViewState.of(_view("m", ticked)).checked("m") == bool(values)
    picked = {"selected_date": day.isoformat()}
    assert ViewState.of(_view("d", picked)).date("d") == day
    assert ViewState.of(_view("u", {"selected_user": user})).user("u") == user
    channel = {"selected_conversation": user}
    assert ViewState.of(_view("c", channel)).conversation("c") == user


def test_what_is_missing_reads_as_empty():
    state = ViewState.of({"state": {"values": {"t": {VALUE: {"value": None}}}}})
    assert (state.text("t"), state.text("other"), state.option("t")) == ("", "", "")
    assert (state.options("t"), state.checked("t"), state.date("t")) == ((), False, None)
    assert state.block_ids() == ["t"]
    assert ViewState.of(_view("d", {"selected_date": "2024-02-30"})).date("d") is None


@given(st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(9999, 12, 31)))
def test_a_date_and_time_pickers_moment_reads_back_in_utc(moment: datetime):
    seconds = int(moment.replace(tzinfo=UTC).timestamp())
    read = ViewState.of(_view("w", {"selected_date_time": seconds})).moment("w")
    assert read == datetime.fromtimestamp(seconds, UTC) and read is not None
    assert moment_of(str(seconds)) == read  # a button's value carries the digits


def test_a_moment_that_is_not_whole_seconds_in_range_reads_as_none():
    for forged in (True, -1, 1.5, "12:00", "", None, "١٢٣", 253402300800, [1], {"s": 1}):
        assert ViewState.of(_view("w", {"selected_date_time": forged})).moment("w") is None
        assert moment_of(forged) is None
