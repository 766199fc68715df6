"""Progress on the screen, for the CLI and the MkDocs glue: the engine only calls back.

On a terminal each stage is a tqdm bar with its count and the time left; in a pipe or CI
(no terminal, or CI=true) a plain line every few seconds and one when a stage ends, so logs
stay readable; `--quiet` draws nothing. Lines go to stderr: stdout stays the command's own.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from typing import TextIO

from tqdm import tqdm

from exemplars.text import format_count

INTERVAL = 5.0  # seconds between plain lines in a pipe


def on_terminal(stream: TextIO) -> bool:
    """A bar only where someone watches it: a terminal, and not CI's captured one."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("CI", "").lower() not in {"1", "true"}


class Reporter:
    """A `Progress` callback that draws: bars on a terminal, periodic lines elsewhere."""

    def __init__(
        self,
        quiet: bool = False,
        stream: TextIO | None = None,
        interval: float = INTERVAL,
        bar: bool | None = None,
        delay: float = 0.0,
    ):
        self.quiet = quiet
        self.delay = delay  # draw nothing for work that ends sooner (`exemplars check`)
        self._created = time.monotonic()
        self.stream = stream or sys.stderr
        self.interval = interval
        self.bar = on_terminal(self.stream) if bar is None else bar
        self._stage: str | None = None
        self._done = 0
        self._total: int | None = None
        self._last = float("-inf")
        self._printed = False
        self._started = 0.0
        self._tqdm: tqdm | None = None

    def __call__(self, stage: str, done: int, total: int | None = None) -> None:
        if self.quiet or time.monotonic() - self._created < self.delay:
            return
        if stage != self._stage:
            self._end_stage()
            self._stage, self._started = stage, time.monotonic()
            self._last, self._printed = float("-inf"), False
            if self.bar:
                # A terminal that reports no size (0×0) would get no bar at all from tqdm.
                size = shutil.get_terminal_size((100, 24))
                self._tqdm = tqdm(
                    total=total,
                    desc=stage,
                    file=self.stream,
                    ncols=size.columns,
                    nrows=size.lines,
                )
        self._done, self._total = done, total
        if self._tqdm is not None:
            if total is not None and self._tqdm.total != total:
                self._tqdm.total = total
            self._tqdm.update(done - self._tqdm.n)
        else:
            now = time.monotonic()
            finished = total is not None and done >= total
            if now - self._last >= self.interval and not finished:
                self._line()
                self._last = now
        if total is not None and done >= total:
            self._end_stage()

    def _line(self) -> None:
        self._printed = True
        if not self._done and not self._total:
            print(f"{self._stage}…", file=self.stream, flush=True)
            return
        count = format_count(self._done)
        if self._total:
            shown = f"{count}/{format_count(self._total)} ({100 * self._done // self._total}%)"
        else:
            shown = count
        seconds = time.monotonic() - self._started
        print(f"{self._stage}: {shown}, {seconds:.0f} giây", file=self.stream, flush=True)

    def _end_stage(self) -> None:
        if self._stage is None:
            return
        if self._tqdm is not None:
            self._tqdm.close()
            self._tqdm = None
        elif self._done or self._total or not self._printed:
            self._line()
        self._stage = None

    def close(self) -> None:
        """Finish the stage in progress (a stage without a total ends here)."""
        if not self.quiet:
            self._end_stage()

    def __enter__(self) -> Reporter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
