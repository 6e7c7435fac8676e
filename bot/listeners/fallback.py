"""Registered last: a button, modal or menu the bot does not know (an old message's button
after an upgrade, a forged payload) is acknowledged and logged instead of answered with a 404;
a menu whose options it does not know gets none."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import Ack, App

log = logging.getLogger(__name__)
ANYTHING = re.compile(".*", re.DOTALL)


def register(app: App) -> None:
    @app.action(ANYTHING)
    def unknown_action(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        log.info("unknown action", extra={"kind": "action"})

    @app.block_suggestion(ANYTHING)
    def unknown_options(ack: Ack) -> None:
        ack(options=[])
        log.info("unknown options", extra={"kind": "options"})

    @app.view(ANYTHING)
    def unknown_view(ack: Ack) -> None:
        ack()  # closes the modal
        log.info("unknown view", extra={"kind": "view"})
