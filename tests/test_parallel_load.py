"""Loading a large tree on every core gives exactly what loading it file by file gives."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import pytest
from conftest import ROOT, TODAY

from exemplars.content import load
from exemplars.content.checks import check
from exemplars.site import checks as site_checks
from exemplars.text import parse_date

sys.path.insert(0, str(ROOT))

from benchmarks import generate  # noqa: E402

BROKEN = {
    # Not UTF-8.
    "exemplars/latin-1.md": "---\nname: Tr\xe2n\n---\n".encode("latin-1"),
    # No front matter at all.
    "exemplars/khong-co-phan-dau.md": "Chỉ có nội dung.\n".encode(),
    # YAML that does not parse.
    "exemplars/yaml-hong.md": b"---\nname: a: b\nkind: individual\n---\n",
    # A field written twice and one misspelt.
    "stories/viet-hai-lan.md": "---\ntitle: Một\ntitle: Hai\ndatee: 2021-01-01\n---\n".encode(),
    # A file name that is not an id, and one that collides with another after normalising.
    "exemplars/Ten_Sai.md": b"---\nname: x\n---\n",
    "exemplars/ten-sai.md": b"---\nkind: nobody\n---\n",
    # Personal data and a health word, for the privacy rules that read every line.
    "exemplars/so-dien-thoai.md": (
        "---\nname: Nguyễn Văn Á\nkind: individual\n---\nĐT 0912 345 678, từng là F0.\n"
    ).encode(),
    # A date that does not exist.
    "commendations/ngay-sai.md": b"---\ndate: 2021-02-31\n---\n",
    # Markup the sanitizer removes (check 15, through the site's renderer).
    "stories/co-ma.md": (
        "---\ntitle: Có mã\ndate: 2021-01-01\nauthor: Quang Vĩnh\nsource: Trung tâm\n---\n"
        "Chữ <script>alert(1)</script> thường.\n"
    ).encode(),
}


@pytest.fixture(scope="module")
def broken_tree(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("parallel") / "content"
    generate.generate(root, 120, seed=11)
    for relative, data in BROKEN.items():
        (root / relative).write_bytes(data)
    return root


def _count_pools(monkeypatch) -> list:
    """The worker counts of the process pools the load starts, as they start."""
    pools = []

    class CountingPool(load.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            pools.append(kwargs.get("max_workers"))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(load, "ProcessPoolExecutor", CountingPool)
    return pools


def test_parallel_load_equals_serial_load(broken_tree: Path, monkeypatch):
    serial = load.load_content(broken_tree, parallel_threshold=10**9)

    pools = _count_pools(monkeypatch)
    monkeypatch.setattr(load, "_workers", lambda: 2)  # even on one core or under threads
    parallel = load.load_content(broken_tree, parallel_threshold=2)

    assert pools == [1], "the parallel path did not run"  # this process and one worker
    assert parallel.files_read == serial.files_read > 150
    assert parallel.problems == serial.problems
    assert {str(p.path).rsplit("/", 1)[-1] for p in serial.problems if p.is_error} >= {
        "latin-1.md",
        "khong-co-phan-dau.md",
        "yaml-hong.md",
        "Ten_Sai.md",
        "ten-sai.md",
        "ngay-sai.md",
    }
    assert parallel.broken == serial.broken
    assert parallel.records == serial.records  # fields and origins: text, body, lines
    today = parse_date(TODAY)
    assert check(parallel, today) == check(serial, today)
    for kind, records in serial.records.items():
        assert [r.id for r in parallel.records[kind]] == [r.id for r in records]
        for mine, theirs in zip(parallel.records[kind], records, strict=True):
            assert mine.origin.body == theirs.origin.body
            assert mine.origin.text == theirs.origin.text
            assert mine.origin.lines == theirs.origin.lines


def test_small_trees_load_in_this_process(broken_tree: Path, monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started for a small tree")

    monkeypatch.setattr(load, "ProcessPoolExecutor", no_pool)
    content = load.load_content(broken_tree)  # under the default threshold
    assert content.files_read > 150


def test_check_runs_the_rules_of_one_file_where_it_is_read(broken_tree: Path, monkeypatch):
    """`check_content` runs the rules about one file alone as each file is read, in the load's
    worker processes too: the same problems as every rule run after a serial load."""
    today = parse_date(TODAY)
    people = [
        path
        for path in sorted((broken_tree / "exemplars").glob("*.md"))
        if b"kind: individual" in path.read_bytes()
    ]
    saved = {path: path.read_text(encoding="utf-8") for path in (people[0], people[-1])}
    for path, text in saved.items():  # in this process's share and in the worker's
        path.write_text(
            text + "\nĐT 0912 345 678, từng là F0.\n\n![Ảnh](anh-goc.jpg)\n", encoding="utf-8"
        )
    try:
        _check_both_ways(broken_tree, today, monkeypatch)
    finally:
        for path, text in saved.items():
            path.write_text(text, encoding="utf-8")


def _check_both_ways(broken_tree: Path, today, monkeypatch) -> None:
    serial = load.load_content(broken_tree, parallel_threshold=10**9)
    expected = sorted(set(check(serial, today) + site_checks.site_checks(serial)))

    pools = _count_pools(monkeypatch)
    monkeypatch.setattr(load, "_workers", lambda: 2)
    monkeypatch.setattr(
        site_checks, "load_content", functools.partial(load.load_content, parallel_threshold=2)
    )
    _, found = site_checks.check_content(broken_tree, today)

    assert pools == [1], "the parallel path did not run"
    assert found == expected
    messages = [p.message for p in found]
    assert any("dữ liệu cá nhân không được công bố" in m for m in messages)  # rule 13
    assert any("từ ngữ về sức khỏe" in m for m in messages)  # the health warning
    assert any("sẽ bị loại bỏ khi đăng" in m for m in messages)  # check 15, markup
    assert any("chèn trong nội dung sẽ không được đăng" in m for m in messages)  # images
