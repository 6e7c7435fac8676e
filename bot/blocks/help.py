"""The /mentor help message."""

from __future__ import annotations

from typing import Any

from bot.blocks.common import Block, context, escape, header, section
from bot.i18n import t

COMMAND_KEYS = (
    "help.cmd_help",
    "help.cmd_join",
    "help.cmd_pair",
    "help.cmd_goal",
    "help.cmd_checkin",
    "help.cmd_reflect",
    "help.cmd_history",
    "help.cmd_pause",
    "help.cmd_resume",
    "help.cmd_avoid",
    "help.cmd_leave",
    "help.cmd_privacy",
)
COORDINATOR_KEYS = (
    "help.cmd_settings",
    "help.cmd_digest",
    "help.cmd_export",
    "help.cmd_admin",
)


def help_message(locale: str, unknown_command: str | None = None) -> dict[str, Any]:
    """An ephemeral reply listing every subcommand; first says so if the command was unknown."""
    blocks: list[Block] = []
    lines: list[str] = []
    if unknown_command is not None:
        warning = t("help.unknown", locale, command=escape(unknown_command[:100]))
        blocks.append(section(f":warning: {warning}"))
        lines.append(warning)
    blocks.append(header(t("help.title", locale)))
    commands = "\n".join(f"• {t(key, locale)}" for key in COMMAND_KEYS)
    blocks.append(section(f"{t('help.intro', locale)}\n\n{commands}"))
    tools = "\n".join(f"• {t(key, locale)}" for key in COORDINATOR_KEYS)
    blocks.append(section(f"*{t('help.coordinators', locale)}*\n{tools}"))
    blocks.append(context(t("help.home_hint", locale)))
    lines.append(t("help.title", locale))
    return {"response_type": "ephemeral", "text": "\n".join(lines), "blocks": blocks}
