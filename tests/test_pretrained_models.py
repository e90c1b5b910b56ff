"""Every model the app serves from ``pretrained/`` answers as its ``.keras`` original does, on real
digits: the trained weights through the numpy serving runtime, not freshly built untrained ones."""

from __future__ import annotations

import numpy as np
import pytest

from ae_core import registry, zoo

SERVED = [name for name in zoo.read_manifest()["models"] if registry.get_spec(name).kind != "pca"]
TOLERANCE = 1e-4  # float32 through two runtimes: measured differences are ~1e-6

pytestmark = pytest.mark.slow


def answers(model, digits, kind: str) -> dict:
    """What the app asks of a model, by interface method."""
    if kind == "classifier":
        return {"predict_proba": np.asarray(model.predict_proba(digits))}
    code = np.asarray(model.encode(digits))
    return {"encode": code, "decode": np.asarray(model.decode(code)), "reconstruct": np.asarray(model.reconstruct(digits))}


@pytest.mark.parametrize("name", SERVED)
def test_the_served_model_equals_its_keras_file_on_real_digits(name, digits, prepared_zoo):
    served, original = zoo.load_pretrained(name), zoo.load_keras(name)
    assert type(original).__name__ == registry.get_spec(name).class_name
    kind = registry.get_spec(name).kind
    got, expected = answers(served, digits, kind), answers(original, digits, kind)
    assert got.keys() == expected.keys()
    for method, value in expected.items():
        assert got[method].shape == value.shape, method
        np.testing.assert_allclose(got[method], value, atol=TOLERANCE, err_msg=f"{name}.{method}")
    # The trained weights: on these digits the served model does about as well as training measured
    # on the test set (an untrained or another model's weights would not).
    measured = zoo.read_manifest()["models"][name]["test_metrics"].get("squared_error")
    if measured is not None and registry.get_spec(name).dataset == "mnist":
        error = float(np.mean(np.sum((got["reconstruct"] - digits) ** 2, axis=(1, 2, 3))))
        assert error < 2 * measured + 5, (name, error, measured)

def test_every_zoo_preset_is_in_the_manifest_and_nothing_else_is():
    listed = set(zoo.read_manifest()["models"])
    assert listed == set(registry.list_models())


@pytest.mark.parametrize("name", list(zoo.read_manifest()["models"]))
def test_the_manifest_keeps_only_what_training_measured(name):
    entry = zoo.read_manifest()["models"][name]
    assert not {"title", "description", "class", "kind", "tags", "dataset", "config"} & set(entry), name
    assert {"sha256", "params", "test_metrics", "recipe", "data_source", "file"} <= set(entry), name
