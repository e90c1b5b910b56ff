"""Small layout helpers shared by the pages: headers, images, code expanders, messages."""

from __future__ import annotations

import contextlib
import inspect
import logging

import numpy as np
import streamlit as st

from ae_core import imaging, zoo
from ae_core.data import DataUnavailable
from pages.common import cache
from pages.common.i18n import current_language, t

_LOG = logging.getLogger("autoencoder_lab")


def header(title_key: str, explain_key: str) -> None:
    st.title(t(title_key))
    st.markdown(t(explain_key))


def show_code(*functions) -> None:
    """A "show the code" expander with the source of the ``ae_core`` functions the page calls."""
    with st.expander(t("show_code")):
        st.caption(t("show_code_intro"))
        for fn in functions:
            st.code(f"# {fn.__module__}.{fn.__qualname__}\n" + inspect.getsource(fn), language="python")


def image(picture, caption: str | None = None, scale: int = 8) -> None:
    """A digit shown large, nearest-neighbour upscaled so pixels stay crisp on a projector."""
    st.image(imaging.upscale(picture, scale), caption=caption, output_format="PNG")


def picture(rgb_or_grey, caption: str | None = None) -> None:
    """An already upscaled uint8 picture, losslessly (JPEG would smear the pixels)."""
    st.image(rgb_or_grey, caption=caption, output_format="PNG")


def images(pictures, captions, scale: int = 5) -> None:
    st.image([imaging.upscale(p, scale) for p in pictures], caption=list(captions), output_format="PNG")


def model_title(name: str, lang: str | None = None) -> str:
    info = cache.manifest().get("models", {}).get(name, {})
    return info.get("title", {}).get(lang or current_language(), name)


def model_title_formatter():
    """A ``format_func`` naming models in the current language (fixed now, not at call time)."""
    lang = current_language()
    return lambda name: model_title(name, lang)


def weights_problem(problem: zoo.WeightsProblem) -> None:
    st.error(
        t(
            "weights_problem",
            model=model_title(problem.name),
            problem=t(f"weights_{problem.code}"),
            command=problem.command,
        )
    )


def load_models(names) -> dict:
    """Models by name; each one that cannot load gets its message and is left out."""
    loaded = {}
    for name in names:
        try:
            loaded[name] = cache.model(name)
        except zoo.WeightsProblem as problem:
            weights_problem(problem)
    return loaded


def load_model(name: str):
    """One model, or None after showing why it is unavailable."""
    return load_models([name]).get(name)


def data_unavailable(name: str, problem: DataUnavailable) -> None:
    detail = str(problem).split("\n")[0]
    st.error(t("data_unavailable", dataset=t(f"dataset_{name}"), detail=detail))


@contextlib.contextmanager
def guard():
    """Run a page body; an unexpected error becomes a short message, never a traceback."""
    try:
        yield
    except Exception:  # st.rerun/st.stop are BaseExceptions and pass through
        _LOG.exception("page error")
        st.error(t("unexpected_error"))


def percent_bars(probabilities: np.ndarray, labels) -> None:
    """Class probabilities as a compact bar chart."""
    import pandas as pd

    frame = pd.DataFrame({t("digit_label"): [str(label) for label in labels], t("probability"): probabilities})
    st.bar_chart(frame, x=t("digit_label"), y=t("probability"), height=180)
