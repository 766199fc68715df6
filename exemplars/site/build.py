"""The engine's front door: load → check → catalog → page plan → render, for one build.

Nothing here imports MkDocs; `build_hooks.py` and the CLI are thin callers of `Site`.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

from markupsafe import escape

from exemplars.content.checks import check
from exemplars.content.load import Content, FileCache, load_content
from exemplars.content.model import Page, Record
from exemplars.content.problems import Problem
from exemplars.progress import Progress, silent
from exemplars.site.catalog import Catalog
from exemplars.site.checks import site_checks
from exemplars.site.pages import PageSpec, plan
from exemplars.site.render import Renderer, Settings
from exemplars.types import BY_NAME, RECORD_TYPES


def build_date() -> date:
    """The day publication is judged on: EXEMPLARS_TODAY, else SOURCE_DATE_EPOCH, else today.

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


class ContentError(Exception):
    """The content has errors; `problems` says which, where."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{sum(p.is_error for p in problems)} lỗi")
        self.problems = problems


def check_content(
    root: Path,
    today: date | None = None,
    cache: FileCache | None = None,
    progress: Progress = silent,
) -> tuple[Content, list[Problem]]:
    """Every check: the content rules, and markup (15) through the site's own renderer."""
    content = load_content(root, cache=cache)
    files = content.files_read
    progress("Đọc tệp", files, files)
    problems = sorted(set(check(content, today or build_date()) + site_checks(content)))
    progress("Kiểm tra", files, files)
    return content, problems


class Site:
    """One build's worth of engine state: the catalog, the pages and their renderer."""

    def __init__(
        self,
        root: Path,
        settings: Settings | None = None,
        today: date | None = None,
        cache: FileCache | None = None,
        progress: Progress = silent,
    ):
        self.root = Path(root)
        self.today = today or build_date()
        self.settings = settings or Settings()
        self.cache = cache  # files parsed by an earlier build of a running preview
        self.content, self.problems = check_content(self.root, self.today, cache, progress)
        if any(p.is_error for p in self.problems):
            raise ContentError(self.problems)
        self.catalog = Catalog(self.content, self.today)
        self.renderer = Renderer(self.catalog, self.settings)
        self.pages: dict[str, PageSpec] = {
            spec.src_uri: spec
            for spec in plan(
                self.catalog,
                has_home=(self.root / "index.md").exists(),
                boards=self.renderer.boards,
            )
        }

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
                approved.add(record.origin.file.relative_to(self.root).as_posix())
        return approved

    def published_pages(self) -> list[Page]:
        """Ordinary pages the publication rule (draft, publish_date) lets through."""
        return [page for page in self.content.pages if page.is_published(self.today)]

    def unpublished_uris(self) -> set[str]:
        """Docs-folder paths that must not reach the built site."""
        hidden = set()
        for record in self.catalog.unpublished:
            if record.origin.file:
                hidden.add(record.origin.file.relative_to(self.root).as_posix())
        return hidden

    def generated(self) -> list[PageSpec]:
        return [spec for spec in self.pages.values() if spec.generated]

    def spec(self, src_uri: str) -> PageSpec | None:
        return self.pages.get(src_uri)

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
