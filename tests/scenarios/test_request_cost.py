"""What the busiest requests cost the database: the transactions each opens and the reads it
makes outside one, counted at the engine while the request goes through the HTTP door (a guard
against creeping back)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from bot.db import Database
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.scenarios.helpers import PROFILE, events, join, member, open_join_modal


@contextmanager
def transactions(database: Database) -> Iterator[list[str]]:
    """What was begun inside the block: "transaction" on the engine, or "alone" for a read on a
    connection of the reads' autocommit engine (Database.reads), which runs without one."""
    begun: list[str] = []
    engine, autocommit = database.engine, database.reads.kw["bind"]

    def on_begin(connection: Any) -> None:
        alone = connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT"
        begun.append("alone" if alone else "transaction")

    def on_alone(connection: Any) -> None:
        begun.append("alone")

    event.listen(engine, "begin", on_begin)
    event.listen(autocommit, "begin", on_alone)
    try:
        yield begun
    finally:
        event.remove(engine, "begin", on_begin)
        event.remove(autocommit, "begin", on_alone)


def test_help_is_one_read(database: Database, slack: FakeSlack, slack_requests: SlackRequests):
    slack.add_user("UANNA")
    join(slack, slack_requests, "UANNA")

    with transactions(database) as begun:
        assert slack_requests.command("UANNA", "help").status == 200

    assert begun == ["alone"]  # the person, as the middleware reads them


def test_someone_new_is_recorded_once(
    database: Database, slack: FakeSlack, slack_requests: SlackRequests
):
    slack.add_user("UANNA")

    with transactions(database) as begun:
        assert slack_requests.command("UANNA", "help").status == 200
    with transactions(database) as again:
        assert slack_requests.command("UANNA", "help").status == 200

    assert begun == ["alone", "transaction"]  # not found; recorded with what Slack says
    assert again == ["alone"]


def test_pair_is_two_reads(database: Database, slack: FakeSlack, slack_requests: SlackRequests):
    slack.add_user("UANNA")
    join(slack, slack_requests, "UANNA")

    with transactions(database) as begun:
        reply = slack_requests.command("UANNA", "pair")

    assert reply.status == 200
    assert "ephemeral" in reply.body
    assert begun == [
        "alone",
        "alone",
    ]  # reads: the person (and whether they coordinate); the pairing


def test_a_profile_edit_is_a_read_and_one_transaction_and_no_call_to_slack(
    database: Database,
    slack: FakeSlack,
    slack_requests: SlackRequests,
    engine: Engine,
    sessions: sessionmaker[Session],
):
    slack.add_user("UANNA")
    join(slack, slack_requests, "UANNA")
    view = open_join_modal(slack, slack_requests, "UANNA")
    calls = len(slack.calls)

    with transactions(database) as begun:
        reply = slack_requests.submit("UANNA", view, {**PROFILE, "department": "Legal"})

    assert reply.status == 200
    assert begun == ["alone", "transaction"]  # the person; the edit and its event
    assert "Legal" in str(reply.json()["view"]["blocks"])  # confirmed in the modal itself
    assert len(slack.calls) == calls
    assert events(sessions, "UANNA") == ["joined", "profile_updated"]
    assert (member(sessions, "UANNA") or pytest.fail("gone")).department == "Legal"
