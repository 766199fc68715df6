"""Catalog: the validated, published-only view of the content, built once per build.

Every page, listing, export and count reads from here, so the publication rule (drafts and
embargoed files leave no trace) is applied in exactly one place. Per-page work is a lookup
in the indexes below, never a scan of all records.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from operator import itemgetter

from exemplars import text
from exemplars.content.load import Content
from exemplars.content.model import (
    Campaign,
    Commendation,
    Exemplar,
    Recipient,
    Record,
    Story,
    Unit,
    Vocabularies,
)
from exemplars.site.history import RecordDates
from exemplars.types import R, RecordType

KIND_ORDER = ("individual", "collective", "household")


@dataclass(frozen=True)
class Honoree:
    """A recipient of a decision, resolved: a published exemplar or an inline recipient."""

    name: str
    kind: str
    unit_id: str
    position: str | None
    reason: str | None
    exemplar: Exemplar | None = None
    rank: str | None = None  # this recipient's hạng, or the decision's
    posthumous: bool = False  # truy tặng
    country: str | None = None  # ISO code of a foreign recipient
    revoked_by: Commendation | None = None  # the decision that revoked this award

    @cached_property
    def key(self) -> str:
        """Identity for counting: the exemplar id, or the folded name and unit (worked out
        once: boards, counts and sorting ask it tens of thousands of times)."""
        if self.exemplar:
            return self.exemplar.id
        return f"{text.fold(self.name)}@{self.unit_id}"


@dataclass(frozen=True)
class Honor:
    """One line of an exemplar's record: a decision that names it."""

    decision: Commendation
    reason: str | None
    rank: str | None = None
    posthumous: bool = False
    revoked_by: Commendation | None = None


@dataclass
class Figures:
    """Counts for a campaign or the whole site."""

    individual: int = 0
    collective: int = 0
    household: int = 0
    decisions: int = 0
    revoked: int = 0  # awards to recipients revoked later: counted apart, never deleted
    by_award: list[tuple[str, int]] = field(default_factory=list)
    by_unit: list[tuple[str, int]] = field(default_factory=list)

    @property
    def recipients(self) -> int:
        return self.individual + self.collective + self.household


def directory_key(exemplar: Exemplar) -> tuple:
    """A–Z order: individuals by given name, then middle, then family; others by full name.

    `sort_name`, for any kind, replaces both ("Tâm, Nguyễn Văn (hộ gia đình)").
    """
    if exemplar.sort_name:
        return (text.collation_key(exemplar.sort_name), 0, (), exemplar.id)
    if exemplar.kind == "individual":
        return (
            text.collation_key(given_name_of(exemplar)),
            0,
            text.person_sort_key(exemplar.name, exemplar.given_name),
            exemplar.id,
        )
    return (
        text.collation_key(exemplar.name),
        1,
        text.collective_sort_key(exemplar.name),
        exemplar.id,
    )


def inline_sort_key(kind: str, name: str, tiebreak: str) -> tuple:
    """`directory_key` for a recipient without a page (boards list them among the others)."""
    if kind == "individual":
        given = (name.split() or [""])[-1]
        return (text.collation_key(given), 0, text.person_sort_key(name, None), tiebreak)
    return (text.collation_key(name), 1, text.collective_sort_key(name), tiebreak)


def given_name_of(exemplar: Exemplar) -> str:
    """What the A–Z directory files a record under (its letter heading)."""
    if exemplar.sort_name:
        return exemplar.sort_name
    if exemplar.kind != "individual":
        return exemplar.name
    if exemplar.given_name:
        return exemplar.given_name
    return exemplar.name.split()[-1]


def _published(records: list[R], today: date) -> dict[str, R]:
    return {r.id: r for r in records if r.is_published(today)}


class Catalog:
    """Published records and their cross-references."""

    def __init__(self, content: Content, today: date):
        self._site_figures: Figures | None = None
        self.today = today
        self.vocabularies: Vocabularies = content.vocabularies
        self.units: dict[str, Unit] = {u.id: u for u in content.units}
        self._now_texts: dict[str, str] = {}
        self.exemplars: dict[str, Exemplar] = _published(content.exemplars, today)
        self.commendations: dict[str, Commendation] = _published(content.commendations, today)
        self.campaigns: dict[str, Campaign] = _published(content.campaigns, today)
        self.stories: dict[str, Story] = _published(content.stories, today)
        self.unpublished: list[Record] = [
            r for records in content.records.values() for r in records if not r.is_published(today)
        ]
        # "<folder>/<id>" → when its file was first published and last changed; filled by the
        # build from the files' history (exemplars.site.history), empty for a bare catalog.
        self.dates: dict[str, RecordDates] = {}
        self._index()

    def dates_of(self, folder: str, record_id: str) -> RecordDates | None:
        return self.dates.get(f"{folder}/{record_id}")

    def of(self, record_type: RecordType[R]) -> dict[str, R]:
        """The published records of one type by id (the attribute named like its folder)."""
        return getattr(self, record_type.folder)

    # -- building -------------------------------------------------------------------------

    def _index(self) -> None:  # noqa: C901  (every index in one pass over the records, for speed)
        keyed = sorted(((directory_key(e), e) for e in self.exemplars.values()), key=itemgetter(0))
        self.directory: list[Exemplar] = [exemplar for _, exemplar in keyed]
        # Each one's `directory_key` and place in it: boards order their recipients by place,
        # those without a page among them by key (`Boards._sort_key`).
        self.directory_keys: list[tuple] = [key for key, _ in keyed]
        self.directory_place: dict[str, int] = {e.id: i for i, e in enumerate(self.directory)}
        self.decisions_newest: list[Commendation] = sorted(
            self.commendations.values(), key=lambda d: (d.date, d.number), reverse=True
        )
        self.stories_newest: list[Story] = sorted(
            self.stories.values(), key=lambda s: (s.date, s.id), reverse=True
        )
        self.campaigns_newest: list[Campaign] = sorted(
            self.campaigns.values(), key=lambda c: (c.start, c.id), reverse=True
        )
        self.honors_of: dict[str, list[Honor]] = defaultdict(list)
        self.honorees_of: dict[str, list[Honoree]] = {}
        self.stories_of: dict[str, list[Story]] = defaultdict(list)
        self.exemplars_by_unit: dict[str, list[Exemplar]] = defaultdict(list)
        self.decisions_by_unit: dict[str, list[Commendation]] = defaultdict(list)
        self.exemplars_by_award: dict[str, list[Exemplar]] = defaultdict(list)
        self.decisions_by_award: dict[str, list[Commendation]] = defaultdict(list)
        self.exemplars_by_campaign: dict[str, list[Exemplar]] = defaultdict(list)
        self.decisions_by_campaign: dict[str, list[Commendation]] = defaultdict(list)
        self.stories_by_campaign: dict[str, list[Story]] = defaultdict(list)
        self.exemplars_by_year: dict[int, list[Exemplar]] = defaultdict(list)
        self.decisions_by_year: dict[int, list[Commendation]] = defaultdict(list)
        self.exemplars_by_kind: dict[str, list[Exemplar]] = defaultdict(list)
        self._index_revocations()

        for decision in self.decisions_newest:
            honorees = [self._resolve(decision, r) for r in decision.recipients]
            self.honorees_of[decision.id] = honorees
            if decision.award:
                self.decisions_by_award[decision.award].append(decision)
            self.decisions_by_year[decision.date.year].append(decision)
            if decision.campaign in self.campaigns:
                self.decisions_by_campaign[decision.campaign].append(decision)
            for unit_id in dict.fromkeys(h.unit_id for h in honorees):
                self.decisions_by_unit[unit_id].append(decision)
            for honoree in honorees:
                if honoree.exemplar:
                    self.honors_of[honoree.exemplar.id].append(
                        Honor(
                            decision,
                            honoree.reason,
                            honoree.rank,
                            honoree.posthumous,
                            honoree.revoked_by,
                        )
                    )
        for story in self.stories_newest:
            if story.campaign in self.campaigns:
                self.stories_by_campaign[story.campaign].append(story)
            for exemplar_id in story.exemplars:
                if exemplar_id in self.exemplars:
                    self.stories_of[exemplar_id].append(story)

        for exemplar in self.directory:
            self.exemplars_by_unit[exemplar.unit].append(exemplar)
            self.exemplars_by_kind[exemplar.kind].append(exemplar)
            honors = self.honors_of.get(exemplar.id, [])
            campaigns = dict.fromkeys(
                [c for c in exemplar.campaigns if c in self.campaigns]
                + [h.decision.campaign for h in honors if h.decision.campaign in self.campaigns]
            )
            for campaign_id in campaigns:
                self.exemplars_by_campaign[campaign_id].append(exemplar)
            valid = [h for h in honors if not h.revoked_by and h.decision.award]
            for award in dict.fromkeys(h.decision.award for h in valid if h.decision.award):
                self.exemplars_by_award[award].append(exemplar)
            for year in dict.fromkeys(h.decision.date.year for h in valid):
                self.exemplars_by_year[year].append(exemplar)

        self.children_of: dict[str, list[Unit]] = defaultdict(list)
        self.predecessors_of: dict[str, list[Unit]] = defaultdict(list)
        for unit in sorted(self.units.values(), key=lambda u: text.collation_key(u.name)):
            if unit.parent:
                self.children_of[unit.parent].append(unit)
            for successor in unit.successors:
                self.predecessors_of[successor].append(unit)
        self.years: list[int] = sorted(self.decisions_by_year, reverse=True)

    def _index_revocations(self) -> None:
        """Who revoked or corrected what, from published decisions only: never a deletion."""
        self.revoked_whole: dict[str, Commendation] = {}
        self.revoked_part: dict[tuple[str, str], Commendation] = {}
        self.corrected_by: dict[str, list[Commendation]] = defaultdict(list)
        self.revocations_of: dict[str, list[Commendation]] = defaultdict(list)
        # Oldest first: where two decisions revoke the same award, the first one stands.
        for decision in reversed(self.decisions_newest):
            for item in decision.revokes:
                if item.commendation not in self.commendations:
                    continue
                self.revocations_of[item.commendation].append(decision)
                if item.exemplar:
                    self.revoked_part.setdefault((item.commendation, item.exemplar), decision)
                elif item.name:
                    key = (item.commendation, "name:" + text.fold(item.name))
                    self.revoked_part.setdefault(key, decision)
                else:
                    self.revoked_whole.setdefault(item.commendation, decision)
            for target in decision.corrects:
                if target in self.commendations:
                    self.corrected_by[target].append(decision)

    def revoked_by(self, decision: Commendation, recipient: Recipient) -> Commendation | None:
        """The decision that revoked this recipient's award (whole decision or this one)."""
        whole = self.revoked_whole.get(decision.id)
        if whole is not None:
            return whole
        if recipient.exemplar:
            return self.revoked_part.get((decision.id, recipient.exemplar))
        return self.revoked_part.get((decision.id, "name:" + text.fold(recipient.name or "")))

    def corrections(self, decision: Commendation) -> list[Commendation]:
        """The published decisions this one corrects (đính chính)."""
        return [self.commendations[i] for i in decision.corrects if i in self.commendations]

    def revoked_targets(self, decision: Commendation) -> list[Commendation]:
        """The published decisions this one revokes, wholly or in part."""
        ids = dict.fromkeys(item.commendation for item in decision.revokes)
        return [self.commendations[i] for i in ids if i in self.commendations]

    def award_label(self, decision: Commendation, rank: str | None = None) -> str:
        """The award as the paper names it: with its hạng, or "… của <người quyết định>"."""
        entry = self.vocabularies.awards.get(decision.award or "")
        if entry is None:
            return decision.award or ""
        return entry.paper_label(rank or decision.rank, decision.issuer)

    def _resolve(self, decision: Commendation, recipient: Recipient) -> Honoree:
        revoked_by = self.revoked_by(decision, recipient)
        rank = recipient.rank or decision.rank
        if recipient.exemplar:
            exemplar = self.exemplars[recipient.exemplar]
            return Honoree(
                exemplar.name,
                exemplar.kind,
                exemplar.unit,
                exemplar.position,
                recipient.reason,
                exemplar,
                rank,
                bool(recipient.posthumous),
                None,
                revoked_by,
            )
        return Honoree(
            recipient.name or "",
            recipient.kind or "individual",
            recipient.unit or "",
            recipient.position,
            recipient.reason,
            None,
            rank,
            bool(recipient.posthumous),
            recipient.country,
            revoked_by,
        )

    # -- units over time ------------------------------------------------------------------

    def current_units(self, unit: Unit) -> list[Unit]:
        """What a unit is part of today: its successors, followed to the ones that still exist."""
        if not self.has_ended(unit) or not unit.successors:
            return []
        found: dict[str, Unit] = {}
        queue = list(unit.successors)
        seen = {unit.id}
        while queue:
            unit_id = queue.pop(0)
            if unit_id in seen or unit_id not in self.units:
                continue
            seen.add(unit_id)
            successor = self.units[unit_id]
            if successor.valid_to and successor.valid_to < self.today and successor.successors:
                queue.extend(successor.successors)
            else:
                found[successor.id] = successor
        return list(found.values())

    def has_ended(self, unit: Unit) -> bool:
        return unit.valid_to is not None and unit.valid_to < self.today

    def ended_without_successor(self, unit: Unit) -> bool:
        """A unit that stopped (the district-level city, its agencies): nothing took it over."""
        return self.has_ended(unit) and not unit.successors

    def unit_now_text(self, unit: Unit) -> str:
        """“nay thuộc phường Móng Cái 1” for a merged unit; empty for one that still exists."""
        # Asked for every card of every listing: worked out once per unit per build.
        cached = self._now_texts.get(unit.id)
        if cached is not None and self.units.get(unit.id) is unit:
            return cached
        current = self.current_units(unit)
        names = ", ".join(_lower_first(u.name) for u in current)
        now = f"nay thuộc {names}" if current else ""
        if not current and self.ended_without_successor(unit) and unit.valid_to:
            now = f"chấm dứt hoạt động từ {text.format_date(unit.valid_to + timedelta(days=1))}"
        self._now_texts[unit.id] = now
        return now

    def unit_label(self, unit_id: str) -> str:
        unit = self.units.get(unit_id)
        if unit is None:
            return unit_id
        now = self.unit_now_text(unit)
        return f"{unit.name} ({now})" if now else unit.name

    # -- figures --------------------------------------------------------------------------

    def figures(self, decisions: list[Commendation]) -> Figures:
        """Recipients counted once each by kind, decisions, and honors by award and by unit."""
        figures = Figures(
            decisions=sum(1 for d in decisions if d.award and d.id not in self.revoked_whole)
        )
        people: dict[str, Honoree] = {}
        by_award: Counter[str] = Counter()
        by_unit: Counter[str] = Counter()
        for decision in decisions:
            for honoree in self.honorees_of[decision.id]:
                if honoree.revoked_by is not None:
                    figures.revoked += 1
                    continue
                people.setdefault(honoree.key, honoree)
                if decision.award:
                    by_award[decision.award] += 1
        for honoree in people.values():
            setattr(figures, honoree.kind, getattr(figures, honoree.kind) + 1)
            by_unit[honoree.unit_id] += 1
        figures.by_award = _ranked(by_award, lambda a: self.vocabularies.label("awards", a))
        figures.by_unit = _ranked(by_unit, self.unit_label)
        return figures

    def site_figures(self) -> Figures:
        """The whole site's figures: worked out once (the home page, the statistics page and
        a preview's digests of both ask for them on every build)."""
        if self._site_figures is None:
            self._site_figures = self._count_site()
        return self._site_figures

    def _count_site(self) -> Figures:
        figures = self.figures(self.decisions_newest)
        for exemplar in self.exemplars.values():
            honors = self.honors_of.get(exemplar.id, [])
            if not any(h.revoked_by is None and h.decision.award for h in honors):
                setattr(figures, exemplar.kind, getattr(figures, exemplar.kind) + 1)
        return figures


def _ranked(counter: Counter, label) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], text.collation_key(label(item[0]))))


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:] if name else name
