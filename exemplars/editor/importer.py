"""Import a commendation decision from the council's spreadsheet (.xlsx or .csv).

One sheet is one decision: the importer writes the decision file and one exemplar file per
row, reusing an exemplar that already exists with the same name and unit. It is atomic
(any bad row: nothing is written, every bad row is reported with its sheet row number) and
idempotent (the same sheet again changes nothing).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from exemplars import text
from exemplars.content import journal
from exemplars.content.checks import check_sources
from exemplars.content.journal import stage_reached
from exemplars.content.load import (
    FRONT_MATTER_MAX_BYTES,
    Content,
    display_path,
    load_content,
)
from exemplars.content.model import KIND_LABELS, SUMMARY_MAX, Exemplar, Recipient, Unit, meta
from exemplars.editor.scaffold import (
    decision_slug,
    render,
)
from exemplars.progress import Progress, silent
from exemplars.types import COMMENDATIONS, EXEMPLARS

HEADER_SEARCH_ROWS = 30

# Column roles, tried in this order; each is a list of folded header spellings. A header
# matches a role when it equals one spelling or starts with it followed by a space or "/".
# The spellings of a field's column are declared on the field (`columns=` in the model);
# only the row number is not a field.
_ROW_NUMBER = ("stt", "so tt", "tt", "so thu tu")
COLUMNS: list[tuple[str, tuple[str, ...]]] = [
    ("kind", meta(Exemplar, "kind").columns),
    ("number", _ROW_NUMBER),
    ("name", meta(Exemplar, "name").columns),
    ("position", meta(Exemplar, "position").columns),
    ("reason", meta(Recipient, "reason").columns),
    ("unit", meta(Exemplar, "unit").columns),
]

KIND_WORDS = {
    "ca nhan": "individual",
    "cn": "individual",
    "individual": "individual",
    "tap the": "collective",
    "tt": "collective",
    "collective": "collective",
    "ho gia dinh": "household",
    "ho": "household",
    "hgd": "household",
    "gia dinh": "household",
    "household": "household",
}

# Name openings (lowercase, with their marks: "trường" is a school, "Trương" a family name).
COLLECTIVE_OPENINGS = (
    "tổ",
    "trạm",
    "đội",
    "ban",
    "phòng",
    "công ty",
    "trường",
    "chi nhánh",
    "hội",
    "tập thể",
    "hợp tác xã",
    "htx",
    "trung tâm",
    "bệnh viện",
    "công an",
    "đồn",
    "ubnd",
    "ủy ban",
    "uỷ ban",
    "khoa",
    "chi bộ",
    "chi đoàn",
    "đoàn thanh niên",
    "đảng ủy",
    "đảng uỷ",
    "liên đoàn",
    "nhà máy",
    "xí nghiệp",
    "ngân hàng",
    "câu lạc bộ",
    "clb",
    "nhóm",
    "thôn",
    "khu phố",
    "tổ dân phố",
    "bưu điện",
    "cục",
    "sở",
    "chốt",
    "hải đội",
    "tiểu đoàn",
    "đại đội",
    "trung đội",
    "lữ đoàn",
    "bộ chỉ huy",
    "ban chỉ huy",
    "doanh nghiệp",
    "cửa hàng",
    "hội đồng",
    "mặt trận",
    "ủy ban mặt trận",
    "phường",
    "xã",
    "thị trấn",
    "cơ quan",
    "văn phòng",
    "viện",
    "nhà văn hóa",
    "tập đoàn",
    "chi cục",
    "kho bạc",
    "lực lượng",
    # Collectives as decisions name them (issue 14); none is a family name ("Đoàn" is, so
    # only "đoàn thanh niên" above).
    "chi hội",
    "khu",
    "bản",
    "ấp",
    "làng",
    "xóm",
    "đảng bộ",
    "công đoàn",
    "cán bộ",
    "công nhân",
    "lớp",
    "gia đình các",
)
HOUSEHOLD_OPENINGS = (
    "hộ gia đình",
    "hộ ông",
    "hộ bà",
    "gia đình ông",
    "gia đình bà",
    "hộ anh",
    "hộ chị",
    "hộ",
)

_UNIT_TYPE_WORDS: list[tuple[tuple[str, ...], str | None]] = [
    (("thi", "tran"), "thi-tran"),
    (("tt",), "thi-tran"),
    (("thanh", "pho"), "thanh-pho"),
    (("tp",), "thanh-pho"),
    (("thi", "xa"), "thi-xa"),
    (("tx",), "thi-xa"),
    (("dac", "khu"), "dac-khu"),
    (("phuong",), "phuong"),
    (("p",), "phuong"),
    (("xa",), "xa"),
    (("x",), "xa"),
    (("huyen",), "huyen"),
    (("h",), "huyen"),
    (("tinh",), "tinh"),
]


class ImportError_(Exception):
    """The sheet or the options cannot be imported; `messages` says why, nothing written."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


def clean(value: Any) -> str:
    """One cell as text: NFC, trimmed, inner runs of spaces (and no-break spaces) as one."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return text.format_date(value)
    return " ".join(text.nfc(str(value)).split())


# -- reading sheets ----------------------------------------------------------------------
# A sheet is hostile input like any other: its size is what is actually in it, counted as it
# is read, never what it declares (a 1.7 KB .xlsx may declare A1:XFD1048576), and every
# limit ends in one Vietnamese line naming the file and the row.

MAX_ROWS = 20_000  # recipients in one sheet
PREPARE_STAGE = "Soạn tệp hồ sơ mới"  # what progress hears while new files are written out
MAX_COLUMNS = 64  # columns read; a council's list has a dozen at most
MAX_CELL = 5_000  # characters in one cell
MAX_TEXT = 20_000_000  # characters in the whole sheet
MAX_BYTES = 50 * 1024 * 1024  # a .csv file, or the unpacked parts of an .xlsx


# Characters no text field may hold (the cleaning step already turned tab and line breaks
# into spaces): C0 and C1 controls, DEL, and the non-characters XML cannot carry.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


class _Budget:
    """Counts rows and characters as they are read; raises at the first limit passed."""

    def __init__(self, path: Path):
        self.path = path
        self.rows = 0
        self.characters = 0

    def row(self, line: int, values: list[str]) -> None:
        if any(values):
            self.rows += 1
            if self.rows > MAX_ROWS + HEADER_SEARCH_ROWS:
                raise ImportError_(
                    [
                        f"{self.path}, dòng {line}: danh sách có hơn {_thousands(MAX_ROWS)} "
                        f"dòng; mỗi lần nhập tối đa {_thousands(MAX_ROWS)} dòng, hãy tách "
                        f"thành nhiều tệp"
                    ]
                )
        for column, value in enumerate(values):
            control = _CONTROL.search(value)
            if control:
                raise ImportError_(
                    [
                        f"{self.path}, dòng {line}, cột {column + 1}: ô có ký tự điều khiển "
                        f"không in được (U+{ord(control.group()):04X}); hãy xóa ký tự đó trong "
                        f"bảng tính rồi lưu lại"
                    ]
                )
            if len(value) > MAX_CELL:
                raise ImportError_(
                    [
                        f"{self.path}, dòng {line}, cột {column + 1}: ô dài "
                        f"{_thousands(len(value))} ký tự, quá giới hạn "
                        f"{_thousands(MAX_CELL)} ký tự; hãy rút gọn nội dung ô này"
                    ]
                )
            self.characters += len(value)
        if self.characters > MAX_TEXT:
            raise ImportError_(
                [
                    f"{self.path}, dòng {line}: tệp chứa quá nhiều chữ (hơn "
                    f"{_thousands(MAX_TEXT)} ký tự); hãy tách thành nhiều tệp"
                ]
            )


def clean_row(values: Any, line: int, budget: _Budget) -> list[str]:
    """One row as cleaned text cells, at most MAX_COLUMNS of them, counted by `budget`."""
    cells: list[str] = []
    if not any(values):
        return cells  # the common empty row, quickly (a sheet may hold a million)
    for value in values:
        if len(cells) == MAX_COLUMNS:
            break
        cells.append(clean(value))
    while cells and not cells[-1]:
        cells.pop()
    budget.row(line, cells)
    return cells


SheetRow = tuple[int, list[str]]  # (row number in the sheet, cleaned text cells)


def read_rows(path: Path) -> list[SheetRow]:
    """Every non-empty row of the first sheet, with its row number."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ImportError_([f"{path}: không tìm thấy tệp"])
    try:
        if suffix in (".xlsx", ".xlsm"):
            return _read_xlsx(path)
        if suffix in (".csv", ".txt"):
            return _read_csv(path)
    except MemoryError:
        raise ImportError_(
            [f"{path}: tệp quá lớn để đọc; hãy tách danh sách thành nhiều tệp nhỏ hơn"]
        ) from None
    raise ImportError_(
        [
            f"{path}: chỉ đọc được tệp .xlsx hoặc .csv; nếu là tệp .xls cũ, hãy mở bằng Excel "
            f"rồi lưu lại dạng .xlsx"
        ]
    )


def _unpacked_size(path: Path) -> int:
    """What the .xlsx's parts would take unpacked, as its zip directory declares (zipfile
    never unpacks more than declared)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ImportError_(
            [
                f"{path}: không phải tệp Excel .xlsx hợp lệ (tệp hỏng hoặc đổi đuôi); hãy mở "
                f"bằng Excel rồi lưu lại dạng .xlsx"
            ]
        ) from None


def _read_xlsx(path: Path) -> list[SheetRow]:
    """Rows as the sheet holds them, streamed (read-only mode), within the limits.

    Formulas are never evaluated: a formula cell gives the value Excel saved with it
    (`data_only`), and a text cell such as `=HYPERLINK(…)` is text like any other."""
    import openpyxl

    if _unpacked_size(path) > MAX_BYTES:
        raise ImportError_(
            [
                f"{path}: tệp Excel khi giải nén lớn hơn {MAX_BYTES // 1024 // 1024} MB; hãy "
                f"tách danh sách thành nhiều tệp"
            ]
        )
    budget = _Budget(path)
    rows: list[SheetRow] = []
    line = 0
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except MemoryError:
        raise
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise ImportError_(
            [
                f"{path}: không mở được tệp Excel ({type(error).__name__}); hãy mở bằng Excel "
                f"rồi lưu lại dạng .xlsx"
            ]
        ) from None
    try:
        if not workbook.worksheets:
            raise ImportError_([f"{path}: tệp Excel không có trang tính nào"])
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # the declared size is not trusted: read what is there
        for line, values in enumerate(
            sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1
        ):
            row = clean_row(values, line, budget)
            if row:
                rows.append((line, row))
        return rows
    except (ImportError_, MemoryError):
        raise
    except Exception as error:
        raise ImportError_(
            [
                f"{path}, dòng {line + 1}: không đọc được trang tính "
                f"({type(error).__name__}); hãy mở bằng Excel rồi lưu lại dạng .xlsx"
            ]
        ) from None
    finally:
        workbook.close()


def _decode_csv(path: Path, raw: bytes) -> str:
    """UTF-8 (with or without BOM), or UTF-16 with its BOM (Excel's "Unicode Text")."""
    encoding = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        decoded = raw.decode(encoding)
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ImportError_(
            [
                f"{path}, dòng {line}: tệp CSV không phải mã UTF-8; trong Excel hãy chọn Lưu "
                f"thành “CSV UTF-8 (Comma delimited)”"
            ]
        ) from None
    if "\x00" in decoded:
        line = decoded[: decoded.index("\x00")].count("\n") + 1
        raise ImportError_(
            [
                f"{path}, dòng {line}: tệp có ký tự rỗng (NUL), không phải tệp CSV văn bản; "
                f"hãy lưu lại từ Excel dạng “CSV UTF-8”"
            ]
        )
    return decoded


def _read_csv(path: Path) -> list[SheetRow]:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ImportError_(
            [
                f"{path}: tệp CSV lớn {size // 1024 // 1024} MB, quá giới hạn "
                f"{MAX_BYTES // 1024 // 1024} MB; hãy tách danh sách thành nhiều tệp"
            ]
        )
    decoded = _decode_csv(path, path.read_bytes())
    sample = decoded[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    budget = _Budget(path)
    rows: list[SheetRow] = []
    reader = csv.reader(io.StringIO(decoded, newline=""), dialect)
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return rows
        except csv.Error:
            # The csv module's only error here: a field over its limit (131,072 characters),
            # which an unclosed quote also produces by swallowing the rest of the file.
            raise ImportError_(
                [
                    f"{path}, dòng {reader.line_num}: một ô dài hơn "
                    f"{_thousands(csv.field_size_limit())} ký tự (hoặc thiếu dấu ngoặc kép "
                    f"đóng ô); mỗi ô tối đa {_thousands(MAX_CELL)} ký tự"
                ]
            ) from None
        row = clean_row(values, reader.line_num, budget)
        if row:
            rows.append((reader.line_num, row))


def _role_of(header: str) -> str | None:
    folded = text.fold(header).replace("(", " ").replace(")", " ").strip(" .:")
    folded = " ".join(folded.split())
    if not folded:
        return None
    for role, spellings in COLUMNS:
        for spelling in spellings:
            if folded == spelling or folded.startswith((spelling + " ", spelling + "/")):
                return role
    return None


def find_header(rows: list[SheetRow], sheet: Path) -> tuple[int, dict[str, int]]:
    """(index in `rows` of the header row, role → column) below any title rows."""
    for index, (line, row) in enumerate(rows):
        if line > HEADER_SEARCH_ROWS:
            break
        roles: dict[str, int] = {}
        for column, cell in enumerate(row):
            role = _role_of(cell)
            if role and role not in roles:
                roles[role] = column
        if "name" in roles and "unit" in roles:
            return index, roles
    raise ImportError_(
        [
            f"{sheet}: không tìm thấy dòng tiêu đề cột: cần ít nhất cột “Họ và tên” (hoặc "
            "“Họ tên”, “Tên tập thể”) và cột “Đơn vị” (hoặc “Đơn vị công tác”, “Địa chỉ”) trong "
            f"{HEADER_SEARCH_ROWS} dòng đầu"
        ]
    )


# -- units and kinds -------------------------------------------------------------------


def _words(value: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.fold(value))


def _strip_type(words: list[str]) -> tuple[list[str], str | None]:
    for prefix, unit_type in _UNIT_TYPE_WORDS:
        if tuple(words[: len(prefix)]) == prefix and len(words) > len(prefix):
            return words[len(prefix) :], unit_type
    return words, None


class UnitMatcher:
    """Finds a registry unit from how people write it: "P. Trà Cổ", "xa hai xuan", "tra-co"."""

    def __init__(self, units: list[Unit]):
        self.units = units
        self.by_id = {unit.id: unit for unit in units}
        self.by_bare: dict[tuple[str, ...], list[Unit]] = {}
        self.by_full: dict[tuple[str, ...], list[Unit]] = {}
        for unit in units:
            words = _words(unit.name)
            bare, _ = _strip_type(words)
            self.by_full.setdefault(tuple(words), []).append(unit)
            self.by_bare.setdefault(tuple(bare), []).append(unit)

    def candidates(self, written: str) -> tuple[list[Unit], bool]:
        """Units `written` may mean, and whether the whole cell named the unit."""
        if written in self.by_id:
            return [self.by_id[written]], True
        words = _words(written)
        if not words:
            return [], True
        found = self.by_full.get(tuple(words))
        if found:
            return list(found), True
        bare, unit_type = _strip_type(words)
        found = [
            unit
            for unit in self.by_bare.get(tuple(bare), [])
            if unit_type is None or unit.type == unit_type
        ]
        if found:
            return found, True
        # An address or an agency that names its ward: "Khu 5, phường Hải Hòa",
        # "Trạm Y tế phường Trà Cổ". Only a ward, commune or town named with its type word.
        joined = " " + " ".join(words) + " "
        inside = []
        for unit in self.units:
            if unit.type not in ("phuong", "xa", "thi-tran", "dac-khu"):
                continue
            full = " " + " ".join(_words(unit.name)) + " "
            if full in joined:
                inside.append(unit)
        return inside, False

    def find(self, written: str, on: date | None = None) -> tuple[Unit | None, bool, str]:
        """(unit, whether the cell was only the unit's name, why not found)."""
        candidates, whole = self.candidates(written)
        if on is not None:
            current = [unit for unit in candidates if unit.existed_on(on)]
            if not current and candidates:
                names = ", ".join(f"{u.name} ({u.id})" for u in candidates)
                return (
                    None,
                    whole,
                    (
                        f"đơn vị “{written}” không tồn tại vào ngày {text.format_date(on)} "
                        f"(tìm thấy: {names}); hãy ghi đơn vị như vào ngày đó"
                    ),
                )
            candidates = current
        if len(candidates) == 1:
            return candidates[0], whole, ""
        if not candidates:
            return (
                None,
                whole,
                (
                    f"không nhận ra đơn vị “{written}” trong content/_data/units.yml; hãy ghi "
                    f"theo tên hoặc mã đơn vị (ví dụ “Phường Trà Cổ” hoặc “tra-co”), hoặc thêm đơn "
                    f"vị vào sổ đơn vị"
                ),
            )
        names = ", ".join(f"{u.name} ({u.id})" for u in candidates)
        return None, whole, f"đơn vị “{written}” có thể là nhiều đơn vị: {names}; hãy ghi mã"


def guess_kind(name: str) -> str:
    """Individual, collective or household from how a name starts ("Tổ…", "Hộ ông…")."""
    lowered = text.normalize_tones(name).lower()
    lowered = re.sub(r"^[\W_]+", "", lowered)
    for opening in HOUSEHOLD_OPENINGS:
        if lowered == opening or lowered.startswith(opening + " "):
            return "household"
    for opening in COLLECTIVE_OPENINGS:
        if lowered == opening or lowered.startswith((opening + " ", opening + ",")):
            return "collective"
    return "individual"


def kind_from_cell(value: str) -> str | None:
    return KIND_WORDS.get(" ".join(_words(value)))


def match_key(name: str, unit_id: str) -> tuple[str, str]:
    """Two spellings of one name in one unit are one exemplar ("Hoà" = "Hòa" = "HOA")."""
    return text.fold(text.normalize_tones(name)), unit_id


def shorten(value: str, limit: int = SUMMARY_MAX) -> str:
    """At most `limit` characters, cut at a word boundary and marked with "…"."""
    if len(value) <= limit:
        return value
    cut = value[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:.-–") + "…"


# -- planning ----------------------------------------------------------------------------


@dataclass
class Options:
    sheet: Path
    number: str
    date: str
    issuer: str
    award: str
    campaign: str | None = None
    type: str | None = None
    id: str | None = None
    reason: str | None = None
    signer: str | None = None
    draft: bool = False
    content: Path = Path("content")


@dataclass
class Row:
    line: int
    name: str
    kind: str
    unit: Unit
    position: str
    organization: str
    reason: str


@dataclass
class Outcome:
    line: int
    name: str
    unit: str
    exemplar_id: str
    path: Path
    created: bool


@dataclass
class Plan:
    decision_path: Path
    decision_source: str
    decision_state: str  # "new", "same", "changed"
    outcomes: list[Outcome] = field(default_factory=list)
    files: dict[Path, str] = field(default_factory=dict)

    @property
    def changes_nothing(self) -> bool:
        return not self.files


def _rows(
    sheet: Path,
    rows: list[SheetRow],
    header: int,
    roles: dict[str, int],
    matcher: UnitMatcher,
    on: date,
) -> tuple[list[Row], list[str]]:
    def cell(row: list[str], role: str) -> str:
        column = roles.get(role)
        return row[column] if column is not None and column < len(row) else ""

    found: list[Row] = []
    bad: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    for line, row in rows[header + 1 :]:
        if not any(row):
            continue
        name, written_unit = cell(row, "name"), cell(row, "unit")
        if not name and not written_unit and not cell(row, "reason"):
            continue  # a subtotal or a signature line: no recipient on it
        problems = []
        if not name:
            problems.append("thiếu họ tên / tên tập thể")
        written_kind = cell(row, "kind")
        kind = kind_from_cell(written_kind) if written_kind else guess_kind(name)
        if kind is None:
            problems.append(
                f"loại “{written_kind}” không rõ; ghi “Cá nhân”, “Tập thể” hoặc “Hộ gia đình”"
            )
        unit, whole, why = (
            (None, True, "thiếu đơn vị") if not written_unit else matcher.find(written_unit, on)
        )
        if unit is None:
            problems.append(why)
        if not problems and unit is not None:
            key = match_key(name, unit.id)
            if key in seen:
                problems.append(f"“{name}” ({unit.name}) trùng với dòng {seen[key]}")
            seen.setdefault(key, line)
        if problems:
            bad.extend(f"{sheet}, dòng {line}: {name or '(trống)'}: {p}" for p in problems)
            continue
        assert unit is not None and kind is not None
        found.append(
            Row(
                line=line,
                name=name,
                kind=kind,
                unit=unit,
                position=cell(row, "position"),
                organization="" if whole else written_unit,
                reason=cell(row, "reason"),
            )
        )
    return found, bad


def _existing_exemplars(content) -> dict[tuple[str, str], Exemplar]:
    found: dict[tuple[str, str], Exemplar] = {}
    for record in content.exemplars:
        found.setdefault(match_key(record.name, record.unit), record)
    return found


def _taken_ids(folder: Path) -> set[str]:
    return {text.slugify(p.stem) for p in folder.glob("*.md")} if folder.is_dir() else set()


def _new_id(row: Row, taken: set[str]) -> str:
    base = text.slugify(row.name) or "guong-dien-hinh"
    for candidate in (base, f"{base}-{row.unit.id}"):
        if candidate not in taken:
            return candidate
    number = 2
    while f"{base}-{row.unit.id}-{number}" in taken:
        number += 1
    return f"{base}-{row.unit.id}-{number}"


def _within_row_limit(sheet: Path, rows: list[SheetRow], header: int) -> None:
    """At most MAX_ROWS recipients below the header."""
    if len(rows) - header - 1 > MAX_ROWS:
        line = rows[header + 1 + MAX_ROWS][0]
        raise ImportError_(
            [
                f"{sheet}, dòng {line}: danh sách có hơn {_thousands(MAX_ROWS)} người "
                f"nhận; mỗi lần nhập tối đa {_thousands(MAX_ROWS)} dòng, hãy tách thành nhiều tệp"
            ]
        )


def _fits_one_file(sheet: Path, recipients: int, decision_source: str) -> None:
    """The decision's front matter within the 64 KB every file is held to (check 17)."""
    front_bytes = len(decision_source.partition("\n---\n")[0].encode("utf-8"))
    if front_bytes > FRONT_MATTER_MAX_BYTES:
        fits = recipients * FRONT_MATTER_MAX_BYTES // front_bytes
        raise ImportError_(
            [
                f"{sheet}: {recipients} người nhận làm tệp quyết định dài "
                f"{front_bytes // 1024} KB, quá giới hạn {FRONT_MATTER_MAX_BYTES // 1024} KB "
                f"của phần đầu tệp (khoảng {_thousands(fits)} người nhận); hãy tách danh sách "
                f"(ví dụ theo phụ lục hoặc đơn vị) và nhập từng phần với --id riêng"
            ]
        )


def plan_import(options: Options, today: date, progress: Progress = silent) -> Plan:  # noqa: C901, PLR0915  (the import plan in reading order; its steps are named below)
    """Everything the import would write, checked as `exemplars check` checks it.

    `progress` hears each stage as it goes: records read (per file), sheet rows read, rows
    checked, files prepared, the whole content checked again (per rule).
    """
    errors: list[str] = []
    root = options.content
    if not (root / "_data" / "units.yml").is_file():
        raise ImportError_([f"{root}: không thấy thư mục nội dung (cần {root}/_data/units.yml)"])
    try:
        decided = text.parse_date(options.date)
    except ValueError as error:
        raise ImportError_([f"--date: {error}"]) from None

    content = load_content(root, progress=progress)
    vocabularies = content.vocabularies
    award = vocabularies.awards.get(options.award)
    if award is None:
        known = ", ".join(sorted(vocabularies.awards))
        errors.append(f"--award: không có hình thức khen thưởng “{options.award}”; dùng: {known}")
    if options.type and options.type not in vocabularies.types:
        known = ", ".join(sorted(vocabularies.types))
        errors.append(f"--type: không có loại hình “{options.type}”; dùng: {known}")
    campaigns = {record.id: record for record in content.campaigns}
    if options.campaign and options.campaign not in campaigns:
        known = ", ".join(sorted(campaigns)) or "(chưa có phong trào nào)"
        errors.append(f"--campaign: không có phong trào “{options.campaign}”; có: {known}")
    if errors:
        raise ImportError_(errors)

    progress("Đọc dòng", 0, None)
    rows = read_rows(options.sheet)
    stage_reached("read")
    header, roles = find_header(rows, options.sheet)
    matcher = UnitMatcher(content.units)
    _within_row_limit(options.sheet, rows, header)
    sheet_rows = len(rows) - header - 1
    progress("Đọc dòng", sheet_rows, sheet_rows)
    progress("Kiểm tra dòng", 0, sheet_rows)
    found, bad = _rows(options.sheet, rows, header, roles, matcher, decided)
    progress("Kiểm tra dòng", sheet_rows, sheet_rows)
    if not found and not bad:
        raise ImportError_([f"{options.sheet}: không có dòng người nhận nào dưới dòng tiêu đề"])
    status = "draft" if options.draft else "published"
    existing = _existing_exemplars(content)
    for row in found:
        if award is not None and not award.allows(row.kind):
            allowed = ", ".join(KIND_LABELS[k].lower() for k in award.subject or [])
            bad.append(
                f"{options.sheet}, dòng {row.line}: {row.name}: “{award.label}” chỉ trao "
                f"cho {allowed}, không trao cho {KIND_LABELS[row.kind].lower()}"
            )
        reused = existing.get(match_key(row.name, row.unit.id))
        if reused is not None and status == "published" and not reused.is_published(today):
            bad.append(
                f"{options.sheet}, dòng {row.line}: {row.name}: gương điển hình "
                f"{reused.origin.path} chưa công bố (bản nháp hoặc chưa đến ngày); hãy công bố "
                f"nó trước, hoặc nhập "
                f"với --draft"
            )
    if bad:
        raise ImportError_(bad)

    folder = root / EXEMPLARS.folder
    taken = _taken_ids(folder)
    plan_files: dict[Path, str] = {}
    outcomes: list[Outcome] = []
    recipients: list[dict[str, str]] = []
    reasons = {row.reason for row in found}
    reason = options.reason or (
        reasons.pop()
        if len(reasons) == 1 and "" not in reasons
        else (
            "Có thành tích tiêu biểu; thành tích của từng tập thể, cá nhân ghi trong danh sách "
            "kèm theo."
        )
    )
    project_root = root.resolve().parent
    to_render: list[tuple[Path, dict[str, Any]]] = []  # rendered once the decision fits
    for row in found:
        reused = existing.get(match_key(row.name, row.unit.id))
        if reused is not None:
            exemplar_id, path, created = reused.id, Path(reused.origin.file or ""), False
        else:
            exemplar_id = _new_id(row, taken)
            taken.add(exemplar_id)
            path, created = folder / f"{exemplar_id}.md", True
            summary = (
                shorten(row.reason)
                if row.reason
                else (
                    f"Được khen thưởng theo Quyết định số {options.number} ngày "
                    f"{text.format_date(decided)} của {options.issuer}."
                )
            )
            fields: dict[str, Any] = {
                "name": row.name,
                "kind": row.kind,
                "unit": row.unit.id,
                "summary": summary,
                "position": row.position or None,
                "organization": row.organization or None,
                "campaigns": [options.campaign] if options.campaign else [],
                "tags": [],
                "aliases": [],
                "status": status,
                "body": row.reason if summary != row.reason else "",
            }
            to_render.append((path, fields))
        outcomes.append(Outcome(row.line, row.name, row.unit.id, exemplar_id, path, created))
        recipient = {"exemplar": exemplar_id}
        if row.reason and row.reason != reason:
            recipient["reason"] = row.reason
        recipients.append(recipient)

    decision_id = options.id or decision_slug(options.number, options.issuer, decided)
    decision_path = root / COMMENDATIONS.src_uri(decision_id)
    decision_source = render(
        "commendation",
        {
            "number": options.number,
            "date": decided,
            "issuer": options.issuer,
            "award": options.award,
            "reason": reason,
            "recipients": recipients,
            "campaign": options.campaign,
            "type": options.type,
            "signer": options.signer,
            "status": status,
        },
        project_root,
    )
    _fits_one_file(options.sheet, len(recipients), decision_source)
    progress(PREPARE_STAGE, 0, len(to_render))
    for done, (path, fields) in enumerate(to_render, 1):
        plan_files[path] = render("exemplar", fields, project_root)
        progress(PREPARE_STAGE, done, len(to_render))
    if decision_path.exists():
        current = decision_path.read_text(encoding="utf-8")
        state = "same" if current == decision_source else "changed"
    else:
        state = "new"
    if state == "changed":
        raise ImportError_(
            [
                f"{display_path(decision_path)} đã có và khác với danh sách này; nếu đây là một "
                f"quyết định khác, hãy đặt mã riêng bằng --id, nếu là bản sửa, hãy xóa tệp cũ rồi "
                f"nhập lại"
            ]
        )
    if state == "new":
        plan_files[decision_path] = decision_source
    plan = Plan(decision_path, decision_source, state, outcomes, plan_files)
    _self_check(plan, content, today, progress)
    return plan


def _self_check(plan: Plan, content: Content, today: date, progress: Progress) -> None:
    """Run the real checks on the content as it would be after the import (one validator)."""
    problems = check_sources(content, plan.files, today, progress)
    if problems:
        raise ImportError_([str(problem) for problem in problems])


def run(
    options: Options,
    today: date,
    dry_run: bool = False,
    progress: Progress = silent,
) -> tuple[Plan, str | None]:
    """Read, check and write one sheet as one transaction (`exemplars.content.journal`).

    The content folder's lock is held from the first read to the last write, so a second run
    waits (or refuses) instead of planning against the same files; a run killed earlier is
    finished or undone first. Returns the plan and what that recovery did, if anything.
    `progress` hears each stage: rows read, checked, files prepared, files written.
    """
    root = options.content
    if not (root / "_data" / "units.yml").is_file():
        raise ImportError_([f"{root}: không thấy thư mục nội dung (cần {root}/_data/units.yml)"])
    try:
        if dry_run:
            # A dry run writes nothing, not even a killed run's files: it only says so.
            with journal.ContentLock(root):
                if journal.pending(root) is not None:
                    raise ImportError_(
                        [
                            f"{root}: một lần nhập trước bị dừng giữa chừng; hãy chạy "
                            f"“exemplars import --recover --content {root}” trước"
                        ]
                    )
                return plan_import(options, today, progress), None
        with journal.writing(root) as recovered:
            plan = plan_import(options, today, progress)
            stage_reached("check")
            if plan.files:
                journal.commit(root, plan.files, progress)
    except journal.JournalError as error:
        raise ImportError_(error.messages) from None
    return plan, recovered


def recover(root: Path) -> str:
    """Finish or undo a killed import of `root` (`exemplars import --recover`)."""
    if not root.is_dir():
        raise ImportError_([f"{root}: không tìm thấy thư mục nội dung"])
    try:
        with journal.writing(root) as recovered:
            return recovered or "Không có lần nhập nào dang dở; nội dung không đổi."
    except journal.JournalError as error:
        raise ImportError_(error.messages) from None


def summary(plan: Plan, dry_run: bool) -> str:
    """The import in a line or two: rows, created, reused, the decision, what was written."""
    created_word = "sẽ tạo" if dry_run else "tạo mới"
    created = sum(o.created for o in plan.outcomes)
    reused = len(plan.outcomes) - created
    state = {"new": created_word, "same": "đã có, không đổi"}[plan.decision_state]
    line = (
        f"{text.format_count(len(plan.outcomes))} dòng: {text.format_count(created)} "
        f"{created_word}, {text.format_count(reused)} dùng lại; quyết định "
        f"{display_path(plan.decision_path)} ({state})."
    )
    if plan.changes_nothing:
        return line + "\nKhông có gì thay đổi: danh sách này đã được nhập trước đây."
    if dry_run:
        return line + (
            f"\nChạy thử (--dry-run): chưa ghi tệp nào; sẽ ghi "
            f"{text.format_count(len(plan.files))} tệp."
        )
    return line + f"\nĐã ghi {text.format_count(len(plan.files))} tệp."


def summary_table(plan: Plan, dry_run: bool) -> str:
    """What was (or would be) created and reused, one line per sheet row."""
    created_word = "sẽ tạo" if dry_run else "tạo mới"
    rows = [("Dòng", "Tên", "Đơn vị", "Kết quả", "Tệp")]
    for outcome in plan.outcomes:
        rows.append(
            (
                str(outcome.line),
                outcome.name,
                outcome.unit,
                created_word if outcome.created else "dùng lại",
                display_path(outcome.path),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4]
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths) + "  " + "-" * 4)
    decision = display_path(plan.decision_path)
    state = {"new": created_word, "same": "đã có, không đổi"}[plan.decision_state]
    created = sum(o.created for o in plan.outcomes)
    reused = len(plan.outcomes) - created
    lines.append("")
    lines.append(f"Quyết định: {decision} ({state})")
    lines.append(f"Gương điển hình: {created} {created_word}, {reused} dùng lại.")
    if plan.changes_nothing:
        lines.append("Không có gì thay đổi: danh sách này đã được nhập trước đây.")
    elif dry_run:
        lines.append(f"Chạy thử (--dry-run): chưa ghi tệp nào; sẽ ghi {len(plan.files)} tệp.")
    else:
        lines.append(f"Đã ghi {len(plan.files)} tệp.")
    return "\n".join(lines)
