"""Anomaly detection: the reconstruction error of digits, clothes, noise and your own scribble."""

import numpy as np
import streamlit as st

from ae_core import data, zoo
from ae_core.data import FETCH_COMMAND
from ae_core.figures import SET_COLOURS, roc_figure, score_histograms
from ae_core.lab.anomalies import (
    OUTLIER_KINDS, PCA_K, anomaly_scores, default_threshold, reconstruction_errors, roc, scoring_model,
    threshold_choices, threshold_metrics, verdict,
)
from pages.common import cache, digit_input, guide, shell, state, ui
from pages.common.i18n import N_, current_language, labeller, number, option, t

shell.require_shell()


def percent(value) -> str:
    return "—" if value is None else number(value, ".1%")


def body(digit) -> None:
    names = cache.available(tag="reconstruct", dataset="mnist")
    if not names:
        st.warning(t("home_no_models", command=zoo.REBUILD_ALL))
        return
    index = names.index("dense_ae_30") if "dense_ae_30" in names else 0
    name = st.selectbox(t("anomaly_model"), names, index=index, format_func=ui.model_title_formatter(),
                        key="anomaly_model", filter_mode=None, placeholder=t("choose_option"))
    model = ui.load_model(name)
    if model is None:  # its weights are missing: the message says how to rebuild them
        return
    if name == "pca":
        st.caption(t("anomaly_pca_k", k=PCA_K))
    try:
        fashion, fashion_problem = cache.dataset("fashion_mnist"), None
    except data.DataUnavailable as problem:
        fashion, fashion_problem = None, problem
    with st.spinner(t("anomaly_scoring")):
        scores = cache.memo(anomaly_scores, model, cache.dataset("mnist"), fashion, persist=True)
    available = [k for k in OUTLIER_KINDS if k in scores]
    if fashion_problem is not None:
        st.warning(t("anomaly_no_fashion", command=FETCH_COMMAND))
    kinds = st.pills(t("anomaly_outliers"), available, selection_mode="multi", default=available, format_func=labeller("anomaly_set_"),
                           key="anomaly_kinds", wrap=True)
    if not kinds:
        st.info(t("anomaly_pick_outliers"))
        return
    digits_scores = scores["digits"]
    aucs = {kind: roc(digits_scores, scores[kind])[2] for kind in available}
    if len(aucs) > 1:
        question, options = t("anomaly_predict"), {kind: option("anomaly_set_", kind) for kind in available}
        answer = max(aucs, key=aucs.get)
    else:  # only noise: is it caught almost always?
        question, options = t("anomaly_predict_noise"), {"yes": t("yes"), "no": t("no")}
        answer = "yes" if aucs.get("noise", 0) >= 0.95 else "no"
    if not guide.predict("anomalies", question, options, answer):
        return
    outlier_scores = np.concatenate([scores[k] for k in kinds])
    choices = threshold_choices(np.concatenate([digits_scores, outlier_scores]))
    if st.session_state.get("anomaly_threshold") not in choices:  # first visit, or another model
        st.session_state["anomaly_threshold"] = default_threshold(digits_scores, choices)
    lang = current_language()  # bound now: Streamlit may call the formatter outside this session's thread
    threshold = st.select_slider(t("anomaly_threshold"), choices, key="anomaly_threshold",
                                 format_func=lambda v: number(v, ".3g", lang),
                                 help=t("anomaly_threshold_help"))

    mine = None
    if digit is not None:
        mine = float(reconstruction_errors(scoring_model(model), digit)[0])
    groups = {t("anomaly_set_digits"): digits_scores, **{option("anomaly_set_", k): scores[k] for k in kinds}}
    colours = {option("anomaly_set_", k): SET_COLOURS[k] for k in ("digits", *kinds)}
    figure = score_histograms(groups, threshold=threshold, x_title=t("anomaly_score_axis"), y_title=t("anomaly_count_axis"),
                              colours=colours, marker=mine, marker_name=t("anomaly_yours"))
    ui.plotly(figure, key="anomaly_histogram")
    st.caption(t("anomaly_histogram_caption", n=len(digits_scores), threshold=threshold))
    if mine is not None:
        flagged = verdict(mine, threshold)
        share = float(np.mean(digits_scores > mine))
        (st.error if flagged else st.success)(
            t(N_("anomaly_mine_flagged") if flagged else N_("anomaly_mine_passed"), score=mine, threshold=threshold, share=share)
        )
    else:
        st.info(t("anomaly_no_digit"))

    m = threshold_metrics(digits_scores, outlier_scores, threshold)
    c1, c2, c3 = st.columns(3)
    c1.metric(t("anomaly_precision"), percent(m.precision), help=t("anomaly_precision_help"))
    c2.metric(t("anomaly_recall"), percent(m.recall), help=t("anomaly_recall_help"))
    c3.metric(t("anomaly_false_alarms"), percent(m.false_alarm_rate), help=t("anomaly_false_alarms_help"))
    st.markdown(t("anomaly_confusion", tp=m.tp, fp=m.fp, fn=m.fn, tn=m.tn, threshold=threshold))
    if m.precision is None:
        st.info(t("anomaly_nothing_flagged"))

    st.subheader(t("anomaly_roc_title"))
    curves, aucs = {}, {}
    for kind in kinds:
        fpr, tpr, auc = roc(digits_scores, scores[kind])
        curves[option("anomaly_set_", kind)], aucs[kind] = (fpr, tpr), auc
    if len(kinds) > 1:
        fpr, tpr, auc = roc(digits_scores, outlier_scores)
        curves[t("anomaly_set_all")], aucs["all"] = (fpr, tpr), auc
    ui.plotly(roc_figure(curves, t("anomaly_fpr_axis"), t("anomaly_tpr_axis"),
                               point=(m.false_alarm_rate, m.recall), point_name=t("anomaly_threshold_point")),
                    key="anomaly_roc")
    st.markdown("  \n".join(t("anomaly_auc", set=option("anomaly_set_", k), auc=a) for k, a in aucs.items()))
    st.caption(t("anomaly_roc_caption"))


guide.header("anomalies", N_("anomaly_title"), N_("anomaly_explain"))
left, right = st.columns([1, 2], gap="large")

with left:
    st.subheader(t("anomaly_your_image"))
    # The sidebar's data choice picks where "Pick" takes images from: clothes make fine anomalies.
    digit = digit_input.digit_panel("anomaly", dataset=state.current_dataset())
    digit_input.show_current(digit, scale=4)

with right, ui.guard():
    body(digit)

guide.glossary(['auc', 'pca'])
ui.show_code(anomaly_scores, reconstruction_errors, threshold_metrics, roc)
guide.footer("anomalies")
