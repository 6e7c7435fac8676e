"""The catalogues: complete in both languages, placeholders alike, every label present."""

from __future__ import annotations

import string

import pytest

from bot.config import SUPPORTED_LOCALES
from bot.domain import SKILL_GROUPS, SKILLS, CareerLevel, MemberStatus, RolePreference
from bot.i18n import catalogue, from_slack_locale, t


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_catalogues_have_the_same_keys():
    english, swedish = catalogue("en"), catalogue("sv")
    assert set(english) - set(swedish) == set(), "missing in Swedish"
    assert set(swedish) - set(english) == set(), "missing in English"


def test_catalogues_have_the_same_placeholders():
    english, swedish = catalogue("en"), catalogue("sv")
    differ = {
        key: (_placeholders(english[key]), _placeholders(swedish[key]))
        for key in english
        if _placeholders(english[key]) != _placeholders(swedish.get(key, ""))
    }
    assert differ == {}


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_value_type_has_a_label(locale: str):
    keys = [f"skill.{s}" for s in SKILLS] + [f"skill_group.{g}" for g in SKILL_GROUPS]
    keys += [f"status.{s}" for s in MemberStatus] + [f"role.{r}" for r in RolePreference]
    keys += [f"level.{lv}" for lv in CareerLevel]
    texts = catalogue(locale)
    assert [key for key in keys if not texts.get(key)] == []


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_labels_fit_slack_option_limits(locale: str):
    texts = catalogue(locale)
    too_long = {k: v for k, v in texts.items() if k.split(".")[0] in _OPTION_KEYS and len(v) > 75}
    assert too_long == {}


_OPTION_KEYS = {"skill", "skill_group", "role", "level"}


def test_swedish_texts_are_not_english_copies():
    english, swedish = catalogue("en"), catalogue("sv")
    same = {k for k in english if english[k] == swedish[k]}
    assert same <= SAME_IN_BOTH


SAME_IN_BOTH = {  # words Swedish shares with English
    "level.senior",
    "skill.design",
    "home.status_line",
    "avoid.modal_label",
    "mine.partners",
    "checkin.rating.2",
    "checkin.rating.3",
    "checkin.rating.4",
    "history.coach",
    "history.minutes",
}


def test_t_fills_placeholders_and_falls_back_to_english():
    assert t("help.unknown", "sv", command="x") == "Jag känner inte till `/mentor x`."
    assert t("status.active", "de") == "Active"


@pytest.mark.parametrize(
    ("slack", "ours"),
    [
        ("sv-SE", "sv"),
        ("en-US", "en"),
        ("en_GB", "en"),
        ("SV", "sv"),
        ("fr-FR", None),
        ("", None),
        (None, None),
    ],
)
def test_slack_locales(slack: str | None, ours: str | None):
    assert from_slack_locale(slack) == ours
