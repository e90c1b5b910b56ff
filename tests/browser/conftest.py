"""Browser tests: a real `streamlit run app.py` driven by Playwright in Debian's Chromium.

Chromium must be /usr/bin/chromium (`apt-get install -y chromium`); Playwright's own browser
download is never used (it needs the internet). Without Chromium these tests skip, except
when AE_LAB_CI=1 (CI), where they fail.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ae_core.cluster import free_port, wait_healthy

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


# The same port and health-check helpers as ae_core.cluster (one implementation).
_free_port = free_port


def wait_until_healthy(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    wait_healthy(url, process, timeout)


def start_app(port: int, env: dict | None = None, log_path: Path | None = None) -> subprocess.Popen:
    """Start the app exactly as the README does (minus the install), on ``port``."""
    log = open(log_path, "w") if log_path else subprocess.DEVNULL
    return subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1"],
        cwd=REPO_ROOT, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT,
    )


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """Base URL of a running app (models prepared first, so no test waits on that)."""
    subprocess.run([sys.executable, "-m", "ae_core.zoo", "prepare"], cwd=REPO_ROOT, check=True,
                   capture_output=True, env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    port = _free_port()
    log_path = tmp_path_factory.mktemp("streamlit") / "server.log"
    process = start_app(port, log_path=log_path)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
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
