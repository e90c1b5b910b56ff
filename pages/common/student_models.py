"""This session's own trained models (the "Train your own" page), served like the zoo's.

Each model lives only in its student's session state: another student never sees it. The
Draw page adds them to its models (MNIST only) with ``student_models.for_draw(dataset)``.
"""

from __future__ import annotations

import streamlit as st

from ae_core.serving import ServingModel

MODELS = "student_models"  # {label: (program, arrays, settings)}
KERAS_FILES = "student_models_keras"  # {label: the .keras file's bytes}
_SERVED = "student_models_served"  # {label: ServingModel}, built once per model
MAX_KEPT = 5  # the oldest model is dropped beyond this (each holds a few MB)


def label_for(settings: dict, number: int) -> str:
    """A short name for a trained model, the same in both languages: "★ conv · 16-d · BCE · #2"."""
    return f"★ {settings['architecture']} · {settings['latent_dim']}-d · {settings['loss'].upper()} · #{number}"


def display_name(label: str, lang: str | None = None) -> str | None:
    """The model's name in the page's language ("★ convolucional · 16-d · BCE · n.º 2"), or None
    for a label that is not one of this session's models."""
    from ae_core.lab.train_your_own import preset_of
    from ae_core.registry import get_spec
    from pages.common.i18n import t

    found = settings(label)
    if not found or "architecture" not in found:
        return None
    spec = get_spec(preset_of(found["architecture"]))
    number = label.rsplit("#", 1)[-1]
    return t("own_model_name", lang, architecture=t(spec.title, lang), size=found["latent_dim"],
             loss=found["loss"].upper(), number=number)


def add(result: dict) -> str:
    """Keep a finished ``train_autoencoder`` result in this session; returns its label."""
    models = st.session_state.setdefault(MODELS, {})
    files = st.session_state.setdefault(KERAS_FILES, {})
    number = st.session_state.get("student_models_count", 0) + 1
    st.session_state["student_models_count"] = number
    label = label_for(result["settings"], number)
    models[label] = (result["program"], result["arrays"], dict(result["settings"], val_squared_error=result.get("val_squared_error"),
                                                             params=result.get("params")))
    files[label] = result["keras"]
    while len(models) > MAX_KEPT:
        oldest = next(iter(models))
        remove(oldest)
    return label


def remove(label: str) -> None:
    for key in (MODELS, KERAS_FILES, _SERVED):
        st.session_state.get(key, {}).pop(label, None)


def session_models() -> dict:
    """{label: ServingModel} of the models this session trained (oldest first)."""
    models = st.session_state.get(MODELS, {})
    served = st.session_state.setdefault(_SERVED, {})
    for label, (program, arrays, _) in models.items():
        if label not in served:
            served[label] = ServingModel(program, arrays)
    return {label: served[label] for label in models}


def for_draw(dataset: str) -> dict:
    """{label: model} of this session's models for the Draw page. They were trained on MNIST
    digits: none for another dataset."""
    return session_models() if dataset == "mnist" else {}


def settings(label: str) -> dict:
    return st.session_state.get(MODELS, {}).get(label, (None, None, {}))[2]


def keras_file(label: str) -> bytes | None:
    return st.session_state.get(KERAS_FILES, {}).get(label)
