"""Lesson 1: PCA by SVD, the linear autoencoder that learns the same subspace, and a curved set
that only a nonlinear autoencoder can follow. Both autoencoders train live in the worker."""

import pandas as pd
import streamlit as st

from ae_core import student_tasks
from ae_core.figures import bar_chart, toy_scene
from ae_core.lab.pca_linear_ae import (
    CURVED_SETS, TOY_SETS, compare_linear_ae, mean_squared_distance, natural_code_size, pca_by_svd, pca_manifold,
    principal_angles, toy_data,
)
from pages.common import guide, job_panel, shell, ui
from pages.common.i18n import N_, labeller, number, option, t

shell.require_shell()

LINEAR_JOB, CURVE_JOB = "pcalin_linear_job", "pcalin_curve_job"
SAME_SUBSPACE_DEGREES = 5.0  # below this largest principal angle the page calls the subspaces the same


def train_button(key: str, label_key: str, **kwargs) -> None:
    busy = job_panel.status(key).get("state") in job_panel.ACTIVE
    st.button(t(label_key), key=f"{key}_start", disabled=busy, type="primary", on_click=job_panel.start,
              args=(key, "train_toy_ae"), kwargs=kwargs)
    job_panel.panel(key)


def settings_caption(settings: dict) -> None:
    st.caption(t("pcalin_trained_on", data=option("pcalin_set_", settings['dataset']), k=settings["latent_dim"],
                 epochs=settings["epochs"], seed=settings["seed"]))


guide.header("pca_linear_ae", N_("pcalin_title"), N_("pcalin_explain"))

with ui.guard():
    # --- 1. PCA by SVD -----------------------------------------------------------------------
    st.header(t("pcalin_pca_header"))
    left, right = st.columns([1, 2], gap="large")
    with left:
        name = st.segmented_control(t("pcalin_toy_set"), tuple(TOY_SETS), format_func=labeller("pcalin_set_"),
                                    key="pcalin_set", default="ellipse3d", required=True, wrap=True)
        x = toy_data(name)
        dims = x.shape[1]
        k = st.slider(t("pcalin_k"), 1, dims, natural_code_size(name), key=f"pcalin_k_{name}")
        pca = pca_by_svd(x, k)
        st.caption(t("pcalin_points", n=len(x), d=dims))
        components = [f"PC{i + 1}" for i in range(dims)]
        table = pd.DataFrame(pca.loadings, index=components, columns=[f"x{i + 1}" for i in range(dims)])
        table[t("pcalin_variance")] = pca.explained_variance
        table[t("pcalin_ratio")] = pca.explained_variance_ratio
        st.markdown("**" + t("pcalin_loadings") + "**")
        st.dataframe(ui.styled(table, 3), width="stretch")
        ui.plotly(bar_chart(components, pca.explained_variance_ratio, "", t("pcalin_ratio"), height=200),
                        key="pcalin_variance_chart")
    with right:
        kept = float(pca.explained_variance_ratio[:k].sum())
        dropped = float(pca.explained_variance[k:].sum())
        st.markdown(t("pcalin_pca_numbers", k=k, d=dims, kept=kept, error=pca.error, dropped=dropped,
                      scaled=dropped * (len(x) - 1) / len(x)))
        if k == dims:
            st.info(t("pcalin_k_full", d=dims))
        layers = [{"name": t("pcalin_pca_layer", k=k), "k": k, "manifold": pca_manifold(pca),
                   "recovered": pca.recovered}] if k < dims else []
        ui.plotly(toy_scene(x, layers, t("pcalin_data"), t("pcalin_projection")), key="pcalin_pca_scene")

    # --- 2. The linear autoencoder ----------------------------------------------------------
    st.header(t("pcalin_linear_header"))
    st.markdown(t("pcalin_linear_explain"))
    if k >= dims:
        st.info(t("pcalin_linear_needs_k", d=dims))
    result = job_panel.result(LINEAR_JOB)
    answer = None
    if result is not None:
        fitted = compare_linear_ae(toy_data(result["settings"]["dataset"]), result["weights"]["decoder_kernel"],
                                   result["recovered"])
        answer = "yes" if float(fitted.angles.max()) < SAME_SUBSPACE_DEGREES else "no"
    if k < dims:
        guide.predict_training("pca_linear_ae", t("pcalin_predict"), {"yes": t("yes"), "no": t("no")}, answer)
        seed = ui.whole_number(t("pcalin_seed"), 0, 1_000_000, 0, key="pcalin_seed")
        train_button(LINEAR_JOB, N_("pcalin_train_linear"), dataset=name, latent_dim=k, kind="linear", seed=int(seed))
    if result is not None:
        settings = result["settings"]
        settings_caption(settings)
        data = toy_data(settings["dataset"])
        comparison = compare_linear_ae(data, result["weights"]["decoder_kernel"], result["recovered"])
        worst = float(comparison.angles.max())
        columns = st.columns(3)
        columns[0].metric(t("pcalin_angle"), f"{number(worst, '.2f')}°")
        columns[1].metric(t("pcalin_pca_error"), number(comparison.pca_error, ".4f"))
        columns[2].metric(t("pcalin_ae_error"), number(comparison.ae_error, ".4f"),
                          delta=number(comparison.ae_error - comparison.pca_error, "+.4f"), delta_color="inverse")
        angles = "; ".join(f"{number(a, '.2f')}°" for a in comparison.angles)
        verdict = N_("pcalin_same_subspace") if worst < SAME_SUBSPACE_DEGREES else N_("pcalin_not_yet")
        st.markdown(t(verdict, angles=angles, limit=SAME_SUBSPACE_DEGREES, pca=comparison.pca_error, ae=comparison.ae_error))
        pca_then = pca_by_svd(data, settings["latent_dim"])
        layers = [
            {"name": t("pcalin_pca_layer", k=pca_then.k), "k": pca_then.k, "manifold": pca_manifold(pca_then)},
            {"name": t("pcalin_linear_layer"), "k": settings["latent_dim"], "manifold": result["manifold"],
             "recovered": result["recovered"]},
        ]
        ui.plotly(toy_scene(data, layers, t("pcalin_data"), t("pcalin_projection")), key="pcalin_linear_scene")
        st.caption(t("pcalin_basis_note"))

    # --- 3. A curved set: what PCA cannot do -------------------------------------------------
    st.header(t("pcalin_curve_header"))
    st.markdown(t("pcalin_curve_explain"))
    curve = st.segmented_control(t("pcalin_toy_set"), tuple(CURVED_SETS), format_func=labeller("pcalin_set_"),
                                 key="pcalin_curve_set", default="arc3d", required=True, wrap=True)
    curved = toy_data(curve)
    code_size = natural_code_size(curve)
    curve_pca = pca_by_svd(curved, code_size)
    st.markdown(t("pcalin_curve_pca", k=code_size, error=curve_pca.error, kept=float(curve_pca.explained_variance_ratio[:code_size].sum())))
    train_button(CURVE_JOB, N_("pcalin_train_curve"), dataset=curve, latent_dim=code_size, kind="nonlinear", seed=0)
    layers = [{"name": t("pcalin_pca_layer", k=code_size), "k": code_size, "manifold": pca_manifold(curve_pca),
               "recovered": curve_pca.recovered}]
    curve_result = job_panel.result(CURVE_JOB)
    if curve_result is not None and curve_result["settings"]["dataset"] == curve:
        settings_caption(curve_result["settings"])
        ae_error = mean_squared_distance(curved, curve_result["recovered"])
        columns = st.columns(2)
        columns[0].metric(t("pcalin_pca_error"), number(curve_pca.error, ".4f"))
        columns[1].metric(t("pcalin_nonlinear_error"), number(ae_error, ".4f"))
        st.markdown(t("pcalin_curve_verdict", k=code_size, pca=curve_pca.error, ae=ae_error,
                      ratio=curve_pca.error / max(ae_error, 1e-12)))
        layers = [{**layers[0], "recovered": None},
                  {"name": t("pcalin_nonlinear_layer", k=code_size), "k": code_size, "manifold": curve_result["manifold"],
                   "recovered": curve_result["recovered"]}]
    elif curve_result is not None:
        st.caption(t("pcalin_other_set"))
    ui.plotly(toy_scene(curved, layers, t("pcalin_data"), t("pcalin_projection")), key="pcalin_curve_scene")

guide.glossary(['pca', 'code'])
ui.show_code(toy_data, pca_by_svd, principal_angles, compare_linear_ae, student_tasks.train_toy_ae)
guide.footer("pca_linear_ae")
job_panel.warm()  # last: starting the trainer the first time takes seconds; the page is drawn by then
