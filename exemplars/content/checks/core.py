"""The core rules of the content format: those that span more than one field or file.

Single-field rules (types, required fields, dates, document numbers, summary length) live
in the model; these need the whole content: references, publication, unit history, award
subjects, duplicates, paths and consent.
"""

from __future__ import annotations

from collections.abc import Iterator

from exemplars import text
from exemplars.content.checks.base import Checker, lifetime
from exemplars.content.model import KIND_LABELS, Commendation, Recipient, Unit
from exemplars.content.paths import MEDIA_FIELDS, resolve_media
from exemplars.content.problems import Problem, field_name
from exemplars.types import CAMPAIGNS, EXEMPLARS


def recipient_kind(checker: Checker, recipient: Recipient) -> str | None:
    if recipient.exemplar:
        target = checker.exemplar_by_id.get(recipient.exemplar)
        return target.kind if target else None
    return recipient.kind


def recipient_unit(checker: Checker, recipient: Recipient) -> str | None:
    if recipient.exemplar:
        target = checker.exemplar_by_id.get(recipient.exemplar)
        return target.unit if target else None
    return recipient.unit


def references(checker: Checker) -> Iterator[Problem]:
    for exemplar in checker.exemplars:
        yield from checker.unit_reference(exemplar, ("unit",), exemplar.unit)
        yield from checker.vocabulary(exemplar, ("sector",), "sectors", exemplar.sector)
        for index, campaign in enumerate(exemplar.campaigns):
            yield from checker.reference(exemplar, ("campaigns", index), CAMPAIGNS, campaign)
    for decision in checker.commendations:
        yield from checker.vocabulary(decision, ("award",), "awards", decision.award)
        yield from checker.vocabulary(decision, ("type",), "types", decision.type)
        yield from checker.reference(decision, ("campaign",), CAMPAIGNS, decision.campaign)
        for index, recipient in enumerate(decision.recipients):
            loc = ("recipients", index)
            yield from checker.reference(
                decision, loc + ("exemplar",), EXEMPLARS, recipient.exemplar
            )
            yield from checker.unit_reference(decision, loc + ("unit",), recipient.unit)
    for story in checker.stories:
        yield from checker.reference(story, ("campaign",), CAMPAIGNS, story.campaign)
        for index, exemplar_id in enumerate(story.exemplars):
            yield from checker.reference(story, ("exemplars", index), EXEMPLARS, exemplar_id)


def unit_registry(checker: Checker) -> Iterator[Problem]:
    for unit in checker.content.units:
        for loc, target in [(("parent",), unit.parent)] + [
            (("successors", i), s) for i, s in enumerate(unit.successors)
        ]:
            if target and target not in checker.units:
                yield Problem(
                    unit.origin.path,
                    unit.origin.line_of(loc),
                    field_name(loc),
                    f"không có đơn vị nào mã “{target}” trong sổ đơn vị",
                )
    seen: dict[str, Unit] = {}
    for unit in checker.content.units:
        if unit.id in seen:
            yield Problem(
                unit.origin.path,
                unit.origin.line_of(("id",)),
                "id",
                f"mã đơn vị “{unit.id}” đã dùng ở dòng {seen[unit.id].origin.line_of(('id',))}",
            )
        seen.setdefault(unit.id, unit)


def decision_dates(checker: Checker) -> Iterator[Problem]:
    for decision in checker.commendations:
        if decision.date > checker.today:
            yield checker.problem(
                decision,
                ("date",),
                f"ngày ký {text.format_date(decision.date)} ở tương lai; hãy kiểm tra lại",
            )
        campaign = checker.campaign_by_id.get(decision.campaign or "")
        if campaign is not None and decision.date < campaign.start:
            yield checker.problem(
                decision,
                ("date",),
                f"ngày ký {text.format_date(decision.date)} trước ngày bắt đầu phong trào "
                f"“{campaign.title}” ({text.format_date(campaign.start)})",
            )


def recipients_fit(checker: Checker) -> Iterator[Problem]:
    """Unit history (rule 7) and award subject (rule 8) for every recipient."""
    for decision in checker.commendations:
        award = checker.content.vocabularies.awards.get(decision.award or "")
        for index, recipient in enumerate(decision.recipients):
            loc = ("recipients", index)
            unit_id = recipient_unit(checker, recipient)
            unit = checker.units.get(unit_id or "")
            if unit is not None and not unit.existed_on(decision.date):
                yield checker.problem(
                    decision,
                    loc + (("exemplar",) if recipient.exemplar else ("unit",)),
                    f"đơn vị “{unit.name}” của người nhận không tồn tại vào ngày ký "
                    f"{text.format_date(decision.date)} ({lifetime(unit)})",
                )
            kind = recipient_kind(checker, recipient)
            if award is not None and kind and not award.allows(kind):
                allowed = ", ".join(KIND_LABELS[k].lower() for k in award.subject or [])
                yield checker.problem(
                    decision,
                    loc,
                    f"“{award.label}” chỉ trao cho {allowed}, không trao cho "
                    f"{KIND_LABELS[kind].lower()}; hãy đổi award hoặc tách quyết định",
                )


def duplicate_decisions(checker: Checker) -> Iterator[Problem]:
    seen: dict[tuple, Commendation] = {}
    for decision in checker.commendations:
        key = (text.fold(decision.number), text.fold(decision.issuer), decision.date.year)
        if key in seen:
            yield checker.problem(
                decision,
                ("number",),
                f"trùng số {decision.number} của {decision.issuer} năm {decision.date.year} "
                f"với {seen[key].origin.path}",
            )
        seen.setdefault(key, decision)


def aliases(checker: Checker) -> Iterator[Problem]:
    for exemplar in checker.exemplars:
        for index, alias in enumerate(exemplar.aliases):
            if alias in checker.exemplar_by_id:
                yield checker.problem(
                    exemplar,
                    ("aliases", index),
                    f"mã cũ “{alias}” đang là mã của một gương điển hình khác",
                )


def media_paths(checker: Checker) -> Iterator[Problem]:
    root = checker.content.root
    for record in checker.content.all_records():
        for name in MEDIA_FIELDS.get(type(record), ()):
            value = getattr(record, name)
            if value:
                _, why = resolve_media(record, value, root)
                if why:
                    yield checker.problem(record, (name,), why)


def photo_consent(checker: Checker) -> Iterator[Problem]:
    for exemplar in checker.exemplars:
        needs_consent = exemplar.kind == "individual" and exemplar.portrait
        if needs_consent and exemplar.photo_consent is not True:
            yield checker.problem(
                exemplar,
                ("photo_consent",) if "photo_consent" in exemplar.origin.keys else ("portrait",),
                "ảnh chân dung của cá nhân cần “photo_consent: true” (người trong ảnh đã đồng ý "
                "công bố); nếu chưa có sự đồng ý, hãy bỏ dòng portrait",
            )
