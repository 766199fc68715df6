"""The engine's front door: load → check → catalog → page plan → render, for one build.

Nothing here imports MkDocs; `build_hooks.py` and the CLI are thin callers of `Site`.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from markupsafe import escape

from exemplars.content.clock import build_date
from exemplars.content.load import FileCache
from exemplars.content.model import Page, Record
from exemplars.content.problems import Problem
from exemplars.progress import Progress, silent
from exemplars.site.catalog import Catalog
from exemplars.site.checks import ContentError, check_content, check_content_aside
from exemplars.site.history import RecordDates, record_dates
from exemplars.site.links import absolute_url
from exemplars.site.pages import PageSpec, plan
from exemplars.site.qr import QrCodes
from exemplars.site.render import Renderer, Settings
from exemplars.types import BY_NAME, RECORD_TYPES

PLAN_STAGE = "Lập danh mục và kế hoạch trang"


class Site:
    """One build's worth of engine state: the catalog, the pages and their renderer."""

    def __init__(
        self,
        root: Path,
        settings: Settings | None = None,
        today: date | None = None,
        cache: FileCache | None = None,
        progress: Progress = silent,
        aside: bool = False,
    ):
        """`aside` (a preview's save, with a `cache`): the rules across files run in a forked
        copy while this plans the site; content with errors still stops the build, with
        the check's errors, whatever planning it made."""
        self.root = Path(root)
        self.today = today or build_date()
        self.settings = settings or Settings()
        self.cache = cache  # files parsed by an earlier build of a running preview
        if not aside or cache is None:
            self.content, self.problems = check_content(self.root, self.today, cache, progress)
            self._stop_at_errors()
            self._plan(progress)
            return
        self.content, problems = check_content_aside(self.root, self.today, cache, progress)
        try:
            self._plan(progress)
        except Exception:
            self.problems = problems()
            self._stop_at_errors()  # what broke the plan is the content's fault: say what
            raise
        self.problems = problems()
        self._stop_at_errors()

    def _stop_at_errors(self) -> None:
        if any(p.is_error for p in self.problems):
            raise ContentError(self.problems)

    def _plan(self, progress: Progress) -> None:
        """Catalog, history dates, boards and the page plan: seconds at 10,000 records."""
        progress(PLAN_STAGE, 0, None)
        self.catalog = Catalog(self.content, self.today)
        self.catalog.dates = self._record_dates()
        self.renderer = Renderer(self.catalog, self.settings)
        self.pages: dict[str, PageSpec] = {
            spec.src_uri: spec
            for spec in plan(
                self.catalog,
                has_home=(self.root / "index.md").exists(),
                boards=self.renderer.boards,
            )
        }

    def _record_dates(self) -> dict[str, RecordDates]:
        """Every published record's first and last dates, from one pass over the history."""
        records = [(t.folder, r) for t in RECORD_TYPES for r in self.catalog.of(t).values()]
        files = [r.origin.file for _, r in records if r.origin.file]
        # A preview's files were stat'ed by its load (never links: those are not read).
        found = record_dates(self.root, files, self.cache.modified if self.cache else None)
        return {
            f"{folder}/{r.id}": found[r.origin.file]
            for folder, r in records
            if r.origin.file and r.origin.file in found
        }

    def record_dates_of(self, src_uri: str) -> RecordDates | None:
        """The dates of the record a page shows (None: not a record page)."""
        return self.catalog.dates.get(src_uri.removesuffix(".md"))

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def approved_uris(self) -> set[str]:
        """Docs-folder paths MkDocs may build: published records and ordinary pages alone."""
        approved = set()
        records: list[Record] = [
            record for t in RECORD_TYPES for record in self.catalog.of(t).values()
        ]
        for record in [*records, *self.published_pages()]:
            if record.origin.file:
                approved.add(self._uri(record.origin.file))
        return approved

    def _uri(self, file: Path) -> str:
        """`file.relative_to(root).as_posix()` by string, for the 12,500 files of a preview's
        every save (the Path way cost a fifth of a second)."""
        name, top = os.fspath(file), os.fspath(self.root) + os.sep
        if name.startswith(top) and os.sep + ".." + os.sep not in name:
            return name[len(top) :].replace(os.sep, "/")
        return file.relative_to(self.root).as_posix()

    def published_pages(self) -> list[Page]:
        """Ordinary pages the publication rule (draft, publish_date) lets through."""
        return [page for page in self.content.pages if page.is_published(self.today)]

    def unpublished_uris(self) -> set[str]:
        """Docs-folder paths that must not reach the built site."""
        hidden = set()
        for record in self.catalog.unpublished:
            if record.origin.file:
                hidden.add(self._uri(record.origin.file))
        return hidden

    def generated(self) -> list[PageSpec]:
        return [spec for spec in self.pages.values() if spec.generated]

    def qr_targets(self) -> list[str]:
        """Site URLs whose QR codes pages print: every record page (its citation box) and
        every board's subject page."""
        records = [spec.url for spec in self.pages.values() if not spec.generated]
        return records + [board.subject_url for board in self.renderer.boards.all.values()]

    def use_qr_cache(self, cache: Path | None, previous: QrCodes | None = None) -> QrCodes:
        """QR codes backed by `cache`, the missing ones made now on every core (`previous`:
        a running preview's last codes, see QrCodes)."""
        codes = QrCodes(cache, previous)
        if self.settings.site_url:  # without it pages print no QR codes
            codes.prefill([absolute_url(self.settings.site_url, u) for u in self.qr_targets()])
        self.renderer.qr_codes = codes
        return codes

    def spec(self, src_uri: str) -> PageSpec | None:
        return self.pages.get(src_uri)

    def is_generated(self, src_uri: str) -> bool:
        """Whether the page is one the engine makes (a listing, a board), not a file's."""
        spec = self.pages.get(src_uri)
        return spec is not None and spec.generated

    def render(self, src_uri: str, body_html: str) -> str | None:
        spec = self.pages.get(src_uri)
        return self.renderer.render(spec, body_html) if spec else None

    def body(self, src_uri: str) -> str | None:
        """The Markdown body of a record page, as loaded (NFC, without its front matter)."""
        spec = self.pages.get(src_uri)
        if spec is None or spec.generated:
            return None
        record = self._record(spec)
        return None if record is None else record.body

    def page_meta(self, src_uri: str) -> dict[str, str] | None:
        """Title and description for the theme, HTML-escaped: themes print meta values raw."""
        spec = self.pages.get(src_uri)
        if spec is None:
            return self._ordinary_meta(src_uri)
        meta = {"title": str(escape(spec.title))}
        description = self.description(spec)
        if description:
            meta["description"] = str(escape(description))
        return meta

    def _ordinary_meta(self, src_uri: str) -> dict[str, str] | None:
        """An ordinary page's front matter: MkDocs settings kept, title and description
        escaped (the theme prints them raw), everything else of it is content, not meta."""
        page = next((p for p in self.content.pages if p.origin.id + ".md" == src_uri), None)
        if page is None:
            return None
        meta: dict[str, str] = {}
        if page.title:
            meta["title"] = str(escape(page.title))
        if page.description:
            meta["description"] = str(escape(page.description))
        return meta

    def _record(self, spec: PageSpec) -> Record | None:
        record_type = BY_NAME.get(spec.view)
        return self.catalog.of(record_type).get(spec.key) if record_type else None

    def description(self, spec: PageSpec) -> str | None:
        record = self._record(spec)
        if record is None:
            return None
        return getattr(record, "summary", None) or getattr(record, "reason", None)
