"""One field, declared once: a field added to the Exemplar model reaches the JSON Schema, the
web editor's form, `exemplars new`'s archetype and the open data without another edit.

The test does what a developer would: it copies the package, adds one line to the Exemplar
class in the copy's model.py, and asks each tool of the copy what it now produces.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

FIELD = (
    '    honorific: Text | None = info("Danh xưng trên bảng vàng", label="Danh xưng", '
    "default=None)\n"
)

SCRIPT = r"""
import csv, io, json, sys
from datetime import date
from pathlib import Path

root = Path(sys.argv[1])
import exemplars
assert Path(exemplars.__file__).is_relative_to(root), exemplars.__file__
from exemplars.content.load import load_content
from exemplars.editor import decap, scaffold, schema
from exemplars.site.catalog import Catalog
from exemplars.site.opendata import OpenData

content = load_content(root / "content")
assert not [p for p in content.problems if p.is_error], content.problems
units, vocabularies, _ = decap.load_registries(root / "content")
exemplar_schema = schema.record_schema("exemplar", vocabularies, units)
config = decap.build_config(units, vocabularies)
form = next(c for c in config["collections"] if c["name"] == "exemplars")["fields"]
archetype = scaffold.render(
    "exemplar", {"name": "A", "kind": "individual", "unit": "tra-co", "summary": "B"}, root
)
files = OpenData(Catalog(content, date(2030, 1, 1))).files()
rows = list(csv.DictReader(io.StringIO(files["data/exemplars.csv"].lstrip("\ufeff"))))
package = json.loads(files["data/datapackage.json"])
print(json.dumps({
    "schema": exemplar_schema["properties"].get("honorific"),
    "form": [w for w in form if w["name"] == "honorific"],
    "archetype": archetype,
    "json": {i["id"]: i.get("honorific") for i in json.loads(files["data/exemplars.json"])},
    "csv": {r["id"]: r.get("honorific") for r in rows},
    "described": [
        f for r in package["resources"] for f in r["schema"]["fields"] if f["name"] == "honorific"
    ],
}, ensure_ascii=False))
"""


def test_a_new_exemplar_field_reaches_every_tool(tmp_path: Path):
    package = tmp_path / "exemplars"
    shutil.copytree(
        ROOT / "exemplars", package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    model = package / "content" / "model.py"
    source = model.read_text(encoding="utf-8")
    anchor = "    @property\n    def title(self) -> str:\n        return self.name\n"
    assert source.count(anchor) == 1
    model.write_text(source.replace(anchor, FIELD + "\n" + anchor), encoding="utf-8")

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "_data", content / "_data")
    (content / "exemplars").mkdir()
    (content / "exemplars" / "le-thi-ba.md").write_text(
        "---\nname: Lê Thị Ba\nkind: individual\nunit: tra-co\nsummary: Tận tụy.\n"
        "honorific: Mẹ Việt Nam anh hùng\n---\n",
        encoding="utf-8",
    )
    (content / "exemplars" / "tran-van-cu.md").write_text(
        "---\nname: Trần Văn Cư\nkind: individual\nunit: tra-co\nsummary: Gương mẫu.\n---\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)

    # JSON Schema: an optional text field with its help text as the description.
    assert seen["schema"]["description"] == "Danh xưng trên bảng vàng"
    assert {"type": "null"} in seen["schema"]["anyOf"]
    # The web editor: a form field with its label and hint, not required.
    assert seen["form"] == [
        {
            "name": "honorific",
            "label": "Danh xưng",
            "hint": "Danh xưng trên bảng vàng",
            "widget": "string",
            "required": False,
        }
    ]
    # `exemplars new`: the built-in archetype writes it, commented, empty.
    assert "# Danh xưng trên bảng vàng\nhonorific:" in seen["archetype"]
    # Open data: JSON, CSV and the Data Package's description.
    assert seen["json"] == {"le-thi-ba": "Mẹ Việt Nam anh hùng", "tran-van-cu": None}
    assert seen["csv"] == {"le-thi-ba": "Mẹ Việt Nam anh hùng", "tran-van-cu": ""}
    assert {"name": "honorific", "type": "string", "description": "Danh xưng trên bảng vàng"} in (
        seen["described"]
    )
