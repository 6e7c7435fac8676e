"""The app installed to workspaces through Slack's OAuth flow, served over real HTTP."""

from __future__ import annotations

import http.client
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

from cryptography.fernet import Fernet
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.models import slack_bots, slack_installations
from bot.slack.installations import EncryptedInstallationStore
from tests.conftest import SIGNING_SECRET
from tests.fakes.slack_api import CLIENT_ID, CLIENT_SECRET, FakeSlack
from tests.fakes.slack_requests import Reply, SlackRequests

TOKEN_KEY = Fernet.generate_key().decode()


@dataclass
class Installable:
    url: str
    slack: FakeSlack
    store: EncryptedInstallationStore
    settings: Settings

    def get(self, path: str, cookie: str | None = None) -> tuple[Reply, dict[str, str]]:
        parts = urlsplit(self.url)
        conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        headers = {name.lower(): value for name, value in response.getheaders()}
        reply = Reply(response.status, response.read().decode())
        conn.close()
        return reply, headers

    def start_install(self) -> tuple[str, str, str]:
        """GET /slack/install: (the page, the authorize link on it, the state cookie)."""
        page, headers = self.get("/slack/install")
        assert page.status == 200, page.body
        link = re.search(r'href="([^"]+oauth/v2/authorize[^"]+)"', page.body)
        assert link is not None, page.body
        cookie = headers["set-cookie"].split(";")[0]
        return page.body, link.group(1).replace("&amp;", "&"), cookie

    def install(self, team_id: str, installer: str, rotating: bool = False) -> Reply:
        """The whole flow: the install page, Slack's approval, the redirect back."""
        _, link, cookie = self.start_install()
        state = parse_qs(urlsplit(link).query)["state"][0]
        code = self.slack.grant(team_id, installer, rotating)
        query = urlencode({"code": code, "state": state})
        reply, _ = self.get(f"/slack/oauth_redirect?{query}", cookie)
        return reply

    def requests(self, team_id: str) -> SlackRequests:
        responses = self.slack.url.removesuffix("/api/")
        return SlackRequests(self.url, SIGNING_SECRET, team_id, response_base=responses)


def oauth_settings(slack: FakeSlack, keys: tuple[str, ...] = (TOKEN_KEY,)) -> Settings:
    return Settings(
        slack_bot_token=None,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=slack.url,
        slack_client_id=CLIENT_ID,
        slack_client_secret=CLIENT_SECRET,
        token_keys=keys,
    )


def stored_tokens(sessions: sessionmaker[Session]) -> list[str]:
    """Every token column's value in the installation tables, as the database holds it."""
    with sessions() as session:
        rows = session.execute(select(slack_bots.c.bot_token, slack_bots.c.bot_refresh_token)).all()
        rows += session.execute(select(slack_installations.c.bot_token)).all()
    return [value for row in rows for value in row if value is not None]
