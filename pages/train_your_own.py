"""Train your own: choose an autoencoder, train it live in the background, use and download it."""

import streamlit as st

from ae_core import imaging
from ae_core.data import DataUnavailable
from ae_core.lab.train_your_own import (
    LIMITS, LOSSES, OPTIMIZERS, SHOWN, SPARSE_MIN_UNITS, architectures, code_size, preset_of, result_strip,
)
from ae_core.student_tasks import build_student_model, train_autoencoder
from pages.common import cache, guide, job_panel, shell, state, student_models, ui
from pages.common.i18n import N_, current_language, labeller, number, option, t

shell.require_shell()

JOB = "own_job"
RELOAD_CODE = """import keras
from ae_core import registry

registry.import_model_classes()  # registers ae_core's model classes with Keras
model = keras.saving.load_model("autoencoder.keras", safe_mode=True)
codes = model.encode(images)  # images: (N, 28, 28, 1) floats in [0, 1]
"""


def settings_form() -> dict:
    c1, c2 = st.columns(2)
    lang = current_language()
    architecture = c1.selectbox(t("own_architecture"), architectures(), key="own_architecture",
                                format_func=lambda a: ui.model_title(preset_of(a), lang), filter_mode=None, placeholder=t("choose_option"))
    c1.caption(ui.model_description(preset_of(architecture), lang))
    latent_dim = c2.slider(t("own_latent"), *LIMITS["latent_dim"], 16, key="own_latent")
    if code_size(architecture, latent_dim) != latent_dim:
        c2.caption(t("own_sparse_width", units=SPARSE_MIN_UNITS))
    loss = c1.segmented_control(t("own_loss"), LOSSES, format_func=labeller("own_loss_"), default="bce", required=True,
                                key="own_loss", wrap=True)
    optimizer = c2.selectbox(t("own_optimizer"), OPTIMIZERS, format_func=labeller("own_opt_"), key="own_optimizer", filter_mode=None, placeholder=t("choose_option"))
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
    result = job_panel.result(JOB)
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
    st.subheader(t("own_result_title", label=ui.model_title(label)))
    c1, c2, c3 = st.columns(3)
    c1.metric(t("own_val_error"), number(settings["val_squared_error"], ".2f"), help=t("own_val_error_help"))
    c2.metric(t("card_params"), number(settings["params"], ","))
    c3.metric(t("own_trained_on"), number(settings["train_size"], ","))
    try:
        x, _, _ = cache.gallery("mnist")
    except DataUnavailable as problem:
        ui.data_unavailable("mnist", problem)
    else:
        originals, results = result_strip(model, x)
        st.image(imaging.grid(originals, columns=SHOWN, scale=3), caption=t("own_originals"))
        st.image(imaging.grid([r.image for r in results], columns=SHOWN, scale=3),
                 caption=t("own_reconstructions", errors=" · ".join(number(r.squared_error, ".1f") for r in results)))
    st.page_link("pages/draw.py", label=t("own_try_on_draw"), icon=":material/draw:")


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
        left.markdown(t("own_model_line", label=ui.model_title(label), optimizer=option("own_opt_", settings["optimizer"]), epochs=settings["epochs"],
                        size=settings["train_size"], error=settings["val_squared_error"]))
        file_name = f"autoencoder_{settings['architecture']}_{settings['latent_dim']}d_{index}.keras"
        right.download_button(t("own_download"), student_models.keras_file(label), file_name=file_name,
                              mime="application/octet-stream", key=f"own_download_{label}")


guide.header("train_your_own", N_("own_title"), N_("own_explain"))
if state.current_dataset() != "mnist":
    st.caption(t("lesson_mnist_only"))
job_panel.warm()
with ui.guard():
    chosen = settings_form()
    label = keep_result()
    answer = None
    if label:
        error = student_models.settings(label)["val_squared_error"]
        answer = "low" if error < 10 else "mid" if error < 20 else "high" if error < 40 else "very_high"
    guide.predict_training("train_your_own", t("own_predict"),
                           {"low": t("own_predict_low"), "mid": t("own_predict_mid"), "high": t("own_predict_high"),
                            "very_high": t("own_predict_very_high")}, answer)
    running = job_panel.status(JOB).get("state") in job_panel.ACTIVE
    # A callback, not "if st.button": it runs before the page, so the panel below already shows the job.
    st.button(t("own_start"), key="own_start", type="primary", disabled=running, on_click=job_panel.start,
              args=(JOB, "train_autoencoder"), kwargs=chosen)
    if running:
        st.caption(t("own_running_note"))
    job_panel.panel(JOB)
    if label:
        show_result(label)
    my_models()

guide.glossary(['bce', 'code'])
ui.show_code(build_student_model, train_autoencoder)
guide.footer("train_your_own")
