"""The app process never imports Keras (see ae_core.serving), and ae_core never imports Streamlit.

Each check runs in a fresh interpreter: this test process has imported Keras already.
"""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

APP_SIDE = (
    "ae_core.serving, ae_core.zoo, ae_core.preprocess, ae_core.data, ae_core.corrupt, ae_core.metrics, "
    "ae_core.inpaint, ae_core.baselines, ae_core.registry"
)
# Modules that build, train or evaluate Keras models: the only ones allowed to import it.
KERAS_SIDE = {"ae_core.train"}


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )


def test_app_modules_do_not_import_keras():
    result = run_python(
        f"import {APP_SIDE}, sys; "
        "assert 'keras' not in sys.modules and 'tensorflow' not in sys.modules, "
        "sorted(m for m in sys.modules if m.split('.')[0] in ('keras', 'tensorflow'))[:5]"
    )
    assert result.returncode == 0, result.stderr[-2000:]


def _non_model_modules():
    import ae_core

    names = []
    for info in pkgutil.walk_packages(ae_core.__path__, prefix="ae_core."):
        if info.name.startswith("ae_core.models.") and info.name != "ae_core.models.pca":
            continue  # the Keras model files
        if info.name not in KERAS_SIDE:
            names.append(info.name)
    return names


def test_every_other_ae_core_module_stays_free_of_keras_and_streamlit():
    """New app-side modules are covered for free: everything but the model files and train."""
    modules = _non_model_modules()
    assert "ae_core.preprocess" in modules and "ae_core.models.dense_ae" not in modules
    result = run_python(
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "    bad = [m for m in ('keras', 'tensorflow', 'streamlit') if m in sys.modules]\n"
        "    assert not bad, f'{name} imports {bad}'\n"
    )
    assert result.returncode == 0, result.stderr[-2000:]

