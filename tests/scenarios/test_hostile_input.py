"""Hostile input through the real door: whatever people type or forge, the bot answers without
a server error, writes nothing half-way, and never posts a broadcast mention."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session, sessionmaker

from bot import ids
from bot.blocks.feedback import feedback_modal
from tests.conftest import COORDINATOR, Clock
from tests.fakes.blockkit import view_problems
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.scenarios.helpers import join
from tests.scenarios.test_coaching import modal, paired

BROADCASTS = ("<!channel>", "<!here>", "<!everyone>", "<!subteam")
NASTY = st.sampled_from(
    [
        "",
        " ",
        "<!channel>",
        "<!here|here> <!everyone>",
        "<@U0ADMIN>",
        "<#C0GENERAL>",
        "*bold* _it_ ~x~ `code` ```block```",
        "'; DROP TABLE members; --",
        "\u202eevil\u202c",  # right-to-left override
        "\x00\x01\x07\x1b[31m",
        "עברית العربية",
        "😀" * 50,
        "x" * 5000,
        "&lt;&gt;&amp;",
    ]
)
TEXT = st.one_of(NASTY, st.text(max_size=300))
HYPOTHESIS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def broadcasts(slack: FakeSlack) -> list[str]:
    """Every broadcast mention in what Slack would render as mrkdwn: messages' text, mrkdwn
    blocks of messages, views and responses. (A text input's initial value is plain text, which
    Slack shows as typed and never turns into a mention.)"""
    rendered = [text for payload in _payloads(slack) for text in _mrkdwn(payload)]
    return [b for b in BROADCASTS for text in rendered if b in text]


def replied_safely(body: dict[str, Any]) -> bool:
    """A modal submission's reply: inline errors, or a view to show instead that is valid Block
    Kit and mentions no one."""
    if body.get("response_action") == "errors":
        return True
    if body.get("response_action") != "update":
        return False
    rendered = _mrkdwn(body["view"])
    return view_problems(body["view"]) == [] and not any(
        b in text for b in BROADCASTS for text in rendered
    )


def _payloads(slack: FakeSlack) -> list[Any]:
    found: list[Any] = list(slack.responses)
    for call in slack.calls:
        args = dict(call.args)
        for key in ("blocks", "view"):
            if isinstance(args.get(key), str):
                args[key] = json.loads(args[key])
        found.append(args)
    return found


def _mrkdwn(value: Any) -> list[str]:
    if isinstance(value, list):
        return [text for item in value for text in _mrkdwn(item)]
    if not isinstance(value, dict):
        return []
    texts = [value["text"]] if value.get("type") == "mrkdwn" else []
    if "type" not in value and isinstance(value.get("text"), str):
        texts.append(value["text"])  # a message's own text
    return texts + [t for key, item in value.items() if key != "text" for t in _mrkdwn(item)]


@pytest.fixture
def member(slack: FakeSlack, slack_requests: SlackRequests) -> str:
    slack.add_user("UANNA")
    slack.add_user(COORDINATOR)
    join(slack, slack_requests, "UANNA")
    return "UANNA"


@HYPOTHESIS
@given(text=TEXT)
def test_any_slash_command_text_gets_an_answer(
    slack: FakeSlack, slack_requests: SlackRequests, member: str, text: str
) -> None:
    for user in (member, COORDINATOR):
        reply = slack_requests.command(user, text)
        assert reply.status == 200, (text, reply.body)
        for word in ("avoid", "pause", "admin add", "digest", "goal", "settings"):
            assert slack_requests.command(user, f"{word} {text}").status == 200
    assert broadcasts(slack) == []


@HYPOTHESIS
@given(department=TEXT, about=TEXT, skill=TEXT)
def test_any_profile_is_saved_escaped_or_refused_inline(
    slack: FakeSlack,
    slack_requests: SlackRequests,
    sessions: sessionmaker[Session],
    member: str,
    department: str,
    about: str,
    skill: str,
) -> None:
    slack_requests.command(member, "join")
    view = slack.last("views.open").view()
    answers: dict[str, Any] = {"department": department, "about": about}
    reply = slack_requests.submit(member, view, answers)
    assert reply.status == 200
    assert replied_safely(reply.json()), reply.body  # an edit: the saved profile, or errors
    # a forged option value (not one the modal offered) is refused, never stored
    forged = slack_requests.submit(member, view, {"skills_wanted": []})
    assert forged.status == 200
    assert broadcasts(slack) == []


@HYPOTHESIS
@given(action_id=st.text(min_size=1, max_size=80), value=TEXT)
@example(action_id="x", value=str(2**63))  # an id no database column holds (was a 500)
def test_unknown_buttons_and_forged_values_are_acknowledged(
    slack: FakeSlack, slack_requests: SlackRequests, member: str, action_id: str, value: str
) -> None:
    for forged in (action_id, ids.GOAL_STATUS, ids.NUDGE_PAIR, ids.OPEN_FEEDBACK, ids.KUDOS):
        click = {"type": "button", "action_id": forged, "value": value[:2000]}
        reply = slack_requests.act(member, click, message=("DANNA", "1700000000.000100"))
        assert reply.status == 200, (forged, value, reply.body)
    assert broadcasts(slack) == []


@HYPOTHESIS
@given(
    metadata=TEXT,
    callback=st.sampled_from(
        [
            ids.REFLECT_VIEW,
            ids.CHECKIN_VIEW,
            ids.GOAL_VIEW,
            ids.ROUND_PREVIEW_VIEW,
            ids.FEEDBACK_VIEW,
            ids.SETTINGS_VIEW,
            ids.GOAL_UPDATE_VIEW,
            ids.FORGET_VIEW,
            "no_such_view",
        ]
    ),
)
def test_forged_modals_get_an_answer_and_write_nothing_they_should_not(
    slack: FakeSlack,
    slack_requests: SlackRequests,
    member: str,
    metadata: str,
    callback: str,
) -> None:
    view = {
        "type": "modal",
        "callback_id": callback,
        "private_metadata": metadata[:3000],
        "blocks": [],
    }
    reply = slack_requests.submit("UZED", view, {})
    assert reply.status == 200, (callback, metadata, reply.body)
    assert broadcasts(slack) == []


@pytest.fixture
def pair(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
) -> None:
    paired(slack, slack_requests, sessions, clock)


WORDS = st.one_of(NASTY, st.text(max_size=3000))
CHOICE = st.one_of(
    st.sampled_from(["", "0", "-1", "99", "²", "٣", "x" * 200, "<!channel>"]), st.text(max_size=50)
)


@HYPOTHESIS
@given(what=WORDS, why=WORDS, measure=WORDS, skill=CHOICE, target=CHOICE, visibility=CHOICE)
def test_any_goal_is_saved_or_refused_inline(
    slack: FakeSlack,
    slack_requests: SlackRequests,
    pair: None,
    what: str,
    why: str,
    measure: str,
    skill: str,
    target: str,
    visibility: str,
) -> None:
    view = modal(slack, slack_requests, "UANNA", "goal")
    answers = {
        "what": what,
        "why": why,
        "measure": measure,
        "skill": skill or None,
        "target_date": target or None,
        "visibility": visibility or None,
    }
    reply = slack_requests.submit("UANNA", view, answers)
    assert reply.status == 200, reply.body
    assert replied_safely(reply.json()), reply.body
    assert broadcasts(slack) == []


@HYPOTHESIS
@given(
    worked_on=WORDS,
    learned=WORDS,
    next_step=WORDS,
    minutes=CHOICE,
    rating=CHOICE,
    attendance=CHOICE,
    coach=CHOICE,
    day=CHOICE,
)
def test_any_check_in_is_saved_or_refused_inline(
    slack: FakeSlack,
    slack_requests: SlackRequests,
    pair: None,
    worked_on: str,
    learned: str,
    next_step: str,
    minutes: str,
    rating: str,
    attendance: str,
    coach: str,
    day: str,
) -> None:
    view = modal(slack, slack_requests, "UANNA", "checkin")
    answers = {
        "worked_on": worked_on,
        "learned": learned,
        "next_step": next_step,
        "minutes": minutes,
        "rating": rating or None,
        "attendance": attendance or None,
        "coach": coach or None,
        "session_date": day or None,
    }
    reply = slack_requests.submit("UANNA", view, answers)
    assert reply.status == 200, reply.body
    assert reply.json() == {} or reply.json().get("response_action") == "errors", reply.body
    assert broadcasts(slack) == []


@HYPOTHESIS
@given(text=WORDS, prompt=TEXT, share=st.booleans())
def test_any_reflection_is_saved_or_refused_inline(
    slack: FakeSlack, slack_requests: SlackRequests, pair: None, text: str, prompt: str, share: bool
) -> None:
    view = modal(slack, slack_requests, "UANNA", "reflect")
    view["private_metadata"] = prompt[:3000]  # a forged prompt
    answers = {"text": text, ids.SHARE: ["yes"] if share else []}
    reply = slack_requests.submit("UANNA", view, answers)
    assert reply.status == 200, reply.body
    assert broadcasts(slack) == []


@HYPOTHESIS
@given(reason=WORDS)
def test_any_reason_for_a_new_partner_is_kept_private_and_escaped(
    slack: FakeSlack, slack_requests: SlackRequests, pair: None, reason: str
) -> None:
    home = {"type": "home", "id": "VHOME", "blocks": [_button(ids.OPEN_REQUEST)]}
    slack_requests.click("UANNA", ids.OPEN_REQUEST, view=home)
    view = slack.last("views.open").view()
    if view.get("callback_id") == ids.REQUEST_VIEW:  # still paired: the request modal
        reply = slack_requests.submit("UANNA", view, {ids.REQUEST_REASON: reason})
        assert reply.status == 200, reply.body
    assert broadcasts(slack) == []


@HYPOTHESIS
@given(
    cadence=CHOICE,
    hour=CHOICE,
    channel=CHOICE,
    every=CHOICE,
    weekday=CHOICE,
    mode=CHOICE,
    language=CHOICE,
)
def test_any_settings_are_saved_or_refused_inline(
    slack: FakeSlack,
    slack_requests: SlackRequests,
    member: str,
    cadence: str,
    hour: str,
    channel: str,
    every: str,
    weekday: str,
    mode: str,
    language: str,
) -> None:
    slack_requests.command(COORDINATOR, "settings")
    view = slack.last("views.open").view()
    answers = {
        "cadence": cadence or None,
        "send_hour": hour or None,
        "digest_channel": channel or None,
        "digest_every": every or None,
        "digest_weekday": weekday or None,
        "mode": mode or None,
        "language": language or None,
    }
    reply = slack_requests.submit(COORDINATOR, view, answers)
    assert reply.status == 200, reply.body
    assert replied_safely(reply.json()), reply.body
    assert broadcasts(slack) == []


@HYPOTHESIS
@given(growth=CHOICE, recommend=CHOICE, partner=CHOICE, comment=WORDS, survey=TEXT)
def test_any_survey_answer_is_stored_or_refused_inline(
    slack: FakeSlack,
    slack_requests: SlackRequests,
    pair: None,
    growth: str,
    recommend: str,
    partner: str,
    comment: str,
    survey: str,
) -> None:
    view = feedback_modal("en", "round1", asks_partner=True)
    view["private_metadata"] = survey[:3000] if survey else "round1"
    answers = {
        "growth": growth or None,
        "supported": "4",
        "recommend": recommend or None,
        "partner_uses": partner or None,
        "comment": comment,
    }
    reply = slack_requests.submit("UANNA", view, answers)
    assert reply.status == 200, reply.body
    assert replied_safely(reply.json()), reply.body
    assert broadcasts(slack) == []


def _button(action_id: str) -> dict[str, Any]:
    element = {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": "x"},
    }
    return {"type": "actions", "elements": [element]}
