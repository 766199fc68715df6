"""The web editor (Decap CMS): its `config.yml`, generated from the record model.

Decap edits the same Markdown + front matter files as editors do by hand. Its forms are
derived here from `exemplars.content.model` (which fields exist, which are required, which values a
field allows) and from the vocabularies and the unit registry, so the editor and the checks
can never disagree. `admin_files()` lists what the site serves under /admin/: the generated
config, the page that loads Decap, the preview script, and Decap's own bundle copied from
the npm package (never a CDN).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

import jinja2
import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from exemplars import policy, text
from exemplars.content.load import BUILTIN_VOCABULARIES, load_units, load_vocabularies
from exemplars.content.model import (
    KIND_LABELS,
    VOCABULARY_NAMES,
    FieldMeta,
    Recipient,
    Record,
    Revocation,
    Unit,
    Vocabularies,
    country_names,
    meta,
)
from exemplars.content.problems import Problem
from exemplars.types import BY_FOLDER, RECORD_TYPES, RecordType

ADMIN_SOURCES = Path(__file__).parent.parent / "admin"
LOCAL_PROXY_URL = "http://127.0.0.1:8081/api/v1"
DATE_FORMAT = "YYYY-MM-DD"
MEDIA_FOLDER = "media"

STATUS_LABELS = {"draft": "Bản nháp (chưa đăng)", "published": "Đăng trên trang"}
# Where a form field sits beside another rather than in model order (consent next to photo).
FIELD_ORDER_AFTER = {"photo_consent": "portrait"}


@dataclass
class Backend:
    """Where Decap reads and writes: the local proxy (`make edit`) or a real git host."""

    name: str = "proxy"
    settings: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def local(cls, proxy_url: str = LOCAL_PROXY_URL) -> Backend:
        return cls("proxy", {"proxy_url": proxy_url, "branch": "main"})

    @classmethod
    def from_mapping(cls, mapping: dict[str, Any]) -> Backend:
        """`extra.bangvang.admin.backend` in mkdocs.yml: {name: gitea, repo, base_url, ...}."""
        settings = dict(mapping)
        name = str(settings.pop("name", "") or "")
        if not name:
            raise ValueError("extra.bangvang.admin.backend cần có “name” (ví dụ: gitea)")
        return cls(name, settings)

    def config(self) -> dict[str, Any]:
        return {"name": self.name, **self.settings}


def _parts(annotation: Any) -> list[Any]:
    """The annotation and everything inside it through Optional, unions and Annotated."""
    found = [annotation]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType, typing.Annotated):
        for argument in typing.get_args(annotation):
            if argument is not type(None):
                found.extend(_parts(argument))
    return found


def _allowed_values(annotation: Any) -> tuple[str, ...] | None:
    """The values of a Literal annotation, else None."""
    for part in _parts(annotation):
        if typing.get_origin(part) is Literal:
            return tuple(typing.get_args(part))
    return None


def _list_item(annotation: Any) -> Any:
    """The item type of a list annotation, else None."""
    for part in _parts(annotation):
        if typing.get_origin(part) is list:
            return typing.get_args(part)[0]
    return None


def _is_list(annotation: Any) -> bool:
    return _list_item(annotation) is not None


def _is(annotation: Any, kind: type) -> bool:
    return any(part is kind for part in _parts(annotation))


def _unit_label(unit: Unit) -> str:
    spans = []
    if unit.valid_from:
        spans.append(f"từ {text.format_date(unit.valid_from)}")
    if unit.valid_to:
        spans.append(f"đến {text.format_date(unit.valid_to)}")
    return f"{unit.name} ({', '.join(spans)})" if spans else unit.name


class FormBuilder:
    """Turns model fields into Decap widgets, with options from the registries."""

    def __init__(self, units: list[Unit], vocabularies: Vocabularies):
        # Vocabulary name (a field's metadata) → the select's options.
        self.options: dict[str, list[dict[str, str]]] = {
            "units": [{"label": _unit_label(u), "value": u.id} for u in units],
        }
        for vocabulary in VOCABULARY_NAMES:
            self.options[vocabulary] = [
                {"label": entry.label, "value": entry.id}
                for entry in vocabularies.get(vocabulary).values()
            ]
        countries = country_names()
        self.options["countries"] = [
            {"label": countries[code], "value": code} for code in sorted(countries)
        ]

    def fields(self, model: type[BaseModel]) -> list[dict[str, Any]]:
        names = list(model.model_fields)
        if issubclass(model, Record):
            # The record's own fields first; publication settings last, above the body.
            shared = list(Record.model_fields)
            names = [n for n in names if n not in shared] + shared
        for name, anchor in FIELD_ORDER_AFTER.items():
            if name in names and anchor in names:
                names.remove(name)
                names.insert(names.index(anchor) + 1, name)
        return [self.widget(meta(model, name), model.model_fields[name]) for name in names]

    def widget(self, field: FieldMeta, info: FieldInfo) -> dict[str, Any]:
        name = field.name
        widget: dict[str, Any] = {"name": name, "label": field.label}
        if field.help:
            widget["hint"] = field.help
        widget.update(self._kind_of_widget(field, info.annotation))
        required = field.required
        if name == "recipients":
            widget["min"] = 1
            widget["hint"] = (
                "Mỗi người nhận: chọn một gương điển hình đã có trang, HOẶC ghi tên, đối tượng "
                "và đơn vị (chức vụ, thành tích riêng nếu có)."
            )
        widget["required"] = required
        if name == "status":
            widget["default"] = "draft"
            widget["hint"] = (
                "Mục mới là bản nháp: nút “Công bố” chỉ lưu tệp. Chọn “Đăng trên trang” khi "
                "đã kiểm tra xong thì mục mới hiện trên trang."
            )
        return widget

    def _kind_of_widget(self, field: FieldMeta, annotation: Any) -> dict[str, Any]:
        allowed = _allowed_values(annotation)
        if allowed:
            labels = STATUS_LABELS if field.name == "status" else KIND_LABELS
            return {
                "widget": "select",
                "options": [
                    {"label": labels.get(value, value), "value": value} for value in allowed
                ],
            }
        if field.vocabulary:
            return {"widget": "select", "options": self.options[field.vocabulary]}
        if field.reference:
            collection = field.reference
            shown = BY_FOLDER[collection].display_field
            relation: dict[str, Any] = {
                "widget": "relation",
                "collection": collection,
                "value_field": "{{slug}}",
                "search_fields": [shown],
                "display_fields": [shown],
            }
            if _is_list(annotation):
                relation["multiple"] = True
            return relation
        if _is_list(annotation):
            item = _list_item(annotation)
            if isinstance(item, type) and issubclass(item, BaseModel):
                return {
                    "widget": "list",
                    "collapsed": False,
                    "fields": self.fields(item),
                    "summary": self._item_summary(item),
                }
            return {"widget": "list", "allow_add": True}
        if _is(annotation, bool):
            return {"widget": "boolean"}
        if _is(annotation, date):
            return {
                "widget": "datetime",
                "format": DATE_FORMAT,
                "date_format": "DD/MM/YYYY",
                "time_format": False,
            }
        if field.widget in ("image", "file"):
            return {"widget": field.widget, "choose_url": False}
        widget: dict[str, Any] = {"widget": field.widget or "string"}
        if field.max_length:
            limit = field.max_length
            widget["pattern"] = [f"^[\\s\\S]{{1,{limit}}}$", f"Tối đa {limit} ký tự"]
        return widget

    @staticmethod
    def _item_summary(model: type[BaseModel]) -> str:
        if model is Recipient:
            return "{{exemplar}}{{name}}"
        if model is Revocation:
            return "{{commendation}} {{exemplar}}{{name}}"
        return "{{number}} — {{title}}"


def collection(record_type: RecordType, builder: FormBuilder) -> dict[str, Any]:
    fields = builder.fields(record_type.model)
    fields.append(
        {
            "name": "body",
            "label": "Nội dung",
            "widget": "markdown",
            "required": False,
            "hint": record_type.body_hint,
        }
    )
    return {
        "name": record_type.folder,
        "label": record_type.title,
        "label_singular": record_type.label,
        "description": record_type.description,
        "folder": f"content/{record_type.folder}",
        "create": True,
        "slug": record_type.editor_slug,
        "summary": record_type.editor_summary,
        "extension": "md",
        "format": "frontmatter",
        "fields": fields,
    }


def build_config(
    units: list[Unit],
    vocabularies: Vocabularies,
    backend: Backend | None = None,
    site_url: str | None = None,
) -> dict[str, Any]:
    """The whole Decap configuration as a mapping (what `config.yml` holds)."""
    backend = backend or Backend.local()
    builder = FormBuilder(units, vocabularies)
    config: dict[str, Any] = {"backend": backend.config()}
    if backend.name == "proxy":
        config["local_backend"] = {"url": backend.settings["proxy_url"]}
    config.update(
        {
            "locale": "vi",
            "publish_mode": "simple",
            "media_folder": f"content/{MEDIA_FOLDER}",
            "public_folder": f"/{MEDIA_FOLDER}",
            "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
            "collections": [collection(t, builder) for t in RECORD_TYPES],
        }
    )
    if site_url:
        config["site_url"] = site_url
        config["display_url"] = site_url
    return config


def load_registries(content_root: Path) -> tuple[list[Unit], Vocabularies, list[Problem]]:
    units, problems = load_units(content_root / "_data" / "units.yml")
    vocabularies, more = load_vocabularies(
        [BUILTIN_VOCABULARIES, content_root / "_data" / "vocabularies.yml"]
    )
    return units, vocabularies, problems + more


class _PlainDumper(yaml.SafeDumper):
    """Writes repeated option lists out in full: no YAML anchors for editors to puzzle over."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def config_yaml(config: dict[str, Any]) -> str:
    header = (
        "# Tạo tự động bởi `exemplars decap-config` từ mô hình dữ liệu; đừng sửa tay.\n"
        "# Generated from exemplars/model.py and the vocabularies: do not edit.\n"
    )
    return header + yaml.dump(
        config, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False, width=100
    )


def decap_dist(project_root: Path) -> Path:
    """Where `make editor` installs Decap's bundle."""
    return project_root / ".cache" / "decap" / "node_modules" / "decap-cms" / "dist"


def admin_backend(setting: Any, environ: Mapping[str, str]) -> Backend | None:
    """Which backend /admin/ is built for, or None: production leaves /admin/ out.

    `make edit` sets BANGVANG_ADMIN=local (the local proxy; BANGVANG_PROXY_URL overrides its
    address); otherwise mkdocs.yml `extra.bangvang.admin.backend` turns it on for a git host.
    """
    if environ.get("BANGVANG_ADMIN") == "local":
        return Backend.local(environ.get("BANGVANG_PROXY_URL") or LOCAL_PROXY_URL)
    if not setting:
        return None
    if not isinstance(setting, dict) or not isinstance(setting.get("backend"), dict):
        raise ValueError(
            "extra.bangvang.admin trong mkdocs.yml phải có mục backend (ví dụ: backend: "
            "{name: gitea, repo: to-chuc/bang-vang, base_url: https://git.example.vn, ...}); "
            "xem docs/web-editor.md"
        )
    return Backend.from_mapping(setting["backend"])


def admin_page(backend: Backend) -> str:
    """/admin/index.html with its Content-Security-Policy for a git host (Decap needs eval).

    The local editor (`make edit`, backend "proxy") is served by exemplars.editor.edit_server,
    which sends a stricter policy as a header (its API on its own origin).
    """
    page = (ADMIN_SOURCES / "index.html").read_text(encoding="utf-8")
    template = jinja2.Environment(autoescape=True, keep_trailing_newline=True).from_string(page)
    return template.render(policy="" if backend.name == "proxy" else policy.admin_policy())


def admin_files(
    units: list[Unit],
    vocabularies: Vocabularies,
    backend: Backend,
    dist: Path,
    site_url: str | None = None,
) -> dict[str, str | Path]:
    """Files served under /admin/: generated text, or the path of a file to copy.

    Raises FileNotFoundError, naming the command that installs Decap, when it is missing.
    """
    bundle = sorted(dist.glob("*decap-cms.js")) if dist.is_dir() else []
    if not any(path.name == "decap-cms.js" for path in bundle):
        raise FileNotFoundError(
            f"chưa cài Decap CMS ({dist / 'decap-cms.js'} không có); hãy chạy “make editor”"
        )
    config = build_config(units, vocabularies, backend, site_url)
    files: dict[str, str | Path] = {"admin/config.yml": config_yaml(config)}
    for source in sorted(ADMIN_SOURCES.iterdir()):
        files[f"admin/{source.name}"] = source
    files["admin/index.html"] = admin_page(backend)
    for path in bundle:
        files[f"admin/{path.name}"] = path
    return files
