"""Presets of :mod:`ae_core.models.dense_ae` as plain data (no Keras import)."""

from __future__ import annotations

from ae_core.registry import N_, TrainRecipe, register_model

register_model(
    "dense_ae_30",
    model_class="ae_core.models.dense_ae.DenseAE",
    config=dict(hidden_units=(1000, 500, 250), latent_dim=30),
    tags=("draw", "reconstruct", "noise_baseline", "pretrain_encoder", "search"),
    title=N_("Deep dense AE, 30-d code"),
    description=N_("784-1000-500-250-30 and back: the deep autoencoder compared with PCA in Hinton & Salakhutdinov (2006)."),
    # The paper's widths; distorted copies drawn anew stand in for the 50,000 digits an offline
    # machine lacks (how each recipe scored: README, "The model zoo").
    recipe=TrainRecipe(epochs=40, batch_size=128, augmented_copies=1, distorted_copies=40, fresh_copies_every=4),
)

# "dense_ae_2", the 2-d map, is a NeighbourAE: see neighbour_ae_presets.py.

# The compression grid of the seed lab: one hidden layer 784-d-784, BCE loss.
GRID_SIZES = (2, 8, 32, 64)
GRID_ACTIVATIONS = (("sigmoid", "sigmoid"), ("relu", "sigmoid"), ("sigmoid", "relu"))


# Sigmoid code units sit for many steps on the "mean digit" plateau: small batches give them the
# steps to leave it.
RECIPE_BY_CODE_ACTIVATION = {
    "sigmoid": TrainRecipe(epochs=25, batch_size=32, learning_rate=3e-3, augment=False),
    "relu": TrainRecipe(epochs=15, batch_size=128, augment=False),
}


def grid_name(latent_dim: int, encoder_activation: str, decoder_activation: str) -> str:
    return f"shallow_{latent_dim}_{encoder_activation}_{decoder_activation}"


for _d in GRID_SIZES:
    for _enc, _dec in GRID_ACTIVATIONS:
        register_model(
            grid_name(_d, _enc, _dec),
            model_class="ae_core.models.dense_ae.DenseAE",
            config=dict(hidden_units=(), latent_dim=_d, code_activation=_enc, output_activation=_dec),
            tags=("grid",),
            title=N_("784-{size}-784, {encoder}/{decoder}"),
            description=N_("One hidden layer of {size} units; encoder {encoder}, decoder {decoder}; BCE loss."),
            text_values=dict(size=_d, encoder=_enc, decoder=_dec),
            recipe=RECIPE_BY_CODE_ACTIVATION[_enc],
        )
