"""Home: what an autoencoder is, one picture of it, and the pretrained models."""

import streamlit as st

from ae_core import data as data_module
from ae_core import zoo
from ae_core.lab.home import encode_decode, model_cards
from ae_core.registry import get_spec
from pages.common import cache, guide, shell, ui
from pages.common.i18n import N_, current_language, number, option, t

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
        # Three columns wide enough for their words; they wrap under each other on a phone.
        digit_in, code_bars, digit_out = st.columns([2, 4, 2], vertical_alignment="center")
        with digit_in:
            st.markdown("**" + t("home_input") + "**")
            ui.image(example, scale=6)
        with code_bars:
            st.markdown("**" + " → ".join((t("home_encoder"), t("home_code"), t("home_decoder"))) + "**")
            ui.bars(range(len(code)), code, "", "", height=160)
        with digit_out:
            st.markdown("**" + t("home_output") + "**")
            ui.image(output, scale=6)
        st.caption(t("home_figure_caption"))

st.header(t("home_pages"))
st.markdown(t("home_path"))
with st.container(key="home_lessons"):
    for lesson_number, (page, key) in enumerate(guide.COURSE, start=1):
        st.page_link(f"pages/{page}.py", label=f"**{lesson_number}. {option('page_', key)}**: {option('home_page_', key)}")

guide.glossary(list(guide.GLOSSARY), title_key=N_("glossary_all"))

st.header(t("home_models"))
cards = model_cards(cache.manifest())
if not cards:
    st.warning(t("home_no_models", command=zoo.REBUILD_ALL))
else:
    first = cache.trained(cards[0].name)
    st.markdown(
        t(
            "home_models_intro",
            dataset=option("dataset_", cards[0].dataset),
            images=first.get("train_images", 0),
            source=option("origin_", first.get("data_source", "?")),
            command=zoo.REBUILD_ALL,
        )
    )
    lang = current_language()
    for start in range(0, len(cards), 3):
        for column, card in zip(st.columns(3), cards[start : start + 3]):
            metrics = card.metrics
            facts = [option("kind_", card.kind), option("dataset_", card.dataset)]
            if card.latent_dim:
                facts.append(t("card_code") + f" {card.latent_dim}")
            facts.append(number(card.params, ",") + " " + t("card_params"))
            if "squared_error" in metrics:
                facts.append(t("card_error") + " " + number(metrics["squared_error"], ".2f"))
            if "squared_error_k30" in metrics:
                facts.append(t("card_error") + " (k=30) " + number(metrics["squared_error_k30"], ".2f"))
            if "accuracy" in metrics:
                facts.append(t("card_accuracy") + " " + number(metrics["accuracy"], ".1%"))
            if "neg_elbo" in metrics:
                facts.append(t("card_elbo") + " " + number(metrics["neg_elbo"], ".1f"))
            spec = get_spec(card.name)
            with column.container(border=True):
                st.markdown(f"**{ui.model_title(card.name, lang)}**")
                st.caption(" · ".join(facts))
                st.write(ui.model_description(card.name, lang))
    st.caption(t("error_unit_help"))
