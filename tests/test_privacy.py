"""Rules 13 (citizen IDs, phone numbers) and 14 (executable markup), and the health warning:
each fires on a real file at the right line and field, and stays quiet on its look-alikes.
"""

from __future__ import annotations

import re

import pytest
from conftest import DECISION, EXEMPLAR, TODAY, run_check

from exemplars.content.checks.privacy import health_words, personal_numbers
from exemplars.content.problems import WARNING
from exemplars.site.build import check_content
from exemplars.site.sanitize import removal_lines
from exemplars.text import parse_date


def executable_markup(body: str) -> list[tuple[int, str]]:
    """What the sanitizer would remove from a body (rule 14 is now check 15), by line."""
    return list(removal_lines(body))


def found(tree) -> list[tuple[str, int, str, str, str]]:
    """(file, line, field, severity, message) of every problem, checked in-process."""
    _, problems = check_content(tree.root, parse_date(TODAY))
    return [
        (p.path.split("content/")[-1], p.line, p.field, p.severity, p.message) for p in problems
    ]


# -- 13. personal data ---------------------------------------------------------------------

PERSONAL_FRONT = (
    EXEMPLAR
    + """\
position: "Tổ trưởng, ĐT 0912 345 678"
tags:
  - an
  - "CCCD 001203004567"
"""
)
PERSONAL_BODY = """\
Câu chuyện của anh An.

Liên hệ +84 912.345.678 hoặc (0203) 3881 234.
"""


def test_citizen_id_and_phones_anywhere_in_a_file(tree):
    tree.minimal()
    tree.write("exemplars/nguyen-van-an.md", PERSONAL_FRONT, PERSONAL_BODY)
    problems = [p for p in found(tree) if p[3] != WARNING]
    where = sorted((line, field) for _, line, field, _, _ in problems)
    assert where == [(7, "position"), (10, "tags[2]"), (14, "body"), (14, "body")]
    messages = " ".join(p[4] for p in problems)
    assert "số căn cước công dân" in messages and "số điện thoại" in messages
    assert "0012*****567" in messages and "001203004567" not in messages  # masked in logs
    assert all("hãy xóa" in p[4] for p in problems)


def test_personal_data_in_a_decision_recipient(tree):
    tree.minimal()
    tree.write(
        "commendations/245-qd-ubnd-tra-co.md",
        DECISION
        + """\
  - name: Lê Thị Cúc
    kind: individual
    unit: tra-co
    position: Y sĩ, SĐT 0987654321
""",
    )
    [(path, line, field, _, _)] = found(tree)
    assert (path, line, field) == (
        "commendations/245-qd-ubnd-tra-co.md",
        13,
        "recipients[2].position",
    )


@pytest.mark.parametrize(
    "written",
    [
        "0912345678",
        "0912 345 678",
        "0912.345.678",
        "091-234-5678",
        "0912 345678",
        "+84 912 345 678",
        "+84912345678",
        "(+84) 912-345-678",
        "84912345678",
        "024 3825 1234",
        "(0203) 3881 234",
        "02033881234",
        "SĐT:0389123456",
        "0512 345 678",
        "0712 345 678",
        "0812 345 678",
    ],
)
def test_phone_forms(written):
    assert [kind for kind, _ in personal_numbers(f"Liên hệ {written}.")] == ["phone"]


@pytest.mark.parametrize("written", ["001203004567", "001 203 004 567", "0012 0300 4567"])
def test_citizen_id_forms(written):
    assert [kind for kind, _ in personal_numbers(f"CCCD số {written}")] == ["cccd"]


LOOK_ALIKES = [
    "Quyết định 1497/QĐ-TTg ngày 10/9/2021",
    "Nghị định 98/2023/NĐ-CP",
    "Luật 06/2022/QH15",
    "ngày 2021-09-10",
    "ngày 10/09/2021",
    "năm 2021, 2022",
    "trực 120 ngày liên tục",
    "tệp 245-qd-ubnd-tra-co-2021.md",
    "ảnh anh/0912345678.jpg",
    "https://x.vn/b-0912345678",
    "1.200.000.000 đồng",
    "84.300.000.000 đồng",
    "Km 15",
    "tổ 5, khu 3",
    "5K",
    "1.234 người được tiêm 2.468 liều",
    "mã 123456789",
    "10:30 ngày 05/11/2021",
    "số 1120/QĐ-UBND",
    "Covid-19",
    "0,5 tấn gạo",
    "1800 1234",
]


@pytest.mark.parametrize("line", LOOK_ALIKES)
def test_document_numbers_dates_counts_are_not_personal_data(line):
    assert list(personal_numbers(line)) == []


def test_look_alikes_in_real_files_pass(tree):
    tree.minimal()
    tree.write(
        "stories/bai.md",
        "title: Bài 1497/QĐ-TTg\ndate: 10/9/2021\n",
        "\n\n".join(LOOK_ALIKES) + "\n",
    )
    tree.write(
        "commendations/1120-qd-ubnd-2021.md", DECISION.replace("245/QĐ-UBND", "1120/QĐ-UBND")
    )
    assert found(tree) == []


# -- 14. executable markup in bodies -------------------------------------------------------

MARKUP_BODY = """\
Đoạn mở đầu.

<script>alert(1)</script>
<IFRAME src="https://example.com"></IFRAME>
<img src="x.png" onerror="alert(1)">
[Xem thêm](javascript:alert(1))
<a href=" JaVa&#115;cript:alert(1)">bấm</a>
<object data="x.swf"></object> <embed src="x.swf">
<form action="/gui"><input name="q"></form>
<svg/onload=alert(1)>
[tham chiếu]: javascript:alert(1)
"""


def test_each_kind_of_executable_markup_at_its_line(tree):
    tree.minimal()
    tree.write("stories/bai.md", "title: Bài\ndate: 10/9/2021\n", MARKUP_BODY)
    problems = found(tree)
    assert {p[2] for p in problems} == {"body"}
    by_line = {}
    for _, line, _, _, message in problems:
        by_line.setdefault(line, []).append(message)
    body_start = 5  # "---", title, date, "---", then the body
    expected = {
        2: "<script>",
        3: "<iframe>",
        4: "onerror=",
        5: "javascript:",
        6: "javascript:",
        7: "<object>",
        9: "onload=",
        10: "javascript:",
    }
    for offset, what in expected.items():
        assert any(what in m for m in by_line.get(body_start + offset, [])), (offset, by_line)
    assert any("<embed>" in m for m in by_line[body_start + 7])
    assert any("<form>" in m for m in by_line[body_start + 8])
    assert body_start + 0 not in by_line and body_start + 1 not in by_line


SAFE_BODY = """\
Anh An onboard tàu lúc 5 giờ; trang web dùng javascript: không liên quan.

Viết `<script>` hay `onclick="x"` trong dấu huyền thì chỉ là chữ.

```html
<script>alert(1)</script>
<iframe src="x"></iframe>
```

<formation> không phải <form>… mà là chữ trong ngoặc nhọn: a <b onboard.
<a href="https://example.vn/javascript-huong-dan" title="online">Hướng dẫn</a>
[Bài viết](https://example.vn/tin/javascript:khong) và <https://example.vn>
<img src="https://example.vn/anh.png" alt="on=off">
"""


def test_look_alikes_of_executable_markup_pass(tree):
    tree.minimal()
    tree.write(
        "stories/bai.md", "title: Bài\ndate: 10/9/2021\n", SAFE_BODY.replace("<form>…", "biểu mẫu…")
    )
    assert found(tree) == []


def test_markup_in_front_matter_is_escaped_not_a_rule_14_problem(tree):
    tree.minimal()
    tree.write("stories/bai.md", 'title: "<script>alert(1)</script>"\ndate: 10/9/2021\n', "")
    assert found(tree) == []


@pytest.mark.parametrize(
    "body",
    [
        "<ScRiPt src=x></ScRiPt>",
        "<img/onerror=alert(1) src=x>",
        "<a href='vbscript:x'>",
        "[x](<javascript:alert(1)>)",
        "![ảnh]( javascript:alert(1))",
        "<javascript:alert(1)>",
        "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
        '<div\n  onclick="x">',
        '<a href="jav\tascript:alert(1)">',
    ],
)
def test_executable_forms(body):
    assert list(executable_markup(body))


def test_images_in_bodies_point_to_the_image_fields(tree):
    tree.minimal()
    tree.write(
        "stories/bai.md",
        "title: Bài\ndate: 10/9/2021\n",
        "Mở đầu.\n\n![Lễ trao thưởng](anh/le.jpg)\n<img alt=x src='../anh/b.png'>\n"
        "`![mã](x.jpg)` và ![ảnh ngoài](https://example.vn/a.jpg)\n",
    )
    problems = found(tree)
    assert [(line, field) for _, line, field, _, _ in problems] == [(7, "body"), (8, "body")]
    assert "“anh/le.jpg”" in problems[0][4] and "trường portrait" in problems[0][4]


# -- health words (warning) ----------------------------------------------------------------


def test_health_words_warn_at_their_line_and_the_check_still_passes(tree):
    tree.minimal()
    tree.write(
        "exemplars/nguyen-van-an.md",
        EXEMPLAR.replace("Trực chốt", "Từng là F0, trực chốt"),
        "Câu chuyện.\n\nSau khi ĐIỀU TRỊ xong, anh trở lại chốt; cach ly 14 ngày.\n",
    )
    warnings = [p for p in found(tree) if p[3] == WARNING]
    assert [(line, field) for _, line, field, _, _ in warnings] == [(5, "summary"), (10, "body")]
    assert "“F0”" in warnings[0][4]
    assert "“cách ly”" in warnings[1][4] and "“điều trị”" in warnings[1][4]
    result = run_check(tree.root)
    assert result.returncode == 0, result.stdout
    assert re.search(
        r"exemplars/nguyen-van-an\.md:10: body: CẢNH BÁO: có từ ngữ về sức khỏe", result.stdout
    ), result.stdout
    assert "0 lỗi, 2 cảnh báo." in result.stdout


def test_health_words_do_not_warn_for_collectives_or_look_alikes(tree):
    tree.minimal()
    tree.write(
        "exemplars/tram-y-te.md",
        EXEMPLAR.replace("Nguyễn Văn An", "Trạm Y tế").replace("individual", "collective"),
        "Trạm tổ chức điều trị cho người bệnh tại khu cách ly.\n",
    )
    tree.write(
        "exemplars/nguyen-van-an.md",
        EXEMPLAR,
        "Mã màu #f0f0f0, tệp F01, cách làm, điều tra, tính dương.\n",
    )
    assert found(tree) == []


@pytest.mark.parametrize(
    "line, words",
    [
        ("người cách ly tại nhà", ["cách ly"]),
        ("F0 và f0", ["F0"]),
        ("Dương Tính", ["dương tính"]),
        ("dieu tri", ["điều trị"]),
        ("F01, F0x, #f0f0f0", []),
        ("cách làm, điều tra", []),
    ],
)
def test_health_word_matching(line, words):
    assert health_words(line) == words


def test_the_sample_builds_strictly_with_its_health_warning(sample_site):
    from conftest import ROOT

    _, problems = check_content(ROOT / "content", parse_date(TODAY))
    assert any(p.severity == WARNING and "sức khỏe" in p.message for p in problems)
    assert not any(p.is_error for p in problems)
    assert (sample_site / "index.html").exists()  # the build passed with --strict
