"""Inpainting: blank a half or paint a mask; an autoencoder fills it in."""

import streamlit as st

from ae_core import imaging
from ae_core.lab.inpainting import inpaint_digit, mask_for
from ae_core.lab.common import classify
from pages.common import cache, digit_input, guide, shell, state, ui
from pages.common.drawing_canvas import canvas_pixels, drawing_canvas
from pages.common.i18n import N_, labeller, t

shell.require_shell()

CHOICES = ("left", "right", "top", "bottom", "brush")
BRUSH_CANVAS = 280

guide.header("inpainting", N_("inpaint_title"), N_("inpaint_explain"))
left, right = st.columns([1, 2], gap="large")

with left:
    digit = digit_input.digit_panel("inpaint")
    digit_input.show_current(digit, scale=4)

with right, ui.guard():
    choice = st.segmented_control(
        t("inpaint_mask_mode"), CHOICES, format_func=labeller("mask_"), key="inpaint_mask", default="right",
        required=True,
        wrap=True,
    )
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
            classifiers = cache.available(tag="classifier", dataset=state.current_dataset())
            classifier = ui.load_model(next(iter(classifiers))) if classifiers else None
            if model is not None:
                result = inpaint_digit(model, digit, mask)
                final = result.filled
                answer = classify(classifier, final)[0] if classifier is not None else None
                question = t("inpaint_predict") if classifier is not None else t("inpaint_predict_no_classifier")
                options = {d: str(d) for d in range(10)} if classifier is not None else {"yes": t("yes"), "no": t("no")}
                if guide.predict("inpainting", question, options, answer):
                    st.caption(t("hidden_share", share=result.hidden_share))
                    cards = [
                        ui.Card(imaging.upscale(digit, 6), t("inpaint_original")),
                        ui.Card(imaging.overlay_mask(result.masked, mask, 6), t("inpaint_masked")),
                        ui.Card(imaging.upscale(final, 6), t("inpaint_single"),
                                (t("inpaint_hidden_error", value=result.hidden_error),)),
                    ]
                    ui.card_grid(cards, key="inpaint_cards", min_rem=9, export_name="inpainting")
                    if not classifiers:
                        st.caption(t("fashion_no_classifier"))
                    if classifier is not None:
                        st.subheader(t("inpaint_verdicts"))
                        candidates = [(t("inpaint_original"), digit), (t("inpaint_masked"), result.masked),
                                      (t("inpaint_single"), final)]
                        lines = []
                        for caption, image in candidates:
                            label, confidence, _ = classify(classifier, image)
                            lines.append(f"- {caption}: " + t("verdict", label=label, confidence=confidence))
                        st.markdown("\n".join(lines))

guide.glossary(['code'])
ui.show_code(inpaint_digit, mask_for)
guide.footer("inpainting")
