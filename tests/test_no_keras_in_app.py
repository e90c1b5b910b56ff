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
    "ae_core.inpaint, ae_core.baselines, ae_core.registry, ae_core.memo, ae_core.student_tasks, "
    "ae_core.lab.common, ae_core.lab.train_your_own, ae_core.web_assets, ae_core.onnx_export"
)
# Modules that build, train or evaluate Keras models at import: the only ones allowed to import it.
# (ae_core.student_tasks trains too, but imports Keras inside each task: the app imports it.)
KERAS_SIDE = {"ae_core.train_zoo"}


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
    """Every ae_core module but the Keras model files and KERAS_SIDE; the presets are plain data."""
    import ae_core
    from ae_core.registry import PRESETS_SUFFIX

    names = []
    for info in pkgutil.walk_packages(ae_core.__path__, prefix="ae_core."):
        is_presets = info.name.endswith(PRESETS_SUFFIX)
        if info.name.startswith("ae_core.models.") and info.name != "ae_core.models.pca" and not is_presets:
            continue  # the Keras model files
        if info.name not in KERAS_SIDE:
            names.append(info.name)
    return names


def test_every_other_ae_core_module_stays_free_of_keras_and_streamlit():
    """New app-side modules and presets are covered for free: everything but the model files and
    the zoo's trainer."""
    modules = _non_model_modules()
    assert "ae_core.preprocess" in modules and "ae_core.models.dense_ae" not in modules
    assert "ae_core.student_tasks" in modules and "ae_core.train_zoo" not in modules
    presets = [m for m in modules if m.endswith("_presets")]
    assert {"ae_core.models.dense_ae_presets", "ae_core.models.student_presets"} <= set(presets)
    assert len(presets) == len(list((REPO_ROOT / "ae_core" / "models").glob("*_presets.py")))
    result = run_python(
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "    bad = [m for m in ('keras', 'tensorflow', 'streamlit') if m in sys.modules]\n"
        "    assert not bad, f'{name} imports {bad}'\n"
    )
    assert result.returncode == 0, result.stderr[-2000:]



def test_reading_every_preset_and_the_worker_s_task_list_imports_no_keras():
    result = run_python(
        "import sys\n"
        "from ae_core import registry\n"
        "from ae_core.student_tasks import TASKS\n"
        "from ae_core.lab.train_your_own import architectures\n"
        "names = registry.list_models(pretrained=None)\n"
        "assert [registry.get_spec(n).class_name for n in names]\n"
        "assert set(TASKS) >= {'train_autoencoder', 'train_toy_ae', 'pretrain_classifiers', 'greedy_layerwise'}\n"
        "assert architectures()\n"
        "bad = [m for m in ('keras', 'tensorflow', 'streamlit') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    assert result.returncode == 0, result.stderr[-2000:]
