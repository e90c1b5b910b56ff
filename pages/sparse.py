"""Lesson 3: sparse autoencoders. How many code units fire per digit (against the plain 30-d AE),
and the feature each unit draws (its row of the decoder's kernel)."""

import numpy as np
import pandas as pd
import streamlit as st

from ae_core import imaging
from ae_core.data import DataUnavailable
from ae_core.lab.common import lesson_digits
from ae_core.lab.sparse import (
    MAX_FEATURES, SPARSE_SHARE, active_fraction, activity_figures, codes_of, feature_images, is_sparse, lesson_codes,
    median_active_share, most_used_units, sparsity_summary, strongest_units,
)
from ae_core.metrics import squared_error
from ae_core.registry import get_spec
from pages.common import cache, digit_input, guide, shell, ui
from pages.common.i18n import N_, labeller, number, t

shell.require_shell()

MODELS = ("sparse_l1", "sparse_kl", "dense_ae_30")
SPARSE = ("sparse_l1", "sparse_kl")
TOP_UNITS = 8


def lesson(models: dict, threshold: float, digit) -> None:
    """Everything below the threshold slider, for the models that loaded."""
    try:
        ds = cache.dataset("mnist")
        x_eval = cache.memo(lesson_digits, ds)
    except DataUnavailable as problem:
        ui.data_unavailable("mnist", problem)
        x_eval = None

    # --- activity over many digits ---
    if x_eval is not None:
        with st.spinner(t("sparse_encoding", n=len(x_eval))):
            codes = cache.memo(lesson_codes, models, ds)
        st.subheader(t("sparse_activity_header"))
        rows = []
        x_digit = None if digit is None else np.asarray(digit, "float32").reshape(1, 28, 28, 1)
        for name, model in models.items():
            summary = sparsity_summary(codes[name], threshold)
            row = {
                t("sparse_col_model"): ui.model_title(name), t("sparse_col_units"): summary.units,
                t("sparse_col_active"): summary.mean_active, t("sparse_col_median"): summary.median_active_units,
                t("sparse_col_dead"): summary.dead_units,
                t("sparse_col_test_error"): cache.trained(name).get("test_metrics", {}).get("squared_error"),
            }
            if x_digit is not None:
                code = codes_of(model, x_digit)
                row[t("sparse_col_digit_active")] = int(np.sum(np.abs(code) > threshold))
                row[t("sparse_col_digit_error")] = float(squared_error(x_digit, model.decode(code))[0])
            rows.append(row)
        table = ui.styled(pd.DataFrame(rows), 3)
        table = table.format(lambda v: number(v, ".3g"), subset=[t("sparse_col_median")])  # a count (x.5 at most), not 250.000
        st.dataframe(table, hide_index=True, width="stretch",
                     key="sparse_table")
        st.caption(t("sparse_table_caption", n=len(x_eval), source=digit_input.data_source_label(ds), threshold=threshold))
        # The verdict of each sparse model, computed from the table's digits at this threshold.
        lines = []
        for name in (n for n in models if n in SPARSE):
            share = median_active_share(codes[name], threshold)
            verdict_key = N_("sparse_verdict_sparse") if is_sparse(codes[name], threshold) else N_("sparse_verdict_dense")
            verdict = t(verdict_key, target=SPARSE_SHARE)
            lines.append("- " + t("sparse_verdict", model=ui.model_title(name), units=share * codes[name].shape[1],
                                  total=codes[name].shape[1], share=share, verdict=verdict))
        if "dense_ae_30" in models:
            lines.append("- " + t("sparse_verdict_plain", model=ui.model_title("dense_ae_30"),
                                  share=median_active_share(codes["dense_ae_30"], threshold)))
        st.markdown("\n".join(lines))

        titles = tuple(ui.model_title(n) for n in models)
        values, fractions, usages = cache.memo(activity_figures, codes, threshold, (
            titles, t("sparse_activation"), t("sparse_share"), t("sparse_fraction"), t("sparse_share_digits"),
            t("sparse_usage"), t("sparse_share_units")))
        ui.plotly(values, key="sparse_hist")
        st.caption(t("sparse_hist_caption"))
        ui.plotly(fractions, key="sparse_fraction_hist")
        st.caption(t("sparse_fraction_caption", threshold=threshold))
        ui.plotly(usages, key="sparse_usage_hist")
        st.caption(t("sparse_usage_caption", threshold=threshold))

    # --- the current digit ---
    if digit is None:
        st.info(t("no_digit"))
    else:
        st.subheader(t("sparse_digit_header"))
        x_digit = np.asarray(digit, "float32").reshape(1, 28, 28, 1)
        columns = st.columns(len(models))
        for column, (name, model) in zip(columns, models.items()):
            code = codes_of(model, x_digit)[0]
            with column:
                st.markdown(f"**{ui.model_title(name)}**")
                ui.image(np.clip(model.decode(code[None]), 0, 1)[0], scale=3)
                st.caption(t("sparse_digit_caption", active=int(np.sum(np.abs(code) > threshold)), units=len(code),
                             error=float(squared_error(x_digit, model.decode(code[None]))[0])))
                ui.unit_bars(code, t("code_unit"), t("code_value"), key=f"sparse_code_{name}")
                if name in SPARSE:
                    top = strongest_units(code, TOP_UNITS)
                    kernel = model.layer_arrays("decoder", "dense")["kernel"]
                    ui.picture(imaging.grid(feature_images(kernel, top), columns=TOP_UNITS // 2, scale=2),
                               caption=" · ".join(f"#{u}: {number(code[u], '.2f')}" for u in top))
        st.caption(t("sparse_top_caption", n=TOP_UNITS))

    # --- learned features ---
    st.subheader(t("sparse_features_header"))
    st.markdown(t("sparse_features_explain"))
    available = [n for n in SPARSE if n in models]
    if available:
        c1, c2, c3 = st.columns(3)
        chosen = c1.selectbox(t("sparse_features_model"), available, format_func=ui.model_title_formatter(), key="sparse_features_model", filter_mode=None, placeholder=t("choose_option"))
        count = ui.whole_number(t("sparse_features_n"), 0, 10_000, 100, key="sparse_features_n", step=10, container=c2)
        order = c3.segmented_control(t("sparse_order"), ("used", "index"), format_func=labeller("sparse_order_"),
                                     key="sparse_order", default="used", required=True, wrap=True)
        kernel = models[chosen].layer_arrays("decoder", "dense")["kernel"]
        shown = int(min(count, MAX_FEATURES, len(kernel)))
        if count > shown:
            st.warning(t("sparse_features_capped", n=count, cap=shown))
        if shown == 0:
            st.info(t("sparse_features_zero"))
        else:
            units = (most_used_units(codes[chosen], threshold, shown)
                     if order == "used" and x_eval is not None else np.arange(shown))
            ui.picture(imaging.grid(feature_images(kernel, units), columns=20, scale=2))
            st.caption(t("sparse_features_caption", n=shown, units=len(kernel)))


guide.header("sparse", N_("sparse_title"), N_("sparse_explain"))
ui.mnist_only_note()
digit, right = digit_input.digit_column("sparse")

with right, ui.guard():
    models = ui.load_models(MODELS)
    threshold = st.slider(t("sparse_threshold"), 0.0, 1.0, 0.1, 0.01, key="sparse_threshold", help=t("sparse_threshold_help"))
    if threshold >= 1.0:
        st.warning(t("sparse_threshold_max"))
    elif threshold == 0.0:
        st.info(t("sparse_threshold_zero"))
    if models:
        share = None
        if "sparse_l1" in models:
            try:
                codes = cache.memo(lesson_codes, models, cache.dataset("mnist"))
                share = sparsity_summary(codes["sparse_l1"], threshold).mean_active
            except DataUnavailable:
                share = None
        buckets = {"tenth": t("sparse_predict_tenth"), "quarter": t("sparse_predict_quarter"),
                   "half": t("sparse_predict_half"), "most": t("sparse_predict_most")}
        answer = None if share is None else ("tenth" if share < 0.1 else "quarter" if share < 0.3
                                             else "half" if share < 0.6 else "most")
        question = t("sparse_predict", units=get_spec("sparse_l1").latent_dim, threshold=threshold)
        if guide.predict("sparse", question, buckets, answer):
            lesson(models, threshold, digit)

guide.glossary(['code'])
ui.show_code(sparsity_summary, active_fraction, feature_images, most_used_units)
guide.footer("sparse")
