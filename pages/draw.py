"""Draw & reconstruct: every model rebuilds the digit on each stroke; each card shows its rank.

Where the browser can run the models (pages.common.live) they redraw while the pen moves, in
our own elements (assets/live_draw.js); the server then only keeps the finished digit and runs
what the browser does not have: this session's own trained models and the guess's verdict.
"""

import streamlit as st

from ae_core import zoo
from ae_core.lab.common import classify
from ae_core.lab.draw import reconstruct_all, with_pca_at
from ae_core.registry import get_spec
from pages.common import cache, digit_input, guide, live, own_components, shell, state, student_models, ui
from pages.common.i18n import N_, current_language, t

shell.require_shell()

BEST_SHOWN = 3  # under the canvas: on a phone the best reconstructions are in sight after a stroke
LIVE_HUB = "draw"


def live_config(models: dict, pca_names: set, k, classifier_name: str | None) -> dict | None:
    """What the browser runs: every model's two graphs (PCA cut to k) and the classifier's; None
    when one of them has no graph yet (``zoo prepare`` not run): the page is then served as before."""
    parts = [live.autoencoder_parts(model, name, keep=k if name in pca_names else None) for name, model in models.items()]
    try:
        classifier = live.graph_url(cache.model(classifier_name), classifier_name, "network") if classifier_name else None
    except zoo.WeightsProblem:  # the served page says what is missing, in the student's language
        return None
    if not parts or None in parts or (classifier_name and classifier is None):
        return None
    return {"models": parts, "classifier": classifier}


def live_view(view: str, config: dict, titles: dict, digit, **extra) -> None:
    """One of the live elements; they all follow the page's hub (the canvas' digit, or the server's)."""
    source = state.current_source() or {}
    labels = {"errorShort": t("error_short"), "rank": t("draw_rank"), "best": t("draw_best"),
              "nothing": t("nothing_drawn"), "failed": t("live_failed"), "loading": t("live_loading"), "guess": t("classifier_guess"),
              "unsure": t("classifier_unsure"), "codeTitle": t("code_chart_title"), "save": t("export_png"),
              "chart": t("probability")}
    result = own_components.component("live_draw", isolate_styles=False)(
        data={"hub": LIVE_HUB, "view": view, "key": extra.pop("key", view), "config": config, "titles": titles,
              "order": list(titles), "digit": live.digit_text(digit), "stamp": source.get("stamp"),
              "lang": current_language(), "labels": labels, **extra},
        key=f"draw_live_{view}", default={"failed": False}, on_failed_change=lambda: None,
        width="stretch", height="content")
    live.watch(result)


def measured_reading(name: str) -> None:
    """How well the classifier reads digits, as measured when it was trained (its manifest entry)."""
    measured = cache.manifest().get("models", {}).get(name, {}).get("test_metrics", {})
    if "accuracy" in measured and "other_writers_accuracy" in measured:
        key = N_("classifier_measured") if "printed_accuracy" in measured else N_("classifier_measured_no_printed")
        st.caption(t(key, mnist=measured["accuracy"], writers=measured["other_writers_accuracy"],
                     printed=measured.get("printed_accuracy", 0.0)))


def served_page(digit, dataset: str, best_slot) -> None:
    """Every model run here, on the finished digit (a browser that cannot run them)."""
    live.unavailable_note()
    if digit is None:
        st.info(t("nothing_drawn") if dataset == "mnist" else t("nothing_picked"))
        return
    names = cache.available(tag="reconstruct", dataset=dataset)
    models = ui.load_models(names)
    pca_names = {name for name in models if get_spec(name).kind == "pca"}
    models.update(student_models.for_draw(dataset))  # this session's own trained models
    k = st.slider(t("pca_k"), 1, 200, 30, key="draw_pca_k") if pca_names else None
    ranked = reconstruct_all(digit, with_pca_at(models, k) if k else models)  # best first
    rank = {result.name: index + 1 for index, result in enumerate(ranked)}

    def title(name: str) -> str:
        return f"PCA (k={k})" if name in pca_names else ui.model_title(name)

    if not guide.predict("draw", t("draw_predict"), {name: title(name) for name in models},
                         ranked[0].name if ranked else None):
        return
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
        chosen = code_choice(list(models), dataset) if by_name else None  # none loaded: their messages are above
        if chosen is not None:
            code_chart(chosen, by_name[chosen].code)
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


def code_chart(name: str, code) -> None:
    """One model's code for the digit, a bar per number (the live path draws it in the browser)."""
    st.caption(t("code_chart_title", model=ui.model_title(name), n=len(code)))
    ui.bars(range(len(code)), code, t("code_unit"), t("code_value"), height=220, file_name="code")


def code_choice(names: list, dataset: str):
    return st.selectbox(
        t("code_of"), names, format_func=ui.model_title_formatter(), key=f"draw_code_model_{dataset}",
        index=names.index("dense_ae_30") if "dense_ae_30" in names else 0, filter_mode=None,
        placeholder=t("choose_option"))


def live_page(digit, dataset: str, best_slot, models: dict, config: dict, classifier_name) -> None:
    """The models run in the browser; this run only places their elements and runs this session's
    own models (not in the browser) and, once a guess was made, the ranking that answers it."""
    pca_names = {name for name in models if get_spec(name).kind == "pca"}
    k = next((part["keep"] for part in config["models"] if part["keep"]), None)
    titles = {name: f"PCA (k={k})" if name in pca_names else ui.model_title(name) for name in models}
    own = student_models.for_draw(dataset)
    options = {**titles, **{name: ui.model_title(name) for name in own}}
    if digit is None and not guide.revealed("draw"):  # as on the served path: first a digit, then the question
        st.info(t("nothing_drawn") if dataset == "mnist" else t("nothing_picked"))
        live_view("preload", config, titles, digit)
        return
    answer = None
    if digit is not None and guide.guessed("draw", options):
        ranked = reconstruct_all(digit, {**with_pca_at(models, k), **own} if k else {**models, **own})
        answer = ranked[0].name if ranked else None
    if not guide.predict("draw", t("draw_predict"), options, answer):
        live_view("preload", config, titles, digit)  # the browser fetches the models while the student guesses
        return
    with best_slot:
        live_view("best", config, titles, digit, key="draw_best", minRem=5.5, bestShown=BEST_SHOWN)
    st.subheader(t("reconstructions"))
    by_error = st.toggle(t("draw_sort"), key="draw_sort_by_error", help=t("draw_sort_help"))
    live_view("grid", config, titles, digit, key="draw_cards", minRem=8.5, sortByError=by_error,
              exportName="reconstructions")
    if own and digit is not None:
        st.markdown("**" + t("draw_own_models") + "**")
        mine = reconstruct_all(digit, own)
        ui.card_grid([ui.Card(r.image, ui.model_title(r.name), (t("error_short", value=r.squared_error),))
                      for r in mine], key="draw_own_cards", min_rem=8.5)
    code_col, class_col = st.columns(2, gap="large")
    with code_col:
        chosen = code_choice(list(models) + list(own), dataset)
        if chosen in own:
            if digit is not None:
                code_chart(chosen, own[chosen].encode(digit.reshape(1, 28, 28, 1))[0])
        elif chosen is not None:
            live_view("code", config, titles, digit, codeModel=chosen)
    with class_col:
        if classifier_name is None:
            st.caption(t("fashion_no_classifier"))
        else:
            live_view("classifier", config, titles, digit)
            measured_reading(classifier_name)


guide.header("draw", N_("draw_title"), N_("draw_explain"))
dataset = state.current_dataset()
live_config_found = None
models, classifier_name = {}, None
if live.ready():
    models = ui.load_models(cache.available(tag="reconstruct", dataset=dataset))
    pca_names = {name for name in models if get_spec(name).kind == "pca"}
    k = st.session_state.get("draw_pca_k", 30) if pca_names else None
    classifiers = cache.available(tag="classifier", dataset=dataset)
    classifier_name = next(iter(classifiers)) if classifiers else None
    live_config_found = live_config(models, pca_names, k, classifier_name) if models else None
left, right = st.columns([1, 2], gap="large")

with left:
    digit = digit_input.digit_panel("draw", default_mode="draw", live=LIVE_HUB if live_config_found else None)
    best_slot = st.container()
    digit_input.show_current(digit, scale=5)

with right, ui.guard():
    if live_config_found is None:
        served_page(digit, dataset, best_slot)
    else:
        if any(part["keep"] for part in live_config_found["models"]):
            st.slider(t("pca_k"), 1, 200, 30, key="draw_pca_k")
        live_page(digit, dataset, best_slot, models, live_config_found, classifier_name)

guide.glossary(['code', 'pca'])
ui.show_code(reconstruct_all, classify)
guide.footer("draw")
