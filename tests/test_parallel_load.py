"""Loading a large tree on every core gives exactly what loading it file by file gives."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import ROOT, TODAY

from exemplars.content import load
from exemplars.content.checks import check
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
}


@pytest.fixture(scope="module")
def broken_tree(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("parallel") / "content"
    generate.generate(root, 120, seed=11)
    for relative, data in BROKEN.items():
        (root / relative).write_bytes(data)
    return root


def test_parallel_load_equals_serial_load(broken_tree: Path, monkeypatch):
    serial = load.load_content(broken_tree, parallel_threshold=10**9)

    pools = []

    class CountingPool(load.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            pools.append(kwargs.get("max_workers"))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(load, "ProcessPoolExecutor", CountingPool)
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
