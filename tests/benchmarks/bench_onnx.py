"""The served models as ONNX: which exporter, and which runtime on the server.

    pip install tf2onnx==1.17.0        # only for the Keras exporter's column
    PYTHONPATH=. python tests/benchmarks/bench_onnx.py

For every part (encoder, decoder, network) of every served model:
- *exporters*: ONNX built from the numpy serving program (``ae_core.onnx_export``, the ``onnx``
  package only) and Keras' own ``export(format="onnx")`` (tf2onnx): whether it exports, the
  largest difference from the Keras model on 64 real digits (run by onnxruntime), the file's
  size, the export time;
- *server runtime*: one digit and a batch of 64 through the numpy program (``ae_core.serving``,
  what the app runs today) and through onnxruntime (one thread, as one app process per core),
  median of repeated runs.
Writes the "onnx" section of ``results/live.md``.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from tests.load import common  # noqa: E402

RESULTS = REPO / "tests" / "benchmarks" / "results" / "live.md"
REPEATS = 30


def median_ms(function, repeats: int = REPEATS) -> float:
    function()  # warm
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return 1000 * statistics.median(times)


def keras_part(model, part: str):
    return getattr(model, part)  # encoder, decoder, or the classifier's network


def keras_export(keras_model, part: str, x, folder: Path):
    """(file bytes, seconds) of Keras' own ONNX export of one part, or (None, reason)."""
    try:
        import tf2onnx  # noqa: F401
    except ImportError:
        return None, "tf2onnx not installed"
    layer = keras_part(keras_model, part)
    layer(x[:1])  # Keras exports only a model that has been called
    path = folder / f"{part}.onnx"
    started = time.time()
    try:
        layer.export(str(path), format="onnx", verbose=False)
    except Exception as problem:  # noqa: BLE001 - the table says why
        return None, f"{type(problem).__name__}: {str(problem)[:80]}"
    return path.read_bytes(), time.time() - started


def session(blob: bytes):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    return ort.InferenceSession(blob, options, providers=["CPUExecutionProvider"])


def run_session(sess, x):
    return sess.run(None, {sess.get_inputs()[0].name: np.asarray(x, "float32")})[0]


def main() -> int:
    from threadpoolctl import threadpool_limits

    from ae_core import registry, zoo
    from ae_core.data import load_mnist_sample
    from ae_core.onnx_export import model_parts, to_onnx

    zoo.prepare(log=lambda message: None)
    sample = load_mnist_sample()
    digits = np.asarray(sample.x_train[::50][:64], "float32")
    served_names = [n for n in zoo.read_manifest()["models"] if registry.get_spec(n).kind != "pca"]
    export_rows, speed_rows, totals = [], [], {"numpy": [0.0, 0.0], "onnxruntime": [0.0, 0.0]}
    load = common.load_average()
    with threadpool_limits(limits=1, user_api="blas"), tempfile.TemporaryDirectory() as tmp:
        for name in served_names:
            served, original = zoo.load_pretrained(name), zoo.load_keras(name)
            for part in model_parts(served):
                x = served.encode(digits) if part == "decoder" else digits
                truth = np.asarray(keras_part(original, part)(x))
                started = time.time()
                ours = to_onnx(served, part).SerializeToString()
                ours_seconds = time.time() - started
                ours_session = session(ours)
                ours_diff = float(np.abs(run_session(ours_session, x) - truth).max())
                theirs, theirs_seconds = keras_export(original, part, x, Path(tmp))
                if theirs is not None:
                    theirs_diff = float(np.abs(run_session(session(theirs), x) - truth).max())
                    theirs_cells = [common.fmt(theirs_diff * 1e6, 1), f"{len(theirs) / 1e3:,.0f}", common.fmt(theirs_seconds, 2)]
                else:
                    theirs_cells = [f"fails: {theirs_seconds}", "—", "—"]
                export_rows.append([f"`{name}`", part, common.fmt(ours_diff * 1e6, 1), f"{len(ours) / 1e3:,.0f}",
                                    common.fmt(ours_seconds, 2), *theirs_cells])
                program = {"encoder": served.encode, "decoder": served.decode, "network": served.predict_proba}[part]
                one = {"numpy": median_ms(lambda: program(x[:1])), "onnxruntime": median_ms(lambda: run_session(ours_session, x[:1]))}
                batch = {"numpy": median_ms(lambda: program(x), 10), "onnxruntime": median_ms(lambda: run_session(ours_session, x), 10)}
                for runtime in totals:
                    totals[runtime][0] += one[runtime]
                    totals[runtime][1] += batch[runtime]
                speed_rows.append([f"`{name}`", part, common.fmt(one["numpy"], 3), common.fmt(one["onnxruntime"], 3),
                                   common.fmt(batch["numpy"], 2), common.fmt(batch["onnxruntime"], 2)])
                print(name, part, export_rows[-1][2:], speed_rows[-1][2:], flush=True)
    speed_rows.append(["**all parts**", "", *[f"**{common.fmt(totals[r][0], 2)}**" for r in totals],
                       *[f"**{common.fmt(totals[r][1], 1)}**" for r in totals]])
    lines = common.header("ONNX: exporters and the server's runtime", common.command_line(),
                          {"digits": len(digits), "repeats": REPEATS, "threads": 1}, load)
    lines += ["", "### Exporters (largest difference from the Keras model, in millionths; size in kB; seconds)", ""]
    lines += common.table(["model", "part", "from the serving program: max diff (1e-6)", "kB", "s",
                           "Keras export (tf2onnx): max diff (1e-6)", "kB", "s"], export_rows)
    lines += ["", "### Server runtime (median ms; one thread)", ""]
    lines += common.table(["model", "part", "numpy, 1 digit", "onnxruntime, 1 digit", "numpy, 64 digits",
                           "onnxruntime, 64 digits"], speed_rows)
    common.write_section(RESULTS, "onnx", lines, "Live in the browser: measurements")
    print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
