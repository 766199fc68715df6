"""Fixtures: small content trees written by the tests, and one builder that builds a site."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from browser import chromium, page, site_url  # noqa: F401  (shared fixtures)

ROOT = Path(__file__).resolve().parent.parent


def load_hooks(name: str):  # noqa: ANN201  (the module)
    """A fresh copy of build_hooks.py as module `name`: its own state, as MkDocs loads it."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "build_hooks.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TODAY = "2026-11-29"

UNITS = """\
- id: quang-ninh
  name: Tỉnh Quảng Ninh
  type: tinh
- id: mong-cai
  name: Thành phố Móng Cái
  type: thanh-pho
  parent: quang-ninh
  valid_to: 2025-06-30
- id: tra-co
  name: Phường Trà Cổ
  type: phuong
  parent: mong-cai
  valid_to: 2025-06-30
  successors: [mong-cai-1]
- id: hai-xuan
  name: Xã Hải Xuân
  type: xa
  parent: mong-cai
  valid_to: 2025-06-30
  successors: [mong-cai-1]
- id: mong-cai-1
  name: Phường Móng Cái 1
  type: phuong
  parent: quang-ninh
  valid_from: 2025-07-01
"""

CAMPAIGN = """\
title: Phong trào thi đua đặc biệt phòng, chống Covid-19
start: 2021-09-10
basis:
  - number: 1497/QĐ-TTg
    date: 10/9/2021
    issuer: Thủ tướng Chính phủ
    title: Kế hoạch triển khai phong trào thi đua đặc biệt
"""

EXEMPLAR = """\
name: Nguyễn Văn An
kind: individual
unit: tra-co
summary: Trực chốt kiểm soát dịch 120 ngày liên tục.
campaigns: [covid]
"""

DECISION = """\
number: 245/QĐ-UBND
date: 05/11/2021
issuer: Chủ tịch UBND phường Trà Cổ
award: giay-khen
reason: Có thành tích xuất sắc trong phòng, chống dịch Covid-19.
campaign: covid
recipients:
  - exemplar: nguyen-van-an
"""


def write_image(path: Path, size: tuple[int, int] = (8, 8)) -> Path:
    """A real, tiny JPEG: the check opens every referenced image's header."""
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (200, 30, 30)).save(path, "JPEG")
    return path


class Tree:
    """A content folder on disk that a test fills with the files it needs."""

    def __init__(self, root: Path):
        self.root = root
        (root / "_data").mkdir(parents=True, exist_ok=True)
        (root / "_data" / "units.yml").write_text(UNITS, encoding="utf-8")
        (root / "index.md").write_text("# Bảng vàng thử nghiệm\n", encoding="utf-8")

    def write(self, relative: str, front: str | None, body: str = "") -> Path:
        """Write `content/<relative>` with the given front matter text and body."""
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if front is None:
            path.write_text(body, encoding="utf-8")
        else:
            path.write_text(f"---\n{textwrap.dedent(front)}---\n{body}", encoding="utf-8")
        return path

    def minimal(self) -> Tree:
        """A valid site: one campaign, one exemplar, one decision naming it."""
        self.write("campaigns/covid.md", CAMPAIGN, "Giới thiệu phong trào.\n")
        self.write("exemplars/nguyen-van-an.md", EXEMPLAR, "Câu chuyện của anh An.\n")
        self.write("commendations/245-qd-ubnd-tra-co.md", DECISION)
        return self


@pytest.fixture
def tree(tmp_path: Path) -> Tree:
    return Tree(tmp_path / "content")


def run_cli(argv: list[str], cwd: Path, env: dict[str, str] | None = None):
    """`exemplars <argv>` in this process (no interpreter start-up per call): exit status and
    output as a CompletedProcess, run from `cwd` with `env` added to the environment."""
    from exemplars.cli import main

    stdout, stderr = io.StringIO(), io.StringIO()
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    os.environ.update(env or {})
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                status = main(argv)
            except SystemExit as stop:  # argparse's usage errors
                status = stop.code if isinstance(stop.code, int) else 1
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return subprocess.CompletedProcess(
        ["exemplars", *argv], status, stdout.getvalue(), stderr.getvalue()
    )


def run_check(root: Path, today: str = TODAY) -> subprocess.CompletedProcess:
    return run_cli(["check", str(root)], root.parent, {"EXEMPLARS_TODAY": today})


def build_site(content: Path, out: Path, today: str = TODAY, strict: bool = True):
    """Build `content` with the project's mkdocs.yml into `out`; returns the finished process."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(
        docs_dir=str(content),
        site_dir=str(out),
        hooks=[str(ROOT / "build_hooks.py")],
    )
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    config["watch"] = []
    nav_files = {"index.md", "gioi-thieu.md"}
    config["nav"] = [
        item
        for item in config["nav"]
        if list(item.values())[0] not in nav_files or (content / list(item.values())[0]).exists()
    ]
    config_path = out.parent / f"{out.name}-mkdocs.yml"
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    env = {**os.environ, "EXEMPLARS_TODAY": today, "NO_MKDOCS_2_WARNING": "1"}
    args = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_path)]
    if strict:
        args.append("--strict")
    return subprocess.run(args, capture_output=True, text=True, env=env, cwd=ROOT)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The project's own sample content, built once for every test that reads it."""
    out = tmp_path_factory.mktemp("sample") / "site"
    result = build_site(ROOT / "content", out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def read(site: Path, url: str) -> str:
    path = site / url.strip("/") / "index.html" if not url.endswith(".html") else site / url
    return path.read_text(encoding="utf-8")


@pytest.fixture
def built(tmp_path: Path):
    """Build a Tree into a temporary site; fails the test with the build's output."""

    def _build(tree: Tree, today: str = TODAY) -> Path:
        out = tmp_path / "site"
        if out.exists():
            shutil.rmtree(out)
        result = build_site(tree.root, out, today)
        assert result.returncode == 0, result.stdout + result.stderr
        return out

    return _build
