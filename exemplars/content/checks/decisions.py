"""Rules of spec v2 that make a decision read as the paper does, and keep the record true.

Ranks only where the award has them, truy tặng only for people, revocations and corrections
that point at real decisions and recipients, the deciding unit alive on the day it signed
(an error), and the authority check 19 (a warning: who may give what).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from exemplars import text
from exemplars.content.checks.base import Checker, lifetime
from exemplars.content.checks.core import recipient_kind
from exemplars.content.model import (
    ISSUER_LEVEL_LABELS,
    KIND_LABELS,
    Commendation,
    Unit,
    VocabEntry,
)
from exemplars.content.problems import Problem
from exemplars.types import COMMENDATIONS, EXEMPLARS

# The last day a district-level government (cấp huyện) acted: two-tier local government
# from 01/7/2025 (Luật Tổ chức chính quyền địa phương số 72/2025/QH15).
LAST_DISTRICT_DAY = date(2025, 6, 30)


def issuer_level(unit: Unit, units: dict[str, Unit]) -> str:
    """Which level of authority a registry unit decides at (vocabulary `issuers`)."""
    if unit.type == "co-quan":
        return "co-quan"
    if unit.type == "tinh":
        return "tinh"
    if unit.type in ("phuong", "xa", "thi-tran", "dac-khu"):
        return "xa"
    parent = units.get(unit.parent or "")
    if unit.type == "thanh-pho" and (parent is None or parent.type != "tinh"):
        return "tinh"  # thành phố trực thuộc Trung ương
    return "huyen"


def level_from_issuer_text(issuer: str) -> str | None:
    """Central authorities have no registry unit: read them from the printed issuer."""
    folded = text.fold(issuer)
    if folded.startswith("chu tich nuoc"):
        return "chu-tich-nuoc"
    if folded.startswith("thu tuong"):
        return "thu-tuong"
    if folded.startswith(("bo truong", "thu truong co quan ngang bo")):
        return "bo-nganh"
    return None


def ranks(checker: Checker) -> Iterator[Problem]:
    """`rank` only for an award with hạng; an award with hạng names one."""
    for decision in checker.commendations:
        award = checker.content.vocabularies.awards.get(decision.award or "")
        if award is None:
            continue
        given = [(("rank",), decision.rank)] + [
            (("recipients", i, "rank"), r.rank) for i, r in enumerate(decision.recipients)
        ]
        for loc, rank in given:
            if rank and not award.ranked:
                yield checker.problem(
                    decision,
                    loc,
                    f"“{award.label}” không có hạng; hãy bỏ dòng rank (chỉ huân chương, huy "
                    f"chương có hạng Nhất, Nhì, Ba mới ghi rank)",
                )
        if award.ranked and not decision.rank and decision.recipients:
            unranked = [i for i, r in enumerate(decision.recipients) if not r.rank]
            if unranked:
                yield checker.problem(
                    decision,
                    ("award",),
                    f"“{award.label}” có hạng Nhất, Nhì, Ba nhưng quyết định chưa ghi hạng; "
                    f"hãy thêm “rank: nhat”, “rank: nhi” hoặc “rank: ba” (cho cả quyết định, "
                    f"hoặc cho từng người nhận)",
                )


def recipients_v2(checker: Checker) -> Iterator[Problem]:
    """Truy tặng is for people; a foreign recipient is named with its country."""
    for decision in checker.commendations:
        for index, recipient in enumerate(decision.recipients):
            kind = recipient_kind(checker, recipient)
            if recipient.posthumous and kind and kind != "individual":
                yield checker.problem(
                    decision,
                    ("recipients", index, "posthumous"),
                    f"truy tặng chỉ dành cho cá nhân đã mất, không cho "
                    f"{KIND_LABELS[kind].lower()}; hãy bỏ dòng posthumous",
                )
            if recipient.country and recipient.exemplar:
                yield checker.problem(
                    decision,
                    ("recipients", index, "country"),
                    "country chỉ ghi cho người nhận viết trực tiếp (name, kind, country); với "
                    "người nhận có trang riêng (exemplar), hãy bỏ dòng country",
                )


def revocations(checker: Checker) -> Iterator[Problem]:
    """What a decision revokes or corrects exists, is earlier, and names a real recipient."""
    decisions: dict[str, Commendation] = {d.id: d for d in checker.commendations}
    for decision in checker.commendations:
        for index, item in enumerate(decision.revokes):
            loc = ("revokes", index)
            yield from checker.reference(
                decision, loc + ("commendation",), COMMENDATIONS, item.commendation
            )
            yield from checker.reference(decision, loc + ("exemplar",), EXEMPLARS, item.exemplar)
            target = decisions.get(item.commendation)
            if target is None:
                continue
            yield from _earlier(checker, decision, target, loc + ("commendation",), "hủy bỏ")
            if item.exemplar and not any(r.exemplar == item.exemplar for r in target.recipients):
                yield checker.problem(
                    decision,
                    loc + ("exemplar",),
                    f"“{item.exemplar}” không có trong danh sách người nhận của quyết định số "
                    f"{target.number}; hãy kiểm tra lại mã",
                )
            if item.name and not any(
                r.name and text.fold(r.name) == text.fold(item.name) for r in target.recipients
            ):
                yield checker.problem(
                    decision,
                    loc + ("name",),
                    f"“{item.name}” không có trong danh sách người nhận của quyết định số "
                    f"{target.number}; hãy viết tên đúng như trong quyết định đó",
                )
        for index, target_id in enumerate(decision.corrects):
            loc = ("corrects", index)
            yield from checker.reference(decision, loc, COMMENDATIONS, target_id)
            target = decisions.get(target_id)
            if target is not None:
                yield from _earlier(checker, decision, target, loc, "đính chính")


def _earlier(
    checker: Checker, decision: Commendation, target: Commendation, loc: tuple, verb: str
) -> Iterator[Problem]:
    if target.id == decision.id:
        yield checker.problem(decision, loc, f"một quyết định không thể tự {verb} chính nó")
    elif target.date > decision.date:
        yield checker.problem(
            decision,
            loc,
            f"quyết định số {target.number} ký ngày {text.format_date(target.date)}, sau ngày "
            f"ký của quyết định này ({text.format_date(decision.date)}); chỉ {verb} được quyết "
            f"định đã ký trước",
        )


def authority(checker: Checker) -> Iterator[Problem]:
    """The deciding unit existed on the day (error); check 19, who may give what (warning)."""
    vocabularies = checker.content.vocabularies
    for decision in checker.commendations:
        level = None
        if decision.issuer_unit:
            unit = checker.units.get(decision.issuer_unit)
            yield from checker.unit_reference(decision, ("issuer_unit",), decision.issuer_unit)
            if unit is None:
                continue
            if not unit.existed_on(decision.date):
                yield checker.problem(
                    decision,
                    ("issuer_unit",),
                    f"“{unit.name}” không tồn tại vào ngày ký {text.format_date(decision.date)} "
                    f"({lifetime(unit)}); cấp quyết định phải là đơn vị có vào ngày đó",
                )
                continue
            level = issuer_level(unit, checker.units)
        else:
            level = level_from_issuer_text(decision.issuer)
        award = vocabularies.awards.get(decision.award or "")
        if award is None:
            continue
        yield from _regime(checker, decision, award)
        if level == "huyen" and decision.date > LAST_DISTRICT_DAY:
            yield checker.problem(
                decision,
                ("issuer_unit",),
                "từ 01/7/2025 không còn chính quyền cấp huyện; hãy kiểm tra lại cấp quyết định",
                "warning",
            )
        if level and award.issuers and level not in award.issuers:
            allowed = "; ".join(ISSUER_LEVEL_LABELS[i] for i in award.issuers)
            yield checker.problem(
                decision,
                ("award",),
                f"“{award.label}” thường do {allowed} quyết định, không phải "
                f"{ISSUER_LEVEL_LABELS[level]}; hãy kiểm tra lại award, issuer và issuer_unit "
                f"(thẩm quyền theo Luật Thi đua, khen thưởng)",
                "warning",
            )


def _regime(checker: Checker, decision: Commendation, award: VocabEntry) -> Iterator[Problem]:
    if award.in_force_on(decision.date):
        return
    start = text.format_date(award.valid_from) if award.valid_from else "…"
    end = text.format_date(award.valid_to) if award.valid_to else "nay"
    yield checker.problem(
        decision,
        ("award",),
        f"“{award.label}” là tên gọi áp dụng từ {start} đến {end}, không phải vào ngày ký "
        f"{text.format_date(decision.date)}; hãy chọn mục đúng chế độ của ngày ký (xem danh "
        f"mục trong Hướng dẫn biên tập)",
        "warning",
    )
