"""Test-set metrics of one model, shared by the trainer (manifest) and the benchmark."""

from __future__ import annotations

import numpy as np

from ae_core import metrics
from ae_core.corrupt import dropout_mask, gaussian_noise

PCA_KS = (2, 8, 30, 32, 64)  # the compression grid's sizes (2, 8, 32, 64) and the 30-d AE's


def _round(values: dict) -> dict:
    return {k: (round(float(v), 4) if isinstance(v, (float, np.floating)) else v) for k, v in values.items()}


def reconstruction_metrics(model, x) -> dict:
    x_hat = model.reconstruct(x)
    return {
        "squared_error": float(metrics.squared_error(x, x_hat).mean()),
        "bce": float(metrics.bce(x, x_hat).mean()),
        "psnr": float(metrics.psnr(x, np.clip(x_hat, 0, 1)).mean()),
    }


def embedding_metrics(model, x_train, y_train, x_test, y_test) -> dict:
    z_train, z_test = model.encode(x_train), model.encode(x_test)
    return {
        "knn1": metrics.knn_accuracy(z_train, y_train, z_test, y_test, k=1),
        "knn5": metrics.knn_accuracy(z_train, y_train, z_test, y_test, k=5),
        "silhouette": metrics.silhouette(z_test, y_test),
    }


def vae_metrics(model, x, samples: int = 8, seed: int = 0) -> dict:
    """Negative ELBO in nats per image: BCE reconstruction (``samples`` draws of z) plus KL."""
    mean, log_var = model.encode_distribution(x)
    kl = -0.5 * np.sum(1 + log_var - mean**2 - np.exp(log_var), axis=1)
    rng = np.random.default_rng(seed)
    rec = np.zeros(len(x))
    for _ in range(samples):
        z = mean + np.exp(0.5 * log_var) * rng.standard_normal(mean.shape).astype("float32")
        rec += metrics.bce(x, model.decode(z))
    rec /= samples
    return {"neg_elbo": float((rec + kl).mean()), "elbo_reconstruction": float(rec.mean()), "kl": float(kl.mean())}


def denoising_metrics(model, x, seed: int = 0) -> dict:
    noisy = gaussian_noise(x, 0.5, seed=seed)
    dropped = dropout_mask(x, 0.5, seed=seed)
    return {
        "psnr_sigma_0.5": float(metrics.psnr(x, model.reconstruct(noisy)).mean()),
        "psnr_rate_0.5": float(metrics.psnr(x, model.reconstruct(dropped)).mean()),
    }


def other_digits_accuracy(classifier) -> dict:
    """A digit classifier on digits that are not MNIST's (``ae_core.other_digits``): other
    writers' (UCI) and printed ones in typefaces it never trained on (when the machine has them)."""
    from ae_core.other_digits import other_writers, printed_digits

    out = {}
    for key, digits in (("other_writers_accuracy", other_writers()), ("printed_accuracy", printed_digits())):
        if len(digits.y):
            out[key] = float(np.mean(np.argmax(classifier.predict_proba(digits.x), axis=1) == digits.y))
    return out


def model_metrics(spec, model, dataset, max_eval: int | None = None) -> dict:
    """The test metrics a manifest entry lists for ``model`` (registered as ``spec``)."""
    x_test, y_test = dataset.evaluation_split()
    if max_eval:
        x_test, y_test = x_test[:max_eval], y_test[:max_eval]
    if spec.kind == "classifier":
        out = {"accuracy": float(np.mean(np.argmax(model.predict_proba(x_test), axis=1) == y_test))}
        if spec.dataset == "mnist":
            out.update(other_digits_accuracy(model))
        return _round(out)
    if spec.kind == "pca":
        out = {}
        for k in PCA_KS:
            x_hat = model.truncated(k).reconstruct(x_test)
            out[f"squared_error_k{k}"] = float(metrics.squared_error(x_test, x_hat).mean())
            out[f"bce_k{k}"] = float(metrics.bce(x_test, np.clip(x_hat, 0.0, 1.0)).mean())  # clipped to [0, 1] first
        # k = 0: the mean training digit for every image, the "plateau" of ae_core.lab.compression
        from ae_core.lab.compression import mean_digit_error

        out["squared_error_k0"] = mean_digit_error(model.mean_, x_test)
        out.update({f"{key}_k2": v for key, v in embedding_metrics(model.truncated(2), dataset.x_train, dataset.y_train, x_test, y_test).items()})
        return _round(out)
    out = reconstruction_metrics(model, x_test)
    if spec.kind == "vae":
        out.update(vae_metrics(model, x_test))
    if "latent2d" in spec.tags:
        out.update(embedding_metrics(model, dataset.x_train, dataset.y_train, x_test, y_test))
    if "denoise" in spec.tags:
        out.update(denoising_metrics(model, x_test))
    return _round(out)
