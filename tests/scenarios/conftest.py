"""The app installed through OAuth, for the scenarios that need it; every surface rendered
checked in every other supported language too (tests/every_locale.py)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.db import Database
from bot.factory import create_app
from bot.slack.clients import make_client
from bot.slack.door import make_wsgi, serve
from bot.slack.installations import store_for
from tests.conftest import Clock
from tests.every_locale import COVERAGE, EveryLocale
from tests.fakes.slack_api import FakeSlack
from tests.scenarios.installed import Installable, oauth_settings


@pytest.fixture
def installable(
    slack: FakeSlack, database: Database, sessions: sessionmaker[Session], clock: Clock
) -> Iterator[Installable]:
    settings = oauth_settings(slack)
    store = store_for(settings, database.engine)
    assert store is not None
    client = make_client(None, settings.slack_api_url)
    app = create_app(settings, database, client, clock=clock, synchronous=True, installations=store)
    server = serve(make_wsgi(app, database.engine, settings.slack_signing_secret), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield Installable(f"http://127.0.0.1:{server.server_port}", slack, store, settings)
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def every_locale(monkeypatch: pytest.MonkeyPatch) -> Iterator[EveryLocale]:
    """The blocks functions re-rendered in each other locale; the test fails if one breaks."""
    checker = EveryLocale()
    checker.install(monkeypatch)
    yield checker
    checker.uninstall()
    if checker.problems:
        pytest.fail(
            "a surface breaks Slack's limits in another language:\n"
            + "\n".join(dict.fromkeys(checker.problems)),
            pytrace=False,
        )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """With EVERY_LOCALE_REPORT=1: which blocks functions were re-rendered, which could not be."""
    if os.environ.get("EVERY_LOCALE_REPORT"):
        terminalreporter.write_line(COVERAGE.summary())
