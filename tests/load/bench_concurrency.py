"""A whole class at once: many real Chromium sessions drawing and moving sliders together.

    python tests/load/bench_concurrency.py                       # main run + scaling, writes load.md
    python tests/load/bench_concurrency.py --part main --sessions 20 --duration 120
    python tests/load/bench_concurrency.py --part scaling --scaling-processes 1,2 --scaling-sessions 5,10,20

Main run: ``--sessions`` browser contexts (one Chromium, one context each: one Streamlit session
each) on one ``streamlit run app.py``. Each draws a stroke on the Draw page every 1-2 s (Clear
every 8th action) for ``--duration`` seconds; then the same sessions move the Noise lab's sigma
slider (keyboard) or press "New noise" every 1-2 s. An action's latency is measured in the
browser's clock, from its input event (pointerup / keydown) to the moment the page's images
have changed AND the script run is over (``data-test-script-state`` of stApp back to
notRunning), polled every 15 ms. A session waits for its action before the next one.

Errors: timeouts (no update within ``--timeout`` s), exception elements and st.error alerts on
the page, JavaScript page errors, a lost websocket, and "Traceback" in the server's log.
CPU (% of one core) and RSS of the server's process tree and of the Chromium clients are
sampled every second from /proc. ``--profile`` samples the server with py-spy during the Draw
phase (where its time goes, and how much of it holds the GIL).

Scaling: the Draw phase only, through ``python -m ae_core.launch_behind_nginx`` (nginx + N processes) for
each N of ``--scaling-processes`` and each session count of ``--scaling-sessions``; throughput
at the goal is the most actions/s of any load whose p95 stays <= 1 s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.load import common  # noqa: E402

GOAL_P95_MS = 1000
VIEWPORT = {"width": 1400, "height": 1000}

# Installed in every page before any script: input timestamps, the output signature, a waiter.
INIT_JS = """
(() => {
  window.__ae = {lastInput: 0, pageErrors: 0};
  const mark = (e) => { window.__ae.lastInput = performance.now(); };
  window.addEventListener('pointerup', mark, true);
  window.addEventListener('keydown', mark, true);
  window.__aeSig = () => Array.from(document.querySelectorAll('[data-testid="stMain"] img'))
      .map(i => i.getAttribute('src')).join('|');
  window.__aeState = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app ? [app.getAttribute('data-test-script-state'), app.getAttribute('data-test-connection-state')] : [null, null];
  };
  window.__aeErrors = () => [
    document.querySelectorAll('[data-testid="stException"]').length,
    document.querySelectorAll('[data-testid="stAlertContentError"]').length,
  ];
  window.__aeWait = (before, timeout) => new Promise((resolve) => {
    const t0 = window.__ae.lastInput;
    let changed = 0;
    const tick = () => {
      const now = performance.now();
      if (!changed && window.__aeSig() !== before) changed = now;
      const [state, connection] = window.__aeState();
      if (changed && state === 'notRunning') {
        resolve({ok: true, first: changed - t0, done: now - t0, errors: window.__aeErrors(), connection});
      } else if (now - t0 > timeout) {
        resolve({ok: false, first: changed ? changed - t0 : null, done: now - t0, errors: window.__aeErrors(),
                 connection, state});
      } else {
        setTimeout(tick, 15);
      }
    };
    tick();
  });
})();
"""

READY = {
    "draw": "canvas.drawing-canvas",
    "noise_lab": ".st-key-noise_sigma input[type=range]",
}


# --- the app under test ----------------------------------------------------------------------------


class Target:
    """The app: one plain ``streamlit run`` (processes=0) or ae_core.launch_behind_nginx with nginx (N >= 1)."""

    def __init__(self, processes: int, run_dir: Path, legacy: bool = False):
        self.processes, self.run_dir, self.legacy = processes, run_dir, legacy
        run_dir.mkdir(parents=True, exist_ok=True)
        self.process = None
        self.behind_nginx = None

    def start(self) -> "Target":
        if self.processes == 0:
            port = common.free_port()
            self.log = self.run_dir / "streamlit.log"
            command = None
            if self.legacy:  # the page code before issue #6, for before/after numbers
                command = [sys.executable, str(REPO / "tests" / "load" / "instrumented_app.py"), "--legacy",
                           "run", "app.py"]
            self.process = common.start_app(port, self.log, command=command)
            self.url = f"http://127.0.0.1:{port}"
            common.wait_healthy(self.url, self.process)
        else:
            from ae_core.launch_behind_nginx import AppProcesses

            self.behind_nginx = AppProcesses(self.processes, common.free_port(), run_dir=self.run_dir).start()
            self.url = self.behind_nginx.url
        return self

    def roots(self) -> list[int]:
        return [self.process.pid] if self.behind_nginx is None else self.behind_nginx.pids()

    def streamlit_pids(self) -> list[int]:
        return [self.process.pid] if self.behind_nginx is None else [p.pid for p in self.behind_nginx.backends]

    def tree(self) -> list[int]:
        pids = []
        for root in self.roots():
            pids += common.process_tree(root)
        return pids

    def logs(self) -> list[Path]:
        return [self.log] if self.behind_nginx is None else self.behind_nginx.log_paths()

    def tracebacks(self) -> int:
        return sum(common.tracebacks(path) for path in self.logs())

    def errors(self) -> list[str]:
        """The last line of every traceback in the server logs (what went wrong), counted."""
        return common.traceback_summaries(self.logs())

    def stop(self) -> None:
        if self.behind_nginx is not None:
            self.behind_nginx.stop()
        elif self.process is not None:
            common.stop(self.process)


def client_pids(server_pids) -> list[int]:
    """Chromium and Playwright's driver: this process' descendants that are not the server."""
    server = set(server_pids)
    return [pid for pid in common.process_tree(os.getpid()) if pid != os.getpid() and pid not in server]


# --- one browser session ---------------------------------------------------------------------------


class Session:
    def __init__(self, index: int, context, url: str, timeout_ms: float, seed: int):
        self.index, self.context, self.url, self.timeout_ms = index, context, url, timeout_ms
        self.rng = random.Random(seed)
        self.page = None
        self.records: list[dict] = []
        self.page_errors = 0
        self.strokes = 0
        self.sigma = 0.5

    async def open(self, path: str) -> None:
        if self.page is None:
            self.page = await self.context.new_page()
            await self.page.add_init_script(INIT_JS)
            self.page.on("pageerror", lambda error: self._page_error())
        await self.page.goto(f"{self.url}/{path}", timeout=180_000)
        await self.page.locator(READY[path]).first.wait_for(state="attached", timeout=180_000)
        await self.page.wait_for_function("() => window.__aeState()[0] === 'notRunning'", timeout=180_000)
        self.strokes = 0
        self.sigma = 0.5
        if path == "draw":
            self.box = await self.page.locator("canvas.drawing-canvas").first.bounding_box()

    def _page_error(self):
        self.page_errors += 1

    async def _measure(self, phase: str, kind: str, act) -> None:
        page = self.page
        started = time.monotonic()
        try:
            before = await page.evaluate("window.__aeSig()")
            await act()
            result = await page.evaluate("([b, t]) => window.__aeWait(b, t)", [before, self.timeout_ms])
        except Exception as exc:  # noqa: BLE001 - a failed action is a recorded error, not the end
            result = {"ok": False, "first": None, "done": None, "errors": [0, 0], "connection": "?",
                      "exception": f"{type(exc).__name__}: {str(exc)[:160]}"}
        self.records.append({"phase": phase, "session": self.index, "kind": kind, "start": started,
                             "end": time.monotonic(), **result})

    async def draw_action(self, phase: str) -> None:
        self.strokes += 1
        if self.strokes % 8 == 0:
            await self._measure(phase, "clear", lambda: self.page.locator("button.dc-clear").click(timeout=30_000))
            return
        x = self.rng.uniform(60, 220)
        slant = self.rng.uniform(-40, 40)
        top, bottom = self.rng.uniform(30, 80), self.rng.uniform(200, 250)
        points = [(x + slant * k / 8, top + (bottom - top) * k / 8) for k in range(9)]
        box, mouse = self.box, self.page.mouse

        async def stroke():
            await mouse.move(box["x"] + points[0][0], box["y"] + points[0][1])
            await mouse.down()
            for px, py in points[1:]:
                await mouse.move(box["x"] + px, box["y"] + py)
            await mouse.up()

        await self._measure(phase, "stroke", stroke)

    async def noise_action(self, phase: str) -> None:
        if self.rng.random() < 1 / 3:
            await self._measure(phase, "new noise", lambda: self.page.locator(".st-key-noise_new button").click(timeout=30_000))
            return
        direction = self.rng.choice([-1, 1])
        if self.sigma + 0.05 * direction < 0.1 or self.sigma + 0.05 * direction > 0.95:
            direction = -direction
        self.sigma += 0.05 * direction
        slider = self.page.locator(".st-key-noise_sigma input[type=range]")

        async def press():
            await slider.focus(timeout=30_000)
            await self.page.keyboard.press("ArrowRight" if direction > 0 else "ArrowLeft")

        await self._measure(phase, "sigma slider", press)

    async def run(self, phase: str, action, until: float, interval) -> None:
        next_at = time.monotonic() + self.rng.uniform(0, interval[1])  # spread the first actions
        while True:
            now = time.monotonic()
            if next_at > now:
                await asyncio.sleep(next_at - now)
            if time.monotonic() >= until:
                return
            start = time.monotonic()
            await action(phase)
            next_at = start + self.rng.uniform(*interval)


async def _open_all(sessions, path: str, stagger: float) -> None:
    async def one(session, delay):
        await asyncio.sleep(delay)
        await session.open(path)

    await asyncio.gather(*(one(s, i * stagger) for i, s in enumerate(sessions)))


async def run_load(url: str, sessions_n: int, phases: list[tuple[str, float]], interval, timeout_ms: float,
                   stagger: float, seed: int, on_phase=None, served: bool = False) -> dict:
    """Run the phases with ``sessions_n`` contexts; returns records and phase windows. ``served``:
    the browsers have no WebAssembly, so the server runs every model (the app's path before the
    models ran in the browser, pages.common.live)."""
    from playwright.async_api import async_playwright

    from tests.launch import CHROMIUM, CHROMIUM_ARGS

    windows, records, page_errors = {}, [], 0
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        contexts = [await browser.new_context(viewport=VIEWPORT, locale="en-US") for _ in range(sessions_n)]
        if served:
            for context in contexts:
                await context.add_init_script("delete globalThis.WebAssembly;")
        sessions = [Session(i, c, url, timeout_ms, seed * 1000 + i) for i, c in enumerate(contexts)]
        for phase, duration in phases:
            path = "draw" if phase == "draw" else "noise_lab"
            opened = time.monotonic()
            await _open_all(sessions, path, stagger)
            start = time.monotonic()
            until = start + duration
            action = {"draw": Session.draw_action, "noise": Session.noise_action}[phase]
            profiling = on_phase(phase, start, until) if on_phase else None
            await asyncio.gather(*(s.run(phase, lambda p, s=s: action(s, p), until, interval) for s in sessions))
            end = time.monotonic()
            if profiling is not None:
                await profiling
            windows[phase] = {"start": start, "end": end, "open_seconds": start - opened}
        for session in sessions:
            records += session.records
            page_errors += session.page_errors
        await browser.close()
    return {"records": records, "windows": windows, "page_errors": page_errors}


# --- numbers -----------------------------------------------------------------------------------------


def phase_stats(records, window) -> dict:
    done = [r for r in records if r["ok"]]
    latencies = [r["done"] for r in done]
    seconds = window["end"] - window["start"]
    return {
        "actions": len(records), "ok": len(done), "per_second": len(done) / seconds if seconds else 0.0,
        "latency": common.summary(latencies), "first": common.summary([r["first"] for r in done]),
        "timeouts": sum(not r["ok"] and "exception" not in r for r in records),
        "exceptions": sum("exception" in r for r in records),
        "error_elements": sum(1 for r in records if r.get("errors") and (r["errors"][0] or r["errors"][1])),
        "disconnected": sum(1 for r in records if r.get("connection") not in (None, "CONNECTED", "?")),
        "seconds": seconds,
    }


def by_kind(records) -> dict:
    kinds = {}
    for r in records:
        kinds.setdefault(r["kind"], []).append(r)
    return kinds


def describe_errors(records, limit: int = 8) -> list[str]:
    lines = []
    for r in records:
        if not r["ok"] or (r.get("errors") and any(r["errors"])):
            lines.append(f"- session {r['session']} {r['kind']}: ok={r['ok']} state={r.get('state')} "
                         f"connection={r.get('connection')} errors={r.get('errors')} {r.get('exception', '')}")
        if len(lines) >= limit:
            break
    return lines


# --- the two parts -------------------------------------------------------------------------------------


def main_run(args) -> list[str]:
    load = common.load_average()
    run_dir = Path(args.run_dir) / time.strftime("main-%H%M%S")
    target = Target(args.processes, run_dir, legacy=args.legacy).start()
    sampler = common.TreeSampler({"server": target.tree, "clients": lambda: client_pids(target.tree())}, 1.0).start()
    profiles = {}

    def on_phase(phase, start, until):
        from tests.load import profile_server

        if phase != "draw" or not args.profile or not profile_server.available():
            return None
        seconds = max(5.0, min(30.0, until - start - 15))

        async def record():
            await asyncio.sleep(10)  # past the first actions
            pid = target.streamlit_pids()[0]
            wall, gil = await asyncio.gather(
                asyncio.to_thread(profile_server.record, pid, seconds, False),
                asyncio.to_thread(profile_server.record, pid, seconds, True),
            )
            profiles.update(wall=wall, gil=gil, seconds=seconds)

        return asyncio.ensure_future(record())

    phases = [(p, args.duration) for p in args.pages]
    try:
        outcome = asyncio.run(run_load(target.url, args.sessions, phases, args.interval, args.timeout * 1000,
                                       args.stagger, args.seed, on_phase, served=args.path == "served"))
    finally:
        sampler.stop()
        target.stop()
    tracebacks = target.tracebacks()

    lines = common.header(
        f"Concurrency: {args.sessions} Chromium sessions on one Streamlit process"
        + (" (before: the page code before issue #6)" if args.legacy else "")
        + (" (live: the models in the browsers)" if args.path == "live" else ""), common.command_line(),
        {"sessions": args.sessions, "seconds per page": args.duration, "pages": "+".join(args.pages),
         "action every (s)": f"{args.interval[0]}-{args.interval[1]}", "timeout (s)": args.timeout,
         "server": "plain `streamlit run app.py`" if args.processes == 0 else f"ae_core.launch_behind_nginx x{args.processes}",
         "page code": "legacy (before issue #6)" if args.legacy else "current",
         "models run": "on the server (browsers without WebAssembly)" if args.path == "served"
         else "in the browser where it can (pages.common.live)"},
        load,
    )
    rows, kind_rows, resource_rows = [], [], []
    for phase, _ in phases:
        window = outcome["windows"][phase]
        records = [r for r in outcome["records"] if r["phase"] == phase]
        s = phase_stats(records, window)
        server = sampler.report("server", window["start"], window["end"])
        clients = sampler.report("clients", window["start"], window["end"])
        machine = sampler.machine_busy(window["start"], window["end"])
        ok = s["latency"]["p95"] <= GOAL_P95_MS and not (s["timeouts"] or s["exceptions"] or s["error_elements"])
        rows.append([phase, s["actions"], f"{s['per_second']:.1f}", common.fmt(s["latency"]["median"]),
                     common.fmt(s["latency"]["p95"]), common.fmt(s["latency"]["max"]),
                     common.fmt(s["first"]["median"]), s["timeouts"], s["exceptions"], s["error_elements"],
                     s["disconnected"], "✅" if ok else "❌"])
        for kind, items in sorted(by_kind(records).items()):
            ks = phase_stats(items, window)
            kind_rows.append([phase, kind, ks["actions"], common.fmt(ks["latency"]["median"]),
                              common.fmt(ks["latency"]["p95"]), common.fmt(ks["latency"]["max"])])
        per_action_server = server.get("cpu_seconds", 0) / max(s["ok"], 1) * 1000
        per_action_client = clients.get("cpu_seconds", 0) / max(s["ok"], 1) * 1000
        resource_rows.append([phase, common.fmt(server.get("cpu_mean")), common.fmt(server.get("cpu_p95")),
                              common.fmt(per_action_server), common.fmt(server.get("rss_first")),
                              common.fmt(server.get("rss_max")), common.fmt(server.get("rss_last")),
                              common.fmt(clients.get("cpu_mean")), common.fmt(per_action_client),
                              common.fmt(clients.get("rss_max")), common.fmt(machine)])
        lines_errors = describe_errors(records)
        window["errors"] = lines_errors
    lines += ["Latency per action, ms (input event → every output updated and the run over, in the browser):", ""]
    lines += common.table(["page", "actions", "actions/s", "median", "p95", "max", "first image changed (median)",
                           "timeouts", "failed actions", "error elements", "disconnected", "p95 ≤ 1 s, 0 errors"], rows)
    lines += ["", "By kind of action:", ""]
    lines += common.table(["page", "action", "n", "median ms", "p95 ms", "max ms"], kind_rows)
    lines += ["", "CPU (% of one core; the machine has "
              f"{os.cpu_count()}) and RSS (MB), over each phase:", ""]
    lines += common.table(["page", "server CPU mean", "server CPU p95", "server CPU ms per action", "server RSS first",
                           "server RSS max", "server RSS last", "Chromium CPU mean", "Chromium CPU ms per action",
                           "Chromium RSS max", "machine busy % (all cores)"], resource_rows)
    lines += ["", f"JavaScript page errors: {outcome['page_errors']}; \"Traceback\" in the server log: {tracebacks} "
              f"(log: {target.logs()[0]}).", ""]
    for summary in target.errors()[:10]:
        lines.append(f"- server error: `{summary}`")
    for phase, _ in phases:
        if outcome["windows"][phase].get("errors"):
            lines += [f"First failed actions ({phase}):", "", *outcome["windows"][phase]["errors"], ""]
    lines += ["Server CPU and RSS every 10 s (t from the start of sampling; the Draw phase first):", ""]
    lines += common.table(["t (s)", "server CPU %", "server RSS MB", "Chromium CPU %", "Chromium RSS MB"],
                          sampler.timeline(["server", "clients"], 10.0))
    if profiles:
        from tests.load import profile_server

        wall, wall_total = profile_server.buckets(profiles["wall"])
        gil, gil_total = profile_server.buckets(profiles["gil"])
        busy = {k: v for k, v in wall.items() if k not in ("threading / idle waits", "asyncio event loop")}
        rate = 100
        gil_share = gil_total / (profiles["seconds"] * rate) * 100
        lines += ["", f"### Where the server's time goes (py-spy, {profiles['seconds']:.0f} s of the Draw phase, "
                  f"{rate} samples/s)", "",
                  f"Samples holding the GIL: {gil_total} of {profiles['seconds'] * rate:.0f} possible = "
                  f"**{gil_share:.0f} % of the wall time** (100 % would be one saturated interpreter).", "",
                  "GIL-holding samples by bucket:", ""]
        lines += profile_server.table_lines(gil, gil_total, "bucket (holding the GIL)")
        lines += ["", "Every thread's samples, waiting ones left out (where the threads are, GIL or not):", ""]
        from collections import Counter

        lines += profile_server.table_lines(Counter(busy), sum(busy.values()), "bucket (all threads, not idle)")
    return lines


def scaling_run(args) -> list[str]:
    load = common.load_average()
    rows, best = [], {}
    for processes in args.scaling_processes:
        for sessions in args.scaling_sessions:
            run_dir = Path(args.run_dir) / time.strftime(f"scaling-{processes}-{sessions}-%H%M%S")
            load_now = common.load_average()[0]
            target = Target(processes, run_dir).start()
            sampler = common.TreeSampler({"server": target.tree, "clients": lambda: client_pids(target.tree())}, 1.0).start()
            try:
                outcome = asyncio.run(run_load(target.url, sessions, [("draw", args.scaling_duration)], args.interval,
                                               args.timeout * 1000, args.stagger, args.seed))
            finally:
                sampler.stop()
                target.stop()
            window = outcome["windows"]["draw"]
            s = phase_stats(outcome["records"], window)
            server = sampler.report("server", window["start"], window["end"])
            clients = sampler.report("clients", window["start"], window["end"])
            errors = s["timeouts"] + s["exceptions"] + s["error_elements"] + target.tracebacks()
            ok = s["latency"]["p95"] <= GOAL_P95_MS and errors == 0
            if ok:
                best[processes] = max(best.get(processes, 0.0), s["per_second"])
            rows.append([processes, sessions, s["actions"], f"{s['per_second']:.2f}", common.fmt(s["latency"]["median"]),
                         common.fmt(s["latency"]["p95"]), errors, common.fmt(server.get("cpu_mean")),
                         common.fmt(clients.get("cpu_mean")), common.fmt(sampler.machine_busy(window["start"], window["end"])),
                         f"{load_now:.1f}", "✅" if ok else "❌"])
            print(rows[-1], flush=True)
    lines = common.header(
        "Scaling: 1 → 2 Streamlit processes behind nginx (ae_core.launch_behind_nginx)", common.command_line(),
        {"processes": ",".join(map(str, args.scaling_processes)), "sessions": ",".join(map(str, args.scaling_sessions)),
         "seconds per load": args.scaling_duration, "page": "draw", "action every (s)": f"{args.interval[0]}-{args.interval[1]}"},
        load,
    )
    lines += common.table(["processes", "sessions", "actions", "actions/s", "median ms", "p95 ms", "errors",
                           "server CPU % (all processes)", "Chromium CPU %", "machine busy %", "load avg at start",
                           "p95 ≤ 1 s, 0 errors"], rows)
    lines += ["", "Throughput at the goal (the most actions/s of any load with p95 ≤ 1 s and no errors):", ""]
    lines += common.table(["processes", "actions/s at p95 ≤ 1 s"],
                          [[p, f"{best[p]:.2f}" if p in best else "none met the goal"] for p in args.scaling_processes])
    if len(best) >= 2 and min(best) in best and max(best) in best and best[min(best)] > 0:
        lines += ["", f"Scaling factor {min(best)} → {max(best)} processes: "
                  f"{best[max(best)] / best[min(best)]:.2f}x (the Chromium clients share the same "
                  f"{os.cpu_count()} cores: see their CPU column)."]
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--part", choices=("main", "scaling", "all"), default="all")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--duration", type=float, default=120, help="seconds of actions per page")
    parser.add_argument("--pages", default="draw,noise", help="phases, in order: draw, noise")
    parser.add_argument("--interval", default="1,2", help="seconds between a session's actions: min,max")
    parser.add_argument("--timeout", type=float, default=20, help="seconds before an action counts as a timeout")
    parser.add_argument("--stagger", type=float, default=0.5, help="seconds between opening two sessions")
    parser.add_argument("--processes", type=int, default=0, help="main run: 0 = plain streamlit, N = ae_core.launch_behind_nginx")
    parser.add_argument("--profile", action=argparse.BooleanOptionalAction, default=True, help="py-spy during Draw")
    parser.add_argument("--legacy", action="store_true",
                        help="main run: the page code before issue #6 (tests/load/instrumented_app.py), for a before")
    parser.add_argument("--path", choices=("live", "served"), default="live",
                        help="live: the browsers run the models (the app's default); served: without WebAssembly")
    parser.add_argument("--section", default=None, help="name of the results section (default: concurrency)")
    parser.add_argument("--scaling-processes", default="1,2")
    parser.add_argument("--scaling-sessions", default="5,10,15,20,25")
    parser.add_argument("--scaling-duration", type=float, default=45)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--run-dir", default="/tmp/ae-lab-load", help="logs of the servers")
    parser.add_argument("--out", default=str(common.RESULTS / "load.md"))
    args = parser.parse_args(argv)
    args.pages = [p.strip() for p in args.pages.split(",") if p.strip()]
    args.interval = tuple(float(v) for v in args.interval.split(","))
    args.scaling_processes = [int(v) for v in args.scaling_processes.split(",")]
    args.scaling_sessions = [int(v) for v in args.scaling_sessions.split(",")]
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    common.prepare_models()
    status = 0
    if args.part in ("main", "all"):
        lines = main_run(args)
        section = args.section or ("concurrency_legacy" if args.legacy else "concurrency")
        common.write_section(Path(args.out), section, lines, "Load: a whole class at once")
        print("\n".join(lines), flush=True)
    if args.part in ("scaling", "all"):
        lines = scaling_run(args)
        common.write_section(Path(args.out), "scaling", lines, "Load: a whole class at once")
        print("\n".join(lines), flush=True)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
