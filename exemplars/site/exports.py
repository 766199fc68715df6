"""A build's files that are not pages (open data, feed, redirects, search lookup files),
made and written by a second process while this one renders the pages.

MkDocs renders pages on one core. The files here depend only on the catalog, which is
complete before the first page, so a forked copy of the build writes them on the other
core (at 10,000 records they are about a tenth of the build). Nothing here imports MkDocs.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Mapping
from multiprocessing.connection import Connection
from pathlib import Path

Make = Callable[[], Mapping[str, str | bytes]]


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


def _run(make: Make, site_dir: Path, answer: Connection) -> None:
    # A short-lived copy: collecting cycles here would walk every object it shares with the
    # build and copy their memory pages, for nothing freed before it exits.
    gc.disable()
    try:
        count = write_files(make(), site_dir)
    except BaseException as error:  # handed to the build, which stops with it
        answer.send(("error", f"{type(error).__name__}: {error}"))
    else:
        answer.send(("ok", count))
    finally:
        answer.close()


class Exports:
    """`make()` run and its files written by a forked process; `finish` waits for it.

    Forked, not spawned: the child starts with the build's catalog in memory instead of
    reading and checking the content again. Where fork is not available (not Linux or
    macOS), the files are made and written here, at once.
    """

    def __init__(self, make: Make, site_dir: Path):
        self._process: multiprocessing.process.BaseProcess | None = None
        self._written: int | None = None
        if "fork" not in multiprocessing.get_all_start_methods():
            self._written = write_files(make(), site_dir)
            return
        context = multiprocessing.get_context("fork")
        self._answers, answer = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_run, args=(make, site_dir, answer), name="bangvang-exports", daemon=True
        )
        self._process.start()
        answer.close()

    def finish(self) -> int:
        """How many files were written; RuntimeError with the child's reason if it failed."""
        if self._process is None:
            return self._written or 0
        try:
            status, value = self._answers.recv()
        except EOFError:
            status, value = "error", "tiến trình ghi tệp dừng đột ngột"
        finally:
            self._answers.close()
            self._process.join()
            self._process = None
        if status != "ok":
            raise RuntimeError(value)
        self._written = int(value)
        return self._written

    def close(self) -> None:
        """Stop without waiting for the files (the build failed)."""
        if self._process is not None:
            self._process.kill()
            self._process.join()
            self._answers.close()
            self._process = None
