"""The class wall at class scale: 60 simulated students sharing into one room, a few real browsers.

    python tests/load/bench_class_wall.py                          # every configuration, writes class_wall.md
    python tests/load/bench_class_wall.py --configs sqlite-1 --students 60 --duration 40
    python tests/load/bench_class_wall.py --view maps                  # the teacher on the maps tab

Per configuration (store x app processes: sqlite-1, sqlite-2, redis-1, redis-2):
- the app runs as the README says (one ``streamlit run app.py``, or two behind the nginx
  launcher), its class store a fresh SQLite file or a real ``redis-server`` started here;
- a Chromium context is the teacher: it opens /classroom, opens a room and keeps the wall in
  sight; a script in the page notes the first moment each card (``figure[data-id]``) appears,
  and any card present twice at once;
- ``--students`` simulated students (threads) share a real digit every 2 s into that room
  through the store the app uses (``ae_core.classroom.open_store``, the call the page's "send"
  button makes), each with its own session id; ``--browsers`` real Chromium students join
  through the page, draw and press "send" every few seconds;
- after ``--duration`` s the sharing stops, the wall gets 5 s to catch up, and every share the
  store holds is compared with what the wall showed: delay = first seen on the wall - the
  share's time (both on this machine's clock), lost = never shown, duplicated = shown twice.
  With ``--view maps`` the teacher watches the "Latent maps" tab instead: a digit counts as shown
  once its point is on the map shown (the first, the 2-d autoencoder).
Server CPU is the app processes' CPU seconds over the run.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import unquote

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.load import common  # noqa: E402

RESULTS = REPO / "tests" / "benchmarks" / "results" / "class_wall.md"
GOAL_P95_S = 2.0
CONFIGS = ("sqlite-1", "sqlite-2", "redis-1", "redis-2")

# The teacher's page: when each card first appeared, and whether a card was ever there twice;
# on the maps view, when each digit's point ("#id ..." in its hover text) was first on every
# map the page drew (Plotly keeps a chart's traces on its element as .data).
WALL_JS = """
(() => {
  window.__wall = {first: {}, duplicates: 0, maps: {}};
  setInterval(() => {
    const now = Date.now(), seen = new Set();
    for (const card of document.querySelectorAll('.ae-grid-wall_grid figure[data-id]')) {
      const id = card.dataset.id;
      if (seen.has(id)) window.__wall.duplicates += 1;
      seen.add(id);
      if (!(id in window.__wall.first)) window.__wall.first[id] = now;
    }
    const charts = [...document.querySelectorAll('.js-plotly-plot')];
    if (!charts.length) return;
    const onEvery = {};
    charts.forEach((chart) => {
      for (const trace of chart.data || []) {
        for (const text of trace.text || []) {
          const match = /^#(\\d+)/.exec(String(text));
          if (match) onEvery[match[1]] = (onEvery[match[1]] || 0) + 1;
        }
      }
    });
    for (const [id, count] of Object.entries(onEvery)) {
      if (count === charts.length && !(id in window.__wall.maps)) window.__wall.maps[id] = now;
    }
  }, 50);
})();
"""
VIEWS = {"wall": "Wall", "maps": "Latent maps"}  # the teacher's tab: its English name


def simulated_students(store, code: str, count: int, duration: float, interval: float, digits, errors: list):
    """Threads that each share a digit every ``interval`` s for ``duration`` s; returns them, started."""
    from ae_core.classroom import rooms

    stop_at = time.time() + duration

    def student(index: int):
        owner, rng = rooms.new_owner(), random.Random(index)
        next_time = time.time() + rng.uniform(0, interval)
        while True:
            time.sleep(max(0.0, next_time - time.time()))
            if time.time() >= stop_at:
                break
            try:
                store.share(code, owner, digits[rng.randrange(len(digits))], f"sim {index}")
            except Exception as problem:  # noqa: BLE001 - counted in the table
                errors.append(f"{type(problem).__name__}: {problem}")
            # From the share's own time: a late wake-up never makes the next one early (the
            # rate limit counts real times).
            next_time = time.time() + interval + rng.uniform(0, 0.05)
        if getattr(store, "kind", "") == "sqlite":
            store.close()

    threads = [threading.Thread(target=student, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    return threads


def cpu_seconds(pids) -> float:
    total = 0.0
    for root in pids:
        for pid in common.process_tree(root):
            stat = common._read_stat(pid)
            total += stat[1] if stat else 0.0
    return total


def teacher_token(context, timeout: float = 20) -> str:
    """The room's secret token, from the cookie the teacher's page writes after its run."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        for cookie in context.cookies():
            if cookie["name"] == "ae_lab_memory":
                found = json.loads(unquote(cookie["value"])).get("class", {}).get("teacher")
                if found:
                    return found
        time.sleep(0.2)
    raise RuntimeError("the teacher's browser kept no token")


def run_config(browser, config: str, args) -> dict:
    from ae_core.classroom import open_store
    from ae_core.data import load_mnist_sample
    from ae_core.launch_behind_nginx import AppProcesses
    from tests.browser.helpers import draw_stroke, open_app, wait_idle
    from tests.launch import free_port, running_app, running_redis

    kind, processes = config.split("-")
    processes = int(processes)
    folder = Path(tempfile.mkdtemp(prefix=f"ae-lab-wall-{config}-"))
    redis = running_redis() if kind == "redis" else None
    redis_url = redis.__enter__() if redis else None
    env = {"AE_LAB_CLASS_REDIS": redis_url} if redis_url else {"AE_LAB_CLASS_DB": str(folder / "class.sqlite3")}
    store = open_store(redis_url=redis_url or "", sqlite_path=folder / "class.sqlite3")
    sample = load_mnist_sample()
    digits = [sample.x_train[i, ..., 0] for i in range(0, len(sample.x_train), 25)]
    if processes == 1:
        app = running_app(folder / "server.log", env=env)
        url, process = app.__enter__()
        pids, logs = [process.pid], [folder / "server.log"]
    else:
        app = AppProcesses(processes=processes, port=free_port(), run_dir=folder / "run", env=env)
        app.__enter__()
        url, pids, logs = app.url, [p.pid for p in app.backends], app.log_paths()
    contexts = []
    try:
        teacher_context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="en-US")
        contexts.append(teacher_context)
        teacher_context.add_init_script(WALL_JS)
        teacher = teacher_context.new_page()
        open_app(teacher, url, "classroom")
        teacher.get_by_role("button", name="Open a room").click()
        teacher.locator(".ae-join-code").wait_for(timeout=60_000)
        code = teacher.locator(".ae-join-code").get_attribute("data-code")
        token = teacher_token(teacher_context)
        if args.view != "wall":
            teacher.get_by_role("tab", name=VIEWS[args.view], exact=True).click()
        browsers = []
        for index in range(args.browsers):
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
            contexts.append(context)
            tab = context.new_page()
            open_app(tab, url, f"classroom?join={code}")
            tab.get_by_role("button", name="Join", exact=True).click()
            tab.get_by_text(f"You are in room {code}", exact=False).wait_for(timeout=60_000)
            wait_idle(tab)
            draw_stroke(tab, [(140, 40), (140 + 10 * index, 240)])
            wait_idle(tab)
            browsers.append(tab)
        errors: list[str] = []
        cpu_before, started = cpu_seconds(pids), time.time()
        threads = simulated_students(store, code, args.students, args.duration, args.interval, digits, errors)
        browser_sends, next_send = 0, time.time()
        while time.time() < started + args.duration:
            if browsers and time.time() >= next_send:
                for tab in browsers:  # a real student's click on "send"
                    tab.get_by_role("button", name=f"Send to the class ({code})").click()
                    browser_sends += 1
                next_send = time.time() + args.browser_interval
            teacher.wait_for_timeout(200)
        for thread in threads:
            thread.join()
        teacher.wait_for_timeout(5000)  # the wall catches up
        cpu_used, elapsed = cpu_seconds(pids) - cpu_before, time.time() - started
        seen = teacher.evaluate("() => window.__wall")
        first = seen["first"] if args.view == "wall" else seen["maps"]
        shares = store.wall_shares(token)
        delays = [first[str(s.id)] / 1000 - s.shared_at for s in shares if str(s.id) in first]
        lost = [s.id for s in shares if str(s.id) not in first]
        tracebacks = sum(common.tracebacks(path) for path in logs if Path(path).exists())
        result = {
            "config": config, "view": args.view, "store": kind, "processes": processes, "shares": len(shares),
            "browser_sends": browser_sends, "errors": len(errors), "error_examples": sorted(set(errors))[:3],
            "delay": common.summary(delays), "lost": len(lost), "duplicated": seen["duplicates"],
            "cpu_per_share_ms": 1000 * cpu_used / max(1, len(shares)), "server_cpu_percent": 100 * cpu_used / elapsed,
            "tracebacks": tracebacks,
        }
        print(json.dumps(result), flush=True)
        return result
    finally:
        for context in contexts:
            context.close()
        app.__exit__(None, None, None)
        if redis:
            redis.__exit__(None, None, None)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--configs", default=",".join(CONFIGS))
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between a simulated student's shares")
    parser.add_argument("--duration", type=float, default=40.0)
    parser.add_argument("--browsers", type=int, default=2, help="real Chromium students besides the wall")
    parser.add_argument("--browser-interval", type=float, default=4.0)
    parser.add_argument("--view", choices=sorted(VIEWS), default="wall",
                        help="what the teacher watches: the cards (wall) or the three 2-d maps (maps)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    from tests.launch import CHROMIUM, CHROMIUM_ARGS, prepare_models

    prepare_models()
    load = common.load_average()
    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for config in args.configs.split(","):
            results.append(run_config(browser, config, args))
        browser.close()
    parameters = {"students": args.students, "interval_s": args.interval, "duration_s": args.duration,
                  "real_browsers": args.browsers, "browser_interval_s": args.browser_interval}
    title = ("Class wall: 60 students into one room, the teacher watching the cards" if args.view == "wall" else
             "Class wall: 60 students into one room, the teacher watching the 2-d map")
    parameters["view"] = args.view
    lines = common.header(title, common.command_line(), parameters, load)
    rows = []
    for r in results:
        d = r["delay"]
        met = d["p95"] <= GOAL_P95_S and r["lost"] == 0 and r["duplicated"] == 0 and r["errors"] == 0
        rows.append([r["store"], r["processes"], r["shares"], r["browser_sends"], common.fmt(d["median"], 2),
                     common.fmt(d["p95"], 2), common.fmt(d["max"], 2), r["lost"], r["duplicated"], r["errors"],
                     common.fmt(r["cpu_per_share_ms"], 1), common.fmt(r["server_cpu_percent"]), r["tracebacks"],
                     "yes" if met else "**no**"])
    lines += common.table(["store", "app processes", "shares", "of them from real browsers", "delay p50 (s)",
                           "delay p95 (s)", "delay max (s)", "lost", "duplicated", "refused", "server CPU per share (ms)",
                           "server CPU (% of one core)", "tracebacks", f"p95 <= {GOAL_P95_S:.0f} s, none lost"], rows)
    for r in results:
        if r["error_examples"]:
            lines.append(f"- {r['config']}: refused shares, e.g. {'; '.join(r['error_examples'])}")
    common.write_section(args.out, args.view, lines, "Class wall at class scale")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
