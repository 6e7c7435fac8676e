"""Learnings shared by choice, through Slack: the coordinators' learning channel; the button
after a check-in and after a reflection; the line, its preview and one post, named or
anonymous; the digest's links; forget-me taking the name off; and never a private
reflection's words without the sharing step."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot import ids
from bot.domain import LearningSource
from bot.models import Learning
from bot.services import programmes
from tests.conftest import COORDINATOR, Clock
from tests.fakes.blockkit import view_problems
from tests.fakes.slack_api import Failure, FakeSlack
from tests.fakes.slack_requests import SlackRequests, sign
from tests.scenarios.helpers import input_values
from tests.scenarios.test_coaching import CHECKIN, dms_to, modal, paired
from tests.services.test_digest_figures import TEAM

LEARNINGS = "C0LEARN"
COORDS = "C0COORDS"


def set_learning_channel(
    slack: FakeSlack, requests: SlackRequests, channel: str | None = LEARNINGS, **answers: str
) -> dict[str, Any]:
    """The coordinator chooses the learning channel in /mentor settings; the reply."""
    slack.add_user(COORDINATOR)
    assert requests.command(COORDINATOR, "settings").status == 200
    view = slack.last("views.open").view()
    answers = {ids.LEARNING_CHANNEL: channel, "digest_channel": COORDS, **answers}
    return requests.submit(COORDINATOR, view, answers).json()


def check_in(slack: FakeSlack, requests: SlackRequests, user: str, **answers: str):
    """The person logs a check-in; the DM that confirms it."""
    reply = requests.submit(user, modal(slack, requests, user, "checkin"), {**CHECKIN, **answers})
    assert reply.json() == {}
    return dms_to(slack, user)[-1]


def share_button(blocks: list[dict[str, Any]]) -> dict[str, Any] | None:
    for block in blocks:
        for element in block.get("elements", []):
            if element.get("action_id") == ids.SHARE_LEARNING:
                return element
    return None


def open_share_after_check_in(
    slack: FakeSlack, requests: SlackRequests, user: str, **answers: str
) -> dict[str, Any]:
    """Check in, click "Share a learning" in the confirmation: the sharing modal."""
    saved = check_in(slack, requests, user, **answers)
    button = share_button(saved.blocks())
    assert button is not None
    requests.act(
        user,
        {"type": "button", "action_id": ids.SHARE_LEARNING, "value": button["value"]},
        message=("D" + user[1:], "1.1"),
    )
    return {**slack.last("views.open").view(), "id": f"VSHARE{len(slack.calls)}"}  # Slack's


def preview(
    slack: FakeSlack, requests: SlackRequests, user: str, form: dict[str, Any], **answers: Any
) -> dict[str, Any]:
    """Submit the line: the preview, as the same modal (its id kept)."""
    reply = requests.submit(user, form, answers).json()
    assert reply["response_action"] == "update", reply
    assert reply["view"]["callback_id"] == ids.LEARNING_PREVIEW_VIEW
    assert view_problems(reply["view"]) == []  # what Slack would take
    return {**reply["view"], "id": form["id"]}


def resend(requests: SlackRequests, payload: dict[str, Any]) -> None:
    """The same interaction again, as Slack sends it again, with its retry headers."""
    body = urlencode({"payload": json.dumps(payload)}).encode()
    stamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": sign(requests.secret, stamp, body),
        "X-Slack-Retry-Num": "1",
        "X-Slack-Retry-Reason": "http_timeout",
    }
    assert requests.request("POST", "/slack/events", body, headers).status == 200


def posted_in(slack: FakeSlack, channel: str = LEARNINGS) -> list[Any]:
    return [c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == channel]


def rows(sessions: sessionmaker[Session]) -> list[Learning]:
    with sessions() as session:
        return list(session.scalars(select(Learning).order_by(Learning.id)))


def test_the_coordinator_sets_the_learning_channel_and_the_button_follows_it(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
) -> None:
    paired(slack, slack_requests, sessions, clock)
    # no learning channel: no button after a check-in
    saved = check_in(slack, slack_requests, "UANNA")
    assert share_button(saved.blocks()) is None
    assert "learning" not in json.dumps(saved.blocks()).lower()

    reply = set_learning_channel(slack, slack_requests)
    assert reply["response_action"] == "update"
    with sessions() as session:
        chosen = programmes.settings_of(session, programmes.first(session, TEAM))
    assert chosen.learning_channel == LEARNINGS
    slack_requests.command(COORDINATOR, "settings")
    assert input_values(slack.last("views.open").view())[ids.LEARNING_CHANNEL] == LEARNINGS

    saved = check_in(slack, slack_requests, "UBEN")
    button = share_button(saved.blocks())
    assert button is not None and button["text"]["text"] == "Share a learning with the programme"
    # thanking the partner replaces the confirmation, and the button stays
    kudos = next(b for b in saved.blocks() if b["type"] == "actions")["elements"][0]
    slack_requests.act(
        "UBEN",
        {"type": "button", "action_id": ids.KUDOS, "value": kudos["value"]},
        message=("DBEN", "1.2"),
    )
    thanked = slack.last("chat.update")
    assert thanked.args["ts"] == "1.2" and share_button(thanked.blocks()) == button
    # a person is refused a channel that is not one
    slack_requests.command(COORDINATOR, "settings")
    refused = slack_requests.submit(
        COORDINATOR, slack.last("views.open").view(), {ids.LEARNING_CHANNEL: "U0PERSON"}
    ).json()
    assert refused["errors"] == {ids.LEARNING_CHANNEL: "Choose a channel, not a person."}


def test_a_named_learning_is_previewed_and_posted_once_as_it_was_previewed(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
) -> None:
    paired(slack, slack_requests, sessions, clock)
    set_learning_channel(slack, slack_requests)
    form = open_share_after_check_in(slack, slack_requests, "UANNA")
    shown = input_values(form)
    # the check-in's "What did you learn?" is the proposal; anonymous unless they choose
    assert shown[ids.LEARNING_TEXT] == CHECKIN["learned"]
    assert shown[ids.LEARNING_AS] == ids.LEARNING_ANONYMOUS
    assert f"<#{LEARNINGS}>" in json.dumps(form)

    line = "Silence after a question gives the best answers"
    shown_first = preview(
        slack,
        slack_requests,
        "UANNA",
        form,
        **{ids.LEARNING_TEXT: line, ids.LEARNING_AS: ids.LEARNING_NAMED},
    )
    assert posted_in(slack) == []  # nothing goes before the Post
    for _ in range(2):  # a double click
        reply = slack_requests.submit("UANNA", shown_first, {}).json()
        assert reply["response_action"] == "update"
    assert "is posted in" in json.dumps(reply["view"])  # the second says it went already
    resend(slack_requests, slack_requests.sent[-1])  # Slack sending the same request again

    [post] = posted_in(slack)
    assert "<@UANNA>" in post.args["text"] and line in post.args["text"]
    previewed = shown_first["blocks"]
    assert all(block in previewed for block in post.blocks())  # exactly what was previewed
    [row] = rows(sessions)
    assert (row.user_id, row.anonymous, row.text, row.source.value) == (
        "UANNA",
        False,
        line,
        "checkin",
    )
    assert row.ts is not None and row.permalink and row.permalink.startswith("https://")
    assert "See it" in json.dumps(slack.last("views.update").view())


def test_an_anonymous_learning_carries_nothing_of_its_author(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
) -> None:
    paired(slack, slack_requests, sessions, clock)
    set_learning_channel(slack, slack_requests)
    form = open_share_after_check_in(slack, slack_requests, "UANNA")
    shown = preview(slack, slack_requests, "UANNA", form)  # as proposed, anonymously
    slack_requests.submit("UANNA", shown, {})

    [post] = posted_in(slack)
    assert "UANNA" not in json.dumps(post.args) and "anna" not in json.dumps(post.args).lower()
    assert "Someone in the programme shared a learning" in post.args["text"]
    assert CHECKIN["learned"] in post.args["text"]
    assert "UANNA" not in json.dumps(shown["blocks"][1:-1])  # the preview of the post, too
    [row] = rows(sessions)
    assert row.anonymous and row.user_id == "UANNA"  # theirs to export or forget, shown never


def test_broadcasts_mentions_and_links_typed_are_escaped_and_long_or_broken_lines_refused(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
) -> None:
    paired(slack, slack_requests, sessions, clock)
    set_learning_channel(slack, slack_requests)
    form = open_share_after_check_in(slack, slack_requests, "UANNA")
    for typed, error in (
        ("x" * 281, "Keep it to 280 characters (now 281)."),
        ("first line\nsecond line", "Keep it to one line."),
        ("   ", "Write your learning first."),
    ):
        reply = slack_requests.submit("UANNA", form, {ids.LEARNING_TEXT: typed}).json()
        assert reply == {"response_action": "errors", "errors": {ids.LEARNING_TEXT: error}}
    preview(slack, slack_requests, "UANNA", form, **{ids.LEARNING_TEXT: "😀" * 280})  # fits
    hostile = "<!channel> ask <@U123> & <https://evil.example|here>"
    shown = preview(slack, slack_requests, "UANNA", form, **{ids.LEARNING_TEXT: hostile})
    slack_requests.submit("UANNA", shown, {})

    [post] = posted_in(slack)
    sent = json.dumps(post.args)
    for raw in ("<!channel>", "<@U123>", "<https://evil"):
        assert raw not in sent
    assert "&lt;!channel&gt; ask &lt;@U123&gt; &amp; &lt;https://evil.example|here&gt;" in sent
    assert rows(sessions)[0].text == hostile  # stored as typed, escaped where shown


def test_a_reflection_offers_sharing_but_never_its_own_words(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
) -> None:
    paired(slack, slack_requests, sessions, clock)
    set_learning_channel(slack, slack_requests)
    secret = "PRIVATE-REFLECTION-WORDS about my manager"
    written = modal(slack, slack_requests, "UANNA", "reflect")
    reply = slack_requests.submit("UANNA", written, {ids.REFLECTION_TEXT: secret}).json()
    confirmation = {**reply["view"], "id": "V0REFLECT"}
    button = share_button(confirmation["blocks"])
    assert button is not None and secret not in json.dumps(confirmation)
    assert posted_in(slack) == []  # saving a reflection posts nothing

    slack_requests.click("UANNA", ids.SHARE_LEARNING, button["value"], view=confirmation)
    form = {**slack.last("views.update").view(), "id": "V0REFLECT"}
    assert input_values(form).get(ids.LEARNING_TEXT) is None  # empty, with a hint
    assert "Your reflection stays private" in json.dumps(form)
    assert secret not in json.dumps(form)
    line = "Writing things down makes the next session start faster"
    shown = preview(slack, slack_requests, "UANNA", form, **{ids.LEARNING_TEXT: line})
    # Back keeps the line and the choice
    slack_requests.click("UANNA", ids.LEARNING_BACK, view=shown)
    again = slack.last("views.update").view()
    assert input_values(again)[ids.LEARNING_TEXT] == line
    slack_requests.submit("UANNA", shown, {})

    [post] = posted_in(slack)
    assert line in post.args["text"]
    elsewhere = [c.args for c in slack.calls if c.args.get("user_id") != "UANNA"]  # her Home
    assert secret not in json.dumps(elsewhere)
    assert rows(sessions)[0].source.value == "reflection"
    # a forged button naming someone else's reflection offers nothing
    slack_requests.click("UBEN", ids.SHARE_LEARNING, button["value"], view=confirmation)
    assert "isn't yours" in json.dumps(slack.last("views.update").view())


def test_a_channel_the_bot_cannot_post_in_is_said_and_nothing_is_kept(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
) -> None:
    paired(slack, slack_requests, sessions, clock)
    set_learning_channel(slack, slack_requests)
    shown = preview(
        slack, slack_requests, "UANNA", open_share_after_check_in(slack, slack_requests, "UANNA")
    )
    slack.fail("chat.postMessage", Failure("not_in_channel"))
    slack_requests.submit("UANNA", shown, {})

    told = json.dumps(slack.last("views.update").view())
    assert "I can't post in" in told and "Nothing was shared" in told
    assert rows(sessions) == []
    slack_requests.submit("UANNA", shown, {})  # invited meanwhile: the same Post works
    assert len(slack.messages[LEARNINGS]) == 1 and len(rows(sessions)) == 1  # posted once


def test_the_digest_links_the_weeks_learnings(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
) -> None:
    paired(slack, slack_requests, sessions, clock)
    set_learning_channel(slack, slack_requests)
    for user in ("UANNA", "UBEN"):
        form = open_share_after_check_in(slack, slack_requests, user)
        slack_requests.submit(user, preview(slack, slack_requests, user, form), {})
    links = [row.permalink for row in rows(sessions)]
    assert len(links) == 2

    slack_requests.command(COORDINATOR, "digest")
    [digest] = posted_in(slack, COORDS)
    text = json.dumps(digest.blocks())
    assert "Learnings shared this week:* 2" in text
    assert all(f"<{link}|Learning" in text for link in links)
    assert CHECKIN["learned"] not in text  # links, never the words

    clock.advance(days=8)  # a week on, they are last week's
    slack_requests.command(COORDINATOR, "digest")
    assert "Learnings shared" not in json.dumps(posted_in(slack, COORDS)[-1].blocks())


def test_forget_me_takes_the_name_off_what_was_posted(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
) -> None:
    paired(slack, slack_requests, sessions, clock)
    set_learning_channel(slack, slack_requests)
    named = {ids.LEARNING_AS: ids.LEARNING_NAMED}
    for line in ("First thing I learned", "Second thing I learned"):
        form = open_share_after_check_in(slack, slack_requests, "UANNA")
        shown = preview(slack, slack_requests, "UANNA", form, **{ids.LEARNING_TEXT: line}, **named)
        slack_requests.submit("UANNA", shown, {})
    posts = posted_in(slack)
    assert len(posts) == 2
    # the export holds them
    slack_requests.command("UANNA", "export-me")
    completed = slack.last("files.completeUploadExternal").args
    data = json.loads(slack.uploads[json.loads(completed["files"])[0]["id"]])
    assert [x["text"] for x in data["learnings_i_shared"]] == [
        "First thing I learned",
        "Second thing I learned",
    ]

    slack.fail("chat.update", Failure("message_not_found"))  # the first update fails
    slack_requests.command("UANNA", "forget-me")
    slack_requests.submit("UANNA", slack.last("views.open").view(), {"confirm": ["yes"]})

    updates = [u for u in slack.calls_to("chat.update") if u.args["channel"] == LEARNINGS]
    assert [(u.args["channel"], u.args["ts"]) for u in updates] == [
        (LEARNINGS, rows(sessions)[0].ts),
        (LEARNINGS, rows(sessions)[1].ts),
    ]  # one refusal stops none of the others
    for update in updates:
        assert "UANNA" not in json.dumps(update.args)
        assert "Someone in the programme shared a learning" in update.args["text"]
    assert [(r.user_id, r.anonymous) for r in rows(sessions)] == [(None, True), (None, True)]


def test_both_languages(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
) -> None:
    paired(slack, slack_requests, sessions, clock)
    slack.add_user("UANNA", locale="sv-SE")
    set_learning_channel(slack, slack_requests, language="sv")  # the programme's language
    saved = check_in(slack, slack_requests, "UANNA")
    button = share_button(saved.blocks())
    assert button is not None and button["text"]["text"] == "Dela en lärdom med programmet"
    form = open_share_after_check_in(slack, slack_requests, "UANNA")
    assert form["title"]["text"] == "Dela en lärdom"
    reply = slack_requests.submit("UANNA", form, {ids.LEARNING_TEXT: "a\nb"}).json()
    assert reply["errors"] == {ids.LEARNING_TEXT: "Håll det till en rad."}
    shown = preview(slack, slack_requests, "UANNA", form, **{ids.LEARNING_AS: ids.LEARNING_NAMED})
    assert shown["submit"]["text"] == "Publicera"
    slack_requests.submit("UANNA", shown, {})
    [post] = posted_in(slack)
    assert "<@UANNA> delade en lärdom" in post.args["text"]
    # a programme in English posts in English, whoever shares; the modal stays in theirs
    set_learning_channel(slack, slack_requests, language="en")
    form = open_share_after_check_in(slack, slack_requests, "UANNA")
    shown = preview(slack, slack_requests, "UANNA", form)
    assert shown["submit"]["text"] == "Publicera"
    slack_requests.submit("UANNA", shown, {})
    assert "Someone in the programme shared a learning" in posted_in(slack)[-1].args["text"]


def test_a_post_cut_short_by_a_stopped_process_can_be_made_again_later(
    slack: FakeSlack, slack_requests: SlackRequests, sessions: sessionmaker[Session], clock: Clock
) -> None:
    paired(slack, slack_requests, sessions, clock)
    set_learning_channel(slack, slack_requests)
    form = open_share_after_check_in(slack, slack_requests, "UANNA")
    shown = preview(slack, slack_requests, "UANNA", form)
    with sessions.begin() as session:  # claimed, then the process stopped before posting
        session.add(
            Learning(
                team_id=TEAM,
                programme_id=programmes.first(session, TEAM),
                user_id="UANNA",
                anonymous=True,
                text=CHECKIN["learned"],
                locale="en",
                source=LearningSource.CHECKIN,
                view_id=shown["id"],
                channel=LEARNINGS,
                claimed_at=clock.now,
            )
        )
    slack_requests.submit("UANNA", shown, {})
    assert posted_in(slack) == []  # it may still be on its way: nothing twice

    clock.advance(minutes=6)  # no post ever came: the claim is given up
    slack_requests.submit("UANNA", shown, {})
    slack_requests.submit("UANNA", shown, {})
    [post] = posted_in(slack)
    assert CHECKIN["learned"] in post.args["text"]
    [row] = rows(sessions)
    assert row.ts is not None and row.claimed_at == clock.now
