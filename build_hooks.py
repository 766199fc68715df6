"""MkDocs glue: the only place the engine meets MkDocs. Each hook is a call into `exemplars`.

Registered with `hooks:` in mkdocs.yml. `mkdocs serve` keeps this module loaded between
rebuilds, so all state is reset in `on_config`.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from exemplars import decap
from exemplars.problems import report
from exemplars.render import Settings
from exemplars.site import ContentError, Site

log = logging.getLogger("mkdocs.hooks.bangvang")
DATA_FOLDER = "_data/"
PROJECT_ROOT = Path(__file__).resolve().parent


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
    _add_admin(files, config, site)
    return files


def _add_admin(files: Files, config: MkDocsConfig, site: Site) -> None:
    """The web editor at /admin/: only for `make edit` or a configured git backend."""
    try:
        backend = decap.admin_backend(state.settings.extra.get("admin"), os.environ)
        if backend is None:
            return
        admin = decap.admin_files(
            site.content.units, site.content.vocabularies, backend,
            decap.decap_dist(PROJECT_ROOT), config.site_url,
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
