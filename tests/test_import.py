"""`exemplars import`: a council's spreadsheet becomes one decision and one file per row.

The sheets are built here the way councils send them: title rows above the header, a blank
row, abbreviated and tone-less unit names, text typed in decomposed Unicode, stray spaces,
collectives next to individuals.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import openpyxl
import pytest
import yaml
from conftest import TODAY, run_check, run_cli

UNITS_EXTRA = """\
- id: binh-ngoc
  name: Phường Bình Ngọc
  type: phuong
  parent: mong-cai
  valid_to: 2025-06-30
  successors: [mong-cai-1]
"""

LONG = (
    "Trực chốt kiểm soát dịch tại cửa khẩu Bắc Luân II suốt 120 ngày liên tục, "
    "phối hợp với lực lượng biên phòng kiểm tra người và phương tiện qua lại, vận động "
    "bà con trong khu dân cư khai báo y tế, tiêm vắc xin đầy đủ, hỗ trợ lương thực cho "
    "các hộ khó khăn trong thời gian giãn cách và tham gia vận chuyển người bệnh đến "
    "khu cách ly tập trung an toàn, không để lây nhiễm chéo trong cộng đồng."
)

ROWS = [
    ["ỦY BAN NHÂN DÂN PHƯỜNG TRÀ CỔ", None, None, None, None],
    ["DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG", None, None, None, None],
    ["(Kèm theo Quyết định số 245/QĐ-UBND)", None, None, None, None],
    [None, None, None, None, None],
    ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Thành tích"],
    [1, "  Nguyễn   Văn Mới ", "Tổ trưởng", "P. Trà Cổ", "Vận động tiêm chủng."],
    [2, unicodedata.normalize("NFD", "Trần Thị Hoà"), "Y sĩ", "P.Bình Ngọc", LONG],
    [None, None, None, None, None],
    [3, "Tổ Covid cộng đồng khu 3", None, "xa hai xuan", "Trực chốt 24/24."],
    [4, "Trạm Y tế phường Trà Cổ", None, "phường Trà Cổ", "Tiêm 12.000 mũi vắc xin."],
    [5, "Hộ ông Lê Văn Tâm", None, "Xã Hải Xuân", "Cho mượn nhà làm chốt."],
]

OPTIONS = [
    "--number",
    "245/QĐ-UBND",
    "--date",
    "08/10/2021",
    "--issuer",
    "Chủ tịch UBND phường Trà Cổ",
    "--award",
    "giay-khen",
]


def write_xlsx(path: Path, rows: list[list]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    sheet.merge_cells("A1:E1")
    workbook.save(path)
    return path


def write_csv(path: Path, rows: list[list], bom: bool = True) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as stream:
        writer = csv.writer(stream)
        for row in rows:
            writer.writerow(["" if cell is None else cell for cell in row])
    return path


def run_import(content: Path, sheet: Path, *extra: str) -> subprocess.CompletedProcess:
    return run_cli(
        ["import", str(sheet), *OPTIONS, "--content", str(content), *extra],
        content.parent,
        {"EXEMPLARS_TODAY": TODAY},
    )


def snapshot(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*.md"))
    }


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


@pytest.fixture
def content(tree) -> Path:
    units = tree.root / "_data" / "units.yml"
    units.write_text(units.read_text(encoding="utf-8") + UNITS_EXTRA, encoding="utf-8")
    return tree.root


@pytest.mark.parametrize("make_sheet", [write_xlsx, write_csv], ids=["xlsx", "csv"])
def test_import_writes_one_decision_and_one_exemplar_per_row(content, tmp_path, make_sheet):
    sheet = make_sheet(tmp_path / f"danh-sach.{make_sheet.__name__[6:]}", ROWS)
    result = run_import(content, sheet, "--chi-tiet")  # the per-row table
    assert result.returncode == 0, result.stdout + result.stderr

    decision = front(content / "commendations" / "245-qd-ubnd-tra-co-2021.md")
    assert decision["status"] == "published"
    assert [r["exemplar"] for r in decision["recipients"]] == [
        "nguyen-van-moi",
        "tran-thi-hoa",
        "to-covid-cong-dong-khu-3",
        "tram-y-te-phuong-tra-co",
        "ho-ong-le-van-tam",
    ]
    moi = front(content / "exemplars" / "nguyen-van-moi.md")
    assert moi["name"] == "Nguyễn Văn Mới"  # stray spaces gone
    assert (moi["kind"], moi["unit"], moi["position"]) == ("individual", "tra-co", "Tổ trưởng")
    hoa_text = (content / "exemplars" / "tran-thi-hoa.md").read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", hoa_text)
    hoa = front(content / "exemplars" / "tran-thi-hoa.md")
    assert hoa["unit"] == "binh-ngoc"
    assert len(hoa["summary"]) <= 300 and hoa["summary"].endswith("…")
    assert LONG.startswith(hoa["summary"][:-1])
    assert hoa_text.rstrip().endswith(LONG)  # the full achievement is kept in the body
    assert front(content / "exemplars" / "to-covid-cong-dong-khu-3.md")["kind"] == "collective"
    tram = front(content / "exemplars" / "tram-y-te-phuong-tra-co.md")
    assert (tram["kind"], tram["unit"]) == ("collective", "tra-co")
    assert front(content / "exemplars" / "ho-ong-le-van-tam.md")["kind"] == "household"

    assert "tạo mới" in result.stdout and "nguyen-van-moi.md" in result.stdout
    check = run_check(content)
    assert check.returncode == 0, check.stdout


def test_reimport_changes_nothing(content, tmp_path):
    sheet = write_xlsx(tmp_path / "danh-sach.xlsx", ROWS)
    assert run_import(content, sheet).returncode == 0
    before = snapshot(content)
    again = run_import(content, sheet)
    assert again.returncode == 0, again.stderr
    assert snapshot(content) == before
    assert "Không có gì thay đổi" in again.stdout
    assert "5 dùng lại" in again.stdout


def test_existing_exemplar_is_reused_across_spellings(tree, content, tmp_path):
    tree.write(
        "exemplars/tran-thi-hoa-binh-ngoc.md",
        """\
        name: TRẦN THỊ HÒA
        kind: individual
        unit: binh-ngoc
        summary: Y sĩ trạm y tế.
        """,
    )
    sheet = write_csv(tmp_path / "danh-sach.csv", ROWS, bom=False)
    result = run_import(content, sheet)
    assert result.returncode == 0, result.stderr
    assert not (content / "exemplars" / "tran-thi-hoa.md").exists()
    decision = front(content / "commendations" / "245-qd-ubnd-tra-co-2021.md")
    assert {"exemplar": "tran-thi-hoa-binh-ngoc", "reason": LONG} in decision["recipients"]
    assert "dùng lại" in result.stdout


def test_bad_rows_write_nothing_and_name_each_row(content, tmp_path):
    rows = [*ROWS, [6, "Phạm Văn Sai", None, "Phường Không Có", "x"], [7, "", None, "tra-co", "y"]]
    sheet = write_xlsx(tmp_path / "danh-sach.xlsx", rows)
    before = snapshot(content)
    result = run_import(content, sheet)
    assert result.returncode == 1
    assert snapshot(content) == before
    assert "dòng 12: Phạm Văn Sai" in result.stderr and "Phường Không Có" in result.stderr
    assert "dòng 13" in result.stderr and "thiếu họ tên" in result.stderr
    assert "Traceback" not in result.stderr


def test_unit_that_no_longer_existed_on_the_decision_date(content, tmp_path):
    rows = ROWS[:5] + [[1, "Nguyễn Văn Mới", None, "Phường Móng Cái 1", "x"]]
    sheet = write_csv(tmp_path / "danh-sach.csv", rows)
    result = run_import(content, sheet)
    assert result.returncode == 1
    assert "dòng 6" in result.stderr and "không tồn tại vào ngày 08/10/2021" in result.stderr


def test_dry_run_writes_nothing(content, tmp_path):
    sheet = write_xlsx(tmp_path / "danh-sach.xlsx", ROWS)
    before = snapshot(content)
    result = run_import(content, sheet, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert snapshot(content) == before
    assert "sẽ tạo" in result.stdout and "chưa ghi tệp nào" in result.stdout


def test_draft_option_and_loai_column(content, tmp_path):
    rows = [
        ["Họ tên", "Loại", "Địa chỉ", "Lý do"],
        ["Ban Chỉ huy quân sự", "Tập thể", "P. Trà Cổ", "Huấn luyện tốt."],
        ["Đoàn Văn Hải", "", "Xã Hải Xuân", "Trực chốt."],
        ["Nhóm thiện nguyện", "Cá nhân", "Xã Hải Xuân", "Nấu cơm."],
    ]
    sheet = write_csv(tmp_path / "ds.csv", rows)
    result = run_import(content, sheet, "--draft", "--id", "quyet-dinh-thu")
    assert result.returncode == 0, result.stderr
    assert front(content / "commendations" / "quyet-dinh-thu.md")["status"] == "draft"
    assert front(content / "exemplars" / "ban-chi-huy-quan-su.md")["kind"] == "collective"
    assert front(content / "exemplars" / "doan-van-hai.md")["kind"] == "individual"
    assert front(content / "exemplars" / "nhom-thien-nguyen.md")["kind"] == "individual"
    assert run_check(content).returncode == 0


def test_award_that_excludes_a_collective_is_a_bad_row(content, tmp_path):
    sheet = write_xlsx(tmp_path / "danh-sach.xlsx", ROWS)
    env = {**os.environ, "EXEMPLARS_TODAY": TODAY}
    options = [o if o != "giay-khen" else "lao-dong-tien-tien" for o in OPTIONS]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "exemplars",
            "import",
            str(sheet),
            *options,
            "--content",
            str(content),
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 1
    assert "dòng 9: Tổ Covid cộng đồng khu 3" in result.stderr
    assert not (content / "commendations").exists()


def test_semicolon_csv_and_a_csv_that_is_not_utf8(content, tmp_path):
    sheet = tmp_path / "ds.csv"
    sheet.write_text(
        "STT;Họ tên;Đơn vị;Lý do\n1;Lê Văn Một;P. Trà Cổ;Trực chốt\n", encoding="utf-8"
    )
    result = run_import(content, sheet)
    assert result.returncode == 0, result.stderr
    assert front(content / "exemplars" / "le-van-mot.md")["unit"] == "tra-co"
    legacy = tmp_path / "cu.csv"
    # Saved by an old Excel in a Windows code page: "Lê" as the single byte 0xEA.
    legacy.write_bytes(b"Ho ten,Don vi\nL\xea V\xe3n Hai,tra-co\n")
    result = run_import(content, legacy)
    assert result.returncode == 1
    assert "không phải mã UTF-8" in result.stderr and "Traceback" not in result.stderr


def test_sheet_without_a_header_row(content, tmp_path):
    sheet = write_csv(tmp_path / "ds.csv", [["a", "b"], ["c", "d"]])
    result = run_import(content, sheet)
    assert result.returncode == 1
    assert "không tìm thấy dòng tiêu đề cột" in result.stderr


def test_built_site_from_an_import(content, tmp_path, built, tree):
    tree.write(
        "campaigns/covid.md",
        """\
        title: Phong trào thi đua đặc biệt phòng, chống Covid-19
        start: 2021-09-10
        """,
    )
    sheet = write_xlsx(tmp_path / "danh-sach.xlsx", ROWS)
    result = run_import(content, sheet, "--campaign", "covid", "--type", "dot-xuat")
    assert result.returncode == 0, result.stderr
    site = built(tree)
    page = (site / "commendations" / "245-qd-ubnd-tra-co-2021" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "Nguyễn Văn Mới" in page and "Hộ ông Lê Văn Tâm" in page
