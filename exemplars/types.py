"""The record-type registry: every fact about a kind of content file, declared once.

A record type is a folder of Markdown files under `content/` (`content/exemplars/*.md`) read
into one model class. Everything that needs to know the four types — the loader, the checks'
messages, the catalog, the page plan, the search index, `exemplars new`, the JSON Schema and
the web editor — reads them from `RECORD_TYPES` below instead of keeping its own table, so a
fifth type (or a renamed label) is one entry here.

It sits with `exemplars.content` in the layer contract: it names the model classes, and the
loader and the checks read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from exemplars.content.model import Campaign, Commendation, Exemplar, Record, Story

R = TypeVar("R", bound=Record)


@dataclass(frozen=True)
class RecordType(Generic[R]):
    """One kind of content file and everything derived from its name."""

    name: str  # singular, as typed on the command line: `exemplars new exemplar`
    folder: str  # content/<folder>/<id>.md, and the URL section <folder>/<id>/
    model: type[R]
    label: str  # in a sentence: "không có {label} nào mã …"
    title: str  # a heading or a menu: "Quyết định khen thưởng"
    # The "Loại" filter of the search page; empty: each record's own kind (cá nhân, tập thể…).
    search_kind: str
    description: str  # what one file is, for the web editor's collection list
    body_hint: str  # what the Markdown body holds
    display_field: str  # the field that names a record in a picker (name or title)
    editor_slug: str  # Decap's file-name pattern for a new file
    editor_summary: str  # Decap's one-line summary of a file in its list
    # Prose that Pagefind's full-text index holds (a story's article). Every record is found
    # through the word sets (exemplars.site.lookup); Pagefind keeps ~105 KB of memory per
    # page it indexes, 1.3 GB for the records of a 10,000-record archive, so only these.
    full_text: bool = False

    @property
    def archetype(self) -> str:
        """The archetype file `exemplars new` fills (exemplars/archetypes/<name>.md)."""
        return f"{self.name}.md"

    @property
    def template(self) -> str:
        """The page template of one record (exemplars/templates/<name>.html) and its view."""
        return self.name

    @property
    def glob(self) -> str:
        """The files of this type, from the project root (JSON Schema associations)."""
        return f"content/{self.folder}/*.md"

    def src_uri(self, record_id: str) -> str:
        """The page's source path in the site: <folder>/<id>.md."""
        return f"{self.folder}/{record_id}.md"


EXEMPLARS = RecordType(
    name="exemplar",
    folder="exemplars",
    model=Exemplar,
    label="gương điển hình",
    title="Gương điển hình",
    search_kind="",
    description="Mỗi người, tập thể hay hộ gia đình được khen là một mục.",
    body_hint="Câu chuyện của gương điển hình, viết bằng Markdown.",
    display_field="name",
    editor_slug="{{name}}",
    editor_summary="{{name}} — {{unit}}",
)
COMMENDATIONS = RecordType(
    name="commendation",
    folder="commendations",
    model=Commendation,
    label="quyết định",
    title="Quyết định khen thưởng",
    search_kind="Quyết định",
    description="Mỗi quyết định khen thưởng là một mục; người được khen ghi trong "
    "danh sách người nhận.",
    body_hint="Ghi chú thêm về quyết định (không bắt buộc).",
    display_field="number",
    editor_slug="{{number}}-{{date}}",
    editor_summary="{{number}} ({{date}})",
)
CAMPAIGNS = RecordType(
    name="campaign",
    folder="campaigns",
    model=Campaign,
    label="phong trào",
    title="Phong trào thi đua",
    search_kind="Phong trào",
    description="Các phong trào thi đua mà quyết định và gương điển hình thuộc về.",
    body_hint="Giới thiệu phong trào (không bắt buộc).",
    display_field="title",
    editor_slug="{{title}}",
    editor_summary="{{title}}",
)
STORIES = RecordType(
    name="story",
    folder="stories",
    model=Story,
    label="tin bài",
    title="Tin bài",
    search_kind="Tin bài",
    description="Tin, bài viết về các gương điển hình.",
    body_hint="Nội dung tin, bài.",
    display_field="title",
    editor_slug="{{title}}",
    editor_summary="{{title}} ({{date}})",
    full_text=True,
)

# In this order everywhere: loading, checks, page plan, the editor's collections.
RECORD_TYPES: tuple[RecordType, ...] = (EXEMPLARS, COMMENDATIONS, CAMPAIGNS, STORIES)
BY_FOLDER: dict[str, RecordType] = {t.folder: t for t in RECORD_TYPES}
BY_NAME: dict[str, RecordType] = {t.name: t for t in RECORD_TYPES}
BY_MODEL: dict[type[Record], RecordType] = {t.model: t for t in RECORD_TYPES}


def of_record(record: Record) -> RecordType:
    """The type of a record (by its class)."""
    return BY_MODEL[type(record)]
