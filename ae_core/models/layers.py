"""Layers shared by several autoencoders; each is one idea added to the base model."""

from __future__ import annotations

import keras
import numpy as np
from keras import ops

PACKAGE = "ae_core"


@keras.saving.register_keras_serializable(package=PACKAGE)
class RandomCorruption(keras.layers.Layer):
    """Corrupts images during training only; the identity at inference.

    Each image draws one corruption: Gaussian noise with sigma ~ U(0, ``max_sigma``) (clipped to
    [0, 1]), a dropout mask with rate ~ U(0, ``max_rate``), a blanked half, or a blanked random
    block. ``kind_weights`` gives the odds of the four kinds (a zero weight disables one).

    Input/output: (N, 28, 28, 1) float in [0, 1].
    """

    def __init__(self, max_sigma=0.8, max_rate=0.7, kind_weights=(1.0, 1.0, 0.0, 0.0), seed=0, **kwargs):
        super().__init__(**kwargs)
        self.max_sigma = float(max_sigma)
        self.max_rate = float(max_rate)
        self.kind_weights = tuple(float(w) for w in kind_weights)
        self.seed = int(seed)
        self.seed_generator = keras.random.SeedGenerator(seed)
        self.supports_masking = False

    def call(self, x, training=False):
        if not training:
            return x
        n = ops.shape(x)[0]
        gen = self.seed_generator
        probs = np.asarray(self.kind_weights, "float32") / np.sum(self.kind_weights)
        kind = keras.random.categorical(
            ops.log(ops.reshape(ops.convert_to_tensor(probs + 1e-12), (1, -1))), n, seed=gen
        )
        kind = ops.reshape(kind, (n,))

        def per_image():
            return keras.random.uniform((n, 1, 1, 1), seed=gen)

        sigma = per_image() * self.max_sigma
        noisy = ops.clip(x + sigma * keras.random.normal(ops.shape(x), seed=gen), 0.0, 1.0)

        rate = per_image() * self.max_rate
        keep = ops.cast(keras.random.uniform(ops.shape(x), seed=gen) >= rate, x.dtype)
        dropped = x * keep

        half = ops.reshape(keras.random.randint((n,), 0, 4, seed=gen), (n, 1, 1, 1))
        rows = ops.reshape(ops.arange(28, dtype="float32"), (1, 28, 1, 1))
        cols = ops.reshape(ops.arange(28, dtype="float32"), (1, 1, 28, 1))
        half_masks = ops.stack(
            [
                ops.broadcast_to(cols < 14, (1, 28, 28, 1)),  # left
                ops.broadcast_to(cols >= 14, (1, 28, 28, 1)),  # right
                ops.broadcast_to(rows < 14, (1, 28, 28, 1)),  # top
                ops.broadcast_to(rows >= 14, (1, 28, 28, 1)),  # bottom
            ],
            axis=0,
        )  # (4, 1, 28, 28, 1)
        chosen = ops.take(ops.cast(half_masks, x.dtype), ops.reshape(half, (n,)), axis=0)
        halved = x * (1.0 - ops.reshape(chosen, ops.shape(x)))

        size = 6.0 + per_image() * 10.0  # block side 6..16 px
        top = per_image() * (28.0 - size)
        left = per_image() * (28.0 - size)
        block = ops.logical_and(
            ops.logical_and(rows >= top, rows < top + size),
            ops.logical_and(cols >= left, cols < left + size),
        )
        blocked = x * (1.0 - ops.cast(block, x.dtype))

        kind = ops.reshape(kind, (n, 1, 1, 1))
        out = ops.where(kind == 0, noisy, x)
        out = ops.where(kind == 1, dropped, out)
        out = ops.where(kind == 2, halved, out)
        out = ops.where(kind == 3, blocked, out)
        return out

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {
            **super().get_config(),
            "max_sigma": self.max_sigma,
            "max_rate": self.max_rate,
            "kind_weights": list(self.kind_weights),
            "seed": self.seed,
        }


@keras.saving.register_keras_serializable(package=PACKAGE)
class Sampling(keras.layers.Layer):
    """Reparameterisation trick: splits (N, 2k) into mean and log-variance, draws z.

    It adds the KL divergence to N(0, I) (nats per image) as a layer loss. While training it
    returns a sample; at inference the mean, so plots are repeatable.
    """

    def __init__(self, seed=0, **kwargs):
        super().__init__(**kwargs)
        self.seed = int(seed)
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, stats, training=False):
        mean, log_var = ops.split(stats, 2, axis=-1)
        kl = -0.5 * ops.sum(1.0 + log_var - ops.square(mean) - ops.exp(log_var), axis=-1)
        self.add_loss(ops.mean(kl))  # also in validation, so val_kl_loss is reported
        if not training:
            return mean
        eps = keras.random.normal(ops.shape(mean), seed=self.seed_generator)
        return mean + ops.exp(0.5 * log_var) * eps

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], input_shape[-1] // 2)

    def get_config(self):
        return {**super().get_config(), "seed": self.seed}


class DenseTranspose(keras.layers.Layer):
    """A dense layer that reuses another Dense layer's kernel, transposed (tied weights).

    Owns only its bias. Built by :class:`TiedAE` from its own encoder, so it is never
    serialised on its own and needs no registration.
    """

    def __init__(self, tied_to: keras.layers.Dense, activation=None, **kwargs):
        super().__init__(**kwargs)
        self.tied_to = tied_to
        self.activation = keras.activations.get(activation)

    def build(self, input_shape):
        units = self.tied_to.kernel.shape[0]
        self.bias = self.add_weight(shape=(units,), initializer="zeros", name="bias")

    def call(self, x):
        return self.activation(ops.matmul(x, ops.transpose(self.tied_to.kernel)) + self.bias)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.tied_to.kernel.shape[0])
