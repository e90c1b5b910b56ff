"""Home: what an autoencoder is, one picture of it, and the pretrained models."""

import streamlit as st

from ae_core import data as data_module
from ae_core import zoo
from ae_core.lab.home import encode_decode, model_cards
from ae_core.registry import get_spec
from pages.common import cache, shell, ui
from pages.common.i18n import current_language, t

shell.require_shell()

st.title(t("home_title"))
st.markdown(t("home_intro"))
st.markdown(t("home_loss"))

with ui.guard():
    example, example_model = None, None
    try:
        x, _, _ = cache.gallery("mnist")
        example = x[0, ..., 0]
        example_model = cache.model("dense_ae_30")
    except (data_module.DataUnavailable, zoo.WeightsProblem):
        pass  # the picture is optional; the pages say what is missing
    if example is not None and example_model is not None:
        code, output = encode_decode(example_model, example)
        # Images and a Vega-Lite bar chart, no Plotly: the home page is every visit's first page,
        # and loading Plotly's 4 MB library there delayed the next page by about 2 s.
        digit_in, encoder, code_bars, decoder, digit_out = st.columns([2, 1, 4, 1, 2], vertical_alignment="center")
        with digit_in:
            ui.image(example, caption=t("home_input"), scale=6)
        encoder.markdown(f"**{t('home_encoder')} →**")
        with code_bars:
            st.markdown(f"**{t('home_code')}**")
            ui.bars(range(len(code)), code, "", "", height=160)
        decoder.markdown(f"**→ {t('home_decoder')}**")
        with digit_out:
            ui.image(output, caption=t("home_output"), scale=6)
        st.caption(t("home_figure_caption"))

st.header(t("home_pages"))
for page, key in (
    ("pages/draw.py", "draw"), ("pages/noise_lab.py", "noise"), ("pages/inpainting.py", "inpainting"),
    ("pages/latent_map.py", "latent"), ("pages/vae_explorer.py", "vae"), ("pages/image_search.py", "search"),
    ("pages/pca_linear_ae.py", "pca"),
    ("pages/compression.py", "compression"),
    ("pages/sparse.py", "sparse"),
    ("pages/tied.py", "tied"),
    ("pages/recurrent.py", "recurrent"),
    ("pages/pretraining.py", "pretraining"),
    ("pages/anomalies.py", "anomalies"),
    ("pages/train_your_own.py", "train_own"),
):
    st.page_link(page, label=f"**{t(f'page_{key}')}**: {t(f'home_page_{key}')}")

st.header(t("home_models"))
cards = model_cards(cache.manifest())
if not cards:
    st.warning(t("home_no_models", command=zoo.REBUILD_ALL))
else:
    first = cache.trained(cards[0].name)
    st.markdown(
        t(
            "home_models_intro",
            dataset=t(f"dataset_{cards[0].dataset}"),
            images=f"{first.get('train_images', 0):,}",
            source=first.get("data_source", "?"),
            command=zoo.REBUILD_ALL,
        )
    )
    lang = current_language()
    for start in range(0, len(cards), 3):
        for column, card in zip(st.columns(3), cards[start : start + 3]):
            metrics = card.metrics
            facts = [t(f"kind_{card.kind}"), t(f"dataset_{card.dataset}")]
            if card.latent_dim:
                facts.append(f"{t('card_code')} {card.latent_dim}")
            facts.append(f"{card.params:,} {t('card_params')}")
            if "squared_error" in metrics:
                facts.append(f"{t('card_error')} {metrics['squared_error']:.2f}")
            if "squared_error_k30" in metrics:
                facts.append(f"{t('card_error')} (k=30) {metrics['squared_error_k30']:.2f}")
            if "accuracy" in metrics:
                facts.append(f"{t('card_accuracy')} {metrics['accuracy']:.1%}")
            if "neg_elbo" in metrics:
                facts.append(f"{t('card_elbo')} {metrics['neg_elbo']:.1f}")
            spec = get_spec(card.name)
            with column.container(border=True):
                st.markdown(f"**{spec.title[lang]}**")
                st.caption(" · ".join(facts))
                st.write(spec.description[lang])
    st.caption(t("error_unit_help"))
