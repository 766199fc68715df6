"""The Content-Security-Policy in Chromium: the site works under it with no violation, and an
injected inline script is blocked and reported (so zero means zero, not a deaf listener).
"""

from __future__ import annotations

import pytest
from conftest import read
from playwright.sync_api import expect

from exemplars.policy import site_policy

# Listens before any page script runs: every violation of this document, with its directive.
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline")));
"""


@pytest.fixture
def watched(page):
    """A page that records CSP violations from the DOM and the console."""
    console: list[str] = []
    page.on(
        "console",
        lambda m: console.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.add_init_script(WATCH)
    page.console_violations = console
    return page


def violations(page) -> list[str]:
    return page.evaluate("window.__csp") + page.console_violations


def test_every_page_carries_the_policy(sample_site):
    for url in ("", "exemplars/", "exemplars/nguyen-van-an/", "search/", "gioi-thieu/"):
        html = read(sample_site, url)
        assert '<meta http-equiv="Content-Security-Policy"' in html, url
        assert "<script>" not in html, url  # no inline script left: Material's are files
    assert "script-src 'self' 'wasm-unsafe-eval';" in site_policy()
    assert "'unsafe-inline'" not in site_policy().split("script-src")[1].split(";")[0]


def test_search_menu_and_print_work_with_no_violation(watched, site_url):
    page = watched
    total = 0
    page.goto(site_url)
    # the header search box, live results from Pagefind (WebAssembly, a worker)
    page.keyboard.press("/")
    page.locator("#bv-search-input").fill("dang van duc")
    expect(page.locator("#bv-search-listbox [role=option]").first).to_be_visible(timeout=15000)
    # the phone menu opens and closes
    button = page.locator('label.md-header__button[for="__drawer"]')
    page.keyboard.press("Escape")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")
    total += len(violations(page))
    # the search page with filters from the address
    page.goto(site_url + "search/?q=mong+cai")
    expect(page.locator(".bv-search-page__hits .bv-hit__title").first).to_be_visible(timeout=15000)
    total += len(violations(page))
    # a record page and a printable list: the print button is shown by a script file
    page.goto(site_url + "exemplars/nguyen-van-an/")
    expect(page.locator("h1")).to_contain_text("Nguyễn Văn An")
    total += len(violations(page))
    page.goto(site_url + "campaigns/covid-19-dac-biet/exemplars/")
    page.evaluate("window.print = () => { window.__printed = true; }")
    printer = page.locator("[data-bv-print]").first
    expect(printer).to_be_visible()
    printer.click()
    assert page.evaluate("window.__printed") is True
    page.emulate_media(media="print")
    total += len(violations(page))
    print(f"CSP violations in Chromium across the pages: {total}")
    assert total == 0


def test_an_injected_inline_script_is_reported(watched, site_url):
    page = watched
    page.goto(site_url + "exemplars/")
    page.evaluate(
        """() => {
        const script = document.createElement("script");
        script.textContent = "window.__ran = true";
        document.body.append(script);
        const img = document.createElement("img");
        img.setAttribute("onerror", "window.__ran = true");
        img.src = "data:,";
        document.body.append(img);
    }"""
    )
    page.wait_for_timeout(300)
    assert page.evaluate("window.__ran") is None
    found = violations(page)
    assert any(v.startswith("script-src") for v in found), found


def test_deploy_guide_gives_the_same_policies_as_headers():
    from conftest import ROOT

    from exemplars.policy import admin_policy, header_policy

    guide = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    assert f'add_header Content-Security-Policy "{header_policy()}" always;' in guide
    assert admin_policy() in guide
