"""JSON Schema of every content file, generated from the same pydantic models the checks use.

Editors' tools (VS Code's YAML extension, Front Matter panels, CI linters) read these
schemas for completion and inline errors. The model gives the fields, their Vietnamese
descriptions, which are required, the patterns its types check in code (date spellings,
ids, document numbers, no blank text) and, through the field metadata, the length limits and
which vocabulary a field draws from; this module adds the allowed ids of the vocabularies and
the unit registry of a content folder as enums.

What a schema cannot know is left to `exemplars check`: impossible dates (31/02),
references to other files, unit history, award subjects, duplicates, paths, privacy.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from exemplars.content.load import BUILTIN_VOCABULARIES, load_units, load_vocabularies
from exemplars.content.model import (
    DATE_HINT,
    DATE_PATTERN,
    META_KEY,
    VOCABULARY_NAMES,
    Unit,
    VocabEntry,
    Vocabularies,
    country_names,
)
from exemplars.types import BY_NAME, RECORD_TYPES

DRAFT = "http://json-schema.org/draft-07/schema#"

# Schema name → the files it describes, from the project root; one per record type, then
# the two data files.
CONTENT_GLOBS = {
    **{t.name: t.glob for t in RECORD_TYPES},
    "units": "content/_data/units.yml",
    "vocabularies": "content/_data/vocabularies.yml",
}
TITLES = {
    **{t.name: f"{t.title} (content/{t.folder}/<mã>.md)" for t in RECORD_TYPES},
    "units": "Sổ đơn vị hành chính và cơ quan (content/_data/units.yml)",
    "vocabularies": "Bổ sung danh mục (content/_data/vocabularies.yml)",
}


def _enum_ids(vocabularies: Vocabularies, units: list[Unit]) -> dict[str, tuple[list, list]]:
    """Vocabulary name (as in a field's metadata) → (allowed ids, their labels)."""

    def entries(name: str) -> tuple[list, list]:
        vocabulary = vocabularies.get(name)
        return list(vocabulary), [entry.label for entry in vocabulary.values()]

    found = {name: entries(name) for name in VOCABULARY_NAMES}
    found["units"] = ([unit.id for unit in units], [unit.name for unit in units])
    countries = country_names()
    found["countries"] = (sorted(countries), [countries[code] for code in sorted(countries)])
    return found


def _strip_nullable(prop: dict) -> tuple[dict, bool]:
    """pydantic writes `X | None` as anyOf [X, null]: return X and whether null is allowed."""
    options = prop.get("anyOf")
    if options and any(o.get("type") == "null" for o in options):
        rest = [o for o in options if o.get("type") != "null"]
        if len(rest) == 1:
            return rest[0], True
    return prop, False


def _refine(prop: dict, enums: dict[str, tuple[list, list]]) -> dict:
    """A model field's schema for editors: its metadata applied, then removed.

    Patterns come from the types (`Text`, `RecordId`, `Date`…, see the model); the field's
    metadata adds the length limit and the allowed ids of its vocabulary.
    """
    field = prop.get(META_KEY, {})
    inner, nullable = _strip_nullable(prop)
    inner = {key: value for key, value in inner.items() if key != META_KEY}
    description = prop.get("description") or inner.get("description")
    if inner.get("pattern") == DATE_PATTERN:
        description = f"{description}. {DATE_HINT}" if description else DATE_HINT
    if field.get("max_length") and inner.get("type") == "string":
        inner["maxLength"] = field["max_length"]
    ids, labels = enums.get(field.get("vocabulary", ""), ([], []))
    if ids and inner.get("type") == "string":
        inner["enum"] = ids
        if labels:
            inner["enumDescriptions"] = labels
    if "enum" in inner and inner.get("type") is None:
        inner["type"] = "string"
    inner.pop("title", None)
    if nullable:
        # An empty value (`position:`) is YAML null: the file leaves the field unset.
        inner = {"anyOf": [inner, {"type": "null"}]}
    if description:
        inner["description"] = description
    if "default" in prop and prop["default"] not in (None, []):
        inner["default"] = prop["default"]
    return inner


def _object(model_schema: dict, defs: dict, enums) -> dict:
    properties = {name: _refine(prop, enums) for name, prop in model_schema["properties"].items()}
    for prop in properties.values():
        if prop.get("type") == "array" and "$ref" in prop.get("items", {}):
            ref = prop["items"]["$ref"].split("/")[-1]
            prop["items"] = _object(defs[ref], defs, enums)
    # The models' docstrings are for developers (English): editors get Vietnamese only.
    result: dict[str, Any] = {"type": "object", "properties": properties}
    if model_schema.get("required"):
        result["required"] = list(model_schema["required"])
    # Like the check: other fields are allowed (local additions); typos are the check's job.
    result["additionalProperties"] = True
    return result


def record_schema(name: str, vocabularies: Vocabularies, units: list[Unit]) -> dict:
    """The schema of one record type's front matter."""
    model = BY_NAME[name].model
    generated = copy.deepcopy(model.model_json_schema())
    defs = generated.get("$defs", {})
    schema: dict[str, Any] = {"$schema": DRAFT, "title": TITLES[name], "description": TITLES[name]}
    schema.update(_object(generated, defs, _enum_ids(vocabularies, units)))
    if name == "commendation":
        recipient = schema["properties"]["recipients"]["items"]
        recipient["anyOf"] = [
            {"required": ["exemplar"]},
            {"required": ["name", "kind", "unit"]},
            {"required": ["name", "kind", "country"]},
        ]
        recipient["description"] = (
            "Mỗi người nhận: “exemplar: <mã>” hoặc đủ name, kind, unit (người nhận không có "
            "trang riêng; người nước ngoài: name, kind, country)"
        )
        revocation = schema["properties"]["revokes"]["items"]
        revocation["required"] = ["commendation"]
        # A decision that only revokes needs no award and no recipients (spec v2).
        schema["required"] = [f for f in schema["required"] if f not in ("award", "recipients")]
        schema["if"] = {"not": {"anyOf": [{"required": ["revokes"]}, {"required": ["corrects"]}]}}
        schema["then"] = {"required": ["award", "recipients"]}
        schema["properties"]["recipients"]["minItems"] = 1
        award = schema["properties"]["award"]
        if "anyOf" in award:  # never null: absent only in a decision that revokes
            schema["properties"]["award"] = {
                **award["anyOf"][0],
                "description": award["description"],
            }
    if name == "campaign":
        schema["properties"]["basis"]["items"]["description"] = (
            "Một văn bản: number (số), date (ngày), issuer (cơ quan ban hành), title (trích yếu)"
        )
    return schema


def units_schema() -> dict:
    unit = _object(copy.deepcopy(Unit.model_json_schema()), {}, {})
    return {"$schema": DRAFT, "title": TITLES["units"], "type": "array", "items": unit}


def vocabularies_schema() -> dict:
    entry = _object(copy.deepcopy(VocabEntry.model_json_schema()), {}, {})
    entry["properties"]["label"]["description"] = "Nhãn tiếng Việt"
    entry["properties"]["subject"] = {
        "type": "array",
        "items": {"enum": ["individual", "collective", "household"], "type": "string"},
        "description": "Đối tượng được trao: individual, collective, household",
    }
    return {
        "$schema": DRAFT,
        "title": TITLES["vocabularies"],
        "type": "object",
        "properties": {
            name: {"type": "array", "items": entry, "description": label}
            for name, label in (
                ("awards", "Hình thức khen thưởng, danh hiệu thi đua"),
                ("types", "Loại hình khen thưởng"),
                ("sectors", "Lĩnh vực"),
            )
        },
        "additionalProperties": False,
    }


def all_schemas(content_root: Path) -> dict[str, dict]:
    """File name → schema, for every record type and the two data files of `content_root`."""
    vocabularies, _ = load_vocabularies(
        [BUILTIN_VOCABULARIES, content_root / "_data" / "vocabularies.yml"]
    )
    units, _ = load_units(content_root / "_data" / "units.yml")
    schemas = {f"{name}.schema.json": record_schema(name, vocabularies, units) for name in BY_NAME}
    schemas["units.schema.json"] = units_schema()
    schemas["vocabularies.schema.json"] = vocabularies_schema()
    return schemas


def dump(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schemas(content_root: Path, out: Path) -> list[Path]:
    """Write every schema to `out`; returns the files whose text changed."""
    out.mkdir(parents=True, exist_ok=True)
    changed = []
    for file_name, schema in all_schemas(content_root).items():
        path = out / file_name
        new = dump(schema)
        if not path.exists() or path.read_text(encoding="utf-8") != new:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    return changed
