"""Hostile files, front matter, images, addresses and names (checks 13, 16, 17, 18, embargo).

Each case writes a small content tree, runs the whole check in-process and asserts the
exact outcome: the problems as (file, line, field, severity, a word of the message), or
none. Never a traceback.
"""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CAMPAIGN, DECISION, EXEMPLAR, TODAY, Tree, write_image

from exemplars.site.build import check_content
from exemplars.text import parse_date

STORY = "title: Bài\ndate: 10/9/2021\n"
Outcome = list[tuple[str, int, str, str, str]]  # file, line, field, severity, word


def png_header(width: int, height: int) -> bytes:
    """A PNG declaring width × height with one tiny data chunk: Pillow reads the size from
    the header without decoding (or allocating) any pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00"))
        + chunk(b"IEND", b"")
    )


def outcome(tree: Tree) -> Outcome:
    _, problems = check_content(tree.root, parse_date(TODAY))
    return [
        (p.path.split("content/")[-1], p.line, p.field, p.severity, p.message) for p in problems
    ]


def story(tree: Tree, body: str, name: str = "bai", front: str = STORY) -> None:
    tree.write(f"stories/{name}.md", front, body)


def link(tree: Tree, relative: str, target: str) -> None:
    path = tree.root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, path)


def raw(tree: Tree, relative: str, data: bytes) -> None:
    path = tree.root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def bomb(levels: int = 9) -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, levels):
        prev = chr(ord("a") + n - 1)
        lines.append(f"{chr(ord('a') + n)}: &{chr(ord('a') + n)} [{', '.join(['*' + prev] * 9)}]")
    return "\n".join(lines) + "\n"


def deep_block(levels: int) -> str:
    return (
        "tags:\n"
        + "".join(" " * (2 * i) + f"k{i}:\n" for i in range(1, levels))
        + (" " * (2 * levels) + "x: 1\n")
    )


# (id, how to write the hostile part into a minimal tree, expected problems)
CASES: list[tuple[str, Callable[[Tree], None], Outcome]] = [
    # -- check 16: what may be in content/
    (
        "symlink-environ",
        lambda t: link(t, "env.txt", "/proc/self/environ"),
        [("env.txt", 1, "-", "error", "symlink")],
    ),
    (
        "symlink-git-config",
        lambda t: link(t, "stories/git.md", "/work/main/.git/config"),
        [("stories/git.md", 1, "-", "error", "symlink")],
    ),
    (
        "symlink-dangling",
        lambda t: link(t, "exemplars/ghost.md", "/nonexistent/ghost.md"),
        [("exemplars/ghost.md", 1, "-", "error", "symlink")],
    ),
    (
        "symlink-folder",
        lambda t: link(t, "stories", "/etc"),
        [("stories", 1, "-", "error", "symlink")],
    ),
    (
        "symlink-inside",
        lambda t: (
            write_image(t.root / "exemplars/that.jpg"),
            link(t, "exemplars/a.jpg", "that.jpg"),
        ),
        [
            ("exemplars/a.jpg", 1, "-", "error", "symlink"),
            ("exemplars/that.jpg", 1, "-", "warning", "không được đăng"),
        ],
    ),
    (
        "symlink-loop",
        lambda t: (link(t, "a.md", "b.md"), link(t, "b.md", "a.md")),
        [("a.md", 1, "-", "error", "symlink"), ("b.md", 1, "-", "error", "symlink")],
    ),
    (
        "symlink-units",
        lambda t: (
            os.rename(t.root / "_data/units.yml", t.root / "u.yml"),
            link(t, "_data/units.yml", "../u.yml"),
        ),
        [
            ("_data/units.yml", 1, "-", "error", "symlink"),
            ("u.yml", 1, "-", "error", "không thuộc"),
        ],
    ),
    (
        "html-file",
        lambda t: raw(t, "x.html", b"<script>alert(1)</script>"),
        [("x.html", 1, "-", "error", "HTML")],
    ),
    (
        "htm-in-folder",
        lambda t: raw(t, "stories/x.htm", b"<p>x"),
        [("stories/x.htm", 1, "-", "error", "HTML")],
    ),
    (
        "js-file",
        lambda t: raw(t, "exemplars/anh/x.js", b"alert(1)"),
        [("exemplars/anh/x.js", 1, "-", "error", "JavaScript")],
    ),
    (
        "svg-file",
        lambda t: raw(t, "exemplars/anh/x.svg", b"<svg onload=alert(1)/>"),
        [("exemplars/anh/x.svg", 1, "-", "error", "SVG")],
    ),
    ("svg-upper", lambda t: raw(t, "X.SVG", b"<svg/>"), [("X.SVG", 1, "-", "error", "SVG")]),
    (
        "xhtml-file",
        lambda t: raw(t, "a/b.xhtml", b"<x/>"),
        [("a/b.xhtml", 1, "-", "error", "HTML")],
    ),
    ("mjs-file", lambda t: raw(t, "m.mjs", b"x"), [("m.mjs", 1, "-", "error", "JavaScript")]),
    (
        "stray-txt",
        lambda t: raw(t, "ghi-chu.txt", b"x"),
        [("ghi-chu.txt", 1, "-", "error", "không thuộc")],
    ),
    (
        "stray-css",
        lambda t: raw(t, "stories/x.css", b"body{}"),
        [("stories/x.css", 1, "-", "error", "không thuộc")],
    ),
    (
        "stray-docx",
        lambda t: raw(t, "qd.docx", b"PK"),
        [("qd.docx", 1, "-", "error", "không thuộc")],
    ),
    (
        "stray-no-suffix",
        lambda t: raw(t, "README", b"x"),
        [("README", 1, "-", "error", "không thuộc")],
    ),
    (
        "stray-backup",
        lambda t: raw(t, "exemplars/an.md.bak", b"x"),
        [("exemplars/an.md.bak", 1, "-", "error", "không thuộc")],
    ),
    (
        "stray-fifo",
        lambda t: os.mkfifo(t.root / "pipe"),
        [("pipe", 1, "-", "error", "không thuộc")],
    ),
    (
        "unreferenced-image",
        lambda t: write_image(t.root / "anh/thua.jpg"),
        [("anh/thua.jpg", 1, "-", "warning", "không được đăng")],
    ),
    (
        "unreferenced-pdf",
        lambda t: raw(t, "qd/x.pdf", b"%PDF-1.4\n"),
        [("qd/x.pdf", 1, "-", "warning", "không được đăng")],
    ),
    (
        "draft-referenced-image",
        lambda t: (
            write_image(t.root / "stories/anh.jpg"),
            t.write("stories/nhap.md", STORY + "status: draft\nimage: anh.jpg\n"),
        ),
        [],
    ),
    ("gitkeep", lambda t: raw(t, "anh/.gitkeep", b""), []),
    # -- check 17: images opened at check time, documents that are what they say
    (
        "fake-jpeg",
        lambda t: (
            raw(t, "stories/a.jpg", b"<svg onload=alert(1)>"),
            story(t, "", front=STORY + "image: a.jpg\n"),
        ),
        [("stories/bai.md", 4, "image", "error", "không đọc được ảnh")],
    ),
    (
        "png-30000",
        lambda t: (
            raw(t, "stories/a.png", png_header(30000, 30000)),
            story(t, "", front=STORY + "image: a.png\n"),
        ),
        [("stories/bai.md", 4, "image", "error", "50 triệu")],
    ),
    (
        "png-64mp",
        lambda t: (
            raw(t, "stories/a.png", png_header(8000, 8000)),
            story(t, "", front=STORY + "image: a.png\n"),
        ),
        [("stories/bai.md", 4, "image", "error", "8000×8000")],
    ),
    (
        "png-49mp-header-ok",
        lambda t: (
            raw(t, "stories/a.png", png_header(7000, 7000)),
            story(t, "", front=STORY + "image: a.png\n"),
        ),
        [],
    ),
    (
        "pdf-is-html",
        lambda t: (
            raw(t, "commendations/qd.pdf", b"<html><script>"),
            t.write("commendations/245-qd-ubnd-tra-co.md", DECISION + "document: qd.pdf\n"),
        ),
        [("commendations/245-qd-ubnd-tra-co.md", 10, "document", "error", "không phải tệp PDF")],
    ),
    (
        "portrait-svg",
        lambda t: (
            raw(t, "exemplars/an.svg", b"<svg/>"),
            t.write(
                "exemplars/nguyen-van-an.md", EXEMPLAR + "portrait: an.svg\nphoto_consent: true\n"
            ),
        ),
        [("exemplars/an.svg", 1, "-", "error", "SVG")],
    ),
    # -- check 17: values
    (
        "bel-in-title",
        lambda t: story(t, "", front="title: Bài \x07 chuông\ndate: 10/9/2021\n"),
        [("stories/bai.md", 2, "-", "error", "U+0007")],
    ),
    (
        "esc-in-body",
        lambda t: story(t, "Dòng một.\n\nMàu \x1b[31m đỏ.\n"),
        [("stories/bai.md", 7, "-", "error", "U+001B")],
    ),
    ("nul", lambda t: story(t, "a\x00b\n"), [("stories/bai.md", 5, "-", "error", "U+0000")]),
    ("del", lambda t: story(t, "a\x7fb\n"), [("stories/bai.md", 5, "-", "error", "U+007F")]),
    ("c1-nel", lambda t: story(t, "a\x85b\n"), [("stories/bai.md", 5, "-", "error", "U+0085")]),
    (
        "control-in-page",
        lambda t: t.write("gioi-thieu.md", None, "# Giới thiệu\n\x08\n"),
        [("gioi-thieu.md", 2, "-", "error", "U+0008")],
    ),
    (
        "alias-bomb",
        lambda t: story(t, "", front=STORY + bomb()),
        [("stories/bai.md", 4, "-", "error", "neo (&)")],
    ),
    (
        "anchor-alias",
        lambda t: story(t, "", front="title: &t Bài\ndate: 10/9/2021\nauthor: *t\n"),
        [("stories/bai.md", 2, "-", "error", "neo (&)")],
    ),
    (
        "alias-in-units",
        lambda t: (t.root / "_data/units.yml").write_text(
            (t.root / "_data/units.yml").read_text() + "- &u {id: x, name: X, type: xa}\n- *u\n"
        ),
        [
            ("_data/units.yml", 26, "-", "error", "neo (&)"),
            # the registry is refused as a whole, so its units are unknown: said, not hidden
            ("exemplars/nguyen-van-an.md", 4, "unit", "error", "tra-co"),
        ],
    ),
    (
        "deep-flow",
        lambda t: story(t, "", front=STORY + "tags: " + "[" * 990 + "]" * 990 + "\n"),
        [("stories/bai.md", 4, "-", "error", "lồng nhau")],
    ),
    (
        "deep-block",
        lambda t: story(t, "", front=STORY + deep_block(12)),
        [("stories/bai.md", 12, "-", "error", "lồng nhau")],
    ),
    (
        "deep-dashes",
        lambda t: story(t, "", front=STORY + "tags: " + "- " * 40 + "x\n"),
        [("stories/bai.md", 4, "-", "error", "YAML")],
    ),
    (
        "huge-front-matter",
        lambda t: story(t, "", front=STORY + "author: " + "A" * 70_000 + "\n"),
        [("stories/bai.md", 2, "-", "error", "64 KB")],
    ),
    # -- check 18: one page per address
    (
        "unit-page-by-hand",
        lambda t: t.write("units/tra-co.md", None, "# Trà Cổ\n"),
        [("units/tra-co.md", 1, "-", "error", "/units/")],
    ),
    (
        "record-named-index",
        lambda t: t.write("exemplars/index.md", EXEMPLAR),
        [("exemplars/index.md", 1, "id", "error", "index.md")],
    ),
    (
        "record-subfolder",
        lambda t: t.write("exemplars/cu/an.md", EXEMPLAR),
        [("exemplars/cu/an.md", 1, "-", "error", "thư mục con")],
    ),
    (
        "page-twice",
        lambda t: (
            t.write("huong-dan.md", None, "# A\n"),
            t.write("huong-dan/index.md", None, "# B\n"),
        ),
        [("huong-dan/index.md", 1, "-", "error", "/huong-dan/")],
    ),
    (
        "readme-and-index",
        lambda t: t.write("README.md", None, "# Đọc\n"),
        [("index.md", 1, "-", "error", "trùng địa chỉ")],
    ),
    (
        "search-page-by-hand",
        lambda t: t.write("search/index.md", None, "# Tìm\n"),
        [("search/index.md", 1, "-", "error", "/search/")],
    ),
    (
        "shared-alias",
        lambda t: (
            t.write("exemplars/nguyen-van-an.md", EXEMPLAR + "aliases: [an-cu]\n"),
            t.write(
                "exemplars/le-van-binh.md",
                EXEMPLAR.replace("Nguyễn Văn An", "Lê Văn Bình") + "aliases: [an-cu]\n",
            ),
        ),
        [("exemplars/nguyen-van-an.md", 7, "aliases[1]", "error", "an-cu")],
    ),
    # -- names of unpublished exemplars on published pages
    (
        "inline-recipient-draft",
        lambda t: (
            t.write(
                "exemplars/tran-thi-bi-mat.md",
                EXEMPLAR.replace("Nguyễn Văn An", "Trần Thị Bí Mật") + "status: draft\n",
            ),
            t.write(
                "commendations/1-qd-ubnd-tra-co.md",
                DECISION.replace("245/", "1/") + "  - {name: Trần Thị Bí Mật, kind: individual,"
                " unit: tra-co}\n",
            ),
        ),
        [("commendations/1-qd-ubnd-tra-co.md", 10, "recipients[2].name", "error", "exemplar:")],
    ),
    (
        "story-names-embargoed",
        lambda t: (
            t.write(
                "exemplars/tran-thi-bi-mat.md",
                EXEMPLAR.replace("Nguyễn Văn An", "Trần Thị Bí Mật") + "publish_date: 2027-01-01\n",
            ),
            story(t, "Mở đầu.\n\nChị Trần Thị Bí Mật đã trực chốt.\n"),
        ),
        [("stories/bai.md", 7, "body", "error", "01/01/2027")],
    ),
    (
        "story-names-draft-unmarked",
        lambda t: (
            t.write(
                "exemplars/tran-thi-bi-mat.md",
                EXEMPLAR.replace("Nguyễn Văn An", "Trần Thị Bí Mật") + "status: draft\n",
            ),
            story(t, "Chị TRAN THI BI MAT đã trực chốt.\n"),
        ),
        [("stories/bai.md", 5, "body", "error", "Trần Thị Bí Mật")],
    ),
    (
        "draft-story-may-name",
        lambda t: (
            t.write(
                "exemplars/tran-thi-bi-mat.md",
                EXEMPLAR.replace("Nguyễn Văn An", "Trần Thị Bí Mật") + "status: draft\n",
            ),
            story(t, "Chị Trần Thị Bí Mật.\n", front=STORY + "status: draft\n"),
        ),
        [],
    ),
    (
        "longer-name-is-someone-else",
        lambda t: (
            t.write(
                "exemplars/tran-thi-bi.md",
                EXEMPLAR.replace("Nguyễn Văn An", "Trần Thị Bí") + "status: draft\n",
            ),
            story(t, "Chị Trần Thị Bích đã trực chốt.\n"),
        ),
        [],
    ),
    (
        "page-names-draft",
        lambda t: (
            t.write(
                "exemplars/tran-thi-bi-mat.md",
                EXEMPLAR.replace("Nguyễn Văn An", "Trần Thị Bí Mật") + "status: draft\n",
            ),
            t.write("gioi-thieu.md", "title: Về Trần Thị Bí Mật\n", "Giới thiệu.\n"),
        ),
        [("gioi-thieu.md", 2, "title", "error", "chưa công bố")],
    ),
    # -- ordinary pages get the checks too
    (
        "page-script",
        lambda t: t.write("gioi-thieu.md", None, "# Giới thiệu\n\n<script>x</script>\n"),
        [("gioi-thieu.md", 3, "body", "error", "<script>")],
    ),
    (
        "subfolder-page-handler",
        lambda t: t.write(
            "huong-dan/cach-dung.md", "title: Cách dùng\n", "[x](https://a.vn){: onclick=x }\n"
        ),
        [("huong-dan/cach-dung.md", 4, "body", "error", "onclick=")],
    ),
    (
        "page-phone",
        lambda t: t.write("lien-he.md", None, "# Liên hệ\n\nGọi 0912 345 678.\n"),
        [("lien-he.md", 3, "body", "error", "số điện thoại")],
    ),
    (
        "page-bad-yaml",
        lambda t: t.write("lien-he.md", "title: [chưa đóng\n", "x\n"),
        [("lien-he.md", 3, "-", "error", "YAML")],
    ),
    (
        "page-bad-status",
        lambda t: t.write("lien-he.md", "status: nhap\n", "x\n"),
        [("lien-he.md", 2, "status", "error", "nhap")],
    ),
    ("page-draft-ok", lambda t: t.write("lien-he.md", "status: draft\n", "<b>x</b>\n"), []),
    (
        "page-title-markup-escaped",
        lambda t: t.write("lien-he.md", 'title: "<img src=x onerror=alert(1)>"\n', "x\n"),
        [],
    ),
    # -- rule 13 on folded text: each way of writing a number
    (
        "phone-nbsp",
        lambda t: story(t, "Gọi 0912\u00a0345\u00a0678.\n"),
        [("stories/bai.md", 5, "body", "error", "số điện thoại")],
    ),
    (
        "phone-zero-width",
        lambda t: story(t, "Gọi 0912\u200b345\u200b678.\n"),
        [("stories/bai.md", 5, "body", "error", "số điện thoại")],
    ),
    (
        "phone-en-dash",
        lambda t: story(t, "Gọi 0912\u2013345\u2013678.\n"),
        [("stories/bai.md", 5, "body", "error", "số điện thoại")],
    ),
    (
        "phone-full-width",
        lambda t: story(t, "Gọi ０９１２３４５６７８.\n"),
        [("stories/bai.md", 5, "body", "error", "số điện thoại")],
    ),
    (
        "phone-slashes",
        lambda t: story(t, "Gọi 0912/345/678.\n"),
        [("stories/bai.md", 5, "body", "error", "số điện thoại")],
    ),
    (
        "phone-commas",
        lambda t: story(t, "Gọi 0912,345,678.\n"),
        [("stories/bai.md", 5, "body", "error", "số điện thoại")],
    ),
    (
        "cccd-narrow-nbsp",
        lambda t: story(t, "", front=STORY + "author: CCCD 001\u202f203\u202f004\u202f567\n"),
        [("stories/bai.md", 4, "author", "error", "căn cước")],
    ),
    (
        "cccd-ideographic-space",
        lambda t: story(t, "Số 001\u3000203\u3000004\u3000567.\n"),
        [("stories/bai.md", 5, "body", "error", "căn cước")],
    ),
    (
        "phone-middle-dot",
        lambda t: story(t, "Gọi 0912·345·678.\n"),
        [("stories/bai.md", 5, "body", "error", "số điện thoại")],
    ),
    (
        "phone-arabic-indic",
        lambda t: story(t, "Gọi ٠٩١٢٣٤٥٦٧٨.\n"),
        [("stories/bai.md", 5, "body", "error", "số điện thoại")],
    ),
    (
        "document-number-not-phone",
        lambda t: story(t, "Theo 1497/QĐ-TTg, 98/2023/NĐ-CP ngày 10/9/2021.\n"),
        [],
    ),
]


@pytest.mark.parametrize(("case_id", "write", "expected"), CASES, ids=[c[0] for c in CASES])
def test_hostile_file_outcome(tmp_path: Path, case_id, write, expected):
    tree = Tree(tmp_path / "content")
    tree.write("campaigns/covid.md", CAMPAIGN)
    tree.write("exemplars/nguyen-van-an.md", EXEMPLAR)
    tree.write("commendations/245-qd-ubnd-tra-co.md", DECISION)
    write(tree)
    found = outcome(tree)
    got = [(path, line, field, severity) for path, line, field, severity, _ in found]
    assert got == [(path, line, field, severity) for path, line, field, severity, _ in expected], [
        f"{p}:{line}: {field}: {message}" for p, line, field, _, message in found
    ]
    for (*_, message), (*_, word) in zip(found, expected, strict=True):
        assert word in message, (word, message)


def test_reserved_folders_cover_every_generated_address(sample_site):
    """Check 18's reserved folders are every top folder the build writes besides records."""
    from exemplars.content.checks.trust import RECORD_FOLDERS, RESERVED_FOLDERS

    written = {p.name for p in sample_site.iterdir() if p.is_dir()}
    own_pages = {"gioi-thieu"}  # the sample's hand-written ordinary page
    assert written - own_pages - RECORD_FOLDERS <= RESERVED_FOLDERS, written
