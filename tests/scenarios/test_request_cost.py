"""What the busiest requests cost the database: the transactions each opens and the reads it
makes outside one, counted at the engine while the request goes through the HTTP door (a guard
against creeping back)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event

from bot.db import make_reader, make_sessions
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.scenarios.helpers import PROFILE, join, open_join_modal


@contextmanager
def transactions(engine: Engine) -> Iterator[list[str]]:
    """What was begun inside the block: "transaction" on `engine`, or "read" for a connection
    of its reader (bot.db.make_reader), which reads without one."""
    begun: list[str] = []
    reader = make_reader(make_sessions(engine))

    def on_begin(connection: Any) -> None:
        alone = connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT"
        begun.append("read" if alone else "transaction")

    def on_read(connection: Any) -> None:
        begun.append("read")

    event.listen(engine, "begin", on_begin)
    event.listen(reader, "begin", on_read)
    try:
        yield begun
    finally:
        event.remove(engine, "begin", on_begin)
        event.remove(reader, "begin", on_read)


def test_help_is_one_read(slack: FakeSlack, slack_requests: SlackRequests, engine: Engine):
    slack.add_user("UANNA")
    join(slack, slack_requests, "UANNA")

    with transactions(engine) as begun:
        assert slack_requests.command("UANNA", "help").status == 200

    assert begun == ["read"]  # the person, as the middleware loads them


def test_someone_new_is_recorded_once(
    slack: FakeSlack, slack_requests: SlackRequests, engine: Engine
):
    slack.add_user("UANNA")

    with transactions(engine) as begun:
        assert slack_requests.command("UANNA", "help").status == 200
    with transactions(engine) as again:
        assert slack_requests.command("UANNA", "help").status == 200

    assert begun == ["read", "transaction"]  # not found; recorded with what Slack says
    assert again == ["read"]


def test_pair_is_two_reads(slack: FakeSlack, slack_requests: SlackRequests, engine: Engine):
    slack.add_user("UANNA")
    join(slack, slack_requests, "UANNA")

    with transactions(engine) as begun:
        reply = slack_requests.command("UANNA", "pair")

    assert reply.status == 200
    assert "ephemeral" in reply.body
    assert begun == ["read", "read"]  # the person (and whether they coordinate); the pairing


def test_a_profile_edit_is_a_read_and_a_transaction_and_no_call_to_slack(
    slack: FakeSlack, slack_requests: SlackRequests, engine: Engine
):
    slack.add_user("UANNA")
    join(slack, slack_requests, "UANNA")
    view = open_join_modal(slack, slack_requests, "UANNA")
    calls = len(slack.calls)

    with transactions(engine) as begun:
        reply = slack_requests.submit("UANNA", view, {**PROFILE, "department": "Legal"})

    assert reply.status == 200
    assert begun == ["read", "transaction"]  # the person; the save
    assert "Legal" in str(reply.json()["view"]["blocks"])  # confirmed in the modal itself
    assert len(slack.calls) == calls
