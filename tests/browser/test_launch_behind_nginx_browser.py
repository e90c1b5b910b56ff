"""python -m ae_core.launch_behind_nginx: N Streamlit processes behind nginx with sticky sessions."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from tests.launch import free_port
from tests.browser.helpers import draw_stroke, open_app, wait_idle

REPO = Path(__file__).resolve().parents[2]
LOADED_DIGIT = """() => {
    const box = Array.from(document.querySelectorAll('[data-testid=stImage]')).find(e => e.innerText.includes('Current digit'));
    const img = box && box.querySelector('img');
    return img && img.complete && img.naturalWidth > 0;
}"""


def _nginx_or_fail():
    from ae_core.launch_behind_nginx import find_nginx

    try:
        return find_nginx()
    except FileNotFoundError as missing:
        if os.environ.get("AE_LAB_CI") == "1":
            pytest.fail(str(missing))
        pytest.skip(str(missing))


def test_the_nginx_launcher_imports_neither_streamlit_nor_keras():
    code = "import sys, ae_core.launch_behind_nginx; bad = [m for m in ('streamlit', 'keras', 'tensorflow') if m in sys.modules]; print(bad)"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]", result.stderr


def test_the_nginx_config_is_valid_and_sticky(tmp_path):
    nginx = _nginx_or_fail()
    from ae_core.launch_behind_nginx import render_config

    text = render_config("127.0.0.1:8500", [8501, 8502, 8503], tmp_path)
    assert "ip_hash" not in text.split("# Placeholders")[-1]
    assert "$cookie_ae_lab_node" in text and "proxy_set_header Upgrade $http_upgrade" in text
    assert "server 127.0.0.1:8502 backup" in text  # failover when a process is down
    (tmp_path / "nginx.conf").write_text(text)
    check = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c",
                            str(tmp_path / "nginx.conf")], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


@pytest.mark.browser
def test_two_processes_behind_nginx_serve_sticky_sessions(browser, tmp_path):
    _nginx_or_fail()
    from ae_core.launch_behind_nginx import AppProcesses

    subprocess.run([sys.executable, "-m", "ae_core.zoo", "prepare"], cwd=REPO, capture_output=True,
                   env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    launched = AppProcesses(processes=2, port=free_port(), run_dir=tmp_path / "behind-nginx").start()
    contexts = []
    try:
        # A client without the cookie gets one naming a process; with it, it stays there.
        with urllib.request.urlopen(f"{launched.url}/") as response:
            cookie = response.headers.get("Set-Cookie", "")
        assert cookie.startswith("ae_lab_node=n") and "HttpOnly" in cookie
        request = urllib.request.Request(f"{launched.url}/", headers={"Cookie": cookie.split(";")[0]})
        with urllib.request.urlopen(request) as response:
            assert response.headers.get("Set-Cookie") is None

        nodes = set()
        for index in range(2):
            context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
            contexts.append(context)
            tab = context.new_page()
            open_app(tab, launched.url, "draw")
            nodes |= {c["value"] for c in context.cookies() if c["name"] == "ae_lab_node"}
            # The websocket and the /media/ images must reach the same process: the digit loads.
            draw_stroke(tab, [(100 + 5 * index, 50 + 10 * i) for i in range(19)])
            tab.wait_for_function(LOADED_DIGIT, timeout=60_000)
            wait_idle(tab)
            assert tab.locator("[data-testid=stException]").count() == 0
        assert nodes == {"n0", "n1"}, nodes  # new browsers take turns

        # An upload (the upload control sends the file over the session's websocket) reaches its process.
        tab = contexts[0].pages[0]
        tab.locator(".st-key-draw_input_mode").get_by_text("Upload", exact=True).click()  # exact: the icon before it reads "upload"
        wait_idle(tab)
        image = Image.new("L", (120, 120), 245)
        ImageDraw.Draw(image).line([(60, 10), (60, 110)], fill=10, width=10)
        path = tmp_path / "one.png"
        image.save(path)
        tab.locator("input[type=file]").set_input_files(str(path))
        tab.get_by_text("uploaded: one.png").first.wait_for(timeout=60_000)
        assert launched.poll() == []
    finally:
        for context in contexts:
            context.close()
        launched.stop()
    assert all(p.poll() is not None for p in [launched.nginx, *launched.backends])  # all stopped
    for log in launched.log_paths():
        if log.exists():
            assert "Traceback" not in log.read_text(errors="replace"), log


@pytest.mark.browser
def test_ctrl_c_stops_nginx_and_every_process(tmp_path):
    _nginx_or_fail()
    import signal

    from ae_core.launch_behind_nginx import wait_healthy

    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "ae_core.launch_behind_nginx", "--processes", "2", "--port", str(port),
                                "--run-dir", str(tmp_path)], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True,
                               # started as a non-interactive shell starts a background job: SIGINT ignored
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    try:
        wait_healthy(f"http://127.0.0.1:{port}", process, 180)  # nginx answers once every process does
        children = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
        assert len(children) == 3  # two Streamlit processes and nginx
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=120)  # stop() takes at most ~35 s; slack for a busy machine
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, output
    assert "stopped." in output
    for pid in children:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text().lower()
