"""MkDocs glue: the only place the engine meets MkDocs. Each hook is a call into `exemplars`.

Registered with `hooks:` in mkdocs.yml. `mkdocs serve` keeps this module loaded between
rebuilds, so all state is reset in `on_config`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from exemplars.problems import report
from exemplars.render import Settings
from exemplars.search import Indexer, index_site, record_page_count
from exemplars.site import ContentError, Site

log = logging.getLogger("mkdocs.hooks.bangvang")
DATA_FOLDER = "_data/"


class _State:
    site: Site | None = None
    settings: Settings = Settings()
    indexer: Indexer | None = None


state = _State()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    state.site = None
    state.settings = Settings.from_mapping(config.site_name, config.extra.get("bangvang"))
    if not config.use_directory_urls:
        raise PluginError("Bảng vàng cần use_directory_urls: true trong mkdocs.yml")
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    try:
        site = Site(Path(config.docs_dir), state.settings)
    except ContentError as error:
        raise PluginError("Nội dung có lỗi:\n" + report(error.problems)) from None
    state.site = site
    for problem in site.warnings:
        log.info(str(problem))
    hidden = site.unpublished_uris()
    for file in list(files):
        if file.src_uri.startswith(DATA_FOLDER) or file.src_uri in hidden:
            files.remove(file)
    for spec in site.generated():
        existing = files.get_file_from_path(spec.src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, spec.src_uri, content=""))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    meta = state.site.page_meta(page.file.src_uri) if state.site else None
    if meta is not None:
        # Front matter is content, not page settings: the theme gets only escaped meta.
        page.meta = meta
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    site = state.site
    if site is None:
        return html
    rendered = site.render(page.file.src_uri, html)
    return html if rendered is None else rendered


def on_pre_build(config: MkDocsConfig) -> None:
    """Start the search indexer: it indexes record pages while the others are being built."""
    if state.indexer is not None:
        state.indexer.close()
    state.indexer = Indexer(Path(config.site_dir))


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if state.indexer is not None:
        state.indexer.add(page.url, output)
    return output


def on_post_build(config: MkDocsConfig) -> None:
    """Write the Pagefind index, on every build and every `mkdocs serve` rebuild."""
    indexer, state.indexer = state.indexer, None
    if indexer is None:
        return
    try:
        indexed = indexer.finish()
        if state.site and indexed.pages < record_page_count(state.site.pages.values()):
            # A --dirty build wrote only the changed pages: index the whole site instead.
            indexed = index_site(Path(config.site_dir))
    except Exception as error:  # the Pagefind binary failed: say so, and how to recover
        raise PluginError(
            f"Không tạo được chỉ mục tìm kiếm (Pagefind): {error}. "
            "Hãy chạy lại `make setup` rồi build lại."
        ) from None
    log.info(f"Tìm kiếm: đã lập chỉ mục {indexed.pages} trang, build chờ thêm "
             f"{indexed.seconds:.1f} giây")


def on_build_error(error: Exception) -> None:
    if state.indexer is not None:
        state.indexer.close()
        state.indexer = None
