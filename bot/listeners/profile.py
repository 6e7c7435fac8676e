"""Joining and editing the profile: /mentor join, the Join / Edit buttons, the modal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot import ids
from bot.blocks.common import message_modal
from bot.blocks.enrolment import enrolled_modal_text, join_request, programme_name
from bot.blocks.messages import profile_saved
from bot.blocks.profile import (
    FROM_MY_ZONE,
    country_options,
    profile_modal,
    profile_updated_modal,
)
from bot.config import SUPPORTED_LOCALES
from bot.country_search import country_index
from bot.deps import Deps
from bot.domain import (
    WEEKDAYS,
    CareerLevel,
    MeetingForm,
    MemberCard,
    ProfileInput,
    ProgrammeCard,
    ProgrammeKind,
    RolePreference,
)
from bot.flow import Flow
from bot.i18n import t
from bot.jobs.home import home_of
from bot.listeners.common import parse_enum, team_and_user, whole_number
from bot.services import enrolment, members, programmes
from bot.services.members import SaveOutcome
from bot.slack import notify
from bot.slack.people import Person, locale_for
from bot.slack.view_state import ViewState

# What a save that did not make the person take part now says in the modal itself.
NOT_YET = (
    SaveOutcome.REQUESTED,
    SaveOutcome.WAITING,
    SaveOutcome.NOT_INVITED,
    SaveOutcome.CLOSED,
)


def register(app: App, deps: Deps) -> None:
    # Each language's country index is built now (a tenth of a second, reading CLDR and the
    # holidays package), before gunicorn forks its workers, not on someone's first key.
    for locale in SUPPORTED_LOCALES:
        country_index(locale)

    @app.block_suggestion(ids.VALUE, matchers=[_country_menu])
    def suggest_countries(ack: Ack, payload: dict[str, Any], context: BoltContext) -> None:
        """The holiday country menu's options for what the person has typed so far."""
        ack(options=country_options(_typed(payload), context["locale"]))

    @app.action(ids.OPEN_PROFILE)
    def open_from_button(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient):
        ack()
        from_home = (body.get("view") or {}).get("type") == "home"
        flow = Flow(from_home=from_home)
        deps.follow_up(open_profile, deps, client, context, body["trigger_id"], flow)

    @app.view(ids.PROFILE_VIEW)
    def submit(ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        locale: str = context["locale"]
        profile = parse_profile(ViewState.of(view))
        errors = members.validate_profile(profile)
        if errors:
            ack(
                response_action="errors",
                errors={e.field: t(e.key, locale, **e.values) for e in errors},
            )
            return
        team_id, user_id = team_and_user(context)
        now = deps.clock()
        flow = Flow.decode(view.get("private_metadata"))
        saved = _save(deps, team_id, user_id, profile, now, flow)
        card, outcome, home = saved.card, saved.outcome, saved.home
        if outcome is SaveOutcome.UPDATED:  # an edit is confirmed in the modal itself
            ack(response_action="update", view=profile_updated_modal(card))
        elif outcome in NOT_YET:
            text = enrolled_modal_text(outcome, saved.programme, locale)
            ack(
                response_action="update",
                view=message_modal(
                    t("profile.title_join", locale), text, t("common.close", locale)
                ),
            )
            if outcome is SaveOutcome.REQUESTED:
                deps.follow_up(_ask_deciders, deps, client, team_id, user_id, saved)
        else:  # a welcome, kept in the person's messages with the bot
            ack()
            deps.follow_up(notify.send_dm, client, user_id, profile_saved(card, outcome))
        if home is not None:
            deps.follow_up(notify.publish_home, client, user_id, home)


@dataclass(frozen=True)
class Saved:
    """A profile saved: the stored card, the outcome, the programme it was for, the people to
    ask when it is a request to join, and the Home tab when it is to be shown again (read in
    the same transaction)."""

    card: MemberCard
    outcome: SaveOutcome
    programme: ProgrammeCard
    deciders: tuple[str, ...]
    home: dict[str, Any] | None


def _save(
    deps: Deps, team_id: str, user_id: str, profile: ProfileInput, now: datetime, flow: Flow
) -> Saved:
    with deps.sessions.begin() as session:
        programme_id = flow.programme_id or _edited(session, team_id, user_id, now)
        card, outcome = members.save_profile(
            session, team_id, programme_id, user_id, profile, now, deps.settings.default_locale
        )
        programme = enrolment.programme_card(session, team_id, programme_id)
        deciders = (
            enrolment.deciders(session, team_id, programme_id, deps.settings.coordinators)
            if outcome is SaveOutcome.REQUESTED
            else []
        )
        home = home_of(deps, session, team_id, user_id, now) if flow.from_home else None
    return Saved(
        card, outcome, programme or ProgrammeCard(programme_id, None), tuple(deciders), home
    )


def _edited(session: Session, team_id: str, user_id: str, now: datetime) -> int:
    """The programme a profile opened without one is saved in: the first the person takes part
    in (an edit joins nothing new), else the workspace's."""
    mine = enrolment.taking_part(session, team_id, user_id)
    return mine[0].id if mine else programmes.current(session, team_id, now)


def _ask_deciders(deps: Deps, client: WebClient, team_id: str, user_id: str, saved: Saved) -> None:
    """The request to join reaches each of the programme's coordinators, in their language."""
    for coordinator in saved.deciders:
        locale = locale_for(deps, client, team_id, coordinator)
        notify.send_dm(client, coordinator, join_request(saved.programme, user_id, locale))


def _country_menu(body: dict[str, Any]) -> bool:
    """Whether an options load request comes from the profile's holiday country menu (every
    input's element has the action_id VALUE; its block is the field's)."""
    return body.get("block_id") == ids.HOLIDAY_COUNTRY


def _typed(payload: dict[str, Any]) -> str:
    """What the person typed into a select whose options the bot loads ("" when nothing)."""
    value = payload.get("value")
    return value if isinstance(value, str) else ""


def open_profile(
    deps: Deps,
    client: WebClient,
    context: BoltContext,
    trigger_id: str,
    flow: Flow | None = None,
) -> None:
    """Open the profile modal, pre-filled when the person already has a profile (as the
    member_context middleware loaded it); `flow` names the programme it is for, whose name
    it shows when the workspace runs several."""
    found: Person = context["person"]
    joining, flow, now = None, flow or Flow(), deps.clock()
    team_id, user_id = team_and_user(context)
    with deps.sessions.begin() as session:
        programme_id = flow.programme_id or _edited(session, team_id, user_id, now)
        flow = Flow(programme_id, flow.from_home)  # the submission saves it there
        card = members.card_in(session, team_id, programme_id, user_id, found.locale, now)
        programme = enrolment.programme_card(session, team_id, programme_id)
        several = len(enrolment.open_programmes(session, team_id)) > 1
    if programme is not None and several and not card.is_participant:
        joining = programme_name(programme, card.locale)
    mentoring = programme is not None and programme.kind is ProgrammeKind.MENTORING
    view = profile_modal(card, flow=flow, joining=joining, mentoring=mentoring)
    client.views_open(trigger_id=trigger_id, view=view)


def parse_profile(state: ViewState) -> ProfileInput:
    """The modal's state as a ProfileInput; missing or malformed fields come back empty."""
    return ProfileInput(
        skills_offered=state.options(ids.SKILLS_OFFERED),
        skills_wanted=state.options(ids.SKILLS_WANTED),
        department=state.text(ids.DEPARTMENT),
        role_preference=parse_enum(RolePreference, state.option(ids.ROLE_PREFERENCE)),
        career_level=parse_enum(CareerLevel, state.option(ids.CAREER_LEVEL)),
        about=state.text(ids.ABOUT),
        meeting_start=state.time(ids.MEETING_START),
        meeting_end=state.time(ids.MEETING_END),
        meeting_days=frozenset(_weekday(value) for value in state.options(ids.MEETING_DAYS)),
        meeting_form=parse_enum(MeetingForm, state.option(ids.MEETING_FORM)),
        holiday_country=_country(state.option(ids.HOLIDAY_COUNTRY)),
        capacity=whole_number(state.option(ids.CAPACITY)),
    )


NOT_A_DAY = -1  # an option value that names no weekday (a forged payload): validation refuses it


def _weekday(value: str) -> int:
    """The weekday a days checkbox stands for (its value "0" Monday ... "6" Sunday)."""
    return int(value) if value in _DAY_VALUES else NOT_A_DAY


_DAY_VALUES = frozenset(str(day) for day in WEEKDAYS)


def _country(value: str) -> str | None:
    """The chosen holiday country's code; None for "from my time zone". Anything else (nothing
    chosen, a forged value) is kept as sent, for validation to refuse."""
    return None if value == FROM_MY_ZONE else value
