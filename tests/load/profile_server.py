"""Where a running Streamlit server spends its time: py-spy samples, grouped into buckets.

    python tests/load/profile_server.py PID [--seconds 30]

``py-spy record --format raw`` writes collapsed stacks ("thread;frame;frame count"). Each
sample goes to the first bucket whose pattern appears in its stack (most specific first), so
the shares add up to 100 %. With ``--gil``, only samples of the thread holding the GIL count:
their total against the wall time tells whether one interpreter is saturated.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

# (bucket, regex over the whole collapsed stack); the first match wins.
BUCKETS = [
    ("garbage collection", r"\bgc_collect|\(gc\)|collect \(gc"),
    ("PNG encoding of images (st.image)", r"image_utils\.py|_np_array_to_bytes|PngImagePlugin.*_save|Image\.py\).*save"),
    ("charts (st.bar_chart / plotly / vega)", r"vega_charts|arrow\.py|plotly|dataframe_util|altair|pyarrow"),
    ("models (ae_core.serving numpy)", r"ae_core/serving\.py"),
    ("preprocessing (canvas PNG decode, MNIST recipe)", r"ae_core/preprocess\.py|drawing_canvas\.py|digit_input\.py"),
    ("other ae_core work (metrics, noise, baselines)", r"ae_core/"),
    ("media file storage (/media/ URLs)", r"media_file_manager|memory_media_file_storage"),
    ("protobuf serialisation", r"SerializeToString|serialize_forward_msg|_serialize|protobuf"),
    ("websocket / HTTP I/O (uvicorn, starlette)", r"starlette_websocket|uvicorn|websockets/|starlette/"),
    ("page scripts, widgets, Streamlit elements", r"exec_func_with_error_handling|script_runner\.py|_run_script"),
    ("Streamlit runtime (sessions, forward-msg queue)", r"streamlit/runtime"),
    ("asyncio event loop", r"asyncio/"),
    ("threading / idle waits", r"threading\.py|\(select|selectors\.py|_wait_for_tstate_lock|epoll"),
]


def available() -> bool:
    return shutil.which("py-spy") is not None


def record(pid: int, seconds: float, gil: bool = False, rate: int = 100, subprocesses: bool = False) -> Path:
    """Record ``pid`` for ``seconds`` with py-spy; returns the raw (collapsed) stacks file."""
    out = Path(tempfile.mkstemp(prefix="pyspy-", suffix=".txt")[1])
    command = ["py-spy", "record", "--pid", str(pid), "--duration", str(int(seconds)), "--rate", str(rate),
               "--format", "raw", "--output", str(out), "--nonblocking"]
    if gil:
        command.append("--gil")
    else:
        command.append("--idle")
    if subprocesses:
        command.append("--subprocesses")
    subprocess.run(command, check=True, capture_output=True, timeout=seconds + 60)
    return out


# A sample whose innermost frame is one of these is a thread waiting (no GIL held).
IDLE_LEAF = re.compile(r"^(select|poll|epoll|wait|_wait_for_tstate_lock|acquire|sleep|get|_worker|accept|recv|"
                       r"recv_into|run_forever|_run_once|readinto|read)\b")


def buckets(raw: Path) -> tuple[Counter, int]:
    """(samples per bucket, total samples) of a collapsed-stacks file; waiting threads are
    "threading / idle waits" whatever called them."""
    counts, total = Counter(), 0
    compiled = [(name, re.compile(pattern)) for name, pattern in BUCKETS]
    for line in Path(raw).read_text(errors="replace").splitlines():
        stack, _, n = line.rpartition(" ")
        if not n.isdigit():
            continue
        n = int(n)
        total += n
        leaf = stack.rsplit(";", 1)[-1].strip().split(" (")[0].rsplit(".", 1)[-1]  # "Condition.wait (...)" -> wait
        if IDLE_LEAF.match(leaf):
            counts["threading / idle waits"] += n
            continue
        for name, pattern in compiled:
            if pattern.search(stack):
                counts[name] += n
                break
        else:
            counts["other"] += n
    return counts, total


def threads(raw: Path) -> Counter:
    """Samples per thread name (the first field of each stack)."""
    counts = Counter()
    for line in Path(raw).read_text(errors="replace").splitlines():
        stack, _, n = line.rpartition(" ")
        if n.isdigit():
            name = stack.split(";", 1)[0]
            name = re.sub(r"\(\d+\)|0x[0-9a-f]+|\d+", "", name).strip() or "?"
            counts[name] += int(n)
    return counts


def table_lines(counts: Counter, total: int, title: str) -> list[str]:
    lines = [f"| {title} | samples | share |", "|---|---|---|"]
    for name, n in counts.most_common():
        lines.append(f"| {name} | {n} | {100 * n / max(total, 1):.1f} % |")
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pid", type=int)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--gil", action="store_true")
    args = parser.parse_args(argv)
    raw = record(args.pid, args.seconds, args.gil)
    counts, total = buckets(raw)
    print("\n".join(table_lines(counts, total, "bucket")))
    print(f"raw stacks: {raw}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
