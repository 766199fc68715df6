"""Open data under /data/: the published records as JSON and CSV, with a Data Package.

Pure functions: Catalog in, file contents out. Only published records appear (the Catalog
holds nothing else). Files are deterministic for the same content, so two builds of the
same content publish the same bytes, and each file's SHA-256 goes into the Data Package.
"""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import date
from typing import Any

from pydantic import BaseModel

from exemplars.content.model import Commendation, Exemplar, fields_meta, meta
from exemplars.site import jsontext
from exemplars.site.catalog import Catalog
from exemplars.site.links import RecordAddresses, absolute_url

FOLDER = "data"

Column = tuple[str, str, str]  # name, Frictionless type, Vietnamese description


def _type_of(model: type[BaseModel], name: str) -> str:
    """The Frictionless type of a model field's values in the open data."""
    annotation = str(model.model_fields[name].annotation)
    if "list[" in annotation:
        return "array"
    if "datetime.date" in annotation:
        return "date"
    if "bool" in annotation:
        return "boolean"
    return "string"


def _column(model: type[BaseModel], name: str, csv: bool = True) -> Column:
    """A field's own column: its description is the field's help text (field metadata)."""
    kind = _type_of(model, name)
    if csv and kind == "array":
        return (name, "string", f"{meta(model, name).help}, ngăn cách bằng dấu ;")
    return (name, kind, meta(model, name).help)


def _extra_fields(model: type[BaseModel], covered: set[str]) -> list[str]:
    """Open-data fields of `model` that no column above writes: new fields appear by default."""
    return [f.name for f in fields_meta(model) if f.open_data and f.name not in covered]


def _plain(value: Any, csv: bool) -> Any:
    """A field value as JSON (lists, ISO dates) or as one CSV cell."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ";".join(str(v) for v in value) if csv else list(value)
    if value is None:
        return "" if csv else None
    if isinstance(value, bool) and csv:
        return "true" if value else "false"
    return value


_EXEMPLAR_BASE: list[Column] = [
    ("id", "string", "Mã cố định của gương điển hình (tên tệp)"),
    _column(Exemplar, "name"),
    _column(Exemplar, "kind"),
    ("unit_id", "string", "Mã đơn vị tại thời điểm lập thành tích"),
    ("unit_name", "string", "Tên đơn vị tại thời điểm đó"),
    ("unit_name_now", "string", "Tên đơn vị hiện nay (đơn vị kế thừa nếu đã sáp nhập)"),
    _column(Exemplar, "position"),
    _column(Exemplar, "organization"),
    _column(Exemplar, "sector"),
    ("campaigns", "string", "Mã các phong trào thi đua, ngăn cách bằng dấu ;"),
    _column(Exemplar, "summary"),
    ("url", "string", "Địa chỉ cố định của trang"),
    ("commendations", "string", "Mã các quyết định khen thưởng, ngăn cách bằng dấu ;"),
    ("first_published", "date", "Ngày hồ sơ được đăng lần đầu (lịch sử tệp)"),
    ("last_changed", "date", "Ngày hồ sơ được sửa lần cuối (lịch sử tệp)"),
]
EXEMPLAR_EXTRA = _extra_fields(Exemplar, {c[0] for c in _EXEMPLAR_BASE} | {"unit"})
EXEMPLAR_COLUMNS = _EXEMPLAR_BASE + [_column(Exemplar, name) for name in EXEMPLAR_EXTRA]

# One row per recipient; the decision's other fields stay on its page.
_COMMENDATION_BASE: list[Column] = [
    ("commendation_id", "string", "Mã cố định của quyết định"),
    _column(Commendation, "number"),
    ("date", "date", "Ngày ký (YYYY-MM-DD)"),
    _column(Commendation, "issuer"),
    ("issuer_unit", "string", "Mã đơn vị của người quyết định"),
    ("subject_line", "string", "Trích yếu"),
    ("award", "string", "Mã danh hiệu thi đua / hình thức khen thưởng"),
    ("award_label", "string", "Danh hiệu thi đua / hình thức khen thưởng, như ghi trên văn bản"),
    ("rank", "string", "Hạng: nhat, nhi, ba (nếu có)"),
    ("campaign", "string", "Mã phong trào thi đua"),
    ("recipient_name", "string", "Tên người, tập thể hoặc hộ được khen"),
    ("recipient_kind", "string", "Đối tượng: individual, collective hoặc household"),
    ("posthumous", "boolean", "true: truy tặng"),
    ("country", "string", "Mã quốc gia ISO 3166 của người nhận nước ngoài"),
    ("exemplar_id", "string", "Mã gương điển hình, nếu người nhận có trang riêng"),
    ("unit_id", "string", "Mã đơn vị tại thời điểm khen thưởng"),
    ("unit_name", "string", "Tên đơn vị tại thời điểm khen thưởng"),
    ("unit_name_now", "string", "Tên đơn vị hiện nay"),
    ("position", "string", "Chức vụ"),
    ("reason", "string", "Thành tích (của riêng người nhận, nếu có; nếu không, của quyết định)"),
    ("signer_title", "string", "Chức danh người ký"),
    ("signer", "string", "Họ tên người ký"),
    ("status", "string", "valid (còn hiệu lực) hoặc revoked (đã bị hủy bỏ)"),
    ("revoked_by", "string", "Mã quyết định hủy bỏ khen thưởng này (nếu có)"),
    ("revoked_by_number", "string", "Số quyết định hủy bỏ"),
    ("revoked_by_date", "date", "Ngày ký quyết định hủy bỏ (YYYY-MM-DD)"),
    ("corrected_by", "string", "Mã các quyết định đính chính quyết định này, ngăn cách bằng dấu ;"),
    ("url", "string", "Địa chỉ cố định của trang quyết định"),
    ("first_published", "date", "Ngày tệp quyết định được đăng lần đầu (lịch sử tệp)"),
    ("last_changed", "date", "Ngày tệp quyết định được sửa lần cuối (lịch sử tệp)"),
]
COMMENDATION_COLUMNS = _COMMENDATION_BASE


def _json(value: Any) -> str:
    """Readable UTF-8 JSON; `<`, `>`, `&` as \\u escapes, harmless even if served as HTML."""
    return jsontext.script_safe(jsontext.dumps(value, indent=2)) + "\n"


# A spreadsheet reads a cell starting with one of these as a formula (or, for tab and carriage
# return, strips them and then reads the formula): such cells get a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_NOTE = (
    "Ô nào bắt đầu bằng =, +, -, @, dấu tab hoặc ký tự xuống dòng CR được ghi thêm dấu ' ở "
    "đầu, để bảng tính (Excel, LibreOffice) không chạy nó như công thức; bỏ dấu ' đó khi đọc "
    "giá trị gốc."
)


def inert_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text: `'` before a formula's first character."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv(columns: list[tuple[str, str, str]], rows: list[dict[str, Any]]) -> str:
    """UTF-8 with a byte-order mark so Excel shows Vietnamese; the csv module quotes, and no
    cell is a formula (`inert_cell`)."""
    names = [name for name, _, _ in columns]
    known = set(names)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    # csv.DictWriter's rows, written as lists: its Python generator per row and a copy of
    # every row were most of the cost of these files.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        if not row.keys() <= known:
            raise ValueError(f"not columns of this file: {sorted(row.keys() - known)}")
        writer.writerow([inert_cell(row[name]) if name in row else "" for name in names])
    return buffer.getvalue()


class OpenData(RecordAddresses):
    """The /data/ files of one build."""

    catalog: Catalog

    # -- shared pieces ----------------------------------------------------------------------

    def _unit(self, unit_id: str) -> dict[str, str]:
        unit = self.catalog.units.get(unit_id)
        if unit is None:
            return {"id": unit_id, "name": unit_id, "name_now": unit_id}
        current = self.catalog.current_units(unit)
        now = ", ".join(u.name for u in current) if current else unit.name
        return {"id": unit.id, "name": unit.name, "name_now": now}

    def _commendation_ref(self, decision: Commendation) -> dict[str, str | None]:
        return {
            "id": decision.id,
            "number": decision.number,
            "date": decision.date.isoformat(),
            "issuer": decision.issuer,
            "award": decision.award,
        }

    def _dates(self, folder: str, record_id: str, csv: bool = False) -> dict[str, Any]:
        """When the record's file was first published and last changed (its history)."""
        dates = self.catalog.dates_of(folder, record_id)
        empty = "" if csv else None
        return {
            "first_published": dates.first.isoformat() if dates else empty,
            "last_changed": dates.last.isoformat() if dates else empty,
        }

    def _honor_ref(self, honor: Any) -> dict[str, Any]:
        ref: dict[str, Any] = self._commendation_ref(honor.decision)
        ref["award_label"] = self.catalog.award_label(honor.decision, honor.rank)
        ref["rank"] = honor.rank
        ref["posthumous"] = honor.posthumous
        ref["status"] = "revoked" if honor.revoked_by else "valid"
        ref["revoked_by"] = honor.revoked_by.id if honor.revoked_by else None
        return ref

    def _exemplar(self, exemplar: Exemplar) -> dict[str, Any]:
        honors = sorted(
            self.catalog.honors_of.get(exemplar.id, []),
            key=lambda h: (h.decision.date, h.decision.number),
        )
        return {
            "id": exemplar.id,
            "name": exemplar.name,
            "kind": exemplar.kind,
            "unit": self._unit(exemplar.unit),
            "position": exemplar.position,
            "organization": exemplar.organization,
            "sector": exemplar.sector,
            "campaigns": list(
                dict.fromkeys(
                    [c for c in exemplar.campaigns if c in self.catalog.campaigns]
                    + [
                        h.decision.campaign
                        for h in honors
                        if h.decision.campaign in self.catalog.campaigns
                    ]
                )
            ),
            "summary": exemplar.summary,
            "url": self._url("exemplars", exemplar.id),
            "commendations": [self._honor_ref(h) for h in honors],
            **self._dates("exemplars", exemplar.id),
            **{name: _plain(getattr(exemplar, name), csv=False) for name in EXEMPLAR_EXTRA},
        }

    # -- files ------------------------------------------------------------------------------

    def exemplars(self) -> list[dict[str, Any]]:
        return [self._exemplar(e) for e in self.catalog.directory]

    def exemplar_rows(self, items: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
        """The CSV rows of `items` (`exemplars()`, made here unless the caller has them)."""
        rows = []
        for item in self.exemplars() if items is None else items:
            rows.append(
                {
                    **{
                        k: ("" if item[k] is None else item[k])
                        for k in (
                            "id",
                            "name",
                            "kind",
                            "position",
                            "organization",
                            "sector",
                            "summary",
                            "url",
                        )
                    },
                    "unit_id": item["unit"]["id"],
                    "unit_name": item["unit"]["name"],
                    "unit_name_now": item["unit"]["name_now"],
                    "campaigns": ";".join(item["campaigns"]),
                    "commendations": ";".join(c["id"] for c in item["commendations"]),
                    "first_published": item["first_published"] or "",
                    "last_changed": item["last_changed"] or "",
                    **{name: _plain(item[name], csv=True) for name in EXEMPLAR_EXTRA},
                }
            )
        return rows

    def commendation_rows(self) -> list[dict[str, Any]]:
        """One row per recipient of each decision, oldest decision first."""
        rows = []
        decisions = sorted(self.catalog.commendations.values(), key=lambda d: (d.date, d.id))
        for decision in decisions:
            corrected_by = ";".join(d.id for d in self.catalog.corrected_by.get(decision.id, []))
            for honoree in self.catalog.honorees_of[decision.id]:
                unit = (
                    self._unit(honoree.unit_id)
                    if honoree.unit_id
                    else dict.fromkeys(("id", "name", "name_now"), "")
                )
                revoked = honoree.revoked_by
                rows.append(
                    {
                        "commendation_id": decision.id,
                        "number": decision.number,
                        "date": decision.date.isoformat(),
                        "issuer": decision.issuer,
                        "issuer_unit": decision.issuer_unit or "",
                        "subject_line": decision.subject_line or "",
                        "award": decision.award,
                        "award_label": self.catalog.award_label(decision, honoree.rank),
                        "rank": honoree.rank or "",
                        "posthumous": "true" if honoree.posthumous else "false",
                        "country": honoree.country or "",
                        "signer_title": decision.signer_title or "",
                        "signer": decision.signer or "",
                        "status": "revoked" if revoked else "valid",
                        "revoked_by": revoked.id if revoked else "",
                        "revoked_by_number": revoked.number if revoked else "",
                        "revoked_by_date": revoked.date.isoformat() if revoked else "",
                        "corrected_by": corrected_by,
                        **self._dates("commendations", decision.id, csv=True),
                        "campaign": decision.campaign
                        if decision.campaign in self.catalog.campaigns
                        else "",
                        "recipient_name": honoree.name,
                        "recipient_kind": honoree.kind,
                        "exemplar_id": honoree.exemplar.id if honoree.exemplar else "",
                        "unit_id": unit["id"],
                        "unit_name": unit["name"],
                        "unit_name_now": unit["name_now"],
                        "position": honoree.position or "",
                        "reason": honoree.reason or decision.reason,
                        "url": self._url("commendations", decision.id),
                    }
                )
        return rows

    def campaigns(self) -> list[dict[str, Any]]:
        items = []
        for campaign in sorted(self.catalog.campaigns.values(), key=lambda c: (c.start, c.id)):
            decisions = self.catalog.decisions_by_campaign.get(campaign.id, [])
            figures = self.catalog.figures(decisions)
            items.append(
                {
                    "id": campaign.id,
                    "title": campaign.title,
                    "start": campaign.start.isoformat(),
                    "end": campaign.end.isoformat() if campaign.end else None,
                    "summary": campaign.summary,
                    "basis": [
                        {
                            "number": b.number,
                            "date": b.date.isoformat(),
                            "issuer": b.issuer,
                            "title": b.title,
                        }
                        for b in sorted(campaign.basis, key=lambda b: b.date)
                    ],
                    "url": self._url("campaigns", campaign.id),
                    "figures": {
                        "individual": figures.individual,
                        "collective": figures.collective,
                        "household": figures.household,
                        "decisions": figures.decisions,
                    },
                    "commendations": [
                        self._commendation_ref(d)
                        for d in sorted(decisions, key=lambda d: (d.date, d.id))
                    ],
                    "exemplars": [
                        e.id for e in self.catalog.exemplars_by_campaign.get(campaign.id, [])
                    ],
                }
            )
        return items

    def files(self) -> dict[str, str]:
        """Every /data/ file by its site path; the Data Package last, describing the others."""
        exemplars = self.exemplars()  # once, for the JSON and the CSV
        files = {
            f"{FOLDER}/exemplars.json": _json(exemplars),
            f"{FOLDER}/exemplars.csv": _csv(EXEMPLAR_COLUMNS, self.exemplar_rows(exemplars)),
            f"{FOLDER}/commendations.csv": _csv(COMMENDATION_COLUMNS, self.commendation_rows()),
            f"{FOLDER}/campaigns.json": _json(self.campaigns()),
        }
        files[f"{FOLDER}/datapackage.json"] = _json(self.datapackage(files))
        return files

    def datapackage(self, files: dict[str, str]) -> dict[str, Any]:
        """A Frictionless Data Package (v1) naming each file, its format, fields and hash."""

        def described(
            name: str, title: str, fields: list[tuple[str, str, str]], **extra: Any
        ) -> dict[str, Any]:
            path = f"{FOLDER}/{name}"
            data = files[path].encode("utf-8")
            return {
                "name": name.replace(".", "-"),
                "path": name,
                "title": title,
                "encoding": "utf-8-sig" if name.endswith(".csv") else "utf-8",
                "bytes": len(data),
                "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
                **extra,
                "schema": {
                    "fields": [{"name": n, "type": t, "description": d} for n, t, d in fields]
                },
            }

        exemplar_json_fields = [
            ("id", "string", "Mã cố định của gương điển hình"),
            _column(Exemplar, "name", csv=False),
            _column(Exemplar, "kind", csv=False),
            ("unit", "object", "Đơn vị: id, name (tên tại thời điểm đó), name_now (tên hiện nay)"),
            _column(Exemplar, "position", csv=False),
            _column(Exemplar, "organization", csv=False),
            _column(Exemplar, "sector", csv=False),
            ("campaigns", "array", "Mã các phong trào thi đua"),
            _column(Exemplar, "summary", csv=False),
            ("url", "string", "Địa chỉ cố định của trang"),
            (
                "commendations",
                "array",
                "Các quyết định khen thưởng: id, number, date, issuer, award, award_label, "
                "rank, posthumous, status (valid hoặc revoked: đã bị hủy bỏ), revoked_by",
            ),
            ("first_published", "date", "Ngày hồ sơ được đăng lần đầu (lịch sử tệp)"),
            ("last_changed", "date", "Ngày hồ sơ được sửa lần cuối (lịch sử tệp)"),
            *(_column(Exemplar, name, csv=False) for name in EXEMPLAR_EXTRA),
        ]
        campaign_fields = [
            ("id", "string", "Mã cố định của phong trào"),
            ("title", "string", "Tên phong trào"),
            ("start", "date", "Ngày bắt đầu"),
            ("end", "date", "Ngày kết thúc (có thể trống)"),
            ("summary", "string", "Giới thiệu ngắn"),
            ("basis", "array", "Văn bản làm căn cứ: number, date, issuer, title"),
            ("url", "string", "Địa chỉ cố định của trang"),
            ("figures", "object", "Số cá nhân, tập thể, hộ gia đình được khen và số quyết định"),
            ("commendations", "array", "Các quyết định: id, number, date, issuer, award"),
            ("exemplars", "array", "Mã các gương điển hình của phong trào"),
        ]
        package: dict[str, Any] = {
            "profile": "data-package",
            "name": "bang-vang",
            "title": f"{self.site_name}: dữ liệu mở",
            "description": "Gương điển hình, quyết định khen thưởng và phong trào thi đua đã "
            "công bố trên trang. Chỉ gồm hồ sơ đã công bố.",
        }
        if self.site_url:
            package["homepage"] = absolute_url(self.site_url, "")
        if self.publisher:
            package["contributors"] = [{"title": self.publisher, "role": "publisher"}]
        package["resources"] = [
            described(
                "exemplars.json",
                "Gương điển hình (xếp A–Z)",
                exemplar_json_fields,
                format="json",
                mediatype="application/json",
            ),
            described(
                "exemplars.csv",
                "Gương điển hình (bảng)",
                EXEMPLAR_COLUMNS,
                profile="tabular-data-resource",
                format="csv",
                mediatype="text/csv",
                description=CSV_NOTE,
            ),
            described(
                "commendations.csv",
                "Quyết định khen thưởng, mỗi người nhận một dòng",
                COMMENDATION_COLUMNS,
                profile="tabular-data-resource",
                format="csv",
                mediatype="text/csv",
                description=CSV_NOTE,
            ),
            described(
                "campaigns.json",
                "Phong trào thi đua",
                campaign_fields,
                format="json",
                mediatype="application/json",
            ),
        ]
        return package
