"""manifest.yml lists both shortcuts with the callback_ids the listeners register, within the
limits of Slack's manifest schema."""

from __future__ import annotations

from bot import ids
from tests.manifest import manifest

FIELDS = ("name", "type", "callback_id", "description")


def shortcuts() -> list[dict[str, str]]:
    """The entries of features.shortcuts."""
    return manifest()["features"]["shortcuts"]


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
