"""What every rule shares: the content, today's date, the lookups and the common messages.

A rule is a function `Checker -> Iterable[Problem]`; `exemplars.content.checks.RULES` lists
them all in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date

from exemplars import text
from exemplars.content.load import Content
from exemplars.content.model import (
    VOCABULARY_LABELS,
    Campaign,
    Commendation,
    Exemplar,
    Record,
    Story,
    Unit,
)
from exemplars.content.problems import Problem, field_name
from exemplars.types import RecordType

Rule = Callable[["Checker"], Iterable[Problem]]


class Checker:
    """Holds the content and the lookups the rules share."""

    def __init__(self, content: Content, today: date):
        self.content = content
        self.today = today
        self.units: dict[str, Unit] = {u.id: u for u in content.units}
        # By folder, then id: what `reference` looks targets up in.
        self.by_id: dict[str, dict[str, Record]] = {
            kind: {r.id: r for r in records} for kind, records in content.records.items()
        }
        self.exemplar_by_id: dict[str, Exemplar] = {r.id: r for r in content.exemplars}
        self.campaign_by_id: dict[str, Campaign] = {r.id: r for r in content.campaigns}

    @property
    def exemplars(self) -> list[Exemplar]:
        return self.content.exemplars

    @property
    def commendations(self) -> list[Commendation]:
        return self.content.commendations

    @property
    def campaigns(self) -> list[Campaign]:
        return self.content.campaigns

    @property
    def stories(self) -> list[Story]:
        return self.content.stories

    def problem(self, record: Record, loc: tuple, message: str, severity: str = "error") -> Problem:
        return Problem(
            record.origin.path, record.origin.line_of(loc), field_name(loc), message, severity
        )

    def reference(
        self, record: Record, loc: tuple, target_type: RecordType, target_id: str | None
    ) -> Iterator[Problem]:
        """A reference must exist, and a published record may not point at an unpublished one."""
        if not target_id:
            return
        kind = target_type.folder
        target = self.by_id[kind].get(target_id)
        if target is None and (kind, target_id) in self.content.broken:
            return  # that file's own problems are reported; no second error here
        if target is None:
            near = nearest(target_id, self.by_id[kind])
            hint = f"; có phải “{near}”?" if near else ""
            yield self.problem(
                record,
                loc,
                f"không có {target_type.label} nào mã “{target_id}” "
                f"(cần tệp content/{kind}/{target_id}.md){hint}",
            )
        elif record.is_published(self.today) and not target.is_published(self.today):
            why = (
                "là bản nháp"
                if target.status != "published"
                else f"chưa đến ngày công bố {text.format_date(target.publish_date or self.today)}"
            )
            yield self.problem(
                record,
                loc,
                f"{target_type.label} “{target_id}” {why}; một tệp đã công bố không được "
                f"trỏ tới nó (hãy công bố nó trước, hoặc bỏ tham chiếu này)",
            )

    def unit_reference(
        self, record: Record, loc: tuple, unit_id: str | None, on: date | None = None
    ) -> Iterator[Problem]:
        if not unit_id:
            return
        unit = self.units.get(unit_id)
        if unit is None:
            near = nearest(unit_id, self.units)
            hint = f"; có phải “{near}”?" if near else ""
            yield self.problem(
                record,
                loc,
                f"không có đơn vị nào mã “{unit_id}” trong content/_data/units.yml{hint}",
            )
        elif on is not None and not unit.existed_on(on):
            span = lifetime(unit)
            yield self.problem(
                record,
                loc,
                f"đơn vị “{unit.name}” không tồn tại vào ngày {text.format_date(on)} "
                f"({span}); hãy dùng đơn vị đúng thời điểm đó",
            )

    def vocabulary(
        self, record: Record, loc: tuple, name: str, entry_id: str | None
    ) -> Iterator[Problem]:
        if entry_id and entry_id not in self.content.vocabularies.get(name):
            known = self.content.vocabularies.get(name)
            near = nearest(entry_id, known)
            hint = f"; có phải “{near}”?" if near else ""
            yield self.problem(
                record,
                loc,
                f"“{entry_id}” không có trong danh mục {VOCABULARY_LABELS[name]}{hint} "
                f"(xem danh mục trong Hướng dẫn biên tập, hoặc thêm vào "
                f"content/_data/vocabularies.yml)",
            )


def nearest(value: str, known: Iterable[str]) -> str | None:
    for candidate in known:
        if text.similar(value, candidate):
            return candidate
    return None


def lifetime(unit: Unit) -> str:
    start = text.format_date(unit.valid_from) if unit.valid_from else "…"
    end = text.format_date(unit.valid_to) if unit.valid_to else "nay"
    return f"tồn tại từ {start} đến {end}"
