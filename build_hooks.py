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
from exemplars.site import ContentError, Site

log = logging.getLogger("mkdocs.hooks.bangvang")
DATA_FOLDER = "_data/"


class _State:
    site: Site | None = None
    settings: Settings = Settings()


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
