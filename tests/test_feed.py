"""The RSS feed: valid for feedparser, newest 30 stories and decisions, linked from every page."""

from __future__ import annotations

import re
from datetime import date
from email.utils import parsedate_to_datetime

import feedparser
from conftest import DECISION, ROOT
from publishing_helpers import SITE_URL, published


def day_of(rfc822: str) -> date:
    """The day as written in the feed (Vietnam time), not converted to UTC."""
    return parsedate_to_datetime(rfc822).date()


def parse(site):
    return feedparser.parse((site / "feed.xml").read_bytes())


def test_feed_is_valid_rss_with_a_self_link(sample_site):
    feed = parse(sample_site)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "rss20"
    assert feed.feed.title == "Bảng vàng Móng Cái"
    assert any(
        link.rel == "self" and link.href == SITE_URL + "feed.xml" for link in feed.feed.links
    )


def test_feed_holds_the_published_stories_and_decisions_newest_first(sample_site):
    feed = parse(sample_site)
    stories, decisions = published("stories"), published("commendations")
    expected = {f"{SITE_URL}stories/{i}/" for i in stories} | {
        f"{SITE_URL}commendations/{i}/" for i in decisions
    }
    assert len(expected) <= 30
    assert {entry.link for entry in feed.entries} == expected
    days = [day_of(entry.published) for entry in feed.entries]
    assert days == sorted(days, reverse=True)
    for entry in feed.entries:
        path = entry.link.removeprefix(SITE_URL)
        assert (sample_site / path / "index.html").exists(), entry.link
        assert entry.id == entry.link and entry.title and entry.summary


def test_every_page_links_the_feed_in_its_head(sample_site):
    for path in sample_site.rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in page:
            continue  # an alias redirect, not a page
        head = page.split("</head>", 1)[0]
        link = re.search(
            r'<link rel="alternate feed" type="application/rss\+xml"[^>]*href="([^"]+)"', head
        )
        assert link, path
        target = (path.parent / link.group(1)).resolve()
        if path.name == "404.html":
            target = sample_site / link.group(1).lstrip("/")
        assert target == (sample_site / "feed.xml").resolve(), path


def test_newest_30_and_escaping(tree):
    from exemplars.site.build import Site
    from exemplars.site.feed import feed_xml

    tree.minimal()
    for n in range(40):
        tree.write(
            f"commendations/{n + 300}-qd-ubnd-x.md",
            DECISION.replace("245/", f"{n + 300}/")
            .replace("05/11/2021", f"{n % 28 + 1}/12/2021")
            .replace("Có thành tích", f"<b>Thành tích</b> & “số {n}”"),
        )
    site = Site(tree.root, today=date(2026, 11, 29))
    text = feed_xml(site.catalog, SITE_URL, 'Bảng <vàng> & "thử"')
    feed = feedparser.parse(text.encode("utf-8"))
    assert feed.bozo == 0
    assert len(feed.entries) == 30
    assert feed.feed.title == 'Bảng <vàng> & "thử"'
    assert "<b>Thành tích</b>" not in text
    # Version 2: descriptions are plain text, so the reason's markup reaches a reader (which
    # reads a description as HTML) as its characters, escaped once more, never as a tag.
    assert "&amp;lt;b&amp;gt;Thành tích&amp;lt;/b&amp;gt; &amp;amp; “số" in text
    assert feed.entries[0].summary.startswith("Chủ tịch UBND")
    assert "<b>" not in feed.entries[0].summary
    newest = max(date(2021, 12, n % 28 + 1) for n in range(40))
    assert day_of(feed.entries[0].published) == newest
    assert feed.entries[0].published.endswith("00:00:00 +0700")


def test_no_site_url_means_no_feed_but_everything_else(tree):
    from exemplars.site.build import Site
    from exemplars.site.publish import static_files
    from exemplars.site.render import Settings

    tree.minimal()
    site = Site(tree.root, Settings(), today=date(2026, 11, 29))
    files = static_files(site)
    assert "feed.xml" not in files
    assert "data/exemplars.json" in files
    assert '"url": "/exemplars/nguyen-van-an/"' in files["data/exemplars.json"]
    with_url = static_files(Site(tree.root, Settings(site_url=SITE_URL), today=date(2026, 11, 29)))
    assert "feed.xml" in with_url


def test_build_date_is_the_newest_item_not_the_clock():
    """Two builds of the same content on different days publish the same feed."""
    from exemplars.site.build import Site
    from exemplars.site.feed import feed_xml

    text = feed_xml(Site(ROOT / "content").catalog, SITE_URL, "x")
    feed = feedparser.parse(text.encode("utf-8"))
    assert feed.feed.updated == feed.entries[0].published
    later = Site(ROOT / "content", today=date(2026, 12, 31)).catalog
    assert later.stories_newest == Site(ROOT / "content").catalog.stories_newest
    assert feed_xml(later, SITE_URL, "x") == text
