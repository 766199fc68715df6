"""Build cost at archive scale: work shared between pages must not change any page."""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import load_hooks
from mkdocs.commands.build import get_context
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parent.parent
PAGE = (
    '{% import "partials/language.html" as lang with context %}'
    "{% set features = config.theme.features or [] %}"
    '{% include "NAME" %}'
)


def test_shared_navigation_and_tabs_are_materials_own(tmp_path):
    """Pages the navigation does not list share one rendering of Material's navigation and
    tabs per set of links; each page gets exactly what Material renders for it."""
    docs = tmp_path / "docs"
    for name in ("index.md", "units/index.md", "exemplars/a.md", "exemplars/b.md", "units/x.md"):
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(f"# {name}\n", encoding="utf-8")
    theme = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["theme"]
    theme.pop("custom_dir", None)
    (tmp_path / "mkdocs.yml").write_text(
        yaml.safe_dump(
            {
                "site_name": "Thử",
                "docs_dir": "docs",
                "theme": theme,
                "nav": [
                    {"Trang chủ": "index.md"},
                    {"Đơn vị": "units/index.md"},
                    {"Ngoài": "https://example.org/"},
                ],
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    config = load_config(str(tmp_path / "mkdocs.yml"))
    files = get_files(config)
    nav = get_navigation(files, config)
    for file in files.documentation_pages():
        if file.page is None:
            Page(None, file, config)
    hooks = load_hooks("bangvang_hooks_cost")
    env = hooks.on_env(config.theme.get_env(), config, files)
    shared = env.globals["bangvang_partial_keep"].__self__

    def render(name: str, uri: str) -> str:
        page = files.get_file_from_path(uri).page
        page.active = True
        try:
            context = get_context(nav, files, config, page)
            return env.from_string(PAGE.replace("NAME", name)).render(context)
        finally:
            page.active = False

    for partial in hooks.SHARED_PARTIALS:
        for uri in ("exemplars/a.md", "exemplars/b.md", "units/x.md", "units/index.md"):
            assert render(partial, uri) == render("bangvang-theme/" + partial, uri), uri
    # a/ and b/ share each partial; units/x/ links differently; units/ is listed (current).
    assert len(shared.kept) == 2 * len(hooks.SHARED_PARTIALS)
    listed = files.get_file_from_path("units/index.md").page
    assert shared.key("partials/nav.html", listed, nav) is None
    a, b = (files.get_file_from_path(f"exemplars/{n}.md").page for n in "ab")
    assert shared.key("partials/nav.html", a, nav) == shared.key("partials/nav.html", b, nav)
