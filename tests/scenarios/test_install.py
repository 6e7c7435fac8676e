"""Installing to workspaces through OAuth against the Slack fake: tokens stored encrypted,
rotated, deleted on uninstall; the workspace's data deleted after the retention."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from bot.models import Base, Workspace, slack_bots, slack_oauth_states
from bot.services import coordinators, workspaces
from bot.slack.oauth import BOT_SCOPES
from tests.conftest import Clock
from tests.fakes.slack_api import CLIENT_ID, FakeSlack
from tests.programme import the_programme
from tests.scenarios.installed import Installable, stored_tokens
from tests.scenarios.test_privacy import every_value

TEAM_A, TEAM_B = "T0ALPHA", "T0BRAVO"


def test_the_install_page_links_to_slack_with_our_scopes_and_a_state(installable: Installable):
    _, link, cookie = installable.start_install()
    assert link.startswith(installable.slack.url.removesuffix("api/") + "oauth/v2/authorize?")
    query = parse_qs(urlsplit(link).query)
    assert query["client_id"] == [CLIENT_ID] and query["state"][0]
    assert query["scope"][0].split(",") == list(BOT_SCOPES)
    assert cookie.startswith("slack-app-oauth-state=")


def test_installing_stores_the_token_encrypted_and_the_installer_coordinates(
    installable: Installable, slack: FakeSlack, sessions: sessionmaker[Session]
):
    reply = installable.install(TEAM_A, "UADA")
    assert reply.status == 200, reply.body
    (token,) = [t for t, issued in slack.tokens.items() if issued.team_id == TEAM_A]

    sealed = stored_tokens(sessions)
    assert sealed and all(token not in value and "xoxb" not in value for value in sealed)
    bot = installable.store.find_bot(enterprise_id=None, team_id=TEAM_A)
    assert bot is not None and bot.bot_token == token
    with sessions() as session:
        assert session.get(Workspace, TEAM_A) is not None
        assert coordinators.is_coordinator(
            session, TEAM_A, the_programme(session, TEAM_A), "UADA", frozenset()
        )

    slack.add_user("UADA", team_id=TEAM_A)
    assert installable.requests(TEAM_A).command("UADA", "settings").status == 200
    assert slack.last("views.open").token == token  # the workspace's own token


def test_a_redirect_with_a_state_we_did_not_issue_installs_nothing(
    installable: Installable, slack: FakeSlack, sessions: sessionmaker[Session]
):
    _, _, cookie = installable.start_install()
    code = slack.grant(TEAM_A, "UADA")
    forged, _ = installable.get(f"/slack/oauth_redirect?code={code}&state=forged", cookie)
    assert forged.status >= 400
    assert stored_tokens(sessions) == []
    with sessions() as session:
        assert session.get(Workspace, TEAM_A) is None


def test_states_of_installs_never_finished_are_cleaned_up(
    installable: Installable, sessions: sessionmaker[Session]
):
    installable.start_install()
    installable.start_install()
    with sessions.begin() as session:
        assert session.execute(select(slack_oauth_states)).all()
        later = datetime.now(UTC) + timedelta(minutes=11)
        assert workspaces.prune_states(session, later) == 2
        assert session.execute(select(slack_oauth_states)).all() == []


def test_a_rotating_token_is_refreshed_before_it_expires_and_kept_encrypted(
    installable: Installable, slack: FakeSlack, sessions: sessionmaker[Session]
):
    assert installable.install(TEAM_A, "UADA", rotating=True).status == 200
    (first,) = slack.tokens
    soon = datetime.now(UTC).replace(tzinfo=None) + timedelta(minutes=50)  # naive UTC, as stored
    with sessions.begin() as session:  # eleven hours on: the token expires within the hour
        session.execute(slack_bots.update().values(bot_token_expires_at=soon))
    slack.add_user("UADA", team_id=TEAM_A)

    assert installable.requests(TEAM_A).command("UADA", "settings").status == 200

    refresh = [c for c in slack.calls_to("oauth.v2.access") if c.args.get("grant_type")]
    assert len(refresh) == 1
    used = slack.last("views.open").token
    assert used != first and slack.team_of(used) == TEAM_A
    bot = installable.store.find_bot(enterprise_id=None, team_id=TEAM_A)
    assert bot is not None and bot.bot_token == used
    assert all("xoxb" not in value for value in stored_tokens(sessions))


def test_uninstalling_deletes_the_tokens_and_later_every_row_of_the_workspace(
    installable: Installable, slack: FakeSlack, sessions: sessionmaker[Session], clock: Clock
):
    assert installable.install(TEAM_A, "UADA").status == 200
    assert installable.install(TEAM_B, "UBO").status == 200
    slack.add_user("UADA", team_id=TEAM_A)
    assert installable.requests(TEAM_A).command("UADA", "join").status == 200
    slack.revoke_team(TEAM_A)

    reply = installable.requests(TEAM_A).event({"type": "app_uninstalled"})

    assert reply.status == 200
    assert installable.store.find_bot(enterprise_id=None, team_id=TEAM_A) is None
    assert installable.store.find_bot(enterprise_id=None, team_id=TEAM_B) is not None
    with sessions() as session:
        assert workspaces.served(session) == [TEAM_B]
    with sessions.begin() as session:  # kept for the retention, in case they come back...
        assert workspaces.purgeable(session, clock.now + timedelta(days=29)) == []
    with sessions.begin() as session:  # ...then deleted, every row
        assert workspaces.purgeable(session, clock.now + timedelta(days=31)) == [TEAM_A]
        workspaces.purge(session, TEAM_A)
    assert rows_mentioning(sessions, TEAM_A) == []
    assert rows_mentioning(sessions, TEAM_B) != []


def test_a_revoked_bot_token_stops_everything_and_a_reinstall_starts_it_again(
    installable: Installable, slack: FakeSlack, sessions: sessionmaker[Session]
):
    assert installable.install(TEAM_A, "UADA").status == 200
    event = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOTT0ALPHA"]}}
    assert installable.requests(TEAM_A).event(event).status == 200
    assert stored_tokens(sessions) == []
    with sessions() as session:
        assert workspaces.served(session) == []

    assert installable.install(TEAM_A, "UADA").status == 200
    with sessions() as session:
        assert workspaces.served(session) == [TEAM_A]


def rows_mentioning(sessions: sessionmaker[Session], team_id: str) -> list[str]:
    """Every table's rows that hold the workspace's id, in any text column."""
    found = []
    with sessions() as session:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if column.type.python_type is not str:
                    continue
                query = text(f'SELECT COUNT(*) FROM {table.name} WHERE "{column.name}" = :v')
                if session.scalar(query, {"v": team_id}):
                    found.append(f"{table.name}.{column.name}")
    return found


def test_the_installer_forgotten_is_gone_from_the_installation_which_still_serves(
    installable: Installable, slack: FakeSlack, sessions: sessionmaker[Session]
):
    assert installable.install(TEAM_A, "UADA").status == 200
    slack.add_user("UADA", team_id=TEAM_A)
    requests = installable.requests(TEAM_A)
    requests.command("UADA", "forget-me")
    reply = requests.submit("UADA", slack.last("views.open").view(), {"confirm": ["yes"]})
    assert reply.status == 200, reply.body

    assert not [value for value in every_value(sessions) if "UADA" in value]
    slack.add_user("UBO", team_id=TEAM_A)
    assert requests.command("UBO", "help").status == 200  # the bot token still answers
    bot = installable.store.find_bot(enterprise_id=None, team_id=TEAM_A)
    assert bot is not None and bot.bot_token
