"""The one-direction rule, read from the imports themselves."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*ROOT.joinpath("bot").rglob("*.py"), ROOT / "app.py"])


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _violations(inside: str, forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{_module(path)} imports {name}"
        for path in SOURCES
        if _module(path).startswith(inside)
        for name in sorted(_imports(path))
        if name.startswith(forbidden)
    ]


def test_services_never_touch_slack_or_rendering():
    forbidden = ("slack_bolt", "slack_sdk", "bot.listeners", "bot.blocks", "bot.notify")
    assert _violations("bot.services", (*forbidden, "bot.scheduler")) == []


def test_blocks_are_pure():
    forbidden = ("sqlalchemy", "bot.models", "bot.db", "bot.services", "bot.notify")
    assert _violations("bot.blocks", (*forbidden, "slack_sdk", "slack_bolt")) == []


def _importers_from_outside(package: str) -> set[str]:
    return {
        _module(path)
        for path in SOURCES
        if any(name.startswith(package) for name in _imports(path))
        and not _module(path).startswith(package)
    }


def test_only_the_factory_imports_listeners():
    assert _importers_from_outside("bot.listeners") == {"bot.factory"}


def test_only_entry_points_import_the_scheduler():
    assert _importers_from_outside("bot.scheduler") <= {"app"}


def test_only_config_reads_the_environment():
    readers = []
    for path in SOURCES:
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
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
