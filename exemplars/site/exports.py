"""Work done by a forked copy of the build while this process renders pages: the files that
are not pages (open data, feed, redirects, search lookup files), and a share of the pages.

MkDocs renders pages on one core. The catalog is complete before the first page, so a
forked copy of the build, which starts with it in memory, works on another core instead of
reading and checking the content again. Nothing here imports MkDocs: what a copy does is
a function the caller hands over.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Mapping, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Generic, TypeVar

Make = Callable[[], Mapping[str, str | bytes]]
Result = TypeVar("Result")


def can_fork() -> bool:
    """Whether work can go to a forked copy of this process (Linux, macOS)."""
    return "fork" in multiprocessing.get_all_start_methods()


def write_files(files: Mapping[str, str | bytes], site_dir: Path) -> int:
    """Write each site path → content under `site_dir`; a path that would leave it fails."""
    top = Path(os.path.realpath(site_dir))
    for uri, content in files.items():
        path = Path(os.path.realpath(top / uri))
        if top not in path.parents:
            raise ValueError(f"tệp xuất nằm ngoài thư mục site: {uri}")
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)
    return len(files)


def _run(job: Callable[[], Any], answer: Connection) -> None:
    # Collecting cycles here would walk every object the copy shares with the build and copy
    # their memory pages: what exists now is frozen, only what the job makes is collected.
    gc.freeze()
    try:
        result = job()
    except BaseException as error:  # handed to the build, which stops with it
        answer.send(("error", f"{type(error).__name__}: {error}"))
    else:
        answer.send(("ok", result))
    finally:
        answer.close()


class Forked(Generic[Result]):
    """`job()` run by a forked copy of this process; `finish` waits for what it returns.

    Where fork is not available, the job runs here, at once. The result crosses back
    pickled: keep it small (counts, short lists), not the files themselves.
    """

    def __init__(self, job: Callable[[], Result], name: str):
        self._process: multiprocessing.process.BaseProcess | None = None
        self._result: Result | None = None
        if not can_fork():
            self._result = job()
            return
        context = multiprocessing.get_context("fork")
        self._answers, answer = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(job, answer), name=name, daemon=True)
        self._process.start()
        answer.close()

    def ready(self) -> bool:
        """Whether `finish` would return at once."""
        return self._process is None or self._answers.poll()

    def finish(self) -> Result:
        """What the job returned; RuntimeError with the copy's reason if it failed."""
        if self._process is None:
            return self._result  # type: ignore[return-value]  # set when run here
        try:
            status, value = self._answers.recv()
        except EOFError:
            status, value = "error", "tiến trình phụ dừng đột ngột"
        finally:
            self._answers.close()
            self._process.join()
            self._process = None
        if status != "ok":
            raise RuntimeError(value)
        self._result = value
        return value

    def finish_within(self, seconds: float) -> Result | None:
        """`finish`, or None when the copy has not answered in `seconds` (it is stopped)."""
        if self._process is not None and not self._answers.poll(seconds):
            self.close()
            return None
        return self.finish()

    def close(self) -> None:
        """Stop without waiting (the build failed)."""
        if self._process is not None:
            self._process.kill()
            self._process.join()
            self._answers.close()
            self._process = None


def _write_parts(parts: Sequence[Make], site_dir: Path) -> int:
    # One part's files are written and dropped before the next part is made: at 50,000
    # records open data and the lookup files are each hundreds of megabytes of text.
    return sum(write_files(make(), site_dir) for make in parts)


class Exports(Forked[int]):
    """The non-page files: each of `parts` made and its files written by a forked copy, one
    part after another; `finish` says how many files."""

    def __init__(self, parts: Make | Sequence[Make], site_dir: Path):
        makes = [parts] if callable(parts) else list(parts)
        super().__init__(lambda: _write_parts(makes, site_dir), name="bangvang-exports")
