"""The registry: the one vocabulary of models (names, presets as plain data, titles, strict keys).

Every preset is checked here, the zoo's and the students' alike (``list_models(pretrained=None)``):
its config keys are the class's constructor arguments, and its dotted path names that class.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import pytest

from ae_core import registry
from ae_core.registry import ModelSpec, build_model, get_spec, list_models
from tests.apptest_support import REPO_ROOT

KINDS = {"autoencoder", "vae", "pca", "classifier"}
DATASETS = {"mnist", "fashion_mnist"}
EVERY_PRESET = list_models(pretrained=None)


@pytest.fixture
def scratch_registry(monkeypatch):
    """A copy of the registry for tests that register presets: the real one is restored after."""
    list_models()  # every preset module imported first, into the real registry
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))
    monkeypatch.setattr(registry, "_ORIGIN", dict(registry._ORIGIN))


def test_names_are_unique_and_specs_agree():
    assert len(EVERY_PRESET) == len(set(EVERY_PRESET)) > 0
    for name in EVERY_PRESET:
        spec = get_spec(name)
        assert isinstance(spec, ModelSpec) and spec.name == name


def test_the_zoo_lists_pretrained_presets_and_the_students_are_the_rest():
    zoo, students = list_models(), list_models(pretrained=False)
    assert zoo and students and not set(zoo) & set(students)
    assert sorted(zoo + students) == sorted(EVERY_PRESET)
    assert all(get_spec(n).pretrained for n in zoo)
    assert set(students) == set(list_models(tag="student", pretrained=None))
    assert all(not get_spec(n).pretrained and n.startswith("student_") for n in students)


@pytest.mark.parametrize("name", EVERY_PRESET)
def test_every_spec_is_plain_data_with_english_texts_the_catalogs_translate(name):
    import string

    from pages.common import i18n

    spec = get_spec(name)
    assert spec.kind in KINDS
    assert spec.dataset in DATASETS
    # Title and description are English message ids of the catalogs (tests/test_i18n.py checks
    # every catalog translates them); their {placeholders} are filled from text_values.
    english = i18n.catalog("en")
    for field in (spec.title, spec.description):
        assert isinstance(field, str) and field.strip() and field == field.strip()
        assert field in english, f"{name}: {field!r} is not a message of the catalogs"
        placeholders = {f for _, f, _, _ in string.Formatter().parse(field) if f}
        assert placeholders <= set(spec.text_values), (name, field, spec.text_values)
        if placeholders:
            field.format(**spec.text_values)  # every placeholder filled
    assert isinstance(spec.text_values, dict)
    assert spec.recipe.epochs >= 1 and spec.recipe.batch_size >= 1
    assert isinstance(spec.model_class, str) and spec.model_class.startswith("ae_core.models.")
    assert spec.class_name == spec.model_class.rsplit(".", 1)[1]
    assert spec.latent_dim == spec.config.get("latent_dim")
    json.dumps({"config": spec.config, "tags": sorted(spec.tags)})  # plain data all through


@pytest.mark.slow
@pytest.mark.parametrize("name", EVERY_PRESET)
def test_every_preset_names_a_class_that_accepts_its_config(name):
    spec = get_spec(name)
    model_class = spec.load_class()
    assert isinstance(model_class, type) and model_class.__name__ == spec.class_name
    assert model_class.__module__ == spec.model_class.rsplit(".", 1)[0]
    registry.check_keys(model_class, spec.config, name)  # raises on an unknown key


def test_a_fresh_interpreter_reads_every_spec_without_keras():
    code = (
        "import dataclasses, json, sys\n"
        "from ae_core import registry\n"
        "names = registry.list_models(pretrained=None)\n"
        "read = {}\n"
        "for name in names:\n"
        "    spec = registry.get_spec(name)\n"
        "    fields = {f.name: getattr(spec, f.name) for f in dataclasses.fields(spec)}\n"
        "    fields.update(class_name=spec.class_name, latent_dim=spec.latent_dim)\n"
        "    read[name] = sorted(fields)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('keras', 'tensorflow'))\n"
        "print(json.dumps({'names': names, 'fields': read, 'bad': bad[:5]}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    out = json.loads(result.stdout)
    assert out["bad"] == []
    assert out["names"] == EVERY_PRESET
    expected = sorted([f.name for f in dataclasses.fields(ModelSpec)] + ["class_name", "latent_dim"])
    assert all(fields == expected for fields in out["fields"].values())


def test_the_order_of_the_presets_does_not_depend_on_which_module_was_imported_first():
    """Pages pick their default model from this order (the first search model, the first plain AE of
    the noise lab): it must be the same in every server, whatever page its first student opened."""
    code = (
        "import json\n"
        "import ae_core.lab.compression, ae_core.student_tasks  # import dense_ae_presets, student_presets\n"
        "from ae_core import registry\n"
        "print(json.dumps(registry.list_models(pretrained=None)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout) == EVERY_PRESET
    assert EVERY_PRESET[0] == "conv_ae"  # the preset files in name order: conv_ae_presets.py first


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


def test_check_keys_accepts_the_constructor_arguments_only():
    class Toy:
        def __init__(self, size=1, *, depth=2, **kwargs):
            pass

    registry.check_keys(Toy, {"size": 3, "depth": 1}, "toy")
    with pytest.raises(TypeError, match=r"toy: unknown hyperparameter\(s\) \['kwargs'\]"):
        registry.check_keys(Toy, {"kwargs": 1}, "toy")  # **kwargs swallows nothing
    with pytest.raises(TypeError, match="accepted: \\['depth', 'size'\\]"):
        registry.check_keys(Toy, {"sise": 3}, "toy")


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
    assert list_models(tag="student") == []  # the students' presets are not the zoo's
    assert "student_vae" in list_models(kind="vae", pretrained=None)


def test_registering_a_name_twice_is_an_error():
    name = list_models()[0]
    spec = get_spec(name)
    with pytest.raises(ValueError, match="twice"):
        registry.register_model(
            name, model_class=spec.model_class, config=spec.config, title=spec.title, description=spec.description
        )
    assert get_spec(name) is spec


def test_register_rejects_texts_that_are_not_english_strings_and_a_class_that_is_not_a_dotted_path(scratch_registry):
    from ae_core.models.pca import PCA

    text = "x"
    for title, description in (({"en": "x", "es": "x"}, text), ("", text), (text, "   "), (None, text), (text, 3)):
        with pytest.raises(ValueError, match="non-empty English text"):
            registry.register_model("toy_bad_lang", model_class="ae_core.models.pca.PCA", config={}, title=title,
                                    description=description)
    for bad in (PCA, "PCA", None):  # the class itself (it would import Keras for the others), no module
        with pytest.raises(TypeError, match="dotted path"):
            registry.register_model("toy_bad_class", model_class=bad, config={}, title=text, description=text)
    assert "toy_bad_lang" not in list_models(pretrained=None) and "toy_bad_class" not in list_models(pretrained=None)


def test_config_keys_are_checked_when_a_model_is_built(scratch_registry):
    text = "x"
    # Registering imports nothing, so it cannot check the keys: building does (and the parametrized
    # test above does for every preset).
    registry.register_model("toy_bad_key", model_class="ae_core.models.pca.PCA", config={"n_componnets": 2},
                            kind="pca", title=text, description=text)
    assert "toy_bad_key" in list_models(kind="pca")
    with pytest.raises(TypeError, match="n_componnets"):
        build_model("toy_bad_key")
    registry.register_model("toy_good", model_class="ae_core.models.pca.PCA", config={"n_components": 2},
                            kind="pca", title=text, description=text, pretrained=False)
    assert build_model("toy_good").n_components == 2 and get_spec("toy_good").class_name == "PCA"


def test_the_registry_after_the_scratch_tests_has_only_the_real_presets():
    assert list_models(pretrained=None) == EVERY_PRESET


@pytest.mark.slow
@pytest.mark.parametrize("name", list_models(pretrained=False))
def test_student_presets_build_at_the_code_size_asked(name, digits):
    import numpy as np

    spec = get_spec(name)
    latent = 32 if spec.config.get("sparsity") else 4  # the sparse model keeps a wide code
    model = build_model(name, latent_dim=latent)
    assert type(model).__name__ == spec.class_name and model.latent_dim == latent
    assert model.encode(digits[:2]).shape == (2, latent)
    assert model.reconstruct(digits[:2]).shape == (2, 28, 28, 1)
    assert np.isfinite(model.reconstruct(digits[:2])).all()


@pytest.mark.slow
def test_student_conv_builds_with_a_4_d_code():
    from ae_core.models.conv_ae import ConvAE

    model = build_model("student_conv", latent_dim=4)
    assert isinstance(model, ConvAE) and model.latent_dim == 4
    assert model.get_config()["filters"] == list(get_spec("student_conv").config["filters"])
