"""End-to-end harness: Debian's chromium, driven by Playwright, against pytest-django's live server.

Every test here is marked `e2e`. Without /usr/bin/chromium they are skipped, and the run's
summary says so in one plain line, so a green `make test` never hides that the browser tests
did not run.

Screenshots go to E2E_SCREENSHOT_DIR when it is set (`make screenshots` sets it to
docs/screenshots/), else to a temporary folder, so an ordinary test run leaves the repo clean.
"""

import os
from importlib import import_module
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio loop in this thread; Django would then refuse ORM calls
# from the test body (SynchronousOnlyOperation). The tests are synchronous code, so this is safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SKIP_REASON = f"{CHROMIUM} is missing (apt-get install chromium): end-to-end browser tests not run"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if Path(item.fspath).is_relative_to(here):
            item.add_marker(pytest.mark.e2e)
            if not CHROMIUM.exists():
                item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


def pytest_terminal_summary(terminalreporter):
    e2e = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if SKIP_REASON in str(getattr(report, "longrepr", ""))
    ]
    if e2e:
        terminalreporter.write_line(f"SKIPPED {len(e2e)} end-to-end tests: {SKIP_REASON}", yellow=True, bold=True)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, transactional_db):
    """The site as `make run` makes it: the five readings and the demo group with its accounts."""
    from django.apps import apps
    from django.core.cache import cache
    from django.core.management import call_command

    # Transactional tests flush every table after each test, which also empties what data
    # migrations made: put the "Moderators" permission group back as the migration makes it.
    import_module("forum.migrations.0002_moderators_group").create_moderators_group(apps, None)
    call_command("load_readings", verbosity=0)
    call_command("setup_demo", verbosity=0)
    # The cache table is not flushed between transactional tests; rate-limit counters must not leak.
    cache.clear()
    return live_server


@pytest.fixture
def new_page(browser, site):
    """new_page(user=None, viewport=DESKTOP): a fresh browser context, logged in as `user` if given."""
    contexts = []

    def open_page(user=None, viewport=DESKTOP):
        context = browser.new_context(viewport=viewport, base_url=site.url)
        if user is not None:
            from django.test import Client

            client = Client()
            client.force_login(user)
            cookie = client.cookies["sessionid"]
            context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": site.url}])
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory):
    configured = os.environ.get("E2E_SCREENSHOT_DIR")
    folder = Path(configured) if configured else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def screenshot(screenshot_dir):
    """screenshot(page, name): what the viewport shows, as a small PNG."""

    def take(page, name):
        path = screenshot_dir / f"{name}.png"
        page.screenshot(path=str(path), full_page=False)
        return path

    return take
