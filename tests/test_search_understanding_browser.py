"""Query understanding, the name index and excerpts, in a real browser on the sample site.

Sample facts used: Phường Trà Cổ has Nguyễn Văn An and Trần Thị Hoà; decision 245/QĐ-UBND
of Trà Cổ; Đặng Văn Đức; Lê Thị Thuỷ; "Đội thanh niên tình nguyện … Ka Long".
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlsplit

from playwright.sync_api import expect

from exemplars.text import fold

HITS = "#bv-search-listbox [role=option]:not(.bv-hit-more)"
TITLES = "#bv-search-listbox .bv-hit__title"
PAGE_TITLES = ".bv-search-page__hits .bv-hit__title"
STATUS = ".bv-search-page__status"
CHIPS = ".bv-chips .bv-chip"


def _count(page) -> int:
    status = page.locator(STATUS)
    expect(status).to_contain_text("kết quả")
    return int(status.inner_text().split()[0])


def _search(page, site_url, **params) -> None:
    page.goto(site_url + "search/?" + urlencode(params))


def test_a_unit_in_the_query_becomes_a_chip_and_removing_it_widens(page, site_url):
    _search(page, site_url, q="tra co nguyen")
    expect(page.locator(CHIPS)).to_have_count(1)
    expect(page.locator(CHIPS)).to_contain_text("Đơn vị: Phường Trà Cổ")
    narrowed = _count(page)
    for unit in page.locator(".bv-search-page__hits .bv-hit__unit").all_inner_texts():
        assert "Trà Cổ" in unit
    assert "Nguyễn Văn An" in page.locator(PAGE_TITLES).all_inner_texts()
    page.locator(CHIPS).first.click()
    expect(page.locator(CHIPS)).to_have_count(0)
    expect(page.locator("#bv-q")).to_have_value("nguyen")
    assert parse_qs(urlsplit(page.url).query) == {"q": ["nguyen"]}
    expect(page.locator(STATUS)).not_to_have_text(re.compile(rf"^{narrowed} kết quả"))
    assert _count(page) > narrowed
    page.go_back()  # the chip comes back with the URL
    expect(page.locator(CHIPS)).to_contain_text("Phường Trà Cổ")
    expect(page.locator("#bv-q")).to_have_value("tra co nguyen")


def test_award_and_year_become_chips_answered_by_the_filter_index(page, site_url):
    _search(page, site_url, q="giấy khen 2021")
    expect(page.locator(CHIPS)).to_have_count(2)
    texts = page.locator(CHIPS).all_inner_texts()
    assert any("Hình thức: Giấy khen" in t for t in texts)
    assert any("Năm: 2021" in t for t in texts)
    both = _count(page)
    assert both >= 2
    page.locator(CHIPS, has_text="Năm: 2021").click()
    expect(page.locator(CHIPS)).to_have_count(1)
    expect(page.locator("#bv-q")).to_have_value("giấy khen")
    expect(page.locator(STATUS)).not_to_have_text(re.compile(rf"^{both} kết quả"))
    assert _count(page) > both


def test_a_city_covers_its_wards(page, site_url):
    _search(page, site_url, q="mong cai")
    expect(page.locator(CHIPS)).to_contain_text("Thành phố Móng Cái")
    expect(page.locator(PAGE_TITLES).first).to_be_visible()
    units = page.locator(".bv-search-page__hits .bv-hit__unit").all_inner_texts()
    assert any("Trà Cổ" in u for u in units)


def test_ticked_facets_are_chips_too_and_the_url_round_trips(page, site_url):
    shared = urlencode({"q": "tra co nguyen", "kind": "Cá nhân"})
    _search(page, site_url, q="tra co nguyen", kind="Cá nhân")
    expect(page.locator(CHIPS)).to_have_count(2)
    expect(page.locator(CHIPS, has_text="Loại: Cá nhân")).to_be_visible()
    count = _count(page)
    for kind in page.locator(".bv-search-page__hits .bv-hit__kind").all_inner_texts():
        assert kind == "Cá nhân"
    assert urlsplit(page.url).query == shared
    page.reload()
    expect(page.locator(STATUS)).to_have_text(re.compile(rf"^{count} kết quả"))
    page.locator(CHIPS, has_text="Loại: Cá nhân").click()
    page.wait_for_url(re.compile(r"^(?!.*kind=)"))
    assert parse_qs(urlsplit(page.url).query) == {"q": ["tra co nguyen"]}
    assert _count(page) >= count


def test_a_decision_number_goes_straight_to_the_decision(page, site_url):
    for typed in ("245/QĐ-UBND", "245/qd-ubnd", "so 245", "quyết định số 245"):
        _search(page, site_url, q=typed)
        expect(page.locator(PAGE_TITLES).first).to_have_text("Quyết định số 245/QĐ-UBND")
        expect(page.locator(PAGE_TITLES)).to_have_count(1)
    page.goto(site_url)
    page.keyboard.press("/")
    page.locator("#bv-search-input").fill("245/qd-ubnd")
    expect(page.locator(TITLES).first).to_have_text("Quyết định số 245/QĐ-UBND")
    page.keyboard.press("Enter")
    page.wait_for_url("**/commendations/245-qd-ubnd-tra-co-2021/")


def test_name_index_answers_variants_before_full_text(page, site_url):
    """Pagefind blocked: names still come from the name index, whatever marks are typed."""
    page.route("**/pagefind/**", lambda route: route.abort())
    page.goto(site_url)
    page.keyboard.press("/")
    box = page.locator("#bv-search-input")
    for typed, name in (
        ("dang van duc", "Đặng Văn Đức"),  # no marks, d for đ
        ("Đặng Văn Đức", "Đặng Văn Đức"),
        ("Trần Thị Hòa", "Trần Thị Hoà"),  # the other tone placement
        ("tran thi hoa", "Trần Thị Hoà"),
        ("LÊ THỊ THỦY", "Lê Thị Thuỷ"),
        ("le thi th", "Lê Thị Thuỷ"),  # a prefix while typing
    ):
        box.fill(typed)
        expect(page.locator(TITLES).first).to_have_text(name)


def _visible_words(text: str) -> set[str]:
    return set(re.findall(r"[^\W_]+", text.lower()))


def test_excerpts_are_whole_sentences_of_visible_text_with_marks(page, site_url, chromium):
    reader = chromium.new_page()
    labels = ("Loại", "Địa bàn", "Chức vụ", "Khen thưởng", "Phong trào", "Câu chuyện", "Hồ sơ")
    try:
        for query in ("nguyen", "tra co", "tình nguyện"):
            _search(page, site_url, q=query)
            expect(page.locator(PAGE_TITLES).first).to_be_visible()
            links = page.locator(".bv-search-page__link")
            wanted = fold(query).split()
            for i in range(min(links.count(), 6)):
                link = links.nth(i)
                excerpt = link.locator(".bv-hit__excerpt").inner_text().strip()
                assert excerpt, (query, i)
                reader.goto(link.get_attribute("href"))
                visible = " ".join(reader.locator("article").first.inner_text().split())
                words = _visible_words(visible)
                for piece in re.split(r"(?<=[.!?…])\s+| — ", excerpt):
                    piece = piece.removesuffix("…").strip()
                    # every piece is the record's own text, whole words, as written
                    assert piece in visible, (query, piece)
                    assert _visible_words(piece) <= words, (query, piece)
                for label in labels:
                    assert not excerpt.startswith(label + "."), (query, excerpt)
                    assert f". {label}." not in excerpt, (query, excerpt)
                for mark in link.locator(".bv-hit__excerpt mark").all_inner_texts():
                    assert any(fold(mark).startswith(w) for w in wanted), (query, mark)
            if query == "tình nguyện":
                first = page.locator(".bv-search-page__link .bv-hit__excerpt").first
                marked = re.compile("tình|nguyện", re.IGNORECASE)
                expect(first.locator("mark").first).to_have_text(marked)
    finally:
        reader.close()


def test_names_that_fill_the_list_need_no_full_text(tmp_path_factory, chromium):
    """Ten people named Nguyễn Văn …: the header box shows eight from the name index and
    leaves full text to the search page; Pagefind's word index is never fetched."""
    from conftest import EXEMPLAR, Tree, build_site

    from exemplars.site.static_server import serve

    root = tmp_path_factory.mktemp("names")
    tree = Tree(root / "content").minimal()
    given_names = ["Bình", "Cường", "Dũng", "Giang", "Hải", "Hùng", "Khoa", "Lâm", "Minh", "Nam"]
    for i, given in enumerate(given_names):
        front = EXEMPLAR.replace("Nguyễn Văn An", f"Nguyễn Văn {given}")
        tree.write(f"exemplars/nguyen-van-{i}.md", front, "Câu chuyện.\n")
    result = build_site(tree.root, root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    index_chunks: list[str] = []
    page.on("request", lambda r: index_chunks.append(r.url) if "/pagefind/index/" in r.url else 0)
    try:
        with serve(root / "site") as url:
            page.goto(url)
            page.keyboard.press("/")
            page.locator("#bv-search-input").fill("nguyen van")
            expect(page.locator(HITS)).to_have_count(8)
            expect(page.locator(TITLES).first).to_have_text("Nguyễn Văn An")
            expect(page.locator(".bv-hit-more a")).to_have_text("Xem tất cả kết quả")
            page.wait_for_timeout(500)
            assert index_chunks == []
    finally:
        context.close()
