"""bot.slack.parse parses every body exactly as Bolt and urllib do."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, quote_plus, unquote_plus, urlencode

from hypothesis import example, given
from hypothesis import strategies as st
from slack_bolt.request.internals import parse_body as bolt_parse_body

from bot.slack import parse

# what makes decoding hard, often; and anything else (but lone surrogates, which no body
# decoded from UTF-8 holds)
TRICKY = st.sampled_from([*"%+=&;\\xXuUN{}0123456789abcdefABCDEF ", "%C3", "%A5", "%E2%9C"])
TEXT = st.lists(TRICKY | st.characters(exclude_categories=["Cs"])).map("".join)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=20,
)


@given(TEXT)
@example("%C3%A5%C3")  # an escape cut short ends in U+FFFD
@example("\\x41%41")  # a backslash of the person's own stays one
@example("%zz%2")  # no escapes at all
@example("%C3å%A5")  # escapes either side of a character sent as it is
def test_unquote_plus_is_urllibs(text: str) -> None:
    assert parse.unquote_plus(text) == unquote_plus(text)


@given(TEXT)
@example("k==v&&z")
def test_a_form_is_parsed_as_parse_qsl_does(body: str) -> None:
    assert parse.parse_form(body) == parse_qsl(body, keep_blank_values=True)


@given(JSON)
def test_a_payload_is_parsed_as_bolt_does(payload: object) -> None:
    body = urlencode({"payload": json.dumps(payload, ensure_ascii=False)})
    content_type = "application/x-www-form-urlencoded"
    assert parse.parse_body(body, content_type) == bolt_parse_body(body, content_type)


@given(st.dictionaries(TEXT, TEXT, max_size=6))
def test_a_slash_command_is_parsed_as_bolt_does(form: dict[str, str]) -> None:
    body = "&".join(f"{quote_plus(k)}={quote_plus(v)}" for k, v in form.items())
    content_type = "application/x-www-form-urlencoded"
    assert parse.parse_body(body, content_type) == bolt_parse_body(body, content_type)


@given(st.dictionaries(TEXT, JSON, max_size=4))
def test_an_event_is_parsed_as_bolt_does(event: dict[str, object]) -> None:
    body = json.dumps(event)
    assert parse.parse_body(body, "application/json") == bolt_parse_body(body, "application/json")
