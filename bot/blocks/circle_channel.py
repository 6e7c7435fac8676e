"""What the bot says in a circle's private channel: the intro once the circle is ready, a
welcome for whoever joins later, and the closing line before the channel is archived."""

from __future__ import annotations

from typing import Any

from bot.blocks.common import Block, context, divider, escape, header, section
from bot.blocks.groups import mention
from bot.blocks.guide import guide_blocks
from bot.blocks.profile import skill_list
from bot.domain import CircleIntro
from bot.i18n import t


def circle_intro(intro: CircleIntro, locale: str) -> dict[str, Any]:
    """The circle's intro: who is in it, what each brings and wants, who facilitates first,
    its topic and description, and the first session's guide."""
    none = t("common.none_chosen", locale)
    title = t("circle_channel.header", locale, topic=intro.topic)
    about = [f"*{escape(intro.topic)}*"]
    if intro.description:
        about.append(escape(intro.description))
    if intro.skills:
        about.append(t("circle_channel.skills", locale, skills=skill_list(intro.skills, locale)))
    people = [
        t(
            "circle_channel.member",
            locale,
            user=mention(person.user_id),
            offers=skill_list(person.offers, locale) or none,
            wants=skill_list(person.wants, locale) or none,
        )
        for person in intro.people
    ]
    blocks: list[Block] = [
        header(title),
        section("\n".join(about)),
        section(t("circle_channel.welcome", locale)),
        section("\n".join(people) or t("circle_channel.nobody", locale)),
        divider(),
    ]
    if intro.facilitator is not None:
        blocks.append(
            section(t("circle_channel.facilitator", locale, user=mention(intro.facilitator)))
        )
    blocks += [
        *guide_blocks(intro.guide, locale, circle=True),
        context(t("circle_channel.then", locale)),
        context(t("circle_channel.privacy", locale)),
    ]
    names = " ".join(mention(person.user_id) for person in intro.people)
    return {"text": f"{title}: {names}", "blocks": blocks}


def circle_newcomer(user_id: str, locale: str) -> dict[str, Any]:
    """A welcome for someone who joins after the intro was posted."""
    text = t("circle_channel.newcomer", locale, user=mention(user_id))
    return {"text": text, "blocks": [section(text)]}


def circle_closing(topic: str, locale: str) -> dict[str, Any]:
    """The last line in the channel before it is archived."""
    text = t("circle_channel.closing", locale, topic=escape(topic))
    return {"text": text, "blocks": [section(text)]}
