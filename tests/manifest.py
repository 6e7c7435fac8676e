"""manifest.yml, read as YAML, for the tests that check it against what Slack documents."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]


def manifest() -> dict[str, Any]:
    """The app's manifest as Slack reads it."""
    with (ROOT / "manifest.yml").open() as fh:
        return yaml.safe_load(fh)
