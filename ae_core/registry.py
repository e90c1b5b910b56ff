"""The one vocabulary of models: pages, training, the manifest and tests all read it.

Each model file registers its presets with :func:`register_model`. This module imports no
Keras; :func:`list_models` imports the model files on first use.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
from typing import Callable

_REGISTRY: dict[str, "ModelSpec"] = {}
_LOADED = False


@dataclasses.dataclass(frozen=True)
class TrainRecipe:
    """How :mod:`ae_core.train` fits a preset. Plain data, stored in the manifest."""

    epochs: int = 20
    batch_size: int = 128
    learning_rate: float = 1e-3
    augment: bool = True  # hand-drawn robustness: thickness, slant, shift
    augmented_copies: int = 1  # extra drawing-like copies of the training set
    distorted_copies: int = 0  # extra elastically distorted copies, below 60,000 real images (train.DISTORT_BELOW)
    fresh_copies_every: int = 0  # epochs between new draws of the copies (0: drawn once); memory stays the same
    max_train: int | None = None  # cap the training images (keeps the zoo fast)


@dataclasses.dataclass(frozen=True)
class ModelSpec:
    """A registered preset: a builder plus the facts the app and the trainer need."""

    name: str
    builder: Callable
    model_class: type
    config: dict
    dataset: str  # "mnist" or "fashion_mnist"
    kind: str  # "autoencoder", "vae", "pca" or "classifier"
    tags: frozenset
    title: dict  # {"en": ..., "es": ...}
    description: dict
    recipe: TrainRecipe

    def build(self, **overrides):
        return build_model(self.name, **overrides)


def register_model(
    name: str,
    *,
    model_class: type,
    config: dict,
    dataset: str = "mnist",
    kind: str = "autoencoder",
    tags: tuple = (),
    title: dict,
    description: dict,
    recipe: TrainRecipe = TrainRecipe(),
) -> ModelSpec:
    """Register a preset of ``model_class`` built from ``config``."""
    if name in _REGISTRY:
        raise ValueError(f"model {name!r} is registered twice")
    if set(title) != {"en", "es"} or set(description) != {"en", "es"}:
        raise ValueError(f"{name}: title and description need 'en' and 'es'")
    _check_keys(model_class, config, name)

    def builder(**overrides):
        return model_class(**{**config, **overrides})

    spec = ModelSpec(
        name=name,
        builder=builder,
        model_class=model_class,
        config=dict(config),
        dataset=dataset,
        kind=kind,
        tags=frozenset(tags),
        title=dict(title),
        description=dict(description),
        recipe=recipe,
    )
    _REGISTRY[name] = spec
    return spec


def _check_keys(model_class: type, keys, name: str) -> None:
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

    for info in pkgutil.iter_modules(models_pkg.__path__):
        importlib.import_module(f"ae_core.models.{info.name}")
    _LOADED = True


def list_models(*, dataset: str | None = None, kind: str | None = None, tag: str | None = None):
    """Names of registered presets, in registration order, optionally filtered."""
    _load_all()
    return [
        s.name
        for s in _REGISTRY.values()
        if (dataset is None or s.dataset == dataset)
        and (kind is None or s.kind == kind)
        and (tag is None or tag in s.tags)
    ]


def get_spec(name: str) -> ModelSpec:
    _load_all()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(f"unknown model {name!r}; registered: {', '.join(_REGISTRY)}") from None


def build_model(name: str, **overrides):
    """Build a fresh, untrained model of preset ``name``; unknown names and keys are errors."""
    spec = get_spec(name)
    _check_keys(spec.model_class, overrides, name)
    return spec.builder(**overrides)
