"""Site search: what each record tells the search, and Pagefind's full-text index of prose.

Every record is searched through the word sets, name index and filter sets that
`exemplars.site.lookup` writes; `record_facts` is what a record gives them (kind, unit,
the facets `unit`, `kind`, `award`, `campaign`, `year`, the visible text of its result).
Pagefind indexes only the record types marked `full_text` (stories): their pages carry
`data-pagefind-body`, their facts as `data-pagefind-meta`/`-filter` markup (`_search.html`)
and the other spellings of the title (`text.search_aliases`) as hidden indexed text. The
search script asks Pagefind only when the word sets cannot be loaded. Only published
records have pages, so only they reach either index.
Nothing here imports MkDocs; `build_hooks.on_post_build` calls `index_site`.
"""

from __future__ import annotations

import asyncio
import base64
import json
import queue
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from exemplars import text
from exemplars.content.model import KIND_LABELS
from exemplars.site.catalog import Catalog
from exemplars.site.links import plain_excerpt
from exemplars.types import CAMPAIGNS, COMMENDATIONS, RECORD_TYPES, STORIES

# The facets, in the order the search page shows them, with their Vietnamese headings.
FILTER_LABELS = {
    "kind": "Loại",
    "unit": "Đơn vị",
    "award": "Hình thức khen thưởng",
    "campaign": "Phong trào",
    "year": "Năm",
}
DECISION_KIND = COMMENDATIONS.search_kind
CAMPAIGN_KIND = CAMPAIGNS.search_kind
STORY_KIND = STORIES.search_kind
OUTPUT_FOLDER = "pagefind"
BODY_MARK = "data-pagefind-body"
# The record types whose pages Pagefind indexes (`RecordType.full_text`): only their pages
# carry data-pagefind-body, and reading only their folders spares Pagefind the others.
FULL_TEXT_TYPES = tuple(t for t in RECORD_TYPES if t.full_text)
FULL_TEXT_VIEWS = frozenset(t.template for t in FULL_TEXT_TYPES)
FULL_TEXT_GLOB = "{" + ",".join(t.folder for t in FULL_TEXT_TYPES) + "}/**/*.html"
FULL_TEXT_FOLDERS = tuple(f"{t.folder}/" for t in FULL_TEXT_TYPES)
# The name or title is the page's h1, which Pagefind weighs 7 (body text 1); the other
# spellings of the name weigh a little less than the name as written, so an exact match wins.
TITLE_WEIGHT = 7
# A story's excerpt comes from the start of its text, up to this many characters.
STORY_TEXT_CHARS = 300
ALIAS_WEIGHT = 6


@dataclass(frozen=True)
class SearchFacts:
    """What one record says to the search besides its text."""

    kind: str
    unit: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)
    alias_weight: int = ALIAS_WEIGHT
    # The visible text a result's excerpt is taken from (summary, then the citations), so an
    # excerpt never shows field labels or hidden aliases: `data-pagefind-meta="text"`.
    text: str = ""


def _unique(values) -> list[str]:
    return [v for v in dict.fromkeys(values) if v]


def _aliases(*texts: str | None) -> list[str]:
    return _unique(alias for t in texts if t for alias in text.search_aliases(t))


def _sentences(*texts: str | None) -> str:
    """Texts joined as sentences, each once, each ended by a full stop (for excerpts)."""
    parts = (" ".join(t.split()) for t in texts if t and t.strip())
    return " ".join(p if p[-1] in ".!?…" else p + "." for p in _unique(parts))


def _place_aliases(place: str | None) -> list[str]:
    """Pagefind matches a place typed without tone marks by itself, but not d typed for đ."""
    return [text.fold(place)] if place and ("đ" in place or "Đ" in place) else []


def record_facts(catalog: Catalog, view: str, key: str) -> SearchFacts | None:
    """Search data of the record page `view`/`key`; None for pages that are not records."""
    if view == "exemplar":
        exemplar = catalog.exemplars[key]
        unit = catalog.units.get(exemplar.unit)
        unit_name = unit.name if unit else exemplar.unit
        decisions = [honor.decision for honor in catalog.honors_of.get(key, [])]
        campaign_ids = [*exemplar.campaigns, *(d.campaign for d in decisions)]
        filters = {
            "unit": [unit_name],
            "kind": [KIND_LABELS[exemplar.kind]],
            "award": _unique(catalog.vocabularies.label("awards", d.award) for d in decisions),
            "campaign": _unique(
                catalog.campaigns[c].title for c in campaign_ids if c in catalog.campaigns
            ),
            "year": _unique(str(d.date.year) for d in sorted(decisions, key=lambda d: d.date)),
        }
        return SearchFacts(
            kind=KIND_LABELS[exemplar.kind],
            unit=catalog.unit_label(exemplar.unit),
            filters={k: v for k, v in filters.items() if v},
            aliases=_unique([*_aliases(exemplar.name), *_place_aliases(unit_name)]),
            text=_sentences(exemplar.summary, *(h.reason for h in catalog.honors_of.get(key, []))),
        )
    if view == "commendation":
        decision = catalog.commendations[key]
        honorees = catalog.honorees_of.get(key, [])
        units = (catalog.units.get(h.unit_id) for h in honorees)
        filters = {
            "unit": _unique(u.name for u in units if u),
            "kind": [DECISION_KIND],
            "award": _unique([catalog.vocabularies.label("awards", decision.award)]),
            "campaign": [catalog.campaigns[decision.campaign].title]
            if decision.campaign in catalog.campaigns
            else [],
            "year": [str(decision.date.year)],
        }
        return SearchFacts(
            kind=DECISION_KIND,
            unit=decision.issuer,
            filters={k: v for k, v in filters.items() if v},
            aliases=_unique(
                [*_aliases(f"Quyết định số {decision.number}"), *_place_aliases(decision.issuer)]
            ),
            text=_sentences(decision.reason),
        )
    if view == "campaign":
        campaign = catalog.campaigns[key]
        return SearchFacts(
            kind=CAMPAIGN_KIND, aliases=_aliases(campaign.title), text=_sentences(campaign.summary)
        )
    if view == "story":
        story = catalog.stories[key]
        # A story has no summary: the start of its text is what its excerpt shows.
        return SearchFacts(
            kind=STORY_KIND,
            unit=story.source or "",
            aliases=_aliases(story.title),
            text=plain_excerpt(story.body, STORY_TEXT_CHARS),
        )
    return None


def is_full_text(url: str) -> bool:
    """Whether the page at this site-relative URL is a full-text record's (Pagefind indexes it)."""
    return url.lstrip("/").startswith(FULL_TEXT_FOLDERS)


def indexed_page_count(specs) -> int:
    """How many pages of a plan should be in Pagefind's index."""
    return sum(1 for spec in specs if spec.view in FULL_TEXT_VIEWS)


@dataclass(frozen=True)
class IndexReport:
    """What one indexing run did, for the build log and the benchmark."""

    pages: int  # pages in the index
    seconds: float


async def _index(site_dir: Path, output: Path) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(output_path=str(output))
    async with PagefindIndex(config) as index:
        await index.add_directory(str(site_dir), glob=FULL_TEXT_GLOB)


WRITE_WAIT_SECONDS = 30.0  # for Pagefind's files to be whole, before writing them again
# Files every Pagefind index has, whatever the site.
ALWAYS_WRITTEN = ("pagefind.js", "pagefind-entry.json", "pagefind-highlight.js", "pagefind-ui.js")


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _index_here(site_dir: Path, output: Path) -> None:
    _write_index(output, lambda: asyncio.run(_index(site_dir, output)))


def _write_index(output: Path, write: Callable[[], object]) -> None:
    """`write` the index into a clean `output`; once more if its files stay missing or empty.

    Pagefind may answer before its writes are done: one run in a few shipped without
    pagefind-highlight.js, and under load builds were left with pagefind-entry.json, or the
    script, worker and WebAssembly, empty for over a minute. What Pagefind indexes (the site
    on disk, or the index its service holds) is intact, so a second write is the remedy.
    """
    for attempt in (1, 2):
        if output.exists():
            shutil.rmtree(output)
        write()
        try:
            _wait_for_files(output, timeout=WRITE_WAIT_SECONDS)
            return
        except RuntimeError:
            if attempt == 2:
                raise


def index_site(site_dir: Path) -> IndexReport:
    """Index the built site at `site_dir` into `site_dir/pagefind/`, replacing an old index."""
    site_dir = Path(site_dir).resolve()
    output = site_dir / OUTPUT_FOLDER
    started = time.perf_counter()
    if _loop_running():
        # This thread already runs an event loop (a process that drives Playwright's sync
        # API and builds in-process), where asyncio.run() refuses to start: a child process
        # indexes the same way (`python -m exemplars.site.search SITE`).
        subprocess.run(
            [sys.executable, "-m", "exemplars.site.search", str(site_dir)],
            check=True,
            timeout=3600,
        )
    else:
        _index_here(site_dir, output)
    seconds = time.perf_counter() - started
    # One fragment per indexed page: Pagefind's own count includes the pages it skipped.
    pages = sum(1 for _ in (output / "fragment").iterdir()) if (output / "fragment").is_dir() else 0
    return IndexReport(pages=pages, seconds=seconds)


class _Service:
    """Pagefind's binary in service mode, spoken to directly: one request, one answer.

    The `pagefind` Python package speaks the same protocol (base64 JSON, comma-ended) but
    reads at most one answer per 0.1 s, which is 20 minutes for 12,000 pages sent one by one.
    """

    def __init__(self) -> None:
        from pagefind.service import get_executable

        executable = get_executable()
        if executable is None:
            raise FileNotFoundError("không tìm thấy chương trình pagefind (gói pagefind[bin])")
        self._process = subprocess.Popen(
            [str(executable), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._buffer = b""
        self._next_id = 0

    def send(self, payload: dict) -> dict:
        assert self._process.stdin is not None and self._process.stdout is not None
        self._next_id += 1
        request = {"message_id": self._next_id, "payload": payload}
        self._process.stdin.write(base64.b64encode(json.dumps(request).encode()) + b",")
        self._process.stdin.flush()
        while b"," not in self._buffer:
            chunk = self._process.stdout.read1(1 << 16)  # type: ignore[attr-defined]
            if not chunk:
                raise RuntimeError("pagefind dừng đột ngột")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b",")
        answer = json.loads(base64.b64decode(message))["payload"]
        if answer.get("type") == "Error":
            raise RuntimeError(answer.get("message") or str(answer))
        return answer

    def close(self) -> None:
        if self._process.stdin:
            self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()


def _wait_for_files(output: Path, timeout: float = 60.0) -> None:
    """Wait until Pagefind has finished writing the files of `output`.

    On a busy machine one build was left with two of Pagefind's files empty (its WebAssembly
    and a stylesheet) although WriteFiles had answered, which points at writes still going on
    when its input is closed. So before closing: no file empty, and no size changing between
    two looks, and every file of `ALWAYS_WRITTEN` there; an index still incomplete after
    `timeout` fails the build.
    """
    deadline = time.monotonic() + timeout
    previous: dict[Path, int] | None = None
    while True:
        sizes = {path: path.stat().st_size for path in output.rglob("*") if path.is_file()}
        missing = [name for name in ALWAYS_WRITTEN if output / name not in sizes]
        if sizes and not missing and all(sizes.values()) and sizes == previous:
            return
        if time.monotonic() > deadline:
            empty = sorted(path.name for path, size in sizes.items() if not size)
            raise RuntimeError(
                f"pagefind chưa ghi xong chỉ mục: {', '.join(missing + empty) or output}"
            )
        previous = sizes
        time.sleep(0.1)


QUEUE_PAGES = 64


class Indexer:
    """Indexes the full-text pages while the rest of the site is still being built.

    MkDocs renders pages one after another on one core; Pagefind runs as a separate process,
    so handing it each finished page (`add`) overlaps indexing with the build, and
    only writing the index is left for the end (`finish`).
    """

    def __init__(self, site_dir: Path):
        self.output = Path(site_dir).resolve() / OUTPUT_FOLDER
        self.pages = 0
        # Bounded: when Pagefind falls behind, the build waits instead of holding every page
        # of a large site in memory (unbounded, 5,000 records peaked at 842 MB).
        self._queue: queue.Queue[tuple[str, str] | None] = queue.Queue(maxsize=QUEUE_PAGES)
        self._error: BaseException | None = None
        self._abandoned = False
        self._thread = threading.Thread(target=self._run, name="pagefind", daemon=True)
        self._thread.start()

    def add(self, url: str, html: str) -> None:
        """Queue one built page (site-relative URL) if it is a full-text record's page."""
        if is_full_text(url) and BODY_MARK in html:
            self.pages += 1
            self._queue.put(("/" + url.lstrip("/"), html))

    def finish(self) -> IndexReport:
        """Write the index to `site_dir/pagefind/`; raises what went wrong in Pagefind."""
        waited = time.perf_counter()
        self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error
        return IndexReport(pages=self.pages, seconds=time.perf_counter() - waited)

    def close(self) -> None:
        """Stop without writing anything (the build failed)."""
        self._abandoned = True
        self._queue.put(None)
        self._thread.join()

    def _run(self) -> None:
        service = None
        sentinel_seen = False
        try:
            service = _Service()
            index_id = service.send({"type": "NewIndex", "config": None})["index_id"]
            while True:
                item = self._queue.get()
                if item is None:
                    sentinel_seen = True
                    break
                url, html = item
                service.send(
                    {
                        "type": "AddFile",
                        "index_id": index_id,
                        "url": url,
                        "file_contents": html,
                        "file_path": None,
                    }
                )
            if not self._abandoned:
                self._write(service, index_id)
        except BaseException as error:  # handed to the build thread by finish()
            self._error = error
            while not sentinel_seen:  # let add() and finish() go on
                sentinel_seen = self._queue.get() is None
        finally:
            if service is not None:
                service.close()

    def _write(self, service: _Service, index_id: int) -> None:
        """WriteFiles, into a clean folder, and once more if files stay empty."""
        request = {"type": "WriteFiles", "index_id": index_id, "output_path": str(self.output)}
        _write_index(self.output, lambda: service.send(request))


if __name__ == "__main__":
    index_site(Path(sys.argv[1]))
