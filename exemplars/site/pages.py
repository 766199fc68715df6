"""The site's pages: which exist, at which URL, with which view, and paging.

The URL scheme lives here alone. Record pages come from the editors' files; every other
page is generated in memory from the Catalog.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import lru_cache

from exemplars.content.model import KIND_LABELS
from exemplars.site.boards import Boards
from exemplars.site.catalog import KIND_ORDER, Catalog
from exemplars.types import CAMPAIGNS, COMMENDATIONS, EXEMPLARS, RECORD_TYPES, STORIES

PAGE_SIZE = 100


@dataclass(frozen=True)
class PageSpec:
    """One page: its source path in the docs folder, its title and what renders it."""

    src_uri: str
    title: str
    view: str
    key: str = ""
    page: int = 1
    pages: int = 1
    generated: bool = True
    base: str = ""

    @property
    def url(self) -> str:
        return url_of(self.src_uri)


def url_of(src_uri: str) -> str:
    """MkDocs' directory URLs: `a/b.md` → `a/b/`, `a/index.md` → `a/`, `index.md` → ``."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def record_url(folder: str, record_id: str) -> str:
    return f"{folder}/{record_id}/"


def relative_url(target: str, current: str) -> str:
    """A link from the page at URL `current` to `target`, both site-relative directory URLs."""
    if "://" in target or target.startswith(("#", "mailto:")):
        return target
    path, _, fragment = target.partition("#")
    relative = _relpath(path or ".", current or ".")
    if relative == ".":
        relative = "./"
    elif path.endswith("/") or not path:
        relative += "/"
    return relative + (f"#{fragment}" if fragment else "")


def _relpath(path: str, start: str) -> str:
    """posixpath.relpath for two site-relative paths, without asking the OS for the cwd.

    Called for every link of every page (the pagers alone make tens of thousands of links at
    10,000 records); both paths share the same imaginary root, so it cancels out.
    """
    path_parts, start_parts = _parts(path), _parts(start)
    if path_parts is None or start_parts is None:
        return posixpath.relpath(path, start)  # climbs with "..": leave it to posixpath
    common = 0
    for mine, theirs in zip(path_parts, start_parts, strict=False):
        if mine != theirs:
            break
        common += 1
    parts = [".."] * (len(start_parts) - common) + list(path_parts[common:])
    return "/".join(parts) if parts else "."


@lru_cache(maxsize=65536)
def _parts(path: str) -> tuple[str, ...] | None:
    if path.startswith("/"):
        return None
    parts = tuple(part for part in posixpath.normpath(path).split("/") if part and part != ".")
    return None if ".." in parts else parts


def page_uri(base: str, number: int) -> str:
    """Page 1 is the base; page N of `x/index.md` is `x/page/N.md`, of `x/y.md` `x/y/page/N.md`."""
    if number == 1:
        return base
    folder = base[: -len("index.md")] if base.endswith("index.md") else base[:-3] + "/"
    return f"{folder}page/{number}.md"


def paged(base: str, title: str, view: str, key: str, count: int) -> list[PageSpec]:
    pages = max(1, -(-count // PAGE_SIZE))
    return [
        PageSpec(
            page_uri(base, n),
            title if n == 1 else f"{title} (trang {n})",
            view,
            key,
            n,
            pages,
            base=base,
        )
        for n in range(1, pages + 1)
    ]


def board_uri(section: str, key: str) -> str:
    """The printable board of a unit, campaign, decision or year: `print/units/tra-co.md`."""
    return f"print/{section}/{key}.md"


def plan(catalog: Catalog, has_home: bool, boards: Boards | None = None) -> list[PageSpec]:
    """Every page of the site, record pages first."""
    specs: list[PageSpec] = []
    for record_type in RECORD_TYPES:
        for record in catalog.of(record_type).values():
            specs.append(
                PageSpec(
                    record_type.src_uri(record.id),
                    record.title,
                    record_type.template,
                    record.id,
                    generated=False,
                )
            )
    specs.append(PageSpec("index.md", "Trang chủ", "home", generated=not has_home))
    specs += paged(
        EXEMPLARS.src_uri("index"),
        f"{EXEMPLARS.title} A–Z",
        "directory",
        "",
        len(catalog.directory),
    )
    specs += paged(
        COMMENDATIONS.src_uri("index"),
        COMMENDATIONS.title,
        "decisions",
        "",
        len(catalog.decisions_newest),
    )
    specs += paged(
        STORIES.src_uri("index"), STORIES.title, "stories", "", len(catalog.stories_newest)
    )
    specs.append(PageSpec(CAMPAIGNS.src_uri("index"), CAMPAIGNS.title, "campaigns"))
    specs.append(PageSpec("units/index.md", "Đơn vị", "units"))
    specs.append(PageSpec("search/index.md", "Tìm kiếm", "search"))
    for unit in catalog.units.values():
        count = max(len(catalog.exemplars_by_unit.get(unit.id, [])), 1)
        specs += paged(f"units/{unit.id}.md", unit.name, "unit", unit.id, count)
    specs.append(PageSpec("awards/index.md", "Hình thức khen thưởng", "awards"))
    # Sorted: a set's order changes from run to run, and the sitemap follows this order.
    award_ids = catalog.exemplars_by_award.keys() | catalog.decisions_by_award.keys()
    for award_id in sorted(award_ids):
        label = catalog.vocabularies.label("awards", award_id)
        specs += paged(
            f"awards/{award_id}.md",
            label,
            "award",
            award_id,
            len(catalog.exemplars_by_award.get(award_id, [])),
        )
    specs.append(PageSpec("years/index.md", "Theo năm", "years"))
    specs.append(PageSpec("statistics/index.md", "Thống kê", "statistics"))
    for year in catalog.years:
        specs += paged(
            f"years/{year}.md",
            f"Năm {year}",
            "year",
            str(year),
            len(catalog.exemplars_by_year.get(year, [])),
        )
    for kind in KIND_ORDER:
        specs += paged(
            f"kinds/{kind}.md",
            KIND_LABELS[kind],
            "kind",
            kind,
            len(catalog.exemplars_by_kind.get(kind, [])),
        )
    for campaign in catalog.campaigns.values():
        specs += paged(
            f"campaigns/{campaign.id}/exemplars.md",
            f"Gương điển hình — {campaign.title}",
            "campaign-exemplars",
            campaign.id,
            len(catalog.exemplars_by_campaign.get(campaign.id, [])),
        )
        specs += paged(
            f"campaigns/{campaign.id}/commendations.md",
            f"Quyết định — {campaign.title}",
            "campaign-decisions",
            campaign.id,
            len(catalog.decisions_by_campaign.get(campaign.id, [])),
        )
    # Boards are pages of the site like any other, one per part (`print/units/x/page/2/`).
    for board in (boards or Boards(catalog)).all.values():
        specs += [
            PageSpec(
                page_uri(board_uri(board.section, board.key), n),
                f"Bảng vàng — {board.title}" + (f" (phần {n})" if n > 1 else ""),
                "board",
                f"{board.section}/{board.key}",
                n,
                board.parts,
                base=board_uri(board.section, board.key),
            )
            for n in range(1, board.parts + 1)
        ]
    return specs
