"""Render: Catalog + page spec → HTML, through Jinja templates with autoescaping on.

Pure functions of their inputs; the templates own all markup and escape every value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from markupsafe import Markup

from exemplars import text
from exemplars.site.boards import Board, Boards
from exemplars.site.catalog import Catalog, given_name_of
from exemplars.site.charts import chart_svg, statistics
from exemplars.site.links import absolute_url, report_href, short_url
from exemplars.site.media import MediaIndex
from exemplars.site.pages import (
    PAGE_SIZE,
    PageSpec,
    board_uri,
    page_uri,
    record_url,
    relative_url,
    url_of,
)
from exemplars.site.qr import QrCode, QrCodes
from exemplars.site.search import FILTER_LABELS, FULL_TEXT_VIEWS, record_facts
from exemplars.site.templating import environment, forget_changed_templates

PREVIEW = 12


@dataclass(frozen=True)
class Settings:
    """Site-wide settings from mkdocs.yml `extra.bangvang`, typed."""

    site_name: str = "Bảng vàng"
    media_center: str = ""
    report_url: str = ""
    sample_notice: bool = True
    extra: dict[str, Any] = field(default_factory=dict)
    site_url: str = ""

    @classmethod
    def from_mapping(
        cls, site_name: str, mapping: dict[str, Any] | None, site_url: str | None = None
    ) -> Settings:
        mapping = dict(mapping or {})
        return cls(
            site_name=site_name,
            site_url=site_url or "",
            media_center=str(mapping.pop("media_center", "") or ""),
            report_url=str(mapping.pop("report_url", "") or ""),
            sample_notice=bool(mapping.pop("sample_notice", True)),
            extra=mapping,
        )


class Renderer:
    """Renders every page of one build from one Catalog."""

    def __init__(self, catalog: Catalog, settings: Settings):
        self.catalog = catalog
        self.settings = settings
        self.media = MediaIndex()  # the build sets the published images and scans
        self.boards = Boards(catalog)
        self.qr_codes = QrCodes()  # the build sets one backed by the cache file
        self._boards_decided: dict[int, tuple[Board, bool]] = {}  # id → (board, answer)
        forget_changed_templates(environment())

    def context(self, spec: PageSpec) -> dict[str, Any]:
        """What the view shows besides the settings and the catalog's shared data."""
        return getattr(self, "_" + spec.view.replace("-", "_"))(spec)

    def qr(self, path: str) -> QrCode | None:
        """The QR code of a site page's permanent URL; none without `site_url` (it would
        lead nowhere from paper)."""
        if not self.settings.site_url:
            return None
        return self.qr_codes.get(absolute_url(self.settings.site_url, path))

    def board_url(self, section: str, key: str) -> str | None:
        """The printable board of a unit, campaign, decision or year, if it has one."""
        if self.boards.get(section, key) is None:
            return None
        return url_of(board_uri(section, key))

    def render(self, spec: PageSpec, body_html: str = "") -> str:
        context = self.context(spec)
        here = spec.url

        def url(target: str) -> str:
            return relative_url(target, here)

        permalink = absolute_url(self.settings.site_url, here)

        template = environment().get_template(f"{spec.view}.html")
        return template.render(
            spec=spec,
            catalog=self.catalog,
            settings=self.settings,
            body=Markup(body_html),
            url=url,
            record_url=record_url,
            unit_url=lambda unit_id: f"units/{unit_id}/",
            pager=self._pager(spec),
            label=self.catalog.vocabularies.label,
            unit_label=self.catalog.unit_label,
            media=self.media,
            permalink=permalink,
            qr=self.qr,
            short_url=short_url,
            absolute_url=lambda path: absolute_url(self.settings.site_url, path),
            board_url=self.board_url,
            report_href=lambda title: report_href(self.settings.report_url, title, permalink),
            today=self.catalog.today,
            record_dates=(
                None if spec.generated else self.catalog.dates.get(spec.src_uri[: -len(".md")])
            ),
            chart_svg=chart_svg,
            search=(
                record_facts(self.catalog, spec.view, spec.key)
                if spec.view in FULL_TEXT_VIEWS
                else None
            ),
            **context,
        )

    def _pager(self, spec: PageSpec) -> dict[str, Any]:
        if spec.pages <= 1:
            return {}
        base = spec.base or spec.src_uri
        return {
            "page": spec.page,
            "pages": spec.pages,
            "urls": [url_of(page_uri(base, n)) for n in range(1, spec.pages + 1)],
        }

    def _slice(self, spec: PageSpec, items: list) -> list:
        start = (spec.page - 1) * PAGE_SIZE
        return items[start : start + PAGE_SIZE]

    # -- record pages -----------------------------------------------------------------------

    def _exemplar(self, spec: PageSpec) -> dict[str, Any]:
        exemplar = self.catalog.exemplars[spec.key]
        unit = self.catalog.units.get(exemplar.unit)
        return {
            "exemplar": exemplar,
            "unit": unit,
            "honors": self.catalog.honors_of.get(exemplar.id, []),
            "stories": self.catalog.stories_of.get(exemplar.id, []),
            "campaigns": [
                c for c in (self.catalog.campaigns.get(i) for i in exemplar.campaigns) if c
            ],
        }

    def _commendation(self, spec: PageSpec) -> dict[str, Any]:
        decision = self.catalog.commendations[spec.key]
        catalog = self.catalog
        return {
            "decision": decision,
            "honorees": catalog.honorees_of[decision.id],
            "campaign": catalog.campaigns.get(decision.campaign or ""),
            "award": catalog.vocabularies.awards.get(decision.award or ""),
            "award_label": catalog.award_label(decision),
            "issuer_unit": catalog.units.get(decision.issuer_unit or ""),
            "revoked_whole": catalog.revoked_whole.get(decision.id),
            "revocations": catalog.revocations_of.get(decision.id, []),
            "corrected_by": catalog.corrected_by.get(decision.id, []),
            "revokes": [
                (item, catalog.commendations.get(item.commendation)) for item in decision.revokes
            ],
            "corrects": catalog.corrections(decision),
        }

    def _campaign(self, spec: PageSpec) -> dict[str, Any]:
        campaign = self.catalog.campaigns[spec.key]
        decisions = self.catalog.decisions_by_campaign.get(campaign.id, [])
        exemplars = self.catalog.exemplars_by_campaign.get(campaign.id, [])
        stories = self.catalog.stories_by_campaign.get(campaign.id, [])
        return {
            "campaign": campaign,
            "figures": self.catalog.figures(decisions),
            "charts": statistics(self.catalog, decisions),
            "decisions": decisions[:PREVIEW],
            "decision_count": len(decisions),
            "exemplars": exemplars[:PREVIEW],
            "exemplar_count": len(exemplars),
            # The newest few, like the exemplars and decisions above: a campaign page that
            # listed every story grew past 100 KB at 5,000 records.
            "stories": stories[:PREVIEW],
            "story_count": len(stories),
        }

    def _story(self, spec: PageSpec) -> dict[str, Any]:
        story = self.catalog.stories[spec.key]
        return {
            "story": story,
            "campaign": self.catalog.campaigns.get(story.campaign or ""),
            "exemplars": [
                self.catalog.exemplars[i] for i in story.exemplars if i in self.catalog.exemplars
            ],
        }

    # -- generated pages --------------------------------------------------------------------

    def _home(self, spec: PageSpec) -> dict[str, Any]:
        newest_honored = dict.fromkeys(
            h.exemplar.id
            for d in self.catalog.decisions_newest
            for h in self.catalog.honorees_of[d.id]
            if h.exemplar
        )
        grid = [self.catalog.exemplars[i] for i in list(newest_honored)[:PREVIEW]]
        grid = grid or self.catalog.directory[:PREVIEW]
        return {
            "figures": self.catalog.site_figures(),
            "decisions": self.catalog.decisions_newest[:5],
            "stories": self.catalog.stories_newest[:5],
            "grid": grid,
            "campaigns": self.catalog.campaigns_newest,
        }

    def _directory(self, spec: PageSpec) -> dict[str, Any]:
        entries = self._slice(spec, self.catalog.directory)
        groups: dict[str, list] = {}
        for exemplar in entries:
            letter = text.initial_letter(given_name_of(exemplar))
            groups.setdefault(letter, []).append(exemplar)
        return {"groups": groups, "total": len(self.catalog.directory)}

    def _listing(self, spec: PageSpec, exemplars: list, **extra: Any) -> dict[str, Any]:
        return {"exemplars": self._slice(spec, exemplars), "total": len(exemplars), **extra}

    def _decisions(self, spec: PageSpec) -> dict[str, Any]:
        decisions = self.catalog.decisions_newest
        return {"decisions": self._slice(spec, decisions), "total": len(decisions)}

    def _stories(self, spec: PageSpec) -> dict[str, Any]:
        stories = self.catalog.stories_newest
        return {"stories": self._slice(spec, stories), "total": len(stories)}

    def _campaigns(self, spec: PageSpec) -> dict[str, Any]:
        return {"campaigns": self.catalog.campaigns_newest}

    def _units(self, spec: PageSpec) -> dict[str, Any]:
        units = self.catalog.units.values()
        roots = [u for u in units if not u.parent or u.parent not in self.catalog.units]
        return {"roots": roots, "children_of": self.catalog.children_of}

    def _unit(self, spec: PageSpec) -> dict[str, Any]:
        unit = self.catalog.units[spec.key]
        decisions = self.catalog.decisions_by_unit.get(unit.id, [])
        return self._listing(
            spec,
            self.catalog.exemplars_by_unit.get(unit.id, []),
            unit=unit,
            parent=self.catalog.units.get(unit.parent or ""),
            children=self.catalog.children_of.get(unit.id, []),
            # "Hình thành từ" where the unit began the day after its predecessor ended (the
            # resolution forms it), "Nhập thêm" where an existing unit took another in.
            predecessors=[
                (u, bool(unit.valid_from and u.valid_to and u.valid_to < unit.valid_from))
                for u in self.catalog.predecessors_of.get(unit.id, [])
            ],
            ended=(
                unit.valid_to + timedelta(days=1)
                if unit.valid_to and self.catalog.ended_without_successor(unit)
                else None
            ),
            successors=[self.catalog.units[s] for s in unit.successors if s in self.catalog.units],
            current=self.catalog.current_units(unit),
            decisions=decisions[:50],
            decision_count=len(decisions),
        )

    def _awards(self, spec: PageSpec) -> dict[str, Any]:
        awards = [
            (
                entry,
                len(self.catalog.exemplars_by_award.get(entry.id, [])),
                len(self.catalog.decisions_by_award.get(entry.id, [])),
            )
            for entry in self.catalog.vocabularies.awards.values()
            if entry.id in self.catalog.decisions_by_award
        ]
        return {"awards": awards}

    def _award(self, spec: PageSpec) -> dict[str, Any]:
        return self._listing(
            spec,
            self.catalog.exemplars_by_award.get(spec.key, []),
            award=self.catalog.vocabularies.awards.get(spec.key),
            decision_count=len(self.catalog.decisions_by_award.get(spec.key, [])),
        )

    def _years(self, spec: PageSpec) -> dict[str, Any]:
        return {
            "years": [
                (
                    year,
                    len(self.catalog.exemplars_by_year.get(year, [])),
                    len(self.catalog.decisions_by_year.get(year, [])),
                )
                for year in self.catalog.years
            ]
        }

    def _year(self, spec: PageSpec) -> dict[str, Any]:
        year = int(spec.key)
        return self._listing(
            spec,
            self.catalog.exemplars_by_year.get(year, []),
            year=year,
            decision_count=len(self.catalog.decisions_by_year.get(year, [])),
        )

    def _kind(self, spec: PageSpec) -> dict[str, Any]:
        return self._listing(spec, self.catalog.exemplars_by_kind.get(spec.key, []), kind=spec.key)

    def _campaign_exemplars(self, spec: PageSpec) -> dict[str, Any]:
        return self._listing(
            spec,
            self.catalog.exemplars_by_campaign.get(spec.key, []),
            campaign=self.catalog.campaigns[spec.key],
        )

    def _board(self, spec: PageSpec) -> dict[str, Any]:
        section, key = spec.key.split("/", 1)
        board = self.boards.all[(section, key)]
        groups = board.part(spec.page)
        revoked = board.revoked_in(spec.page)
        shown = [e for g in groups for a in g.awards for e in a.entries] + revoked
        listed = {e.decision.id for e in shown}
        listed |= {e.revoked_by.id for e in revoked if e.revoked_by}
        return {
            "board": board,
            "groups": groups,
            "revoked": revoked,
            "heading": self.boards.heading,
            "part_decisions": board.decisions_among(listed),
            "many_units": len(board.units) > 1,
            "many_decisions": self.many_decisions(board),
            "newest": board.newest,
        }

    def many_decisions(self, board: Board) -> bool:
        """Whether a board's entries come from several decisions: once per board, not once
        per part (a campaign's board has dozens of parts over thousands of entries)."""
        key = id(board)
        if key not in self._boards_decided:
            entries = board.entries + board.revoked
            self._boards_decided[key] = (board, len({e.decision.id for e in entries}) > 1)
        return self._boards_decided[key][1]

    def _search(self, spec: PageSpec) -> dict[str, Any]:
        return {"filter_labels": FILTER_LABELS}

    def _campaign_decisions(self, spec: PageSpec) -> dict[str, Any]:
        decisions = self.catalog.decisions_by_campaign.get(spec.key, [])
        return {
            "decisions": self._slice(spec, decisions),
            "total": len(decisions),
            "campaign": self.catalog.campaigns[spec.key],
        }

    def _statistics(self, spec: PageSpec) -> dict[str, Any]:
        return {
            "figures": self.catalog.site_figures(),
            "charts": statistics(
                self.catalog, self.catalog.decisions_newest, self.catalog.directory
            ),
            "campaigns": self.catalog.campaigns_newest,
        }
