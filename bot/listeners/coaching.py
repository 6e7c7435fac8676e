"""Goals, check-ins, reflections, kudos and history: the modals, buttons and commands."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot import ids
from bot.blocks.coaching import checkin_modal, goal_modal, reflect_modal
from bot.blocks.common import message_modal
from bot.blocks.history import history_modal
from bot.blocks.learnings import share_offer
from bot.blocks.messages import (
    checkin_saved,
    ephemeral,
    kudos_received,
    kudos_sent,
    reflection_shared,
)
from bot.deps import Deps
from bot.domain import (
    SKILLS,
    Attendance,
    CheckinInput,
    GoalCard,
    GoalInput,
    GoalStatus,
    LearningSource,
    PairingCard,
    Visibility,
)
from bot.flow import Flow
from bot.i18n import t
from bot.jobs.home import publish_home
from bot.listeners.circle_rhythm import circle_checkin_view
from bot.listeners.common import parse_enum, team_and_user, whole_number
from bot.listeners.home import celebrate
from bot.services import (
    checkins,
    enrolment,
    goals,
    history,
    learnings,
    members,
    pairs,
    programmes,
    reflections,
)
from bot.services.members import FieldError
from bot.slack import notify
from bot.slack.people import Person, locale_for
from bot.slack.view_state import MAX_FILLS, ViewState, fill_number, selected


def open_goal(
    deps: Deps,
    client: WebClient,
    context: BoltContext,
    trigger_id: str,
    programme_id: int | None = None,
) -> None:
    """The goal modal, for the programme chosen (None: the person's newest pair's)."""
    view = goal_modal(context["locale"], Flow(programme_id))
    client.views_open(trigger_id=trigger_id, view=view)


def fill_template(
    deps: Deps, client: WebClient, context: BoltContext, view: dict[str, Any], skill: str
) -> None:
    """The goal modal filled from the skill's template: its goal, the skill, how it is
    measured and its typical target date (counted from the person's today, in their time
    zone), keeping what they entered in the other fields and the flow it was opened in."""
    locale: str = context["locale"]
    person: Person | None = context.get("person")
    today = members.today_in(person.card.time_zone if person else None, deps.clock())
    state = ViewState.of(view)
    draft = GoalInput(
        what=t(f"goal_template.{skill}.what", locale),
        skill=skill,
        why=state.text(ids.GOAL_WHY),
        measure=t(f"goal_template.{skill}.measure", locale),
        target_date=goals.template_target(skill, today),
        visibility=parse_enum(Visibility, state.option(ids.GOAL_VISIBILITY)),
    )
    flow = Flow.decode(view.get("private_metadata"))
    filled = goal_modal(locale, flow, draft, _fills(view) % MAX_FILLS + 1)
    notify.update_view(client, str(view.get("id", "")), filled, view.get("hash"))


def checkin_view(
    deps: Deps,
    context: BoltContext,
    day: date | None = None,
    minutes: int | None = None,
    pair_id: int | None = None,
) -> dict[str, Any] | None:
    """The check-in modal for the person's pair: the one with `pair_id` (a mentor has one for
    each mentee; a button names the pair it is about), else their newest (with a booked
    session's date and length filled in, when given); None when they have no such partner."""
    team_id, user_id = team_and_user(context)
    now = deps.clock()
    with deps.sessions.begin() as session:
        pair = pairs.current_pair(session, team_id, user_id, now, pair_id)
        member = members.ensure_member(session, team_id, user_id, now)
        form = (
            checkins.form(session, team_id, user_id, pair, members.local_today(member, now))
            if (pair)
            else None
        )
    if form is None:
        return None
    return checkin_modal(replace(form, session_date=day, minutes=minutes), context["locale"])


def checkin_choices(deps: Deps, context: BoltContext) -> list[PairingCard]:
    """The person's pairings in running rounds, newest first: each one a check-in could be
    about."""
    team_id, user_id = team_and_user(context)
    with deps.reads() as session:
        return pairs.current_pairings(session, team_id, user_id, deps.clock())


def checkin_start(
    deps: Deps, context: BoltContext
) -> tuple[list[PairingCard], dict[str, Any] | None]:
    """What a check-in begins with (/mentor checkin, the shortcut): the pairings to choose
    among when the person has several, else the modal of their pair's session or, with no
    partner, of their circle's (None: neither)."""
    pairings = checkin_choices(deps, context)
    if len(pairings) > 1:
        return pairings, None
    view = None if pairings else circle_checkin_view(deps, context)
    return pairings, view or checkin_view(deps, context)


def open_checkin(
    deps: Deps,
    client: WebClient,
    context: BoltContext,
    trigger_id: str,
    pair_id: int | None = None,
) -> None:
    """Open the check-in modal (for the pair the button names), or tell the person in a DM
    that they have no partner."""
    view = checkin_view(deps, context, pair_id=pair_id)
    if view is not None:
        client.views_open(trigger_id=trigger_id, view=view)
        return
    _, user_id = team_and_user(context)
    notify.send_dm(client, user_id, ephemeral(t("checkin.no_pair", context["locale"])))


def open_reflect(
    deps: Deps,
    client: WebClient,
    context: BoltContext,
    trigger_id: str,
    programme_id: int | None = None,
    initial: str = "",
) -> None:
    """The reflection modal, in the programme chosen (None: the person's newest pair's), its
    text starting as `initial`."""
    team_id, user_id = team_and_user(context)
    with deps.sessions.begin() as session:
        prompt = reflections.next_prompt(session, team_id, user_id)
        found = pairs.current_pairs(session, team_id, user_id, deps.clock(), programme_id)
    view = reflect_modal(prompt, context["locale"], bool(found), Flow(programme_id), initial)
    client.views_open(trigger_id=trigger_id, view=view)


def history_view(deps: Deps, context: BoltContext, page: int) -> dict[str, Any]:
    team_id, user_id = team_and_user(context)
    with deps.sessions.begin() as session:
        entries, more = history.history(session, team_id, user_id, page)
        done = tuple(
            g for g in goals.goals_of(session, team_id, user_id) if g.status is GoalStatus.COMPLETED
        )
    return history_modal(entries, user_id, page, more, context["locale"], done)


def register(app: App, deps: Deps) -> None:
    for action, opener in (
        (ids.OPEN_GOAL, open_goal),
        (ids.OPEN_REFLECT, open_reflect),
    ):
        app.action(action)(_opener(deps, opener))

    @app.action(ids.OPEN_CHECKIN)
    def checkin_clicked(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        ack()
        pair_id = whole_number((body.get("actions") or [{}])[0].get("value"))
        deps.follow_up(open_checkin, deps, client, context, body["trigger_id"], pair_id)

    @app.action(ids.OPEN_HISTORY)
    def history_clicked(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient):
        ack()
        view = history_view(deps, context, 0)
        deps.follow_up(client.views_open, trigger_id=body["trigger_id"], view=view)

    @app.action(ids.HISTORY_PAGE)
    def history_paged(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient):
        ack()
        page = whole_number(str(body["actions"][0].get("value", ""))) or 0
        view = history_view(deps, context, page)
        if "view" in body:  # a page button in the history modal turns its page
            deps.follow_up(client.views_update, view_id=body["view"]["id"], view=view)
        else:
            deps.follow_up(client.views_open, trigger_id=body["trigger_id"], view=view)

    @app.action(ids.GOAL_STATUS)
    def goal_moved(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient):
        ack()
        team_id, user_id = team_and_user(context)
        value = selected(body["actions"][0])
        goal_id, _, status = value.partition(":")
        chosen = parse_enum(GoalStatus, status)
        number = whole_number(goal_id)
        done: tuple[GoalCard, ...] = ()
        if chosen is not None and number is not None:
            with deps.sessions.begin() as session:
                done = goals.set_statuses(
                    session, team_id, user_id, {number: chosen}, "home", deps.clock()
                )
        deps.follow_up(celebrate, deps, client, team_id, user_id, done, context["locale"])

    @app.action(ids.KUDOS)
    def kudos_clicked(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient):
        ack()
        team_id, user_id = team_and_user(context)
        meeting = whole_number(str(body["actions"][0].get("value", "")))
        with deps.sessions.begin() as session:
            thanked = checkins.send_kudos(session, team_id, user_id, meeting or 0, deps.clock())
            # the confirmation keeps its "Share a learning" button
            shareable = (
                learnings.offer(session, team_id, user_id, LearningSource.CHECKIN, meeting or 0)
                is not None
            )
        container = body.get("container") or {}

        def tell() -> None:
            for receiver in thanked:
                theirs = locale_for(deps, client, team_id, receiver)
                notify.send_dm(client, receiver, kudos_received(user_id, theirs))
            if container.get("channel_id") and container.get("message_ts"):
                notify.replace(
                    client,
                    container["channel_id"],
                    container["message_ts"],
                    kudos_sent(meeting or 0, context["locale"], shareable),
                )

        deps.follow_up(tell)

    @app.action(ids.GOAL_TEMPLATE)
    def template_chosen(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        """A goal template chosen in the goal modal fills its fields."""
        ack()
        view = body.get("view") or {}
        skill = selected((body.get("actions") or [{}])[0])
        if view.get("callback_id") != ids.GOAL_VIEW or skill not in SKILLS:
            return  # not the goal modal, or no such template (forged): it stays as it is
        deps.follow_up(fill_template, deps, client, context, view, skill)

    @app.view(ids.GOAL_VIEW)
    def goal_submitted(ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient):
        locale: str = context["locale"]
        team_id, user_id = team_and_user(context)
        state = ViewState.of(view)
        block = state.field  # a field's input, whatever templates renamed it to
        goal = GoalInput(
            what=state.text(block(ids.GOAL_WHAT)),
            skill=state.option(block(ids.GOAL_SKILL)) or None,
            why=state.text(ids.GOAL_WHY),
            measure=state.text(block(ids.GOAL_MEASURE)),
            target_date=state.date(block(ids.GOAL_DATE)),
            visibility=parse_enum(Visibility, state.option(ids.GOAL_VISIBILITY)),
        )
        now = deps.clock()
        with deps.sessions.begin() as session:
            member = members.ensure_member(session, team_id, user_id, now)
            errors = goals.validate_goal(goal, members.local_today(member, now))
            if not errors:
                named = Flow.decode(view.get("private_metadata")).programme_id
                chosen = _theirs(session, team_id, user_id, named)
                found = pairs.current_pairs(session, team_id, user_id, now, chosen)
                pair = found[0] if found else None
                programme_id = chosen or (
                    pair.programme_id if pair else programmes.current(session, team_id, now)
                )
                goals.create_goal(
                    session, team_id, programme_id, user_id, goal, pair.id if pair else None, now
                )
        if errors:
            shown = [replace(e, field=block(e.field)) for e in errors]
            ack(response_action="errors", errors=_messages(shown, locale))
            return
        ack(
            response_action="update",
            view=message_modal(
                t("goal.saved_title", locale), t("goal.saved", locale), t("common.close", locale)
            ),
        )
        deps.follow_up(publish_home, deps, client, team_id, user_id)

    @app.view(ids.CHECKIN_VIEW)
    def checkin_submitted(
        ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        locale: str = context["locale"]
        team_id, user_id = team_and_user(context)
        checkin = _parse_checkin(ViewState.of(view))
        now = deps.clock()
        named = whole_number(view.get("private_metadata"))
        with deps.sessions.begin() as session:
            # the modal's pair, while it runs and the person is in it (whatever the metadata)
            pair = pairs.current_pair(session, team_id, user_id, now, named) if named else None
            if pair is None:
                errors = [FieldError("attendance", "checkin.error.pair_ended")]
            else:
                member = members.ensure_member(session, team_id, user_id, now)
                form = checkins.form(
                    session, team_id, user_id, pair, members.local_today(member, now)
                )
                errors = checkins.validate(checkin, form, pair.starts_at.date())
                if not errors:
                    done = goals.completing(form.goals, checkin.goal_statuses)
                    outcome, meeting = checkins.record(
                        session, team_id, user_id, pair.id, checkin, now
                    )
                    shareable = learnings.learning_channel(session, pair.programme_id) is not None
        if errors:
            ack(response_action="errors", errors=_messages(errors, locale))
            return
        ack()

        def tell() -> None:
            notify.send_dm(client, user_id, checkin_saved(outcome, meeting.id, locale, shareable))
            celebrate(deps, client, team_id, user_id, done, locale)

        deps.follow_up(tell)

    @app.view(ids.REFLECT_VIEW)
    def reflection_submitted(
        ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        locale: str = context["locale"]
        team_id, user_id = team_and_user(context)
        state = ViewState.of(view)
        text = state.text(ids.REFLECTION_TEXT)
        errors = reflections.validate(text)
        if errors:
            ack(response_action="errors", errors=_messages(errors, locale))
            return
        share = state.checked(ids.SHARE)
        now = deps.clock()
        key, _, named = str(view.get("private_metadata", "")).partition(" ")
        with deps.sessions.begin() as session:
            chosen = _theirs(session, team_id, user_id, Flow.decode(named).programme_id)
            found = pairs.current_pairs(session, team_id, user_id, now, chosen)
            pair = found[0] if found else None
            saved, new = reflections.save(
                session,
                team_id,
                chosen
                or (pair.programme_id if pair else programmes.current(session, team_id, now)),
                user_id,
                key,
                text,
                share,
                str(view.get("id", "")),
                pair.id if pair else None,
                now,
            )
            partners = (
                [m for m in pairs.members_of(session, pair) if m != user_id]
                if (pair and saved.shared)
                else []
            )
            prompt, shared_text = saved.prompt, saved.text
            shareable = learnings.learning_channel(session, saved.programme_id) is not None
            reflection_id = saved.id
        done = t("reflect.saved_shared" if saved.shared else "reflect.saved", locale)
        confirmation = message_modal(
            t("reflect.saved_title", locale), done, t("common.close", locale)
        )
        if shareable:  # never its text: the sharing modal starts empty
            confirmation["blocks"] += share_offer(LearningSource.REFLECTION, reflection_id, locale)
        ack(response_action="update", view=confirmation)

        def tell() -> None:
            if new:
                for partner in partners:
                    theirs = locale_for(deps, client, team_id, partner)
                    notify.send_dm(
                        client, partner, reflection_shared(user_id, prompt, shared_text, theirs)
                    )
            publish_home(deps, client, team_id, user_id)

        deps.follow_up(tell)


def _theirs(session: Session, team_id: str, user_id: str, named: int | None) -> int | None:
    """The programme a modal names, when the person takes part in it (the name may be forged);
    else None."""
    mine = [p.id for p in enrolment.taking_part(session, team_id, user_id)]
    return named if named in mine else None


def _opener(deps: Deps, opener: Any) -> Any:
    def listener(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        ack()
        deps.follow_up(opener, deps, client, context, body["trigger_id"])

    return listener


def _fills(view: dict[str, Any]) -> int:
    """How many templates filled the goal modal: its goal input's fill number."""
    blocks = view.get("blocks")
    found = [
        fill_number(block.get("block_id"), ids.GOAL_WHAT)
        for block in (blocks if isinstance(blocks, list) else [])
        if isinstance(block, dict)
    ]
    return max((n for n in found if n is not None), default=0)


def _parse_checkin(state: ViewState) -> CheckinInput:
    chosen = state.option
    statuses: dict[int, GoalStatus] = {}
    for block_id in state.block_ids():
        if block_id.startswith(ids.GOAL_BLOCK_PREFIX):
            goal_id = block_id.removeprefix(ids.GOAL_BLOCK_PREFIX)
            status = parse_enum(GoalStatus, chosen(block_id))
            number = whole_number(goal_id)
            if number is not None and status is not None:
                statuses[number] = status
    rating = whole_number(chosen(ids.RATING))
    return CheckinInput(
        attendance=parse_enum(Attendance, chosen(ids.ATTENDANCE)),
        session_date=state.date(ids.SESSION_DATE),
        minutes=whole_number(state.text(ids.MINUTES)),
        coach=chosen(ids.COACH) or None,
        worked_on=state.text(ids.WORKED_ON),
        learned=state.text(ids.LEARNED),
        next_step=state.text(ids.NEXT_STEP),
        rating=rating,
        goal_statuses=statuses,
    )


def _messages(errors: list[FieldError], locale: str) -> dict[str, str]:
    return {e.field: t(e.key, locale, **e.values) for e in errors}
