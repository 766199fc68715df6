"""Problems found in content, and every message editors read, in Vietnamese.

A problem is one line `path:line: field: message`; all of a run are reported together.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        prefix = "CẢNH BÁO: " if self.severity == WARNING else ""
        return f"{self.path}:{self.line}: {self.field or '-'}: {prefix}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def field_name(loc: tuple) -> str:
    """`('recipients', 1, 'unit')` → `recipients[2].unit`: counted from 1, as editors count."""
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item + 1}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts)


def _expected(ctx: dict[str, Any]) -> str:
    expected = str(ctx.get("expected", ""))
    return expected.replace("'", "").replace(" or ", ", ")


_MESSAGES: dict[str, str] = {
    "missing": "thiếu trường bắt buộc; hãy thêm dòng “{field}: …”",
    "bool_type": "phải là true hoặc false",
    "bool_parsing": "phải là true hoặc false",
    "list_type": "phải là một danh sách: mỗi mục một dòng, bắt đầu bằng “- ”",
    "dict_type": "phải là một bảng các cặp “khóa: giá trị”",
    "model_type": "phải là một bảng các cặp “khóa: giá trị”",
    "model_attributes_type": "phải là một bảng các cặp “khóa: giá trị”",
    "string_type": "phải là một đoạn văn bản",
    "too_short": "cần ít nhất một mục",
    "date_type": "phải là một ngày, ví dụ 2021-09-10 hoặc 10/9/2021",
}


def translate(error: dict[str, Any]) -> str:
    """A pydantic error as a Vietnamese sentence that says how to fix it."""
    kind = error["type"]
    if kind.startswith("vi_"):
        return error["msg"]
    if kind == "literal_error":
        value = error.get("input")
        return f"giá trị “{value}” không hợp lệ; chỉ được dùng: {_expected(error.get('ctx', {}))}"
    template = _MESSAGES.get(kind)
    if template:
        return template.format(field=field_name(error["loc"]))
    return f"giá trị không hợp lệ ({error['msg']})"


def from_validation(
    error: ValidationError, path: str, line_of, prefix: tuple = ()
) -> list[Problem]:
    """Every error of one validation, each at the line of the field it concerns.

    A rule across fields (a model validator: end before start) names its field in the
    error's context (`"field": "end"`), so it is reported at that field and its line.
    """
    problems = []
    for item in error.errors():
        loc = prefix + tuple(item["loc"])
        named = (item.get("ctx") or {}).get("field")
        if named:
            loc += (named,)
        if item["type"] == "missing":
            line = line_of(loc[:-1]) if len(loc) > 1 else 1
        else:
            line = line_of(loc)
        problems.append(Problem(path, line, field_name(loc), translate(dict(item))))
    return problems


def report(problems: list[Problem]) -> str:
    """All problems, errors first, then a one-line tally."""
    ordered = sorted(problems, key=lambda p: (not p.is_error, p.path, p.line, p.field))
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    lines = [str(p) for p in ordered]
    lines.append(f"{errors} lỗi, {warnings} cảnh báo.")
    return "\n".join(lines)
