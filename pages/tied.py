"""Lesson 4: tied weights. The tied AE against the untied deep AE of the same shape: parameters,
errors, and the encoder's first-layer filters (which in the tied model are also the decoder's last layer)."""

import numpy as np
import pandas as pd
import streamlit as st

from ae_core import imaging
from ae_core.lab.tied import dense_parameters, encoder_filters, first_layer_units, mirror_difference
from ae_core.metrics import squared_error
from ae_core.registry import get_spec
from pages.common import cache, digit_input, guide, shell, ui
from pages.common.i18n import N_, t

shell.require_shell()

TIED, UNTIED = "tied_ae", "dense_ae_30"
MAX_FILTERS = 256

guide.header("tied", N_("tied_title"), N_("tied_explain"))
ui.mnist_only_note()
digit, right = digit_input.digit_column("tied")

def lesson(digit) -> None:
    """Everything below the prediction: parameters, errors, the shared matrix and the filters."""
    models = ui.load_models([TIED, UNTIED])

    # --- parameters ---
    st.subheader(t("tied_params_header"))
    rows = []
    for name, tied in ((UNTIED, False), (TIED, True)):
        entry = cache.trained(name)
        config = get_spec(name).config
        widths = [784, *config["hidden_units"], config["latent_dim"]]
        counts = dense_parameters(widths, tied)
        rows.append({t("tied_col_model"): ui.model_title(name), t("tied_col_manifest"): entry.get("params"),
                     t("tied_col_formula"): counts["total"], t("tied_col_enc_kernels"): counts["encoder_kernels"],
                     t("tied_col_dec_kernels"): counts["decoder_kernels"],
                     t("tied_col_biases"): counts["encoder_biases"] + counts["decoder_biases"]})
    st.dataframe(ui.styled(pd.DataFrame(rows), 0), hide_index=True, width="stretch", key="tied_params")
    tied_params, untied_params = cache.trained(TIED).get("params"), cache.trained(UNTIED).get("params")
    if tied_params and untied_params:
        st.markdown(t("tied_params_reading", tied=tied_params, untied=untied_params, ratio=tied_params / untied_params))

    # --- errors ---
    st.subheader(t("tied_error_header"))
    columns = st.columns(2)
    x_digit = None if digit is None else np.asarray(digit, "float32").reshape(1, 28, 28, 1)
    for column, name in zip(columns, (UNTIED, TIED)):
        metrics = cache.trained(name).get("test_metrics", {})
        with column:
            st.markdown(f"**{ui.model_title(name)}**")
            facts = [t("tied_test_error", value=metrics["squared_error"])] if "squared_error" in metrics else []
            if "bce" in metrics:
                facts.append(t("tied_test_bce", value=metrics["bce"]))
            if name in models and x_digit is not None:
                output = np.clip(models[name].reconstruct(x_digit), 0, 1)
                ui.image(output[0], scale=4)
                facts.append(t("tied_digit_error", value=float(squared_error(x_digit, output)[0])))
            st.markdown("  \n".join(facts) if facts else "—")
    if digit is None:
        st.info(t("no_digit"))
    st.caption(t("tied_error_caption"))

    # --- the shared matrix and the filters ---
    st.subheader(t("tied_filters_header"))
    if TIED in models:
        st.markdown(t("tied_mirror", tied=mirror_difference(models[TIED]),
                      untied=mirror_difference(models[UNTIED]) if UNTIED in models else float("nan")))
    n = ui.whole_number(t("tied_filters_n"), 0, 10_000, 64, key="tied_filters_n", step=16)
    shown = int(min(n, MAX_FILTERS))
    if n > MAX_FILTERS:
        st.warning(t("tied_filters_capped", n=n, cap=MAX_FILTERS))
    if shown == 0:
        st.info(t("tied_filters_zero"))
    else:
        for column, name in zip(st.columns(2), (UNTIED, TIED)):
            if name in models:
                with column:
                    st.markdown(f"**{ui.model_title(name)}**")
                    ui.picture(imaging.grid(encoder_filters(models[name], shown), columns=16, scale=2))
        st.caption(t("tied_filters_caption", n=shown, units=first_layer_units(models[TIED]) if TIED in models else "—"))


with right, ui.guard():
    ratio = None
    if cache.trained(TIED).get("params") and cache.trained(UNTIED).get("params"):
        ratio = cache.trained(TIED)["params"] / cache.trained(UNTIED)["params"]
    shares = {0.25: "25 %", 0.5: "50 %", 0.75: "75 %", 1.0: "100 %"}
    answer = min(shares, key=lambda share: abs(share - ratio)) if ratio else None
    if guide.predict("tied", t("tied_predict"), {share: t("tied_predict_share", share=share) for share in shares}, answer):
        lesson(digit)

guide.glossary(['code', 'bce'])
ui.show_code(dense_parameters, mirror_difference, encoder_filters)
guide.footer("tied")
