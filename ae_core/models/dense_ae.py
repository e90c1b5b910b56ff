"""Fully connected autoencoder: the 30-d model of Hinton & Salakhutdinov, the 2-d map, the grid."""

from __future__ import annotations

import keras

from ae_core.models.base import IMAGE_SHAPE, Autoencoder
from ae_core.models.layers import PACKAGE
from ae_core.registry import TrainRecipe, register_model


@keras.saving.register_keras_serializable(package=PACKAGE)
class DenseAE(Autoencoder):
    """Dense autoencoder 784 -> hidden_units -> latent_dim -> reversed(hidden_units) -> 784.

    Args:
        hidden_units: widths of the encoder's hidden layers (the decoder mirrors them).
        latent_dim: size of the code.
        activation: activation of the hidden layers.
        code_activation: activation of the code layer (None = linear).
        output_activation: activation of the output layer.
        loss: "bce" or "mse".

    Shapes: (N, 28, 28, 1) -> (N, latent_dim) -> (N, 28, 28, 1).
    """

    def __init__(
        self,
        hidden_units=(512, 128),
        latent_dim=30,
        activation="relu",
        code_activation=None,
        output_activation="sigmoid",
        loss="bce",
        **kwargs,
    ):
        super().__init__(loss=loss, **kwargs)
        self.hidden_units = tuple(int(u) for u in hidden_units)
        self.latent_dim = int(latent_dim)
        self.activation = activation
        self.code_activation = code_activation
        self.output_activation = output_activation
        self.encoder = keras.Sequential(
            [
                keras.Input(IMAGE_SHAPE),
                keras.layers.Flatten(),
                *[keras.layers.Dense(u, activation=activation) for u in self.hidden_units],
                keras.layers.Dense(self.latent_dim, activation=code_activation, name="code"),
            ],
            name="encoder",
        )
        self.decoder = keras.Sequential(
            [
                keras.Input((self.latent_dim,)),
                *[keras.layers.Dense(u, activation=activation) for u in reversed(self.hidden_units)],
                keras.layers.Dense(784, activation=output_activation),
                keras.layers.Reshape(IMAGE_SHAPE),
            ],
            name="decoder",
        )
        self._finish_init()

    def get_config(self):
        return {
            **super().get_config(),
            "hidden_units": list(self.hidden_units),
            "latent_dim": self.latent_dim,
            "activation": self.activation,
            "code_activation": self.code_activation,
            "output_activation": self.output_activation,
        }


register_model(
    "dense_ae_30",
    model_class=DenseAE,
    config=dict(hidden_units=(1000, 500, 250), latent_dim=30),
    tags=("draw", "reconstruct", "noise_baseline"),
    title={"en": "Deep dense AE, 30-d code", "es": "AE denso profundo, código de 30"},
    description={
        "en": "784-1000-500-250-30 and back: the deep autoencoder compared with PCA in Hinton & Salakhutdinov (2006).",
        "es": "784-1000-500-250-30 y vuelta: el autoencoder profundo que Hinton y Salakhutdinov (2006) comparan con PCA.",
    },
    # The paper's widths. On the 10,000 local digits, at equal compute, more distorted copies
    # (new MNIST-like digits) beat more epochs: 22 copies x 10 epochs 3.25 against 6 x 30 3.54
    # (512-256-128, 6 x 30: 3.91). 40 copies x 24 epochs: 2.66; the same with the copies drawn
    # anew every 4 epochs (240 distinct copies, same memory): 2.56; 40 epochs of that: 2.40,
    # about 112 minutes on one core.
    recipe=TrainRecipe(epochs=40, batch_size=128, augmented_copies=1, distorted_copies=40, fresh_copies_every=4),
)

# "dense_ae_2", the 2-d map, is a NeighbourAE (this class plus a neighbour-embedding loss): see
# neighbour_ae.py.

# The compression grid of the seed lab: one hidden layer 784-d-784, BCE loss.
GRID_SIZES = (2, 8, 32, 64)
GRID_ACTIVATIONS = (("sigmoid", "sigmoid"), ("relu", "sigmoid"), ("sigmoid", "relu"))


# Sigmoid code units sit for many steps on the "mean digit" plateau (measured: 784-32-784 at 207
# BCE after 15 epochs of 128-image batches); small batches give them the steps to leave it (135).
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
            model_class=DenseAE,
            config=dict(hidden_units=(), latent_dim=_d, code_activation=_enc, output_activation=_dec),
            tags=("grid",),
            title={"en": f"784-{_d}-784, {_enc}/{_dec}", "es": f"784-{_d}-784, {_enc}/{_dec}"},
            description={
                "en": f"One hidden layer of {_d} units; encoder {_enc}, decoder {_dec}; BCE loss.",
                "es": f"Una capa oculta de {_d} unidades; codificador {_enc}, decodificador {_dec}; pérdida BCE.",
            },
            recipe=RECIPE_BY_CODE_ACTIVATION[_enc],
        )
