"""Statistics as SVG bar charts, made at build time: no JavaScript, nothing from a CDN.

`statistics()` counts; `chart_svg()` draws through the autoescaping `_chart.svg` template.
Bars are horizontal with the label above each bar, so long Vietnamese unit names stay
readable on a 390 px phone. Every chart has a title and description for assistive
technology, and the page prints the same figures as a table beside it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup

from exemplars import text
from exemplars.content.model import KIND_LABELS, Commendation, Exemplar
from exemplars.site.catalog import KIND_ORDER, Catalog, Honoree
from exemplars.site.templating import environment

WIDTH = 360
ROW = 40
LABEL_SPACE = 18
BAR = 16
VALUE_SPACE = 44
NO_SECTOR = "Chưa ghi lĩnh vực"
# A foreign recipient (khen thưởng đối ngoại, spec v2 `country`) belongs to no unit here.
NO_UNIT = "Ngoài nước (khen thưởng đối ngoại)"


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    value: int
    href: str = ""
    long_label: str = ""


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    counted: str
    bars: tuple[Bar, ...]

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)

    @property
    def description(self) -> str:
        parts = "; ".join(f"{bar.long_label or bar.label}: {bar.value}" for bar in self.bars)
        return f"Biểu đồ cột ngang, {self.counted}. {parts}."


def _people(
    catalog: Catalog, decisions: Iterable[Commendation], extra: Iterable[Exemplar]
) -> list[Honoree]:
    """Everyone honored by `decisions`, once each, then the `extra` exemplars not among them."""
    people: dict[str, Honoree] = {}
    for decision in decisions:
        for honoree in catalog.honorees_of[decision.id]:
            if honoree.revoked_by is None:  # revoked awards are counted apart
                people.setdefault(honoree.key, honoree)
    for exemplar in extra:
        if exemplar.id not in people:
            people[exemplar.id] = Honoree(
                exemplar.name, exemplar.kind, exemplar.unit, exemplar.position, None, exemplar
            )
    return list(people.values())


def _by_count(counter: Counter, label) -> list[str]:
    return sorted(counter, key=lambda k: (-counter[k], text.collation_key(label(k))))


def statistics(
    catalog: Catalog, decisions: list[Commendation], extra: Iterable[Exemplar] = ()
) -> list[Chart]:
    """Counts by kind, unit, sector, award and month for a set of decisions.

    Awards revoked later are not counted here (spec v2: they are counted apart, in
    `Figures.revoked`); a decision that only revokes or corrects adds no month.

    People (individuals, collectives, households) are counted once each however many
    decisions name them; awards count honours (lượt); months count decisions signed.
    `extra` adds exemplars with no decision here (the whole-site page counts them too).
    """
    people = _people(catalog, decisions, extra)
    vocab = catalog.vocabularies

    kinds = Counter(p.kind for p in people)
    by_kind = tuple(Bar(k, KIND_LABELS[k], kinds[k], f"kinds/{k}/") for k in KIND_ORDER if kinds[k])

    units = Counter(p.unit_id or "" for p in people)

    def unit_name(unit_id: str) -> str:
        unit = catalog.units.get(unit_id)
        return unit.name if unit else (unit_id or NO_UNIT)

    by_unit = tuple(
        Bar(u, unit_name(u), units[u], f"units/{u}/", catalog.unit_label(u))
        if u
        else Bar(u, NO_UNIT, units[u])
        for u in _by_count(units, unit_name)
    )

    sectors = Counter((p.exemplar.sector if p.exemplar else None) or "" for p in people)

    def sector_label(sector_id: str) -> str:
        return vocab.label("sectors", sector_id) if sector_id else NO_SECTOR

    by_sector = tuple(
        Bar(s, sector_label(s), sectors[s])
        for s in sorted(
            sectors, key=lambda s: (s == "", -sectors[s], text.collation_key(sector_label(s)))
        )
    )

    awards: Counter[str] = Counter()
    months: Counter[tuple[int, int]] = Counter()
    for decision in decisions:
        valid = sum(1 for h in catalog.honorees_of[decision.id] if h.revoked_by is None)
        if decision.award and valid:
            awards[decision.award] += valid
            months[(decision.date.year, decision.date.month)] += 1

    def award_label(award_id: str) -> str:
        return vocab.label("awards", award_id)

    by_award = tuple(
        Bar(a, award_label(a), awards[a], f"awards/{a}/") for a in _by_count(awards, award_label)
    )
    by_month = tuple(
        Bar(f"{y:04d}-{m:02d}", text.month_label(y, m), months[(y, m)]) for y, m in sorted(months)
    )

    return [
        chart
        for chart in (
            Chart("loai", "Theo loại", "số cá nhân, tập thể, hộ gia đình được khen", by_kind),
            Chart(
                "don-vi",
                "Theo đơn vị",
                "số người, tập thể, hộ được khen theo đơn vị tại thời điểm khen thưởng",
                by_unit,
            ),
            Chart(
                "linh-vuc",
                "Theo lĩnh vực",
                "số người, tập thể, hộ được khen theo lĩnh vực",
                by_sector,
            ),
            Chart(
                "hinh-thuc",
                "Theo hình thức khen thưởng",
                "số lượt khen thưởng theo hình thức",
                by_award,
            ),
            Chart("thang", "Theo tháng", "số quyết định khen thưởng theo tháng ký", by_month),
        )
        if chart.bars
    ]


def chart_svg(chart: Chart, id_prefix: str = "") -> Markup:
    """The chart as inline SVG; ids are prefixed so several charts share a page."""

    largest = max((bar.value for bar in chart.bars), default=0) or 1
    span = WIDTH - VALUE_SPACE
    rows = [
        {
            "bar": bar,
            "y": index * ROW,
            "width": max(2, round(span * bar.value / largest, 1)),
        }
        for index, bar in enumerate(chart.bars)
    ]
    template = environment().get_template("_chart.svg")
    return Markup(
        template.render(
            chart=chart,
            rows=rows,
            width=WIDTH,
            height=max(ROW, len(rows) * ROW),
            label_space=LABEL_SPACE,
            bar_height=BAR,
            uid=f"{id_prefix}bieu-do-{chart.slug}",
        )
    )
