"""Draw & reconstruct: every model rebuilds the digit on each stroke; each card shows its rank."""

import streamlit as st

from ae_core.lab.common import classify
from ae_core.lab.draw import reconstruct_all, with_pca_at
from ae_core.registry import get_spec
from pages.common import cache, digit_input, guide, shell, state, student_models, ui
from pages.common.i18n import N_, t

shell.require_shell()

BEST_SHOWN = 3  # under the canvas: on a phone the best reconstructions are in sight after a stroke


def measured_reading(name: str) -> None:
    """How well the classifier reads digits, as measured when it was trained (its manifest entry)."""
    measured = cache.manifest().get("models", {}).get(name, {}).get("test_metrics", {})
    if "accuracy" in measured and "other_writers_accuracy" in measured:
        key = N_("classifier_measured") if "printed_accuracy" in measured else N_("classifier_measured_no_printed")
        st.caption(t(key, mnist=measured["accuracy"], writers=measured["other_writers_accuracy"],
                     printed=measured.get("printed_accuracy", 0.0)))


guide.header("draw", N_("draw_title"), N_("draw_explain"))
dataset = state.current_dataset()
left, right = st.columns([1, 2], gap="large")

with left:
    digit = digit_input.digit_panel("draw", default_mode="draw")
    best_slot = st.container()
    digit_input.show_current(digit, scale=5)

with right, ui.guard():
    if digit is None:
        st.info(t("nothing_drawn") if dataset == "mnist" else t("nothing_picked"))
    else:
        names = cache.available(tag="reconstruct", dataset=dataset)
        models = ui.load_models(names)
        pca_names = {name for name in models if get_spec(name).kind == "pca"}
        models.update(student_models.for_draw(dataset))  # this session's own trained models
        k = st.slider(t("pca_k"), 1, 200, 30, key="draw_pca_k") if pca_names else None
        ranked = reconstruct_all(digit, with_pca_at(models, k) if k else models)  # best first
        rank = {result.name: index + 1 for index, result in enumerate(ranked)}

        def title(name: str) -> str:
            return f"PCA (k={k})" if name in pca_names else ui.model_title(name)

        if guide.predict("draw", t("draw_predict"), {name: title(name) for name in models},
                         ranked[0].name if ranked else None):
            with best_slot:
                st.markdown("**" + t("draw_best") + "**")
                ui.card_grid([ui.Card(r.image, f"{rank[r.name]}. {title(r.name)}",
                                      (t("error_short", value=r.squared_error),)) for r in ranked[:BEST_SHOWN]],
                             key="draw_best", min_rem=5.5)
            st.subheader(t("reconstructions"))
            by_error = st.toggle(t("draw_sort"), key="draw_sort_by_error", help=t("draw_sort_help"))
            shown = ranked if by_error else [r for name in models for r in ranked if r.name == name]
            ui.card_grid([ui.Card(r.image, title(r.name), (t("draw_rank", rank=rank[r.name], total=len(ranked)),
                                                           t("error_short", value=r.squared_error)))
                          for r in shown], key="draw_cards", min_rem=8.5, export_name="reconstructions")

            code_col, class_col = st.columns(2, gap="large")
            with code_col:
                by_name = {r.name: r for r in ranked}
                chosen = st.selectbox(
                    t("code_of"), list(models), format_func=ui.model_title_formatter(), key=f"draw_code_model_{dataset}",
                    index=list(models).index("dense_ae_30") if "dense_ae_30" in models else 0, filter_mode=None, placeholder=t("choose_option")
                ) if by_name else None  # no model could load: each one's message is shown above
                if chosen is not None:
                    code = by_name[chosen].code
                    st.caption(t("code_chart_title", model=ui.model_title(chosen), n=len(code)))
                    ui.bars(range(len(code)), code, t("code_unit"), t("code_value"), height=220, file_name="code")
            with class_col:
                classifiers = cache.available(tag="classifier", dataset=dataset)
                classifier = ui.load_model(next(iter(classifiers))) if classifiers else None
                if not classifiers:
                    st.caption(t("fashion_no_classifier"))
                elif classifier is not None:
                    label, confidence, probabilities = classify(classifier, digit)
                    key = N_("classifier_guess") if confidence >= 0.6 else N_("classifier_unsure")
                    st.markdown(t(key, label=label, confidence=confidence))
                    ui.percent_bars(probabilities, range(10), file_name="classifier")
                    measured_reading(next(iter(classifiers)))

guide.glossary(['code', 'pca'])
ui.show_code(reconstruct_all, classify)
guide.footer("draw")
