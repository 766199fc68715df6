"""The JSON Schemas editors' tools use agree with the checks: they accept every sample file and
reject what `exemplars check` rejects. They are generated from the same pydantic models."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import DECISION, EXEMPLAR, ROOT, TODAY

from exemplars.content.load import split_front_matter
from exemplars.editor.schema import CONTENT_GLOBS, all_schemas, dump
from exemplars.site.build import check_content

SCHEMAS = ROOT / "schemas"
FOLDER_SCHEMA = {
    "exemplars": "exemplar",
    "commendations": "commendation",
    "campaigns": "campaign",
    "stories": "story",
}


def as_editor_sees(value):
    """YAML dates as the text an editor typed: the YAML language server sees strings."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): as_editor_sees(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_editor_sees(v) for v in value]
    return value


def validator(name: str) -> jsonschema.Draft7Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def front_of(path: Path) -> dict:
    front, _, _ = split_front_matter(path.read_text(encoding="utf-8"))
    return as_editor_sees(yaml.safe_load(front) or {})


def test_committed_schemas_are_up_to_date():
    expected = all_schemas(ROOT / "content")
    on_disk = {p.name for p in SCHEMAS.glob("*.schema.json")}
    assert on_disk == set(expected), "run: exemplars schema"
    for name, schema in expected.items():
        assert (SCHEMAS / name).read_text(encoding="utf-8") == dump(schema), (
            f"schemas/{name} is stale: run `exemplars schema`"
        )


@pytest.mark.parametrize("folder", list(FOLDER_SCHEMA))
def test_every_sample_file_is_accepted(folder):
    check = validator(FOLDER_SCHEMA[folder])
    files = sorted((ROOT / "content" / folder).glob("*.md"))
    assert files
    for path in files:
        errors = [e.message for e in check.iter_errors(front_of(path))]
        assert not errors, f"{path.name}: {errors}"


def test_data_files_are_accepted():
    units = yaml.safe_load((ROOT / "content/_data/units.yml").read_text(encoding="utf-8"))
    validator("units").validate(as_editor_sees(units))
    builtin = ROOT / "exemplars/data/vocabularies.yml"
    validator("vocabularies").validate(yaml.safe_load(builtin.read_text(encoding="utf-8")))


def test_schema_carries_vietnamese_descriptions_and_enums():
    schema = json.loads((SCHEMAS / "exemplar.schema.json").read_text(encoding="utf-8"))
    assert schema["required"] == ["name", "kind", "unit", "summary"]
    props = schema["properties"]
    assert props["kind"]["enum"] == ["individual", "collective", "household"]
    assert "tra-co" in props["unit"]["enum"]
    assert "Phường Trà Cổ" in props["unit"]["enumDescriptions"]
    assert props["summary"]["maxLength"] == 300
    assert "tối đa 300 ký tự" in props["summary"]["description"]
    decision = json.loads((SCHEMAS / "commendation.schema.json").read_text(encoding="utf-8"))
    assert "giay-khen" in decision["properties"]["award"]["enum"]
    # Spec v2: award and recipients are required unless the decision revokes or corrects.
    assert decision["if"] == {
        "not": {"anyOf": [{"required": ["revokes"]}, {"required": ["corrects"]}]}
    }
    assert set(decision["required"]) | set(decision["then"]["required"]) == {
        "number",
        "date",
        "issuer",
        "award",
        "reason",
        "recipients",
    }


BAD_CASES = {
    "missing required": ("exemplars", EXEMPLAR.replace("name: Nguyễn Văn An\n", "")),
    "empty required": ("exemplars", EXEMPLAR.replace("name: Nguyễn Văn An", "name: ''")),
    "wrong kind": ("exemplars", EXEMPLAR.replace("kind: individual", "kind: person")),
    "unknown unit": ("exemplars", EXEMPLAR.replace("unit: tra-co", "unit: tra-co-cu")),
    "summary too long": (
        "exemplars",
        EXEMPLAR.replace(
            "summary: Trực chốt kiểm soát dịch 120 ngày liên tục.", "summary: " + "a" * 301
        ),
    ),
    "bad date format": ("commendations", DECISION.replace("date: 05/11/2021", "date: 2021/11/05")),
    "bad doc number": ("commendations", DECISION.replace("245/QĐ-UBND", "245-QĐ-UBND")),
    "unknown award": ("commendations", DECISION.replace("giay-khen", "giay-khen-cu")),
    "no recipients": (
        "commendations",
        DECISION.replace("recipients:\n  - exemplar: nguyen-van-an\n", "recipients: []\n"),
    ),
    "half a recipient": (
        "commendations",
        DECISION.replace(
            "  - exemplar: nguyen-van-an\n", "  - exemplar: nguyen-van-an\n  - name: Lê Thị Cúc\n"
        ),
    ),
    "bad status": ("exemplars", EXEMPLAR + "status: nhap\n"),
}


@pytest.mark.parametrize("case", list(BAD_CASES))
def test_schema_rejects_what_the_check_rejects(tree, case):
    folder, front = BAD_CASES[case]
    tree.minimal()
    stem = "nguyen-van-an" if folder == "exemplars" else "245-qd-ubnd-tra-co"
    path = tree.write(f"{folder}/{stem}.md", front)
    _, problems = check_content(tree.root, date.fromisoformat(TODAY))
    assert any(p.is_error and p.path.endswith(path.name) for p in problems), case
    data = as_editor_sees(yaml.safe_load(front))
    assert list(validator(FOLDER_SCHEMA[folder]).iter_errors(data)), case


def test_scaffolded_file_with_empty_fields_is_accepted(tree):
    from exemplars.editor.scaffold import render

    source = render(
        "exemplar",
        {
            "name": "Nguyễn Văn Mới",
            "kind": "individual",
            "unit": "tra-co",
            "summary": "Một.",
            "status": "draft",
            "campaigns": [],
            "tags": [],
            "aliases": [],
        },
        tree.root.parent,
    )
    front, _, _ = split_front_matter(source)
    validator("exemplar").validate(as_editor_sees(yaml.safe_load(front)))


def test_vscode_maps_every_schema_to_its_files():
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    mapped = {Path(k).name: v for k, v in settings["yaml.schemas"].items()}
    for name, glob in CONTENT_GLOBS.items():
        assert mapped[f"{name}.schema.json"] == glob
        assert (SCHEMAS / f"{name}.schema.json").exists()
    extensions = json.loads((ROOT / ".vscode/extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def test_remark_config_maps_every_record_schema_to_its_files():
    config = (ROOT / ".remarkrc.mjs").read_text(encoding="utf-8")
    for name in FOLDER_SCHEMA.values():
        assert f"'./schemas/{name}.schema.json': ['./{CONTENT_GLOBS[name]}']" in config
    lock = json.loads((ROOT / "tools/remark/package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"][""]["devDependencies"]["remark-lint-frontmatter-schema"] == "3.15.4"
