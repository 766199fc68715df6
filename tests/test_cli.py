"""The `exemplars` command speaks Vietnamese throughout, argparse's own words included, and
its exit codes are the documented ones (docs/architecture.md)."""

from __future__ import annotations

from conftest import ROOT, run_cli


def test_usage_errors_are_vietnamese_with_exit_code_2(tmp_path):
    result = run_cli(["--khong-co"], tmp_path)
    assert result.returncode == 2
    assert "cách dùng: exemplars" in result.stderr
    assert "lỗi: không hiểu tham số: --khong-co" in result.stderr
    assert "usage" not in result.stderr and "error" not in result.stderr

    missing = run_cli(["new", "exemplar"], tmp_path)
    assert missing.returncode == 2
    assert "thiếu tham số bắt buộc: --name" in missing.stderr


def test_help_is_vietnamese(tmp_path):
    result = run_cli(["check", "--help"], tmp_path)
    assert result.returncode == 0
    assert "tùy chọn:" in result.stdout and "in hướng dẫn này rồi thoát" in result.stdout
    assert "show this help" not in result.stdout


def test_exit_codes(tmp_path):
    assert run_cli(["check", str(ROOT / "content")], ROOT).returncode == 0
    assert run_cli(["check", str(tmp_path / "khong-co")], tmp_path).returncode == 1


def test_a_reader_that_stops_reading_gets_no_traceback(tmp_path):
    """`exemplars check … | head`: the rest of the report is not wanted; no traceback."""
    import subprocess
    import sys

    for n in range(300):  # enough warnings to outlast a pipe's buffer after `head` quits
        (tmp_path / "exemplars").mkdir(exist_ok=True)
        (tmp_path / "exemplars" / f"nguoi-{n}.md").write_text(
            f"---\nname: Người {n}\nkind: individual\nunit: khong-co-{n}\n---\n",
            encoding="utf-8",
        )
    process = subprocess.Popen(
        [sys.executable, "-m", "exemplars", "check", "--quiet", str(tmp_path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # as `head -1` does
    errors = process.stderr.read().decode("utf-8")
    process.wait(timeout=120)
    assert "Traceback" not in errors and "BrokenPipeError" not in errors
    assert process.returncode in (1, 141)
