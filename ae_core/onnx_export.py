"""The served models as ONNX graphs, built from their numpy serving programs (:mod:`ae_core.serving`).

Why from the serving program and not from Keras: the program is what the app already runs and
tests against Keras, it lists a dozen operations, and translating it needs only the ``onnx``
package (no TensorFlow, no converter tracing a graph). Each part of a model (``encoder``,
``decoder``, ``network``) becomes one graph: float32 input with a free batch size, named
``x``; output ``y``. Images stay in the programs' NHWC layout; convolutions and pooling, which
ONNX defines on NCHW, are wrapped in transposes.
"""

from __future__ import annotations

import numpy as np

from ae_core.serving import ExportError, ServingModel

OPSET = 17  # Conv, LSTM, Resize and Softmax(axis=-1) as onnxruntime and onnxruntime-web run them
PARTS = {"autoencoder": ("encoder", "decoder"), "vae": ("encoder", "decoder"), "classifier": ("network",),
         "pca": ("encoder", "decoder")}
ACTIVATION_OPS = {"relu": "Relu", "sigmoid": "Sigmoid", "tanh": "Tanh"}
LSTM_ACTIVATIONS = {"sigmoid": "Sigmoid", "tanh": "Tanh", "relu": "Relu"}


class _Graph:
    """Nodes and weights of one graph under construction, each value given a fresh name."""

    def __init__(self, arrays: dict):
        self.arrays, self.nodes, self.initializers, self.count = arrays, [], {}, 0

    def name(self, hint: str) -> str:
        self.count += 1
        return f"{hint}_{self.count}"

    def constant(self, value, hint: str = "c") -> str:
        from onnx import numpy_helper

        name = self.name(hint)
        self.initializers[name] = numpy_helper.from_array(np.asarray(value), name)
        return name

    def weight(self, key: str, transform=None) -> str:
        value = self.arrays[key] if transform is None else transform(self.arrays[key])
        return self.constant(np.ascontiguousarray(value, dtype="float32"), key.replace("/", "_"))

    def node(self, op: str, inputs, **attributes) -> str:
        from onnx import helper

        output = self.name(op.lower())
        self.nodes.append(helper.make_node(op, list(inputs), [output], **attributes))
        return output

    def activation(self, x: str, name: str) -> str:
        if name == "linear":
            return x
        if name == "softmax":
            return self.node("Softmax", [x], axis=-1)
        if name not in ACTIVATION_OPS:
            raise ExportError(f"activation {name!r} has no ONNX counterpart here")
        return self.node(ACTIVATION_OPS[name], [x])


def _nchw(graph, x):
    return graph.node("Transpose", [x], perm=[0, 3, 1, 2])


def _nhwc(graph, x):
    return graph.node("Transpose", [x], perm=[0, 2, 3, 1])


def _lstm(graph, x, op):
    """Keras' LSTM (gates i, f, c, o; one bias) as ONNX's (gates i, o, f, c; input and recurrent
    biases), batch first in and out as in the program."""
    units = op["units"]

    def onnx_gates(matrix):  # (in, 4u) Keras -> (1, 4u, in) ONNX
        i, f, c, o = np.split(np.asarray(matrix), 4, axis=-1)
        return np.concatenate([i, o, f, c], axis=-1).T[None]

    kernel = graph.weight(op["kernel"], onnx_gates)
    recurrent = graph.weight(op["recurrent"], onnx_gates)
    bias = graph.weight(op["bias"], lambda b: np.concatenate([onnx_gates(b[None])[0, :, 0], np.zeros(4 * units)])[None])
    gate, cell = LSTM_ACTIVATIONS[op["recurrent_activation"]], LSTM_ACTIVATIONS[op["activation"]]
    sequence_first = graph.node("Transpose", [x], perm=[1, 0, 2])
    from onnx import helper

    outputs = [graph.name("lstm_y"), graph.name("lstm_h")]
    graph.nodes.append(helper.make_node("LSTM", [sequence_first, kernel, recurrent, bias], outputs, hidden_size=units,
                                        activations=[gate, cell, cell]))
    if op["return_sequences"]:  # Y: (steps, 1, n, units) -> (n, steps, units)
        y = graph.node("Squeeze", [outputs[0], graph.constant(np.array([1], "int64"))])
        return graph.node("Transpose", [y], perm=[1, 0, 2])
    return graph.node("Squeeze", [outputs[1], graph.constant(np.array([0], "int64"))])  # Y_h: (1, n, units)


def _op(graph: _Graph, x: str, op: dict, latent_dim) -> str:
    kind = op["op"]
    if kind == "dense":
        y = graph.node("MatMul", [x, graph.weight(op["kernel"])])
        return graph.activation(graph.node("Add", [y, graph.weight(op["bias"])]), op["activation"])
    if kind == "conv2d":
        kernel = graph.weight(op["kernel"], lambda k: np.transpose(k, (3, 2, 0, 1)))  # (kh, kw, in, out) -> OIHW
        kh, kw = graph.arrays[op["kernel"]].shape[:2]
        pad = "SAME_UPPER" if op["padding"] == "same" else "VALID"  # the program pads the extra pixel at the end
        y = graph.node("Conv", [_nchw(graph, x), kernel, graph.weight(op["bias"])], kernel_shape=[kh, kw],
                       strides=list(op["strides"]), auto_pad=pad)
        return graph.activation(_nhwc(graph, y), op["activation"])
    if kind == "flatten":
        return graph.node("Flatten", [x], axis=1)
    if kind == "reshape":
        return graph.node("Reshape", [x, graph.constant(np.array([-1, *op["shape"]], "int64"))])
    if kind == "upsample":
        sy, sx = op["size"]
        scales = graph.constant(np.array([1, sy, sx, 1], "float32"))
        return graph.node("Resize", [x, "", scales], mode="nearest", coordinate_transformation_mode="asymmetric",
                          nearest_mode="floor")
    if kind == "maxpool":
        py, px = op["pool"]
        return _nhwc(graph, graph.node("MaxPool", [_nchw(graph, x)], kernel_shape=[py, px], strides=[py, px]))
    if kind == "repeat":
        y = graph.node("Unsqueeze", [x, graph.constant(np.array([1], "int64"))])
        return graph.node("Tile", [y, graph.constant(np.array([1, op["n"], 1], "int64"))])
    if kind == "lstm":
        return _lstm(graph, x, op)
    if kind == "activation":
        return graph.activation(x, op["activation"])
    if kind == "gaussian_mean":  # a VAE's sampler at inference: the mean, the first half
        if latent_dim is None:
            raise ExportError("gaussian_mean needs the model's latent size")
        return graph.node("Slice", [x, graph.constant(np.array([0], "int64")), graph.constant(np.array([latent_dim], "int64")),
                                    graph.constant(np.array([-1], "int64"))])
    if kind == "identity":
        return graph.node("Identity", [x])
    raise ExportError(f"operation {kind!r} has no ONNX translation")


_PCA_PROGRAM = {
    "encoder": [{"op": "flatten"}, {"op": "dense", "kernel": "pca/encode_kernel", "bias": "pca/encode_bias",
                                    "activation": "linear"}],
    "decoder": [{"op": "dense", "kernel": "pca/components", "bias": "pca/mean", "activation": "linear"},
                {"op": "reshape", "shape": [28, 28, 1]}],
}


def _pca_arrays(pca) -> dict:
    """(x - mean) @ C.T is x @ C.T - mean @ C.T: one dense layer each way."""
    components, mean = np.asarray(pca.components_, "float32"), np.asarray(pca.mean_, "float32").ravel()
    return {"pca/encode_kernel": components.T, "pca/encode_bias": -(mean @ components.T),
            "pca/components": components, "pca/mean": mean}


def part_input_shape(model: ServingModel, part: str) -> list:
    """The input of a part, its batch size free: images (n, 28, 28, 1) or codes (n, latent)."""
    return ["n", model.latent_dim] if part == "decoder" else ["n", 28, 28, 1]


def part_output_shape(model: ServingModel, part: str) -> list:
    return {"encoder": ["n", model.latent_dim], "decoder": ["n", 28, 28, 1], "network": ["n", 10]}[part]


def to_onnx(model: ServingModel, part: str):
    """One part of a served model as an ONNX ``ModelProto`` (input ``x``, output ``y``)."""
    from onnx import TensorProto, checker, helper

    if model_kind(model) == "pca":
        ops, arrays, name = _PCA_PROGRAM.get(part), _pca_arrays(model), "pca"
    else:
        ops, arrays, name = model.program.get(part), model.arrays, model.name
    if ops is None:
        raise ExportError(f"{name or 'this model'} ({model_kind(model)}) has no {part}")
    graph = _Graph(arrays)
    x = "x"
    for op in ops:
        x = _op(graph, x, op, model.latent_dim)
    graph.nodes.append(helper.make_node("Identity", [x], ["y"]))
    built = helper.make_graph(graph.nodes, f"{name}_{part}",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, part_input_shape(model, part))],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, part_output_shape(model, part))],
                              initializer=list(graph.initializers.values()))
    proto = helper.make_model(built, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="autoencoder-lab")
    proto.ir_version = 8  # what onnxruntime-web 1.30 and onnxruntime 1.31 both read
    checker.check_model(proto)
    return proto


def model_kind(model) -> str:
    """A served model's kind; the PCA fit (ae_core.models.pca) is not a serving program but exports too."""
    return getattr(model, "kind", None) or ("pca" if hasattr(model, "components_") else "unknown")


def model_parts(model) -> tuple:
    return PARTS[model_kind(model)]
