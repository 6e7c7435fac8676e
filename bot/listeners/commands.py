"""The /mentor slash command: one entry point, routed by its first word to the handler of the
subcommand bot.commands registers under it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, cast

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot import commands, ids
from bot.blocks.choose import pairing_menu, programme_menu
from bot.blocks.enrolment import join_choices
from bot.blocks.help import help_message
from bot.blocks.leave import leave_modal
from bot.blocks.messages import ephemeral
from bot.commands import Subcommand
from bot.deps import Deps
from bot.domain import ProgrammeCard
from bot.flow import Flow
from bot.i18n import t
from bot.listeners.admin import Opener, admin_reply, coordinated, pick_programme
from bot.listeners.availability import avoid_reply, pause_reply, resume_reply
from bot.listeners.circle_forming import form_command
from bot.listeners.circles import browsable, circle_programmes, list_reply, new_command
from bot.listeners.coaching import (
    checkin_start,
    history_view,
    open_goal,
    open_reflect,
)
from bot.listeners.common import programme_of, team_and_user, whole_number
from bot.listeners.digest import digest_command, export_command
from bot.listeners.enrolment import join_offers, taking_part
from bot.listeners.guides import open_editor, open_guides
from bot.listeners.leave import leave_refusal
from bot.listeners.partner import pair_reply
from bot.listeners.privacy import export_me, open_forget
from bot.listeners.profile import open_profile
from bot.listeners.programmes import programme_command
from bot.listeners.resources import add_command, libraries
from bot.listeners.resources import list_reply as library_reply
from bot.listeners.rounds import open_options, runs_circles
from bot.listeners.settings import open_settings
from bot.slack import notify


@dataclass(frozen=True)
class Call:
    """One /mentor request, as its handler needs it; `args` are the words after the first.
    `programme_id`: the programme chosen from the menu a first request of the same command
    asked with (the person takes part in several), else None."""

    deps: Deps
    ack: Ack
    client: WebClient
    context: BoltContext
    respond: Respond
    args: list[str]
    trigger_id: str
    word: str = ""  # the subcommand as typed
    programme_id: int | None = None

    @property
    def locale(self) -> str:
        return self.context["locale"]


def _own(c: Call) -> int | None:
    """The programme a member's command is about: the one chosen in the menu, their only one
    (the workspace's when they take part in none); None when they take part in several, after
    asking which (each of the menu's buttons runs the command again for its programme)."""
    if c.programme_id is not None:
        return c.programme_id
    return _one_of(c, taking_part(c.deps, c.context))


def _managed(c: Call) -> int | None:
    """As _own, among the programmes the person coordinates (the command checks the rights)."""
    if c.programme_id is not None:
        return c.programme_id
    return _one_of(c, coordinated(c.deps, c.client, c.context))


def _one_of(c: Call, mine: list[ProgrammeCard]) -> int | None:
    if len(mine) > 1:
        again = " ".join([c.word, *c.args])
        label = t("choose.this_one", c.locale)
        c.ack(**programme_menu(mine, ids.CHOOSE_PROGRAMME, label, c.locale, carry=f" {again}"))
        return None
    if mine:
        return mine[0].id
    team_id, _ = team_and_user(c.context)
    return programme_of(c.deps, team_id)


def _help(c: Call) -> None:
    c.ack(**help_message(c.locale))


def _join(c: Call) -> None:
    offers = join_offers(c.deps, c.context)
    if offers is None:  # the workspace runs one programme
        c.ack()
        c.deps.follow_up(open_profile, c.deps, c.client, c.context, c.trigger_id)
    else:
        c.ack(**join_choices(offers, c.locale))


def _leave(c: Call) -> None:
    programme_id = _own(c)
    if programme_id is None:
        return
    refusal = leave_refusal(c.deps, c.context, programme_id)
    if refusal is not None:
        c.ack(**ephemeral(t(refusal, c.locale)))
        return
    c.ack()
    view = leave_modal(c.locale, Flow(programme_id))
    c.deps.follow_up(c.client.views_open, trigger_id=c.trigger_id, view=view)


def _pair(c: Call) -> None:
    reply = pair_reply(c.deps, c.context, own=c.args[:1] == ["me"])
    if reply is not None:
        c.ack(**reply)
        return
    # a coordinator: the options of a new round (a circles programme has none)
    programme_id, answer = pick_programme(
        c.deps, c.client, c.context, ids.OPEN_ROUND, t("programme.run_round", c.locale)
    )
    if programme_id is not None and runs_circles(c.deps, programme_id):
        c.ack(**ephemeral(t("circles.pair_refused", c.locale)))
        return
    c.ack(**(answer or {}))
    if programme_id is not None:
        c.deps.follow_up(open_options, c.deps, c.client, c.context, c.trigger_id, programme_id)


def _pause(c: Call) -> None:
    programme_id = _own(c)
    if programme_id is not None:
        c.ack(**pause_reply(c.deps, c.context, c.args, programme_id))


def _resume(c: Call) -> None:
    programme_id = _own(c)
    if programme_id is not None:
        c.ack(**resume_reply(c.deps, c.context, programme_id))


def _avoid(c: Call) -> None:
    programme_id = _own(c)
    if programme_id is not None:
        c.ack(**avoid_reply(c.deps, c.context, " ".join(c.args), programme_id))


def _goal(c: Call) -> None:
    programme_id = _own(c)
    if programme_id is not None:
        c.ack()
        c.deps.follow_up(open_goal, c.deps, c.client, c.context, c.trigger_id, programme_id)


def _checkin(c: Call) -> None:
    pairings, view = checkin_start(c.deps, c.context)
    if len(pairings) > 1:  # several partners (programmes, a mentor's mentees): which session
        c.ack(**pairing_menu(pairings, c.locale))
        return
    if view is None:
        c.ack(**ephemeral(t("checkin.no_pair", c.locale)))
    else:
        c.ack()
        c.deps.follow_up(c.client.views_open, trigger_id=c.trigger_id, view=view)


def _reflect(c: Call) -> None:
    programme_id = _own(c)
    if programme_id is not None:
        c.ack()
        c.deps.follow_up(open_reflect, c.deps, c.client, c.context, c.trigger_id, programme_id)


def _history(c: Call) -> None:
    c.ack()
    view = history_view(c.deps, c.context, 0)
    c.deps.follow_up(c.client.views_open, trigger_id=c.trigger_id, view=view)


def _resources(c: Call) -> None:
    """`/mentor resources add` for coordinators; else the library's resources matching the
    words (all without), for the programme's members and coordinators."""
    if c.args[:1] and c.args[0].lower() == "add":
        programme_id = _managed(c)
        if programme_id is not None:
            add_command(c.deps, c.client, c.context, c.ack, c.trigger_id, programme_id)
        return
    programme_id = c.programme_id
    if programme_id is None:
        programme_id = _one_of(c, libraries(c.deps, c.context))
    if programme_id is not None:
        query = " ".join(c.args)
        c.ack(**library_reply(c.deps, c.client, c.context, programme_id, query))


def _circles(c: Call) -> None:
    """`/mentor circles`: the open circles of the person's circles programme, to browse and
    join; `/mentor circles new`: a coordinator's modal that makes one; `/mentor circles form`:
    the bot forms them from topics."""
    word = c.args[0].lower() if c.args else ""
    if word in _CIRCLE_WORDS:
        _CIRCLE_WORDS[word](c)
        return
    if c.args:
        c.ack(**ephemeral(t("circles.usage", c.locale)))
        return
    programme_id = c.programme_id
    if programme_id is None:
        programme_id = _one_of(c, browsable(c.deps, c.context))
    if programme_id is not None:
        c.ack(**list_reply(c.deps, c.client, c.context, programme_id))


def _new_circle(c: Call) -> None:
    programme_id = c.programme_id
    if programme_id is None:
        mine = circle_programmes(coordinated(c.deps, c.client, c.context))
        programme_id = _one_of(c, mine)
    if programme_id is not None:
        new_command(c.deps, c.client, c.context, c.ack, c.trigger_id, programme_id)


def _form_circles(c: Call) -> None:
    form_command(c.deps, c.client, c.context, c.ack, c.trigger_id)


# The words after `/mentor circles` (the list without one): a circle by hand, or formed.
_CIRCLE_WORDS: dict[str, Callable[[Call], None]] = {
    "new": _new_circle,
    "ny": _new_circle,
    "form": _form_circles,
    "forma": _form_circles,
}


def _guide(c: Call) -> None:
    """`/mentor guide`: the guides of the person's programme; `/mentor guide edit`: a
    coordinator's editor of them."""
    if [w.lower() for w in c.args[:1]] in (["edit"], ["ändra"], ["andra"]):
        _for_a_programme(c, ids.OPEN_GUIDE_EDITOR, "guide.edit_button", open_editor)
        return
    programme_id = _own(c)
    if programme_id is not None:
        c.ack()
        c.deps.follow_up(open_guides, c.deps, c.client, c.context, c.trigger_id, programme_id)


def _settings(c: Call) -> None:
    _for_a_programme(c, ids.OPEN_SETTINGS, "programme.settings", open_settings)


def _for_a_programme(c: Call, action_id: str, label: str, opener: Opener) -> None:
    """Open a coordinator's modal for their programme; when they coordinate several, ask
    which first (the menu's buttons open it for the one chosen)."""
    programme_id, answer = pick_programme(
        c.deps, c.client, c.context, action_id, t(label, c.locale)
    )
    c.ack(**(answer or {}))
    if programme_id is not None:
        c.deps.follow_up(opener, c.deps, c.client, c.context, c.trigger_id, programme_id)


def _digest(c: Call) -> None:
    words = [w.lower() for w in c.args]
    digest_command(c.deps, c.client, c.context, c.ack, c.respond, words)


def _export(c: Call) -> None:
    export_command(c.deps, c.client, c.context, c.ack, c.respond)


def _export_me(c: Call) -> None:
    export_me(c.deps, c.client, c.context, c.ack, c.respond)


def _forget_me(c: Call) -> None:
    c.ack()
    c.deps.follow_up(open_forget, c.client, c.context, c.trigger_id)


def _admin(c: Call) -> None:
    programme_id = _managed(c)
    if programme_id is not None:
        c.ack(**admin_reply(c.deps, c.client, c.context, c.args, programme_id))


def _programme(c: Call) -> None:
    programme_command(c.deps, c.client, c.context, c.ack, c.args, c.trigger_id, c.programme_id)


# Every registered subcommand's handler (tests/unit/test_commands.py holds the two to each other).
HANDLERS: dict[Subcommand, Callable[[Call], None]] = {
    commands.HELP: _help,
    commands.JOIN: _join,
    commands.PAIR: _pair,
    commands.GOAL: _goal,
    commands.CHECKIN: _checkin,
    commands.REFLECT: _reflect,
    commands.HISTORY: _history,
    commands.RESOURCES: _resources,
    commands.GUIDE: _guide,
    commands.CIRCLES: _circles,
    commands.PAUSE: _pause,
    commands.RESUME: _resume,
    commands.AVOID: _avoid,
    commands.LEAVE: _leave,
    commands.EXPORT_ME: _export_me,
    commands.FORGET_ME: _forget_me,
    commands.SETTINGS: _settings,
    commands.DIGEST: _digest,
    commands.EXPORT: _export,
    commands.ADMIN: _admin,
    commands.PROGRAMME: _programme,
}


def register(app: App, deps: Deps) -> None:
    @app.command(commands.COMMAND)
    def mentor(
        ack: Ack,
        command: dict[str, Any],
        context: BoltContext,
        client: WebClient,
        respond: Respond,
    ):
        words = (command.get("text") or "").split()
        trigger_id = command["trigger_id"]
        found = commands.find(words[0] if words else "")
        if found is None:
            ack(**help_message(context["locale"], unknown_command=words[0]))
            return
        word = words[0] if words else ""
        call = Call(deps, ack, client, context, respond, words[1:], trigger_id, word)
        HANDLERS[found](call)

    @app.action(ids.CHOOSE_PROGRAMME)
    def chosen(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond
    ) -> None:
        """The programme chosen in a member command's menu: the command runs for it, and its
        answer takes the menu's place."""
        ack()
        value = str((body.get("actions") or [{}])[0].get("value", ""))
        first, *words = value.split()
        programme_id = whole_number(first)
        found = commands.find(words[0]) if words else None
        mine = {p.id for p in taking_part(deps, context)}
        mine |= {p.id for p in coordinated(deps, client, context)}
        locale: str = context["locale"]

        def answer(**message: Any) -> None:
            if message and context.response_url:
                shown = {k: v for k, v in message.items() if k != "response_type"}
                respond(response_type="ephemeral", replace_original=True, **shown)
            elif message:
                _, user_id = team_and_user(context)
                deps.follow_up(notify.send_dm, client, user_id, message)

        if found is None or programme_id not in mine:
            answer(**ephemeral(t("enrolment.not_open", locale)))
            return
        trigger_id = body.get("trigger_id", "")
        # the command's answer replaces the menu: `answer` stands in for the command's ack
        reply = cast(Ack, answer)
        call = Call(deps, reply, client, context, respond, words[1:], trigger_id, words[0])
        HANDLERS[found](replace(call, programme_id=programme_id))
