"""The recurrent autoencoder reads a digit row by row and writes it back row by row
(ae_core.lab.recurrent and the page, with its play button).

No Keras in the lab tests: the model is RecurrentAE's exported program with random weights.
"""

from __future__ import annotations

import numpy as np
import pytest

from ae_core import zoo
from ae_core.lab import recurrent
from ae_core.serving import ServingModel
from tests.apptest_support import app_test, listed, open_page, pick, texts, tr, without_model
from tests.program_support import dense_program

# --- ae_core.lab.recurrent ----------------------------------------------------------------------


def lstm_arrays(rng, prefix, inputs, units):
    return {f"{prefix}/kernel": 0.3 * rng.standard_normal((inputs, 4 * units)),
            f"{prefix}/recurrent": 0.3 * rng.standard_normal((units, 4 * units)),
            f"{prefix}/bias": 0.1 * rng.standard_normal(4 * units)}


def lstm_op(prefix, units, sequences):
    return {"op": "lstm", "units": units, "return_sequences": sequences, "activation": "tanh",
            "recurrent_activation": "sigmoid", "kernel": f"{prefix}/kernel", "recurrent": f"{prefix}/recurrent",
            "bias": f"{prefix}/bias"}


@pytest.fixture(scope="module")
def recurrent_model():
    """RecurrentAE's exported program (units 16, code 6) with random weights."""
    rng = np.random.default_rng(0)
    units, code = 16, 6
    arrays = {**lstm_arrays(rng, "enc", 28, units), **lstm_arrays(rng, "dec", code, units),
              "code/kernel": rng.standard_normal((units, code)), "code/bias": rng.standard_normal(code),
              "row/kernel": rng.standard_normal((units, 28)), "row/bias": rng.standard_normal(28)}
    program = {
        "format": 1, "name": "recurrent_toy", "kind": "autoencoder", "latent_dim": code,
        "encoder": [{"op": "reshape", "shape": [28, 28]}, lstm_op("enc", units, False),
                    {"op": "dense", "activation": "linear", "kernel": "code/kernel", "bias": "code/bias"}],
        "decoder": [{"op": "repeat", "n": 28}, lstm_op("dec", units, True),
                    {"op": "dense", "activation": "sigmoid", "kernel": "row/kernel", "bias": "row/bias"},
                    {"op": "reshape", "shape": [28, 28, 1]}],
    }
    return ServingModel(program, arrays)


def test_causal_writing_equals_the_full_decode_s_rows(recurrent_model, digits):
    code = recurrent_model.encode(digits[:1])[0]
    full = recurrent_model.decode(code[None])[0, ..., 0]
    for steps in (0, 1, 5, 13, 28):
        rows = recurrent.write_rows(recurrent_model, code, steps)
        assert rows.shape == (steps, 28)
        np.testing.assert_allclose(rows, full[:steps], atol=1e-6)
    np.testing.assert_allclose(recurrent.write_rows(recurrent_model, code, 99), full, atol=1e-6)


def test_reading_all_rows_gives_the_code_and_frames_are_consistent(recurrent_model, digits):
    digit = digits[3, ..., 0]
    np.testing.assert_allclose(recurrent.read_rows(recurrent_model, digit, 28),
                               recurrent_model.encode(digits[3:4])[0], atol=1e-5)
    partial = recurrent.read_rows(recurrent_model, digit, 7)
    assert partial.shape == (6,) and not np.allclose(partial, recurrent.read_rows(recurrent_model, digit, 28))
    for steps in (0, 7, 28):
        shown = recurrent.frame(recurrent_model, digit, steps)
        np.testing.assert_array_equal(shown.read[:steps], digit[:steps])
        assert not shown.read[steps:].any() and not shown.written[steps:].any()
        assert shown.row_error.shape == (steps,)
    full = recurrent.frame(recurrent_model, digit, 28)
    np.testing.assert_allclose(full.written, np.clip(recurrent_model.reconstruct(digits[3:4])[0, ..., 0], 0, 1), atol=1e-6)
    np.testing.assert_allclose(full.written, full.from_partial, atol=1e-6)


def test_a_model_that_is_not_recurrent_is_refused():
    with pytest.raises(ValueError):
        recurrent.write_rows(dense_program([784, 8, 4], True), np.zeros(4), 3)


def test_the_marked_picture_underlines_the_rows_read(digits):
    digit = digits[0, ..., 0]
    picture = recurrent.marked(digit, 7, scale=4)
    assert picture.shape == (112, 112, 3)
    # a 2-pixel red line across the picture at the boundary of row 7 (picture rows 27 and 28)
    np.testing.assert_array_equal(picture[27:29].reshape(-1, 3), np.tile([230, 60, 60], (2 * 112, 1)))
    others = np.delete(picture, [27, 28], axis=0)
    assert (others[..., 0] == others[..., 1]).all() and (others[..., 1] == others[..., 2]).all()
    unmarked = recurrent.marked(digit, 0, scale=4)
    assert (unmarked[..., 0] == unmarked[..., 1]).all()  # grey: nothing read yet, no line
    assert (recurrent.marked(digit, 28, scale=4)[..., 0] == unmarked[..., 0]).all()  # all read: no line either


# --- the page -----------------------------------------------------------------------------------


@app_test
@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_recurrent_decoder_writes_the_rows_shown(lang):
    listed("recurrent_ae")
    at = pick(open_page("recurrent", lang), "rec", 5)
    assert not at.exception and not at.error
    model, digit = zoo.load_pretrained("recurrent_ae"), at.session_state["digit"]
    for steps in (0, 1, 14, 28):
        at.slider(key="rec_steps").set_value(steps).run()
        assert not at.exception
        shown = recurrent.frame(model, digit, steps)
        if steps:
            assert tr("rec_errors_caption", lang, t=steps, total=float(shown.row_error.sum())) in texts(at)
        else:
            assert tr("rec_errors_caption", lang, t=1, total=0.0).split("(")[0] not in texts(at)
    full = model.reconstruct(digit.reshape(1, 28, 28, 1))[0, ..., 0]
    assert float(np.sum((digit - full) ** 2)) == pytest.approx(float(recurrent.frame(model, digit, 28).row_error.sum()), rel=1e-4)


@app_test
def test_play_and_pause():
    listed("recurrent_ae")
    at = pick(open_page("recurrent", "en"), "rec", 1)
    at.slider(key="rec_steps").set_value(28).run()
    at.button(key="rec_play").click().run()
    assert not at.exception
    assert at.session_state["rec_playing"] is True and at.session_state["rec_steps"] == 0  # from the top
    at.button(key="rec_play").click().run()
    assert at.session_state["rec_playing"] is False


@app_test
def test_recurrent_page_without_a_digit_or_model(monkeypatch):
    at = open_page("recurrent", "en")
    assert not at.exception
    without_model(monkeypatch, "recurrent_ae")
    at = pick(open_page("recurrent", "en"), "rec", 0)
    assert not at.exception
    assert any("cannot be used" in e.value for e in at.error)
