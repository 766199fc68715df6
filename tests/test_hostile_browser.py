"""Every accepted hostile page, built once by MkDocs and opened in Chromium.

The build publishes only what the engine approved (no draft page, no stray or unreferenced
file); in the browser, hovering and clicking the content fires no dialog, and the DOM holds
no `on…` attribute and no javascript: URL. Titles with markup are text in the head and menu.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import CAMPAIGN, DECISION, EXEMPLAR, Tree, build_site, read, write_image
from hostile import HARMLESS

from exemplars.site.static_server import serve

STORY = "title: Bài {id}\ndate: 10/9/2021\n"
HOSTILE_TITLE = "<img src=x onerror=alert(1)>"
PAGES = {
    "lien-he.md": (f'title: "{HOSTILE_TITLE}"\n', "Liên hệ ban biên tập.\n"),
    "tieu-de.md": (None, "# <img src=https://a.vn/x onerror=alert(1)//\n\nChữ.\n"),
    "nhap.md": ("status: draft\n", "Bản nháp, không đăng.\n"),
    "hen-gio.md": ("publish_date: 2030-01-01\n", "Chưa đến ngày.\n"),
}
EXEMPLAR_HOSTILE = EXEMPLAR.replace("Nguyễn Văn An", '"<svg onload=alert(1)>"').replace(
    "Trực chốt kiểm soát dịch 120 ngày liên tục.", '"<script>alert(1)</script> trực chốt"'
)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("hostile-site")
    tree = Tree(base / "content")
    tree.write("campaigns/covid.md", CAMPAIGN, "Giới thiệu phong trào.\n")
    tree.write("exemplars/nguyen-van-an.md", EXEMPLAR, "Câu chuyện của anh An.\n")
    tree.write("exemplars/ten-la.md", EXEMPLAR_HOSTILE, "Chữ.\n")
    tree.write("commendations/245-qd-ubnd-tra-co.md", DECISION)
    for case_id, body, _ in HARMLESS:
        tree.write(f"stories/ok-{case_id}.md", STORY.format(id=case_id), body)
    for name, (front, body) in PAGES.items():
        tree.write(name, front, body)
    write_image(tree.root / "anh" / "thua.jpg")  # referenced by nothing: a warning
    (tree.root / "anh" / ".gitkeep").write_text("")
    out = base / "site"
    result = build_site(tree.root, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def test_only_approved_files_are_published(hostile_site):
    assert not (hostile_site / "nhap").exists()
    assert not (hostile_site / "hen-gio").exists()
    assert not (hostile_site / "anh").exists()  # the unreferenced image and .gitkeep
    assert (hostile_site / "lien-he" / "index.html").exists()
    for case_id, _, _ in HARMLESS:
        assert (hostile_site / "stories" / f"ok-{case_id}" / "index.html").exists(), case_id


class _Tags(HTMLParser):
    """Event handlers, script URLs and inline scripts, as an HTML parser reads the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        for name, value in attrs:
            url = re.sub(r"[\x00-\x20]", "", value or "").lower()
            if name.startswith("on") or (
                name in ("href", "src", "action") and url.startswith("javascript:")
            ):
                self.bad.append(f"<{tag} {name}={value}>")
        if tag == "script" and "src" not in names:
            kind = dict(attrs).get("type") or ""
            if kind not in ("application/json", "application/ld+json"):
                self.bad.append("inline <script>")


def test_no_page_has_a_handler_or_a_script_url(hostile_site):
    for path in _pages(hostile_site):
        scan = _Tags()
        scan.feed(path.read_text(encoding="utf-8"))
        assert scan.bad == [], path


def test_titles_with_markup_are_escaped_text(hostile_site):
    page = read(hostile_site, "lien-he/")
    assert "<title>&lt;img src=x onerror=alert(1)&gt;" in page
    heading = read(hostile_site, "tieu-de/")
    assert "&lt;img src=https://a.vn/x onerror=alert(1)//" in heading.split("</title>")[0]
    record = read(hostile_site, "exemplars/ten-la/")
    assert "&lt;svg onload=alert(1)&gt;" in record and "<svg onload" not in record


# Hovers and clicks every element of the article (links: hover only, and their href is
# checked instead), then reads the live DOM for handlers and script URLs.
_PROBE = """() => {
  const bad = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const value = attr.value.replace(/[\\u0000-\\u0020]/g, "").toLowerCase();
      if (attr.name.startsWith("on")
          || (["href", "src", "action", "formaction", "xlink:href"].includes(attr.name)
              && value.startsWith("javascript:"))) bad.push(el.outerHTML.slice(0, 300));
    }
  }
  return bad;
}"""


# Centres of the article's visible elements (at most 40), each marked clickable unless it is,
# is inside, or holds a link or control.
_TARGETS = """() => [...document.querySelectorAll("article *")].flatMap(e => {
  const r = e.getBoundingClientRect();
  if (!r.width || !r.height || r.bottom < 0 || r.top > innerHeight) return [];
  const interactive = "a, button, label, summary, input";
  const clickable = !e.closest(interactive) && !e.querySelector(interactive);
  return [[r.left + r.width / 2, r.top + r.height / 2, clickable]];
}).slice(0, 40)"""


def test_hostile_pages_in_chromium(chromium, hostile_site):
    urls = ["lien-he/", "tieu-de/", "exemplars/ten-la/"] + [
        f"stories/ok-{case_id}/" for case_id, _, _ in HARMLESS
    ]
    dialogs: list[str] = []
    with serve(hostile_site) as base:
        context = chromium.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for url in urls:
            page.goto(base + url)
            # Real mouse moves and clicks at each element's centre (one round trip to find
            # them); links and controls are hovered, not clicked: a click would leave the page.
            for x, y, clickable in page.evaluate(_TARGETS):
                page.mouse.move(x, y)
                if clickable:
                    page.mouse.click(x, y)
            page.wait_for_timeout(50)
            assert page.url == base + url  # the probe reads the page it meant to
            assert page.evaluate(_PROBE) == [], url
        context.close()
    assert dialogs == []
    print(f"hostile pages opened in Chromium: {len(urls)}, dialogs: {len(dialogs)}")
