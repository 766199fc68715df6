"""The sample site in a real browser: it loads, in Vietnamese, with no console error."""

from __future__ import annotations


def test_exemplar_directory_in_chromium(page, site_url):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(site_url + "exemplars/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("h1").first.inner_text() == "Gương điển hình A–Z"
    first = page.locator(".bv-card__link").first
    name = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text() == name
    assert errors == []
