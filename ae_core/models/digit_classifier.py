"""A small CNN that names digits: the judge of inpainting and generation, and of drawings."""

from __future__ import annotations

import keras
import numpy as np

from ae_core.models.base import IMAGE_SHAPE, run_in_batches
from ae_core.models.layers import PACKAGE


@keras.saving.register_keras_serializable(package=PACKAGE)
class DigitClassifier(keras.Model):
    """Conv(32)-pool-Conv(64)-pool-Dense-softmax: small enough to train in a minute on a CPU.

    Args:
        filters: channels of the convolution blocks (each followed by 2x2 max pooling).
        dense_units: width of the hidden dense layer.
        dropout: dropout rate before the last layer (training only).
        num_classes: output classes.

    Shapes: (N, 28, 28, 1) in [0, 1] -> class probabilities (N, num_classes).
    """

    def __init__(self, filters=(32, 64), dense_units=128, dropout=0.4, num_classes=10, **kwargs):
        super().__init__(**kwargs)
        self.filters = tuple(int(f) for f in filters)
        self.dense_units = int(dense_units)
        self.dropout = float(dropout)
        self.num_classes = int(num_classes)
        blocks = []
        for f in self.filters:
            blocks += [keras.layers.Conv2D(f, 3, padding="same", activation="relu"), keras.layers.MaxPooling2D(2)]
        self.network = keras.Sequential(
            [
                keras.Input(IMAGE_SHAPE),
                *blocks,
                keras.layers.Flatten(),
                keras.layers.Dropout(self.dropout),
                keras.layers.Dense(self.dense_units, activation="relu"),
                keras.layers.Dropout(self.dropout),
                keras.layers.Dense(self.num_classes, activation="softmax"),
            ],
            name="network",
        )
        self.build(IMAGE_SHAPE)

    def build(self, input_shape=None):
        self.built = True  # the network is built from its Input layer

    def call(self, x, training=False):
        return self.network(x, training=training)

    def predict_proba(self, x) -> np.ndarray:
        return run_in_batches(lambda b: self.network(b, training=False), x)

    def get_config(self):
        return {
            **super().get_config(),
            "filters": list(self.filters),
            "dense_units": self.dense_units,
            "dropout": self.dropout,
            "num_classes": self.num_classes,
        }
