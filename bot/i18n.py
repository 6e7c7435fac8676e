"""One translation function over the English and Swedish catalogues in bot/locales/."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from bot.config import SUPPORTED_LOCALES

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
FALLBACK_LOCALE = "en"


@cache
def catalogue(locale: str) -> dict[str, str]:
    """The flat key -> text mapping of one locale ("help.title", ...)."""
    with (LOCALES_DIR / f"{locale}.toml").open("rb") as fh:
        return _flatten(tomllib.load(fh))


def t(key: str, locale: str, /, **values: Any) -> str:
    """The text for `key` in `locale` (English when the locale is not supported)."""
    texts = catalogue(locale if locale in SUPPORTED_LOCALES else FALLBACK_LOCALE)
    return texts[key].format(**values) if values else texts[key]


def from_slack_locale(slack_locale: str | None) -> str | None:
    """Our locale for Slack's IETF tag ("sv-SE" -> "sv"); None when we do not speak it."""
    if not slack_locale:
        return None
    language = slack_locale.replace("_", "-").split("-", 1)[0].lower()
    return language if language in SUPPORTED_LOCALES else None


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = str(value)
    return flat
