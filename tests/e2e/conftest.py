"""A real browser for end-to-end tests: Debian's chromium driven by Playwright.

Playwright never downloads a browser here: it launches /usr/bin/chromium.
`assert_accessible(page)` runs axe-core with the WCAG 2.0/2.1 A and AA rules
(what Norwegian law requires of public-sector web) and fails on any violation.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

from rodtrad.accounts.models import User
from tests.conftest import PASSWORD

# Playwright's sync API runs an event loop in this thread; Django's ORM calls
# from the test body are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_axe = Axe()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make install-test` (Debian package chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server: object) -> Iterator[Page]:
    context = browser.new_context(
        base_url=str(live_server.url),  # type: ignore[attr-defined]
        locale="nb-NO",
        timezone_id="Europe/Oslo",
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def log_in(page: Page, user: User, password: str = PASSWORD) -> None:
    """Log in through the login form, as a person would."""
    page.goto("/logg-inn/")
    page.get_by_label("Brukernavn").fill(user.get_username())
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/")


def assert_accessible(page: Page) -> None:
    """Fail, listing every violation, unless axe finds the page WCAG 2.1 AA clean."""
    results = _axe.run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    if results.violations_count:
        report = results.generate_report()
        print(f"\n{page.url}\n{report}")
        pytest.fail(
            f"{page.url}: {results.violations_count} accessibility violation(s)\n{report}",
            pytrace=False,
        )
