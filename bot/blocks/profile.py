"""The profile modal, its confirmation, and the profile summary shown in DMs and App Home."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.common import Block, context, escape, modal, option, plain, section
from bot.domain import (
    MAX_ABOUT_LENGTH,
    MAX_DEPARTMENT_LENGTH,
    MAX_SKILLS_PER_LIST,
    SKILL_GROUPS,
    CareerLevel,
    MemberCard,
    RolePreference,
)
from bot.i18n import t

# The modal's private_metadata when it was opened from the Home tab, which then shows the
# saved profile at once (elsewhere, Home is rebuilt when the person next opens it).
FROM_HOME = "home"


def profile_modal(card: MemberCard, *, from_home: bool = False) -> dict[str, Any]:
    """The join / edit-profile modal, pre-filled from the member's current profile."""
    locale = card.locale
    editing = card.is_participant and card.has_profile
    view = {
        "type": "modal",
        "callback_id": ids.PROFILE_VIEW,
        "title": plain(t("profile.title_edit" if editing else "profile.title_join", locale)),
        "submit": plain(t("common.save" if editing else "profile.submit_join", locale)),
        "close": plain(t("common.cancel", locale)),
        "blocks": [
            section(t("profile.intro", locale)),
            _skills_input(
                ids.SKILLS_OFFERED, "offered", card.skills_offered, locale, optional=True
            ),
            _skills_input(ids.SKILLS_WANTED, "wanted", card.skills_wanted, locale, optional=False),
            _text_input(
                ids.DEPARTMENT,
                t("profile.department_label", locale),
                card.department,
                max_length=MAX_DEPARTMENT_LENGTH,
                placeholder=t("profile.department_placeholder", locale),
            ),
            _role_input(card.role_preference, locale),
            _level_input(card.career_level, locale),
            _text_input(
                ids.ABOUT,
                t("profile.about_label", locale),
                card.about,
                max_length=MAX_ABOUT_LENGTH,
                placeholder=t("profile.about_placeholder", locale),
                hint=t("profile.about_hint", locale),
                multiline=True,
                optional=True,
            ),
            context(t("profile.privacy", locale)),
        ],
    }
    if from_home:
        view["private_metadata"] = FROM_HOME
    return view


def profile_updated_modal(card: MemberCard) -> dict[str, Any]:
    """What the profile modal turns into when an edit is saved: the profile as stored."""
    locale = card.locale
    return modal(
        t("profile.title_edit", locale),
        t("common.close", locale),
        [
            section(t("profile.updated", locale)),
            *profile_summary(card),
            context(t("dm.edit_hint", locale)),
        ],
    )


def profile_summary(card: MemberCard) -> list[Block]:
    """The profile as one section of mrkdwn lines (user text escaped)."""
    locale = card.locale
    none = t("common.none_chosen", locale)
    not_set = t("common.not_set", locale)
    lines = [
        t(
            "profile.summary.offered",
            locale,
            skills=skill_list(card.skills_offered, locale) or none,
        ),
        t("profile.summary.wanted", locale, skills=skill_list(card.skills_wanted, locale) or none),
        t("profile.summary.department", locale, department=escape(card.department) or not_set),
        t(
            "profile.summary.role",
            locale,
            role=t(f"role.{card.role_preference}", locale) if card.role_preference else not_set,
        ),
        t(
            "profile.summary.level",
            locale,
            level=t(f"level.{card.career_level}", locale) if card.career_level else not_set,
        ),
    ]
    if card.about:
        lines.append(t("profile.summary.about", locale, about=escape(card.about)))
    return [section("\n".join(lines))]


def skill_list(skills: tuple[str, ...], locale: str) -> str:
    return ", ".join(t(f"skill.{skill}", locale) for skill in skills)


def _skills_input(
    block_id: str, name: str, chosen: tuple[str, ...], locale: str, *, optional: bool
) -> Block:
    element: dict[str, Any] = {
        "type": "multi_static_select",
        "action_id": ids.VALUE,
        "placeholder": plain(t(f"profile.{name}_placeholder", locale)),
        "max_selected_items": MAX_SKILLS_PER_LIST,
        "option_groups": [
            {
                "label": plain(t(f"skill_group.{group}", locale)),
                "options": [option(t(f"skill.{skill}", locale), skill) for skill in skills],
            }
            for group, skills in SKILL_GROUPS.items()
        ],
    }
    if chosen:
        element["initial_options"] = [option(t(f"skill.{s}", locale), s) for s in chosen]
    return {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": plain(t(f"profile.{name}_label", locale)),
        "hint": plain(t(f"profile.{name}_hint", locale, max=MAX_SKILLS_PER_LIST)),
        "element": element,
    }


def _text_input(
    block_id: str,
    label: str,
    value: str,
    *,
    max_length: int,
    placeholder: str,
    hint: str | None = None,
    multiline: bool = False,
    optional: bool = False,
) -> Block:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": ids.VALUE,
        "max_length": max_length,
        "multiline": multiline,
        "placeholder": plain(placeholder),
    }
    if value:
        element["initial_value"] = value
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": plain(label),
        "element": element,
    }
    if hint is not None:
        block["hint"] = plain(hint)
    return block


def _role_input(chosen: RolePreference | None, locale: str) -> Block:
    options = [option(t(f"role.{role}", locale), role.value) for role in RolePreference]
    initial = chosen or RolePreference.PEER
    return {
        "type": "input",
        "block_id": ids.ROLE_PREFERENCE,
        "label": plain(t("profile.role_label", locale)),
        "element": {
            "type": "radio_buttons",
            "action_id": ids.VALUE,
            "options": options,
            "initial_option": option(t(f"role.{initial}", locale), initial.value),
        },
    }


def _level_input(chosen: CareerLevel | None, locale: str) -> Block:
    element: dict[str, Any] = {
        "type": "static_select",
        "action_id": ids.VALUE,
        "placeholder": plain(t("profile.level_placeholder", locale)),
        "options": [option(t(f"level.{level}", locale), level.value) for level in CareerLevel],
    }
    if chosen is not None:
        element["initial_option"] = option(t(f"level.{chosen}", locale), chosen.value)
    return {
        "type": "input",
        "block_id": ids.CAREER_LEVEL,
        "label": plain(t("profile.level_label", locale)),
        "element": element,
    }
