"""Finding a holiday country by what a person types (bot.country_search)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.config import SUPPORTED_LOCALES
from bot.country_search import find_countries, fold, matches, names
from bot.locale_names import countries_by_name, holiday_countries


def _names(query: str, locale: str) -> list[str]:
    return [name for _, name in find_countries(query, locale)]


def test_a_name_in_the_language_or_the_bots_other_is_found_from_its_start():
    assert "Sverige" in _names("sv", "sv")
    assert "Sweden" in _names("sv", "en")  # its Swedish name, Sverige
    assert _names("swe", "en") == ["Sweden"]
    assert _names("swe", "sv") == ["Sverige"]  # its English name, Sweden
    assert "Norway" in _names("no", "en")
    assert "Norge" in _names("no", "sv")
    assert _names("tyskland", "en") == ["Germany"]
    assert _names("germany", "sv") == ["Tyskland"]
    assert _names("kor", "sv") == ["Nordkorea", "Sydkorea"]  # North Korea, South Korea


def test_case_and_accents_are_ignored_and_any_word_of_a_name_counts():
    assert _names("ÖSTERR", "sv") == ["Österrike"]
    assert _names("osterr", "sv") == ["Österrike"]
    assert _names("ÅLAND", "en") == ["Åland Islands"]
    assert _names("cote d'iv", "en") == ["Côte d\u2019Ivoire"]
    assert _names("korea", "en") == ["North Korea", "South Korea"]
    assert _names("  south   afr ", "en") == ["South Africa"]
    assert "Burkina Faso" in _names("faso", "en")


def test_an_iso_code_finds_its_country_in_either_case():
    assert "Sweden" in _names("SE", "en")
    assert "Sverige" in _names("se", "sv")
    assert "United Kingdom" in _names("gb", "en")
    assert "Germany" in _names("de", "en")


def test_what_matches_nothing_finds_nothing():
    assert find_countries("xyzzy", "en") == ()
    assert find_countries("sweeden", "sv") == ()
    assert find_countries("<!channel>", "en") == ()


def test_an_empty_query_lists_every_country_in_the_languages_order():
    for locale in SUPPORTED_LOCALES:
        assert find_countries("", locale) == countries_by_name(locale)
        assert find_countries("  ", locale) == countries_by_name(locale)


def test_a_countrys_names_are_those_in_the_languages_the_bot_speaks():
    assert names("SE") == ("Sweden", "Sverige", "Sverige", "Sverige", "Ruotsi", "Schweden")
    assert names("AT") == ("Austria", "Österrike", "Østerrike", "Østrig", "Itävalta", "Österreich")


def test_fold():
    assert fold("Côte d\u2019Ivoire") == "cote d ivoire"
    assert fold("  São Tomé & Príncipe ") == "sao tome principe"
    assert fold("Færøerne") == "faeroerne"
    assert fold("ÖSTERRIKE") == "osterrike"


def test_matches_any_text_by_its_start_or_a_words():
    assert matches("", "From my time zone")
    assert matches("from", "From my time zone")
    assert matches("TIME Z", "From my time zone")
    assert matches("utifran", "Utifrån min tidszon")
    assert not matches("ime", "From my time zone")


@given(
    st.sampled_from(SUPPORTED_LOCALES),
    st.sampled_from(sorted(holiday_countries())),
    st.data(),
)
def test_any_start_of_any_word_of_a_name_finds_the_country(locale: str, code: str, data):
    name = dict(countries_by_name(locale))[code]
    word = data.draw(st.sampled_from(fold(name).split()))
    start = word[: data.draw(st.integers(1, len(word)))]
    typed = data.draw(st.sampled_from([start, start.upper(), f" {start} "]))
    assert code in {found for found, _ in find_countries(typed, locale)}


@given(st.sampled_from(SUPPORTED_LOCALES), st.text(max_size=30))
def test_any_query_finds_countries_in_the_languages_order(locale: str, query: str):
    found = find_countries(query, locale)
    order = [pair for pair in countries_by_name(locale) if pair in set(found)]
    assert list(found) == order
