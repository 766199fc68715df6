"""Record dates from the history of each file: when it was first published, last changed.

An archive's citation must not move every time the site is rebuilt, so the dates come from
the first and the last commit that touched a record's file — read for the whole tree in ONE
`git log` per build (a call per file would cost minutes at 10,000 records) — or, for a file
git does not know (no repository, not committed yet), from its modification time.
"""

from __future__ import annotations

import math
import os
import stat
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta, timezone
from pathlib import Path

# Dates are read as a Vietnamese reader's calendar day (UTC+7), whatever the server's zone.
VIETNAM = timezone(timedelta(hours=7))
_MARK = "\x01"  # starts each commit's line in the log: never in a path


@dataclass(frozen=True)
class RecordDates:
    """When a record's file was first published (first commit) and last changed."""

    first: date
    last: date
    from_history: bool  # False: the file's modification time (outside git, or uncommitted)


_EPOCH_DAY = date(1970, 1, 1).toordinal()
_VIETNAM_SECONDS = int(VIETNAM.utcoffset(None).total_seconds())


def _day(timestamp: float) -> date:
    """The calendar day in Vietnam of a POSIX time: arithmetic, since a preview asks it for
    every record on every save (`datetime.astimezone` cost a third of a second at 10,000)."""
    return date.fromordinal(_EPOCH_DAY + math.floor((timestamp + _VIETNAM_SECONDS) / 86400))


def _git(where: Path, *arguments: str, timeout: int) -> str | None:
    """What git prints, or None when there is no git, no repository or it fails."""
    try:
        done = subprocess.run(
            ["git", "-C", str(where), "-c", "core.quotePath=false", *arguments],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="surrogateescape",
            check=False,
            timeout=timeout,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _git_top(folder: Path) -> Path | None:
    top = (_git(folder, "rev-parse", "--show-toplevel", timeout=30) or "").strip()
    return Path(top).resolve() if top else None


# The last history read, by (repository, folder, HEAD): a running preview reads it on every
# save, and it changes only with a commit.
_last_history: tuple[tuple[str, str, str], dict[str, tuple[float, float]]] | None = None


def _history(top: Path, folder: Path) -> dict[str, tuple[float, float]]:
    """Path (relative to `top`) → (first, last) commit time, from one `git log` of `folder`."""
    global _last_history
    head = (_git(top, "rev-parse", "--verify", "-q", "HEAD", timeout=30) or "").strip()
    key = (str(top), str(folder), head)
    if head and _last_history is not None and _last_history[0] == key:
        return _last_history[1]
    log = _git(
        top,
        "log",
        "--no-renames",
        "--name-only",
        f"--format={_MARK}%ct",
        "--",
        str(folder),
        timeout=600,
    )
    found: dict[str, tuple[float, float]] = {}
    when = 0.0
    for line in (log or "").splitlines():
        if line.startswith(_MARK):
            when = float(line[1:] or 0)
        elif line:
            # Newest commit first: the first time a path appears is its last change.
            last = found.get(line, (when, when))[1]
            found[line] = (when, last)
    if head and log is not None:
        _last_history = (key, found)
    return found


def _dirty(top: Path, folder: Path) -> set[str]:
    """Paths with changes not yet committed: their last change is the file's own time."""
    status = _git(top, "status", "--porcelain", "--no-renames", "--", str(folder), timeout=120)
    return {line[3:] for line in (status or "").splitlines() if len(line) > 3}


def record_dates(
    folder: Path, files: list[Path], modified: Callable[[Path], int | None] | None = None
) -> dict[Path, RecordDates]:
    """Dates of every file in `files` (all under `folder`), from one history pass.

    `modified(file)`: a file's modification time (ns) as the load saw it, None when unknown,
    for a file known not to be a symbolic link: a preview's save spares 12,500 lstat calls.
    """
    folder = Path(folder).resolve()
    top = _git_top(folder)
    history = _history(top, folder) if top else {}
    dirty = _dirty(top, folder) if top and history else set()
    dates: dict[Path, RecordDates] = {}
    folders: dict[str, str] = {}  # each folder resolved once, not once per file in it
    for file in files:
        # Strings, not Path objects: this runs for every record on every preview save.
        name = os.fspath(file)
        seen = modified(file) if modified is not None else None
        st: os.stat_result | None = None
        if seen is None:
            try:
                st = os.lstat(name)
            except OSError:
                st = None
        linked = seen is None and (st is None or stat.S_ISLNK(st.st_mode))
        real, known = name, None
        if top or linked:
            if linked:
                real = os.path.realpath(name)
            else:  # what realpath gives, without a system call per part of the path
                parent, base = os.path.split(name)
                real_parent = folders.get(parent)
                if real_parent is None:
                    real_parent = folders[parent] = os.path.realpath(parent)
                real = os.path.join(real_parent, base)
        key = os.path.relpath(real, top) if top else ""
        if top:
            known = history.get(key.replace(os.sep, "/"))
        if known is not None and key not in dirty:
            dates[file] = RecordDates(_day(known[0]), _day(known[1]), True)
            continue
        try:
            if seen is not None:
                changed = _day(seen / 1_000_000_000)
            else:
                changed = _day(os.stat(real).st_mtime if linked or st is None else st.st_mtime)
        except OSError:
            continue
        first = _day(known[0]) if known is not None else changed
        dates[file] = RecordDates(first, max(first, changed), known is not None)
    return dates
