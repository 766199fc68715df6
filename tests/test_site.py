"""The built site: pages exist with the right content, order, publication rule and escaping."""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path

from conftest import DECISION, EXEMPLAR, ROOT, read

MARKER = "UNPUBLISHED-MARKER-7f3a"


def all_text_files(site: Path):
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".xml", ".json", ".js", ".txt", ".csv"}:
            yield path


# -- the sample site ---------------------------------------------------------------------


def test_every_published_record_has_a_page_and_nothing_else_is_dropped(sample_site):
    from exemplars.site.build import Site

    site = Site(ROOT / "content")
    for folder, records in (
        ("exemplars", site.catalog.exemplars),
        ("commendations", site.catalog.commendations),
        ("campaigns", site.catalog.campaigns),
        ("stories", site.catalog.stories),
    ):
        files = {p.stem for p in (ROOT / "content" / folder).glob("*.md")}
        unpublished = {
            r.id for r in site.catalog.unpublished if r.origin.file.parent.name == folder
        }
        assert set(records) == files - unpublished
        for record_id in records:
            assert (sample_site / folder / record_id / "index.html").exists(), record_id
        built = {p.parent.name for p in (sample_site / folder).glob("*/index.html")}
        built -= {"page"}
        assert set(records) <= built
    assert len(site.catalog.exemplars) >= 12
    assert len(site.catalog.commendations) >= 4
    assert site.catalog.unpublished, "the sample has a draft and an embargoed file"


def test_unpublished_marker_appears_nowhere(sample_site):
    assert MARKER in "".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "content").rglob("*.md")
    )
    for path in all_text_files(sample_site):
        assert MARKER not in path.read_text(encoding="utf-8", errors="replace"), path


def test_unpublished_records_leave_no_page_no_link_no_sitemap_entry(sample_site):
    from exemplars.site.build import Site

    site = Site(ROOT / "content")
    sitemap = (sample_site / "sitemap.xml").read_text(encoding="utf-8")
    for record in site.catalog.unpublished:
        folder = record.origin.file.parent.name
        assert not (sample_site / folder / record.id).exists()
        assert f"/{folder}/{record.id}/" not in sitemap
        for path in all_text_files(sample_site):
            assert f"{folder}/{record.id}/" not in path.read_text(encoding="utf-8"), path


def test_exemplar_page_shows_profile_decisions_and_unit_now(sample_site):
    from exemplars.site.build import Site

    site = Site(ROOT / "content")
    exemplar = next(e for e in site.catalog.directory if e.unit == "tra-co")
    page = read(sample_site, f"exemplars/{exemplar.id}/")
    assert f"<h1>{html.escape(exemplar.name, quote=False)}</h1>" in page
    assert "Phường Trà Cổ" in page
    assert "nay thuộc phường Móng Cái" in page
    honors = site.catalog.honors_of[exemplar.id]
    assert honors
    for honor in honors:
        assert honor.decision.number in page
        assert f"../../commendations/{honor.decision.id}/" in page
        assert site.catalog.vocabularies.label("awards", honor.decision.award) in page
    assert 'lang="vi"' in page


def test_decision_page_lists_recipients_with_links(sample_site):
    from exemplars.site.build import Site

    site = Site(ROOT / "content")
    decision = site.catalog.decisions_newest[0]
    page = read(sample_site, f"commendations/{decision.id}/")
    assert f"Quyết định số {decision.number}" in page
    assert decision.issuer in page
    for honoree in site.catalog.honorees_of[decision.id]:
        assert html.escape(honoree.name, quote=False) in page
        if honoree.exemplar:
            assert f"../../exemplars/{honoree.exemplar.id}/" in page


def test_campaign_page_has_basis_figures_and_members(sample_site):
    page = read(sample_site, "campaigns/covid-19-dac-biet/")
    assert "1497/QĐ-TTg" in page and "187/KH-UBND" in page
    assert page.index("1497/QĐ-TTg") < page.index("187/KH-UBND"), "basis in date order"
    assert "Số liệu" in page and "Theo hình thức khen thưởng" in page
    assert "Theo đơn vị" in page


def test_unit_page_has_history_and_members(sample_site):
    page = read(sample_site, "units/tra-co/")
    assert "Phường Trà Cổ" in page
    assert "Sáp nhập vào" in page and "../mong-cai-1/" in page
    successor = read(sample_site, "units/mong-cai-1/")
    assert "Hình thành từ" in successor and "../tra-co/" in successor  # spec v2 wording


def test_story_page(sample_site):
    page = read(sample_site, "stories/mong-cai-thuc-hien-phong-trao-thi-dua-dac-biet-covid-19/")
    assert "Trần Tương" in page
    assert "1497/QĐ-TTg" in page


def test_directory_is_in_vietnamese_order(sample_site):
    from exemplars.site.build import Site
    from exemplars.site.catalog import directory_key

    site = Site(ROOT / "content")
    page = read(sample_site, "exemplars/")
    names = [html.unescape(n) for n in re.findall(r'class="bv-card__name">([^<]+)<', page)]
    expected = [e.name for e in sorted(site.catalog.exemplars.values(), key=directory_key)]
    assert names == expected
    assert len(names) == len(site.catalog.exemplars)


def test_listing_pages_exist(sample_site):
    from exemplars.site.build import Site

    site = Site(ROOT / "content")
    for url in [
        "units/",
        "awards/",
        "years/",
        "kinds/individual/",
        "kinds/collective/",
        "kinds/household/",
        "commendations/",
        "stories/",
        "campaigns/",
    ]:
        assert (sample_site / url / "index.html").exists(), url
    for award in site.catalog.decisions_by_award:
        assert (sample_site / "awards" / award / "index.html").exists()
    for year in site.catalog.years:
        assert (sample_site / "years" / str(year) / "index.html").exists()


def test_home_page(sample_site):
    page = read(sample_site, "")
    assert "Tổng quan" in page and "Gương điển hình" in page
    assert "Dữ liệu mẫu" in page
    assert "covid-19-dac-biet" in page


def test_no_request_to_another_host(sample_site):
    for path in sample_site.rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in page and "fonts.gstatic.com" not in page
        for tag in re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="https?:[^"]+"[^>]*>', page):
            # canonical and alternate links name the site's own address; nothing fetches them
            if not re.search(r'rel="(?:canonical|alternate)"', tag):
                raise AssertionError(f"{path}: outside request {tag}")


def test_no_page_over_100_kb(sample_site):
    for path in sample_site.rglob("*.html"):
        assert path.stat().st_size <= 100_000, path


def test_content_data_folder_is_not_published(sample_site):
    assert not (sample_site / "_data").exists()


# -- small trees -------------------------------------------------------------------------


def test_front_matter_values_are_escaped_everywhere(tree, built):
    tree.minimal()
    evil = '<script>alert(1)</script> & "An" </script>'
    tree.write(
        "exemplars/nguyen-van-an.md",
        EXEMPLAR.replace("name: Nguyễn Văn An", f"name: '{evil}'").replace(
            "Trực chốt", "<b>Trực</b> chốt"
        ),
    )
    site = built(tree)
    for path in all_text_files(site):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".csv":
            # CSV is data, not markup: the value is kept exactly, quoted by the csv module
            assert any(evil in row for row in csv.reader(io.StringIO(text))), path
            continue
        assert "<script>alert(1)" not in text, path
        assert "<b>Trực</b>" not in text, path
    page = read(site, "exemplars/nguyen-van-an/")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;Trực&lt;/b&gt;" in page


def test_draft_and_embargo_leave_no_trace_in_a_small_tree(tree, built):
    tree.minimal()
    tree.write(
        "exemplars/ban-nhap.md",
        EXEMPLAR.replace("Nguyễn Văn An", "Bản Nháp Zeta") + "status: draft\n",
        f"{MARKER}\n",
    )
    tree.write(
        "exemplars/cho-cong-bo.md",
        EXEMPLAR.replace("Nguyễn Văn An", "Chờ Công Bố") + "publish_date: 2030-01-01\n",
        f"{MARKER}\n",
    )
    site = built(tree)
    for path in all_text_files(site):
        text = path.read_text(encoding="utf-8")
        assert MARKER not in text and "Zeta" not in text and "Chờ Công Bố" not in text, path
    home = read(site, "")
    assert re.search(r"<dt>Cá nhân</dt><dd>1</dd>", home)
    # The embargo lifts on its date.
    site = built(tree, today="2030-01-01")
    assert "Chờ Công Bố" in read(site, "exemplars/")


def test_directory_pages_hold_at_most_100_entries(tree, built):
    tree.minimal()
    for n in range(230):
        tree.write(
            f"exemplars/to-{n}.md",
            EXEMPLAR.replace("Nguyễn Văn An", f"Tổ dân phố số {n}").replace(
                "individual", "collective"
            ),
        )
    site = built(tree)
    counts = []
    for url in ["exemplars/", "exemplars/page/2/", "exemplars/page/3/"]:
        page = read(site, url)
        counts.append(page.count('class="bv-card__name"'))
        assert "Trang sau" in page or url.endswith("3/")
    assert counts == [100, 100, 31]
    assert not (site / "exemplars" / "page" / "4").exists()
    page = read(site, "units/tra-co/page/2/")
    assert page.count('class="bv-card__name"') == 100


def test_merged_unit_shows_its_successor(tree, built):
    tree.minimal()
    site = built(tree)
    page = read(site, "exemplars/nguyen-van-an/")
    assert "Phường Trà Cổ" in page
    assert "(nay thuộc phường Móng Cái 1)" in page
    site = built(tree, today="2025-01-01")
    assert "nay thuộc" not in read(site, "exemplars/nguyen-van-an/")


def test_inline_recipients_appear_on_the_decision(tree, built):
    tree.minimal()
    tree.write(
        "commendations/245-qd-ubnd-tra-co.md",
        DECISION
        + (
            "  - name: Lê Thị Cúc\n    kind: individual\n    unit: hai-xuan\n"
            "    position: Y sĩ\n    reason: Lấy mẫu xét nghiệm xuyên đêm\n"
        ),
    )
    site = built(tree)
    page = read(site, "commendations/245-qd-ubnd-tra-co/")
    assert "Lê Thị Cúc" in page and "Y sĩ" in page and "Lấy mẫu xét nghiệm xuyên đêm" in page
    assert "Xã Hải Xuân" in page
