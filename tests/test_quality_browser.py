"""Quality of the sample site as citizens get it: in Chromium, on a phone and on a desktop.

Each key page is opened once per screen size (a session cache) and everything is measured
on that one visit: axe-core's accessibility rules, console errors, every request's host,
sideways scrolling, tap targets, `lang`, the heading outline, keyboard focus, and a
screenshot for review under test-output/screenshots/. The Nu HTML Checker runs once over
every HTML file of the build. A per-page summary is written to test-output/quality-report.md.

Pages that other features add (search, statistics) are in the list from the start: while a
build has no such page their tests skip and say so; once it has, they are checked like the
rest.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser import DESKTOP, PHONE, serve, settle
from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / ".cache" / "node" / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
# axe-core is the test's own script, added with add_script_tag (an inline script): the site's
# CSP rightly blocks it, so the tabs that inject it bypass the CSP; test_csp_browser.py tests the
# policy itself, with no bypass.
AXE_BYPASSES_CSP = True
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
OUTPUT = ROOT / "test-output"
SCREENSHOTS = OUTPUT / "screenshots"

SIZES = {"phone": PHONE, "desktop": DESKTOP}

# name → (URL inside the site, or the folder whose richest record page stands for it; required)
KEY_PAGES: dict[str, tuple[str, bool]] = {
    "home": ("", True),
    "exemplars": ("exemplars/", True),
    "exemplar": ("exemplars/*", True),
    "decision": ("commendations/*", True),
    "campaign": ("campaigns/*", True),
    "story": ("stories/*", True),
    "unit": ("units/*", True),
    "units": ("units/", True),
    "search": ("search/", False),
    "statistics": ("statistics/", False),
    "board": ("print/units/*", True),
}

# Tap targets a thumb must hit: at least 44×44 CSS px on a phone.
TAP_TARGETS = ", ".join(
    [
        ".bv-card",
        ".bv-browse a",
        ".bv-letters a",
        ".bv-pager a",
        ".bv-pager__pages span",
        ".md-main button",
        ".md-main select",
        ".md-main input[type=search]",
        ".md-main input[type=text]",
        ".md-main input[type=checkbox]",
        ".md-main input[type=radio]",
    ]
)
MIN_TARGET = 44

# Errors the Nu HTML Checker reports in Material's own base.html, which we do not copy to
# fix: the drawer and search toggles are checkboxes with autocomplete="off" (kept by Material
# so that Firefox does not restore an open drawer on back navigation). Exact messages only,
# and only on Material's `md-toggle` inputs.
THEME_NU_ERRORS = {
    "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, "
    "“datetime-local”, “email”, “hidden”, “month”, “number”, “password”, “range”, “search”, "
    "“tel”, “text”, “time”, “url”, or “week”.": 'class="md-toggle"',
}


def require(path: Path | None, what: str, install: str) -> None:
    """Fail in CI, skip loudly elsewhere, when a tool the suite needs is missing."""
    if path is not None and path.exists():
        return
    message = f"!!! {what} not found: quality checks NOT RUN. Install it with: {install}"
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


# --- Which pages ------------------------------------------------------------------------


def richest_record(site: Path, folder: str) -> str | None:
    """The record page in `folder` with the most markup: it exercises the most template."""
    pages = [path for path in (site / folder).glob("*/index.html") if path.parent.name != "page"]
    if not pages:
        return None
    best = max(pages, key=lambda path: (path.stat().st_size, path.parent.name))
    return f"{folder}/{best.parent.name}/"


@pytest.fixture(scope="session")
def key_pages(sample_site: Path) -> dict[str, str | None]:
    """Each key page's URL in the sample build, or None where the build has no such page."""
    found: dict[str, str | None] = {}
    for name, (where, _) in KEY_PAGES.items():
        if where.endswith("/*"):
            found[name] = richest_record(sample_site, where[:-2])
        else:
            found[name] = where if (sample_site / where / "index.html").exists() else None
    return found


def page_url(key_pages: dict[str, str | None], name: str) -> str:
    url = key_pages[name]
    if url is None:
        where, required = KEY_PAGES[name]
        if required:
            pytest.fail(f"the sample build has no {name} page ({where})", pytrace=False)
        pytest.skip(f"no /{where} in this build yet: the {name} page is checked once it exists")
    return url


# --- One visit per page and size -----------------------------------------------------------


@dataclass
class Visit:
    """What one page showed at one screen size."""

    url: str
    status: int
    lang: str | None
    serious: list[str]
    console_errors: list[str]
    outside_requests: list[str]
    scroll_width: int
    client_width: int
    headings: list[tuple[int, str]]
    small_targets: list[str]
    hidden_focus_stops: list[str] = field(default_factory=list)
    focus_target: str = ""
    focus_shows: bool = False
    screenshot: Path | None = None


AXE_RUN = "() => axe.run(document, {resultTypes: ['violations']})"

HEADINGS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
  .filter(h => h.checkVisibility({visibilityProperty: true}))
  .map(h => [Number(h.tagName[1]), h.textContent.trim().slice(0, 60)])"""

SMALL_TARGETS = """([selector, min]) => [...document.querySelectorAll(selector)]
  .filter(e => e.checkVisibility({visibilityProperty: true}))
  .map(e => {
    const target = ['checkbox', 'radio'].includes(e.type)
      ? (e.closest('label') || (e.id && document.querySelector(`label[for="${e.id}"]`)) || e) : e;
    const r = target.getBoundingClientRect();
    return [target, r];
  })
  .filter(([, r]) => r.width < min || r.height < min)
  .map(([t, r]) => `${t.tagName.toLowerCase()}.${t.className} “${t.textContent.trim()
    .slice(0, 30)}” ${Math.round(r.width)}×${Math.round(r.height)}`)"""

# Where the focused element is, and the box its focus indicator may paint in (a card shows
# focus on the whole card).
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const card = e.closest('.bv-card');
  const r = (card || e).getBoundingClientRect();
  const onScreen = r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0
    && r.left < innerWidth && r.top < innerHeight
    && e.checkVisibility({visibilityProperty: true, opacityProperty: true});
  return {
    name: `${e.tagName.toLowerCase()}.${e.className} “${e.textContent.trim().slice(0, 30)}”`,
    inContent: !!e.closest('.md-content'), onScreen,
    box: {x: r.left, y: r.top, width: r.width, height: r.height},
  };
}"""

MAX_TABS = 40
CHANGE_THRESHOLD = 48
FADE_MS = 400
FOCUS_MARGIN = 8


def slug(url: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", url.lower()).strip("-") or "home"


def clip_around(box: dict, viewport: dict) -> dict:
    x = max(0, box["x"] - FOCUS_MARGIN)
    y = max(0, box["y"] - FOCUS_MARGIN)
    return {
        "x": x,
        "y": y,
        "width": min(viewport["width"] - x, box["width"] + 2 * FOCUS_MARGIN),
        "height": min(viewport["height"] - y, box["height"] + 2 * FOCUS_MARGIN),
    }


def ring_painted(with_focus: bytes, without_focus: bytes, box: dict, clip: dict) -> bool:
    """A focus indicator around the element: at least its perimeter's worth of pixels changed
    outside its box (a mere change of text colour does not count)."""
    before = Image.open(io.BytesIO(without_focus)).convert("RGB")
    after = Image.open(io.BytesIO(with_focus)).convert("RGB")
    changed = (
        ImageChops.difference(before, after)
        .convert("L")
        .point(lambda v: 255 if v > CHANGE_THRESHOLD else 0)
    )
    inner = (
        round(box["x"] - clip["x"]),
        round(box["y"] - clip["y"]),
        round(box["x"] - clip["x"] + box["width"]),
        round(box["y"] - clip["y"] + box["height"]),
    )
    changed.paste(0, inner)
    perimeter = 2 * (min(box["width"], clip["width"]) + min(box["height"], clip["height"]))
    return changed.histogram()[255] >= perimeter


def check_focus(page, size: dict, visit: Visit) -> None:
    """Tab from the top into the content: every stop on screen, and the focus ring painted."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        if not focused["onScreen"]:  # a skip link fades in: look again once it has
            page.wait_for_timeout(FADE_MS)
            settle(page)
            focused = page.evaluate(FOCUSED)
        if not focused["onScreen"]:
            visit.hidden_focus_stops.append(focused["name"])
        if focused["inContent"] and focused["onScreen"]:
            clip = clip_around(focused["box"], size)
            with_focus = page.screenshot(clip=clip, animations="disabled")
            page.evaluate("() => document.activeElement.blur()")
            without_focus = page.screenshot(clip=clip, animations="disabled")
            visit.focus_target = focused["name"]
            visit.focus_shows = ring_painted(with_focus, without_focus, focused["box"], clip)
            return
    visit.focus_target = f"nothing in the content after {MAX_TABS} Tab presses"


@pytest.fixture(scope="session")
def visits(chromium, site_url, key_pages, nu_errors):
    """Open a page at a size once, measure everything, and remember it for the session.

    One tab per size serves every visit; axe-core is loaded into each document as it starts."""
    require(AXE_JS, "axe-core (npm)", "make browser-tools")
    tabs: dict[str, tuple] = {}
    cache: dict[tuple[str, str], Visit] = {}
    own = urlsplit(site_url).netloc
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def tab(size_name: str):
        if size_name not in tabs:
            context = chromium.new_context(viewport=SIZES[size_name], locale="vi-VN")
            context.add_init_script(path=str(AXE_JS))
            page = context.new_page()
            console: list[str] = []
            requests: list[str] = []
            page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda error: console.append(f"uncaught: {error}"))
            page.on("request", lambda r: requests.append(r.url))
            tabs[size_name] = (context, page, console, requests)
        return tabs[size_name]

    def visit(url: str, size_name: str) -> Visit:
        if (url, size_name) in cache:
            return cache[(url, size_name)]
        size = SIZES[size_name]
        _, page, console, requests = tab(size_name)
        console.clear()
        requests.clear()
        response = page.goto(site_url + url, wait_until="load")
        axe = page.evaluate(AXE_RUN)
        serious = [
            f"{v['id']} ({v['impact']}): {node['target']} — {v['help']}"
            for v in axe["violations"]
            if v["impact"] in ("serious", "critical")
            for node in v["nodes"]
        ]
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        shot = SCREENSHOTS / f"{slug(url)}-{size_name}.png"
        page.screenshot(path=str(shot), full_page=True, animations="disabled")
        seen = Visit(
            url=url,
            status=response.status if response else 0,
            lang=page.locator("html").get_attribute("lang"),
            serious=serious,
            console_errors=[],
            outside_requests=[],
            scroll_width=widths[0],
            client_width=widths[1],
            headings=[tuple(h) for h in page.evaluate(HEADINGS)],
            small_targets=page.evaluate(SMALL_TARGETS, [TAP_TARGETS, MIN_TARGET]),
            screenshot=shot,
        )
        page.evaluate("() => window.scrollTo(0, 0)")
        check_focus(page, size, seen)
        seen.console_errors = list(console)
        seen.outside_requests = [
            r
            for r in requests
            if urlsplit(r).scheme not in ("data", "blob", "about") and urlsplit(r).netloc != own
        ]
        cache[(url, size_name)] = seen
        return seen

    yield visit
    for context, *_ in tabs.values():
        context.close()
    write_report(key_pages, cache, nu_errors)


def write_report(key_pages, cache: dict[tuple[str, str], Visit], nu_errors) -> None:
    """test-output/quality-report.md: per page and size, the counts the issue asks for."""
    lines = [
        "| page | size | axe serious/critical | Nu errors | console errors | outside requests |",
        "|---|---|---|---|---|---|",
    ]
    for name, url in key_pages.items():
        for size_name in SIZES:
            visit = cache.get((url, size_name)) if url is not None else None
            if visit is None:
                lines.append(f"| {name} | {size_name} | not built | | | |")
                continue
            nu = len(nu_errors.get(html_file(url), [])) if nu_errors is not None else "—"
            lines.append(
                f"| {name} `/{url}` | {size_name} | {len(visit.serious)} | {nu} | "
                f"{len(visit.console_errors)} | {len(visit.outside_requests)} |"
            )
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / "quality-report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- The Nu HTML Checker, once over the whole build ----------------------------------------


def html_file(url: str) -> str:
    return f"{url}index.html"


def is_theme_error(message: dict) -> bool:
    marker = THEME_NU_ERRORS.get(message.get("message", ""))
    return marker is not None and marker in message.get("extract", "")


@pytest.fixture(scope="session")
def nu_errors(sample_site: Path) -> dict[str, list[str]] | None:
    """Errors per HTML file (site-relative path), Material's known ones left out.

    None when the checker cannot run here (the tests that need it skip or fail then)."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        return None
    result = subprocess.run(
        [
            java,
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--errors-only",
            "--skip-non-html",
            str(sample_site),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stderr or '{"messages": []}')
    errors: dict[str, list[str]] = {}
    for message in report["messages"]:
        if message.get("type") != "error" and message.get("subType") != "fatal":
            continue
        if is_theme_error(message):
            continue
        path = Path(urlsplit(message.get("url", "")).path)
        relative = path.relative_to(sample_site).as_posix() if path.is_absolute() else str(path)
        errors.setdefault(relative, []).append(
            f"{message.get('lastLine', '?')}: {message['message']} "
            f"[{message.get('extract', '').strip()[:120]}]"
        )
    return errors


def require_nu(nu_errors) -> dict[str, list[str]]:
    require(
        Path(shutil.which("java") or "/nonexistent"),
        "Java (for the Nu HTML Checker)",
        "apt-get install -y default-jre-headless",
    )
    require(VNU_JAR, "vnu.jar (npm vnu-jar)", "make browser-tools")
    assert nu_errors is not None
    return nu_errors


def test_nu_checker_finds_no_error_in_any_built_page(nu_errors, sample_site):
    errors = require_nu(nu_errors)
    assert len(list(sample_site.rglob("*.html"))) > 20
    assert errors == {}


@pytest.mark.parametrize("name", KEY_PAGES)
def test_nu_checker_finds_no_error_in_key_page(nu_errors, key_pages, name):
    errors = require_nu(nu_errors)
    url = page_url(key_pages, name)
    assert errors.get(html_file(url), []) == []


def test_theme_error_allowance_matches_only_materials_toggles():
    message = next(iter(THEME_NU_ERRORS))
    theme = {"message": message, "extract": '<input class="md-toggle" data-md-toggle="drawer"'}
    ours = {"message": message, "extract": '<input class="bv-filter" type="checkbox"'}
    other = {"message": "Duplicate ID “x”.", "extract": 'class="md-toggle"'}
    assert is_theme_error(theme)
    assert not is_theme_error(ours)
    assert not is_theme_error(other)


# --- No other host, even in the markup of pages no test opens ------------------------------


# <link> kinds a browser fetches or connects to by itself (canonical, alternate… it does not).
FETCHING_RELS = {
    "stylesheet",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "manifest",
    "preload",
    "prefetch",
    "modulepreload",
    "preconnect",
    "dns-prefetch",
    "prerender",
}


class _Resources(HTMLParser):
    """URLs a browser fetches by itself while showing a page (not links the reader follows)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed", "track"):
            self.urls += [values.get("src") or "", *(values.get("srcset") or "").split(",")]
        rels = set((values.get("rel") or "").lower().split())
        if tag == "link" and rels & FETCHING_RELS:
            self.urls.append(values.get("href") or "")
        if tag == "object":
            self.urls.append(values.get("data") or "")


def outside_resources(html: str) -> list[str]:
    """Absolute URLs (another host) that a page fetches by itself."""
    parser = _Resources()
    parser.feed(html)
    urls = [url.strip().split(" ")[0] for url in parser.urls]
    return [url for url in urls if re.match(r"(?i)^(https?:)?//", url)]


def test_resource_scan_sees_another_host():
    html = (
        '<link rel="preconnect" href="https://fonts.gstatic.com">'
        '<link rel="canonical" href="https://example.vn/a/">'
        '<img src="../anh.jpg" srcset="../anh.jpg 1x, //cdn.example.com/anh.jpg 2x">'
        '<a href="https://example.org/">nguồn</a><script src="/assets/x.js"></script>'
    )
    assert outside_resources(html) == ["https://fonts.gstatic.com", "//cdn.example.com/anh.jpg"]


def test_no_page_of_the_build_loads_anything_from_another_host(sample_site):
    outside: dict[str, list[str]] = {}
    for path in sorted(sample_site.rglob("*.html")):
        urls = outside_resources(path.read_text(encoding="utf-8"))
        if urls:
            outside[path.relative_to(sample_site).as_posix()] = urls
    css = [
        path.name
        for path in sample_site.rglob("*.css")
        if re.search(r"(?i)(@import|url\()\s*['\"]?(https?:)?//", path.read_text("utf-8"))
    ]
    assert outside == {}
    assert css == []


# --- In the browser ---------------------------------------------------------------------------

PAGES_AND_SIZES = [(name, size) for name in KEY_PAGES for size in SIZES]
IDS = [f"{name}-{size}" for name, size in PAGES_AND_SIZES]


@pytest.fixture(params=PAGES_AND_SIZES, ids=IDS)
def seen(request, key_pages, visits) -> Visit:
    name, size_name = request.param
    return visits(page_url(key_pages, name), size_name)


def test_page_loads_in_vietnamese(seen):
    assert seen.status == 200
    assert seen.lang == "vi"


def test_axe_finds_no_serious_or_critical_violation(seen):
    assert seen.serious == []


def test_no_console_error(seen):
    assert seen.console_errors == []


def test_no_request_leaves_the_site(seen):
    assert seen.outside_requests == []


def test_no_sideways_scrolling(seen):
    assert seen.scroll_width <= seen.client_width


def test_headings_in_order(seen):
    levels = [level for level, _ in seen.headings]
    assert levels.count(1) == 1, seen.headings
    assert levels[0] == 1, seen.headings
    skips = [
        (before, after)
        for before, after in zip(seen.headings, seen.headings[1:], strict=False)
        if after[0] > before[0] + 1
    ]
    assert skips == []


def test_keyboard_focus_is_visible(seen):
    assert seen.hidden_focus_stops == [], "Tab stops the reader cannot see"
    assert seen.focus_target and not seen.focus_target.startswith("nothing"), seen.focus_target
    assert seen.focus_shows, f"no focus ring painted around {seen.focus_target}"


def test_screenshot_written_for_review(seen):
    assert seen.screenshot is not None and seen.screenshot.stat().st_size > 10_000


@pytest.mark.parametrize("name", KEY_PAGES)
def test_tap_targets_are_big_enough_on_a_phone(key_pages, visits, name):
    seen = visits(page_url(key_pages, name), "phone")
    assert seen.small_targets == []


def test_tap_targets_are_measured_on_cards_and_filters(key_pages, visits, chromium, site_url):
    """The checks above are not vacuous: the directory has cards and browse links, and a
    target shrunk below 44 px is reported."""
    url = page_url(key_pages, "exemplars")
    context = chromium.new_context(viewport=PHONE, locale="vi-VN")
    try:
        page = context.new_page()
        page.goto(site_url + url)
        assert page.locator(".bv-card").count() > 0
        assert page.locator(".bv-browse a").count() > 0
        assert page.evaluate(SMALL_TARGETS, [TAP_TARGETS, MIN_TARGET]) == []
        page.add_style_tag(content=".md-typeset .bv-browse a { min-height: 0; min-width: 0; }")
        assert page.evaluate(SMALL_TARGETS, [TAP_TARGETS, MIN_TARGET]) != []
    finally:
        context.close()


def test_focus_check_notices_a_missing_focus_ring(key_pages, chromium, site_url):
    """Without any focus style the pixel comparison must say so."""
    context = chromium.new_context(viewport=PHONE, locale="vi-VN")
    try:
        page = context.new_page()
        page.goto(site_url + page_url(key_pages, "exemplars"))
        page.add_style_tag(
            content="*, *:focus, *:focus-visible, *:focus-within "
            "{ outline: none !important; box-shadow: none !important; }"
        )
        visit = Visit("exemplars/", 200, "vi", [], [], [], 0, 0, [], [])
        check_focus(page, PHONE, visit)
        assert visit.focus_target.startswith("a")
        assert not visit.focus_shows
    finally:
        context.close()


def test_phone_menu_works_from_the_keyboard_and_passes_axe_open(key_pages, chromium, site_url):
    """The phone menu button is the first Tab stop, has a name, opens with Enter (focus moves
    into the menu, on screen), passes axe while open, and closes with Escape."""
    require(AXE_JS, "axe-core (npm)", "make browser-tools")
    context = chromium.new_context(viewport=PHONE, locale="vi-VN", bypass_csp=AXE_BYPASSES_CSP)
    try:
        page = context.new_page()
        page.goto(site_url + page_url(key_pages, "exemplar"))
        page.keyboard.press("Tab")
        button = page.locator("label.md-header__button[for=__drawer]")
        assert button.evaluate("b => b === document.activeElement")
        assert button.get_attribute("role") == "button"
        assert button.get_attribute("aria-label")
        assert button.get_attribute("aria-expanded") == "false"
        page.keyboard.press("Enter")
        page.wait_for_timeout(FADE_MS)
        settle(page)  # the drawer has slid in, however busy the machine
        assert button.get_attribute("aria-expanded") == "true"
        focused = page.evaluate(FOCUSED)
        assert focused["onScreen"] and "md-nav__link" in focused["name"], focused
        page.add_script_tag(path=str(AXE_JS))
        result = page.evaluate(AXE_RUN)
        serious = [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == []
        page.keyboard.press("Escape")
        assert button.get_attribute("aria-expanded") == "false"
        assert button.evaluate("b => b === document.activeElement")
        assert not page.locator("#__drawer").is_checked()
    finally:
        context.close()


# --- Paging, which the sample is too small to show ------------------------------------------

GIVEN = ["An", "Bình", "Cúc", "Dũng", "Đào", "Giang", "Hà", "Khánh", "Lan"]
MIDDLE = ["Văn", "Thị", "Đức", "Ngọc", "Minh", "Quang"]
FAMILY = ["Nguyễn", "Trần"]  # 108 exemplars: two directory pages


def test_pager_on_a_phone(tree, built, chromium):
    """Over 100 exemplars the directory pages: its pager links are thumb-sized, it fits a
    phone and axe passes on the second page."""
    require(AXE_JS, "axe-core (npm)", "make browser-tools")
    tree.minimal()
    count = 0
    for family in FAMILY:
        for middle in MIDDLE:
            for given in GIVEN:
                count += 1
                tree.write(
                    f"exemplars/nguoi-{count:03d}.md",
                    f"name: {family} {middle} {given}\nkind: individual\nunit: tra-co\n"
                    f"summary: Tham gia phòng, chống dịch.\n",
                )
    site = built(tree)
    assert (site / "exemplars" / "page" / "2" / "index.html").exists()
    context = chromium.new_context(viewport=PHONE, locale="vi-VN", bypass_csp=AXE_BYPASSES_CSP)
    try:
        with serve(site) as url:
            page = context.new_page()
            page.goto(url + "exemplars/page/2/")
            assert page.locator(".bv-pager a").count() >= 2
            rows = page.evaluate(
                "() => new Set([...document.querySelectorAll('.bv-pager__pages li')]"
                ".map(li => Math.round(li.getBoundingClientRect().top))).size"
            )
            assert rows == 1, "page numbers should sit side by side"
            assert page.evaluate(SMALL_TARGETS, [TAP_TARGETS, MIN_TARGET]) == []
            assert page.evaluate(
                "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
            )
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.locator(".bv-pager").screenshot(path=str(SCREENSHOTS / "pager-phone.png"))
            page.add_script_tag(path=str(AXE_JS))
            result = page.evaluate(AXE_RUN)
            assert [
                v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")
            ] == []
    finally:
        context.close()
