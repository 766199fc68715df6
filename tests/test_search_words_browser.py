"""Word sets answer free text without Pagefind (issue #16), in a real browser on the sample site.

The reference is a full-text search of every record page's own text, done here in Python
(`_by_page_text`): the word sets must list the same records. Sample facts used: "Đội tiêm
chủng lưu động …" is the only record named with "tiêm chủng"; "liệu mẫu của" is in the
campaign and in one story, while two other stories hold "liệu mẫu" and "mẫu của" apart.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

from playwright.sync_api import expect

from exemplars.text import fold

STATUS = ".bv-search-page__status"
PAGE_TITLES = ".bv-search-page__hits .bv-hit__title"
LINKS = ".bv-search-page__hits .bv-search-page__link"
CHIPS = ".bv-chips .bv-chip"
MORE = ".bv-search-page__more"
WATCHED = re.compile("/(pagefind|lookup)/")
SAFE_LOOKUP = re.compile(r"/lookup/(terms\.json|[nswprtxf]/[0-9a-f]+(/[a-z0-9_]+)?\.json)$")


def _watch(page) -> list[str]:
    """The URLs the page requests under /pagefind/ and /lookup/, as they happen."""
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if WATCHED.search(r.url) else 0)
    return seen


def _results(page, site_url: str, query: str) -> tuple[int, list[str]]:
    """The count the status line gives and every result's link (all pages of them)."""
    page.goto(site_url + "search/?" + urlencode({"q": query}))
    status = page.locator(STATUS)
    expect(status).to_contain_text("kết quả")
    count = int(status.inner_text().split()[0])
    while page.locator(MORE).is_visible():
        shown = page.locator(LINKS).count()
        page.locator(MORE).click()
        expect(page.locator(LINKS)).not_to_have_count(shown)
    hrefs = page.locator(LINKS).evaluate_all("links => links.map(l => l.href)")
    links = [href.split("#")[0] for href in hrefs]
    return count, links


class _RecordText(HTMLParser):
    """The text of a record page's article, without what it marks as not the record's own
    (`data-pagefind-ignore`: labels, the unit's "nay thuộc …", the citation box) and
    without hidden parts."""

    VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "source", "col", "area"}

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # inside the article: open elements
        self.skip = 0  # inside a left-out element: open elements
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        names = dict(attrs)
        if not self.depth:
            if tag == "article" and "data-record" in names:
                self.depth = 1
            return
        if tag in self.VOID:
            return
        self.depth += 1
        if self.skip or "data-pagefind-ignore" in names or "hidden" in names:
            self.skip += 1

    def handle_endtag(self, tag):  # noqa: ANN001
        if not self.depth or tag in self.VOID:
            return
        self.depth -= 1
        if self.skip:
            self.skip -= 1

    def handle_data(self, data):  # noqa: ANN001
        if self.depth and not self.skip:
            self.parts.append(data)


def _page_words(site: Path) -> dict[str, list[str]]:
    """Every record page's own text as folded words, by its path."""
    found = {}
    for folder in ("exemplars", "commendations", "campaigns", "stories"):
        for path in sorted((site / folder).glob("*/index.html")):
            parser = _RecordText()
            parser.feed(path.read_text(encoding="utf-8"))
            found[f"{folder}/{path.parent.name}/"] = re.findall(
                r"[a-z0-9]+", fold(" ".join(parser.parts))
            )
    return found


def _by_page_text(site: Path, query: str) -> set[str]:
    """The record pages a full-text search of their own text finds: every word (a word no
    page holds as a whole: a word that starts so), every quoted phrase word after word."""
    pages = _page_words(site)
    vocabulary = {w for words in pages.values() for w in words}
    phrases = [re.findall(r"[a-z0-9]+", fold(p)) for p in re.findall(r'"([^"]*)"', query)]
    words = re.findall(r"[a-z0-9]+", fold(re.sub(r'"[^"]*"', " ", query)))

    def holds(page: list[str]) -> bool:
        have = set(page)
        for word in words:
            whole = word in vocabulary
            if not (word in have if whole else any(w.startswith(word) for w in have)):
                return False
        text = " " + " ".join(page) + " "
        return all(" " + " ".join(phrase) + " " in text for phrase in phrases)

    return {path for path, page in pages.items() if holds(page)}


# A page's article holds what it lists of other records as its own words: the
# campaign page lists its exemplars with their summaries, Nguyễn Văn An's page the title of
# a story "… tiêm chủng …". Word sets hold a record's own text, so these pages are not hits.
LISTINGS = {"campaigns/covid-19-dac-biet/", "exemplars/nguyen-van-an/"}


def _paths(links: list[str], site_url: str) -> set[str]:
    return {link.removeprefix(site_url) for link in links}


def test_common_words_are_answered_by_word_sets_with_the_pages_records(page, site_url, sample_site):
    requests = _watch(page)
    for query, first in (
        ("phong chong dich", "Đội thanh niên tình nguyện phòng, chống dịch phường Ka Long"),
        ("tiêm chủng", "Đội tiêm chủng lưu động, Trung tâm Y tế thành phố Móng Cái"),
    ):
        requests.clear()
        count, links = _results(page, site_url, query)
        assert not [u for u in requests if "/pagefind/" in u], query  # no Pagefind at all
        assert any("/lookup/w/" in u for u in requests), query
        # a record named with the words side by side comes first
        expect(page.locator(PAGE_TITLES).first).to_have_text(first)
        assert count == len(links) == len(set(links)) > 3, query
        # the records a full-text search of the pages finds, but for listings of other records
        reference = _by_page_text(sample_site, query)
        assert _paths(links, site_url) <= reference, query
        assert reference - _paths(links, site_url) <= LISTINGS, query


def test_tone_exact_names_come_first(page, site_url):
    _results(page, site_url, "Hoà")
    titles = page.locator(PAGE_TITLES).all_inner_texts()
    assert titles[0] == "Trần Thị Hoà"
    assert any("Hải Hòa" in t for t in titles)  # other tone placements are found too


TEXT_NODES = """article => {
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  const out = [];
  while (walker.nextNode()) out.push(walker.currentNode.textContent);
  return out.join(" ");
}"""


def _folded_page_text(page, url: str) -> str:
    """The record's text on its page (its article's text, folded parts included), folded."""
    page.goto(url)
    text = page.locator("article[data-record]").evaluate(TEXT_NODES)
    return " " + " ".join(fold(text).split()) + " "


def _words_only(value: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", value))


def test_a_quoted_phrase_needs_its_words_side_by_side(page, site_url, sample_site):
    requests = _watch(page)
    count, links = _results(page, site_url, '"phòng, chống dịch"')
    assert not [u for u in requests if "/pagefind/" in u]
    assert any("/lookup/p/" in u for u in requests)  # answered from pairs of words
    assert count == len(links) > 1
    # a phrase search of the pages' text finds fewer (not "Tổ phòng, chống dịch Km 15 …", whose name
    # holds it), never one the word sets miss
    reference = _by_page_text(sample_site, '"phòng, chống dịch"')
    assert reference <= _paths(links, site_url)
    assert "exemplars/to-phong-chong-dich-km-15-ben-tau-dan-tien/" in _paths(links, site_url)
    for link in links:  # every record shown holds the phrase, word after word
        assert " phong chong dich " in " " + _words_only(_folded_page_text(page, link)) + " "
    # a name in quotes: that person first, and only records that hold the name as written
    count, links = _results(page, site_url, '"Nguyễn Văn An"')
    expect(page.locator(PAGE_TITLES).first).to_have_text("Nguyễn Văn An")
    for link in links:
        assert " nguyen van an " in " " + _words_only(_folded_page_text(page, link)) + " "
    # "liệu mẫu" and "mẫu của" in two stories, but never one after the other there
    count, links = _results(page, site_url, '"liệu mẫu của"')
    assert count == 2
    assert sorted(_paths(links, site_url)) == [
        "campaigns/covid-19-dac-biet/",
        "stories/mong-cai-thuc-hien-phong-trao-thi-dua-dac-biet-covid-19/",
    ]
    # the same words unquoted: the two other stories too
    unquoted = _paths(_results(page, site_url, "liệu mẫu của")[1], site_url)
    assert {
        "stories/gia-dinh-o-hai-xuan-cho-muon-nha-cho-to-truc-chot/",
        "stories/phuong-tra-co-khen-thuong-tap-the-ca-nhan-tieu-bieu-trong-tiem-chung/",
    } <= unquoted


def test_removing_a_unit_chip_widens_word_set_results(page, site_url):
    requests = _watch(page)
    narrowed, links = _results(page, site_url, "tra co tiêm chủng")
    expect(page.locator(CHIPS)).to_have_text(re.compile("Đơn vị: Phường Trà Cổ"))
    assert narrowed >= 2
    # the records of Trà Cổ (or a decision naming one of its people) that hold the words
    assert "exemplars/tram-y-te-phuong-tra-co/" in _paths(links, site_url)
    assert "exemplars/doi-tiem-chung-luu-dong-trung-tam-y-te-mong-cai/" not in _paths(
        links, site_url
    )
    page.locator(CHIPS).first.click()
    expect(page.locator(CHIPS)).to_have_count(0)
    expect(page.locator("#bv-q")).to_have_value("tiêm chủng")
    expect(page.locator(STATUS)).not_to_have_text(re.compile(rf"^{narrowed} kết quả"))
    widened = int(page.locator(STATUS).inner_text().split()[0])
    assert widened > narrowed
    assert not [u for u in requests if "/pagefind/" in u]


def test_a_word_being_typed_is_completed_and_a_short_fragment_reads_its_beginning(
    page, site_url, sample_site
):
    requests = _watch(page)
    # "tiê" is no word, but starts four (tiêm, tiến, tiếp, tiêu): their sets answer
    page.goto(site_url + "search/?" + urlencode({"q": "tiê"}))
    expect(page.locator(STATUS)).to_contain_text("kết quả")
    assert "Đội tiêm chủng" in " ".join(page.locator(PAGE_TITLES).all_inner_texts())
    assert any("/lookup/w/" in u and u.endswith("/_all.json") for u in requests)
    # no record holds a word that starts so: no result, and Pagefind is not asked either
    page.goto(site_url + "search/?" + urlencode({"q": "tiêm xyzzy"}))
    expect(page.locator(STATUS)).to_have_text("Không tìm thấy kết quả cho “tiêm xyzzy”")
    assert not [u for u in requests if "/pagefind/" in u]
    # "th" starts 26 words: the file of the beginning "th" answers, the records a prefix
    # search of the pages' text finds (but for listings of other records)
    requests.clear()
    count, links = _results(page, site_url, "tiêm th")
    assert any("/lookup/x/" in u and u.endswith("/th.json") for u in requests)
    assert not [u for u in requests if "/pagefind/" in u]
    reference = _by_page_text(sample_site, "tiêm th")
    assert count == len(links) > 3
    assert _paths(links, site_url) <= reference
    assert reference - _paths(links, site_url) <= LISTINGS


def test_hostile_queries_build_no_markup_and_no_path(page, site_url):
    requests = _watch(page)
    hostile = '<img src=x onerror="window.__bv=1">"../../etc/passwd" %2e%2e tiêm'
    page.goto(site_url + "search/?" + urlencode({"q": hostile}))
    expect(page.locator(STATUS)).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__bv") is None
    assert page.locator(".bv-search-page img[src=x]").count() == 0
    for url in requests:
        if "/lookup/" in url:
            assert SAFE_LOOKUP.search(url), url
    # a long query is read up to its first words, still from the word sets, shown as text
    requests.clear()
    page.goto(site_url + "search/?" + urlencode({"q": "tiêm " * 60 + hostile}))
    expect(page.locator(STATUS)).to_contain_text("kết quả")
    assert page.evaluate("window.__bv") is None
    assert not [u for u in requests if "/pagefind/" in u]
    many = " ".join(f"tiêm{n}" for n in range(40))  # more words than are read: none matches
    page.goto(site_url + "search/?" + urlencode({"q": many}))
    expect(page.locator(STATUS)).to_have_text(re.compile("^Không tìm thấy kết quả"))


def test_facet_counts_come_from_one_file_and_say_what_ticking_gives(site_url, chromium):
    """On a wide screen the filters show at once, with counts from lookup/f/, not Pagefind."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    try:
        requests = _watch(page)
        page.goto(site_url + "search/?" + urlencode({"q": "mong cai"}))
        group = page.locator('label[for^="bv-f-kind-"]', has_text="Tập thể")
        expect(group.locator(".bv-facet__count")).not_to_have_text("(0)")
        expected = int(group.locator(".bv-facet__count").inner_text().strip("()"))
        everything = int(page.locator(STATUS).inner_text().split()[0])
        assert 0 < expected < everything
        page.locator('input[type=checkbox][name="kind"][value="Tập thể"]').check()
        expect(page.locator(STATUS)).to_contain_text(f"{expected} kết quả")
        # a ticked facet still counts its other values as if they were added
        people = page.locator('label[for^="bv-f-kind-"]', has_text="Cá nhân")
        expect(people.locator(".bv-facet__count")).not_to_have_text("(0)")
        # another facet counts within the ticked kind: ticking its value gives that many
        year = page.locator('label[for^="bv-f-year-"]', has_text="2021")
        expect(year.locator(".bv-facet__count")).not_to_have_text("(0)")
        in_year = int(year.locator(".bv-facet__count").inner_text().strip("()"))
        page.locator('input[type=checkbox][name="year"][value="2021"]').check()
        expect(page.locator(STATUS)).to_contain_text(f"{in_year} kết quả")
        page.wait_for_load_state("networkidle")
        assert any("/lookup/f/" in u for u in requests)
        assert not [u for u in requests if "/pagefind/" in u]
    finally:
        context.close()


def test_the_header_box_answers_common_words_from_word_sets(page, site_url):
    requests = _watch(page)
    page.goto(site_url)
    page.keyboard.press("/")
    page.locator("#bv-search-input").fill("tiêm chủng")
    titles = page.locator("#bv-search-listbox .bv-hit__title")
    expect(titles.first).to_have_text("Đội tiêm chủng lưu động, Trung tâm Y tế thành phố Móng Cái")
    expect(page.locator(".bv-search__status")).to_contain_text("kết quả")
    page.wait_for_load_state("networkidle")
    assert any("/lookup/w/" in u for u in requests)
    assert not [u for u in requests if "/pagefind/index/" in u]  # no word index chunk
