"""Logging for every process: one JSON object a line, and no Slack token ever written.

Messages carry codes, ids and counts, never what people wrote; at DEBUG level slack_sdk logs
whole request bodies, so DEBUG is for a developer's machine, not production."""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime
from typing import Any

TOKEN = re.compile(r"\bx(?:ox[a-z]|app)-[A-Za-z0-9-]+")
STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None)))


def redact(text: str) -> str:
    return TOKEN.sub(lambda found: found.group(0)[:5] + "[redacted]", text)


class JsonFormatter(logging.Formatter):
    """{"ts", "level", "logger", "msg", ...the record's extra fields}, tokens redacted."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in STANDARD})
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return redact(json.dumps(entry, default=str, ensure_ascii=False))


def configure(level: int = logging.INFO) -> None:
    """JSON lines on stderr for the whole process (called once by each entry point)."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
