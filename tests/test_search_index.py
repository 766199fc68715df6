"""Search data of the sample site: what the word sets and Pagefind's index of stories hold."""

from __future__ import annotations

import gzip
import json
import re
import threading
from pathlib import Path

from conftest import read

from exemplars.site.lookup import decode_positions as decode
from exemplars.site.search import TITLE_WEIGHT
from exemplars.text import fold, search_aliases

MARKER = "UNPUBLISHED-MARKER-7f3a"
UNPUBLISHED = ["Trịnh Văn Khoa", "Mai Thị Hạnh", "Lương Văn Kiên", "1350/QĐ-UBND"]


def test_search_aliases_cover_tone_placement_no_marks_and_d_for_dj():
    assert search_aliases("Trần Thị Hoà") == ["Trần Thị Hòa", "tran thi hoa"]
    assert search_aliases("Lê Thị Thủy") == ["Lê Thị Thuỷ", "le thi thuy"]
    assert search_aliases("Đặng Văn Đức") == ["dang van duc"]
    assert search_aliases("Hoàng Thị Khoẻ") == ["Hoàng Thị Khỏe", "hoang thi khoe"]


def test_search_aliases_leave_out_the_text_itself_and_what_needs_no_alias():
    assert search_aliases("Ka Long") == ["ka long"]
    assert search_aliases("ka long") == []
    assert search_aliases("") == []
    assert search_aliases("Quý Khuya") == ["quy khuya"]  # "qu" is a consonant: nothing moves
    assert search_aliases("Số 245/QĐ-UBND") == ["so 245/qd-ubnd"]


def _decoded(site: Path) -> dict[Path, bytes]:
    """Every Pagefind file, gzip-decompressed where it is compressed."""
    files = {}
    for path in (site / "pagefind").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            files[path] = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
    return files


def _fragments(site: Path) -> list[dict]:
    prefix = b"pagefind_dcd"
    return [
        json.loads(gzip.decompress(path.read_bytes())[len(prefix) :])
        for path in (site / "pagefind" / "fragment").iterdir()
    ]


def test_pagefind_index_is_built_with_the_site(sample_site):
    assert (sample_site / "pagefind" / "pagefind.js").is_file()
    assert list((sample_site / "pagefind" / "fragment").iterdir())
    assert not (sample_site / "search" / "search_index.json").exists()  # no lunr index


STORY = "/stories/phuong-tra-co-khen-thuong-tap-the-ca-nhan-tieu-bieu-trong-tiem-chung/"


def test_only_published_stories_are_indexed(sample_site):
    """Pagefind holds prose (stories): every record is searched through the word sets, and
    Pagefind keeps ~105 KB of memory per page it indexes."""
    urls = sorted(f["url"] for f in _fragments(sample_site))
    stories = sorted(
        f"/stories/{path.parent.name}/"
        for path in (sample_site / "stories").glob("*/index.html")
        if "data-pagefind-body" in path.read_text(encoding="utf-8")
    )
    assert urls == stories and STORY in urls
    for folder in ("exemplars", "commendations", "campaigns"):
        for path in (sample_site / folder).glob("*/index.html"):
            html = path.read_text(encoding="utf-8")
            assert "data-pagefind-body" not in html and "data-pagefind-filter" not in html, path


def test_drafts_and_embargoed_records_leave_no_trace_in_the_index(sample_site):
    for path, data in _decoded(sample_site).items():
        text = data.decode("utf-8", errors="replace")
        assert MARKER not in text and "7f3a" not in text, path
        for name in UNPUBLISHED:
            assert name not in text, (path, name)
        assert "trinh van khoa" not in text and "mai thi hanh" not in text, path


def test_menus_and_footer_are_not_indexed(sample_site):
    assert _fragments(sample_site)
    for fragment in _fragments(sample_site):
        for chrome in ("Trang chủ", "Bảng vàng Móng Cái", "Tìm kiếm", "Gương điển hình A–Z"):
            assert chrome not in fragment["content"], (fragment["url"], chrome)


def test_story_fragment_has_meta_filters_and_aliases(sample_site):
    fragment = next(f for f in _fragments(sample_site) if f["url"] == STORY)
    assert fragment["meta"]["title"].startswith("Phường Trà Cổ khen thưởng")
    assert fragment["meta"]["kind"] == "Tin bài"
    assert "phuong tra co khen thuong" in fragment["meta"]["aliases"]
    assert fragment["content"].rstrip(".").endswith(fragment["meta"]["aliases"])


def test_title_outweighs_aliases_and_body(sample_site):
    html = read(sample_site, STORY)
    alias = re.search(r'<p class="bv-search-aliases" hidden data-pagefind-weight="(\d+)">', html)
    assert alias
    assert TITLE_WEIGHT >= int(alias.group(1)) > 1


def _record_search(site: Path, url: str) -> tuple[list[str], dict[str, list[str]], list[str]]:
    """What the word sets hold of the record at `url`: its result row, its facet values
    and its fields as folded words."""
    terms = json.loads((site / "lookup" / "terms.json").read_text(encoding="utf-8"))
    words = terms["words"]
    folder = site / "lookup"
    chunk = words["chunk"]
    position = row = None
    for k in range(-(-words["total"] // chunk)):
        rows = json.loads((folder / "r" / words["id"] / f"{k}.json").read_text("utf-8"))
        for i, candidate in enumerate(rows):
            if candidate[2] == url:
                position, row = k * chunk + i, candidate
    assert position is not None and row is not None, url
    facets = json.loads((folder / "f" / f"{terms['facets']}.json").read_text("utf-8"))
    values = {
        facet: [v for v, data in by_value.items() if position in decode(data, words["total"])]
        for facet, by_value in facets.items()
    }
    texts = json.loads(
        (folder / "t" / words["id"] / f"{position // chunk}.json").read_text("utf-8")
    )[position % chunk]
    return row, {k: v for k, v in values.items() if v}, texts


def test_an_exemplar_is_found_by_its_words_filters_and_other_spellings(sample_site):
    row, facets, texts = _record_search(sample_site, "exemplars/tran-thi-hoa/")
    assert row[1] == "Trần Thị Hoà" and row[3] == "Cá nhân"
    assert row[4].startswith("Phường Trà Cổ")
    assert "(nay thuộc phường Móng Cái 1)" in row[4]  # still shown on hits
    assert facets["unit"] == ["Phường Trà Cổ"] and facets["kind"] == ["Cá nhân"]
    assert facets["award"] == ["Giấy khen"] and facets["year"] == ["2021"]
    assert facets["campaign"][0].startswith("Cả nước đoàn kết")
    # Hoà, Hòa and hoa are one folded word: every spelling of the name finds it
    assert texts[0] == "tran thi hoa" == fold("Trần Thị Hòa")


def test_boilerplate_repeated_on_records_is_not_in_their_words(sample_site):
    """The merged unit's "nay thuộc phường Móng Cái 1", field labels and the date and issuer
    of each decision line would make a place query match nearly every record."""
    _row, _facets, texts = _record_search(sample_site, "exemplars/tran-thi-hoa/")
    words = " " + " ".join(texts) + " "
    assert " phuong tra co " in words  # the record's own unit stays searchable
    assert " nay thuoc " not in words and " mong cai 1 " not in words
    assert " dia ban " not in words and " chuc vu " not in words
    assert " chu tich ubnd " not in words
    assert " du lieu mau tiem chung " in words  # tags are separate words
    _row, _facets, texts = _record_search(sample_site, "commendations/245-qd-ubnd-tra-co-2021/")
    assert "chu tich ubnd phuong tra co" in texts  # its own record holds it


def test_a_decision_is_found_by_its_number_and_filters(sample_site):
    row, facets, texts = _record_search(sample_site, "commendations/245-qd-ubnd-tra-co-2021/")
    assert row[0] == "245/qdubnd" and row[3] == "Quyết định"
    assert facets["kind"] == ["Quyết định"] and facets["unit"] == ["Phường Trà Cổ"]
    assert facets["award"] == ["Giấy khen"] and facets["year"] == ["2021"]
    assert texts[0] == "quyet dinh so 245 qd ubnd"


def test_search_page_and_header_box_exist_on_every_depth(sample_site):
    page = read(sample_site, "search/")
    assert 'id="bv-search-page"' in page
    for fieldset in ("kind", "unit", "award", "campaign", "year"):
        assert f'data-filter="{fieldset}"' in page
    for url in ("", "exemplars/dang-van-duc/", "units/tra-co/"):
        html = read(sample_site, url)
        assert 'id="bv-search-input"' in html and 'role="combobox"' in html
        assert "bangvang-search.js" in html
        assert ">Tìm kiếm</a>" in html or "Tìm kiếm" in html


RECORD = (
    '<html lang="vi"><body><nav>Trang chủ</nav><article data-pagefind-body>'
    "<h1>Đặng Văn Đức</h1><p>dang van duc</p></article></body></html>"
)


def test_indexer_indexes_full_text_pages_handed_to_it_during_the_build(tmp_path):
    from exemplars.site.search import Indexer

    indexer = Indexer(tmp_path)
    indexer.add("stories/dang-van-duc/", RECORD)
    indexer.add("units/tra-co/", '<html lang="vi"><body><h1>Phường Trà Cổ</h1></body></html>')
    # a record type the word sets alone answer, even with the mark in its text
    indexer.add("exemplars/dang-van-duc/", RECORD)
    report = indexer.finish()
    assert report.pages == 1
    fragments = _fragments(tmp_path)
    assert [f["url"] for f in fragments] == ["/stories/dang-van-duc/"]
    assert "Trang chủ" not in fragments[0]["content"]


def test_indexer_writes_the_index_again_when_pagefind_leaves_files_empty(tmp_path, monkeypatch):
    """Pagefind once answered WriteFiles and left its script and WebAssembly empty: the
    indexer writes the index it holds once more instead of failing the build."""
    from exemplars.site import search

    waited = []
    real_wait = search._wait_for_files

    def empty_the_first_time(output, timeout=60.0):
        waited.append(output)
        if len(waited) == 1:
            (output / "pagefind.js").write_bytes(b"")  # what the failed run left
            raise RuntimeError("pagefind chưa ghi xong chỉ mục: pagefind.js")
        return real_wait(output, timeout)

    monkeypatch.setattr(search, "_wait_for_files", empty_the_first_time)
    indexer = search.Indexer(tmp_path)
    indexer.add("stories/dang-van-duc/", RECORD)
    assert indexer.finish().pages == 1
    assert len(waited) == 2
    assert (tmp_path / "pagefind" / "pagefind.js").stat().st_size > 0
    assert [f["url"] for f in _fragments(tmp_path)] == ["/stories/dang-van-duc/"]


def test_index_site_indexes_again_when_pagefind_leaves_files_empty(tmp_path, monkeypatch):
    """The same remedy for the whole-site indexing of a preview or an archive build."""
    from exemplars.site import search

    page = tmp_path / "stories" / "dang-van-duc" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(RECORD, encoding="utf-8")
    waited = []
    real_wait = search._wait_for_files

    def empty_the_first_time(output, timeout=60.0):
        waited.append(output)
        if len(waited) == 1:
            (output / "pagefind-entry.json").write_bytes(b"")
            raise RuntimeError("pagefind chưa ghi xong chỉ mục: pagefind-entry.json")
        return real_wait(output, timeout)

    monkeypatch.setattr(search, "_wait_for_files", empty_the_first_time)
    # In this process, on a thread of its own: after the browser tests the main thread runs
    # Playwright's event loop, and index_site would index in a child process instead.
    failed: list[BaseException] = []

    def index() -> None:
        try:
            search._index_here(tmp_path.resolve(), tmp_path.resolve() / "pagefind")
        except BaseException as error:  # handed to the test's thread
            failed.append(error)

    worker = threading.Thread(target=index)
    worker.start()
    worker.join()
    assert not failed, failed
    assert len(waited) == 2
    assert (tmp_path / "pagefind" / "pagefind-entry.json").stat().st_size > 0


def test_indexer_of_a_failed_build_writes_nothing(tmp_path):
    from exemplars.site.search import Indexer

    indexer = Indexer(tmp_path)
    indexer.add("stories/dang-van-duc/", RECORD)
    indexer.close()
    assert not (tmp_path / "pagefind").exists()


def test_index_site_works_inside_a_running_event_loop(tmp_path: Path):
    """A process that already runs an event loop (Playwright's sync API in the test suite,
    then an in-process preview build) still gets its search index: asyncio.run() alone
    refuses to start there."""
    import asyncio
    import threading

    from exemplars.site.search import index_site

    page = tmp_path / "stories" / "nguyen-van-an" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        '<!doctype html><html lang="vi"><head><title>Nguyễn Văn An</title></head>'
        "<body><main data-pagefind-body><h1>Nguyễn Văn An</h1><p>Trà Cổ</p></main></body></html>",
        encoding="utf-8",
    )

    async def build_inside_a_loop() -> None:
        index_site(tmp_path)

    # On a thread of its own: in the full suite this thread may already run Playwright's loop.
    failures: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(build_inside_a_loop())
        except BaseException as error:  # noqa: BLE001  (handed to the test's thread)
            failures.append(error)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    assert failures == []
    assert (tmp_path / "pagefind" / "pagefind-entry.json").is_file()
    assert list((tmp_path / "pagefind" / "fragment").glob("*.pf_fragment"))
