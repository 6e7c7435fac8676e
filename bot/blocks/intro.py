"""The group message that introduces a new pair or triad, and the DM for those left out."""

from __future__ import annotations

from typing import Any

from bot.blocks.common import context, divider, header, section, slack_date
from bot.blocks.groups import mention, reason_line
from bot.blocks.guide import guide_blocks
from bot.blocks.profile import skill_list
from bot.blocks.times import times_blocks
from bot.domain import Guide, MemberCard, PairingCard, SuggestedTimes
from bot.i18n import t


def intro_message(
    pairing: PairingCard,
    people: list[MemberCard],
    locale: str,
    times: SuggestedTimes | None = None,
    guide: Guide | None = None,
) -> dict[str, Any]:
    """The intro, in one language all members read (see notify.group_locale), with the times
    suggested for the first session and its guide (the programme's first)."""
    group = pairing.group
    kind = "pair" if len(group.members) == 2 else "triad"
    by_user = {card.user_id: card for card in people}
    none = t("common.none_chosen", locale)
    about_lines = []
    for user in group.members:
        card = by_user.get(user)
        offers = skill_list(card.skills_offered, locale) if card else ""
        wants = skill_list(card.skills_wanted, locale) if card else ""
        about_lines.append(
            t(
                "intro.member",
                locale,
                user=mention(user),
                offers=offers or none,
                wants=wants or none,
            )
        )
    title = t(f"intro.header_{kind}", locale)
    blocks = [
        header(title),
        section(
            t("intro.welcome", locale, round=pairing.round_number, end=slack_date(pairing.ends_at))
        ),
        section("\n".join(about_lines)),
        context(reason_line(group, locale)),
        divider(),
        section(t("intro.coach", locale, coach=mention(group.first_coach))),
        *(
            [*guide_blocks(guide, locale), context(t("guide.then", locale))]
            if guide
            else [section(t("intro.first_session", locale))]
        ),
        *(times_blocks(times, locale) if times is not None else []),
        context(t("intro.privacy", locale)),
    ]
    return {"text": f"{title}: {' '.join(mention(m) for m in group.members)}", "blocks": blocks}


def unplaced_message(reason: str, locale: str) -> dict[str, Any]:
    text = t(f"intro.unplaced_{reason}", locale)
    return {"text": text, "blocks": [section(text)]}
