"""What a modal remembers of the flow that opened it, in its private_metadata: the programme
chosen for it and whether it was opened from App Home. Slack hands it back untouched, but it
is the clicker's to forge: every listener checks the programme against the person's rights."""

from __future__ import annotations

import re
from dataclasses import dataclass

_FLOW = re.compile(r"p(\d{1,9})?(/home)?")


@dataclass(frozen=True)
class Flow:
    programme_id: int | None = None  # None: the workspace's programme, as before any choice
    from_home: bool = False

    def encode(self) -> str:
        programme = "" if self.programme_id is None else str(self.programme_id)
        return f"p{programme}{'/home' if self.from_home else ''}"

    @classmethod
    def decode(cls, text: object) -> Flow:
        """The flow in a view's private_metadata; an empty one for anything else."""
        found = _FLOW.fullmatch(text) if isinstance(text, str) else None
        if found is None:
            return cls()
        return cls(int(found[1]) if found[1] else None, found[2] is not None)
