"""The list `/mentor circles` answers with: a circles programme's open circles, a page at a
time, the reader's own first (with Leave circle), Join on each with room for a member in none,
and for its coordinators New circle and Close (with a confirm dialog). Topics and descriptions
are the coordinators' words, escaped wherever they show."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.common import Block, actions, button, clip, context, escape, header, plain, section
from bot.blocks.profile import skill_list
from bot.domain import CIRCLES_PER_PAGE, CircleCard, CirclePage
from bot.i18n import t

CONFIRM_TEXT_MAX = 300  # a confirmation dialog's text


def circle_list(
    page: CirclePage,
    locale: str,
    *,
    member: bool,
    manage: bool,
    programme: str | None = None,
    notice: str | None = None,
) -> dict[str, Any]:
    """One page of the programme's open circles as an ephemeral message. `member`: the reader
    takes part in the programme (Join, Leave); `manage`: they coordinate it (New, Close);
    `programme`: its name when the workspace runs several; `notice`: what their last click did."""
    blocks: list[Block] = [header(t("circles.header", locale))]
    if notice:
        blocks.append(section(notice))
    if programme:
        blocks.append(context(t("circles.in_programme", locale, programme=escape(programme))))
    state = str(page.page)
    if page.mine is not None:
        blocks.append(section(f"*{t('circles.yours', locale)}*"))
        blocks.append(section(_about(page.mine, locale)))
        leave = {
            **button(
                t("circles.leave", locale),
                ids.CIRCLE_LEAVE,
                f"{page.programme_id} {state}",
                "danger",
            ),
            "confirm": _confirm("leave", page.mine, locale),
        }
        blocks.append(actions(leave, *_close(page.mine, state, locale, manage)))
    total = page.total + (page.mine is not None)
    text = t("circles.count", locale, total=total) if total else t("circles.empty", locale)
    new = button(t("circles.new_button", locale), ids.CIRCLES_OPEN_NEW, str(page.programme_id))
    blocks.append(section(text, new if manage else None))
    for card in page.circles:
        can_join = member and page.mine is None and card.has_room
        join = (
            button(t("circles.join", locale), ids.CIRCLE_JOIN, f"{card.id} {state}", "primary")
            if can_join
            else None
        )
        blocks.append(section(_about(card, locale), join))
        if manage:
            blocks.append(actions(*_close(card, state, locale, manage)))
    pages = -(-page.total // CIRCLES_PER_PAGE)
    if pages > 1:
        turn = []
        if page.page > 0:
            previous = f"{page.programme_id} {page.page - 1}"
            turn.append(button(t("circles.previous", locale), ids.CIRCLES_PAGE, previous))
        if page.has_next:
            following = f"{page.programme_id} {page.page + 1}"
            turn.append(button(t("circles.next", locale), ids.CIRCLES_PAGE, following))
        blocks += [context(t("circles.page", locale, page=page.page + 1, pages=pages))]
        blocks += [actions(*turn)]
    return {"response_type": "ephemeral", "text": notice or text, "blocks": blocks}


def _about(card: CircleCard, locale: str) -> str:
    """A circle: its topic, description, skills and seats."""
    lines = [f"*{escape(card.topic)}*"]
    if card.description:
        lines.append(escape(card.description))
    facts = []
    if card.skills:
        facts.append(skill_list(card.skills, locale))
    seats = "circles.seats" if card.has_room else "circles.seats_full"
    facts.append(t(seats, locale, taken=card.taken, size=card.max_size))
    lines.append(f"_{' · '.join(facts)}_")
    return "\n".join(lines)


def _close(card: CircleCard, state: str, locale: str, manage: bool) -> list[dict[str, Any]]:
    """A coordinator's Close for the circle, with its confirm dialog; nothing for others."""
    if not manage:
        return []
    value = f"{card.id} {state}"
    closing = button(t("circles.close", locale), ids.CIRCLE_CLOSE, value, "danger")
    return [{**closing, "confirm": _confirm("close", card, locale)}]


def _confirm(what: str, card: CircleCard, locale: str) -> dict[str, Any]:
    text = t(f"circles.{what}_confirm_text", locale, topic=card.topic)
    return {
        "title": plain(t(f"circles.{what}_confirm_title", locale)),
        "text": plain(clip(text, CONFIRM_TEXT_MAX)),
        "confirm": plain(t(f"circles.{what}_confirm_yes", locale)),
        "deny": plain(t("circles.confirm_no", locale)),
        "style": "danger",
    }
