"""``ui.whole_number``: a number input with no bounds of its own (Streamlit's bounded one answers an
out-of-range value in English), whose typed value is brought back into range with a note in the
page's language; the value it returns is always in range."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from pages.common import i18n


def _script():
    import streamlit as st

    from pages.common import ui

    left, _ = st.columns(2)
    st.session_state["got_n"] = ui.whole_number("n", 0, 10, 5, key="n", container=left)
    st.session_state["got_seed"] = ui.whole_number("seed", 0, 1_000_000, 0, key="seed", step=10)


def page(lang="es", **preset):
    at = AppTest.from_function(_script, default_timeout=60)
    at.session_state["lang"] = lang
    for key, value in preset.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception
    return at


def notes(at):
    return [c.value for c in at.caption]


def test_it_starts_at_its_value_with_no_bounds_streamlit_would_enforce():
    at = page()
    box = at.number_input(key="n")
    assert box.value == 5 and at.session_state["got_n"] == 5
    assert box.min is None and box.max is None  # no English "outside the allowed range" from Streamlit
    assert at.number_input(key="seed").step == 10
    assert notes(at) == []


@pytest.mark.parametrize("lang", ["es", "en", "pt_BR"])
def test_a_value_typed_above_or_below_is_brought_back_with_a_note(lang):
    at = page(lang)
    at.number_input(key="n").set_value(42).run()
    assert at.session_state["n"] == 10 and at.session_state["got_n"] == 10
    assert at.number_input(key="n").value == 10  # the box shows the value in use
    assert notes(at) == [i18n.t("number_kept_in_range", lang, typed=42, kept=10, low=0, high=10)]
    at.number_input(key="n").set_value(-7).run()
    assert at.session_state["got_n"] == 0
    assert notes(at) == [i18n.t("number_kept_in_range", lang, typed=-7, kept=0, low=0, high=10)]
    at.run()  # said once: the next run has no note
    assert notes(at) == [] and at.session_state["got_n"] == 0


def test_the_note_is_in_spanish_with_spanish_numbers():
    at = page("es")
    at.number_input(key="seed").set_value(5_000_000).run()
    assert notes(at) == ["5.000.000 queda fuera de 0–1.000.000: se usa 1.000.000."]
    assert at.session_state["got_seed"] == 1_000_000


def test_a_value_in_range_is_kept_and_says_nothing():
    at = page()
    for value in (0, 7, 10):
        at.number_input(key="n").set_value(value).run()
        assert at.session_state["got_n"] == value and notes(at) == []


def test_the_value_returned_is_in_range_even_from_a_state_set_elsewhere():
    at = page(n=99, seed=-1)  # e.g. a session value from an older page version
    assert at.session_state["got_n"] == 10 and at.session_state["got_seed"] == 0
