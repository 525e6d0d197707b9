"""Keras 2 backend (``K.*``) cases shared by ``make_legacy_backend.py`` and the tests.

``compute(K)`` evaluates a representative set of ``K`` functions on fixed inputs with the
given backend module (tf-keras's in the generator, torcheras's in the test) and returns the
raw results by name; each side converts them to NumPy its own way.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def inputs() -> dict[str, np.ndarray]:
    """Fixed inputs: matrices, 3D batches, probabilities, labels and images."""
    rng = np.random.RandomState(7)
    probs = _softmax(rng.randn(4, 5))
    return {
        "a": rng.randn(3, 4).astype("float32"),
        "b": rng.randn(4, 2).astype("float32"),
        "c": rng.randn(3, 4).astype("float32"),
        "x3": rng.randn(2, 3, 4).astype("float32"),
        "y3": rng.randn(2, 4, 5).astype("float32"),
        "probs": probs.astype("float32"),
        "onehot": np.eye(5, dtype="float32")[[0, 3, 1, 4]],
        "labels": np.array([0, 3, 1, 4], dtype="int32"),
        "sig": rng.uniform(0.0, 1.0, (3, 4)).astype("float32"),
        "bin": (rng.uniform(size=(3, 4)) > 0.5).astype("float32"),
        "img": rng.randn(2, 5, 5, 3).astype("float32"),
        "kernel": rng.randn(3, 3, 3, 2).astype("float32"),
        "seq": rng.randn(2, 6, 3).astype("float32"),
        "kernel1d": rng.randn(2, 3, 4).astype("float32"),
        "ctc_probs": _softmax(rng.randn(2, 6, 5)).astype("float32"),
    }


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def compute(K: Any) -> dict[str, Any]:  # noqa: N803 (Keras 2's module alias)
    """The results of ``K``'s functions on :func:`inputs`, by case name."""
    def t(value: Any) -> Any:
        array = np.asarray(value)
        return K.constant(array, dtype=str(array.dtype))

    d = {name: t(value) for name, value in inputs().items()}
    a, b, c = d["a"], d["b"], d["c"]
    return {
        "mean_axis1": K.mean(a, axis=1),
        "sum_keepdims": K.sum(a, axis=0, keepdims=True),
        "max": K.max(a, axis=-1),
        "min": K.min(a),
        "prod": K.prod(a, axis=1),
        "std": K.std(a, axis=0),
        "var": K.var(a),
        "sqrt": K.sqrt(a),
        "pow": K.pow(K.abs(a), 1.5),
        "clip": K.clip(a, -0.5, 0.5),
        "clip_swapped": K.clip(a, 0.5, 0.2),
        "dot": K.dot(a, b),
        "dot_3d": K.dot(d["x3"], b),
        "batch_dot": K.batch_dot(d["x3"], d["y3"]),
        "batch_dot_axes": K.batch_dot(a, c, axes=1),
        "batch_dot_21": K.batch_dot(d["x3"], a[:2], axes=(2, 1)),
        "l2_normalize": K.l2_normalize(a, axis=1),
        "relu_full": K.relu(a, alpha=0.1, max_value=0.8, threshold=0.2),
        "relu_max6": K.relu(a * 10.0, max_value=6.0),
        "elu": K.elu(a, alpha=0.5),
        "hard_sigmoid": K.hard_sigmoid(a * 4.0),
        "softmax_axis0": K.softmax(a, axis=0),
        "softplus": K.softplus(a),
        "softsign": K.softsign(a),
        "cce": K.categorical_crossentropy(d["onehot"], d["probs"]),
        "cce_logits": K.categorical_crossentropy(d["onehot"], K.log(d["probs"]),
                                                 from_logits=True),
        "scce": K.sparse_categorical_crossentropy(d["labels"], d["probs"]),
        "bce": K.binary_crossentropy(d["bin"], d["sig"]),
        "bce_logits": K.binary_crossentropy(d["bin"], a, from_logits=True),
        "one_hot": K.one_hot(d["labels"], 5),
        "argmax": K.argmax(a),
        "repeat": K.repeat(a, 2),
        "repeat_elements": K.repeat_elements(a, 2, axis=1),
        "batch_flatten": K.batch_flatten(d["x3"]),
        "permute": K.permute_dimensions(d["x3"], (0, 2, 1)),
        "transpose": K.transpose(a),
        "tile": K.tile(a, (2, 1)),
        "gather": K.gather(a, t(np.array([2, 0], dtype="int32"))),
        "cumsum": K.cumsum(a),
        "spatial_2d_padding": K.spatial_2d_padding(d["img"], ((1, 0), (0, 2))),
        "temporal_padding": K.temporal_padding(d["seq"], (2, 1)),
        "resize_images": K.resize_images(d["img"], 2, 3, "channels_last"),
        "bias_add": K.bias_add(a, t(np.arange(4, dtype="float32"))),
        "switch": K.switch(K.greater(a, 0.0), a, -a * 2.0),
        "conv2d_same": K.conv2d(d["img"], d["kernel"], strides=(2, 2), padding="same"),
        "conv1d_causal": K.conv1d(d["seq"], d["kernel1d"], padding="causal",
                                  dilation_rate=2),
        "pool2d_avg": K.pool2d(d["img"], (2, 2), strides=(2, 2), pool_mode="avg"),
        "batch_normalization": K.batch_normalization(a, K.mean(a, axis=0), K.var(a, axis=0),
                                                     t(np.full(4, 0.5, "float32")),
                                                     t(np.full(4, 2.0, "float32"))),
        "binary_focal": K.binary_focal_crossentropy(d["bin"], d["sig"], gamma=1.5),
        "binary_focal_balanced": K.binary_focal_crossentropy(
            d["bin"], a, apply_class_balancing=True, alpha=0.3, from_logits=True),
        "categorical_focal": K.categorical_focal_crossentropy(d["onehot"], d["probs"]),
        "categorical_focal_logits": K.categorical_focal_crossentropy(
            d["onehot"], K.log(d["probs"]), alpha=0.5, gamma=1.0, from_logits=True),
        "local_conv1d": K.local_conv1d(d["seq"], t(np.linspace(-1, 1, 3 * 6 * 4)
                                                   .reshape(3, 6, 4).astype("float32")),
                                       (2,), (2,)),
        "local_conv2d": K.local_conv2d(d["img"], t(np.linspace(-1, 1, 4 * 12 * 2)
                                                   .reshape(4, 12, 2).astype("float32")),
                                       (2, 2), (2, 2), (2, 2), "channels_last"),
        "local_conv2d_cf": K.local_conv2d(K.permute_dimensions(d["img"], (0, 3, 1, 2)),
                                          t(np.linspace(-1, 1, 4 * 12 * 2)
                                            .reshape(4, 12, 2).astype("float32")),
                                          (2, 2), (2, 2), (2, 2), "channels_first"),
        "ctc_batch_cost": K.ctc_batch_cost(
            t(np.array([[1, 2, 0], [3, 3, 0]], dtype="int32")), d["ctc_probs"],
            t(np.array([[6], [5]], dtype="int32")), t(np.array([[3], [2]], dtype="int32"))),
    }
