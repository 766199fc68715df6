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
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    model_validator,
)
from pydantic_core import PydanticCustomError

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


Text = Annotated[str, BeforeValidator(_text)]
Date = Annotated[date, BeforeValidator(_date)]
RecordId = Annotated[str, BeforeValidator(_record_id)]
DocNumber = Annotated[str, BeforeValidator(_doc_number)]
WikidataId = Annotated[str, BeforeValidator(_wikidata)]
CountryCode = Annotated[str, BeforeValidator(_country)]
Summary = Annotated[str, BeforeValidator(_text), AfterValidator(_summary)]


def _id_list(description: str) -> Any:
    return Field(default_factory=list, description=description)


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

    status: Status = Field(
        "published", description="published (công bố, mặc định) hoặc draft (bản nháp)"
    )
    publish_date: Date | None = Field(
        None, description="Ngày được công bố; trước ngày này không có gì của tệp được đăng"
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

    name: Text = Field(description="Họ tên hoặc tên tập thể, đúng như trong quyết định")
    kind: Kind = Field(
        description="individual (cá nhân), collective (tập thể) hoặc household (hộ gia đình)"
    )
    unit: RecordId = Field(
        description="Mã đơn vị hành chính / cơ quan tại thời điểm lập thành tích"
    )
    summary: Summary = Field(description="Tóm tắt thành tích, tối đa 300 ký tự")
    position: Text | None = Field(None, description="Chức vụ")
    organization: Text | None = Field(None, description="Cơ quan, đơn vị công tác")
    sector: RecordId | None = Field(None, description="Mã lĩnh vực (y-te, cong-an, ...)")
    campaigns: IdList = _id_list("Danh sách mã phong trào thi đua")
    given_name: Text | None = Field(None, description="Phần tên dùng để xếp thứ tự A–Z")
    sort_name: Text | None = Field(
        None,
        description="Tên dùng để xếp A–Z thay cho tên đầy đủ, cho mọi đối tượng "
        "(ví dụ “Tâm” cho “Hộ gia đình ông Nguyễn Văn Tâm”)",
    )
    wikidata: WikidataId | None = Field(
        None, description="Mã mục Wikidata (Q và chữ số, ví dụ Q1858), nếu có"
    )
    portrait: Text | None = Field(None, description="Đường dẫn ảnh chân dung")
    portrait_alt: Text | None = Field(None, description="Mô tả ảnh; mặc định là tên")
    photo_credit: Text | None = Field(None, description="Nguồn ảnh")
    photo_consent: bool | None = Field(
        None, description="true: người trong ảnh đã đồng ý công bố ảnh"
    )
    tags: TextList = Field(default_factory=list, description="Nhãn")
    aliases: IdList = _id_list("Các mã cũ; địa chỉ cũ chuyển hướng về đây")

    @property
    def title(self) -> str:
        return self.name


class Recipient(BaseModel):
    """One recipient of a decision: a reference to an exemplar, or inline."""

    model_config = ConfigDict(extra="allow")

    exemplar: RecordId | None = Field(None, description="Mã gương điển hình")
    name: Text | None = Field(None, description="Tên (người nhận không có trang riêng)")
    kind: Kind | None = Field(None, description="individual, collective hoặc household")
    unit: RecordId | None = Field(None, description="Mã đơn vị")
    position: Text | None = Field(None, description="Chức vụ")
    reason: Text | None = Field(None, description="Thành tích riêng của người nhận này")
    rank: Rank | None = Field(
        None,
        description="Hạng của người nhận này: nhat, nhi hoặc ba (chỉ với hình thức có hạng)",
    )
    posthumous: bool | None = Field(None, description="true: truy tặng (người nhận đã mất)")
    country: CountryCode | None = Field(
        None,
        description="Mã quốc gia ISO 3166 (hai chữ cái, ví dụ CN, LA) của người nhận nước "
        "ngoài (khen thưởng đối ngoại); khi có, không bắt buộc unit",
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

    commendation: RecordId = Field(description="Mã quyết định bị hủy bỏ")
    exemplar: RecordId | None = Field(
        None, description="Chỉ hủy phần của gương điển hình này trong quyết định đó"
    )
    name: Text | None = Field(
        None, description="Chỉ hủy phần của người nhận này (tên như trong quyết định đó)"
    )

    @model_validator(mode="after")
    def _one_target(self) -> Revocation:
        if self.exemplar and self.name:
            raise PydanticCustomError(
                "vi_revocation",
                "mỗi mục hủy bỏ ghi “exemplar” hoặc “name”, không ghi cả hai; để hủy hai người "
                "nhận, hãy viết hai mục",
            )
        return self


class Commendation(Record):
    """Quyết định khen thưởng (or one that revokes or corrects earlier ones)."""

    number: DocNumber = Field(description="Số quyết định, ví dụ 123/QĐ-UBND")
    date: Date = Field(description="Ngày ký")
    issuer: Text = Field(
        description="Người hoặc cơ quan quyết định, như in trên văn bản, ví dụ Chủ tịch UBND "
        "phường Trà Cổ"
    )
    # Required unless the decision only revokes (spec v2): see `missing_fields`.
    award: RecordId | None = Field(
        None, description="Mã danh hiệu thi đua / hình thức khen thưởng (giay-khen, ...)"
    )
    reason: Text = Field(description="Thành tích được khen")
    recipients: Annotated[list[Recipient], BeforeValidator(_list)] = Field(
        default_factory=list, description="Danh sách người nhận"
    )
    campaign: RecordId | None = Field(None, description="Mã phong trào thi đua")
    type: RecordId | None = Field(None, description="Mã loại hình khen thưởng (dot-xuat, ...)")
    signer: Text | None = Field(None, description="Họ tên người ký")
    signer_title: Text | None = Field(
        None,
        description="Chức danh ở khối chữ ký, như in trên văn bản, ví dụ "
        "“KT. CHỦ TỊCH – PHÓ CHỦ TỊCH”",
    )
    issuer_unit: RecordId | None = Field(
        None,
        description="Mã đơn vị của cấp quyết định (tra-co cho Chủ tịch UBND phường Trà Cổ); "
        "đơn vị phải tồn tại vào ngày ký",
    )
    subject_line: Text | None = Field(
        None,
        description="Trích yếu, ví dụ “Về việc tặng Giấy khen cho các tập thể, cá nhân …”",
    )
    rank: Rank | None = Field(
        None, description="Hạng: nhat, nhi hoặc ba (chỉ với hình thức khen thưởng có hạng)"
    )
    revokes: Annotated[list[Revocation], BeforeValidator(_list)] = Field(
        default_factory=list,
        description="Quyết định này hủy bỏ: mỗi mục {commendation: <mã>} (cả quyết định) hoặc "
        "thêm exemplar/name (một người nhận)",
    )
    corrects: IdList = _id_list("Mã các quyết định được đính chính bởi quyết định này")
    document: Text | None = Field(None, description="Đường dẫn bản quét quyết định (PDF, ảnh)")

    @property
    def title(self) -> str:
        return f"Quyết định số {self.number}"

    def missing_fields(self) -> list[str]:
        """`award` and `recipients` are required unless the decision revokes (spec v2)."""
        if self.revokes:
            return []
        return [name for name in ("award", "recipients") if not getattr(self, name)]


class LegalBasis(BaseModel):
    """A legal document a campaign rests on."""

    model_config = ConfigDict(extra="allow")

    number: DocNumber = Field(description="Số văn bản")
    date: Date = Field(description="Ngày ban hành")
    issuer: Text = Field(description="Cơ quan ban hành")
    title: Text = Field(description="Trích yếu")


class Campaign(Record):
    """Phong trào thi đua."""

    title: Text = Field(description="Tên phong trào")
    start: Date = Field(description="Ngày bắt đầu")
    end: Date | None = Field(None, description="Ngày kết thúc")
    summary: Text | None = Field(None, description="Giới thiệu ngắn")
    basis: Annotated[list[LegalBasis], BeforeValidator(_list)] = Field(
        default_factory=list, description="Văn bản làm căn cứ"
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

    title: Text = Field(description="Tiêu đề")
    date: Date = Field(description="Ngày đăng")
    author: Text | None = Field(None, description="Tác giả")
    source: Text | None = Field(None, description="Cơ quan đăng tin")
    campaign: RecordId | None = Field(None, description="Mã phong trào thi đua")
    exemplars: IdList = _id_list("Các gương điển hình bài viết nói về")
    image: Text | None = Field(None, description="Đường dẫn ảnh")
    image_alt: Text | None = Field(None, description="Mô tả ảnh")
    image_caption: Text | None = Field(None, description="Chú thích ảnh")


class Unit(BaseModel):
    """An administrative unit or agency, with the dates it existed."""

    model_config = ConfigDict(extra="allow")

    id: RecordId = Field(description="Mã đơn vị")
    name: Text = Field(description="Tên, ví dụ Phường Trà Cổ")
    type: UnitType = Field(description="Loại đơn vị")
    parent: RecordId | None = Field(None, description="Mã đơn vị cấp trên")
    valid_from: Date | None = Field(None, description="Ngày bắt đầu tồn tại")
    valid_to: Date | None = Field(None, description="Ngày cuối cùng tồn tại")
    successors: IdList = _id_list("Các đơn vị kế thừa")
    note: Text | None = Field(None, description="Ghi chú")
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

    title: Text | None = Field(None, description="Tiêu đề trang")
    description: Text | None = Field(None, description="Mô tả ngắn của trang")
