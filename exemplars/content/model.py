"""The record model: one typed description of every content file.

The same classes validate front matter (the checks), feed the pages and open data, and
give the JSON Schema editors use. Pydantic v2 was chosen over dataclasses because it gives
all three from one declaration: typed parsing with error locations that map straight onto
YAML line numbers, and `model_json_schema()` with the Vietnamese field descriptions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, cast

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    model_validator,
)
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError, PydanticUndefined

from exemplars import text

Kind = Literal["individual", "collective", "household"]
Status = Literal["published", "draft"]
UnitType = Literal[
    "tinh", "thanh-pho", "huyen", "thi-xa", "phuong", "xa", "thi-tran", "dac-khu", "co-quan"
]

KIND_LABELS: dict[str, str] = {
    "individual": "Cá nhân",
    "collective": "Tập thể",
    "household": "Hộ gia đình",
}
UNIT_TYPE_LABELS: dict[str, str] = {
    "tinh": "Tỉnh",
    "thanh-pho": "Thành phố",
    "huyen": "Huyện",
    "thi-xa": "Thị xã",
    "phuong": "Phường",
    "xa": "Xã",
    "thi-tran": "Thị trấn",
    "dac-khu": "Đặc khu",
    "co-quan": "Cơ quan, đơn vị",
}

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# <n>/<type>-<issuer> or <n>/<year>/<type>-<issuer>; also <n>/<year>/<issuer> (06/2022/QH15).
DOC_NUMBER_PATTERN = re.compile(
    r"^\d{1,6}/(?:(?:19|20)\d{2}/)?[A-ZĐa-zđ][A-ZĐa-zđ0-9]*(?:-[A-ZĐa-zđ0-9]+)*$"
)
SUMMARY_MAX = 300
DATE_PATTERN = r"^(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})$"
DATE_HINT = "Ngày: 2021-09-10 hoặc 10/9/2021 (ngày/tháng/năm)"


# -- field metadata ----------------------------------------------------------------------
# What the editors' tools need to know about a field beyond its type, declared on the field
# itself (pydantic `json_schema_extra`, under one key) and read back with `meta()`: the JSON
# Schema, the web editor's forms, `exemplars new`, the import and the open data all use it.
META_KEY = "x-bangvang"
Widget = Literal["text", "image", "file"]
Vocabulary = Literal["awards", "types", "sectors", "units"]


@dataclass(frozen=True)
class FieldMeta:
    """One field as the editors' tools see it."""

    name: str
    label: str  # a short form label: "Chức vụ"
    help: str  # the longer hint (the pydantic description)
    required: bool
    widget: Widget | None = None  # a long text, an image or a file; else from the type
    vocabulary: Vocabulary | None = None  # the value is an id of this vocabulary (or units)
    reference: str | None = None  # the value is the id of a record in content/<reference>/
    max_length: int | None = None  # characters, for text
    open_data: bool = True  # published in /data/ (records' own fields; False: kept out)
    columns: tuple[str, ...] = ()  # folded spreadsheet headers `exemplars import` accepts


def info(
    help: str,
    *,
    label: str,
    default: Any = PydanticUndefined,
    default_factory: Any = None,
    widget: Widget | None = None,
    vocabulary: Vocabulary | None = None,
    reference: str | None = None,
    max_length: int | None = None,
    open_data: bool = True,
    columns: tuple[str, ...] = (),
    min_length: int | None = None,
) -> Any:
    """A pydantic Field carrying its metadata; `help` is the field's description."""
    extra = {
        "label": label,
        "widget": widget,
        "vocabulary": vocabulary,
        "reference": reference,
        "max_length": max_length,
        "open_data": open_data,
        "columns": list(columns),
    }
    extra = {key: value for key, value in extra.items() if value not in (None, [])}
    kwargs: dict[str, Any] = {"description": help, "json_schema_extra": {META_KEY: extra}}
    if default_factory is not None:
        kwargs["default_factory"] = default_factory
    else:
        kwargs["default"] = default
    if min_length is not None:
        kwargs["min_length"] = min_length
    return Field(**kwargs)


def meta(model: type[BaseModel], name: str) -> FieldMeta:
    """The metadata of one field of `model` (a field without any gets its name as label)."""
    field_info: FieldInfo = model.model_fields[name]
    extra = field_info.json_schema_extra
    found = dict(cast(dict, extra.get(META_KEY, {}))) if isinstance(extra, dict) else {}
    found["columns"] = tuple(found.get("columns", ()))
    found.setdefault("label", name)
    return FieldMeta(
        name=name,
        help=field_info.description or "",
        required=field_info.is_required(),
        **found,
    )


def fields_meta(model: type[BaseModel]) -> list[FieldMeta]:
    """Every field of `model`, in declaration order (inherited fields first)."""
    return [meta(model, name) for name in model.model_fields]


def _text(value: Any) -> str:
    if value is None:
        raise PydanticCustomError("vi_empty", "không được để trống")
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise PydanticCustomError("vi_text", "phải là một đoạn văn bản")
    value = text.nfc(str(value)).strip()
    if not value:
        raise PydanticCustomError("vi_empty", "không được để trống")
    return value


def _date(value: Any) -> date:
    if value is None or value == "":
        raise PydanticCustomError("vi_empty", "không được để trống")
    try:
        return text.parse_date(value)
    except (TypeError, ValueError) as error:
        raise PydanticCustomError("vi_date", str(error)) from None


def _record_id(value: Any) -> str:
    value = _text(value)
    if not ID_PATTERN.match(value):
        raise PydanticCustomError(
            "vi_id",
            "mã “{value}” không hợp lệ: chỉ dùng chữ thường không dấu, chữ số và dấu gạch nối "
            "(ví dụ “{suggestion}”)",
            {"value": value, "suggestion": text.slugify(value) or "nguyen-van-an"},
        )
    return value


def _doc_number(value: Any) -> str:
    value = _text(value)
    compact = re.sub(r"\s*([/-])\s*", r"\1", value)
    if not DOC_NUMBER_PATTERN.match(compact):
        raise PydanticCustomError(
            "vi_doc_number",
            "số văn bản “{value}” không đúng dạng <số>/<loại>-<cơ quan> hoặc "
            "<số>/<năm>/<loại>-<cơ quan> (ví dụ 1497/QĐ-TTg, 98/2023/NĐ-CP)",
            {"value": value},
        )
    return compact


def _summary(value: str) -> str:
    if len(value) > SUMMARY_MAX:
        raise PydanticCustomError(
            "vi_summary_long",
            "dài {length} ký tự, quá giới hạn {limit}; hãy rút gọn còn một đoạn ngắn",
            {"length": len(value), "limit": SUMMARY_MAX},
        )
    return value


def _list(value: Any) -> list:
    if value is None:
        return []
    if isinstance(value, str | int | float | bool | dict):
        raise PydanticCustomError(
            "vi_list", "phải là một danh sách: mỗi mục một dòng, bắt đầu bằng “- ”"
        )
    return value


class _Schema:
    """JSON Schema keywords for what a type's validator checks in code (pattern, not blank)."""

    def __init__(self, replace: bool = False, **keywords: Any):
        self.replace = replace
        self.keywords = keywords

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict[str, Any]:
        schema = {} if self.replace else dict(handler(core_schema))
        schema.update(self.keywords)
        return schema


Text = Annotated[str, BeforeValidator(_text), _Schema(pattern=r"\S")]
# Dates are written as text in YAML: 2021-09-10 or 10/9/2021.
Date = Annotated[
    date, BeforeValidator(_date), _Schema(replace=True, type="string", pattern=DATE_PATTERN)
]
RecordId = Annotated[str, BeforeValidator(_record_id), _Schema(pattern=ID_PATTERN.pattern)]
DocNumber = Annotated[
    str, BeforeValidator(_doc_number), _Schema(pattern=DOC_NUMBER_PATTERN.pattern)
]
Summary = Annotated[str, BeforeValidator(_text), AfterValidator(_summary), _Schema(pattern=r"\S")]


def _id_list(description: str, label: str, reference: str | None = None) -> Any:
    return info(description, label=label, default_factory=list, reference=reference)


IdList = Annotated[list[RecordId], BeforeValidator(_list)]
TextList = Annotated[list[Text], BeforeValidator(_list)]


@dataclass
class Source:
    """Where a record came from, so every problem can name its file, line and field."""

    path: str
    id: str
    file: Path | None = None
    body: str = ""
    body_line: int = 1
    text: str = ""  # the whole file, NFC: checks that scan every line (personal data) read it
    lines: dict[tuple, int] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)

    def line_of(self, loc: tuple = ()) -> int:
        """The line of the deepest located part of `loc`; the first line as a fallback."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)


class Record(BaseModel):
    """Fields every content file may carry, and its source."""

    model_config = ConfigDict(extra="allow", validate_default=False)

    status: Status = info(
        "published (công bố, mặc định) hoặc draft (bản nháp)",
        label="Trạng thái",
        default="published",
        open_data=False,
    )
    publish_date: Date | None = info(
        "Ngày được công bố; trước ngày này không có gì của tệp được đăng",
        label="Ngày công bố",
        default=None,
        open_data=False,
    )
    _origin: Source = PrivateAttr(default_factory=lambda: Source(path="", id=""))

    @property
    def origin(self) -> Source:
        return self._origin

    @property
    def id(self) -> str:
        return self._origin.id

    @property
    def body(self) -> str:
        return self._origin.body

    def is_published(self, today: date) -> bool:
        """Drafts and embargoed files are not published (spec: Publication)."""
        if self.status != "published":
            return False
        return self.publish_date is None or self.publish_date <= today


class Exemplar(Record):
    """Gương điển hình: one honored individual, collective or household."""

    name: Text = info(
        "Họ tên hoặc tên tập thể, đúng như trong quyết định",
        label="Tên",
        columns=(
            "ho va ten",
            "ho ten",
            "ten tap the",
            "ten tap the, ca nhan",
            "ten ca nhan, tap the",
            "ten tap the, ca nhan, ho gia dinh",
            "ten",
        ),
    )
    kind: Kind = info(
        "individual (cá nhân), collective (tập thể) hoặc household (hộ gia đình)",
        label="Loại",
        columns=("loai", "loai khen thuong doi tuong", "doi tuong", "phan loai"),
    )
    unit: RecordId = info(
        "Mã đơn vị hành chính / cơ quan tại thời điểm lập thành tích",
        label="Đơn vị (tại thời điểm khen)",
        vocabulary="units",
        columns=(
            "don vi",
            "don vi cong tac",
            "dia chi",
            "noi cong tac",
            "co quan",
            "co quan, don vi",
            "dia phuong",
            "noi o",
        ),
    )
    summary: Summary = info(
        f"Tóm tắt thành tích, tối đa {SUMMARY_MAX} ký tự",
        label="Tóm tắt thành tích",
        widget="text",
        max_length=SUMMARY_MAX,
    )
    position: Text | None = info(
        "Chức vụ",
        label="Chức vụ",
        default=None,
        columns=("chuc vu", "chuc danh", "chuc vu, chuc danh"),
    )
    organization: Text | None = info(
        "Cơ quan, đơn vị công tác", label="Cơ quan, đơn vị công tác", default=None
    )
    sector: RecordId | None = info(
        "Mã lĩnh vực (y-te, cong-an, ...)", label="Lĩnh vực", default=None, vocabulary="sectors"
    )
    campaigns: IdList = _id_list(
        "Danh sách mã phong trào thi đua", "Phong trào thi đua", reference="campaigns"
    )
    given_name: Text | None = info(
        "Phần tên dùng để xếp thứ tự A–Z",
        label="Tên dùng để xếp A–Z",
        default=None,
        open_data=False,
    )
    portrait: Text | None = info(
        "Đường dẫn ảnh chân dung",
        label="Ảnh chân dung",
        default=None,
        widget="image",
        open_data=False,
    )
    portrait_alt: Text | None = info(
        "Mô tả ảnh; mặc định là tên", label="Mô tả ảnh", default=None, open_data=False
    )
    photo_credit: Text | None = info("Nguồn ảnh", label="Nguồn ảnh", default=None, open_data=False)
    photo_consent: bool | None = info(
        "true: người trong ảnh đã đồng ý công bố ảnh",
        label="Người trong ảnh đã đồng ý công bố ảnh",
        default=None,
        open_data=False,
    )
    tags: TextList = info("Nhãn", label="Nhãn", default_factory=list, open_data=False)
    aliases: IdList = info(
        "Các mã cũ; địa chỉ cũ chuyển hướng về đây",
        label="Mã cũ",
        default_factory=list,
        open_data=False,
    )

    @property
    def title(self) -> str:
        return self.name


class Recipient(BaseModel):
    """One recipient of a decision: a reference to an exemplar, or inline."""

    model_config = ConfigDict(extra="allow")

    exemplar: RecordId | None = info(
        "Mã gương điển hình",
        label="Gương điển hình (đã có trang riêng)",
        default=None,
        reference="exemplars",
    )
    name: Text | None = info("Tên (người nhận không có trang riêng)", label="Tên", default=None)
    kind: Kind | None = info("individual, collective hoặc household", label="Loại", default=None)
    unit: RecordId | None = info(
        "Mã đơn vị", label="Đơn vị (tại thời điểm khen)", default=None, vocabulary="units"
    )
    position: Text | None = info("Chức vụ", label="Chức vụ", default=None)
    reason: Text | None = info(
        "Thành tích riêng của người nhận này",
        label="Thành tích",
        default=None,
        widget="text",
        columns=(
            "thanh tich",
            "ly do",
            "thanh tich khen thuong",
            "ly do khen thuong",
            "noi dung thanh tich",
            "tom tat thanh tich",
        ),
    )

    @model_validator(mode="after")
    def _one_form(self) -> Recipient:
        if self.exemplar:
            return self
        missing = [f for f in ("name", "kind", "unit") if not getattr(self, f)]
        if missing:
            raise PydanticCustomError(
                "vi_recipient",
                "mỗi người nhận cần “exemplar: <mã>” hoặc đủ name, kind, unit (còn thiếu: "
                "{missing})",
                {"missing": ", ".join(missing)},
            )
        return self


class Commendation(Record):
    """Quyết định khen thưởng."""

    number: DocNumber = info("Số quyết định, ví dụ 123/QĐ-UBND", label="Số quyết định")
    date: Date = info("Ngày ký", label="Ngày")
    issuer: Text = info("Cấp quyết định, ví dụ Chủ tịch UBND phường Trà Cổ", label="Cấp quyết định")
    award: RecordId = info(
        "Mã hình thức khen thưởng / danh hiệu (giay-khen, ...)",
        label="Hình thức khen thưởng / danh hiệu",
        vocabulary="awards",
    )
    reason: Text = info("Thành tích được khen", label="Thành tích", widget="text")
    recipients: Annotated[list[Recipient], BeforeValidator(_list)] = info(
        "Danh sách người nhận", label="Người được khen", min_length=1
    )
    campaign: RecordId | None = info(
        "Mã phong trào thi đua", label="Phong trào thi đua", default=None, reference="campaigns"
    )
    type: RecordId | None = info(
        "Mã loại hình khen thưởng (dot-xuat, ...)",
        label="Loại hình khen thưởng",
        default=None,
        vocabulary="types",
        open_data=False,
    )
    signer: Text | None = info("Người ký", label="Người ký", default=None, open_data=False)
    document: Text | None = info(
        "Đường dẫn bản quét quyết định (PDF, ảnh)",
        label="Bản quét quyết định",
        default=None,
        widget="file",
        open_data=False,
    )

    @property
    def title(self) -> str:
        return f"Quyết định số {self.number}"


class LegalBasis(BaseModel):
    """A legal document a campaign rests on."""

    model_config = ConfigDict(extra="allow")

    number: DocNumber = info("Số văn bản", label="Số quyết định")
    date: Date = info("Ngày ban hành", label="Ngày")
    issuer: Text = info("Cơ quan ban hành", label="Cấp quyết định")
    title: Text = info("Trích yếu", label="Tiêu đề")


class Campaign(Record):
    """Phong trào thi đua."""

    title: Text = info("Tên phong trào", label="Tiêu đề")
    start: Date = info("Ngày bắt đầu", label="Ngày bắt đầu")
    end: Date | None = info("Ngày kết thúc", label="Ngày kết thúc", default=None)
    summary: Text | None = info(
        "Giới thiệu ngắn", label="Giới thiệu ngắn", default=None, widget="text"
    )
    basis: Annotated[list[LegalBasis], BeforeValidator(_list)] = info(
        "Văn bản làm căn cứ", label="Văn bản làm căn cứ", default_factory=list
    )

    @model_validator(mode="after")
    def _end_after_start(self) -> Campaign:
        if self.end and self.end < self.start:
            raise PydanticCustomError(
                "vi_end_before_start",
                "ngày kết thúc {end} sớm hơn ngày bắt đầu {start}",
                {"end": text.format_date(self.end), "start": text.format_date(self.start)},
            )
        return self


class Story(Record):
    """Tin, bài."""

    title: Text = info("Tiêu đề", label="Tiêu đề")
    date: Date = info("Ngày đăng", label="Ngày")
    author: Text | None = info("Tác giả", label="Tác giả", default=None)
    source: Text | None = info("Cơ quan đăng tin", label="Cơ quan đăng tin", default=None)
    campaign: RecordId | None = info(
        "Mã phong trào thi đua", label="Phong trào thi đua", default=None, reference="campaigns"
    )
    exemplars: IdList = _id_list(
        "Các gương điển hình bài viết nói về",
        "Gương điển hình được nhắc đến",
        reference="exemplars",
    )
    image: Text | None = info("Đường dẫn ảnh", label="Ảnh", default=None, widget="image")
    image_alt: Text | None = info("Mô tả ảnh", label="Mô tả ảnh", default=None)
    image_caption: Text | None = info("Chú thích ảnh", label="Chú thích ảnh", default=None)


class Unit(BaseModel):
    """An administrative unit or agency, with the dates it existed."""

    model_config = ConfigDict(extra="allow")

    id: RecordId = info("Mã đơn vị", label="Mã")
    name: Text = info("Tên, ví dụ Phường Trà Cổ", label="Tên")
    type: UnitType = info("Loại đơn vị", label="Loại")
    parent: RecordId | None = info("Mã đơn vị cấp trên", label="Cấp trên", default=None)
    valid_from: Date | None = info("Ngày bắt đầu tồn tại", label="Từ ngày", default=None)
    valid_to: Date | None = info("Ngày cuối cùng tồn tại", label="Đến ngày", default=None)
    successors: IdList = _id_list("Các đơn vị kế thừa", "Đơn vị kế thừa")
    note: Text | None = info("Ghi chú", label="Ghi chú", default=None)
    _origin: Source = PrivateAttr(default_factory=lambda: Source(path="", id=""))

    @property
    def origin(self) -> Source:
        return self._origin

    def existed_on(self, day: date) -> bool:
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_to and day > self.valid_to)

    @model_validator(mode="after")
    def _dates_in_order(self) -> Unit:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise PydanticCustomError(
                "vi_end_before_start",
                "valid_to {end} sớm hơn valid_from {start}",
                {
                    "end": text.format_date(self.valid_to),
                    "start": text.format_date(self.valid_from),
                },
            )
        return self


class VocabEntry(BaseModel):
    """One entry of a controlled vocabulary."""

    model_config = ConfigDict(extra="allow")

    id: RecordId
    label: Text
    group: Text | None = None
    subject: Annotated[list[Kind], BeforeValidator(_list)] | None = None

    def allows(self, kind: str) -> bool:
        return self.subject is None or kind in self.subject


VOCABULARY_NAMES = ("awards", "types", "sectors")
VOCABULARY_LABELS = {
    "awards": "hình thức khen thưởng / danh hiệu thi đua",
    "types": "loại hình khen thưởng",
    "sectors": "lĩnh vực",
}


@dataclass
class Vocabularies:
    awards: dict[str, VocabEntry] = field(default_factory=dict)
    types: dict[str, VocabEntry] = field(default_factory=dict)
    sectors: dict[str, VocabEntry] = field(default_factory=dict)

    def get(self, name: str) -> dict[str, VocabEntry]:
        return getattr(self, name)

    def label(self, name: str, entry_id: str | None) -> str:
        if not entry_id:
            return ""
        entry = self.get(name).get(entry_id)
        return entry.label if entry else entry_id
