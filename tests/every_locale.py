"""Every surface in every language: each blocks function the bot calls during a test is
rendered again, with the same arguments, in each other supported locale and checked as
tests/fakes/blockkit.py checks what the bot sends (German and Finnish texts run longer).

Only the names bound outside bot.blocks (`from bot.blocks.home import home_view` in a listener
or job) are wrapped, so only the outermost call is checked: blocks calling blocks reach the
originals. A function takes its language as a `locale` or `language` parameter, or inside a
frozen dataclass argument with a `locale` field (MemberCard, PostedLearning), which is
replaced. One given texts a listener translated (message_modal, ephemeral) gets them again
from bot.i18n in the other locale: `t` and `tn` are wrapped where bound outside bot.blocks
to remember the key and values behind each text (a text built from several is not found).
What a function returns decides the check:

- a view (a dict of type modal or home): view_problems, and a title longer than Slack's 24
  characters, which bot.blocks.common.modal would cut silently;
- a message (a dict with text or blocks): message_problems;
- an options load answer (a dict with options or option_groups): options_problems;
- an element (a dict with another type: a button, a select): as a section's accessory;
- a list of blocks: the block checks; of options or option groups: options_problems; of text
  objects: each as a section field; of strings or tuples of strings: each as a string;
- a string: not empty when the original is not, and within a section text's 3000 characters
  (a message text's 4000 when the original already runs past 3000).

Any shape it cannot tell, and a result empty where the original is not, is a problem too.
Problems are collected, never raised (the app runs in a server thread), and the test fails at
teardown. Re-rendering must change nothing the test sees: the arguments are deep-copied (and
an ORM object among them is a problem, not copied), and a SQL statement run while
re-rendering is a problem (a statement counter in the test would see it).
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import inspect
import json
import sys
import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine, event

import bot.blocks.common
import bot.config
import bot.i18n
from tests.fakes.blockkit import (
    MESSAGE_TEXT_MAX,
    VIEW_TEXT_FIELDS_MAX,
    _block_problems,
    message_problems,
    options_problems,
    view_problems,
)

LOCALE_PARAMETERS = ("locale", "language")
SECTION_TEXT_MAX = 3000
BLOCK_TYPES = frozenset(
    {"section", "actions", "context", "divider", "header", "image", "input", "rich_text", "file"}
)
TEXT_TYPES = frozenset({"plain_text", "mrkdwn"})
TRANSLATORS = {"t": bot.i18n.t, "tn": bot.i18n.tn}  # as listeners and jobs bind them
Switch = Callable[[dict[str, Any], str], dict[str, Any]]  # arguments -> those in another locale


@dataclasses.dataclass
class Coverage:
    """Over a whole run: the blocks functions re-rendered, and those called with no language."""

    rendered: set[str] = dataclasses.field(default_factory=set)
    without_locale: set[str] = dataclasses.field(default_factory=set)

    def summary(self) -> str:
        """One paragraph for the end of the run."""
        never = sorted(self.without_locale - self.rendered)
        sometimes = sorted(self.without_locale & self.rendered)
        return (
            f"every locale: {len(self.rendered)} blocks functions re-rendered in "
            f"{', '.join(bot.config.SUPPORTED_LOCALES)}; never (no language to change): "
            f"{', '.join(never) or 'none'}; not on every call: {', '.join(sometimes) or 'none'}"
        )


COVERAGE = Coverage()


class EveryLocale:
    """Wraps the bound blocks functions for one test and collects what other locales break."""

    def __init__(self, coverage: Coverage = COVERAGE) -> None:
        self.problems: list[str] = []
        self.coverage = coverage
        self._local = threading.local()
        self._checked: dict[str, list[str]] = {}  # identical payloads are checked once

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Wrap every public bot.blocks function bound in a loaded bot module outside blocks."""
        wrappers: dict[Callable[..., Any], Callable[..., Any]] = {}
        for name, module in list(sys.modules.items()):
            if not name.startswith("bot.") or name.startswith("bot.blocks"):
                continue
            for attribute, value in list(vars(module).items()):
                if _is_blocks_function(value):
                    if value not in wrappers:
                        wrappers[value] = self._wrap(value)
                    monkeypatch.setattr(module, attribute, wrappers[value])
            for attribute, translate in TRANSLATORS.items():
                if name != "bot.i18n" and getattr(module, attribute, None) is translate:
                    monkeypatch.setattr(module, attribute, self._remembering(translate))
        cutting = bot.blocks.common.modal
        watching = self._watch_titles(cutting)
        for name, module in list(sys.modules.items()):
            if name.startswith("bot.blocks.") and getattr(module, "modal", None) is cutting:
                monkeypatch.setattr(module, "modal", watching)
        event.listen(Engine, "before_cursor_execute", self._on_statement)

    def uninstall(self) -> None:
        """Stop watching statements (monkeypatch restores the functions)."""
        event.remove(Engine, "before_cursor_execute", self._on_statement)

    def _wrap(self, function: Callable[..., Any]) -> Callable[..., Any]:
        signature = inspect.signature(function)
        name = f"{function.__module__.removeprefix('bot.blocks.')}.{function.__name__}"

        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            result = function(*args, **kwargs)
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            try:
                self._render_others(name, function, bound.arguments, result)
            except Exception as error:  # reported, never raised into the app
                self.problems.append(f"{name}: could not be re-rendered: {error!r}")
            return result

        return wrapper

    def _remembering(self, translate: Callable[..., str]) -> Callable[..., str]:
        """bot.i18n.t or tn, remembering which call made each text in this thread."""

        @functools.wraps(translate)
        def remembering(key: str, locale: str, /, *args: Any, **values: Any) -> str:
            text = translate(key, locale, *args, **values)
            if not hasattr(self._local, "texts"):
                self._local.texts = {}
            self._local.texts[text] = (translate, key, locale, args, values)
            return text

        return remembering

    def _language_of(self, arguments: dict[str, Any]) -> tuple[str | None, Switch | None]:
        """The locale a call renders in, and how to make its arguments render in another: a
        locale parameter, a dataclass holding one, or else texts a listener translated."""
        locale, switch = _locale_given(arguments)
        if switch is not None:
            return locale, switch
        texts = getattr(self._local, "texts", {})
        made = {
            name: texts[value]
            for name, value in arguments.items()
            if isinstance(value, str) and value in texts
        }
        if not made:
            return None, None

        def retranslate(copied: dict[str, Any], other: str) -> dict[str, Any]:
            changed = {
                name: translate(key, other, *args, **values)
                for name, (translate, key, _, args, values) in made.items()
            }
            return {**copied, **changed}

        return next(iter(made.values()))[2], retranslate

    def _watch_titles(self, modal: Callable[..., Any]) -> Callable[..., Any]:
        """bot.blocks.common.modal, noting a title it cuts to Slack's 24 characters while
        another locale renders (the cut view itself passes every check)."""
        signature = inspect.signature(modal)

        @functools.wraps(modal)
        def watched(*args: Any, **kwargs: Any) -> Any:
            title = signature.bind(*args, **kwargs).arguments["title"]
            rendering = getattr(self._local, "rendering", None)
            if rendering and len(title) > VIEW_TEXT_FIELDS_MAX:
                self.problems.append(
                    f"{rendering}: modal title {title!r} is over {VIEW_TEXT_FIELDS_MAX} "
                    "characters (modal() cuts it)"
                )
            return modal(*args, **kwargs)

        return watched

    def _render_others(
        self, name: str, function: Callable[..., Any], arguments: dict[str, Any], original: Any
    ) -> None:
        locale, switch = self._language_of(arguments)
        if switch is None:
            self.coverage.without_locale.add(name)
            return
        if _holds_orm(arguments):
            self.problems.append(f"{name}: got an ORM object; blocks take plain values")
            return
        self.coverage.rendered.add(name)
        copied = copy.deepcopy(arguments)
        for other in bot.config.SUPPORTED_LOCALES:
            if other == locale:
                continue
            self._local.rendering = f"{name} in {other}"
            try:
                result = function(**switch(copied, other))
            except Exception as error:  # reported, never raised into the app
                self.problems.append(f"{name} in {other}: raised {error!r}")
                continue
            finally:
                self._local.rendering = None
            self.problems += [f"{name} in {other}: {p}" for p in self._check(result, original)]

    def _check(self, result: Any, original: Any) -> list[str]:
        key = json.dumps([result, original], sort_keys=True, default=repr)
        if key not in self._checked:
            self._checked[key] = surface_problems(result, original)
        return self._checked[key]

    def _on_statement(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        rendering = getattr(self._local, "rendering", None)
        if rendering:
            self.problems.append(f"{rendering}: ran SQL while re-rendering: {statement[:120]}")


def surface_problems(result: Any, original: Any) -> list[str]:
    """What Slack would refuse in one blocks function's result (the module docstring's rules);
    `original` is the result in the language the test used."""
    if original and not result:
        return [f"empty where the original is not: {result!r}"]
    if isinstance(result, str):
        return _text_problems(result, original)
    if isinstance(result, dict):
        return _dict_problems(result)
    if isinstance(result, list):
        return _list_problems(result, original)
    return [f"no check for a {type(result).__name__}"]


def _text_problems(text: str, original: Any) -> list[str]:
    if isinstance(original, str) and original.strip() and not text.strip():
        return ["blank text where the original is not"]
    limit = SECTION_TEXT_MAX if len(str(original)) <= SECTION_TEXT_MAX else MESSAGE_TEXT_MAX
    return [f"text is {len(text)} characters (> {limit})"] if len(text) > limit else []


def _dict_problems(result: dict[str, Any]) -> list[str]:
    kind = result.get("type")
    if kind in ("modal", "home"):
        return view_problems(result)
    if kind in BLOCK_TYPES:
        return _block_problems([result])
    if kind is not None and kind not in TEXT_TYPES:
        holder = {"type": "section", "text": {"type": "mrkdwn", "text": "-"}, "accessory": result}
        return _block_problems([holder])
    if kind is None and ("options" in result or "option_groups" in result):
        return options_problems(result)
    if kind is None and ("text" in result or "blocks" in result):
        return message_problems(result.get("text"), result.get("blocks"))
    return [f"no check for a dict with keys {sorted(result)}"]


def _list_problems(items: list[Any], original: Any) -> list[str]:
    if all(isinstance(item, str) for item in items):
        return [p for item in items for p in _text_problems(item, item)]
    if all(isinstance(item, tuple) for item in items):
        return [p for item in items for text in item for p in _text_problems(text, text)]
    if not all(isinstance(item, dict) for item in items):
        return ["a list of mixed or unknown items"]
    if all(item.get("type") in BLOCK_TYPES for item in items):
        return _block_problems(items)
    if all(item.get("type") in TEXT_TYPES for item in items):
        return _block_problems([{"type": "section", "fields": [item]} for item in items])
    if all("label" in item and "options" in item for item in items):
        return options_problems({"option_groups": items})
    if all("text" in item and "value" in item for item in items):
        return options_problems({"options": items})
    return ["a list of dicts of no known kind"]


def _locale_given(arguments: dict[str, Any]) -> tuple[str | None, Switch | None]:
    """The locale a call is given (a parameter, a dataclass field) and how to give another."""
    for name in LOCALE_PARAMETERS:
        if isinstance(arguments.get(name), str):
            return arguments[name], lambda copied, other, name=name: {**copied, name: other}
    carriers = [name for name, value in arguments.items() if _carries_locale(value)]
    if not carriers:
        return None, None

    def switch(copied: dict[str, Any], other: str) -> dict[str, Any]:
        changed = {name: dataclasses.replace(copied[name], locale=other) for name in carriers}
        return {**copied, **changed}

    return arguments[carriers[0]].locale, switch


def _carries_locale(value: Any) -> bool:
    return dataclasses.is_dataclass(value) and any(
        f.name == "locale" for f in dataclasses.fields(value)
    )


def _holds_orm(value: Any, depth: int = 0) -> bool:
    """Whether an ORM instance sits anywhere in the value (dataclasses, containers)."""
    if hasattr(value, "_sa_instance_state"):
        return True
    if depth > 8 or isinstance(value, str | bytes | int | float | bool) or value is None:
        return False
    if isinstance(value, dict):
        return any(_holds_orm(v, depth + 1) for v in value.values())
    if isinstance(value, list | tuple | set | frozenset):
        return any(_holds_orm(v, depth + 1) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return any(_holds_orm(getattr(value, f.name), depth + 1) for f in dataclasses.fields(value))
    return False


def _is_blocks_function(value: Any) -> bool:
    return (
        inspect.isfunction(value)
        and value.__module__.startswith("bot.blocks.")
        and not value.__name__.startswith("_")
    )
