"""Lesson 2: compression levels. The 784-d'-784 grid (d' in 2, 8, 32, 64 x three activation pairs):
test errors, the same digits rebuilt by every cell, and error against code size next to PCA."""

import numpy as np
import pandas as pd
import streamlit as st

from ae_core import imaging, zoo
from ae_core.data import DataUnavailable
from ae_core.figures import rate_distortion_chart
from ae_core.lab.common import lesson_digits
from ae_core.lab.compression import (
    PAIRS, PLATEAU_SHARE, SIZES, cells_from, comparison_rows, conclude, digit_errors, grid_measurements, grid_name, manifest_cells,
    manifest_mean_error, measure_cells, pair_label, pair_recipes, past_plateau, pca_cells, rate_distortion, reconstructions,
    worst_pair_by_size,
)
from pages.common import cache, digit_input, guide, shell, ui
from pages.common.i18n import N_, labeller, option, t

shell.require_shell()

SHOWN_DIGITS = 6  # digits rebuilt by every cell (the current digit first, when there is one)
LOSS_KEYS = {"bce": N_("comp_loss_bce"), "mse": N_("comp_loss_mse")}
COLUMNS = ("size", "pair", "params", "test_squared_error", "test_mse", "test_bce", "measured_squared_error", "measured_bce")

guide.header("compression", N_("comp_title"), N_("comp_explain"))
ui.mnist_only_note()
digit, right = digit_input.digit_column("comp")


def sizes_text(sizes) -> str:
    return ", ".join(str(s) for s in sizes)


def show_conclusion(conclusion, basis: str) -> None:
    """The lesson's conclusion, sentence by sentence from the numbers of the table."""
    c = conclusion
    if not c.sizes:
        return
    sentences = [t("comp_conclusion_basis", basis=basis)]
    if c.mean_error is not None:
        if not c.stuck:
            sentences.append(t("comp_conclusion_plateau_all", cells=c.cells, mean=c.mean_error, limit=c.limit,
                                     share=PLATEAU_SHARE))
        else:
            sentences.append(t("comp_conclusion_plateau_some", stuck=len(c.stuck), cells=c.cells,
                               names="; ".join(c.stuck), mean=c.mean_error, limit=c.limit, share=PLATEAU_SHARE))
    if c.best is not None:
        sentences.append(t("comp_conclusion_ranking", best=c.best, best_wins=c.best_wins, sizes=len(c.sizes),
                           worst=c.worst, worst_losses=c.worst_losses, ratio=c.ratio))
    if not c.not_shrinking:
        sentences.append(t("comp_conclusion_more_code_all"))
    else:
        sentences.append(t("comp_conclusion_more_code_not", pairs=", ".join(c.not_shrinking)))
    if c.ae_beats_pca and c.pca_beats_ae:
        sentences.append(t("comp_conclusion_pca_split", won=sizes_text(c.ae_beats_pca), lost=sizes_text(c.pca_beats_ae)))
    elif c.ae_beats_pca:
        sentences.append(t("comp_conclusion_pca_all"))
    elif c.pca_beats_ae:
        sentences.append(t("comp_conclusion_pca_none"))
    st.markdown(" ".join(sentences))


def recipe_text(recipe) -> str:
    text = t("comp_recipe", pair=pair_label(recipe.pair), epochs=recipe.epochs, batch=recipe.batch_size,
             rate=recipe.learning_rate, loss=t(LOSS_KEYS[recipe.loss]))
    if recipe.output_bias_init is not None:
        text += t("comp_recipe_output_bias", value=recipe.output_bias_init)
    return text + "."


def lesson(listed, measured, mean_measured, models, x_eval, ds, n_eval, digit) -> None:
    """The table, the conclusion computed from it, error against code size and the digits."""
    # --- the table ---
    st.subheader(t("comp_table_header"))
    listed_pca = pca_cells(cache.trained("pca"))
    rows = comparison_rows(listed + listed_pca, measured)
    table = pd.DataFrame(rows, columns=COLUMNS)
    table[list(COLUMNS[2:])] = table[list(COLUMNS[2:])].apply(pd.to_numeric)  # None -> NaN, shown as —
    table = table.rename(columns={c: option("comp_col_", c, n=n_eval) for c in COLUMNS})
    st.dataframe(ui.styled(table, 3), hide_index=True, width="stretch",
                 key="comp_table")
    source = digit_input.data_source_label(ds) if ds is not None else "—"
    st.caption(t("comp_table_sources", n=n_eval, source=source))
    recipes = pair_recipes({c.name: cache.trained(c.name) for c in listed})
    if recipes:
        st.caption("\n".join([t("comp_recipes"), *("- " + recipe_text(r) for r in recipes)]))

    # --- the conclusion, computed from the table: the manifest's test numbers when it lists them all ---
    mean_listed = manifest_mean_error(cache.trained("pca"))
    complete = all(c.squared_error is not None for c in listed + listed_pca) and mean_listed is not None
    if complete:
        conclusion, basis = conclude(listed + listed_pca, mean_listed), t("comp_basis_manifest")
    else:
        conclusion, basis = conclude(measured, mean_measured), t("comp_basis_measured", n=n_eval)
    show_conclusion(conclusion, basis)
    st.markdown(t("comp_relu_risk"))

    # --- error against code size ---
    st.subheader(t("comp_rd_header"))
    metric = st.segmented_control(t("comp_metric"), ("squared_error", "bce"), format_func=labeller("comp_metric_"),
                                  key="comp_metric", default="squared_error", required=True, wrap=True)
    series = {(t("comp_pca") if name == pair_label(("pca", "pca")) else name): values
              for name, values in rate_distortion(measured, metric).items()}
    if series:
        ui.plotly(rate_distortion_chart(series, t("comp_code_size"), option("comp_metric_", metric)),
                        key="comp_rd")
        st.caption(t("comp_rd_caption", n=n_eval))

    # --- the same digits through every cell ---
    st.subheader(t("comp_images_header"))
    if x_eval is not None:
        spread = np.linspace(0, len(x_eval) - 1, SHOWN_DIGITS - (digit is not None)).astype(int)  # all classes
        shown = x_eval[spread].reshape(-1, 28, 28)
        if digit is not None:
            shown = np.concatenate([np.asarray(digit, "float32")[None], shown])
        # One digit at a time, large: each cell of the grid (code size x activations) as a card.
        chosen = st.segmented_control(t("comp_which_digit"), list(range(len(shown))), default=0, required=True,
                                      format_func=lambda i: t("comp_your_digit") if digit is not None and i == 0
                                      else t("comp_digit_number", n=i + (digit is None)), key="comp_shown_digit", wrap=True)
        cards = [ui.Card(shown[chosen], t("comp_originals"))]
        for size in SIZES:
            for pair in (*PAIRS, ("pca", "pca")):
                name = "pca" if pair[0] == "pca" else grid_name(size, *pair)
                if name in models:
                    image = reconstructions(models[name], shown[chosen][None], size if name == "pca" else None)[0]
                    title = t("comp_pca") if pair[0] == "pca" else pair_label(pair)
                    cards.append(ui.Card(image, title, (f"d' = {size}",)))
        ui.card_grid(cards, key="comp_cells", min_rem=7, export_name="compression_cells")
        st.caption(t("comp_images_caption", sizes=", ".join(str(s) for s in SIZES)))
        with st.expander(t("comp_all_digits")):  # every digit through every cell, in one picture for slides
            strips = [shown]
            for pair in (*PAIRS, ("pca", "pca")):
                for size in SIZES:
                    name = "pca" if pair[0] == "pca" else grid_name(size, *pair)
                    strips.append(reconstructions(models[name], shown, size if name == "pca" else None)
                                  if name in models else np.zeros((len(shown), 28, 28), "float32"))
            overview = imaging.grid(np.concatenate(strips), columns=len(shown), scale=3)
            ui.picture(overview)
            ui.export_png(overview, "compression_all_digits.png", key="comp_all_export")
    if digit is not None:
        errors = digit_errors(models, digit)
        frame = pd.DataFrame(index=list(SIZES), columns=[pair_label(p) for p in PAIRS] + ["PCA"], dtype=float)
        for (size, label), value in errors.items():
            frame.loc[size, label] = value
        frame.index.name = "d'"
        st.markdown("**" + t("comp_digit_errors") + "**")
        st.dataframe(ui.styled(frame, 1), width="stretch", key="comp_digit_table")


with right, ui.guard():
    listed = manifest_cells({name: cache.trained(name) for name in cache.available(tag="grid")})
    if not listed:
        st.warning(t("comp_no_grid", command=zoo.REBUILD_ALL))
    else:
        if len(listed) < len(SIZES) * len(PAIRS):
            st.warning(t("comp_grid_partial", n=len(listed), total=len(SIZES) * len(PAIRS)))
        models = ui.load_models([c.name for c in listed] + ["pca"])
        try:
            ds = cache.dataset("mnist")
            x_eval = cache.memo(lesson_digits, ds)
        except DataUnavailable as problem:
            ui.data_unavailable("mnist", problem)
            x_eval, ds = None, None
        n_eval = 0 if x_eval is None else len(x_eval)
        measured, mean_measured = [], None
        if x_eval is not None:
            with st.spinner(t("comp_measuring", n=n_eval)):
                arrays = cache.memo(grid_measurements, models, ds, persist=True)
            measured = cells_from(arrays)
            mean_measured = float(arrays["mean_digit_squared_error"])
            mean_measured = None if np.isnan(mean_measured) else mean_measured

        worst = worst_pair_by_size(listed if all(c.squared_error is not None for c in listed) else measured)
        smallest = min(SIZES)
        options = {pair_label(pair): pair_label(pair) for pair in PAIRS}
        if guide.predict("compression", t("comp_predict", size=smallest), options, worst.get(smallest)):
            lesson(listed, measured, mean_measured, models, x_eval, ds, n_eval, digit)

guide.glossary(['bce', 'code', 'pca'])
ui.show_code(manifest_cells, measure_cells, past_plateau, conclude, rate_distortion)
guide.footer("compression")
