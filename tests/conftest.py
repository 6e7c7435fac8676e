"""Fixtures: a migrated database, the Slack fake, and the app served over real HTTP."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings, database_url_from
from bot.db import Database, connect, make_engine
from bot.factory import create_app
from bot.migrate import upgrade_to_head
from bot.models import Base
from bot.slack.clients import PACES, Pace, clients_for, make_client
from bot.slack.door import make_wsgi, serve
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackRequests

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"
PG_SCHEMA = "mentor_test"
COORDINATOR = "UCOORD"
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class Clock:
    """A settable clock: tests move time instead of patching it."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def _test_database(tmp_dir: Path) -> Database:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return connect(f"sqlite:///{tmp_dir / 'mentor-test.db'}")
    url = database_url_from({"DATABASE_URL": url})
    admin = make_engine(url)
    with admin.begin() as conn:  # a schema of our own, new each run
        conn.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {PG_SCHEMA}"))
    admin.dispose()
    return connect(url, connect_args={"options": f"-csearch_path={PG_SCHEMA}"})


@pytest.fixture(scope="session")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = _test_database(tmp_path_factory.mktemp("db"))
    upgrade_to_head(database.engine)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def engine(database: Database) -> Engine:
    return database.engine


@pytest.fixture
def sessions(database: Database) -> Iterator[sessionmaker[Session]]:
    yield database.sessions
    with database.engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture(scope="session")
def slack_server() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    yield fake
    fake.stop()


@pytest.fixture
def slack(slack_server: FakeSlack, clock: Clock) -> Iterator[FakeSlack]:
    """The fake, emptied for this test and on the test's clock (scheduled messages are judged
    by it); the test fails if the bot sent anything invalid."""
    slack_server.reset()
    slack_server.now = clock
    yield slack_server
    assert not slack_server.problems, "the bot made invalid Web API calls:\n" + "\n".join(
        slack_server.problems
    )


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def settings(slack: FakeSlack) -> Settings:
    return Settings(
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=slack.url,
        default_locale="en",
        coordinators=frozenset({COORDINATOR}),
    )


@dataclass
class Served:
    url: str
    requests: SlackRequests


@pytest.fixture
def served(
    settings: Settings, database: Database, sessions: sessionmaker[Session], clock: Clock
) -> Iterator[Served]:
    """The app over HTTP on 127.0.0.1, answering after its listeners finish (deterministic)."""
    client = make_client(settings.slack_bot_token, settings.slack_api_url)
    # The work a click hands on (a series' reminders to delete, circles' channels to make)
    # paced fast: the real paces (bot/slack/clients.py, Slack's per-minute tiers) kept tests
    # idle for up to 37 s each. Tests about pacing build their own senders.
    senders = clients_for(settings, None, paces={method: Pace(200.0) for method in PACES})
    app = create_app(settings, database, client, clock=clock, synchronous=True, senders=senders)
    server = serve(make_wsgi(app, database.engine, SIGNING_SECRET), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    responses = settings.slack_api_url.removesuffix("/api/")
    yield Served(url, SlackRequests(url, SIGNING_SECRET, response_base=responses))
    server.shutdown()
    server.server_close()


@pytest.fixture
def slack_requests(served: Served) -> SlackRequests:
    return served.requests
