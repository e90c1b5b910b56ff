"""The README's pictures of the app: a few pages in Spanish, on a 1280x720 screen, in the dark and
the light theme, with a digit drawn on the canvas and the lesson's question answered, scrolled to
its results.

The digit is drawn, not picked: the pictures are committed, and the data sets' images may not be
(so no page that shows data set digits is among them).

    python3 tests/screenshots/make_screenshots.py [--out tests/screenshots] [--pages draw,noise_lab]

Starts the app like the README (tests/launch.py) and Debian's Chromium; writes <page>-<theme>.png.
tests/browser/test_screenshots_browser.py re-runs it on one page, so it keeps working.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __name__ == "__main__":  # script mode: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.browser import layout_checks  # noqa: E402
from tests.browser.helpers import draw_stroke, open_app  # noqa: E402
from tests.launch import CHROMIUM, CHROMIUM_ARGS, prepare_models, running_app  # noqa: E402

OUT = Path(__file__).resolve().parent
PAGES = ("draw", "noise_lab", "latent_map", "vae_explorer", "compression")
THEMES = {"dark": "?embed_options=dark_theme", "light": "?view=projector&embed_options=light_theme"}


# A "7" on the 280-px canvas: its bar, then its stem.
SEVEN = ([(70 + 10 * i, 60) for i in range(15)], [(210 - 5 * i, 60 + 10 * i) for i in range(19)])


def draw_seven(tab) -> None:
    tab.locator("canvas.drawing-canvas").first.wait_for(timeout=60_000)
    for stroke in SEVEN:
        draw_stroke(tab, stroke)
        layout_checks.settle(tab)


# The page scrolled so that the lesson's question (answered) is at the top: its results below it.
SCROLL_TO_RESULTS = """() => {
  const main = document.querySelector('[data-testid=stMain]');
  const box = document.querySelector('[class*="st-key-guide_"][class*="_box"]');
  main.scrollTo(0, box ? box.getBoundingClientRect().top - main.getBoundingClientRect().top + main.scrollTop - 16 : 0);
}"""


def shoot(browser, url: str, out: Path, pages=PAGES, themes=THEMES) -> list[Path]:
    written = []
    for theme, query in themes.items():
        context = layout_checks.new_context(browser, "projector", "es")
        try:
            tab = context.new_page()
            open_app(tab, url, "draw" + query)
            layout_checks.settle(tab)
            draw_seven(tab)  # the session's digit on every page after
            for page in pages:
                layout_checks.navigate(tab, page)
                layout_checks.reveal_results(tab)
                layout_checks.prepare(tab)
                tab.evaluate(SCROLL_TO_RESULTS)
                tab.wait_for_timeout(500)
                path = out / f"{page}-{theme}.png"
                tab.screenshot(path=str(path))
                written.append(path)
        finally:
            context.close()
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--pages", default=",".join(PAGES))
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    prepare_models()
    args.out.mkdir(parents=True, exist_ok=True)
    with running_app(args.out / "server.log") as (url, _), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for path in shoot(browser, url, args.out, args.pages.split(",")):
            print(path)
        browser.close()
    (args.out / "server.log").unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
