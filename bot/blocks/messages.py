"""Direct messages and ephemeral replies: each returns {"text", "blocks"}."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.common import actions, button, clip, context, escape, section
from bot.blocks.learnings import share_button
from bot.blocks.profile import profile_summary
from bot.domain import LearningSource, MemberCard
from bot.i18n import t


def profile_saved(card: MemberCard, outcome: str) -> dict[str, Any]:
    """The welcome DM after joining: outcome is "joined" or "rejoined"."""
    locale = card.locale
    text = t(f"dm.{outcome}", locale)
    return {
        "text": text,
        "blocks": [section(text), *profile_summary(card), context(t("dm.edit_hint", locale))],
    }


def left_programme(locale: str) -> dict[str, Any]:
    text = t("dm.left", locale)
    return {"text": text, "blocks": [section(text)]}


def ephemeral(text: str) -> dict[str, Any]:
    return {"response_type": "ephemeral", "text": text, "blocks": [section(text)]}


def checkin_saved(
    outcome: str, meeting_id: int, locale: str, shareable: bool = False
) -> dict[str, Any]:
    """The DM after a check-in, with the thank-you button for the partner(s), and the button
    that shares a learning when the programme has a learning channel (`shareable`)."""
    text = t(f"checkin.saved_{outcome}", locale)
    kudos = button(t("checkin.kudos_button", locale), ids.KUDOS, str(meeting_id), style="primary")
    share = [share_button(LearningSource.CHECKIN, meeting_id, locale)] if shareable else []
    hints = [t("checkin.kudos_hint", locale)]
    if shareable:
        hints.append(t("learning.share_hint", locale))
    return {
        "text": text,
        "blocks": [section(text), actions(kudos, *share), context(*hints)],
    }


def kudos_sent(meeting_id: int, locale: str, shareable: bool) -> dict[str, Any]:
    """The check-in's confirmation once the thank-you is sent: the share button stays."""
    text = t("checkin.kudos_sent", locale)
    blocks = [section(text)]
    if shareable:
        share = share_button(LearningSource.CHECKIN, meeting_id, locale)
        blocks += [actions(share), context(t("learning.share_hint", locale))]
    return {"text": text, "blocks": blocks}


def kudos_received(sender: str, locale: str, line: str = "") -> dict[str, Any]:
    """The thank-you DM; from a workflow, with the line the sender wrote quoted under it."""
    text = t("checkin.kudos_received", locale, user=f"<@{sender}>")
    said = escape(line.strip()).replace("\n", "\n>")
    quoted = [section(f">{said}")] if said else []
    return {"text": text, "blocks": [section(text), *quoted]}


def reflection_shared(author: str, prompt: str, text: str, locale: str) -> dict[str, Any]:
    head = t("reflect.shared_with_you", locale, user=f"<@{author}>")
    body = f"*{t(f'reflect.prompt.{prompt}', locale)}*\n{escape(clip(text, 2500))}"
    return {"text": head, "blocks": [section(head), section(body)]}
