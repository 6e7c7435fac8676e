"""Block Kit checks: slack_sdk.models must rebuild each payload unchanged, within Slack's limits."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any
from zoneinfo import available_timezones

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block, Option
from slack_sdk.models.views import View

MESSAGE_BLOCKS_MAX = 50
VIEW_BLOCKS_MAX = 100
MESSAGE_TEXT_MAX = 4000
VIEW_TEXT_FIELDS_MAX = 24  # title, submit, close
PRIVATE_METADATA_MAX = 3000
CALLBACK_ID_MAX = 255
CHOICES_MAX = 10  # options of a checkboxes or radio_buttons element
OPTIONS_MAX = 100  # options, or option groups, in a select or an options load answer
EXTERNAL = ("external_select", "multi_external_select")  # selects whose options the app loads
TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")  # a timepicker's HH:mm


def message_problems(text: Any, blocks: Any) -> list[str]:
    """What Slack would reject (or truncate) in a message's text and blocks."""
    problems: list[str] = []
    if not isinstance(text, str) or not text.strip():
        problems.append("message has no fallback text")
    elif len(text) > MESSAGE_TEXT_MAX:
        problems.append(f"message text is {len(text)} characters (> {MESSAGE_TEXT_MAX})")
    if blocks is None:
        return problems
    blocks = _decode(blocks)
    if not isinstance(blocks, list):
        return [*problems, "blocks is not a list"]
    if len(blocks) > MESSAGE_BLOCKS_MAX:
        problems.append(f"message has {len(blocks)} blocks (> {MESSAGE_BLOCKS_MAX})")
    return problems + _block_problems(blocks)


def view_problems(view: Any) -> list[str]:
    """What Slack would reject in a modal or Home tab view."""
    view = _decode(view)
    if not isinstance(view, dict):
        return ["view is not an object"]
    problems: list[str] = []
    kind = view.get("type")
    if kind not in ("modal", "home"):
        problems.append(f"view type {kind!r} is neither modal nor home")
    blocks = view.get("blocks") or []
    if not 1 <= len(blocks) <= VIEW_BLOCKS_MAX:
        problems.append(f"view has {len(blocks)} blocks (1..{VIEW_BLOCKS_MAX})")
    if kind == "modal":
        for key in ("title", "submit", "close"):
            text = (view.get(key) or {}).get("text", "")
            if key == "title" and not text:
                problems.append("modal has no title")
            if len(text) > VIEW_TEXT_FIELDS_MAX:
                problems.append(f"modal {key} {text!r} is over {VIEW_TEXT_FIELDS_MAX} characters")
        if any(b.get("type") == "input" for b in blocks) and not view.get("submit"):
            problems.append("modal has inputs but no submit button")
    if len(view.get("private_metadata", "")) > PRIVATE_METADATA_MAX:
        problems.append("private_metadata is over 3000 characters")
    if len(view.get("callback_id", "")) > CALLBACK_ID_MAX:
        problems.append("callback_id is over 255 characters")
    try:
        rebuilt = View(**view).to_dict()
    except (SlackObjectFormationError, TypeError, KeyError) as error:
        return [*problems, f"view rejected by slack_sdk.models: {error}"]
    if rebuilt != view:
        problems.append(f"view does not survive slack_sdk.models: {_diff(view, rebuilt)}")
    return problems + _block_problems(blocks)


def _block_problems(blocks: list[Any]) -> list[str]:
    problems: list[str] = []
    block_ids = Counter(b.get("block_id") for b in blocks if isinstance(b, dict))
    problems += [f"block_id {bid!r} repeats" for bid, n in block_ids.items() if bid and n > 1]
    for block in blocks:
        try:
            parsed = Block.parse(block)
            rebuilt = parsed.to_dict() if parsed is not None else None
        except (SlackObjectFormationError, TypeError, KeyError) as error:
            problems.append(f"block rejected by slack_sdk.models: {error}: {_short(block)}")
            continue
        if rebuilt != block:
            problems.append(f"block does not survive slack_sdk.models: {_diff(block, rebuilt)}")
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if len(element.get("text", {}).get("text", "")) > 75:
                problems.append(f"button text over 75 characters: {_short(element)}")
        for element in _elements(block):
            problems += _element_problems(element)
    return problems


def _elements(block: dict[str, Any]) -> list[dict[str, Any]]:
    """The interactive elements of an input, actions or section block."""
    found = [block.get("element"), block.get("accessory")]
    if block.get("type") == "actions":
        found += block.get("elements", [])
    return [element for element in found if isinstance(element, dict)]


def options_problems(answer: Any) -> list[str]:
    """What Slack would refuse in the answer to an options load request (block_suggestion):
    an object with `options` (at most 100) or `option_groups` (at most 100 groups, each with a
    label and at most 100 options), each option within the limits of Slack's option object."""
    if not isinstance(answer, dict):
        return ["options answer is not an object"]
    if ("options" in answer) == ("option_groups" in answer):
        return ["options answer has neither or both of options and option_groups"]
    if "options" in answer:
        return _options_problems(answer["options"], "options answer")
    groups = answer["option_groups"]
    if not isinstance(groups, list) or len(groups) > OPTIONS_MAX:
        return [f"option_groups is not a list of at most {OPTIONS_MAX}"]
    problems: list[str] = []
    for group in groups:
        label = (group.get("label") or {}) if isinstance(group, dict) else {}
        if label.get("type") != "plain_text" or not 1 <= len(label.get("text", "")) <= 75:
            problems.append(f"option group label is not plain text of 1..75: {_short(group)}")
        problems += _options_problems((group or {}).get("options"), "option group")
    return problems


def _options_problems(options: Any, where: str) -> list[str]:
    if not isinstance(options, list) or len(options) > OPTIONS_MAX:
        return [f"{where} holds no list of at most {OPTIONS_MAX} options"]
    problems = [p for chosen in options for p in _option_problems(chosen)]
    values = Counter(o.get("value") for o in options if isinstance(o, dict))
    return problems + [f"{where} repeats the value {v!r}" for v, n in values.items() if n > 1]


def _option_problems(chosen: Any) -> list[str]:
    """An option object as slack_sdk.models rebuilds it: plain_text text of at most 75
    characters, a value of at most 150."""
    if not isinstance(chosen, dict) or (chosen.get("text") or {}).get("type") != "plain_text":
        return [f"option is not an object with plain_text text: {_short(chosen)}"]
    try:
        rebuilt = Option(**chosen).to_dict()
    except (SlackObjectFormationError, TypeError, KeyError) as error:
        return [f"option rejected by slack_sdk.models: {error}: {_short(chosen)}"]
    return [] if rebuilt == chosen else [f"option does not survive: {_diff(chosen, rebuilt)}"]


def _element_problems(element: dict[str, Any]) -> list[str]:
    """What Slack documents of elements and slack_sdk.models does not check: checkboxes and
    radio buttons hold 1 to 10 options; an initial option exactly matches an offered one (in a
    select whose options the app loads, it is a valid option object; slack_sdk keeps it as
    given) and min_query_length is a whole number; a time picker's initial_time is HH:mm
    (slack_sdk's check passes "09:00x") and its timezone an IANA name."""
    kind = element.get("type")
    problems: list[str] = []
    offered = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        offered += group.get("options") or []
    if kind in ("checkboxes", "radio_buttons") and not 1 <= len(offered) <= CHOICES_MAX:
        problems.append(f"{kind} has {len(offered)} options (1..{CHOICES_MAX}): {_short(element)}")
    initial = list(element.get("initial_options") or [])
    if element.get("initial_option") is not None:
        initial.append(element["initial_option"])
    if kind in ("checkboxes", "radio_buttons", "static_select", "multi_static_select"):
        problems += [
            f"{kind}'s initial option is not one of its options: {_short(chosen)}"
            for chosen in initial
            if chosen not in offered
        ]
    if kind in EXTERNAL:
        problems += [p for chosen in initial for p in _option_problems(chosen)]
        length = element.get("min_query_length", 0)
        if not isinstance(length, int) or isinstance(length, bool) or length < 0:
            problems.append(f"{kind} min_query_length is no whole number: {_short(element)}")
    if kind == "timepicker":
        if "initial_time" in element and not TIME.fullmatch(str(element["initial_time"])):
            problems.append(f"timepicker initial_time is not HH:mm: {_short(element)}")
        if "timezone" in element and element["timezone"] not in available_timezones():
            problems.append(f"timepicker timezone is not an IANA zone: {_short(element)}")
    return problems


def _decode(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _short(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)[:200]


def _diff(original: Any, rebuilt: Any) -> str:
    return f"sent {_short(original)} / models give {_short(rebuilt)}"
