"""The /mentor help message."""

from __future__ import annotations

from typing import Any

from bot.blocks.common import Block, context, escape, header, section
from bot.commands import help_keys
from bot.i18n import t


def help_message(locale: str, unknown_command: str | None = None) -> dict[str, Any]:
    """An ephemeral reply listing every subcommand; first says so if the command was unknown."""
    blocks: list[Block] = []
    lines: list[str] = []
    if unknown_command is not None:
        warning = t("help.unknown", locale, command=escape(unknown_command[:100]))
        blocks.append(section(f":warning: {warning}"))
        lines.append(warning)
    blocks.append(header(t("help.title", locale)))
    commands = "\n".join(f"• {t(key, locale)}" for key in help_keys(coordinators=False))
    blocks.append(section(f"{t('help.intro', locale)}\n\n{commands}"))
    tools = "\n".join(f"• {t(key, locale)}" for key in help_keys(coordinators=True))
    blocks.append(section(f"*{t('help.coordinators', locale)}*\n{tools}"))
    blocks.append(context(t("help.home_hint", locale)))
    lines.append(t("help.title", locale))
    return {"response_type": "ephemeral", "text": "\n".join(lines), "blocks": blocks}
