"""The anonymous feedback survey: opened from its DM, answered in a modal, stored without
the person's id (see services.feedback)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot import ids
from bot.blocks.common import message_modal
from bot.blocks.feedback import feedback_modal
from bot.blocks.messages import ephemeral
from bot.deps import Deps
from bot.i18n import t
from bot.listeners.common import team_and_user, whole_number
from bot.services import feedback, programmes
from bot.services.feedback import Answer
from bot.slack import notify
from bot.slack.view_state import ViewState


def register(app: App, deps: Deps) -> None:
    @app.action(ids.OPEN_FEEDBACK)
    def open_survey(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        ack()
        locale: str = context["locale"]
        team_id, user_id = team_and_user(context)
        named = str(body.get("actions", [{}])[0].get("value", ""))[:40]
        with deps.sessions.begin() as session:
            programme_id, survey = _survey_of(session, team_id, named, deps.clock())
            who = feedback.respondent(deps.settings.feedback_key, team_id, survey, user_id)
            asks_partner = feedback.may_answer(session, programme_id, user_id, survey)
            answered = feedback.has_answered(session, programme_id, survey, who)
        if asks_partner is None or answered:
            refusal = t(
                "feedback.not_yours" if asks_partner is None else "feedback.already", locale
            )
            deps.follow_up(notify.send_dm, client, user_id, ephemeral(refusal))
        else:
            view = feedback_modal(locale, named, asks_partner)
            deps.follow_up(client.views_open, trigger_id=body["trigger_id"], view=view)

    @app.view(ids.FEEDBACK_VIEW)
    def survey_submitted(ack: Ack, view: dict[str, Any], context: BoltContext) -> None:
        locale: str = context["locale"]
        team_id, user_id = team_and_user(context)
        named = str(view.get("private_metadata", ""))[:40]
        with deps.sessions.begin() as session:
            programme_id, survey = _survey_of(session, team_id, named, deps.clock())
            asks_partner = feedback.may_answer(session, programme_id, user_id, survey)
        if asks_partner is None:
            ack(response_action="update", view=_said(locale, "feedback.not_yours"))
            return
        answer = parse_answer(ViewState.of(view))
        errors = feedback.validate(answer, asks_partner)
        if errors:
            ack(
                response_action="errors",
                errors={e.field: t(e.key, locale, **e.values) for e in errors},
            )
            return
        who = feedback.respondent(deps.settings.feedback_key, team_id, survey, user_id)
        with deps.sessions.begin() as session:
            saved = feedback.save(session, team_id, programme_id, survey, who, answer)
        ack(
            response_action="update",
            view=_said(locale, "feedback.thanks" if saved else "feedback.already"),
        )


def parse_answer(state: ViewState) -> Answer:
    def number(block_id: str) -> int | None:
        return whole_number(state.option(block_id))

    return Answer(
        growth=number(ids.GROWTH),
        supported=number(ids.SUPPORTED),
        recommend=number(ids.RECOMMEND),
        partner_uses=number(ids.PARTNER_USES),
        comment=state.text(ids.COMMENT),
    )


def _said(locale: str, key: str) -> dict[str, Any]:
    return message_modal(t("feedback.title", locale), t(key, locale), t("common.close", locale))


SURVEY_OF = re.compile(r"(\d{1,9}):(.+)")


def _survey_of(session: Session, team_id: str, named: str, now: datetime) -> tuple[int, str]:
    """The programme and survey a button or modal names ("<programme id>:round3"; a survey
    alone is the workspace's programme's); a programme of another workspace counts as none."""
    found = SURVEY_OF.fullmatch(named)
    if found is not None and programmes.is_of(session, team_id, int(found[1])):
        return int(found[1]), found[2]
    survey = found[2] if found is not None else named
    return programmes.current(session, team_id, now), survey
