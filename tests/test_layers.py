"""`exemplars check`, the editors' everyday command, loads no page renderer, templates or
image library: it runs (and reports images it cannot verify in one line) with them blocked."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, TODAY, write_image

BLOCKED = (
    "PIL",
    "jinja2",
    "openpyxl",
    "exemplars.site.render",
    "exemplars.site.templating",
    "exemplars.site.media",
    "exemplars.site.build",
    "exemplars.site.catalog",
    "exemplars.site.pages",
    "exemplars.editor.scaffold",
    "exemplars.editor.importer",
)

SCRIPT = """
import sys

BLOCKED = {blocked!r}


class Block:
    def find_spec(self, name, path=None, target=None):
        if any(name == b or name.startswith(b + ".") for b in BLOCKED):
            raise ImportError("blocked: " + name)


sys.meta_path.insert(0, Block())
from exemplars.cli import main

sys.exit(main(["check", sys.argv[1]]))
"""


def check_blocked(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT.format(blocked=BLOCKED), str(root)],
        capture_output=True,
        text=True,
        cwd=root.parent,
        env={**os.environ, "EXEMPLARS_TODAY": TODAY, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )


def test_check_runs_without_renderer_templates_or_pillow(tree):
    tree.minimal()
    result = check_blocked(tree.root)
    assert result.returncode == 0, result.stderr
    assert "Kết quả: không có lỗi." in result.stdout
    assert "Traceback" not in result.stderr


def test_an_image_without_pillow_is_one_line_not_a_traceback(tree):
    tree.minimal()
    write_image(tree.root / "exemplars" / "an.jpg")
    source = (tree.root / "exemplars" / "nguyen-van-an.md").read_text(encoding="utf-8")
    source = source.replace("campaigns:", "portrait: an.jpg\nphoto_consent: true\ncampaigns:")
    (tree.root / "exemplars" / "nguyen-van-an.md").write_text(source, encoding="utf-8")
    result = check_blocked(tree.root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "portrait: không kiểm tra được ảnh: máy này chưa cài thư viện Pillow" in result.stdout
