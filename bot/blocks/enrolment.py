"""Coming into a programme: the programmes open to someone, a request to join as its
coordinators see it, their decision, and an invitation."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.common import actions, button, clip, context, escape, header, section, slack_day
from bot.config import SUPPORTED_LOCALES
from bot.domain import Enrolment, JoinOffer, MemberStatus, ProgrammeCard, ProgrammeSummary
from bot.i18n import t

DESCRIPTION_SHOWN = 300  # of a programme's description, in a list of several


def programme_name(programme: ProgrammeCard | ProgrammeSummary, locale: str) -> str:
    """The programme's name as people read it (the first programme's in their language)."""
    return programme.name or t("programme.default_name", locale)


def default_names() -> frozenset[str]:
    """The first programme's name in every language (it goes by each: no other may take one)."""
    return frozenset(t("programme.default_name", locale) for locale in SUPPORTED_LOCALES)


def about_programme(programme: ProgrammeCard, locale: str) -> str:
    """One line: its kind, how people come in, and a cohort's dates."""
    facts = [
        t(f"enrolment.kind_{programme.kind}", locale),
        t(f"enrolment.by_{programme.enrolment}", locale),
    ]
    if programme.starts_on and programme.ends_on:
        facts.append(
            t(
                "enrolment.cohort",
                locale,
                start=slack_day(programme.starts_on),
                end=slack_day(programme.ends_on),
            )
        )
    return " · ".join(facts)


def join_choices(offers: list[JoinOffer], locale: str) -> dict[str, Any]:
    """The ephemeral answer to /mentor join in a workspace that runs several programmes."""
    if not offers:
        text = t("enrolment.none_open", locale)
        edit = button(t("home.edit_button", locale), ids.OPEN_PROFILE)
        return {"response_type": "ephemeral", "text": text, "blocks": [section(text, edit)]}
    blocks = [header(t("enrolment.choose_title", locale))]
    for offer in offers:
        programme = offer.programme
        name = escape(programme_name(programme, locale))
        lines = [f"*{name}*", about_programme(programme, locale)]
        if programme.description:
            lines.append(escape(clip(programme.description, DESCRIPTION_SHOWN)))
        blocks.append(section("\n".join(lines), _join_button(offer, locale)))
        if offer.status is MemberStatus.REQUESTED:
            blocks.append(context(t("enrolment.waiting", locale)))
    text = t("enrolment.choose_title", locale)
    return {"response_type": "ephemeral", "text": text, "blocks": blocks}


def _join_button(offer: JoinOffer, locale: str) -> dict[str, Any] | None:
    value = str(offer.programme.id)
    if offer.status is MemberStatus.REQUESTED:
        return None
    if offer.status is MemberStatus.INVITED:
        return button(t("enrolment.accept", locale), ids.JOIN_PROGRAMME, value, "primary")
    if offer.programme.enrolment is Enrolment.APPROVAL:
        return button(t("enrolment.ask", locale), ids.JOIN_PROGRAMME, value)
    return button(t("enrolment.join", locale), ids.JOIN_PROGRAMME, value, "primary")


def join_request(programme: ProgrammeCard, user_id: str, locale: str) -> dict[str, Any]:
    """The DM asking one of the programme's coordinators to approve or decline a request."""
    text = t(
        "enrolment.request",
        locale,
        user=f"<@{user_id}>",
        programme=escape(programme_name(programme, locale)),
    )
    value = f"{programme.id}:{user_id}"
    return {
        "text": text,
        "blocks": [
            section(text),
            context(t("enrolment.request_hint", locale)),
            actions(
                button(t("enrolment.approve", locale), ids.APPROVE_JOIN, value, "primary"),
                button(t("enrolment.decline", locale), ids.DECLINE_JOIN, value, "danger"),
            ),
        ],
    }


def decided(
    programme: ProgrammeCard, user_id: str, outcome: str, by: str, locale: str
) -> dict[str, Any]:
    """What a request becomes once answered (outcome: approved, declined or already)."""
    text = t(
        f"enrolment.decided_{outcome}",
        locale,
        user=f"<@{user_id}>",
        programme=escape(programme_name(programme, locale)),
        by=f"<@{by}>",
    )
    return {"text": text, "blocks": [section(text)]}


def decision_notice(programme: ProgrammeCard, approved: bool, locale: str) -> dict[str, Any]:
    """The DM telling the person what the coordinators decided."""
    name = escape(programme_name(programme, locale))
    key = "enrolment.you_approved" if approved else "enrolment.you_declined"
    text = t(key, locale, programme=name)
    return {"text": text, "blocks": [section(text)]}


def invitation(programme: ProgrammeCard, by: str, locale: str) -> dict[str, Any]:
    """The DM inviting someone into a programme by invitation only: one click to join."""
    name = escape(programme_name(programme, locale))
    text = t("enrolment.invited", locale, by=f"<@{by}>", programme=name)
    lines = [text, about_programme(programme, locale)]
    if programme.description:
        lines.append(escape(clip(programme.description, DESCRIPTION_SHOWN)))
    return {
        "text": text,
        "blocks": [
            section("\n".join(lines)),
            actions(
                button(
                    t("enrolment.accept", locale),
                    ids.JOIN_PROGRAMME,
                    str(programme.id),
                    "primary",
                )
            ),
        ],
    }


def enrolled_modal_text(outcome: str, programme: ProgrammeCard, locale: str) -> str:
    """What the profile modal says after a save that did not make them take part now."""
    return t(
        f"enrolment.saved_{outcome}", locale, programme=escape(programme_name(programme, locale))
    )
