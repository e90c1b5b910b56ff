"""Where the time of one stroke goes, from mouse-up to the last pixel, in one quiet session.

    python tests/load/bench_latency_budget.py [--strokes 30] [--variants current,legacy]

The app runs under tests/load/instrumented_app.py (wall-clock start/end of every script run and
the time spent in each part of it); the browser records, in the same clock
(``performance.timeOrigin + performance.now()``), the mouse-up, every websocket frame it sends
and receives (the page's own WebSocket, wrapped before Streamlit opens it), the DOM mutations,
the script-state changes of the app, and the /media/ image downloads (Resource Timing).
``legacy`` is the same tree with the page code replaced for issue #6 put back (instrumented_app.py).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.load import common  # noqa: E402
from tests.load.bench_concurrency import INIT_JS  # noqa: E402

BUDGET_JS = """
(() => {
  const T = () => performance.timeOrigin + performance.now();
  window.__lb = {sends: [], recvs: [], up: 0, mutations: [], states: []};
  const Native = window.WebSocket;
  function Wrapped(url, protocols) {
    const ws = protocols === undefined ? new Native(url) : new Native(url, protocols);
    if (String(url).includes('_stcore/stream')) {
      const send = ws.send.bind(ws);
      ws.send = (data) => { window.__lb.sends.push([T(), data.byteLength || data.length || 0]); return send(data); };
      ws.addEventListener('message', (e) => {
        window.__lb.recvs.push([T(), e.data.byteLength || e.data.size || e.data.length || 0]);
      });
    }
    return ws;
  }
  Wrapped.prototype = Native.prototype;
  for (const k of ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED']) Wrapped[k] = Native[k];
  window.WebSocket = Wrapped;
  window.addEventListener('pointerup', () => { window.__lb.up = T(); }, true);
  const watch = () => {
    new MutationObserver((records) => {
      const now = T();
      for (const r of records) {
        if (r.type === 'attributes' && r.attributeName === 'data-test-script-state') {
          window.__lb.states.push([now, r.target.getAttribute('data-test-script-state')]);
        }
      }
      window.__lb.mutations.push(now);
    }).observe(document.documentElement, {subtree: true, childList: true, attributes: true, characterData: true});
  };
  if (document.documentElement) watch(); else document.addEventListener('DOMContentLoaded', watch);
})();
"""

COLLECT_JS = """
() => {
  const lb = window.__lb;
  const media = performance.getEntriesByType('resource').filter(e => e.name.includes('/media/'))
      .map(e => [performance.timeOrigin + e.startTime, performance.timeOrigin + e.responseEnd]);
  return {up: lb.up, sends: lb.sends, recvs: lb.recvs, mutations: lb.mutations, states: lb.states, media};
}
"""

RESET_JS = "() => { const lb = window.__lb; lb.sends = []; lb.recvs = []; lb.mutations = []; lb.states = []; performance.clearResourceTimings(); }"


def stroke_points(i):
    x = 70 + (i * 37) % 140
    slant = ((i % 5) - 2) * 6
    return [(x + slant * k / 10, 40 + 20 * k) for k in range(11)]


def measure(url: str, strokes: int, timing_log: Path) -> list[dict]:
    from playwright.sync_api import sync_playwright

    from tests.launch import CHROMIUM, CHROMIUM_ARGS

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="en-US")
        tab.add_init_script(BUDGET_JS)
        tab.add_init_script(INIT_JS)
        tab.goto(f"{url}/draw")
        canvas = tab.locator("canvas.drawing-canvas").first
        canvas.wait_for(timeout=180_000)
        tab.wait_for_function("() => window.__aeState()[0] === 'notRunning'", timeout=180_000)
        box = canvas.bounding_box()
        for i in range(strokes + 3):
            if i and i % 8 == 0:  # a fresh canvas now and then, as a student clears it
                tab.locator("button.dc-clear").click()
                tab.wait_for_function("() => window.__aeState()[0] === 'notRunning'")
                time.sleep(0.8)
            tab.evaluate(RESET_JS)
            before = tab.evaluate("window.__aeSig()")
            points = stroke_points(i)
            tab.mouse.move(box["x"] + points[0][0], box["y"] + points[0][1])
            tab.mouse.down()
            for x, y in points[1:]:
                tab.mouse.move(box["x"] + x, box["y"] + y)
            tab.mouse.up()
            result = tab.evaluate("([b, t]) => window.__aeWait(b, t)", [before, 30_000])
            time.sleep(0.6)  # late mutations and image downloads land
            browser_side = tab.evaluate(COLLECT_JS)
            if i >= 3 and result["ok"]:
                rows.append({"browser": browser_side, "wait": result})
        browser.close()
    runs = [json.loads(line) for line in timing_log.read_text().splitlines() if line.strip()]
    messages_log = Path(str(timing_log) + ".messages")
    messages = [float(line.split()[0]) * 1000 for line in messages_log.read_text().splitlines()] if messages_log.exists() else []
    return attach_runs(rows, runs, sorted(messages))


def attach_runs(rows, runs, messages=()):
    """Give each stroke the server run that started after its rerun request was sent, and the
    time its last message was queued for the websocket (from the server's message log)."""
    runs = sorted(runs, key=lambda r: r["start"])
    for row in rows:
        b = row["browser"]
        up = b["up"]
        sends = [s for s in b["sends"] if s[0] >= up]
        row["send"] = sends[0][0] if sends else None
        if row["send"] is None:
            continue
        after = [r for r in runs if r["start"] * 1000 >= row["send"] - 5]
        if not after:
            continue
        run = after[0]
        later = [r for r in runs if r["start"] > run["start"]]
        row["run"] = run
        next_start = later[0]["start"] * 1000 if later else float("inf")
        queued = [m for m in messages if run["start"] * 1000 <= m < min(next_start, run["end"] * 1000 + 2000)]
        row["last_queued"] = max(queued) if queued else float("nan")
        following = later[0] if later else None
        for key in ("ms", "bytes"):
            name = f"serialised_{key}_so_far"
            row[f"serialised_{key}"] = following[name] - run[name] if following else float("nan")
    return [r for r in rows if r.get("run")]


def budget(rows) -> list[tuple[str, list[float]]]:
    """(step, values in ms) for every stroke."""
    steps = {k: [] for k in (
        "debounce", "to_server", "script", "preprocess", "models", "images", "charts", "figure", "other", "serialise",
        "to_browser", "queued_after_run", "queue_to_browser", "render", "media", "total", "first_image", "bytes",
        "frames",
    )}
    for row in rows:
        b, run = row["browser"], row["run"]
        up, send = b["up"], row["send"]
        start, end = run["start"] * 1000, run["end"] * 1000
        recvs = [r for r in b["recvs"] if r[0] >= send]
        in_cycle = [r for r in recvs if r[0] <= end + 2000]
        last_recv = max((r[0] for r in in_cycle), default=end)
        done = up + row["wait"]["done"]
        mutations = [m for m in b["mutations"] if up <= m <= done + 1000]
        last_mutation = max(mutations, default=done)
        media = [m[1] for m in b["media"] if m[0] >= up]
        media_end = max(media) if media else float("nan")  # none when images come inline
        parts = {k: run.get(k, 0.0) for k in ("preprocess", "models", "images", "charts", "figure")}
        steps["debounce"].append(send - up)
        steps["to_server"].append(start - send)
        steps["script"].append(run["script_ms"])
        for k, v in parts.items():
            steps[k].append(v)
        steps["other"].append(run["script_ms"] - sum(parts.values()))
        steps["serialise"].append(row["serialised_ms"])
        steps["to_browser"].append(last_recv - end)
        steps["queued_after_run"].append(row["last_queued"] - end)
        steps["queue_to_browser"].append(last_recv - row["last_queued"])
        finished = max(last_mutation, media_end) if media else last_mutation
        steps["render"].append(finished - last_recv)
        steps["media"].append(media_end - last_recv)
        steps["total"].append(finished - up)
        steps["first_image"].append(row["wait"]["first"])
        steps["bytes"].append(row["serialised_bytes"])
        steps["frames"].append(len(in_cycle))
    return steps


LABELS = [
    ("debounce", "mouse-up → rerun request sent (the canvas: stroke to PNG, then the message; in the browser)"),
    ("to_server", "request sent → script run starts (websocket, Streamlit's session queue)"),
    ("script", "script run on the server (app.py + the Draw page), of which:"),
    ("preprocess", "  · canvas PNG decode + MNIST recipe"),
    ("models", "  · every model + the classifier (numpy programs)"),
    ("images", "  · images: upscaling, PNG encoding (+ media storage in legacy), 13 per run"),
    ("charts", "  · charts: the code chart and the classifier's bars"),
    ("other", "  · the rest: widgets, layout, Markdown, Streamlit's element handling"),
    ("serialise", "protobuf serialisation of the run's messages (event-loop thread, overlaps the run)"),
    ("to_browser", "script run ends → last websocket frame received, of which:"),
    ("queued_after_run", "  · run ends → its last message queued (post-run work: stale widgets, script_finished)"),
    ("queue_to_browser", "  · last message queued → received (event loop, websocket, browser's message handling)"),
    ("render", "last frame → page fully updated (React render, Vega charts, /media/ images if any)"),
    ("media", "  · of which: last /media/ image downloaded (legacy only)"),
    ("total", "mouse-up → page fully updated"),
    ("first_image", "mouse-up → first image's src changed (legacy: a /media/ URL, the picture still to fetch)"),
]


def run_variant(variant: str, strokes: int, run_dir: Path) -> dict:
    run_dir.mkdir(parents=True, exist_ok=True)
    timing_log = run_dir / f"runs-{variant}.jsonl"
    timing_log.unlink(missing_ok=True)
    port = common.free_port()
    launcher = [sys.executable, str(REPO / "tests" / "load" / "instrumented_app.py")]
    if variant == "legacy":
        launcher.append("--legacy")
    process = common.start_app(port, run_dir / f"server-{variant}.log",
                                     env={"AE_LAB_TIMING_LOG": str(timing_log)}, command=[*launcher, "run", "app.py"])
    url = f"http://127.0.0.1:{port}"
    try:
        common.wait_healthy(url, process)
        time.sleep(5)  # the warm-up thread loads every model
        rows = measure(url, strokes, timing_log)
    finally:
        common.stop(process)
    return {"steps": budget(rows), "n": len(rows), "tracebacks": common.tracebacks(run_dir / f"server-{variant}.log")}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--strokes", type=int, default=30)
    parser.add_argument("--variants", default="current,legacy")
    parser.add_argument("--run-dir", default="/tmp/ae-lab-latency-budget")
    parser.add_argument("--out", default=str(common.RESULTS / "latency_budget.md"))
    args = parser.parse_args(argv)
    load = common.load_average()
    common.prepare_models()
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    results = {v: run_variant(v, args.strokes, Path(args.run_dir)) for v in variants}

    lines = common.header("Latency budget of one stroke on the Draw page (one session)", common.command_line(),
                          {"strokes": args.strokes, "variants": ",".join(variants)}, load)
    columns = ["step"]
    for v in variants:
        columns += [f"{v} median ms", f"{v} p95 ms"]
    rows = []
    for key, label in LABELS:
        row = [label]
        for v in variants:
            values = [x for x in results[v]["steps"][key] if x == x]
            digits = 1 if key == "serialise" else 0
            row += [common.fmt(statistics.median(values), digits) if values else "–",
                    common.fmt(common.percentile(values, 95), digits) if values else "–"]
        rows.append(row)
    lines += common.table(columns, rows)
    lines.append("")
    for v in variants:
        steps = results[v]["steps"]
        lines.append(f"- {v}: {results[v]['n']} strokes; {statistics.median(steps['frames']):.0f} websocket frames and "
                     f"{statistics.median([b for b in steps['bytes'] if b == b]) / 1024:.0f} kB of protobuf per stroke "
                     f"(median); \"Traceback\" in the server log: {results[v]['tracebacks']}.")
    lines += [
        "",
        "`legacy` is this tree with the page code replaced for issue #6 put back (tests/load/instrumented_app.py "
        "--legacy): `st.bar_chart` (Altair, validated against the Vega-Lite schema on every call) for the two bar "
        "charts, the trace-by-trace Plotly figure, and images stored as media files that the browser then fetches "
        "one HTTP request each; `current` is the code as it is (plain Vega-Lite specs, one-call Plotly figure, "
        "images as PNG data URLs inside the script's messages).",
        "Steps are measured on one clock (same machine): the browser's performance.timeOrigin + now() and the "
        "server's time.time(). The script's parts are exclusive times measured by wrappers around the functions "
        "the page calls; serialisation runs on the server's event-loop thread, in parallel with the script.",
    ]
    common.write_section(Path(args.out), "latency_budget", lines, "Latency budget")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
