"""The one vocabulary of models: pages, training, the manifest and tests all read it.

Presets are plain data: each ``ae_core/models/<family>_presets.py`` registers its presets with
:func:`register_model` and imports no Keras (keras-hub keeps its presets the same way). A spec
names its model class by a dotted path, imported only when a model is built, so
:func:`list_models`, :func:`get_spec` and every field of a spec work in a process without Keras:
the app's, whose pages read titles, tags and sizes from here.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import sys

_REGISTRY: dict[str, "ModelSpec"] = {}
_ORIGIN: dict[str, str] = {}  # name -> the module that registered it (see _load_all)
_LOADED = False
PRESETS_SUFFIX = "_presets"


def N_(message: str) -> str:
    """Marks a preset's English title or description for the translation catalogs (the app
    translates it when it shows it; ``pybabel extract -k N_`` finds it). Returns it unchanged."""
    return message


@dataclasses.dataclass(frozen=True)
class TrainRecipe:
    """How :mod:`ae_core.train_zoo` fits a preset. Plain data, stored in the manifest."""

    epochs: int = 20
    batch_size: int = 128
    learning_rate: float = 1e-3
    augment: bool = True  # hand-drawn robustness: thickness, slant, shift
    augmented_copies: int = 1  # extra drawing-like copies of the training set
    distorted_copies: int = 0  # extra elastically distorted copies, below 60,000 real images (train.DISTORT_BELOW)
    fresh_copies_every: int = 0  # epochs between new draws of the copies (0: drawn once); memory stays the same
    max_train: int | None = None  # cap the training images (keeps the zoo fast)
    coarse_copies: int = 0  # extra copies as a coarse 8x8 scan keeps them (ae_core.other_digits.coarse_scan)
    printed_digits: int = 0  # classifiers: this many digits typeset in the training fonts, with their labels
    pen_digits: int = 0  # classifiers: this many digits in the shapes of ae_core.pen_digits, with their labels
    pen_coarse: bool = False  # classifiers: the pen digits also as a coarse scan keeps them
    output_bias_init: float | None = None  # start of the output layer's bias (None: the layer's own, zeros)


@dataclasses.dataclass(frozen=True)
class ModelSpec:
    """A registered preset: plain facts about a model, and the class that builds it by path.

    ``pretrained``: the zoo ships trained weights for it (``pretrained/``); the presets that
    students train live on the "Train your own" page are not. ``title`` and ``description`` are
    English, the message ids of the app's translation catalogs; ``text_values`` fill their
    ``{placeholders}``.
    """

    name: str
    model_class: str  # dotted path, e.g. "ae_core.models.dense_ae.DenseAE"
    config: dict
    dataset: str  # "mnist" or "fashion_mnist"
    kind: str  # "autoencoder", "vae", "pca" or "classifier"
    tags: frozenset
    title: str
    description: str
    recipe: TrainRecipe
    pretrained: bool = True
    text_values: dict = dataclasses.field(default_factory=dict)

    @property
    def class_name(self) -> str:
        return self.model_class.rsplit(".", 1)[1]

    @property
    def latent_dim(self) -> int | None:
        """Size of the code, when the preset fixes one (PCA keeps every component)."""
        value = self.config.get("latent_dim")
        return None if value is None else int(value)

    def load_class(self) -> type:
        """The model class itself (imports its module, and Keras with it for the Keras models)."""
        module, _, attribute = self.model_class.rpartition(".")
        return getattr(importlib.import_module(module), attribute)

    def build(self, **overrides):
        return build_model(self.name, **overrides)


def register_model(
    name: str,
    *,
    model_class: str,
    config: dict,
    dataset: str = "mnist",
    kind: str = "autoencoder",
    tags: tuple = (),
    title: str,
    description: str,
    recipe: TrainRecipe = TrainRecipe(),
    pretrained: bool = True,
    text_values: dict | None = None,
) -> ModelSpec:
    """Register a preset of the class at ``model_class`` (a dotted path) built from ``config``."""
    if name in _REGISTRY:
        raise ValueError(f"model {name!r} is registered twice")
    if not isinstance(model_class, str) or model_class.count(".") < 1:
        raise TypeError(f"{name}: model_class must be a dotted path such as 'ae_core.models.vae.VAE'")
    if not (isinstance(title, str) and title.strip() and isinstance(description, str) and description.strip()):
        raise ValueError(f"{name}: title and description must be non-empty English text")
    spec = ModelSpec(
        name=name,
        model_class=model_class,
        config=dict(config),
        dataset=dataset,
        kind=kind,
        tags=frozenset(tags),
        title=title,
        description=description,
        recipe=recipe,
        pretrained=pretrained,
        text_values=dict(text_values or {}),
    )
    _REGISTRY[name] = spec
    _ORIGIN[name] = sys._getframe(1).f_globals.get("__name__", "")
    return spec


def check_keys(model_class: type, keys, name: str) -> None:
    """Unknown hyperparameters are errors naming the accepted ones (no ``**kwargs`` swallowing typos)."""
    params = inspect.signature(model_class.__init__).parameters
    allowed = {p for p, v in params.items() if p != "self" and v.kind != v.VAR_KEYWORD}
    unknown = set(keys) - allowed
    if unknown:
        raise TypeError(
            f"{name}: unknown hyperparameter(s) {sorted(unknown)} for {model_class.__name__}; "
            f"accepted: {sorted(allowed)}"
        )


def _load_all() -> None:
    global _LOADED
    if _LOADED:
        return
    import ae_core.models as models_pkg

    modules = [f"ae_core.models.{info.name}" for info in pkgutil.iter_modules(models_pkg.__path__)
               if info.name.endswith(PRESETS_SUFFIX)]
    for module in modules:
        importlib.import_module(module)
    # Registration order is the preset files' order, whichever was imported first (ae_core.lab.compression
    # imports dense_ae_presets for its grid, ae_core.lab.train_your_own the students'): a page's default
    # choice must not depend on the page a server happened to run first.
    rank = {module: index for index, module in enumerate(modules)}
    ordered = sorted(_REGISTRY.items(), key=lambda item: rank.get(_ORIGIN.get(item[0]), len(rank)))
    _REGISTRY.clear()
    _REGISTRY.update(ordered)
    _LOADED = True


def list_models(*, dataset: str | None = None, kind: str | None = None, tag: str | None = None,
                pretrained: bool | None = True):
    """Names of registered presets, in registration order, optionally filtered.

    By default the zoo's presets (``pretrained=True``); ``pretrained=None`` lists every preset.
    """
    _load_all()
    return [
        s.name
        for s in _REGISTRY.values()
        if (dataset is None or s.dataset == dataset)
        and (kind is None or s.kind == kind)
        and (tag is None or tag in s.tags)
        and (pretrained is None or s.pretrained == pretrained)
    ]


def get_spec(name: str) -> ModelSpec:
    _load_all()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(f"unknown model {name!r}; registered: {', '.join(_REGISTRY)}") from None


def import_model_classes() -> None:
    """Import every preset's class, which registers the Keras ones for ``keras.saving.load_model``.
    Imports Keras: for the trainer, the worker and a student's own script, never the app."""
    _load_all()
    for spec in _REGISTRY.values():
        spec.load_class()


def build_model(name: str, **overrides):
    """Build a fresh, untrained model of preset ``name``; unknown names and keys are errors."""
    spec = get_spec(name)
    model_class = spec.load_class()
    check_keys(model_class, spec.config, name)
    check_keys(model_class, overrides, name)
    return model_class(**{**spec.config, **overrides})
