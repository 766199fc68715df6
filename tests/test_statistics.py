"""Statistics: SVG bar charts made at build time, with the same figures in a table beside
each; checked against counts made from the open data files."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

from conftest import read
from test_opendata import load_csv, load_json

SVG = re.compile(r"<svg class=\"bv-chart__svg\".*?</svg>", re.S)
SVG_NS = "{http://www.w3.org/2000/svg}"


def charts(page: str) -> dict[str, dict[str, int]]:
    """chart slug → {bar key: value}, read from the SVG (which must be well-formed XML)."""
    found = {}
    for markup in SVG.findall(page):
        svg = ET.fromstring(markup)
        assert svg.get("role") == "img"
        title, desc = svg.find(f"{SVG_NS}title"), svg.find(f"{SVG_NS}desc")
        assert title.text and desc.text
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        bars = {g.get("data-key"): int(g.get("data-value")) for g in svg.iter(f"{SVG_NS}g")}
        found[svg.get("data-chart")] = bars
    return found


def tables(page: str) -> dict[str, list[int]]:
    found = {}
    for slug, body in re.findall(r'data-chart-table="([^"]+)">(.*?)</table>', page, re.S):
        found[slug] = [int(v) for v in re.findall(r'<td data-value="(\d+)">', body)]
    return found


def expected(site, campaign: str | None = None) -> dict[str, Counter]:
    # Spec v2: revoked awards stay in the export, marked, and are counted apart.
    rows = [r for r in load_csv(site, "commendations.csv") if r["status"] != "revoked"]
    exemplars = {e["id"]: e for e in load_json(site, "exemplars.json")}
    if campaign:
        rows = [r for r in rows if r["campaign"] == campaign]
    people: dict[str, tuple[str, str, str]] = {}
    for row in rows:
        key = row["exemplar_id"] or f"{row['recipient_name'].lower()}@{row['unit_id']}"
        sector = exemplars[row["exemplar_id"]]["sector"] if row["exemplar_id"] else None
        people.setdefault(key, (row["recipient_kind"], row["unit_id"], sector or ""))
    if campaign is None:
        for exemplar in exemplars.values():
            people.setdefault(
                exemplar["id"], (exemplar["kind"], exemplar["unit"]["id"], exemplar["sector"] or "")
            )
    return {
        "loai": Counter(kind for kind, _, _ in people.values()),
        "don-vi": Counter(unit for _, unit, _ in people.values()),
        "linh-vuc": Counter(sector for _, _, sector in people.values()),
        "hinh-thuc": Counter(r["award"] for r in rows),
        "thang": Counter(
            date[:7] for date in {r["commendation_id"]: r["date"] for r in rows}.values()
        ),
    }


def test_statistics_page_charts_match_the_data(sample_site):
    page = read(sample_site, "statistics/")
    assert "<h1>Thống kê</h1>" in page
    found = charts(page)
    assert set(found) == {"loai", "don-vi", "linh-vuc", "hinh-thuc", "thang"}
    for slug, counts in expected(sample_site).items():
        assert found[slug] == dict(counts), slug
    assert sum(found["loai"].values()) == len(load_json(sample_site, "exemplars.json")) + sum(
        1
        for r in load_csv(sample_site, "commendations.csv")
        if not r["exemplar_id"] and r["status"] != "revoked"
    )
    # The table beside each chart holds the same figures, in the same order.
    for slug, values in tables(page).items():
        assert values == list(found[slug].values()), slug


def test_months_in_order_and_no_javascript_or_cdn(sample_site):
    page = read(sample_site, "statistics/")
    months = list(charts(page)["thang"])
    assert months == sorted(months)
    article = page.split('<article class="md-content__inner', 1)[1].split("</article>")[0]
    assert "<script" not in article and "http" not in SVG.findall(page)[0].replace(
        "http://www.w3.org/2000/svg", ""
    )


def test_statistics_page_is_in_the_menu(sample_site):
    home = read(sample_site, "")
    assert re.search(r'<a href="statistics/"[^>]*>\s*Thống kê', home)


def test_campaign_pages_chart_their_own_figures(sample_site):
    for campaign in load_json(sample_site, "campaigns.json"):
        page = read(sample_site, f"campaigns/{campaign['id']}/")
        found = charts(page)
        for slug, counts in expected(sample_site, campaign["id"]).items():
            assert found.get(slug, {}) == dict(counts), slug
        figures = campaign["figures"]
        assert found["loai"] == {
            k: figures[k] for k in ("individual", "collective", "household") if figures[k]
        }


def test_a_name_with_markup_stays_text_in_the_chart(tree, built):
    from conftest import UNITS

    tree.minimal()
    (tree.root / "_data" / "units.yml").write_text(
        UNITS.replace("name: Phường Trà Cổ", "name: 'Phường <Trà> & Cổ'"), encoding="utf-8"
    )
    site = built(tree)
    page = read(site, "statistics/")
    assert charts(page)["don-vi"] == {"tra-co": 1}
    assert "Phường &lt;Trà&gt; &amp; Cổ" in page
