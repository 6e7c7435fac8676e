"""A circle's rhythm: the prompt in its channel, the circle check-in modal and what a logged
session's confirmation says."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.common import (
    Block,
    actions,
    button,
    context,
    escape,
    header,
    input_block,
    message_modal,
    modal,
    section,
    slack_day,
    slack_time,
)
from bot.blocks.groups import mention, mentions
from bot.blocks.guide import guide_blocks
from bot.domain import CircleCheckinForm, CircleLogged, CirclePromptNote, CircleTimes
from bot.i18n import t, tn


def circle_prompt_message(note: CirclePromptNote, locale: str) -> dict[str, Any]:
    """The prompt each cycle: who facilitates, the guide of the session, when most can meet,
    and the button to log the session."""
    title = t("circle_rhythm.prompt_header", locale, topic=note.topic)  # plain text
    text = t("circle_rhythm.prompt_header", locale, topic=escape(note.topic))  # the fallback
    blocks: list[Block] = [
        header(title[:150]),
        section(
            t("circle_rhythm.prompt_facilitator", locale, facilitator=mention(note.facilitator))
        ),
    ]
    if note.guide is not None:
        blocks += guide_blocks(note.guide, locale, circle=True)
    blocks += [
        section(times_text(note.times, locale)),
        actions(
            button(
                t("circle_rhythm.log_button", locale),
                ids.CIRCLE_PROMPT_LOG,
                str(note.circle_id),
                "primary",
            )
        ),
        context(t("circle_rhythm.prompt_why", locale)),
    ]
    return {"text": text, "blocks": blocks}


def times_text(times: CircleTimes, locale: str) -> str:
    """The suggested times, each in the reader's zone, with how many of the circle it suits."""
    if not times.times:
        return t("circle_rhythm.no_times", locale)
    lines = [tn("circle_rhythm.times_intro", locale, count=times.minutes)]
    for time in times.times:
        suits = (
            t("circle_rhythm.suits_all", locale)
            if time.suits == times.of
            else t("circle_rhythm.suits_some", locale, suits=time.suits, of=times.of)
        )
        lines.append(f"• {slack_time(time.start)} ({suits})")
    return "\n".join(lines)


def circle_checkin_modal(form: CircleCheckinForm, locale: str) -> dict[str, Any]:
    """The session's date (the logger's today), who attended (the logger ticked) and who
    facilitated (whoever's turn it is)."""
    people = [_mrkdwn_option(mention(user), user) for user in form.members]
    ticked = [people[form.members.index(form.logger)]] if form.logger in form.members else []
    facilitator: dict[str, Any] = {
        "type": "radio_buttons",
        "action_id": ids.VALUE,
        "options": people,
    }
    if form.facilitator in form.members:
        facilitator["initial_option"] = people[form.members.index(form.facilitator)]
    attended: dict[str, Any] = {"type": "checkboxes", "action_id": ids.VALUE, "options": people}
    if ticked:
        attended["initial_options"] = ticked
    blocks: list[Block] = [
        section(t("circle_rhythm.checkin_intro", locale, topic=escape(form.topic))),
        input_block(
            ids.CIRCLE_CHECKIN_DATE,
            t("circle_rhythm.date_label", locale),
            {
                "type": "datepicker",
                "action_id": ids.VALUE,
                "initial_date": form.today.isoformat(),
            },
        ),
        input_block(
            ids.CIRCLE_CHECKIN_ATTENDED, t("circle_rhythm.attended_label", locale), attended
        ),
        input_block(
            ids.CIRCLE_CHECKIN_FACILITATOR,
            t("circle_rhythm.facilitator_label", locale),
            facilitator,
        ),
        context(t("circle_rhythm.checkin_private", locale)),
    ]
    return modal(
        t("circle_rhythm.checkin_title", locale),
        t("common.cancel", locale),
        blocks,
        callback_id=ids.CIRCLE_CHECKIN_VIEW,
        submit=t("circle_rhythm.checkin_submit", locale),
        private_metadata=str(form.circle_id),
    )


def circle_logged_modal(logged: CircleLogged, locale: str) -> dict[str, Any]:
    """The confirmation: the session as recorded, and who facilitates next."""
    lines = [
        t(
            "circle_rhythm.logged",
            locale,
            date=slack_day(logged.session_date),
            attended=mentions(logged.attended, locale) if logged.attended else "-",
        )
    ]
    if not logged.new:
        lines.append(t("circle_rhythm.logged_already", locale))
    if logged.facilitator:
        lines.append(
            t("circle_rhythm.logged_facilitator", locale, facilitator=mention(logged.facilitator))
        )
    if logged.next_facilitator:
        lines.append(
            t(
                "circle_rhythm.next_facilitator",
                locale,
                facilitator=mention(logged.next_facilitator),
            )
        )
    return message_modal(
        t("circle_rhythm.logged_title", locale), "\n".join(lines), t("common.close", locale)
    )


def _mrkdwn_option(text: str, value: str) -> dict[str, Any]:
    return {"text": {"type": "mrkdwn", "text": text}, "value": value}
