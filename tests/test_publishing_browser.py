"""In Chromium on a 390 px phone: charts fit, the print button prints, print hides chrome."""

from __future__ import annotations

from browser import settle


def test_statistics_fit_a_phone(page, site_url):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(site_url + "statistics/")
    assert page.locator("h1").first.inner_text() == "Thống kê"
    width = page.evaluate("window.innerWidth")
    settle(page)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    charts = page.locator("svg.bv-chart__svg")
    assert charts.count() == 5
    for index in range(charts.count()):
        box = charts.nth(index).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width
        label = charts.nth(index).locator("text.bv-chart__label").first.bounding_box()
        assert label["height"] >= 10, "chart labels must stay legible on a phone"
    assert errors == []


def test_print_button_prints_and_print_view_is_a_clean_list(page, site_url):
    page.add_init_script("window.print = () => { window.__printed = (window.__printed||0) + 1; }")
    page.goto(site_url + "campaigns/covid-19-dac-biet/")
    button = page.get_by_role("button", name="In danh sách")
    assert button.is_visible()
    button.click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer"):
        assert all(not element.is_visible() for element in page.locator(chrome).all()), chrome
    assert not button.is_visible()
    assert page.locator(".bv-card").first.is_visible()
    assert page.locator(".bv-cite").is_hidden()
