"""Sending what a new round or a new pair needs: group intros and "not placed" DMs.

Each intro is marked sent only after Slack took it, in its own transaction, so running this
again (after a crash, or for a retry) sends only what is still missing.
"""

from __future__ import annotations

from slack_sdk import WebClient

from bot.blocks.intro import intro_message, unplaced_message
from bot.deps import Deps
from bot.models import Member, Pair
from bot.services import members, pairs
from bot.slack import notify
from bot.slack.people import locale_for


def send_intros(
    deps: Deps, client: WebClient, round_id: int | None = None, pair_ids: tuple[int, ...] = ()
) -> int:
    """Introduce every group of the round (or the given pairs) not yet introduced; how many."""
    with deps.sessions.begin() as session:
        todo = [p.id for p in pairs.pending_intros(session, round_id, pair_ids)]
    sent = 0
    for pair_id in todo:
        with deps.sessions.begin() as session:
            pair = session.get(Pair, pair_id)
            if pair is None or pair.intro_sent_at is not None:
                continue
            team_id, users = pair.team_id, pairs.members_of(session, pair)
            card = pairs.pairing_card(session, pair, users[0])
        locales = [locale_for(deps, client, team_id, user) for user in users]
        with deps.sessions.begin() as session:
            cards = [
                members.card(m, deps.settings.default_locale, deps.clock())
                for m in (session.get(Member, (team_id, u)) for u in users)
                if m is not None
            ]
        locale = notify.group_locale(locales, deps.settings.default_locale)
        channel = notify.open_group(client, users)
        if (
            channel is None
            or notify.post(client, channel, intro_message(card, cards, locale)) is None
        ):
            continue
        with deps.sessions.begin() as session:
            pairs.mark_intro_sent(session, pair_id, channel, deps.clock())
        sent += 1
    return sent


def tell_unplaced(deps: Deps, client: WebClient, round_id: int) -> None:
    """A DM to each person the round could not place, saying why."""
    with deps.sessions.begin() as session:
        todo = [
            (row.team_id, row.user_id, row.reason)
            for row in pairs.pending_unplaced(session, round_id)
        ]
    for team_id, user_id, reason in todo:
        locale = locale_for(deps, client, team_id, user_id)
        if notify.send_dm(client, user_id, unplaced_message(reason, locale)) is None:
            continue
        with deps.sessions.begin() as session:
            pairs.mark_unplaced_told(session, round_id, user_id, deps.clock())
