"""`exemplars import` is one transaction per content folder, tested with real processes.

Two imports at once of sheets holding the same names in different wards; an import killed
with SIGKILL at each of its stages (the `EXEMPLARS_IMPORT_PAUSE` hook stops it there and the
test kills it). Afterwards the folder is either fully imported or unchanged, no temporary
file is in `content/`, and `exemplars check` passes (after it first reported the unfinished
import, when the kill came after the journal was written).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import TODAY, run_check
from test_import import snapshot

WARDS = {"tra-co": "Phường Trà Cổ", "hai-xuan": "Xã Hải Xuân"}
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE = ["Văn", "Thị", "Minh", "Quốc", "Thu"]
GIVEN = ["An", "Bình", "Cúc", "Dũng", "Hà", "Hải", "Lan", "Long", "Mai", "Nam"]


def names(count: int) -> list[str]:
    found = [f"{f} {m} {g}" for f in FAMILY for m in MIDDLE for g in GIVEN]
    return found[:count]


def sheet(path: Path, ward: str, count: int) -> Path:
    lines = ["STT,Họ và tên,Đơn vị,Thành tích"]
    lines += [f"{n},{name},{WARDS[ward]},Trực chốt." for n, name in enumerate(names(count), 1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def command(content: Path, sheet_path: Path, number: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "exemplars",
        "import",
        str(sheet_path),
        "--number",
        number,
        "--date",
        "08/10/2021",
        "--issuer",
        "Chủ tịch UBND thành phố Móng Cái",
        "--award",
        "giay-khen",
        "--content",
        str(content),
    ]


def start(content: Path, sheet_path: Path, number: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        command(content, sheet_path, number),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "EXEMPLARS_TODAY": TODAY, **env},
        cwd=content.parent,
    )


def wait_for_pause(process: subprocess.Popen, stage: str) -> None:
    """Read stderr until the process says it stopped at `stage` (or fail with its output)."""
    assert process.stderr is not None
    seen = []
    for line in process.stderr:
        seen.append(line)
        if line.strip() == f"tạm dừng ở bước {stage}":
            return
    process.wait()
    pytest.fail(f"never paused at {stage}: {''.join(seen)}{process.stdout.read()}")


def finish(process: subprocess.Popen, timeout: float = 240) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


def recipients(content: Path, decision: str) -> list[dict]:
    text = (content / "commendations" / f"{decision}.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])["recipients"]


def unit_of(content: Path, exemplar: str) -> str:
    text = (content / "exemplars" / f"{exemplar}.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])["unit"]


def no_temporary_files(content: Path) -> None:
    hidden = [p for p in content.rglob("*") if p.name.startswith(".") or "~" in p.name]
    assert hidden == []
    assert {p.suffix for p in content.rglob("*") if p.is_file()} <= {".md", ".yml"}


def assert_each_decision_names_its_own_ward(content: Path, count: int) -> None:
    for number, ward in (("101", "tra-co"), ("102", "hai-xuan")):
        (decision,) = (content / "commendations").glob(f"{number}-*.md")
        people = [r["exemplar"] for r in recipients(content, decision.stem)]
        assert len(people) == len(set(people)) == count
        assert {unit_of(content, person) for person in people} == {ward}


@pytest.fixture
def two_sheets(tree, tmp_path) -> tuple[Path, Path, Path]:
    return (
        tree.root,
        sheet(tmp_path / "tra-co.csv", "tra-co", 200),
        sheet(tmp_path / "hai-xuan.csv", "hai-xuan", 200),
    )


def test_two_imports_at_once_keep_each_ward_its_own_people(two_sheets):
    content, first, second = two_sheets
    runs = [
        start(content, first, "101/QĐ-UBND"),
        start(content, second, "102/QĐ-UBND"),
    ]
    results = [finish(run) for run in runs]
    for code, out, err in results:
        assert code == 0, err
        assert "200 dòng: 200 tạo mới, 0 dùng lại; quyết định content/commendations/" in out
    assert len(list((content / "exemplars").glob("*.md"))) == 400
    assert_each_decision_names_its_own_ward(content, 200)
    no_temporary_files(content)
    check = run_check(content)
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_second_import_waits_for_the_first(two_sheets):
    """The first holds the lock, paused after its check; the second starts then, waits,
    and plans only once the first has written (so it sees the first ward's files)."""
    content, first, second = two_sheets
    holder = start(
        content,
        first,
        "101/QĐ-UBND",
        EXEMPLARS_IMPORT_PAUSE="check",
        EXEMPLARS_IMPORT_PAUSE_SECONDS="3",
    )
    wait_for_pause(holder, "check")
    waiter = start(content, second, "102/QĐ-UBND")
    assert finish(holder)[0] == 0
    code, out, err = finish(waiter)
    assert code == 0, err
    assert len(list((content / "exemplars").glob("*.md"))) == 400
    assert_each_decision_names_its_own_ward(content, 200)
    # The second ward's people got ids of their own beside the first ward's.
    assert (content / "exemplars" / "nguyen-van-an-hai-xuan.md").exists()
    assert run_check(content).returncode == 0


def test_a_second_import_that_cannot_wait_refuses_clearly(two_sheets):
    content, first, second = two_sheets
    before = snapshot(content)
    holder = start(content, first, "101/QĐ-UBND", EXEMPLARS_IMPORT_PAUSE="read")
    try:
        wait_for_pause(holder, "read")
        refused = start(content, second, "102/QĐ-UBND", EXEMPLARS_IMPORT_WAIT="0.5")
        code, out, err = finish(refused)
        assert code == 1
        assert err.splitlines() == [
            f"{content}: một lần nhập hoặc ghi khác đang chạy trên thư mục nội dung này "
            f"(tiến trình {holder.pid}, bắt đầu lúc {err.split('bắt đầu lúc ')[1].split(')')[0]}"
            f"); hãy chờ nó xong rồi chạy lại lệnh",
            "Không ghi tệp nào.",
        ]
        assert snapshot(content) == before
    finally:
        holder.kill()
        holder.communicate()
    # SIGKILL released the lock with the process: the next run does not wait.
    code, out, err = finish(start(content, second, "102/QĐ-UBND", EXEMPLARS_IMPORT_WAIT="0"))
    assert code == 0, err


# -- killed at each stage ----------------------------------------------------------------

ROWS = 24


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict[str, str]:
    """The content folder after the same import, never interrupted."""
    from conftest import Tree

    base = tmp_path_factory.mktemp("reference")
    tree = Tree(base / "content")
    code, _, err = finish(start(tree.root, sheet(base / "ds.csv", "tra-co", ROWS), "101/QĐ-UBND"))
    assert code == 0, err
    return snapshot(tree.root)


BEFORE_JOURNAL = ["read", "check", "stage"]
AFTER_JOURNAL = ["journal", "commit", "done"]


@pytest.mark.parametrize("stage", BEFORE_JOURNAL + AFTER_JOURNAL)
def test_killed_import_is_finished_or_undone(tree, tmp_path, reference, stage):
    content = tree.root
    before = snapshot(content)
    sheet_path = sheet(tmp_path / "ds.csv", "tra-co", ROWS)
    process = start(content, sheet_path, "101/QĐ-UBND", EXEMPLARS_IMPORT_PAUSE=stage)
    wait_for_pause(process, stage)
    process.send_signal(signal.SIGKILL)
    process.communicate()
    assert process.returncode == -signal.SIGKILL
    no_temporary_files(content)

    written = snapshot(content)
    check = run_check(content)
    if stage in BEFORE_JOURNAL:
        assert written == before  # nothing reached content/
        assert check.returncode == 0, check.stdout + check.stderr
    else:
        # Some, all or none of the files are in place: check says so, never passes.
        assert check.returncode == 1
        journal = content.parent / ".content.import" / "journal.json"
        done = len(written) - len(before)
        expected = (
            f".content.import/journal.json:1: import: một lần nhập (exemplars import) đã bị "
            f"dừng giữa chừng ({done}/{ROWS + 1} tệp đã ghi vào thư mục nội dung); nội dung "
            f"chưa trọn vẹn: chạy “exemplars import --recover --content content” để ghi nốt "
            f"(hoặc hoàn tác) rồi kiểm tra lại"
        )
        assert expected in check.stdout, check.stdout
        assert journal.exists()
        assert done == {"journal": 0, "commit": (ROWS + 1) // 2, "done": ROWS + 1}[stage]

    if stage == "journal":
        # A dry run writes nothing, not even the killed run's files: it says what to do.
        dry = subprocess.run(
            [*command(content, sheet_path, "101/QĐ-UBND"), "--dry-run"],
            capture_output=True,
            text=True,
            env={**os.environ, "EXEMPLARS_TODAY": TODAY},
            cwd=content.parent,
        )
        assert dry.returncode == 1
        assert dry.stderr.splitlines()[0] == (
            f"{content}: một lần nhập trước bị dừng giữa chừng; hãy chạy “exemplars import "
            f"--recover --content {content}” trước"
        )
        assert snapshot(content) == written

    if stage in ("commit", "stage"):
        # The next import run finishes (or clears) the killed one before its own work.
        code, out, err = finish(start(content, sheet_path, "101/QĐ-UBND"))
        assert code == 0, err
        if stage == "commit":
            assert out.startswith(f"Lần ghi trước bị dừng giữa chừng: đã ghi nốt {ROWS + 1} tệp")
            assert "Không có gì thay đổi" in out
    else:
        recovered = subprocess.run(
            [sys.executable, "-m", "exemplars", "import", "--recover", "--content", "content"],
            capture_output=True,
            text=True,
            cwd=content.parent,
        )
        assert recovered.returncode == 0, recovered.stderr
        if stage in AFTER_JOURNAL:
            assert recovered.stdout == (
                f"Lần ghi trước bị dừng giữa chừng: đã ghi nốt {ROWS + 1} tệp của nó.\n"
            )
            assert snapshot(content) == reference  # fully imported
        else:
            assert recovered.stdout == "Không có lần nhập nào dang dở; nội dung không đổi.\n"
            assert snapshot(content) == before  # unchanged
    if stage in ("commit", "stage"):
        assert snapshot(content) == reference
    no_temporary_files(content)
    assert not (content.parent / ".content.import" / "journal.json").exists()
    assert not list((content.parent / ".content.import").glob("staged/*"))
    check = run_check(content)
    assert check.returncode == 0, check.stdout + check.stderr


def test_recovery_undoes_when_a_file_was_taken_meanwhile(tree, tmp_path):
    """Killed half-way; before the next run someone wrote one of its files by hand: the
    import cannot be finished, so it is undone, and the message names that file."""
    content = tree.root
    before = snapshot(content)
    process = start(
        content,
        sheet(tmp_path / "ds.csv", "tra-co", ROWS),
        "101/QĐ-UBND",
        EXEMPLARS_IMPORT_ABORT="commit",
    )
    process.communicate()
    assert process.returncode == -signal.SIGKILL
    written = sorted(set(snapshot(content)) - set(before))
    assert len(written) == (ROWS + 1) // 2
    journal = yaml.safe_load(
        (content.parent / ".content.import" / "journal.json").read_text(encoding="utf-8")
    )
    missing = [f["target"] for f in journal["files"] if f"{f['target']}" not in written]
    taken = content / missing[0]
    taken.write_text("---\nname: Viết tay\n---\n", encoding="utf-8")
    recovered = subprocess.run(
        [sys.executable, "-m", "exemplars", "import", "--recover", "--content", str(content)],
        capture_output=True,
        text=True,
        cwd=content.parent,
    )
    assert recovered.returncode == 1
    assert recovered.stderr == (
        f"{taken}: tệp này đã có nội dung khác trong lúc nhập; lần nhập đã được hoàn tác, "
        f"hãy chạy lại\n"
    )
    after = snapshot(content)
    assert after == {**before, missing[0]: "---\nname: Viết tay\n---\n"}  # undone, hand file kept
    no_temporary_files(content)


def test_exemplars_new_leaves_no_temporary_file_when_killed(tree):
    content = tree.root
    env = {**os.environ, "EXEMPLARS_TODAY": TODAY, "EXEMPLARS_IMPORT_ABORT": "journal"}
    made = subprocess.run(
        [
            sys.executable,
            "-m",
            "exemplars",
            "new",
            "campaign",
            "--title",
            "Thi đua mới",
            "--start",
            "01/01/2022",
            "--content",
            str(content),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=content.parent,
    )
    assert made.returncode == -signal.SIGKILL, made.stderr
    no_temporary_files(content)
    assert run_check(content).returncode == 1  # the journal waits
    recovered = subprocess.run(
        [sys.executable, "-m", "exemplars", "import", "--recover", "--content", str(content)],
        capture_output=True,
        text=True,
        cwd=content.parent,
    )
    assert recovered.stdout == "Lần ghi trước bị dừng giữa chừng: đã ghi nốt 1 tệp của nó.\n"
    assert (content / "campaigns" / "thi-dua-moi.md").exists()
    assert run_check(content).returncode == 0
    shutil.rmtree(content.parent / ".content.import")
