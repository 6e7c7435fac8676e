"""Small Block Kit builders and text helpers shared by every surface."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

Block = dict[str, Any]

SECTION_TEXT_MAX = 3000


def escape(text: str) -> str:
    """Escape user text for mrkdwn so it cannot form links or mentions (`<!channel>`)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text, "emoji": True}


def mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}


def labelled(label: str, value: str) -> dict[str, Any]:
    """A section field: its label in bold over its value, within a field's 2,000 characters."""
    return mrkdwn(clip(f"*{label}*\n{value}", 2000))


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text[:150])}


def section(text: str, accessory: dict[str, Any] | None = None) -> Block:
    block: Block = {"type": "section", "text": mrkdwn(clip(text, SECTION_TEXT_MAX))}
    if accessory is not None:
        block["accessory"] = accessory
    return block


def context(*texts: str) -> Block:
    return {"type": "context", "elements": [mrkdwn(text) for text in texts[:10]]}


def divider() -> Block:
    return {"type": "divider"}


def button(
    text: str, action_id: str, value: str | None = None, style: str | None = None
) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "button", "text": plain(text[:75]), "action_id": action_id}
    if value is not None:
        element["value"] = value
    if style is not None:
        element["style"] = style
    return element


def actions(*elements: dict[str, Any], block_id: str | None = None) -> Block:
    block: Block = {"type": "actions", "elements": list(elements)}
    if block_id is not None:
        block["block_id"] = block_id
    return block


def slack_date(moment: datetime) -> str:
    """A date Slack renders in each reader's own time zone and language."""
    fallback = moment.strftime("%Y-%m-%d")
    return f"<!date^{int(moment.timestamp())}^{{date_long}}|{fallback}>"


def slack_time(moment: datetime) -> str:
    """A weekday, date and time of day that Slack renders in each reader's own time zone and
    language ("Tuesday, December 8th 2:00 PM"); the fallback is in UTC."""
    fallback = moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"<!date^{int(moment.timestamp())}^{{date_long_pretty}} {{time}}|{fallback}>"


def slack_day(day: date) -> str:
    """A calendar date (noon UTC is that date in every time zone Slack readers live in)."""
    return slack_date(datetime(day.year, day.month, day.day, 12, tzinfo=UTC))


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def modal(
    title: str,
    close: str,
    blocks: list[Block],
    *,
    callback_id: str | None = None,
    submit: str | None = None,
    private_metadata: str | None = None,
) -> dict[str, Any]:
    """A modal view; with no `submit` it has only its close button."""
    view: dict[str, Any] = {"type": "modal", "title": plain(title[:24]), "close": plain(close)}
    if callback_id is not None:
        view["callback_id"] = callback_id
    if submit is not None:
        view["submit"] = plain(submit)
    if private_metadata is not None:
        view["private_metadata"] = private_metadata
    view["blocks"] = blocks
    return view


def message_modal(title: str, text: str, close: str) -> dict[str, Any]:
    """A modal that only says something: work under way, a result, a confirmation."""
    return modal(title, close, [section(text)])


def option(text: str, value: str, description: str | None = None) -> dict[str, Any]:
    """A select or radio option; texts clipped to Slack's 75 characters."""
    made: dict[str, Any] = {"text": plain(clip(text, 75)), "value": value}
    if description:
        made["description"] = plain(clip(description, 75))
    return made


def input_block(
    block_id: str,
    label: str,
    element: dict[str, Any],
    *,
    hint: str | None = None,
    optional: bool = False,
) -> Block:
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "label": plain(clip(label, 2000)),
        "element": element,
    }
    if hint:
        block["hint"] = plain(hint)
    if optional:
        block["optional"] = True
    return block
