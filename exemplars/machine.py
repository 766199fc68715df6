"""What this machine gives a build: its cores. One place for the count the parallel steps
(loading files, QR codes, the pages copy) split their work by."""

from __future__ import annotations

import os


def cores() -> int:
    """The cores this process may run on (its affinity on Linux, else every core)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1
