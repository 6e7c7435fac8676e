"""The translation functions over the gettext catalogues in bot/locales/ (docs/translating.md).

A message's id is its key ("help.title"); each language's catalogue, English included, holds
its text. The bot reads the compiled catalogues (messages.mo) that `make locales` builds.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.mofile import read_mo

from bot.config import SUPPORTED_LOCALES

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"
FALLBACK_LOCALE = "en"

# Slack tags of languages we read in one we speak: Norwegian ("no") and Nynorsk ("nn") read
# Bokmål.
_SLACK_LANGUAGES = {"no": "nb", "nn": "nb"}


class MissingMessage(gettext.NullTranslations):
    """A catalogue's last resort: a key it lacks is a bug, never a text shown to anyone."""

    def gettext(self, message: str) -> str:
        raise KeyError(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        raise KeyError(msgid1)


@cache
def translations(locale: str) -> gettext.GNUTranslations:
    """The compiled catalogue of one supported locale."""
    with catalogue_path(locale, ".mo").open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    compiled.add_fallback(MissingMessage())
    return compiled


@cache
def catalogue(locale: str) -> dict[str, str]:
    """The key -> text mapping of one locale's messages without plural forms."""
    with catalogue_path(locale, ".mo").open("rb") as fh:
        messages = read_mo(fh)
    return {
        m.id: m.string
        for m in messages
        if m.id and isinstance(m.id, str) and isinstance(m.string, str)
    }


def t(key: str, locale: str, /, **values: Any) -> str:
    """The text for `key` in `locale` (English when the locale is not supported)."""
    text = translations(_supported(locale)).gettext(key)
    return text.format(**values) if values else text


def tn(key: str, locale: str, /, count: int, **values: Any) -> str:
    """The plural form of `key` for `count` in `locale`; the text shows it as {count}."""
    text = translations(_supported(locale)).ngettext(key, key, count)
    return text.format(count=count, **values)


def from_slack_locale(slack_locale: str | None) -> str | None:
    """Our locale for Slack's IETF tag ("sv-SE" -> "sv"); None when we do not speak it."""
    if not slack_locale:
        return None
    language = slack_locale.replace("_", "-").split("-", 1)[0].lower()
    language = _SLACK_LANGUAGES.get(language, language)
    return language if language in SUPPORTED_LOCALES else None


def catalogue_path(locale: str, suffix: str = ".po") -> Path:
    """Where a locale's catalogue lies: its source (.po) or the compiled one (.mo)."""
    return LOCALES_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def _supported(locale: str) -> str:
    return locale if locale in SUPPORTED_LOCALES else FALLBACK_LOCALE
