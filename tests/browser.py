"""Browser-test support: Debian's Chromium driven by Playwright, and a site served on loopback.

In CI (CI=true) a missing Chromium is a failure, never a skip; locally the tests skip with
a loud reason so `make test` still runs everything else.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from exemplars.site.static_server import serve  # noqa: F401  (used by tests)

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def require_chromium() -> None:
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return
    message = (
        f"!!! Chromium not found at {CHROMIUM}: browser tests NOT RUN. "
        "Install it with: apt-get install -y chromium"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def settle(page) -> None:
    """Wait until no CSS transition or animation is running, so geometry is final.

    Material slides its search panel in from 5 % to the right; a box measured mid-slide is
    a fraction of a pixel off and would fail a width check at random.
    """
    page.wait_for_function(
        "() => document.getAnimations().every(a => a.playState !== 'running')", timeout=5_000
    )


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the session."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def site_url(sample_site) -> Iterator[str]:
    """The sample site, served on loopback."""
    with serve(sample_site) as url:
        yield url


@pytest.fixture
def page(chromium):
    """A fresh phone-sized page; closed after the test."""
    context = chromium.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()
