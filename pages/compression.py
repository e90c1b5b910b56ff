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
    PAIRS, SIZES, cells_from, comparison_rows, digit_errors, grid_measurements, grid_name, manifest_cells,
    measure_cells, pair_label, pca_cells, rate_distortion, reconstructions, relu_decoder_verdict, worst_pair_by_size,
)
from pages.common import cache, digit_input, guide, shell, ui
from pages.common.i18n import N_, labeller, option, t

shell.require_shell()

SHOWN_DIGITS = 6  # digits rebuilt by every cell (the current digit first, when there is one)
COLUMNS = ("size", "pair", "params", "test_squared_error", "test_mse", "test_bce", "measured_squared_error", "measured_bce")

guide.header("compression", N_("comp_title"), N_("comp_explain"))
ui.mnist_only_note()
digit, right = digit_input.digit_column("comp")

def lesson(listed, measured, models, x_eval, ds, n_eval, digit) -> None:
    """The table, the conclusion checked against it, error against code size and the digits."""
    # --- the table ---
    st.subheader(t("comp_table_header"))
    rows = comparison_rows(listed + pca_cells(cache.trained("pca")), measured)
    table = pd.DataFrame(rows, columns=COLUMNS)
    table[list(COLUMNS[2:])] = table[list(COLUMNS[2:])].apply(pd.to_numeric)  # None -> NaN, shown as —
    table = table.rename(columns={c: option("comp_col_", c, n=n_eval) for c in COLUMNS})
    st.dataframe(ui.styled(table, 3), hide_index=True, width="stretch",
                 key="comp_table")
    source = digit_input.data_source_label(ds) if ds is not None else "—"
    st.caption(t("comp_table_sources", n=n_eval, source=source))

    # --- the conclusion, checked against these numbers ---
    metric = st.segmented_control(t("comp_metric"), ("squared_error", "bce"), format_func=labeller("comp_metric_"),
                                  key="comp_metric", default="squared_error", required=True, wrap=True)
    complete = all(getattr(c, metric) is not None for c in listed)
    basis = listed if complete else measured
    verdict = relu_decoder_verdict(basis, metric)
    st.markdown(t("comp_conclusion"))
    if verdict.sizes:
        st.markdown(t("comp_check", worst=verdict.relu_worst, sizes=verdict.sizes,
                      ratio=verdict.ratio if verdict.ratio is not None else float("nan"),
                      basis=t("comp_basis_manifest") if complete else t("comp_basis_measured", n=n_eval)))
        if verdict.relu_worst < verdict.sizes:
            st.info(t("comp_check_differs"))

    # --- error against code size ---
    st.subheader(t("comp_rd_header"))
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
        measured = []
        if x_eval is not None:
            with st.spinner(t("comp_measuring", n=n_eval)):
                measured = cells_from(cache.memo(grid_measurements, models, ds, persist=True))

        worst = worst_pair_by_size(listed if all(c.squared_error is not None for c in listed) else measured)
        smallest = min(SIZES)
        options = {pair_label(pair): pair_label(pair) for pair in PAIRS}
        if guide.predict("compression", t("comp_predict", size=smallest), options, worst.get(smallest)):
            lesson(listed, measured, models, x_eval, ds, n_eval, digit)

guide.glossary(['bce', 'code', 'pca'])
ui.show_code(manifest_cells, measure_cells, relu_decoder_verdict, rate_distortion)
guide.footer("compression")
