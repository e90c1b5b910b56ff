"""Unsupervised pretraining: a digit classifier on few labels, and greedy layer-wise training."""

import numpy as np
import streamlit as st

from ae_core import imaging, student_tasks
from ae_core.figures import MODE_COLOURS, accuracy_curve
from ae_core.lab.pretraining import (
    BATCH_SIZE, GREEDY_LIMITS, GREEDY_SIZES, MAX_LABELS, MODES, TEST_DIGITS, accuracy, greedy_phases, label_counts,
    labelled_order, pretraining_verdict, training_steps,
)
from pages.common import cache, guide, job_panel, shell, ui
from pages.common.i18n import N_, labeller, number, option, t

shell.require_shell()

LABELS_JOB, GREEDY_JOB = "pretrain_job", "pretrain_greedy_job"
DEFAULT_ENCODER = "dense_ae_10"  # its codes help most when labels are few (tests/benchmarks/results/quality.md)


def mode_name(mode: str) -> str:
    return option("pretrain_mode_", mode)


def accuracy_figure(counts, series: dict):
    return accuracy_curve(counts, {mode_name(m): v for m, v in series.items()}, t("pretrain_n_axis"),
                          t("pretrain_acc_axis"), colours={mode_name(m): MODE_COLOURS[m] for m in series})


def describe_labels(status: dict) -> str:
    return t("pretrain_progress", part=min(status.get("epoch", 0) + 1, status.get("epochs", 1)),
             parts=status.get("epochs", 1), n=status.get("labels", "?"), mode=mode_name(status.get("mode", "frozen")))


def partial_curve(status: dict) -> None:
    partial = status.get("partial")
    if status.get("state") in job_panel.ACTIVE and partial:
        ui.plotly(accuracy_figure(partial["counts"], partial["accuracy"]),
                        key="pretrain_partial_curve")


def labels_section() -> None:
    st.markdown(t("pretrain_labels_explain"))
    encoders = cache.available(tag="pretrain_encoder", dataset="mnist")
    if not encoders:
        st.warning(t("pretrain_no_encoder"))
        return
    c1, c2 = st.columns(2)
    encoder = c1.selectbox(t("pretrain_encoder"), encoders, format_func=ui.model_title_formatter(), key="pretrain_encoder",
                           index=encoders.index(DEFAULT_ENCODER) if DEFAULT_ENCODER in encoders else 0, filter_mode=None, placeholder=t("choose_option"))
    n = c2.slider(t("pretrain_n"), 0, MAX_LABELS, 100, step=10, key="pretrain_n", help=t("pretrain_n_help"))
    modes = st.pills(t("pretrain_modes"), MODES, selection_mode="multi", default=list(MODES), format_func=labeller("pretrain_mode_"),
                           key="pretrain_modes", wrap=True)
    usable = ui.load_model(encoder) is not None
    problem = None
    if n == 0:
        problem = N_("pretrain_n_zero")
    elif not modes:
        problem = N_("pretrain_no_modes")
    if problem:
        st.warning(t(problem))
    else:
        counts = label_counts(n)
        st.caption(t("pretrain_plan", counts=", ".join(map(str, counts)), steps_low=training_steps(counts[0]),
                     steps_high=training_steps(counts[-1]), batch=BATCH_SIZE, test=TEST_DIGITS))
    result = job_panel.result(LABELS_JOB)
    verdict = pretraining_verdict(result) if result else None
    answer = verdict.answer if verdict else None
    guide.predict_training("pretraining", t("pretrain_predict", n=label_counts(max(n, 1))[0]),
                           {"pretrained": t("pretrain_predict_pretrained"), "scratch": t("pretrain_predict_scratch"),
                            "same": t("pretrain_predict_same")}, answer)
    running = job_panel.status(LABELS_JOB).get("state") in job_panel.ACTIVE
    st.button(t("pretrain_start"), key="pretrain_start", type="primary", disabled=bool(problem) or running or not usable,
              on_click=job_panel.start, args=(LABELS_JOB, "pretrain_classifiers"),
              kwargs=dict(encoder=encoder, max_labels=int(n), modes=tuple(modes), test_digits=TEST_DIGITS))
    job_panel.panel(LABELS_JOB, describe=describe_labels, extra=partial_curve, final_chart=False)
    if result:
        show_labels_result(result)


def show_labels_result(result: dict) -> None:
    st.subheader(t("pretrain_result_title", model=ui.model_title(result["encoder"])))
    ui.plotly(accuracy_figure(result["counts"], result["accuracy"]),
                    key="pretrain_curve")
    rows = [
        f"| {n} | " + " | ".join(number(result["accuracy"][m][i], ".1%") for m in result["modes"]) + " |"
        for i, n in enumerate(result["counts"])
    ]
    header = f"| {t('pretrain_n_axis')} | " + " | ".join(mode_name(m) for m in result["modes"]) + " |"
    st.markdown("\n".join([header, "|" + "---|" * (len(result["modes"]) + 1), *rows]))
    held_out = N_("pretrain_held_out_holdout") if result["holdout"] else N_("pretrain_held_out_test")
    st.caption(t(held_out, n=result["test_digits"], pool=result["pool"]))
    verdict = pretraining_verdict(result)
    if verdict is not None:
        key = N_("pretrain_reading") if verdict.helped else N_("pretrain_reading_not")
        text = t(key, n=verdict.counts[0], mode=mode_name(verdict.mode), best=verdict.best,
                 scratch=verdict.scratch, gain=100 * verdict.gains[0])
        if verdict.helped and len(verdict.counts) > 1:
            gap_key = N_("pretrain_gap_shrinks") if verdict.gains[-1] < verdict.gains[0] else N_("pretrain_gap_holds")
            text += " " + t(gap_key, n=verdict.counts[-1], gap=100 * verdict.gains[-1])
        st.markdown(text)


def describe_greedy(status: dict) -> str:
    kind, sizes = status.get("stage_kind", "layer"), status.get("sizes", (784, 0))
    return t("greedy_progress", stage=status.get("stage", 0) + 1, stages=status.get("stages", 1),
             what=phase_name(kind, sizes), epoch=min(status.get("epoch", 0) + 1, status.get("epochs", 1)),
             epochs=status.get("epochs", 1))


def phase_name(kind: str, sizes) -> str:
    if kind == "layer" and sizes[0] == 784:
        kind = "pixels"  # the first shallow AE learns from the pixels themselves
    return option("greedy_phase_", kind, d_in=sizes[0], d_out=sizes[1])


def snapshot_rows(snapshots, originals=None) -> None:
    if originals is not None:
        st.image(imaging.grid(np.asarray(originals) / 255.0, columns=len(originals), scale=3),
                 caption=t("greedy_originals"))
    for index, snap in enumerate(snapshots, start=1):
        caption = t("greedy_snapshot", index=index, what=phase_name(snap["kind"], snap["sizes"]), error=snap["val_error"])
        st.image(imaging.grid(np.asarray(snap["images"]) / 255.0, columns=len(snap["images"]), scale=3), caption=caption)


def live_snapshots(status: dict) -> None:
    if status.get("state") in job_panel.ACTIVE and status.get("snapshots"):
        snapshot_rows(status["snapshots"])


def greedy_section() -> None:
    st.markdown(t("greedy_explain"))
    low_e, high_e = GREEDY_LIMITS["epochs"]
    low_n, high_n = GREEDY_LIMITS["train_size"]
    c1, c2 = st.columns(2)
    epochs = c1.slider(t("greedy_epochs"), low_e, high_e, 2, key="pretrain_greedy_epochs")
    size = c2.slider(t("greedy_train_size"), low_n, high_n, 2000, step=500, key="pretrain_greedy_size")
    phases = greedy_phases()
    steps = [phase_name(kind, (d_in, d_out)) for kind, d_in, d_out in phases]
    total = epochs * (len(GREEDY_SIZES) + 1)
    st.markdown("\n".join(f"{i}. {s}" for i, s in enumerate(steps, start=1)))
    st.caption(t("greedy_plan", epochs=epochs, total=total, size=size, cap_epochs=high_e, cap_size=high_n))
    running = job_panel.status(GREEDY_JOB).get("state") in job_panel.ACTIVE
    st.button(t("greedy_start"), key="pretrain_greedy_start", type="primary", disabled=running, on_click=job_panel.start,
              args=(GREEDY_JOB, "greedy_layerwise"), kwargs=dict(epochs=int(epochs), train_size=int(size)))
    job_panel.panel(GREEDY_JOB, describe=describe_greedy, extra=live_snapshots, final_chart=False)
    result = job_panel.result(GREEDY_JOB)
    if result:
        st.subheader(t("greedy_result_title"))
        snapshot_rows(result["snapshots"], result["originals"])
        snaps = result["snapshots"]
        if len(snaps) == len(greedy_phases()):
            st.markdown(t("greedy_reading", first=snaps[0]["val_error"], stacked=snaps[-3]["val_error"],
                          fine=snaps[-2]["val_error"], scratch=snaps[-1]["val_error"], n=result["val_digits"],
                          total=result["epochs"] * (len(GREEDY_SIZES) + 1)))


guide.header("pretraining", N_("pretrain_title"), N_("pretrain_explain"))
ui.mnist_only_note()
job_panel.warm()
with ui.guard():
    labels_tab, greedy_tab = st.tabs([t("pretrain_tab_labels"), t("pretrain_tab_greedy")])
    with labels_tab:
        labels_section()
    with greedy_tab:
        greedy_section()

guide.glossary(['code'])
ui.show_code(labelled_order, accuracy, student_tasks.pretrain_classifiers, student_tasks.greedy_layerwise)
guide.footer("pretraining")
