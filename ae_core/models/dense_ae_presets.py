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

# The compression grid of the seed lab: one hidden layer 784-d-784.
GRID_SIZES = (2, 8, 32, 64)
GRID_ACTIVATIONS = (("sigmoid", "sigmoid"), ("relu", "sigmoid"), ("sigmoid", "relu"))

# A recipe per (encoder, decoder) pair, each chosen so that every code size trains past the
# "mean digit" plateau (ae_core.lab.compression.past_plateau); measurements: README, "The model zoo".
RECIPE_BY_PAIR = {
    # Sigmoid code units first sit on the plateau, then saturate near 0 or 1: nearly a binary code
    # (at 2-d, 48.6 squared error after 25 epochs of 16-image batches at 3e-3, 60 % of the test codes
    # within 0.02 of 0 or 1; 48.2 with 32-image batches at 1e-2). Batches of 16 at 1e-2 leave the
    # plateau before the units saturate (44.1, 7 %).
    ("sigmoid", "sigmoid"): TrainRecipe(epochs=25, batch_size=16, learning_rate=1e-2, augment=False),
    ("relu", "sigmoid"): TrainRecipe(epochs=25, batch_size=32, learning_rate=3e-3, augment=False),
    # A ReLU output pixel whose bias starts at 0 and whose weights all start negative gets no gradient
    # ever (the sigmoid code is positive): at 2-d that is about a quarter of the pixels (both weights
    # negative). With the sigmoid code's recipe and BCE the 2-d model did worse than the mean digit
    # (62.1; 147 of the 352 pixels inked above 5 % on average were black for every test digit).
    # Output biases starting at 0.1 keep every pixel alive at first; a step of 3e-3 still killed
    # pixels as training went on (64-d: 16.2 squared error, more than 32-d's 14.0); 1e-3 kills fewer
    # (28 of those 352 at 64-d) and more code reconstructs better again.
    ("sigmoid", "relu"): TrainRecipe(epochs=25, batch_size=32, learning_rate=1e-3, augment=False, output_bias_init=0.1),
}
# BCE for the sigmoid outputs; squared error for the ReLU output, which can pass 1: BCE clips such an
# output to 1 - 1e-7, where it has no gradient and costs up to 16 nats a pixel.
LOSS_BY_DECODER = {"sigmoid": "bce", "relu": "mse"}
DESCRIPTION_BY_LOSS = {
    "bce": N_("One hidden layer of {size} units; encoder {encoder}, decoder {decoder}; BCE loss."),
    "mse": N_("One hidden layer of {size} units; encoder {encoder}, decoder {decoder}; squared-error loss (MSE)."),
}


def grid_name(latent_dim: int, encoder_activation: str, decoder_activation: str) -> str:
    return f"shallow_{latent_dim}_{encoder_activation}_{decoder_activation}"


for _d in GRID_SIZES:
    for _enc, _dec in GRID_ACTIVATIONS:
        register_model(
            grid_name(_d, _enc, _dec),
            model_class="ae_core.models.dense_ae.DenseAE",
            config=dict(hidden_units=(), latent_dim=_d, code_activation=_enc, output_activation=_dec,
                        loss=LOSS_BY_DECODER[_dec]),
            tags=("grid",),
            title=N_("784-{size}-784, {encoder}/{decoder}"),
            description=DESCRIPTION_BY_LOSS[LOSS_BY_DECODER[_dec]],
            text_values=dict(size=_d, encoder=_enc, decoder=_dec),
            recipe=RECIPE_BY_PAIR[(_enc, _dec)],
        )
