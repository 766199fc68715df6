"""Hostile bodies through the check and the sanitizer (checks 15; the corpus is in hostile.py).

Every rejected body is reported at its exact line with what would be removed; every
harmless one passes the check and its sanitized HTML holds nothing that can run. One
content tree holds them all and is checked once, in-process.
"""

from __future__ import annotations

import pytest
from conftest import CAMPAIGN, TODAY, Tree
from hostile import HARMLESS, REJECTED, executable
from hypothesis import given, settings
from hypothesis import strategies as st

from exemplars.site.build import check_content
from exemplars.site.sanitize import render_clean
from exemplars.text import parse_date

STORY = "title: Bài {id}\ndate: 10/9/2021\n"
BODY_LINE = 5  # ---, title, date, ---, then the body


@pytest.fixture(scope="module")
def problems_by_file(tmp_path_factory) -> dict[str, list]:
    tree = Tree(tmp_path_factory.mktemp("hostile") / "content")
    tree.write("campaigns/covid.md", CAMPAIGN)
    for case_id, body, _ in REJECTED:
        tree.write(f"stories/{case_id}.md", STORY.format(id=case_id), body)
    for case_id, body, _ in HARMLESS:
        tree.write(f"stories/ok-{case_id}.md", STORY.format(id=case_id), body)
    _, problems = check_content(tree.root, parse_date(TODAY))
    found: dict[str, list] = {}
    for problem in problems:
        found.setdefault(problem.path.split("content/")[-1], []).append(problem)
    return found


@pytest.mark.parametrize(("case_id", "body", "expected"), REJECTED, ids=[c[0] for c in REJECTED])
def test_rejected_at_its_line(problems_by_file, case_id, body, expected):
    found = problems_by_file.get(f"stories/{case_id}.md", [])
    assert {(p.field, p.severity) for p in found} == {("body", "error")}, found
    assert len(found) == len(expected), [str(p) for p in found]
    lines = {p.line for p in found}
    assert lines == {BODY_LINE - 1 + line for line, _ in expected}, [str(p) for p in found]
    for line, what in expected:
        at_line = [p.message for p in found if p.line == BODY_LINE - 1 + line]
        assert any(what in message for message in at_line), (what, at_line)
        assert all("sẽ bị loại bỏ khi đăng" in message for message in at_line)


@pytest.mark.parametrize(("case_id", "body", "fragment"), HARMLESS, ids=[c[0] for c in HARMLESS])
def test_harmless_is_published_inert(problems_by_file, case_id, body, fragment):
    assert problems_by_file.get(f"stories/ok-{case_id}.md", []) == []
    html = render_clean(body)
    assert fragment in html, html
    assert executable(html) == [], html


@pytest.mark.parametrize(("case_id", "body", "expected"), REJECTED, ids=[c[0] for c in REJECTED])
def test_rejected_is_inert_once_sanitized_too(case_id, body, expected):
    """Even if a rejected file reached the build, what it publishes could not run."""
    assert executable(render_clean(body)) == []


# -- property: random Markdown with injected markup never publishes executable markup ----

_INJECTIONS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "{: onclick=alert(1) }",
    '<svg onload="alert(1)">',
    "<iframe src=//evil.vn>",
    "[r]: javascript:alert(1)",
    "[y][r]",
    "<div onmouseover=alert(1) markdown=1>",
    "</div>",
    "<a href=' jav&#x09;ascript:alert(1)'>",
    "<style>*{}</style>",
    '<p style="position:fixed">',
    "<form action=//evil.vn><button>",
    "<object data=x>",
]
_MARKDOWN = [
    "# Tiêu đề",
    "- mục",
    "1. mục",
    "> trích",
    "```",
    "~~~",
    "    thụt lề",
    "`mã`",
    "**đậm**",
    "",
    "| a | b |",
    "|---|---|",
    '!!! note "x"',
    "Chữ thường Nguyễn Văn An.",
    "<div markdown=1>",
    "<!--",
    "-->",
]
_pieces = st.lists(st.sampled_from(_INJECTIONS + _MARKDOWN) | st.text(max_size=12), max_size=14)


@settings(max_examples=150, deadline=None)
@given(lines=_pieces, joiners=st.lists(st.sampled_from(["\n", " ", "\n\n", ""]), max_size=14))
def test_random_markdown_with_injections_never_publishes_executable_markup(lines, joiners):
    source = ""
    for index, piece in enumerate(lines):
        source += piece + (joiners[index] if index < len(joiners) else "\n")
    html = render_clean(source)
    assert executable(html) == [], (source, html)
