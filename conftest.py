"""Project-wide pytest plumbing: Playwright on Debian's Chromium.

Browser tests (marked `browser`, or using a Playwright fixture) drive the real
pages in Chromium. Playwright cannot download its own browsers here, so they run
on the system's Chromium (`CHROMIUM_PATH`, default /usr/bin/chromium). Without it
they are skipped on a developer's machine, but fail under CI=true: CI installs
Chromium, and a browser test that silently stops running is a hole in the suite.
"""

import os
import shutil

import pytest

# The sync Playwright API runs an event loop in the test's thread; the ORM calls in
# the same test would otherwise raise SynchronousOnlyOperation.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Fixtures of pytest-playwright 0.10 that start a browser.
PLAYWRIGHT_FIXTURES = {"page", "context", "new_context", "browser", "browser_type", "launch_browser"}


def _chromium_path() -> str | None:
    """The Chromium executable to use, or None when there is none."""
    return shutil.which(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def pytest_collection_modifyitems(config, items):
    # A test that opens a page is a browser test even if its author forgot the mark.
    for item in items:
        if PLAYWRIGHT_FIXTURES & set(getattr(item, "fixturenames", ())) and not item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # Runs before the fixtures are set up, so no launch is attempted.
    if item.get_closest_marker("browser") is None or _chromium_path():
        return
    wanted = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if _in_ci():
        pytest.fail(f"CI=true but no Chromium at {wanted}: install the chromium package (see .ci/run)", pytrace=False)
    pytest.skip(f"no Chromium at {wanted}: apt-get install chromium, or set CHROMIUM_PATH")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": _chromium_path() or os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # The portal's users read Vietnamese; dates and numbers follow vi-VN.
    return {**browser_context_args, "locale": "vi-VN"}


@pytest.fixture(autouse=True)
def _vietnamese_first():
    """Start every test in the portal's default language.

    A request in English (language cookie) leaves English active in the test's
    thread; without this, a later test in the same worker would read English
    messages where a user gets Vietnamese ones.
    """
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
