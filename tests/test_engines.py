"""The same archive on three engines: MkDocs + hooks, ProperDocs + hooks, Zensical on the
generated tree; the raw repository fails closed for an engine that runs no hooks; the
dated archive rebuilds from its own `generated/` sources.

One project copy, one `exemplars generate` and one build per engine for the whole session.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, TODAY
from PIL import Image
from test_dist import UNSTABLE_PAGEFIND

from exemplars.site.generate import GUARD_FOLDER, MARKER

MARKER_TEXT = b"UNPUBLISHED-MARKER-7f3a"
EPOCH = 1764374400  # 2025-11-29
ENGINES = ("mkdocs", "properdocs", "zensical")
RECORD_PAGES = (
    "exemplars/nguyen-van-an/index.html",
    "exemplars/tram-y-te-phuong-tra-co/index.html",
    "commendations/245-qd-ubnd-tra-co-2021/index.html",
    "campaigns/covid-19-dac-biet/index.html",
)
LISTINGS = (
    "index.html",
    "exemplars/index.html",
    "commendations/index.html",
    "stories/index.html",
    "units/index.html",
    "units/tra-co/index.html",
    "awards/giay-khen/index.html",
    "statistics/index.html",
    "search/index.html",
)
DATA_FILES = ("data/exemplars.json", "data/exemplars.csv", "data/datapackage.json", "feed.xml")
UNPUBLISHED = ("exemplars/mai-thi-hanh", "exemplars/trinh-van-khoa")
PROJECT_FILES = ("mkdocs.yml", "zensical.toml", "build_hooks.py")
PROJECT_DIRS = (GUARD_FOLDER, "overrides", "content")
RECORD = re.compile(r"(exemplars|commendations|campaigns|stories)/[^/]+/index\.html$")
STORY = re.compile(r"stories/[^/]+/index\.html$")
SCREENSHOTS = ROOT / "test-output" / "engines"


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "EXEMPLARS_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1", **env}
    return subprocess.run(args, cwd=cwd, env=full_env, capture_output=True, text=True)


def exemplars(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "exemplars", *args], cwd, **env)


def gps_photo(note: bytes) -> bytes:
    """A JPEG like a phone's: EXIF with a camera serial, a description and a GPS position."""
    image = Image.new("RGB", (900, 600), (180, 40, 40))
    exif = Image.Exif()
    exif[0x010E] = note.decode()  # ImageDescription
    exif[0xA431] = "SERIAL-123456"  # BodySerialNumber
    exif[0x8825] = {1: "N", 2: (21.0, 31.0, 12.0), 3: "E", 4: (107.0, 58.0, 1.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


@pytest.fixture(scope="session")
def project(tmp_path_factory) -> Path:
    """The repository's site files, the sample content, and a phone photo with GPS."""
    root = tmp_path_factory.mktemp("engines") / "project"
    root.mkdir()
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, root / name)
    for name in PROJECT_DIRS:
        shutil.copytree(ROOT / name, root / name)
    photo = root / "content" / "exemplars" / "anh" / "tram-y-te-phuong-tra-co.jpg"
    photo.write_bytes(gps_photo(b"Original photo " + MARKER_TEXT))
    # Image cache outside the project copy: shared by every build of the session.
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["extra"]["bangvang"]["image_cache"] = str(root.parent / "image-cache")
    config["watch"] = ["content", "overrides"]  # exemplars/ is the installed package here
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return root


@pytest.fixture(scope="session")
def generated(project) -> Path:
    result = exemplars("generate", "-q", "generated", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "generated"


@pytest.fixture(scope="session")
def sites(project, generated) -> dict[str, Path]:
    """Each engine's site: MkDocs and ProperDocs with hooks, Zensical on the generated tree,
    and MkDocs on the generated tree (to compare with its hooks build)."""
    out = project.parent
    built = {}
    for engine in ENGINES:
        if engine == "zensical":
            args = ["build", "-q", "--engine", engine, "--tree", str(generated)]
        else:
            args = ["build", "-q", "--engine", engine]
        result = exemplars(*args, str(out / engine), cwd=project)
        assert result.returncode == 0, result.stdout + result.stderr
        built[engine] = out / engine
    tree = exemplars("build", "-q", "--tree", str(generated), str(out / "tree-mkdocs"), cwd=project)
    assert tree.returncode == 0, tree.stdout + tree.stderr
    built["tree-mkdocs"] = out / "tree-mkdocs"
    return built


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def content_of(page: bytes) -> bytes:
    """The page's content area, without the theme's navigation around it."""
    start = page.index(b'<article class="md-content__inner')
    return page[start : page.index(b'<footer class="md-footer"', start)]


def published_images(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.suffix.lower() in {".jpg", ".jpeg", ".webp", ".png"}]


def assert_no_metadata(images: list[Path]) -> None:
    for path in images:
        with Image.open(path) as image:
            exif = image.getexif()
            assert not dict(exif), f"{path} carries EXIF {dict(exif)}"
            assert not exif.get_ifd(0x8825), f"{path} carries GPS"
            assert b"SERIAL-123456" not in path.read_bytes()


def test_generated_tree_is_clean(project, generated):
    files = files_of(generated)
    config = yaml.safe_load(files["mkdocs.yml"])
    assert "hooks" not in config and config["docs_dir"] == "docs"
    assert config["plugins"] == [{"search": {"enabled": False}}]
    assert (generated / MARKER).is_file()
    leaked = [name for name, data in files.items() if MARKER_TEXT in data]
    assert leaked == []
    assert not [name for name in files if name.startswith("docs/_data")]
    assert not (generated / "docs/exemplars/anh").exists()  # originals never copied
    assert "docs/exemplars/mai-thi-hanh.md" not in files
    for page in ("exemplars/nguyen-van-an.md", "units/tra-co.md", "awards/giay-khen.md"):
        assert f"docs/{page}" in files
    for data in DATA_FILES:
        assert f"docs/{data}" in files
    assert "docs/exemplars/nguyen-van-an-tra-co/index.html" in files  # the alias redirect
    images = published_images(generated / "docs")
    assert images, "the portrait's re-encoded copies are in the tree"
    assert_no_metadata(images)
    assert "docs/assets/javascripts/bangvang-search.js" not in files  # theme's, in overrides/
    assert (generated / "overrides/assets/javascripts/bangvang-search.js").is_file()


def test_generate_refuses_a_folder_it_did_not_write(project, tmp_path):
    (tmp_path / "mine.txt").write_text("keep me")
    result = exemplars("generate", str(tmp_path), cwd=project)
    assert result.returncode == 1
    assert "thư mục trống" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "mine.txt").read_text() == "keep me"


@pytest.mark.parametrize("engine", ENGINES)
def test_each_engine_publishes_the_whole_site_and_nothing_unpublished(sites, engine):
    site = sites[engine]
    files = files_of(site)
    for page in (*RECORD_PAGES, *LISTINGS, *DATA_FILES):
        assert page in files, f"{engine}: {page} missing"
    assert "exemplars/nguyen-van-an-tra-co/index.html" in files
    for page in UNPUBLISHED:
        assert f"{page}/index.html" not in files
    leaked = [name for name, data in files.items() if MARKER_TEXT in data]
    assert leaked == [], f"{engine} published unpublished text in {leaked}"
    assert not (site / "exemplars/anh").exists()
    assert_no_metadata(published_images(site))
    record = files["exemplars/nguyen-van-an/index.html"].decode()
    assert 'data-record="exemplar"' in record and "Nguyễn Văn An" in record
    assert '<script type="application/ld+json">' in record  # head meta from the engine
    # Pagefind indexes the stories (records are searched through lookup/, also published)
    fragments = list((site / "pagefind" / "fragment").iterdir())
    stories = [name for name in files if STORY.match(name)]
    assert stories and len(fragments) == len(stories)
    assert "lookup/terms.json" in files
    json.loads(files["data/exemplars.json"])


def test_generated_tree_builds_the_same_record_pages_as_the_hooks(sites):
    hooks, tree = files_of(sites["mkdocs"]), files_of(sites["tree-mkdocs"])
    pages = [name for name in hooks if name.endswith(".html") and not name.startswith("pagefind")]
    assert set(pages) == {name for name in tree if name.endswith(".html")}
    records = [name for name in pages if RECORD.match(name)]
    assert len(records) > 20
    assert [name for name in records if hooks[name] != tree[name]] == []
    # Generated listings: the same but for blank lines Markdown folds. The editors' own pages
    # (home, about) lose their table of contents and the skip link to it (docs/longevity.md);
    # their content is the same.
    folded = re.compile(rb"\s+")
    different = [
        name for name in pages if folded.sub(b" ", hooks[name]) != folded.sub(b" ", tree[name])
    ]
    assert different == ["gioi-thieu/index.html", "index.html"]
    for name in different:
        assert folded.sub(b" ", content_of(hooks[name])) == folded.sub(b" ", content_of(tree[name]))


def test_zensical_on_the_raw_repository_fails_closed(project):
    bare = run([str(Path(sys.executable).with_name("zensical")), "build"], project)
    assert bare.returncode != 0
    assert "make-build-ENGINE=zensical" in bare.stdout + bare.stderr
    assert not (project / "site").exists()
    # Pointed at mkdocs.yml, it builds the guard folder: one warning page, nothing else.
    config = run(
        [str(Path(sys.executable).with_name("zensical")), "build", "-f", "mkdocs.yml"], project
    )
    site = project / "site"
    try:
        assert config.returncode == 0, config.stdout + config.stderr
        files = files_of(site)
        assert "Không dựng trang theo cách này" in files["index.html"].decode()
        assert not [name for name in files if name.startswith(("exemplars/", "data/", "media/"))]
        assert not [name for name, data in files.items() if MARKER_TEXT in data]
        assert not published_images(site) or all(
            "assets/" in str(p) for p in published_images(site)
        )
    finally:
        shutil.rmtree(site, ignore_errors=True)


def test_mkdocs_without_the_hooks_publishes_only_the_guard(project, tmp_path):
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("hooks")
    config["strict"] = False
    bare = project / "no-hooks.yml"
    bare.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    result = run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(bare), "-d", str(tmp_path / "s")],
        project,
    )
    assert result.returncode == 0, result.stderr
    files = files_of(tmp_path / "s")
    assert "Không dựng trang theo cách này" in files["index.html"].decode()
    assert not [name for name in files if name.startswith(("exemplars/", "data/"))]
    assert not [name for name, data in files.items() if MARKER_TEXT in data]


def test_repository_points_engines_without_hooks_at_the_guard():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["docs_dir"] == GUARD_FOLDER
    assert config["extra"]["bangvang"]["content_dir"] == "content"
    assert [p.name for p in (ROOT / GUARD_FOLDER).iterdir()] == ["index.md"]
    assert "docs_dir" in (ROOT / "zensical.toml").read_text(encoding="utf-8")


def test_dist_is_built_from_the_generated_tree_and_rebuilds_from_itself(
    project, generated, tmp_path
):
    env = {"SOURCE_DATE_EPOCH": str(EPOCH), "EXEMPLARS_TODAY": ""}
    tree = tmp_path / "generated"
    steps = (
        ("generate", "-q", str(tree)),
        ("build", "-q", "--tree", str(tree), str(tmp_path / "site")),
    )
    for step in steps:
        result = exemplars(*step, cwd=project, **env)
        assert result.returncode == 0, result.stdout + result.stderr
    archive_run = run(
        [
            sys.executable,
            "-m",
            "exemplars.site.archive",
            str(tmp_path / "site"),
            str(tmp_path / "dist"),
            "--extra",
            str(tree),
        ],
        project,
        **env,
    )
    assert archive_run.returncode == 0, archive_run.stderr
    archive = tmp_path / "dist" / "bangvang-site-2025-11-29.tar.gz"
    unpacked = tmp_path / "unpacked"
    with tarfile.open(archive) as tar:
        tar.extractall(unpacked, filter="data")
    top = unpacked / "bangvang-site-2025-11-29"
    info = json.loads((top / "generated" / "BUILD.json").read_text(encoding="utf-8"))
    assert info["engine"] == "mkdocs" and info["source_date_epoch"] == EPOCH
    assert info["versions"]["mkdocs"] == "1.6.1" and "mkdocs-material" in info["versions"]
    rebuilt = tmp_path / "rebuilt"
    again = exemplars(
        "build",
        "-q",
        "--engine",
        info["engine"],
        "--tree",
        str(top / "generated"),
        str(rebuilt),
        cwd=tmp_path,
        **env,
    )
    assert again.returncode == 0, again.stdout + again.stderr
    archived = {
        name: data
        for name, data in files_of(top).items()
        if not name.startswith("generated/") and not UNSTABLE_PAGEFIND.match(name)
    }
    fresh = {
        name: data for name, data in files_of(rebuilt).items() if not UNSTABLE_PAGEFIND.match(name)
    }
    assert list(archived) == list(fresh)
    assert [name for name in archived if archived[name] != fresh[name]] == []


@pytest.mark.parametrize("engine", ENGINES)
def test_screenshots_of_the_sample_under_each_engine(sites, engine, chromium):
    from browser import DESKTOP, serve

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = chromium.new_context(viewport=DESKTOP, locale="vi-VN")
    page = context.new_page()
    try:
        with serve(sites[engine]) as url:
            for name, path in (
                ("home", ""),
                ("exemplar", "exemplars/nguyen-van-an/"),
                ("unit", "units/tra-co/"),
                ("search", "search/?q=tra+co"),
            ):
                page.goto(url + path, wait_until="networkidle")
                assert page.locator("h1").first.is_visible()
                page.screenshot(path=str(SCREENSHOTS / f"{engine}-{name}.png"), full_page=False)
    finally:
        context.close()
