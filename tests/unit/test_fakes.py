"""The test doubles themselves: they must catch what Slack would reject."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier

from bot.blocks.common import button, input_block, option, section
from tests.conftest import Clock
from tests.fakes.blockkit import message_problems, options_problems, view_problems
from tests.fakes.slack_api import Failure, FakeSlack
from tests.fakes.slack_requests import sign

MODAL = {
    "type": "modal",
    "title": {"type": "plain_text", "text": "Ok"},
    "blocks": [section("hello")],
}


def test_signatures_are_what_slack_sdk_verifies():
    body = b"command=%2Fmentor&text=help"
    timestamp = str(int(time.time()))
    verifier = SignatureVerifier("shh")
    assert verifier.is_valid(body, timestamp, sign("shh", timestamp, body))
    assert not verifier.is_valid(body, timestamp, sign("other", timestamp, body))


def test_valid_payloads_pass():
    assert view_problems(MODAL) == []
    assert message_problems("hi", [section("hi")]) == []


def test_modal_limits_are_enforced():
    long_title = {**MODAL, "title": {"type": "plain_text", "text": "x" * 25}}
    assert view_problems(long_title)
    assert view_problems({**MODAL, "blocks": [section("x")] * 101})
    assert view_problems({**MODAL, "private_metadata": "x" * 3001})
    inputs = {
        **MODAL,
        "blocks": [
            {
                "type": "input",
                "label": {"type": "plain_text", "text": "L"},
                "element": {"type": "plain_text_input", "action_id": "v"},
            }
        ],
    }
    assert any("submit" in p for p in view_problems(inputs))


def _with_input(element: dict[str, object]) -> dict[str, object]:
    block = input_block("b", "Label", {"action_id": "v", **element})
    return {**MODAL, "submit": {"type": "plain_text", "text": "Save"}, "blocks": [block]}


def test_choices_and_time_pickers_are_held_to_slacks_documented_rules():
    days = [option(f"Day {d}", str(d)) for d in range(7)]
    assert view_problems(_with_input({"type": "checkboxes", "options": days})) == []
    eleven = [option(f"Box {n}", str(n)) for n in range(11)]
    for kind in ("checkboxes", "radio_buttons"):
        assert view_problems(_with_input({"type": kind, "options": eleven}))
    stray = option("Day 9", "9")
    assert view_problems(
        _with_input({"type": "checkboxes", "options": days, "initial_options": [stray]})
    )
    assert view_problems(
        _with_input({"type": "radio_buttons", "options": days, "initial_option": stray})
    )
    groups = [{"label": {"type": "plain_text", "text": "G"}, "options": days}]
    chosen = {"type": "static_select", "option_groups": groups}
    assert view_problems(_with_input({**chosen, "initial_option": days[3]})) == []
    assert view_problems(_with_input({**chosen, "initial_option": stray}))
    assert view_problems(_with_input({"type": "timepicker", "initial_time": "09:00"})) == []
    for bad in ("9:00", "09:00x", "24:00", "09:60"):
        assert view_problems(_with_input({"type": "timepicker", "initial_time": bad})), bad
    assert view_problems(_with_input({"type": "timepicker", "timezone": "Mars/Olympus"}))
    assert view_problems(_with_input({"type": "timepicker", "timezone": "Europe/Oslo"})) == []


def test_a_select_whose_options_the_app_loads_holds_a_valid_initial_option():
    sweden = option("Sweden", "SE")
    external = {"type": "external_select", "min_query_length": 0}
    assert view_problems(_with_input({**external, "initial_option": sweden})) == []
    assert view_problems(_with_input({**external, "min_query_length": 2})) == []
    assert view_problems(_with_input({"type": "external_select"})) == []
    too_long = {"text": {"type": "plain_text", "text": "S" * 76}, "value": "SE"}
    assert view_problems(_with_input({**external, "initial_option": too_long}))
    markup = {"text": {"type": "mrkdwn", "text": "*Sweden*"}, "value": "SE"}
    assert view_problems(_with_input({**external, "initial_option": markup}))
    assert view_problems(_with_input({**external, "initial_option": {"value": "SE"}}))
    for length in (-1, "2", 1.5, True):
        assert view_problems(_with_input({**external, "min_query_length": length})), length


def test_an_options_answer_is_held_to_slacks_limits():
    hundred = [option(f"Country {n}", f"C{n}") for n in range(100)]
    assert options_problems({"options": hundred}) == []
    assert options_problems({"options": []}) == []
    assert options_problems({"options": [*hundred, option("One more", "X")]})
    assert options_problems({"options": [option("Sweden", "SE"), option("Sverige", "SE")]})
    assert options_problems({"options": [{"text": {"type": "plain_text", "text": "x" * 76}}]})
    assert options_problems({"options": [option("Sweden", "S" * 151)]})
    assert options_problems({"options": hundred[:1], "option_groups": []})
    assert options_problems({}) and options_problems([hundred[0]])
    group = {"label": {"type": "plain_text", "text": "S"}, "options": hundred[:3]}
    assert options_problems({"option_groups": [group]}) == []
    assert options_problems({"option_groups": [{**group, "label": {"type": "plain_text"}}]})
    assert options_problems({"option_groups": [group] * 101})


def test_message_limits_are_enforced():
    assert message_problems("", [section("x")])  # no fallback text
    assert message_problems("x" * 4001, None)
    assert message_problems("x", [section("x")] * 51)
    assert message_problems(
        "x", [{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}]
    )
    assert message_problems("x", [{"type": "sectoin", "text": {"type": "mrkdwn", "text": "x"}}])
    too_long = {**button("y", "a"), "text": {"type": "plain_text", "text": "y" * 76}}
    assert message_problems("x", [{"type": "actions", "elements": [too_long]}])
    assert message_problems("x", [{"type": "section", "txt": {"type": "mrkdwn", "text": "x"}}])


def test_the_fake_refuses_unknown_methods_and_arguments():
    fake = FakeSlack().start()
    try:
        client = WebClient(token="xoxb-t", base_url=fake.url)
        for call in (
            lambda: client.api_call("chat.postMesage", json={"channel": "U1", "text": "x"}),
            lambda: client.chat_postMessage(channel="U1", text="x", colour="red"),
            lambda: client.views_open(
                trigger_id="t", view={**MODAL, "title": {"type": "plain_text", "text": "x" * 30}}
            ),
        ):
            try:
                call()
            except SlackApiError:
                pass
            else:
                raise AssertionError("the fake accepted a bad call")
        flagged = {problem.split(":")[0] for problem in fake.problems}
        assert flagged == {"chat.postMesage", "chat.postMessage", "views.open"}
    finally:
        fake.stop()


def test_injected_failures_come_in_order_then_success():
    fake = FakeSlack().start()
    try:
        client = WebClient(token="xoxb-t", base_url=fake.url)
        fake.fail("chat.postMessage", Failure(error="account_inactive"))
        try:
            client.chat_postMessage(channel="U1", text="x")
        except SlackApiError as error:
            assert error.response["error"] == "account_inactive"
        assert client.chat_postMessage(channel="U1", text="x")["ok"] is True
    finally:
        fake.stop()


# Scheduled messages, judged by a clock the test sets

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def on_clock() -> Iterator[tuple[FakeSlack, WebClient, Clock]]:
    """A fake of its own on a clock the test moves, and a client for it."""
    clock = Clock(NOW)
    fake = FakeSlack(now=clock).start()
    try:
        yield fake, WebClient(token="xoxb-t", base_url=fake.url), clock
    finally:
        fake.stop()


def _error(call: Callable[[], object]) -> str:
    with pytest.raises(SlackApiError) as raised:
        call()
    return str(raised.value.response["error"])


def _at(moment: datetime) -> int:
    return int(moment.timestamp())


def test_scheduling_answers_an_id_and_the_time_and_posts_when_the_time_comes(on_clock):
    fake, client, clock = on_clock
    post_at = _at(NOW + timedelta(minutes=10))
    answer = client.chat_scheduleMessage(channel="UANNA", post_at=post_at, text="Soon")
    assert answer["scheduled_message_id"].startswith("Q")
    assert (answer["post_at"], answer["channel"]) == (post_at, "DANNA")
    listed = client.chat_scheduledMessages_list(channel="DANNA")["scheduled_messages"]
    assert [(m["id"], m["post_at"], m["text"]) for m in listed] == [
        (answer["scheduled_message_id"], post_at, "Soon")
    ]
    assert not fake.messages.get("DANNA")
    clock.now += timedelta(minutes=10)
    assert client.chat_scheduledMessages_list()["scheduled_messages"] == []
    assert [m["text"] for m in fake.messages["DANNA"]] == ["Soon"]
    assert fake.scheduled[answer["scheduled_message_id"]].state == "posted"
    assert not fake.problems


def test_scheduling_refuses_the_past_and_more_than_120_days_ahead(on_clock):
    fake, client, _ = on_clock
    for post_at, error in (
        (NOW, "time_in_past"),
        (NOW - timedelta(seconds=1), "time_in_past"),
        (NOW + timedelta(days=120, seconds=1), "time_too_far"),
    ):
        assert (
            _error(
                lambda p=post_at: client.chat_scheduleMessage(
                    channel="C1", post_at=_at(p), text="x"
                )
            )
            == error
        )
    client.chat_scheduleMessage(channel="C1", post_at=_at(NOW + timedelta(days=120)), text="x")
    client.chat_scheduleMessage(channel="C1", post_at=_at(NOW + timedelta(seconds=1)), text="x")
    assert len(fake.pending("C1")) == 2
    assert not fake.problems


def test_at_most_30_messages_may_be_due_in_a_channels_5_minute_window(on_clock):
    fake, client, _ = on_clock
    first = NOW + timedelta(hours=1)
    for second in range(30):
        client.chat_scheduleMessage(channel="C1", post_at=_at(first) + second * 10, text="x")
    # due 4 min 50 s after the first: 31 in [first, first + 5 min)
    late = _at(first) + 290
    assert (
        _error(lambda: client.chat_scheduleMessage(channel="C1", post_at=late, text="x"))
        == "restricted_too_many"
    )
    before = _at(first) - 5  # [before, before + 5 min) would hold all 30 and it
    assert (
        _error(lambda: client.chat_scheduleMessage(channel="C1", post_at=before, text="x"))
        == "restricted_too_many"
    )
    client.chat_scheduleMessage(channel="C2", post_at=late, text="x")  # another channel
    client.chat_scheduleMessage(channel="C1", post_at=_at(first) + 300 + 290, text="x")
    one = fake.pending("C1")[0]
    client.chat_deleteScheduledMessage(channel="C1", scheduled_message_id=one.id)
    client.chat_scheduleMessage(channel="C1", post_at=late, text="x")  # room again
    assert len(fake.pending("C1")) == 31
    assert not fake.problems


def test_a_scheduled_message_with_metadata_or_bad_blocks_is_a_problem(on_clock):
    fake, client, _ = on_clock
    post_at = _at(NOW + timedelta(hours=1))
    metadata = {"event_type": "mentor_outbox", "event_payload": {"id": 1}}
    assert (
        _error(
            lambda: client.chat_scheduleMessage(
                channel="C1", post_at=post_at, text="x", metadata=metadata
            )
        )
        == "invalid_arguments"
    )
    with pytest.warns(UserWarning, match="text"):  # slack_sdk warns too
        no_text = _error(
            lambda: client.chat_scheduleMessage(
                channel="C1", post_at=post_at, text="", blocks=[section("x")]
            )
        )
    assert no_text == "invalid_arguments"
    assert (
        _error(lambda: client.chat_scheduleMessage(channel="C1", post_at="tomorrow", text="x"))
        == "invalid_arguments"
    )
    assert len(fake.problems) == 3
    assert "metadata never posts" in fake.problems[0]
    assert "post_at" in fake.problems[2]
    assert fake.pending() == []


def test_deleting_a_scheduled_message_once_and_only_while_it_is_pending(on_clock):
    fake, client, clock = on_clock
    answer = client.chat_scheduleMessage(
        channel="C1", post_at=_at(NOW + timedelta(minutes=5)), text="x"
    )
    message_id = answer["scheduled_message_id"]
    client.chat_deleteScheduledMessage(channel="C1", scheduled_message_id=message_id)
    assert fake.scheduled[message_id].state == "deleted"
    for unknown in (message_id, "Q99999999"):
        assert (
            _error(
                lambda u=unknown: client.chat_deleteScheduledMessage(
                    channel="C1", scheduled_message_id=u
                )
            )
            == "invalid_scheduled_message_id"
        )
    posted = client.chat_scheduleMessage(
        channel="C1", post_at=_at(NOW + timedelta(minutes=5)), text="y"
    )["scheduled_message_id"]
    clock.now += timedelta(minutes=6)
    assert (
        _error(
            lambda: client.chat_deleteScheduledMessage(channel="C1", scheduled_message_id=posted)
        )
        == "invalid_scheduled_message_id"
    )
    assert [m["text"] for m in fake.messages["C1"]] == ["y"]  # the deleted one never posted
    assert not fake.problems


def test_a_dms_scheduled_message_is_deleted_in_the_dm_not_by_the_persons_id(on_clock):
    fake, client, _ = on_clock
    answer = client.chat_scheduleMessage(
        channel="UANNA", post_at=_at(NOW + timedelta(minutes=5)), text="x"
    )
    assert (
        _error(
            lambda: client.chat_deleteScheduledMessage(
                channel="UANNA", scheduled_message_id=answer["scheduled_message_id"]
            )
        )
        == "channel_not_found"
    )
    assert fake.problems and "DANNA" in fake.problems[0]
    client.chat_deleteScheduledMessage(
        channel=answer["channel"], scheduled_message_id=answer["scheduled_message_id"]
    )


def test_the_list_of_scheduled_messages_comes_in_pages_soonest_first(on_clock):
    fake, client, _ = on_clock
    times = [_at(NOW + timedelta(hours=hours)) for hours in (3, 1, 2)]
    for post_at in times:
        client.chat_scheduleMessage(channel="C1", post_at=post_at, text=str(post_at))
    client.chat_scheduleMessage(channel="C2", post_at=times[0], text="elsewhere")
    first = client.chat_scheduledMessages_list(channel="C1", limit=2)
    cursor = first["response_metadata"]["next_cursor"]
    rest = client.chat_scheduledMessages_list(channel="C1", limit=2, cursor=cursor)
    assert rest["response_metadata"]["next_cursor"] == ""
    listed = first["scheduled_messages"] + rest["scheduled_messages"]
    assert [m["post_at"] for m in listed] == sorted(times)
    assert {m["channel_id"] for m in listed} == {"C1"}
    assert len(client.chat_scheduledMessages_list()["scheduled_messages"]) == 4
    assert not fake.problems


def test_a_shared_file_is_kept_with_its_bytes_title_channel_and_comment(on_clock):
    fake, client, _ = on_clock
    client.files_upload_v2(
        channel="C1",
        file=b"BEGIN:VCALENDAR\r\n",
        filename="session.ics",
        title="Your session",
        initial_comment="Add it to your calendar",
    )
    (shared,) = fake.files.values()
    assert shared.data == b"BEGIN:VCALENDAR\r\n"
    assert (shared.filename, shared.title) == ("session.ics", "Your session")
    assert (shared.channel, shared.comment) == ("C1", "Add it to your calendar")
    assert not fake.problems


def test_users_info_gives_the_email_a_test_gave_the_person(on_clock):
    fake, client, _ = on_clock
    fake.add_user("UANNA", name="Anna Åström", email="anna@example.se")
    fake.add_user("UBOB")
    anna = client.users_info(user="UANNA")["user"]
    assert anna["profile"]["email"] == "anna@example.se"
    assert anna["profile"]["real_name"] == "Anna Åström"
    assert "email" not in client.users_info(user="UBOB")["user"]["profile"]
