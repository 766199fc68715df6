"""Load: bytes on disk → UTF-8 → front matter → NFC → typed records with line numbers.

Every failure becomes a Problem and the file is skipped; the other files still load, so
one run reports everything that needs fixing.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import re
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from exemplars import text
from exemplars.content.model import (
    ID_PATTERN,
    VOCABULARY_NAMES,
    Campaign,
    Commendation,
    Exemplar,
    Page,
    Recipient,
    Record,
    Source,
    Story,
    Unit,
    VocabEntry,
    Vocabularies,
)
from exemplars.content.problems import Problem, from_validation, translate
from exemplars.content.tree import Tree, walk
from exemplars.machine import cores
from exemplars.progress import Progress, silent
from exemplars.types import (
    BY_FOLDER,
    CAMPAIGNS,
    COMMENDATIONS,
    EXEMPLARS,
    RECORD_TYPES,
    STORIES,
    R,
    RecordType,
)

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader, remembering how each plain value resolved (`kind`, `unit`, keys...).

    Tag resolution runs Python regular expressions for every scalar of every file; the
    answer depends on the text alone (the safe loader has no path resolvers), so it is kept.
    """

    _resolved: dict[str, str] = {}

    def resolve(self, kind, value, implicit):
        # Without path resolvers (asserted below) the base class answers these with its
        # defaults; a quoted or block scalar is a string. Asked for every node of every file.
        if kind is yaml.ScalarNode and not implicit[0]:
            return self.DEFAULT_SCALAR_TAG
        if kind is yaml.MappingNode:
            return self.DEFAULT_MAPPING_TAG
        if kind is yaml.SequenceNode:
            return self.DEFAULT_SEQUENCE_TAG
        if kind is not yaml.ScalarNode or len(value) > 100:
            return super().resolve(kind, value, implicit)
        tag = self._resolved.get(value)
        if tag is None:
            if len(self._resolved) > 50_000:
                self._resolved.clear()
            tag = self._resolved[value] = super().resolve(kind, value, implicit)
        return tag


assert not _BaseLoader.yaml_path_resolvers
BUILTIN_VOCABULARIES = Path(__file__).parent.parent / "data" / "vocabularies.yml"
FRONT_MATTER_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)

_YAML_HINTS = {
    "mapping values are not allowed here": (
        "có dấu “:” ở chỗ không được phép; giá trị có dấu hai chấm phải đặt trong ngoặc kép"
    ),
    "found character '\\t' that cannot start any token": (
        "có ký tự Tab; YAML chỉ dùng dấu cách để thụt lề"
    ),
    "could not find expected ':'": "thiếu dấu “:” sau tên trường",
    "did not find expected key": "thụt lề không đều hoặc thiếu tên trường",
    "found unexpected end of stream": "thiếu dấu ngoặc kép đóng",
    "did not find expected '-' indicator": "mục danh sách thụt lề không đều",
    "found duplicate anchor": "trùng tên neo (&)",
    "mapping values are not allowed in this context": (
        "có dấu “:” ở chỗ không được phép; giá trị có dấu hai chấm phải đặt trong ngoặc kép"
    ),
    "found character that cannot start any token": (
        "có ký tự không được mở đầu giá trị (Tab, @ hoặc `); hãy đặt giá trị trong ngoặc kép"
    ),
    "found unknown escape character": "ký tự “\\” lạ trong ngoặc kép; hãy dùng ngoặc đơn",
    "did not find expected node content": "thiếu giá trị sau dấu “-” hoặc “:”",
    "did not find expected ',' or ']'": "danh sách [..] chưa được đóng bằng “]”",
    "did not find expected ',' or '}'": "bảng {..} chưa được đóng bằng “}”",
    "found undefined alias": "dùng bí danh (*) chưa được định nghĩa",
}


@dataclass
class Content:
    """Everything read from a content folder, before cross-record checks."""

    root: Path
    # By folder, in registry order; read it through the typed accessors below.
    records: dict[str, list[Record]] = field(
        default_factory=lambda: {t.folder: [] for t in RECORD_TYPES}
    )
    units: list[Unit] = field(default_factory=list)
    vocabularies: Vocabularies = field(default_factory=Vocabularies)
    problems: list[Problem] = field(default_factory=list)
    files_read: int = 0
    # Ids of files that exist but could not be read: references to them are not "missing".
    broken: set[tuple[str, str]] = field(default_factory=set)
    # Ordinary pages (content/index.md, …) and every entry of the folder, by class.
    pages: list[Page] = field(default_factory=list)
    tree: Tree = field(default_factory=Tree)

    def all_records(self) -> list[Record]:
        return [record for records in self.records.values() for record in records]

    def of(self, record_type: RecordType[R]) -> list[R]:
        """The records of one type, typed: `content.of(EXEMPLARS)` is a list[Exemplar]."""
        return self.records[record_type.folder]  # type: ignore[return-value]

    @property
    def exemplars(self) -> list[Exemplar]:
        return self.of(EXEMPLARS)

    @property
    def commendations(self) -> list[Commendation]:
        return self.of(COMMENDATIONS)

    @property
    def campaigns(self) -> list[Campaign]:
        return self.of(CAMPAIGNS)

    @property
    def stories(self) -> list[Story]:
        return self.of(STORIES)


def display_path(path: Path, folder_real: str | None = None) -> str:
    """Paths in messages: relative to the working folder when possible, as editors type them.

    `folder_real`, the resolved folder of `path` when the caller has it, spares resolving
    every file of a folder link by link (a file that is itself a symlink is still resolved).
    """
    if folder_real is not None and not os.path.islink(path):
        real = os.path.join(folder_real, path.name)
    else:
        real = os.path.realpath(path)
    return _shown(real, path)


def _shown(real: str, path: Path) -> str:
    """`display_path` of `path`, whose resolved form is `real`."""
    cwd = _resolved_cwd(os.getcwd())
    if real == cwd:
        return "."
    prefix = cwd if cwd.endswith("/") else cwd + "/"
    return real[len(prefix) :] if real.startswith(prefix) else path.as_posix()


@lru_cache(maxsize=8)
def _resolved_cwd(cwd: str) -> str:
    return os.path.realpath(cwd)


class YamlError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def _yaml_message(error: yaml.YAMLError) -> tuple[int, str]:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = mark.line + 1 if mark else 1
    problem = getattr(error, "problem", None) or str(error)
    hint = _YAML_HINTS.get(problem)
    column = f" (cột {mark.column + 1})" if mark else ""
    if hint:
        return line, f"YAML không đọc được{column}: {hint}"
    return line, f"YAML không đọc được{column}: {problem}"


def _walk(node: yaml.Node, loc: tuple, lines: dict[tuple, int], duplicates: list) -> None:
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                duplicates.append((loc + (key,), seen[key], line))
            seen[key] = line
            lines[loc + (key,)] = line
            _walk(value_node, loc + (key,), lines, duplicates)
            lines[loc + (key,)] = line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, loc + (index,), lines, duplicates)


_STR_TAG = "tag:yaml.org,2002:str"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_PLAIN_SCALAR_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "timestamp")
)


class _Unusual(Exception):
    """Something the fast path leaves to PyYAML: an alias, a merge key, a special tag."""


def _build(
    node: yaml.Node,
    loc: tuple,
    lines: dict[tuple, int],
    duplicates: list,
    loader: Any,
    seen: set[int],
) -> Any:
    """Construct the data of a composed node and record its lines, in one pass.

    The same result as PyYAML's SafeConstructor followed by `_walk`, for the plain
    documents front matter is made of; anything else raises `_Unusual`.
    """
    lines.setdefault(loc, node.start_mark.line + 1)
    tag = node.tag
    if isinstance(node, yaml.ScalarNode):
        if tag == _STR_TAG:
            return node.value
        if tag in _PLAIN_SCALAR_TAGS:
            try:
                return loader.yaml_constructors[tag](loader, node)
            except ValueError:
                if tag != _TIMESTAMP_TAG:
                    raise
                # 2021-02-31: keep the text, so the model says in Vietnamese what is wrong.
                return node.value
        raise _Unusual(tag)
    if id(node) in seen:
        raise _Unusual("alias")
    seen.add(id(node))
    if tag == _SEQ_TAG and isinstance(node, yaml.SequenceNode):
        return [
            _build(item, loc + (index,), lines, duplicates, loader, seen)
            for index, item in enumerate(node.value)
        ]
    if tag != _MAP_TAG or not isinstance(node, yaml.MappingNode):
        raise _Unusual(tag)
    data = {}
    first_seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise _Unusual("complex key")
        key = key_node.value
        line = key_node.start_mark.line + 1
        if key in first_seen:
            duplicates.append((loc + (key,), first_seen[key], line))
        first_seen[key] = line
        here = loc + (key,)
        lines[here] = line
        value = _build(value_node, here, lines, duplicates, loader, seen)
        lines[here] = line
        if key_node.tag == _STR_TAG:
            data[key] = value
        elif key_node.tag in _PLAIN_SCALAR_TAGS:
            data[loader.yaml_constructors[key_node.tag](loader, key_node)] = value
        else:
            raise _Unusual(key_node.tag)  # a merge key (<<) or a tagged key
    return data


FRONT_MATTER_MAX_BYTES = 64 * 1024
MAX_DEPTH = 8
# Control characters other than tab and newline (carriage returns are already newlines).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Only a document with one of these can hold an anchor, an alias or deep nesting: the
# token scan that finds them runs on those alone. `_maybe_unusual` looks for each with the
# cheapest test first (one regex with the three alternatives scanned every file slowly).
_ANCHOR_OR_FLOW = ("&", "*", "[", "{")
_DEEP_INDENT = re.compile(r"^ {8,}\S", re.MULTILINE)
_NESTED_ITEMS = re.compile(r"[-?][ \t]+[-?][ \t]+[-?][ \t]")
_OPENING = (
    yaml.BlockMappingStartToken,
    yaml.BlockSequenceStartToken,
    yaml.FlowMappingStartToken,
    yaml.FlowSequenceStartToken,
)
_CLOSING = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


def control_characters(source: str) -> YamlError | None:
    """The first control character of a file (BEL, ESC, NUL…) as a problem at its line."""
    match = _CONTROL.search(source)
    if match is None:
        return None
    line = source.count("\n", 0, match.start()) + 1
    column = match.start() - (source.rfind("\n", 0, match.start()) + 1) + 1
    return YamlError(
        line,
        f"có ký tự điều khiển U+{ord(match.group()):04X} (cột {column}), không hiển thị được "
        "và làm hỏng tệp xuất (RSS, CSV); hãy xóa ký tự này (thường do dán từ phần mềm khác)",
    )


def _maybe_unusual(source: str) -> bool:
    """Whether `source` may hold an anchor, an alias, a flow collection or deep nesting."""
    if any(char in source for char in _ANCHOR_OR_FLOW):
        return True
    if ("\n        " in source or source.startswith("        ")) and _DEEP_INDENT.search(source):
        return True
    return _NESTED_ITEMS.search(source) is not None


def yaml_limits(source: str, first_line: int = 1) -> None:
    """Refuse anchors and aliases (an alias bomb expands 600 bytes into gigabytes) and
    nesting deeper than MAX_DEPTH, before anything is built; raises YamlError at the line."""
    if not _maybe_unusual(source):
        return
    depth = 0
    try:
        for token in yaml.scan(source, Loader=_BaseLoader):
            if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
                raise YamlError(
                    token.start_mark.line + first_line,
                    "không dùng neo (&) và bí danh (*) của YAML trong tệp nội dung; hãy viết "
                    "thẳng giá trị (giá trị có dấu & hoặc * ở đầu thì đặt trong ngoặc kép)",
                )
            if isinstance(token, _OPENING):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlError(
                        token.start_mark.line + first_line,
                        f"dữ liệu lồng nhau quá {MAX_DEPTH} tầng; phần đầu tệp chỉ cần vài "
                        "tầng (trường, danh sách, mục): hãy viết lại cho phẳng",
                    )
            elif isinstance(token, _CLOSING):
                depth -= 1
    except yaml.YAMLError:
        return  # the parser reports it, with its line, in Vietnamese


def parse_yaml(source: str, first_line: int = 1) -> tuple[Any, dict[tuple, int], list]:
    """YAML → (data, line of every key and item, duplicate keys); lines count from first_line."""
    yaml_limits(source, first_line)
    loader = _Loader(source)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {(): first_line}, []
        lines: dict[tuple, int] = {}
        duplicates: list = []
        try:
            # PyYAML's constructor is pure Python even with libyaml, and slow: build the
            # plain front matter of every file directly, with its line numbers.
            data = _build(node, (), lines, duplicates, loader, set())
        except _Unusual:
            # Tags, anchors or keys the fast path does not build go the standard way; its
            # errors (ValueError, YAMLError) are reported below like the standard path's.
            data = loader.construct_document(node)
            lines, duplicates = {}, []
            _walk(node, (), lines, duplicates)
    except yaml.YAMLError as error:
        line, message = _yaml_message(error)
        raise YamlError(line + first_line - 1, message) from None
    except ValueError as error:
        raise YamlError(first_line, f"YAML có giá trị không đọc được: {error}") from None
    finally:
        loader.dispose()
    offset = first_line - 1
    lines = {loc: line + offset for loc, line in lines.items()}
    duplicates = [(loc, a + offset, b + offset) for loc, a, b in duplicates]
    return data, lines, duplicates


def read_text(path: Path) -> str:
    """UTF-8 (a BOM is tolerated), normalised to NFC; raises YamlError(line, message)."""
    raw = path.read_bytes()
    try:
        decoded = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise YamlError(
            line,
            "tệp không phải mã UTF-8 (byte lạ ở dòng này); hãy mở tệp và lưu lại với mã hóa UTF-8",
        ) from None
    return normal_source(decoded)


def normal_source(decoded: str) -> str:
    """Text as every reader sees it: one newline style, NFC; YamlError at a control character."""
    source = text.nfc(decoded.replace("\r\n", "\n").replace("\r", "\n"))
    problem = control_characters(source)
    if problem is not None:
        raise problem
    return source


def split_front_matter(source: str) -> tuple[str, str, int]:
    """(front matter, body, line where the body starts); YamlError when there is none."""
    if not source.startswith("---"):
        raise YamlError(
            1,
            "tệp không có phần đầu YAML (front matter): dòng đầu tiên phải là “---”, "
            "tiếp theo là các trường, rồi một dòng “---”",
        )
    # The first two fences only: the body may be long and is not scanned for more.
    opening = FRONT_MATTER_FENCE.match(source)
    closing = FRONT_MATTER_FENCE.search(source, opening.end()) if opening else None
    if opening is None or closing is None:
        raise YamlError(1, "phần đầu YAML không được đóng: thiếu dòng “---” thứ hai")
    front = source[opening.end() + 1 : closing.start()]
    if len(front) > FRONT_MATTER_MAX_BYTES // 4 and len(front.encode()) > FRONT_MATTER_MAX_BYTES:
        raise YamlError(
            2,
            f"phần đầu YAML dài {len(front.encode()) // 1024} KB, quá giới hạn "
            f"{FRONT_MATTER_MAX_BYTES // 1024} KB; phần đầu chỉ ghi các trường ngắn, "
            "nội dung dài hãy viết vào phần thân (sau dòng “---” thứ hai)",
        )
    body = source[closing.end() :].lstrip("\n")
    body_line = source.count("\n", 0, closing.end()) + 2
    return front, body, body_line


def _fields(shown: str, data: Any, duplicates: list) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Parsed front matter → its fields by name, or None; with the duplicate keys as problems
    (YAML would silently keep the last)."""
    problems = [
        Problem(
            shown,
            second,
            ".".join(str(p) for p in loc),
            f"trường được viết hai lần (dòng {first} và {second}); hãy giữ một",
        )
        for loc, first, second in duplicates
    ]
    if data is None:
        data = {}
    if not isinstance(data, dict):
        problems.append(Problem(shown, 2, "-", "phần đầu YAML phải là các cặp “trường: giá trị”"))
        return None, problems
    return {str(key): value for key, value in data.items()}, problems


def load_record(
    path: Path, kind: str, content_root: Path, shown: str | None = None
) -> tuple[Record | None, list[Problem]]:
    """One content file → its record, or the problems that stop it from being one."""
    shown = shown or display_path(path)
    try:
        source = read_text(path)
    except YamlError as error:
        return None, [Problem(shown, error.line, "-", error.message)]
    except OSError as error:
        return None, [Problem(shown, 1, "-", f"không đọc được tệp: {error.strerror}")]
    return record_from_source(source, path, kind, shown, normalised=True)


def record_from_source(
    source: str, path: Path, kind: str, shown: str, normalised: bool = False
) -> tuple[Record | None, list[Problem]]:
    """Text → record, exactly as a file on disk is read: the one path for files that are not
    written yet (`exemplars new`, `exemplars import`) as for files that are.

    `normalised`: the text already went through `normal_source` (`read_text` did it).
    """
    try:
        if not normalised:
            source = normal_source(source)
        front, body, body_line = split_front_matter(source)
        data, lines, duplicates = parse_yaml(front, first_line=2)
    except YamlError as error:
        return None, [Problem(shown, error.line, "-", error.message)]
    fields, problems = _fields(shown, data, duplicates)
    if fields is None:
        return None, problems
    data = fields
    model = BY_FOLDER[kind].model
    problems.extend(misspelt_fields(data, model, shown, lines))
    origin = Source(shown, path.stem, path, body, body_line, source, lines, list(data))
    record = _validated(model, data, origin, problems)
    if record is None:
        return None, problems
    missing: list[str] = getattr(record, "missing_fields", list)()
    if missing:
        # Required only in some forms (a decision that revokes needs no award): the model
        # says which are missing, and the record stays out like any other broken one.
        problems.extend(
            Problem(
                shown,
                origin.line_of((name,)) if name in data else 1,
                name,
                translate({"type": "too_short" if name in data else "missing", "loc": (name,)}),
            )
            for name in missing
        )
        return None, problems
    return record, problems


def load_page(path: Path, relative: str) -> tuple[Page | None, list[Problem]]:
    """An ordinary page: front matter is optional, its fields are checked like a record's."""
    shown = display_path(path)
    try:
        source = read_text(path)
        if FRONT_MATTER_FENCE.match(source):
            front, body, body_line = split_front_matter(source)
            data, lines, duplicates = parse_yaml(front, first_line=2)
        else:
            body, body_line, data, lines, duplicates = source, 1, {}, {(): 1}, []
    except YamlError as error:
        return None, [Problem(shown, error.line, "-", error.message)]
    fields, problems = _fields(shown, data, duplicates)
    if fields is None:
        return None, problems
    data = fields
    origin = Source(shown, relative[:-3], path, body, body_line, source, lines, list(data))
    return _validated(Page, data, origin, problems), problems


_Item = TypeVar("_Item", bound=Record)


def _validated(
    model: type[_Item], data: dict, origin: Source, problems: list[Problem]
) -> _Item | None:
    """`data` as `model` with its source attached; what does not validate joins `problems`."""
    try:
        item = model.model_validate(data)
    except ValidationError as error:
        problems.extend(from_validation(error, origin.path, origin.line_of))
        return None
    item._origin = origin
    return item


@lru_cache(maxsize=32)
def _known_fields(model: type[BaseModel]) -> list[str]:
    """A model's field names, sorted for suggestions: once per model, not once per file."""
    return sorted(model.model_fields)


@lru_cache(maxsize=32)
def _field_names(model: type[BaseModel]) -> frozenset[str]:
    """A model's field names as a set: pydantic builds `model_fields` anew at each access."""
    return frozenset(model.model_fields)


def _nearest_field(key: str, known: list[str]) -> str | None:
    return next((name for name in known if text.similar(key, name)), None)


def misspelt_fields(data: dict, model: type[BaseModel], shown: str, lines: dict) -> list[Problem]:
    """An unknown field one edit away from a known one is a typo, not a new optional field."""
    problems = []
    known = _known_fields(model)
    for key in data:
        near = None if key in _field_names(model) else _nearest_field(key, known)
        if near:
            problems.append(
                Problem(
                    shown,
                    lines.get((key,), 1),
                    key,
                    f"không có trường “{key}”; có phải “{near}”? (hãy sửa tên trường)",
                )
            )
    recipients = data.get("recipients") if model is Commendation else None
    recipient_fields = _known_fields(Recipient)
    for index, item in enumerate(recipients if isinstance(recipients, list) else []):
        for key in item if isinstance(item, dict) else {}:
            near = (
                None
                if key in _field_names(Recipient)
                else _nearest_field(str(key), recipient_fields)
            )
            if near:
                loc = ("recipients", index, key)
                problems.append(
                    Problem(
                        shown,
                        lines.get(loc, 1),
                        f"recipients[{index + 1}].{key}",
                        f"không có trường “{key}”; có phải “{near}”?",
                    )
                )
    return problems


def _load_list(path: Path, shown: str) -> tuple[list, dict[tuple, int], list[Problem]]:
    try:
        data, lines, duplicates = parse_yaml(read_text(path))
    except YamlError as error:
        return [], {}, [Problem(shown, error.line, "-", error.message)]
    problems = [
        Problem(
            shown,
            second,
            ".".join(str(p) for p in loc[1:]) or "-",
            f"trường được viết hai lần (dòng {first} và {second}); hãy giữ một",
        )
        for loc, first, second in duplicates
    ]
    return data, lines, problems


def load_units(path: Path) -> tuple[list[Unit], list[Problem]]:
    """The unit registry: a YAML list of units."""
    shown = display_path(path)
    if not path.exists():
        return [], [Problem(shown, 1, "-", "thiếu sổ đơn vị hành chính (units.yml)")]
    data, lines, problems = _load_list(path, shown)
    if data is None:
        data = []
    if not isinstance(data, list):
        problems.append(Problem(shown, 1, "-", "units.yml phải là một danh sách đơn vị"))
        return [], problems
    units = []
    for index, item in enumerate(data):
        origin = Source(
            path=shown,
            id="",
            lines={loc[1:]: line for loc, line in lines.items() if loc[:1] == (index,)},
        )
        try:
            unit = Unit.model_validate(item)
        except ValidationError as error:
            problems.extend(from_validation(error, shown, origin.line_of))
            continue
        origin.id = unit.id
        unit._origin = origin
        units.append(unit)
    return units, problems


def load_vocabularies(paths: list[Path]) -> tuple[Vocabularies, list[Problem]]:
    """Built-in vocabularies, then each local file's additions, in order."""
    vocabularies = Vocabularies()
    problems: list[Problem] = []
    for path in paths:
        if not path.exists():
            continue
        shown = display_path(path)
        data, lines, found = _load_list(path, shown)

        def line_of(loc: tuple, lines: dict = lines) -> int:
            return lines.get(loc[:3], lines.get(loc[:2], 1))

        problems.extend(found)
        if data is None:
            continue
        if not isinstance(data, dict):
            problems.append(Problem(shown, 1, "-", "phải có các mục awards, types, sectors"))
            continue
        for name, entries in data.items():
            if name not in VOCABULARY_NAMES:
                problems.append(
                    Problem(
                        shown,
                        lines.get((name,), 1),
                        str(name),
                        f"không có bộ từ vựng “{name}”; chỉ dùng: {', '.join(VOCABULARY_NAMES)}",
                    )
                )
                continue
            if not isinstance(entries, list):
                problems.append(
                    Problem(shown, lines.get((name,), 1), name, "phải là một danh sách mục")
                )
                continue
            target = vocabularies.get(name)
            for index, item in enumerate(entries):
                try:
                    entry = VocabEntry.model_validate(item)
                except ValidationError as error:
                    problems.extend(
                        from_validation(
                            error,
                            shown,
                            line_of,
                            prefix=(name, index),
                        )
                    )
                    continue
                target[entry.id] = entry
    return vocabularies, problems


def _load_chunk(
    chunk: list[tuple[Path, str, str]],
    root: Path,
    tick: Tick | None = None,
    per_file: PerFile | None = None,
) -> list[tuple[Record | None, list[Problem]]]:
    """A worker's share: `load_record` for each (path, kind, shown), in order.

    `tick(n)` hears every `TICK_FILES` files read here (never in a worker process);
    `per_file(record)` adds its problems to each record's, where the record was read.
    """
    results = []
    for done, (path, kind, shown) in enumerate(chunk, 1):
        record, problems = load_record(path, kind, root, shown)
        if per_file is not None and record is not None:
            problems.extend(per_file(record))
        results.append((record, problems))
        if tick is not None and done % TICK_FILES == 0:
            tick(TICK_FILES)
    if tick is not None and len(chunk) % TICK_FILES:
        tick(len(chunk) % TICK_FILES)
    return results


def _load_chunk_compact(
    chunk: list[tuple[Path, str, str]], root: Path, per_file: PerFile | None = None
) -> list[tuple[Record | None, list[Problem], int]]:
    """`_load_chunk` in a worker: each body, the end of its file's text, is sent as its length,
    and the file's path not at all (the parent has it: `_restore_bodies` puts it back).

    Pickling copies every string; the text already holds the body, so it travels once.
    Unpickling a Path parses it again, which cost more than all the rest of a record.
    """
    results = []
    for (path, _, _), (record, problems) in zip(
        chunk, _load_chunk(chunk, root, per_file=per_file), strict=True
    ):
        body_length = -1
        if record is not None and record.origin.text.endswith(record.origin.body):
            body_length = len(record.origin.body)
            record.origin.body = ""
        if record is not None and record.origin.file == path:
            record.origin.file = None
        results.append((record, problems, body_length))
    return results


def _restore_bodies(
    chunk: list[tuple[Path, str, str]],
    results: list[tuple[Record | None, list[Problem], int]],
) -> list[tuple[Record | None, list[Problem]]]:
    """The records of `_load_chunk_compact` as `_load_chunk` returns them."""
    restored = []
    for (path, _, _), (record, problems, body_length) in zip(chunk, results, strict=True):
        if record is not None:
            origin = record.origin
            if body_length >= 0:
                origin.body = origin.text[len(origin.text) - body_length :] if body_length else ""
            if origin.file is None:
                origin.file = path
        restored.append((record, problems))
    return restored


def _workers() -> int:
    """Cores this process may use, when forking is available and safe; 1 means serially."""
    available = cores()
    if available < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    # Forking a process that runs other threads (`mkdocs serve`) can copy a held lock.
    return 1 if threading.active_count() > 1 else available


def _load_records(
    jobs: list[tuple[Path, str, str]],
    root: Path,
    parallel_threshold: int,
    tick: Tick | None = None,
    per_file: PerFile | None = None,
) -> list[tuple[Record | None, list[Problem]]]:
    """`load_record` for every job, in order: on every core for a large tree."""
    workers = _workers() if len(jobs) >= parallel_threshold else 1
    if workers < 2:
        return _load_chunk(jobs, root, tick, per_file)
    # This process reads its own share (a little less: it also unpacks the workers'
    # results); worker processes on the other cores read the rest, a few chunks each, so
    # one slow chunk does not leave a core idle. Pickling results costs about a third of
    # reading them, so work that stays here is cheaper than work sent away.
    own = int(len(jobs) / workers * 0.9)
    rest = jobs[own:]
    size = -(-len(rest) // ((workers - 1) * 4))
    chunks = [rest[start : start + size] for start in range(0, len(rest), size)]
    mine = None
    try:
        with ProcessPoolExecutor(
            max_workers=workers - 1, mp_context=multiprocessing.get_context("fork")
        ) as pool:
            theirs = pool.map(
                _load_chunk_compact, chunks, [root] * len(chunks), [per_file] * len(chunks)
            )
            mine = _load_chunk(jobs[:own], root, tick, per_file)
            for chunk, results in zip(chunks, theirs, strict=True):
                mine.extend(_restore_bodies(chunk, results))
                if tick is not None:
                    tick(len(results))
            return mine
    except (OSError, BrokenProcessPool):  # no processes to be had: read them here
        return _load_chunk(jobs[:own], root, tick, per_file) + _load_chunk(
            rest, root, tick, per_file
        )


def _load_cached(
    jobs: list[tuple[Path, str, str, list[Problem]]],
    root: Path,
    parallel_threshold: int,
    cache: FileCache | None,
    tick: Tick | None = None,
    per_file: PerFile | None = None,
) -> list[tuple[Record | None, list[Problem]]]:
    """`_load_records` for the files the cache does not hold as they are now.

    With `per_file` too, a file read runs it on the load's cores: its problems are kept with
    the load's, and the cache notes the file's per-file rules as done (`checked`, empty).
    """
    if cache is None:
        return _load_records(
            [(path, kind, shown) for path, kind, shown, _ in jobs],
            root,
            parallel_threshold,
            tick,
            per_file,
        )
    keys = [_stat_key(path) for path, _, _, _ in jobs]
    found = [cache.lookup(path, key) for (path, _, _, _), key in zip(jobs, keys, strict=True)]
    missing = [i for i, hit in enumerate(found) if hit is None]
    if tick is not None and len(jobs) > len(missing):
        tick(len(jobs) - len(missing))  # kept from the last load: counted at once
    fresh = _load_records(
        [(jobs[i][0], jobs[i][1], jobs[i][2]) for i in missing],
        root,
        parallel_threshold,
        tick,
        per_file,
    )
    for i, result in zip(missing, fresh, strict=True):
        found[i] = result
        cache.store(jobs[i][0], keys[i], *result)
        if per_file is not None and result[0] is not None:
            serial = cache.serial(result[0])
            if serial is not None:
                cache.checked[serial] = []  # its per-file problems are among the load's
    cache.keep_only({path for path, _, _, _ in jobs})
    cache.read += len(missing)
    cache.reused += len(jobs) - len(missing)
    return found  # type: ignore[return-value]


@contextmanager
def without_cyclic_gc() -> Iterator[None]:
    """Pause the cycle collector while files load (or a whole check runs), and restore it.

    Loading allocates a few containers per field of every file and frees almost none, so
    the collector's full passes walk an ever larger heap for nothing: about a sixth
    of the time of a 10,000-file load. Reference counting still frees what it always does.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# Above this many content files, `load_content` reads them on every core (see below).
PARALLEL_THRESHOLD = 500
# How the load tells its progress: the stage's label, and how many files between two calls.
LOAD_STAGE = "Đọc hồ sơ"
TICK_FILES = 250
Tick = Callable[[int], None]
# Rules about one file alone, run where the file is read (`load_content`'s `per_file`).
PerFile = Callable[[Record], list[Problem]]

_StatKey = tuple[int, int, int, int]
# A record file's path, its path as messages show it, its id as a slug, and the problem
# with its name (None: a good name).
Named = tuple[Path, str, str, Problem | None]
# One file as a FileCache holds it: stat key, record, the load's problems, and the per-file
# rules' problems (None: not run yet).
SavedFile = tuple[_StatKey, Record | None, list[Problem], list[Problem] | None]


def _stat_key(path: Path) -> _StatKey | None:
    """Size, modification and change time (ns) and inode: what changes when a file is saved."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


class FileCache:
    """Parsed content files kept between loads of the same folder (`mkdocs serve`).

    A file whose size, times and inode are unchanged is not read again: its record (the same
    object) and problems are reused. Each load gives every record a `serial`, new whenever
    the file was read again, so a page's inputs can be compared between builds cheaply.
    Records are never changed after loading, which is what makes sharing them safe.
    """

    def __init__(self) -> None:
        self._entries: dict[Path, tuple[_StatKey, int, Record | None, list[Problem]]] = {}
        self._serials: dict[int, int] = {}  # id(record) → serial, for records held here
        self.checked: dict[int, list[Problem]] = {}  # serial → its per-file rules' problems
        self._next = 0
        self.reused = 0
        self.read = 0
        # Files stored or forgotten since the cache was made: `content.disk_cache` writes
        # back only the parts of its copy that hold one.
        self.touched: set[Path] = set()
        # (resolved folder, file name, working folder) → what the name gives (`_named`):
        # never stale, as it follows from the key alone.
        self.names: dict[tuple[str, str, str], Named] = {}

    def saved(self, path: Path) -> SavedFile | None:
        """What `content.disk_cache` keeps of one file: entries, not identities or serials."""
        entry = self._entries.get(path)
        if entry is None:
            return None
        key, serial, record, problems = entry
        return key, record, problems, self.checked.get(serial)

    def restore(self, path: Path, saved: SavedFile) -> None:
        """Hold a file as `saved` says (read back from disk): it counts as untouched."""
        key, record, problems, checked = saved
        self.store(path, key, record, problems)
        if checked is not None:
            self.checked[self._next] = checked
        self.touched.discard(path)

    def paths(self) -> list[Path]:
        return list(self._entries)

    def modified(self, path: Path) -> int | None:
        """A held file's modification time (ns) when it was last looked at; None if not held."""
        entry = self._entries.get(path)
        return entry[0][1] if entry is not None else None

    def lookup(
        self, path: Path, key: _StatKey | None
    ) -> tuple[Record | None, list[Problem]] | None:
        entry = self._entries.get(path)
        if entry is None or key is None or entry[0] != key:
            return None
        return entry[2], entry[3]

    def store(
        self, path: Path, key: _StatKey | None, record: Record | None, problems: list[Problem]
    ) -> None:
        self.touched.add(path)
        old = self._entries.pop(path, None)
        if old is not None:
            self.checked.pop(old[1], None)
            if old[2] is not None:
                self._serials.pop(id(old[2]), None)
        if key is None:
            return
        self._next += 1
        self._entries[path] = (key, self._next, record, problems)
        if record is not None:
            self._serials[id(record)] = self._next

    def keep_only(self, paths: set[Path]) -> None:
        """Forget files that are gone (deleted or renamed)."""
        for path in [p for p in self._entries if p not in paths]:
            self.store(path, None, None, [])

    def serial(self, record: Record) -> int | None:
        """The load serial of a record held here; None for a record from elsewhere."""
        return self._serials.get(id(record))

    def serials(self) -> dict[int, int]:
        """id(record) → serial for every record held here (valid while they are held)."""
        return self._serials


def _named(path: Path, folder_real: str) -> Named:
    """What `load_content` makes of a record file's name, before reading it."""
    # `walk` lists symbolic links apart: no file here is one, none needs an lstat.
    shown = _shown(os.path.join(folder_real, path.name), path)
    key = text.slugify(path.stem)
    if ID_PATTERN.match(path.stem):
        return path, shown, key, None
    return (
        path,
        shown,
        key,
        Problem(
            shown,
            1,
            "id",
            f"tên tệp “{path.name}” không đúng quy tắc mã: chỉ chữ thường không dấu, "
            f"chữ số và một dấu gạch nối giữa các từ; hãy đổi tên thành "
            f"“{key or 'ten-moi'}.md”",
        ),
    )


# A record file to read: path, folder, path as shown, problems with its name.
_Job = tuple[Path, str, str, list[Problem]]


def _folder_jobs(
    folder: Path, kind: str, files: list[str], names: dict[tuple[str, str, str], Named] | None
) -> list[_Job]:
    """The record files of one folder, each with what its name alone gives (`_named`, kept
    in `names`) and the problem of two names that make one id."""
    jobs: list[_Job] = []
    cwd = os.getcwd()
    folder_real = os.path.realpath(folder)
    normalised: dict[str, Path] = {}
    for name in files:
        place = (folder_real, name, cwd)
        named = names.get(place) if names is not None else None
        if named is None:
            named = _named(folder / name, folder_real)
            if names is not None:
                names[place] = named
        path, shown, key, misnamed = named
        naming = [misnamed] if misnamed is not None else []
        if key in normalised:
            naming.append(
                Problem(
                    shown,
                    1,
                    "id",
                    f"trùng mã với tệp {display_path(normalised[key])} sau khi chuẩn hóa "
                    f"(“{key}”); hãy đổi tên một trong hai tệp",
                )
            )
        normalised.setdefault(key, path)
        jobs.append((path, kind, shown, naming))
    return jobs


def load_content(
    root: Path,
    parallel_threshold: int = PARALLEL_THRESHOLD,
    cache: FileCache | None = None,
    progress: Progress = silent,
    per_file: PerFile | None = None,
) -> Content:
    """Read a whole content folder; never raises for bad content.

    From `parallel_threshold` files on, the files are read and validated in forked worker
    processes, one chunk of paths each; the result (records, problems and their order) is
    the same as reading them one by one, which small trees and single-core machines do.
    With a `cache`, files unchanged since the last load are not read again. `progress`
    hears the records read (`LOAD_STAGE`), from 0 to their number. `per_file(record)`, a
    module-level function (it travels to the workers by name), runs on each record read and
    its problems join the load's: the rules about a file alone share the load's cores (with a
    `cache`, they are kept with the load's problems).
    """
    content = Content(root=root)
    jobs: list[_Job] = []
    # What a file's name alone gives, kept by a cache: a preview's save names 12,500 files.
    names = cache.names if cache is not None else None
    content.tree = tree = walk(root)
    by_folder: dict[str, list[str]] = {t.folder: [] for t in RECORD_TYPES}
    page_files: list[str] = []
    for relative in tree.markdown:
        folder_name, _, name = relative.partition("/")
        if folder_name in by_folder and "/" not in name:
            if name != "index.md":  # a record may not be called index (check 18 says so)
                by_folder[folder_name].append(name)
        else:
            page_files.append(relative)
    for record_type in RECORD_TYPES:
        kind = record_type.folder
        if by_folder[kind]:
            jobs += _folder_jobs(root / kind, kind, sorted(by_folder[kind]), names)
    content.files_read = len(jobs)
    read = 0

    def tick(files: int) -> None:
        nonlocal read
        read += files
        progress(LOAD_STAGE, read, len(jobs))

    if jobs:
        progress(LOAD_STAGE, 0, len(jobs))
    with without_cyclic_gc():
        loaded = _load_cached(jobs, root, parallel_threshold, cache, tick, per_file)
    for (path, kind, _, naming), (record, problems) in zip(jobs, loaded, strict=True):
        content.problems.extend(naming)
        content.problems.extend(problems)
        if record is not None:
            content.records[kind].append(record)
        else:
            content.broken.add((kind, path.stem))
    for relative in page_files:
        page, problems = load_page(root / relative, relative)
        content.problems.extend(problems)
        if page is not None:
            content.pages.append(page)
    data = root / "_data"
    content.units, problems = load_units(data / "units.yml")
    content.problems.extend(problems)
    content.vocabularies, problems = load_vocabularies(
        [BUILTIN_VOCABULARIES, data / "vocabularies.yml"]
    )
    content.problems.extend(problems)
    return content
