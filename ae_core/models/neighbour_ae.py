"""Dense autoencoder plus a neighbour-embedding loss on its code: a 2-d map that keeps neighbours.

A plain autoencoder squeezed to two numbers keeps what helps it redraw the digit, not which
digits look alike: its 2-d map mixes the classes (5-NN accuracy about 0.79 on full MNIST,
Sainburg et al. 2021). Adding a parametric t-SNE term (van der Maaten 2009) to the
reconstruction loss asks the encoder to also keep each digit's nearest neighbours in pixel space
next to it on the map; the decoder still learns to redraw digits from the map. The term looks
at pixels only, never at labels, so the map is still unsupervised.
"""

from __future__ import annotations

import math

import keras
import numpy as np
from keras import ops

from ae_core.models.dense_ae import DenseAE
from ae_core.models.layers import PACKAGE


def squared_distances(points):
    """(n, n) squared Euclidean distances between the rows of ``points`` (n, d), never negative."""
    squared = ops.sum(ops.square(points), axis=1)
    return ops.maximum(squared[:, None] + squared[None, :] - 2.0 * ops.matmul(points, ops.transpose(points)), 0.0)


def conditional_affinities(x, perplexity: float, steps: int = 24):
    """t-SNE's p(j|i) within a batch from pixel distances, each row calibrated to ``perplexity``.

    Args:
        x: (n, ...) inputs; flattened to vectors.
        perplexity: effective number of neighbours of each point.
        steps: bisection steps on log(beta) per row.

    Returns (n, n) rows summing to 1, zero on the diagonal. No gradient flows through it.
    """
    n = ops.shape(x)[0]
    distances = squared_distances(ops.reshape(ops.cast(x, "float32"), (n, -1)))
    distances = distances / (ops.mean(distances) + 1e-12)  # scale-free, so the bisection range fits all data
    off_diagonal = 1.0 - ops.eye(n)
    mask = (1.0 - off_diagonal) * 1e9
    target = math.log(float(perplexity))
    low = ops.full((n, 1), -12.0)
    high = ops.full((n, 1), 12.0)
    for _ in range(steps):
        log_beta = 0.5 * (low + high)
        log_p = ops.log_softmax(-distances * ops.exp(log_beta) - mask, axis=1)
        entropy = -ops.sum(ops.exp(log_p) * log_p, axis=1, keepdims=True)
        too_flat = entropy > target  # more neighbours than wanted: sharpen (larger beta)
        low = ops.where(too_flat, log_beta, low)
        high = ops.where(too_flat, high, log_beta)
    log_beta = 0.5 * (low + high)
    p = ops.softmax(-distances * ops.exp(log_beta) - mask, axis=1) * off_diagonal
    return ops.stop_gradient(p)


def tsne_divergence(x, z, perplexity: float, dof: float = 1.0, exaggeration: float = 1.0):
    """KL(P || Q) of parametric t-SNE over one batch: P from pixels ``x``, Q from codes ``z``.

    P is the symmetrised pixel-space affinity; Q uses a Student-t kernel with ``dof`` degrees of
    freedom on the codes (van der Maaten 2009). A scalar in nats. ``exaggeration`` > 1 weighs
    the attraction between neighbours that many times (t-SNE's exaggeration: tighter, better
    separated groups); 1 gives the plain divergence.
    """
    n = ops.shape(z)[0]
    p_cond = conditional_affinities(x, perplexity)
    p = (p_cond + ops.transpose(p_cond)) / (2.0 * ops.cast(n, "float32"))
    distances = squared_distances(z)
    off_diagonal = 1.0 - ops.eye(n)
    log_kernel = -(dof + 1.0) / 2.0 * ops.log1p(distances / dof)
    log_normaliser = ops.log(ops.sum(ops.exp(log_kernel) * off_diagonal))
    eps = 1e-12
    # KL(P || Q) = sum p log p - sum p log kernel + log sum kernel   (sum p = 1)
    attraction = -ops.sum(p * log_kernel * off_diagonal)
    return ops.sum(p * ops.log(p + eps)) + exaggeration * attraction + log_normaliser


def nearest_neighbours(x, k: int, components: int = 50, chunk: int = 2048) -> np.ndarray:
    """Indices (N, k) of each image's ``k`` nearest other images, by pixel distance.

    Distances are measured on the first ``components`` principal components of the pixels (as
    t-SNE implementations do), which keeps nearly all of the distance and is much faster.
    """
    flat = np.asarray(x, dtype="float32").reshape(len(x), -1)
    centred = flat - flat.mean(axis=0)
    _, _, vt = np.linalg.svd(centred[:: max(1, len(centred) // 5000)], full_matrices=False)
    points = centred @ vt[:components].T
    squared = np.sum(points**2, axis=1)
    found = np.empty((len(points), k), dtype=np.int64)
    for start in range(0, len(points), chunk):
        block = points[start : start + chunk]
        distances = squared[start : start + chunk, None] - 2.0 * block @ points.T + squared[None, :]
        distances[np.arange(len(block)), np.arange(start, start + len(block))] = np.inf  # not itself
        nearest = np.argpartition(distances, k, axis=1)[:, :k]
        order = np.take_along_axis(distances, nearest, axis=1).argsort(axis=1)
        found[start : start + chunk] = np.take_along_axis(nearest, order, axis=1)
    return found


class NeighbourBatches(keras.utils.PyDataset):
    """Training batches in which every digit comes with one of its pixel-space neighbours.

    A random batch of a few hundred digits rarely holds any digit's true nearest neighbours, so a
    t-SNE loss computed within it only sees coarse structure. Here each batch is ``batch_size // 2``
    shuffled anchors plus, for each, one of its ``k`` nearest neighbours (drawn anew every epoch).
    Built from pixels only; an epoch visits every image once as an anchor. Yields ``(x, x)``.
    """

    def __init__(self, x, batch_size: int, k: int = 10, seed: int = 0, **kwargs):
        super().__init__(**kwargs)
        self.x = np.asarray(x, dtype="float32")
        self.half = max(1, int(batch_size) // 2)
        self.k = int(k)
        self.neighbours = nearest_neighbours(self.x, self.k)
        self.rng = np.random.default_rng(seed)
        self.on_epoch_end()

    def __len__(self):
        return int(np.ceil(len(self.x) / self.half))

    def __getitem__(self, index):
        anchors = self.order[index * self.half : (index + 1) * self.half]
        partners = self.neighbours[anchors, self.pick[anchors]]
        batch = self.x[np.concatenate([anchors, partners])]
        return batch, batch

    def on_epoch_end(self):
        self.order = self.rng.permutation(len(self.x))
        self.pick = self.rng.integers(0, self.k, len(self.x))


@keras.saving.register_keras_serializable(package=PACKAGE)
class NeighbourEmbedding(keras.layers.Layer):
    """Training-only loss: ``weight`` x the parametric t-SNE divergence of a batch.

    Called on ``[pixels, codes]``; adds the loss and returns the codes unchanged. It belongs to
    neither the encoder nor the decoder, so inference never runs it.
    """

    def __init__(self, perplexity=30.0, weight=1.0, dof=1.0, exaggeration=1.0, **kwargs):
        super().__init__(**kwargs)
        self.perplexity = float(perplexity)
        self.weight = float(weight)
        self.dof = float(dof)
        self.exaggeration = float(exaggeration)

    def call(self, inputs):
        x, z = inputs
        self.add_loss(self.weight * tsne_divergence(x, z, self.perplexity, self.dof, self.exaggeration))
        return z

    def compute_output_shape(self, input_shapes):
        return input_shapes[1]

    def get_config(self):
        return {
            **super().get_config(),
            "perplexity": self.perplexity,
            "weight": self.weight,
            "dof": self.dof,
            "exaggeration": self.exaggeration,
        }


@keras.saving.register_keras_serializable(package=PACKAGE)
class NeighbourAE(DenseAE):
    """:class:`DenseAE` plus a parametric t-SNE loss on the code while training.

    Args:
        hidden_units, latent_dim, activation, code_activation, output_activation, loss: as for
            :class:`DenseAE`.
        perplexity: neighbours each digit keeps on the map (computed within each batch, so the
            batch must hold several times as many images).
        embedding_weight: weight of the t-SNE divergence (nats per batch) against the
            reconstruction loss (nats per image).
        dof: degrees of freedom of the Student-t kernel on the code.
        exaggeration: weight of the attraction between pixel-space neighbours (1 = plain t-SNE).
        batch_neighbours: each training batch pairs every digit with one of its this many nearest
            digits in pixel space (see :class:`NeighbourBatches`).

    Shapes: (N, 28, 28, 1) -> (N, latent_dim) -> (N, 28, 28, 1). The extra loss is tracked as
    ``embedding_loss``. Unsupervised: the term uses pixel distances only, never labels.
    """

    def __init__(
        self,
        hidden_units=(512, 256, 64),
        latent_dim=2,
        activation="relu",
        code_activation=None,
        output_activation="sigmoid",
        perplexity=30.0,
        embedding_weight=100.0,
        dof=1.0,
        exaggeration=1.0,
        batch_neighbours=10,
        loss="bce",
        **kwargs,
    ):
        self.perplexity = float(perplexity)
        self.embedding_weight = float(embedding_weight)
        self.dof = float(dof)
        self.exaggeration = float(exaggeration)
        self.batch_neighbours = int(batch_neighbours)
        super().__init__(
            hidden_units=hidden_units,
            latent_dim=latent_dim,
            activation=activation,
            code_activation=code_activation,
            output_activation=output_activation,
            loss=loss,
            **kwargs,
        )

    def _finish_init(self):
        # DenseAE calls this last in its __init__, before the model is built: the loss layer is
        # created here so that it is tracked (and its loss group named) like the other layers.
        self.neighbours = NeighbourEmbedding(
            self.perplexity, self.embedding_weight, self.dof, self.exaggeration, name="neighbours"
        )
        super()._finish_init()

    def loss_groups(self):
        return {"embedding_loss": [self.neighbours]}

    def training_batches(self, x, batch_size: int, seed: int = 0) -> NeighbourBatches:
        """The batches :mod:`ae_core.train_zoo` fits this model on: digits with their neighbours."""
        return NeighbourBatches(x, batch_size, k=self.batch_neighbours, seed=seed)

    def call(self, x, training=False):
        z = self.encoder(x, training=training)
        if training:
            z = self.neighbours([x, z])
        return self.decoder(z, training=training)

    def get_config(self):
        return {
            **super().get_config(),
            "perplexity": self.perplexity,
            "embedding_weight": self.embedding_weight,
            "dof": self.dof,
            "exaggeration": self.exaggeration,
            "batch_neighbours": self.batch_neighbours,
        }
