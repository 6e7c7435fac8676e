"""The app installed through OAuth, for the scenarios that need it."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.factory import create_app
from bot.installations import store_for
from bot.notify import make_client
from bot.wsgi import make_wsgi, serve
from tests.conftest import Clock
from tests.fakes.slack_api import FakeSlack
from tests.scenarios.installed import Installable, oauth_settings


@pytest.fixture
def installable(
    slack: FakeSlack, sessions: sessionmaker[Session], engine: Engine, clock: Clock
) -> Iterator[Installable]:
    settings = oauth_settings(slack)
    store = store_for(settings, engine)
    assert store is not None
    client = make_client(None, settings.slack_api_url)
    app = create_app(settings, sessions, client, clock=clock, synchronous=True, installations=store)
    server = serve(make_wsgi(app, engine, settings.slack_signing_secret), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield Installable(f"http://127.0.0.1:{server.server_port}", slack, store, settings)
    server.shutdown()
    server.server_close()
