"""No page loads TensorFlow into the Streamlit server (the training worker is the one process
with Keras). Once Keras is imported, Streamlit clears its session after every rerun of every
student: measured, one visit to a page that did so slowed every stroke from 130 to 214 ms.

The server's own memory map is read from /proc: TensorFlow's shared libraries appear there as
soon as anything imports it (Keras does, on import).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pages.common.shell import PAGES
from tests.browser.helpers import open_app, wait_idle
from tests.launch import running_app

pytestmark = pytest.mark.browser

PAGE_PATHS = [name if index else "" for index, (_, name, _, _) in enumerate(PAGES)]


def tensorflow_libraries(pid: int) -> list[str]:
    """The TensorFlow files mapped into process ``pid`` (empty when it never imported TensorFlow)."""
    maps = Path(f"/proc/{pid}/maps").read_text()
    return sorted({line.split()[-1] for line in maps.splitlines() if "tensorflow" in line.split()[-1]})


def test_the_check_sees_tensorflow_in_a_process_that_imports_it():
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "import tensorflow, sys; sys.stdin.read()"],
                             stdin=subprocess.PIPE, env={"TF_CPP_MIN_LOG_LEVEL": "3", "PATH": "/usr/bin:/bin"})
    try:
        import time

        deadline = time.time() + 120
        while not tensorflow_libraries(child.pid) and time.time() < deadline and child.poll() is None:
            time.sleep(0.5)
        assert tensorflow_libraries(child.pid), "the /proc check would miss a real import"
    finally:
        child.kill()
        child.wait()


def test_every_page_in_turn_with_a_digit_keeps_tensorflow_out_of_the_server(browser, tmp_path):
    with running_app(tmp_path / "server.log") as (url, server):
        context = browser.new_context(locale="es-ES", viewport={"width": 1400, "height": 1000})
        tab = context.new_page()
        open_app(tab, url, "draw")
        # A digit for every page (it carries over): pages compute more when there is one.
        tab.locator(".st-key-draw_input_mode").get_by_text("Elegir", exact=True).click()
        wait_idle(tab)
        for path in PAGE_PATHS:
            tab.locator(f"[data-testid=stSidebarNav] a[href$='/{path}']").first.click()
            tab.wait_for_selector("[data-testid='stMainBlockContainer'] h1", timeout=60_000)
            wait_idle(tab)
            assert tensorflow_libraries(server.pid) == [], f"/{path} loaded TensorFlow into the server"
        context.close()
    assert "Traceback" not in (tmp_path / "server.log").read_text(errors="replace")


@pytest.mark.parametrize("path", PAGE_PATHS, ids=[p or "home" for p in PAGE_PATHS])
def test_each_page_as_a_fresh_servers_first_request_keeps_tensorflow_out(browser, tmp_path, path):
    with running_app(tmp_path / "server.log") as (url, server):
        context = browser.new_context(locale="es-ES", viewport={"width": 1400, "height": 1000})
        tab = context.new_page()
        open_app(tab, url, path)
        wait_idle(tab)
        assert tensorflow_libraries(server.pid) == [], f"/{path} loaded TensorFlow into the server"
        context.close()
