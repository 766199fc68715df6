"""Every check of the content format, each fired by a real file.

Each problem is one line `path:line: field: message`; all problems of a run come together,
and the check command exits 1 on any error.
"""

from __future__ import annotations

import re

import pytest
from conftest import DECISION, EXEMPLAR, run_check, write_image


def problems_of(tree) -> list[str]:
    result = run_check(tree.root)
    assert "Traceback" not in result.stdout + result.stderr
    return [line for line in result.stdout.splitlines() if re.match(r"^\S+:\d+: ", line)]


def only_problem(tree, relative: str) -> tuple[int, str, str]:
    """The one problem reported, as (line, field, message), and that it names the file."""
    found = problems_of(tree)
    assert len(found) == 1, found
    path, line, field, message = re.match(r"^(\S+):(\d+): ([^:]+): (.*)$", found[0]).groups()
    assert path.endswith(relative), path
    return int(line), field, message


def test_sample_content_passes():
    from conftest import ROOT

    result = run_check(ROOT / "content")
    assert result.returncode == 0, result.stdout
    assert "không có lỗi" in result.stdout


def test_minimal_tree_passes(tree):
    tree.minimal()
    result = run_check(tree.root)
    assert result.returncode == 0, result.stdout
    assert "Đã kiểm tra 3 tệp" in result.stdout


# -- 1. encoding, front matter, YAML -----------------------------------------------------


def test_not_utf8(tree):
    tree.minimal()
    path = tree.root / "exemplars" / "tran-thi-b.md"
    # "Trân" saved as Windows-1258/Latin-1: the byte 0xE2 is not UTF-8.
    path.write_bytes(b"---\nname: Tran\nkind: individual\nsummary: Tr\xe2n\n---\n")
    line, field, message = only_problem(tree, "exemplars/tran-thi-b.md")
    assert line == 4
    assert "UTF-8" in message


def test_no_front_matter(tree):
    tree.minimal()
    tree.write("exemplars/khong-co-dau.md", None, "Chỉ có nội dung.\n")
    line, field, message = only_problem(tree, "exemplars/khong-co-dau.md")
    assert line == 1
    assert "front matter" in message


def test_yaml_that_does_not_parse_says_where(tree):
    tree.minimal()
    tree.write("exemplars/loi-yaml.md", EXEMPLAR.replace("summary: Trực", "summary: Ghi chú: trực"))
    line, field, message = only_problem(tree, "exemplars/loi-yaml.md")
    assert line == 5
    assert "YAML" in message and "ngoặc kép" in message


def test_one_bad_file_does_not_stop_the_others(tree):
    tree.minimal()
    tree.write("exemplars/a.md", None, "no front matter")
    tree.write("exemplars/b.md", EXEMPLAR.replace("kind: individual", "kind: person"))
    found = problems_of(tree)
    assert any("exemplars/a.md:1:" in p for p in found)
    assert any("exemplars/b.md:3: kind:" in p for p in found)
    assert run_check(tree.root).returncode == 1


# -- 2. required fields, types, misspelt names -------------------------------------------


def test_missing_required_field(tree):
    tree.minimal()
    tree.write("exemplars/thieu-ten.md", EXEMPLAR.replace("name: Nguyễn Văn An\n", ""))
    line, field, message = only_problem(tree, "exemplars/thieu-ten.md")
    assert field == "name"
    assert "thiếu trường bắt buộc" in message


def test_empty_required_field(tree):
    tree.minimal()
    tree.write("exemplars/ten-rong.md", EXEMPLAR.replace("name: Nguyễn Văn An", 'name: ""'))
    line, field, message = only_problem(tree, "exemplars/ten-rong.md")
    assert (line, field) == (2, "name")
    assert "không được để trống" in message


def test_wrong_type(tree):
    tree.minimal()
    tree.write("exemplars/sai-kieu.md", EXEMPLAR.replace("campaigns: [covid]", "campaigns: covid"))
    line, field, message = only_problem(tree, "exemplars/sai-kieu.md")
    assert (line, field) == (6, "campaigns")
    assert "danh sách" in message


def test_misspelt_field_names_the_known_one(tree):
    tree.minimal()
    tree.write("exemplars/nguyen-van-an.md", EXEMPLAR + "positon: Tổ trưởng\n")
    line, field, message = only_problem(tree, "exemplars/nguyen-van-an.md")
    assert (line, field) == (7, "positon")
    assert "“position”" in message


def test_unknown_field_far_from_any_known_one_is_allowed(tree):
    tree.minimal()
    tree.write("exemplars/nguyen-van-an.md", EXEMPLAR + "ghi_chu_noi_bo: thêm trường riêng\n")
    assert run_check(tree.root).returncode == 0


def test_field_written_twice(tree):
    tree.minimal()
    tree.write("exemplars/nguyen-van-an.md", EXEMPLAR + "unit: hai-xuan\n")
    line, field, message = only_problem(tree, "exemplars/nguyen-van-an.md")
    assert (line, field) == (7, "unit")
    assert "hai lần" in message


# -- 3. allowed values -------------------------------------------------------------------


def test_kind_not_allowed(tree):
    tree.minimal()
    tree.write("exemplars/nguyen-van-an.md", EXEMPLAR.replace("individual", "ca-nhan"))
    line, field, message = only_problem(tree, "exemplars/nguyen-van-an.md")
    assert (line, field) == (3, "kind")
    assert "individual" in message and "collective" in message


def test_status_not_allowed(tree):
    tree.minimal()
    tree.write("exemplars/nguyen-van-an.md", EXEMPLAR + "status: nhap\n")
    line, field, message = only_problem(tree, "exemplars/nguyen-van-an.md")
    assert (line, field) == (7, "status")


def test_unknown_award_suggests_the_near_one(tree):
    tree.minimal()
    tree.write("commendations/245-qd-ubnd-tra-co.md", DECISION.replace("giay-khen", "giay-khenn"))
    line, field, message = only_problem(tree, "commendations/245-qd-ubnd-tra-co.md")
    assert (line, field) == (5, "award")
    assert "giay-khen" in message


def test_unknown_sector(tree):
    tree.minimal()
    tree.write("exemplars/nguyen-van-an.md", EXEMPLAR + "sector: y-khoa-co-truyen\n")
    line, field, message = only_problem(tree, "exemplars/nguyen-van-an.md")
    assert (line, field) == (7, "sector")


def test_local_vocabulary_extends_the_builtin_one(tree):
    tree.minimal()
    (tree.root / "_data" / "vocabularies.yml").write_text(
        "sectors:\n  - id: y-khoa-co-truyen\n    label: Y học cổ truyền\n", encoding="utf-8"
    )
    tree.write("exemplars/nguyen-van-an.md", EXEMPLAR + "sector: y-khoa-co-truyen\n")
    assert run_check(tree.root).returncode == 0


# -- 4. dates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, words",
    [
        ("31/02/2021", "không có thật"),
        ("2021/11/05", "định dạng"),
        ("5 tháng 11", "định dạng"),
    ],
)
def test_bad_dates(tree, value, words):
    tree.minimal()
    tree.write(
        "commendations/245-qd-ubnd-tra-co.md",
        DECISION.replace("date: 05/11/2021", f'date: "{value}"'),
    )
    line, field, message = only_problem(tree, "commendations/245-qd-ubnd-tra-co.md")
    assert (line, field) == (3, "date")
    assert words in message


def test_campaign_end_before_start(tree):
    tree.minimal()
    tree.write("campaigns/covid.md", "title: T\nstart: 2021-09-10\nend: 2021-09-01\n")
    line, field, message = only_problem(tree, "campaigns/covid.md")
    assert "sớm hơn ngày bắt đầu" in message
    # A rule across two fields names the later one, at its own line (not the title's).
    assert (line, field) == (4, "end")


def test_decision_in_the_future(tree):
    tree.minimal()
    tree.write(
        "commendations/245-qd-ubnd-tra-co.md",
        DECISION.replace("date: 05/11/2021", "date: 2027-01-05"),
    )
    found = problems_of(tree)
    assert any(": 3: date:" in p.replace(".md:3:", ": 3:") and "ở tương lai" in p for p in found)


def test_decision_before_its_campaign(tree):
    tree.minimal()
    tree.write(
        "commendations/245-qd-ubnd-tra-co.md",
        DECISION.replace("date: 05/11/2021", "date: 2021-08-01"),
    )
    line, field, message = only_problem(tree, "commendations/245-qd-ubnd-tra-co.md")
    assert (line, field) == (3, "date")
    assert "trước ngày bắt đầu phong trào" in message


# -- 5. document numbers -----------------------------------------------------------------


# "số 245/QĐ-UBND" was here until spec v2: a pasted "Số …" prefix is now read as the number
# (tests/test_archive.py::test_document_number_forms).
@pytest.mark.parametrize("number", ["QĐ-UBND 245", "245-QĐ-UBND", "245/", "số 245", "123-QĐ"])
def test_bad_document_number(tree, number):
    tree.minimal()
    tree.write(
        "commendations/245-qd-ubnd-tra-co.md",
        DECISION.replace("number: 245/QĐ-UBND", f'number: "{number}"'),
    )
    line, field, message = only_problem(tree, "commendations/245-qd-ubnd-tra-co.md")
    assert (line, field) == (2, "number")
    assert "1497/QĐ-TTg" in message


@pytest.mark.parametrize("number", ["1497/QĐ-TTg", "187/KH-UBND", "98/2023/NĐ-CP", "06/2022/QH15"])
def test_good_document_numbers(tree, number):
    tree.minimal()
    tree.write(
        "commendations/245-qd-ubnd-tra-co.md",
        DECISION.replace("number: 245/QĐ-UBND", f"number: {number}"),
    )
    assert run_check(tree.root).returncode == 0


# -- 6. references -----------------------------------------------------------------------


def test_unknown_unit(tree):
    tree.minimal()
    tree.write("exemplars/nguyen-van-an.md", EXEMPLAR.replace("unit: tra-co", "unit: tra-coo"))
    line, field, message = only_problem(tree, "exemplars/nguyen-van-an.md")
    assert (line, field) == (4, "unit")
    assert "“tra-co”" in message


def test_unknown_campaign(tree):
    tree.minimal()
    tree.write(
        "commendations/245-qd-ubnd-tra-co.md",
        DECISION.replace("campaign: covid", "campaign: covid-20"),
    )
    line, field, message = only_problem(tree, "commendations/245-qd-ubnd-tra-co.md")
    assert (line, field) == (7, "campaign")


def test_unknown_exemplar_in_recipients(tree):
    tree.minimal()
    tree.write("commendations/245-qd-ubnd-tra-co.md", DECISION + "  - exemplar: khong-ton-tai\n")
    line, field, message = only_problem(tree, "commendations/245-qd-ubnd-tra-co.md")
    assert (line, field) == (10, "recipients[2].exemplar")


def test_published_decision_naming_a_draft_exemplar(tree):
    tree.minimal()
    tree.write("exemplars/nguyen-van-an.md", EXEMPLAR + "status: draft\n")
    line, field, message = only_problem(tree, "commendations/245-qd-ubnd-tra-co.md")
    assert (line, field) == (9, "recipients[1].exemplar")
    assert "bản nháp" in message


def test_published_story_naming_an_embargoed_exemplar(tree):
    tree.minimal()
    tree.write(
        "exemplars/tran-thi-b.md",
        EXEMPLAR.replace("Nguyễn Văn An", "Trần Thị B") + "publish_date: 2099-01-01\n",
    )
    tree.write(
        "stories/bai-viet.md", "title: Bài viết\ndate: 2021-10-15\nexemplars:\n  - tran-thi-b\n"
    )
    line, field, message = only_problem(tree, "stories/bai-viet.md")
    assert (line, field) == (5, "exemplars[1]")
    assert "chưa đến ngày công bố" in message


def test_inline_recipient_needs_name_kind_unit(tree):
    tree.minimal()
    tree.write("commendations/245-qd-ubnd-tra-co.md", DECISION + "  - name: Lê Văn C\n")
    line, field, message = only_problem(tree, "commendations/245-qd-ubnd-tra-co.md")
    assert (line, field) == (10, "recipients[2]")
    assert "kind, unit" in message


# -- 7. unit history ---------------------------------------------------------------------


def test_recipient_unit_did_not_exist_yet(tree):
    tree.minimal()
    tree.write(
        "commendations/245-qd-ubnd-tra-co.md",
        DECISION + ("  - name: Lê Văn C\n    kind: individual\n    unit: mong-cai-1\n"),
    )
    line, field, message = only_problem(tree, "commendations/245-qd-ubnd-tra-co.md")
    assert (line, field) == (12, "recipients[2].unit")
    assert "Phường Móng Cái 1" in message and "không tồn tại" in message


def test_exemplar_unit_merged_before_the_decision(tree):
    tree.minimal()
    tree.write(
        "commendations/245-qd-ubnd-tra-co.md",
        DECISION.replace("date: 05/11/2021", "date: 2025-08-01"),
    )
    line, field, message = only_problem(tree, "commendations/245-qd-ubnd-tra-co.md")
    assert (line, field) == (9, "recipients[1].exemplar")
    assert "Phường Trà Cổ" in message


# -- 8. award subject --------------------------------------------------------------------


def test_collective_title_given_to_an_individual(tree):
    tree.minimal()
    tree.write(
        "commendations/245-qd-ubnd-tra-co.md",
        DECISION.replace("giay-khen", "tap-the-lao-dong-xuat-sac"),
    )
    line, field, message = only_problem(tree, "commendations/245-qd-ubnd-tra-co.md")
    assert (line, field) == (9, "recipients[1]")
    assert "chỉ trao cho tập thể" in message


def test_individual_title_given_to_an_inline_collective(tree):
    tree.minimal()
    tree.write(
        "commendations/245-qd-ubnd-tra-co.md",
        DECISION.replace("giay-khen", "chien-si-thi-dua-co-so")
        + ("  - name: Tổ covid cộng đồng\n    kind: collective\n    unit: tra-co\n"),
    )
    line, field, message = only_problem(tree, "commendations/245-qd-ubnd-tra-co.md")
    assert (line, field) == (10, "recipients[2]")


# -- 9. duplicates and ids ---------------------------------------------------------------


def test_two_files_with_the_same_id_after_normalisation(tree):
    tree.minimal()
    tree.write("exemplars/Nguyen-Van-An.md", EXEMPLAR)
    found = problems_of(tree)
    assert any(
        "trùng mã" in p and "Nguyen-Van-An.md" in p and "nguyen-van-an.md" in p for p in found
    )
    assert any("exemplars/Nguyen-Van-An.md:1: id:" in p and "nguyen-van-an.md" in p for p in found)


def test_id_that_breaks_the_rule(tree):
    tree.minimal()
    tree.write("exemplars/nguyen--van_b.md", EXEMPLAR.replace("Nguyễn Văn An", "Nguyễn Văn B"))
    line, field, message = only_problem(tree, "exemplars/nguyen--van_b.md")
    assert (line, field) == (1, "id")
    assert "nguyen-van-b.md" in message


def test_two_decisions_same_number_issuer_year(tree):
    tree.minimal()
    tree.write("commendations/245-ban-sao.md", DECISION.replace("05/11/2021", "20/12/2021"))
    found = problems_of(tree)
    assert len(found) == 1
    assert ": number: " in found[0] and "trùng số 245/QĐ-UBND" in found[0]


def test_same_number_in_another_year_is_fine(tree):
    tree.minimal()
    tree.write("commendations/245-nam-sau.md", DECISION.replace("05/11/2021", "05/11/2022"))
    assert run_check(tree.root).returncode == 0


# -- 10. summary length ------------------------------------------------------------------


def test_summary_over_300_characters(tree):
    tree.minimal()
    tree.write(
        "exemplars/nguyen-van-an.md",
        EXEMPLAR.replace("Trực chốt kiểm soát dịch 120 ngày liên tục.", "ả" * 301),
    )
    line, field, message = only_problem(tree, "exemplars/nguyen-van-an.md")
    assert (line, field) == (5, "summary")
    assert "301" in message


def test_summary_of_300_composed_characters_passes_even_if_typed_decomposed(tree):
    import unicodedata

    tree.minimal()
    decomposed = unicodedata.normalize("NFD", "ả" * 300)
    tree.write(
        "exemplars/nguyen-van-an.md",
        EXEMPLAR.replace("Trực chốt kiểm soát dịch 120 ngày liên tục.", decomposed),
    )
    assert run_check(tree.root).returncode == 0


# -- 11, 12. media paths and consent -----------------------------------------------------


def test_portrait_that_does_not_exist(tree):
    tree.minimal()
    tree.write(
        "exemplars/nguyen-van-an.md", EXEMPLAR + "portrait: anh/an.jpg\nphoto_consent: true\n"
    )
    line, field, message = only_problem(tree, "exemplars/nguyen-van-an.md")
    assert (line, field) == (7, "portrait")
    assert "không tìm thấy" in message


def test_document_outside_content(tree):
    tree.minimal()
    (tree.root.parent / "secret.pdf").write_bytes(b"%PDF-1.4\n")
    tree.write("commendations/245-qd-ubnd-tra-co.md", DECISION + "document: ../../secret.pdf\n")
    line, field, message = only_problem(tree, "commendations/245-qd-ubnd-tra-co.md")
    assert (line, field) == (10, "document")
    assert "ngoài thư mục content" in message


def test_portrait_without_consent(tree):
    tree.minimal()
    write_image(tree.root / "exemplars" / "an.jpg")
    tree.write("exemplars/nguyen-van-an.md", EXEMPLAR + "portrait: an.jpg\n")
    line, field, message = only_problem(tree, "exemplars/nguyen-van-an.md")
    assert (line, field) == (7, "portrait")
    assert "photo_consent: true" in message


def test_collective_photo_needs_no_consent(tree):
    tree.minimal()
    write_image(tree.root / "exemplars" / "to.jpg")
    tree.write(
        "exemplars/to-covid.md",
        EXEMPLAR.replace("Nguyễn Văn An", "Tổ Covid").replace("individual", "collective")
        + "portrait: to.jpg\n",
    )
    assert run_check(tree.root).returncode == 0


# -- reporting ---------------------------------------------------------------------------


def test_all_problems_of_a_run_together_and_exit_code(tree):
    tree.minimal()
    tree.write("exemplars/a.md", EXEMPLAR.replace("kind: individual", "kind: x"))
    tree.write("exemplars/b.md", EXEMPLAR.replace("unit: tra-co", "unit: nowhere"))
    result = run_check(tree.root)
    assert result.returncode == 1
    assert "2 lỗi" in result.stdout
    assert "Traceback" not in result.stderr


def test_build_fails_with_the_same_lines(tree, tmp_path):
    from conftest import build_site

    tree.minimal()
    tree.write("exemplars/a.md", EXEMPLAR.replace("kind: individual", "kind: x"))
    result = build_site(tree.root, tmp_path / "out")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "exemplars/a.md:3: kind:" in output
    assert "Traceback" not in output


def test_impossible_yaml_date_is_a_vietnamese_error_not_a_traceback(tree):
    tree.minimal()
    tree.write("exemplars/nguyen-van-an.md", EXEMPLAR + "publish_date: 2021-02-31\n")
    line, field, message = only_problem(tree, "exemplars/nguyen-van-an.md")
    assert (line, field) == (7, "publish_date")
    assert "không có thật" in message
