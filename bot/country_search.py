"""Finding a holiday country by what a person types, for the profile's country menu (whose
options Slack asks the bot for as the person types).

A country matches when what was typed, case and accents ignored, begins its name or one of the
name's words in the person's language or in English ("kor" finds "North Korea" and "South
Korea"), begins its name in another of the bot's languages, or is its ISO code ("se"): someone
in Sweden using Slack in English finds Sweden with "sverige" or "sv" too, while the words
inside the other languages' names ("alue", Finnish for territory) find nothing. (The names in each
country's own languages would find "Deutschland" as well, but reading them from CLDR loads
some 150 languages' data, about 80 MB in every process.) The countries come in the language's
alphabetical order (bot.locale_names). Each language's index is built once, so an answer is a
scan of about 250 short strings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from bot.config import SUPPORTED_LOCALES
from bot.i18n import FALLBACK_LOCALE
from bot.locale_names import countries_by_name, country_name

# The characters of a query read: no country's name is half as long, so a longer query finds
# nothing either way, and a forged megabyte is not folded.
MAX_QUERY = 100
_WORD = re.compile(r"\w+")
# Letters that carry no accent Unicode can take off, written as people type them without.
_PLAIN = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th"})


@dataclass(frozen=True, slots=True)
class _Country:
    code: str  # "SE"
    name: str  # in the person's language: "Sweden"
    code_key: str  # "se"
    names_key: str  # its names folded, each after a newline: "\nsweden\nsverige"; in the other
    # languages with "_" between words, so that only the whole name's start matches


def fold(text: str) -> str:
    """Text as the search compares it: lower case, without accents, its words apart by one
    space ("São Tomé & Príncipe" -> "sao tome principe")."""
    spread = unicodedata.normalize("NFKD", text.casefold()).translate(_PLAIN)
    bare = "".join(char for char in spread if not unicodedata.combining(char))
    return " ".join(_WORD.findall(bare))


def matches(query: str, text: str) -> bool:
    """Whether what was typed begins the text or one of its words (an empty query matches)."""
    return _found(fold(query[:MAX_QUERY]), "\n" + fold(text))


def find_countries(query: str, locale: str) -> tuple[tuple[str, str], ...]:
    """(code, name in the language) of every holiday country that what was typed finds, in
    the language's alphabetical order; every country for an empty query."""
    key = fold(query[:MAX_QUERY])
    return tuple(
        (country.code, country.name)
        for country in country_index(locale)
        if key == country.code_key or _found(key, country.names_key)
    )


@cache
def country_index(locale: str) -> tuple[_Country, ...]:
    """The holiday countries of a language, in its order, with their folded names and code."""
    return tuple(
        _Country(
            code=code,
            name=name,
            code_key=code.casefold(),
            names_key=_names_key(name, code, locale),
        )
        for code, name in countries_by_name(locale)
    )


def names(code: str) -> tuple[str, ...]:
    """A country's names in the languages the bot speaks ("Sweden", "Sverige")."""
    return tuple(country_name(code, language) for language in SUPPORTED_LOCALES)


def _names_key(name: str, code: str, locale: str) -> str:
    searched = {name: True, country_name(code, FALLBACK_LOCALE): True}
    for other in names(code):
        searched.setdefault(other, False)
    return "".join(
        "\n" + (fold(n) if by_word else fold(n).replace(" ", "_"))
        for n, by_word in searched.items()
    )


def _found(key: str, names_key: str) -> bool:
    """Whether the folded query begins one of the folded names or one of their words."""
    return not key or ("\n" + key) in names_key or (" " + key) in names_key
