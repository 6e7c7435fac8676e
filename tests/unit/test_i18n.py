"""The catalogues: every message in every language with the English placeholders, plural forms
where CLDR has them, compiled as written, and every key the code names present."""

from __future__ import annotations

import re
import string
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from bot.config import SUPPORTED_LOCALES
from bot.domain import SKILL_GROUPS, SKILLS, CareerLevel, MemberStatus, RolePreference
from bot.i18n import (
    FALLBACK_LOCALE,
    LOCALES_DIR,
    catalogue,
    catalogue_path,
    from_slack_locale,
    t,
    tn,
)

ROOT = Path(__file__).resolve().parents[2]
OTHERS = [locale for locale in SUPPORTED_LOCALES if locale != FALLBACK_LOCALE]


@cache
def _po(locale: str) -> Catalog:
    with catalogue_path(locale).open("rb") as fh:
        return read_po(fh)


def _messages(locale: str) -> dict[str | tuple[str, str], Message]:
    return {message.id: message for message in _po(locale) if message.id}


def _id(message: Message) -> str | tuple[str, ...]:
    return tuple(message.id) if message.pluralizable else message.id


def _texts(message: Message) -> tuple[str, ...]:
    return tuple(message.string) if message.pluralizable else (message.string,)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_supported_locale_has_a_catalogue_and_no_other_does():
    found = {path.name for path in LOCALES_DIR.iterdir() if path.is_dir()}
    assert found == set(SUPPORTED_LOCALES)


@pytest.mark.parametrize("locale", OTHERS)
def test_every_message_is_in_every_language(locale: str):
    english, other = _messages(FALLBACK_LOCALE), _messages(locale)
    assert set(english) - set(other) == set(), f"missing in {locale}"
    assert set(other) - set(english) == set(), f"only in {locale}"


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_message_has_its_text_and_none_is_fuzzy(locale: str):
    empty = [m.id for m in _po(locale) if m.id and not all(_texts(m))]
    fuzzy = [m.id for m in _po(locale) if m.id and m.fuzzy]
    assert (empty, fuzzy) == ([], [])


@pytest.mark.parametrize("locale", OTHERS)
def test_placeholders_are_the_english_ones(locale: str):
    english = _messages(FALLBACK_LOCALE)
    differ = {}
    for key, message in _messages(locale).items():
        expected = _placeholders(_texts(english[key])[-1])
        *one, other = _texts(message)
        # The singular may say "once" for {count}, as English "opened once" does.
        if _placeholders(other) != expected or any(not _placeholders(x) <= expected for x in one):
            differ[key] = (expected, [_placeholders(x) for x in _texts(message)])
    assert differ == {}


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_plural_forms_follow_cldr(locale: str):
    expected = Catalog(locale=locale).plural_forms
    assert _po(locale).plural_forms == expected
    plural = [m for m in _po(locale) if isinstance(m.id, tuple)]
    assert plural, "the catalogue has no plural messages"
    wrong = [m.id[0] for m in plural if len(m.string) != _po(locale).num_plurals]
    assert wrong == []


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_the_compiled_catalogue_is_the_source_compiled(locale: str):
    """`make locales` was run after the last edit of the .po (the bot reads the .mo)."""
    with catalogue_path(locale, ".mo").open("rb") as fh:
        compiled = {_id(m): _texts(m) for m in read_mo(fh) if m.id}
    source = {m.id: _texts(m) for m in _po(locale) if m.id}
    assert compiled == source, "run `make locales`"


def test_every_key_the_code_names_is_an_english_message_of_its_kind():
    """A literal key in `t(...)` is a message, and in `tn(...)` one with plural forms."""
    with (ROOT / "babel.cfg").open() as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    code = [(pattern, method) for pattern, method in method_map if pattern.endswith(".py")]
    named = {
        message for _, _, message, _, _ in extract_from_dir(ROOT, code, options_map, keywords={})
    }
    assert len(named) > 500, "found too few keys in the code: is babel.cfg's map right?"
    assert named - set(_messages(FALLBACK_LOCALE)) == set()


def test_the_catalogues_are_as_make_locales_leaves_them(tmp_path: Path):
    """Nothing for `make locales` to change: every message of the code and of the English
    catalogue is in every language, with its English as the note, and no other is."""
    pybabel = [sys.executable, "-m", "babel.messages.frontend", "--quiet"]
    template = tmp_path / "messages.pot"
    # the Makefile's options that shape the files (the check compares them as written)
    extract = ["extract", "-F", "babel.cfg", "--no-location", "--sort-output", "--no-wrap"]
    extract += ["-o", str(template), "."]
    update = ["update", "-i", str(template), "-d", str(LOCALES_DIR), "--check", "--no-wrap"]
    update += ["--no-fuzzy-matching", "--ignore-obsolete", "--ignore-pot-creation-date"]

    subprocess.run([*pybabel, *extract], cwd=ROOT, check=True)
    checked = subprocess.run([*pybabel, *update], cwd=ROOT, capture_output=True, text=True)

    assert checked.returncode == 0, f"run `make locales`: {checked.stderr}"


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


@pytest.mark.parametrize("locale", OTHERS)
def test_texts_are_not_english_copies(locale: str):
    """Where a text is the English one, it is a word the languages share ("Design",
    "Senior", "*Status:* {status}"), never a sentence left untranslated."""
    english, other = catalogue(FALLBACK_LOCALE), catalogue(locale)
    same = {key: text for key, text in english.items() if other[key] == text}
    assert {key: text for key, text in same.items() if len(_words(text)) > 3} == {}
    assert len(same) < len(english) / 50


def _words(text: str) -> list[str]:
    """The words of a text, not its placeholders."""
    return [
        word for word in re.sub(r"\{\w+\}", " ", text).split() if any(c.isalpha() for c in word)
    ]


def test_t_fills_placeholders_and_falls_back_to_english():
    assert t("help.unknown", "sv", command="x") == "Jag känner inte till `/mentor x`."
    assert t("status.active", "fr") == "Active"


def test_tn_chooses_the_plural_form_by_the_count():
    assert tn("resources.digest_line", "en", count=1, link="L") == "L: opened once"
    assert tn("resources.digest_line", "en", count=3, link="L") == "L: opened 3 times"
    assert tn("settings.weeks", "sv", count=1) == "1 vecka"
    assert tn("settings.weeks", "sv", count=6) == "6 veckor"


def test_a_key_no_catalogue_has_is_an_error_not_a_text():
    with pytest.raises(KeyError):
        t("help.no_such_message", "sv")
    with pytest.raises(KeyError):
        tn("help.no_such_message", "en", count=2)


@pytest.mark.parametrize(
    ("slack", "ours"),
    [
        ("sv-SE", "sv"),
        ("en-US", "en"),
        ("en_GB", "en"),
        ("SV", "sv"),
        ("nb-NO", "nb"),
        ("no", "nb"),
        ("nn-NO", "nb"),
        ("da-DK", "da"),
        ("fi-FI", "fi"),
        ("de-DE", "de"),
        ("de-AT", "de"),
        ("fr-FR", None),
        ("", None),
        (None, None),
    ],
)
def test_slack_locales(slack: str | None, ours: str | None):
    assert from_slack_locale(slack) == ours
