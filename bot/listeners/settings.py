"""`/mentor settings`: the programme's settings, for coordinators."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot import ids
from bot.blocks.common import message_modal
from bot.blocks.settings import settings_modal
from bot.config import SUPPORTED_LOCALES
from bot.deps import Deps
from bot.domain import (
    CADENCES,
    DIGEST_EVERY,
    SEND_HOURS,
    SESSION_MINUTES,
    PairingMode,
    ProgrammeSettings,
    RoundOptions,
)
from bot.flow import Flow
from bot.i18n import t
from bot.jobs.home import publish_home
from bot.listeners.admin import register_opener
from bot.listeners.common import parse_enum, programme_of, team_and_user, whole_number
from bot.services import programmes
from bot.slack.people import is_coordinator
from bot.slack.view_state import ViewState


def open_settings(
    deps: Deps, client: WebClient, context: BoltContext, trigger_id: str, programme_id: int
) -> None:
    """Opens the programme's settings (the caller has checked the person coordinates it)."""
    team_id, user_id = team_and_user(context)
    with deps.sessions.begin() as session:
        current = programmes.settings_of(session, programme_id, deps.settings.digest_channel)
        zone = programmes.time_zone_for(session, team_id, user_id, current)
    view = settings_modal(context["locale"], current, zone, Flow(programme_id))
    client.views_open(trigger_id=trigger_id, view=view)


def register(app: App, deps: Deps) -> None:
    register_opener(app, deps, ids.OPEN_SETTINGS, open_settings)

    @app.view(ids.SETTINGS_VIEW)
    def settings_submitted(
        ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        locale: str = context["locale"]
        team_id, user_id = team_and_user(context)
        flow = Flow.decode(view.get("private_metadata"))
        programme_id = flow.programme_id or programme_of(deps, team_id)
        if not is_coordinator(deps, client, team_id, user_id, programme_id=programme_id):
            ack(
                response_action="update",
                view=message_modal(
                    t("settings.title", locale),
                    t("admin.refused", locale),
                    t("common.close", locale),
                ),
            )
            return
        with deps.sessions.begin() as session:
            current = programmes.settings_of(session, programme_id)
            zone = programmes.time_zone_for(session, team_id, user_id, current)
        chosen, problems = parse_settings(ViewState.of(view), current, zone)
        if problems:
            ack(response_action="errors", errors={f: t(k, locale) for f, k in problems.items()})
            return
        with deps.sessions.begin() as session:
            programmes.save(session, programme_id, chosen)
        ack(
            response_action="update",
            view=message_modal(
                t("settings.title", locale),
                f":white_check_mark: {t('settings.saved', locale, zone=zone)}",
                t("common.close", locale),
            ),
        )
        deps.follow_up(publish_home, deps, client, team_id, user_id)


def parse_settings(
    state: ViewState, current: ProgrammeSettings, zone: str
) -> tuple[ProgrammeSettings, dict[str, str]]:
    """The settings chosen, and what is wrong with them (block -> message key)."""
    problems: dict[str, str] = {}

    def chosen(block_id: str, allowed: tuple[int, ...]) -> int:
        number = whole_number(state.option(block_id))
        if number is None or number not in allowed:
            problems[block_id] = "settings.error.choose"
            return 0
        return number

    cadence = chosen(ids.CADENCE, CADENCES)
    send_hour = chosen(ids.SEND_HOUR, SEND_HOURS)
    session_minutes = chosen(ids.SESSION_MINUTES, SESSION_MINUTES)
    every = chosen(ids.DIGEST_EVERY, DIGEST_EVERY)
    weekday = chosen(ids.DIGEST_WEEKDAY, tuple(range(7)))
    digest_hour = chosen(ids.DIGEST_HOUR, SEND_HOURS)
    group_size = chosen(ids.GROUP_SIZE, (2, 3))
    weeks = chosen(ids.ROUND_WEEKS, tuple(range(1, 53)))
    mode = parse_enum(PairingMode, state.option(ids.MODE))
    if mode is None:
        problems["mode"] = "settings.error.choose"
    language = state.option(ids.LANGUAGE)
    if language not in SUPPORTED_LOCALES:
        problems["language"] = "settings.error.choose"
    channel = state.conversation(ids.DIGEST_CHANNEL) or None
    if channel is not None and not channel.startswith(("C", "G")):
        problems["digest_channel"] = "settings.error.channel"
    if every and channel is None and "digest_channel" not in problems:
        problems["digest_channel"] = "settings.error.channel_needed"
    learning_channel = state.conversation(ids.LEARNING_CHANNEL) or None
    if learning_channel is not None and not learning_channel.startswith(("C", "G")):
        problems[ids.LEARNING_CHANNEL] = "settings.error.channel"
    if problems:
        return current, problems
    assert mode is not None
    return (
        ProgrammeSettings(
            cadence_days=cadence,
            send_hour=send_hour,
            session_minutes=session_minutes,
            digest_channel=channel,
            digest_weekday=weekday,
            digest_every_weeks=every,
            digest_hour=digest_hour,
            time_zone=zone,
            locale=language,
            learning_channel=learning_channel,
            round_defaults=RoundOptions(
                mode=mode,
                group_size=group_size,
                recent_rounds=current.round_defaults.recent_rounds,
                round_weeks=weeks,
            ),
        ),
        {},
    )
