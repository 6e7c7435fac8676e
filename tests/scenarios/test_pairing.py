"""Pairing rounds through Slack: run, preview, confirm, intros, the participant's view."""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot import ids
from bot.config import Settings
from bot.db import Database
from bot.domain import CareerLevel, ProfileInput, RolePreference
from bot.factory import create_app
from bot.models import Pair, Round
from bot.services import members
from bot.slack.clients import make_client
from bot.slack.door import make_wsgi, serve
from tests.conftest import COORDINATOR, START, Clock
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.programme import the_programme

TEAM = "T0TEST"


def enrol(sessions: sessionmaker[Session], slack: FakeSlack, users: dict[str, str], **kw: Any):
    """Members with profiles (set up directly; joining is tested elsewhere): user -> dept."""
    skills = [("writing", "strategy"), ("negotiation", "public_speaking")]
    with sessions.begin() as session:
        for i, (user, department) in enumerate(users.items()):
            slack.add_user(user, locale=kw.get("locale", "en-US"))
            profile = ProfileInput(
                skills_offered=skills[i % 2],
                skills_wanted=skills[(i + 1) % 2],
                department=department,
                role_preference=RolePreference.PEER,
                career_level=CareerLevel.MID,
                about="",
            )
            members.save_profile(session, TEAM, the_programme(session), user, profile, START, "en")
            members.ensure_member(session, TEAM, user, START).time_zone = "Europe/Stockholm"


def run_round(slack: FakeSlack, requests: SlackRequests, **answers: Any) -> dict[str, Any]:
    """A coordinator runs a round through the modals; returns the preview view."""
    slack.add_user(COORDINATOR)
    assert requests.command(COORDINATOR, "pair").status == 200
    options = slack.last("views.open").view()
    assert options["callback_id"] == ids.ROUND_OPTIONS_VIEW
    reply = requests.submit(COORDINATOR, options, answers).json()
    assert reply["response_action"] == "update"  # "working..." at once, then the preview
    preview = slack.last("views.update")
    assert preview.args["view_id"] == options.get("id", "V0MODAL")
    return preview.view()


def confirm(slack: FakeSlack, requests: SlackRequests, preview: dict[str, Any]) -> str:
    reply = requests.submit(COORDINATOR, preview, {}).json()
    assert reply["response_action"] == "update"
    return str(slack.calls_to("views.update")[-1].view()["blocks"])


def test_a_coordinator_previews_then_confirms_a_round_and_intros_go_out(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    enrol(sessions, slack, {"UANNA": "Finance", "UBEN": "Sales", "UCARL": "IT", "UDORA": "Sales"})

    preview = run_round(slack, slack_requests)

    assert preview["callback_id"] == ids.ROUND_PREVIEW_VIEW
    shown = str(preview["blocks"])
    assert "2 pairs and 0 triads" in shown and "4 people" in shown
    assert "can help" in shown and "shared working hours" in shown
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Round)) == 0  # only a preview

    result = confirm(slack, slack_requests, preview)

    assert "Round 1 has started with 2 groups" in result
    opened = slack.calls_to("conversations.open")
    assert sorted(len(c.args["users"].split(",")) for c in opened) == [2, 2]
    intros = [c for c in slack.calls_to("chat.postMessage") if c.args["channel"].startswith("G")]
    assert len(intros) == 2
    intro = str(intros[0].blocks())
    assert "Meet your coaching partner" in intro and "coaches first" in intro
    assert "30 minutes" in intro and "every two weeks" in intro
    with sessions() as session:
        pairs = session.scalars(select(Pair)).all()
        # each group's intro went to its own conversation (the sender posts them in parallel)
        assert all(p.intro_sent_at is not None for p in pairs)
        assert sorted(str(p.conversation_id) for p in pairs) == sorted(
            c.args["channel"] for c in intros
        )


def test_participants_see_their_partner_and_round_dates(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    enrol(sessions, slack, {"UANNA": "Finance", "UBEN": "Sales"})
    before = slack_requests.command("UANNA", "pair").json()
    assert "don't have a partner" in before["text"]

    confirm(slack, slack_requests, run_round(slack, slack_requests))
    mine = slack_requests.command("UANNA", "pair").json()

    shown = str(mine["blocks"])
    assert "<@UBEN>" in shown and "Round 1" in shown and "<!date^" in shown
    assert ids.OPEN_REQUEST in shown


def test_only_coordinators_run_rounds_even_with_a_forged_submission(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    enrol(sessions, slack, {"UANNA": "Finance", "UBEN": "Sales"})
    run_round(slack, slack_requests)
    options = slack.calls_to("views.open")[-1].view()

    reply = slack_requests.submit("UANNA", options, {}).json()

    assert reply["response_action"] == "update"
    assert "Only the programme's coordinators" in str(reply["view"]["blocks"])
    preview = slack.last("views.update").view()
    forged = slack_requests.submit("UANNA", preview, {}).json()
    assert "Only the programme's coordinators" in str(forged["view"]["blocks"])
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Round)) == 0


def test_bad_options_are_answered_inline(slack: FakeSlack, slack_requests: SlackRequests):
    slack.add_user(COORDINATOR)
    slack_requests.command(COORDINATOR, "pair")
    options = slack.last("views.open").view()

    reply = slack_requests.submit(
        COORDINATOR, options, {"recent_rounds": "99", "round_weeks": "0"}
    ).json()

    assert reply["response_action"] == "errors"
    assert set(reply["errors"]) == {"recent_rounds", "round_weeks"}
    assert slack.calls_to("views.update") == []


def test_confirming_the_same_preview_twice_makes_one_round(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    enrol(sessions, slack, {"UANNA": "Finance", "UBEN": "Sales"})
    preview = run_round(slack, slack_requests)

    confirm(slack, slack_requests, preview)
    again = confirm(slack, slack_requests, preview)

    assert "already confirmed as round 1" in again
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Round)) == 1
    assert len(slack.calls_to("conversations.open")) == 1


def test_the_options_used_last_are_the_next_defaults(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    enrol(sessions, slack, {"UANNA": "Finance", "UBEN": "Sales", "UCARL": "IT"})
    preview = run_round(
        slack,
        slack_requests,
        mode="cross_group",
        group_size="3",
        recent_rounds="4",
        round_weeks="8",
    )
    confirm(slack, slack_requests, preview)

    slack_requests.command(COORDINATOR, "pair")
    options = slack.last("views.open").view()

    initial = {b["block_id"]: b["element"] for b in options["blocks"] if b["type"] == "input"}
    assert initial["mode"]["initial_option"]["value"] == "cross_group"
    assert initial["group_size"]["initial_option"]["value"] == "3"
    assert (initial["recent_rounds"]["initial_value"], initial["round_weeks"]["initial_value"]) == (
        "4",
        "8",
    )


def test_someone_who_cannot_be_placed_is_told_why_in_their_language(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    enrol(sessions, slack, {"UANNA": "Finance", "UBEN": "Finance"})
    enrol(sessions, slack, {"USVEN": "Juridik"}, locale="sv-SE")

    confirm(slack, slack_requests, run_round(slack, slack_requests, mode="within_group"))

    told = [c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == "USVEN"]
    assert len(told) == 1 and "Vi kunde inte para ihop dig" in told[0].args["text"]


def test_asking_for_a_new_partner_tells_each_person_only_what_is_theirs(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
):
    enrol(sessions, slack, {"UANNA": "Finance", "UBEN": "Sales"})
    confirm(slack, slack_requests, run_round(slack, slack_requests))
    enrol(sessions, slack, {"UCARL": "IT", "UDORA": "Legal"})  # joined after: free now
    clock.advance(days=3)

    slack_requests.click("UANNA", ids.OPEN_REQUEST)
    modal = slack.last("views.open").view()
    assert modal["callback_id"] == ids.REQUEST_VIEW and "<@UBEN>" in str(modal["blocks"])
    reply = slack_requests.submit("UANNA", modal, {ids.REQUEST_REASON: "We never find a time"})

    assert reply.json() == {}
    dms = {c.args["channel"]: c.args for c in slack.calls_to("chat.postMessage")}
    assert "new partner" in dms["UANNA"]["text"]
    assert "has ended" in str(dms["UBEN"]["blocks"])
    assert "never find a time" not in str(dms["UBEN"])  # the partner is not told why
    assert "never find a time" in str(dms[COORDINATOR]["blocks"])  # coordinators are
    now_paired = slack_requests.command("UANNA", "pair").json()
    assert "<@UBEN>" not in str(now_paired["blocks"])
    assert "<@UCARL>" in str(now_paired["blocks"]) or "<@UDORA>" in str(now_paired["blocks"])


def test_paused_people_are_not_paired_until_they_resume(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    enrol(sessions, slack, {"UANNA": "Finance", "UBEN": "Sales", "UCARL": "IT"})

    paused = slack_requests.command("UCARL", "pause 3").json()
    assert "Paused until" in paused["text"]
    assert "whole number" in slack_requests.command("UCARL", "pause soon").json()["text"]
    preview = run_round(slack, slack_requests)
    assert "<@UCARL>" not in str(preview["blocks"])

    assert "Welcome back" in slack_requests.command("UCARL", "resume").json()["text"]
    assert "not paused" in slack_requests.command("UCARL", "resume").json()["text"]


def test_an_avoided_person_is_never_a_partner_and_home_lists_them(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    enrol(sessions, slack, {"UANNA": "Finance", "UBEN": "Sales"})

    added = slack_requests.command("UANNA", "avoid <@UBEN|ben>").json()

    assert "never be paired with <@UBEN>" in added["text"]
    preview = run_round(slack, slack_requests)
    assert "0 pairs" in str(preview["blocks"])
    slack_requests.home_opened("UANNA")
    home = slack.last("views.publish").view()
    assert "<@UBEN>" in str(home["blocks"])
    slack_requests.click("UANNA", ids.REMOVE_AVOID, value="UBEN", view=home)
    assert "<@UBEN>" not in str(slack.last("views.publish").view()["blocks"])


def test_avoid_from_home_refuses_yourself_inline(slack: FakeSlack, slack_requests: SlackRequests):
    slack.add_user("UANNA")
    slack_requests.home_opened("UANNA")
    slack_requests.click("UANNA", ids.OPEN_PROFILE, view=slack.last("views.publish").view())
    slack_requests.submit(
        "UANNA",
        slack.last("views.open").view(),
        {
            "skills_wanted": ["strategy"],
            "department": "Finance",
            "career_level": "mid",
        },
    )
    home = slack.last("views.publish").view()

    slack_requests.click("UANNA", ids.OPEN_AVOID, view=home)
    modal = slack.last("views.open").view()
    reply = slack_requests.submit("UANNA", modal, {ids.AVOID_PERSON: "UANNA"}).json()

    assert reply["response_action"] == "errors" and ids.AVOID_PERSON in reply["errors"]
    assert "usage" not in reply["errors"][ids.AVOID_PERSON]


def test_history_survives_a_restart(
    slack: FakeSlack,
    slack_requests: SlackRequests,
    sessions: sessionmaker[Session],
    database: Database,
    settings: Settings,
    clock: Clock,
):
    enrol(sessions, slack, {"UANNA": "Finance", "UBEN": "Sales"})
    confirm(slack, slack_requests, run_round(slack, slack_requests))
    database.dispose()  # every connection of the old process state is gone

    restarted = create_app(
        settings,
        database,
        make_client(settings.slack_bot_token, slack.url),
        clock=clock,
        synchronous=True,
    )
    server = serve(make_wsgi(restarted, database.engine, slack_requests.secret), "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    try:
        again = SlackRequests(f"http://127.0.0.1:{server.server_port}", slack_requests.secret)
        shown = str(again.command("UANNA", "pair").json()["blocks"])
        assert "<@UBEN>" in shown and "Round 1" in shown
        second = run_round(slack, again)
        assert "0 pairs" in str(second["blocks"])  # round 1's pair still counts as recent
    finally:
        server.shutdown()
        server.server_close()


def test_asking_for_a_new_partner_without_one_says_so_under_its_own_title(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session]
):
    enrol(sessions, slack, {"UANNA": "Finance"})

    slack_requests.click("UANNA", ids.OPEN_REQUEST)

    view = slack.last("views.open").view()
    assert view["title"]["text"] == "New partner"
    assert "don't have a partner to change" in str(view["blocks"])
