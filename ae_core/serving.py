"""Inference without Keras: trained models exported to a small program of numpy operations.

Why: Streamlit clears the Keras session and runs a full garbage collection after every rerun
whenever ``keras`` is imported (see README, "Design"), which costs most of a stroke's
round trip and resets Keras' global state under any other thread. The app process therefore
never imports Keras: it runs these programs, which are exported from the ``.keras`` files by
:func:`export_model` (public Keras APIs only) and checked against Keras for every registered
model in the tests.

One image through any model here takes well under a millisecond to a few milliseconds.
"""

from __future__ import annotations

import io
import json

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

PROGRAM_KEY = "__program__"
FORMAT_VERSION = 1
CHUNK = 64  # images per step: bounds the memory of convolutions over large batches


class ExportError(TypeError):
    """A layer or setting the numpy runtime does not implement."""


# --- the operations ---------------------------------------------------------------------------

ACTIVATIONS = {
    "linear": lambda v: v,
    "relu": lambda v: np.maximum(v, 0.0),
    "sigmoid": lambda v: 0.5 * (1.0 + np.tanh(0.5 * v)),  # overflow-free logistic
    "tanh": np.tanh,
    "softmax": lambda v: _softmax(v),
}


def _softmax(v):
    e = np.exp(v - v.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _same_padding(size, kernel, stride):
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


def _conv2d(x, kernel, bias, strides, padding):
    kh, kw = kernel.shape[:2]
    sh, sw = strides
    if padding == "same":
        x = np.pad(x, ((0, 0), _same_padding(x.shape[1], kh, sh), _same_padding(x.shape[2], kw, sw), (0, 0)))
    windows = sliding_window_view(x, (kh, kw), axis=(1, 2))[:, ::sh, ::sw]  # (n, oh, ow, c, kh, kw)
    return np.tensordot(windows, kernel, axes=([4, 5, 3], [0, 1, 2])) + bias


def _lstm(x, kernel, recurrent, bias, units, return_sequences, activation, recurrent_activation):
    act, rec_act = ACTIVATIONS[activation], ACTIVATIONS[recurrent_activation]
    n, steps, _ = x.shape
    h = np.zeros((n, units), x.dtype)
    c = np.zeros((n, units), x.dtype)
    projected = x @ kernel + bias  # all input projections at once
    outputs = []
    for t in range(steps):
        gates = projected[:, t] + h @ recurrent
        i, f, g, o = np.split(gates, 4, axis=-1)  # Keras' gate order
        c = rec_act(f) * c + rec_act(i) * act(g)
        h = rec_act(o) * act(c)
        outputs.append(h)
    return np.stack(outputs, axis=1) if return_sequences else h


def _run_op(op, x, arrays):
    kind = op["op"]
    if kind == "dense":
        return ACTIVATIONS[op["activation"]](x @ arrays[op["kernel"]] + arrays[op["bias"]])
    if kind == "conv2d":
        y = _conv2d(x, arrays[op["kernel"]], arrays[op["bias"]], op["strides"], op["padding"])
        return ACTIVATIONS[op["activation"]](y)
    if kind == "flatten":
        return x.reshape(len(x), -1)
    if kind == "reshape":
        return x.reshape((len(x), *op["shape"]))
    if kind == "upsample":
        sy, sx = op["size"]
        return np.repeat(np.repeat(x, sy, axis=1), sx, axis=2)
    if kind == "maxpool":
        py, px = op["pool"]
        n, h, w, c = x.shape
        x = x[:, : h - h % py, : w - w % px]
        return x.reshape(n, h // py, py, w // px, px, c).max(axis=(2, 4))
    if kind == "repeat":
        return np.repeat(x[:, None, :], op["n"], axis=1)
    if kind == "lstm":
        return _lstm(
            x, arrays[op["kernel"]], arrays[op["recurrent"]], arrays[op["bias"]], op["units"],
            op["return_sequences"], op["activation"], op["recurrent_activation"],
        )
    if kind == "activation":
        return ACTIVATIONS[op["activation"]](x)
    if kind == "gaussian_mean":  # a VAE's sampler at inference: z = mean
        return x[:, : x.shape[-1] // 2]
    if kind == "identity":
        return x
    raise ExportError(f"unknown operation {kind!r}")


def run_ops(ops, x, arrays, chunk=CHUNK):
    """Run a list of operations over ``x`` in chunks; float32 in and out."""
    x = np.asarray(x, dtype="float32")
    if len(x) == 0:  # run one blank item for the output's shape (x[:1] would still be empty)
        return _run_chain(ops, np.zeros((1, *x.shape[1:]), x.dtype), arrays)[:0]
    if len(x) <= chunk:
        return _run_chain(ops, x, arrays)
    return np.concatenate([_run_chain(ops, x[i : i + chunk], arrays) for i in range(0, len(x), chunk)])


def _run_chain(ops, x, arrays):
    for op in ops:
        x = _run_op(op, x, arrays)
    return x.astype("float32", copy=False)


# --- the served model -------------------------------------------------------------------------


class ServingModel:
    """A trained model as numpy operations, with the autoencoders' shared interface.

    ``encode``/``decode``/``reconstruct`` take and return numpy arrays, like the Keras classes;
    VAEs add ``encode_distribution`` and ``sample``; the classifier has ``predict_proba``.
    Arrays are read-only: one instance is shared by every session of the app.
    """

    def __init__(self, program: dict, arrays: dict):
        self.program = program
        self.arrays = {}
        for key, value in arrays.items():
            value = np.array(value, dtype="float32")
            value.flags.writeable = False
            self.arrays[key] = value
        self.name = program.get("name", "")
        self.kind = program["kind"]
        self.model_class = program.get("class", "")
        self.latent_dim = program.get("latent_dim")
        self.file_digest = None  # the .keras file's sha256 when loaded from the zoo (ae_core.zoo)
        self.sessions = {}  # part -> onnxruntime session, where attach_onnx gave one

    def attach_onnx(self, graphs: dict) -> None:
        """Run these parts ({part: ONNX file}, as ``zoo prepare`` wrote them from this program)
        with onnxruntime, one thread: ~3x faster than the numpy program on one digit and on
        batches (tests/benchmarks/results/live.md). The program stays the reference the graphs
        are built from and tested against, and runs what has no graph (a VAE's log-variance)."""
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1  # one app process per core
        options.log_severity_level = 3
        self.sessions = {part: onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
                         for part, path in graphs.items()}

    def _run(self, part: str, x) -> np.ndarray:
        session = self.sessions.get(part)
        x = np.asarray(x, dtype="float32")
        if session is None or len(x) == 0:
            return run_ops(self._ops(part), x, self.arrays)
        step = 256  # bounds a convolution's memory over thousands of digits
        return np.concatenate([session.run(None, {"x": x[i : i + step]})[0] for i in range(0, len(x), step)])

    @property
    def memo_key(self) -> str:
        """What computations with this model depend on (ae_core.memo): its file, else its weights."""
        if self.file_digest is None:
            from ae_core.memo import arrays_digest

            self.file_digest = arrays_digest(self.arrays)
        return f"{self.name}:{self.file_digest[:16]}"

    def _ops(self, part):
        if part not in self.program:
            raise AttributeError(f"{self.name or 'this model'} ({self.kind}) has no {part}")
        return self.program[part]

    def encode(self, x) -> np.ndarray:
        return self._run("encoder", x)

    def decode(self, z) -> np.ndarray:
        return self._run("decoder", z)

    def reconstruct(self, x) -> np.ndarray:
        return self.decode(self.encode(x))

    def encode_distribution(self, x):
        """(mean, log_var) of q(z|x) for a VAE."""
        ops = self._ops("encoder")
        if self.kind != "vae" or ops[-1]["op"] != "gaussian_mean":
            raise AttributeError(f"{self.name} is not a VAE")
        stats = run_ops(ops[:-1], x, self.arrays)
        return stats[:, : self.latent_dim], stats[:, self.latent_dim :]

    def sample(self, n, seed=0, temperature=1.0) -> np.ndarray:
        """n images decoded from z ~ N(0, temperature^2 I) (VAEs)."""
        if self.kind != "vae":
            raise AttributeError(f"{self.name} is not a VAE")
        z = np.random.default_rng(seed).standard_normal((int(n), self.latent_dim)).astype("float32")
        return self.decode(float(temperature) * z)

    def predict_proba(self, x) -> np.ndarray:
        return self._run("network", x)

    def layer_arrays(self, part: str, op_name: str) -> dict:
        """The arrays of the first ``op_name`` operation of ``part`` (e.g. a dense kernel)."""
        for op in self._ops(part):
            if op["op"] == op_name:
                return {k: self.arrays[v] for k, v in op.items() if isinstance(v, str) and v in self.arrays}
        raise KeyError(f"{self.name}: no {op_name} in {part}")

    def count_params(self) -> int:
        return int(sum(a.size for a in self.arrays.values()))

    # --- files ---
    def save(self, path) -> None:
        blob = json.dumps(self.program).encode()
        np.savez(path, **{PROGRAM_KEY: np.frombuffer(blob, dtype=np.uint8)}, **self.arrays)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.save(buffer)
        return buffer.getvalue()

    @classmethod
    def load(cls, path_or_file) -> "ServingModel":
        with np.load(path_or_file, allow_pickle=False) as f:
            program = json.loads(bytes(f[PROGRAM_KEY]).decode())
            if program.get("format") != FORMAT_VERSION:
                raise ExportError(f"serving format {program.get('format')} is not {FORMAT_VERSION}")
            arrays = {k: f[k] for k in f.files if k != PROGRAM_KEY}
        return cls(program, arrays)


# --- export from Keras (imports Keras; never called in the app process) -----------------------


def export_model(model, name: str = "") -> ServingModel:
    """Translate a trained ae_core Keras model into a :class:`ServingModel`."""
    arrays: dict = {}
    program = {"format": FORMAT_VERSION, "name": name, "class": type(model).__name__}
    if hasattr(model, "network"):
        program["kind"] = "classifier"
        program["network"] = _export_layers(model.network.layers, arrays, "network")
    else:
        program["kind"] = "vae" if type(model).__name__ == "VAE" else "autoencoder"
        program["latent_dim"] = int(model.latent_dim)
        program["encoder"] = _export_layers(model.encoder.layers, arrays, "encoder")
        program["decoder"] = _export_layers(model.decoder.layers, arrays, "decoder")
    return ServingModel(program, arrays)


def _np(variable):
    from keras import ops

    return ops.convert_to_numpy(variable)


def _export_layers(layers, arrays, prefix):
    ops = []
    for index, layer in enumerate(layers):
        ops.append(_export_layer(layer, arrays, f"{prefix}/{index}"))
    return ops


def _activation_name(layer):
    fn = getattr(layer, "activation", None)
    name = getattr(fn, "__name__", "linear") if fn is not None else "linear"
    if name not in ACTIVATIONS:
        raise ExportError(f"{layer.name}: activation {name!r} is not supported")
    return name


def _store(arrays, key, value):
    arrays[key] = np.asarray(value, dtype="float32")
    return key


def _export_layer(layer, arrays, key):
    cls = type(layer).__name__
    if cls == "Dense":
        kernel, bias = (_np(layer.kernel), _np(layer.bias) if layer.use_bias else np.zeros(layer.units))
        return {
            "op": "dense", "activation": _activation_name(layer),
            "kernel": _store(arrays, f"{key}/kernel", kernel), "bias": _store(arrays, f"{key}/bias", bias),
        }
    if cls == "DenseTranspose":
        return {
            "op": "dense", "activation": _activation_name(layer),
            "kernel": _store(arrays, f"{key}/kernel", _np(layer.tied_to.kernel).T),
            "bias": _store(arrays, f"{key}/bias", _np(layer.bias)),
        }
    if cls == "Conv2D":
        if tuple(layer.dilation_rate) != (1, 1) or layer.groups != 1 or layer.data_format != "channels_last":
            raise ExportError(f"{layer.name}: only plain channels-last convolutions are supported")
        bias = _np(layer.bias) if layer.use_bias else np.zeros(layer.filters)
        return {
            "op": "conv2d", "activation": _activation_name(layer), "strides": list(layer.strides),
            "padding": layer.padding, "kernel": _store(arrays, f"{key}/kernel", _np(layer.kernel)),
            "bias": _store(arrays, f"{key}/bias", bias),
        }
    if cls == "Flatten":
        return {"op": "flatten"}
    if cls == "Reshape":
        return {"op": "reshape", "shape": list(layer.target_shape)}
    if cls == "UpSampling2D":
        if layer.interpolation != "nearest":
            raise ExportError(f"{layer.name}: only nearest upsampling is supported")
        return {"op": "upsample", "size": list(layer.size)}
    if cls == "MaxPooling2D":
        if tuple(layer.strides) != tuple(layer.pool_size) or layer.padding != "valid":
            raise ExportError(f"{layer.name}: only non-overlapping valid pooling is supported")
        return {"op": "maxpool", "pool": list(layer.pool_size)}
    if cls == "RepeatVector":
        return {"op": "repeat", "n": int(layer.n)}
    if cls == "LSTM":
        cell = layer.cell
        if layer.go_backwards or layer.stateful or not cell.use_bias:
            raise ExportError(f"{layer.name}: only forward, stateless LSTMs with bias are supported")
        return {
            "op": "lstm", "units": int(cell.units), "return_sequences": bool(layer.return_sequences),
            "activation": cell.activation.__name__, "recurrent_activation": cell.recurrent_activation.__name__,
            "kernel": _store(arrays, f"{key}/kernel", _np(cell.kernel)),
            "recurrent": _store(arrays, f"{key}/recurrent", _np(cell.recurrent_kernel)),
            "bias": _store(arrays, f"{key}/bias", _np(cell.bias)),
        }
    if cls == "Activation":
        return {"op": "activation", "activation": _activation_name(layer)}
    if cls == "Sampling":
        return {"op": "gaussian_mean"}
    if cls in ("Dropout", "GaussianNoise", "RandomCorruption", "ActivityRegularization", "KLSparsity"):
        return {"op": "identity", "was": cls}  # active only while training
    raise ExportError(f"layer {layer.name!r} of type {cls} has no numpy implementation")
