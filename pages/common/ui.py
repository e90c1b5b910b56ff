"""Small layout helpers shared by the pages: headers, images, code expanders, messages."""

from __future__ import annotations

import contextlib
import dataclasses
import html
import inspect
import logging

import numpy as np
import streamlit as st

from ae_core import imaging, zoo
from ae_core.data import FETCH_COMMAND, DataUnavailable
from ae_core.lab.common import classify
from ae_core.registry import get_spec
from pages.common import cache
from pages.common.i18n import current_language, option, separators, t

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


MIN_SCALE = {False: 4, True: 5}  # a digit at least 112 CSS px wide on a screen, 140 on a projector


def image(picture, caption: str | None = None, scale: int = 8) -> None:
    """A digit shown large, nearest-neighbour upscaled so pixels stay crisp on a projector."""
    from pages.common import state

    scale = max(scale, MIN_SCALE[state.projector()])
    st.image(imaging.png_data_url(imaging.upscale(picture, scale)), caption=caption)


def picture(rgb_or_grey, caption: str | None = None) -> None:
    """An already upscaled uint8 picture, losslessly (JPEG would smear the pixels)."""
    array = np.asarray(rgb_or_grey)
    if array.dtype != np.uint8:
        st.image(array, caption=caption, output_format="PNG")
        return
    st.image(imaging.png_data_url(array), caption=caption)


@dataclasses.dataclass(frozen=True)
class Card:
    """One picture of a card grid: a (28, 28) digit (or an upscaled uint8 picture), a title in
    bold, and short lines of text under it."""

    picture: np.ndarray
    title: str = ""
    lines: tuple = ()
    data_id: str = ""  # a data-id attribute on the card (the class wall names its shares by it)


def card_grid(cards, *, key: str, min_rem: float = 8.0, scale: int = 4, export_name: str | None = None) -> None:
    """Pictures with their captions in a grid that fills the width: as many columns as fit cells
    of ``min_rem`` (a projector at 200 % zoom or a phone gets fewer, never squeezed ones), each
    picture as wide as its cell, its pixels kept sharp. Optionally a button that saves the grid
    as one PNG for slides."""
    cells = []
    for card in cards:
        picture = np.asarray(card.picture)
        png = imaging.png_data_url(imaging.upscale(picture, scale) if picture.shape[:2] == (28, 28) else picture)
        text = "".join(f"<span>{html.escape(str(line))}</span>" for line in card.lines)
        title = f"<strong>{html.escape(card.title)}</strong>" if card.title else ""
        ident = f' data-id="{html.escape(card.data_id)}"' if card.data_id else ""
        cells.append(f'<figure class="ae-card"{ident}><img src="{png}" alt="{html.escape(card.title)}">'
                     f"<figcaption>{title}{text}</figcaption></figure>")
    st.html(f'<div class="ae-grid ae-grid-{html.escape(key)}" style="--card-min: {float(min_rem)}rem">{"".join(cells)}</div>')
    if export_name:
        export_png(imaging.captioned_grid([(np.asarray(c.picture), c.title, list(c.lines)) for c in cards]),
                   f"{export_name}.png", key=f"{key}_export")


def export_png(picture, file_name: str, *, key: str) -> None:
    """A small button that saves ``picture`` (uint8) as a PNG file, for slides."""
    st.download_button(t("export_png"), imaging.png_bytes(picture), file_name=file_name, mime="image/png",
                       key=key, icon=":material/download:", type="tertiary")


def images(pictures, captions, *, key: str, min_rem: float = 6.0, export_name: str | None = None) -> None:
    """A row of digits with their captions, as a :func:`card_grid`."""
    card_grid([Card(p, "", (c,) if c else ()) for p, c in zip(pictures, captions)], key=key, min_rem=min_rem,
              export_name=export_name)


def whole_number(label: str, low: int, high: int, value: int, key: str, *, step: int = 1, help: str | None = None,
                 container=None) -> int:
    """A whole number a student types, from ``low`` to ``high``.

    Streamlit's bounded number input answers an out-of-range value in English ("Number is outside
    the allowed range..."): this one has no bounds of its own; a value typed outside them is
    brought back into range, with a note in the page's language.
    """
    where = container or st
    note_key = f"{key}__range_note"
    st.session_state.setdefault(key, int(value))

    def bring_into_range():
        typed = st.session_state.get(key)
        if typed is None:  # emptied: back to the default
            st.session_state[key] = int(value)
            return
        kept = int(min(max(int(round(typed)), low), high))
        if kept != typed:
            st.session_state[key] = kept
            st.session_state[note_key] = (typed, kept)

    # value=None lets an emptied box reach bring_into_range (it puts the default back)
    typed = where.number_input(label, value=None, step=int(step), key=key, help=help, on_change=bring_into_range)
    note = st.session_state.pop(note_key, None)
    if note is not None:
        where.caption(t("number_kept_in_range", typed=note[0], kept=note[1], low=low, high=high))
    return int(min(max(int(value if typed is None else typed), low), high))


def styled(frame, precision: int = 3):
    """A DataFrame's Styler with numbers in the session language's style (decimal comma in Spanish)."""
    decimal, thousands = separators()
    return frame.style.format(precision=precision, na_rep="—", decimal=decimal, thousands=thousands)


def model_title(name: str, lang: str | None = None) -> str:
    """A model's title from the registry; a student's own model (not a preset) by its label."""
    try:
        spec = get_spec(name)
    except KeyError:
        from pages.common import student_models

        return student_models.display_name(name, lang) or name
    return t(spec.title, lang, **spec.text_values)


def model_description(name: str, lang: str | None = None) -> str:
    spec = get_spec(name)
    return t(spec.description, lang, **spec.text_values)


def model_title_formatter():
    """A ``format_func`` naming models in the current language (fixed now, not at call time)."""
    lang = current_language()
    return lambda name: model_title(name, lang)


def weights_problem(problem: zoo.WeightsProblem) -> None:
    st.error(
        t(
            "weights_problem",
            model=model_title(problem.name),
            problem=option("weights_", problem.code),
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
    """A data set is missing: what it is and the one command that gets it, in the page's language
    (the English detail of ``problem`` goes to the server log)."""
    _LOG.info("data unavailable: %s", problem)
    st.error(t("data_unavailable", dataset=option("dataset_", name), command=FETCH_COMMAND))


@contextlib.contextmanager
def guard():
    """Run a page body; an unexpected error becomes a short message, never a traceback."""
    try:
        yield
    except Exception:  # st.rerun/st.stop are BaseExceptions and pass through
        _LOG.exception("page error")
        st.error(t("unexpected_error"))


CHART_FONT_PX = {False: 13, True: 16}  # chart text on a screen, and on a projector (read from the back row)


def plotly(figure, *, key: str, file_name: str = "chart", **options):
    """A Plotly figure with the app's chart settings: text big enough for the view, numbers in
    the language's style, and one toolbar button, "save as PNG" (its tooltip translated)."""
    import plotly.graph_objects as go

    from pages.common import state

    lang = current_language()
    decimal, thousands = separators()
    projector = state.projector()
    if projector or decimal != ".":
        figure = go.Figure(figure)  # a copy: figures are memoised and shared
        size = CHART_FONT_PX[projector]
        figure.update_layout(separators=decimal + thousands)
        if projector:
            figure.update_layout(font_size=size, legend_font_size=size, title_font_size=size + 2)
            figure.update_annotations(font_size=size)
            # Streamlit's chart theme sizes axis text in rem (0.75 of the projector's larger root
            # font is 15 px): set it in px on every axis.
            axis_fonts = dict(tickfont_size=size, title_font_size=size)
            figure.update_xaxes(**axis_fonts)
            figure.update_yaxes(**axis_fonts)
            figure.update_scenes(**{f"{a}axis_{k}": size for a in "xyz" for k in axis_fonts})
    config = {
        "displaylogo": False, "modeBarButtons": [["toImage"]], "locale": lang,
        "locales": {lang: {"dictionary": {"Download plot as a png": t("export_png"), "Download plot": t("export_png")}}},
        "toImageButtonOptions": {"format": "png", "filename": file_name, "scale": 2},
        **options.pop("config", {}),
    }
    return st.plotly_chart(figure, key=key, config=config, **options)


def vega(spec: dict, data=None, *, key: str | None = None, **options):
    """A Vega-Lite chart with text big enough for the view (a copy of ``spec`` is changed)."""
    from pages.common import state

    size = CHART_FONT_PX[state.projector()]
    config = {"axis": {"labelFontSize": size, "titleFontSize": size}, "legend": {"labelFontSize": size, "titleFontSize": size},
              "title": {"fontSize": size + 2}, "header": {"labelFontSize": size, "titleFontSize": size}}
    decimal, thousands = separators()
    if decimal != ".":
        config["locale"] = {"number": {"decimal": decimal, "thousands": thousands, "grouping": [3], "currency": ["", ""]}}
    file_name = options.pop("file_name", None)
    spec = {**_sized_channels(spec, size), "config": {**config, **spec.get("config", {})}}
    shown = st.vega_lite_chart(data, spec, key=key, width=options.pop("width", "stretch"), **options)
    if file_name:
        from pages.common import style

        style.page_tools({"kind": "save_chart", "label": t("export_png"), "fileName": f"{file_name}.png"},
                         key=f"{key or file_name}_save")
    return shown


_AXES, _LEGENDS = ("x", "y"), ("color", "fill", "stroke", "shape", "size", "opacity")


def _sized_channels(spec: dict, size: int) -> dict:
    """``spec`` with axis and legend text of ``size`` px set on each channel: Streamlit's chart
    theme puts its own rem-based sizes over the ``config`` (15 px on the projector's root font)."""
    spec = dict(spec)
    for part in ("layer", "hconcat", "vconcat", "concat"):
        if part in spec:
            spec[part] = [_sized_channels(s, size) for s in spec[part]]
    encoding = spec.get("encoding")
    if isinstance(encoding, dict):
        encoding = dict(encoding)
        for channels, guide in ((_AXES, "axis"), (_LEGENDS, "legend")):
            for channel in channels:
                value = encoding.get(channel)
                if isinstance(value, dict) and "field" in value and value.get(guide, {}) is not None:
                    encoding[channel] = {**value, guide: {"labelFontSize": size, "titleFontSize": size,
                                                          **value.get(guide, {})}}
        spec["encoding"] = encoding
    return spec


def percent_bars(probabilities: np.ndarray, labels, file_name: str | None = None) -> None:
    """Class probabilities as a compact bar chart."""
    bars([str(label) for label in labels], probabilities, t("digit_label"), t("probability"), height=180,
         file_name=file_name)


def bars(labels, values, x_title: str, y_title: str, height: int = 220, file_name: str | None = None) -> None:
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
    vega(spec, frame, file_name=file_name)


def unit_bars(values, x_title: str, y_title: str, height: int = 160, key: str | None = None) -> None:
    """One thin bar per unit of a code (a quantitative x axis: 300 units get a few ticks, not 300)."""
    import pandas as pd

    values = np.asarray(values, dtype="float64").ravel()
    frame = pd.DataFrame({"unit": np.arange(len(values)), "value": values})
    spec = {
        "mark": {"type": "bar", "tooltip": True},
        "height": height,
        "encoding": {
            "x": {"field": "unit", "type": "quantitative", "title": x_title, "axis": {"tickMinStep": 1}},
            "y": {"field": "value", "type": "quantitative", "title": y_title},
        },
    }
    vega(spec, frame, key=key)


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
