"""On record pages: cite this record, report an error, print the roll."""

from __future__ import annotations

import html
import re
from dataclasses import astuple
from urllib.parse import parse_qs, urlsplit

from conftest import ROOT, read
from publishing_helpers import SITE_URL, published

from exemplars.site.history import record_dates


def record_pages():
    for folder in ("exemplars", "commendations", "campaigns", "stories"):
        for record_id, front in published(folder).items():
            title = front.get("name") or front.get("title") or f"Quyết định số {front['number']}"
            yield folder, record_id, title


def test_every_record_page_can_be_cited_and_reported(sample_site):
    for folder, record_id, title in record_pages():
        page = read(sample_site, f"{folder}/{record_id}/")
        cite = page.split('<aside class="bv-cite"', 1)[1].split("</aside>", 1)[0]
        permalink = f"{SITE_URL}{folder}/{record_id}/"
        assert "Trích dẫn" in cite
        assert f'<a href="{permalink}">{permalink}</a>' in cite
        assert html.escape(title, quote=False) in html.escape(html.unescape(cite), quote=False)
        # Spec v2: the record's dates from its file's history, never the build date.
        dates = record_dates(ROOT / "content", [ROOT / "content" / folder / f"{record_id}.md"])
        ((first, last, _),) = [astuple(d) for d in dates.values()]
        assert (
            f'datetime="{first.isoformat()}"' in cite and f'datetime="{last.isoformat()}"' in cite
        )
        report = re.search(r'<a class="bv-report" href="([^"]+)">Báo lỗi / gửi ảnh</a>', cite)
        assert report, f"{folder}/{record_id}"
        address = urlsplit(html.unescape(report.group(1)))
        assert address.scheme == "mailto" and address.path == "bientap@example.vn"
        query = parse_qs(address.query)
        assert query["subject"] == [f"Báo lỗi / gửi ảnh: {title}"]
        assert permalink in query["body"][0]


def test_report_link_for_a_web_form_and_for_none():
    from exemplars.site.links import report_href

    href = report_href("https://example.vn/gop-y?form=1", "Tổ “Km 15” & bến", "https://x/a/")
    query = parse_qs(urlsplit(href).query)
    assert query == {
        "form": ["1"],
        "subject": ["Báo lỗi / gửi ảnh: Tổ “Km 15” & bến"],
        "url": ["https://x/a/"],
    }
    assert report_href("", "x", "y") == ""
    assert report_href("javascript:alert(1)", "x", "y") == ""


def test_rolls_have_a_print_button_without_inline_handlers(sample_site):
    pages = [f"campaigns/{i}/" for i in published("campaigns")]
    pages += [f"commendations/{i}/" for i in published("commendations")]
    pages += ["units/tra-co/"]
    for url in pages:
        page = read(sample_site, url)
        assert re.search(
            r'<button type="button" class="md-button bv-print" data-bv-print hidden>'
            r"In danh sách</button>",
            page,
        ), url
        assert 'src="../../assets/javascripts/print.js"' in page, url
    for path in sample_site.rglob("*.html"):
        assert not re.search(r"<[^>]+\son[a-z]+=", path.read_text(encoding="utf-8")), path
    assert "window.print()" in (sample_site / "assets/javascripts/print.js").read_text()


def test_print_stylesheet_hides_the_chrome_and_breaks_between_groups(sample_site):
    css = (ROOT / "overrides/assets/stylesheets/print.css").read_text(encoding="utf-8")
    assert css.lstrip().startswith("/*") and "@media print {" in css
    hidden = css.split("display: none !important")[0]
    for selector in (
        ".md-header",
        ".md-tabs",
        ".md-sidebar",
        ".md-footer",
        ".md-search",
        ".bv-print-bar",
    ):
        assert selector in hidden
    assert "break-before: page" in css
    assert 'href="../../assets/stylesheets/print.css"' in read(
        sample_site, "campaigns/covid-19-dac-biet/"
    )
