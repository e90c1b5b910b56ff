"""Sparse autoencoder: a wide sigmoid code pushed to be mostly off (L1 or KL penalty)."""

from __future__ import annotations

import keras
from keras import ops

from ae_core.models.base import IMAGE_SHAPE, Autoencoder
from ae_core.models.layers import PACKAGE


@keras.saving.register_keras_serializable(package=PACKAGE)
class KLSparsity(keras.layers.Layer):
    """Identity that adds ``weight * sum_j KL(target || mean_j)``.

    ``mean_j`` is code unit j's mean activation over the batch (Ng's sparse AE notes).
    """

    def __init__(self, target=0.03, weight=1.0, **kwargs):
        super().__init__(**kwargs)
        self.target = float(target)
        self.weight = float(weight)

    def call(self, a):
        rho = self.target
        rho_hat = ops.clip(ops.mean(a, axis=0), 1e-6, 1.0 - 1e-6)
        kl = rho * ops.log(rho / rho_hat) + (1.0 - rho) * ops.log((1.0 - rho) / (1.0 - rho_hat))
        self.add_loss(self.weight * ops.sum(kl))
        return a

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "target": self.target, "weight": self.weight}


@keras.saving.register_keras_serializable(package=PACKAGE)
class SparseAE(Autoencoder):
    """784 -> latent_dim sigmoid units (sparse) -> 784 sigmoid.

    Args:
        latent_dim: code units (300 for L1, overcomplete 1000 for KL in the lessons).
        sparsity: "l1" (activity L1, ``l1`` per unit and image) or "kl" (``target`` mean activation,
            penalty ``weight``).
        code_bias: the code units' starting bias; negative starts every unit nearly off
            (sigmoid(-3) = 0.05), so the L1 penalty need not silence units that all began at 0.5.

    Shapes: (N, 28, 28, 1) -> (N, latent_dim) in [0, 1] -> (N, 28, 28, 1).
    The penalty is tracked as ``sparsity_loss``.
    """

    def __init__(self, latent_dim=300, sparsity="l1", l1=1e-3, target=0.03, weight=1.0, code_bias=0.0, loss="bce",
                 **kwargs):
        super().__init__(loss=loss, **kwargs)
        if sparsity not in ("l1", "kl"):
            raise ValueError(f"sparsity must be 'l1' or 'kl', not {sparsity!r}")
        self.latent_dim = int(latent_dim)
        self.sparsity = sparsity
        self.l1 = float(l1)
        self.target = float(target)
        self.weight = float(weight)
        self.code_bias = float(code_bias)
        penalty = (
            keras.layers.ActivityRegularization(l1=self.l1, name="sparsity")
            if sparsity == "l1"
            else KLSparsity(self.target, self.weight, name="sparsity")
        )
        self.penalty = penalty
        self.encoder = keras.Sequential(
            [
                keras.Input(IMAGE_SHAPE),
                keras.layers.Flatten(),
                keras.layers.Dense(self.latent_dim, activation="sigmoid", name="code",
                                   bias_initializer=keras.initializers.Constant(self.code_bias)),
                penalty,
            ],
            name="encoder",
        )
        self.decoder = keras.Sequential(
            [
                keras.Input((self.latent_dim,)),
                keras.layers.Dense(784, activation="sigmoid", name="features"),
                keras.layers.Reshape(IMAGE_SHAPE),
            ],
            name="decoder",
        )
        self._finish_init()

    def loss_groups(self):
        return {"sparsity_loss": [self.penalty]}

    def get_config(self):
        return {
            **super().get_config(),
            "latent_dim": self.latent_dim,
            "sparsity": self.sparsity,
            "l1": self.l1,
            "target": self.target,
            "weight": self.weight,
            "code_bias": self.code_bias,
        }
