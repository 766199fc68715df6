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
from functools import lru_cache
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
# State documents: <n>/<type>-<issuer> or <n>/<year>/<type>-<issuer>; also <n>/<year>/<issuer>
# (06/2022/QH15). Party and Youth Union documents put the type before the slash:
# <n>-<type>/<issuer>[-<office>] (123-QĐ/TU, 45-QĐ/TĐTN-VP).
_DOC_PART = r"[A-ZĐa-zđ][A-ZĐa-zđ0-9]*(?:-[A-ZĐa-zđ0-9]+)*"
DOC_NUMBER_PATTERN = re.compile(
    rf"^(?:\d{{1,6}}/(?:(?:19|20)\d{{2}}/)?{_DOC_PART}"
    rf"|\d{{1,6}}-[A-ZĐa-zđ][A-ZĐa-zđ0-9]*/{_DOC_PART})$"
)
# What an editor may type: the same, after an optional "Số"/"Số:", with Ð for Đ and spaces
# around "/" and "-" (the model normalises all three away).
DOC_NUMBER_INPUT_PATTERN = r"^\s*(?:[Ss][ốo]\s*[:.]?\s*)?" + (
    DOC_NUMBER_PATTERN.pattern[1:]
    .replace("Đ", "ĐÐ")
    .replace("đ", "đð")
    .replace("/", r"\s*/\s*")
    .replace("(?:-", r"(?:\s*-\s*")
    .replace("}-", r"}\s*-\s*")
)
WIKIDATA_PATTERN = re.compile(r"^Q[1-9]\d{0,11}$")
Rank = Literal["nhat", "nhi", "ba"]
RANK_LABELS: dict[str, str] = {"nhat": "hạng Nhất", "nhi": "hạng Nhì", "ba": "hạng Ba"}
SUMMARY_MAX = 300
DATE_PATTERN = r"^(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})$"
DATE_HINT = "Ngày: 2021-09-10 hoặc 10/9/2021 (ngày/tháng/năm)"


# -- field metadata ----------------------------------------------------------------------
# What the editors' tools need to know about a field beyond its type, declared on the field
# itself (pydantic `json_schema_extra`, under one key) and read back with `meta()`: the JSON
# Schema, the web editor's forms, `exemplars new`, the import and the open data all use it.
META_KEY = "x-bangvang"
Widget = Literal["text", "image", "file"]
Vocabulary = Literal["awards", "types", "sectors", "units", "countries"]


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
    open_data: bool = True  # an exemplar's field in /data/exemplars.* (False: kept out)
    columns: tuple[str, ...] = ()  # folded spreadsheet headers `exemplars import` accepts


def info(  # noqa: PLR0913  (keyword-only: one per kind of field metadata)
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
    compact = text.normalize_doc_number(value)
    if not DOC_NUMBER_PATTERN.match(compact):
        raise PydanticCustomError(
            "vi_doc_number",
            "số văn bản “{value}” không đúng dạng <số>/<loại>-<cơ quan> hoặc "
            "<số>/<năm>/<loại>-<cơ quan> (ví dụ 1497/QĐ-TTg, 98/2023/NĐ-CP); văn bản của Đảng, "
            "Đoàn viết <số>-<loại>/<cơ quan> (ví dụ 123-QĐ/TU, 45-QĐ/TĐTN-VP)",
            {"value": value},
        )
    return compact


def _wikidata(value: Any) -> str:
    value = _text(value).upper() if isinstance(value, str) else _text(value)
    if not WIKIDATA_PATTERN.match(value):
        raise PydanticCustomError(
            "vi_wikidata",
            "mã Wikidata “{value}” không hợp lệ: viết chữ Q và các chữ số, ví dụ Q1858 "
            "(xem ở đầu trang của mục trên wikidata.org)",
            {"value": value},
        )
    return value


def _country(value: Any) -> str:
    value = _text(value).upper()
    if value not in country_names():
        raise PydanticCustomError(
            "vi_country",
            "mã quốc gia “{value}” không có trong ISO 3166: viết hai chữ cái in hoa, ví dụ CN "
            "(Trung Quốc), LA (Lào), KH (Campuchia)",
            {"value": value},
        )
    return value


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO 3166 alpha-2 code → the country's Vietnamese name (CLDR data shipped by Babel)."""
    from babel import Locale

    return {
        code: name
        for code, name in Locale("vi").territories.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    }


# CLDR territory codes that are not ISO 3166-1 countries (EU, UN, pseudo-regions).
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "XK", "ZZ"})


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
# What an editor may type ("Số 245/QĐ-UBND", Ð for Đ): the validator normalises it.
DocNumber = Annotated[str, BeforeValidator(_doc_number), _Schema(pattern=DOC_NUMBER_INPUT_PATTERN)]
WikidataId = Annotated[str, BeforeValidator(_wikidata), _Schema(pattern=WIKIDATA_PATTERN.pattern)]
# The allowed codes are listed by the JSON Schema (`country_names`), not here: Babel is
# imported only when a schema is written.
CountryCode = Annotated[str, BeforeValidator(_country)]
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

    # Read from pydantic's private store directly: `self._origin` goes through
    # BaseModel.__getattr__, and a build reads record ids hundreds of thousands of times.
    @property
    def origin(self) -> Source:
        return self.__pydantic_private__["_origin"]  # type: ignore[index]

    @property
    def id(self) -> str:
        return self.__pydantic_private__["_origin"].id  # type: ignore[index]

    @property
    def body(self) -> str:
        return self.__pydantic_private__["_origin"].body  # type: ignore[index]

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
        label="Đối tượng",
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
    sort_name: Text | None = info(
        "Tên dùng để xếp A–Z thay cho tên đầy đủ, cho mọi đối tượng "
        "(ví dụ “Tâm” cho “Hộ gia đình ông Nguyễn Văn Tâm”)",
        label="Tên dùng để xếp A–Z (mọi đối tượng)",
        default=None,
        open_data=False,
    )
    wikidata: WikidataId | None = info(
        "Mã mục Wikidata (Q và chữ số, ví dụ Q1858), nếu có",
        label="Mã Wikidata",
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
    kind: Kind | None = info(
        "individual, collective hoặc household", label="Đối tượng", default=None
    )
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
    rank: Rank | None = info(
        "Hạng của người nhận này: nhat, nhi hoặc ba (chỉ với hình thức có hạng)",
        label="Hạng",
        default=None,
    )
    posthumous: bool | None = info(
        "true: truy tặng (người nhận đã mất)", label="Truy tặng", default=None
    )
    country: CountryCode | None = info(
        "Mã quốc gia ISO 3166 (hai chữ cái, ví dụ CN, LA) của người nhận nước "
        "ngoài (khen thưởng đối ngoại); khi có, không bắt buộc unit",
        label="Quốc gia (người nước ngoài)",
        default=None,
        vocabulary="countries",
    )

    @model_validator(mode="after")
    def _one_form(self) -> Recipient:
        if self.exemplar:
            return self
        needed = ("name", "kind") if self.country else ("name", "kind", "unit")
        missing = [f for f in needed if not getattr(self, f)]
        if missing:
            raise PydanticCustomError(
                "vi_recipient",
                "mỗi người nhận cần “exemplar: <mã>” hoặc đủ name, kind, unit (người nước ngoài: "
                "name, kind, country) (còn thiếu: {missing})",
                {"missing": ", ".join(missing)},
            )
        return self


class Revocation(BaseModel):
    """What a decision revokes: a whole earlier decision, or one of its recipients."""

    model_config = ConfigDict(extra="allow")

    commendation: RecordId = info(
        "Mã quyết định bị hủy bỏ", label="Quyết định bị hủy bỏ", reference="commendations"
    )
    exemplar: RecordId | None = info(
        "Chỉ hủy phần của gương điển hình này trong quyết định đó",
        label="Gương điển hình (chỉ hủy phần này)",
        default=None,
        reference="exemplars",
    )
    name: Text | None = info(
        "Chỉ hủy phần của người nhận này (tên như trong quyết định đó)",
        label="Tên người nhận (chỉ hủy phần này)",
        default=None,
    )

    @model_validator(mode="after")
    def _one_target(self) -> Revocation:
        if self.exemplar and self.name:
            raise PydanticCustomError(
                "vi_revocation",
                "mỗi mục hủy bỏ ghi “exemplar” hoặc “name”, không ghi cả hai; để hủy hai người "
                "nhận, hãy viết hai mục",
                {"field": "name"},
            )
        return self


class Commendation(Record):
    """Quyết định khen thưởng (or one that revokes or corrects earlier ones)."""

    number: DocNumber = info("Số quyết định, ví dụ 123/QĐ-UBND", label="Số quyết định")
    date: Date = info("Ngày ký", label="Ngày")
    issuer: Text = info(
        "Người hoặc cơ quan quyết định, như in trên văn bản, ví dụ Chủ tịch UBND phường Trà Cổ",
        label="Người quyết định",
    )
    # Required unless the decision only revokes (spec v2): see `missing_fields`.
    award: RecordId | None = info(
        "Mã danh hiệu thi đua / hình thức khen thưởng (giay-khen, ...)",
        label="Danh hiệu thi đua / hình thức khen thưởng",
        default=None,
        vocabulary="awards",
    )
    reason: Text = info("Thành tích được khen", label="Thành tích", widget="text")
    # Required, except in a decision that only revokes or corrects (`_no_recipients`).
    recipients: Annotated[list[Recipient], BeforeValidator(_list)] = info(
        "Danh sách người nhận", label="Người được khen"
    )
    campaign: RecordId | None = info(
        "Mã phong trào thi đua", label="Phong trào thi đua", default=None, reference="campaigns"
    )
    type: RecordId | None = info(
        "Mã loại hình khen thưởng (dot-xuat, ...)",
        label="Loại hình khen thưởng",
        default=None,
        vocabulary="types",
    )
    signer: Text | None = info("Họ tên người ký", label="Người ký", default=None)
    signer_title: Text | None = info(
        "Chức danh ở khối chữ ký, như in trên văn bản, ví dụ “KT. CHỦ TỊCH – PHÓ CHỦ TỊCH”",
        label="Chức danh người ký",
        default=None,
    )
    issuer_unit: RecordId | None = info(
        "Mã đơn vị của cấp quyết định (tra-co cho Chủ tịch UBND phường Trà Cổ); "
        "đơn vị phải tồn tại vào ngày ký",
        label="Đơn vị của cấp quyết định",
        default=None,
        vocabulary="units",
    )
    subject_line: Text | None = info(
        "Trích yếu, ví dụ “Về việc tặng Giấy khen cho các tập thể, cá nhân …”",
        label="Trích yếu",
        default=None,
    )
    rank: Rank | None = info(
        "Hạng: nhat, nhi hoặc ba (chỉ với hình thức khen thưởng có hạng)",
        label="Hạng",
        default=None,
    )
    revokes: Annotated[list[Revocation], BeforeValidator(_list)] = info(
        "Quyết định này hủy bỏ: mỗi mục {commendation: <mã>} (cả quyết định) hoặc "
        "thêm exemplar/name (một người nhận)",
        label="Hủy bỏ",
        default_factory=list,
    )
    corrects: IdList = _id_list(
        "Mã các quyết định được đính chính bởi quyết định này",
        "Đính chính các quyết định",
        reference="commendations",
    )
    document: Text | None = info(
        "Đường dẫn bản quét quyết định (PDF, ảnh)",
        label="Bản quét quyết định",
        default=None,
        widget="file",
    )

    @property
    def title(self) -> str:
        return f"Quyết định số {self.number}"

    @model_validator(mode="before")
    @classmethod
    def _no_recipients(cls, data: Any) -> Any:
        """A decision that only revokes or corrects names nobody (spec v2)."""
        if isinstance(data, dict) and (data.get("revokes") or data.get("corrects")):
            data.setdefault("recipients", [])
        return data

    def missing_fields(self) -> list[str]:
        """`award` and `recipients` are required unless the decision revokes or corrects.

        Spec v2 waives them for `revokes`; a đính chính decision likewise names what it
        corrects in `reason` and gives no award of its own.
        """
        if self.revokes or self.corrects:
            return []
        return [name for name in ("award", "recipients") if not getattr(self, name)]


class LegalBasis(BaseModel):
    """A legal document a campaign rests on."""

    model_config = ConfigDict(extra="allow")

    number: DocNumber = info("Số văn bản", label="Số văn bản")
    date: Date = info("Ngày ban hành", label="Ngày ban hành")
    issuer: Text = info("Cơ quan ban hành", label="Cơ quan ban hành")
    title: Text = info("Trích yếu (về việc …)", label="Trích yếu")


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
                {
                    "end": text.format_date(self.end),
                    "start": text.format_date(self.start),
                    "field": "end",
                },
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
                    "field": "valid_to",
                },
            )
        return self


# Levels of authority that may give an award (vocabulary `issuers`), and how a registry
# unit maps onto them (see `issuer_level`).
IssuerLevel = Literal["chu-tich-nuoc", "thu-tuong", "bo-nganh", "tinh", "huyen", "xa", "co-quan"]
ISSUER_LEVEL_LABELS: dict[str, str] = {
    "chu-tich-nuoc": "Chủ tịch nước",
    "thu-tuong": "Thủ tướng Chính phủ",
    "bo-nganh": "Bộ trưởng, Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ",
    "tinh": "Chủ tịch UBND cấp tỉnh",
    "huyen": "Chủ tịch UBND cấp huyện",
    "xa": "Chủ tịch UBND cấp xã",
    "co-quan": "Thủ trưởng cơ quan, đơn vị",
}


class VocabEntry(BaseModel):
    """One entry of a controlled vocabulary."""

    model_config = ConfigDict(extra="allow")

    id: RecordId
    label: Text
    group: Text | None = None
    subject: Annotated[list[Kind], BeforeValidator(_list)] | None = None
    ranked: bool = False
    valid_from: Date | None = None
    valid_to: Date | None = None
    issuers: Annotated[list[IssuerLevel], BeforeValidator(_list)] | None = None
    of_issuer: Text | None = None
    source: Text | None = None
    note: Text | None = None

    def allows(self, kind: str) -> bool:
        return self.subject is None or kind in self.subject

    def in_force_on(self, day: date) -> bool:
        """Whether the legal regime this entry belongs to covered `day`."""
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_to and day > self.valid_to)

    def label_with_rank(self, rank: str | None) -> str:
        """ "Huân chương Lao động hạng Ba": the label as the paper writes it."""
        return f"{self.label} {RANK_LABELS[rank]}" if rank and self.ranked else self.label

    def paper_label(self, rank: str | None, issuer: str | None) -> str:
        """The award as the decision names it: "Bằng khen của Chủ tịch UBND tỉnh Quảng Ninh"."""
        if self.of_issuer and issuer:
            return f"{self.of_issuer} của {issuer}"
        return self.label_with_rank(rank)


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


class Page(Record):
    """An ordinary page written by editors (content/index.md, content/gioi-thieu.md, …).

    Front matter is optional; when present it may carry a title and description (shown as
    text, escaped) and the publication fields every file has. Other MkDocs keys pass through.
    """

    title: Text | None = info("Tiêu đề trang", label="Tiêu đề", default=None)
    description: Text | None = info("Mô tả ngắn của trang", label="Mô tả", default=None)
