"""Image search: the training images nearest to the current digit, in a model's code space and in pixels."""

import streamlit as st

from ae_core.data import DataUnavailable, class_names
from ae_core.lab.image_search import MAX_K, SEARCH_PCA_COMPONENTS, index_codes, nearest, pixel_index, search
from ae_core.registry import get_spec
from pages.common import cache, digit_input, shell, state, ui
from pages.common.i18n import current_language, t

shell.require_shell()

PCA_MAX = SEARCH_PCA_COMPONENTS
PER_ROW = 5

ui.header("search_title", "search_explain")


def show_results(result, x_train, names, query_label) -> None:
    for start in range(0, len(result.indices), PER_ROW):
        columns = st.columns(PER_ROW)
        chunk = range(start, min(start + PER_ROW, len(result.indices)))
        for column, i in zip(columns, chunk):
            label = int(result.labels[i])
            mark = "" if query_label is None else ("✅ " if label == query_label else "❌ ")
            with column:
                ui.image(x_train[int(result.indices[i])], scale=4)
                st.markdown(f"{mark}**{names[label]}**  \n{t('search_distance', value=result.distances[i])}")


def precision_text(result) -> str:
    if result.precision is None:
        return t("search_precision_unknown")
    return t("search_precision", k=len(result.indices), value=result.precision, hits=int(round(result.precision * len(result.indices))))


dataset = state.current_dataset()  # the sidebar's switch
left, right = st.columns([1, 2], gap="large")
with left:
    digit = digit_input.digit_panel("search", dataset=dataset)
    digit_input.show_current(digit, scale=4)

with right, ui.guard():
    try:
        ds = cache.dataset(dataset)
    except DataUnavailable as problem:
        ui.data_unavailable(dataset, problem)
        ds = None
    names = cache.available(tag="search", dataset=dataset) if ds is not None else []
    if ds is not None and not names:
        st.info(t("search_no_models", dataset=t(f"dataset_{dataset}")))
    if ds is not None and names:
        titles = {n: ("PCA" if get_spec(n).kind == "pca" else ui.model_title(n)) for n in names}
        c1, c2, c3 = st.columns([2, 1, 1])
        name = c1.selectbox(t("search_model"), names, format_func=titles.get, key=f"search_model_{dataset}")
        k = c2.number_input(t("search_k"), 0, 10_000, 10, key="search_k")
        is_pca = get_spec(name).kind == "pca"
        pca_k = c3.slider(t("search_pca_k"), 1, PCA_MAX, 30, key="search_pca_k") if is_pca else None
        if digit is None:
            st.info(t("no_digit"))
        elif k == 0:
            st.info(t("search_k_zero"))
        else:
            if k > MAX_K:
                st.warning(t("search_k_capped", k=k, cap=MAX_K))
            model = ui.load_model(name)
            if model is not None:
                label, how, confidence = ui.digit_label(digit, dataset)
                labels = class_names(dataset, current_language())
                if how == "picked":
                    st.markdown(t("search_label_picked", label=labels[label]))
                elif how == "classifier":
                    st.markdown(t("search_label_classifier", label=labels[label], confidence=confidence))
                else:
                    st.info(t("search_label_none"))
                source = state.current_source() or {}
                exclude = None
                if source.get("kind") == "picked" and source.get("dataset") == dataset and not ds.has_test_set:
                    exclude = [int(source["index"])]  # the gallery is the training sample itself
                    st.caption(t("search_self_excluded"))
                with st.spinner(t("search_indexing", n=ds.n_train)):
                    codes = cache.memo(index_codes, model, ds, persist=True)["codes"]
                    pixels = cache.memo(pixel_index, ds)
                searcher = model
                if is_pca:
                    searcher, codes = model.truncated(pca_k), codes[:, :pca_k]
                in_code = search(searcher, codes, ds.y_train, digit, k, label, exclude)
                in_pixels = search(None, pixels["pixels"], ds.y_train, digit, k, label, exclude, pixels["norms"])
                st.caption(t("search_index_note", n=ds.n_train, d=codes.shape[1]))
                code_col, pixel_col = st.columns(2, gap="large")
                with code_col:
                    title = f"PCA (k={pca_k})" if is_pca else titles[name]
                    st.subheader(t("search_in_code", model=title))
                    st.markdown(precision_text(in_code))
                    show_results(in_code, ds.x_train, labels, label)
                with pixel_col:
                    st.subheader(t("search_in_pixels"))
                    st.markdown(precision_text(in_pixels))
                    show_results(in_pixels, ds.x_train, labels, label)
                st.caption(t("search_distance_help"))

ui.show_code(index_codes, search, nearest)
