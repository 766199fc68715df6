"""Addresses outside the page itself: permanent URLs, the report link, plain-text excerpts.

Open data, the feed, structured data and the citation box all need the same absolute URL
of a record; it is made here, from mkdocs.yml `site_url`, and nowhere else.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from exemplars.site.pages import record_url

EXCERPT_LENGTH = 300


def absolute_url(site_url: str, path: str) -> str:
    """`site_url` + a site-relative directory URL; "/path" when no site_url is configured."""
    path = path.lstrip("/")
    if not site_url:
        return "/" + path
    return site_url.rstrip("/") + "/" + path


def short_url(url: str) -> str:
    """What is printed beside a QR code for people without a camera: no `https://`."""
    for scheme in ("https://", "http://"):
        if url.startswith(scheme):
            return url[len(scheme) :]
    return url


def report_href(report_url: str, title: str, permalink: str) -> str:
    """The "Báo lỗi / gửi ảnh" address, its subject (and body) prefilled for one record.

    A `mailto:` gets `subject` and `body`; a web form gets `subject` and `url` query
    parameters. Everything is percent-encoded, so a title can hold any character.
    """
    if not report_url:
        return ""
    subject = quote(f"Báo lỗi / gửi ảnh: {title}", safe="")
    page = quote(permalink, safe="")
    separator = "&" if "?" in report_url else "?"
    if report_url.startswith("mailto:"):
        body = quote(f"Trang: {permalink}\n\n", safe="")
        return f"{report_url}{separator}subject={subject}&body={body}"
    if urlsplit(report_url).scheme not in {"http", "https"}:
        return ""
    return f"{report_url}{separator}subject={subject}&url={page}"


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[*_`#>]+|<[^>]+>")
_SPACE = re.compile(r"\s+")


def plain_excerpt(markdown: str, limit: int = EXCERPT_LENGTH) -> str:
    """The first `limit` characters of a Markdown body as plain text, cut at a word.

    For feed descriptions and previews of stories, which have no summary field.
    """
    plain = _SPACE.sub(" ", _MARKUP.sub("", _LINK.sub(r"\1", markdown))).strip()
    if len(plain) <= limit:
        return plain
    cut = plain[:limit].rsplit(" ", 1)[0].rstrip(",;:.–- ")
    return cut + "…"


class RecordAddresses:
    """Absolute addresses of one build's records, for the exports that leave the site
    (open data, JSON-LD): both need the catalog, `site_url`, the site and its publisher."""

    def __init__(
        self, catalog, site_url: str = "", site_name: str = "Bảng vàng", publisher: str = ""
    ):
        self.catalog = catalog
        self.site_url = site_url
        self.site_name = site_name
        self.publisher = publisher

    def _url(self, folder: str, record_id: str) -> str:
        return absolute_url(self.site_url, record_url(folder, record_id))
