"""manifest.yml lists both shortcuts with the callback_ids the listeners register, within the
limits of Slack's manifest schema."""

from __future__ import annotations

import re
from pathlib import Path

from bot import ids

ROOT = Path(__file__).resolve().parents[2]
FIELDS = ("name", "type", "callback_id", "description")


def shortcuts() -> list[dict[str, str]]:
    """The entries of features.shortcuts, read from the text (no YAML parser is installed)."""
    manifest = (ROOT / "manifest.yml").read_text()
    section = manifest.split("\n  shortcuts:", 1)[1].split("\n\n", 1)[0]
    entries: list[dict[str, str]] = []
    for line in section.splitlines()[1:]:
        found = re.fullmatch(r" {4}(- |  )(\w+): (.+)", line)
        assert found, f"not a shortcut's field: {line!r}"
        start, key, value = found.groups()
        if start == "- ":
            entries.append({})
        entries[-1][key] = value
    return entries


def test_the_manifest_lists_both_shortcuts_by_their_callback_ids():
    listed = shortcuts()

    assert {(s["type"], s["callback_id"]) for s in listed} == {
        ("global", ids.LOG_SESSION_SHORTCUT),
        ("message", ids.SAVE_REFLECTION_SHORTCUT),
    }
    assert [s["name"] for s in listed] == ["Log a coaching session", "Save as a reflection"]


def test_each_shortcut_has_every_field_within_slacks_limits():
    for shortcut in shortcuts():
        assert set(shortcut) == set(FIELDS), shortcut
        assert 1 <= len(shortcut["name"]) <= 24, shortcut
        assert 1 <= len(shortcut["description"]) <= 150, shortcut
        assert len(shortcut["callback_id"]) <= 255, shortcut
