"""The site engines the project builds with, in one place: how each is run and its versions.

- `mkdocs` (MkDocs 1.6.1 + Material, the primary) and `properdocs` (the maintained fork of
  MkDocs 1.6) run `build_hooks.py` on the repository, the fast path.
- `zensical` runs no hooks: it builds the clean tree `exemplars generate` writes.

Any of them can also build a generated tree (`build_tree`), which is how `make dist` builds
and how an archive is rebuilt from its own `generated/` folder. Glue, like the CLI: it runs
programs; the engine itself (`exemplars.site`) knows nothing of them.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

ENGINES = ("mkdocs", "properdocs", "zensical")
HOOKS = frozenset({"mkdocs", "properdocs"})
# The packages whose versions decide what a build produces.
PACKAGES = {
    "mkdocs": ("mkdocs", "mkdocs-material"),
    "properdocs": ("properdocs", "mkdocs-material"),
    "zensical": ("zensical",),
}
BUILD_INFO = "BUILD.json"  # written into the generated tree, so the archive carries it
COMMON = ("exemplars", "Markdown", "Jinja2", "Pillow", "pagefind")


class EngineError(Exception):
    """An engine failed or is unknown; the message says which and why."""


def versions(engine: str) -> dict[str, str]:
    """Installed versions of what a build with `engine` depends on, for BUILD.json."""
    found = {}
    for name in (*PACKAGES[engine], *COMMON):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "không cài"
    found["python"] = platform.python_version()
    return found


def _program(engine: str) -> list[str]:
    if engine not in ENGINES:
        raise EngineError(f"không biết công cụ dựng “{engine}”: chọn {', '.join(ENGINES)}")
    local = Path(sys.executable).with_name(engine)
    return [str(local) if local.exists() else (shutil.which(engine) or engine)]


def _run(args: list[str], cwd: Path, quiet: bool) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(args, cwd=cwd, env=env, text=True, capture_output=quiet, check=False)
    if result.returncode != 0:
        detail = (result.stdout or "") + (result.stderr or "") if quiet else ""
        raise EngineError(f"{' '.join(args)} thất bại (mã {result.returncode})\n{detail}".strip())


def build_info(engine: str) -> dict:
    """What BUILD.json records: the engine, every version that matters, the build date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return {
        "engine": engine,
        "versions": versions(engine),
        "source_date_epoch": int(epoch) if epoch else None,
        "rebuild": f"exemplars build --engine {engine} --tree generated site",
    }


def build_tree(engine: str, tree: Path, site: Path, quiet: bool = False) -> None:
    """Build a generated tree (`exemplars generate`) with `engine` into `site`, then index it.

    No hooks run: the tree already holds every page. Zensical writes inside the tree only
    (its site_dir must be under the project), so its output is moved to `site`.
    """
    from exemplars.site.search import index_site

    tree, site = Path(tree).resolve(), Path(site).resolve()
    config = tree / "mkdocs.yml"
    if site.exists():
        shutil.rmtree(site)
    if engine == "zensical":
        inside = tree / "site"
        if inside.exists():
            shutil.rmtree(inside)
        _run([*_program(engine), "build", "--strict", "-f", str(config)], tree, quiet)
        site.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(inside), str(site))
        shutil.rmtree(tree / ".cache", ignore_errors=True)  # Zensical's build cache
    else:
        args = [*_program(engine), "build", "--strict", "-f", str(config), "-d", str(site)]
        _run([*args, "-q"] if quiet else args, tree, quiet)
    info = json.dumps(build_info(engine), ensure_ascii=False, indent=1, sort_keys=True)
    (tree / BUILD_INFO).write_text(info + "\n", encoding="utf-8")
    index_site(site)


def build_repository(
    engine: str, project: Path, site: Path, generated: Path, quiet: bool = False
) -> None:
    """`make build ENGINE=…`: MkDocs and ProperDocs run the hooks, Zensical the clean tree."""
    project = Path(project).resolve()
    if engine in HOOKS:
        args = [*_program(engine), "build", "--strict", "-d", str(Path(site).resolve())]
        _run([*args, "-q"] if quiet else args, project, quiet)
        return
    from exemplars.cli_progress import Reporter
    from exemplars.site.generate import generate

    with Reporter(quiet) as progress:
        generate(project / "mkdocs.yml", generated, progress)
    build_tree(engine, generated, site, quiet)
