"""A true archive (issue 14): the registry and vocabularies as the texts say, decisions as the
paper reads, revocation and correction marked everywhere, record dates from file history."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import DECISION, ROOT, TODAY, read

from exemplars import text
from exemplars.content.checks import check
from exemplars.content.load import BUILTIN_VOCABULARIES, load_content, load_vocabularies
from exemplars.site.history import record_dates

UNITS = {u["id"]: u for u in yaml.safe_load((ROOT / "content/_data/units.yml").read_text())}


def problems(tree) -> list[str]:
    content = load_content(tree.root)
    return [str(p) for p in check(content, date.fromisoformat(TODAY))]


# -- 1. the registry against the resolutions' lists ----------------------------------------

# Nghị quyết 1679/NQ-UBTVQH15, Điều 1: khoản → new unit → the units it was formed from.
NQ_1679 = {
    49: ("mong-cai-1", {"tran-phu", "hai-hoa", "binh-ngoc", "tra-co", "hai-xuan"}),
    50: ("mong-cai-2", {"ninh-duong", "ka-long", "van-ninh"}),
    51: ("mong-cai-3", {"hai-yen", "hai-dong"}),
    19: ("hai-son-2025", {"bac-son", "hai-son"}),
    20: ("hai-ninh", {"quang-nghia", "hai-tien"}),
    21: ("vinh-thuc-2025", {"vinh-trung", "vinh-thuc"}),
}


@pytest.mark.parametrize("khoan", sorted(NQ_1679))
def test_registry_matches_resolution_1679(khoan):
    new, formed_from = NQ_1679[khoan]
    assert UNITS[new]["valid_from"] == date(2025, 7, 1)
    assert {i for i, u in UNITS.items() if new in u.get("successors", [])} == formed_from
    for old in formed_from:
        assert UNITS[old]["valid_to"] == date(2025, 6, 30)
        assert f"khoản {khoan} Điều 1" in UNITS[old]["note"]
    assert f"khoản {khoan} Điều 1" in UNITS[new]["note"] and "Hình thành từ" in UNITS[new]["note"]


def test_hoa_lac_merged_into_tran_phu_by_resolution_1199():
    hoa_lac = UNITS["hoa-lac"]
    assert hoa_lac["valid_to"] == date(2024, 10, 31)
    assert hoa_lac["successors"] == ["tran-phu"]
    assert "1199/NQ-UBTVQH15" in hoa_lac["note"]
    assert "Hòa Lạc" in UNITS["tran-phu"]["note"]
    wards = [u for u in UNITS.values() if u.get("parent") == "mong-cai" and u["type"] != "co-quan"]
    assert len([u for u in wards if u.get("valid_to", date.max) >= date(2024, 11, 1)]) == 16


def test_city_ends_without_successor_and_unverified_facts_are_flagged():
    city = UNITS["mong-cai"]
    assert city["valid_to"] == date(2025, 6, 30) and not city.get("successors")
    assert "Chấm dứt hoạt động từ 01/7/2025" in city["note"]
    for unit in UNITS.values():
        note = unit.get("note", "")
        if "khoản" in note or unit["type"] == "co-quan":
            assert "chưa đối chiếu được văn bản gốc" in note, unit["id"]


def test_unit_pages_follow_the_chain_and_say_what_happened(sample_site):
    hoa_lac = read(sample_site, "units/hoa-lac/")
    now = hoa_lac.split("<dt>Nay thuộc</dt>", 1)[1].split("</dd>", 1)[0]
    assert "../mong-cai-1/" in now  # Hòa Lạc → Trần Phú → Móng Cái 1
    assert "../tran-phu/" in hoa_lac
    assert "Nhập thêm" in read(sample_site, "units/tran-phu/")
    city = read(sample_site, "units/mong-cai/")
    assert "Chấm dứt hoạt động từ 01/07/2025" in city and "Sáp nhập vào" not in city
    assert "Đơn vị trực thuộc trước đây" in city and "../tra-co/" in city
    agency = read(sample_site, "units/ubnd-mong-cai/")
    assert "Không có thay đổi địa giới" not in agency and "Chấm dứt hoạt động" in agency


# -- 2. vocabularies ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def vocab():
    vocabularies, found = load_vocabularies([BUILTIN_VOCABULARIES])
    assert found == []
    return vocabularies


@pytest.mark.parametrize(
    "award_id, label, ranked",
    [
        ("huan-chuong-sao-vang", "Huân chương Sao vàng", False),
        ("huan-chuong-ho-chi-minh", "Huân chương Hồ Chí Minh", False),
        ("huan-chuong-doc-lap", "Huân chương Độc lập", True),
        ("huan-chuong-quan-cong", "Huân chương Quân công", True),
        ("huan-chuong-lao-dong", "Huân chương Lao động", True),
        ("huan-chuong-dai-doan-ket-dan-toc", "Huân chương Đại đoàn kết dân tộc", False),
        ("huan-chuong-huu-nghi", "Huân chương Hữu nghị", False),
        ("huy-chuong-chien-si-ve-vang", "Huy chương Chiến sĩ vẻ vang", True),
        ("ba-me-viet-nam-anh-hung", "Bà mẹ Việt Nam anh hùng", False),
        ("tinh-anh-hung", "Tỉnh Anh hùng", False),
        ("nghe-si-nhan-dan", "Nghệ sĩ nhân dân", False),
        ("nghe-nhan-uu-tu", "Nghệ nhân ưu tú", False),
        ("chien-si-thi-dua-bo-nganh-tinh", "Chiến sĩ thi đua bộ, ban, ngành, tỉnh", False),
        ("co-thi-dua-bo-nganh-tinh", "Cờ thi đua của Bộ, ban, ngành, tỉnh", False),
    ],
)
def test_vocabulary_entries_of_the_2022_law(vocab, award_id, label, ranked):
    entry = vocab.awards[award_id]
    assert (entry.label, entry.ranked) == (label, ranked)
    assert entry.source and entry.issuers
    assert entry.valid_to is None  # the law in force


def test_old_regime_names_end_with_2023_and_hang_is_written_as_papers_do(vocab):
    old = vocab.awards["chien-si-thi-dua-cap-bo-nganh-tinh"]
    assert old.valid_to == date(2023, 12, 31) and "cấp" in old.label
    assert vocab.awards["chien-si-thi-dua-bo-nganh-tinh"].valid_from == date(2024, 1, 1)
    assert "cấp" not in vocab.awards["chien-si-thi-dua-bo-nganh-tinh"].label
    assert vocab.awards["huan-chuong-lao-dong"].label_with_rank("ba") == (
        "Huân chương Lao động hạng Ba"
    )
    assert vocab.awards["bang-khen-bo-nganh-tinh"].paper_label(None, "Chủ tịch UBND tỉnh") == (
        "Bằng khen của Chủ tịch UBND tỉnh"
    )
    header = BUILTIN_VOCABULARIES.read_text(encoding="utf-8")
    assert "hiệu lực từ 01/01/2024" in header and "01/01/2023" not in header
    assert all(e.source for e in vocab.awards.values())


# -- 3. decisions as the paper reads; check 19 -------------------------------------------


def test_document_number_forms(tree):
    tree.minimal()
    for number, stored in [
        ("123-QĐ/TU", "123-QĐ/TU"),
        ("45-QĐ/TĐTN-VP", "45-QĐ/TĐTN-VP"),
        ("Số 245/QĐ-UBND", "245/QĐ-UBND"),
        ("Số: 245/QÐ-UBND", "245/QĐ-UBND"),  # Ð is U+00D0
    ]:
        tree.write(
            "commendations/245-qd-ubnd-tra-co.md",
            DECISION.replace("number: 245/QĐ-UBND", f'number: "{number}"'),
        )
        assert problems(tree) == []
        (decision,) = load_content(tree.root).commendations
        assert decision.number == stored
    assert text.normalize_doc_number("số 12 / QÐ - UBND") == "12/QĐ-UBND"


def test_rank_posthumous_and_foreign_recipient_are_checked(tree):
    tree.minimal()
    tree.write(
        "commendations/245-qd-ubnd-tra-co.md",
        DECISION.replace("award: giay-khen", "award: giay-khen\nrank: ba")
        + "  - {name: Lý Minh, kind: collective, country: CN, posthumous: true}\n",
    )
    found = "\n".join(problems(tree))
    assert "“Giấy khen” không có hạng; hãy bỏ dòng rank" in found
    assert "truy tặng chỉ dành cho cá nhân" in found
    tree.write(
        "commendations/245-qd-ubnd-tra-co.md",
        DECISION + "  - {name: Ai đó, kind: individual, country: XX}\n",
    )
    assert "mã quốc gia “XX” không có trong ISO 3166" in "\n".join(problems(tree))


def test_issuing_unit_must_exist_on_the_date_and_authority_warning(tree):
    tree.minimal()
    late = DECISION.replace("date: 05/11/2021", "date: 05/11/2025").replace(
        "issuer: Chủ tịch UBND phường Trà Cổ",
        "issuer: Chủ tịch UBND phường Trà Cổ\nissuer_unit: tra-co",
    )
    tree.write("commendations/245-qd-ubnd-tra-co.md", late)
    found = problems(tree)
    assert any(
        "issuer_unit: “Phường Trà Cổ” không tồn tại vào ngày ký 05/11/2025" in p
        and "CẢNH BÁO" not in p
        for p in found
    ), found
    wrong = DECISION.replace("award: giay-khen", "award: huan-chuong-lao-dong\nrank: ba").replace(
        "issuer: Chủ tịch UBND phường Trà Cổ",
        "issuer: Chủ tịch UBND phường Trà Cổ\nissuer_unit: tra-co",
    )
    tree.write("commendations/245-qd-ubnd-tra-co.md", wrong)
    found = problems(tree)
    assert len(found) == 1 and "CẢNH BÁO" in found[0] and "award:" in found[0], found
    assert "Chủ tịch nước" in found[0] and "Chủ tịch UBND cấp xã" in found[0]


def test_decision_page_reads_as_the_paper(sample_site):
    page = read(sample_site, "commendations/1850-qd-ctn-2022/")
    assert "Huân chương Lao động hạng Ba" in page
    assert "Về việc tặng thưởng Huân chương Lao động" in page  # trích yếu
    assert "Người quyết định" in page and "CHỦ TỊCH NƯỚC" in page  # signing block
    assert page.index(">Tập thể (1)<") < page.index(">Cá nhân (1)<")
    assert re.search(r'class="bv-posthumous">Truy tặng</span>\s*<span>Hà Văn Quý', page)
    provincial = read(sample_site, "commendations/85-qd-ubnd-quang-ninh-2022/")
    assert "Bằng khen của Chủ tịch UBND tỉnh Quảng Ninh" in provincial
    assert 'class="bv-country">Trung Quốc<' in provincial
    assert "KT. CHỦ TỊCH – PHÓ CHỦ TỊCH" in provincial
    assert "Hình thức: Tập thể lao động xuất sắc" not in read(
        sample_site, "commendations/1032-qd-ubnd-quang-ninh-2022/"
    )


# -- 4. revocation and correction, everywhere --------------------------------------------

REVOKED = "Đã bị hủy bỏ theo"


def test_revoked_award_is_marked_on_every_page_and_export(sample_site):
    exemplar = read(sample_site, "exemplars/tran-thi-hoa/")
    assert REVOKED in exemplar and "12/QĐ-UBND" in exemplar
    decision = read(sample_site, "commendations/245-qd-ubnd-tra-co-2021/")
    item = decision.split("bv-recipient--revoked", 1)[1].split("</li>", 1)[0]
    assert "tran-thi-hoa/" in item and "Đã bị hủy bỏ</strong> theo" in item
    revoking = read(sample_site, "commendations/12-qd-ubnd-tra-co-2022/")
    assert "Hủy bỏ" in revoking and "245/QĐ-UBND" in revoking
    raw = (sample_site / "data" / "commendations.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    row = next(r for r in rows if r["exemplar_id"] == "tran-thi-hoa")
    assert (row["status"], row["revoked_by"]) == ("revoked", "12-qd-ubnd-tra-co-2022")
    assert row["revoked_by_number"] == "12/QĐ-UBND"
    people = json.loads((sample_site / "data" / "exemplars.json").read_text(encoding="utf-8"))
    hoa = next(p for p in people if p["id"] == "tran-thi-hoa")
    assert [c["status"] for c in hoa["commendations"]] == ["revoked"]
    stats = read(sample_site, "statistics/")
    assert re.search(r"Khen thưởng đã bị hủy bỏ</dt><dd>1<", stats)
    feed = (sample_site / "feed.xml").read_text(encoding="utf-8")
    assert "1 người nhận đã bị hủy bỏ khen thưởng." in feed


def test_correction_links_both_ways(sample_site):
    corrected = read(sample_site, "commendations/27-qd-ubnd-binh-ngoc-2022/")
    assert "Đã được đính chính" in corrected and "31-qd-ubnd-binh-ngoc-2022/" in corrected
    correcting = read(sample_site, "commendations/31-qd-ubnd-binh-ngoc-2022/")
    assert "Đính chính" in correcting and "27-qd-ubnd-binh-ngoc-2022/" in correcting


def test_revocation_must_name_a_real_recipient(tree):
    tree.minimal()
    tree.write(
        "commendations/12-qd-ubnd-tra-co.md",
        "number: 12/QĐ-UBND\ndate: 2021-12-01\nissuer: Chủ tịch UBND phường Trà Cổ\n"
        "reason: Hủy bỏ.\nrevokes:\n  - {commendation: 245-qd-ubnd-tra-co, name: Không Có}\n",
    )
    found = "\n".join(problems(tree))
    assert "“Không Có” không có trong danh sách người nhận của quyết định số 245/QĐ-UBND" in found


# -- 5. record dates from the history ----------------------------------------------------


def _git(cwd: Path, *args: str, when: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.vn"}
    env.update(GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.vn")
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_page_dates_come_from_a_past_dated_commit(tree, built):
    tree.minimal()
    repo = tree.root.parent
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "first", when="2022-03-15T10:00:00+07:00")
    exemplar = tree.root / "exemplars/nguyen-van-an.md"
    # A running preview reads the history on every save: a new commit is seen at once.
    before = record_dates(tree.root, [exemplar])[exemplar]
    assert (before.first, before.last, before.from_history) == (date(2022, 3, 15),) * 2 + (True,)
    exemplar.write_text(exemplar.read_text() + "Thêm một dòng.\n", encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "second", when="2023-08-02T10:00:00+07:00")
    dates = record_dates(tree.root, [exemplar, tree.root / "campaigns/covid.md"])
    assert (dates[exemplar].first, dates[exemplar].last) == (date(2022, 3, 15), date(2023, 8, 2))
    site = built(tree)
    page = read(site, "exemplars/nguyen-van-an/")
    assert '<time class="bv-first-published" datetime="2022-03-15">15/03/2022</time>' in page
    assert '<time class="bv-last-changed" datetime="2023-08-02">02/08/2023</time>' in page
    assert '"dateModified": "2023-08-02"' in page
    assert "cập nhật ngày 29/11/2026" not in page  # never the build date
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert re.search(r"exemplars/nguyen-van-an/</loc>\s*<lastmod>2023-08-02</lastmod>", sitemap)
    people = json.loads((site / "data" / "exemplars.json").read_text(encoding="utf-8"))
    assert (people[0]["first_published"], people[0]["last_changed"]) == (
        "2022-03-15",
        "2023-08-02",
    )


def test_outside_git_the_modification_time_is_used(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("x", encoding="utf-8")
    stamp = 1_600_000_000  # 13/09/2020 (UTC+7)
    os.utime(path, (stamp, stamp))
    found = record_dates(tmp_path, [path])[path]
    assert (found.first, found.last, found.from_history) == (
        date(2020, 9, 13),
        date(2020, 9, 13),
        False,
    )
    # The day is Vietnam's (UTC+7): 17:00 UTC is midnight there, whatever the server's zone.
    for stamp, day in [
        (1_600_016_399, date(2020, 9, 13)),  # 16:59:59 UTC
        (1_600_016_400, date(2020, 9, 14)),  # 17:00:00 UTC
        (-25_201, date(1969, 12, 31)),
        (-25_200, date(1970, 1, 1)),
    ]:
        os.utime(path, (stamp, stamp))
        assert record_dates(tmp_path, [path])[path].last == day, stamp
        # A preview's save gives the time its load saw, in nanoseconds: the same day.
        seen = record_dates(tmp_path, [path], lambda _, ns=stamp * 10**9: ns)
        assert seen[path].last == day, stamp
    # What the load saw is what counts (no second look at the file), for that file alone.
    other = tmp_path / "b.md"
    other.write_text("y", encoding="utf-8")
    os.utime(other, (1_600_000_000, 1_600_000_000))
    found = record_dates(
        tmp_path, [path, other], lambda file: 1_500_000_000 * 10**9 if file == path else None
    )
    assert (found[path].last, found[other].last) == (date(2017, 7, 14), date(2020, 9, 13))


# -- 7. sort_name, importer, wikidata ----------------------------------------------------


def test_sort_name_files_a_household_under_its_own_letter(sample_site):
    directory = read(sample_site, "exemplars/")
    tam = directory.index("Hộ gia đình ông Nguyễn Văn Tâm")
    letters = re.findall(r'<h2 id="chu-\d+">([^<]+)</h2>', directory[:tam])
    assert letters[-1] == "T"  # sort_name "Tâm, Nguyễn Văn (hộ gia đình)", not H


def test_wikidata_becomes_same_as(tree, built):
    tree.minimal()
    path = tree.root / "exemplars/nguyen-van-an.md"
    path.write_text(path.read_text().replace("kind: individual", "kind: individual\nwikidata: q42"))
    page = read(built(tree), "exemplars/nguyen-van-an/")
    assert '"sameAs": [\n    "https://www.wikidata.org/wiki/Q42"' in page or (
        "https://www.wikidata.org/wiki/Q42" in page
    )


@pytest.mark.parametrize(
    "name, kind",
    [
        ("Chi hội Cựu chiến binh khu 1", "collective"),
        ("Khu 5, phường Hải Hòa", "collective"),
        ("Bản Pò Hèn", "collective"),
        ("Đảng bộ phường Trà Cổ", "collective"),
        ("Công đoàn Trung tâm Y tế", "collective"),
        ("Cán bộ, công nhân thi công cầu Ka Long 2", "collective"),
        ("Đoàn Văn Khánh", "individual"),  # Đoàn is a family name
        ("Hộ gia đình ông Nguyễn Văn Tâm", "household"),
    ],
)
def test_import_guesses_collectives_by_their_openings(name, kind):
    from exemplars.editor.importer import guess_kind

    assert guess_kind(name) == kind


def test_legal_basis_is_cited_the_standard_way(sample_site):
    page = read(sample_site, "campaigns/covid-19-dac-biet/")
    plain = re.sub(r"<[^>]+>", "", page)
    assert (
        "Kế hoạch số 187/KH-UBND ngày 01/10/2021 của UBND tỉnh Quảng Ninh về việc tổ chức" in plain
    )
    assert "Quyết định số 1497/QĐ-TTg ngày 10/09/2021 của Thủ tướng Chính phủ về việc ban hành" in (
        plain
    )
    assert text.document_kind("06/2022/QH15") == "Luật"
    assert text.document_kind("123-QĐ/TU") == "Quyết định"
