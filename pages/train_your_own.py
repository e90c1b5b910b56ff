"""Train your own: choose an autoencoder, train it live in the background, use and download it."""

import numpy as np
import streamlit as st

from ae_core import imaging
from ae_core.data import DataUnavailable
from ae_core.lab.reconstruct import reconstruct_all
from ae_core.live import ARCHITECTURES, LIMITS, LOSSES, OPTIMIZERS, build_student_model, train_autoencoder
from pages.common import cache, shell, state, student_models, training, ui
from pages.common.i18n import labeller, t

shell.require_shell()

JOB = "own_job"
SHOWN = 8  # digits whose reconstruction is shown after training
RELOAD_CODE = """import keras
from ae_core import registry

registry.list_models()  # registers ae_core's model classes with Keras
model = keras.saving.load_model("autoencoder.keras", safe_mode=True)
codes = model.encode(images)  # images: (N, 28, 28, 1) floats in [0, 1]
"""


def settings_form() -> dict:
    c1, c2 = st.columns(2)
    architecture = c1.selectbox(t("own_architecture"), ARCHITECTURES, format_func=labeller("own_arch_"), key="own_architecture")
    c1.caption(t(f"own_arch_help_{architecture}"))
    latent_dim = c2.slider(t("own_latent"), *LIMITS["latent_dim"], 16, key="own_latent")
    if architecture == "sparse" and latent_dim < 32:
        c2.caption(t("own_sparse_width"))
    loss = c1.segmented_control(t("own_loss"), LOSSES, format_func=labeller("own_loss_"), default="bce", required=True,
                                key="own_loss")
    optimizer = c2.selectbox(t("own_optimizer"), OPTIMIZERS, format_func=labeller("own_opt_"), key="own_optimizer")
    epochs = c1.slider(t("own_epochs"), *LIMITS["epochs"], 5, key="own_epochs")
    train_size = c2.slider(t("own_train_size"), *LIMITS["train_size"], 2000, step=100, key="own_train_size")
    with st.expander(t("own_loss_lesson_title"), expanded=False):
        st.markdown(t("own_loss_lesson"))
    st.caption(t("own_caps", latent_low=LIMITS["latent_dim"][0], latent_high=LIMITS["latent_dim"][1],
                 epochs=LIMITS["epochs"][1], size=LIMITS["train_size"][1]))
    return dict(architecture=architecture, latent_dim=int(latent_dim), loss=loss, optimizer=optimizer,
                epochs=int(epochs), train_size=int(train_size))


def keep_result() -> str | None:
    """The finished job's model, kept once in this session; returns its label."""
    job_id = st.session_state.get(JOB)
    result = training.result(JOB)
    if not result:
        return None
    kept = st.session_state.setdefault("own_kept_jobs", {})
    if job_id not in kept:
        kept[job_id] = student_models.add(result)
    return kept[job_id]


def show_result(label: str) -> None:
    settings = student_models.settings(label)
    model = student_models.session_models().get(label)
    if model is None:  # dropped: more than MAX_KEPT models were trained since
        return
    st.subheader(t("own_result_title", label=label))
    c1, c2, c3 = st.columns(3)
    c1.metric(t("own_val_error"), f"{settings['val_squared_error']:.2f}", help=t("own_val_error_help"))
    c2.metric(t("card_params"), f"{settings['params']:,}")
    c3.metric(t("own_trained_on"), f"{settings['train_size']:,}")
    try:
        x, _, _ = cache.gallery("mnist")
    except DataUnavailable as problem:
        ui.data_unavailable("mnist", problem)
    else:
        chosen = np.linspace(0, len(x) - 1, SHOWN).astype(int)
        results = [reconstruct_all(x[i, ..., 0], {label: model})[0] for i in chosen]
        st.image(imaging.grid(x[chosen], columns=SHOWN, scale=3), caption=t("own_originals"))
        st.image(imaging.grid([r.image for r in results], columns=SHOWN, scale=3),
                 caption=t("own_reconstructions", errors=" · ".join(f"{r.squared_error:.1f}" for r in results)))
    st.page_link("pages/draw.py", label=t("own_try_on_draw"), icon="✏️")


def my_models() -> None:
    labels = list(student_models.session_models())
    if not labels:
        return
    st.subheader(t("own_models_title"))
    st.caption(t("own_models_help", n=student_models.MAX_KEPT))
    with st.expander(t("own_reload_title")):
        st.code(RELOAD_CODE, language="python")
    for index, label in enumerate(reversed(labels)):
        settings = student_models.settings(label)
        left, right = st.columns([3, 1], vertical_alignment="center")
        left.markdown(t("own_model_line", label=label, optimizer=settings["optimizer"], epochs=settings["epochs"],
                        size=settings["train_size"], error=settings["val_squared_error"]))
        file_name = f"autoencoder_{settings['architecture']}_{settings['latent_dim']}d_{index}.keras"
        right.download_button(t("own_download"), student_models.keras_file(label), file_name=file_name,
                              mime="application/octet-stream", key=f"own_download_{label}")


ui.header("own_title", "own_explain")
if state.current_dataset() != "mnist":
    st.caption(t("lesson_mnist_only"))
training.warm()
with ui.guard():
    chosen = settings_form()
    running = training.status(JOB).get("state") in training.ACTIVE
    # A callback, not "if st.button": it runs before the page, so the panel below already shows the job.
    st.button(t("own_start"), key="own_start", type="primary", disabled=running, on_click=training.start,
              args=(JOB, "train_autoencoder"), kwargs=chosen)
    if running:
        st.caption(t("own_running_note"))
    training.panel(JOB)
    label = keep_result()
    if label:
        show_result(label)
    my_models()

ui.show_code(build_student_model, train_autoencoder)
