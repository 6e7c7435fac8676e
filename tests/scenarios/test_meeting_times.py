"""Suggested meeting times in the intro and the fortnightly prompt (issue 16, item 2): inside
every member's meeting hours, on their working days, never on a public holiday."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.db import Database
from bot.models import Member
from tests.conftest import Clock as AppClock
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackRequests
from tests.scenarios.test_pairing import TEAM, confirm, enrol, run_round
from tests.scenarios.test_rhythm import FIRST_PROMPT_SE, make_clock, setup_pair

SLOT = re.compile(r"<!date\^(\d+)\^\{date_long_pretty\} \{time\}\|")
EPIPHANY = date(2027, 1, 6)  # a Wednesday, a public holiday in Sweden and not in the US


def suggested(text: str) -> list[datetime]:
    return [datetime.fromtimestamp(int(epoch), UTC) for epoch in SLOT.findall(text)]


def test_an_intro_suggests_three_times_in_stockholm_and_new_york_hours_skipping_a_holiday(
    slack: FakeSlack,
    slack_requests: SlackRequests,
    sessions: sessionmaker[Session],
    clock: AppClock,
):
    clock.now = datetime(2027, 1, 4, 14, 30, tzinfo=UTC)  # Monday: 15:30 Stockholm, 09:30 NY
    enrol(sessions, slack, {"UANNA": "Finance", "UBEN": "Sales"})
    with sessions.begin() as session:
        ben = session.get(Member, (TEAM, "UBEN"))
        assert ben is not None
        ben.time_zone = "America/New_York"

    confirm(slack, slack_requests, run_round(slack, slack_requests))

    intro = next(c for c in slack.calls_to("chat.postMessage") if c.args["channel"][0] == "G")
    text = str(intro.blocks())
    starts = suggested(text)
    assert "Times that suit you all* (30 minutes" in text
    # Stockholm 09-17 (UTC+1) and New York 09-17 (UTC-5) share 14:00-16:00 UTC; Monday's is
    # too soon (two hours' notice), Wednesday is Epiphany in Sweden
    assert [s.date() for s in starts] == [date(2027, 1, 5), date(2027, 1, 7), date(2027, 1, 8)]
    assert EPIPHANY not in [s.date() for s in starts]
    for start in starts:
        assert time(14) <= start.time() and (start + timedelta(minutes=30)).time() <= time(16)


def test_a_prompt_suggests_times_in_each_readers_language(
    database: Database, sessions: sessionmaker[Session], slack: FakeSlack, settings: Settings
):
    setup_pair(sessions, slack)  # Anna in Stockholm, Ben (Swedish) in New York
    with sessions.begin() as session:
        anna = session.get(Member, (TEAM, "UANNA"))
        assert anna is not None
        anna.meeting_start, anna.meeting_end = time(8), time(15)  # Stockholm: 07:00-14:00 UTC
    clock = make_clock(settings, database, slack)

    clock.tick(FIRST_PROMPT_SE)
    clock.tick(FIRST_PROMPT_SE + timedelta(hours=5))  # 10:00 in New York

    anna_dm = next(c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == "UANNA")
    ben_dm = next(c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == "UBEN")
    assert "Times that suit you all" in str(anna_dm.blocks())
    assert "Tider som passar er alla" in str(ben_dm.blocks())
    # New York is on summer time from 14 March 2027, Stockholm not until the 28th: the shared
    # hours are 13:00-14:00 UTC, on three different weekdays
    for dm in (anna_dm, ben_dm):
        starts = suggested(str(dm.blocks()))
        assert len({s.date() for s in starts}) == 3
        assert all(s.weekday() < 5 and time(13) <= s.time() <= time(13, 30) for s in starts)


def test_hours_that_never_meet_get_the_nearest_compromise_said_to_be_one(
    slack: FakeSlack,
    slack_requests: SlackRequests,
    sessions: sessionmaker[Session],
    clock: AppClock,
):
    clock.now = datetime(2027, 1, 11, 8, tzinfo=UTC)  # Monday 09:00 Stockholm, 17:00 Tokyo
    enrol(sessions, slack, {"UANNA": "Finance", "UBEN": "Sales"})
    with sessions.begin() as session:
        ben = session.get(Member, (TEAM, "UBEN"))
        assert ben is not None
        ben.time_zone = "Asia/Tokyo"
        ben.meeting_start, ben.meeting_end = time(9), time(12)  # 00:00-03:00 UTC

    confirm(slack, slack_requests, run_round(slack, slack_requests))

    # hours that never meet: the intro goes in the first coach's hours (Anna's, here)
    intros = [c for c in slack.calls_to("chat.postMessage") if c.args["channel"][0] == "G"]
    assert intros
    text = str(intros[0].blocks())
    assert "don't overlap" in text and len(suggested(text)) == 3
