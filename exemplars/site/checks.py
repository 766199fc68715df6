"""`exemplars check`: the content rules plus check 15 (markup), which needs the sanitizer.

Check 15: what the sanitizer would remove from a content file is an error. It needs the
site's Markdown renderer, so it lives in the site layer and `check_content` adds its
problems to the content checks'. Nothing here imports the page renderer, its templates or
Pillow: checking is what editors run most (tests/test_layers.py keeps it so). The check
renders exactly as the build does (`sanitize.render`) and names each removal at the source
line that produced it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path

from exemplars.content.checks import CHECK_STAGE, PER_FILE, RULES, check, file_problems
from exemplars.content.clock import build_date
from exemplars.content.load import Content, FileCache, load_content
from exemplars.content.model import Record
from exemplars.content.problems import Problem
from exemplars.progress import Progress, silent
from exemplars.site import sanitize

# Only a body with one of these can render to markup the sanitizer removes: raw HTML or an
# autolink (<), attr_list ({), or a link, image or reference definition (](, ]:). Most
# bodies are prose and skip rendering altogether.
_LINK_OR_DEFINITION = re.compile(r"\]\s*[(:]")


def _may_have_markup(body: str) -> bool:
    """Whether `body` has one of those; the cheap tests first (one regex scanned slowly)."""
    if "<" in body or "{" in body:
        return True
    return "]" in body and _LINK_OR_DEFINITION.search(body) is not None


def _message(what: str) -> str:
    return (
        f"{what} sẽ bị loại bỏ khi đăng: trang chỉ được chứa văn bản, liên kết http(s), "
        f"mailto, tel hoặc liên kết trong trang, không chứa mã chạy trên trình duyệt; hãy xóa "
        f"phần này (muốn nhắc tới mã, đặt nó trong dấu `…`)"
    )


def markup(records: Iterable[Record]) -> Iterator[Problem]:
    """Every removal the sanitizer would make in these files' bodies.

    Front-matter values (titles, descriptions) are never rendered: every page prints them
    escaped, as text, so there is nothing in them for the sanitizer to remove.
    """
    for record in records:
        origin = record.origin
        body = origin.body
        if body and _may_have_markup(body):
            seen: set[tuple[int, str]] = set()
            for line, what in sanitize.removal_lines(body, origin.body_line):
                if (line, what) not in seen:
                    seen.add((line, what))
                    yield Problem(origin.path, line, "body", _message(what))


def site_checks(content: Content) -> list[Problem]:
    """The checks that need the site's renderer, over records and ordinary pages alike."""
    return list(markup([*content.all_records(), *content.pages]))


# The rules that need more than one file: the others run in `_file_problems`.
_ACROSS_FILES = tuple(rule for rule in RULES if rule not in PER_FILE)


def _file_problems(record: Record) -> list[Problem]:
    """Every problem about one file that needs that file alone (it runs in load workers)."""
    return [*file_problems(record), *markup([record])]


class ContentError(Exception):
    """The content has errors; `problems` says which, where."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{sum(p.is_error for p in problems)} lỗi")
        self.problems = problems


def check_content(
    root: Path,
    today: date | None = None,
    cache: FileCache | None = None,
    progress: Progress = silent,
) -> tuple[Content, list[Problem]]:
    """Every check: the content rules, and markup (15) through the site's own renderer.

    Without a cache, the rules about one file alone (PER_FILE, markup) run as each file is
    read, on the load's cores; the pages, read here, get them after.
    """
    day = today or build_date()
    steps = len(RULES) + 1  # every rule, then markup through the renderer

    def rule_done(stage: str, done: int, total: int | None = None) -> None:
        progress(CHECK_STAGE, done, steps)

    if cache is None:
        content = load_content(root, progress=progress, per_file=_file_problems)
        found = check(content, day, _ACROSS_FILES, progress=rule_done)
        for page in content.pages:
            found.extend(_file_problems(page))
    else:
        # Files read again get their per-file rules on the load's cores, as without a cache.
        content = load_content(root, cache=cache, progress=progress, per_file=_file_problems)
        progress(CHECK_STAGE, 0, steps)
        found = _check_with_cache(content, day, cache)
    progress(CHECK_STAGE, steps, steps)
    return content, sorted(set(found))


# How long a preview waits for the forked copy running the rules across files (a second at
# 10,000 records) before it stops the copy and runs them itself.
ASIDE_SECONDS = 60.0


def check_content_aside(
    root: Path, today: date, cache: FileCache, progress: Progress = silent
) -> tuple[Content, Callable[[], list[Problem]]]:
    """`check_content` with a cache, for a preview's save: the rules across files run in a
    forked copy while the caller builds its catalog and page plan, on another core.

    Returns the content and a function that returns its problems (call it once). A copy
    that cannot be made, fails to answer in `ASIDE_SECONDS` or stops runs here instead.
    """
    from exemplars.site.exports import Forked

    content = load_content(root, cache=cache, progress=progress)
    progress(CHECK_STAGE, 0, len(RULES) + 1)
    # (Where fork is not available, Forked runs the rules here, at once.)
    copy = Forked(lambda: check(content, today, _ACROSS_FILES), "bangvang-check")
    try:
        own = _per_file_with_cache(content, today, cache)
    except BaseException:
        copy.close()  # nobody would read its answer: it would wait to send it for ever
        raise

    def problems() -> list[Problem]:
        try:
            across = copy.finish_within(ASIDE_SECONDS)
        except RuntimeError:
            across = None  # the copy stopped: the same rules here say why, as they would
        if across is None:
            across = check(content, today, _ACROSS_FILES)
        progress(CHECK_STAGE, len(RULES) + 1, len(RULES) + 1)
        return sorted(set(across + own))

    return content, problems


def _check_with_cache(content: Content, day: date, cache: FileCache) -> list[Problem]:
    """`check` + `site_checks`, with the per-file rules run only on files read again."""
    problems = check(content, day, _ACROSS_FILES)
    return problems + _per_file_with_cache(content, day, cache)


def _per_file_with_cache(content: Content, day: date, cache: FileCache) -> list[Problem]:
    """The per-file rules and markup: kept for files not read again, run on the others."""
    problems: list[Problem] = []
    fresh: list[Record] = []
    for record in content.all_records():
        serial = cache.serial(record)
        known = cache.checked.get(serial) if serial is not None else None
        if known is None:
            fresh.append(record)
        else:
            problems.extend(known)
    ids = {id(record) for record in fresh}
    part = dataclasses.replace(
        content,
        records={k: [r for r in v if id(r) in ids] for k, v in content.records.items()},
        problems=[],
    )
    found = check(part, day, PER_FILE) + site_checks(part)
    by_path: dict[str, list[Problem]] = {}
    for problem in found:
        by_path.setdefault(problem.path, []).append(problem)
    for record in fresh:
        serial = cache.serial(record)
        if serial is not None:
            cache.checked[serial] = by_path.get(record.origin.path, [])
    return problems + found
