"""Progress on long commands: a bar in a terminal, plain lines in a pipe, nothing with --quiet;
the import ends with one summary line and prints its per-row table only when asked."""

from __future__ import annotations

import io
import os
import pty
import re
import select
import subprocess
import sys
from datetime import date
from pathlib import Path

import test_import
from conftest import TODAY
from test_import import OPTIONS, ROWS, run_import, write_csv

from exemplars.cli_progress import Reporter
from exemplars.content.checks import RULES, check
from exemplars.content.load import LOAD_STAGE, load_content

content = test_import.content  # the import tests' content tree, as a fixture here too
PROGRESS_LINE = re.compile(r"^(Đọc|Kiểm tra|Soạn|Ghi|Dựng|Trang|Ảnh)[^:\n]*: [\d.]+", re.M)


def test_plain_lines_reach_the_total_and_quiet_prints_nothing():
    stream = io.StringIO()
    with Reporter(stream=stream, bar=False, interval=3600) as progress:
        for done in range(1, 2001):
            progress("Ghi tệp", done, 2000)
        progress("Chỉ mục tìm kiếm", 0, None)
    lines = stream.getvalue().splitlines()
    assert lines == [
        "Ghi tệp: 1/2.000 (0%), 0 giây",
        "Ghi tệp: 2.000/2.000 (100%), 0 giây",
        "Chỉ mục tìm kiếm…",
    ]
    quiet = io.StringIO()
    with Reporter(quiet=True, stream=quiet, bar=False) as progress:
        progress("Ghi tệp", 5, 5)
    assert quiet.getvalue() == ""


def test_a_stage_announced_at_its_start_reports_how_long_it_took(monkeypatch):
    now = [0.0]
    monkeypatch.setattr("exemplars.cli_progress.time.monotonic", lambda: now[0])
    stream = io.StringIO()
    with Reporter(stream=stream, bar=False, interval=3600) as progress:
        progress("Kiểm tra", 0, 20)
        now[0] = 42.0
        progress("Kiểm tra", 20, 20)
    assert stream.getvalue().splitlines()[-1] == "Kiểm tra: 20/20 (100%), 42 giây"


def test_load_and_check_count_every_file_and_rule(tmp_path):
    """The engine calls back as it goes: from 0 to every file read (in worker processes
    too), and one step a rule; it never prints."""
    from conftest import Tree

    tree = Tree(tmp_path / "content").minimal()
    for number in range(30):
        tree.write(
            f"exemplars/nguoi-{number}.md",
            f"name: Người {number}\nkind: individual\nunit: tra-co\nsummary: Tóm tắt.\n",
        )
    heard: list[tuple[str, int, int | None]] = []
    content = load_content(
        tree.root, parallel_threshold=10, progress=lambda *call: heard.append(call)
    )
    loads = [(done, total) for stage, done, total in heard if stage == LOAD_STAGE]
    assert loads[0] == (0, content.files_read) and loads[-1] == (content.files_read,) * 2
    assert [done for done, _ in loads] == sorted(done for done, _ in loads)
    heard.clear()
    check(content, date(2024, 1, 1), progress=lambda *call: heard.append(call))
    assert [done for _, done, _ in heard] == list(range(len(RULES) + 1))


def test_work_shorter_than_the_delay_draws_nothing():
    stream = io.StringIO()
    with Reporter(stream=stream, bar=False, delay=60) as progress:
        progress("Đọc tệp", 10, 10)
    assert stream.getvalue() == ""


def test_import_in_a_pipe_prints_stage_lines_and_one_summary(content, tmp_path):
    sheet = write_csv(tmp_path / "danh-sach.csv", ROWS)
    result = run_import(content, sheet)
    assert result.returncode == 0, result.stderr
    assert "Ghi tệp: 6/6 (100%)" in result.stderr  # five exemplars and the decision
    assert "Soạn tệp hồ sơ mới: 5/5 (100%)" in result.stderr
    assert "Ghi tệp tạm: 6/6 (100%)" in result.stderr  # staged beside the journal first
    assert f"Kiểm tra: {len(RULES)}/{len(RULES)} (100%)" in result.stderr  # every rule ran
    assert "\r" not in result.stderr  # no bar redrawn in a pipe
    out = result.stdout.strip().splitlines()
    assert out[0].startswith("5 dòng: 5 tạo mới, 0 dùng lại; quyết định ")
    assert out[-1] == "Đã ghi 6 tệp."
    assert "Dòng" not in result.stdout  # the per-row table only with --chi-tiet


def test_import_quiet_and_table_to_a_file(content, tmp_path):
    sheet = write_csv(tmp_path / "danh-sach.csv", ROWS)
    table = tmp_path / "bang.txt"
    result = run_import(content, sheet, "--quiet", "--chi-tiet", str(table))
    assert result.returncode == 0, result.stderr
    assert not PROGRESS_LINE.search(result.stderr), result.stderr
    assert "nguyen-van-moi.md" in table.read_text(encoding="utf-8")
    assert f"Bảng từng dòng: {table}" in result.stdout


def _in_terminal(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run `args` with a pseudo-terminal as stdout and stderr; returns (code, output)."""
    controller, terminal = pty.openpty()
    env = {**os.environ, "EXEMPLARS_TODAY": TODAY, "CI": "", "COLUMNS": "100"}
    process = subprocess.Popen(args, stdout=terminal, stderr=terminal, cwd=cwd, env=env)
    os.close(terminal)
    chunks = []
    while True:
        ready, _, _ = select.select([controller], [], [], 60)
        if not ready:
            break
        try:
            data = os.read(controller, 65536)
        except OSError:  # the terminal closed: the process has ended
            break
        if not data:
            break
        chunks.append(data)
    os.close(controller)
    return process.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace")


def test_import_in_a_terminal_draws_bars_that_reach_the_total(content, tmp_path):
    sheet = write_csv(tmp_path / "danh-sach.csv", ROWS)
    command = [sys.executable, "-m", "exemplars", "import", str(sheet), *OPTIONS]
    code, output = _in_terminal([*command, "--content", str(content)], content.parent)
    assert code == 0, output
    assert re.search(r"Ghi tệp: 100%\|[^\n]*\| 6/6 \[", output), output  # tqdm's bar
    assert "\r" in output  # redrawn in place
    assert "5 dòng: 5 tạo mới, 0 dùng lại" in output


def test_import_in_a_terminal_with_quiet_draws_no_bar(content, tmp_path):
    sheet = write_csv(tmp_path / "danh-sach.csv", ROWS)
    command = [sys.executable, "-m", "exemplars", "import", str(sheet), *OPTIONS, "-q"]
    code, output = _in_terminal([*command, "--content", str(content)], content.parent)
    assert code == 0, output
    assert "%|" not in output and not PROGRESS_LINE.search(output), output
    assert "5 dòng: 5 tạo mới, 0 dùng lại" in output


def test_a_build_in_a_pipe_counts_every_page_read_and_written(tmp_path):
    """`mkdocs build` (make build, make serve) reports records, pages read and pages written
    as plain lines in a pipe; with -q nothing."""
    from conftest import ROOT, Tree, build_site

    tree = Tree(tmp_path / "content").minimal()
    quiet = build_site(tree.root, tmp_path / "quiet")
    assert quiet.returncode == 0, quiet.stderr
    assert not PROGRESS_LINE.search(quiet.stderr), quiet.stderr
    config = tmp_path / "quiet-mkdocs.yml"
    env = {**os.environ, "EXEMPLARS_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1", "CI": "true"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(tmp_path / "loud")],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    pages = len(list((tmp_path / "loud").rglob("index.html")))
    read = re.findall(r"^Đọc trang: ([\d.]+)/([\d.]+) \(100%\)", result.stderr, re.M)
    written = re.findall(r"^Dựng trang: ([\d.]+)/([\d.]+) \(100%\)", result.stderr, re.M)
    assert read and read[0][0] == read[0][1], result.stderr
    assert written and written[0][0] == written[0][1], result.stderr
    assert int(written[0][0].replace(".", "")) >= pages - 1  # every page but 404 is a page
    assert re.search(r"^Đọc hồ sơ: 3/3 \(100%\)", result.stderr, re.M), result.stderr
    # the stages between the check and the pages say they are running
    assert "Lập danh mục và kế hoạch trang…" in result.stderr
    assert "Dữ liệu mở, bản tin, tệp tìm kiếm…" in result.stderr
    assert "\r" not in result.stderr


def test_a_build_shows_the_first_warnings_and_counts_the_rest(tmp_path):
    """A wall of warnings buries the build's own lines: the log shows 20 and counts the
    rest; `exemplars check` still lists every one."""
    from conftest import EXEMPLAR, Tree, build_site, run_check

    tree = Tree(tmp_path / "content").minimal()
    for number in range(25):
        tree.write(
            f"exemplars/nguoi-cach-ly-{number}.md",
            EXEMPLAR.replace("Nguyễn Văn An", f"Người {number}").replace(
                "Trực chốt", "Từng cách ly, trực chốt"
            ),
        )
    result = build_site(tree.root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(tmp_path / "site-mkdocs.yml")],
        capture_output=True,
        text=True,
        env={**os.environ, "EXEMPLARS_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert build.returncode == 0, build.stderr
    assert build.stderr.count("CẢNH BÁO") == 20
    assert "… và 5 cảnh báo khác (25 cảnh báo; xem tất cả: make check)" in build.stderr
    assert run_check(tree.root).stdout.count("CẢNH BÁO") == 25
