"""Check: the load's problems plus every rule of the content format, in one list.

Rules are listed here, explicitly and in order — not registered by importing a module — so
what `exemplars check` runs is readable in one place. To add a rule: write a function
`Checker -> Iterable[Problem]` in the module of its concern and append it to `RULES`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from pathlib import Path

from exemplars.content.checks import core, decisions, privacy, trust, unfinished
from exemplars.content.checks.base import Checker, Rule
from exemplars.content.load import Content, display_path, record_from_source
from exemplars.content.model import Record
from exemplars.content.problems import Problem
from exemplars.progress import Progress, silent

RULES: tuple[Rule, ...] = (
    # core: references, publication, unit history, award subjects, duplicates, media, consent
    core.references,
    core.unit_registry,
    core.decision_dates,
    core.recipients_fit,
    core.duplicate_decisions,
    core.aliases,
    core.media_paths,
    core.photo_consent,
    # privacy: rule 13, images in bodies, and the health-word warning (rule 14, executable
    # markup, is check 15 now: exemplars.site.checks, through the sanitizer itself)
    privacy.personal_data,
    privacy.images_in_bodies,
    privacy.health_data,
    # decisions (spec v2): ranks, truy tặng and foreign recipients, revocation and correction,
    # the deciding unit on the day (error) and who may give what (check 19, a warning)
    decisions.ranks,
    decisions.recipients_v2,
    decisions.revocations,
    decisions.authority,
    # trust boundary: files (16), image headers (17), addresses (18), embargoed names
    trust.content_files,
    trust.media_headers,
    trust.addresses,
    trust.embargoed_names,
    # an import (or `exemplars new`) killed half-way: its journal is still waiting
    unfinished.unfinished_import,
)


# Rules whose problems about a file depend on that file's text alone, each with its form for
# one record: a running preview keeps them for files it did not read again, and a full check
# runs them in the load's worker processes, as each file is read
# (`exemplars.site.checks.check_content`).
_PER_FILE_RECORD: dict[Rule, Callable[[Record], Iterable[Problem]]] = {
    privacy.personal_data: privacy.personal_data_in,
    privacy.health_data: privacy.health_data_in,
    privacy.images_in_bodies: privacy.images_in_body,
}
PER_FILE: tuple[Rule, ...] = tuple(_PER_FILE_RECORD)


def file_problems(record: Record) -> list[Problem]:
    """The PER_FILE rules' problems about one record (or page), as those rules find them."""
    return [problem for one in _PER_FILE_RECORD.values() for problem in one(record)]


CHECK_STAGE = "Kiểm tra"  # the label `progress` hears, one step a rule
SOURCES_STAGE = "Đọc tệp sẽ ghi"  # check_sources: each text read as the load reads a file


def check(
    content: Content,
    today: date,
    rules: tuple[Rule, ...] = RULES,
    progress: Progress = silent,
) -> list[Problem]:
    """Load problems plus every rule's problems, each once, in file order."""
    checker = Checker(content, today)
    problems = list(content.problems)
    progress(CHECK_STAGE, 0, len(rules))
    for done, function in enumerate(rules, 1):
        problems.extend(function(checker))
        progress(CHECK_STAGE, done, len(rules))
    return sorted(set(problems))


__all__ = ["CHECK_STAGE", "PER_FILE", "RULES", "Checker", "Rule", "check", "file_problems"]


def check_sources(
    content: Content, files: Mapping[Path, str], today: date, progress: Progress = silent
) -> list[Problem]:
    """The errors that `files` (path → text, not written yet) would have in `content`.

    The one validator of the editor tools: each text is read as `load` reads a file on disk,
    added to the content beside the files already there, and every rule runs, so `exemplars
    new` and `exemplars import` refuse exactly what `exemplars check` would report.
    """
    shown_paths: set[str] = set()
    problems: list[Problem] = []
    # A file being rewritten (an import reusing a record) replaces its old text: the old
    # records leave in one pass per folder (a 2,000-row import must stay linear).
    replaced = {path.resolve() for path in files}
    for folder, records in content.records.items():
        content.records[folder] = [
            r for r in records if r.origin.file is None or r.origin.file.resolve() not in replaced
        ]
    progress(SOURCES_STAGE, 0, len(files))
    for done, (path, source) in enumerate(files.items(), 1):
        shown = display_path(path)
        shown_paths.add(shown)
        folder = path.parent.name
        record, found = record_from_source(source, path, folder, shown)
        problems.extend(found)
        if record is not None:
            content.records[folder].append(record)
        else:
            content.broken.add((folder, path.stem))
        progress(SOURCES_STAGE, done, len(files))
    problems.extend(check(content, today, progress=progress))
    return sorted({p for p in problems if p.is_error and p.path in shown_paths})
