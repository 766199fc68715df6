"""`exemplars check` keeps what it read in `.cache/check/` and reads again only what changed
(issue #15): the answer is always the one a check without the cache gives."""

from __future__ import annotations

import os
import re
import stat
import time
from pathlib import Path

import pytest
from conftest import EXEMPLAR, TODAY, Tree, run_cli

from exemplars.content import disk_cache, load


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The names of the record files each check reads (every check appends its list)."""
    seen: list[str] = []
    real = load._load_records

    def counting(jobs, *args, **kwargs):
        seen.append(",".join(sorted(path.name for path, _, _ in jobs)))
        return real(jobs, *args, **kwargs)

    monkeypatch.setattr(load, "_load_records", counting)
    return seen


def check(root: Path, *extra: str, cwd: Path | None = None, env: dict[str, str] | None = None):
    result = run_cli(
        ["check", *extra, str(root)], cwd or root.parent, {"EXEMPLARS_TODAY": TODAY, **(env or {})}
    )
    assert "Traceback" not in result.stdout + result.stderr
    return result


def settled(*paths: Path) -> None:
    """Make files look written long ago: a cache keeps only files not changed just now."""
    old = time.time() - 60
    for path in paths:
        os.utime(path, (old, old))


def report(result) -> list[str]:
    return [line for line in result.stdout.splitlines() if re.match(r"^\S+:\d+: ", line)]


def test_a_second_check_reads_only_the_changed_file_and_answers_the_same(tree, reads):
    tree.minimal()
    tree.write("exemplars/tran-thi-binh.md", EXEMPLAR.replace("Nguyễn Văn An", "Trần Thị Bình"))
    settled(*tree.root.rglob("*.md"))
    first = check(tree.root)
    assert first.returncode == 0, first.stdout
    assert (tree.root.parent / ".cache" / "check").is_dir()

    unchanged = check(tree.root)
    assert unchanged.stdout == first.stdout
    assert reads[1] == ""  # nothing read again

    # A phone number is found by a rule about the file alone: kept with it, and found anew.
    changed = tree.write(
        "exemplars/tran-thi-binh.md",
        EXEMPLAR.replace("Nguyễn Văn An", "Trần Thị Bình"),
        "Liên hệ 0912 345 678.\n",
    )
    settled(changed)
    after = check(tree.root)
    assert reads[2] == "tran-thi-binh.md"
    assert after.returncode == 1
    assert after.stdout == check(tree.root, "--no-cache").stdout
    found = report(after)
    assert len(found) == 1 and "tran-thi-binh.md:8: body:" in found[0], found
    assert report(check(tree.root)) == found and reads[4] == ""  # the error, from the cache


def test_rules_across_files_run_every_time(tree, reads):
    """A file the cache holds is still checked against the others: deleting the exemplar a
    decision names is an error in the decision, which was not read again."""
    tree.minimal()
    settled(*tree.root.rglob("*.md"))
    assert check(tree.root).returncode == 0
    (tree.root / "exemplars" / "nguyen-van-an.md").unlink()
    result = check(tree.root)
    assert reads[-1] == ""
    assert result.returncode == 1
    assert any("245-qd-ubnd-tra-co.md" in line for line in report(result)), result.stdout
    assert "Đã kiểm tra 2 tệp" in result.stdout


def test_a_file_changed_twice_within_a_clock_tick_is_read_again(tree, monkeypatch, reads):
    """File times are coarse: two saves of the same size within one tick look alike. A file
    changed just before a check is not kept, so the next check reads it whatever its times."""
    real = load._stat_key

    def coarse(path):  # a file system whose clock ticks once a second
        key = real(path)
        if key is None:
            return None
        second = 1_000_000_000
        return (key[0], key[1] // second * second, key[2] // second * second, key[3])

    monkeypatch.setattr(load, "_stat_key", coarse)
    tree.minimal()
    path = tree.root / "exemplars" / "nguyen-van-an.md"
    first = check(tree.root)
    assert first.returncode == 0
    text = path.read_text(encoding="utf-8")
    phone = "0912345678".ljust(len("Câu chuyện".encode()), ".")
    path.write_text(text.replace("Câu chuyện", phone), encoding="utf-8")  # the same size
    assert len(path.read_bytes()) == len(text.encode())
    second = check(tree.root)
    assert "nguyen-van-an.md" in reads[-1]
    assert second.returncode == 1 and "0912" in second.stdout


def test_racy_means_changed_within_two_seconds_of_the_start():
    started = 100 * 1_000_000_000
    assert disk_cache._racy((1, started - 1_000_000_000, 0, 1), started)
    assert disk_cache._racy((1, started + 5, started + 5, 1), started)  # changed while read
    assert not disk_cache._racy((1, started - 3_000_000_000, started - 3_000_000_000, 1), started)


def test_paths_are_shown_from_the_folder_the_check_runs_in(tree, tmp_path):
    """Messages show paths from the working folder: a check from elsewhere is another cache."""
    tree.minimal()
    tree.write("exemplars/tran-thi-binh.md", "name: Bình\nkind: individual\nunit: khong-co\n")
    settled(*tree.root.rglob("*.md"))
    here = check(tree.root)
    elsewhere = check(tree.root, cwd=tmp_path / "content" / "exemplars")
    assert any(line.startswith("content/exemplars/tran-thi-binh.md:") for line in report(here))
    assert any(line.startswith("tran-thi-binh.md:") for line in report(elsewhere))
    assert len(list((tmp_path / ".cache" / "check").iterdir())) == 2


def test_a_cache_others_may_write_is_neither_read_nor_written(tree, reads):
    """Unpickling runs what the file says: only the user's own, private cache is trusted."""
    tree.minimal()
    settled(*tree.root.rglob("*.md"))
    check(tree.root)
    folder = tree.root.parent / ".cache" / "check"
    (cache,) = folder.iterdir()
    os.chmod(cache, 0o777)
    check(tree.root)
    assert len(reads[-1].split(",")) == 3  # every file read again
    shards = sorted(cache.iterdir())
    os.chmod(cache, 0o700)
    os.chmod(shards[0], shards[0].stat().st_mode | stat.S_IWOTH)
    assert check(tree.root).returncode == 0


def test_a_broken_cache_is_no_cache(tree, reads):
    tree.minimal()
    settled(*tree.root.rglob("*.md"))
    first = check(tree.root)
    (cache,) = (tree.root.parent / ".cache" / "check").iterdir()
    for shard in cache.iterdir():
        shard.write_bytes(b"\x80\x05not a pickle at all")
    again = check(tree.root)
    assert again.stdout == first.stdout
    assert len(reads[-1].split(",")) == 3
    assert check(tree.root).stdout == first.stdout and reads[-1] == ""  # written anew


def test_no_cache_and_off_leave_nothing(tree, tmp_path):
    tree.minimal()
    assert check(tree.root, "--no-cache").returncode == 0
    assert check(tree.root, env={"EXEMPLARS_CHECK_CACHE": "off"}).returncode == 0
    assert not (tmp_path / ".cache").exists()
    elsewhere = tmp_path / "bo-nho-dem"
    assert check(tree.root, env={"EXEMPLARS_CHECK_CACHE": str(elsewhere)}).returncode == 0
    assert elsewhere.is_dir() and not (tmp_path / ".cache").exists()


def test_only_the_newest_caches_are_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(disk_cache, "KEEP", 2)
    shared = tmp_path / "chung"
    for n in range(4):
        tree = Tree(tmp_path / f"site-{n}" / "content").minimal()
        settled(*tree.root.rglob("*.md"))
        check(tree.root, env={"EXEMPLARS_CHECK_CACHE": str(shared)})
    assert len(list(shared.iterdir())) == 2


def test_another_engine_is_another_cache(tree, monkeypatch, reads):
    """A change to the engine (a rule, the model) or its libraries must not reuse records."""
    tree.minimal()
    settled(*tree.root.rglob("*.md"))
    check(tree.root)
    check(tree.root)
    assert reads[-1] == ""
    monkeypatch.setattr(disk_cache, "_engine", lambda: "another engine")
    check(tree.root)
    assert len(reads[-1].split(",")) == 3


def test_problems_with_file_names_are_found_from_the_cache_too(tree, reads):
    """A badly named file, and two names that are one id: said again by every check."""
    tree.minimal()
    tree.write("exemplars/Tran Thi B.md", EXEMPLAR.replace("Nguyễn Văn An", "Trần Thị B"))
    tree.write("exemplars/tran-thi-b.md", EXEMPLAR.replace("Nguyễn Văn An", "Trần Thị B"))
    settled(*tree.root.rglob("*.md"))
    first = check(tree.root)
    assert first.returncode == 1
    assert first.stdout.count("tên tệp “Tran Thi B.md” không đúng quy tắc mã") == 1
    assert first.stdout.count("trùng mã với tệp") == 1, first.stdout
    again = check(tree.root)
    assert reads[-1] == "" and again.stdout == first.stdout


def test_the_cache_is_kept_whatever_the_umask(tree, reads):
    """With umask 002 (a group per user, as Debian may set it) the folders the check makes
    are private all the same: the cache is written, trusted and read back."""
    tree.minimal()
    settled(*tree.root.rglob("*.md"))
    before = os.umask(0o002)
    try:
        first = check(tree.root)
        again = check(tree.root)
    finally:
        os.umask(before)
    assert again.stdout == first.stdout and reads[-1] == ""
    folder = tree.root.parent / ".cache" / "check"
    assert not folder.stat().st_mode & (stat.S_IWGRP | stat.S_IWOTH)
