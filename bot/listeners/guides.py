"""Session guides: `/mentor guide` pages through a programme's guides (opening at the guide
of the person's next session), and its coordinators edit the journey (`/mentor guide edit`,
or Home's button): change, move, remove or add a guide, or reset to the default. Every click
and submission checks the coordinator's rights in the programme its view names again."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot import ids
from bot.blocks.common import message_modal
from bot.blocks.guide import browse_modal, change_modal, editor_modal
from bot.config import SUPPORTED_LOCALES
from bot.deps import Deps
from bot.flow import Flow
from bot.i18n import t
from bot.listeners.admin import register_opener
from bot.listeners.common import programme_of, team_and_user, whole_number
from bot.services import guides, pairs, programmes
from bot.slack.people import is_coordinator
from bot.slack.view_state import ViewState, selected

FIELDS = {  # a problem's field (guides.check) -> the input it is shown under
    "title": ids.GUIDE_TITLE,
    "purpose": ids.GUIDE_PURPOSE,
    "questions": ids.GUIDE_QUESTIONS,
}


def open_guides(
    deps: Deps, client: WebClient, context: BoltContext, trigger_id: str, programme_id: int
) -> None:
    """`/mentor guide`: the programme's guides, open at the guide of the person's next
    session (the first, when they have no partner in it)."""
    view = browse_view(deps, context, programme_id, None)
    client.views_open(trigger_id=trigger_id, view=view)


def browse_view(
    deps: Deps, context: BoltContext, programme_id: int, number: int | None
) -> dict[str, Any]:
    """Guide `number` of the programme (None: the person's next session's), as the person
    sees it; a polite refusal for a programme not of this workspace."""
    locale: str = context["locale"]
    team_id, user_id = team_and_user(context)
    with deps.sessions.begin() as session:
        if not programmes.is_open_in(session, team_id, programme_id):
            title = t("guide.browse_title", locale)
            return message_modal(title, t("guide.gone", locale), t("common.close", locale))
        journey = guides.journey(session, programme_id)
        mine = pairs.current_pairs(session, team_id, user_id, deps.clock(), programme_id)
        next_one = guides.next_guide(session, mine[0].id) if mine else None
    current = next_one.number if next_one else None
    shown = number or current or 1
    guide = journey[min(max(shown, 1), len(journey)) - 1]
    return browse_modal(guide, locale, Flow(programme_id), current, bool(mine))


def open_editor(
    deps: Deps, client: WebClient, context: BoltContext, trigger_id: str, programme_id: int
) -> None:
    """The journey's editor (the caller has checked the person coordinates the programme)."""
    client.views_open(trigger_id=trigger_id, view=editor_view(deps, context, programme_id))


def editor_view(deps: Deps, context: BoltContext, programme_id: int) -> dict[str, Any]:
    with deps.sessions.begin() as session:
        journey = guides.journey(session, programme_id)
        edited = guides.is_edited(session, programme_id)
    stamp = guides.stamp(journey)
    return editor_modal(journey, edited, stamp, context["locale"], Flow(programme_id))


def _refused(locale: str) -> dict[str, Any]:
    return message_modal(
        t("guide.editor_title", locale), t("admin.refused", locale), t("common.close", locale)
    )


def register(app: App, deps: Deps) -> None:
    register_opener(app, deps, ids.OPEN_GUIDE_EDITOR, open_editor)

    def programme_in(view: dict[str, Any], team_id: str) -> int:
        flow = Flow.decode(view.get("private_metadata"))
        return flow.programme_id or programme_of(deps, team_id)

    def coordinates(client: WebClient, context: BoltContext, programme_id: int) -> bool:
        team_id, user_id = team_and_user(context)
        return is_coordinator(deps, client, team_id, user_id, programme_id=programme_id)

    @app.action(ids.GUIDE_PAGE)
    def paged(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        ack()
        view = body.get("view") or {}
        if not view.get("id"):  # the buttons live in the guides' modal only
            return
        team_id, _ = team_and_user(context)
        number = whole_number((body.get("actions") or [{}])[0].get("value"))
        shown = browse_view(deps, context, programme_in(view, team_id), number or 1)
        deps.follow_up(client.views_update, view_id=view.get("id"), view=shown)

    @app.action(ids.GUIDE_MENU)
    def menu(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        """change: push the change modal; up, down, remove: done, and the editor anew."""
        ack()
        view = body.get("view") or {}
        choice, _, rest = selected((body.get("actions") or [{}])[0]).partition(":")
        number_text, _, stamp = rest.partition(":")
        act(client, context, view, body.get("trigger_id", ""), choice, number_text, stamp)

    @app.action(ids.GUIDE_ADD)
    def add(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        ack()
        view = body.get("view") or {}
        number_text, _, stamp = str((body.get("actions") or [{}])[0].get("value", "")).partition(
            ":"
        )
        act(client, context, view, body.get("trigger_id", ""), "add", number_text, stamp)

    @app.action(ids.GUIDE_RESET)
    def reset(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        ack()
        view = body.get("view") or {}
        stamp = str((body.get("actions") or [{}])[0].get("value", ""))
        act(client, context, view, body.get("trigger_id", ""), "reset", "0", stamp)

    def act(
        client: WebClient,
        context: BoltContext,
        view: dict[str, Any],
        trigger_id: str,
        choice: str,
        number_text: str,
        stamp: str,
    ) -> None:
        """One editor click, made on a view of the journey with `stamp`: nothing changes when
        the journey changed since (the editor shows it as it is now)."""
        locale: str = context["locale"]
        team_id, _ = team_and_user(context)
        programme_id = programme_in(view, team_id)
        view_id = view.get("id")
        if not view_id:  # the editor's buttons live in its modal only
            return
        if not coordinates(client, context, programme_id):
            deps.follow_up(client.views_update, view_id=view_id, view=_refused(locale))
            return
        number = whole_number(number_text) or 0
        flow = Flow(programme_id)
        with deps.sessions.begin() as session:
            journey = guides.journey(session, programme_id)
            current = guides.stamp(journey) == stamp
            if current and choice == "change" and 1 <= number <= len(journey):
                pushed = change_modal(number, journey[number - 1], locale, flow)
            elif current and choice == "add" and number == len(journey) + 1:
                pushed = change_modal(number, None, locale, flow)
            else:
                pushed = None
                if current and choice in ("up", "down"):
                    step = -1 if choice == "up" else 1
                    guides.move(session, team_id, programme_id, number, step)
                elif current and choice == "remove":
                    guides.remove(session, team_id, programme_id, number)
                elif current and choice == "reset":
                    guides.reset(session, team_id, programme_id)
        if pushed is not None:
            deps.follow_up(client.views_push, trigger_id=trigger_id, view=pushed)
        else:
            shown = editor_view(deps, context, programme_id)
            deps.follow_up(client.views_update, view_id=view_id, view=shown)

    @app.view(ids.GUIDE_CHANGE_VIEW)
    def changed(ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        """A guide changed (or added) in every language: saved, and the editor beneath shows
        the journey anew; problems inline, the text as written kept."""
        locale: str = context["locale"]
        team_id, _ = team_and_user(context)
        number_text, _, flow_text = str(view.get("private_metadata") or "").partition("|")
        flow = Flow.decode(flow_text)
        programme_id = flow.programme_id or programme_of(deps, team_id)
        if not coordinates(client, context, programme_id):
            ack(response_action="update", view=_refused(locale))
            return
        state = ViewState.of(view)
        written = {
            language: (
                state.text(f"{ids.GUIDE_TITLE}_{language}"),
                state.text(f"{ids.GUIDE_PURPOSE}_{language}"),
                state.text(f"{ids.GUIDE_QUESTIONS}_{language}"),
            )
            for language in SUPPORTED_LOCALES
        }
        guide, problems = guides.check(state.text(ids.GUIDE_MINUTES), written, locale)
        if guide is None:
            errors = {
                (f"{FIELDS[field]}_{language}" if field in FIELDS else ids.GUIDE_MINUTES): t(
                    key, locale, **values
                )
                for (field, language), (key, values) in problems.items()
            }
            ack(response_action="errors", errors=errors)
            return
        minutes, texts = guide
        with deps.sessions.begin() as session:
            guides.save(
                session, team_id, programme_id, whole_number(number_text) or 0, minutes, texts
            )
        ack()
        root = view.get("root_view_id")
        if root:
            shown = editor_view(deps, context, programme_id)
            deps.follow_up(client.views_update, view_id=root, view=shown)
