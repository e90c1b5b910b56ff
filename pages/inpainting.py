"""Inpainting: blank a half or paint a mask; single pass and iterative refinement."""

import streamlit as st

from ae_core import imaging
from ae_core.lab.inpainting import inpaint_digit, mask_for
from ae_core.lab.common import classify
from pages.common import cache, digit_input, shell, state, ui
from pages.common.drawing_canvas import canvas_pixels, drawing_canvas
from pages.common.i18n import labeller, t

shell.require_shell()

CHOICES = ("left", "right", "top", "bottom", "brush")
BRUSH_CANVAS = 280

ui.header("inpaint_title", "inpaint_explain")
left, right = st.columns([1, 2], gap="large")

with left:
    digit = digit_input.digit_panel("inpaint")
    digit_input.show_current(digit, scale=4)

with right, ui.guard():
    choice = st.segmented_control(
        t("inpaint_mask_mode"), CHOICES, format_func=labeller("mask_"), key="inpaint_mask", default="right",
        required=True,
    )
    iterations = st.slider(t("inpaint_iterations"), 0, 30, 5, key="inpaint_iterations")
    if digit is None:
        st.info(t("no_digit"))
    else:
        painted = None
        if choice == "brush":
            st.caption(t("brush_help"))
            width = st.slider(t("brush_width"), 10, 80, 40, key="inpaint_brush_width")
            brush = drawing_canvas(
                "inpaint_brush", size=BRUSH_CANVAS, stroke_width=width, stroke_color="rgba(255, 120, 40, 0.85)",
                background_image=imaging.png_data_url(imaging.to_uint8(digit)),
            )
            painted = canvas_pixels(brush)
        mask = mask_for(choice, painted)

        if not mask.any():
            st.info(t("mask_empty"))
        else:
            if mask.all():
                st.warning(t("mask_everything"))
            elif not (digit[mask] > 0.2).any():
                st.info(t("mask_no_ink_hidden"))
            inpainters = cache.available(tag="inpaint", dataset=state.current_dataset())
            model = ui.load_model(next(iter(inpainters))) if inpainters else None
            if not inpainters:
                st.info(t("fashion_no_inpainter"))
            if model is not None:
                result = inpaint_digit(model, digit, mask, iterations)
                st.caption(t("hidden_share", share=result.hidden_share))
                shown = [
                    (imaging.upscale(digit, 6), t("inpaint_original"), None),
                    (imaging.overlay_mask(result.masked, mask, 6), t("inpaint_masked"), None),
                    (imaging.upscale(result.passes[0], 6), t("inpaint_single"), result.hidden_errors[0]),
                ]
                if iterations:
                    shown.append((imaging.upscale(result.passes[-1], 6), t("inpaint_refined", n=iterations), result.hidden_errors[-1]))
                for column, (picture, caption, error) in zip(st.columns(len(shown)), shown):
                    with column:
                        ui.picture(picture)
                        st.markdown(f"**{caption}**" + (f"  \n{t('inpaint_hidden_error', value=error)}" if error is not None else ""))

                classifiers = cache.available(kind="classifier", dataset=state.current_dataset())
                classifier = ui.load_model(next(iter(classifiers))) if classifiers else None
                if not classifiers:
                    st.caption(t("fashion_no_classifier"))
                if classifier is not None:
                    st.subheader(t("inpaint_verdicts"))
                    candidates = [(t("inpaint_original"), digit), (t("inpaint_masked"), result.masked),
                                  (t("inpaint_refined", n=iterations) if iterations else t("inpaint_single"), result.passes[-1])]
                    for column, (caption, image) in zip(st.columns(3), candidates):
                        label, confidence, _ = classify(classifier, image)
                        column.markdown(f"{caption}: " + t("verdict", label=label, confidence=confidence))

ui.show_code(inpaint_digit, mask_for)
