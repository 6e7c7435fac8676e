"""Goals, check-ins and reflections: their modals, and how they read in Home and history."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.common import (
    Block,
    context,
    escape,
    input_block,
    modal,
    option,
    plain,
    section,
    slack_day,
)
from bot.blocks.groups import mention
from bot.domain import (
    CHECKIN_TEXT_MAX,
    GOAL_TEXT_MAX,
    MINUTES_RANGE,
    REFLECTION_TEXT_MAX,
    SKILL_GROUPS,
    SKILLS,
    Attendance,
    CheckinForm,
    GoalCard,
    GoalInput,
    GoalStatus,
    Prompt,
    Visibility,
)
from bot.flow import Flow
from bot.i18n import t

GOAL_UPDATE_MAX = 20


def goal_modal(
    locale: str, flow: Flow | None = None, draft: GoalInput | None = None, fill: int = 0
) -> dict[str, Any]:
    """A new goal; `flow` (private_metadata) names the programme it is set in. `draft` fills
    the inputs: a template chosen, with what the person had entered in the other fields.
    `fill` counts the templates chosen: the inputs a template writes (what, skill, measure,
    date) get new block ids with each, or Slack would keep what was typed there instead."""
    visibility = [option(t(f"goal.visibility.{v}", locale), v.value) for v in Visibility]
    chosen = draft.visibility if draft and draft.visibility else Visibility.PARTNER
    skills: dict[str, Any] = {
        "type": "static_select",
        "action_id": ids.VALUE,
        "option_groups": _skills(locale),
    }
    if draft and draft.skill in SKILLS:
        skills["initial_option"] = _skill_option(draft.skill, locale)
    templates: dict[str, Any] = {
        "type": "static_select",
        "action_id": ids.GOAL_TEMPLATE,
        "placeholder": plain(t("goal_template.placeholder", locale)),
        "option_groups": _skills(locale),
    }
    if fill and draft and draft.skill in SKILLS:
        templates["initial_option"] = _skill_option(draft.skill, locale)
    date_picker: dict[str, Any] = {"type": "datepicker", "action_id": ids.VALUE}
    if draft and draft.target_date:
        date_picker["initial_date"] = draft.target_date.isoformat()
    view = _modal(
        ids.GOAL_VIEW,
        t("goal.title", locale),
        t("common.save", locale),
        locale,
        [
            section(t("goal.intro", locale)),
            {
                **section(t("goal_template.intro", locale), accessory=templates),
                "block_id": ids.GOAL_TEMPLATE_BLOCK,
            },
            _text(
                _filled(ids.GOAL_WHAT, fill),
                t("goal.what_label", locale),
                GOAL_TEXT_MAX,
                t("goal.what_hint", locale),
                initial=draft.what if draft else "",
            ),
            input_block(
                _filled(ids.GOAL_SKILL, fill),
                t("goal.skill_label", locale),
                {**skills, "placeholder": plain(t("profile.wanted_placeholder", locale))},
                optional=True,
            ),
            _text(
                ids.GOAL_WHY,
                t("goal.why_label", locale),
                GOAL_TEXT_MAX,
                optional=True,
                multiline=True,
                initial=draft.why if draft else "",
            ),
            _text(
                _filled(ids.GOAL_MEASURE, fill),
                t("goal.measure_label", locale),
                GOAL_TEXT_MAX,
                t("goal.measure_hint", locale),
                initial=draft.measure if draft else "",
            ),
            input_block(
                _filled(ids.GOAL_DATE, fill),
                t("goal.date_label", locale),
                date_picker,
                hint=t("goal.date_hint", locale),
            ),
            input_block(
                ids.GOAL_VISIBILITY,
                t("goal.visibility_label", locale),
                {
                    "type": "radio_buttons",
                    "action_id": ids.VALUE,
                    "options": visibility,
                    "initial_option": visibility[list(Visibility).index(chosen)],
                },
            ),
            context(t("goal.privacy", locale)),
        ],
    )
    view["private_metadata"] = (flow or Flow()).encode()
    return view


def _skills(locale: str) -> list[dict[str, Any]]:
    """The skill catalogue as a select's option groups, a group for each skill group."""
    return [
        {
            "label": plain(t(f"skill_group.{group}", locale)),
            "options": [_skill_option(skill, locale) for skill in skills],
        }
        for group, skills in SKILL_GROUPS.items()
    ]


def _skill_option(skill: str, locale: str) -> dict[str, Any]:
    return option(t(f"skill.{skill}", locale), skill)


def _filled(name: str, fill: int) -> str:
    """The block id of a field's input after `fill` templates were chosen."""
    return f"{name}{ids.FILLED}{fill}" if fill else name


def checkin_modal(form: CheckinForm, locale: str) -> dict[str, Any]:
    attendance = [option(t(f"checkin.attendance.{a}", locale), a.value) for a in Attendance]
    coaches = [_mrkdwn_option(mention(m), m) for m in form.members]
    ratings = [option(t(f"checkin.rating.{n}", locale), str(n)) for n in range(1, 6)]
    low, high = MINUTES_RANGE
    blocks: list[Block] = [
        input_block(
            ids.ATTENDANCE,
            t("checkin.attendance_label", locale),
            {
                "type": "radio_buttons",
                "action_id": ids.VALUE,
                "options": attendance,
                "initial_option": attendance[0],
            },
        ),
        input_block(
            ids.SESSION_DATE,
            t("checkin.date_label", locale),
            {
                "type": "datepicker",
                "action_id": ids.VALUE,
                "initial_date": (form.session_date or form.today).isoformat(),
            },
        ),
        input_block(
            ids.MINUTES,
            t("checkin.minutes_label", locale),
            {
                "type": "number_input",
                "action_id": ids.VALUE,
                "is_decimal_allowed": False,
                "min_value": str(low),
                "max_value": str(high),
                "initial_value": str(form.minutes or 30),
            },
            optional=True,
            hint=t("checkin.minutes_hint", locale),
        ),
        input_block(
            ids.COACH,
            t("checkin.coach_label", locale),
            {
                "type": "radio_buttons",
                "action_id": ids.VALUE,
                "options": coaches,
                "initial_option": coaches[form.members.index(form.default_coach)],
            },
        ),
        _text(
            ids.WORKED_ON,
            t("checkin.worked_on_label", locale),
            CHECKIN_TEXT_MAX,
            optional=True,
            multiline=True,
        ),
        _text(
            ids.LEARNED,
            t("checkin.learned_label", locale),
            CHECKIN_TEXT_MAX,
            optional=True,
            multiline=True,
        ),
        _text(
            ids.NEXT_STEP,
            t("checkin.next_step_label", locale),
            CHECKIN_TEXT_MAX,
            optional=True,
            multiline=True,
        ),
    ]
    statuses = [option(t(f"goal.status.{s}", locale), s.value) for s in GoalStatus]
    for goal in form.goals[:10]:
        blocks.append(
            input_block(
                f"{ids.GOAL_BLOCK_PREFIX}{goal.goal_id}",
                t("checkin.goal_label", locale, goal=goal.what[:120]),
                {
                    "type": "static_select",
                    "action_id": ids.VALUE,
                    "options": statuses,
                    "initial_option": statuses[list(GoalStatus).index(goal.status)],
                },
            )
        )
    blocks += [
        input_block(
            ids.RATING,
            t("checkin.rating_label", locale),
            {
                "type": "radio_buttons",
                "action_id": ids.VALUE,
                "options": ratings,
            },
            optional=True,
        ),
        context(t("checkin.privacy", locale)),
    ]
    view = _modal(
        ids.CHECKIN_VIEW, t("checkin.title", locale), t("common.save", locale), locale, blocks
    )
    view["private_metadata"] = str(form.pair_id)
    return view


def reflect_modal(
    prompt: Prompt, locale: str, can_share: bool, flow: Flow | None = None, initial: str = ""
) -> dict[str, Any]:
    """A reflection on the prompt, its text starting as `initial`; its private_metadata is the
    prompt's key, then `flow` (the programme it is written in)."""
    lines = [f"*{t(f'reflect.prompt.{prompt.key}', locale)}*"]
    if prompt.goal:
        lines.append(t("reflect.goal", locale, goal=escape(prompt.goal)))
    if prompt.next_step:
        lines.append(t("reflect.next_step", locale, step=escape(prompt.next_step)))
    blocks: list[Block] = [
        section("\n".join(lines)),
        _text(
            ids.REFLECTION_TEXT,
            t("reflect.text_label", locale),
            REFLECTION_TEXT_MAX,
            multiline=True,
            initial=initial,
        ),
    ]
    if can_share:
        blocks.append(
            input_block(
                ids.SHARE,
                t("reflect.share_label", locale),
                {
                    "type": "checkboxes",
                    "action_id": ids.VALUE,
                    "options": [option(t("reflect.share_option", locale), "yes")],
                },
                optional=True,
            )
        )
    blocks.append(context(t("reflect.privacy", locale)))
    view = _modal(
        ids.REFLECT_VIEW, t("reflect.title", locale), t("common.save", locale), locale, blocks
    )
    view["private_metadata"] = f"{prompt.key} {(flow or Flow()).encode()}"
    return view


def goal_blocks(goal: GoalCard, locale: str, editable: bool) -> list[Block]:
    """A goal as a section; the owner changes its status right there."""
    lines = [
        f"*{escape(goal.what)}*",
        t("goal.line", locale, measure=escape(goal.measure), date=slack_day(goal.target_date)),
    ]
    if goal.skill:
        lines.append(t("goal.skill_line", locale, skill=t(f"skill.{goal.skill}", locale)))
    status = t(f"goal.status.{goal.status}", locale)
    if not editable:
        return [section("\n".join(lines)), context(status)]
    return [section("\n".join(lines), accessory=status_menu(goal, locale))]


def status_menu(goal: GoalCard, locale: str) -> dict[str, Any]:
    """The owner's menu of a goal's statuses, showing the one it has."""
    options = [
        option(t(f"goal.status.{s}", locale), f"{goal.goal_id}:{s.value}") for s in GoalStatus
    ]
    return {
        "type": "static_select",
        "action_id": ids.GOAL_STATUS,
        "options": options,
        "initial_option": options[list(GoalStatus).index(goal.status)],
    }


def _modal(
    callback: str, title: str, submit: str, locale: str, blocks: list[Block]
) -> dict[str, Any]:
    return modal(title, t("common.cancel", locale), blocks, callback_id=callback, submit=submit)


def _mrkdwn_option(text: str, value: str) -> dict[str, Any]:
    return {"text": {"type": "mrkdwn", "text": text}, "value": value}


def _text(
    block_id: str,
    label: str,
    limit: int,
    hint: str | None = None,
    optional: bool = False,
    multiline: bool = False,
    initial: str = "",
) -> Block:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": ids.VALUE,
        "max_length": limit,
        "multiline": multiline,
    }
    if initial:
        element["initial_value"] = initial[:limit]
    return input_block(block_id, label, element, optional=optional, hint=hint)


def goal_update_modal(goals: tuple[GoalCard, ...], locale: str) -> dict[str, Any]:
    """Every open goal with its status, to move from a nudge."""
    statuses = [option(t(f"goal.status.{s}", locale), s.value) for s in GoalStatus]
    blocks: list[Block] = [
        input_block(
            f"{ids.GOAL_BLOCK_PREFIX}{goal.goal_id}",
            goal.what[:150],
            {
                "type": "static_select",
                "action_id": ids.VALUE,
                "options": statuses,
                "initial_option": statuses[list(GoalStatus).index(goal.status)],
            },
        )
        for goal in goals[:GOAL_UPDATE_MAX]
    ]
    if not blocks:
        blocks = [section(t("home.goals_none", locale))]
    view = _modal(
        ids.GOAL_UPDATE_VIEW,
        t("rhythm.goal_update_title", locale),
        t("common.save", locale),
        locale,
        blocks,
    )
    if not goals:
        del view["submit"]
    return view
