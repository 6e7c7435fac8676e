"""Reading what a person entered in a submitted view, without trusting its shape.

Slack sends a view's inputs as state.values[block_id][action_id][...]; every input the bot
builds has the one action_id ids.VALUE. A missing or malformed part (a forged payload) reads as
empty: these readers never raise, and the service's validation then answers the person.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from typing import Any

from bot.ids import FILLED, VALUE

MAX_FILLS = 999_999  # the highest fill number a block id carries; the fill after it is 1


class ViewState:
    """The inputs of a submitted view, read block by block."""

    def __init__(self, values: object) -> None:
        self._values: dict[Any, Any] = values if isinstance(values, dict) else {}

    @classmethod
    def of(cls, view: object) -> ViewState:
        """The state of a view payload (view.state.values)."""
        state = view.get("state") if isinstance(view, dict) else None
        return cls(state.get("values") if isinstance(state, dict) else None)

    def block_ids(self) -> list[str]:
        """The input blocks the state holds, in the order Slack sent them."""
        return [block_id for block_id in self._values if isinstance(block_id, str)]

    def field(self, name: str) -> str:
        """The block id of the input that fills the field `name`: `name` itself, or `name` with
        a fill number when a template filled the view anew (of several, as a forged state may
        hold, the last); `name` when the state holds none."""
        found = [b for b in self.block_ids() if fill_number(b, name) is not None]
        return found[-1] if found else name

    def element(self, block_id: str) -> dict[str, Any]:
        """The raw state of one input's element ({} when missing or malformed)."""
        block = self._values.get(block_id)
        found = block.get(VALUE) if isinstance(block, dict) else None
        return found if isinstance(found, dict) else {}

    def text(self, block_id: str) -> str:
        """A plain-text or number input's text ("" when none)."""
        return _string(self.element(block_id).get("value"))

    def option(self, block_id: str) -> str:
        """The value of a select's or radio buttons' chosen option ("" when none)."""
        return selected(self.element(block_id))

    def options(self, block_id: str) -> tuple[str, ...]:
        """The values of a multi-select's or checkboxes' chosen options."""
        chosen = self.element(block_id).get("selected_options")
        if not isinstance(chosen, list):
            return ()
        return tuple(_string(o.get("value")) for o in chosen if isinstance(o, dict))

    def users(self, block_id: str) -> tuple[str, ...]:
        """A multi-user select's user ids (those that look like user ids), each once."""
        chosen = self.element(block_id).get("selected_users")
        if not isinstance(chosen, list):
            return ()
        return tuple(dict.fromkeys(u for u in chosen if isinstance(u, str) and _USER.fullmatch(u)))

    def checked(self, block_id: str) -> bool:
        """Whether any box of a checkboxes input is ticked."""
        return bool(self.options(block_id))

    def date(self, block_id: str) -> date | None:
        """A date picker's date (None when none or not a date)."""
        try:
            return date.fromisoformat(_string(self.element(block_id).get("selected_date")))
        except ValueError:
            return None

    def time(self, block_id: str) -> time | None:
        """A time picker's time, "HH:mm" in 24 hours (None when none or not such a time)."""
        found = _TIME.fullmatch(_string(self.element(block_id).get("selected_time")))
        return None if found is None else time(int(found[1]), int(found[2]))

    def moment(self, block_id: str) -> datetime | None:
        """A date and time picker's moment, aware UTC (None when none or not a moment Slack
        sends: whole seconds since the epoch, from 1970 to 9999)."""
        return moment_of(self.element(block_id).get("selected_date_time"))

    def user(self, block_id: str) -> str:
        """A user select's user id ("" when none)."""
        return _string(self.element(block_id).get("selected_user"))

    def conversation(self, block_id: str) -> str:
        """A conversation select's channel id ("" when none)."""
        return _string(self.element(block_id).get("selected_conversation"))


_LAST_SECOND = 253402300799  # 9999-12-31 23:59:59 UTC
_USER = re.compile(r"[UW][A-Z0-9]{1,31}")
_TIME = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")


def moment_of(seconds: object) -> datetime | None:
    """Whole seconds since the epoch (a number, or its ASCII digits) as an aware UTC moment, from
    1970 to 9999; None for anything else."""
    if isinstance(seconds, str) and seconds.isascii() and seconds.isdigit():
        seconds = int(seconds)
    if isinstance(seconds, bool) or not isinstance(seconds, int):
        return None
    if not 0 <= seconds <= _LAST_SECOND:
        return None
    return datetime.fromtimestamp(seconds, UTC)


def fill_number(block_id: object, name: str) -> int | None:
    """How many times a template filled the input of field `name` that has this block id: 0
    for `name` itself, n for `name` + FILLED + n (n up to MAX_FILLS); None for another block."""
    if block_id == name:
        return 0
    if not isinstance(block_id, str) or not block_id.startswith(name + FILLED):
        return None
    number = block_id.removeprefix(name + FILLED)
    if number.isascii() and number.isdigit() and len(number) <= len(str(MAX_FILLS)):
        return int(number)
    return None


def selected(element: object) -> str:
    """The value of the option chosen in a select element's state or a block action ("" when
    none or malformed)."""
    chosen = element.get("selected_option") if isinstance(element, dict) else None
    return _string(chosen.get("value")) if isinstance(chosen, dict) else ""


def _string(value: object) -> str:
    return value if isinstance(value, str) else ""
