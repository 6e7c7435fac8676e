"""The App Home tab: a dashboard for members, an invitation for everyone else."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.common import Block, actions, button, context, divider, header, section, slack_date
from bot.blocks.profile import profile_summary
from bot.domain import MemberCard, MemberStatus
from bot.i18n import t


def home_view(card: MemberCard) -> dict[str, Any]:
    if card.is_participant:
        blocks = _participant(card)
    elif card.status is MemberStatus.LEFT:
        blocks = _former_member(card)
    else:
        blocks = _visitor(card.locale)
    return {"type": "home", "blocks": blocks}


def _visitor(locale: str) -> list[Block]:
    return [
        header(t("home.welcome_header", locale)),
        section(t("home.welcome_body", locale)),
        divider(),
        section(
            f"*{t('home.how_header', locale)}*\n"
            + "\n".join(t(f"home.how_{n}", locale) for n in (1, 2, 3))
        ),
        actions(button(t("home.join_button", locale), ids.OPEN_PROFILE, style="primary")),
    ]


def _participant(card: MemberCard) -> list[Block]:
    locale = card.locale
    status = t("home.status_line", locale, status=t(f"status.{card.status}", locale))
    facts = [status]
    if card.joined_at is not None:
        facts.append(t("home.joined_line", locale, date=slack_date(card.joined_at)))
    return [
        header(t("home.member_header", locale)),
        section("\n".join(facts)),
        context(t("home.next_step", locale)),
        divider(),
        section(f"*{t('home.profile_header', locale)}*"),
        *profile_summary(card),
        actions(
            button(t("home.edit_button", locale), ids.OPEN_PROFILE),
            button(t("home.leave_button", locale), ids.OPEN_LEAVE, style="danger"),
        ),
    ]


def _former_member(card: MemberCard) -> list[Block]:
    locale = card.locale
    left = card.left_at
    line = t("home.left_line", locale, date=slack_date(left)) if left else ""
    return [
        header(t("home.welcome_header", locale)),
        section(line or t("home.welcome_body", locale)),
        actions(button(t("home.rejoin_button", locale), ids.OPEN_PROFILE, style="primary")),
    ]
