"""Names in the person's language from the Unicode CLDR (through Babel): weekdays, and the
countries whose public holidays the `holidays` package knows."""

from __future__ import annotations

import unicodedata
from functools import cache

import holidays
from babel import Locale

from bot.config import SUPPORTED_LOCALES
from bot.i18n import FALLBACK_LOCALE

# The letters a language sorts after z, each with a stand-in that sorts there (the characters
# after "z" in ASCII): Swedish and Finnish put å, ä, ö last; Danish and Norwegian æ (or ä),
# ø (or ö), å.
_NORDIC = {"å": "{", "ä": "|", "ö": "}"}
_DANO_NORWEGIAN = {"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}"}
_AFTER_Z = {"sv": _NORDIC, "fi": _NORDIC, "da": _DANO_NORWEGIAN, "nb": _DANO_NORWEGIAN}


@cache
def holiday_countries() -> frozenset[str]:
    """The ISO 3166-1 alpha-2 codes of the countries whose public holidays `holidays` knows
    (and CLDR names: this leaves out its alias "UK" for GB, and its alpha-3 codes)."""
    named = Locale.parse(FALLBACK_LOCALE).territories
    return frozenset(
        code for code in holidays.list_supported_countries() if len(code) == 2 and code in named
    )


def country_name(code: str, locale: str) -> str:
    """A country's name in the language ("Sweden", "Sverige"); the code when CLDR has none."""
    return _locale(locale).territories.get(code, code)


@cache
def countries_by_name(locale: str) -> tuple[tuple[str, str], ...]:
    """(code, name) of every holiday country, in alphabetical order in the language."""
    named = [(code, country_name(code, locale)) for code in holiday_countries()]
    return tuple(sorted(named, key=lambda pair: (sort_key(pair[1], locale), pair[0])))


def sort_key(name: str, locale: str) -> str:
    """A key that orders names alphabetically in the language: case and accents ignored,
    except for the letters Swedish puts after z (å, ä, ö)."""
    after_z = _AFTER_Z.get(_language(locale), {})
    return "".join(after_z.get(char) or _base(char) for char in name.casefold())


@cache
def weekday_names(locale: str, *, short: bool = False) -> tuple[str, ...]:
    """The names of the weekdays, Monday first ("Monday" / "måndag", or "Mon" / "mån")."""
    days = _locale(locale).days["format"]["abbreviated" if short else "wide"]
    return tuple(days[day] for day in range(7))


def _base(char: str) -> str:
    """A character without its accents ("é" -> "e")."""
    return unicodedata.normalize("NFD", char)[:1]


def _language(locale: str) -> str:
    return locale if locale in SUPPORTED_LOCALES else FALLBACK_LOCALE


@cache
def _locale(locale: str) -> Locale:
    return Locale.parse(_language(locale))
