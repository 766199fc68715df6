"""Privacy checks (content format rule 13), images in bodies, and the health-word warning.

Rule 13 reads every line of a content file, front matter and body alike: a citizen ID or a
phone number must not reach the site wherever it was typed. Executable markup (rule 14) is
now the sanitizer's job: `exemplars.site.sanitize` cleans the rendered HTML and check 15
reports what it removes. Listed in `exemplars.content.checks.RULES`, so `exemplars check`
and the build report these problems like every other one.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from exemplars import text
from exemplars.content.checks.base import Checker
from exemplars.content.model import Exemplar, Record
from exemplars.content.problems import WARNING, Problem, field_name

BODY_FIELD = "body"

# -- rule 13: personal data --------------------------------------------------------------

# A run of digit groups joined by single separators (space, dot, dash, slash, comma),
# optionally opened by +84 / (+84) / (0xx), in text folded by `text.fold_numbers` (so no-break
# and zero-width spaces, en dashes and full-width digits read as their ASCII selves). It may
# not touch a word, a path, a URL or another number: that keeps document numbers
# (1497/QĐ-TTg, 98/2023/NĐ-CP), dates (10/9/2021, 2021-09-10) and ids in file names out.
_NUMBER_RUN = re.compile(
    r"(?<![\w/\\.,=#?&%+\-])"
    r"(?P<run>(?:(?:\(\+84\)|\+84|\(0\d{2,3}\))[ .\-]?)?\d+(?:[ .\-/,]\d+)*)"
    r"(?![\w/\\]|[.,\-]\d)"
)
# Nine digits close together (any script, any separators): the least any phone number or
# citizen ID has. Most files have none, and skip the folding and the matching altogether.
_DENSE_DIGITS = re.compile(r"\d(?:[^\n]{0,3}?\d){8}")
_DIGITS = re.compile(r"\d+")
_MOBILE = re.compile(r"0[35789]\d{8}")
_LANDLINE = re.compile(r"02\d{9}")
_INTERNATIONAL = re.compile(r"84(?:[35789]\d{8}|2\d{9})")
_CCCD = re.compile(r"\d{12}")


def _mask(digits: str) -> str:
    """Enough of the number for the editor to find it, not enough to copy it from a log."""
    return digits[:4] + "*" * (len(digits) - 7) + digits[-3:]


def personal_numbers(line: str) -> Iterator[tuple[str, str]]:
    """(kind, digits) for each citizen ID or phone number in one line of text."""
    if not _DENSE_DIGITS.search(line):
        return
    for match in _NUMBER_RUN.finditer(text.fold_numbers(line)):
        run = match.group("run")
        plus = "+84" in run
        groups = _DIGITS.findall(run.replace("+84", "84", 1))
        joined = "".join(groups)
        single = len(groups) == 1 and not joined.startswith("84")
        grouped = joined.startswith("0") and all(len(g) in (3, 4) for g in groups)
        if _CCCD.fullmatch(joined) and (single or grouped):
            yield "cccd", joined  # 001203004567, or grouped for reading: 001 203 004 567
            continue
        yield from _phones(groups, plus)


def _phones(groups: list[str], plus: bool) -> Iterator[tuple[str, str]]:
    """Phone numbers among consecutive digit groups, each group used once."""
    start = 0
    while start < len(groups):
        found = None
        digits = ""
        for end in range(start, len(groups)):
            digits += groups[end]
            if len(digits) > 12:
                break
            international = digits.startswith("84") and (plus and start == 0 or end == start)
            if (
                _MOBILE.fullmatch(digits)
                or _LANDLINE.fullmatch(digits)
                or (international and _INTERNATIONAL.fullmatch(digits))
            ):
                found = end
                break
        if found is None:
            start += 1
            continue
        yield "phone", digits
        start = found + 1


_KIND_TEXT = {
    "cccd": "số định danh cá nhân (số căn cước công dân, 12 chữ số)",
    "phone": "số điện thoại",
}


class FieldLines:
    """Which front-matter field a line of the file belongs to (a value may span lines)."""

    def __init__(self, record: Record):
        origin = record.origin
        pairs = sorted(
            ((line, len(loc), loc) for loc, line in origin.lines.items() if loc),
            key=lambda item: (item[0], item[1]),
        )
        self.starts = [line for line, _, _ in pairs]
        self.locs = [loc for _, _, loc in pairs]
        self.body_line = origin.body_line

    def field(self, line: int) -> str:
        if line >= self.body_line:
            return BODY_FIELD
        index = bisect.bisect_right(self.starts, line) - 1
        return field_name(self.locs[index]) if index >= 0 else "-"


def personal_data(checker: Checker) -> Iterator[Problem]:
    """Rule 13: a citizen ID or a Vietnamese phone number anywhere in a file."""
    for record in [*checker.content.all_records(), *checker.content.pages]:
        yield from personal_data_in(record)


def personal_data_in(record: Record) -> Iterator[Problem]:
    """Rule 13 for one file: it reads the file's text alone."""
    source = record.origin.text
    # Most files have no nine digits close together: nothing to fold, nothing to find.
    if source and _DENSE_DIGITS.search(source):
        fields = None
        for number, line in enumerate(source.split("\n"), start=1):
            for kind, digits in personal_numbers(line):
                fields = fields or FieldLines(record)
                yield Problem(
                    record.origin.path,
                    number,
                    fields.field(number),
                    f"có {_KIND_TEXT[kind]} “{_mask(digits)}”: đây là dữ liệu cá nhân không "
                    f"được công bố (Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15); hãy xóa số này "
                    f"khỏi tệp (số "
                    f"của cơ quan để liên hệ thì ghi ở trang Giới thiệu)",
                )


# -- code in bodies, for finding images ----------------------------------------------------

_TAG = re.compile(r"<([A-Za-z][^\s/>]*)")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.DOTALL)
_SPACE = " \t\n\f\r"


def mask_code(body: str) -> str:
    """The body with fenced code and code spans blanked out, offsets and newlines kept."""
    lines = body.split("\n")
    fence = ""
    for index, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence:
            if (
                opening
                and opening.group(1)[0] == fence[0]
                and len(opening.group(1)) >= len(fence)
                and not line.strip().strip(fence[0])
            ):
                fence = ""
            lines[index] = " " * len(line)
        elif opening:
            fence = opening.group(1)
            lines[index] = " " * len(line)
    masked = "\n".join(lines)
    return _CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), masked)


def _attributes(source: str, start: int) -> Iterator[tuple[str, str | None, int]]:
    """(name, value, offset) of each attribute of the tag whose name ends at `start`.

    Follows the browser's tokenizer closely enough that `<img/src=x/onerror=...>` and
    quoted values containing `>` are read as a browser would read them.
    """
    i, n = start, len(source)
    while i < n:
        char = source[i]
        if char in _SPACE or char == "/":
            i += 1
            continue
        if char in "<>":
            return
        begin = i
        i += 1
        while i < n and source[i] not in _SPACE + "/>=":
            i += 1
        name = source[begin:i]
        while i < n and source[i] in _SPACE:
            i += 1
        value = None
        if i < n and source[i] == "=":
            i += 1
            while i < n and source[i] in _SPACE:
                i += 1
            if i < n and source[i] in "\"'":
                close = source.find(source[i], i + 1)
                close = n if close < 0 else close
                value, i = source[i + 1 : close], close + 1
            else:
                end = i
                while end < n and source[end] not in _SPACE + ">":
                    end += 1
                value, i = source[i:end], end
        yield name, value, begin


_MD_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.\-]*:|//)", re.IGNORECASE)


def body_images(body: str) -> Iterator[tuple[int, str]]:
    """(offset, path) of each image a body embeds from the content folder."""
    masked = mask_code(body)
    for match in _MD_IMAGE.finditer(masked):
        if not _EXTERNAL.match(match.group(1)):
            yield match.start(), match.group(1)
    for tag in _TAG.finditer(masked):
        if tag.group(1).lower() == "img":
            for attribute, value, offset in _attributes(masked, tag.end()):
                if attribute.lower() == "src" and value and not _EXTERNAL.match(value.strip()):
                    yield offset, value.strip()


def images_in_bodies(checker: Checker) -> Iterator[Problem]:
    """An image in a body would be published as it is, GPS and all: use the image fields."""
    for record in [*checker.content.all_records(), *checker.content.pages]:
        yield from images_in_body(record)


def images_in_body(record: Record) -> Iterator[Problem]:
    """`images_in_bodies` for one file: it reads the file's body alone."""
    body = record.origin.body
    # Lowercasing every body to look for "<img" cost more than the rule: only a body with
    # a "<" can hold the tag.
    if "![" in body or ("<" in body and "<img" in body.lower()):
        for offset, path in body_images(body):
            line = record.origin.body_line + body.count("\n", 0, offset)
            yield Problem(
                record.origin.path,
                line,
                BODY_FIELD,
                f"ảnh “{path}” chèn trong nội dung sẽ không được đăng (ảnh gốc có thể mang vị "
                f"trí GPS); hãy bỏ dòng này và dùng trường portrait (gương điển hình) hoặc "
                f"image (tin bài): ảnh ở đó được xử lý và xóa siêu dữ liệu",
            )


# -- health words (warning) --------------------------------------------------------------

HEALTH_WORDS = ("F0", "dương tính", "cách ly", "điều trị")
_HEALTH = [
    (word, re.compile(r"(?<![a-z0-9])" + re.escape(text.fold(word)) + r"(?![a-z0-9])"))
    for word in HEALTH_WORDS
]


# The same words in text.fold_letters: anything may stand between two words of one.
_HEALTH_LETTERS = re.compile(
    "|".join(
        "[^a-z0-9]*".join(re.escape(part) for part in text.fold(word).split())
        for word in HEALTH_WORDS
    )
)


def health_words(line: str) -> list[str]:
    """The health words in one line, matched without tone marks or case ("cach ly")."""
    folded = text.fold(line)
    return [word for word, pattern in _HEALTH if pattern.search(folded)]


def health_data(checker: Checker) -> Iterator[Problem]:
    """A warning: health is sensitive personal data; the editor confirms consent.

    Only people's files (individuals, households): a collective's work in a quarantine
    area or a treatment ward is not anyone's health record.
    """
    for exemplar in checker.exemplars:
        yield from health_data_in(exemplar)


def health_data_in(record: Record) -> Iterator[Problem]:
    """The health-word warning for one file: it reads the file's text alone."""
    if not isinstance(record, Exemplar) or record.kind == "collective":
        return
    source = record.origin.text
    # Folding every line is slow: most files have none of the words even in the quick,
    # wider look of fold_letters (a word fold finds in a line is found there too), and
    # in a file that has, most lines have not. fold_letters keeps every newline and
    # adds none, so its lines are the file's lines.
    letters = text.fold_letters(source)
    if not _HEALTH_LETTERS.search(letters):
        return
    lines = source.split("\n")
    looks = letters.split("\n")
    if len(looks) != len(lines):
        looks = lines  # never expected; then every line is folded, as before
    fields = None
    for number, (line, look) in enumerate(zip(lines, looks, strict=True), start=1):
        if look is not line and not _HEALTH_LETTERS.search(look):
            continue
        words = health_words(line)
        if not words:
            continue
        fields = fields or FieldLines(record)
        if fields.field(number) == "-":
            continue
        quoted = ", ".join(f"“{word}”" for word in words)
        yield Problem(
            record.origin.path,
            number,
            fields.field(number),
            f"có từ ngữ về sức khỏe ({quoted}): thông tin sức khỏe là dữ liệu cá nhân nhạy "
            f"cảm; hãy chắc chắn người được nêu đã đồng ý công bố, hoặc viết lại không nêu "
            f"tình trạng sức khỏe của họ",
            WARNING,
        )
