"""Honor boards on paper: a 100-record unit printed by headless Chromium on A4 portrait and
A3 landscape with the code `make print` uses, then read back from the PDF: page counts,
"Trang n/N", every name once and whole on one page, Vietnamese text as written, embedded
fonts, and every QR code decoded (pypdfium2 draws the page, zxing-cpp reads it). A printed
record page (a citation printout) is checked for its QR code the same way.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from browser import require_chromium
from conftest import CAMPAIGN, Tree, build_site

from exemplars.site.print_pdf import print_boards

SITE_URL = "https://bangvang.example.vn/"
REVIEW = Path(__file__).resolve().parent.parent / "test-output" / "boards"
RECORDS = 100  # boards.PART_SIZE: one part, as full as a part gets
FAMILIES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLES = ["Văn", "Thị", "Đức", "Ngọc"]
GIVEN = ["An", "Ánh", "Bảo", "Cúc", "Dũng", "Đạt", "Giang", "Hà", "Hải", "Hoà", "Hương",
         "Khánh", "Linh", "Lộc", "Mai", "Nga", "Phúc", "Quý", "Sơn", "Tâm", "Thảo", "Thủy",
         "Trung", "Tuấn", "Uyên", "Vinh", "Xuân", "Yến", "Ước", "Ơn"]  # fmt: skip

# 100 entries of two lines (name, position), 20 rows to a sheet (270 mm of 297 mm, 13.5 mm a
# row): A4 portrait in two columns holds 40 a sheet, 30 on the first under the heading and
# the board's QR code, so 30 + 40 + 30 on 3 sheets; A3 landscape in four columns holds
# 80, 60 on the first: 60 + 40 on 2 sheets.
EXPECTED_PAGES = {"a4": 3, "a3": 2}
COLUMNS = {"a4": 2, "a3": 4}
ROWS = 20


def people() -> list[tuple[str, str, str]]:
    """(id, name, position) of 100 distinct individuals with Vietnamese names."""
    found = []
    for i in range(RECORDS):
        name = f"{FAMILIES[i % 10]} {MIDDLES[(i // 10) % 4]} {GIVEN[i % len(GIVEN)]}"
        found.append((f"nguoi-{i:03d}", name, f"Tổ viên tổ tự quản số {i:03d}"))
    return found


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """The 100-record unit's board (and one record page) printed on both papers."""
    require_chromium()
    base = tmp_path_factory.mktemp("print")
    tree = Tree(base / "content")
    tree.write("campaigns/covid.md", CAMPAIGN)
    for record_id, name, position in people():
        tree.write(
            f"exemplars/{record_id}.md",
            f"name: {name}\nkind: individual\nunit: tra-co\nposition: {position}\n"
            f"summary: Trực chốt kiểm soát dịch.\n",
        )
    recipients = "".join(f"  - exemplar: {record_id}\n" for record_id, _, _ in people())
    tree.write(
        "commendations/245-2021.md",
        "number: 245/QĐ-UBND\ndate: 05/11/2021\nissuer: Chủ tịch UBND phường Trà Cổ\n"
        "award: giay-khen\nreason: Có thành tích xuất sắc.\ncampaign: covid\n"
        f"recipients:\n{recipients}",
    )
    site = base / "site"
    result = build_site(tree.root, site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (site / "print/units/tra-co/index.html").stat().st_size <= 100_000
    files = print_boards(site, base / "pdf", ["print/units/tra-co/", "exemplars/nguoi-007/"])
    return {(Path(p.url).name, p.paper): p.path for p in files}


def pages_text(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [unicodedata.normalize("NFC", page.extract_text()) for page in PdfReader(path).pages]


def page_codes(path: Path, keep: Path | None = None) -> list[set[str]]:
    """The decoded QR codes of each page, the page drawn at 200 dpi; the first page is kept
    as `<keep>-page1.png` for review when asked."""
    import pypdfium2
    import zxingcpp

    document = pypdfium2.PdfDocument(str(path))
    found = []
    try:
        for number, page in enumerate(document, start=1):
            image = page.render(scale=200 / 72).to_pil()
            if keep is not None and number == 1:
                keep.parent.mkdir(parents=True, exist_ok=True)
                image.save(keep.with_name(keep.name + "-page1.png"))
            found.append({code.text for code in zxingcpp.read_barcodes(image)})
    finally:
        document.close()
    return found


@pytest.mark.parametrize("paper", ["a4", "a3"])
def test_page_count_and_page_numbers(printed, paper):
    texts = pages_text(printed[("tra-co", paper)])
    assert len(texts) == EXPECTED_PAGES[paper]
    for number, text in enumerate(texts, start=1):
        assert f"Trang {number}/{len(texts)}" in text
    per_sheet = [text.count("Tổ viên tổ tự quản") for text in texts]
    assert sum(per_sheet) == RECORDS
    assert all(n <= COLUMNS[paper] * ROWS for n in per_sheet)
    # the sheets fill up: no group or entry forces an early break
    assert all(n >= COLUMNS[paper] * ROWS * 3 // 4 for n in per_sheet[:-1])


@pytest.mark.parametrize("paper", ["a4", "a3"])
def test_every_name_once_and_no_entry_split_across_pages(printed, paper):
    texts = [re.sub(r"\s+", " ", t) for t in pages_text(printed[("tra-co", paper)])]
    for _, name, position in people():
        on_pages = [i for i, text in enumerate(texts) if position in text]
        assert len(on_pages) == 1, position
        # the entry's first line (its name) is on the sheet with its last line
        assert name in texts[on_pages[0]], f"{name} split from {position}"


def test_vietnamese_names_come_back_from_the_pdf_as_written(printed):
    text = re.sub(r"\s+", " ", " ".join(pages_text(printed[("tra-co", "a4")])))
    names = {name for _, name, _ in people()}
    assert {name for name in names if name in text} == names
    # đ, ư, ơ and stacked tone marks (ễ, ồ, ủ) among them, as NFC text
    assert all(any(mark in name for name in names) for mark in "ĐưƠễồủ")
    assert "BẢNG VÀNG" in text.upper() and "Phường Trà Cổ" in text


@pytest.mark.parametrize("paper", ["a4", "a3"])
def test_fonts_that_have_vietnamese_are_embedded(printed, paper):
    from pypdf import PdfReader

    fonts = set()
    for page in PdfReader(printed[("tra-co", paper)]).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (
                font.get("/FontDescriptor")
                or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            )
            descriptor = descriptor.get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts.add(str(font["/BaseFont"]))
    assert any("DejaVuSerif" in f for f in fonts), fonts


@pytest.mark.parametrize("paper", ["a4", "a3"])
def test_board_qr_code_decodes_to_the_units_permanent_url(printed, paper):
    codes = page_codes(printed[("tra-co", paper)], keep=REVIEW / f"units-tra-co-{paper}")
    assert codes[0] == {SITE_URL + "units/tra-co/"}
    assert all(not page for page in codes[1:])  # one code per board, on its first sheet


def test_a_printed_record_carries_its_qr_code_and_address(printed):
    path = printed[("nguoi-007", "a4")]
    found = set().union(*page_codes(path))
    assert found == {SITE_URL + "exemplars/nguoi-007/"}
    text = re.sub(r"\s+", "", " ".join(pages_text(path)))
    assert "bangvang.example.vn/exemplars/nguoi-007/" in text


# -- sharing a record (the sample site, in Chromium) ------------------------------------------

FAKE_SHARE = "navigator.share = (data) => { window.__shared = data; return Promise.resolve(); };"


def first_exemplar(site_url_dir: Path) -> str:
    return sorted(p.parent.name for p in (site_url_dir / "exemplars").glob("*/index.html"))[0]


def test_copy_link_puts_the_permanent_address_on_the_clipboard(chromium, site_url, sample_site):
    record = first_exemplar(sample_site)
    context = chromium.new_context(locale="vi-VN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = context.new_page()
    try:
        page.goto(f"{site_url}exemplars/{record}/")
        button = page.get_by_role("button", name="Sao chép liên kết")
        button.click()
        page.get_by_text("Đã sao chép liên kết.").wait_for()
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied == f"{SITE_URL}exemplars/{record}/"
    finally:
        context.close()


def test_native_share_button_only_where_the_browser_can_share(chromium, site_url, sample_site):
    record = first_exemplar(sample_site)
    url = f"{site_url}exemplars/{record}/"
    context = chromium.new_context(locale="vi-VN")
    try:
        page = context.new_page()
        page.goto(url)
        can_share = page.evaluate("() => typeof navigator.share === 'function'")
        assert page.locator("[data-bv-native-share]").is_visible() == can_share
        page.add_init_script(FAKE_SHARE)
        page.goto(url)
        page.get_by_role("button", name="Chia sẻ…").click()
        shared = page.evaluate("() => window.__shared")
        assert shared["url"] == f"{SITE_URL}exemplars/{record}/" and shared["title"]
    finally:
        context.close()
