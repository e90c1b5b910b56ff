"""The small models students train live on the "Train your own" page: the zoo's classes at sizes
that fit a minute on 2 CPU cores. Plain data; no weights ship for them (``pretrained=False``).

The part after "student_" is the architecture the page and the worker task name.
"""

from __future__ import annotations

from ae_core.registry import register_model

STUDENT_PREFIX = "student_"

register_model(
    "student_dense",
    model_class="ae_core.models.dense_ae.DenseAE",
    config=dict(hidden_units=(256,), latent_dim=16),
    tags=("student",),
    title={"en": "dense", "es": "densa"},
    description={"en": "784 → 256 → code → 256 → 784, fully connected.",
                 "es": "784 → 256 → código → 256 → 784, totalmente conectada."},
    pretrained=False,
)

register_model(
    "student_conv",
    model_class="ae_core.models.conv_ae.ConvAE",
    config=dict(filters=(16, 32), latent_dim=16),
    tags=("student",),
    title={"en": "convolutional", "es": "convolucional"},
    description={
        "en": "Two stride-2 convolutions (16 and 32 filters) down to the code, upsampling and convolutions back.",
        "es": "Dos convoluciones de paso 2 (16 y 32 filtros) hasta el código; sobremuestreo y convoluciones de vuelta.",
    },
    pretrained=False,
)

register_model(
    "student_denoising",
    model_class="ae_core.models.denoising_ae.DenoisingAE",
    config=dict(filters=(16, 32), latent_dim=16),
    tags=("student",),
    title={"en": "denoising", "es": "de eliminación de ruido"},
    description={
        "en": "The convolutional one, trained on corrupted digits to output the clean ones.",
        "es": "La convolucional, entrenada con dígitos corrompidos para devolver los limpios.",
    },
    pretrained=False,
)

register_model(
    "student_sparse",
    model_class="ae_core.models.sparse_ae.SparseAE",
    config=dict(latent_dim=32, sparsity="l1", l1=1e-3),
    tags=("student",),
    title={"en": "sparse", "es": "dispersa"},
    description={
        "en": "A wide code with an L1 penalty that pushes most code units to zero.",
        "es": "Un código ancho con una penalización L1 que lleva a cero la mayoría de sus unidades.",
    },
    pretrained=False,
)

register_model(
    "student_vae",
    model_class="ae_core.models.vae.VAE",
    config=dict(latent_dim=16, hidden_units=(256,)),
    kind="vae",
    tags=("student",),
    title={"en": "variational (VAE)", "es": "variacional (VAE)"},
    description={
        "en": "The encoder outputs a distribution; the loss adds a KL term that keeps codes near N(0, 1).",
        "es": "El codificador devuelve una distribución; la pérdida añade un término KL que mantiene los códigos cerca de N(0, 1).",
    },
    pretrained=False,
)
