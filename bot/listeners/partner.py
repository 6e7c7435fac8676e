"""A participant's pair: /mentor pair, and asking for a new partner."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot import ids
from bot.blocks.common import message_modal
from bot.blocks.enrolment import programme_name
from bot.blocks.partner import (
    REASON_MAX,
    coordinator_notice,
    notice,
    pairing_message,
    request_modal,
)
from bot.deps import Deps
from bot.domain import CancelReason
from bot.i18n import t
from bot.jobs.bookings import share_booking
from bot.jobs.home import publish_home
from bot.jobs.intros import send_now
from bot.listeners.common import team_and_user
from bot.services import coordinators, enrolment, pairs, programmes
from bot.services.pairs import PartnerChange, RequestOutcome
from bot.slack import notify
from bot.slack.people import Person, locale_for
from bot.slack.view_state import ViewState


def pair_reply(deps: Deps, context: BoltContext, *, own: bool) -> dict[str, Any] | None:
    """The ephemeral reply to /mentor pair: the person's pairing; None for a coordinator, who
    runs the rounds, unless they asked for their own (`own`)."""
    team_id, user_id = team_and_user(context)
    found: Person = context["person"]
    if not own and found.coordinator:
        return None
    with deps.reads() as session:
        cards = pairs.current_pairings(session, team_id, user_id, deps.clock())
        programme_of = pairs.programmes_of(session, team_id, [c.pair_id for c in cards])
        named = {
            programme_id: programmes.card_if_several(session, programme_id)
            for programme_id in set(programme_of.values())
        }
        joined = bool(enrolment.taking_part(session, team_id, user_id))
    shown = []
    for card in cards:
        programme = named.get(programme_of.get(card.pair_id, 0))
        name = programme_name(programme, found.locale) if programme is not None else None
        shown.append((card, name))
    return pairing_message(shown, found.locale, joined)


def register(app: App, deps: Deps) -> None:
    @app.action(ids.OPEN_REQUEST)
    def open_request(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient):
        ack()
        locale: str = context["locale"]
        team_id, user_id = team_and_user(context)
        with deps.reads() as session:
            card = pairs.current_pairing(session, team_id, user_id, deps.clock())
        view = (
            request_modal(card, locale)
            if card
            else message_modal(
                t("request.title", locale), t("request.no_pair", locale), t("common.close", locale)
            )
        )
        deps.follow_up(client.views_open, trigger_id=body["trigger_id"], view=view)

    @app.view(ids.REQUEST_VIEW)
    def request_submitted(
        ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        locale: str = context["locale"]
        reason = ViewState.of(view).text(ids.REQUEST_REASON)
        if len(reason.strip()) > REASON_MAX:
            error = t("profile.error.too_long", locale, max=REASON_MAX, length=len(reason.strip()))
            ack(response_action="errors", errors={ids.REQUEST_REASON: error})
            return
        ack()
        team_id, user_id = team_and_user(context)
        with deps.sessions.begin() as session:
            change = pairs.request_new_partner(session, team_id, user_id, reason, deps.clock())
            pairs.queue_intros(session, change.new_pairs, deps.clock())

        def tell() -> None:
            _tell_everyone(deps, client, team_id, user_id, change, locale)
            publish_home(deps, client, team_id, user_id)
            for booking_id in change.cancelled:  # the ended group's session
                share_booking(deps, client, team_id, booking_id, CancelReason.NEW_PARTNER)

        deps.follow_up(tell)


def _tell_everyone(
    deps: Deps, client: WebClient, team_id: str, user_id: str, change: PartnerChange, locale: str
) -> None:
    outcome = change.outcome
    if outcome in (RequestOutcome.NO_PAIR, RequestOutcome.ALREADY):
        notify.send_dm(client, user_id, notice(t(f"request.{outcome}", locale)))
        return
    if change.new_pairs:
        send_now(deps, team_id)  # the new groups' intros, queued with them
    notify.send_dm(client, user_id, notice(t(f"request.{outcome}", locale)))
    for partner in change.old_partners:
        theirs = locale_for(deps, client, team_id, partner)
        follow_up = (
            "request.partner_waiting" if partner in change.waiting else "request.partner_repaired"
        )
        text = (
            f"{t('request.partner_ended', theirs, partner=f'<@{user_id}>')} {t(follow_up, theirs)}"
        )
        notify.send_dm(client, partner, notice(text))
    with deps.sessions.begin() as session:  # the ended group's programme's coordinators
        programme_id = change.programme_id or programmes.current(session, team_id, deps.clock())
        told = coordinators.known(session, team_id, programme_id, deps.settings.coordinators)
    for coordinator in told:
        theirs = locale_for(deps, client, team_id, coordinator)
        message = coordinator_notice(
            user_id, change.old_partners, change.reason, outcome is RequestOutcome.REPAIRED, theirs
        )
        notify.send_dm(client, coordinator, message)
