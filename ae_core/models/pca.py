"""PCA by SVD with the autoencoders' interface: the linear baseline every comparison includes."""

from __future__ import annotations

import numpy as np


class PCA:
    """Principal component analysis fitted by a thin SVD of the centred data.

    Args:
        n_components: components kept after ``fit`` (None keeps all).

    Fitted attributes: ``mean_`` (D,), ``components_`` (k, D) rows orthonormal,
    ``explained_variance_`` (k,), ``explained_variance_ratio_`` (k,), ``singular_values_`` (k,).
    ``encode`` takes images (N, 28, 28, 1) or vectors (N, D); ``decode`` returns the same layout
    as the data it was fitted on (no clipping: the linear reconstruction as it is).
    """

    def __init__(self, n_components=None):
        self.n_components = n_components
        self.file_digest = None  # the .npz file's sha256 when loaded from the zoo (ae_core.zoo)

    def fit(self, x):
        x = np.asarray(x, dtype="float64")
        self.input_shape_ = x.shape[1:]
        flat = x.reshape(len(x), -1)
        self.mean_ = flat.mean(axis=0)
        _, s, vt = np.linalg.svd(flat - self.mean_, full_matrices=False)
        vt = _deterministic_signs(vt)
        k = vt.shape[0] if self.n_components is None else int(self.n_components)
        variance = s**2 / max(len(flat) - 1, 1)
        self.components_ = vt[:k]
        self.singular_values_ = s[:k]
        self.explained_variance_ = variance[:k]
        self.explained_variance_ratio_ = variance[:k] / variance.sum()
        return self._freeze()

    def _freeze(self):
        # Fitted arrays are shared between app sessions: make accidental writes fail.
        for name in ("mean_", "components_", "singular_values_", "explained_variance_", "explained_variance_ratio_"):
            array = np.asarray(getattr(self, name), dtype="float32")
            array.flags.writeable = False
            setattr(self, name, array)
        return self

    @property
    def memo_key(self) -> str:
        """What computations with this model depend on (ae_core.memo): its fit and its k."""
        if self.file_digest is None:
            from ae_core.memo import arrays_digest

            self.file_digest = arrays_digest({"mean": self.mean_, "components": self.components_})
        return f"pca:{self.file_digest[:16]}:k{self.latent_dim}"

    @property
    def latent_dim(self) -> int:
        return int(self.components_.shape[0])

    def truncated(self, k: int) -> "PCA":
        """A view of this fit keeping the first ``k`` components (no refit, no copy)."""
        k = int(np.clip(k, 1, self.components_.shape[0]))
        view = PCA(n_components=k)
        view.input_shape_ = self.input_shape_
        view.mean_ = self.mean_
        view.components_ = self.components_[:k]
        view.singular_values_ = self.singular_values_[:k]
        view.explained_variance_ = self.explained_variance_[:k]
        view.explained_variance_ratio_ = self.explained_variance_ratio_[:k]
        view.file_digest = self.file_digest
        return view

    def encode(self, x) -> np.ndarray:
        flat = np.asarray(x, dtype="float32").reshape(len(x), -1)
        return (flat - self.mean_) @ self.components_.T

    def decode(self, z) -> np.ndarray:
        flat = np.asarray(z, dtype="float32") @ self.components_ + self.mean_
        return flat.reshape((len(flat), *self.input_shape_))

    def reconstruct(self, x) -> np.ndarray:
        return self.decode(self.encode(x))

    def save(self, path) -> None:
        np.savez(
            path,
            input_shape=np.asarray(self.input_shape_),
            mean=self.mean_,
            components=self.components_,
            singular_values=self.singular_values_,
            explained_variance=self.explained_variance_,
            explained_variance_ratio=self.explained_variance_ratio_,
        )

    @classmethod
    def load(cls, path) -> "PCA":
        with np.load(path, allow_pickle=False) as f:
            pca = cls(n_components=int(f["components"].shape[0]))
            pca.input_shape_ = tuple(int(v) for v in f["input_shape"])
            pca.mean_ = f["mean"]
            pca.components_ = f["components"]
            pca.singular_values_ = f["singular_values"]
            pca.explained_variance_ = f["explained_variance"]
            pca.explained_variance_ratio_ = f["explained_variance_ratio"]
        return pca._freeze()

    def count_params(self) -> int:
        return int(self.mean_.size + self.components_.size)


def _deterministic_signs(vt: np.ndarray) -> np.ndarray:
    """Flip each component so its largest-magnitude loading is positive (as scikit-learn does)."""
    signs = np.sign(vt[np.arange(len(vt)), np.argmax(np.abs(vt), axis=1)])
    signs[signs == 0] = 1.0
    return vt * signs[:, None]
