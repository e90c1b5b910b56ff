"""The models in the student's browser, measured in headless Chromium on this machine.

    PYTHONPATH=. python tests/benchmarks/bench_live.py [--strokes 12]

One `streamlit run app.py`, one Chromium. Measures:
- *drawing* on /draw: strokes of 60 pointer moves 16 ms apart (a 60 Hz pen, ~1 s each). Updates a
  second while the pen is down (the browser's live results, from the page hub's own clock),
  pen-up to the final digit's results on screen, and the time of one update (every Draw model
  and the classifier, in the worker);
- *downloads*: bytes a student's browser fetches for /draw (encoded, over the network, from
  Chromium's own accounting) on a first visit, and on a second visit with its cache;
- *first visit*: from opening each live page to its first live picture (/draw: the models
  loaded; /latent_map: the VAE map's first decode; /vae_explorer: the walk's first decode);
- *server CPU per stroke*: CPU seconds of the server process over the strokes (each a stroke
  and its Clear: two script runs), divided by their number, on the live path and on the served
  one (a browser without WebAssembly), both after two warm-up strokes.
Writes the "browser" section of ``results/live.md``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.load import common  # noqa: E402

RESULTS = REPO / "tests" / "benchmarks" / "results" / "live.md"
VIEWPORT = {"width": 1280, "height": 720}
HUB = "() => { const h = window.__aeLive && window.__aeLive.draw; return h ? JSON.parse(JSON.stringify(h.stats)) : null; }"
IDLE = """() => { const a = document.querySelector('[data-testid="stApp"]');
  const s = a ? a.getAttribute('data-test-script-state') : 'initial';
  return !['initial', 'running', 'rerunRequested', 'stopRequested'].includes(s); }"""


def idle(tab) -> None:
    tab.wait_for_timeout(300)
    tab.wait_for_function(IDLE, timeout=120_000, polling=50)


def cpu_seconds(pid: int) -> float:
    return sum(common._read_stat(p)[1] for p in common.process_tree(pid) if common._read_stat(p))


def stroke_points(index: int) -> list[tuple[float, float]]:
    """60 points of a '7'-like or '1'-like stroke, a little different each time."""
    shift = (index % 5) * 6
    top = [(70 + shift + 7 * i, 60 + shift) for i in range(25)]
    down = [(245 + shift - 4 * i, 60 + shift + 6 * i) for i in range(35)]
    return (top + down)[:60]


class Network:
    """Bytes over the network of one page (Chromium's encodedDataLength per finished request)."""

    def __init__(self, context, tab):
        self.total = 0
        self.cdp = context.new_cdp_session(tab)
        self.cdp.send("Network.enable")
        self.cdp.on("Network.loadingFinished", lambda event: self.add(event.get("encodedDataLength", 0)))
        self.cdp.on("Network.webSocketFrameReceived", lambda event: self.add(len(event["response"].get("payloadData", ""))))

    def add(self, n) -> None:
        self.total += int(n)


def open_draw(tab, url: str) -> float:
    """Open /draw, answer its question by skipping it, wait for the models; seconds to that point."""
    started = time.monotonic()
    tab.goto(f"{url}/draw")
    tab.wait_for_selector("[data-testid='stMainBlockContainer'] h1", timeout=120_000)
    idle(tab)
    button = tab.locator(".st-key-guide_draw_reveal button")
    if button.count():
        button.first.click()
        idle(tab)
    tab.wait_for_function(f"() => {{ const s = ({HUB})(); return s && s.loadMs; }}", timeout=120_000)
    return time.monotonic() - started


def draw_strokes(tab, strokes: int) -> dict:
    """Draw, measure each stroke in the page's clock; Clear between strokes."""
    canvas = tab.locator("canvas.drawing-canvas").first
    canvas.scroll_into_view_if_needed()
    rates, finals = [], []
    for index in range(strokes):
        box = canvas.bounding_box()
        scale = box["width"] / 280
        points = [(box["x"] + x * scale, box["y"] + y * scale) for x, y in stroke_points(index)]
        before = tab.evaluate(HUB)
        tab.mouse.move(*points[0])
        tab.mouse.down()
        down_at = tab.evaluate("() => performance.now()")
        for x, y in points[1:]:
            tab.mouse.move(x, y)
            tab.wait_for_timeout(16)
        up_at = tab.evaluate("() => performance.now()")
        tab.mouse.up()
        tab.wait_for_function(f"() => ({HUB})().finals.length > {len(before['finals'])}", timeout=30_000)
        after = tab.evaluate(HUB)
        during = [t for t in after["at"] if down_at <= t <= up_at]
        rates.append(len(during) / ((up_at - down_at) / 1000))
        finals.append(after["finals"][-1])
        idle(tab)
        clear = tab.locator(".dc-clear").first
        if clear.is_enabled():
            clear.click()
            idle(tab)
    stats = tab.evaluate(HUB)
    return {"rates": rates, "finals": finals, "update_ms": stats["times"]}


def served_strokes(tab, strokes: int) -> None:
    canvas = tab.locator("canvas.drawing-canvas").first
    canvas.scroll_into_view_if_needed()
    for index in range(strokes):
        box = canvas.bounding_box()
        scale = box["width"] / 280
        points = [(box["x"] + x * scale, box["y"] + y * scale) for x, y in stroke_points(index)]
        tab.mouse.move(*points[0])
        tab.mouse.down()
        for x, y in points[1:]:
            tab.mouse.move(x, y)
            tab.wait_for_timeout(16)
        tab.mouse.up()
        idle(tab)
        clear = tab.locator(".dc-clear").first
        if clear.is_enabled():
            clear.click()
            idle(tab)


def first_decode(tab, url: str, path: str, selector: str, part: str | None = None) -> float:
    started = time.monotonic()
    tab.goto(f"{url}/{path}")
    tab.wait_for_selector("[data-testid='stMainBlockContainer'] h1", timeout=120_000)
    idle(tab)
    button = tab.locator(f".st-key-guide_{path}_reveal button")
    if button.count():
        button.first.click()
        idle(tab)
    if part:
        tab.locator(".st-key-vae_tab button", has_text=part).click()
    tab.wait_for_function("(s) => { const e = document.querySelector(s); return e && Number(e.dataset.liveUpdates || 0) >= 1; }",
                          arg=selector, timeout=180_000)
    return time.monotonic() - started


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strokes", type=int, default=12)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    from tests.launch import CHROMIUM, CHROMIUM_ARGS, prepare_models, running_app

    prepare_models()
    load = common.load_average()
    results = {}
    with running_app() as (url, server), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # A first visit (empty cache), then the same browser again (its cache and cookie).
        context = browser.new_context(viewport=VIEWPORT, locale="es-ES")
        tab = context.new_page()
        network = Network(context, tab)
        tab.goto(f"{url}/")  # the probe's cookie is set here, as on a student's first page
        idle(tab)
        tab.wait_for_function("() => document.cookie.includes('ae_lab_live=')", timeout=60_000)
        results["first_seconds"] = open_draw(tab, url)
        results["first_bytes"] = network.total
        network.total = 0
        results["cached_seconds"] = open_draw(tab, url)
        results["cached_bytes"] = network.total
        draw_strokes(tab, 2)  # warm-up, not counted: the server's first runs of the page fill its caches
        # The served path: a browser without WebAssembly, the server running every model.
        served = browser.new_context(viewport=VIEWPORT, locale="es-ES")
        served.add_init_script("delete globalThis.WebAssembly;")
        served_tab = served.new_page()
        served_tab.goto(f"{url}/draw")
        idle(served_tab)
        served_tab.wait_for_function("() => document.cookie.includes('ae_lab_live=0')", timeout=60_000)
        button = served_tab.locator(".st-key-guide_draw_reveal button")
        if button.count():
            button.first.click()
            idle(served_tab)
        served_strokes(served_tab, 2)  # warm-up
        time.sleep(2)
        cpu = cpu_seconds(server.pid)
        served_strokes(served_tab, args.strokes)
        results["served_cpu"] = (cpu_seconds(server.pid) - cpu) / args.strokes
        served.close()
        time.sleep(2)
        tab.evaluate("() => { const s = window.__aeLive.draw.stats; s.times.length = 0; }")
        cpu = cpu_seconds(server.pid)
        results["drawing"] = draw_strokes(tab, args.strokes)
        results["live_cpu"] = (cpu_seconds(server.pid) - cpu) / args.strokes
        context.close()
        for path, selector, part in (("latent_map", ".st-key-latent_live_vae_2 .ae-live-decode", None),
                                     ("vae_explorer", ".ae-live-decode", "Recorrer el código")):
            context = browser.new_context(viewport=VIEWPORT, locale="es-ES")
            tab = context.new_page()
            tab.goto(f"{url}/")
            idle(tab)
            tab.wait_for_function("() => document.cookie.includes('ae_lab_live=')", timeout=60_000)
            results[f"first_{path}"] = first_decode(tab, url, path, selector, part)
            context.close()
        browser.close()

    drawing = results["drawing"]
    rates, finals, update_ms = common.summary(drawing["rates"]), common.summary(drawing["finals"]), common.summary(drawing["update_ms"])
    lines = common.header("In the browser: drawing, downloads, first visits, server CPU", common.command_line(),
                          {"strokes": args.strokes, "pointer moves per stroke": 60, "move interval (ms)": 16,
                           "viewport": "1280x720", "browser": "headless Chromium (Debian), one tab at a time"}, load)
    lines += common.table(
        ["measure", "median", "p95 / worst", "target"],
        [["updates a second while the pen moves (/draw, every model + classifier)", f"{rates['median']:.1f}",
          f"{rates['min']:.1f} (slowest stroke)", ">= 15"],
         ["pen-up to the final digit's results on screen (ms)", f"{finals['median']:.0f}", f"{finals['p95']:.0f}", "<= 100"],
         ["one update: every Draw model and the classifier, in the worker (ms)", f"{update_ms['median']:.1f}",
          f"{update_ms['p95']:.1f}", ""],
         ["server CPU per stroke, live path (ms)", f"{results['live_cpu'] * 1000:.0f}", "", ""],
         ["server CPU per stroke, served path: no WebAssembly (ms)", f"{results['served_cpu'] * 1000:.0f}", "", ""]])
    lines += ["", "### Downloads and first visits", ""]
    lines += common.table(
        ["page", "bytes over the network", "seconds to the first live picture"],
        [["/draw, first visit (empty cache; the probe's home page before it)", f"{results['first_bytes']:,}",
          f"{results['first_seconds']:.1f}"],
         ["/draw, second visit (cached)", f"{results['cached_bytes']:,}", f"{results['cached_seconds']:.1f}"],
         ["/latent_map, first visit (the VAE map's first decode)", "", f"{results['first_latent_map']:.1f}"],
         ["/vae_explorer, first visit (the walk's first decode)", "", f"{results['first_vae_explorer']:.1f}"]])
    common.write_section(RESULTS, "browser", lines, "Live in the browser: measurements")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
