"""Honor boards (bảng vàng) for paper: who was honored, grouped the way a board is read.

One board per unit, campaign, decision and year that has at least one recipient. An entry
is one recipient of one decision; entries are grouped by kind (Tập thể, Cá nhân, Hộ gia
đình, the order boards are read in), then by award in the vocabulary's order (highest
first) and hạng (Nhất, Nhì, Ba), then listed A–Z the Vietnamese way (`exemplars.text`
collation, as the directory). Awards revoked later are never dropped: they are listed apart,
after the others, with the decision that revoked them.
A board with more entries than `PART_SIZE` is cut into parts, each one page of the site
printed on its own: a page stays under 100 KB, and 10,000 names make no sense on one wall.

Pure data: `render` and the `board.html` template turn it into a page.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from exemplars.content.model import KIND_LABELS, RANK_LABELS, Commendation, Exemplar
from exemplars.site.catalog import Catalog, Honoree, inline_sort_key

# Tập thể first: a board honours the collectives, then the people, then the households.
BOARD_KIND_ORDER = ("collective", "individual", "household")
RANK_ORDER = {rank: i for i, rank in enumerate(RANK_LABELS)}  # Nhất, Nhì, Ba
# 100 entries: a part lists its entries and the decisions they come from, and both grow a
# little with the register (longer ids, decision numbers of five digits, a decision for
# nearly every entry): 120 entries made 96 KB pages at 10,000 records but 108 KB printable
# parts at 50,000 (150 made 109 KB at 10,000).
PART_SIZE = 100
SECTIONS = ("units", "campaigns", "commendations", "years")


@dataclass(frozen=True)
class Entry:
    """One line of a board: a recipient, the decision that names it, its award."""

    honoree: Honoree
    decision: Commendation
    award: str

    @property
    def exemplar(self) -> Exemplar | None:
        return self.honoree.exemplar

    @property
    def rank(self) -> str | None:
        return self.honoree.rank

    @property
    def revoked_by(self) -> Commendation | None:
        return self.honoree.revoked_by


@dataclass
class AwardGroup:
    award: str
    rank: str | None
    entries: list[Entry] = field(default_factory=list)
    continued: bool = False  # the group began in an earlier part


@dataclass
class KindGroup:
    kind: str
    label: str
    awards: list[AwardGroup] = field(default_factory=list)


@dataclass(frozen=True)
class Board:
    """The whole board of one unit, campaign, decision or year, in reading order."""

    section: str
    key: str
    title: str
    entries: list[Entry]  # the valid awards, in reading order
    revoked: list[Entry]  # awards revoked later, listed apart on the last part
    decisions: list[Commendation]  # the decisions it lists, oldest first

    @property
    def parts(self) -> int:
        return max(1, -(-len(self.entries) // PART_SIZE))

    @property
    def subject_url(self) -> str:
        """The screen page the board prints: its QR code leads there."""
        return f"{self.section}/{self.key}/"

    @cached_property
    def units(self) -> set[str]:
        """Once per board: every part's page asks (a board is never changed once built)."""
        return {entry.honoree.unit_id for entry in self.entries + self.revoked}

    @cached_property
    def newest(self) -> date:
        return max(d.date for d in self.decisions)

    @cached_property
    def _decision_order(self) -> dict[str, int]:
        return {d.id: i for i, d in enumerate(self.decisions)}

    def decisions_among(self, ids: set[str]) -> list[Commendation]:
        """The board's decisions with these ids, oldest first: each part lists its own, and
        a campaign's board has a thousand decisions over dozens of parts."""
        order = self._decision_order
        return [self.decisions[i] for i in sorted(order[d] for d in ids if d in order)]

    def shown_in(self, number: int) -> list[Entry]:
        """Every entry part `number` reads: its own, the one before it (whether its first
        group continues an earlier part's) and, on the last part, the revoked awards."""
        start = (number - 1) * PART_SIZE
        return self.entries[max(0, start - 1) : start + PART_SIZE] + self.revoked_in(number)

    def revoked_in(self, number: int) -> list[Entry]:
        """The revoked awards, on the board's last part."""
        return self.revoked if number == self.parts else []

    def part(self, number: int) -> list[KindGroup]:
        """The entries of part `number` (from 1), grouped by kind and award."""
        start = (number - 1) * PART_SIZE
        chosen = self.entries[start : start + PART_SIZE]
        earlier = self.entries[start - 1] if start else None
        groups: list[KindGroup] = []
        for entry in chosen:
            kind = entry.honoree.kind
            if not groups or groups[-1].kind != kind:
                groups.append(KindGroup(kind, KIND_LABELS[kind]))
            awards = groups[-1].awards
            if not awards or (awards[-1].award, awards[-1].rank) != (entry.award, entry.rank):
                continued = (
                    earlier is not None
                    and not awards
                    and earlier.honoree.kind == kind
                    and (earlier.award, earlier.rank) == (entry.award, entry.rank)
                )
                awards.append(AwardGroup(entry.award, entry.rank, continued=continued))
            awards[-1].entries.append(entry)
        return groups


class Boards:
    """Every board of one build, worked out on first use from the Catalog."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self._sort_keys: dict[str, tuple] = {}
        awards = list(catalog.vocabularies.awards)
        self._award_rank = {award: i for i, award in enumerate(awards)}

    def _sort_key(self, honoree: Honoree) -> tuple:
        """The A–Z order of the directory (`directory_key`), as a number first: an exemplar
        is its place in the catalog's directory (2i), a recipient without a page falls
        between two of them (2i − 1, its own key after). Sorting 12,000 entries compares
        numbers, not nested collation keys (a tenth of a second at 10,000 records)."""
        cached = self._sort_keys.get(honoree.key)
        if cached is None:
            exemplar = honoree.exemplar
            catalog = self.catalog
            if exemplar is not None:
                cached = (2 * catalog.directory_place[exemplar.id], ())
            else:
                key = inline_sort_key(honoree.kind, honoree.name, honoree.key)
                cached = (2 * bisect.bisect_left(catalog.directory_keys, key) - 1, key)
            self._sort_keys[honoree.key] = cached
        return cached

    def _reading_key(self, entry: Entry) -> tuple:
        return (
            BOARD_KIND_ORDER.index(entry.honoree.kind),
            self._award_rank.get(entry.award, len(self._award_rank)),
            entry.award,
            RANK_ORDER.get(entry.rank or "", len(RANK_ORDER)),
            self._sort_key(entry.honoree),
            entry.decision.date,
            entry.decision.id,
        )

    def _board(
        self, section: str, key: str, title: str, valid: list[Entry], revoked: list[Entry]
    ) -> Board:
        # By object: a record's `id` is a property, asked 50,000 times here at 10,000 records.
        listed = {id(e.decision): e.decision for e in valid}
        listed.update({id(e.decision): e.decision for e in revoked})
        for entry in revoked:
            if (by := entry.honoree.revoked_by) is not None:
                listed[id(by)] = by
        oldest_first = sorted(listed.values(), key=lambda d: (d.date, d.number, d.id))
        return Board(section, key, title, valid, revoked, oldest_first)

    @cached_property
    def all(self) -> dict[tuple[str, str], Board]:
        """(section, key) → board, for every board with at least one entry.

        Every board reads in the same order, so the entries are sorted once and dealt out to
        the four boards each is on (its unit's, campaign's, decision's and year's), not
        sorted again for each of the 2,000 boards of a 10,000-record site. The reading key
        ends with the decision and the recipient, so no two entries tie.
        """
        catalog = self.catalog
        entries = [
            Entry(honoree, decision, decision.award or "")
            for decision in catalog.commendations.values()
            for honoree in catalog.honorees_of[decision.id]
        ]
        entries.sort(key=self._reading_key)
        # (section, key) → its valid entries and its revoked ones, each in reading order
        dealt: dict[tuple[str, str], tuple[list[Entry], list[Entry]]] = defaultdict(
            lambda: ([], [])
        )
        campaigns = catalog.campaigns
        for entry in entries:
            decision = entry.decision
            side = 0 if entry.honoree.revoked_by is None else 1
            dealt["units", entry.honoree.unit_id][side].append(entry)
            if decision.campaign in campaigns:
                dealt["campaigns", decision.campaign][side].append(entry)
            dealt["commendations", decision.id][side].append(entry)
            dealt["years", str(decision.date.year)][side].append(entry)
        boards = [("units", unit.id, unit.name) for unit in catalog.units.values()]
        boards += [("campaigns", c.id, c.title) for c in catalog.campaigns.values()]
        boards += [
            ("commendations", d.id, f"Quyết định số {d.number}")
            for d in catalog.commendations.values()
        ]
        boards += [("years", str(year), f"Năm {year}") for year in catalog.years]
        found = (
            self._board(section, key, title, *dealt[section, key])
            for section, key, title in boards
            if (section, key) in dealt
        )
        return {(b.section, b.key): b for b in found}

    def get(self, section: str, key: str) -> Board | None:
        return self.all.get((section, key))

    def heading(self, award: str, rank: str | None) -> str:
        """An award group's heading: the award with its hạng ("Huân chương Lao động hạng Ba")."""
        entry = self.catalog.vocabularies.awards.get(award)
        return entry.label_with_rank(rank) if entry else award
