"""Country and weekday names in each language, and the countries whose holidays we know."""

from __future__ import annotations

from bot.config import SUPPORTED_LOCALES
from bot.locale_names import (
    countries_by_name,
    country_name,
    holiday_countries,
    sort_key,
    weekday_names,
)


def test_holiday_countries_are_alpha_2_codes_that_cldr_names():
    countries = holiday_countries()
    assert {"SE", "NO", "US", "GB", "DE", "JP"} <= countries
    assert "UK" not in countries  # holidays' alias for GB
    assert all(len(code) == 2 and code.isupper() for code in countries)
    for locale in SUPPORTED_LOCALES:
        assert all(country_name(code, locale) != code for code in countries)


def test_names_are_in_the_language():
    assert (country_name("SE", "en"), country_name("SE", "sv")) == ("Sweden", "Sverige")
    assert (country_name("SE", "fi"), country_name("SE", "de")) == ("Ruotsi", "Schweden")
    assert country_name("SE", "fr") == "Sweden"  # a language we do not speak: English
    assert weekday_names("en")[0] == "Monday"
    assert weekday_names("sv", short=True) == ("mån", "tis", "ons", "tors", "fre", "lör", "sön")


def test_swedish_sorts_a_ring_and_umlauts_after_z_and_english_ignores_accents():
    assert sort_key("Zimbabwe", "sv") < sort_key("Åland", "sv") < sort_key("Ägypten", "sv")
    assert sort_key("Ägypten", "sv") < sort_key("Österrike", "sv")
    assert sort_key("Albania", "en") > sort_key("Åland Islands", "en") > sort_key("Afghan", "en")


def test_danish_and_norwegian_sort_ae_o_slash_and_a_ring_after_z_and_finnish_as_swedish():
    for locale in ("da", "nb"):
        assert sort_key("Zambia", locale) < sort_key("Ægypten", locale)
        assert sort_key("Ægypten", locale) < sort_key("Østrig", locale) < sort_key("Åland", locale)
    assert sort_key("Zambia", "fi") < sort_key("Åland", "fi") < sort_key("Ö", "fi")
    assert sort_key("Österreich", "de") < sort_key("Polen", "de")  # German: ö is an o


def test_every_language_lists_every_country_once_in_its_order():
    for locale in SUPPORTED_LOCALES:
        listed = countries_by_name(locale)
        assert sorted(code for code, _ in listed) == sorted(holiday_countries())
        keys = [sort_key(name, locale) for _, name in listed]
        assert keys == sorted(keys)
