"""`/mentor digest [preview]`, and the digest's nudge buttons: coordinators only."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot import ids
from bot.blocks.groups import mentions
from bot.blocks.messages import ephemeral
from bot.deps import Deps
from bot.i18n import t, tn
from bot.jobs.digest import Outcome, compute, post_digest, render
from bot.listeners.admin import coordinators_only, pick_programme
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
    follow-up; a coordinator of several programmes is asked which first."""
    locale: str = context["locale"]
    preview = words[:1] == ["preview"]
    if words and not preview:
        ack(**ephemeral(t("digest.usage", locale)))
        return
    action, label = (
        (ids.PREVIEW_DIGEST, t("digest.preview", locale))
        if preview
        else (ids.POST_DIGEST, t("programme.post_digest", locale))
    )
    programme_id, answer = pick_programme(deps, client, context, action, label)
    if programme_id is None:
        ack(**(answer or {}))
        return
    team_id, _ = team_and_user(context)
    if preview:
        ack(**ephemeral(t("digest.preparing", locale)))
        deps.follow_up(_preview, deps, programme_id, respond, locale)
        return
    ack(**ephemeral(t("digest.posting", locale)))
    deps.follow_up(_post, deps, client, team_id, programme_id, respond, locale)


def _preview(deps: Deps, programme_id: int, respond: Respond, locale: str) -> None:
    message = render(compute(deps, programme_id), locale)
    respond(response_type="ephemeral", replace_original=True, **message)


def _post(
    deps: Deps,
    client: WebClient,
    team_id: str,
    programme_id: int,
    respond: Respond,
    locale: str,
) -> None:
    text = outcome_text(post_digest(deps, client, team_id, programme_id), locale)
    respond(response_type="ephemeral", replace_original=True, text=text)


def export_command(
    deps: Deps, client: WebClient, context: BoltContext, ack: Ack, respond: Respond
) -> None:
    locale: str = context["locale"]
    label = t("programme.export", locale)
    programme_id, answer = pick_programme(deps, client, context, ids.EXPORT, label)
    if programme_id is None:
        ack(**(answer or {}))
        return
    ack(**ephemeral(t("export.preparing", locale)))

    def answer_later() -> None:
        text = send_export(deps, client, context, programme_id)
        respond(response_type="ephemeral", replace_original=True, text=text)

    deps.follow_up(answer_later)


def send_export(deps: Deps, client: WebClient, context: BoltContext, programme_id: int) -> str:
    """Uploads the programme's CSV to the coordinator's DM; what to tell them."""
    locale: str = context["locale"]
    _, user_id = team_and_user(context)
    figures = compute(deps, programme_id).figures
    circles = figures.circles
    with deps.sessions.begin() as session:
        data = (
            export.export_csv(
                session, programme_id, {g.pair_id: g.reasons for g in figures.at_risk}
            )
            if circles is None
            else export.circles_csv(
                session, programme_id, {c.circle_id: c.reasons for c in circles.at_risk}
            )
        )
    day = deps.clock().date().isoformat()
    shared = notify.upload(
        client,
        user_id,
        data,
        f"mentor-programme-{day}.csv",
        t("export.title", locale, date=day),
        t("export.comment" if circles is None else "circle_digest.export_comment", locale),
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
        pair_id = whole_number(_value(body))
        chosen = [pair_id] if pair_id is not None else []
        deps.follow_up(_nudge, deps, client, context, respond, chosen)

    @app.action(ids.NUDGE_ALL)
    def nudge_all(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond
    ) -> None:
        ack()
        team_id, _ = team_and_user(context)
        programme_id = whole_number(_value(body)) or programme_of(deps, team_id)

        def nudge() -> None:
            figures = compute(deps, programme_id).figures
            _nudge(deps, client, context, respond, [group.pair_id for group in figures.at_risk])

        deps.follow_up(nudge)

    @app.action(ids.EXPORT)
    def export_from_home(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        ack()
        deps.follow_up(_export_to_dm, deps, client, context, whole_number(_value(body)))

    @app.action(ids.POST_DIGEST)
    def post_from_home(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        ack()
        deps.follow_up(_post_to_dm, deps, client, context, whole_number(_value(body)))

    @app.action(ids.PREVIEW_DIGEST)
    def preview_chosen(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond
    ) -> None:
        ack()
        deps.follow_up(_preview_chosen, deps, client, context, respond, whole_number(_value(body)))


def _value(body: dict[str, Any]) -> str:
    return str((body.get("actions") or [{}])[0].get("value", ""))


def _chosen(deps: Deps, context: BoltContext, programme_id: int | None) -> int:
    """The programme a button names (the workspace's, when it names none)."""
    team_id, _ = team_and_user(context)
    return programme_id if programme_id is not None else programme_of(deps, team_id)


def _export_to_dm(
    deps: Deps, client: WebClient, context: BoltContext, programme_id: int | None
) -> None:
    programme_id = _chosen(deps, context, programme_id)
    refusal = coordinators_only(deps, client, context, programme_id)
    _, user_id = team_and_user(context)
    if refusal is not None:
        notify.send_dm(client, user_id, refusal)
        return
    text = send_export(deps, client, context, programme_id)
    notify.send_dm(client, user_id, ephemeral(text))


def _post_to_dm(
    deps: Deps, client: WebClient, context: BoltContext, programme_id: int | None
) -> None:
    team_id, user_id = team_and_user(context)
    programme_id = _chosen(deps, context, programme_id)
    refusal = coordinators_only(deps, client, context, programme_id)
    text = (
        refusal["text"]
        if refusal
        else outcome_text(post_digest(deps, client, team_id, programme_id), context["locale"])
    )
    notify.send_dm(client, user_id, ephemeral(text))


def _preview_chosen(
    deps: Deps,
    client: WebClient,
    context: BoltContext,
    respond: Respond,
    programme_id: int | None,
) -> None:
    """The preview of the programme chosen in the menu, in place of the menu (in the DM for
    a click that came without a response_url, as a forged one)."""
    programme_id = _chosen(deps, context, programme_id)
    refusal = coordinators_only(deps, client, context, programme_id)
    message = refusal or render(compute(deps, programme_id), context["locale"])
    if context.response_url:
        shown = {key: value for key, value in message.items() if key != "response_type"}
        respond(response_type="ephemeral", replace_original=True, **shown)
    else:
        _, user_id = team_and_user(context)
        notify.send_dm(client, user_id, message)


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

    with deps.sessions.begin() as session:
        programmes = pairs.programmes_of(session, team_id, pair_ids)
    programme_id = programmes.get(pair_ids[0]) if pair_ids else None
    refusal = coordinators_only(deps, client, context, programme_id)
    if refusal is not None:
        tell(refusal["text"])
        return
    now = deps.clock()
    pair_ids = [pair_id for pair_id in pair_ids if programmes.get(pair_id) == programme_id]
    with deps.sessions.begin() as session:
        queued = rhythm.nudge(session, team_id, pair_ids, now)
        people = pairs.members_by_id(session, team_id, pair_ids[0]) if len(pair_ids) == 1 else []
    if len(pair_ids) == 1:
        text = tn("digest.nudged_pair", locale, count=queued, people=mentions(people, locale))
    else:
        groups = tn("digest.nudged_all_pairs", locale, count=len(pair_ids))
        text = tn("digest.nudged_all", locale, count=queued, groups=groups)
    tell(text)
