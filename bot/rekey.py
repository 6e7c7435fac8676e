"""`python -m bot.rekey`: encrypt every stored token with the first of MENTOR_TOKEN_KEYS."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from cryptography.fernet import InvalidToken

from bot.db import make_engine
from bot.slack.installations import store_for
from bot.startup import settings_or_stop, stop


def main(argv: Sequence[str]) -> int:
    """`python -m bot.rekey`: encrypt every stored token with the first key."""
    if list(argv):
        stop("usage: python -m bot.rekey (it takes no arguments)")
    settings = settings_or_stop()
    store = store_for(settings, make_engine(settings.database_url))
    if store is None:
        stop("no stored tokens: SLACK_CLIENT_ID is not set")
    try:
        rows = store.rekey()
    except InvalidToken:
        stop(
            "a stored token opens with none of MENTOR_TOKEN_KEYS: keep the old key in the list "
            "until rekey has run",
            code=1,
        )
    print(f"re-encrypted the tokens of {rows} rows with the first key")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
