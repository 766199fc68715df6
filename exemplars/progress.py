"""How long work reports progress: the engine calls a callback, the CLI or the glue draws it.

Nothing in `exemplars.content` or `exemplars.site` prints; they take a `Progress` and call it
with a stage label (Vietnamese, shown as is), the count done so far and the total when known.
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def __call__(self, stage: str, done: int, total: int | None = None) -> None: ...


def silent(stage: str, done: int, total: int | None = None) -> None:
    """The default: no one is listening."""
