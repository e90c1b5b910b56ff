"""Draw & reconstruct: every model rebuilds the digit on each stroke, best first."""

import streamlit as st

from ae_core.lab.common import classify
from ae_core.lab.draw import reconstruct_all, with_pca_at
from ae_core.registry import get_spec
from pages.common import cache, digit_input, shell, state, student_models, ui
from pages.common.i18n import t

shell.require_shell()

CARDS_PER_ROW = 4

ui.header("draw_title", "draw_explain")
dataset = state.current_dataset()
left, right = st.columns([1, 2], gap="large")

with left:
    digit = digit_input.digit_panel("draw", default_mode="draw")
    digit_input.show_current(digit, scale=6)

with right, ui.guard():
    if digit is None:
        st.info(t("nothing_drawn"))
    else:
        names = cache.available(tag="reconstruct", dataset=dataset)
        models = ui.load_models(names)
        pca_names = {name for name in models if get_spec(name).kind == "pca"}
        models.update(student_models.for_draw(dataset))  # this session's own trained models
        k = st.slider(t("pca_k"), 1, 200, 30, key="draw_pca_k") if pca_names else None
        results = reconstruct_all(digit, with_pca_at(models, k) if k else models)

        st.subheader(t("reconstructions"))
        for start in range(0, len(results), CARDS_PER_ROW):
            for column, result in zip(st.columns(CARDS_PER_ROW), results[start : start + CARDS_PER_ROW]):
                rank = results.index(result) + 1
                title = f"PCA (k={k})" if result.name in pca_names else ui.model_title(result.name)
                with column:
                    ui.image(result.image, scale=4)
                    st.markdown(f"**{rank}. {title}**  \n{t('error_short', value=result.squared_error)}")

        code_col, class_col = st.columns(2, gap="large")
        with code_col:
            by_name = {r.name: r for r in results}
            chosen = st.selectbox(
                t("code_of"), list(by_name), format_func=ui.model_title_formatter(), key=f"draw_code_model_{dataset}",
                index=list(by_name).index("dense_ae_30") if "dense_ae_30" in by_name else 0,
            ) if by_name else None  # no model could load: each one's message is shown above
            if chosen is not None:
                code = by_name[chosen].code
                st.caption(t("code_chart_title", model=ui.model_title(chosen), n=len(code)))
                ui.bars(range(len(code)), code, t("code_unit"), t("code_value"), height=220)
        with class_col:
            classifiers = cache.available(kind="classifier", dataset=dataset)
            classifier = ui.load_model(next(iter(classifiers))) if classifiers else None
            if not classifiers:
                st.caption(t("fashion_no_classifier"))
            elif classifier is not None:
                label, confidence, probabilities = classify(classifier, digit)
                key = "classifier_guess" if confidence >= 0.6 else "classifier_unsure"
                st.markdown(t(key, label=label, confidence=confidence))
                ui.percent_bars(probabilities, range(10))

ui.show_code(reconstruct_all, classify)
