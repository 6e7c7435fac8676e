"""Joining and editing the profile: /mentor join, the Join / Edit buttons, the modal."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot import ids
from bot.blocks.messages import profile_saved
from bot.blocks.profile import (
    FROM_HOME,
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
    RolePreference,
)
from bot.i18n import t
from bot.jobs.home import home_of
from bot.listeners.common import parse_enum, team_and_user
from bot.services import members, programmes
from bot.services.members import SaveOutcome
from bot.slack import notify
from bot.slack.people import Person
from bot.slack.view_state import ViewState


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
        deps.follow_up(open_profile, client, context, body["trigger_id"], from_home=from_home)

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
        from_home = view.get("private_metadata") == FROM_HOME
        card, outcome, home = _save(deps, team_id, user_id, profile, now, from_home)
        if outcome is SaveOutcome.UPDATED:  # an edit is confirmed in the modal itself
            ack(response_action="update", view=profile_updated_modal(card))
        else:  # a welcome, kept in the person's messages with the bot
            ack()
            deps.follow_up(notify.send_dm, client, user_id, profile_saved(card, outcome))
        if home is not None:
            deps.follow_up(notify.publish_home, client, user_id, home)


def _save(
    deps: Deps, team_id: str, user_id: str, profile: ProfileInput, now: datetime, from_home: bool
) -> tuple[MemberCard, SaveOutcome, dict[str, Any] | None]:
    """The profile saved: the stored card, the outcome, and the Home tab when it is to be shown
    again (read in the same transaction)."""
    with deps.sessions.begin() as session:
        programme_id = programmes.current(session, team_id, now)
        card, outcome = members.save_profile(
            session, team_id, programme_id, user_id, profile, now, deps.settings.default_locale
        )
        home = home_of(deps, session, team_id, user_id, now) if from_home else None
        return card, outcome, home


def _country_menu(body: dict[str, Any]) -> bool:
    """Whether an options load request comes from the profile's holiday country menu (every
    input's element has the action_id VALUE; its block is the field's)."""
    return body.get("block_id") == ids.HOLIDAY_COUNTRY


def _typed(payload: dict[str, Any]) -> str:
    """What the person typed into a select whose options the bot loads ("" when nothing)."""
    value = payload.get("value")
    return value if isinstance(value, str) else ""


def open_profile(
    client: WebClient, context: BoltContext, trigger_id: str, *, from_home: bool = False
) -> None:
    """Open the profile modal, pre-filled when the person already has a profile (as the
    member_context middleware loaded it)."""
    found: Person = context["person"]
    client.views_open(trigger_id=trigger_id, view=profile_modal(found.card, from_home=from_home))


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
