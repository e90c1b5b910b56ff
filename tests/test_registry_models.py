"""Every registered Keras model, parametrized over the registry (the zoo's presets and the students'):
a new preset is tested for free.

Build and shapes, config round trip, ``.keras`` save/reload (safe mode), the numpy serving export
against Keras, and one tiny training step with the named losses. PCA (numpy only) is in
test_pca.py.
"""

from __future__ import annotations

import copy
import io

import keras
import numpy as np
import pytest

from ae_core.registry import build_model, get_spec, list_models
from ae_core.serving import ServingModel, export_model

KERAS_MODELS = [name for name in list_models(pretrained=None) if get_spec(name).kind != "pca"]


def _first_of_each_class(names):
    first = {}
    for name in names:
        first.setdefault(get_spec(name).model_class, name)
    return list(first.values())


# One preset per model class, for the checks that are about the class (graph-mode training).
FIRST_OF_CLASS = _first_of_each_class(KERAS_MODELS)

pytestmark = pytest.mark.slow

_BUILT: dict = {}


def shared_model(name):
    """A model built once per session, for tests that only read it (never trained here)."""
    if name not in _BUILT:
        _BUILT[name] = build_model(name)
    return _BUILT[name]


def expected_losses(name) -> set:
    spec = get_spec(name)
    if spec.kind == "classifier":
        return {"loss"}
    names = {"loss", "reconstruction_loss"}
    if spec.kind == "vae":
        names.add("kl_loss")
    if spec.class_name == "SparseAE":
        names.add("sparsity_loss")
    return names


def outputs(model, x) -> dict:
    """Everything a model answers about ``x``, by interface method, as numpy."""
    if hasattr(model, "predict_proba"):
        return {"predict_proba": model.predict_proba(x)}
    out = {"encode": model.encode(x), "reconstruct": model.reconstruct(x)}
    if hasattr(model, "encode_distribution"):
        mean, log_var = model.encode_distribution(x)
        out.update(mean=mean, log_var=log_var)
    return out


def test_registry_lists_keras_models():
    assert len(KERAS_MODELS) >= 10
    assert set(FIRST_OF_CLASS) <= set(KERAS_MODELS)
    assert set(list_models(pretrained=False)) <= set(KERAS_MODELS)  # the students' presets too


@pytest.mark.parametrize("name", KERAS_MODELS)
def test_build_and_shapes(name, digits):
    model = shared_model(name)
    x = digits[:5]
    if get_spec(name).kind == "classifier":
        proba = model.predict_proba(x)
        assert proba.shape == (5, model.num_classes)
        assert np.all(proba >= 0)
        np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-5)
        return
    z = model.encode(x)
    assert z.shape == (5, model.latent_dim)
    assert z.dtype == np.float32
    x_hat = model.decode(z)
    assert x_hat.shape == (5, 28, 28, 1)
    np.testing.assert_allclose(model.reconstruct(x), x_hat, atol=1e-6)
    assert isinstance(model.encoder, keras.Model) and isinstance(model.decoder, keras.Model)


@pytest.mark.parametrize("name", KERAS_MODELS)
def test_config_round_trip(name):
    model = shared_model(name)
    config = model.get_config()
    assert type(model).from_config(config).get_config() == config
    # get_config stores the constructor's hyperparameters under their own names.
    for key, value in get_spec(name).config.items():
        assert config[key] == (list(value) if isinstance(value, tuple) else value), key


@pytest.mark.parametrize("name", KERAS_MODELS)
def test_keras_save_and_safe_reload(name, digits, tmp_path):
    model = shared_model(name)
    path = tmp_path / f"{name}.keras"
    model.save(path)
    reloaded = keras.saving.load_model(path, safe_mode=True)
    assert type(reloaded) is type(model)
    assert reloaded.get_config() == model.get_config()
    x = digits[:8]
    before, after = outputs(model, x), outputs(reloaded, x)
    assert before.keys() == after.keys()
    for key in before:
        np.testing.assert_allclose(after[key], before[key], atol=1e-6, err_msg=key)


@pytest.mark.parametrize("name", KERAS_MODELS)
def test_serving_export_matches_keras(name, digits):
    model = shared_model(name)
    served = export_model(model, name)
    assert served.name == name
    x = digits[:8]
    if get_spec(name).kind == "classifier":
        assert served.kind == "classifier"
        proba = served.predict_proba(x)
        np.testing.assert_allclose(proba, model.predict_proba(x), atol=1e-4)
        np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-5)
        return
    assert served.latent_dim == model.latent_dim
    np.testing.assert_allclose(served.encode(x), model.encode(x), atol=1e-4)
    np.testing.assert_allclose(served.reconstruct(x), model.reconstruct(x), atol=1e-4)
    z = np.random.default_rng(1).standard_normal((4, model.latent_dim)).astype("float32")
    np.testing.assert_allclose(served.decode(z), model.decode(z), atol=1e-4)
    assert served.encode(x[:0]).shape == (0, model.latent_dim)  # an empty batch keeps its layout
    assert served.reconstruct(x[:0]).shape == (0, 28, 28, 1)
    if get_spec(name).kind == "vae":
        assert served.kind == "vae"
        for got, want in zip(served.encode_distribution(x), model.encode_distribution(x)):
            np.testing.assert_allclose(got, want, atol=1e-4)
        np.testing.assert_allclose(served.sample(3, seed=5), model.sample(3, seed=5), atol=1e-4)


@pytest.mark.parametrize("name", KERAS_MODELS)
def test_served_model_survives_bytes(name, digits):
    served = export_model(shared_model(name), name)
    again = ServingModel.load(io.BytesIO(served.to_bytes()))
    assert again.program == served.program
    assert again.arrays.keys() == served.arrays.keys()
    x = digits[:4]
    if served.kind == "classifier":
        np.testing.assert_array_equal(again.predict_proba(x), served.predict_proba(x))
    else:
        np.testing.assert_array_equal(again.reconstruct(x), served.reconstruct(x))
    # One instance is shared by every session: its arrays refuse writes.
    with pytest.raises(ValueError):
        next(iter(again.arrays.values()))[...] = 0.0


def _fit_one_step(model, name, x, y, run_eagerly):
    optimizer = keras.optimizers.Adam(1e-3)
    if get_spec(name).kind == "classifier":
        model.compile(optimizer, loss="sparse_categorical_crossentropy", run_eagerly=run_eagerly)
        return model.fit(x, y, epochs=1, batch_size=len(x), verbose=0)
    model.compile(optimizer, run_eagerly=run_eagerly)
    return model.fit(x, x, epochs=1, batch_size=len(x), verbose=0)


def _check_step(model, name, history, weights_before):
    losses = history.history
    assert expected_losses(name) <= set(losses), sorted(losses)
    if get_spec(name).kind != "vae":
        assert "kl_loss" not in losses
    values = {k: v[0] for k, v in losses.items()}
    assert all(np.isfinite(v) for v in values.values()), values
    named = [k for k in ("reconstruction_loss", "kl_loss", "sparsity_loss", "embedding_loss") if k in values]
    if named:  # one batch: the total is exactly the sum of the named parts
        assert values["loss"] == pytest.approx(sum(values[k] for k in named), rel=1e-4)
    for extra in ("kl_loss", "sparsity_loss", "embedding_loss"):
        if extra in values:
            assert values[extra] > 0.0
    changed = [not np.array_equal(a, b) for a, b in zip(weights_before, model.get_weights())]
    assert any(changed), "one training step left every weight unchanged"


@pytest.mark.parametrize("name", KERAS_MODELS)
def test_one_training_step_tracks_named_losses(name, digits, digit_labels):
    model = build_model(name)  # fresh: the shared models are never trained
    before = [w.copy() for w in model.get_weights()]
    history = _fit_one_step(model, name, digits[:16], digit_labels[:16], run_eagerly=True)
    _check_step(model, name, history, before)


@pytest.mark.parametrize("name", FIRST_OF_CLASS)
def test_one_graph_mode_training_step(name, digits, digit_labels):
    """As ``ae_core.train_zoo`` fits: compiled to a graph (catches ops that only work eagerly)."""
    model = build_model(name)
    before = [w.copy() for w in model.get_weights()]
    history = _fit_one_step(model, name, digits[:16], digit_labels[:16], run_eagerly=False)
    _check_step(model, name, history, before)


def _listified(config: dict) -> dict:
    return {k: list(v) for k, v in config.items() if isinstance(v, (tuple, list))}


@pytest.mark.parametrize("name", [n for n in KERAS_MODELS if _listified(get_spec(n).config)])
def test_constructor_does_not_mutate_arguments(name):
    arguments = _listified(get_spec(name).config)
    snapshot = copy.deepcopy(arguments)
    build_model(name, **arguments)
    assert arguments == snapshot


def test_keras_models_keep_the_layout_of_an_empty_batch(digits):
    model = shared_model("conv_ae")
    assert model.encode(digits[:0]).shape == (0, model.latent_dim)
    assert model.reconstruct(digits[:0]).shape == (0, 28, 28, 1)


def test_dense_ae_mirrors_hidden_units_without_touching_them():
    from ae_core.models.dense_ae import DenseAE

    hidden = [64, 16]
    model = DenseAE(hidden_units=hidden, latent_dim=3)
    assert hidden == [64, 16]
    encoder_widths = [layer.units for layer in model.encoder.layers if hasattr(layer, "units")]
    decoder_widths = [layer.units for layer in model.decoder.layers if hasattr(layer, "units")]
    assert encoder_widths == [64, 16, 3]
    assert decoder_widths == [16, 64, 784]


def test_tied_ae_has_about_half_the_parameters():
    dense, tied = shared_model("dense_ae_30"), shared_model("tied_ae")
    assert dense.get_config()["hidden_units"] == tied.get_config()["hidden_units"]
    assert dense.latent_dim == tied.latent_dim
    ratio = tied.count_params() / dense.count_params()
    assert 0.45 < ratio < 0.55, ratio
    # The decoder owns only biases: every decoder kernel is an encoder kernel.
    encoder_ids = {id(w) for w in tied.encoder.weights}
    own = [w for w in tied.decoder.weights if id(w) not in encoder_ids]
    assert own and all(len(w.shape) == 1 for w in own)


def test_vae_encode_is_the_mean_and_sampling_is_seeded(digits):
    model = shared_model("vae_2")
    mean, log_var = model.encode_distribution(digits[:4])
    np.testing.assert_allclose(model.encode(digits[:4]), mean, atol=1e-6)
    assert log_var.shape == mean.shape == (4, 2)
    np.testing.assert_array_equal(model.sample(3, seed=7), model.sample(3, seed=7))
    assert not np.array_equal(model.sample(3, seed=7), model.sample(3, seed=8))
