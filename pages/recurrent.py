"""Lesson 5: the recurrent autoencoder reads the digit row by row and writes it back row by row.
A slider (or ▶) steps through the 28 rows: what has been read, what has been written."""

import numpy as np
import streamlit as st

from ae_core import zoo
from ae_core.figures import bar_chart
from ae_core.lab.common import classify
from ae_core.lab.recurrent import ROWS, frame, marked, read_rows, write_rows
from pages.common import cache, digit_input, guide, shell, ui
from pages.common.i18n import N_, t

shell.require_shell()

MODEL = "recurrent_ae"
STEPS, PLAYING, HOLD = "rec_steps", "rec_playing", "rec_hold"
PLAY_SECONDS = 0.4  # one row per tick while playing


def toggle_play() -> None:
    playing = not st.session_state.get(PLAYING, False)
    st.session_state[PLAYING] = playing
    st.session_state[HOLD] = True  # the run the click starts shows the current row; the timer moves on
    if playing and st.session_state.get(STEPS, ROWS) >= ROWS:
        st.session_state[STEPS] = 0  # play from the top


def view(model, digit) -> None:
    """The slider and the three pictures; while playing, each tick writes one more row."""
    if st.session_state.get(PLAYING) and not st.session_state.pop(HOLD, False):
        nxt = int(st.session_state.get(STEPS, 0)) + 1
        if nxt > ROWS:
            st.session_state[PLAYING] = False
            st.rerun()  # the whole page, so that the timer stops
        st.session_state[STEPS] = nxt
    steps = st.slider(t("rec_steps"), 0, ROWS, key=STEPS)
    shown = frame(model, digit, steps)
    columns = st.columns(3)
    for column, (picture, caption) in zip(columns, (
        (marked(shown.read, steps), t("rec_read", t=steps)),
        (marked(shown.written, steps), t("rec_written", t=steps)),
        (marked(shown.from_partial, steps), t("rec_partial", t=steps)),
    )):
        with column:
            ui.picture(picture, caption=caption)
    if steps:
        ui.plotly(bar_chart(np.arange(1, steps + 1), shown.row_error, t("rec_row"), t("rec_row_error"), height=200),
                        key="rec_row_errors")
        st.caption(t("rec_errors_caption", t=steps, total=float(shown.row_error.sum())))


def recurrent_prediction(model, digit) -> bool:
    """Predict first: the digit the classifier reads in what the decoder writes after half the rows."""
    half = ROWS // 2
    try:
        classifier = cache.model("digit_classifier")
    except zoo.WeightsProblem:
        return True
    answer = classify(classifier, frame(model, digit, half).from_partial)[0]
    return guide.predict("recurrent", t("rec_predict", rows=half), {d: str(d) for d in range(10)}, answer)


guide.header("recurrent", N_("rec_title"), N_("rec_explain"))
ui.mnist_only_note()
digit, right = digit_input.digit_column("rec")

with right, ui.guard():
    st.session_state.setdefault(STEPS, 14)
    model = ui.load_model(MODEL)
    if digit is None:
        st.info(t("no_digit"))
    elif model is not None and recurrent_prediction(model, digit):
        playing = st.session_state.get(PLAYING, False)
        st.button(t("rec_pause") if playing else t("rec_play"), key="rec_play", on_click=toggle_play)
        if playing:  # a fragment re-runs on its own timer; other sessions are not held up
            st.fragment(run_every=PLAY_SECONDS)(view)(model, digit)
        else:
            view(model, digit)
        metrics = cache.trained(MODEL).get("test_metrics", {})
        if "squared_error" in metrics:
            st.caption(t("rec_test_error", value=metrics["squared_error"]))

guide.glossary(['code'])
ui.show_code(read_rows, write_rows, frame)
guide.footer("recurrent")
