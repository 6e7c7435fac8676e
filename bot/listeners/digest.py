"""`/mentor digest [preview]`, and the digest's nudge buttons: coordinators only."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot import ids
from bot.blocks.groups import mentions
from bot.blocks.messages import ephemeral
from bot.deps import Deps
from bot.i18n import t
from bot.jobs.digest import Outcome, compute, post_digest, render
from bot.listeners.admin import coordinators_only
from bot.listeners.common import programme_of, team_and_user, whole_number
from bot.services import export, pairs, rhythm
from bot.slack import notify


def digest_command(
    deps: Deps,
    client: WebClient,
    context: BoltContext,
    ack: Ack,
    respond: Respond,
    words: list[str],
) -> None:
    """Acks first (the figures take a moment for a large programme), then answers in a
    follow-up."""
    locale: str = context["locale"]
    refusal = coordinators_only(deps, client, context)
    if refusal is not None:
        ack(**refusal)
        return
    team_id, _ = team_and_user(context)
    if words[:1] == ["preview"]:
        ack(**ephemeral(t("digest.preparing", locale)))
        deps.follow_up(_preview, deps, team_id, respond, locale)
        return
    if words:
        ack(**ephemeral(t("digest.usage", locale)))
        return
    ack(**ephemeral(t("digest.posting", locale)))
    deps.follow_up(_post, deps, client, team_id, respond, locale)


def _preview(deps: Deps, team_id: str, respond: Respond, locale: str) -> None:
    figures, previous, _ = compute(deps, programme_of(deps, team_id))
    respond(response_type="ephemeral", replace_original=True, **render(figures, previous, locale))


def _post(deps: Deps, client: WebClient, team_id: str, respond: Respond, locale: str) -> None:
    text = outcome_text(post_digest(deps, client, team_id, programme_of(deps, team_id)), locale)
    respond(response_type="ephemeral", replace_original=True, text=text)


def export_command(
    deps: Deps, client: WebClient, context: BoltContext, ack: Ack, respond: Respond
) -> None:
    refusal = coordinators_only(deps, client, context)
    if refusal is not None:
        ack(**refusal)
        return
    locale: str = context["locale"]
    ack(**ephemeral(t("export.preparing", locale)))

    def answer() -> None:
        text = send_export(deps, client, context)
        respond(response_type="ephemeral", replace_original=True, text=text)

    deps.follow_up(answer)


def send_export(deps: Deps, client: WebClient, context: BoltContext) -> str:
    """Uploads the CSV to the coordinator's DM; what to tell them."""
    locale: str = context["locale"]
    team_id, user_id = team_and_user(context)
    figures, _, _ = compute(deps, programme_of(deps, team_id))
    with deps.sessions.begin() as session:
        data = export.export_csv(
            session, programme_of(deps, team_id), {g.pair_id: g.reasons for g in figures.at_risk}
        )
    day = deps.clock().date().isoformat()
    shared = notify.upload(
        client,
        user_id,
        data,
        f"mentor-programme-{day}.csv",
        t("export.title", locale, date=day),
        t("export.comment", locale),
    )
    return t("export.done" if shared else "export.failed", locale)


def outcome_text(outcome: Outcome, locale: str) -> str:
    channel = f"<#{outcome.channel}>" if outcome.channel else ""
    return t(f"digest.outcome.{outcome.posted}", locale, channel=channel, error=outcome.error or "")


def register(app: App, deps: Deps) -> None:
    @app.action(ids.NUDGE_PAIR)
    def nudge_pair(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond
    ) -> None:
        ack()
        value = str(body.get("actions", [{}])[0].get("value", ""))
        pair_id = whole_number(value)
        chosen = [pair_id] if pair_id is not None else []
        deps.follow_up(_nudge, deps, client, context, respond, chosen)

    @app.action(ids.NUDGE_ALL)
    def nudge_all(ack: Ack, context: BoltContext, client: WebClient, respond: Respond) -> None:
        ack()
        team_id, _ = team_and_user(context)

        def nudge() -> None:
            figures, _, _ = compute(deps, programme_of(deps, team_id))
            _nudge(deps, client, context, respond, [group.pair_id for group in figures.at_risk])

        deps.follow_up(nudge)

    @app.action(ids.EXPORT)
    def export_from_home(ack: Ack, context: BoltContext, client: WebClient) -> None:
        ack()
        deps.follow_up(_export_to_dm, deps, client, context)

    @app.action(ids.POST_DIGEST)
    def post_from_home(ack: Ack, context: BoltContext, client: WebClient) -> None:
        ack()
        deps.follow_up(_post_to_dm, deps, client, context)


def _export_to_dm(deps: Deps, client: WebClient, context: BoltContext) -> None:
    refusal = coordinators_only(deps, client, context)
    _, user_id = team_and_user(context)
    if refusal is not None:
        notify.send_dm(client, user_id, refusal)
        return
    notify.send_dm(client, user_id, ephemeral(send_export(deps, client, context)))


def _post_to_dm(deps: Deps, client: WebClient, context: BoltContext) -> None:
    team_id, user_id = team_and_user(context)
    refusal = coordinators_only(deps, client, context)
    text = (
        refusal["text"]
        if refusal
        else outcome_text(
            post_digest(deps, client, team_id, programme_of(deps, team_id)), context["locale"]
        )
    )
    notify.send_dm(client, user_id, ephemeral(text))


def _nudge(
    deps: Deps,
    client: WebClient,
    context: BoltContext,
    respond: Respond,
    pair_ids: list[int],
) -> None:
    """Queue the nudges and tell only the coordinator who clicked (never the channel)."""
    locale: str = context["locale"]
    team_id, user_id = team_and_user(context)

    def tell(text: str) -> None:
        if context.response_url:
            respond(response_type="ephemeral", replace_original=False, text=text)
        else:  # a click that came without a response_url (forged): the answer goes to the DM
            notify.send_dm(client, user_id, ephemeral(text))

    refusal = coordinators_only(deps, client, context)
    if refusal is not None:
        tell(refusal["text"])
        return
    now = deps.clock()
    with deps.sessions.begin() as session:
        queued = rhythm.nudge(session, team_id, pair_ids, now)
        people = pairs.members_by_id(session, team_id, pair_ids[0]) if len(pair_ids) == 1 else []
    if len(pair_ids) == 1:
        text = t("digest.nudged_pair", locale, people=mentions(people, locale), count=queued)
    else:
        text = t("digest.nudged_all", locale, groups=len(pair_ids), count=queued)
    tell(text)
