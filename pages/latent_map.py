"""Latent map: the same digits in the 2-d codes of an AE, a VAE and PCA (and t-SNE), side by side."""

import json

import numpy as np
import streamlit as st

from ae_core.data import DataUnavailable
from ae_core.figures import hover_map_spec, points_png_url
from ae_core.lab.common import evaluation_split
from ae_core.lab.latent_map import (
    HOVER_CAP,
    KIND_ORDER,
    MAX_KNN_TRAIN,
    TSNE_MAX_SHOWN,
    decode_at,
    embed,
    hover_rows,
    hover_table,
    map_codes,
    map_figure,
    map_ranges,
    map_scores,
    published,
    read_selection,
    score_embedding,
    selected_digits,
    tsne_codes,
    tsne_train_count,
)
from ae_core.registry import get_spec
from pages.common import cache, digit_input, guide, live, shell, state, ui
from pages.common.i18n import N_, class_names, current_language, number, option, t

shell.require_shell()

SHOWN_CAP = 16  # selected digits shown with their reconstructions
SELECTED = "latent_selected"  # {"dataset", "n", "indices", "map"}: the digits chosen on a map

guide.header("latent_map", N_("latent_title"), N_("latent_explain"))


def kind_of(name: str) -> str:
    return "tsne" if name == "tsne" else get_spec(name).kind


def codes_of(name: str, dataset: str, n: int) -> dict:
    """The map's codes (memoised; kept on disk for the models' maps)."""
    ds = cache.dataset(dataset)
    if name == "tsne":
        return cache.memo(tsne_codes, ds, n)
    return cache.memo(map_codes, cache.model(name), ds, persist=True)


def map_title(name: str, lang: str | None = None) -> str:
    if name == "tsne":
        return t("latent_tsne_title", lang)
    return t("latent_pca_title", lang) if kind_of(name) == "pca" else ui.model_title(name, lang)


def scores_text(scores, dataset: str, kind: str) -> str:
    fmt = lambda v: "–" if v is None else number(v, ".3f")  # noqa: E731
    ref = published(dataset, kind)
    lines = [
        t("latent_knn", k1=fmt(scores.knn1), k5=fmt(scores.knn5)),
        t("latent_silhouette", value=fmt(scores.silhouette)),
        t("latent_published", k1=ref[0], k5=ref[1]) if ref else t("latent_no_published"),
    ]
    return "  \n".join(lines)


def handle_selection(name: str, event, dataset: str, n: int, grid_curve) -> None:
    """A new selection on map ``name``: chosen digits, or a picked empty location."""
    selection = (event or {}).get("selection") or {}  # Streamlit's selection state (a dict)
    points = list(selection.get("points", []))
    seen_key = f"latent_seen_{name}"
    signature = json.dumps([[p.get("curve_number"), p.get("point_index")] for p in points], default=str)
    if st.session_state.get(seen_key) == signature:
        return
    st.session_state[seen_key] = signature
    if not points:  # a remounted chart or a double click: keep what was chosen
        return
    digits, location = read_selection(selection, grid_curve=grid_curve)
    if not digits and (selection.get("box") or selection.get("lasso")):  # an area with no digit in it
        st.session_state[SELECTED] = {"dataset": dataset, "n": n, "indices": [], "map": name}
        st.rerun(scope="app")
    if digits:
        st.session_state[SELECTED] = {"dataset": dataset, "n": n, "indices": digits, "map": name}
        st.rerun(scope="app")  # the chosen digits are shown outside this map's fragment
    elif location is not None:
        st.session_state[f"latent_x_{name}"] = location[0]
        st.session_state[f"latent_y_{name}"] = location[1]


LIVE_POINTS = 200  # test digits whose picture shows under the pointer (each is 784 bytes to send)


def live_pad(name: str, codes: dict, n: int, x_range, y_range, centre) -> bool:
    """The browser decodes under the pointer as it moves over the map (and shows a test digit
    itself near its point); False when this browser or model cannot (the sliders then)."""
    model = cache.model(name)
    url = live.graph_url(model, name, "decoder") if live.ready() else None
    if url is None:
        return False
    count = min(int(n), len(codes["test"]))
    shown = min(count, LIVE_POINTS)
    digits = cache.dataset(state.current_dataset())
    test_images = evaluation_split(digits).x_test[codes["test_index"][:shown]]  # in the map's shown order
    names = class_names(state.current_dataset(), current_language())
    background = cache.memo(points_png_url, codes["test"][:count], codes["test_labels"][:count],
                            x_range=tuple(x_range), y_range=tuple(y_range))
    x, y = (st.session_state.get(f"latent_{axis}_{name}", start) for axis, start in zip("xy", centre))
    st.caption(t("latent_live_pad"))
    chosen = live.decoder_element(
        "map", f"latent_live_{name}", f"{name}.{count}", events=("code",),
        data={"decoder": url, "size": int(model.latent_dim), "background": background,
              "xRange": [float(v) for v in x_range], "yRange": [float(v) for v in y_range],
              "code": [float(x), float(y)],
              "points": [[round(float(a), 4), round(float(b), 4), names[int(label)]] for (a, b), label in
                         zip(codes["test"][:shown], codes["test_labels"][:shown])],
              "images": [live.digit_text(image) for image in test_images],
              "labels": {"decoded": t("latent_live_decoded"), "point": t("latent_live_point"),
                         "map": map_title(name)}})["code"]
    if isinstance(chosen, list) and len(chosen) == 2 and all(isinstance(v, (int, float)) for v in chosen):
        st.session_state[f"latent_x_{name}"] = float(np.clip(chosen[0], *x_range))
        st.session_state[f"latent_y_{name}"] = float(np.clip(chosen[1], *y_range))
    return True


@ui.guarded_fragment
def location_panel(name: str, x_range, y_range, centre) -> None:
    """x/y sliders over the plot range and the decoder's image there (reruns on its own)."""
    live.unavailable_note()
    model = cache.model(name)
    step_x = (x_range[1] - x_range[0]) / 200
    step_y = (y_range[1] - y_range[0]) / 200
    for axis, (low, high), step, start in (("x", x_range, step_x, centre[0]), ("y", y_range, step_y, centre[1])):
        key = f"latent_{axis}_{name}"
        value = float(np.clip(st.session_state.get(key, start), low, high))
        st.session_state[key] = value
    image_col, slider_col = st.columns([1, 2], vertical_alignment="center")
    with slider_col:
        x = st.slider(t("latent_x"), float(x_range[0]), float(x_range[1]), step=float(step_x), key=f"latent_x_{name}", format="%.2f")
        y = st.slider(t("latent_y"), float(y_range[0]), float(y_range[1]), step=float(step_y), key=f"latent_y_{name}", format="%.2f")
    with image_col:
        ui.image(decode_at(model, x, y), caption=t("latent_decoded_at", x=x, y=y), scale=4)


@ui.guarded_fragment
def render_map(name: str, dataset: str, n: int, digit, split, strings) -> None:
    """One map with its location panel and scores. A fragment: a click on an empty spot or a
    slider move reruns this map only, not the other big charts."""
    st.markdown(f"**{map_title(name)}**")
    model = None if name == "tsne" else cache.model(name)
    star = None
    if digit is not None and model is not None:
        star = tuple(round(float(v), 4) for v in embed(model, digit.reshape(1, 28, 28, 1))[0])
    if name == "tsne":
        count = min(n, TSNE_MAX_SHOWN) + min(len(split.x_train), tsne_train_count(n))
        with st.spinner(t("latent_tsne_running", n=count)):
            codes = codes_of(name, dataset, n)
        if len(codes["test"]) < n:
            st.caption(t("latent_tsne_capped", m=len(codes["test"]), n=n))
    else:
        with st.spinner(t("latent_encoding", n=min(len(split.x_train), MAX_KNN_TRAIN) + len(split.x_test))):
            codes = codes_of(name, dataset, n)
    scores = cache.memo(map_scores, codes, n)
    figure = cache.memo(map_figure, codes, n, star, strings, name != "tsne")
    event = ui.plotly(
        figure, key=f"latent_chart_{name}", on_select="rerun", selection_mode=("points", "box", "lasso"),
        config={"scrollZoom": True},
    )
    handle_selection(name, event, dataset, n, grid_curve=None if name == "tsne" else 0)
    if name == "tsne":
        st.caption(t("latent_tsne_note", n_train=scores.n_train))
    else:
        centre = codes["test"].mean(axis=0)
        x_range, y_range = cache.memo(map_ranges, codes)
        if not live_pad(name, codes, n, x_range, y_range, (float(centre[0]), float(centre[1]))):
            location_panel(name, x_range, y_range, (float(centre[0]), float(centre[1])))
    st.markdown(scores_text(scores, dataset, kind_of(name)))


@ui.guarded_fragment
def hover_view(names: list, dataset: str, n: int) -> None:
    """On request, one map whose points show their digit on hover (a Vega-Lite chart: its tooltip
    can hold a picture). Off by default: the pictures are sent only when asked for."""
    if not st.toggle(t("latent_hover_toggle"), key="latent_hover_images", help=t("latent_hover_help", cap=HOVER_CAP)):
        return
    lang = current_language()  # bound now: the options are formatted in the session's language
    name = st.selectbox(t("latent_hover_map"), names, format_func=lambda n: map_title(n, lang), key="latent_hover_map", filter_mode=None, placeholder=t("choose_option"))
    count = min(n, HOVER_CAP)
    if n > HOVER_CAP:
        st.caption(t("latent_hover_capped", m=HOVER_CAP, n=n))
    names_of_classes = tuple(class_names(dataset, lang))
    rows = cache.memo(hover_table, cache.dataset(dataset), codes_of(name, dataset, n), count, names_of_classes)
    ui.vega(hover_map_spec(t("latent_hover_label"), names_of_classes), rows, key="latent_hover_chart",
            file_name="latent_map_hover")


def show_selected(dataset: str, n: int, split, models: dict) -> None:
    st.subheader(t("latent_selected_title"))
    chosen = st.session_state.get(SELECTED)
    if not chosen or chosen["dataset"] != dataset or chosen["n"] != n:
        st.info(t("latent_select_hint"))
        return
    indices = chosen["indices"]
    if not indices:
        st.info(t("latent_selected_none"))
        return
    if len(indices) >= n:
        st.warning(t("latent_selected_all", n=n, cap=min(SHOWN_CAP, n)))
    elif len(indices) > SHOWN_CAP:
        st.info(t("latent_selected_many", count=len(indices), cap=SHOWN_CAP))
    else:
        st.caption(t("latent_selected_count", count=len(indices), map=map_title(chosen["map"])))
    st.button(t("latent_clear_selection"), key="latent_clear", on_click=lambda: st.session_state.pop(SELECTED, None))
    x, y = selected_digits(cache.dataset(dataset), codes_of(chosen["map"], dataset, n), indices[:SHOWN_CAP])
    names = class_names(dataset, current_language())
    rows = [(t("latent_originals"), x[..., 0], [f"#{i} · {names[int(label)]}" for i, label in zip(indices, y)])]
    st.caption(t("latent_reconstruction_note"))
    for name, model in models.items():
        if name == "tsne":
            continue
        decoder = model.truncated(2) if kind_of(name) == "pca" else model
        rebuilt = np.clip(decoder.reconstruct(x), 0.0, 1.0)[..., 0]
        rows.append((map_title(name), rebuilt, [""] * len(rebuilt)))
    if len(indices) == 1:  # one digit: large, its reconstructions beside it
        cards = [ui.Card(pictures[0], t("latent_original_one") + " " + captions[0] if index == 0 else title)
                 for index, (title, pictures, captions) in enumerate(rows)]
        ui.card_grid(cards, key="latent_one", min_rem=9, scale=6, export_name="latent_selected")
        return
    for index, (title, pictures, captions) in enumerate(rows):
        st.markdown(f"**{title}**")
        ui.images(pictures, captions, key=f"latent_row_{index}", min_rem=5.5)


dataset = state.current_dataset()  # the sidebar's switch
top_left, top_right = st.columns([3, 2], gap="large")
with top_right, st.expander(t("latent_digit_panel")):
    digit = digit_input.digit_panel("latent", dataset=dataset)
    digit_input.show_current(digit, scale=3)

with ui.guard():
    try:
        split = evaluation_split(cache.dataset(dataset))
    except DataUnavailable as problem:
        ui.data_unavailable(dataset, problem)
        split = None
    if split is not None:
        names = sorted(cache.available(tag="latent2d", dataset=dataset), key=lambda name: KIND_ORDER.get(kind_of(name), 9))
        models = ui.load_models(names)
        kinds = {kind_of(name) for name in models}
        if not {"autoencoder", "vae"} & kinds:
            st.info(t("latent_no_2d_models", dataset=option("dataset_", dataset)))
        with top_left:
            total = len(split.x_test)
            controls = st.columns([2, 1], vertical_alignment="bottom")
            n = ui.whole_number(t("latent_n", total=total), 0, total, min(2000, total), key=f"latent_n_{dataset}", step=500, container=controls[0])
            with_tsne = controls[1].toggle(t("latent_tsne_toggle"), key="latent_tsne")
            note = t("latent_split_holdout", n=total) if split.holdout else t("latent_split_test", n=total)
            st.caption(" · ".join((option("dataset_", dataset), note)) + " " + t("latent_switch_hint"))
        if digit is not None:
            st.caption(t("latent_star_note"))
        if n == 0:
            st.info(t("latent_n_zero"))
        elif models:
            lang = current_language()
            strings = (
                tuple(class_names(dataset, lang)),
                t("latent_hover") + "<extra></extra>",
                t("latent_star"),
            )
            with st.spinner(t("latent_encoding", n=min(len(split.x_train), MAX_KNN_TRAIN) + len(split.x_test))):
                knn5 = {name: cache.memo(map_scores, codes_of(name, dataset, int(n)), int(n)).knn5 for name in models}
            measured = {name: value for name, value in knn5.items() if value is not None}
            answer = max(measured, key=measured.get) if measured else None
            if guide.predict("latent_map", t("latent_predict"), {name: map_title(name) for name in models}, answer):
                shown_maps = list(models) + (["tsne"] if with_tsne else [])
                # Maps side by side while each keeps a readable width; they wrap onto rows otherwise.
                with st.container(key="latent_maps"):
                    columns = st.columns(len(shown_maps), gap="medium")
                for column, name in zip(columns, shown_maps):
                    with column:
                        render_map(name, dataset, int(n), digit, split, strings)
                if with_tsne and digit is not None:
                    st.caption(t("latent_tsne_no_star"))
                first = next(name for name in shown_maps if name != "tsne")
                st.caption(t("latent_scores_help", n_train=len(codes_of(first, dataset, int(n))["train"])))
                hover_view(list(models), dataset, int(n))
                show_selected(dataset, int(n), split, models)

guide.glossary(['code', 'knn', 'silhouette', 'pca'])
ui.show_code(map_codes, embed, decode_at, score_embedding, read_selection, hover_rows)
guide.footer("latent_map")
