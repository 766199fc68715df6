"""Search in a real browser (Debian Chromium via Playwright) on the built sample site.

Sample names used: Đặng Văn Đức, Trần Thị Hoà, Lê Thị Thuỷ (Phường Hải Hòa), and the many
records of Móng Cái units.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

from browser import settle
from playwright.sync_api import expect

HITS = "#bv-search-listbox [role=option]:not(.bv-hit-more)"
TITLES = "#bv-search-listbox .bv-hit__title"
STATUS = ".bv-search__status"


def _type_in_header(page, query: str) -> None:
    page.keyboard.press("/")
    expect(page.locator("#bv-search-input")).to_be_focused()
    page.locator("#bv-search-input").fill(query)


def _titles(page) -> list[str]:
    return page.locator(TITLES).all_inner_texts()


def test_typed_without_marks_and_d_for_dj_finds_the_record(page, site_url):
    page.goto(site_url + "exemplars/")
    _type_in_header(page, "dang van duc")
    expect(page.locator(TITLES).first).to_have_text("Đặng Văn Đức")
    hit = page.locator(HITS).first
    expect(hit.locator(".bv-hit__kind")).to_have_text("Cá nhân")
    expect(hit.locator(".bv-hit__unit")).to_contain_text("Xã Hải Xuân")
    expect(hit.locator(".bv-hit__excerpt mark").first).to_be_visible()


def test_hidden_aliases_are_never_shown_as_the_excerpt(page, site_url):
    page.goto(site_url)
    _type_in_header(page, "dang van duc")
    expect(page.locator(TITLES).first).to_have_text("Đặng Văn Đức")
    excerpt = page.locator(".bv-hit__excerpt").first
    expect(excerpt).not_to_contain_text("dang van duc")
    expect(excerpt.locator("mark").first).to_have_text("Đặng")


def test_dictionaries_are_fetched_before_the_reader_types_and_pagefind_only_when_needed(
    page, site_url
):
    """Once the page is idle the lookup dictionaries are fetched (nothing was touched); the
    words typed are answered from them, and Pagefind's script, WebAssembly and page list
    (which grow with the site) are never fetched for a query that does not need them."""
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    with page.expect_response(lambda r: r.url.endswith("/lookup/terms.json"), timeout=15_000):
        page.goto(site_url + "exemplars/")
    assert page.evaluate("document.activeElement === document.body")  # nothing was touched
    page.wait_for_timeout(300)
    assert not [url for url in fetched if "/pagefind/" in url]
    _type_in_header(page, "dang van duc")
    expect(page.locator(TITLES).first).to_have_text("Đặng Văn Đức")
    page.wait_for_load_state("networkidle")
    assert not [url for url in fetched if "/pagefind/" in url]


def test_upper_case_other_tone_placement_finds_the_record(page, site_url):
    page.goto(site_url)
    _type_in_header(page, "HOA THUY")
    expect(page.locator(TITLES).first).to_have_text("Lê Thị Thuỷ")


def test_place_name_without_marks_finds_many_records(page, site_url):
    page.goto(site_url)
    _type_in_header(page, "mong cai")
    expect(page.locator(HITS)).to_have_count(8)
    expect(page.locator(STATUS)).to_contain_text("kết quả")
    assert int(page.locator(STATUS).inner_text().split()[0]) > 8
    expect(page.locator(".bv-hit-more a")).to_contain_text("Xem tất cả")


def test_exact_diacritics_rank_first(page, site_url):
    page.goto(site_url)
    _type_in_header(page, "Hoà")
    expect(page.locator(TITLES).first).to_have_text("Trần Thị Hoà")
    # "hoa" without marks also matches Hòa, hóa, hoà… and the same person is found
    page.locator("#bv-search-input").fill("tran thi hoa")
    expect(page.locator(TITLES).first).to_have_text("Trần Thị Hoà")


def test_keyboard_navigation_opens_the_chosen_record(page, site_url):
    page.goto(site_url + "units/tra-co/")  # results must link right from any depth
    page.keyboard.press("s")
    page.keyboard.type("dang van duc")
    expect(page.locator(TITLES).first).to_have_text("Đặng Văn Đức")
    box = page.locator("#bv-search-input")
    expect(box).to_have_attribute("aria-expanded", "true")
    # The whole list, not only the name index's first answer: there the arrows stop at the
    # ends (test_a_hit_chosen_before_the_full_results_stays_chosen), here they wrap.
    expect(page.locator(STATUS)).to_have_text("4 kết quả")
    page.keyboard.press("ArrowDown")
    first = page.locator(HITS).first
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    expect(first).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    page.wait_for_url("**/exemplars/dang-van-duc/")
    expect(page.locator("h1").first).to_have_text("Đặng Văn Đức")


def test_no_result_state(page, site_url):
    page.goto(site_url)
    _type_in_header(page, "xyzzy qwv")
    expect(page.locator(STATUS)).to_have_text("Không tìm thấy kết quả cho “xyzzy qwv”")
    expect(page.locator(HITS)).to_have_count(0)
    expect(page.locator("#bv-search-input")).to_have_attribute("aria-expanded", "false")


def test_results_fit_a_390px_phone(page, site_url):
    page.goto(site_url)
    _type_in_header(page, "mong cai")
    expect(page.locator(HITS)).to_have_count(8)
    assert page.viewport_size["width"] == 390
    settle(page)
    box = page.locator(HITS).first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_enter_without_a_choice_opens_the_search_page(page, site_url):
    page.goto(site_url)
    _type_in_header(page, "mong cai")
    expect(page.locator(HITS)).to_have_count(8)
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=mong+cai")
    expect(page.locator("#bv-q")).to_have_value("mong cai")


def _page_count(page) -> int:
    status = page.locator(".bv-search-page__status")
    expect(status).to_contain_text("kết quả")
    return int(status.inner_text().split()[0])


def _checkbox(page, name: str, value: str):
    toggle = page.locator(".bv-facets-toggle")
    if toggle.get_attribute("aria-expanded") == "false":  # folded away on a phone
        toggle.click()
    return page.locator(f'input[type=checkbox][name="{name}"][value="{value}"]')


def test_filter_narrows_results_and_lives_in_the_url(page, site_url):
    page.goto(site_url + "search/?q=mong+cai")
    expect(page.locator("#bv-q")).to_have_value("mong cai")
    everything = _page_count(page)
    unit = _checkbox(page, "kind", "Tập thể")
    expect(unit).to_be_visible()
    unit.check()
    expect(page.locator(".bv-search-page__status")).not_to_contain_text(f"{everything} kết quả")
    narrowed = _page_count(page)
    assert 0 < narrowed < everything
    assert parse_qs(urlsplit(page.url).query) == {"q": ["mong cai"], "kind": ["Tập thể"]}
    for kind in page.locator(".bv-search-page__hits .bv-hit__kind").all_inner_texts():
        assert kind == "Tập thể"
    # a chosen facet counts the other values as if they were added: ticking one widens
    individuals = page.locator('label[for^="bv-f-kind-"]', has_text="Cá nhân")
    assert int(individuals.locator(".bv-facet__count").inner_text().strip("()")) > 0


def test_shared_url_shows_the_same_state(page, site_url):
    shared = urlencode({"q": "y te", "kind": "Cá nhân", "unit": "Phường Trà Cổ"})
    page.goto(site_url + "search/?" + shared)
    expect(page.locator("#bv-q")).to_have_value("y te")
    expect(_checkbox(page, "kind", "Cá nhân")).to_be_checked()
    expect(_checkbox(page, "unit", "Phường Trà Cổ")).to_be_checked()
    count = _page_count(page)
    assert count >= 1
    titles = page.locator(".bv-search-page__hits .bv-hit__title").all_inner_texts()
    assert "Trần Thị Hoà" in titles
    for meta in page.locator(".bv-search-page__hits .bv-hit__meta").all_inner_texts():
        assert "Cá nhân" in meta and "Trà Cổ" in meta


def test_back_button_restores_the_previous_state(page, site_url):
    page.goto(site_url + "search/?q=mong+cai")
    everything = _page_count(page)
    _checkbox(page, "kind", "Quyết định").check()
    page.wait_for_url("**kind=*")
    # The URL changes first; wait for the new results before reading their count.
    expect(page.locator(".bv-search-page__status")).not_to_contain_text(f"{everything} kết quả")
    narrowed = _page_count(page)
    assert narrowed < everything
    page.go_back()
    expect(_checkbox(page, "kind", "Quyết định")).not_to_be_checked()
    expect(page.locator(".bv-search-page__status")).to_contain_text(f"{everything} kết quả")
    assert parse_qs(urlsplit(page.url).query) == {"q": ["mong cai"]}
    page.go_forward()
    expect(_checkbox(page, "kind", "Quyết định")).to_be_checked()
    expect(page.locator(".bv-search-page__status")).to_contain_text(f"{narrowed} kết quả")


def test_filters_alone_without_text(page, site_url):
    page.goto(site_url + "search/")
    expect(page.locator(".bv-search-page__status")).to_contain_text("Gõ từ khoá")
    expect(_checkbox(page, "year", "2022")).to_be_visible()
    _checkbox(page, "year", "2022").check()
    assert _page_count(page) >= 1
    assert parse_qs(urlsplit(page.url).query) == {"year": ["2022"]}


def test_search_makes_no_console_error_and_no_other_host(page, site_url):
    errors: list[str] = []
    hosts: set[str] = set()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: hosts.add(urlsplit(r.url).netloc))
    page.goto(site_url + "exemplars/dang-van-duc/")
    _type_in_header(page, "tra co")
    expect(page.locator(HITS).first).to_be_visible()
    assert errors == []
    assert hosts == {urlsplit(site_url).netloc}


def test_more_results_button_is_hidden_until_there_are_more(page, site_url):
    page.goto(site_url + "search/")
    more = page.locator(".bv-search-page__more")
    assert more.get_attribute("hidden") is not None
    assert not more.is_visible()


def test_a_hit_chosen_before_the_full_results_stays_chosen(page, site_url):
    """The arrow pressed while only the name index has answered: the word sets come later."""
    held = []
    page.route("**/lookup/w*/**", lambda route: held.append(route))
    page.goto(site_url + "units/tra-co/")
    page.keyboard.press("s")
    page.keyboard.type("dang van duc")
    expect(page.locator(TITLES).first).to_have_text("Đặng Văn Đức")
    expect(page.locator(STATUS)).to_contain_text("Đang tìm thêm")
    page.keyboard.press("ArrowDown")
    first = page.locator(HITS).first
    expect(first).to_have_attribute("aria-selected", "true")
    assert held
    page.unroute("**/lookup/w*/**")  # lets the held requests go on
    expect(page.locator(STATUS)).not_to_contain_text("Đang tìm thêm")
    expect(page.locator(HITS).first).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    page.wait_for_url("**/exemplars/dang-van-duc/")
