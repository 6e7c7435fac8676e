"""The every-locale check of tests/every_locale.py fails when another language breaks a limit."""

from __future__ import annotations

import gettext
from typing import Any

import pytest
from sqlalchemy import create_engine, text

import bot.i18n
import bot.listeners.common
import bot.listeners.privacy
import bot.listeners.profile
from bot.blocks.privacy import forget_modal
from bot.config import SUPPORTED_LOCALES
from bot.domain import MemberCard, MemberStatus
from tests.every_locale import Coverage, EveryLocale, surface_problems

OTHER = next(locale for locale in SUPPORTED_LOCALES if locale != "en")
TOO_LONG = "Glömmer du mig nu, verkligen?"  # 29 characters: a modal title holds 24


def _lengthen(monkeypatch: pytest.MonkeyPatch, key: str) -> None:
    """The OTHER locale's text for `key` made too long for a modal title."""
    real = bot.i18n.translations

    class Longer(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            return TOO_LONG if message == key else super().gettext(message)

    def translations(locale: str) -> gettext.NullTranslations:
        if locale != OTHER:
            return real(locale)
        longer = Longer()
        longer.add_fallback(real(locale))
        return longer

    monkeypatch.setattr(bot.i18n, "translations", translations)


@pytest.fixture
def checker(monkeypatch: pytest.MonkeyPatch) -> Any:
    checker = EveryLocale(Coverage())
    checker.install(monkeypatch)
    yield checker
    checker.uninstall()


def test_a_title_too_long_in_another_language_is_reported(
    monkeypatch: pytest.MonkeyPatch, checker: EveryLocale
):
    _lengthen(monkeypatch, "privacy.forget_title")

    view = bot.listeners.privacy.forget_modal("en")

    assert view == forget_modal("en")  # the caller gets the English view, untouched
    assert checker.problems == [
        f"privacy.forget_modal in {OTHER}: "
        f"modal title {TOO_LONG!r} is over 24 characters (modal() cuts it)"
    ]
    assert checker.coverage.rendered == {"privacy.forget_modal"}


def test_the_language_inside_a_member_card_is_changed_too(
    monkeypatch: pytest.MonkeyPatch, checker: EveryLocale
):
    _lengthen(monkeypatch, "profile.title_edit")
    card = MemberCard(user_id="UANNA", status=MemberStatus.ACTIVE, locale="en")

    bot.listeners.profile.profile_updated_modal(card)

    assert checker.problems == [
        f"profile.profile_updated_modal in {OTHER}: "
        f"modal title {TOO_LONG!r} is over 24 characters (modal() cuts it)"
    ]


def test_real_translations_pass(checker: EveryLocale):
    bot.listeners.privacy.forget_modal("en")

    assert checker.problems == []


@pytest.mark.parametrize(
    ("result", "original", "problem"),
    [
        ("x" * 3001, "short", "text is 3001 characters (> 3000)"),
        ("", "words", "empty where the original is not: ''"),
        ([{"type": "divider"}, {"type": "section"}], None, "block rejected by slack_sdk.models"),
        ({"type": "button", "text": {"type": "plain_text", "text": "b" * 76}}, None, "button"),
        ([{"text": {"type": "plain_text", "text": "o" * 76}, "value": "1"}], None, "option"),
        (42, 42, "no check for a int"),
    ],
)
def test_each_shape_is_checked(result: Any, original: Any, problem: str):
    assert any(problem in found for found in surface_problems(result, original))


def test_a_text_a_listener_translated_is_translated_again(
    monkeypatch: pytest.MonkeyPatch, checker: EveryLocale
):
    _lengthen(monkeypatch, "common.close")
    close = bot.listeners.common.t("common.close", "en")

    bot.listeners.common.message_modal("Done", "All saved.", close)

    assert (
        f"common.message_modal in {OTHER}: modal close {TOO_LONG!r} is over 24 characters"
        in checker.problems
    )


def test_sql_run_while_re_rendering_is_reported(monkeypatch: pytest.MonkeyPatch):
    engine = create_engine("sqlite://")

    def reading(locale: str) -> str:
        """A blocks function that (wrongly) reads the database."""
        with engine.connect() as conn:
            return str(conn.execute(text("SELECT 'words'")).scalar())

    reading.__module__ = "bot.blocks.reading"
    monkeypatch.setattr(bot.listeners.privacy, "reading", reading, raising=False)
    checker = EveryLocale(Coverage())
    checker.install(monkeypatch)
    try:
        assert bot.listeners.privacy.reading("en") == "words"
    finally:
        checker.uninstall()

    assert checker.problems == [
        f"reading.reading in {locale}: ran SQL while re-rendering: SELECT 'words'"
        for locale in SUPPORTED_LOCALES
        if locale != "en"
    ]
