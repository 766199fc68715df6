"""The editor's guide explains every message the checks can print, and every vocabulary id.

Messages are found in the code itself (Problem(...), PydanticCustomError(...), the message
tables, the media and date errors), so a new check without a line in the guide fails here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml
from conftest import ROOT

GUIDE = ROOT / "docs" / "huong-dan-bien-tap.md"
MESSAGE_CALLS = {"Problem", "PydanticCustomError", "YamlError", "problem", "ValueError"}
MESSAGE_TABLES = {"_MESSAGES", "_YAML_HINTS"}
# The editor tools' own messages are documented in the guide's import section, not here.
NOT_CHECKS = {"scaffold.py", "importer.py", "editor_cli.py", "schema.py", "cli.py"}
# Site-building internals whose messages are for whoever runs the site, not for editors:
# the archive (`make dist`), chart labels, the web editor's mkdocs.yml settings, open-data
# column descriptions, and the QR encoder's limit on a site address (set in mkdocs.yml).
NOT_CHECKS |= {"archive.py", "charts.py", "decap.py", "opendata.py", "qr.py"}
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
MIN_FRAGMENT = 6


def _parts(node: ast.AST) -> list[str]:
    """The fixed text of a message: literal parts of a string, f-string or format template."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return PLACEHOLDER.split(node.value)
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.Constant)]
    if isinstance(node, ast.BinOp):
        return _parts(node.left) + _parts(node.right)
    return []


def _messages(tree: ast.AST) -> list[list[str]]:
    found: list[list[str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in MESSAGE_CALLS:
                found.extend(_parts(arg) for arg in node.args)
        elif (
            isinstance(node, ast.Assign)
            and any(getattr(target, "id", None) in MESSAGE_TABLES for target in node.targets)
            and isinstance(node.value, ast.Dict)
        ):
            found.extend(_parts(value) for value in node.value.values)
        elif isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple | ast.JoinedStr):
            # `return None, "why not"` (media paths) and f-string messages (translate).
            values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
            found.extend(_parts(value) for value in values)
    return found


def check_message_fragments() -> dict[str, set[str]]:
    """Module → the fixed fragments of every message it can print to an editor."""
    fragments: dict[str, set[str]] = {}
    for path in sorted((ROOT / "exemplars").rglob("*.py")):
        if path.name in NOT_CHECKS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for parts in _messages(tree):
            for part in parts:
                part = part.strip()
                if len(part) >= MIN_FRAGMENT and not re.fullmatch(r"vi_\w+|[\x00-\x7f]*", part):
                    fragments.setdefault(path.name, set()).add(part)
    return fragments


def test_the_scan_finds_the_messages():
    fragments = check_message_fragments()
    everything = {f for found in fragments.values() for f in found}
    assert "phần đầu YAML không được đóng: thiếu dòng “---” thứ hai" in everything
    assert "dài" not in everything  # too short to mean anything alone
    assert any(f.startswith("ảnh chân dung của cá nhân cần") for f in everything)
    assert any("không tìm thấy tệp" in f for f in everything)
    assert len(everything) > 50


def test_every_check_message_is_in_the_guide():
    guide = GUIDE.read_text(encoding="utf-8")
    missing = sorted(
        f"{module}: {fragment}"
        for module, found in check_message_fragments().items()
        for fragment in found
        if fragment not in guide
    )
    assert not missing, "Hướng dẫn biên tập thiếu lời nhắn:\n" + "\n".join(missing)


def test_every_builtin_vocabulary_id_is_in_the_guide():
    guide = GUIDE.read_text(encoding="utf-8")
    vocabularies = yaml.safe_load(
        (ROOT / "exemplars/data/vocabularies.yml").read_text(encoding="utf-8")
    )
    for entries in vocabularies.values():
        for entry in entries:
            assert f"`{entry['id']}`" in guide, entry["id"]


def test_guide_is_linked_from_the_readme_and_its_sample_sheet_exists():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/huong-dan-bien-tap.md" in readme
    for link in re.findall(r"\]\(([^)#:]+)\)", GUIDE.read_text(encoding="utf-8")):
        assert (GUIDE.parent / link).exists(), link


def test_sample_sheet_in_the_guide_imports(tree, tmp_path):
    import os
    import subprocess
    import sys

    from conftest import TODAY, run_check

    tree.minimal()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "exemplars",
            "import",
            str(Path(GUIDE.parent, "mau-danh-sach-khen-thuong.csv")),
            "--number",
            "246/QĐ-UBND",
            "--date",
            "08/10/2021",
            "--issuer",
            "Chủ tịch UBND phường Trà Cổ",
            "--award",
            "giay-khen",
            "--content",
            str(tree.root),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "EXEMPLARS_TODAY": TODAY},
    )
    assert result.returncode == 0, result.stderr
    assert "3 tạo mới" in result.stdout
    assert run_check(tree.root).returncode == 0
