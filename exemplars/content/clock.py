"""The day publication is judged on, for the check, the build and the editors' tools alike."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime


def build_date() -> date:
    """EXEMPLARS_TODAY, else SOURCE_DATE_EPOCH, else today.

    SOURCE_DATE_EPOCH makes two builds of the same content byte-identical; EXEMPLARS_TODAY
    lets a test or an editor preview an embargo date.
    """
    override = os.environ.get("EXEMPLARS_TODAY")
    if override:
        return date.fromisoformat(override)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()
