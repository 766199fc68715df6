"""`exemplars new`: a file from an archetype that passes the check exactly as written."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import TODAY, run_check, run_cli

from exemplars.editor.scaffold import yaml_value


def new(tree, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return run_cli(
        ["new", *args, "--content", str(tree.root)],
        cwd or tree.root.parent,
        {"EXEMPLARS_TODAY": TODAY},
    )


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


COMMANDS = {
    "exemplar": [
        "exemplar",
        "--name",
        "Nguyễn Văn Mới",
        "--unit",
        "P. Trà Cổ",
        "--summary",
        "Trực chốt 120 ngày.",
        "--campaign",
        "covid",
        "--sector",
        "y-te",
    ],
    "commendation": [
        "commendation",
        "--number",
        "12/QĐ-UBND",
        "--date",
        "1/11/2021",
        "--issuer",
        "Chủ tịch UBND xã Hải Xuân",
        "--award",
        "giay-khen",
        "--reason",
        "Có thành tích xuất sắc.",
        "--recipient",
        "nguyen-van-an",
        "--type",
        "dot-xuat",
        "--campaign",
        "covid",
    ],
    "campaign": ["campaign", "--title", "Thi đua chuyển đổi số", "--start", "1/1/2024"],
    "story": [
        "story",
        "--title",
        "Bài viết mới",
        "--date",
        "2/11/2021",
        "--exemplar",
        "nguyen-van-an",
    ],
}
EXPECTED = {
    "exemplar": "exemplars/nguyen-van-moi.md",
    "commendation": "commendations/12-qd-ubnd-hai-xuan-2021.md",
    "campaign": "campaigns/thi-dua-chuyen-doi-so.md",
    "story": "stories/bai-viet-moi.md",
}


@pytest.mark.parametrize("record_type", list(COMMANDS))
def test_new_file_passes_the_check_as_written(tree, record_type):
    tree.minimal()
    result = new(tree, *COMMANDS[record_type])
    assert result.returncode == 0, result.stderr
    path = tree.root / EXPECTED[record_type]
    assert result.stdout.strip().endswith(EXPECTED[record_type])
    assert path.exists()
    source = path.read_text(encoding="utf-8")
    data = front(path)
    assert data["status"] == "draft"
    # Every field of the record type is present, each with its comment line above it.
    from exemplars.types import BY_NAME

    assert set(BY_NAME[record_type].model.model_fields) <= set(data)
    lines = source.split("---\n")[1].splitlines()
    for index, line in enumerate(lines):
        if line and not line.startswith((" ", "#")):
            assert lines[index - 1].startswith("# "), line
    check = run_check(tree.root)
    assert check.returncode == 0, check.stdout


def test_collision_gets_a_numeric_suffix(tree):
    tree.minimal()
    args = ["exemplar", "--name", "Nguyễn Văn An", "--unit", "tra-co", "--summary", "Một."]
    first = new(tree, *args)
    assert first.stdout.strip().endswith("exemplars/nguyen-van-an-2.md")
    assert "đã có hồ sơ cùng tên, cùng đơn vị" in first.stderr
    assert new(tree, *args).stdout.strip().endswith("exemplars/nguyen-van-an-3.md")
    assert run_check(tree.root).returncode == 0


def test_yaml_special_characters_stay_text(tree):
    tree.minimal()
    name = 'Tổ "phản ứng nhanh": #1 - [Km 15]'
    summary = "yes: no, @mention, 'trích', 10/9/2021 & {x}"
    result = new(tree, "exemplar", "--name", name, "--unit", "tra-co", "--summary", summary)
    assert result.returncode == 0, result.stderr
    data = front(Path(tree.root.parent, result.stdout.strip()))
    assert (data["name"], data["summary"], data["kind"]) == (name, summary, "collective")
    assert run_check(tree.root).returncode == 0


@pytest.mark.parametrize(
    "args, message",
    [
        (["--unit", "Phường Không Có"], "không nhận ra đơn vị"),
        (["--unit", "tra-co", "--kind", "person"], "--kind"),
        (["--unit", "tra-co", "--campaign", "khong-co"], "--campaign"),
    ],
)
def test_invalid_options_write_nothing(tree, args, message):
    tree.minimal()
    before = sorted(tree.root.rglob("*.md"))
    result = new(tree, "exemplar", "--name", "Lê Văn Sai", "--summary", "x", *args)
    assert result.returncode == 1
    assert message in result.stderr and "Không ghi tệp nào" in result.stderr
    assert sorted(tree.root.rglob("*.md")) == before


def test_bad_date_writes_nothing(tree):
    tree.minimal()
    result = new(tree, "campaign", "--title", "Sai ngày", "--start", "31/02/2024")
    assert result.returncode == 1
    assert "--start" in result.stderr and "không có ngày 31" in result.stderr
    assert not (tree.root / "campaigns" / "sai-ngay.md").exists()


def test_site_archetype_overrides_the_builtin(tree):
    tree.minimal()
    site_archetypes = tree.root.parent / "archetypes"
    site_archetypes.mkdir()
    (site_archetypes / "campaign.md").write_text(
        "---\n# Tên phong trào\ntitle: {{ title | y }}\n# Ngày bắt đầu\nstart: {{ start | y }}\n"
        "# Bản nháp\nstatus: {{ status | y }}\n---\nPhong trào của phường.\n",
        encoding="utf-8",
    )
    result = new(tree, "campaign", "--title", "Phong trào riêng", "--start", "2024-01-01")
    assert result.returncode == 0, result.stderr
    source = (tree.root / "campaigns" / "phong-trao-rieng.md").read_text(encoding="utf-8")
    assert source.endswith("Phong trào của phường.\n")
    assert "summary" not in source


def test_yaml_value_quotes_what_yaml_would_misread():
    for value in ["yes", "null", "- a", "# x", "a: b", "'q'", "2021-09-10", "010", "~", "@x"]:
        assert yaml.safe_load(f"key: {yaml_value(value)}") == {"key": value}
    assert yaml_value(None) == ""
    assert yaml_value(["a b", "c"]) == "[a b, c]"
