"""Checks at the trust boundary: what is in content/ (16), images opened early (17),
one page per address (18), and names of unpublished exemplars kept off published pages.

Markup (15) needs the site's renderer and lives in `exemplars.site.checks`; limits on
values (control characters, YAML anchors, size and depth) are refused while loading.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path

from exemplars import text
from exemplars.content.checks import privacy
from exemplars.content.checks.base import Checker
from exemplars.content.model import Exemplar, Record
from exemplars.content.paths import MEDIA_FIELDS, resolve_media
from exemplars.content.problems import WARNING, Problem
from exemplars.content.tree import DOCUMENT_SUFFIXES, IMAGE_SUFFIXES
from exemplars.types import RECORD_TYPES

MAX_PIXELS = 50_000_000
# Top folders whose addresses the engine writes itself (pages, data, media, search, the
# editor): a hand-written page there would take, or lose, an address. The site test keeps
# this list equal to what `exemplars.site.pages.plan` and the build produce.
RESERVED_FOLDERS = frozenset(
    {
        "units",
        "awards",
        "years",
        "kinds",
        "statistics",
        "search",
        "data",
        "media",
        "pagefind",
        "assets",
        "admin",
        "print",
        "lookup",
    }
)
RECORD_FOLDERS = frozenset(t.folder for t in RECORD_TYPES)


def _relative(path: Path, root: Path) -> str | None:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


def referenced_media(checker: Checker) -> dict[str, tuple[Record, str]]:
    """Relative path → (record, field) of every image or document a record points at."""
    root = checker.content.root
    found: dict[str, tuple[Record, str]] = {}
    for record in checker.content.all_records():
        for name in MEDIA_FIELDS.get(type(record), ()):
            value = getattr(record, name)
            if not value:
                continue
            path, why = resolve_media(record, value, root)
            relative = _relative(path, root) if path is not None and not why else None
            if relative is None:
                continue
            # A published record's reference wins over a draft's: it decides publication.
            if relative not in found or record.is_published(checker.today):
                found[relative] = (record, name)
    return found


def content_files(checker: Checker) -> Iterator[Problem]:
    """Check 16: content/ holds Markdown, `_data/`, and the media records reference."""
    tree = checker.content.tree
    shown = checker.content.root.as_posix().rstrip("/")
    for relative in tree.links:
        yield Problem(
            f"{shown}/{relative}",
            1,
            "-",
            "là một liên kết tượng trưng (symlink): nội dung phải là tệp thật trong content/ "
            "(liên kết có thể trỏ tới tệp bí mật của máy); hãy xóa liên kết và chép tệp vào",
        )
    for relative in tree.active:
        yield Problem(
            f"{shown}/{relative}",
            1,
            "-",
            "tệp HTML, JavaScript hoặc SVG không được đặt trong content/ (trình duyệt sẽ chạy mã "
            "trong đó); hãy xóa tệp; ảnh thì lưu dạng JPEG hoặc PNG",
        )
    for relative in tree.stray:
        yield Problem(
            f"{shown}/{relative}",
            1,
            "-",
            "tệp không thuộc loại nội dung nào (chỉ được có tệp .md, ảnh, tệp PDF và thư mục "
            "_data/); hãy xóa hoặc chuyển tệp ra ngoài content/",
        )
    referenced = referenced_media(checker)
    for relative in tree.media:
        owner = referenced.get(relative)
        if owner is None:
            yield Problem(
                f"{shown}/{relative}",
                1,
                "-",
                "ảnh hoặc tệp PDF này không được hồ sơ nào dùng (portrait, image, document) nên "
                "sẽ không được đăng; nếu cần đăng, hãy ghi đường dẫn vào trường đó, không thì "
                "xóa tệp",
                WARNING,
            )


def media_headers(checker: Checker) -> Iterator[Problem]:
    """Check 17: every referenced image opens and is at most 50 megapixels; PDFs are PDFs."""
    for relative, (record, name) in referenced_media(checker).items():
        path = checker.content.root / relative
        suffix = path.suffix.lower()
        why = None
        if suffix in DOCUMENT_SUFFIXES:
            try:
                with path.open("rb") as handle:
                    if handle.read(5) != b"%PDF-":
                        why = "không phải tệp PDF (phần đầu tệp sai); hãy quét lại thành PDF"
            except OSError as error:
                why = f"không đọc được tệp: {error.strerror}"
        elif suffix in IMAGE_SUFFIXES:
            why = _image_problem(path)
        if why:
            yield checker.problem(record, (name,), why)


def _image_problem(path: Path) -> str | None:
    """Why Pillow cannot publish this image, from its header alone; None when it can.

    Pillow is imported here, when a file references an image: a check of text alone loads
    nothing of the image tools.
    """
    try:
        from PIL import Image
    except ImportError:
        return "không kiểm tra được ảnh: máy này chưa cài thư viện Pillow (pip install Pillow)"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
    except Image.DecompressionBombError:
        return f"ảnh quá lớn (trên {MAX_PIXELS // 1_000_000} triệu điểm ảnh); hãy thu nhỏ ảnh"
    except Exception:  # Pillow raises many kinds for a broken or foreign file
        return "không đọc được ảnh (tệp hỏng hoặc không phải ảnh JPEG, PNG, WebP…); hãy lưu lại ảnh"
    if width * height > MAX_PIXELS:
        return (
            f"ảnh {width}×{height} ({width * height / 1_000_000:.0f} triệu điểm ảnh) vượt giới "
            f"hạn {MAX_PIXELS // 1_000_000} triệu; hãy thu nhỏ ảnh (ảnh chân dung chỉ cần "
            f"khoảng 2000 điểm mỗi chiều)"
        )
    return None


def page_address(relative: str) -> str:
    """The address MkDocs gives a Markdown file (use_directory_urls), without slashes."""
    stem = relative[:-3]
    folder, _, name = stem.rpartition("/")
    if name in ("index", "README"):
        return folder
    return stem


def addresses(checker: Checker) -> Iterator[Problem]:
    """Check 18: two pages at one address is an error, never a silent winner."""
    shown = checker.content.root.as_posix().rstrip("/")
    seen: dict[str, str] = {}
    for relative in checker.content.tree.markdown:
        top, _, rest = relative.partition("/")
        where = f"{shown}/{relative}"
        if top in RECORD_FOLDERS and rest == "index.md":
            yield Problem(
                where,
                1,
                "id",
                f"tệp không được tên index.md: địa chỉ /{top}/ là trang danh sách do trang "
                f"tự tạo; hãy đặt tên tệp theo mã hồ sơ (ví dụ nguyen-van-an.md)",
            )
            continue
        if top in RECORD_FOLDERS and "/" in rest:
            yield Problem(
                where,
                1,
                "-",
                f"không đặt tệp .md trong thư mục con của {top}/: hồ sơ nằm ngay trong "
                f"content/{top}/, các địa chỉ bên dưới là trang do trang tự tạo",
            )
            continue
        if top in RECORD_FOLDERS:
            continue
        if rest and top in RESERVED_FOLDERS:
            yield Problem(
                where,
                1,
                "-",
                f"địa chỉ /{top}/… là của các trang do trang tự tạo (đơn vị, thống kê, tìm kiếm, "
                f"dữ liệu…); trang viết tay ở đây sẽ đè lên hoặc bị đè: hãy chuyển tệp sang "
                f"thư mục khác",
            )
            continue
        address = page_address(relative)
        if address in seen:
            yield Problem(
                where,
                1,
                "-",
                f"trùng địa chỉ {'/' + address + '/' if address else '/'} với "
                f"{shown}/{seen[address]}; hãy đổi tên một tệp",
            )
        seen.setdefault(address, relative)
    owners: dict[str, Exemplar] = {}
    for exemplar in checker.exemplars:
        for index, alias in enumerate(exemplar.aliases):
            owner = owners.get(alias)
            if owner is not None and owner is not exemplar:
                yield checker.problem(
                    exemplar,
                    ("aliases", index),
                    f"mã cũ “{alias}” đã là mã cũ của {owner.origin.path}; một địa chỉ cũ chỉ "
                    f"chuyển về một trang: hãy giữ mã cũ ở đúng hồ sơ",
                )
            owners.setdefault(alias, exemplar)


def _name_pattern(names: list[str]) -> re.Pattern[str]:
    alternatives = sorted({text.fold(name) for name in names}, key=len, reverse=True)
    return re.compile(
        r"(?<![a-z0-9])(?:" + "|".join(re.escape(a) for a in alternatives) + r")(?![a-z0-9])"
    )


def embargoed_names(checker: Checker) -> Iterator[Problem]:
    """A published decision or story must not name an exemplar who is not published yet."""
    today = checker.today
    published_names = {text.fold(e.name) for e in checker.exemplars if e.is_published(today)}
    hidden = {
        text.fold(e.name): e
        for e in checker.exemplars
        if not e.is_published(today) and text.fold(e.name) not in published_names
    }
    if not hidden:
        return

    def advice(exemplar: Exemplar) -> str:
        when = (
            f"chờ đến ngày công bố {text.format_date(exemplar.publish_date)}"
            if exemplar.status == "published" and exemplar.publish_date
            else "chờ hồ sơ được công bố"
        )
        return (
            f"nêu tên “{exemplar.name}” của hồ sơ {exemplar.origin.path}, hồ sơ chưa công bố; "
            f"hãy tham chiếu hồ sơ (exemplar: {exemplar.id}) thay vì ghi tên, hoặc {when}"
        )

    for decision in checker.commendations:
        if not decision.is_published(today):
            continue
        for index, recipient in enumerate(decision.recipients):
            exemplar = hidden.get(text.fold(recipient.name or ""))
            if exemplar is not None:
                yield checker.problem(decision, ("recipients", index, "name"), advice(exemplar))
    pattern = _name_pattern([e.name for e in hidden.values()])
    for record in [*checker.stories, *checker.content.pages]:
        if not record.is_published(today):
            continue
        origin = record.origin
        if not pattern.search(text.fold(origin.text)):
            continue
        fields = privacy.FieldLines(record)
        for number, line in enumerate(origin.text.split("\n"), start=1):
            for match in pattern.finditer(text.fold(line)):
                field = fields.field(number)
                if field != "-":
                    yield Problem(origin.path, number, field, advice(hidden[match.group()]))
