"""Soak: 1,000 reruns of the Draw page in one real browser session; memory and latency drift.

    python tests/load/bench_soak.py [--reruns 1000] [--warmup 100] [--mode browser|apptest]

browser (default): one Chromium session draws a stroke (Clear every 8th action) as soon as the
previous one is done (plus ``--pause`` s); the server's RSS (process tree, /proc) is read after
every rerun. apptest: the same number of reruns of the Draw page under AppTest in this process
(no browser, no websocket), with this process' RSS.

Goals: RSS growth < 5 % from the end of the warm-up to the end; the median latency of the last
100 reruns within 20 % of the first 100 after the warm-up.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.load import common  # noqa: E402

RSS_GOAL = 5.0
DRIFT_GOAL = 20.0


def rss_mb(pids) -> float:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm") as f:
                total += int(f.read().split()[1]) * common.PAGE_SIZE
        except OSError:
            pass
    return total / 1e6


async def soak_browser(url: str, reruns: int, pause: float, server_pids) -> list[dict]:
    from playwright.async_api import async_playwright

    from tests.launch import CHROMIUM, CHROMIUM_ARGS
    from tests.load.bench_concurrency import VIEWPORT, Session

    samples = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = await browser.new_context(viewport=VIEWPORT, locale="en-US")
        session = Session(0, context, url, 30_000, seed=11)
        await session.open("draw")
        for i in range(reruns):
            await session.draw_action("soak")
            record = session.records[-1]
            samples.append({"i": i, "ok": record["ok"], "ms": record["done"], "kind": record["kind"],
                            "rss": rss_mb(server_pids()), "t": time.monotonic(),
                            "errors": record.get("errors"), "exception": record.get("exception")})
            if pause:
                await asyncio.sleep(pause)
            if (i + 1) % 100 == 0:
                print(f"{i + 1} reruns, RSS {samples[-1]['rss']:.0f} MB", flush=True)
        samples_page_errors = session.page_errors
        await browser.close()
    for s in samples:
        s["page_errors"] = samples_page_errors
    return samples


def soak_apptest(reruns: int) -> list[dict]:
    from tests.apptest_support import EMPTY_CANVAS, canvas_payload, open_page, stroke_rgba

    at = open_page("draw", "en")
    samples = []
    for i in range(reruns):
        if i % 8 == 7:
            at.session_state["draw_canvas"] = EMPTY_CANVAS  # what the canvas sends on Clear
        else:
            left = 40 + (i * 37) % 180
            at.session_state["draw_canvas"] = canvas_payload(stroke_rgba(cols=(left, left + 20)))
        start = time.perf_counter()
        at.run()
        ms = (time.perf_counter() - start) * 1000
        samples.append({"i": i, "ok": not at.exception, "ms": ms, "kind": "clear" if i % 8 == 7 else "stroke",
                        "rss": rss_mb([os.getpid()]), "t": time.monotonic(), "errors": [len(at.exception), 0],
                        "exception": None, "page_errors": 0})
        if (i + 1) % 100 == 0:
            print(f"{i + 1} reruns, RSS {samples[-1]['rss']:.0f} MB", flush=True)
    return samples


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reruns", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--mode", choices=("browser", "apptest"), default="browser")
    parser.add_argument("--pause", type=float, default=0.2, help="seconds between two actions (browser)")
    parser.add_argument("--run-dir", default="/tmp/ae-lab-soak")
    parser.add_argument("--out", default=str(common.RESULTS / "soak.md"))
    args = parser.parse_args(argv)
    load = common.load_average()
    common.prepare_models()
    tracebacks = 0
    started = time.monotonic()
    if args.mode == "browser":
        run_dir = Path(args.run_dir)
        run_dir.mkdir(parents=True, exist_ok=True)
        port = common.free_port()
        log = run_dir / "server.log"
        process = common.start_app(port, log)
        try:
            common.wait_healthy(f"http://127.0.0.1:{port}", process)
            samples = asyncio.run(soak_browser(f"http://127.0.0.1:{port}", args.reruns, args.pause,
                                               lambda: common.process_tree(process.pid)))
        finally:
            common.stop(process)
        tracebacks = common.tracebacks(log)
    else:
        samples = soak_apptest(args.reruns)
    minutes = (time.monotonic() - started) / 60

    warm = samples[args.warmup :] if len(samples) > args.warmup else samples
    ok = [s for s in warm if s["ok"]]
    first, last = [s["ms"] for s in ok[:100]], [s["ms"] for s in ok[-100:]]
    rss_start, rss_end, rss_max = warm[0]["rss"], warm[-1]["rss"], max(s["rss"] for s in warm)
    growth = (rss_end - rss_start) / rss_start * 100
    drift = (statistics.median(last) - statistics.median(first)) / statistics.median(first) * 100
    failures = [s for s in samples if not s["ok"] or (s.get("errors") and any(s["errors"]))]

    lines = common.header(f"Soak: {args.reruns} reruns of the Draw page in one session ({args.mode})",
                          common.command_line(), {"reruns": args.reruns, "warm-up reruns": args.warmup,
                                                  "mode": args.mode, "pause (s)": args.pause}, load)
    lines += common.table(
        ["measure", "value", "goal", "met"],
        [
            ["RSS after warm-up (MB)", f"{rss_start:.1f}", "", ""],
            ["RSS at the end (MB)", f"{rss_end:.1f}", "", ""],
            ["RSS max (MB)", f"{rss_max:.1f}", "", ""],
            ["RSS growth after warm-up", f"{growth:+.2f} %", f"< {RSS_GOAL:.0f} %", "✅" if growth < RSS_GOAL else "❌"],
            ["latency median, first 100 after warm-up (ms)", f"{statistics.median(first):.0f}", "", ""],
            ["latency median, last 100 (ms)", f"{statistics.median(last):.0f}", "", ""],
            ["latency p95, first 100 / last 100 (ms)", f"{common.percentile(first, 95):.0f} / {common.percentile(last, 95):.0f}", "", ""],
            ["latency drift (median, last vs first 100)", f"{drift:+.1f} %", f"within ±{DRIFT_GOAL:.0f} %",
             "✅" if abs(drift) <= DRIFT_GOAL else "❌"],
            ["failed reruns (timeouts, errors on the page)", str(len(failures)), "0", "✅" if not failures else "❌"],
            ["\"Traceback\" in the server log", str(tracebacks), "0", "✅" if not tracebacks else "❌"],
            ["duration (min)", f"{minutes:.1f}", "", ""],
        ],
    )
    lines += ["", "RSS and latency every 100 reruns:", ""]
    rows = []
    for start in range(0, len(samples), 100):
        chunk = samples[start : start + 100]
        times = [s["ms"] for s in chunk if s["ok"]]
        rows.append([f"{start + 1}-{start + len(chunk)}", f"{chunk[-1]['rss']:.1f}",
                     common.fmt(statistics.median(times)) if times else "–",
                     common.fmt(common.percentile(times, 95)) if times else "–"])
    lines += common.table(["reruns", "RSS at the end (MB)", "median ms", "p95 ms"], rows)
    common.write_section(Path(args.out), f"soak_{args.mode}", lines, "Soak")
    print("\n".join(lines))
    return 0 if growth < RSS_GOAL and abs(drift) <= DRIFT_GOAL and not failures and not tracebacks else 1


if __name__ == "__main__":
    raise SystemExit(main())
