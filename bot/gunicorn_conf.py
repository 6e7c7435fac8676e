"""gunicorn's settings that are code: the Procfile's web line loads them with
`-c python:bot.gunicorn_conf`."""

from __future__ import annotations

from typing import Any


def post_worker_init(worker: Any) -> None:
    """Before a worker takes its first request: let the app get ready (bot.wsgi opens the
    worker's database connections), so the first requests after a start or a deploy do not
    wait for them."""
    warm_up = getattr(worker.wsgi, "warm_up", None)
    if warm_up is not None:
        warm_up()
