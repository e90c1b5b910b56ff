"""The three ways to give "the digit" on every page: draw it, pick it from the data, upload it.

The chosen digit is shared by all pages (pages.common.state). Drawing carries over too: a
canvas that mounts starts from the last drawing made on any page.
"""

from __future__ import annotations

import hashlib

import numpy as np
import streamlit as st

from ae_core import shareable
from ae_core.data import DataUnavailable
from ae_core.preprocess import ImageProblem, digit_from_canvas, digit_from_upload
from pages.common import cache, classroom_session, state, ui
from pages.common.drawing_canvas import Drawing, canvas_pixels, drawing_canvas
from pages.common.i18n import class_names, current_language, labeller, option, t
from pages.common.upload_box import upload_box

MODES = ("draw", "pick", "upload")
DRAWING = state.DRAWING  # the last drawing's strokes, shared so every canvas can resume it
CANVAS_SIZE = 280


def digit_panel(page: str, *, dataset: str | None = None, default_mode: str | None = None,
                live: str | None = None) -> np.ndarray | None:
    """Render the input widgets in the current container; return the digit to use (28x28) or None.

    In draw mode an empty canvas means "nothing drawn" (None); in the other modes the current
    shared digit is used. ``page`` prefixes every widget key. Clothes (Fashion-MNIST) can be
    picked or uploaded, not drawn. ``live``: the page's live hub, which the canvas feeds while the
    pen moves (pages.common.live).
    """
    dataset = dataset or state.current_dataset()
    modes = MODES if dataset == "mnist" else ("pick", "upload")
    mode_key = f"{page}_input_mode"
    if st.session_state.get(mode_key) not in modes:
        wanted = default_mode or _mode_of(state.current_source())
        st.session_state[mode_key] = wanted if wanted in modes else "pick"
    # wrap: placed straight in a narrow column, the options would scroll sideways and hide "Upload".
    mode = st.segmented_control(
        t("input_mode"), modes, format_func=labeller("mode_"), key=mode_key, required=True, wrap=True
    )
    if dataset != "mnist":
        st.caption(t("fashion_no_draw"))
    if mode == "draw":
        return _draw(page, live)
    if mode == "pick":
        _pick(page, dataset)
    else:
        _upload(page, dataset)
    return state.current_digit()


def _mode_of(source: dict | None) -> str:
    kinds = {"drawn": "draw", "picked": "pick", "uploaded": "upload"}
    return kinds.get((source or {}).get("kind"), "pick")


def _draw(page: str, live: str | None = None) -> np.ndarray | None:
    width = st.slider(t("stroke_width"), 4, 40, 18, key=f"{page}_stroke_width")
    key = f"{page}_canvas"
    initial_key = f"{key}_initial"
    if key not in st.session_state or initial_key not in st.session_state:
        # Mounting: resume the latest drawing from any page (fixed for this canvas' lifetime).
        st.session_state[initial_key] = st.session_state.get(DRAWING)
    drawing = drawing_canvas(key, size=CANVAS_SIZE, stroke_width=width, initial_objects=st.session_state[initial_key],
                             live=live)
    st.caption(t("canvas_help_live") if live else t("canvas_help"))
    return _digit_from_drawing(page, drawing)


def _digit_from_drawing(page: str, drawing: Drawing) -> np.ndarray | None:
    """The digit on this canvas (None when empty); in draw mode it becomes the shared digit."""
    drawn = (state.current_source() or {}).get("kind") == "drawn"
    if drawing.objects and drawing.png is None:
        # Just mounted with a resumed drawing: the canvas shows it and sends it with the next stroke.
        return state.current_digit() if drawn else None
    digit_key, seen_key = f"{page}_canvas_digit", f"{page}_canvas_seen"
    fingerprint = hashlib.sha1(drawing.png).hexdigest() if drawing.png is not None else None
    if st.session_state.get(seen_key, "unset") != fingerprint:  # a stroke, an undo or a clear
        st.session_state[seen_key] = fingerprint
        # The browser's own digit when it sent one (the live path shows that very digit), else the PNG's.
        digit = drawing.digit if drawing.digit is not None else digit_from_canvas(canvas_pixels(drawing)).image
        # As a link carries it (8 bits): a reload or a shared link then shows the very same outputs.
        st.session_state[digit_key] = None if digit is None else shareable.quantized(digit)
        st.session_state[DRAWING] = drawing.objects or None
        st.session_state[f"{page}_canvas_stamp"] = drawing.stamp
        if digit is None and drawn:
            state.set_digit(None, None)
    digit = st.session_state.get(digit_key)
    current = state.current_digit()
    if digit is not None and (current is None or not np.array_equal(current, digit)):
        state.set_digit(digit, {"kind": "drawn", "stamp": st.session_state.get(f"{page}_canvas_stamp")})
    return digit


def _pick(page: str, dataset: str) -> None:
    try:
        x, y, ds = cache.gallery(dataset)
    except DataUnavailable as problem:
        ui.data_unavailable(dataset, problem)
        return
    index_key, seed_key = f"{page}_pick_index", f"{page}_pick_seed"
    current = state.current_source() or {}
    if index_key not in st.session_state:
        same = current.get("kind") == "picked" and current.get("dataset") == dataset
        st.session_state[index_key] = int(current["index"]) if same and current["index"] < len(x) else 0

    def randomise():
        seed = int(st.session_state.get(seed_key, 0))
        st.session_state[index_key] = int(np.random.default_rng(seed).integers(len(x)))
        st.session_state[seed_key] = seed + 1  # the next click shows another digit, reproducibly

    # One above the other: side by side, the button's label was cut ("Ra…") in pages' narrow input columns.
    index = ui.whole_number(t("pick_index"), 0, len(x) - 1, 0, key=index_key, step=1)
    st.button(t("pick_random"), key=f"{page}_pick_random", on_click=randomise, width="stretch")
    ui.whole_number(t("pick_seed"), 0, 1_000_000, 0, key=seed_key)
    source = data_source_label(ds)
    st.caption(t("pick_from", n=len(x), source=source))
    wanted = {"kind": "picked", "dataset": dataset, "index": int(index)}
    if {k: current.get(k) for k in wanted} != wanted:
        state.set_digit(x[int(index), ..., 0], wanted)


def _upload(page: str, dataset: str) -> None:
    upload = upload_box(f"{page}_upload", t("upload_label"), help=t("upload_help"))
    problem_key, seen_key = f"{page}_upload_problem", f"{page}_upload_seen"
    if upload is not None and st.session_state.get(seen_key) != (upload.file_id, dataset):
        st.session_state[seen_key] = (upload.file_id, dataset)  # a dataset switch re-reads it
        st.session_state[problem_key] = None
        try:
            if upload.refused:
                raise ImageProblem(upload.refused, "")
            digit = digit_from_upload(upload.data, "mnist" if dataset == "mnist" else "fashion")
        except ImageProblem as problem:
            st.session_state[problem_key] = (problem.code, problem.detail, ())
        else:
            if digit.is_empty:
                st.session_state[problem_key] = ("nothing_drawn", "", digit.notes)
            else:
                state.set_digit(digit.image, {"kind": "uploaded", "name": upload.name, "notes": list(digit.notes),
                                              "dataset": dataset})
    found = st.session_state.get(problem_key)
    if upload is not None and found:
        code, detail, _ = found
        message = option("note_", "nothing_drawn") if code == "nothing_drawn" else option("problem_", code, detail=detail)
        st.warning(message)
    source = state.current_source() or {}
    for note in source.get("notes", ()) if source.get("kind") == "uploaded" else ():
        st.info(option("note_", note))


def data_source_label(ds) -> str:
    """"MNIST test set (Keras)" and the like, translated."""
    split = t("split_test") if ds.has_test_set else t("split_sample")
    return f"{option('dataset_', ds.name)}, {split} ({option('origin_', ds.source)})"


def source_caption(source: dict | None) -> str:
    source = source or {}
    kind = source.get("kind")
    if kind == "picked":
        try:
            _, y, ds = cache.gallery(source["dataset"])
            label = class_names(source["dataset"], current_language())[int(y[int(source["index"])])]
        except (DataUnavailable, IndexError, KeyError):
            return t("source_drawn")
        return t("source_picked", index=source["index"], source=data_source_label(ds), label=label)
    if source.get("restored"):
        return t("source_restored")
    if kind == "uploaded":
        return t("source_uploaded", name=source.get("name", ""))
    return t("source_drawn")


def digit_column(page: str):
    """A lesson's layout: the digit panel and the current digit in a narrow left column.

    Returns (the digit or None, the wide right column for the lesson itself).
    """
    left, right = st.columns([1, 3], gap="large")
    with left:
        digit = digit_panel(page)
        show_current(digit, scale=4)
    return digit, right


def show_current(digit: np.ndarray | None, scale: int = 6) -> None:
    """The preprocessed digit the page works on (28x28, MNIST recipe), with where it came from."""
    if digit is None:
        return
    caption = t("current_digit") + ": " + source_caption(state.current_source()) + " · " + t("preprocessed")
    ui.image(digit, caption=caption, scale=scale)
    classroom_session.send_control(digit, "current")  # only once this browser joined a class room
