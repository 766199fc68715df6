"""Site search with Pagefind: what each record page tells the index, and the indexing run.

Record pages carry their search data in markup (see `_search.html`): `data-pagefind-body` on
the record so menus and footers stay out of the index, the result kind and unit as
`data-pagefind-meta`, the facets `unit`, `kind`, `award`, `campaign`, `year` as
`data-pagefind-filter`, and the other spellings of the name (`text.search_aliases`) as hidden
indexed text. Only published records have pages, so only they reach the index.
Nothing here imports MkDocs; `build_hooks.on_post_build` calls `index_site`.
"""

from __future__ import annotations

import asyncio
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from exemplars import text
from exemplars.catalog import Catalog
from exemplars.model import KIND_LABELS

# The facets, in the order the search page shows them, with their Vietnamese headings.
FILTER_LABELS = {
    "kind": "Loại",
    "unit": "Đơn vị",
    "award": "Hình thức khen thưởng",
    "campaign": "Phong trào",
    "year": "Năm",
}
DECISION_KIND = "Quyết định"
CAMPAIGN_KIND = "Phong trào"
STORY_KIND = "Tin bài"
OUTPUT_FOLDER = "pagefind"
# Only record pages carry data-pagefind-body; reading only their folders spares Pagefind the
# listings. (Pagefind's Python API answers one request per 0.1 s, so pages are not fed to it
# one by one during the build: one directory request after the build is far faster.)
RECORD_GLOB = "{exemplars,commendations,campaigns,stories}/**/*.html"
# The name or title is the page's h1, which Pagefind weighs 7 (body text 1); the other
# spellings of the name weigh a little less than the name as written, so an exact match wins.
TITLE_WEIGHT = 7
ALIAS_WEIGHT = 6


@dataclass(frozen=True)
class SearchFacts:
    """What one record page says to the search index besides its text."""

    kind: str
    unit: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)
    alias_weight: int = ALIAS_WEIGHT


def _unique(values) -> list[str]:
    return [v for v in dict.fromkeys(values) if v]


def _aliases(*texts: str | None) -> list[str]:
    return _unique(alias for t in texts if t for alias in text.search_aliases(t))


def _place_aliases(place: str | None) -> list[str]:
    """Pagefind matches a place typed without tone marks by itself, but not d typed for đ."""
    return [text.fold(place)] if place and ("đ" in place or "Đ" in place) else []


def record_facts(catalog: Catalog, view: str, key: str) -> SearchFacts | None:
    """Search data of the record page `view`/`key`; None for pages that are not records."""
    if view == "exemplar":
        exemplar = catalog.exemplars[key]
        unit = catalog.units.get(exemplar.unit)
        unit_name = unit.name if unit else exemplar.unit
        decisions = [honor.decision for honor in catalog.honors_of.get(key, [])]
        campaign_ids = [*exemplar.campaigns, *(d.campaign for d in decisions)]
        filters = {
            "unit": [unit_name],
            "kind": [KIND_LABELS[exemplar.kind]],
            "award": _unique(catalog.vocabularies.label("awards", d.award) for d in decisions),
            "campaign": _unique(catalog.campaigns[c].title for c in campaign_ids
                                if c in catalog.campaigns),
            "year": _unique(str(d.date.year) for d in sorted(decisions, key=lambda d: d.date)),
        }
        return SearchFacts(
            kind=KIND_LABELS[exemplar.kind], unit=catalog.unit_label(exemplar.unit),
            filters={k: v for k, v in filters.items() if v},
            aliases=_unique([*_aliases(exemplar.name), *_place_aliases(unit_name)]),
        )
    if view == "commendation":
        decision = catalog.commendations[key]
        honorees = catalog.honorees_of.get(key, [])
        units = (catalog.units.get(h.unit_id) for h in honorees)
        filters = {
            "unit": _unique(u.name for u in units if u),
            "kind": [DECISION_KIND],
            "award": [catalog.vocabularies.label("awards", decision.award)],
            "campaign": [catalog.campaigns[decision.campaign].title]
            if decision.campaign in catalog.campaigns else [],
            "year": [str(decision.date.year)],
        }
        return SearchFacts(
            kind=DECISION_KIND, unit=decision.issuer,
            filters={k: v for k, v in filters.items() if v},
            aliases=_unique([*_aliases(f"Quyết định số {decision.number}"),
                             *_place_aliases(decision.issuer)]),
        )
    if view == "campaign":
        return SearchFacts(kind=CAMPAIGN_KIND, aliases=_aliases(catalog.campaigns[key].title))
    if view == "story":
        story = catalog.stories[key]
        return SearchFacts(kind=STORY_KIND, unit=story.source or "",
                           aliases=_aliases(story.title))
    return None


@dataclass(frozen=True)
class IndexReport:
    """What one indexing run did, for the build log and the benchmark."""

    pages: int  # record pages in the index
    seconds: float


async def _index(site_dir: Path, output: Path) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(output_path=str(output))
    async with PagefindIndex(config) as index:
        await index.add_directory(str(site_dir), glob=RECORD_GLOB)


def index_site(site_dir: Path) -> IndexReport:
    """Index the built site at `site_dir` into `site_dir/pagefind/`, replacing an old index."""
    site_dir = Path(site_dir).resolve()
    output = site_dir / OUTPUT_FOLDER
    if output.exists():
        shutil.rmtree(output)
    started = time.perf_counter()
    asyncio.run(_index(site_dir, output))
    seconds = time.perf_counter() - started
    # One fragment per indexed page: Pagefind's own count includes the pages it skipped.
    pages = sum(1 for _ in (output / "fragment").iterdir()) if (output / "fragment").is_dir() else 0
    return IndexReport(pages=pages, seconds=seconds)

