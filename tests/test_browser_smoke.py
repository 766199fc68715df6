"""The sample site in a real browser: it loads, in Vietnamese, with no console error."""

from __future__ import annotations


def test_exemplar_directory_in_chromium(page, site_url):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(site_url + "exemplars/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("h1").first.inner_text() == "Gương điển hình A–Z"
    first = page.locator(".bv-card__link").first
    name = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text() == name
    assert errors == []


def test_a_page_view_does_not_download_the_sitemap(page, site_url):
    """The sitemap lists every page of the archive (11 MB at 50,000 records): it is for
    crawlers. Material fetches the sitemap beside every link[rel=alternate] of a page,
    taking it for a language version; the feed's link must not be one of those."""
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    for path in ("", "exemplars/", "search/?q=tra+co"):
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    assert fetched and not [url for url in fetched if "sitemap" in url]
    feed = page.locator('head link[type="application/rss+xml"]')
    assert "alternate" in feed.get_attribute("rel").split()  # feed readers still find it
