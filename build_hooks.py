"""MkDocs glue: the only place the engine meets MkDocs. Each hook is a call into `exemplars`.

Registered with `hooks:` in mkdocs.yml. `mkdocs serve` keeps this module loaded between
rebuilds, so all state is reset in `on_config`.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import logging
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, DictLoader, PrefixLoader
from markupsafe import escape
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure import files as mkdocs_files
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Link, Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_date, normalize_url
from mkdocs.utils.templates import TemplateContext

from exemplars import policy
from exemplars.cli_progress import Reporter
from exemplars.content.problems import report
from exemplars.editor import decap
from exemplars.machine import cores
from exemplars.site import exports, incremental, lookup, media, publish, qr, sanitize, templating
from exemplars.site.build import ContentError, Site
from exemplars.site.exports import Forked
from exemplars.site.generate import GUARD_FOLDER, HEAD_KEY
from exemplars.site.render import Settings
from exemplars.site.search import Indexer, index_site, indexed_page_count, is_full_text

log = logging.getLogger("mkdocs.hooks.bangvang")
PROJECT_ROOT = Path(__file__).resolve().parent
# Progress of a build: MkDocs reads (converts) every page before it renders and writes any.
PAGES_READ = "Đọc trang"
PAGES_WRITTEN = "Dựng trang"
EXPORTS_STAGE = "Dữ liệu mở, bản tin, tệp tìm kiếm"
ELSEWHERE_STAGE = "Dựng trang (tiến trình thứ hai)"
# A full `mkdocs build` of this many pages or more renders a share of them in a forked copy
# (`_share_pages`); EXEMPLARS_PAGE_PROCESSES=1 renders every page here, =2 always shares.
SHARE_THRESHOLD = 400
# A preview's rebuild (`mkdocs serve --dirty`) of this many changed pages or more shares
# them too: its first build, or a new decision shifting a campaign's board and listings.
PREVIEW_SHARE_THRESHOLD = 60
# The copy's share of the pages that are not full-text (measured at 10,000 records, the copy
# finishes first even at half: this process also feeds the search indexer).
SHARED_FRACTION = 0.5
# What this process renders for a page the copy writes: nothing (MkDocs then writes nothing).
ELSEWHERE_TEMPLATE = "bangvang-rendered-elsewhere.html"
OWN_TEMPLATE = "bangvang_own_template"  # the page's own `template`, for the copy to render
# A build's log shows this many warnings and counts the rest (929 lines at 10,000 generated
# records buried the build's own lines); `exemplars check` lists them all.
WARNINGS_SHOWN = 20


class _State:
    site: Site | None = None
    settings: Settings = Settings()
    indexer: Indexer | None = None
    exports: exports.Exports | None = None
    progress: Reporter = Reporter(quiet=True)
    command: str = ""
    dirty: bool = False
    nav: Navigation | None = None
    # Pages a forked copy renders and writes (`_share_pages`), and that copy.
    elsewhere: frozenset[str] = frozenset()
    pages_waiting: Callable[[], Forked[PagesDone]] | None = None
    pages_forked: Forked[PagesDone] | None = None
    exports_written: int | None = None
    pages_total = 0
    pages_done = 0
    pages_read = 0
    serving: bool = False
    # `mkdocs serve --dirty` (make serve): kept across rebuilds on purpose, see on_startup.
    preview: incremental.Preview | None = None
    outputs: set[str] = set()
    digests: dict[str, str | None] = {}
    # A preview's pages (path, inclusion) in MkDocs' order: what the sitemap lists
    page_list: list[tuple[str, InclusionLevel]] = []
    # A preview's listings and boards to render after its build returns (`_start_later`),
    # what MkDocs gave this build to render them with, and `mkdocs serve`'s server.
    later: list[File] = []
    # A save's listings and boards, left out of MkDocs' loop while a forked copy works out
    # their digests (`_defer_generated`), and the digests it holds.
    deferred: list[File] = []
    # The theme's pages (sitemap.xml, 404.html) a save writes after its pages.
    theme_owed: list[str] = []
    digester: incremental.Digests | None = None
    generated_digests: Forked[incremental.GeneratedDigests] | None = None
    env: Any = None
    files: Files | None = None
    server: Any = None


state = _State()


def on_startup(command: str, dirty: bool) -> None:
    """`mkdocs serve` injects an inline live-reload script: its pages' policy allows that.

    `mkdocs serve --dirty` (make serve) renders only the pages whose inputs changed
    (`exemplars.site.incremental`); only it keeps state between builds.
    """
    state.serving = command == "serve"
    state.command, state.dirty = command, dirty
    for engine in ("mkdocs", "properdocs"):
        logging.getLogger(f"{engine}.commands.build").addFilter(_no_skipped_line)
    state.preview = incremental.Preview() if command == "serve" and dirty else None
    if state.preview is not None:
        logging.getLogger("mkdocs.commands.build").addFilter(_no_dirty_warning)
        mkdocs_own = mkdocs_build.get_files
        mkdocs_build.get_files = _SameFiles(getattr(mkdocs_own, "made_by_mkdocs", mkdocs_own))


class _SameFiles:
    """MkDocs' `get_files` for a preview: each save walks `docs_dir` again, but the File of a
    path it has seen is a copy of the File first made for it, not made anew.

    A File works out its paths with pathlib when made: a fifth of a second at 10,000 records,
    on every save. The walk, the order, the exclusions and the README/index conflicts are
    MkDocs 1.6's own (`mkdocs.structure.files.get_files`); tests/test_incremental.py checks
    every File against MkDocs' own after files come and go.
    """

    def __init__(self, made_by_mkdocs: Callable[[MkDocsConfig], Files]):
        self.made_by_mkdocs = made_by_mkdocs  # what a build other than a preview's uses
        self.where: tuple[str, str, bool] | None = None
        self.first: dict[str, dict[str, Any]] = {}  # relative path → a new File's attributes
        # The last save's exclusion rules and what they made of each path: kept while the
        # rules compare equal (pathspec compares patterns), as most saves do not touch them.
        self.rules: tuple[Any, Any, Any] | None = None
        self.inclusion: dict[str, InclusionLevel] = {}
        # The theme's static files MkDocs' `add_files_from_theme` lists (path, theme folder),
        # and what that answer depends on: kept while it compares equal.
        self.theme_key: tuple | None = None
        self.theme_files: list[tuple[str, str]] = []

    def __call__(self, config: MkDocsConfig) -> Files:
        if state.preview is None:
            return self.made_by_mkdocs(config)
        where = (config.docs_dir, config.site_dir, bool(config.use_directory_urls))
        if where != self.where:
            self.where, self.first = where, {}
        rules = (config.exclude_docs, config.draft_docs, config.not_in_nav)
        known = self.inclusion if self.rules is not None and _equal(rules, self.rules) else {}
        seen: dict[str, dict[str, Any]] = {}
        files: list[File] = []
        conflicts: list[tuple[File, File]] = []
        for folder, subfolders, names in os.walk(config.docs_dir, followlinks=True):
            relative = os.path.relpath(folder, config.docs_dir)
            subfolders.sort()
            names.sort(key=mkdocs_files._file_sort_key)
            by_destination: dict[str, File] = {}
            for name in names:
                path = os.path.join(relative, name)
                file = self._file(path, config, seen)
                if path in known:
                    file.inclusion = known[path]  # set_exclusions leaves it so
                if by_destination.setdefault(file.dest_uri, file) is not file:
                    conflicts.append((by_destination[file.dest_uri], file))
                files.append(file)
        self.first = seen
        mkdocs_files.set_exclusions(files, config)
        self.rules = rules
        self.inclusion = {path: file.inclusion for path, file in zip(seen, files, strict=True)}
        for first, second in conflicts:  # README.md beside index.md, as MkDocs resolves it
            if second.inclusion.is_included():
                if first.inclusion.is_included():
                    logging.getLogger("mkdocs.structure.files").warning(
                        f"Excluding '{first.src_uri}' from the site because it conflicts "
                        f"with '{second.src_uri}'."
                    )
                with contextlib.suppress(ValueError):
                    files.remove(first)
            else:
                with contextlib.suppress(ValueError):
                    files.remove(second)
        listed = Files(files)
        # (An attribute of this Files: MkDocs' build calls it next, for every save.)
        listed.add_files_from_theme = functools.partial(self._add_theme_files, listed)  # type: ignore[method-assign]
        return listed

    def _add_theme_files(self, files: Files, env: Any, config: MkDocsConfig) -> None:
        """MkDocs' `Files.add_files_from_theme`, without walking the theme's folders on
        every save (Material's hold thousands of icons: a tenth of a second): the files it
        found are kept while the theme's folders, the overrides' files and the templates it
        leaves out are the same. As MkDocs does, a docs file of the same path wins."""
        custom = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
        key = (
            tuple(config.theme.dirs),
            incremental.files_token(custom),
            sorted(config.theme.static_templates),
        )
        if key != self.theme_key:
            found = Files([])
            Files.add_files_from_theme(found, env, config)
            self.theme_files = [(f.src_uri, f.src_dir) for f in found if f.src_dir is not None]
            self.theme_key = key
        for path, folder in self.theme_files:
            if files.get_file_from_path(path) is None:
                files.append(File(path, folder, config.site_dir, config.use_directory_urls))

    def _file(self, path: str, config: MkDocsConfig, seen: dict[str, dict[str, Any]]) -> File:
        attributes = self.first.get(path)
        if attributes is None:
            file = File(path, config.docs_dir, config.site_dir, config.use_directory_urls)
            file.dest_uri  # noqa: B018  (worked out now, kept for the next saves)
            seen[path] = dict(vars(file))
            return file
        seen[path] = attributes
        file = File.__new__(File)
        vars(file).update(attributes)
        return file


def _equal(these: tuple[Any, ...], those: tuple[Any, ...]) -> bool:
    """Rule by rule, None or equal patterns (a spec without `==` of its own is never equal
    to another: its paths are then matched again)."""
    return all(
        a is b or (a is not None and b is not None and a == b)
        for a, b in zip(these, those, strict=True)
    )


def _no_dirty_warning(record: logging.LogRecord) -> bool:
    """MkDocs warns that a dirty build leaves links stale; this preview's pages are not
    (the inputs digest renders every page an edit touches), and strict mode would stop."""
    return not (state.preview and str(record.msg).startswith("A 'dirty' build is being"))


def _no_skipped_line(record: logging.LogRecord) -> bool:
    """MkDocs says "Page skipped" for each page the forked copy writes instead of this process."""
    message = str(record.msg)
    if state.elsewhere and message.startswith("Page skipped: '"):
        return message[len("Page skipped: '") :].split("'", 1)[0] not in state.elsewhere
    return True


def on_shutdown() -> None:
    if state.preview is not None:
        state.preview.background.wait()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    state.site = None
    # Progress on stderr unless MkDocs was told to be quiet (`-q`).
    state.progress = Reporter(quiet=log.getEffectiveLevel() > logging.INFO)
    # One Content-Security-Policy for every page the theme renders (overrides/main.html).
    config.extra["csp"] = policy.site_policy(serve=state.serving)
    state.settings = Settings.from_mapping(
        config.site_name, config.extra.get("bangvang"), config.site_url
    )
    if not config.use_directory_urls:
        raise PluginError("Bảng vàng cần use_directory_urls: true trong mkdocs.yml")
    extensions = {name for name in config.markdown_extensions if isinstance(name, str)}
    if extensions != set(sanitize.MARKDOWN_EXTENSIONS):
        # The check renders with the engine's list: a different one would build pages the
        # check never saw.
        raise PluginError(
            "markdown_extensions trong mkdocs.yml phải đúng danh sách: "
            + ", ".join(sanitize.MARKDOWN_EXTENSIONS)
        )
    # docs_dir is the guard folder engines without hooks see; the hooks read the real one.
    folder = (config.extra.get("bangvang") or {}).get("content_dir")
    if folder and Path(config.docs_dir).name == GUARD_FOLDER:
        config.docs_dir = str(Path(config.config_file_path).parent.joinpath(folder).resolve())
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    state.digests = {}
    state.exports_written = None
    state.later = []
    state.theme_owed = []
    _stop_exports()
    _stop_pages()
    _stop_generated()
    preview = state.preview
    if preview is not None:
        _cancel_later(preview)
        preview.begin((config.docs_dir, config.site_dir, config.config_file_path))
    try:
        with contextlib.ExitStack() as stack:
            # A preview's check runs its rules across files in a forked copy (`Site`'s
            # aside) when forking is safe: the background job holds no lock meanwhile.
            aside = preview is not None and stack.enter_context(preview.background.fork_safe())
            site = Site(
                Path(config.docs_dir),
                state.settings,
                cache=preview.cache if preview else None,
                progress=state.progress,
                aside=aside,
            )
    except ContentError as error:
        raise PluginError("Nội dung có lỗi:\n" + report(error.problems)) from None
    state.site = site
    codes = site.use_qr_cache(
        qr.cache_file(Path(config.config_file_path).parent, state.settings.extra.get("qr_cache")),
        preview.qr_codes if preview else None,
    )
    if preview is not None:
        preview.qr_codes = codes
    warnings = site.warnings
    for problem in warnings[:WARNINGS_SHOWN]:
        log.info(str(problem))
    if len(warnings) > WARNINGS_SHOWN:
        log.info(
            f"… và {len(warnings) - WARNINGS_SHOWN} cảnh báo khác "
            f"({len(warnings)} cảnh báo; xem tất cả: make check)"
        )
    approved = site.approved_uris()
    published_media = _publish_media(site, config)
    digesting = _start_digests(config, site, preview, published_media) if preview else None
    for file in list(files):
        # content/ is an allowlist: only published Markdown pages are MkDocs' to build.
        # Images and scans reach the site re-encoded or checked, from the media pipeline;
        # drafts, registries, stray files and links never do.
        if file.src_dir == config.docs_dir and file.src_uri not in approved:
            files.remove(file)
    for uri, path in published_media.outputs.items():
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    for spec in site.generated():
        existing = files.get_file_from_path(spec.src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, spec.src_uri, content=""))
    _add_admin(files, config, site)
    doc_files = files.documentation_pages()  # 15,000 at 10,000 records: listed once here
    if preview is not None:
        _reuse_pages(doc_files, config, preview)
        assert digesting is not None
        _mark_changed(files, doc_files, site, preview, *digesting)
    state.pages_total = len(doc_files)
    state.pages_read = state.pages_done = 0
    if preview is None:
        # Written by a second process while MkDocs reads the pages (a preview writes them
        # after its pages, in the background: on_post_build).
        state.exports = exports.Exports(_static_parts(site, config), Path(config.site_dir))
    return files


def _static_parts(site: Site, config: MkDocsConfig) -> list[exports.Make]:
    """Every non-page output, in parts each made on its own: open data, feed and redirects;
    the search lookup files."""
    return [
        lambda: publish.static_files(site, config.site_description or ""),
        lambda: lookup.static_files(site.catalog),
    ]


def _static_files(site: Site, config: MkDocsConfig) -> dict[str, str | bytes]:
    """`_static_parts`, all of it in one mapping."""
    files: dict[str, str | bytes] = {}
    for make in _static_parts(site, config):
        files.update(make())
    return files


def _start_digests(
    config: MkDocsConfig, site: Site, preview: incremental.Preview, published: media.MediaIndex
) -> tuple[incremental.Digests, bool]:
    """This build's page digests, and whether a forked copy works out the generated pages'
    (a save's, started as early as it can: `_defer_generated`)."""
    watched = [Path(config.config_file_path), Path(config.docs_dir) / "_data"]
    watched.append(Path(incremental.__file__).parent.parent / "templates")
    if config.theme.custom_dir:
        watched.append(Path(config.theme.custom_dir))
    site_wide = (
        incremental.files_token(watched),
        repr(state.settings),
        config.site_url,
        sorted((uri, str(path)) for uri, path in published.outputs.items()),
    )
    digester = incremental.Digests(site, preview.cache, site_wide, preview.memory)
    digester.found  # noqa: B018  (here, before the copy: both sides need what it records)
    return digester, preview.memory is not None and _defer_generated(digester, preview)


def _mark_changed(
    files: Files,
    doc_files: Sequence[File],
    site: Site,
    preview: incremental.Preview,
    digester: incremental.Digests,
    deferred: bool,
) -> None:
    """Tell MkDocs' dirty build which pages to render: those whose inputs digest changed."""
    digests = digester.records()
    preview.pending = digester.memory
    # A save: the listings' and boards' digests are worked out by a forked copy while
    # MkDocs renders the records' pages (`_finish_generated`); the first build, here.
    if not deferred:
        digests.update(digester.absorb(digester.generated()))
    rendered = total = 0
    generated: list[File] = []
    state.page_list = [(file.src_uri, file.inclusion) for file in doc_files]
    for file in doc_files:
        total += 1
        made = site.is_generated(file.src_uri)
        if deferred and made:
            file.is_modified = _unmodified  # type: ignore[method-assign]
            generated.append(file)
            continue
        changed = preview.changed(file.src_uri, digests.get(file.src_uri), file.abs_dest_path)
        rendered += changed
        file.is_modified = lambda changed=changed: changed  # type: ignore[method-assign, misc]
        if changed and made:
            generated.append(file)
    preview.rendered, preview.total = rendered, total
    if deferred:
        state.deferred = generated
    elif len(generated) > incremental.LATER_THRESHOLD and preview.rendered < total:
        # Many listings and boards (a new decision shifts a campaign's): the records' own
        # pages show first, these follow (`_finish_preview`). Not the first build.
        for file in generated:
            file.is_modified = _unmodified  # type: ignore[method-assign]
        state.later = generated
    state.digests = digests
    state.outputs = {f.abs_dest_path for f in files if not f.inclusion.is_excluded()}


def _unmodified() -> bool:
    return False


def _defer_generated(digester: incremental.Digests, preview: incremental.Preview) -> bool:
    """Start the forked copy that works out the generated pages' digests (a third of a
    second or more at 10,000 records, on the other core); False when no copy can be made
    (no fork, or the background job holds a lock a copy could need)."""
    if not exports.can_fork():
        return False
    with preview.background.fork_safe() as safe:
        if not safe:
            return False
        try:
            state.generated_digests = Forked(digester.generated, name="bangvang-digests")
        except OSError:  # no process to be had (memory, limits): work them out here
            return False
        state.digester = digester
    return True


def _finish_generated(config: MkDocsConfig, preview: incremental.Preview) -> None:
    """The generated pages' digests from the forked copy: the pages among them that changed
    are rendered here when few, after the build returns (`_start_later`) when many."""
    pending, state.generated_digests = state.generated_digests, None
    digester, state.digester = state.digester, None
    deferred, state.deferred = state.deferred, []
    if pending is None or digester is None:
        return
    try:
        result = pending.finish()
    except RuntimeError as error:  # the copy died (memory, a signal): work them out here
        log.info(f"Xem trước: tính lại dấu vết các trang danh sách tại chỗ ({error})")
        result = digester.generated()
    digests = digester.absorb(result)
    state.digests.update(digests)
    changed = [
        file
        for file in deferred
        if preview.changed(file.src_uri, digests.get(file.src_uri), file.abs_dest_path)
    ]
    preview.rendered += len(changed)
    if len(changed) > incremental.LATER_THRESHOLD:
        state.later = changed
        return
    pages = [file.page for file in changed if file.page is not None]
    if pages and state.files is not None and state.nav is not None:
        doc_files = state.files.documentation_pages()
        _write_pages(pages, config, doc_files, state.nav, state.env, state.files)


def _stop_generated() -> None:
    state.digester, state.deferred = None, []
    if state.generated_digests is not None:
        state.generated_digests.close()
        state.generated_digests = None


def _reuse_pages(
    doc_files: Sequence[File], config: MkDocsConfig, preview: incremental.Preview
) -> None:
    """Give each file the Page MkDocs made for it in the preview's last build, if it was not
    in the nav: MkDocs would make 15,000 again on each save (a third of a second at 10,000
    records), each the same but for what a build reads anew into it.

    A Page holds its URL, canonical and edit URLs and the build date: those are the key,
    with the nav (a page it names gets its title from it, on a Page of its own).
    """
    key = (
        repr(config.nav),
        config.site_url,
        config.repo_url,
        config.edit_uri,
        config.edit_uri_template,
        get_build_date(),
    )
    if key != preview.pages_key:
        preview.pages, preview.pages_key = {}, key
    kept = preview.pages
    for file in doc_files:
        page = kept.get(file.src_uri)
        if page is not None and page.file.dest_uri == file.dest_uri:
            file.page, page.file = page, file


def _publish_media(site: Site, config: MkDocsConfig) -> media.MediaIndex:
    """Re-encoded images and referenced scans, from the cache outside the site when it can."""
    cache = media.cache_folder(
        Path(config.config_file_path).parent, state.settings.extra.get("image_cache")
    )
    published = media.publish(site.catalog, site.root, cache, progress=state.progress)
    if published.problems:
        raise PluginError("Ảnh hoặc văn bản có lỗi:\n" + report(published.problems))
    log.info(f"Ảnh: {published.made} ảnh xử lý mới, {published.reused} ảnh lấy từ {cache}")
    site.renderer.media = published
    return published


def _add_admin(files: Files, config: MkDocsConfig, site: Site) -> None:
    """The web editor at /admin/: only for `make edit` or a configured git backend."""
    try:
        backend = decap.admin_backend(state.settings.extra.get("admin"), os.environ)
        if backend is None:
            return
        admin = decap.admin_files(
            site.content.units,
            site.content.vocabularies,
            backend,
            decap.decap_dist(PROJECT_ROOT),
            config.site_url,
        )
    except (ValueError, FileNotFoundError) as error:
        raise PluginError(f"Trình biên tập web: {error}") from None
    for src_uri, source in admin.items():
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            files.remove(existing)
        if isinstance(source, Path):
            files.append(File.generated(config, src_uri, abs_src_path=str(source)))
        else:
            files.append(File.generated(config, src_uri, content=source))


SHARED_PARTIALS = ("partials/nav.html", "partials/tabs.html")
SHARED_PARTIAL_TEMPLATE = "theme/shared-partial.html"  # in exemplars/templates


class SharedPartials:
    """The theme's navigation and tabs, rendered once per set of links instead of per page.

    Material renders its whole navigation (and the tabs) into every page, a tenth of the
    build's time at 10,000 records. For a page the navigation does not list, nothing in it
    is marked current, so its HTML depends only on where its links lead from that page:
    the key is every navigation address as the theme's `url` filter writes it from there.
    Pages the navigation lists (and templates without a page) are rendered as before.
    """

    def __init__(self, config: MkDocsConfig):
        self.config = config
        self.kept: dict[tuple, str] = {}
        self.nav: Navigation | None = None
        self.listed: set[int] = set()
        self.addresses: list[str] = []

    def _learn(self, nav: Navigation) -> None:
        """The pages the navigation lists and every address its partials write."""
        self.nav, self.kept = nav, {}
        pages = list(nav.pages)
        self.listed = {id(page) for page in pages}
        addresses = [page.url for page in pages] + [link.url for link in _links(nav.items)]
        if nav.homepage is not None:
            addresses.append(nav.homepage.url)
        for extra in (self.config.extra.get("homepage"), self.config.theme.get("logo")):
            if isinstance(extra, str):
                addresses.append(extra)
        self.addresses = sorted(set(addresses))

    def key(self, name: str, page: Page | None, nav: Navigation | None) -> tuple | None:
        if page is None or nav is None:
            return None
        if nav is not self.nav:
            self._learn(nav)
        if id(page) in self.listed:
            return None
        return (name, tuple(normalize_url(address, page) for address in self.addresses))

    def get(self, key: tuple | None) -> str | None:
        return None if key is None else self.kept.get(key)

    def keep(self, key: tuple | None, html: str) -> str:
        if key is not None:
            self.kept[key] = html
        return html


def _links(items) -> list[Link]:  # noqa: ANN001  (navigation items)
    found: list[Link] = []
    for item in items:
        if isinstance(item, Link):
            found.append(item)
        found += _links(getattr(item, "children", None) or [])
    return found


def on_env(env, config: MkDocsConfig, files: Files):  # noqa: ANN001, ANN201  (a Jinja Environment)
    """A preview compiles the theme's templates once, not on every rebuild; the theme's
    navigation and tabs are rendered once per set of links (`SharedPartials`)."""
    if state.preview is not None:
        env.bytecode_cache = state.preview.templates
        _keep_theme_pages(config, state.preview)
    wrapper = templating.source(SHARED_PARTIAL_TEMPLATE)
    shared = {name: f'{{% set bv_partial = "{name}" %}}' + wrapper for name in SHARED_PARTIALS}
    shared[ELSEWHERE_TEMPLATE] = ""
    env.loader = ChoiceLoader(
        [DictLoader(shared), PrefixLoader({"bangvang-theme": env.loader}), env.loader]
    )
    partials = SharedPartials(config)
    env.globals["bangvang_partial_key"] = partials.key
    env.globals["bangvang_partial_get"] = partials.get
    env.globals["bangvang_partial_keep"] = partials.keep
    state.env, state.files = env, files
    _share_pages(env, config, files)
    return env


# The theme's own pages (MkDocs' static templates) that show only the nav, every page's
# address and date, and what a preview's site-wide digest covers (mkdocs.yml, templates,
# overrides, _data), with the build date; sitemap.xml brings its .gz.
KEPT_THEME_PAGES = ("404.html", "sitemap.xml")


def _keep_theme_pages(config: MkDocsConfig, preview: incremental.Preview) -> None:
    """A preview writes sitemap.xml and 404.html again only when what they show changed:
    most saves change no page's address or date (a tenth of a second at 10,000 records)."""
    memory, nav = preview.pending, state.nav
    if memory is None or nav is None:
        preview.theme_pending = None
        return
    # A page's address follows from its path and the configuration (site-wide); its date
    # is the build date or its record's (catalog.dates). Cheap: the pages are not walked.
    token = (
        memory.site_wide,
        get_build_date(),
        repr(config.nav),
        [(page.title, page.url) for page in nav.pages],
        state.page_list,
        state.site.catalog.dates if state.site is not None else None,
    )
    written = [*KEPT_THEME_PAGES, "sitemap.xml.gz"]
    unchanged = token == preview.theme_token and all(
        os.path.isfile(os.path.join(config.site_dir, name)) for name in written
    )
    templates = config.theme.static_templates
    if not unchanged and preview.theme_token is not None:
        # A save that adds or moves pages: they are written after the pages, with the
        # later pages when there are (`_start_later`), as they show no page's content.
        state.theme_owed = [name for name in KEPT_THEME_PAGES if name in templates]
    if unchanged or state.theme_owed:
        templates.difference_update(KEPT_THEME_PAGES)
    preview.theme_pending = token


def on_serve(server, config: MkDocsConfig, builder):  # noqa: ANN001, ANN201  (MkDocs' server)
    """Kept to reload the browsers once a preview's later pages are written."""
    state.server = server
    return server


# What the forked copy reports: its log lines (logger, level, message) in order, the error
# that stopped it, and what it did with QR codes. A plain tuple: MkDocs loads this module
# under its file's path, a name pickle cannot import a class back from.
PagesDone = tuple[list[tuple[str, int, str]], str | None, "qr.CodesUsed | None"]


class _LogKeeper(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append((record.name, record.levelno, record.getMessage()))


def _engine(config: MkDocsConfig) -> str:
    """The package running these hooks: "mkdocs", or "properdocs" (its fork)."""
    return type(config).__module__.split(".", 1)[0]


def _page_processes(pages: int, threshold: int = SHARE_THRESHOLD) -> int:
    chosen = os.environ.get("EXEMPLARS_PAGE_PROCESSES", "").strip()
    if chosen in {"1", "2"}:
        return int(chosen)
    return 2 if pages >= threshold and cores() >= 2 else 1


def _shares_pages(pages: int) -> bool:
    """Whether this build renders a share of its `pages` to render in a forked copy
    (`_share_pages`): a full `mkdocs build`, or a preview's rebuild."""
    if not exports.can_fork():
        return False
    if state.preview is not None:
        # Not while the preview's background job runs: a fork could copy a lock it holds
        # (a template cache's, say) and the copy would wait on it for ever.
        busy = state.preview.background.busy()
        return not busy and _page_processes(pages, PREVIEW_SHARE_THRESHOLD) >= 2
    return state.command == "build" and not state.dirty and _page_processes(pages) >= 2


def _share_pages(env, config: MkDocsConfig, files: Files) -> None:  # noqa: ANN001  (Jinja)
    """A full `mkdocs build` renders a share of its pages in a forked copy of itself, on
    another core: the catalog, navigation and every page's converted body are complete now.

    MkDocs renders and writes pages one at a time on one core, and rendering is most of a
    build. The copy renders and writes `SHARED_FRACTION` of the pages, spread evenly; here
    each of those renders an empty template, which MkDocs does not write. Full-text pages
    (stories) stay here: they feed the search indexer. The copy starts once the non-page
    files are written (two copies at once would hold the catalog three times). A preview
    shares the pages its rebuild renders, when they are many (`PREVIEW_SHARE_THRESHOLD`).
    """
    state.elsewhere = frozenset()
    site, nav, preview = state.site, state.nav, state.preview
    rendered = state.pages_total if preview is None else preview.rendered - len(state.later)
    if not _shares_pages(rendered) or site is None or nav is None:
        return
    doc_files = files.documentation_pages()
    candidates = [
        f.page
        for f in doc_files
        if f.page is not None
        and not is_full_text(f.url)
        and (preview is None or f.is_modified())  # a preview renders only those
    ]
    share = [
        page
        for number, page in enumerate(candidates)
        if int((number + 1) * SHARED_FRACTION) > int(number * SHARED_FRACTION)
    ]
    state.pages_waiting = lambda: Forked(
        lambda: _render_here(share, config, doc_files, nav, env, site), name="bangvang-pages"
    )
    state.elsewhere = frozenset(page.file.src_uri for page in share)
    for page in share:
        page.meta["template"], page.meta[OWN_TEMPLATE] = (
            ELSEWHERE_TEMPLATE,
            page.meta.get("template"),
        )
    _start_pages(wait=False)


def _start_pages(wait: bool) -> None:
    """Fork the copy that renders the shared pages once the non-page files are written (at
    once when `wait`: the build has no other page left to render meanwhile)."""
    if state.pages_waiting is None:
        return
    if state.exports is not None:
        if not (wait or state.exports.ready()):
            return
        _finish_exports()
    start, state.pages_waiting = state.pages_waiting, None
    state.pages_forked = start()


def _finish_exports() -> None:
    """Wait for the non-page files; a failure stops the build with the child's reason."""
    written, state.exports = state.exports, None
    if written is None:
        return
    try:
        state.exports_written = written.finish()
    except RuntimeError as error:
        raise PluginError(f"Không ghi được dữ liệu mở và tệp tìm kiếm: {error}") from None


def _render_here(
    pages: list[Page],
    config: MkDocsConfig,
    doc_files: Sequence[File],
    nav: Navigation,
    env,  # noqa: ANN001  (a Jinja Environment)
    site: Site,
    files: Files | None = None,
    templates: Sequence[str] = (),
) -> PagesDone:
    """In the forked copy: render and write `pages` exactly as MkDocs' build loop does,
    keeping what it logs for the build to print and count (strict mode counts warnings).
    With `files`, the pages are read first too (a preview's later pages: MkDocs skipped
    them), and the theme's `templates` (sitemap.xml, 404.html) after them."""
    state.progress = Reporter(quiet=True)
    state.indexer = None
    state.elsewhere = frozenset()  # "elsewhere" is here now
    site.renderer.qr_codes.forked()
    # Forked while the build renders one of its own pages: that page is not this copy's.
    for file in doc_files:
        if file.page is not None and file.page.active:
            file.page.active = False
    for page in pages if files is None else []:
        own = page.meta.pop(OWN_TEMPLATE, None)
        if own is None:
            page.meta.pop("template", None)
        else:
            page.meta["template"] = own
    keeper = _LogKeeper()
    logging.getLogger(_engine(config)).handlers = [keeper]
    try:
        _write_pages(pages, config, doc_files, nav, env, files, templates)
    except Exception as error:  # MkDocs has logged which page; the build stops with it
        return keeper.lines, f"{type(error).__name__}: {error}", None
    return keeper.lines, None, site.renderer.qr_codes.share()


def _write_pages(
    pages: list[Page],
    config: MkDocsConfig,
    doc_files: Sequence[File],
    nav: Navigation,
    env,  # noqa: ANN001  (a Jinja Environment)
    files: Files | None = None,
    templates: Sequence[str] = (),
) -> None:
    """Render and write `pages` with the running engine's own steps for one page (MkDocs
    1.6, pinned; or ProperDocs, its fork, when it runs these hooks), so they are the pages
    its loop would have written; with `files`, each page is read first (MkDocs skipped it).
    Then the theme's `templates`, as its build writes them."""
    steps = importlib.import_module(f"{_engine(config)}.commands.build")
    for page in pages if files is not None else []:
        steps._populate_page(page, config, files)
    for page in pages:
        excluded = page.file.inclusion.is_excluded()
        steps._build_page(page, config, doc_files, nav, env, excluded=excluded)
    for name in templates if files is not None else ():
        steps._build_theme_template(name, env, files, config, nav)


def _finish_pages() -> None:
    """Wait for the forked copy; its log lines are printed (and counted) here."""
    _start_pages(wait=True)
    forked, state.pages_forked = state.pages_forked, None
    if forked is None:
        return
    shared = len(state.elsewhere)
    state.progress(ELSEWHERE_STAGE, 0, None)
    try:
        logs, error, codes = forked.finish()
    except RuntimeError as failure:
        raise PluginError(f"Không dựng được một phần các trang: {failure}") from None
    finally:
        state.elsewhere = frozenset()
    for name, level, message in logs:
        logging.getLogger(name).log(level, message)
    if error is not None:
        raise PluginError(f"Không dựng được một phần các trang: {error}")
    if codes is not None and state.site is not None:
        state.site.renderer.qr_codes.absorb(codes)
    state.progress(ELSEWHERE_STAGE, 1, 1)
    log.info(f"Trang: {shared} trang dựng ở tiến trình thứ hai, trên lõi CPU khác")


def _stop_pages() -> None:
    state.elsewhere = frozenset()
    state.pages_waiting = None
    if state.pages_forked is not None:
        state.pages_forked.close()
        state.pages_forked = None


def on_page_read_source(page: Page, config: MkDocsConfig) -> str | None:
    """Record pages: the body the engine already read, not a second read and YAML parse.

    The empty front matter keeps MkDocs from taking a first line like "Note: ..." of the
    body for MultiMarkdown metadata, as it would not have with the file's own front matter.
    A body that itself starts with "---" is left to MkDocs.
    """
    body = state.site.body(page.file.src_uri) if state.site else None
    if body is None or body.startswith("---"):
        return None
    return "---\n{}\n---\n" + body


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """The sitemap's <lastmod>: when each record last changed, not the build date; set for
    every page here, since a preview (`--dirty`) does not read the pages it does not render."""
    doc_files = files.documentation_pages()
    if state.site is not None:
        for file in doc_files:
            dates = state.site.record_dates_of(file.src_uri)
            if dates is not None and file.page is not None:
                file.page.update_date = dates.last.isoformat()
    state.nav = nav
    if state.preview is not None:
        in_nav = {id(page) for page in nav.pages}
        state.preview.pages = {
            file.src_uri: file.page
            for file in doc_files
            if file.page is not None and id(file.page) not in in_nav
        }
    return nav


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    meta = state.site.page_meta(page.file.src_uri) if state.site else None
    if meta is not None:
        # Front matter is content, not page settings: the theme gets only escaped meta.
        page.meta = meta
    else:
        page.meta.pop(HEAD_KEY, None)  # only the generator may put raw HTML in <head>
    return markdown


def _escape_titles(page: Page, html: str) -> None:
    """Titles the theme prints raw (page, table of contents) become escaped text."""
    if "title" not in page.meta:
        heading = next((item.title for item in page.toc), None)
        title = sanitize.plain_text(heading) if heading else None
        if title:
            page.meta["title"] = str(escape(title))

    def walk(items) -> None:
        for item in items:
            item.title = str(escape(sanitize.plain_text(item.title)))
            walk(item.children)

    walk(page.toc)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """The sanitized body; the engine's view around it is rendered in `on_page_context`.

    MkDocs reads (populates) every page before it renders any, keeping each page's content
    until the end of the build: holding the small body here instead of the whole rendered
    view keeps one page's view in memory at a time (at 10,000 records the views held at once
    were most of the build's memory).
    """
    html = sanitize.clean(html)  # the trust boundary: nothing from content/ runs
    _escape_titles(page, html)
    state.pages_read += 1
    state.progress(PAGES_READ, state.pages_read, state.pages_total)
    return html


def on_page_context(
    context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation
) -> TemplateContext:
    site = state.site
    if page.file.src_uri in state.elsewhere:
        return context  # rendered by the forked copy (`_share_pages`)
    if site is not None and page.content is not None:
        rendered = site.render(page.file.src_uri, page.content)
        if rendered is not None:
            page.content = rendered
    # Structured data and share previews for overrides/main.html, escaped by the engine.
    context["bangvang_head"] = (  # type: ignore[typeddict-unknown-key]
        publish.head_html(site, page.file.src_uri) if site else None
    )
    return context


def on_pre_build(config: MkDocsConfig) -> None:
    """Start the search indexer: it indexes the full-text pages while the others are built."""
    if state.indexer is not None:
        state.indexer.close()
    # A reproducible build (SOURCE_DATE_EPOCH, as `make dist` sets) indexes the finished site
    # in one go: pages fed while the build runs come out in filter files that vary by run.
    # A preview indexes after its pages, in the background (on_post_build).
    reproducible = bool(os.environ.get("SOURCE_DATE_EPOCH"))
    later = reproducible or state.preview is not None
    state.indexer = None if later else Indexer(Path(config.site_dir))


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    # The page is written from `output`: its content and Markdown are not read again.
    state.pages_done += 1
    state.progress(PAGES_WRITTEN, state.pages_done, state.pages_total)
    if state.pages_waiting is not None and state.pages_done % 64 == 0:
        _start_pages(wait=False)
    if page.file.src_uri in state.elsewhere:
        return output  # its body stays: the copy rendering it may be forked only later
    page.content = page.markdown = None
    if state.indexer is not None:
        state.indexer.add(page.url, output)
    return output


def on_post_build(config: MkDocsConfig) -> None:
    """Write the Pagefind index, on every build and every `mkdocs serve` rebuild."""
    _finish_pages()  # a failure here reaches on_build_error, which stops the indexer
    indexer, state.indexer = state.indexer, None
    if state.site is None:
        return
    if state.preview is not None:
        _finish_generated(config, state.preview)
        _start_later(state.preview, state.site, config)
    codes = state.site.renderer.qr_codes
    if state.preview is None:
        codes.save()  # a preview's is written by its background job (tens of megabytes)
    log.info(f"Mã QR: {codes.made} mã tạo mới, {codes.reused} mã lấy từ {codes.cache}")
    state.progress.close()  # a preview rebuilds only the changed pages: end their count
    if state.preview is not None:
        _finish_preview(state.preview, state.site, config)
        return
    if state.exports is not None:
        state.progress(EXPORTS_STAGE, 0, None)
        try:
            _finish_exports()
        except PluginError:
            if indexer is not None:
                indexer.close()
            raise
    if state.exports_written is not None:
        state.progress(EXPORTS_STAGE, state.exports_written, state.exports_written)
    state.progress("Chỉ mục tìm kiếm", 0, None)
    try:
        indexed = indexer.finish() if indexer else index_site(Path(config.site_dir))
        if indexed.pages < indexed_page_count(state.site.pages.values()):
            # A --dirty build wrote only the changed pages: index the whole site instead.
            indexed = index_site(Path(config.site_dir))
    except Exception as error:  # the Pagefind binary failed: say so, and how to recover
        raise PluginError(
            f"Không tạo được chỉ mục tìm kiếm (Pagefind): {error}. "
            "Hãy chạy lại `make setup` rồi build lại."
        ) from None
    state.progress("Chỉ mục tìm kiếm", indexed.pages, indexed.pages)
    log.info(
        f"Tìm kiếm: đã lập chỉ mục {indexed.pages} trang, build chờ thêm {indexed.seconds:.1f} giây"
    )


def _finish_preview(preview: incremental.Preview, site: Site, config: MkDocsConfig) -> None:
    """Forget pages gone since the last build; open data, feed and search index come after.

    The page the editor looks at is ready now; the rest is written by one background
    thread (a newer build's job replaces one still waiting).
    """
    site_dir = Path(config.site_dir)
    later = preview.later
    digests = state.digests
    if later is not None:
        digests = {**digests, **dict.fromkeys(later.digests)}  # true once they are written
    theme = preview.theme_pending
    if later is not None and later.themed:
        preview.theme_pending = None  # true once the later copy has written them
    removed = preview.finish(digests, state.outputs, site_dir)
    after = f"{len(later.digests)} trang danh sách, " if later else ""
    log.info(
        f"Xem trước: dựng lại {preview.rendered}/{preview.total} trang, "
        f"xóa {removed} tệp cũ; {after}dữ liệu mở và chỉ mục tìm kiếm đang cập nhật"
    )

    def done(result: PagesDone) -> None:
        """The later pages are written: their digests become true (under `later`'s lock:
        a newer build has not begun, or this never runs)."""
        lines, error, codes = result
        for name, level, message in lines:
            # info: strict mode would count a warning against the next build
            prefix = f"{logging.getLevelName(level)}: " if level > logging.INFO else ""
            logging.getLogger(name).info(prefix + message)
        if error is not None:
            raise RuntimeError(error)
        if codes is not None:
            site.renderer.qr_codes.absorb(codes)
        if preview.digests is digests:
            preview.digests.update(later.digests if later else {})
            if later is not None and later.themed:
                preview.theme_token = theme

    def job() -> None:
        try:
            write_and_index()
        finally:
            incremental.settle_heap()

    def write_and_index() -> None:
        if later is not None:  # pages first: the editor may be looking at one
            try:
                with preview.background.forkable():
                    waited = later.wait(done)
                if not waited:
                    return  # a newer build renders them, and indexes after
            except RuntimeError as error:
                log.info(
                    f"Xem trước: chưa dựng được các trang danh sách ({error}); "
                    "lưu lại một tệp để thử lại"
                )
                return
            log.info(f"Xem trước: {len(later.digests)} trang danh sách đã xong")
            _reload_browsers()
        site.renderer.qr_codes.save()
        preview.write_extras(_static_files(site, config), site_dir)
        try:
            with preview.background.forkable():
                indexed = index_site(site_dir)
        except Exception as error:  # a busy machine or a broken binary: say so, keep serving
            # info, not warning: strict mode would count it against the next build
            log.info(
                f"Xem trước: chưa lập được chỉ mục tìm kiếm ({error}); "
                "lưu lại một tệp để thử lại, hoặc chạy lại `make serve`"
            )
            return
        log.info(f"Xem trước: chỉ mục tìm kiếm xong ({indexed.pages} trang)")

    preview.background.submit(job)


def _start_later(preview: incremental.Preview, site: Site, config: MkDocsConfig) -> None:
    """The listings and boards `_mark_changed` kept for after this build, and the theme's
    pages `_keep_theme_pages` did: rendered by a forked copy while the editor already sees
    the records' pages, or here when no copy can be made (no fork, or the background job
    runs: a fork would copy the locks it holds) or there are no later pages."""
    later, state.later = state.later, []
    themed, state.theme_owed = state.theme_owed, []
    nav, env, files = state.nav, state.env, state.files
    if nav is None or files is None:
        preview.theme_pending = None  # not written: the next build writes them
        return
    pages = [file.page for file in later if file.page is not None]
    doc_files = files.documentation_pages()
    if later:
        with preview.background.fork_safe() as safe:
            if safe and exports.can_fork():
                preview.later = incremental.LaterPages(
                    lambda: _render_here(pages, config, doc_files, nav, env, site, files, themed),
                    {file.src_uri: state.digests.get(file.src_uri) for file in later},
                    themed=bool(themed),
                )
                return
    _write_pages(pages, config, doc_files, nav, env, files, themed)


def _cancel_later(preview: incremental.Preview) -> None:
    """A newer build begins: the last one's later pages, if not written yet, are its own."""
    if preview.later is not None:
        preview.later.cancel()
        preview.later = None


def _reload_browsers() -> None:
    """Tell the browsers `mkdocs serve` serves to reload, as it does after a build: the
    later pages are written. Its server's own epoch (MkDocs 1.6, pinned); not while a
    build runs, whose end reloads them anyway."""
    server = state.server
    rebuild = getattr(server, "_rebuild_cond", None)
    epochs = getattr(server, "_epoch_cond", None)
    if rebuild is None or epochs is None:
        return
    with rebuild, epochs:
        if server._want_rebuild or server._visible_epoch != server._wanted_epoch:
            return
        epoch = max(server._visible_epoch + 1, round(time.monotonic() * 1000))
        server._wanted_epoch = server._visible_epoch = epoch
        epochs.notify_all()


def _stop_exports() -> None:
    if state.exports is not None:
        state.exports.close()
        state.exports = None


def on_build_error(error: Exception) -> None:
    _stop_exports()
    _stop_pages()
    _stop_generated()
    if state.indexer is not None:
        state.indexer.close()
        state.indexer = None
    state.later = []
    state.theme_owed = []
    if state.preview is not None:
        _cancel_later(state.preview)
    if state.preview is not None and state.digests:  # pages may have been written
        state.preview.forget()
    state.digests = {}
