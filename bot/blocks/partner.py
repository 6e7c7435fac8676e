"""A participant's own pair: the /mentor pair reply, asking for a new partner, and notices."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.common import Block, actions, button, context, escape, plain, section, slack_date
from bot.blocks.groups import mentions, reason_line
from bot.domain import PairingCard
from bot.i18n import t

REASON_MAX = 500


def pairing_blocks(pairing: PairingCard, locale: str) -> list[Block]:
    """Who my partners are, since when, until when, and why we were paired."""
    coach = pairing.group.first_coach
    lines = [
        t("mine.partners", locale, partners=mentions(pairing.partners, locale)),
        t(
            "mine.dates",
            locale,
            round=pairing.round_number,
            start=slack_date(pairing.starts_at),
            end=slack_date(pairing.ends_at),
        ),
        t(
            "mine.coach_you" if coach == pairing.viewer else "mine.coach_other",
            locale,
            coach=mentions((coach,), locale),
        ),
    ]
    return [section("\n".join(lines)), context(reason_line(pairing.group, locale))]


def pairing_message(
    pairings: list[tuple[PairingCard, str | None]], locale: str, joined: bool
) -> dict[str, Any]:
    """The ephemeral reply to /mentor pair for a participant: each of their pairings (a
    mentor's, one for each mentee), under its programme's name when the workspace runs
    several."""
    if not pairings:
        text = t("mine.none" if joined else "mine.not_member", locale)
        return {"response_type": "ephemeral", "text": text, "blocks": [section(text)]}
    title = t("mine.header", locale)
    blocks = [section(f"*{title}*")]
    for pairing, programme in pairings:
        if programme is not None:
            blocks.append(context(f":label: *{escape(programme)}*"))
        blocks += [
            *pairing_blocks(pairing, locale),
            actions(
                button(t("mine.request_button", locale), ids.OPEN_REQUEST, str(pairing.pair_id))
            ),
        ]
    return {"response_type": "ephemeral", "text": title, "blocks": blocks}


def request_modal(pairing: PairingCard, locale: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": ids.REQUEST_VIEW,
        "private_metadata": str(pairing.pair_id),
        "title": plain(t("request.title", locale)),
        "submit": plain(t("request.submit", locale)),
        "close": plain(t("common.cancel", locale)),
        "blocks": [
            section(t("request.intro", locale, partners=mentions(pairing.partners, locale))),
            {
                "type": "input",
                "block_id": ids.REQUEST_REASON,
                "optional": True,
                "label": plain(t("request.reason_label", locale)),
                "element": {
                    "type": "plain_text_input",
                    "action_id": ids.VALUE,
                    "multiline": True,
                    "max_length": REASON_MAX,
                },
            },
            context(t("request.privacy", locale)),
        ],
    }


def notice(text: str) -> dict[str, Any]:
    return {"text": text, "blocks": [section(text)]}


def coordinator_notice(
    requester: str, partners: tuple[str, ...], reason: str, repaired: bool, locale: str
) -> dict[str, Any]:
    """What coordinators are told of a request; the reason is for them only."""
    text = t(
        "request.coordinator",
        locale,
        user=mentions((requester,), locale),
        partners=mentions(partners, locale) or "-",
    )
    outcome = t("request.outcome_repaired" if repaired else "request.outcome_waiting", locale)
    lines = [text, outcome]
    if reason:
        lines.append(t("request.coordinator_reason", locale, reason=escape(reason)))
    return {"text": text, "blocks": [section("\n".join(lines))]}
