"""Scaffold: new content files from archetypes, like Hugo's `hugo new`.

An archetype is a Markdown file with Jinja placeholders, one per record type. The built-in
ones live in `exemplars/archetypes/`; a site overrides one by putting a file of the same
name in `archetypes/` at the project root (next to `content/`). Every value reaches the file
through `yaml.safe_dump`, never by pasting raw text, so a name with a colon, a quote or a
leading `#` stays one string.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
import yaml

from exemplars import text
from exemplars.content import journal
from exemplars.content.model import ID_PATTERN, fields_meta
from exemplars.types import BY_NAME

BUILTIN_ARCHETYPES = Path(__file__).parent.parent / "archetypes"
SITE_ARCHETYPES = "archetypes"

# Words that open an issuer ("Chủ tịch UBND phường Trà Cổ") but say nothing about where.
_ISSUER_NOISE = re.compile(
    r"^(?:chu tich|pho chu tich|giam doc|thu truong|truong|uy ban nhan dan|ubnd|hdnd|"
    r"tinh|thanh pho|tp|thi xa|huyen|quan|phuong|xa|thi tran|dac khu)\b\s*"
)


class ScaffoldError(Exception):
    """Bad options or a template that does not give a valid file; nothing was written."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


def yaml_value(value: Any, indent: int = 4) -> str:
    """One value as YAML text for `key: <here>`; None is left empty (YAML null).

    Mappings (recipients) come out as block mappings whose later keys are indented by
    `indent`, so they sit under a `  - ` list item; lists of scalars come out in flow style.
    """
    if value is None:
        return ""
    if isinstance(value, dict):
        lines = [f"{key}: {yaml_value(item)}".rstrip() for key, item in value.items()]
        return ("\n" + " " * indent).join(lines)
    dumped = yaml.safe_dump(
        value, allow_unicode=True, default_flow_style=True, width=1_000_000, sort_keys=False
    )
    dumped = dumped.rstrip("\n")
    if dumped.endswith("\n..."):
        dumped = dumped[: -len("\n...")]
    return dumped


@functools.lru_cache(maxsize=8)
def _environment(project_root: Path) -> jinja2.Environment:
    """One environment per project: an import renders thousands of files from the same
    archetype, compiled once (Jinja's loader still reloads a changed archetype)."""
    # YAML and Markdown, not HTML: values are escaped for YAML by the `y` filter instead.
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(
            [str(project_root / SITE_ARCHETYPES), str(BUILTIN_ARCHETYPES)]
        ),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    environment.filters["y"] = yaml_value
    return environment


_KEY_LINE = re.compile(r"^([A-Za-z_]\w*):", re.MULTILINE)


def render(record_type: str, values: dict[str, Any], project_root: Path) -> str:
    """The archetype of `record_type` filled with `values` (missing optional ones empty).

    The built-in archetypes end with `_unlisted.md`: every field of the model that the
    archetype does not write itself, with its help text (field metadata) as the comment, so
    a field added to the model reaches new files without an edit here.
    """
    model = BY_NAME[record_type].model
    context: dict[str, Any] = {name: None for name in model.model_fields}
    context.update(body="")
    context.update(values)
    try:
        environment = _environment(project_root)
        name = BY_NAME[record_type].archetype
        source, _, _ = environment.loader.get_source(environment, name)  # type: ignore[union-attr]
        listed = set(_KEY_LINE.findall(source))
        context["unlisted"] = [
            {"name": f.name, "help": " ".join(f.help.split()), "value": context[f.name]}
            for f in fields_meta(model)
            if f.name not in listed
        ]
        rendered = environment.get_template(name).render(context)
    except jinja2.TemplateError as error:
        raise ScaffoldError([f"mẫu {record_type}.md lỗi: {error}"]) from None
    front, fence, body = rendered.partition("\n---\n")
    front = "\n".join(line.rstrip() for line in front.split("\n"))
    return (front + fence + body).rstrip("\n") + "\n"


def free_path(folder: Path, slug: str, taken: set[str] | None = None) -> Path:
    """`folder/slug.md`, or `slug-2.md`, `slug-3.md`… when that id is already used."""
    taken = taken or set()
    existing = {text.slugify(p.stem) for p in folder.glob("*.md")} if folder.is_dir() else set()
    candidate, number = slug, 1
    while candidate in existing or candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    return folder / f"{candidate}.md"


def decision_slug(number: str, issuer: str, day: date) -> str:
    """`245/QĐ-UBND`, `Chủ tịch UBND phường Trà Cổ`, 2021 → `245-qd-ubnd-tra-co-2021`."""
    place = text.fold(issuer)
    previous = None
    while previous != place:
        previous = place
        place = _ISSUER_NOISE.sub("", place)
    return "-".join(
        part for part in (text.slugify(number), text.slugify(place), str(day.year)) if part
    )


def write_atomically(files: dict[Path, str], content_root: Path) -> None:
    """Create every file or none, under the content folder's lock, staged outside it
    (`exemplars.content.journal`): a killed run never leaves a temporary file in content/."""
    try:
        with journal.writing(content_root):
            journal.commit(content_root, files)
    except journal.JournalError as error:
        raise ScaffoldError(error.messages) from None


@dataclass
class NewFile:
    path: Path
    source: str


def plan_new(
    record_type: str, values: dict[str, Any], content_root: Path, slug: str | None = None
) -> NewFile:
    """Fill the archetype and choose a free file name; raises ScaffoldError when invalid."""
    folder = content_root / BY_NAME[record_type].folder
    if slug is not None and not ID_PATTERN.match(slug):
        raise ScaffoldError(
            [
                f"mã “{slug}” không hợp lệ: chỉ dùng chữ thường không dấu, chữ số và dấu gạch nối "
                f"(ví dụ “{text.slugify(slug) or 'nguyen-van-an'}”)"
            ]
        )
    if not slug:
        raise ScaffoldError(["không tạo được tên tệp từ tên đã cho; hãy thêm --id <mã>"])
    path = free_path(folder, slug)
    source = render(record_type, values, content_root.resolve().parent)
    return NewFile(path, source)
