"""The programme's settings, per workspace."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain import ProgrammeSettings, RoundOptions
from bot.models import Workspace
from bot.services import members
from bot.services.sql import insert_ignore


def settings_of(
    session: Session, team_id: str, default_channel: str | None = None
) -> ProgrammeSettings:
    """The workspace's settings; `default_channel` (MENTOR_DIGEST_CHANNEL) stands in for a
    digest channel never chosen."""
    workspace = session.get(Workspace, team_id)
    if workspace is None:
        return ProgrammeSettings(digest_channel=default_channel)
    return ProgrammeSettings(
        cadence_days=workspace.rhythm_cadence_days,
        send_hour=workspace.rhythm_send_hour,
        session_minutes=workspace.session_minutes,
        digest_channel=workspace.digest_channel or default_channel,
        digest_weekday=workspace.digest_weekday,
        digest_every_weeks=workspace.digest_every_weeks,
        digest_hour=workspace.digest_hour,
        time_zone=workspace.time_zone,
        locale=workspace.locale,
        round_defaults=RoundOptions(
            mode=workspace.pairing_mode,
            group_size=workspace.pairing_group_size,
            recent_rounds=workspace.pairing_recent_rounds,
            round_weeks=workspace.pairing_round_weeks,
        ),
    )


def save(session: Session, team_id: str, chosen: ProgrammeSettings, now: datetime) -> None:
    insert_ignore(session, Workspace, team_id=team_id, created_at=now)
    workspace = session.get(Workspace, team_id)
    assert workspace is not None
    workspace.rhythm_cadence_days = chosen.cadence_days
    workspace.rhythm_send_hour = chosen.send_hour
    workspace.session_minutes = chosen.session_minutes
    workspace.digest_channel = chosen.digest_channel
    workspace.digest_weekday = chosen.digest_weekday
    workspace.digest_every_weeks = chosen.digest_every_weeks
    workspace.digest_hour = chosen.digest_hour
    workspace.time_zone = chosen.time_zone
    workspace.locale = chosen.locale
    defaults = chosen.round_defaults
    workspace.pairing_mode = defaults.mode
    workspace.pairing_group_size = defaults.group_size
    workspace.pairing_recent_rounds = defaults.recent_rounds
    workspace.pairing_round_weeks = defaults.round_weeks


def time_zone_for(session: Session, team_id: str, user_id: str, current: ProgrammeSettings) -> str:
    """The zone the programme's times are kept in once this coordinator saves: their own (as
    Slack last said), else the one set before."""
    return members.time_zone_of(session, team_id, user_id) or current.time_zone
