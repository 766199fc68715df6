"""Check (listed in RULES): a write into the content folder that was killed half-way.

Until the next run finishes it (`exemplars import --recover`), the folder may hold some of
its files and not others (exemplars without their decision): an error, never a silent pass.
"""

from __future__ import annotations

from collections.abc import Iterator

from exemplars.content import journal
from exemplars.content.checks.base import Checker
from exemplars.content.load import display_path
from exemplars.content.problems import Problem


def unfinished_import(checker: Checker) -> Iterator[Problem]:
    found = journal.pending(checker.content.root)
    if found is None:
        return
    path, written, total = found
    state = (
        "đang chạy"
        if journal.is_locked(checker.content.root)
        else f"đã bị dừng giữa chừng ({written}/{total} tệp đã ghi vào thư mục nội dung)"
    )
    yield Problem(
        display_path(path),
        1,
        "import",
        f"một lần nhập (exemplars import) {state}; nội dung chưa trọn vẹn: chạy "
        f"“exemplars import --recover --content {display_path(checker.content.root)}” để ghi "
        f"nốt (hoặc hoàn tác) rồi kiểm tra lại",
    )
