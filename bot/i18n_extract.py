"""pybabel's extraction methods (babel.cfg, docs/translating.md).

Many keys are built at run time (`t(f"skill.{skill}", ...)`), so the code alone does not name
every message: the English catalogue does. Extracting from it keeps those messages in the
template, with their English text as the note translators see beside each one. From the code
come the keys it names before they have an English text.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from babel.messages.pofile import read_po

# (line, function, ids, notes), as pybabel's extraction methods yield them
Extracted = tuple[int, str, tuple[str, ...], list[str]]


def english_catalogue(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Extracted]:
    """Every message of the English .po: `t` for one text, `tn` for plural forms."""
    for message in read_po(fileobj):
        line, key = message.lineno or 0, message.id
        if isinstance(key, tuple):
            one, other = (str(text) for text in message.string or ("", ""))
            notes = [f"English (one): {_one_line(one)}", f"English (other): {_one_line(other)}"]
            yield line, "tn", (key[0],), notes
        elif key:
            yield line, "t", (str(key),), [f"English: {_one_line(str(message.string))}"]


def _one_line(text: str) -> str:
    return text.replace("\n", "\\n")


def code_keys(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Extracted]:
    """The keys a Python module names in its `t(...)` and `tn(...)` calls, both of a
    conditional's (`t("a" if x else "b", ...)`, which pybabel's own method runs together)."""
    for node in ast.walk(ast.parse(fileobj.read())):
        if isinstance(node, ast.Call) and node.args and _called(node) in keywords:
            for key in _literal_keys(node.args[0]):
                yield node.lineno, _called(node), (key,), []


def _called(call: ast.Call) -> str:
    return call.func.id if isinstance(call.func, ast.Name) else ""


def _literal_keys(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _literal_keys(node.body) + _literal_keys(node.orelse)
    return []
