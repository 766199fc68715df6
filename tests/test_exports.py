"""The build's non-page files, written by a forked process while pages are rendered."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from exemplars.site.exports import Exports, write_files


def test_a_forked_process_writes_the_files_and_says_how_many(tmp_path: Path):
    made_in = []

    def make() -> dict[str, str | bytes]:
        made_in.append(os.getpid())  # in the child: this list stays empty here
        return {"lookup/terms.json": '{"a": "Trà Cổ"}', "data/x.csv": b"id\n1\n"}

    exports = Exports(make, tmp_path)
    assert exports.finish() == 2
    assert made_in == []  # made in the other process
    assert (tmp_path / "lookup" / "terms.json").read_text(encoding="utf-8") == '{"a": "Trà Cổ"}'
    assert (tmp_path / "data" / "x.csv").read_bytes() == b"id\n1\n"


def test_a_failure_in_the_child_reaches_the_build_with_its_reason(tmp_path: Path):
    def make() -> dict[str, str | bytes]:
        raise ValueError("catalog hỏng")

    exports = Exports(make, tmp_path)
    with pytest.raises(RuntimeError, match="ValueError: catalog hỏng"):
        exports.finish()


def test_a_child_that_dies_is_a_failure_not_a_hang(tmp_path: Path):
    def make() -> dict[str, str | bytes]:
        os._exit(3)

    with pytest.raises(RuntimeError, match="dừng đột ngột"):
        Exports(make, tmp_path).finish()


@pytest.mark.parametrize("uri", ["../outside.json", "/etc/bangvang.json", "a/../../b.json"])
def test_no_file_is_written_outside_the_site(tmp_path: Path, uri: str):
    site = tmp_path / "site"
    site.mkdir()
    with pytest.raises(ValueError, match="ngoài thư mục site"):
        write_files({uri: "x"}, site)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["site"]


def test_a_symlink_out_of_the_site_is_refused(tmp_path: Path):
    site, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    site.mkdir()
    elsewhere.mkdir()
    (site / "data").symlink_to(elsewhere)
    with pytest.raises(ValueError):
        write_files({"data/x.json": "x"}, site)
    assert not list(elsewhere.iterdir())


@pytest.mark.parametrize("in_order", [True, False])
def test_parts_are_written_one_after_another(tmp_path: Path, in_order: bool):
    def first() -> dict[str, str | bytes]:
        return {"a.json": "a"}

    def second() -> dict[str, str | bytes]:
        if not (tmp_path / "a.json").exists():  # made in the child: fails the finish
            raise AssertionError("phần trước chưa được ghi")
        return {"b.json": "b"}

    if not in_order:
        with pytest.raises(RuntimeError, match="phần trước chưa được ghi"):
            Exports([second, first], tmp_path).finish()
        return
    assert Exports([first, second], tmp_path).finish() == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.json"]
