"""The coordinators' settings modal."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.common import context, input_block, modal, option
from bot.config import SUPPORTED_LOCALES
from bot.domain import (
    CADENCES,
    DIGEST_EVERY,
    SEND_HOURS,
    SESSION_MINUTES,
    PairingMode,
    ProgrammeSettings,
)
from bot.flow import Flow
from bot.i18n import t, tn

WEEKDAYS = range(7)


def settings_modal(
    locale: str, current: ProgrammeSettings, coordinator_zone: str, flow: Flow | None = None
) -> dict[str, Any]:
    """`coordinator_zone`: the zone the times are read in once saved (the saver's own);
    `flow` (private_metadata) names the programme whose settings these are."""
    defaults = current.round_defaults
    blocks = [
        _select(
            ids.CADENCE,
            t("settings.cadence_label", locale),
            [option(tn("settings.cadence", locale, count=d), str(d)) for d in CADENCES],
            str(current.cadence_days),
            hint=t("settings.cadence_hint", locale),
        ),
        _select(
            ids.SEND_HOUR,
            t("settings.send_hour_label", locale),
            [option(f"{h:02d}:00", str(h)) for h in SEND_HOURS],
            str(current.send_hour),
            hint=t("settings.send_hour_hint", locale),
        ),
        _select(
            ids.SESSION_MINUTES,
            t("settings.session_minutes_label", locale),
            [option(tn("settings.minutes", locale, count=m), str(m)) for m in SESSION_MINUTES],
            str(current.session_minutes),
            hint=t("settings.session_minutes_hint", locale),
        ),
        input_block(
            ids.DIGEST_CHANNEL,
            t("settings.channel_label", locale),
            {
                "type": "conversations_select",
                "action_id": ids.VALUE,
                "placeholder": {
                    "type": "plain_text",
                    "text": t("settings.channel_placeholder", locale),
                },
                "filter": {"include": ["public", "private"], "exclude_bot_users": True},
                **(
                    {"initial_conversation": current.digest_channel}
                    if current.digest_channel
                    else {}
                ),
            },
            hint=t("settings.channel_hint", locale),
            optional=True,
        ),
        _select(
            ids.DIGEST_EVERY,
            t("settings.every_label", locale),
            [option(t(f"settings.every_{w}", locale), str(w)) for w in DIGEST_EVERY],
            str(current.digest_every_weeks),
        ),
        _select(
            ids.DIGEST_WEEKDAY,
            t("settings.weekday_label", locale),
            [option(t(f"settings.weekday_{d}", locale), str(d)) for d in WEEKDAYS],
            str(current.digest_weekday),
        ),
        _select(
            ids.DIGEST_HOUR,
            t("settings.digest_hour_label", locale),
            [option(f"{h:02d}:00", str(h)) for h in SEND_HOURS],
            str(current.digest_hour),
        ),
        context(t("settings.zone_note", locale, zone=coordinator_zone)),
        _channel(
            ids.LEARNING_CHANNEL,
            t("learning.channel_label", locale),
            current.learning_channel,
            t("learning.channel_hint", locale),
            locale,
        ),
        _select(
            ids.MODE,
            t("settings.mode_label", locale),
            [option(t(f"mode.{m}", locale), m.value) for m in PairingMode],
            defaults.mode.value,
        ),
        _select(
            ids.GROUP_SIZE,
            t("pair.size_label", locale),
            [option(t(f"pair.size_{n}", locale), str(n)) for n in (2, 3)],
            str(defaults.group_size),
        ),
        _select(
            ids.ROUND_WEEKS,
            t("pair.weeks_label", locale),
            [
                option(tn("settings.weeks", locale, count=w), str(w))
                for w in _round_lengths(defaults.round_weeks)
            ],
            str(defaults.round_weeks),
        ),
        _select(
            ids.LANGUAGE,
            t("settings.language_label", locale),
            [option(t(f"settings.language_{code}", locale), code) for code in SUPPORTED_LOCALES],
            current.locale or locale,
            hint=t("settings.language_hint", locale),
        ),
    ]
    return modal(
        t("settings.title", locale),
        t("common.cancel", locale),
        blocks,
        callback_id=ids.SETTINGS_VIEW,
        submit=t("common.save", locale),
        private_metadata=(flow or Flow()).encode(),
    )


def _select(
    block_id: str,
    label: str,
    options: list[dict[str, Any]],
    initial: str,
    hint: str | None = None,
) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "static_select", "action_id": ids.VALUE, "options": options}
    chosen = [o for o in options if o["value"] == initial]
    if chosen:
        element["initial_option"] = chosen[0]
    return input_block(block_id, label, element, hint=hint)


def _channel(
    block_id: str, label: str, current: str | None, hint: str, locale: str
) -> dict[str, Any]:
    """An optional channel (public or private), showing the one chosen."""
    element: dict[str, Any] = {
        "type": "conversations_select",
        "action_id": ids.VALUE,
        "placeholder": {"type": "plain_text", "text": t("settings.channel_placeholder", locale)},
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    if current:
        element["initial_conversation"] = current
    return input_block(block_id, label, element, hint=hint, optional=True)


def _round_lengths(current: int) -> list[int]:
    return sorted({4, 6, 8, 12, 16, 24, current})
