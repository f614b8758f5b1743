"""Playwright driving Debian's Chromium (/usr/bin/chromium) against pytest-django's live server.

Never `playwright install`: the browser comes from Debian (installed by scripts/dev.sh test).
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("DXNAVI_CHROMIUM", "/usr/bin/chromium")
# Flags keep Chromium from reaching out to Google's services on a machine with no network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("DXNAVI_REQUIRE_SERVICES") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM}")
        pytest.skip("Chromium not installed")
    # Playwright's sync API runs an event loop in this thread; Django would then refuse ORM
    # calls from the test body, which is safe here because the loop is idle while we query.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser, live_server, tmp_path):
    """A fresh phone-sized browser context (Japanese locale) with downloads enabled."""
    context = browser.new_context(viewport=PHONE, locale="ja-JP", accept_downloads=True, base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def pytest_terminal_summary(terminalreporter):
    """axe-core counts per page (nodes per impact) when an accessibility test ran."""
    from .axe import summary_lines

    lines = summary_lines()
    if lines:
        terminalreporter.write_sep("=", "axe-core violations per page (nodes)")
        for line in lines:
            terminalreporter.write_line(line)
