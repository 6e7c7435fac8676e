"""The /mentor subcommands, in the order help lists them: one table that the dispatch
(bot.listeners.commands), the help message (bot.blocks.help), the request log's kinds
(bot.slack.request_log) and the manifest's usage hint (tests/unit/test_commands.py) all read."""

from __future__ import annotations

from dataclasses import dataclass

COMMAND = "/mentor"


@dataclass(frozen=True)
class Subcommand:
    """One first word of /mentor: its help line (an i18n key, shared by subcommands that one
    line explains together), whether help lists it among the coordinators' tools, and the
    other words that mean it."""

    name: str
    help_key: str
    coordinators: bool = False
    aliases: tuple[str, ...] = ()


HELP = Subcommand("help", "help.cmd_help", aliases=("", "?", "hjälp", "hjalp"))
JOIN = Subcommand("join", "help.cmd_join")
PAIR = Subcommand("pair", "help.cmd_pair")
GOAL = Subcommand("goal", "help.cmd_goal")
CHECKIN = Subcommand("checkin", "help.cmd_checkin")
REFLECT = Subcommand("reflect", "help.cmd_reflect")
HISTORY = Subcommand("history", "help.cmd_history")
RESOURCES = Subcommand("resources", "help.cmd_resources", aliases=("resource", "resurser"))
CIRCLES = Subcommand("circles", "help.cmd_circles", aliases=("circle", "cirklar", "cirkel"))
GUIDE = Subcommand("guide", "help.cmd_guide", aliases=("guides", "guider"))
PAUSE = Subcommand("pause", "help.cmd_pause")
RESUME = Subcommand("resume", "help.cmd_resume")
AVOID = Subcommand("avoid", "help.cmd_avoid")
LEAVE = Subcommand("leave", "help.cmd_leave")
EXPORT_ME = Subcommand("export-me", "help.cmd_privacy")
FORGET_ME = Subcommand("forget-me", "help.cmd_privacy")
SETTINGS = Subcommand("settings", "help.cmd_settings", coordinators=True)
DIGEST = Subcommand("digest", "help.cmd_digest", coordinators=True)
EXPORT = Subcommand("export", "help.cmd_export", coordinators=True)
ADMIN = Subcommand("admin", "help.cmd_admin", coordinators=True)
PROGRAMME = Subcommand(
    "programme",
    "help.cmd_programme",
    coordinators=True,
    aliases=("program", "programmes", "programs"),
)

SUBCOMMANDS: tuple[Subcommand, ...] = (
    HELP,
    JOIN,
    PAIR,
    GOAL,
    CHECKIN,
    REFLECT,
    HISTORY,
    GUIDE,
    RESOURCES,
    CIRCLES,
    PAUSE,
    RESUME,
    AVOID,
    LEAVE,
    EXPORT_ME,
    FORGET_ME,
    SETTINGS,
    DIGEST,
    EXPORT,
    ADMIN,
    PROGRAMME,
)

_BY_WORD = {word: s for s in SUBCOMMANDS for word in (s.name, *s.aliases)}


def find(word: str) -> Subcommand | None:
    """The subcommand a first word names (any case, aliases included), or None."""
    return _BY_WORD.get(word.lower())


def help_keys(*, coordinators: bool) -> tuple[str, ...]:
    """The help lines of everyone's subcommands or of the coordinators' tools, each once."""
    return tuple(dict.fromkeys(s.help_key for s in SUBCOMMANDS if s.coordinators == coordinators))


def usage_hint() -> str:
    """The slash command's usage hint in manifest.yml: every subcommand, in help's order."""
    return "[" + "|".join(s.name for s in SUBCOMMANDS) + "]"
