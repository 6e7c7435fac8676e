"""The profile modal, its confirmation, and the profile summary shown in DMs and App Home."""

from __future__ import annotations

from datetime import time
from typing import Any

from bot import ids
from bot.blocks.common import (
    Block,
    context,
    divider,
    escape,
    header,
    input_block,
    modal,
    option,
    plain,
    section,
)
from bot.country_search import find_countries, matches
from bot.domain import (
    MAX_ABOUT_LENGTH,
    MAX_CAPACITY,
    MAX_DEPARTMENT_LENGTH,
    MAX_SKILLS_PER_LIST,
    SKILL_GROUPS,
    WEEKDAYS,
    CareerLevel,
    MeetingForm,
    MemberCard,
    RolePreference,
)
from bot.flow import Flow
from bot.i18n import t
from bot.locale_names import country_name, weekday_names

# The country menu's value for "the country of my time zone" (no country stored).
FROM_MY_ZONE = "zone"
# The most options Slack takes in an answer to a select's options load request.
OPTIONS_MAX = 100


def profile_modal(
    card: MemberCard,
    *,
    flow: Flow | None = None,
    joining: str | None = None,
    mentoring: bool = False,
) -> dict[str, Any]:
    """The join / edit-profile modal, pre-filled from the member's current profile. `flow`
    (its private_metadata) names the programme it joins or edits and whether it came from
    Home, which then shows the saved profile at once; `joining`: the programme's name, shown
    when the workspace runs several; `mentoring`: it is a mentoring programme, where a mentor
    says how many mentees they can take."""
    locale = card.locale
    editing = card.is_participant and card.has_profile
    intro = [section(t("profile.intro", locale))]
    if joining is not None:
        intro.insert(0, context(t("enrolment.joining", locale, programme=escape(joining))))
    view = {
        "type": "modal",
        "callback_id": ids.PROFILE_VIEW,
        "title": plain(t("profile.title_edit" if editing else "profile.title_join", locale)),
        "submit": plain(t("common.save" if editing else "profile.submit_join", locale)),
        "close": plain(t("common.cancel", locale)),
        "private_metadata": (flow or Flow()).encode(),
        "blocks": [
            *intro,
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
            *([_capacity_input(card.capacity, locale)] if mentoring else []),
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
            *meeting_inputs(card),
            context(t("profile.privacy", locale)),
        ],
    }
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
    lines.append(meeting_line(card))
    return [section("\n".join(lines))]


def meeting_line(card: MemberCard) -> str:
    """When and how the person meets, in one line: "Meets: Mon-Fri 09:00-17:00, video or in
    person", and the country whose public holidays they keep when they chose one."""
    locale = card.locale
    values = {
        "days": day_ranges(card.meeting_days, locale),
        "start": clock_time(card.meeting_start),
        "end": clock_time(card.meeting_end),
        "form": t(f"meeting_form.summary.{card.meeting_form}", locale),
    }
    if card.holiday_country is None:
        return t("profile.summary.meets", locale, **values)
    country = country_name(card.holiday_country, locale)
    return t("profile.summary.meets_holidays", locale, country=country, **values)


def day_ranges(days: frozenset[int], locale: str) -> str:
    """Weekdays in short, runs of three or more as ranges: "Mon-Fri", "Mon, Wed, Fri",
    "Mon-Wed, Sat"."""
    names = weekday_names(locale, short=True)
    runs: list[list[int]] = []
    for day in sorted(d for d in days if d in WEEKDAYS):
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{names[run[0]]}-{names[run[-1]]}")
        else:
            parts += [names[day] for day in run]
    return ", ".join(parts)


def clock_time(moment: time) -> str:
    """A time of day as "09:00" (24 hours, as in both our languages)."""
    return moment.strftime("%H:%M")


def meeting_inputs(card: MemberCard) -> list[Block]:
    """The modal's "When you can meet" part: hours, days, form and holiday country."""
    locale = card.locale
    zone = (
        t("profile.meeting_zone", locale, zone=card.time_zone)
        if card.time_zone
        else t("profile.meeting_zone_unknown", locale)
    )
    return [
        divider(),
        header(t("profile.meeting_header", locale)),
        context(zone),
        _time_input(
            ids.MEETING_START, t("profile.meeting_start_label", locale), card.meeting_start
        ),
        _time_input(ids.MEETING_END, t("profile.meeting_end_label", locale), card.meeting_end),
        _days_input(card.meeting_days, locale),
        _form_input(card.meeting_form, locale),
        _country_input(card.holiday_country, locale),
    ]


def _time_input(block_id: str, label: str, chosen: time) -> Block:
    element = {"type": "timepicker", "action_id": ids.VALUE, "initial_time": clock_time(chosen)}
    return input_block(block_id, label, element)


def _days_input(chosen: frozenset[int], locale: str) -> Block:
    options = [
        option(name[:1].upper() + name[1:], str(day))
        for day, name in zip(WEEKDAYS, weekday_names(locale), strict=True)
    ]
    element: dict[str, Any] = {"type": "checkboxes", "action_id": ids.VALUE, "options": options}
    ticked = [options[day] for day in sorted(chosen) if day in WEEKDAYS]
    if ticked:
        element["initial_options"] = ticked
    return input_block(ids.MEETING_DAYS, t("profile.meeting_days_label", locale), element)


def _form_input(chosen: MeetingForm, locale: str) -> Block:
    options = {form: option(t(f"meeting_form.{form}", locale), form.value) for form in MeetingForm}
    element = {
        "type": "radio_buttons",
        "action_id": ids.VALUE,
        "options": list(options.values()),
        "initial_option": options[chosen],
    }
    return input_block(ids.MEETING_FORM, t("profile.meeting_form_label", locale), element)


def _country_input(chosen: str | None, locale: str) -> Block:
    """The holiday country: a select whose options Slack asks the bot for as the person types
    (country_options), as the countries whose holidays we know are too many to send with the
    modal. It opens on the current choice, "From my time zone" when none; opened, it lists
    the first hundred at once (min_query_length 0)."""
    element = {
        "type": "external_select",
        "action_id": ids.VALUE,
        "initial_option": _country_option(chosen, locale),
        "min_query_length": 0,
    }
    return input_block(
        ids.HOLIDAY_COUNTRY,
        t("profile.country_label", locale),
        element,
        hint=t("profile.country_hint", locale),
    )


def country_options(query: str, locale: str) -> list[dict[str, Any]]:
    """The country menu's options for what the person typed: "From my time zone" first when
    it matches (or nothing was typed), then the countries found (bot.country_search), in the
    language's order; at most the 100 Slack takes."""
    from_zone = _country_option(None, locale)
    options = [from_zone] if matches(query, from_zone["text"]["text"]) else []
    found = find_countries(query, locale)[: OPTIONS_MAX - len(options)]
    return options + [option(name, code) for code, name in found]


def _country_option(code: str | None, locale: str) -> dict[str, Any]:
    """A country's option, the same in the modal and in the menu's answers (Slack's initial
    option is one of the options loaded); None: "From my time zone"."""
    if code is None:
        return option(t("profile.country_from_zone", locale), FROM_MY_ZONE)
    return option(country_name(code, locale), code)


def skill_list(skills: tuple[str, ...], locale: str) -> str:
    return ", ".join(t(f"skill.{skill}", locale) for skill in skills)


def skill_option_groups(locale: str) -> list[dict[str, Any]]:
    """Every skill of the catalogue as a select's options, grouped as the catalogue groups them."""
    return [
        {
            "label": plain(t(f"skill_group.{group}", locale)),
            "options": [option(t(f"skill.{skill}", locale), skill) for skill in skills],
        }
        for group, skills in SKILL_GROUPS.items()
    ]


def _skills_input(
    block_id: str, name: str, chosen: tuple[str, ...], locale: str, *, optional: bool
) -> Block:
    element: dict[str, Any] = {
        "type": "multi_static_select",
        "action_id": ids.VALUE,
        "placeholder": plain(t(f"profile.{name}_placeholder", locale)),
        "max_selected_items": MAX_SKILLS_PER_LIST,
        "option_groups": skill_option_groups(locale),
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


def _capacity_input(chosen: int | None, locale: str) -> Block:
    options = [option(str(n), str(n)) for n in range(1, MAX_CAPACITY + 1)]
    return {
        "type": "input",
        "block_id": ids.CAPACITY,
        "optional": True,
        "label": plain(t("profile.capacity_label", locale)),
        "hint": plain(t("profile.capacity_hint", locale)),
        "element": {
            "type": "static_select",
            "action_id": ids.VALUE,
            "options": options,
            "initial_option": options[(chosen or 1) - 1],
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
