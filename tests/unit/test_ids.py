"""Every block_id, action_id and callback_id is spelled once, in bot/ids.py: rendering and
listeners name them through ids, never with a string literal of their own."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*ROOT.joinpath("bot", "blocks").glob("*.py"), *ROOT.glob("bot/listeners/*.py")])
# Modules whose functions take an id (the view state reader's methods, say) but spell none.
TAKERS = [*SOURCES, ROOT / "bot" / "slack" / "view_state.py"]
ID_NAMES = {"block_id", "action_id", "callback_id"}
# Bolt's decorators that take an action_id or callback_id
BOLT = {"action", "view", "block_action", "view_submission", "view_closed", "options"}


def _takers() -> tuple[dict[str, set[int | str]], dict[str, set[int | str]]]:
    """Functions and methods with a parameter that is an id: name -> its positions and name."""
    functions: dict[str, set[int | str]] = {}
    methods: dict[str, set[int | str]] = {}
    for path in TAKERS:
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.FunctionDef):
                continue
            names = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
            method = bool(names) and names[0] in ("self", "cls")
            names = names[1:] if method else names
            wanted: set[int | str] = {i for i, name in enumerate(names) if name in ID_NAMES}
            wanted |= {a.arg for a in (*node.args.args, *node.args.kwonlyargs)} & ID_NAMES
            if wanted:
                (methods if method else functions).setdefault(node.name, set()).update(wanted)
    return functions, methods


def _literal(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _stragglers(path: Path) -> list[str]:
    """Where an id is spelled as a literal: file:line:column: the literal."""
    return [
        f"{path.parent.name}/{path.name}:{node.lineno}:{node.col_offset}: {node.value!r}"
        for node in _literals(path)
    ]


def _literals(path: Path) -> list[ast.Constant]:
    functions, methods = _takers()
    found: list[ast.AST | None] = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Dict):
            found += [
                value
                for key, value in zip(node.keys, node.values, strict=True)
                if _literal(key) and key.value in ID_NAMES  # type: ignore[union-attr]
            ]
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Name):
            wanted = functions.get(node.func.id, set())
        elif isinstance(node.func, ast.Attribute):
            wanted = methods.get(node.func.attr, set())
            if node.func.attr in BOLT:
                wanted = wanted | {0}
        else:
            continue
        arguments = [a for i, a in enumerate(node.args) if i in wanted]
        arguments += [k.value for k in node.keywords if k.arg in wanted]
        # a modal's inline errors are keyed by block_id
        arguments += [
            key
            for k in node.keywords
            if k.arg == "errors" and isinstance(k.value, ast.Dict)
            for key in k.value.keys
        ]
        found += arguments
    return [node for node in found if isinstance(node, ast.Constant) and _literal(node)]


def test_blocks_and_listeners_spell_no_id_of_their_own():
    assert [where for path in SOURCES for where in _stragglers(path)] == []


def test_a_straggler_is_found(tmp_path: Path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def f(state, app, ack, block):\n"
        '    state.text("what")\n'
        '    input_block("why", "label", {})\n'
        '    block = {"type": "input", "block_id": "when"}\n'
        '    app.view("who")\n'
        '    ack(response_action="errors", errors={"where": "x"})\n'
        '    button("text", action_id="how")\n'
    )
    assert len(_stragglers(sample)) == 6
