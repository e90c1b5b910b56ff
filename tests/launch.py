"""The one way tests and benchmarks start the app and Chromium.

``start_app`` runs ``streamlit run app.py`` exactly as the README does (minus the install); the
browser tests, the load tools and the benchmarks all use it. Chromium is Debian's
(``/usr/bin/chromium``), started with the flags that keep it off the network; Playwright's own
browser download is never used (it needs the internet).

Nothing here imports Streamlit, Keras or Playwright.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ae_core.launch_behind_nginx import free_port, wait_healthy

REPO_ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

REDIS_SERVER = "/usr/bin/redis-server"  # Debian's redis-server package

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "REDIS_SERVER", "REPO_ROOT", "free_port", "prepare_models", "running_app",
           "running_redis", "start_app", "stop", "wait_healthy"]


def prepare_models() -> None:
    """Export the serving programs once, so no test or measurement waits on it."""
    subprocess.run([sys.executable, "-m", "ae_core.zoo", "prepare"], cwd=REPO_ROOT, check=True, capture_output=True,
                   env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})


def start_app(port: int, log_path: Path | None = None, env: dict | None = None, command=None) -> subprocess.Popen:
    """``streamlit run app.py`` on ``port``, loopback only (or ``command`` instead of that start)."""
    log = open(log_path, "w") if log_path else subprocess.DEVNULL
    command = command or [sys.executable, "-m", "streamlit", "run", "app.py"]
    return subprocess.Popen(
        [*command, "--server.port", str(port), "--server.headless", "true", "--server.address", "127.0.0.1"],
        cwd=REPO_ROOT, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT,
    )


def stop(process: subprocess.Popen, timeout: float = 15) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


class running_app:
    """``with running_app(log_path) as (url, process):`` a started, healthy app, stopped after."""

    def __init__(self, log_path: Path | None = None, env: dict | None = None, timeout: float = 120):
        self.log_path, self.env, self.timeout = log_path, env, timeout

    def __enter__(self):
        port = free_port()
        self.process = start_app(port, self.log_path, self.env)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(url, self.process, self.timeout)
        except BaseException:
            stop(self.process)
            raise
        return url, self.process

    def __exit__(self, *exc):
        stop(self.process)
        return False


class running_redis:
    """``with running_redis() as url:`` a real redis-server on a free loopback port, nothing saved
    to disk, stopped after (``.process`` is the server, for tests that stop it mid-lesson)."""

    def __init__(self, timeout: float = 10):
        self.timeout = timeout

    def __enter__(self) -> str:
        import socket
        import time

        self.port = free_port()
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--protected-mode", "yes", "--loglevel", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as connection:
                    connection.sendall(b"PING\r\n")
                    if connection.recv(16).startswith(b"+PONG"):
                        return f"redis://127.0.0.1:{self.port}/0"
            except OSError:
                time.sleep(0.05)
        stop(self.process)
        raise RuntimeError(f"redis-server did not answer on port {self.port}")

    def __exit__(self, *exc):
        stop(self.process)
        return False
