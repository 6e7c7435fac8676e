"""Coming into a programme: choosing one to join, a coordinator's answer to a request to join
(Approve / Decline in their DM), and accepting an invitation."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot import ids
from bot.blocks.common import escape
from bot.blocks.enrolment import decided, decision_notice, invitation, programme_name
from bot.blocks.messages import ephemeral
from bot.deps import Deps
from bot.domain import JoinOffer, ProgrammeCard
from bot.flow import Flow
from bot.i18n import t
from bot.jobs.home import publish_home
from bot.listeners.admin import MENTION, coordinators_only, pick_programme
from bot.listeners.common import team_and_user, tell_clicker, whole_number
from bot.listeners.profile import open_profile
from bot.services import enrolment
from bot.services.enrolment import Decision, Invited
from bot.slack import notify
from bot.slack.people import is_coordinator, locale_for


def join_offers(deps: Deps, context: BoltContext) -> list[JoinOffer] | None:
    """What /mentor join offers the person when the workspace runs several programmes; None
    when it runs one (joining it is the profile modal, as it always was)."""
    team_id, user_id = team_and_user(context)
    with deps.sessions.begin() as session:
        if len(enrolment.open_programmes(session, team_id)) <= 1:
            return None
        return enrolment.offers(session, team_id, user_id)


def taking_part(deps: Deps, context: BoltContext) -> list[ProgrammeCard]:
    """The open programmes the person takes part in (active or paused), oldest first."""
    team_id, user_id = team_and_user(context)
    with deps.sessions.begin() as session:
        return enrolment.taking_part(session, team_id, user_id)


def register(app: App, deps: Deps) -> None:
    @app.action(ids.JOIN_PROGRAMME)
    def join_clicked(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond
    ) -> None:
        ack()
        team_id, user_id = team_and_user(context)
        programme_id = whole_number((body.get("actions") or [{}])[0].get("value"))
        locale: str = context["locale"]
        with deps.sessions.begin() as session:
            offered = {o.programme.id for o in enrolment.offers(session, team_id, user_id)}
            # an invitation to peer coaching, for someone with a profile: one click joins
            joined = programme_id in offered and enrolment.accept_invitation(
                session, team_id, programme_id, user_id, deps.clock()
            )
            programme = enrolment.programme_card(session, team_id, programme_id or 0)
        if programme_id not in offered or programme is None:
            text = t("enrolment.not_open", locale)
            deps.follow_up(tell_clicker, deps, client, respond, user_id, text)
            return
        if joined:
            name = escape(programme_name(programme, locale))
            tell_clicker(
                deps, client, respond, user_id, t("enrolment.you_approved", locale, programme=name)
            )
            deps.follow_up(publish_home, deps, client, team_id, user_id)
            return
        flow = Flow(programme_id=programme_id)
        deps.follow_up(open_profile, deps, client, context, body["trigger_id"], flow)

    @app.action(ids.APPROVE_JOIN)
    def approve(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        ack()
        deps.follow_up(_decide, deps, client, context, body, True)

    @app.action(ids.DECLINE_JOIN)
    def decline(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        ack()
        deps.follow_up(_decide, deps, client, context, body, False)


def _decide(
    deps: Deps, client: WebClient, context: BoltContext, body: dict[str, Any], approve: bool
) -> None:
    """Answer a request: only a coordinator of that programme may (the button's value is
    theirs to forge); the request's message then says who answered, and the person hears."""
    team_id, user_id = team_and_user(context)
    locale = context["locale"]
    value = str((body.get("actions") or [{}])[0].get("value", ""))
    programme_part, _, person = value.partition(":")
    programme_id = whole_number(programme_part)
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get(
        "channel_id"
    )
    ts = (body.get("message") or {}).get("ts") or (body.get("container") or {}).get("message_ts")
    if (
        programme_id is None
        or not person
        or not is_coordinator(deps, client, team_id, user_id, programme_id=programme_id)
    ):
        notify.send_dm(client, user_id, ephemeral(t("enrolment.refused", locale)))
        return
    with deps.sessions.begin() as session:
        programme = enrolment.programme_card(session, team_id, programme_id)
        outcome = (
            enrolment.decide(session, team_id, programme_id, person, approve, deps.clock())
            if programme is not None
            else Decision.GONE
        )
    if programme is None:
        notify.send_dm(client, user_id, ephemeral(t("enrolment.not_open", locale)))
        return
    if channel and ts:
        notify.replace(client, channel, ts, decided(programme, person, outcome, user_id, locale))
    if outcome in (Decision.APPROVED, Decision.DECLINED):
        theirs = locale_for(deps, client, team_id, person)
        notice = decision_notice(programme, outcome is Decision.APPROVED, theirs)
        notify.send_dm(client, person, notice)


INVITED_AT_ONCE = 30  # people one command invites (each gets a DM)


def invite_command(
    deps: Deps,
    client: WebClient,
    context: BoltContext,
    ack: Ack,
    words: list[str],
    programme_id: int | None = None,
) -> None:
    """`/mentor programme invite @a @b`: invite them to the programme the coordinator manages
    (`programme_id`: chosen in the menu a coordinator of several is asked with); each gets a
    DM to join with one click."""
    locale: str = context["locale"]
    people = list(dict.fromkeys(MENTION.findall(" ".join(words))))[:INVITED_AT_ONCE]
    if not people:
        ack(**ephemeral(t("enrolment.invite_usage", locale)))
        return
    if programme_id is None:
        again = " programme invite " + " ".join(f"<@{person}>" for person in people)
        label = t("enrolment.invite_label", locale)
        programme_id, menu = pick_programme(
            deps, client, context, ids.CHOOSE_PROGRAMME, label, again
        )
        if programme_id is None:
            ack(**(menu or {}))
            return
    refusal = coordinators_only(deps, client, context, programme_id)
    ack(**(refusal or ephemeral(_invite(deps, client, context, programme_id, people))))


def _invite(
    deps: Deps, client: WebClient, context: BoltContext, programme_id: int, people: list[str]
) -> str:
    """Invite them (the caller checked the rights) and DM each newly invited after the answer;
    what to say."""
    team_id, user_id = team_and_user(context)
    locale: str = context["locale"]
    now = deps.clock()
    with deps.sessions.begin() as session:
        programme = enrolment.programme_card(session, team_id, programme_id)
        outcomes = {
            person: enrolment.invite(session, team_id, programme_id, person, now)
            for person in people
        }
    if programme is None:
        return t("enrolment.not_open", locale)
    for person, outcome in outcomes.items():
        if outcome is Invited.INVITED:
            deps.follow_up(_send_invitation, deps, client, team_id, person, programme, user_id)
    lines = []
    for outcome in Invited:
        chosen = [f"<@{person}>" for person, said in outcomes.items() if said is outcome]
        if chosen:
            key = "done" if outcome is Invited.INVITED else outcome.value
            lines.append(
                t(
                    f"enrolment.invited_{key}",
                    locale,
                    programme=escape(programme_name(programme, locale)),
                    users=", ".join(chosen),
                )
            )
    return "\n".join(lines)


def _send_invitation(
    deps: Deps, client: WebClient, team_id: str, person: str, programme: ProgrammeCard, by: str
) -> None:
    """The invitation, in the invited person's language (looked up after the answer)."""
    theirs = locale_for(deps, client, team_id, person)
    notify.send_dm(client, person, invitation(programme, by, theirs))
