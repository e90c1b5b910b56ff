"""The registry: the one vocabulary of models (names, presets, titles, strict overrides)."""

from __future__ import annotations

import pytest

from ae_core import registry
from ae_core.registry import ModelSpec, build_model, get_spec, list_models

KINDS = {"autoencoder", "vae", "pca", "classifier"}
DATASETS = {"mnist", "fashion_mnist"}


def test_names_are_unique_and_specs_agree():
    names = list_models()
    assert len(names) == len(set(names)) > 0
    for name in names:
        spec = get_spec(name)
        assert isinstance(spec, ModelSpec) and spec.name == name


@pytest.mark.parametrize("name", list_models())
def test_every_spec_is_plain_data_in_both_languages(name):
    spec = get_spec(name)
    assert spec.kind in KINDS
    assert spec.dataset in DATASETS
    for field in (spec.title, spec.description):
        assert set(field) == {"en", "es"}
        assert all(isinstance(text, str) and text.strip() for text in field.values())
    assert spec.recipe.epochs >= 1 and spec.recipe.batch_size >= 1


def test_unknown_name_is_a_key_error_naming_it():
    with pytest.raises(KeyError, match="no_such_model"):
        get_spec("no_such_model")
    with pytest.raises(KeyError, match="no_such_model"):
        build_model("no_such_model")


def test_unknown_override_is_a_type_error_listing_accepted_keys():
    with pytest.raises(TypeError) as info:
        build_model("dense_ae_2", hiden_units=(8,))  # a typo must not be swallowed
    message = str(info.value)
    assert "hiden_units" in message
    assert "accepted" in message and "hidden_units" in message and "latent_dim" in message


def test_known_override_reaches_the_model():
    model = build_model("pca", n_components=3)
    assert model.n_components == 3


def test_filters_select_by_kind_dataset_and_tag():
    assert set(list_models(kind="vae")) == {n for n in list_models() if get_spec(n).kind == "vae"}
    assert list_models(kind="vae")
    fashion = list_models(dataset="fashion_mnist")
    assert fashion and all(get_spec(n).dataset == "fashion_mnist" for n in fashion)
    assert all("draw" in get_spec(n).tags for n in list_models(tag="draw"))
    assert list_models(tag="no-such-tag") == []


def test_registering_a_name_twice_is_an_error():
    name = list_models()[0]
    spec = get_spec(name)
    with pytest.raises(ValueError, match="twice"):
        registry.register_model(
            name, model_class=spec.model_class, config=spec.config, title=spec.title, description=spec.description
        )
    assert get_spec(name) is spec


def test_register_rejects_missing_language_and_unknown_config_keys():
    class Toy:
        def __init__(self, size=1):
            self.size = size

    text = {"en": "x", "es": "x"}
    with pytest.raises(ValueError, match="'en' and 'es'"):
        registry.register_model("toy_bad_lang", model_class=Toy, config={}, title={"en": "x"}, description=text)
    with pytest.raises(TypeError, match="sise"):
        registry.register_model("toy_bad_key", model_class=Toy, config={"sise": 2}, title=text, description=text)
    assert "toy_bad_lang" not in list_models() and "toy_bad_key" not in list_models()
