"""The yardstick for benchmarks/load.py: a Bolt app that only acknowledges, served by gunicorn
exactly like the bot (`gunicorn 'benchmarks.bare_app:build()'`)."""

from __future__ import annotations

import os
import re
from typing import Any

from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient


def build() -> Any:
    client = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    app = App(
        client=client,
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        token_verification_enabled=False,
    )

    @app.command("/mentor")
    def command(ack: Ack) -> None:
        ack()

    @app.view(re.compile(".*"))
    def view(ack: Ack) -> None:
        ack()

    return SlackRequestHandler(app)
