"""A full `mkdocs build` renders a share of its pages in a forked copy of itself (build_hooks
`_share_pages`): the site it writes is the site a one-process build writes, byte for byte;
what the copy logs is printed and counted by the build; the QR codes it makes are kept."""

from __future__ import annotations

import filecmp
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import load_hooks
from mkdocs.exceptions import PluginError

from exemplars.site import qr

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.generate import generate  # noqa: E402
from benchmarks.run import our_config as _config  # noqa: E402  (this project's mkdocs.yml, another tree)

SITE_URL = "https://bangvang.example.vn/"
SHARED_LINE = "trang dựng ở tiến trình thứ hai"


def _build(config: Path, processes: str, engine: str = "mkdocs") -> str:
    env = dict(
        os.environ,
        EXEMPLARS_PAGE_PROCESSES=processes,
        EXEMPLARS_TODAY="2026-11-29",
        SOURCE_DATE_EPOCH="1764374400",
        NO_MKDOCS_2_WARNING="1",
    )
    done = subprocess.run(
        [sys.executable, "-m", engine, "build", "--strict", "-f", str(config)],
        cwd=config.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stderr


def _files(site: Path) -> dict[str, Path]:
    return {
        p.relative_to(site).as_posix(): p
        for p in site.rglob("*")
        if p.is_file() and not p.relative_to(site).as_posix().startswith("pagefind/")
    }


@pytest.mark.skipif(sys.platform == "win32", reason="fork is Linux and macOS only")
@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])  # both run these hooks
def test_a_build_sharing_its_pages_writes_the_site_one_process_writes(tmp_path: Path, engine):
    content = tmp_path / "content"
    generate(content, 40, seed=7)
    one = _build(_config(content, tmp_path / "one", tmp_path / "one.yml"), "1", engine)
    two = _build(_config(content, tmp_path / "two", tmp_path / "two.yml"), "2", engine)
    assert SHARED_LINE not in one
    assert SHARED_LINE in two  # the copy did render pages
    mine, theirs = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert sorted(mine) == sorted(theirs)
    pages = [name for name in mine if name.endswith("index.html")]
    assert len(pages) > 100
    differ = [k for k in sorted(mine) if not filecmp.cmp(mine[k], theirs[k], shallow=False)]
    assert differ == []
    fragments = [
        len(list((tmp_path / s / "pagefind" / "fragment").iterdir())) for s in ("one", "two")
    ]
    assert fragments[0] == fragments[1] > 0  # the stories were indexed by the build itself


class _Copy:
    """Stands for the forked copy: what `Forked.finish` hands back."""

    def __init__(self, done):
        self.done = done

    def finish(self):
        if isinstance(self.done, Exception):
            raise self.done
        return self.done


def test_the_copys_warnings_are_printed_and_counted_by_the_build(caplog):
    hooks = load_hooks("bangvang_hooks_shared")
    hooks.state.pages_forked = _Copy(
        ([("mkdocs.hooks.bangvang", logging.WARNING, "liên kết hỏng ở trang x")], None, None)
    )
    hooks.state.elsewhere = frozenset({"exemplars/x.md"})
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        hooks._finish_pages()
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert [r.getMessage() for r in warnings] == ["liên kết hỏng ở trang x"]
    assert warnings[0].name == "mkdocs.hooks.bangvang"  # strict mode's counter sees it
    assert any("1 trang dựng ở tiến trình thứ hai" in r.getMessage() for r in caplog.records)
    assert hooks.state.elsewhere == frozenset() and hooks.state.pages_forked is None


@pytest.mark.parametrize(
    "done",
    [
        (
            [("mkdocs.commands.build", logging.ERROR, "Error building page 'a.md'")],
            "KeyError: x",
            None,
        ),
        RuntimeError("tiến trình phụ dừng đột ngột"),
    ],
)
def test_a_failure_in_the_copy_stops_the_build_with_its_reason(done, caplog):
    hooks = load_hooks("bangvang_hooks_shared")
    hooks.state.pages_forked = _Copy(done)
    with pytest.raises(
        PluginError, match="Không dựng được một phần các trang: .*(KeyError|đột ngột)"
    ):
        hooks._finish_pages()
    if isinstance(done, tuple):
        assert "Error building page 'a.md'" in caplog.text


def test_codes_the_copy_makes_or_reads_are_kept_by_the_build(tmp_path: Path):
    cache = tmp_path / "codes.json"
    first = qr.QrCodes(cache)
    first.get(SITE_URL + "exemplars/cached/")
    first.save()

    build = qr.QrCodes(cache)
    build.get(SITE_URL + "exemplars/a/")  # made by the build before the copy starts
    copy = qr.QrCodes(cache)  # the copy, as forked: it starts with the build's codes
    copy._codes = dict(build._codes)
    copy.made = build.made
    copy.forked()
    copy.get(SITE_URL + "exemplars/a/")  # inherited: not the copy's to report
    made = copy.get(SITE_URL + "exemplars/b/")
    copy.get(SITE_URL + "exemplars/cached/")  # read back from the cache
    used = copy.share()
    assert sorted(used.made) == [SITE_URL + "exemplars/b/"]
    assert used.reused == [SITE_URL + "exemplars/cached/"]

    build.absorb(used)
    assert (build.made, build.reused) == (2, 1)  # counts of addresses, each once
    build.absorb(used)  # a second report of the same codes changes nothing
    assert (build.made, build.reused) == (2, 1)
    build.save()
    saved = json.loads(cache.read_text(encoding="utf-8"))["codes"]
    assert sorted(saved) == sorted(SITE_URL + f"exemplars/{n}/" for n in ("a", "b", "cached"))
    again = qr.QrCodes(cache)
    assert again.get(SITE_URL + "exemplars/b/") == made and again.made == 0
