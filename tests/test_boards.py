"""Honor boards and QR codes, as HTML: which boards exist, how they are grouped and ordered,
where they are linked from, and that every QR code reads back as the right address.

The PDF side (page counts, no entry split, fonts) is in test_boards_print.py.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import zxingcpp
from conftest import CAMPAIGN, ROOT, Tree, build_site, read
from PIL import Image, ImageDraw

from exemplars.site import qr

SITE_URL = "https://bangvang.example.vn/"


def exemplar(name: str, kind: str = "individual", unit: str = "tra-co", extra: str = "") -> str:
    return f"name: {name}\nkind: {kind}\nunit: {unit}\nsummary: Thành tích của {name}.\n{extra}"


def decision(number: str, date: str, award: str, recipients: list[str], extra: str = "") -> str:
    lines = "".join(f"  - {r}\n" for r in recipients)
    return (
        f"number: {number}\ndate: {date}\nissuer: Chủ tịch UBND phường Trà Cổ\naward: {award}\n"
        f"reason: Có thành tích xuất sắc.\ncampaign: covid\n{extra}recipients:\n{lines}"
    )


def board_tree(root: Path) -> Tree:
    tree = Tree(root)
    tree.write("campaigns/covid.md", CAMPAIGN)
    people = {
        "nguyen-van-an": exemplar("Nguyễn Văn An"),
        "dang-van-duc": exemplar("Đặng Văn Đức"),
        "tran-thi-anh": exemplar("Trần Thị Ánh"),
        "le-thi-binh": exemplar("Lê Thị Bình", unit="hai-xuan"),
        "to-covid": exemplar("Tổ Covid cộng đồng khu 3", "collective"),
        "chi-hoi": exemplar("Chi hội Phụ nữ khu 1", "collective"),
        "ho-pham-van-ba": exemplar("Hộ ông Phạm Văn Ba", "household"),
    }
    for record_id, front in people.items():
        tree.write(f"exemplars/{record_id}.md", front)
    tree.write(
        "commendations/245-2021.md",
        decision(
            "245/QĐ-UBND",
            "05/11/2021",
            "giay-khen",
            [f"exemplar: {i}" for i in people if i != "le-thi-binh"]
            + ["{name: Lê Thị Cúc, kind: individual, unit: tra-co, position: Y sĩ}"],
        ),
    )
    tree.write(
        "commendations/12-2022.md",
        decision("12/QĐ-UBND", "10/02/2022", "chien-si-thi-dua-co-so", ["exemplar: nguyen-van-an"]),
    )
    tree.write(
        "commendations/156-2021.md",
        decision("156/QĐ-UBND", "01/12/2021", "giay-khen", ["exemplar: le-thi-binh"]),
    )
    tree.write(
        "commendations/88-2022.md",
        "number: 88/QĐ-CTN\ndate: 10/11/2022\nissuer: Chủ tịch nước\n"
        "award: huan-chuong-lao-dong\nrank: ba\nreason: Có thành tích xuất sắc.\n"
        "campaign: covid\nrecipients:\n  - {exemplar: chi-hoi, rank: nhi}\n"
        "  - exemplar: to-covid\n"
        "  - {name: Hà Văn Quý, kind: individual, unit: tra-co, posthumous: true}\n",
    )
    tree.write(
        "commendations/13-2022.md",
        "number: 13/QĐ-UBND\ndate: 15/02/2022\nissuer: Chủ tịch UBND phường Trà Cổ\n"
        "reason: Hủy bỏ phần khen thưởng ông Đặng Văn Đức.\n"
        "revokes:\n  - {commendation: 245-2021, exemplar: dang-van-duc}\n",
    )
    tree.write(
        "commendations/99-nhap.md",
        decision(
            "99/QĐ-UBND",
            "01/03/2022",
            "giay-khen",
            ["{name: Người Nháp Bí Mật, kind: individual, unit: tra-co}"],
            "status: draft\n",
        ),
    )
    return tree


@pytest.fixture(scope="module")
def board_site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("boards")
    board_tree(base / "content")
    out = base / "site"
    result = build_site(base / "content", out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def names_in(page: str) -> list[str]:
    return [
        html.unescape(re.sub(r"<[^>]+>", "", m))
        for m in re.findall(r'<span class="bv-entry__name">(.*?)</span>', page, re.S)
    ]


QR_SVG = re.compile(
    r'<svg class="bv-qr" viewBox="(?P<box>[^"]+)"(?P<attrs>[^>]*)>'
    r'<path stroke="#000" d="(?P<d>[^"]+)"/></svg>'
)


def qr_codes(page: str) -> list[tuple[str, str]]:
    """(aria-label or "", decoded text) of every QR code SVG in a page."""
    found = []
    for match in QR_SVG.finditer(page):
        label = re.search(r'aria-label="([^"]*)"', match.group("attrs"))
        found.append((label.group(1) if label else "", decode(match["box"], match["d"])))
    return found


def decode(view_box: str, path: str) -> str:
    """Draw the path data the way a browser would and read it with zxing-cpp."""
    left, top, side, _ = (int(v) for v in view_box.split())
    scale = 6
    image = Image.new("L", (side * scale, side * scale), 255)
    draw = ImageDraw.Draw(image)
    for x, y, length in re.findall(r"M(\d+) (\d+)\.5h(\d+)", path):
        x0, y0 = (int(x) - left) * scale, (int(y) - top) * scale
        draw.rectangle([x0, y0, x0 + int(length) * scale - 1, y0 + scale - 1], fill=0)
    results = zxingcpp.read_barcodes(image)
    assert len(results) == 1, "exactly one readable QR code"
    return results[0].text


# -- which boards, and where they are linked from ------------------------------------------


def test_a_board_for_each_unit_campaign_decision_and_year_with_recipients(board_site):
    boards = {
        p.parent.relative_to(board_site).as_posix() for p in board_site.glob("print/**/index.html")
    }
    assert boards == {
        "print/units/tra-co",
        "print/units/hai-xuan",
        "print/campaigns/covid",
        "print/commendations/245-2021",
        "print/commendations/12-2022",
        "print/commendations/156-2021",
        "print/commendations/88-2022",
        "print/years/2021",
        "print/years/2022",
    }
    # no recipients, no board: the city itself, a decision that only revokes, a draft
    assert not (board_site / "print/units/mong-cai").exists()
    assert not (board_site / "print/commendations/13-2022").exists()
    assert not (board_site / "print/commendations/99-nhap").exists()


@pytest.mark.parametrize(
    "page, board",
    [
        ("units/tra-co/", "print/units/tra-co/"),
        ("campaigns/covid/", "print/campaigns/covid/"),
        ("commendations/245-2021/", "print/commendations/245-2021/"),
        ("years/2021/", "print/years/2021/"),
    ],
)
def test_each_subject_page_links_to_its_board(board_site, page, board):
    depth = page.count("/")
    assert f'href="{"../" * depth}{board}">Bảng vàng để in' in read(board_site, page)


def test_a_unit_without_recipients_links_to_no_board(board_site):
    assert "Bảng vàng để in" not in read(board_site, "units/mong-cai/")


def test_boards_stay_out_of_the_menu(board_site):
    # Material renders the menu into every page: a board in it would be on all of them.
    for page in ("", "units/tra-co/", "print/units/tra-co/"):
        content = read(board_site, page)
        nav = content.split("md-nav--primary")[1].split('class="md-content"')[0]
        assert "Gương điển hình" in nav and "print/" not in nav


# -- how a board reads -----------------------------------------------------------------------


def test_groups_collectives_then_individuals_then_households(board_site):
    page = read(board_site, "print/units/tra-co/")
    kinds = re.findall(r'<h2 id="nhom-[a-z]+">(.*?)</h2>', page)
    assert kinds == ["Tập thể", "Cá nhân", "Hộ gia đình"]


def test_awards_in_vocabulary_order_and_names_a_to_z(board_site):
    from exemplars.site.build import Site

    site = Site(board_site.parent / "content")
    order = list(site.catalog.vocabularies.awards)
    page = read(board_site, "print/units/tra-co/")
    individuals = page.split('id="nhom-individual"')[1].split("<h2")[0]
    awards = re.findall(r'<h3 class="bv-board__award">(.*?)</h3>', individuals)
    labels = {site.catalog.vocabularies.label("awards", a): a for a in order}
    labels["Huân chương Lao động hạng Ba"] = "huan-chuong-lao-dong"
    labels["Huân chương Lao động hạng Nhì"] = "huan-chuong-lao-dong"
    assert [labels[a] for a in awards] == sorted(
        (labels[a] for a in awards), key=order.index
    ) and len(awards) == 3
    giay_khen = individuals.split('<h3 class="bv-board__award">Giấy khen</h3>')[1].split("<h3")[0]
    # Vietnamese order by given name: An < Ánh < Cúc (tones after letters); Đức's award was
    # revoked, so he is listed apart
    assert names_in(giay_khen) == ["Nguyễn Văn An", "Trần Thị Ánh", "Lê Thị Cúc"]
    collectives = page.split('id="nhom-collective"')[1].split("<h2")[0]
    assert re.findall(r'<h3 class="bv-board__award">(.*?)</h3>', collectives) == [
        "Huân chương Lao động hạng Nhì",
        "Huân chương Lao động hạng Ba",
        "Giấy khen",
    ]
    assert names_in(collectives) == [
        "Chi hội Phụ nữ khu 1",
        "Tổ Covid cộng đồng khu 3",
        "Chi hội Phụ nữ khu 1",
        "Tổ Covid cộng đồng khu 3",
    ]


def test_posthumous_awards_say_so(board_site):
    page = read(board_site, "print/units/tra-co/")
    entry = page.split("Hà Văn Quý")[1].split("</li>")[0]
    assert '<span class="bv-entry__note">Truy tặng</span>' in entry


def test_revoked_awards_are_listed_apart_with_the_revoking_decision(board_site):
    for board in ("print/units/tra-co/", "print/commendations/245-2021/", "print/years/2021/"):
        page = read(board_site, board)
        valid, revoked = page.split('<h2 id="da-huy-bo">Khen thưởng đã bị hủy bỏ</h2>')
        assert "Đặng Văn Đức" not in names_in(valid)
        entry = revoked.split("</li>")[0]
        assert names_in(entry) == ["Đặng Văn Đức"]
        assert "Giấy khen theo Quyết định số 245/QĐ-UBND ngày 05/11/2021" in entry
        assert "Đã bị hủy bỏ theo Quyết định số 13/QĐ-UBND ngày 15/02/2022" in entry
        foot = page.split('<footer class="bv-board__foot">')[1]
        assert "Quyết định số 13/QĐ-UBND ngày 15/02/2022" in foot


def test_decision_references_and_media_center_at_the_foot(board_site):
    page = read(board_site, "print/units/tra-co/")
    foot = page.split('<footer class="bv-board__foot">')[1].split("</footer>")[0]
    assert "Quyết định số 245/QĐ-UBND ngày 05/11/2021 của Chủ tịch UBND phường Trà Cổ" in foot
    assert "Quyết định số 12/QĐ-UBND ngày 10/02/2022" in foot
    assert foot.index("245/QĐ-UBND") < foot.index("12/QĐ-UBND")  # oldest first
    assert "Quyết định số 88/QĐ-CTN ngày 10/11/2022 của Chủ tịch nước" in foot
    assert "(Huân chương Lao động hạng Ba)" in foot
    assert "Trung tâm Truyền thông và Văn hóa thành phố Móng Cái" in foot
    assert "Theo các quyết định đến ngày 10/11/2022" in foot  # a content date, not today


def test_drafts_never_reach_a_board(board_site):
    for path in board_site.glob("print/**/index.html"):
        assert "Người Nháp Bí Mật" not in path.read_text(encoding="utf-8")


def test_a_unit_board_lists_only_that_units_recipients(board_site):
    assert names_in(read(board_site, "print/units/hai-xuan/")) == ["Lê Thị Bình"]
    assert "Lê Thị Bình" not in names_in(read(board_site, "print/units/tra-co/"))
    assert "Lê Thị Bình" in names_in(read(board_site, "print/years/2021/"))


def test_long_boards_are_cut_into_parts(tmp_path, monkeypatch):
    from exemplars.site import boards
    from exemplars.site.build import Site

    monkeypatch.setattr(boards, "PART_SIZE", 3)
    site = Site(board_tree(tmp_path / "content").root)
    board = site.renderer.boards.get("units", "tra-co")
    assert len(board.entries) == 10 and board.parts == 4 and len(board.revoked) == 1
    parts = [board.part(n) for n in (1, 2, 3, 4)]
    listed = [e for part in parts for g in part for a in g.awards for e in a.entries]
    assert listed == board.entries
    assert board.revoked_in(1) == [] and board.revoked_in(4) == board.revoked
    second = parts[1][0].awards[0]
    assert second.continued  # the award heading says "(tiếp theo)" on the next part
    uris = {s.src_uri for s in site.pages.values() if s.view == "board" and "tra-co" in s.key}
    assert uris == {
        "print/units/tra-co.md",
        "print/units/tra-co/page/2.md",
        "print/units/tra-co/page/3.md",
        "print/units/tra-co/page/4.md",
    }


# -- QR codes --------------------------------------------------------------------------------


def test_board_qr_code_leads_to_the_online_list(board_site):
    codes = qr_codes(read(board_site, "print/units/tra-co/"))
    assert codes == [
        ("Mã QR dẫn tới danh sách trực tuyến: Phường Trà Cổ", SITE_URL + "units/tra-co/")
    ]
    assert "bangvang.example.vn/<wbr>units/<wbr>tra-co/" in read(board_site, "print/units/tra-co/")


@pytest.mark.parametrize(
    "page", ["exemplars/dang-van-duc/", "commendations/245-2021/", "campaigns/covid/"]
)
def test_every_record_page_carries_its_own_qr_code(board_site, page):
    content = read(board_site, page)
    codes = qr_codes(content)
    assert [url for _, url in codes] == [SITE_URL + page]
    assert "bangvang.example.vn/<wbr>" in content  # the short address printed beside it


def test_share_bar_copies_the_permanent_address_and_loads_no_other_host(board_site):
    page = read(board_site, "exemplars/dang-van-duc/")
    assert f'data-bv-copy="{SITE_URL}exemplars/dang-van-duc/"' in page
    assert "Sao chép liên kết" in page and "data-bv-native-share" in page
    assert 'src="../../assets/javascripts/share.js"' in page
    script = (ROOT / "overrides/assets/javascripts/share.js").read_text(encoding="utf-8")
    assert "http" not in script.replace("http:// address", "")  # no other host is named


def test_qr_cache_is_reused_and_a_tampered_entry_is_made_anew(tmp_path):
    cache = tmp_path / "codes.json"
    first = qr.QrCodes(cache)
    code = first.get(SITE_URL + "exemplars/a/")
    first.save()
    again = qr.QrCodes(cache)
    assert again.get(SITE_URL + "exemplars/a/") == code and again.made == 0 and again.reused == 1
    data = json.loads(cache.read_text(encoding="utf-8"))
    url = SITE_URL + "exemplars/a/"
    size, path, check = data["codes"][url]
    for damaged in (
        [size, 'M0 0.5h1"/><script>alert(1)</script>', check],  # markup
        [size, path[:-40], check],  # truncated
        [size, path, qr.digest(SITE_URL + "exemplars/b/", size, path)],  # another address's
        [size, path],  # an older format
        "M0 0.5h1",
    ):
        data["codes"][url] = damaged
        cache.write_text(json.dumps(data), encoding="utf-8")
        tampered = qr.QrCodes(cache)
        assert tampered.get(url) == code
        assert tampered.rejected == 1 and tampered.made == 1
    cache.write_text("{not json", encoding="utf-8")
    assert qr.QrCodes(cache).get(SITE_URL + "exemplars/a/") == code


def test_a_preview_build_reuses_the_checked_cache_until_the_file_changes(tmp_path, monkeypatch):
    cache = tmp_path / "codes.json"
    url = SITE_URL + "exemplars/a/"
    first = qr.QrCodes(cache)
    code = first.get(url)
    first.save()
    read = qr.QrCodes(cache)
    assert read.get(url) == code and read.reused == 1
    checks = []
    monkeypatch.setattr(qr, "_stored_code", lambda *a: checks.append(a))
    monkeypatch.setattr(qr.QrCodes, "_read", lambda cache: pytest.fail("read again"))
    kept = qr.QrCodes(cache, previous=read)  # the file is the one `read` read and checked
    kept.prefill([url])
    assert kept.get(url) == code and kept.reused == 1 and kept.made == 0 and checks == []
    monkeypatch.undo()
    data = json.loads(cache.read_text(encoding="utf-8"))
    data["codes"][url][1] = "M0 0.5h1"  # the file changed since: read and checked again
    cache.write_text(json.dumps(data), encoding="utf-8")
    again = qr.QrCodes(cache, previous=kept)
    assert again.get(url) == code and again.rejected == 1 and again.made == 1
    # A build that made codes saves them: the next one takes them as saved, not from the file.
    again.save()
    checks.clear()
    monkeypatch.setattr(qr, "_stored_code", lambda *a: checks.append(a))
    monkeypatch.setattr(qr.QrCodes, "_read", lambda cache: pytest.fail("read again"))
    after = qr.QrCodes(cache, previous=again)
    assert after.get(url) == code and after.reused == 1 and after.made == 0 and checks == []


def test_a_preview_build_that_makes_one_code_keeps_every_other_in_the_file(tmp_path, monkeypatch):
    """A preview's build renders a few pages and uses their codes alone: when it makes a new
    one, the file it writes still holds every address the site prints (and nothing else)."""
    cache = tmp_path / "codes.json"
    urls = [SITE_URL + f"exemplars/e{n}/" for n in range(6)]
    first = qr.QrCodes(cache)
    first.prefill(urls + [SITE_URL + "exemplars/gone/"])
    first.save()
    preview = qr.QrCodes(cache, previous=first)
    new = SITE_URL + "commendations/moi/"
    preview.prefill(urls + [new])  # the site now: one page more, one page gone
    preview.get(urls[0])  # the only page this build renders
    assert preview.made == 1
    preview.save()
    saved = json.loads(cache.read_text(encoding="utf-8"))["codes"]
    assert sorted(saved) == sorted(urls + [new])
    monkeypatch.setattr(qr, "encode", lambda url: pytest.fail(f"made again: {url}"))
    assert qr.QrCodes(cache).get(urls[5]).url == urls[5]  # read from the file
    after = qr.QrCodes(cache, previous=preview)
    after.prefill(urls + [new])
    assert after.made == 0


@pytest.mark.parametrize(
    "size, path, ok",
    [
        (25, "M0 0.5h7M8 0.5h2", True),
        (25, "M20 3.5h6", False),  # runs past the edge
        (25, "M0 25.5h1", False),  # below the last row
        (25, "M0 0.5h0", False),
        (25, "", False),
        (True, "M0 0.5h1", False),
        (25, "M0 0.5h1 ", False),
        (200, "M0 0.5h1", False),
    ],
)
def test_cached_path_data_is_validated(size, path, ok):
    assert qr.valid_path(size, path) is ok


def test_prefill_encodes_missing_codes_on_every_core(tmp_path, monkeypatch):
    monkeypatch.setattr(qr, "PARALLEL_THRESHOLD", 4)
    monkeypatch.setattr(qr, "_workers", lambda: 2)
    urls = [f"{SITE_URL}exemplars/nguoi-{i}/" for i in range(12)]
    codes = qr.QrCodes(tmp_path / "codes.json")
    codes.prefill(urls)
    assert codes.made == 12
    assert [codes.get(u) for u in urls] == [qr.encode(u) for u in urls]
    codes.save()
    again = qr.QrCodes(tmp_path / "codes.json")
    again.prefill(urls)
    assert [again.get(u) for u in urls] == [codes.get(u) for u in urls]
    assert again.made == 0 and again.reused == 12


def test_prefill_makes_here_what_a_worker_fails_to_make(tmp_path, monkeypatch):
    monkeypatch.setattr(qr, "PARALLEL_THRESHOLD", 4)
    monkeypatch.setattr(qr, "_workers", lambda: 2)
    monkeypatch.setattr(qr, "_worker_output", lambda process, target, count: [])
    urls = [f"{SITE_URL}exemplars/nguoi-{i}/" for i in range(6)]
    codes = qr.QrCodes()
    codes.prefill(urls)
    assert codes.made == 6 and [codes.get(u) for u in urls] == [qr.encode(u) for u in urls]


def test_qr_codes_are_made_once_per_build_and_reused_by_the_next(tmp_path):
    """A rebuild encodes no QR code: they come from the cache file."""
    content = board_tree(tmp_path / "content").root
    for run in ("first", "second"):
        result = build_site(content, tmp_path / run)
        assert result.returncode == 0, result.stderr
    cache = tmp_path / ".cache" / "qr" / "codes.json"
    data = json.loads(cache.read_text(encoding="utf-8"))
    assert SITE_URL + "units/tra-co/" in data["codes"]
    assert read(tmp_path / "first", "print/units/tra-co/") == read(
        tmp_path / "second", "print/units/tra-co/"
    )


def test_qr_symbols_are_segnos_own_bit_for_bit():
    """The engine picks the mask itself (fast); the symbol must be what segno would make."""
    import segno

    urls = [f"{SITE_URL}exemplars/nguoi-{i:04d}/" for i in range(0, 4000, 97)]
    urls += [SITE_URL + "units/tra-co/", "https://x.vn/", SITE_URL + "đ" * 60 + "/"]
    urls += [SITE_URL + "exemplars/" + "a" * n + "/" for n in (120, 300, 700)]  # versions 7+
    for url in urls:
        ours = qr.encode(url)
        symbol = segno.make_qr(url, error=qr.ERROR_LEVEL)
        theirs = qr.QrCode(url, len(symbol.matrix), "")
        assert ours.size == theirs.size
        expected = [
            (x, y) for y, row in enumerate(symbol.matrix) for x, dark in enumerate(row) if dark
        ]
        drawn = [
            (x, int(y))
            for start, y, length in re.findall(r"M(\d+) (\d+)\.5h(\d+)", ours.path)
            for x in range(int(start), int(start) + int(length))
        ]
        assert sorted(drawn, key=lambda c: (c[1], c[0])) == expected, url
