"""Structured data and share previews: every JSON-LD block parses, says the right things,
and no value can break out of it."""

from __future__ import annotations

import html
import json
import re

from conftest import EXEMPLAR, read
from publishing_helpers import SITE_URL, as_date, published

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def blocks(page: str) -> list[dict]:
    return [json.loads(block) for block in LD_JSON.findall(page)]


def meta(page: str, key: str) -> str | None:
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', page)
    return html.unescape(match.group(1)) if match else None


def test_every_json_ld_block_in_the_site_parses(sample_site):
    found = 0
    for path in sample_site.rglob("*.html"):
        for data in blocks(path.read_text(encoding="utf-8")):
            assert data["@context"] == "https://schema.org", path
            found += 1
    records = published("exemplars"), published("commendations"), published("stories")
    assert found == sum(len(r) for r in records)


def test_exemplar_pages_name_their_awards(sample_site):
    decisions = published("commendations")
    for exemplar_id, front in published("exemplars").items():
        page = read(sample_site, f"exemplars/{exemplar_id}/")
        (data,) = blocks(page)
        assert data["@type"] == ("Person" if front["kind"] == "individual" else "Organization")
        assert data["name"] == front["name"]
        assert data["url"] == f"{SITE_URL}exemplars/{exemplar_id}/"
        mine = [
            d
            for i, d in decisions.items()
            if any(r.get("exemplar") == exemplar_id for r in d.get("recipients", []))
            # spec v2: an award revoked later is not one the exemplar holds
            and not any(
                v.get("exemplar") == exemplar_id and v["commendation"] == i
                for other in decisions.values()
                for v in other.get("revokes", [])
            )
        ]
        assert len(data.get("award", [])) == len(mine)
        for decision in mine:
            assert any(str(decision["number"]) in a for a in data["award"])
        assert meta(page, "og:title") == front["name"]
        assert meta(page, "og:url") == data["url"]
        assert meta(page, "og:description") == front["summary"]


def test_story_and_decision_pages(sample_site):
    for story_id, front in published("stories").items():
        (data,) = blocks(read(sample_site, f"stories/{story_id}/"))
        assert data["@type"] == "NewsArticle"
        assert data["headline"] == front["title"]
        assert data["datePublished"] == as_date(front["date"]).isoformat()
    for decision_id, front in published("commendations").items():
        (data,) = blocks(read(sample_site, f"commendations/{decision_id}/"))
        assert data["@type"] == "Legislation"
        assert data["legislationIdentifier"] == front["number"]
        assert len(data.get("about", [])) == len(front.get("recipients", []))


def test_no_value_can_end_the_script_block(tree, built):
    tree.minimal()
    evil = 'An </script><script>alert(1)</script> & <!-- "x"'
    tree.write(
        "exemplars/nguyen-van-an.md",
        EXEMPLAR.replace("name: Nguyễn Văn An", f"name: '{evil}'").replace(
            "summary: Trực", "summary: </script> Trực"
        ),
    )
    site = built(tree)
    page = read(site, "exemplars/nguyen-van-an/")
    (data,) = blocks(page)
    assert data["name"] == evil
    assert data["description"].startswith("</script> Trực")
    head = page.split("</head>", 1)[0]
    assert head.count("<script") == head.count("</script>")
    assert "<script>alert(1)" not in page
    assert meta(page, "og:title") == evil
    assert meta(page, "twitter:description").startswith("</script>")


def test_share_preview_shows_the_re_encoded_portrait_never_the_original(tree, built):
    from PIL import Image

    tree.minimal()
    Image.new("RGB", (900, 1200), (180, 40, 40)).save(tree.root / "exemplars" / "an.jpg")
    tree.write("exemplars/nguyen-van-an.md", EXEMPLAR + "portrait: an.jpg\nphoto_consent: true\n")
    site = built(tree)
    page = read(site, "exemplars/nguyen-van-an/")
    image = meta(page, "og:image")
    assert image.startswith(SITE_URL + "media/") and image.endswith(".jpg"), image
    assert (site / image[len(SITE_URL) :]).is_file()
    assert meta(page, "og:image:alt") == "Nguyễn Văn An"
    assert "an.jpg" not in page


def test_every_page_has_a_share_preview(sample_site):
    for path in sample_site.rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in page or path.name == "404.html":
            continue
        assert meta(page, "og:title"), path
        assert meta(page, "og:url").startswith("https://bangvang.example.vn/"), path
