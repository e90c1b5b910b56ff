"""Run the app with timing wrappers, for the latency budget and before/after comparisons.

    AE_LAB_TIMING_LOG=/tmp/runs.jsonl python tests/load/instrumented_app.py [--legacy] \\
        run app.py --server.port 8600 ...

Everything after the launcher's own option is ``streamlit``'s command line. Every script run
appends one JSON line: the session, its wall-clock start and end (``time.time()``, comparable
with the browser's ``performance.timeOrigin + performance.now()`` on the same machine), and the
milliseconds spent *exclusively* in each bucket (a bucket called inside another is subtracted
from the outer one):

- ``preprocess``: the canvas PNG decode and the MNIST recipe;
- ``models``: reconstruct/classify/denoise/PSNR curve (the numpy programs and their metrics);
- ``images``: ``ui.image``/``ui.picture``/``ui.images`` (upscaling, PNG encoding, media storage);
- ``charts``: bar charts and ``st.plotly_chart`` (spec building, Arrow/JSON);
- ``figure``: building the Plotly figure (``ae_core.figures.line_chart``);
- ``<log>.messages``: one line per ForwardMsg, "wall-clock-time bytes", when it was serialised
  and queued for the websocket;
- ``serialised_*_so_far``: running totals (ms, bytes, messages) of the protobuf serialisation of
  every ForwardMsg, done on the event loop thread: the difference between two runs' snapshots is
  what the first one sent.

``--legacy`` puts back the page code replaced for issue #6 (``st.bar_chart`` for the bar charts, the
trace-by-trace Plotly figure, images stored as media files and fetched by HTTP) and Streamlit's
default source watcher (``server.fileWatcherType auto``), so the same tree can be measured before
and after.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
_local = threading.local()
_write_lock = threading.Lock()
SERIALISED = {"ms": 0.0, "bytes": 0, "messages": 0}


def _stack():
    if not hasattr(_local, "stack"):
        _local.stack, _local.acc = [], {}
    return _local.stack


def _timed(bucket: str, fn):
    def wrapper(*args, **kwargs):
        stack = _stack()
        frame = [time.perf_counter(), 0.0]
        stack.append(frame)
        try:
            return fn(*args, **kwargs)
        finally:
            stack.pop()
            elapsed = time.perf_counter() - frame[0]
            _local.acc[bucket] = _local.acc.get(bucket, 0.0) + (elapsed - frame[1]) * 1000
            if stack:
                stack[-1][1] += elapsed

    wrapper.__wrapped__ = fn
    return wrapper


def _patch(module, name: str, bucket: str) -> None:
    setattr(module, name, _timed(bucket, getattr(module, name)))


def legacy_bars(labels, values, x_title: str, y_title: str, height: int = 220) -> None:
    """The charts before issue #6: st.bar_chart (Altair, schema-validated) for both bar charts."""
    import numpy as np
    import pandas as pd
    import streamlit as st

    frame = pd.DataFrame({x_title: [str(v) for v in labels], y_title: np.asarray(values, dtype="float64")})
    st.bar_chart(frame, x=x_title, y=y_title, height=height)


def legacy_line_chart(x, series: dict, x_title: str, y_title: str, title: str = "", marker_x=None):
    """ae_core.figures.line_chart before issue #6: traces added one by one and add_vline."""
    import plotly.graph_objects as go

    fig = go.Figure()
    for name, values in series.items():
        fig.add_trace(go.Scatter(x=list(x), y=list(values), mode="lines+markers", name=name))
    if marker_x is not None:
        fig.add_vline(x=marker_x, line_dash="dot", line_color="grey")
    fig.update_layout(
        title=title, xaxis_title=x_title, yaxis_title=y_title, height=320,
        margin=dict(l=10, r=10, t=40 if title else 10, b=10), legend=dict(orientation="h", y=-0.25),
    )
    return fig


def legacy_image(picture, caption=None, scale: int = 8) -> None:
    """ui.image before issue #6: the array to st.image, stored as a media file, fetched by HTTP."""
    import streamlit as st

    from ae_core import imaging

    st.image(imaging.upscale(picture, scale), caption=caption, output_format="PNG")


def legacy_picture(rgb_or_grey, caption=None) -> None:
    import streamlit as st

    st.image(rgb_or_grey, caption=caption, output_format="PNG")


def legacy_images(pictures, captions, scale: int = 5) -> None:
    import streamlit as st

    from ae_core import imaging

    st.image([imaging.upscale(p, scale) for p in pictures], caption=list(captions), output_format="PNG")


def timed_functions() -> list:
    """(module, attribute, bucket) of every function the timing wrappers replace."""
    sys.path.insert(0, str(REPO))
    import streamlit as st

    import ae_core.figures as figures
    import ae_core.lab.common as lab_common
    import ae_core.lab.draw as draw
    import ae_core.lab.noise_lab as noise_lab
    from pages.common import digit_input, ui

    return [
        (digit_input, "canvas_pixels", "preprocess"), (digit_input, "digit_from_canvas", "preprocess"),
        (draw, "reconstruct_all", "models"), (lab_common, "classify", "models"),
        (noise_lab, "denoise_all", "models"), (noise_lab, "psnr_versus_sigma", "models"),
        (noise_lab, "corrupt", "models"),
        (ui, "image", "images"), (ui, "picture", "images"), (ui, "images", "images"),
        (ui, "bars", "charts"), (st, "plotly_chart", "charts"), (figures, "line_chart", "figure"),
    ]


def install(log_path: str | None, legacy: bool = False) -> None:
    targets = timed_functions()  # also puts the repository on sys.path for the imports below
    import streamlit.runtime.scriptrunner.script_runner as script_runner
    import streamlit.web.server.starlette.starlette_websocket as websocket_module

    import ae_core.figures as figures
    from pages.common import ui

    if legacy:
        ui.bars = legacy_bars
        figures.line_chart = legacy_line_chart
        ui.image, ui.picture, ui.images = legacy_image, legacy_picture, legacy_images
    for module, name, bucket in targets:  # after the legacy swap: its functions get timed too
        _patch(module, name, bucket)

    original_serialise = websocket_module.serialize_forward_msg

    def serialise(msg):
        # Runs on the server's event loop thread (it flushes every session's queue), not in the
        # script thread: kept as running totals that each run record snapshots.
        start = time.perf_counter()
        payload = original_serialise(msg)
        with _write_lock:
            SERIALISED["ms"] += (time.perf_counter() - start) * 1000
            SERIALISED["bytes"] += len(payload)
            SERIALISED["messages"] += 1
            if log_path:  # when each message left the server's hands (handed to the websocket queue)
                with open(log_path + ".messages", "a") as f:
                    f.write(f"{time.time():.6f} {len(payload)}\n")
        return payload

    websocket_module.serialize_forward_msg = serialise

    original_exec = script_runner.exec_func_with_error_handling

    def run(func, ctx):
        _stack().clear()
        _local.acc = {}
        start_wall, start = time.time(), time.perf_counter()
        try:
            return original_exec(func, ctx)
        finally:
            record = {"session": getattr(ctx, "session_id", "?"), "start": start_wall, "end": time.time(),
                      "script_ms": (time.perf_counter() - start) * 1000,
                      **{k: round(v, 3) for k, v in _local.acc.items()},
                      **{f"serialised_{k}_so_far": v for k, v in SERIALISED.items()}}
            if log_path:
                with _write_lock, open(log_path, "a") as f:
                    f.write(json.dumps(record) + "\n")

    script_runner.exec_func_with_error_handling = run


def main() -> None:
    args = sys.argv[1:]
    legacy = "--legacy" in args
    args = [a for a in args if a != "--legacy"]
    if legacy and args[:1] == ["run"]:  # and the source watcher Streamlit runs by default
        args += ["--server.fileWatcherType", "auto"]
    install(os.environ.get("AE_LAB_TIMING_LOG"), legacy)
    from streamlit.web import cli

    sys.argv = ["streamlit", *args]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
