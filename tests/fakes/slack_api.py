"""A local HTTP fake of Slack's Web API: records every call, checks it, answers like Slack.

Only the methods below exist; anything else is answered `unknown_method` and recorded as a
problem, as is a missing token, a missing or unknown argument, or Block Kit Slack would reject.
Parameters follow Slack's Web API spec (shared/slack/slack_web_openapi_v2.json).

Scheduled messages are judged against `now`, a clock the tests may set (the suite's `Clock`):
chat.scheduleMessage answers Slack's errors for a time in the past or more than 120 days ahead
and for a 31st message in one channel's 5-minute window, and a scheduled message is posted to
its conversation once `now` passes its time.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.fakes.blockkit import message_problems, view_problems

BOT_USER_ID = "UMENTORBOT"
TEAM_ID = "T0TEST"
# chat.scheduleMessage's limits (docs.slack.dev reference/methods/chat.scheduleMessage; FACTS.md
# §13): at most 120 days ahead (time_too_far), at most 30 messages to post within any 5-minute
# window in one channel (restricted_too_many).
SCHEDULE_AHEAD = timedelta(days=120)
SCHEDULE_WINDOW = 300  # seconds
SCHEDULE_PER_WINDOW = 30
# Channel names (docs.slack.dev reference/methods/conversations.create): lowercase letters,
# numbers, hyphens and underscores, at most 80 characters; users up to 1,000 an invite.
CHANNEL_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_")
CHANNEL_NAME_MAX = 80
INVITE_MAX = 1000
CHANNEL_METHODS = frozenset(
    {"conversations.create", "conversations.invite", "conversations.kick", "conversations.archive"}
)


@dataclass(frozen=True)
class Method:
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()


_CHAT = ("as_user", "attachments", "blocks", "icon_emoji", "icon_url", "link_names", "parse")
METHODS: dict[str, Method] = {
    "auth.test": Method(),
    "users.info": Method(required=("user",), optional=("include_locale",)),
    "chat.postMessage": Method(
        required=("channel",),
        optional=(
            *_CHAT,
            *("mrkdwn", "reply_broadcast", "text", "thread_ts", "unfurl_links", "unfurl_media"),
            *("username", "metadata"),
        ),
    ),
    "chat.postEphemeral": Method(
        required=("channel", "user"), optional=(*_CHAT, "text", "thread_ts", "username")
    ),
    "chat.update": Method(required=("channel", "ts"), optional=(*_CHAT, "text", "metadata")),
    "chat.getPermalink": Method(required=("channel", "message_ts")),
    # metadata is Slack's argument, but a message scheduled with it never posts: a problem
    "chat.scheduleMessage": Method(
        required=("channel", "post_at"),
        optional=(
            *_CHAT,
            *("text", "thread_ts", "reply_broadcast", "unfurl_links", "unfurl_media", "metadata"),
        ),
    ),
    "chat.deleteScheduledMessage": Method(
        required=("channel", "scheduled_message_id"), optional=("as_user",)
    ),
    "chat.scheduledMessages.list": Method(
        optional=("channel", "latest", "oldest", "limit", "cursor")
    ),
    "views.open": Method(required=("trigger_id", "view")),
    "views.push": Method(required=("trigger_id", "view")),
    "views.update": Method(optional=("view_id", "external_id", "view", "hash")),
    "views.publish": Method(required=("user_id", "view"), optional=("hash",)),
    "conversations.open": Method(optional=("channel", "users", "return_im")),
    "files.getUploadURLExternal": Method(
        required=("filename", "length"), optional=("alt_txt", "snippet_type")
    ),
    "files.completeUploadExternal": Method(
        required=("files",),
        optional=("channel_id", "channels", "initial_comment", "thread_ts", "blocks"),
    ),
    "conversations.history": Method(
        required=("channel",),
        optional=("latest", "oldest", "inclusive", "limit", "cursor", "include_all_metadata"),
    ),
    # a circle's private channel (groups:write): made, people invited and removed, archived
    "conversations.create": Method(required=("name",), optional=("is_private",)),
    "conversations.invite": Method(required=("channel", "users")),
    "conversations.kick": Method(required=("channel", "user")),
    "conversations.archive": Method(required=("channel",)),
    # a Workflow Builder step's run ends (docs.slack.dev reference/methods/functions.*);
    # slack_sdk sends outputs as a JSON text
    "functions.completeSuccess": Method(required=("function_execution_id", "outputs")),
    "functions.completeError": Method(required=("function_execution_id", "error")),
    # client_id and client_secret arrive as HTTP Basic auth, as slack_sdk sends them
    "oauth.v2.access": Method(optional=("code", "redirect_uri", "grant_type", "refresh_token")),
}
CLIENT_ID = "1111.2222"
CLIENT_SECRET = "fake-client-secret"
TOKEN_LIFETIME = 43200  # seconds a rotating token lives, as Slack's (12 hours)


def _real_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Scheduled:
    """A message chat.scheduleMessage holds until `post_at` (Unix seconds)."""

    id: str
    team_id: str
    channel: str
    post_at: int
    text: str | None
    blocks: Any
    date_created: int
    state: str = "pending"  # then "posted" (its time came) or "deleted"


@dataclass
class SharedFile:
    """A file shared through files upload v2, as a person would find it in the conversation."""

    id: str
    filename: str
    data: bytes
    title: str | None
    channel: str | None
    comment: str | None
    thread_ts: str | None


@dataclass
class Channel:
    """A channel made with conversations.create: who is in it, and whether it is archived."""

    id: str
    team_id: str
    name: str
    is_private: bool
    members: set[str] = field(default_factory=set)
    archived: bool = False


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    token: str | None

    def view(self) -> dict[str, Any]:
        view = self.args["view"]
        return json.loads(view) if isinstance(view, str) else view

    def blocks(self) -> list[dict[str, Any]]:
        blocks = self.args.get("blocks") or []
        return json.loads(blocks) if isinstance(blocks, str) else blocks

    def outputs(self) -> dict[str, Any]:
        """A completed workflow step's outputs (functions.completeSuccess)."""
        outputs = self.args["outputs"]
        return json.loads(outputs) if isinstance(outputs, str) else outputs


Responder = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass
class Grant:
    """What a person approved on Slack's install page: the app in their workspace."""

    team_id: str
    installer: str
    rotating: bool  # token rotation on: tokens expire and come with a refresh token


@dataclass
class Issued:
    team_id: str
    expires_at: float | None = None
    revoked: bool = False


@dataclass
class Failure:
    """An injected failure: a Slack error body, or an HTTP status (429 with Retry-After)."""

    error: str | None = None
    status: int = 200
    retry_after: int | None = None


@dataclass
class FakeSlack:
    """Start with `start()`; point a WebClient at `url`."""

    calls: list[Call] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    failures: dict[str, list[Failure]] = field(default_factory=dict)
    latency: float = 0.0  # seconds each call takes, as a real network would
    rate_limits: dict[str, float] = field(default_factory=dict)  # method -> calls a second
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # channel -> posted
    throttled: int = 0  # 429s answered because a rate limit was exceeded
    arrived: list[str] = field(default_factory=list)  # methods called, as they arrive
    uploads: dict[str, bytes] = field(default_factory=dict)  # file id -> the bytes sent
    responses: list[dict[str, Any]] = field(default_factory=list)  # posts to response_urls
    grants: dict[str, Grant] = field(default_factory=dict)  # OAuth code -> what it grants
    tokens: dict[str, Issued] = field(default_factory=dict)  # tokens issued by oauth.v2.access
    refresh_tokens: dict[str, str] = field(default_factory=dict)  # refresh token -> team
    scheduled: dict[str, Scheduled] = field(default_factory=dict)  # by scheduled_message_id
    files: dict[str, SharedFile] = field(default_factory=dict)  # shared files, by file id
    channels: dict[str, Channel] = field(default_factory=dict)  # made channels, by id
    now: Callable[[], datetime] = _real_now  # the time scheduled messages are judged by
    _declared: dict[str, int] = field(default_factory=dict)  # file id -> length announced
    _filenames: dict[str, str] = field(default_factory=dict)  # file id -> name announced
    _windows: dict[str, list[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the fake first"
        return f"http://127.0.0.1:{self._server.server_address[1]}/api/"

    def start(self) -> FakeSlack:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fake._handle(self)

            def do_POST(self) -> None:
                fake._handle(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self.problems.clear()
            self.users.clear()
            self.failures.clear()
            self.messages.clear()
            self.uploads.clear()
            self.responses.clear()
            self.grants.clear()
            self.tokens.clear()
            self.refresh_tokens.clear()
            self.scheduled.clear()
            self.files.clear()
            self.channels.clear()
            self.now = _real_now
            self._declared.clear()
            self._filenames.clear()
            self._windows.clear()
            self.rate_limits.clear()
            self.latency = 0.0
            self.throttled = 0
            self.arrived.clear()

    # What tests ask

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [call for call in self.calls if call.method == method]

    def last(self, method: str) -> Call:
        calls = self.calls_to(method)
        assert calls, f"no call to {method}; calls: {[c.method for c in self.calls]}"
        return calls[-1]

    def team_of(self, token: str | None) -> str:
        """The workspace a token belongs to (tokens not issued here: the test workspace)."""
        issued = self.tokens.get(token or "")
        return issued.team_id if issued is not None else TEAM_ID

    def add_user(
        self,
        user_id: str,
        locale: str = "en-US",
        tz: str = "Europe/Stockholm",
        admin: bool = False,
        team_id: str = TEAM_ID,
        name: str | None = None,
        email: str | None = None,
    ) -> None:
        """A person users.info knows; `email` is in their profile (Slack gives it to apps with
        users:read.email, and not every account has one)."""
        profile: dict[str, Any] = {"real_name": name or user_id, "display_name": name or ""}
        if email is not None:
            profile["email"] = email
        self.users[user_id] = {
            "id": user_id,
            "team_id": team_id,
            "name": (name or user_id).lower().replace(" ", "."),
            "real_name": name or user_id,
            "locale": locale,
            "tz": tz,
            "is_admin": admin,
            "profile": profile,
        }

    def grant(self, team_id: str, installer: str, rotating: bool = False) -> str:
        """Someone approves the install on Slack's page: the code Slack redirects back with."""
        code = f"code-{team_id}-{next(self._ids)}"
        with self._lock:
            self.grants[code] = Grant(team_id, installer, rotating)
        return code

    def expire(self, token: str) -> None:
        """The token's time is up (a rotating token, 12 hours on)."""
        with self._lock:
            self.tokens[token].expires_at = time.time() - 1

    def revoke_team(self, team_id: str) -> None:
        """The app is uninstalled there: every token of that workspace stops working."""
        with self._lock:
            for issued in self.tokens.values():
                if issued.team_id == team_id:
                    issued.revoked = True

    def add_channel(self, name: str, team_id: str = TEAM_ID) -> str:
        """A channel someone made in the workspace (its name is then taken); its id."""
        with self._lock:
            channel = Channel(f"C{next(self._ids):08d}", team_id, name, is_private=False)
            self.channels[channel.id] = channel
        return channel.id

    def channel_named(self, name: str) -> Channel | None:
        with self._lock:
            return next((c for c in self.channels.values() if c.name == name), None)

    def pending(self, channel: str | None = None) -> list[Scheduled]:
        """Scheduled messages not yet posted nor deleted (in one conversation)."""
        self.post_due()
        with self._lock:
            return [
                message
                for message in self.scheduled.values()
                if message.state == "pending" and channel in (None, message.channel)
            ]

    def post_due(self) -> None:
        """Post every scheduled message whose time has come by `now`, as Slack would."""
        moment = self.now().timestamp()
        with self._lock:
            for message in self.scheduled.values():
                if message.state == "pending" and message.post_at <= moment:
                    message.state = "posted"
                    ts = f"{message.post_at}.{next(self._ids) % 1_000_000:06d}"
                    posted = {"ts": ts, "text": message.text, "metadata": None}
                    self.messages.setdefault(message.channel, []).append(posted)

    def fail(self, method: str, *failures: Failure) -> None:
        """The next calls to `method` fail, one failure each, in order."""
        with self._lock:
            self.failures.setdefault(method, []).extend(failures)

    # The server side

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(request.path)
        length = int(request.headers.get("Content-Length") or 0)
        if parts.path.startswith("/respond/"):  # a response_url: the reply to an interaction
            self._receive_response(request, length)
            return
        if parts.path.startswith("/upload/"):  # step two of files upload v2: the bytes
            self._receive_upload(request, parts.path.removeprefix("/upload/"), length)
            return
        method = parts.path.removeprefix("/api/")
        raw = request.rfile.read(length).decode() if length else ""
        args: dict[str, Any] = dict(parse_qsl(parts.query))
        if "json" in (request.headers.get("Content-Type") or ""):
            args.update(json.loads(raw or "{}"))
        elif raw:
            args.update(parse_qsl(raw))
        auth = request.headers.get("Authorization") or ""
        if method == "oauth.v2.access":
            status, headers, body = 200, {}, self._oauth_access(args, auth)
        else:
            bearer = auth.startswith("Bearer ")
            token = auth.removeprefix("Bearer ") if bearer else args.pop("token", None)
            status, headers, body = self._answer(method, args, token)
        payload = json.dumps(body).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json; charset=utf-8")
        request.send_header("Content-Length", str(len(payload)))
        for name, value in headers.items():
            request.send_header(name, value)
        request.end_headers()
        # a caller that went away mid-request (a sender killed) has nothing left to answer
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            request.wfile.write(payload)

    def _receive_response(self, request: BaseHTTPRequestHandler, length: int) -> None:
        body = json.loads(request.rfile.read(length) or b"{}")
        problems = message_problems(body.get("text"), body.get("blocks"))
        with self._lock:
            self.responses.append(body)
            self.problems.extend(f"response_url: {p}" for p in problems)
        request.send_response(200)
        request.send_header("Content-Length", "2")
        request.end_headers()
        request.wfile.write(b"ok")

    def _receive_upload(self, request: BaseHTTPRequestHandler, file_id: str, length: int) -> None:
        data = request.rfile.read(length)
        with self._lock:
            known = file_id in self.uploads
            if known:
                self.uploads[file_id] = data
        request.send_response(200 if known else 404)
        request.send_header("Content-Length", "2")
        request.end_headers()
        request.wfile.write(b"OK")

    def _answer(
        self, method: str, args: dict[str, Any], token: str | None
    ) -> tuple[int, dict[str, str], dict[str, Any]]:
        # Slack counts a call against the limit when it arrives; the answer takes `latency`.
        with self._lock:
            self.arrived.append(method)
            over = self._over_limit(method)
            self.throttled += over
        if self.latency:
            time.sleep(self.latency)
        if over:
            return 429, {"Retry-After": "1"}, {"ok": False, "error": "ratelimited"}
        problems = self._check(method, args, token)
        with self._lock:
            self.calls.append(Call(method, args, token))
            self.problems.extend(f"{method}: {p}" for p in problems)
            pending = self.failures.get(method)
            failure = pending.pop(0) if pending else None
        if method not in METHODS:
            return 200, {}, {"ok": False, "error": "unknown_method"}
        if token is None:
            return 200, {}, {"ok": False, "error": "not_authed"}
        issued = self.tokens.get(token)
        if issued is not None and issued.revoked:
            return 200, {}, {"ok": False, "error": "token_revoked"}
        if issued is not None and issued.expires_at is not None and issued.expires_at < time.time():
            return 200, {}, {"ok": False, "error": "token_expired"}
        if problems:
            return 200, {}, {"ok": False, "error": "invalid_arguments", "problems": problems}
        if failure is not None:
            if failure.status == 429:
                return 429, {"Retry-After": str(failure.retry_after or 1)}, {"ok": False}
            if failure.status != 200:
                return failure.status, {}, {"ok": False}
            return 200, {}, {"ok": False, "error": failure.error}
        return 200, {}, self._success(method, args, token)

    def _oauth_access(self, args: dict[str, Any], auth: str) -> dict[str, Any]:
        """oauth.v2.access: a code for the first token, or a refresh token for the next."""
        with self._lock:
            self.calls.append(Call("oauth.v2.access", args, None))
        try:
            client_id, secret = base64.b64decode(auth.removeprefix("Basic ")).decode().split(":")
        except ValueError:
            return {"ok": False, "error": "invalid_client_id"}
        if client_id != CLIENT_ID:
            return {"ok": False, "error": "invalid_client_id"}
        if secret != CLIENT_SECRET:
            return {"ok": False, "error": "bad_client_secret"}
        with self._lock:
            if args.get("grant_type") == "refresh_token":
                team_id = self.refresh_tokens.get(args.get("refresh_token") or "")
                if team_id is None:
                    return {"ok": False, "error": "invalid_refresh_token"}
                rotating = True
            else:
                grant = self.grants.pop(args.get("code") or "", None)
                if grant is None:
                    return {"ok": False, "error": "invalid_code"}
                team_id, rotating = grant.team_id, grant.rotating
            serial = next(self._ids)
            token = f"xoxb-{team_id}-{serial}"
            lifetime = TOKEN_LIFETIME if rotating else None
            self.tokens[token] = Issued(team_id, time.time() + lifetime if lifetime else None)
            answer: dict[str, Any] = {
                "ok": True,
                "access_token": token,
                "token_type": "bot",
                "scope": "commands,chat:write",
                "bot_user_id": f"UBOT{team_id}",
                "app_id": "AMENTOR",
                "team": {"id": team_id, "name": f"Team {team_id}"},
                "enterprise": None,
                "is_enterprise_install": False,
            }
            if args.get("grant_type") != "refresh_token":
                answer["authed_user"] = {"id": grant.installer}
            if rotating:
                refresh = f"xoxe-1-{team_id}-{serial}"
                self.refresh_tokens[refresh] = team_id
                answer |= {"refresh_token": refresh, "expires_in": lifetime}
            return answer

    def _over_limit(self, method: str) -> bool:
        """Slack's per-method limit over a sliding second (calls under the lock)."""
        limit = self.rate_limits.get(method)
        if not limit:
            return False
        now = time.monotonic()
        window = [t for t in self._windows.get(method, []) if now - t < 1.0]
        self._windows[method] = window
        if len(window) >= limit:
            return True
        window.append(now)
        return False

    def _check(self, method: str, args: dict[str, Any], token: str | None) -> list[str]:
        spec = METHODS.get(method)
        if spec is None:
            return ["no such Slack method"]
        problems = [] if token else ["no token"]
        problems += [f"missing argument {name!r}" for name in spec.required if name not in args]
        # Bolt's per-request client adds team_id to every call (Slack's argument for org-wide
        # apps); Slack accepts it everywhere.
        allowed = {*spec.required, *spec.optional, "team_id"}
        problems += [f"unknown argument {name!r}" for name in args if name not in allowed]
        if method in ("chat.postMessage", "chat.postEphemeral", "chat.update"):
            problems += message_problems(args.get("text"), args.get("blocks"))
        if method == "chat.scheduleMessage":
            problems += message_problems(args.get("text"), args.get("blocks"))
            problems += _schedule_problems(args)
        if "view" in args:
            problems += view_problems(args["view"])
        if method == "files.completeUploadExternal":
            problems += self._upload_problems(args)
        if method == "functions.completeSuccess":
            outputs = args.get("outputs")
            if not isinstance(json.loads(outputs) if isinstance(outputs, str) else outputs, dict):
                problems.append("outputs must be an object")
        return problems

    def _upload_problems(self, args: dict[str, Any]) -> list[str]:
        """Every file completed must have been uploaded whole; a thread needs its channel."""
        files = args.get("files") or "[]"
        files = json.loads(files) if isinstance(files, str) else files
        problems = ["files must name at least one file"] if not files else []
        with self._lock:
            for entry in files:
                data, declared = self.uploads.get(entry.get("id")), self._declared.get(entry["id"])
                if data is None or not data or len(data) != declared:
                    problems.append(f"file {entry.get('id')} was not uploaded ({declared} bytes)")
        if "thread_ts" in args and "channel_id" not in args:
            problems.append("thread_ts needs channel_id")
        return problems

    def _success(self, method: str, args: dict[str, Any], token: str) -> dict[str, Any]:
        serial = next(self._ids)
        team_id = self.team_of(token)
        self.post_due()
        if method == "auth.test":
            bot = BOT_USER_ID if team_id == TEAM_ID else f"UBOT{team_id}"
            return {"ok": True, "team_id": team_id, "user_id": bot, "bot_id": f"B{team_id}"}
        if method == "users.info":
            user = self.users.get(args["user"])
            if user is None or user["team_id"] != team_id:  # only its own workspace's people
                return {"ok": False, "error": "user_not_found"}
            return {"ok": True, "user": user}
        if method in ("chat.postMessage", "chat.update"):
            channel = args["channel"]
            made = self.channels.get(channel)
            if made is not None and made.archived:
                return {"ok": False, "error": "is_archived"}
            dm = _conversation(channel)
            ts = args.get("ts") or f"{time.time():.6f}{serial % 10}"
            if method == "chat.postMessage":
                metadata = args.get("metadata")
                message = {
                    "ts": ts,
                    "text": args.get("text"),
                    "metadata": json.loads(metadata) if isinstance(metadata, str) else metadata,
                }
                with self._lock:
                    self.messages.setdefault(dm, []).append(message)
            return {"ok": True, "channel": dm, "ts": ts}
        if method == "chat.getPermalink":  # Slack's form: the channel, then p + ts without its dot
            ts = str(args["message_ts"]).replace(".", "")
            link = f"https://acme.slack.com/archives/{args['channel']}/p{ts}"
            return {"ok": True, "channel": args["channel"], "permalink": link}
        if method == "files.getUploadURLExternal":
            file_id = f"F{serial:08d}"
            with self._lock:
                self.uploads[file_id] = b""
                self._declared[file_id] = int(args["length"])
                self._filenames[file_id] = str(args["filename"])
            base = self.url.removesuffix("/api/")
            return {"ok": True, "upload_url": f"{base}/upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            files = args["files"]
            files = json.loads(files) if isinstance(files, str) else files
            with self._lock:
                for entry in files:
                    self.files[entry["id"]] = SharedFile(
                        id=entry["id"],
                        filename=self._filenames[entry["id"]],
                        data=self.uploads[entry["id"]],
                        title=entry.get("title"),
                        channel=args.get("channel_id"),
                        comment=args.get("initial_comment"),
                        thread_ts=args.get("thread_ts"),
                    )
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}
        if method.startswith(("chat.scheduleMessage", "chat.deleteScheduled", "chat.scheduled")):
            return self._scheduling(method, args, team_id, serial)
        if method == "conversations.history":
            oldest = float(args.get("oldest") or 0)
            with self._lock:
                found = [
                    m for m in self.messages.get(args["channel"], []) if float(m["ts"]) > oldest
                ]
            return {"ok": True, "messages": list(reversed(found)), "has_more": False}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"1700000000.{serial:06d}"}
        if method.startswith("functions.complete"):
            return {"ok": True}
        if method.startswith("views."):
            view = args.get("view")
            view = json.loads(view) if isinstance(view, str) else dict(view or {})
            return {"ok": True, "view": {**view, "id": f"V{serial:08d}", "team_id": TEAM_ID}}
        if method in CHANNEL_METHODS:
            return self._channel_call(method, args, team_id, serial)
        if method == "conversations.open":
            users = str(args.get("users", "")).split(",")
            if len(users) == 1:  # a DM with one person
                return {"ok": True, "channel": {"id": "D" + users[0][1:]}}
            return {"ok": True, "channel": {"id": f"G{serial:08d}"}}
        raise AssertionError(f"no answer written for {method}")

    def _channel_call(
        self, method: str, args: dict[str, Any], team_id: str, serial: int
    ) -> dict[str, Any]:
        """conversations.create, .invite, .kick and .archive, with Slack's errors for each
        (the bot is in every channel it made)."""
        bot = BOT_USER_ID if team_id == TEAM_ID else f"UBOT{team_id}"
        with self._lock:
            if method == "conversations.create":
                name = str(args["name"])
                if not name:
                    return {"ok": False, "error": "invalid_name_required"}
                if len(name) > CHANNEL_NAME_MAX:
                    return {"ok": False, "error": "invalid_name_maxlength"}
                if not set(name) <= CHANNEL_NAME_CHARS:
                    return {"ok": False, "error": "invalid_name_specials"}
                if any(c.name == name and c.team_id == team_id for c in self.channels.values()):
                    return {"ok": False, "error": "name_taken"}
                private = str(args.get("is_private", "")).lower() in ("1", "true")
                made = Channel(f"C{serial:08d}", team_id, name, private, {bot})
                self.channels[made.id] = made
                return {
                    "ok": True,
                    "channel": {"id": made.id, "name": name, "is_private": private},
                }
            channel = self.channels.get(str(args["channel"]))
            if channel is None or channel.team_id != team_id:
                return {"ok": False, "error": "channel_not_found"}
            if method == "conversations.archive":
                if channel.archived:
                    return {"ok": False, "error": "already_archived"}
                channel.archived = True
                return {"ok": True}
            if channel.archived:
                return {"ok": False, "error": "is_archived"}
            if method == "conversations.kick":
                user = str(args["user"])
                if user == bot:
                    return {"ok": False, "error": "cant_kick_self"}
                if user not in channel.members:
                    return {"ok": False, "error": "not_in_channel"}
                channel.members.discard(user)
                return {"ok": True}
            users = [u for u in str(args["users"]).split(",") if u]
            if not users:
                return {"ok": False, "error": "no_user"}
            if len(users) > INVITE_MAX:
                return {"ok": False, "error": "too_many_users"}
            # without `force`, one refused user refuses them all (each named in `errors`)
            refused = [
                {"user": u, "ok": False, "error": error}
                for u in users
                if (
                    error := "cant_invite_self"
                    if u == bot
                    else "already_in_channel"
                    if u in channel.members
                    else None
                )
            ]
            if refused:
                return {"ok": False, "error": refused[0]["error"], "errors": refused}
            channel.members.update(users)
            return {"ok": True, "channel": {"id": channel.id, "name": channel.name}}

    def _scheduling(
        self, method: str, args: dict[str, Any], team_id: str, serial: int
    ) -> dict[str, Any]:
        """chat.scheduleMessage, chat.deleteScheduledMessage and chat.scheduledMessages.list."""
        now = self.now().timestamp()
        if method == "chat.scheduleMessage":
            post_at, channel = int(args["post_at"]), _conversation(args["channel"])
            if post_at <= now:
                return {"ok": False, "error": "time_in_past"}
            if post_at > now + SCHEDULE_AHEAD.total_seconds():
                return {"ok": False, "error": "time_too_far"}
            with self._lock:
                if self._window_full(team_id, channel, post_at):
                    return {"ok": False, "error": "restricted_too_many"}
                message = Scheduled(
                    id=f"Q{serial:08d}",
                    team_id=team_id,
                    channel=channel,
                    post_at=post_at,
                    text=args.get("text"),
                    blocks=args.get("blocks"),
                    date_created=int(now),
                )
                self.scheduled[message.id] = message
            return {
                "ok": True,
                "channel": channel,
                "scheduled_message_id": message.id,
                "post_at": post_at,
                "message": {
                    "type": "message",
                    "text": message.text or "",
                    "bot_id": f"B{team_id}",
                    "user": BOT_USER_ID,
                    "team": team_id,
                },
            }
        if method == "chat.deleteScheduledMessage":
            with self._lock:
                found = self.scheduled.get(args["scheduled_message_id"])
                # Unknown, posted, deleted or another workspace's: Slack's "an invalid ID, or
                # the scheduled message it's referencing has already been sent or deleted".
                if found is None or found.state != "pending" or found.team_id != team_id:
                    return {"ok": False, "error": "invalid_scheduled_message_id"}
                # Name the conversation chat.scheduleMessage answered with (a DM's D... id, not
                # the person's U... id): whether Slack would find it by another name is not
                # documented, and a reminder left pending would still post.
                if found.channel != args["channel"]:
                    self.problems.append(
                        f"chat.deleteScheduledMessage: {found.id} is in {found.channel}, "
                        f"not {args['channel']}"
                    )
                    return {"ok": False, "error": "channel_not_found"}
                found.state = "deleted"
            return {"ok": True}
        listed = sorted(
            (
                message
                for message in self.pending(args.get("channel"))
                if message.team_id == team_id
                and float(args.get("oldest") or 0) <= message.post_at
                and message.post_at <= float(args.get("latest") or "inf")
            ),
            key=lambda message: (message.post_at, message.id),
        )
        start, limit = int(args.get("cursor") or 0), int(args.get("limit") or 100)
        page = listed[start : start + limit]
        more = start + limit < len(listed)
        return {
            "ok": True,
            "scheduled_messages": [
                {
                    "id": message.id,
                    "channel_id": message.channel,
                    "post_at": message.post_at,
                    "date_created": message.date_created,
                    "text": message.text or "",
                }
                for message in page
            ],
            "response_metadata": {"next_cursor": str(start + limit) if more else ""},
        }

    def _window_full(self, team_id: str, channel: str, post_at: int) -> bool:
        """Whether some 5-minute window holding `post_at` already has 30 messages to post in
        the channel (called under the lock)."""
        near = [
            message.post_at
            for message in self.scheduled.values()
            if message.state == "pending"
            and (message.team_id, message.channel) == (team_id, channel)
            and abs(message.post_at - post_at) < SCHEDULE_WINDOW
        ]
        starts = [moment for moment in near if moment <= post_at] + [post_at]
        return any(
            sum(start <= moment < start + SCHEDULE_WINDOW for moment in near) + 1
            > SCHEDULE_PER_WINDOW
            for start in starts
        )


def _conversation(channel: str) -> str:
    """Where a message to `channel` lands: a user's ID means their DM with the bot."""
    return "D" + channel[1:] if channel.startswith(("U", "W")) else channel


def _schedule_problems(args: dict[str, Any]) -> list[str]:
    problems = []
    if "metadata" in args:
        problems.append(
            "metadata: a message scheduled with metadata never posts (Slack's bug alert on "
            "chat.scheduleMessage; FACTS.md §13)"
        )
    if "post_at" in args and not str(args["post_at"]).isdigit():
        problems.append(f"post_at must be whole Unix seconds, not {args['post_at']!r}")
    return problems
