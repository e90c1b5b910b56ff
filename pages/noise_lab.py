"""Noise lab: Gaussian noise and dropped pixels, cleaned by a denoising AE and three baselines."""

import hashlib

import numpy as np
import streamlit as st

from ae_core.figures import lines_spec
from ae_core.lab.noise_lab import corrupt, denoise_all, denoisers, noise_roles, psnr_versus_sigma
from pages.common import cache, digit_input, guide, live, shell, state, ui
from pages.common.i18n import N_, current_language, t

shell.require_shell()

SIGMAS = np.round(np.arange(0.0, 1.01, 0.1), 2)

def live_parts(models: dict, roles: dict, k, names: dict) -> list | None:
    """The noise lab's methods as the browser runs them (the AEs and PCA by their graphs); None
    when one has no graph (the page is then served)."""
    parts = [{"method": "noisy", "title": names["noisy"]}, {"method": "median", "title": names["median"]}]
    for method in ("pca", "plain_ae", "denoising_ae"):
        name = roles.get(method)
        if name not in models or (method == "pca" and not k):
            continue
        graphs = live.autoencoder_parts(models[name], name, keep=k if method == "pca" else None)
        if graphs is None:
            return None
        parts.append({**graphs, "method": method, "title": names[method]})
    return parts


def gaussian_draws(seed: int) -> list:
    """The standard normal draws corrupt() scales by sigma for this seed (ae_core.corrupt)."""
    return np.random.default_rng(seed).standard_normal((28, 28)).astype("float32").ravel().tolist()


def dropout_draws(seed: int) -> list:
    """The uniform draws corrupt()'s dropout compares with the rate for this seed."""
    return np.random.default_rng(seed + 1).random((28, 28)).ravel().tolist()


guide.header("noise_lab", N_("noise_title"), N_("noise_explain"))
left, right = st.columns([1, 2], gap="large")

with left:
    digit = digit_input.digit_panel("noise")
    digit_input.show_current(digit, scale=4)

with right, ui.guard():
    controls = st.columns(3, vertical_alignment="bottom")
    going_live = digit is not None and live.ready() and guide.revealed("noise_lab")
    if going_live:  # the live cards below carry the sigma slider, which drags in the browser
        sigma = float(st.session_state.setdefault("noise_sigma", 0.5))
        controls[0].caption(t("noise_live_slider"))
    else:
        sigma = controls[0].slider(t("noise_sigma"), 0.0, 1.0, 0.5, 0.05, key="noise_sigma")
    rate = controls[1].slider(t("noise_rate"), 0.0, 0.9, 0.0, 0.05, key="noise_rate")
    seed_box = controls[2].container()

    def new_noise():
        st.session_state["noise_seed"] = int(st.session_state.get("noise_seed", 0)) + 1

    seed = ui.whole_number(t("noise_seed"), 0, 1_000_000, 0, key="noise_seed", container=seed_box)
    seed_box.button(t("noise_new"), on_click=new_noise, key="noise_new")

    if digit is None:
        st.info(t("no_digit"))
    else:
        roles = noise_roles(cache.available(dataset=state.current_dataset()))
        models = ui.load_models(roles.values())
        k = st.slider(t("pca_k"), 1, 200, 30, key="noise_pca_k") if roles.get("pca") in models else None
        methods = denoisers(models, roles, k)
        names = {
            "noisy": t("method_noisy"), "median": t("method_median"), "pca": t("method_pca", k=k),
            "plain_ae": t("method_plain_ae", model=ui.model_title(roles.get("plain_ae", ""))),
            "denoising_ae": t("method_denoising_ae"),
        }

        corrupted = corrupt(digit, sigma, rate, int(seed))
        if sigma == 0 and rate == 0:
            st.info(t("noise_no_corruption"))
        elif sigma >= 0.9 or rate >= 0.8:
            st.warning(t("noise_heavy"))
        results = denoise_all(digit, corrupted, methods)
        cleaners = [r for r in results if r.method != "noisy"]
        best = max(cleaners, key=lambda r: r.psnr).method if cleaners else None
        shown = guide.predict("noise_lab", t("noise_predict"), {r.method: names[r.method] for r in cleaners}, best)
        parts = live_parts(models, roles, k, names) if shown and going_live else None
        if parts is not None:
            identity = hashlib.sha1(np.ascontiguousarray(digit).tobytes()).hexdigest()
            chosen = live.element(
                "live_noise", "noise_live", events=("sigma",),
                data={"identity": f"{identity}.{seed}.{rate}.{k}.{current_language()}",
                      "clean": np.asarray(digit, "float32").ravel().tolist(),
                      "noise": gaussian_draws(int(seed)), "uniform": dropout_draws(int(seed)),
                      "sigma": sigma, "rate": float(rate), "methods": parts, "lang": current_language(),
                      "labels": {"sigma": t("noise_sigma"), "clean": t("noise_clean"), "score": t("psnr_ssim"),
                                 "identical": t("psnr_identical")}})["sigma"]
            if isinstance(chosen, (int, float)) and 0 <= chosen <= 1 and chosen != sigma:
                st.session_state["noise_sigma"] = float(chosen)
                st.rerun()  # the curve's marker and the verdict follow the released slider
        elif shown:
            live.unavailable_note()
            cards = [ui.Card(digit, t("noise_clean"))]
            for result in results:
                score = t("psnr_identical") if result.psnr >= 100 else t("psnr_ssim", psnr=result.psnr, ssim=result.ssim)
                cards.append(ui.Card(result.image, names[result.method], (score,)))
            ui.card_grid(cards, key="noise_cards", min_rem=8.5, export_name="noise_lab")

        if shown:
            curve = psnr_versus_sigma(digit, methods, SIGMAS, rate, int(seed))
            series = {names[m]: np.minimum(v, 60) for m, v in curve.items()}
            spec = lines_spec(SIGMAS, series, "σ", "PSNR (dB)", t("noise_curve_title"), marker_x=sigma)
            ui.vega(spec, key="noise_curve", file_name="psnr_against_sigma")

guide.glossary(['psnr', 'ssim', 'pca'])
ui.show_code(corrupt, denoise_all, psnr_versus_sigma)
guide.footer("noise_lab")
