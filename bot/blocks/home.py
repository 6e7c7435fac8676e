"""The App Home tab: a dashboard for members, an invitation for everyone else."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot import ids
from bot.blocks.circle_home import circle_blocks
from bot.blocks.coaching import goal_blocks, status_menu
from bot.blocks.common import (
    Block,
    actions,
    button,
    context,
    divider,
    escape,
    header,
    section,
    slack_date,
    slack_day,
    slack_time,
)
from bot.blocks.enrolment import programme_name
from bot.blocks.groups import mention
from bot.blocks.history import entry_blocks
from bot.blocks.partner import pairing_blocks
from bot.blocks.profile import profile_summary
from bot.blocks.programme import coordinator_blocks
from bot.blocks.resources import suggestion_blocks
from bot.blocks.times import times_blocks
from bot.domain import (
    CompletedGoal,
    CoordinatorPanel,
    Dashboard,
    MemberCard,
    MemberStatus,
    NextSession,
    ProgrammeSection,
)
from bot.i18n import t, tn

HOME_BLOCKS_MAX = 100  # Slack's limit for a Home view
HOME_GOALS_MAX = 10
HOME_COMPLETED_MAX = 5
HOME_RECENT_MAX = 3
HOME_PARTNER_GOALS_MAX = 3


def home_view(
    card: MemberCard,
    dashboard: Dashboard | None = None,
    panel: CoordinatorPanel | None = None,
) -> dict[str, Any]:
    """The person's Home tab; a coordinator's starts with the programme's health."""
    top = [*coordinator_blocks(panel, card.locale), divider()] if panel is not None else []
    if card.is_participant:
        blocks = _participant(card, dashboard or Dashboard(), HOME_BLOCKS_MAX - len(top))
    elif card.status is MemberStatus.LEFT:
        blocks = _former_member(card)
    else:
        blocks = _visitor(card.locale)
    return {"type": "home", "blocks": [*top, *blocks]}


def programmes_home(
    profile: MemberCard, sections: list[ProgrammeSection], board: Dashboard
) -> dict[str, Any]:
    """The Home tab in a workspace that runs several programmes: a section for each of the
    person's (their place and pair in it; its panel for its coordinators), then their goals,
    history and profile once. `profile` is the person (no programme's status); `board` their
    goals and history."""
    locale = profile.locale
    blocks: list[Block] = []
    for part in sections:
        if part.panel is not None:
            blocks += [*coordinator_blocks(part.panel, locale), divider()]
        if part.card.is_participant or part.card.status is MemberStatus.REQUESTED:
            blocks += _programme_part(part, locale)
    if not blocks:
        return {"type": "home", "blocks": _visitor(locale)}
    rest: list[Block] = [
        divider(),
        section(f"*{t('home.profile_header', locale)}*"),
        *profile_summary(profile),
        actions(button(t("home.edit_button", locale), ids.OPEN_PROFILE)),
        context(t("home.join_more", locale)),
    ]
    room = HOME_BLOCKS_MAX - len(blocks) - len(rest)
    middle = [*_goal_section(board, locale), *_recent_section(board, profile.user_id, locale)]
    if len(middle) > room:
        middle = []  # the programmes and the profile come first; goals stay one click away
    return {"type": "home", "blocks": [*blocks, *middle, *rest][:HOME_BLOCKS_MAX]}


def _programme_part(part: ProgrammeSection, locale: str) -> list[Block]:
    """The person's place in one programme: where they stand, and their pair in it."""
    card, programme_id = part.card, part.programme.id
    name = programme_name(part.programme, locale)
    if card.status is MemberStatus.REQUESTED:
        return [header(name), context(t("enrolment.waiting", locale))]
    facts = [t("home.status_line", locale, status=t(f"status.{card.status}", locale))]
    if card.paused_until is not None:
        facts.append(t("home.paused_line", locale, date=slack_date(card.paused_until)))
    if card.joined_at is not None:
        facts.append(t("home.joined_line", locale, date=slack_date(card.joined_at)))
    leave = button(t("home.leave_button", locale), ids.OPEN_LEAVE, str(programme_id), "danger")
    board = part.dashboard or Dashboard()
    return [
        header(name),
        section("\n".join(facts), leave),
        *_pair_section(card, board, programme_id),
        *suggestion_blocks(board.resources, locale),
    ]


def visitor_home(locale: str) -> dict[str, Any]:
    """The Home tab of someone the bot holds nothing about (a newcomer, or someone forgotten)."""
    return {"type": "home", "blocks": _visitor(locale)}


def _visitor(locale: str) -> list[Block]:
    return [
        header(t("home.welcome_header", locale)),
        section(t("home.welcome_body", locale)),
        divider(),
        section(
            f"*{t('home.how_header', locale)}*\n"
            + "\n".join(t(f"home.how_{n}", locale) for n in (1, 2, 3))
        ),
        actions(button(t("home.join_button", locale), ids.OPEN_PROFILE, style="primary")),
    ]


def _participant(card: MemberCard, board: Dashboard, room: int) -> list[Block]:
    """The member's dashboard in at most `room` blocks (recently completed goals give way)."""
    locale = card.locale
    facts = [t("home.status_line", locale, status=t(f"status.{card.status}", locale))]
    if card.paused_until is not None:
        facts.append(t("home.paused_line", locale, date=slack_date(card.paused_until)))
    if card.joined_at is not None:
        facts.append(t("home.joined_line", locale, date=slack_date(card.joined_at)))
    blocks: list[Block] = [header(t("home.member_header", locale)), section("\n".join(facts))]
    blocks += _pair_section(card, board)
    blocks += _goal_section(board, locale)
    blocks += suggestion_blocks(board.resources, locale)
    rest = _recent_section(board, card.user_id, locale)
    rest += [
        divider(),
        section(f"*{t('home.profile_header', locale)}*"),
        *profile_summary(card),
        actions(
            button(t("home.edit_button", locale), ids.OPEN_PROFILE),
            button(t("home.leave_button", locale), ids.OPEN_LEAVE, style="danger"),
        ),
        divider(),
    ]
    rest += _avoid_list(board.avoided, locale, room - len(blocks) - len(rest))
    done = _completed_section(board.completed, locale, room - len(blocks) - len(rest))
    return [*blocks, *done, *rest]


def _pair_section(
    card: MemberCard, board: Dashboard, programme_id: int | None = None
) -> list[Block]:
    """The person's pair (in a circles programme, their circle), its next session and their
    quick actions; `programme_id`: the programme the pause and resume buttons act on (None:
    the workspace's)."""
    locale = card.locale
    pairing = board.pairing
    blocks: list[Block] = [divider(), section(f"*{t('home.pair_header', locale)}*")]
    if board.circles:
        blocks = circle_blocks(board.circle, locale, programme_id)
    elif pairing is None:
        blocks.append(context(t("home.next_step", locale)))
    else:
        blocks += pairing_blocks(pairing, locale)
        for goal in board.partner_goals[:HOME_PARTNER_GOALS_MAX]:
            head = t("home.partner_goal", locale, user=mention(goal.owner))
            blocks += [context(head), *goal_blocks(goal, locale, editable=False)]
        if board.booked is not None:
            blocks += _next_session(board.booked, card.user_id, locale)
        else:
            if board.next_due is not None:
                blocks.append(context(t("home.next_due", locale, date=slack_day(board.next_due))))
            if board.times is not None:
                blocks += [section(f"*{t('home.book_header', locale)}*")]
                blocks += times_blocks(board.times, locale)
    quick = (
        [
            button(
                t("home.checkin_button", locale), ids.OPEN_CHECKIN, str(pairing.pair_id), "primary"
            )
        ]
        if pairing
        else []
    )
    quick += [
        button(t("home.goal_button", locale), ids.OPEN_GOAL),
        button(t("home.reflect_button", locale), ids.OPEN_REFLECT),
    ]
    if pairing:
        quick.append(
            button(t("mine.request_button", locale), ids.OPEN_REQUEST, str(pairing.pair_id))
        )
    paused = card.status is MemberStatus.PAUSED
    value = None if programme_id is None else str(programme_id)
    quick.append(
        button(t("home.resume_button", locale), ids.RESUME, value)
        if paused
        else button(t("home.pause_button", locale), ids.PAUSE, value)
    )
    blocks.append(actions(*quick))
    return blocks


def _goal_section(board: Dashboard, locale: str) -> list[Block]:
    blocks: list[Block] = [divider(), section(f"*{t('home.goals_header', locale)}*")]
    for goal in board.goals[:HOME_GOALS_MAX]:
        blocks += goal_blocks(goal, locale, editable=True)
    if not board.goals:
        blocks.append(context(t("home.goals_none", locale)))
    elif len(board.goals) > HOME_GOALS_MAX:
        blocks.append(
            context(tn("home.goals_more", locale, count=len(board.goals) - HOME_GOALS_MAX))
        )
    return blocks


def _completed_section(completed: tuple[CompletedGoal, ...], locale: str, room: int) -> list[Block]:
    """Goals completed lately, each with its menu to reopen it; nothing when there are none."""
    shown = completed[: max(0, min(HOME_COMPLETED_MAX, room - 2))]  # room for header and note
    if not shown:
        return []
    blocks: list[Block] = [section(f"*{t('home.completed_header', locale)}*")]
    for done in shown:
        when = t("home.completed_on", locale, date=_pretty_date(done.completed_at))
        text = f":white_check_mark: *{escape(done.goal.what)}*\n{when}"
        blocks.append(section(text, accessory=status_menu(done.goal, locale)))
    blocks.append(context(t("home.completed_all", locale)))
    return blocks


def _pretty_date(moment: datetime) -> str:
    """A date Slack shows as "today" or "yesterday" when it is, in the reader's language."""
    return f"<!date^{int(moment.timestamp())}^{{date_pretty}}|{moment:%Y-%m-%d}>"


def _recent_section(board: Dashboard, viewer: str, locale: str) -> list[Block]:
    blocks: list[Block] = [divider(), section(f"*{t('home.recent_header', locale)}*")]
    for entry in board.recent[:HOME_RECENT_MAX]:
        blocks += entry_blocks(entry, viewer, locale)
    if not board.recent:
        blocks.append(context(t("home.recent_none", locale)))
    blocks.append(actions(button(t("home.history_button", locale), ids.OPEN_HISTORY)))
    return blocks


def _avoid_list(avoided: tuple[str, ...], locale: str, room: int) -> list[Block]:
    """The people the member avoids, each with Remove, in at most `room` blocks: on the fullest
    Home (a booked session or the suggested times above) the last ones give way to a count."""
    fits = len(avoided) if len(avoided) + 1 <= room else max(0, room - 2)
    blocks: list[Block] = [
        section(
            f"*{t('home.avoid_header', locale)}*\n{t('home.avoid_private', locale)}",
            accessory=button(t("home.avoid_add", locale), ids.OPEN_AVOID),
        )
    ]
    blocks += [
        section(
            mention(user), accessory=button(t("home.avoid_remove", locale), ids.REMOVE_AVOID, user)
        )
        for user in avoided[:fits]
    ]
    if not avoided:
        blocks.append(context(t("home.avoid_none", locale)))
    elif fits < len(avoided):
        blocks.append(context(t("home.avoid_more", locale, count=len(avoided) - fits)))
    return blocks


def _next_session(booked: NextSession, viewer: str, locale: str) -> list[Block]:
    """The pair's next booked session: when, how, with whom, whether it repeats; its calendar
    links, Reschedule and Cancel (the Booked message's own buttons)."""
    booking = booked.booking
    minutes = int((booked.end - booked.start).total_seconds() // 60)
    lines = [
        f"*{t('home.booked_header', locale)}*",
        tn("booking.when", locale, count=minutes, time=slack_time(booked.start)),
        t("booking.form", locale, form=t(f"booking.form_{booking.form}", locale)),
        t(
            "home.booked_with",
            locale,
            users=", ".join(mention(user) for user in booking.members if user != viewer),
        ),
    ]
    if booking.every_days and booking.repeat_until is not None:
        lines.append(_repeats(booking.every_days, booking.repeat_until, locale))
    value = str(booking.id)
    return [
        section("\n".join(lines)),
        actions(
            _link(t("booking.add_google", locale), ids.ADD_GOOGLE, booked.google),
            _link(t("booking.add_outlook", locale), ids.ADD_OUTLOOK, booked.outlook),
            button(t("booking.reschedule", locale), ids.RESCHEDULE, value),
            button(t("booking.cancel", locale), ids.CANCEL_BOOKING, value, style="danger"),
        ),
    ]


def _repeats(every_days: int, until: datetime, locale: str) -> str:
    """ "Repeats every two weeks until <date>", in the reader's language."""
    weeks, days = divmod(every_days, 7)
    every = (
        t(f"home.every_weeks_{weeks}", locale)
        if not days and weeks in (1, 2, 4)
        else tn("home.every_days", locale, count=every_days)
    )
    return t("home.booked_repeats", locale, every=every, date=slack_date(until))


def _link(text: str, action_id: str, url: str) -> dict[str, Any]:
    return {**button(text, action_id), "url": url}


def _former_member(card: MemberCard) -> list[Block]:
    locale = card.locale
    left = card.left_at
    line = t("home.left_line", locale, date=slack_date(left)) if left else ""
    return [
        header(t("home.welcome_header", locale)),
        section(line or t("home.welcome_body", locale)),
        actions(button(t("home.rejoin_button", locale), ids.OPEN_PROFILE, style="primary")),
    ]
