"""The layers and their one direction, read from the code itself (docs/architecture.md).

- the Slack edge (bot.slack), the listeners, the jobs (bot.jobs), the clock (bot.scheduler) and
  the composition root are the only code that imports Slack's libraries;
- services take a Session and nothing else: no Engine, Connection or session factory;
- blocks are pure: no database, no services, no Slack, no clock, no I/O;
- nothing imports listeners but the factory, nothing imports the clock but the entry points;
- no module imports another inside a function, and bot's modules import no cycle;
- only config reads the environment.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*ROOT.joinpath("bot").rglob("*.py"), ROOT / "app.py"])
SLACK = ("slack_bolt", "slack_sdk")
# Where the app is put together: entry points and what they build and hand in.
COMPOSITION_ROOT = ("app", "bot.factory", "bot.startup", "bot.wsgi", "bot.deps", "bot.rekey")
MAY_IMPORT_SLACK = ("bot.slack", "bot.listeners", "bot.jobs", "bot.scheduler", *COMPOSITION_ROOT)
# The schema declares the tables of slack_sdk's installation and OAuth state stores with their
# own builders, so that our migrations own them: the only Slack the models know.
SCHEMA_FROM_SLACK = {
    "slack_sdk.oauth.installation_store.sqlalchemy",
    "slack_sdk.oauth.installation_store.sqlalchemy.SQLAlchemyInstallationStore",
    "slack_sdk.oauth.state_store.sqlalchemy",
    "slack_sdk.oauth.state_store.sqlalchemy.SQLAlchemyOAuthStateStore",
}


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text())


def _within(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _violations(inside: tuple[str, ...], forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{_module(path)} imports {name}"
        for path in SOURCES
        if _within(_module(path), inside)
        for name in sorted(_imports(path))
        if _within(name, forbidden)
    ]


def test_only_the_edge_listeners_jobs_and_composition_root_import_slack():
    outside = [
        f"{_module(path)} imports {name}"
        for path in SOURCES
        if not _within(_module(path), MAY_IMPORT_SLACK)
        for name in sorted(_imports(path))
        if _within(name, SLACK)
        and not (_module(path) == "bot.models" and name in SCHEMA_FROM_SLACK)
    ]
    assert outside == []


def test_services_never_touch_slack_rendering_or_the_edge():
    forbidden = ("bot.listeners", "bot.blocks", "bot.slack", "bot.jobs", "bot.scheduler")
    assert _violations(("bot.services",), (*SLACK, *forbidden, "bot.deps", "bot.db")) == []


def test_services_take_a_session_and_nothing_else():
    """No Engine, Connection or session factory reaches the domain: the composition root makes
    them, the edge opens the Session and hands it in."""
    handles = {"Engine", "Connection", "sessionmaker", "create_engine", "AsyncSession"}
    found = [
        f"{_module(path)}:{node.lineno} {name}"
        for path in SOURCES
        if _within(_module(path), ("bot.services",))
        for node in ast.walk(_tree(path))
        for name in _names(node)
        if name in handles
    ]
    assert found == []


def _names(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.Attribute):
        return [node.attr]
    if isinstance(node, ast.ImportFrom | ast.Import):
        return [alias.name.rsplit(".", 1)[-1] for alias in node.names]
    return []


# Modules whose use means I/O or the clock; blocks take `now` and plain values instead.
IMPURE_MODULES = (
    "os",
    "io",
    "pathlib",
    "socket",
    "subprocess",
    "urllib",
    "http",
    "time",
    "random",
    "logging",
    "threading",
    "requests",
)
CLOCK_CALLS = {"now", "utcnow", "today", "time", "monotonic", "perf_counter"}


def test_blocks_are_pure():
    forbidden = (
        "sqlalchemy",
        "bot.models",
        "bot.db",
        "bot.deps",
        "bot.services",
        "bot.slack",
        "bot.jobs",
        "bot.listeners",
        *SLACK,
        *IMPURE_MODULES,
    )
    assert _violations(("bot.blocks",), forbidden) == []
    calls = [
        f"{_module(path)}:{node.lineno}"
        for path in SOURCES
        if _within(_module(path), ("bot.blocks",))
        for node in ast.walk(_tree(path))
        if isinstance(node, ast.Call)
        and (
            (isinstance(node.func, ast.Attribute) and node.func.attr in CLOCK_CALLS)
            or (isinstance(node.func, ast.Name) and node.func.id in {"open", "print", "input"})
        )
    ]
    assert calls == []


def _importers_from_outside(package: str) -> set[str]:
    return {
        _module(path)
        for path in SOURCES
        if any(_within(name, (package,)) for name in _imports(path))
        and not _within(_module(path), (package,))
    }


def test_only_the_factory_imports_listeners():
    assert _importers_from_outside("bot.listeners") == {"bot.factory"}


def test_only_entry_points_import_the_scheduler():
    assert _importers_from_outside("bot.scheduler") <= {"app"}


def test_the_edge_and_jobs_never_import_listeners_or_the_composition_root():
    inside = ("bot.slack", "bot.jobs", "bot.services", "bot.blocks")
    assert _violations(inside, ("bot.listeners", "bot.factory", "bot.startup", "bot.wsgi")) == []


def test_no_import_inside_a_function():
    """An import inside a function hides a cycle (or a slow import) from the reader."""
    local = [
        f"{_module(path)}:{inner.lineno}"
        for path in SOURCES
        for node in ast.walk(_tree(path))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        for inner in ast.walk(node)
        if isinstance(inner, ast.Import | ast.ImportFrom)
    ]
    assert local == []


def test_no_import_cycle():
    modules = {_module(path) for path in SOURCES}
    graph = {
        _module(path): {name for name in _imports(path) if name in modules} - {_module(path)}
        for path in SOURCES
    }
    cycles = _cycles(graph)
    assert cycles == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_only_config_reads_the_environment():
    readers = []
    for path in SOURCES:
        for node in ast.walk(_tree(path)):
            reads = (
                isinstance(node, ast.Attribute)
                and node.attr in ("environ", "getenv")
                and isinstance(node.value, ast.Name)
                and node.value.id == "os"  # (a WSGI request's environ is not the environment)
            ) or (
                isinstance(node, ast.ImportFrom)
                and (
                    node.module == "dotenv"
                    or (
                        node.module == "os" and {"environ", "getenv"} & {a.name for a in node.names}
                    )
                )
            )
            if reads:
                readers.append(_module(path))
    assert set(readers) == {"bot.config"}
