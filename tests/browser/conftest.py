"""Browser tests: a real `streamlit run app.py` driven by Playwright in Debian's Chromium.

The app and Chromium start through tests/launch.py. Chromium must be /usr/bin/chromium
(`apt-get install -y chromium`). Without Chromium these tests skip, except
when AE_LAB_CI=1 (CI), where they fail.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.launch import CHROMIUM, CHROMIUM_ARGS, prepare_models, running_app


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """Base URL of a running app (models prepared first, so no test waits on that)."""
    prepare_models()
    folder = tmp_path_factory.mktemp("streamlit")
    log_path = folder / "server.log"
    # The class wall's rooms in a file of this run's own (not the user's cache).
    with running_app(log_path, env={"AE_LAB_CLASS_DB": str(folder / "class.sqlite3")}) as (url, _):
        yield url
    server_log = log_path.read_text(errors="replace")
    assert "Traceback" not in server_log, server_log[-3000:]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing: apt-get install -y chromium"
        if os.environ.get("AE_LAB_CI") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A fresh browser context per test (its own Streamlit session), English locale."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    tab = context.new_page()
    yield tab
    context.close()


SERVED_ONLY = "delete globalThis.WebAssembly;"  # as a browser without WebAssembly: the served path


@pytest.fixture
def served_page(browser):
    """Like ``page``, in a browser without WebAssembly: the app runs every model on the server
    (pages.common.live), the path whose widgets the server draws."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    context.add_init_script(SERVED_ONLY)
    tab = context.new_page()
    yield tab
    context.close()
