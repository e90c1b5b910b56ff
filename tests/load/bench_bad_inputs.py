"""Bad input at scale: every generated upload and canvas payload through the page's code path.

    python tests/load/bench_bad_inputs.py [--apptest N] [--out tests/benchmarks/results/bad_inputs.md]

Direct path (every case): uploads go, as the upload control sends them (a data URL), through
``pages.common.upload_box.read_upload`` and ``ae_core.preprocess.digit_from_upload`` exactly as
``pages/common/digit_input.py`` calls them; canvas payloads through the canvas' value reader
(``pages.common.drawing_canvas.read_drawing``: strokes and data-URL parsing), the PNG decode
(``canvas_rgba``) and ``digit_from_canvas``. Each outcome must be right for its case
(see tests/load/bad_inputs.py): an ``ImageProblem`` whose code has a ``problem_<code>``
translation, a 28x28 image in [0, 1], or "nothing drawn". Anything else is an unhandled error.

AppTest path (``--apptest N`` cases, spread over every group, 0 to skip): the same payloads
through the real Draw page (the upload control's or the canvas' session-state value), checking that
the page shows no exception and no "something went wrong" message.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
import traceback
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.load import common  # noqa: E402
from tests.load.bad_inputs import Case, generate  # noqa: E402

SLOW_CASE_SECONDS = 2.0


def canvas_drawing(value):
    """The :class:`Drawing` the page reads from a canvas' session-state value."""
    from pages.common.drawing_canvas import read_drawing

    return read_drawing(value.get("drawing") if isinstance(value, dict) else None)


def translated(code: str) -> bool:
    """The problem has a message in every language's catalog (``i18n.option("problem_", code)``)."""
    from pages.common import i18n

    key = i18n.FAMILIES["problem_"].get(code)
    return key is not None and all(key in i18n.catalog(lang) for lang in i18n.LANGUAGES)


def upload_value(case: Case) -> dict:
    """What our upload control (pages/common/upload_box.py) sends for this case's file: its name
    and its bytes as a data URL. Even a file over the size limit is sent (the control refuses it in
    the browser; a client that does not is refused by ``read_upload``)."""
    from tests.load.bad_inputs import data_url

    name = case.filename or "upload.png"
    return {"file": {"name": name, "size": len(case.payload), "data": data_url(case.payload), "refused": None}}


def uploaded_bytes(value: dict) -> bytes:
    """The bytes the page takes from the control's value, as pages/common/digit_input.py does:
    ``read_upload``, and a refusal as the ImageProblem the page shows."""
    from ae_core.preprocess import ImageProblem
    from pages.common.upload_box import read_upload

    upload = read_upload(value["file"])
    if upload.refused:
        raise ImageProblem(upload.refused, "")
    return upload.data


def evaluate(case: Case) -> dict:
    """Run one case through the page's path; classify what came out."""
    import numpy as np

    from ae_core.preprocess import ImageProblem, canvas_rgba, digit_from_canvas, digit_from_upload

    start = time.perf_counter()
    outcome, detail = None, ""
    try:
        if case.kind == "upload":
            digit = digit_from_upload(uploaded_bytes(upload_value(case)), "mnist")
            image = digit.image
        else:
            png = canvas_drawing(case.payload).png
            image = None if png is None else digit_from_canvas(canvas_rgba(png)).image
        if image is None:
            outcome = "nothing"
        else:
            image = np.asarray(image)
            ok = (image.shape == (28, 28) and image.dtype == np.float32 and bool(np.isfinite(image).all())
                  and float(image.min()) >= 0.0 and float(image.max()) <= 1.0)
            outcome = "digit" if ok else "bad_digit"
            detail = "" if ok else f"shape {image.shape} dtype {image.dtype} range {image.min()}..{image.max()}"
    except ImageProblem as problem:
        outcome = f"problem:{problem.code}"
        detail = problem.detail
        if not translated(problem.code):
            outcome, detail = "untranslated_problem", f"{problem.code}: {problem.detail}"
    except Exception as exc:  # noqa: BLE001 - what this script looks for
        outcome = "crash"
        detail = f"{type(exc).__name__}: {exc}"[:300] + "\n" + traceback.format_exc(limit=-3)
    seconds = time.perf_counter() - start
    handled = outcome in ("digit", "nothing") or outcome.startswith("problem:")
    right = handled and ("handled" in case.expect or outcome in case.expect)
    return {"case": case, "outcome": outcome, "detail": detail, "seconds": seconds, "handled": handled,
            "as_expected": right}


def spread(cases: list[Case], n: int) -> list[Case]:
    """About ``n`` cases covering every group (for the slower AppTest path)."""
    if n <= 0:
        return []
    by_group = defaultdict(list)
    for case in cases:
        by_group[case.group].append(case)
    chosen, round_ = [], 0
    while len(chosen) < n and any(round_ < len(v) for v in by_group.values()):
        for group in sorted(by_group):
            if round_ < len(by_group[group]) and len(chosen) < n:
                chosen.append(by_group[group][round_])
        round_ += 1
    return chosen


def evaluate_in_page(cases: list[Case]) -> list[dict]:
    """The cases through the real Draw page under AppTest (upload control / canvas value)."""
    from tests.apptest_support import EMPTY_CANVAS, open_page, texts

    results = []
    uploads = open_page("draw", "en")
    uploads.segmented_control(key="draw_input_mode").set_value("upload").run()
    canvas = open_page("draw", "en")
    for case in cases:
        start = time.perf_counter()
        at = uploads if case.kind == "upload" else canvas
        if case.kind == "upload":
            at.session_state["draw_upload"] = upload_value(case)  # as our upload control sends it
        else:
            at.session_state["draw_canvas"] = case.payload
        try:
            at.run()
            errors = [e.value for e in at.exception]
            shown = texts(at)
            failed = bool(errors) or "Something went wrong" in shown
            detail = "; ".join(str(e)[:200] for e in errors) or ("'something went wrong' shown" if failed else "")
            if not failed and case.expect == {"digit"} and at.session_state["digit"] is None:
                failed, detail = True, "a readable digit did not become the page's digit"
        except Exception as exc:  # noqa: BLE001
            failed, detail = True, f"{type(exc).__name__}: {exc}"[:300]
        results.append({"case": case, "failed": failed, "detail": detail, "seconds": time.perf_counter() - start})
        if case.kind == "canvas":  # a cleared canvas before the next case, as after "Clear"
            at.session_state["draw_canvas"] = EMPTY_CANVAS
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--apptest", type=int, default=120, help="cases also run through the Draw page (0: none)")
    parser.add_argument("--out", default=str(common.RESULTS / "bad_inputs.md"))
    args = parser.parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    load = common.load_average()
    cases = generate()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    results = [evaluate(case) for case in cases]
    direct_seconds = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    page_results = []
    if args.apptest:
        from ae_core import zoo

        zoo.prepare_in_subprocess()
        page_results = evaluate_in_page(spread(cases, args.apptest))

    crashes = [r for r in results if not r["handled"]]
    wrong = [r for r in results if r["handled"] and not r["as_expected"]]
    slow = [r for r in results if r["seconds"] > SLOW_CASE_SECONDS]
    page_failures = [r for r in page_results if r["failed"]]

    lines = common.header(
        "Bad input at scale", common.command_line(),
        {"cases": len(cases), "uploads": sum(c.kind == "upload" for c in cases),
         "canvas payloads": sum(c.kind == "canvas" for c in cases), "AppTest cases": len(page_results)},
        load,
    )
    by_group = defaultdict(list)
    for r in results:
        by_group[(r["case"].kind, r["case"].group)].append(r)
    rows = []
    for (kind, group), items in sorted(by_group.items()):
        outcomes = Counter(r["outcome"] for r in items)
        rows.append([kind, group, len(items), ", ".join(f"{k} {v}" for k, v in outcomes.most_common()),
                     sum(not r["handled"] for r in items), sum(r["handled"] and not r["as_expected"] for r in items),
                     f"{max(r['seconds'] for r in items) * 1000:.0f}"])
    lines += common.table(["kind", "group", "cases", "outcomes", "unhandled", "unexpected", "slowest ms"], rows)
    totals = Counter(r["outcome"] for r in results)
    lines += [
        "",
        f"**Direct path: {len(results)} cases, {len(crashes)} unhandled exceptions, {len(wrong)} unexpected "
        f"outcomes**, {direct_seconds:.1f} s in all; slowest case {max(r['seconds'] for r in results) * 1000:.0f} ms; "
        f"process peak RSS {rss_before:.0f} MB before, {rss_after:.0f} MB after.",
        "",
        "Outcomes: " + ", ".join(f"{k}: {v}" for k, v in totals.most_common()) + ".",
        "",
    ]
    if args.apptest:
        page_seconds = [r["seconds"] for r in page_results]
        lines += [
            f"**Draw page (AppTest): {len(page_results)} cases over every group, {len(page_failures)} showed an "
            f"exception or the 'something went wrong' message**; median {common.percentile(page_seconds, 50) * 1000:.0f} ms "
            f"per case, slowest {max(page_seconds) * 1000:.0f} ms.",
            "",
        ]
    for title, items in (("Unhandled", crashes), ("Unexpected", wrong), ("Slower than 2 s", slow),
                         ("Page failures", page_failures)):
        if items:
            lines += [f"### {title}", ""]
            for r in items[:40]:
                what = r.get("outcome", "page")
                lines.append(f"- `{r['case'].name}`: {what} {r['detail'][:200]!r} ({r['seconds'] * 1000:.0f} ms)")
            lines.append("")
    common.write_section(Path(args.out), "bad_inputs", lines, "Bad inputs")
    print("\n".join(lines))
    for r in crashes[:5]:
        print(r["case"].name, r["detail"], file=sys.stderr)
    return 1 if crashes or wrong or page_failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
