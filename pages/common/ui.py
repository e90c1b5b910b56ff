"""Small layout helpers shared by the pages: headers, images, code expanders, messages."""

from __future__ import annotations

import contextlib
import inspect
import logging

import numpy as np
import streamlit as st

from ae_core import imaging, zoo
from ae_core.data import DataUnavailable
from ae_core.lab.common import classify
from ae_core.registry import get_spec
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


# Images go to the page as PNG data URLs inside the script's messages (ae_core.imaging.png_data_url):
# a media file and an HTTP request per image cost more than the few kB they add (load.md).


def image(picture, caption: str | None = None, scale: int = 8) -> None:
    """A digit shown large, nearest-neighbour upscaled so pixels stay crisp on a projector."""
    st.image(imaging.png_data_url(imaging.upscale(picture, scale)), caption=caption)


def picture(rgb_or_grey, caption: str | None = None) -> None:
    """An already upscaled uint8 picture, losslessly (JPEG would smear the pixels)."""
    array = np.asarray(rgb_or_grey)
    if array.dtype != np.uint8:
        st.image(array, caption=caption, output_format="PNG")
        return
    st.image(imaging.png_data_url(array), caption=caption)


def images(pictures, captions, scale: int = 5) -> None:
    st.image([imaging.png_data_url(imaging.upscale(p, scale)) for p in pictures], caption=list(captions))


def model_title(name: str, lang: str | None = None) -> str:
    """A model's title from the registry; a student's own model (not a preset) by its label."""
    try:
        spec = get_spec(name)
    except KeyError:
        return name
    return spec.title.get(lang or current_language(), name)


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
    bars([str(label) for label in labels], probabilities, t("digit_label"), t("probability"), height=180)


def bars(labels, values, x_title: str, y_title: str, height: int = 220) -> None:
    """A plain bar chart (Vega-Lite spec written out). ``st.bar_chart`` builds the same chart with
    Altair and validates it against the Vega-Lite JSON schema: ~45 ms of the GIL per chart on these
    machines against ~5 ms here, on every rerun of every session (tests/benchmarks/results/load.md)."""
    import pandas as pd

    frame = pd.DataFrame({"x": list(labels), "y": np.asarray(values, dtype="float64")})
    spec = {
        "mark": {"type": "bar", "tooltip": True},
        "height": height,
        "encoding": {
            "x": {"field": "x", "type": "ordinal", "title": x_title, "sort": None, "axis": {"labelAngle": 0}},
            "y": {"field": "y", "type": "quantitative", "title": y_title},
        },
    }
    st.vega_lite_chart(frame, spec, width="stretch")


# --- latent map, VAE, search ---


def guarded_fragment(function):
    """``st.fragment`` whose body runs inside :func:`guard`: a widget inside reruns only this part
    of the page (full reruns still run it), and an error there is a message, never a traceback."""
    import functools

    @st.fragment
    @functools.wraps(function)
    def run(*args, **kwargs):
        with guard():
            function(*args, **kwargs)

    return run


def keep_widget_state(keys) -> None:
    """Keep the values of these widgets while they are not drawn (in a closed lazy tab): Streamlit
    forgets an undrawn widget's value otherwise. Only for value widgets (not buttons or charts)."""
    for key in keys:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def digit_label(digit: np.ndarray, dataset: str = "mnist") -> tuple[int | None, str, float]:
    """The label of the current digit: (label, how, confidence), how = "picked" (its true label),
    "classifier" (the classifier's guess, MNIST only) or "none"."""
    from pages.common import state

    source = state.current_source() or {}
    if source.get("kind") == "picked" and source.get("dataset") == dataset:
        try:
            _, y, _ = cache.gallery(dataset)
            return int(y[int(source["index"])]), "picked", 1.0
        except (DataUnavailable, IndexError, KeyError):
            pass
    if dataset == "mnist":
        try:
            classifier = cache.model("digit_classifier")
        except zoo.WeightsProblem:
            return None, "none", 0.0
        label, confidence, _ = classify(classifier, digit)
        return label, "classifier", confidence
    return None, "none", 0.0


def mnist_only_note() -> None:
    """A lesson whose models were trained on MNIST says so when the sidebar has Fashion chosen."""
    from pages.common import state

    if state.current_dataset() != "mnist":
        st.caption(t("lesson_mnist_only"))


def quick_picture(array, caption: str | None = None) -> None:
    """A large uint8 picture (a grid of digits) as a lossless PNG compressed for speed: Streamlit's
    own PNG encoding of a 600 × 600 grid costs about twice as long."""
    st.image(imaging.png_bytes(array), caption=caption, output_format="PNG")
