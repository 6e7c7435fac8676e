"""The HTTP door: Slack's requests at POST /slack/events, a health check at GET /healthz."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from socketserver import ThreadingMixIn
from typing import TYPE_CHECKING, Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from sqlalchemy import Engine

from bot.db import make_sessions, ping
from bot.services import lease
from bot.slack import parse, request_log, shapes

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

log = logging.getLogger(__name__)
MAX_BODY = 1024 * 1024  # Slack's payloads are kilobytes; anything near this is not from Slack
SIGNATURE_AGE = 5 * 60  # seconds a signed request stays valid (as slack_sdk and Bolt check)


class _Handler(SlackRequestHandler):
    """Bolt's WSGI adapter, with the body parsed by bot.slack.parse instead of Bolt's parser,
    and a body Slack would never send (not UTF-8, not JSON, or not of the shape of Slack's
    payloads) refused with a 400 before Bolt reads it: with a 401 when it is not signed.
    Without a signing secret (Socket Mode) nothing here can be signed: every request is 401."""

    def __init__(self, app: App, signing_secret: str | None) -> None:
        super().__init__(app)
        self.secret = signing_secret.encode() if signing_secret else None

    def dispatch(self, request: WsgiHttpRequest) -> BoltResponse:
        headers = request.get_headers()
        stamp = str(headers.get("x-slack-request-timestamp") or "")
        signature = str(headers.get("x-slack-signature") or "")
        # (Bolt's check fails with an error on a timestamp not a number, or a signature not
        # ASCII: both are refused here.)
        if self.secret is None or not (stamp.isascii() and stamp.isdigit() and signature.isascii()):
            return _unsigned()
        data = request.environ["wsgi.input"].read(int(request.environ.get("CONTENT_LENGTH") or 0))
        content_type = str(headers.get("content-type") or "").split(";")[0] or None
        try:
            raw = data.decode()
            body = parse.parse_body(raw, content_type)
        except ValueError:  # not UTF-8, or not JSON
            problem: str | None = "the body: not a form or JSON"
        else:
            problem = shapes.problem(body)
        if problem is not None:
            if not self.signed(data, stamp, signature):
                return _unsigned()
            log.warning("malformed request refused: %s", problem)
            request_log.note_malformed()
            return BoltResponse(status=400, body="malformed request")
        urls = body.get("response_urls")
        if isinstance(urls, list) and len(urls) > 1:
            # Bolt answers only the first, and with more its context logs through a logger it
            # has not set yet (KeyError: 'logger', a server error): keep the one it would use.
            body["response_urls"] = urls[:1]
        # A dict body is taken as it is only for Socket Mode; the request is then an HTTP one
        # again, with the raw body its signature is checked against.
        bolt_request = BoltRequest(
            body=body, query=request.query_string, headers=headers, mode="socket_mode"
        )
        bolt_request.raw_body, bolt_request.mode = raw, "http"
        return self.app.dispatch(bolt_request)

    def signed(self, data: bytes, stamp: str, signature: str) -> bool:
        """Slack's signature check, on the body's bytes (slack_sdk's takes only UTF-8)."""
        assert self.secret is not None
        if abs(time.time() - int(stamp)) > SIGNATURE_AGE:
            return False
        base = b"v0:" + stamp.encode() + b":" + data
        expected = "v0=" + hmac.new(self.secret, base, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, signature)


def _unsigned() -> BoltResponse:
    return BoltResponse(status=401, body={"error": "invalid request"})


def make_wsgi(app: App, engine: Engine, signing_secret: str | None) -> WSGIApplication:
    """The door to `app`, whose requests are signed with `signing_secret`."""
    slack = _Handler(app, signing_secret)

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "GET" and environ.get("PATH_INFO") == "/healthz":
            return _health(engine, start_response)
        if environ.get("REQUEST_METHOD") == "GET" and environ.get("PATH_INFO") == "/readyz":
            return _ready(engine, start_response)
        length = int(environ.get("CONTENT_LENGTH") or 0)
        if length > MAX_BODY:
            start_response("413 Payload Too Large", [("Content-Type", "text/plain")])
            return [b"request body too large"]
        started = time.perf_counter()
        request_log.begin()
        statuses: list[str] = []

        def recording(status: str, headers: Any, exc_info: Any = None) -> Any:
            statuses.append(status.split()[0])
            return start_response(status, headers, exc_info)

        result = slack(environ, recording)
        ms = round(1000 * (time.perf_counter() - started), 1)
        request_log.log_request(statuses[0] if statuses else "none", ms)
        return result

    return application


def _health(engine: Engine, start_response: StartResponse) -> list[bytes]:
    try:
        ping(engine)
    except Exception as error:  # any failure means "not healthy", and says which
        log.warning("health check: database unreachable: %s", type(error).__name__)
        status, body = "503 Service Unavailable", {"ok": False, "database": "unreachable"}
    else:
        status, body = "200 OK", {"ok": True, "database": "ok"}
    start_response(status, [("Content-Type", "application/json")])
    return [json.dumps(body).encode()]


def _ready(engine: Engine, start_response: StartResponse) -> list[bytes]:
    """Readiness for monitoring: the database answers and a clock holds the schedule's lease
    (when no clock runs, no prompt, reminder or digest goes out)."""
    body: dict[str, Any] = {"ok": False}
    try:
        with make_sessions(engine)() as session:
            until = lease.held_until(session, lease.CLOCK)
    except Exception as error:  # any failure means "not ready", and says which
        log.warning("readiness: database unreachable: %s", type(error).__name__)
        body["database"] = "unreachable"
    else:
        body["database"] = "ok"
        running = until is not None and until > datetime.now(UTC)
        body["scheduler"] = "running" if running else "stopped"
        body["ok"] = running
    status = "200 OK" if body["ok"] else "503 Service Unavailable"
    start_response(status, [("Content-Type", "application/json")])
    return [json.dumps(body).encode()]


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        log.debug("http: " + format, *args)


def serve(application: WSGIApplication, host: str, port: int) -> WSGIServer:
    """A threaded WSGI server (for `python app.py` and tests; gunicorn in production)."""
    return make_server(
        host, port, application, server_class=_ThreadingServer, handler_class=_QuietHandler
    )
