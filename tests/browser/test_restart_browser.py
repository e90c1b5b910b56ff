"""The server restarts under open sessions: the browser reconnects by itself and the page works."""

from __future__ import annotations

import pytest

from tests.launch import free_port, start_app, wait_healthy
from tests.browser.helpers import draw_stroke, open_app, wait_idle

pytestmark = pytest.mark.browser

DIGIT = "[data-testid=stImage]:has-text('Current digit') img"


def _stop(process):
    process.terminate()
    try:
        process.wait(timeout=15)
    except Exception:  # noqa: BLE001
        process.kill()
        process.wait(timeout=5)


def test_a_restarted_server_is_reconnected_and_the_page_works_again(browser, tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    logs = [tmp_path / "before.log", tmp_path / "after.log"]
    server = start_app(port, log_path=logs[0])
    tabs = []
    try:
        wait_healthy(url, server)
        for _ in range(2):  # two students with the page open
            context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
            tab = context.new_page()
            open_app(tab, url, "draw")
            tabs.append(tab)
        draw_stroke(tabs[0], [(140, 50 + 10 * i) for i in range(19)])
        tabs[0].locator(DIGIT).first.wait_for(timeout=60_000)

        _stop(server)  # the teacher restarts the app
        for tab in tabs:
            tab.wait_for_function(
                "() => document.querySelector('[data-testid=stApp]').getAttribute('data-test-connection-state') !== 'CONNECTED'",
                timeout=30_000,
            )
        server = start_app(port, log_path=logs[1])
        wait_healthy(url, server)
        for tab in tabs:  # no reload: Streamlit's client reconnects on its own
            tab.wait_for_function(
                "() => document.querySelector('[data-testid=stApp]').getAttribute('data-test-connection-state') === 'CONNECTED'",
                timeout=90_000,
            )
            wait_idle(tab)
            tab.locator("canvas.drawing-canvas").first.wait_for(timeout=60_000)
            draw_stroke(tab, [(100 + 4 * i, 50 + 10 * i) for i in range(19)])
            tab.locator(DIGIT).first.wait_for(timeout=60_000)
            wait_idle(tab)
            assert tab.locator("[data-testid=stException]").count() == 0
    finally:
        for tab in tabs:
            tab.context.close()
        _stop(server)
    for log in logs:
        text = log.read_text(errors="replace")
        assert "Traceback" not in text, text[-3000:]
