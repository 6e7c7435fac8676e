"""The message that shows a coordinator how a confirmed round's intros are going."""

from __future__ import annotations

from typing import Any

from bot.blocks.common import context, section
from bot.domain import IntroProgress
from bot.i18n import t, tn

# An outbox error -> why the rows still wait, as the coordinator reads it.
WHY = {
    "ratelimited": "ratelimited",
    "server_error": "no_answer",
    "timeout": "no_answer",
    "unconfirmed": "no_answer",
    "unexpected": "no_answer",
    "no_token": "no_token",
    "queued": "queued",
    "after_hours": "after_hours",
}


def progress_message(progress: IntroProgress, locale: str) -> dict[str, Any]:
    """ "Intros sent: 40 of 120" as they go; at the end, how it went."""
    p = progress
    if not p.done:
        text = t("progress.sending", locale, sent=p.introduced, total=p.groups)
    elif p.failed:
        total = tn("progress.partly_groups", locale, count=p.groups)
        text = t("progress.partly", locale, sent=p.introduced, total=total, failed=p.failed)
    else:
        text = tn("progress.done", locale, count=p.groups)
    lines = [t("progress.unplaced", locale, count=p.unplaced)] if p.unplaced else []
    if not p.done:
        why = t(f"progress.why.{WHY.get(p.why, 'other')}", locale)
        lines.append(t("progress.waiting", locale, count=p.waiting, why=why))
    title = t("progress.title", locale, round=p.round_number)
    blocks = [section(f"*{title}*\n{text}")]
    if lines:
        blocks.append(context(" ".join(lines)))
    return {"text": f"{title}: {text}", "blocks": blocks}
