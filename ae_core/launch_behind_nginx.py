"""Serve a larger audience: several ``streamlit run app.py`` processes behind Debian's nginx.

    python -m ae_core.launch_behind_nginx --processes 2 --port 8500

One Streamlit process runs every session's script under one Python interpreter (one GIL), so it
uses about one core however many the machine has. This starts N processes on internal loopback
ports and nginx on ``--port`` in front of them, with sticky sessions (a cookie names each
browser's process: its websocket, images and uploads all go there; see the nginx template beside
this file) and websocket upgrade headers. Ctrl-C (or SIGTERM) stops nginx and every process.

Never imports Streamlit or Keras: it only starts and watches processes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from ae_core.paths import REPO_ROOT

TEMPLATE = Path(__file__).with_name("launch_behind_nginx.conf.template")
COOKIE = "ae_lab_node"
NGINX_CANDIDATES = ("nginx", "/usr/sbin/nginx", "/usr/local/sbin/nginx")


def find_nginx() -> str:
    for candidate in NGINX_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    raise FileNotFoundError("nginx is not installed: apt-get install -y nginx")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def max_upload_mb(config: Path = REPO_ROOT / ".streamlit" / "config.toml") -> int:
    """server.maxUploadSize of the app's config (MB), so nginx never refuses what Streamlit takes."""
    import tomllib

    try:
        with open(config, "rb") as f:
            return int(tomllib.load(f).get("server", {}).get("maxUploadSize", 200))
    except (OSError, ValueError):
        return 200


def render_config(listen: str, ports: list[int], prefix: Path, workers: int = 1, max_body_mb: int | None = None) -> str:
    """The nginx configuration for backends on ``ports`` (loopback), listening on ``listen``."""
    addresses = [f"127.0.0.1:{port}" for port in ports]
    cookie_map = "\n".join(f"        n{i} ae_lab_n{i};" for i in range(len(ports)))
    address_map = "\n".join(f'        "{address}" n{i};' for i, address in enumerate(addresses))
    all_servers = "\n".join(f"        server {address} max_fails=1 fail_timeout=5s;" for address in addresses)
    node_upstreams = []
    for i, address in enumerate(addresses):
        backups = "".join(f"\n        server {other} backup;" for other in addresses if other != address)
        node_upstreams.append(f"    upstream ae_lab_n{i} {{\n        server {address} max_fails=1 fail_timeout=5s;{backups}\n    }}")
    values = {
        "LISTEN": listen, "PREFIX": str(prefix), "MAX_BODY": f"{(max_body_mb or max_upload_mb()) + 1}m",
        "COOKIE_MAP": cookie_map, "ADDRESS_MAP": address_map, "ALL_SERVERS": all_servers,
        "NODE_UPSTREAMS": "\n".join(node_upstreams), "WORKERS": str(workers),
    }
    text = TEMPLATE.read_text()
    for name, value in values.items():
        text = text.replace("$$" + name, value)
    return text


def wait_healthy(url: str, process: subprocess.Popen | None = None, timeout: float = 120) -> None:
    """Wait until ``url``'s Streamlit health check answers (fail early if ``process`` exits)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{url}: the process exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=3) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} was not healthy after {timeout:.0f} s")


class AppProcesses:
    """N Streamlit processes and nginx. ``start()`` returns once nginx answers; ``stop()`` ends all.

    Args:
        processes: Streamlit processes (each about one core at most).
        port: nginx's port; ``host`` its address (127.0.0.1 by default: loopback only).
        run_dir: where the nginx config, its temp files and every log go (a temp dir by default).
        streamlit_args: extra ``streamlit run`` options (``--server.*`` and the like).
    """

    def __init__(self, processes: int = 2, port: int = 8500, host: str = "127.0.0.1", run_dir: Path | None = None,
                 streamlit_args=(), env: dict | None = None, nginx_workers: int = 1):
        if processes < 1:
            raise ValueError("processes must be at least 1")
        self.processes, self.port, self.host = processes, port, host
        self.run_dir = Path(run_dir or tempfile.mkdtemp(prefix="ae-lab-nginx-"))
        self.streamlit_args, self.env, self.nginx_workers = list(streamlit_args), env, nginx_workers
        self.backends: list[subprocess.Popen] = []
        self.ports: list[int] = []
        self.nginx: subprocess.Popen | None = None
        self._logs = []

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
        return f"http://{host}:{self.port}"

    def log_paths(self) -> list[Path]:
        return [self.run_dir / f"streamlit-{i}.log" for i in range(len(self.backends))] + [self.run_dir / "error.log"]

    def start(self, timeout: float = 180) -> "AppProcesses":
        nginx = find_nginx()
        self.run_dir.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, **(self.env or {})}
        try:
            for i in range(self.processes):
                port = free_port()
                log = open(self.run_dir / f"streamlit-{i}.log", "w")
                self._logs.append(log)
                command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                           "--server.address", "127.0.0.1", "--server.headless", "true", *self.streamlit_args]
                self.backends.append(subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=log,
                                                      stderr=subprocess.STDOUT))
                self.ports.append(port)
            for port, process in zip(self.ports, self.backends):
                wait_healthy(f"http://127.0.0.1:{port}", process, timeout)
            config = self.run_dir / "nginx.conf"
            config.write_text(render_config(f"{self.host}:{self.port}", self.ports, self.run_dir, self.nginx_workers))
            check = subprocess.run([nginx, "-t", "-q", "-p", str(self.run_dir), "-e", str(self.run_dir / "error.log"),
                                    "-c", str(config)], capture_output=True, text=True)
            if check.returncode != 0:
                raise RuntimeError(f"nginx refused the configuration:\n{check.stderr}")
            nginx_log = open(self.run_dir / "nginx.out", "w")
            self._logs.append(nginx_log)
            self.nginx = subprocess.Popen([nginx, "-p", str(self.run_dir), "-e", str(self.run_dir / "error.log"),
                                           "-c", str(config)], stdout=nginx_log, stderr=subprocess.STDOUT)
            wait_healthy(self.url, self.nginx, 30)
        except BaseException:
            self.stop()
            raise
        return self

    def pids(self) -> list[int]:
        """Process ids of nginx's master and every Streamlit process (children not included)."""
        return [p.pid for p in [self.nginx, *self.backends] if p is not None and p.poll() is None]

    def poll(self) -> list[str]:
        """Descriptions of processes that have exited (empty while all run)."""
        gone = [f"streamlit {i} (port {port}) exited with {p.returncode}"
                for i, (port, p) in enumerate(zip(self.ports, self.backends)) if p.poll() is not None]
        if self.nginx is not None and self.nginx.poll() is not None:
            gone.append(f"nginx exited with {self.nginx.returncode}")
        return gone

    def stop(self, timeout: float = 15) -> None:
        """nginx first (graceful: SIGQUIT), then each Streamlit process (SIGTERM, then SIGKILL)."""
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGQUIT)
        for process in self.backends:
            if process.poll() is None:
                process.terminate()
        deadline = time.time() + timeout
        for process in [self.nginx, *self.backends]:
            if process is None:
                continue
            try:
                process.wait(timeout=max(0.1, deadline - time.time()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        for log in self._logs:
            log.close()
        self._logs = []

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ae_core.launch_behind_nginx", description=__doc__.split("\n")[0])
    parser.add_argument("--processes", type=int, default=2, help="Streamlit processes (about one core each)")
    parser.add_argument("--port", type=int, default=8500, help="nginx's port")
    parser.add_argument("--host", default="127.0.0.1", help="nginx's address (0.0.0.0: every interface)")
    parser.add_argument("--run-dir", type=Path, default=None, help="config, temp files and logs (default: a temp dir)")
    parser.add_argument("--nginx-workers", type=int, default=1)
    args, streamlit_args = parser.parse_known_args(argv)
    launch = AppProcesses(args.processes, args.port, args.host, args.run_dir, streamlit_args,
                          nginx_workers=args.nginx_workers)
    stopping = []

    def on_signal(signum, frame):
        stopping.append(signum)
        raise KeyboardInterrupt

    # SIGINT too: a process started in the background by a non-interactive shell (or by a parent
    # that ignores it) inherits SIGINT ignored, and Ctrl-C / kill -INT would do nothing.
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        launch.start()
        print(f"Autoencoder Lab: {launch.url} ({args.processes} Streamlit processes on ports "
              f"{', '.join(map(str, launch.ports))}; logs in {launch.run_dir}). Ctrl-C stops everything.", flush=True)
        while True:
            gone = launch.poll()
            if gone:
                print("stopping: " + "; ".join(gone), file=sys.stderr, flush=True)
                return 1
            time.sleep(1)
    except KeyboardInterrupt:
        print("stopping…", flush=True)
        return 0
    finally:
        launch.stop()
        print("stopped.", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
