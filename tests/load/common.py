"""What the load scripts share: the header of every result table, CPU/RSS sampling from /proc,
percentiles, starting the app, and writing a section of a markdown results file.

Nothing here imports Streamlit, Keras or Playwright (the scripts import what they drive).
"""

from __future__ import annotations

import datetime
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
RESULTS = REPO / "tests" / "benchmarks" / "results"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


# --- numbers ----------------------------------------------------------------------------------


def percentile(values, q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty sequence."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def summary(values) -> dict:
    values = list(values)
    if not values:
        return {"n": 0, "median": float("nan"), "p95": float("nan"), "min": float("nan"), "max": float("nan"),
                "mean": float("nan")}
    return {"n": len(values), "median": statistics.median(values), "p95": percentile(values, 95),
            "min": min(values), "max": max(values), "mean": statistics.fmean(values)}


def fmt(value, digits: int = 0) -> str:
    if value is None or value != value:  # NaN
        return "–"
    return f"{value:,.{digits}f}"


# --- the machine --------------------------------------------------------------------------------


def load_average() -> tuple[float, float, float]:
    return os.getloadavg()


def memory_total_gb() -> float:
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    return float("nan")


def git_revision() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
                              timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO,
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return head + (" + uncommitted changes" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def versions() -> str:
    from importlib import metadata

    found = []
    for package in ("streamlit", "numpy", "pillow", "playwright"):
        try:
            found.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            pass
    return ", ".join(found)


def header(title: str, command: str, parameters: dict, load_at_start=None) -> list[str]:
    """The lines every results section starts with: when, where, how busy, with what."""
    load = load_at_start or load_average()
    quiet = "quiet" if load[0] < 1.5 else "**busy: other work was running (numbers taken under contention)**"
    from ae_core import paths, zoo

    models = len(zoo.read_manifest().get("models", {}))
    lines = [
        f"## {title}",
        "",
        f"- date: {datetime.datetime.now().isoformat(timespec='seconds')}",
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, {memory_total_gb():.0f} GB RAM, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}; {versions()}",
        f"- load average at start (1/5/15 min): {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} ({quiet})",
        f"- code: {git_revision()}; models: {models} in {paths.PRETRAINED_DIR}",
        f"- command: `{command}`",
        "- parameters: " + ", ".join(f"{k}={v}" for k, v in parameters.items()),
        "",
    ]
    return lines


def table(columns, rows) -> list[str]:
    out = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return out


def write_section(path: Path, key: str, lines: list[str], title: str) -> None:
    """Replace (or append) the section marked ``key`` in a markdown file, keeping the others."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    begin, end = f"<!-- section:{key} -->", f"<!-- /section:{key} -->"
    block = "\n".join([begin, *lines, end])
    text = path.read_text() if path.exists() else f"# {title}\n\n"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + block
    path.write_text(text.rstrip("\n") + "\n")


def command_line() -> str:
    script = Path(sys.argv[0]).resolve()
    try:
        script = script.relative_to(REPO)
    except ValueError:
        pass
    return " ".join(["python", str(script), *sys.argv[1:]])


# --- processes: CPU and RSS from /proc -------------------------------------------------------------


def _read_stat(pid: int):
    """(ppid, cpu seconds) of a process, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            text = f.read()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    # fields[0] is the state (field 3); utime, stime are fields 14, 15 (1-based)
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def _rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * PAGE_SIZE
    except OSError:
        return 0


def process_tree(root: int) -> list[int]:
    """``root`` and all its descendants (by scanning /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _read_stat(int(entry))
            if stat:
                children.setdefault(stat[0], []).append(int(entry))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, ()))
    return tree


def system_cpu_seconds() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, all cores together."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + values[4]
    total = sum(values[:8])
    return (total - idle) / CLOCK_TICKS, total / CLOCK_TICKS


class TreeSampler:
    """Samples the CPU use and RSS of process trees every ``interval`` seconds, in a thread.

    ``groups``: name -> callable returning the pids of that group right now (e.g. the server
    and its children). CPU is reported in % of one core, per sample interval.
    """

    def __init__(self, groups: dict, interval: float = 1.0):
        self.groups, self.interval = groups, interval
        self.samples: list[dict] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True, name="tree-sampler")
        self._last: dict = {}

    def _measure(self) -> dict:
        now = time.monotonic()
        row = {"t": now}
        busy, total = system_cpu_seconds()
        row["machine_busy"], row["machine_total"] = busy, total
        for name, pids_of in self.groups.items():
            cpu, rss = 0.0, 0
            for pid in pids_of():
                stat = _read_stat(pid)
                if stat:
                    cpu += stat[1]
                    rss += _rss_bytes(pid)
            row[f"{name}_cpu"], row[f"{name}_rss"] = cpu, rss
        return row

    def _loop(self):
        while not self._stop.wait(self.interval):
            self.samples.append(self._measure())

    def start(self):
        self.samples.append(self._measure())
        self._thread.start()
        return self

    def stop(self):
        self._stop.set()
        self._thread.join(timeout=5)
        self.samples.append(self._measure())
        return self

    def between(self, start: float, end: float) -> list[dict]:
        return [s for s in self.samples if start <= s["t"] <= end]

    def report(self, name: str, start: float | None = None, end: float | None = None) -> dict:
        """CPU (% of one core: mean, p95 over intervals; seconds in all) and RSS (MB) of a group."""
        rows = self.samples if start is None else self.between(start, end)
        if len(rows) < 2:
            return {}
        rates = []
        for a, b in zip(rows, rows[1:]):
            dt = b["t"] - a["t"]
            if dt > 0:
                # a process that exited between samples makes the sum drop: never a negative rate
                rates.append(max(0.0, b[f"{name}_cpu"] - a[f"{name}_cpu"]) / dt * 100)
        rss = [r[f"{name}_rss"] / 1e6 for r in rows]
        seconds = max(0.0, rows[-1][f"{name}_cpu"] - rows[0][f"{name}_cpu"])
        return {"cpu_mean": statistics.fmean(rates) if rates else float("nan"),
                "cpu_p95": percentile(rates, 95) if rates else float("nan"),
                "cpu_seconds": seconds, "rss_first": rss[0], "rss_last": rss[-1], "rss_max": max(rss),
                "duration": rows[-1]["t"] - rows[0]["t"]}

    def machine_busy(self, start=None, end=None) -> float:
        """Busy share of the whole machine (0..100 % of all cores) over the window."""
        rows = self.samples if start is None else self.between(start, end)
        if len(rows) < 2:
            return float("nan")
        busy = rows[-1]["machine_busy"] - rows[0]["machine_busy"]
        total = rows[-1]["machine_total"] - rows[0]["machine_total"]
        return 100 * busy / total if total else float("nan")

    def timeline(self, names, every: float = 10.0, start: float | None = None) -> list[list[str]]:
        """Rows (t, per group: CPU %, RSS MB) averaged over ``every``-second steps."""
        if len(self.samples) < 2:
            return []
        t0 = start if start is not None else self.samples[0]["t"]
        out, anchor = [], self.samples[0]
        for sample in self.samples[1:]:
            if sample["t"] - anchor["t"] >= every or sample is self.samples[-1]:
                dt = sample["t"] - anchor["t"]
                row = [f"{sample['t'] - t0:.0f}"]
                for name in names:
                    cpu = max(0.0, sample[f"{name}_cpu"] - anchor[f"{name}_cpu"]) / dt * 100 if dt else 0.0
                    row += [f"{cpu:.0f}", f"{sample[f'{name}_rss'] / 1e6:.0f}"]
                out.append(row)
                anchor = sample
        return out


# --- the app under test --------------------------------------------------------------------------


from tests.launch import free_port, prepare_models, start_app, stop, wait_healthy  # noqa: E402,F401 (one launcher)


def tracebacks(log_path: Path) -> int:
    try:
        return Path(log_path).read_text(errors="replace").count("Traceback")
    except OSError:
        return 0


def traceback_summaries(paths) -> list[str]:
    """"N x <last line>" for every distinct traceback ending in these logs, most frequent first."""
    from collections import Counter

    found = Counter()
    for path in paths:
        try:
            lines = Path(path).read_text(errors="replace").splitlines()
        except OSError:
            continue
        for index, line in enumerate(lines):
            if line.startswith("Traceback"):
                for follow in lines[index + 1 :]:
                    if follow and not follow.startswith((" ", "\t", "Traceback")):
                        found[follow.strip()[:200]] += 1
                        break
    return [f"{n} x {text}" for text, n in found.most_common()]
