"""Image search: the training images nearest to the current digit, in a model's code space and in pixels."""

import streamlit as st

from ae_core.data import DataUnavailable
from ae_core.lab.image_search import (
    MAX_K,
    SEARCH_PCA_COMPONENTS,
    index_codes,
    nearest,
    pixel_index,
    search,
)
from ae_core.registry import get_spec
from pages.common import cache, digit_input, guide, shell, state, ui
from pages.common.i18n import N_, class_names, current_language, option, t

shell.require_shell()

PCA_MAX = SEARCH_PCA_COMPONENTS

guide.header("image_search", N_("search_title"), N_("search_explain"))


def show_results(result, x_train, names, query_label, key: str) -> None:
    cards = []
    for i, index in enumerate(result.indices):
        label = int(result.labels[i])
        verdict = "" if query_label is None else (t("search_same") if label == query_label else t("search_other"))
        cards.append(ui.Card(x_train[int(index)], names[label],
                             tuple(line for line in (verdict, t("search_distance", value=result.distances[i])) if line)))
    ui.card_grid(cards, key=key, min_rem=6.5, export_name=key)


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
        st.info(t("search_no_models", dataset=option("dataset_", dataset)))
    if ds is not None and names:
        titles = {n: ("PCA" if get_spec(n).kind == "pca" else ui.model_title(n)) for n in names}
        c1, c2, c3 = st.columns([2, 1, 1])
        name = c1.selectbox(t("search_model"), names, format_func=titles.get, key=f"search_model_{dataset}", filter_mode=None, placeholder=t("choose_option"))
        k = ui.whole_number(t("search_k"), 0, 10_000, 10, key="search_k", container=c2)
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
                title = f"PCA (k={pca_k})" if is_pca else titles[name]
                if in_code.precision is None or in_pixels.precision is None:
                    answer = None
                else:
                    answer = ("code" if in_code.precision > in_pixels.precision
                              else "pixels" if in_pixels.precision > in_code.precision else "same")
                options = {"code": t("search_where_code", model=title), "pixels": t("search_where_pixels"),
                           "same": t("search_where_same")}
                if guide.predict("image_search", t("search_predict"), options, answer,
                                 reveal_note=t("search_predict_no_label")):
                    st.subheader(t("search_in_code", model=title))
                    st.markdown(precision_text(in_code))
                    show_results(in_code, ds.x_train, labels, label, "search_code")
                    st.subheader(t("search_in_pixels"))
                    st.markdown(precision_text(in_pixels))
                    show_results(in_pixels, ds.x_train, labels, label, "search_pixels")
                    st.caption(t("search_distance_help"))

guide.glossary(['code', 'pca'])
ui.show_code(index_codes, search, nearest)
guide.footer("image_search")
