"""VAE explorer: sample the prior, walk the code with sliders, the manifold, interpolation, arithmetic."""

import hashlib

import numpy as np
import streamlit as st

from ae_core import imaging, zoo
from ae_core.data import DataUnavailable
from ae_core.lab.vae_explorer import (
    MAX_GRID,
    MAX_SAMPLES,
    MAX_STEPS,
    SLIDER_LIMIT,
    apply_direction,
    code_mixture,
    dataset_directions,
    decode_images,
    directions_of,
    encode_one,
    interpolate,
    latent_directions,
    manifold,
    prior_holes,
    sample_mixture,
    sample_prior,
    slant,
    slerp,
    tile,
)
from ae_core.registry import get_spec
from pages.common import cache, digit_input, guide, live, shell, state, ui
from pages.common.i18n import N_, class_names, current_language, labeller, number, option, t

shell.require_shell()

TABS = ("sample", "walk", "manifold", "interpolate", "arithmetic")
HOT_TEMPERATURE = 2.5
PLAIN_AES = {"mnist": ("dense_ae_30", "conv_ae"), "fashion_mnist": ("fashion_conv_ae",)}
# Settings of each tab, kept while it is closed (a lazy tab's widgets are not drawn). Only the
# closed tabs' are re-assigned: a drawn widget given a default and a value set this run makes
# Streamlit warn.
KEPT = {
    "sample": ("vae_sample_model", "vae_sample_source", "vae_sample_n", "vae_sample_seed", "vae_temperature"),
    "walk": ("vae_walk_model", "vae_walk_k"),
    "manifold": ("vae_grid_model", "vae_grid_size", "vae_grid_spacing", "vae_grid_extent"),
    "interpolate": ("vae_interp_model", "vae_interp_ae", "vae_interp_method", "vae_interp_steps",
                    "vae_end_a_source", "vae_end_b_source", "vae_end_a_index", "vae_end_b_index"),
    "arithmetic": ("vae_arith_model", "vae_arith_direction", "vae_arith_class", "vae_arith_strength"),
}


def vae_names(latent_dim: int | None = None) -> list[str]:
    names = cache.available(kind="vae", dataset=state.current_dataset())
    return [n for n in names if latent_dim is None or get_spec(n).latent_dim == latent_dim]


def choose_model(label_key: str, names: list[str], key: str, preferred: str | None = None):
    """A select box over model names; returns (name, model) or (None, None) with a message."""
    if not names:
        st.info(t("vae_no_models"))
        return None, None
    index = names.index(preferred) if preferred in names else 0
    name = st.selectbox(t(label_key), names, index=index, format_func=ui.model_title_formatter(), key=key, filter_mode=None, placeholder=t("choose_option"))
    return name, ui.load_model(name)


def strip(images, captions=None, *, key: str) -> None:
    ui.images(images, list(captions) if captions else [""] * len(images), key=key, min_rem=5, export_name=key)


@ui.guarded_fragment
def tab_sample() -> None:
    st.markdown(t("vae_sample_explain"))
    name, model = choose_model(N_("vae_model"), vae_names(), "vae_sample_model", "vae_16")
    if model is None:
        return
    source = st.segmented_control(t("vae_source"), ("mixture", "prior"), format_func=labeller("vae_source_"),
                                  default="mixture", required=True, key="vae_sample_source", wrap=True,
                                  help=t("vae_source_help"))
    c1, c2, c3 = st.columns(3)
    n = ui.whole_number(t("vae_sample_n"), 0, 100_000, 40, key="vae_sample_n", step=10, container=c1)
    seed = ui.whole_number(t("vae_seed"), 0, 1_000_000, 0, key="vae_sample_seed", container=c2)
    temperature = c3.slider(t("vae_temperature"), 0.0, 5.0, 1.0, 0.1, key="vae_temperature", help=t("vae_temperature_help"))
    if n == 0:
        st.info(t("vae_sample_zero"))
        return
    if n > MAX_SAMPLES:
        st.warning(t("vae_sample_capped", n=n, cap=MAX_SAMPLES))
    if temperature == 0:
        st.info(t("vae_temperature_zero"))
    elif temperature > HOT_TEMPERATURE:
        st.warning(t("vae_temperature_hot", value=temperature))
    try:
        with st.spinner(t("vae_mixture_fitting")):
            mixture = cache.memo(code_mixture, model, cache.dataset(get_spec(name).dataset), persist=True)
    except DataUnavailable as problem:  # no training digits to fit it to: the prior only
        ui.data_unavailable(get_spec(name).dataset, problem)
        mixture, source = None, "prior"
    samplers = {"prior": lambda: sample_prior(model, n, int(seed), temperature)}
    if mixture is not None:
        samplers["mixture"] = lambda: sample_mixture(model, mixture, n, int(seed), temperature)
    images = samplers[source]()
    readable = readable_share(images)
    answer = None if readable is None else ("most" if readable >= 0.7 else "half" if readable >= 0.3 else "few")
    options = {"most": t("vae_predict_most"), "half": t("vae_predict_half"), "few": t("vae_predict_few")}
    if guide.predict("vae_explorer", t("vae_predict", n=len(images)), options, answer):
        picture = imaging.grid(images, columns=min(10, len(images)), scale=3)
        ui.picture(picture)
        ui.export_png(picture, "vae_samples.png", key="vae_samples_export")
        if readable is not None:
            st.caption(t("vae_readable", share=readable, n=len(images)))
        if mixture is not None:
            # The lesson of the two sources: the same number of codes from each, read by the classifier.
            # The shown source's reading is the one above; only the other source is sampled here.
            shares = {key: readable if key == source else readable_share(sample()) for key, sample in samplers.items()}
            if None not in shares.values():
                st.markdown(t("vae_sources_compared", prior=shares["prior"], mixture=shares["mixture"], n=len(images)))
            st.markdown(t("vae_holes", share=cache.memo(prior_holes, mixture)))


def readable_share(images) -> float | None:
    """Share of ``images`` the digit classifier reads with confidence >= 0.9 (None without one)."""
    if state.current_dataset() != "mnist" or not images.size:
        return None
    try:
        classifier = cache.model("digit_classifier")
    except zoo.WeightsProblem:
        return None
    probabilities = classifier.predict_proba(np.asarray(images, "float32").reshape(-1, 28, 28, 1))
    return float(np.mean(probabilities.max(axis=1) >= 0.9))


@ui.guarded_fragment
def tab_walk(digit) -> None:
    st.markdown(t("vae_walk_explain"))
    name, model = choose_model(N_("vae_model"), vae_names(), "vae_walk_model", "vae_2")
    if model is None:
        return
    d = int(model.latent_dim)
    k = d if d <= 2 else st.slider(t("vae_walk_k", d=d), 1, d, min(6, d), key="vae_walk_k")
    start = encode_one(model, digit) if digit is not None else np.zeros(d, "float32")
    if digit is None:
        st.info(t("vae_walk_no_digit"))
    fingerprint = hashlib.sha1(np.ascontiguousarray(start).tobytes()).hexdigest() + name
    keys = [f"vae_walk_{name}_{i}" for i in range(d)]
    reset = st.button(t("vae_walk_reset"), key="vae_walk_reset", disabled=digit is None)
    missing = any(key not in st.session_state for key in keys[:k])
    if reset or missing or st.session_state.get("vae_walk_seen") != fingerprint:
        st.session_state["vae_walk_seen"] = fingerprint
        for key, value in zip(keys, start):
            st.session_state[key] = float(np.clip(round(float(value), 2), -SLIDER_LIMIT, SLIDER_LIMIT))
    if np.any(np.abs(start) > SLIDER_LIMIT):
        st.caption(t("vae_walk_clipped", limit=SLIDER_LIMIT))
    url = live.graph_url(model, name, "decoder") if live.ready() else None
    if url is not None:  # the browser decodes while a slider moves; the values come back on release
        resets = st.session_state.get("vae_walk_resets", 0) + bool(reset)
        st.session_state["vae_walk_resets"] = resets
        values = [float(st.session_state.get(key, 0.0)) for key in keys]
        chosen = live.decoder_element(
            "sliders", f"vae_walk_live_{name}", f"{fingerprint}.{resets}.{k}", events=("values",),
            data={"decoder": url, "k": k, "values": values, "start": start.tolist() if digit is not None else None,
                  "limit": SLIDER_LIMIT, "step": 0.05,
                  "labels": {"decoded": t("vae_walk_decoded"), "rest": t("vae_walk_rest", k=k, d=d),
                             "distance": t("vae_walk_distance")}})["values"]
        if isinstance(chosen, list) and len(chosen) == d:
            for key, value in zip(keys, chosen):
                if isinstance(value, (int, float)):
                    st.session_state[key] = float(np.clip(value, -SLIDER_LIMIT, SLIDER_LIMIT))
        return
    live.unavailable_note()
    slider_col, image_col = st.columns([3, 2], gap="large")
    code = start.copy()
    with slider_col:
        columns = st.columns(2)
        for i in range(k):
            with columns[i % 2]:
                code[i] = st.slider(f"z{i + 1}", -SLIDER_LIMIT, SLIDER_LIMIT, step=0.05, key=keys[i])
        if k < d:
            st.caption(t("vae_walk_rest", k=k, d=d))
    with image_col:
        ui.image(decode_images(model, code[None])[0], caption=t("vae_walk_decoded"), scale=8)
        if digit is not None:
            st.caption(t("vae_walk_distance", value=float(np.linalg.norm(code - start))))


@ui.guarded_fragment
def tab_manifold() -> None:
    st.markdown(t("vae_manifold_explain"))
    name, model = choose_model(N_("vae_model"), vae_names(latent_dim=2), "vae_grid_model", "vae_2")
    if model is None:
        return
    c1, c2, c3 = st.columns(3)
    size = ui.whole_number(t("vae_grid_size"), 1, 1000, 20, key="vae_grid_size", container=c1)
    spacing = c2.segmented_control(
        t("vae_grid_spacing"), ("gaussian", "uniform"), format_func=labeller("vae_spacing_"),
        key="vae_grid_spacing", default="gaussian", required=True,
        wrap=True,
    )
    extent = c3.slider(t("vae_grid_extent"), 0.5, 6.0, 2.0, 0.5, key="vae_grid_extent", disabled=spacing != "uniform")
    if size > MAX_GRID:
        st.warning(t("vae_grid_capped", n=size, cap=MAX_GRID))
    steps = int(min(size, MAX_GRID))
    images = manifold(model, steps, extent, spacing)
    scale = int(np.clip(840 // (28 * steps), 1, 4))
    ui.quick_picture(tile(images, columns=steps, scale=scale))
    low, high = (-1.64, 1.64) if spacing == "gaussian" else (-extent, extent)
    st.caption(t("vae_grid_caption", n=steps, low=low, high=high))


def endpoint(slot: str, digit, gallery) -> tuple[np.ndarray | None, str]:
    """One interpolation end: the current digit, a digit of the data, or a kept copy."""
    kept = st.session_state.get(f"vae_kept_{slot}")
    options = ["current", "data"] + (["kept"] if kept is not None else [])
    key = f"vae_end_{slot}_source"
    if st.session_state.get(key) not in options:
        st.session_state[key] = "current" if slot == "a" else "data"
    source = st.segmented_control(
        option("vae_end_", slot), options, format_func=labeller("vae_end_"), key=key, required=True,
        wrap=True,
    )
    if st.button(t("vae_keep", slot=slot.upper()), key=f"vae_keep_{slot}", disabled=digit is None):
        st.session_state[f"vae_kept_{slot}"] = np.array(digit)
        st.session_state[key] = "kept"
        st.rerun()
    if source == "current":
        return digit, t("current_digit")
    if source == "kept":
        return kept, t("vae_end_kept")
    if gallery is None:
        return None, ""
    x, _, _ = gallery
    index = ui.whole_number(t("pick_index"), 0, len(x) - 1, 1 if slot == "b" else 0, key=f"vae_end_{slot}_index")
    return x[int(index), ..., 0], f"#{int(index)}"


@ui.guarded_fragment
def tab_interpolate(digit) -> None:
    st.markdown(t("vae_interp_explain"))
    try:
        gallery = cache.gallery(state.current_dataset())
    except DataUnavailable as problem:
        ui.data_unavailable(state.current_dataset(), problem)
        gallery = None
    ends = st.columns(2, gap="large")
    images = {}
    for column, slot in zip(ends, ("a", "b")):
        with column:
            image, caption = endpoint(slot, digit, gallery)
            images[slot] = image
            if image is not None:
                ui.image(image, caption=f"{slot.upper()}: {caption}", scale=3)
    c1, c2 = st.columns(2)
    c3, c4 = st.columns(2)
    with c1:
        name, model = choose_model(N_("vae_model"), vae_names(), "vae_interp_model", "vae_16")
    with c2:
        plain = [n for n in PLAIN_AES[state.current_dataset()] if cache.trained(n)]
        ae_name, ae_model = choose_model(N_("vae_plain_ae"), plain, "vae_interp_ae", "dense_ae_30")
    method = c3.segmented_control(
        t("vae_interp_method"), ("linear", "slerp"), format_func=labeller("vae_method_"),
        key="vae_interp_method", default="linear", required=True,
        wrap=True,
    )
    steps = ui.whole_number(t("vae_interp_steps"), 0, 1000, 8, key="vae_interp_steps", container=c4)
    if images["a"] is None or images["b"] is None:
        st.info(t("vae_interp_missing"))
        return
    if steps < 2:
        st.warning(t("vae_interp_few_steps"))
        return
    if steps > MAX_STEPS:
        st.warning(t("vae_interp_capped", n=steps, cap=MAX_STEPS))
    if np.array_equal(images["a"], images["b"]):
        st.info(t("vae_interp_identical"))
    rows = []
    if model is not None:
        rows.append((ui.model_title(name), interpolate(model, images["a"], images["b"], steps, method)))
    if ae_model is not None:
        rows.append((ui.model_title(ae_name), interpolate(ae_model, images["a"], images["b"], steps, method)))
    if not rows:
        return
    count = len(rows[0][1].pixels)
    for title_index, (title, result) in enumerate(rows):
        st.markdown(f"**{title}**")
        strip(result.latent, key=f"vae_path_{title_index}")
    st.markdown(f"**{t('vae_interp_pixels')}**")
    strip(rows[0][1].pixels, key="vae_path_pixels")
    decoders = [(title, live.graph_url(m, n, "decoder")) for (title, _), (n, m) in
                zip(rows, [(name, model)] * (model is not None) + [(ae_name, ae_model)] * (ae_model is not None))]
    if live.ready() and all(url for _, url in decoders):  # the scrubber decodes in the browser while dragged
        codes = [r.codes for _, r in rows]
        st.markdown("**" + t("vae_interp_live") + "**")
        live.decoder_element(
            "scrubber", "vae_interp_live", hashlib.sha1(np.ascontiguousarray(np.concatenate(
                [c[[0, -1]].ravel() for c in codes])).tobytes()).hexdigest() + method, events=("t",),
            data={"rows": [{"title": title, "decoder": url, "a": c[0].tolist(), "b": c[-1].tolist()}
                           for (title, url), c in zip(decoders, codes)],
                  "method": method, "t": 0.5,
                  "pixelsA": np.asarray(images["a"], "float32").ravel().round(4).tolist(),
                  "pixelsB": np.asarray(images["b"], "float32").ravel().round(4).tolist(),
                  "labels": {"scrubber": t("vae_interp_step"), "step": t("vae_interp_caption"),
                             "pixels": t("vae_interp_pixels")}})
        return
    step = st.slider(t("vae_interp_step"), 0, count - 1, count // 2, key="vae_interp_step")
    shown = [(r.latent[step], title) for title, r in rows] + [(rows[0][1].pixels[step], t("vae_interp_pixels"))]
    for column, (image, title) in zip(st.columns(len(shown)), shown):
        with column:
            ui.image(image, caption=title, scale=6)
    st.caption(t("vae_interp_caption", t=step / max(count - 1, 1)))


@ui.guarded_fragment
def tab_arithmetic(digit) -> None:
    st.markdown(t("vae_arith_explain"))
    name, model = choose_model(N_("vae_model"), vae_names(), "vae_arith_model", "vae_16")
    if model is None:
        return
    if digit is None:
        st.info(t("no_digit"))
        return
    with st.spinner(t("vae_arith_computing")):
        found = directions_of(cache.memo(dataset_directions, model, cache.dataset(get_spec(name).dataset), persist=True))
    c1, c2, c3 = st.columns(3)
    kind = c1.selectbox(
        t("vae_arith_direction"), ("thickness", "slant", "class"), format_func=labeller("vae_dir_"),
        key="vae_arith_direction", filter_mode=None, placeholder=t("choose_option")
    )
    code = encode_one(model, digit)
    if kind == "class":
        dataset = state.current_dataset()
        label, how, confidence = ui.digit_label(digit, dataset)
        names = class_names(dataset, current_language())
        target = c2.selectbox(
            t("vae_arith_class"), list(range(10)), index=8, format_func=dict(enumerate(names)).get, key="vae_arith_class",
            filter_mode=None, placeholder=t("choose_option")
        )
        if label is None:
            st.info(t("vae_arith_no_label"))
            origin = code  # no class known: move from the digit's own code toward the class mean
            st.caption(t("vae_arith_from_code"))
        else:
            origin = found.class_means[label]
            st.caption(option("vae_arith_from_", how, label=names[label], confidence=confidence, target=names[target]))
        direction = found.class_means[target] - origin
    else:
        direction = found.thickness if kind == "thickness" else found.slant
    strength = c3.slider(t("vae_arith_strength"), -3.0, 3.0, 1.0, 0.1, key="vae_arith_strength")
    strengths = np.linspace(-3, 3, 7)
    edited = apply_direction(model, code, direction, [0.0, strength])
    cols = st.columns(3)
    with cols[0]:
        ui.image(digit, caption=t("vae_arith_original"), scale=5)
    with cols[1]:
        ui.image(edited[0], caption=t("vae_arith_rebuilt"), scale=5)
    with cols[2]:
        ui.image(edited[1], caption=t("vae_arith_result", s=strength), scale=5)
    measures = slant(edited)
    st.caption(t("vae_arith_measures", before=measures[0], after=measures[1], ink0=edited[0].sum(), ink1=edited[1].sum()))
    strip(apply_direction(model, code, direction, strengths), [number(s, "+.0f") for s in strengths], key="vae_strengths")
    with st.expander(t("vae_arith_means")):
        names = class_names(state.current_dataset(), current_language())
        strip(decode_images(model, found.class_means), names, key="vae_class_means")
        st.caption(t("vae_arith_means_caption", n=found.n_digits))


guide.header("vae_explorer", N_("vae_title"), N_("vae_explain"))
left, right = st.columns([1, 2], gap="large")

with left:
    digit = digit_input.digit_panel("vae")
    digit_input.show_current(digit, scale=4)

with right, ui.guard():
    # A control that wraps onto rows (tabs scroll sideways and hide their last names on a phone).
    name = st.segmented_control(t("vae_part"), TABS, format_func=labeller("vae_tab_"), default="sample",
                                key="vae_tab", required=True, wrap=True)
    ui.keep_widget_state(key for tab, keys in KEPT.items() if tab != name for key in keys)
    if name == "sample":
        tab_sample()
    elif name == "walk":
        tab_walk(digit)
    elif name == "manifold":
        tab_manifold()
    elif name == "interpolate":
        tab_interpolate(digit)
    else:
        tab_arithmetic(digit)

guide.glossary(['prior', 'elbo', 'code'])
ui.show_code(sample_prior, manifold, slerp, interpolate, latent_directions, apply_direction)
guide.footer("vae_explorer")
