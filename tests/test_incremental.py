"""The preview (`make serve` = `mkdocs serve --dirty`) renders only what an edit changed, and
its site is byte for byte the site a full build writes, after every kind of edit.

The preview's builds run in this process, as `mkdocs serve` runs them (one hook module, its
state kept between builds); each full build runs in a fresh process. Pagefind's files are
compared by count only: their names and bytes differ from one indexing run to the next.
"""

from __future__ import annotations

import filecmp
import gc
import json
import logging
import sys
import time
from datetime import date
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate  # noqa: E402
from exemplars.site import boards, incremental  # noqa: E402

TODAY = "2026-11-29"
SERVE_URL = "http://127.0.0.1:8000/"
EPOCH = "1764374400"  # 2025-11-29: sitemap dates and the sitemap's gzip header
SHARED_LINE = "trang dựng ở tiến trình thứ hai"
LATER_LINE = "trang danh sách đã xong"


def _config(content: Path, site: Path, path: Path) -> Path:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(
        docs_dir=str(content),
        site_dir=str(site),
        site_url=SERVE_URL,
        hooks=[str(ROOT / "build_hooks.py")],
        watch=[],
    )
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    config["nav"] = [
        item
        for item in config["nav"]
        if (content / list(item.values())[0]).exists()
        or list(item.values())[0].endswith("/index.md")
    ]
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


class Preview:
    """`mkdocs serve --dirty`'s builds, in this process, and full builds to compare with."""

    def __init__(self, config: Path, site: Path):
        self.config_path, self.site = config, site
        self._config().plugins.on_startup(command="serve", dirty=True)
        self.hooks = sys.modules[str(ROOT / "build_hooks.py")]

    def _config(self, site: Path | None = None):
        from mkdocs.config import load_config

        config = load_config(str(self.config_path), site_dir=str(site or self.site))
        config.site_url = SERVE_URL
        return config

    def build(self, wait: bool = True) -> int:
        """One rebuild after a save; returns how many pages it rendered. `wait`: until the
        background job (later pages, open data, search index) is done too."""
        from mkdocs.commands.build import build

        build(self._config(), serve_url=SERVE_URL, dirty=True)
        if not wait:
            return self.hooks.state.preview.rendered
        self.hooks.state.preview.background.wait()
        assert self.hooks.state.preview.background.error is None
        return self.hooks.state.preview.rendered

    def full_build(self, site: Path) -> None:
        """What `mkdocs serve` without --dirty writes: every page, into a clean folder."""
        from mkdocs.commands.build import build

        preview = self.hooks.state.preview
        config = self._config(site)
        config.plugins.on_startup(command="serve", dirty=False)
        try:
            build(config, serve_url=SERVE_URL, dirty=False)
        finally:
            self.hooks.state.preview = preview


def _generated_preview(tmp_path: Path, records: int, seed: int) -> tuple[Path, Preview]:
    """The generator's tree of `records` exemplars in tmp_path/content, and a preview of it
    into tmp_path/preview, not built yet."""
    content = tmp_path / "content"
    generate(content, records, seed=seed)
    config = _config(content, tmp_path / "preview", tmp_path / "mkdocs.yml")
    return content, Preview(config, tmp_path / "preview")


def _tree(site: Path) -> dict[str, Path]:
    return {
        p.relative_to(site).as_posix(): p
        for p in site.rglob("*")
        if p.is_file() and not p.relative_to(site).as_posix().startswith("pagefind/")
    }


def _same_site(preview: Path, full: Path) -> None:
    mine, theirs = _tree(preview), _tree(full)
    assert sorted(mine.keys() - theirs.keys()) == [], "only in the preview"
    assert sorted(theirs.keys() - mine.keys()) == [], "only in the full build"
    differ = [k for k in sorted(mine) if not filecmp.cmp(mine[k], theirs[k], shallow=False)]
    assert differ == [], "differ between preview and full build"
    folders = {p.relative_to(preview) for p in preview.rglob("*") if p.is_dir()}
    assert folders == {p.relative_to(full) for p in full.rglob("*") if p.is_dir()}

    def fragments(site: Path) -> int:
        return sum(1 for _ in (site / "pagefind" / "fragment").iterdir())

    assert fragments(preview) == fragments(full), "search index of another set of pages"


def _front(path: Path) -> tuple[dict, str]:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


def _write(path: Path, front: dict, body: str) -> None:
    text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    path.write_text(f"---\n{text}---\n{body}", encoding="utf-8")


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setenv("EXEMPLARS_TODAY", TODAY)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")


@pytest.mark.parametrize(
    ("part_size", "processes", "later"),
    [(boards.PART_SIZE, "1", incremental.LATER_THRESHOLD), (4, "2", 0), (4, "1", 0)],
)
def test_preview_equals_full_build_after_each_edit(
    tmp_path: Path, today, monkeypatch, part_size: int, processes: str, later: int, caplog
) -> None:
    # Parts of 4 entries: every board of the sample has several, and each edit shifts
    # entries across parts of a touched board, whose untouched parts the preview keeps.
    monkeypatch.setattr(boards, "PART_SIZE", part_size)
    # 0: every rebuild renders its listings and boards after it returns, in a forked copy.
    monkeypatch.setattr(incremental, "LATER_THRESHOLD", later)
    # "2": every rebuild renders a share of its pages in a forked copy (as a preview does
    # for many pages), "1": none does.
    monkeypatch.setenv("EXEMPLARS_PAGE_PROCESSES", processes)
    content, preview = _generated_preview(tmp_path, 120, seed=7)
    first = preview.build()
    exemplars = content / "exemplars"
    referenced = set()
    for decision in (content / "commendations").glob("*.md"):
        front, _ = _front(decision)
        referenced |= {r["exemplar"] for r in front["recipients"] if "exemplar" in r}
    for story in (content / "stories").glob("*.md"):
        referenced |= set(_front(story)[0].get("exemplars", []))
    named = sorted(referenced)[0]
    loose = sorted(p.stem for p in exemplars.glob("*.md") if p.stem not in referenced)
    a_decision = sorted((content / "commendations").glob("*.md"))[0]

    def add() -> None:
        front, body = _front(exemplars / f"{named}.md")
        _write(exemplars / "aa-moi-them.md", {**front, "name": "An Văn Mới"}, body)

    def change() -> None:
        # Renamed, and moved to another unit: its decisions join that unit's board.
        front, body = _front(exemplars / f"{named}.md")
        units = sorted({_front(p)[0]["unit"] for p in exemplars.glob("*.md")} - {front["unit"]})
        changed = {**front, "name": "Ân Thị Đổi Tên", "unit": units[0]}
        _write(exemplars / f"{named}.md", changed, body + "Thêm.\n")

    def decision() -> None:
        front, body = _front(a_decision)
        front["number"] = "9999/QĐ-UBND"
        front["award"] = "giay-khen"
        front["recipients"] = [{"exemplar": named}, {"exemplar": "aa-moi-them"}]
        _write(content / "commendations" / "9999-qd-ubnd-moi.md", front, body)

    def revoke() -> None:
        # Records that name others: the decisions they revoke or correct and the exemplars
        # of those gain a line; a new story names an exemplar no record named before.
        # (Not a_decision: embargoed later, it could no longer be named.)
        target = next(
            d
            for d in sorted((content / "commendations").glob("*.md"))[1:]
            if any("exemplar" in r for r in _front(d)[0].get("recipients", []))
        )
        front, body = _front(target)
        named_by = [r["exemplar"] for r in front["recipients"] if "exemplar" in r]
        _write(
            content / "commendations" / "9998-qd-ubnd-huy.md",
            {
                **{k: v for k, v in front.items() if k not in ("award", "recipients", "rank")},
                "number": "9998/QĐ-UBND",
                "revokes": [{"commendation": target.stem, "exemplar": named_by[0]}],
                "corrects": [target.stem],
            },
            body,
        )
        story = sorted((content / "stories").glob("*.md"))[0]
        front, body = _front(story)
        _write(story, {**front, "exemplars": [*front.get("exemplars", []), loose[3]]}, body)

    def rename() -> None:
        (exemplars / f"{loose[0]}.md").rename(exemplars / "zz-doi-ten.md")

    def delete() -> None:
        (exemplars / f"{loose[1]}.md").unlink()

    def embargo() -> None:
        front, body = _front(a_decision)
        _write(a_decision, {**front, "publish_date": "2027-01-01"}, body)

    def draft() -> None:
        front, body = _front(exemplars / f"{loose[2]}.md")
        _write(exemplars / f"{loose[2]}.md", {**front, "status": "draft"}, body)

    def nav() -> None:
        # A record joins the nav under a title of its own: its Page must be made anew.
        settings = yaml.safe_load(preview.config_path.read_text(encoding="utf-8"))
        settings["nav"].append({"Gương tiêu biểu": f"exemplars/{named}.md"})
        preview.config_path.write_text(
            yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8"
        )

    edits = (add, change, decision, revoke, rename, delete, embargo, draft, nav)
    for number, edit in enumerate(edits):
        edit()
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="mkdocs"):
            rendered = preview.build()
        shared = [r for r in caplog.records if SHARED_LINE in r.getMessage()]
        assert len(shared) == (processes == "2"), edit.__name__
        followed = [r for r in caplog.records if LATER_LINE in r.getMessage()]
        if later == 0 and edit is not nav:  # (nav renders every page, as a first build)
            assert len(followed) == 1, edit.__name__
        print(f"{edit.__name__}: rendered {rendered} of {first} pages")
        # The nav is on every page: that edit renders them all.
        limit = first + 1 if edit is nav else first / 4
        assert 0 < rendered < limit, f"{edit.__name__}: rendered {rendered} of {first}"
        full = tmp_path / f"full-{number}"
        preview.full_build(full)
        _same_site(tmp_path / "preview", full)
    # Nothing changed: nothing but the pages rendered on every build.
    assert preview.build() < 10
    # MkDocs' Page objects outside the nav are the last build's, not made again.
    kept = dict(preview.hooks.state.preview.pages)
    preview.build()
    assert len(kept) > first / 2
    assert all(preview.hooks.state.preview.pages[uri] is page for uri, page in kept.items())
    # Between saves what the preview keeps is moved out of the collector's way.
    assert gc.get_freeze_count() > 0
    gc.unfreeze()


def test_listings_follow_the_records_pages(tmp_path: Path, today, monkeypatch) -> None:
    """A rebuild with many listings to render shows the saved records' pages first; the
    listings follow from a forked copy. A save before the copy is done stops it, and that
    newer build renders what it had not written: the site is still the full build's."""
    from mkdocs.livereload import LiveReloadServer

    monkeypatch.setattr(incremental, "LATER_THRESHOLD", 0)
    content, preview = _generated_preview(tmp_path, 40, seed=11)
    preview.build()
    hooks = preview.hooks
    # The copy renders once it is told to: "go" is a file, it runs in another process.
    go = tmp_path / "go"
    render_here = hooks._render_here

    def held(*args, **kwargs):
        while not go.exists():
            time.sleep(0.01)
        return render_here(*args, **kwargs)

    monkeypatch.setattr(hooks, "_render_here", held)
    decision = sorted((content / "commendations").glob("*.md"))[0]
    front, body = _front(decision)
    named = next(r["exemplar"] for r in front["recipients"] if "exemplar" in r)
    _write(
        content / "commendations" / "9999-qd-ubnd-moi.md", {**front, "number": "9999/QĐ-UBND"}, body
    )
    preview.build(wait=False)
    site = tmp_path / "preview"
    board = "print/commendations/9999-qd-ubnd-moi/index.html"
    assert "9999/QĐ-UBND" in (site / "exemplars" / named / "index.html").read_text("utf-8")
    assert not (site / board).exists()
    digests = hooks.state.preview.digests
    assert digests["print/commendations/9999-qd-ubnd-moi.md"] is None  # rendered again unless
    # The sitemap lists the new pages once the copy has written them, with the listings.
    assert "/commendations/9999-qd-ubnd-moi/" not in (site / "sitemap.xml").read_text("utf-8")
    assert hooks.state.preview.theme_token is None  # written again unless the copy finishes
    # A second save while the copy waits: the copy stops, this build takes its pages over.
    front["number"] = "9998/QĐ-UBND"
    _write(content / "commendations" / "9998-qd-ubnd-moi.md", front, body)
    preview.build(wait=False)  # (rendered here if the background job still ran: no fork)
    go.touch()
    hooks.state.preview.background.wait()
    assert hooks.state.preview.background.error is None
    assert (site / board).exists()
    assert hooks.state.preview.digests["print/commendations/9999-qd-ubnd-moi.md"] is not None
    preview.full_build(tmp_path / "full")
    _same_site(site, tmp_path / "full")
    # The background job is idle: the copy is forked, and the browsers of `mkdocs serve`
    # reload once it has written the listings.
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(site))
    monkeypatch.setattr(hooks.state, "server", server)
    try:
        shown = server._visible_epoch
        front["number"] = "9997/QĐ-UBND"
        _write(content / "commendations" / "9997-qd-ubnd-moi.md", front, body)
        preview.build(wait=False)
        assert hooks.state.preview.later is not None
        assert server._visible_epoch == shown
        hooks.state.preview.background.wait()
        assert server._visible_epoch > shown
    finally:
        server.server_close()
    # The background job saved the QR codes: the new decision's, and every other page's.
    codes = json.loads((tmp_path / ".cache" / "qr" / "codes.json").read_text("utf-8"))["codes"]
    assert f"{SERVE_URL}commendations/9997-qd-ubnd-moi/" in codes
    records = [p for folder in ("exemplars", "commendations") for p in (content / folder).iterdir()]
    assert len(codes) >= len(records)


def test_listing_digests_are_worked_out_here_when_their_copy_fails(
    tmp_path: Path, today, monkeypatch, caplog
) -> None:
    """A save's listing and board digests come from a forked copy; if it dies, the build
    works them out itself and writes the same site."""
    content, preview = _generated_preview(tmp_path, 30, seed=5)
    preview.build()
    hooks = preview.hooks
    real = hooks.Forked
    started: list[str] = []

    class Died:
        def __init__(self, job, name: str) -> None:
            started.append(name)

        def finish(self):
            raise RuntimeError("tiến trình phụ dừng đột ngột")

        def close(self) -> None:
            pass

    def forked(job, name: str):
        return Died(job, name) if name == "bangvang-digests" else real(job, name)

    monkeypatch.setattr(hooks, "Forked", forked)
    decision = sorted((content / "commendations").glob("*.md"))[0]
    front, body = _front(decision)
    _write(
        content / "commendations" / "9999-qd-ubnd-moi.md", {**front, "number": "9999/QĐ-UBND"}, body
    )
    with caplog.at_level(logging.INFO):
        preview.build()
    assert started == ["bangvang-digests"]
    assert "tính lại dấu vết các trang danh sách tại chỗ" in caplog.text
    preview.full_build(tmp_path / "full")
    _same_site(tmp_path / "preview", tmp_path / "full")


def test_browsers_reload_when_the_later_pages_are_written(monkeypatch) -> None:
    from conftest import load_hooks
    from mkdocs.livereload import LiveReloadServer

    hooks = load_hooks("hooks_reload")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root="/tmp")
    try:
        monkeypatch.setattr(hooks.state, "server", server)
        before = server._visible_epoch
        hooks._reload_browsers()
        assert server._visible_epoch > before
        assert server._visible_epoch == server._wanted_epoch  # pages are served at once
        # A build runs: its end reloads the browsers, not this.
        server._wanted_epoch = running = server._visible_epoch + 10
        shown = server._visible_epoch
        hooks._reload_browsers()
        assert (server._visible_epoch, server._wanted_epoch) == (shown, running)
    finally:
        server.server_close()


def test_checks_with_kept_files_find_what_a_fresh_check_finds(tmp_path: Path, today) -> None:
    from exemplars.content.load import FileCache
    from exemplars.site.checks import check_content

    content = tmp_path / "content"
    generate(content, 40, seed=3)
    cache = FileCache()
    check_content(content, cache=cache)
    first, second = sorted((content / "exemplars").glob("*.md"))[:2]
    front, body = _front(first)
    _write(first, front, body + "Anh từng bị cách ly, gọi 0912 345 678.\n")
    front, body = _front(second)
    _write(second, front, body.replace("cách ly", "nghỉ"))
    _, kept = check_content(content, cache=cache)
    assert cache.reused >= 40 and cache.read >= 2
    _, fresh = check_content(content)
    assert kept == fresh
    assert any(p.path.endswith(first.name) and p.is_error for p in kept)


@pytest.mark.parametrize("wait", [60.0, 0.0])
def test_a_preview_checks_across_files_aside_and_stops_at_the_same_errors(
    tmp_path: Path, today, monkeypatch, wait: float
) -> None:
    """A preview's save runs the rules across files in a forked copy while it plans the
    site: the problems are a fresh check's, and errors stop the build, even errors that
    broke the planning. 0: the copy is too slow and is stopped; the rules run here."""
    from exemplars.content.load import FileCache
    from exemplars.site import checks
    from exemplars.site.build import ContentError, Site

    monkeypatch.setattr(checks, "ASIDE_SECONDS", wait)
    content = tmp_path / "content"
    generate(content, 40, seed=13)
    exemplar = sorted((content / "exemplars").glob("*.md"))[0]
    front, body = _front(exemplar)
    _write(exemplar, front, body + "Anh từng bị cách ly.\n")  # a warning of a rule on one file
    cache = FileCache()
    site = Site(content, cache=cache, aside=True)
    _, fresh = checks.check_content(content)
    assert site.problems == fresh and any(not p.is_error for p in fresh)
    decision = sorted((content / "commendations").glob("*.md"))[0]
    original = decision.read_text(encoding="utf-8")
    front, body = _front(decision)
    front["recipients"] = [{"exemplar": "khong-co-ai"}]  # a rule across files says so
    _write(decision, front, body)
    _, fresh = checks.check_content(content)
    assert any(p.is_error for p in fresh)
    with pytest.raises(ContentError) as stopped:
        Site(content, cache=cache, aside=True)
    assert stopped.value.problems == fresh

    def broken(self, progress) -> None:
        raise KeyError("khong-co-ai")

    monkeypatch.setattr(Site, "_plan", broken)
    with pytest.raises(ContentError) as stopped:
        Site(content, cache=cache, aside=True)
    assert stopped.value.problems == fresh
    decision.write_text(original, encoding="utf-8")
    with pytest.raises(KeyError):  # no error in the content: a fault of the engine's own
        Site(content, cache=cache, aside=True)


def test_a_board_part_context_of_anything_more_is_walked(tmp_path: Path, today, monkeypatch):
    """A board part's digest stands for the context `Renderer._board` makes; a key added
    to it, which the part token knows nothing of, sends the part to the full walk."""
    from exemplars.content.load import FileCache
    from exemplars.site import render
    from exemplars.site.build import Site

    content = tmp_path / "content"
    generate(content, 30, seed=5)
    cache = FileCache()
    site = Site(content, cache=cache)
    spec = next(s for s in site.pages.values() if s.view == "board")
    assert incremental.Digests(site, cache, "x")._part_token(spec) is not None
    made = render.Renderer._board
    monkeypatch.setattr(render.Renderer, "_board", lambda self, s: {**made(self, s), "x": 1})
    assert incremental.Digests(site, cache, "x")._part_token(spec) is None


def test_a_preview_never_forks_while_its_background_job_runs(monkeypatch):
    """A fork copies the locks other threads hold: while the background job (open data,
    search index) runs, a rebuild renders every page itself."""
    import threading

    from conftest import load_hooks

    hooks = load_hooks("hooks_background_fork")
    monkeypatch.setenv("EXEMPLARS_PAGE_PROCESSES", "2")
    hooks.state.preview = incremental.Preview()
    assert hooks._shares_pages(100)
    running, release = threading.Event(), threading.Event()

    def job() -> None:
        running.set()
        release.wait()

    hooks.state.preview.background.submit(job)
    running.wait()
    try:
        assert not hooks._shares_pages(100)
    finally:
        release.set()
        hooks.state.preview.background.wait()
    assert hooks._shares_pages(100)


def test_forking_is_safe_only_while_the_background_job_waits() -> None:
    """The background job writes open data (templates, their locks) and then waits for the
    later pages and for Pagefind: only then, or idle, may the preview fork a copy."""
    import threading

    from exemplars.site.incremental import Background

    background = Background()
    with background.fork_safe() as safe:
        assert safe  # idle
    writing, waiting, release = threading.Event(), threading.Event(), threading.Event()

    def job() -> None:
        writing.set()
        waiting.wait()
        with background.forkable():
            release.wait()

    background.submit(job)
    writing.wait()
    try:
        with background.fork_safe() as safe:
            assert not safe
        waiting.set()
        while True:
            with background.fork_safe() as safe:
                if safe:
                    break
    finally:
        waiting.set()
        release.set()
        background.wait()
    with background.fork_safe() as safe:
        assert safe


def test_a_check_aside_that_fails_here_stops_its_copy(tmp_path: Path, today, monkeypatch):
    """The per-file rules run here while the copy runs the others: if they fail, the copy
    is stopped, not left waiting to send an answer nobody reads."""
    import multiprocessing

    from exemplars.content.load import FileCache
    from exemplars.site import checks

    content = tmp_path / "content"
    generate(content, 20, seed=17)

    def broken(*args) -> list:
        raise RuntimeError("hỏng")

    monkeypatch.setattr(checks, "_per_file_with_cache", broken)
    with pytest.raises(RuntimeError):
        checks.check_content_aside(content, date(2026, 11, 29), FileCache())
    assert not [p for p in multiprocessing.active_children() if p.name == "bangvang-check"]


def test_listings_are_rendered_in_the_build_where_no_copy_can_be_forked(
    tmp_path: Path, today, monkeypatch
) -> None:
    from exemplars.site import exports

    monkeypatch.setattr(incremental, "LATER_THRESHOLD", 0)
    content, preview = _generated_preview(tmp_path, 30, seed=19)
    preview.build()
    monkeypatch.setattr(exports, "can_fork", lambda: False)
    decision = sorted((content / "commendations").glob("*.md"))[0]
    front, body = _front(decision)
    _write(
        content / "commendations" / "9999-qd-ubnd-moi.md", {**front, "number": "9999/QĐ-UBND"}, body
    )
    preview.build(wait=False)
    assert preview.hooks.state.preview.later is None
    assert (tmp_path / "preview" / "print/commendations/9999-qd-ubnd-moi/index.html").exists()
    preview.hooks.state.preview.background.wait()
    preview.full_build(tmp_path / "full")
    _same_site(tmp_path / "preview", tmp_path / "full")


def test_a_preview_lists_the_files_mkdocs_lists_making_only_new_ones(
    tmp_path: Path, monkeypatch
) -> None:
    """`_SameFiles` (a preview's `get_files`) copies the File of a path it has seen, and its
    inclusion while the rules are the same; the list, its order, the exclusions and the
    README/index conflicts stay MkDocs' own."""
    import pathspec
    from conftest import load_hooks
    from mkdocs.config import load_config
    from mkdocs.structure import files as mkdocs_files

    hooks = load_hooks("hooks_same_files")
    docs = tmp_path / "docs"
    for name in (
        "index.md",
        "a/index.md",
        "a/README.md",  # beside index.md: MkDocs drops it
        "b/README.md",  # alone: the folder's index
        "b/ảnh.png",
        "c/nháp.tmp",  # excluded by exclude_docs
        ".an.md",  # a dotfile: excluded by MkDocs' default
        "d/not-listed.md",  # not_in_nav
    ):
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text("# x\n", encoding="utf-8")
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(
        f"site_name: x\ndocs_dir: {docs}\nsite_dir: {tmp_path / 'site'}\n"
        "exclude_docs: '*.tmp'\nnot_in_nav: /d/\n",
        encoding="utf-8",
    )
    config = load_config(str(config_file))
    same = hooks._SameFiles(mkdocs_files.get_files)
    monkeypatch.setattr(hooks.state, "preview", object())

    def listed(files) -> list[tuple[type, dict]]:
        return [(type(f), vars(f)) for f in files]

    made: list[str] = []
    real_init = mkdocs_files.File.__init__

    def counting_init(self, path, *args, **kwargs) -> None:
        made.append(path)
        real_init(self, path, *args, **kwargs)

    monkeypatch.setattr(mkdocs_files.File, "__init__", counting_init)
    matched: list[str] = []
    real_match = pathspec.PathSpec.match_file

    def counting_match(self, path, *args, **kwargs) -> bool:
        matched.append(path)
        return real_match(self, path, *args, **kwargs)

    monkeypatch.setattr(pathspec.PathSpec, "match_file", counting_match)
    assert listed(same(config)) == listed(mkdocs_files.get_files(config))
    assert "a/README.md" not in [f.src_uri for f in same(config)]
    made.clear()
    (docs / "a" / "index.md").unlink()  # now a/README.md is the folder's index
    (docs / "e.md").write_text("# e\n", encoding="utf-8")
    matched.clear()
    mine = listed(same(config))
    assert made == ["./e.md"]  # every other File is a copy of the one first made
    assert set(matched) == {"e.md"}  # the same rules: only the new path is matched
    assert mine == listed(mkdocs_files.get_files(config))
    assert "a/README.md" in [attributes["src_uri"] for _, attributes in mine]
    # New rules (mkdocs.yml edited): every path is matched again.
    config_file.write_text(
        config_file.read_text(encoding="utf-8").replace("not_in_nav: /d/", "not_in_nav: /b/"),
        encoding="utf-8",
    )
    config = load_config(str(config_file))
    matched.clear()
    assert listed(same(config)) == listed(mkdocs_files.get_files(config))
    assert {"d/not-listed.md", "b/README.md", "index.md"} <= set(matched)
    monkeypatch.setattr(hooks.state, "preview", None)  # a build other than a preview's
    made.clear()
    assert listed(same(config)) == listed(mkdocs_files.get_files(config))
    assert len(made) == 2 * len(mine)  # MkDocs' own get_files, twice


def test_the_theme_pages_are_written_again_only_when_what_they_show_changed(
    tmp_path: Path, today, monkeypatch
) -> None:
    """sitemap.xml and 404.html show the nav and every page's address and date: a save that
    changes none of them leaves them as they are; one that does writes them again."""
    import mkdocs.commands.build as mkdocs_build

    written: list[str] = []
    real = mkdocs_build._build_theme_template

    def spy(name, *args, **kwargs):
        written.append(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(mkdocs_build, "_build_theme_template", spy)
    content, preview = _generated_preview(tmp_path, 30, seed=3)
    preview.build()
    assert sorted(written) == ["404.html", "sitemap.xml"]
    exemplar = sorted((content / "exemplars").glob("*.md"))[0]
    front, body = _front(exemplar)
    written.clear()
    _write(exemplar, {**front, "summary": "Tóm tắt đã sửa."}, body)
    assert preview.build() > 0
    assert written == []
    _write(content / "exemplars" / "aa-moi-them.md", {**front, "name": "An Văn Mới"}, body)
    preview.build()
    assert sorted(written) == ["404.html", "sitemap.xml"]
    sitemap = (tmp_path / "preview" / "sitemap.xml").read_text(encoding="utf-8")
    assert "/exemplars/aa-moi-them/" in sitemap
    written.clear()
    (tmp_path / "preview" / "404.html").unlink()  # gone from the site: written again
    preview.build()
    assert sorted(written) == ["404.html", "sitemap.xml"]
    assert (tmp_path / "preview" / "404.html").is_file()


def test_a_preview_adds_the_theme_files_mkdocs_adds_walking_the_theme_once(
    tmp_path: Path, monkeypatch
) -> None:
    """The theme's static files (Material's: thousands of icons to walk past) are found once
    and kept while the theme's folders and overrides are the same; the list is MkDocs' own,
    a docs file of the same path wins, and a file added to the overrides is found."""
    from conftest import load_hooks
    from mkdocs.config import load_config
    from mkdocs.structure import files as mkdocs_files

    hooks = load_hooks("hooks_theme_files")
    docs, overrides = tmp_path / "docs", tmp_path / "overrides"
    for path in (docs / "index.md", docs / "css" / "base.css", overrides / "extra.css"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x\n", encoding="utf-8")
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(
        f"site_name: x\ndocs_dir: {docs}\nsite_dir: {tmp_path / 'site'}\n"
        f"theme:\n  name: mkdocs\n  custom_dir: {overrides}\n",
        encoding="utf-8",
    )
    same = hooks._SameFiles(mkdocs_files.get_files)
    monkeypatch.setattr(hooks.state, "preview", object())

    def both() -> tuple[list, list]:
        config = load_config(str(config_file))
        env = config.theme.get_env()
        ours, theirs = same(config), mkdocs_files.get_files(config)
        ours.add_files_from_theme(env, config)
        theirs.add_files_from_theme(env, config)
        return [(f.src_uri, f.abs_src_path) for f in ours], [
            (f.src_uri, f.abs_src_path) for f in theirs
        ]

    walked: list[int] = []
    real = mkdocs_files.Files.add_files_from_theme

    def counting(self, env, config) -> None:
        walked.append(1)
        real(self, env, config)

    monkeypatch.setattr(mkdocs_files.Files, "add_files_from_theme", counting)
    ours, theirs = both()
    assert ours == theirs and ("extra.css", str(overrides / "extra.css")) in ours
    assert ("css/base.css", str(docs / "css" / "base.css")) in ours  # the docs file wins
    assert len(walked) == 2  # the preview's walk and MkDocs' own
    ours, theirs = both()
    assert ours == theirs and len(walked) == 3  # MkDocs' only: the preview kept its list
    (overrides / "new.js").write_text("x\n", encoding="utf-8")
    ours, theirs = both()
    assert ours == theirs and ("new.js", str(overrides / "new.js")) in ours
