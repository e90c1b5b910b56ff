"""The small models students train live on the "Train your own" page: the zoo's classes at sizes
that fit a minute on 2 CPU cores. Plain data; no weights ship for them (``pretrained=False``).

The part after "student_" is the architecture the page and the worker task name.
"""

from __future__ import annotations

from ae_core.registry import N_, register_model

STUDENT_PREFIX = "student_"

register_model(
    "student_dense",
    model_class="ae_core.models.dense_ae.DenseAE",
    config=dict(hidden_units=(256,), latent_dim=16),
    tags=("student",),
    title=N_("dense"),
    description=N_("784 → 256 → code → 256 → 784, fully connected."),
    pretrained=False,
)

register_model(
    "student_conv",
    model_class="ae_core.models.conv_ae.ConvAE",
    config=dict(filters=(16, 32), latent_dim=16),
    tags=("student",),
    title=N_("convolutional"),
    description=N_("Two stride-2 convolutions (16 and 32 filters) down to the code, upsampling and convolutions back."),
    pretrained=False,
)

register_model(
    "student_denoising",
    model_class="ae_core.models.denoising_ae.DenoisingAE",
    config=dict(filters=(16, 32), latent_dim=16),
    tags=("student",),
    title=N_("denoising"),
    description=N_("The convolutional one, trained on corrupted digits to output the clean ones."),
    pretrained=False,
)

register_model(
    "student_sparse",
    model_class="ae_core.models.sparse_ae.SparseAE",
    config=dict(latent_dim=32, sparsity="l1", l1=1e-3),
    tags=("student",),
    title=N_("sparse"),
    description=N_("A wide code with an L1 penalty that pushes most code units to zero."),
    pretrained=False,
)

register_model(
    "student_vae",
    model_class="ae_core.models.vae.VAE",
    config=dict(latent_dim=16, hidden_units=(256,)),
    kind="vae",
    tags=("student",),
    title=N_("variational (VAE)"),
    description=N_("The encoder outputs a distribution; the loss adds a KL term that keeps codes near N(0, 1)."),
    pretrained=False,
)
