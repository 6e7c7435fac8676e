"""Sharing a learning with the programme: the button after a check-in or a reflection opens
the line's modal; its submission shows the preview; the preview's Post posts it to the
programme's learning channel, once per modal, and only from there."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot import ids
from bot.blocks.learnings import (
    failed_modal,
    gone_modal,
    learning_message,
    pending_modal,
    preview_modal,
    share_modal,
    shared_modal,
)
from bot.config import SUPPORTED_LOCALES
from bot.deps import Deps
from bot.domain import LearningSource, PostedLearning
from bot.i18n import t
from bot.listeners.common import parse_enum, team_and_user, whole_number
from bot.services import learnings
from bot.slack import notify
from bot.slack.view_state import ViewState

NO_WAY_IN = frozenset({"not_in_channel", "channel_not_found", "is_archived"})


def _source(value: object) -> tuple[LearningSource | None, int | None]:
    """ "<source>:<id>", as the button and the modal carry it."""
    source, _, ref = str(value or "").partition(":")
    return parse_enum(LearningSource, source), whole_number(ref)


def _draft(metadata: object) -> dict[str, Any]:
    """The draft a preview carries ({} when it is not one: a forged payload)."""
    try:
        draft = json.loads(str(metadata or ""))
    except ValueError:
        return {}
    return draft if isinstance(draft, dict) else {}


def register(app: App, deps: Deps) -> None:
    def offer(
        team_id: str, user_id: str, source: LearningSource | None, ref: int | None
    ) -> learnings.Offer | None:
        """What the person may share from the check-in or reflection named (checked again)."""
        if source is None or ref is None:
            return None
        with deps.sessions.begin() as session:
            return learnings.offer(session, team_id, user_id, source, ref)

    @app.action(ids.SHARE_LEARNING)
    def share_clicked(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        ack()
        locale: str = context["locale"]
        team_id, user_id = team_and_user(context)
        source, ref = _source((body.get("actions") or [{}])[0].get("value"))
        found = offer(team_id, user_id, source, ref)
        if found is None or source is None or ref is None:
            view = gone_modal(locale)
        else:
            view = share_modal(source, ref, found.channel, found.proposal, True, locale)
        shown_in = (body.get("view") or {}).get("id")
        if shown_in:  # the reflection's confirmation: the modal becomes the sharing one
            deps.follow_up(client.views_update, view_id=shown_in, view=view)
        else:
            deps.follow_up(client.views_open, trigger_id=body["trigger_id"], view=view)

    @app.view(ids.LEARNING_VIEW)
    def line_submitted(ack: Ack, view: dict[str, Any], context: BoltContext) -> None:
        locale: str = context["locale"]
        team_id, user_id = team_and_user(context)
        state = ViewState.of(view)
        text = state.text(ids.LEARNING_TEXT)
        errors = learnings.validate(text)
        if errors:
            ack(
                response_action="errors",
                errors={e.field: t(e.key, locale, **e.values) for e in errors},
            )
            return
        source, ref = _source(view.get("private_metadata"))
        found = offer(team_id, user_id, source, ref)
        if found is None:
            ack(response_action="update", view=gone_modal(locale))
            return
        draft = {
            "s": str(source),
            "r": ref,
            "t": text.strip(),
            "a": state.option(ids.LEARNING_AS) != ids.LEARNING_NAMED,
            "c": found.channel,
            "l": found.locale or locale,
        }
        ack(response_action="update", view=_preview(draft, user_id, locale))

    @app.action(ids.LEARNING_BACK)
    def back_clicked(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient):
        ack()
        locale: str = context["locale"]
        team_id, user_id = team_and_user(context)
        view = body.get("view") or {}
        if not view.get("id"):  # not clicked in a modal of ours: nothing to go back in
            return
        draft = _draft(view.get("private_metadata"))
        source, ref = _source(f"{draft.get('s')}:{draft.get('r')}")
        found = offer(team_id, user_id, source, ref)
        if found is None or source is None or ref is None:
            again = gone_modal(locale)
        else:
            text = str(draft.get("t") or "")
            again = share_modal(source, ref, found.channel, text, draft.get("a") is True, locale)
        deps.follow_up(client.views_update, view_id=view.get("id"), view=again)

    @app.view(ids.LEARNING_PREVIEW_VIEW)
    def post_submitted(
        ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        locale: str = context["locale"]
        team_id, user_id = team_and_user(context)
        view_id = str(view.get("id") or "")
        metadata = str(view.get("private_metadata") or "")
        draft = _draft(metadata)
        source, ref = _source(f"{draft.get('s')}:{draft.get('r')}")
        text = str(draft.get("t") or "")
        found = offer(team_id, user_id, source, ref)
        if found is None or source is None or not view_id or learnings.validate(text):
            ack(response_action="update", view=gone_modal(locale))
            return
        if (found.channel, found.locale or locale) != (draft.get("c"), draft.get("l")):
            # the channel or language changed since the preview: preview it again, as it is now
            draft |= {"c": found.channel, "l": found.locale or locale}
            ack(response_action="update", view=_preview(draft, user_id, locale))
            return
        learning = _learning(draft, user_id)
        with deps.sessions.begin() as session:
            claimed = learnings.claim(
                session,
                team_id,
                found.programme_id,
                user_id,
                learning,
                source,
                view_id,
                deps.clock(),
            )
            earlier = None if claimed else learnings.already(session, team_id, view_id)
        if claimed is None:  # a retry or a second click: posted (or on its way) once already
            ack(
                response_action="update",
                view=shared_modal(earlier, locale)
                if earlier and earlier.ts
                else pending_modal(locale),
            )
            return
        ack(response_action="update", view=pending_modal(locale))
        deps.follow_up(_post, deps, client, claimed, learning, view_id, metadata, locale)


def _preview(draft: dict[str, Any], user_id: str, locale: str) -> dict[str, Any]:
    return preview_modal(_learning(draft, user_id), json.dumps(draft, ensure_ascii=False), locale)


def _learning(draft: dict[str, Any], user_id: str) -> PostedLearning:
    """The learning a draft describes, as the channel will see it."""
    anonymous = draft.get("a") is not False
    chosen = str(draft.get("l"))
    return PostedLearning(
        text=str(draft.get("t") or ""),
        anonymous=anonymous,
        author=None if anonymous else user_id,
        locale=chosen if chosen in SUPPORTED_LOCALES else SUPPORTED_LOCALES[0],
        channel=str(draft.get("c") or ""),
    )


def _post(
    deps: Deps,
    client: WebClient,
    learning_id: int,
    learning: PostedLearning,
    view_id: str,
    metadata: str,
    locale: str,
) -> None:
    """Post the claimed learning, then record it; a refusal keeps nothing and says so."""
    ts, code = notify.post_or_error(client, learning.channel, learning_message(learning))
    if ts is None:
        with deps.sessions.begin() as session:
            learnings.release(session, learning_id)
        key = "learning.error.no_way_in" if code in NO_WAY_IN else "learning.error.failed"
        view = failed_modal(learning.channel, key, metadata, locale)
        notify.update_view(client, view_id, view)
        return
    link = notify.permalink(client, learning.channel, ts)
    with deps.sessions.begin() as session:
        learnings.mark_posted(session, learning_id, ts, link, deps.clock())
    posted = replace(learning, ts=ts, permalink=link)
    notify.update_view(client, view_id, shared_modal(posted, locale))
