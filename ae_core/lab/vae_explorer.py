"""VAE explorer: sample the prior, walk the latent space, the manifold, interpolation and
latent arithmetic. Models have ``encode`` (a VAE returns the mean), ``decode`` and ``sample``."""

from __future__ import annotations

import dataclasses

import numpy as np
from scipy import ndimage
from scipy.stats import norm

from ae_core.lab.common import seeded_subset

MAX_SAMPLES = 100  # images sampled from the prior at once
MAX_GRID = 30  # manifold side (30 x 30 = 900 decoded images)
MAX_STEPS = 30  # interpolation steps
SLIDER_LIMIT = 4.0  # latent sliders span +-4 prior standard deviations
DIRECTION_DIGITS = 3_000  # training digits the latent directions are estimated from
# The codes' own density (Ghosh et al. 2020, "From Variational to Deterministic Autoencoders"):
# a Gaussian mixture fitted to the posterior means of these many training digits.
MIXTURE_DIGITS = 10_000
MIXTURE_COMPONENTS = 20


def _images(x) -> np.ndarray:
    return np.asarray(x, dtype="float32").reshape(-1, 28, 28, 1)


def decode_images(model, z) -> np.ndarray:
    """Codes (N, d) to (N, 28, 28) images in [0, 1]."""
    z = np.asarray(z, dtype="float32").reshape(len(z), -1)
    return np.clip(model.decode(z), 0.0, 1.0).reshape(len(z), 28, 28)


def encode_one(model, image) -> np.ndarray:
    """The code (d,) of one (28, 28) image: a VAE's posterior mean."""
    return np.asarray(model.encode(_images(image)), dtype="float32")[0]


def sample_prior(model, n: int, seed: int, temperature: float) -> np.ndarray:
    """n images decoded from z ~ N(0, temperature^2 I); (n, 28, 28)."""
    n = int(np.clip(n, 0, MAX_SAMPLES))
    if n == 0:
        return np.zeros((0, 28, 28), "float32")
    z = float(temperature) * np.random.default_rng(seed).standard_normal((n, model.latent_dim)).astype("float32")
    return decode_images(model, z)


def code_mixture(model, dataset) -> dict:
    """A Gaussian mixture over the codes the encoder really uses: MIXTURE_COMPONENTS components
    (full covariances) fitted to the posterior means of a seeded subset of training digits, as
    arrays {"weights", "means", "chol"} (chol: each covariance's Cholesky factor)."""
    from sklearn.mixture import GaussianMixture

    chosen = seeded_subset(dataset.n_train, MIXTURE_DIGITS)
    codes = np.asarray(model.encode(_images(dataset.x_train[chosen])), "float64")
    mixture = GaussianMixture(MIXTURE_COMPONENTS, covariance_type="full", reg_covar=1e-4, random_state=0).fit(codes)
    return {"weights": mixture.weights_, "means": mixture.means_, "chol": np.linalg.cholesky(mixture.covariances_)}


def mixture_codes(mixture: dict, n: int, seed: int, temperature: float = 1.0) -> np.ndarray:
    """n codes from the mixture; ``temperature`` scales each component's spread around its mean."""
    rng = np.random.default_rng(seed)
    weights = np.asarray(mixture["weights"], "float64")
    component = rng.choice(len(weights), size=int(n), p=weights / weights.sum())
    noise = rng.standard_normal((int(n), mixture["means"].shape[1]))
    spread = np.einsum("nij,nj->ni", mixture["chol"][component], noise)
    return (mixture["means"][component] + float(temperature) * spread).astype("float32")


def sample_mixture(model, mixture: dict, n: int, seed: int, temperature: float) -> np.ndarray:
    """n images decoded from codes of :func:`code_mixture`; (n, 28, 28)."""
    n = int(np.clip(n, 0, MAX_SAMPLES))
    if n == 0:
        return np.zeros((0, 28, 28), "float32")
    return decode_images(model, mixture_codes(mixture, n, seed, temperature))


def prior_holes(mixture: dict, n: int = 2_000, seed: int = 0) -> float:
    """Share of N(0, I) codes that land where the codes are thin: below the mixture density that
    95 % of the mixture's own samples exceed. The "holes" between the prior and the codes in use."""
    from scipy.stats import multivariate_normal

    def log_density(z):
        parts = [np.log(w) + multivariate_normal(m, c @ c.T, allow_singular=True).logpdf(z)
                 for w, m, c in zip(mixture["weights"], mixture["means"], mixture["chol"])]
        return np.logaddexp.reduce(np.stack(parts), axis=0)

    rng = np.random.default_rng(seed)
    own = log_density(mixture_codes(mixture, n, seed + 1))
    prior = log_density(rng.standard_normal((n, mixture["means"].shape[1])))
    return float(np.mean(prior < np.quantile(own, 0.05)))


def manifold_codes(steps: int, extent: float = 2.0, spacing: str = "gaussian") -> np.ndarray:
    """(steps * steps, 2) codes on a grid, row by row from the top (z2 high) to the bottom.

    ``spacing="gaussian"``: Kingma & Welling's figure 4, evenly spaced probabilities pushed through
    the inverse normal CDF (from 5% to 95%: about +-1.64), so the grid covers the prior's mass evenly;
    ``"uniform"``: evenly spaced values from -extent to +extent.
    """
    steps = int(np.clip(steps, 1, MAX_GRID))
    if spacing == "gaussian":
        axis = norm.ppf(np.linspace(0.05, 0.95, steps)) if steps > 1 else np.zeros(1)
    else:
        axis = np.linspace(-extent, extent, steps) if steps > 1 else np.zeros(1)
    z1, z2 = np.meshgrid(axis, axis[::-1])
    return np.stack([z1.ravel(), z2.ravel()], axis=1).astype("float32")


def manifold(model, steps: int, extent: float = 2.0, spacing: str = "gaussian") -> np.ndarray:
    """The decoded grid over a 2-d latent: (steps * steps, 28, 28), row by row."""
    return decode_images(model, manifold_codes(steps, extent, spacing))


def tile(images, columns: int, scale: int = 1) -> np.ndarray:
    """(N, 28, 28) images in [0, 1] side by side without gaps, ``columns`` per row, as one uint8
    picture (vectorised: the manifold is redrawn on every change). Empty cells stay black."""
    x = (np.clip(np.nan_to_num(np.asarray(images, "float32").reshape(-1, 28, 28)), 0, 1) * 255 + 0.5).astype(np.uint8)
    rows = -(-len(x) // columns)
    cells = np.zeros((rows * columns, 28, 28), np.uint8)
    cells[: len(x)] = x
    picture = cells.reshape(rows, columns, 28, 28).transpose(0, 2, 1, 3).reshape(rows * 28, columns * 28)
    return np.repeat(np.repeat(picture, scale, axis=0), scale, axis=1) if scale > 1 else picture


def lerp(a, b, t) -> np.ndarray:
    """Straight line from a (t = 0) to b (t = 1); ``t`` a scalar or (T,) array -> (T, d)."""
    a, b, t = np.asarray(a, "float64"), np.asarray(b, "float64"), np.atleast_1d(np.asarray(t, "float64"))
    return (1 - t)[:, None] * a + t[:, None] * b


def slerp(a, b, t, eps: float = 1e-6) -> np.ndarray:
    """Spherical interpolation (Shoemake 1985; White 2016 for generative models): the great-circle
    arc from a to b; between unit vectors every point is a unit vector. Falls back to ``lerp`` when a
    or b is zero or they are (anti)parallel. Returns (T, d)."""
    a, b, t = np.asarray(a, "float64"), np.asarray(b, "float64"), np.atleast_1d(np.asarray(t, "float64"))
    norm_a, norm_b = np.linalg.norm(a), np.linalg.norm(b)
    if norm_a < eps or norm_b < eps:
        return lerp(a, b, t)
    cos = np.clip(np.dot(a / norm_a, b / norm_b), -1.0, 1.0)
    omega = np.arccos(cos)
    sin = np.sin(omega)
    if sin < eps:
        return lerp(a, b, t)
    return (np.sin((1 - t) * omega) / sin)[:, None] * a + (np.sin(t * omega) / sin)[:, None] * b


def interpolate_codes(a, b, steps: int, method: str = "linear") -> np.ndarray:
    """``steps`` codes from a to b (both included), linear or spherical ("slerp"); (steps, d)."""
    steps = int(np.clip(steps, 2, MAX_STEPS))
    t = np.linspace(0.0, 1.0, steps)
    return (slerp if method == "slerp" else lerp)(a, b, t).astype("float32")


@dataclasses.dataclass(frozen=True)
class Interpolation:
    latent: np.ndarray  # (steps, 28, 28) through the chosen model's code
    pixels: np.ndarray  # (steps, 28, 28) blended pixel by pixel
    codes: np.ndarray  # (steps, d)


def interpolate(model, image_a, image_b, steps: int, method: str = "linear") -> Interpolation:
    """Encode both digits, walk between their codes, decode each step; and the pixel blend."""
    a, b = encode_one(model, image_a), encode_one(model, image_b)
    codes = interpolate_codes(a, b, steps, method)
    t = np.linspace(0.0, 1.0, len(codes))[:, None, None]
    pa, pb = np.asarray(image_a, "float32").reshape(28, 28), np.asarray(image_b, "float32").reshape(28, 28)
    return Interpolation(decode_images(model, codes), ((1 - t) * pa + t * pb).astype("float32"), codes)


# --- latent arithmetic ---------------------------------------------------------------------------


def slant(images) -> np.ndarray:
    """Slant of each (N, 28, 28[, 1]) digit from its image moments: mu11 / mu02, the horizontal shift
    per row (the deskewing measure of LeCun's MNIST page); positive leans right (/)."""
    x = np.asarray(images, dtype="float64").reshape(-1, 28, 28)
    rows, cols = np.mgrid[0:28, 0:28]
    mass = x.sum(axis=(1, 2)) + 1e-9
    r = (x * rows).sum(axis=(1, 2)) / mass
    c = (x * cols).sum(axis=(1, 2)) / mass
    dr, dc = rows[None] - r[:, None, None], cols[None] - c[:, None, None]
    mu11 = (x * dr * dc).sum(axis=(1, 2)) / mass
    mu02 = (x * dr * dr).sum(axis=(1, 2)) / mass
    return -mu11 / (mu02 + 1e-9)  # rows grow downwards: a right lean has negative covariance


def ink(images) -> np.ndarray:
    """Total ink of each digit (sum of pixel values): thicker strokes, more ink."""
    return np.asarray(images, dtype="float64").reshape(len(images), -1).sum(axis=1)


def thicken(images, size: int = 2) -> np.ndarray:
    """Each stroke made about one pixel thicker (grey dilation)."""
    x = np.asarray(images, dtype="float32").reshape(-1, 28, 28)
    return np.stack([ndimage.grey_dilation(im, size=(size, size)) for im in x])


def regression_direction(codes, measure) -> np.ndarray:
    """The change of the code per standard deviation of ``measure`` (least squares, each code unit
    regressed on the measure): adding it moves a code the way one std of the measure does."""
    codes, measure = np.asarray(codes, "float64"), np.asarray(measure, "float64")
    centred = measure - measure.mean()
    variance = np.mean(centred**2)
    if variance <= 0:
        return np.zeros(codes.shape[1], "float32")
    slope = (codes - codes.mean(axis=0)).T @ centred / len(measure) / variance
    return (slope * np.sqrt(variance)).astype("float32")


@dataclasses.dataclass(frozen=True)
class Directions:
    class_means: np.ndarray  # (classes, d): the mean code of each class
    thickness: np.ndarray  # (d,): mean code of thickened digits minus mean code of the originals
    slant: np.ndarray  # (d,): code change per standard deviation of slant
    n_digits: int


def latent_directions(model, x, y, classes: int = 10) -> Directions:
    """Class means and the thickness and slant directions of a model's code, from digits x (N, 28, 28, 1)."""
    x = _images(x)
    codes = np.asarray(model.encode(x), "float64")
    labels = np.asarray(y)
    means = np.stack([
        codes[labels == c].mean(axis=0) if np.any(labels == c) else np.zeros(codes.shape[1]) for c in range(classes)
    ])
    thick_codes = np.asarray(model.encode(_images(thicken(x))), "float64")
    return Directions(
        class_means=means.astype("float32"),
        thickness=(thick_codes.mean(axis=0) - codes.mean(axis=0)).astype("float32"),
        slant=regression_direction(codes, slant(x)),
        n_digits=len(x),
    )


def apply_direction(model, code, direction, strengths) -> np.ndarray:
    """Decode ``code + s * direction`` for each strength s: (len(strengths), 28, 28)."""
    strengths = np.atleast_1d(np.asarray(strengths, "float32"))
    codes = np.asarray(code, "float32")[None] + strengths[:, None] * np.asarray(direction, "float32")[None]
    return decode_images(model, codes)


def dataset_directions(model, dataset) -> dict:
    """:func:`latent_directions` from a seeded subset of DIRECTION_DIGITS training digits, as
    arrays ({"class_means", "thickness", "slant", "n_digits"}): kept on disk by the app."""
    chosen = seeded_subset(dataset.n_train, DIRECTION_DIGITS)
    found = latent_directions(model, dataset.x_train[chosen], dataset.y_train[chosen])
    return {"class_means": found.class_means, "thickness": found.thickness, "slant": found.slant,
            "n_digits": np.asarray(found.n_digits)}


def directions_of(arrays: dict) -> Directions:
    return Directions(arrays["class_means"], arrays["thickness"], arrays["slant"], int(arrays["n_digits"]))
