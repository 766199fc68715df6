"""`exemplars generate OUT`: the whole site as a plain, clean MkDocs-style docs tree.

The MkDocs hooks (`build_hooks.py`) are the fast path; this is the same engine writing every
page to a file, so any engine that builds a Markdown docs folder — MkDocs or ProperDocs
without hooks, Zensical — publishes the same site and nothing else: only published records,
every generated page, re-encoded images (never an original), open data, the feed,
redirects, the search page's assets, and an `mkdocs.yml` with no hooks.

Each page is a Markdown file whose body is the engine's finished HTML (one raw HTML block,
which Markdown passes through untouched) and whose front matter holds the escaped title,
description and head meta, exactly what the hooks hand the theme.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import markdown
import yaml
from markupsafe import escape

from exemplars import policy
from exemplars.content.load import read_text
from exemplars.progress import Progress, silent
from exemplars.site import lookup, media, qr, sanitize
from exemplars.site.build import ContentError, Site
from exemplars.site.pages import relative_url, url_of
from exemplars.site.publish import head_html, static_files
from exemplars.site.render import Settings

MARKER = ".bangvang-generated"
# mkdocs.yml's docs_dir: one warning page, what an engine that runs no hooks publishes.
GUARD_FOLDER = "engine-guard"
DOCS = "docs"
THEME = "overrides"
DATA_FOLDER = "_data/"
HEADING = re.compile(r"<h[1-6][^>]*>(.*?)</h[1-6]>", re.S)
# Front-matter key the generated tree's theme override prints in <head>. Only the generator
# writes front matter there: editors' pages are rendered, never copied with theirs.
HEAD_KEY = "bangvang_head"
# Settings that only mean something next to the raw repository.
REPOSITORY_ONLY = ("hooks", "watch", "docs_dir", "site_dir", "exclude_docs", "dev_addr")


class GenerateError(Exception):
    """The tree cannot be written; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class Generated:
    out: Path
    pages: int
    files: int
    images: int
    config: Path


def load_config(config_file: Path) -> dict[str, Any]:
    """The project's mkdocs.yml as plain data (it uses no Python tags)."""
    try:
        data = yaml.safe_load(read_text(config_file))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise GenerateError(f"{config_file}: không đọc được cấu hình ({error})") from None
    if not isinstance(data, dict):
        raise GenerateError(f"{config_file}: cấu hình phải là một bảng khóa: giá trị")
    return data


def content_dir(config: dict[str, Any], project: Path) -> Path:
    """Where the editors' files are: `extra.bangvang.content_dir`, else `docs_dir`.

    mkdocs.yml's `docs_dir` is a guard folder, so an engine that runs no hooks never
    publishes `content/` as it is; the hooks and this generator read the real folder.
    """
    extra = (config.get("extra") or {}).get("bangvang") or {}
    return project / str(extra.get("content_dir") or config.get("docs_dir") or "docs")


def settings_of(config: dict[str, Any]) -> Settings:
    return Settings.from_mapping(
        str(config.get("site_name") or "Bảng vàng"),
        (config.get("extra") or {}).get("bangvang"),
        config.get("site_url"),
    )


class _Links(markdown.treeprocessors.Treeprocessor):
    """Links between source files become site URLs, as MkDocs rewrites them."""

    src_uri = ""

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            key = {"a": "href", "img": "src"}.get(element.tag)
            if key and element.get(key) is not None:
                element.set(key, link_url(element.get(key) or "", self.src_uri))


def link_url(url: str, src_uri: str) -> str:
    """`other.md#x` in `exemplars/a.md` → `../other/#x`; external and bare anchors unchanged."""
    scheme, netloc, path, _, fragment = urlsplit(url)
    if scheme or netloc or url.startswith(("/", "\\")) or not path:
        return url
    target = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), unquote(path)))
    if target.startswith("../"):
        return url
    here = url_of(src_uri)
    site_path = url_of(target) if target.endswith(".md") else target
    relative = relative_url(site_path, here)
    if not target.endswith(".md"):
        relative = relative.rstrip("/") if not site_path.endswith("/") else relative
    return relative + (f"#{fragment}" if fragment else "")


class _LinkExtension(markdown.Extension):
    def __init__(self) -> None:
        super().__init__()
        self.processor: _Links | None = None

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        self.processor = _Links(md)
        md.treeprocessors.register(self.processor, "bangvang_links", 0)


class BodyRenderer:
    """A page's Markdown body → published HTML, as the hooks build it: the engine's Markdown
    extensions (mkdocs.yml must list the same), MkDocs' link rewriting, then the sanitizer."""

    def __init__(self) -> None:
        self.links = _LinkExtension()
        self.md = markdown.Markdown(
            extensions=[*sanitize.MARKDOWN_EXTENSIONS, self.links],
            extension_configs=sanitize.EXTENSION_CONFIGS,
        )

    def __call__(self, body: str, src_uri: str) -> str:
        assert self.links.processor is not None
        self.links.processor.src_uri = src_uri
        self.md.reset()
        return sanitize.clean(self.md.convert(body))


def page_file(meta: dict[str, str] | None, head: str | None, html: str) -> str:
    """A generated page: front matter (escaped meta, head HTML) and one raw HTML block."""
    front = dict(meta or {})
    if head:
        front[HEAD_KEY] = str(head)
    matter = yaml.safe_dump(front, allow_unicode=True, sort_keys=True, width=1_000_000)
    return f"---\n{matter}---\n\n{html.strip()}\n"


def generated_config(config: dict[str, Any]) -> dict[str, Any]:
    """mkdocs.yml for the tree: the project's, without hooks or repository-only settings."""
    result = {key: value for key, value in config.items() if key not in REPOSITORY_ONLY}
    result["docs_dir"] = DOCS
    # Material's search off, and Zensical's too (on unless disabled): Pagefind indexes the site.
    if not result.get("plugins"):
        result["plugins"] = [{"search": {"enabled": False}}]
    result["site_dir"] = "site"
    theme = dict(result.get("theme") or {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = THEME
    # Zensical's default look is its own ("modern"); "classic" is Material's, which the
    # overrides are written for. MkDocs and Material ignore the key.
    theme.setdefault("variant", "classic")
    result["theme"] = theme
    extra = dict(result.get("extra") or {})
    bangvang = {k: v for k, v in (extra.get("bangvang") or {}).items() if k != "content_dir"}
    bangvang["generated"] = True
    extra["bangvang"] = bangvang
    extra["csp"] = policy.site_policy()  # what the hooks put there for overrides/main.html
    result["extra"] = extra
    return result


def _clear(out: Path) -> None:
    """Empty `out` for a new tree; never a folder this command did not write."""
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise GenerateError(
                f"{out}: thư mục đã có tệp khác; hãy chọn một thư mục trống "
                "hoặc thư mục do `exemplars generate` tạo trước đó"
            )
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")


def generate(config_file: Path, out: Path, progress: Progress = silent, today=None) -> Generated:
    """Write the site of `config_file`'s project as a docs tree into `out` (replacing it)."""
    config_file = Path(config_file).resolve()
    project = config_file.parent
    config = load_config(config_file)
    root = content_dir(config, project)
    if not root.is_dir():
        raise GenerateError(f"{root}: không tìm thấy thư mục nội dung")
    out = Path(out).resolve()
    if out == project or out in root.parents or root == out or out in project.parents:
        raise GenerateError(f"{out}: không được ghi đè thư mục dự án hoặc nội dung")
    site = Site(root, settings_of(config), today, progress=progress)
    cache = media.cache_folder(project, site.settings.extra.get("image_cache"))
    published = media.publish(site.catalog, site.root, cache, progress=progress)
    if published.problems:
        raise ContentError(published.problems)
    site.renderer.media = published
    site.use_qr_cache(qr.cache_file(project, site.settings.extra.get("qr_cache")))

    _clear(out)
    docs = out / DOCS
    docs.mkdir()
    to_html = BodyRenderer()
    ordinary = {page.origin.id + ".md": page for page in site.published_pages()}
    specs = list(site.pages.values())
    for number, spec in enumerate(specs, 1):
        if spec.generated:
            body_html = ""
        else:
            body = site.body(spec.src_uri)
            if body is None:  # the home page written by the editors
                page = ordinary.get(spec.src_uri)
                body = page.body if page else ""
            body_html = to_html(body, spec.src_uri)
        html = site.render(spec.src_uri, body_html) or ""
        head = head_html(site, spec.src_uri)
        _write(docs / spec.src_uri, page_file(site.page_meta(spec.src_uri), head, html))
        if number % 50 == 0 or number == len(specs):
            progress("Trang", number, len(specs))
    site.renderer.qr_codes.save()

    files = 0
    for src_uri, page in sorted(ordinary.items()):
        if src_uri not in site.pages:
            html = to_html(page.body, src_uri)
            _write(docs / src_uri, page_file(_ordinary_meta(site, src_uri, html), None, html))
            files += 1
    statics = static_files(site, str(config.get("site_description") or ""))
    statics.update(lookup.static_files(site.catalog))
    for site_path, content in statics.items():
        _write(docs / site_path, content)
        files += 1
    for site_path, source in sorted(published.outputs.items()):
        _write(docs / site_path, source.read_bytes())
    theme = (config.get("theme") or {}).get("custom_dir")
    if theme:
        shutil.copytree(project / theme, out / THEME)
    target = out / "mkdocs.yml"
    _write(target, _config_text(generated_config(config)))
    _write(out / MARKER, "exemplars generate\n")
    return Generated(out, len(specs), files, len(published.outputs), target)


def _ordinary_meta(site: Site, src_uri: str, html: str) -> dict[str, str]:
    """An editors' page's escaped meta; without a title, its first heading's text, as the
    hooks take it from the table of contents (a raw HTML page has none)."""
    meta = dict(site.page_meta(src_uri) or {})
    heading = HEADING.search(html)
    if "title" not in meta and heading:
        title = sanitize.plain_text(heading.group(1))
        if title:
            meta["title"] = str(escape(title))
    return meta


def _config_text(config: dict[str, Any]) -> str:
    header = (
        "# Tạo bởi `exemplars generate`: không sửa tệp này, hãy sửa mkdocs.yml của dự án.\n"
        "# Generated by `exemplars generate`; any MkDocs-style engine builds this folder.\n"
    )
    return header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=100)
