"""/mentor from one table (bot.commands): the dispatch, the help lines, the request log's kinds
and the manifest's usage hint all follow it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bot.commands import COMMAND, SUBCOMMANDS, find, help_keys, usage_hint
from bot.config import SUPPORTED_LOCALES
from bot.i18n import catalogue
from bot.listeners.commands import HANDLERS
from bot.slack.request_log import request_kind

ROOT = Path(__file__).resolve().parents[2]


def test_every_registered_subcommand_has_a_handler():
    assert [s.name for s in SUBCOMMANDS if s not in HANDLERS] == []


def test_every_handler_is_of_a_registered_subcommand():
    assert [s.name for s in HANDLERS if s not in SUBCOMMANDS] == []


def test_no_word_names_two_subcommands():
    words = Counter(word for s in SUBCOMMANDS for word in (s.name, *s.aliases))
    assert [word for word, times in words.items() if times > 1] == []
    assert all(word == word.lower() and " " not in word for word in words)


def test_the_manifest_usage_hint_is_the_one_the_table_renders():
    manifest = (ROOT / "manifest.yml").read_text()
    command = manifest.split(f"- command: {COMMAND}\n", 1)[1].split("\n\n", 1)[0]
    hint = command.split("usage_hint: ", 1)[1].split("\n", 1)[0]
    assert hint == f'"{usage_hint()}"'


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_each_help_line_names_its_subcommand(locale: str):
    texts = catalogue(locale)
    unnamed = [s.name for s in SUBCOMMANDS if f"`{COMMAND} {s.name}" not in texts[s.help_key]]
    assert unnamed == []


def test_every_help_line_in_the_catalogue_belongs_to_a_subcommand():
    lines = {key for key in catalogue("en") if key.startswith("help.cmd_")}
    listed = help_keys(coordinators=False) + help_keys(coordinators=True)
    assert sorted(listed) == sorted(lines)


def test_words_find_their_subcommand_in_any_case():
    assert find("HJÄLP") is find("") is find("help")
    assert find("Export-Me") is not None and find("Export-Me").name == "export-me"
    assert find("dance") is None


@pytest.mark.parametrize("word", [w for s in SUBCOMMANDS for w in (s.name, *s.aliases) if w])
def test_the_request_log_names_each_subcommand_by_its_name(word: str):
    kind = request_kind({"command": COMMAND, "text": f"{word.upper()} more words"})
    assert kind == f"command:{COMMAND} {find(word).name}"  # type: ignore[union-attr]


def test_the_request_log_keeps_what_was_typed_out_of_an_unknown_subcommand():
    assert request_kind({"command": COMMAND, "text": "my-secret"}) == f"command:{COMMAND} other"
    assert request_kind({"command": COMMAND, "text": "  "}) == f"command:{COMMAND} help"
