"""`/mentor programme`: the list of a workspace's programmes, and the coordinators' modals that
make one, appoint a programme's coordinators and close one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from bot import ids
from bot.blocks.common import Block, context, escape, input_block, modal, option, section
from bot.blocks.enrolment import programme_name
from bot.domain import (
    PROGRAMME_DESCRIPTION_MAX,
    PROGRAMME_NAME_MAX,
    Enrolment,
    ProgrammeKind,
    ProgrammeSummary,
)
from bot.i18n import t

LISTED_MAX = 45  # a message holds 50 blocks: the header, these, and a line for the rest
CONFIRMED = "yes"  # the value of the close modal's one checkbox


def new_programme_modal(locale: str) -> dict[str, Any]:
    """Name, description, kind, enrolment, cohort dates and coordinators of a new programme."""
    blocks = [
        input_block(
            ids.PROGRAMME_NAME,
            t("programmes.name_label", locale),
            _text(PROGRAMME_NAME_MAX, t("programmes.name_placeholder", locale)),
        ),
        input_block(
            ids.PROGRAMME_DESCRIPTION,
            t("programmes.description_label", locale),
            _text(PROGRAMME_DESCRIPTION_MAX, multiline=True),
            hint=t("programmes.description_hint", locale),
            optional=True,
        ),
        input_block(
            ids.PROGRAMME_KIND,
            t("programmes.kind_label", locale),
            _radios(
                [
                    option(
                        t(f"programmes.kind_{kind}", locale),
                        kind.value,
                        t(f"programmes.kind_{kind}_description", locale),
                    )
                    for kind in ProgrammeKind
                ]
            ),
        ),
        input_block(
            ids.PROGRAMME_ENROLMENT,
            t("programmes.enrolment_label", locale),
            _radios(
                [option(t(f"programmes.enrolment_{way}", locale), way.value) for way in Enrolment]
            ),
        ),
        input_block(
            ids.PROGRAMME_STARTS,
            t("programmes.starts_label", locale),
            {"type": "datepicker", "action_id": ids.VALUE},
            optional=True,
        ),
        input_block(
            ids.PROGRAMME_ENDS,
            t("programmes.ends_label", locale),
            {"type": "datepicker", "action_id": ids.VALUE},
            hint=t("programmes.dates_hint", locale),
            optional=True,
        ),
        input_block(
            ids.PROGRAMME_COORDINATORS,
            t("programmes.coordinators_label", locale),
            {"type": "multi_users_select", "action_id": ids.VALUE},
            hint=t("programmes.coordinators_hint", locale),
            optional=True,
        ),
    ]
    return modal(
        t("programmes.new_title", locale),
        t("common.cancel", locale),
        blocks,
        callback_id=ids.NEW_PROGRAMME_VIEW,
        submit=t("programmes.create", locale),
    )


def created_text(programme: ProgrammeSummary, locale: str) -> str:
    """The maker's confirmation: the programme by name, what it is and who runs it."""
    return ":white_check_mark: " + t(
        "programmes.created",
        locale,
        name=escape(programme_name(programme, locale)),
        kind=t(f"programmes.kind_{programme.kind}", locale),
        enrolment=t(f"programmes.enrolment_{programme.enrolment}", locale),
        users=_people(programme.coordinators, locale),
    )


def programme_list(programmes: Sequence[ProgrammeSummary], locale: str) -> dict[str, Any]:
    """The ephemeral list: each programme with its kind, enrolment, dates, coordinators and
    active members, the closed ones marked."""
    blocks: list[Block] = [section(f"*{t('programmes.list_header', locale)}*")]
    for programme in programmes[:LISTED_MAX]:
        blocks.append(section(_entry(programme, locale)))
    if len(programmes) > LISTED_MAX:
        more = len(programmes) - LISTED_MAX
        blocks.append(context(t("programmes.list_more", locale, count=more)))
    blocks.append(context(t("programmes.usage", locale)))
    text = t("programmes.list_header", locale)
    return {"response_type": "ephemeral", "text": text, "blocks": blocks}


def _entry(programme: ProgrammeSummary, locale: str) -> str:
    name = f"*{escape(programme_name(programme, locale))}*"
    if programme.closed:
        name += f" {t('programmes.closed_mark', locale)}"
    facts = " · ".join(
        [
            t(f"programmes.kind_{programme.kind}", locale),
            t(f"programmes.enrolment_{programme.enrolment}", locale),
            _dates(programme.starts_on, programme.ends_on, locale),
        ]
    )
    people = " · ".join(
        [
            t("programmes.active", locale, count=programme.active),
            t(
                "programmes.coordinators_line",
                locale,
                users=_people(programme.coordinators, locale),
            ),
        ]
    )
    return f"{name}\n{facts}\n{people}"


def _dates(starts: date | None, ends: date | None, locale: str) -> str:
    if starts is None or ends is None:
        return t("programmes.evergreen", locale)
    return t("programmes.cohort", locale, start=starts.isoformat(), end=ends.isoformat())


def _people(users: Sequence[str], locale: str) -> str:
    if not users:
        return t("programmes.admins_only", locale)
    return ", ".join(f"<@{user}>" for user in users)


def coordinators_modal(
    programmes: Sequence[ProgrammeSummary], chosen: ProgrammeSummary, locale: str
) -> dict[str, Any]:
    """Choose one of the programmes the person manages, and its added coordinators (shown as
    they are; choosing another programme shows its own, the input's block named for it)."""
    blocks = [
        _choice(programmes, chosen, t("programmes.choice_label", locale), locale, dispatch=True),
        input_block(
            f"{ids.PROGRAMME_COORDINATORS_PREFIX}{chosen.id}",
            t("programmes.appoint_label", locale),
            {
                "type": "multi_users_select",
                "action_id": ids.VALUE,
                **({"initial_users": list(chosen.coordinators)} if chosen.coordinators else {}),
            },
            hint=t("programmes.appoint_hint", locale),
            optional=True,
        ),
    ]
    return modal(
        t("programmes.coordinators_title", locale),
        t("common.cancel", locale),
        blocks,
        callback_id=ids.PROGRAMME_COORDINATORS_VIEW,
        submit=t("common.save", locale),
    )


def close_modal(programmes: Sequence[ProgrammeSummary], locale: str) -> dict[str, Any]:
    """Choose a programme to close, and confirm what closing does."""
    blocks = [
        _choice(programmes, None, t("programmes.close_label", locale), locale),
        input_block(
            ids.PROGRAMME_CLOSE_CONFIRM,
            t("programmes.close_confirm_label", locale),
            {
                "type": "checkboxes",
                "action_id": ids.VALUE,
                "options": [option(t("programmes.close_confirm", locale), CONFIRMED)],
            },
        ),
    ]
    return modal(
        t("programmes.close_title", locale),
        t("common.cancel", locale),
        blocks,
        callback_id=ids.CLOSE_PROGRAMME_VIEW,
        submit=t("programmes.close_submit", locale),
    )


def _choice(
    programmes: Sequence[ProgrammeSummary],
    chosen: ProgrammeSummary | None,
    label: str,
    locale: str,
    *,
    dispatch: bool = False,
) -> Block:
    options = [option(programme_name(p, locale), str(p.id)) for p in programmes[:100]]
    element: dict[str, Any] = {"type": "static_select", "action_id": ids.VALUE, "options": options}
    if chosen is not None:
        element["initial_option"] = option(programme_name(chosen, locale), str(chosen.id))
    block = input_block(ids.PROGRAMME_CHOICE, label, element)
    if dispatch:
        block["dispatch_action"] = True
    return block


def _radios(options: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": "radio_buttons",
        "action_id": ids.VALUE,
        "options": options,
        "initial_option": options[0],
    }


def _text(max_length: int, placeholder: str | None = None, *, multiline: bool = False) -> Block:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": ids.VALUE,
        "max_length": max_length,
    }
    if multiline:
        element["multiline"] = True
    if placeholder:
        element["placeholder"] = {"type": "plain_text", "text": placeholder[:150]}
    return element
