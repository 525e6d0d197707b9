"""Normalization layers against real Keras 3 (see tests/golden/make_norm.py)."""

import warnings

import _golden
import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras import layers

_NORM, _TRAIN = _golden.load("norm/norm"), _golden.load("norm/train")
CASES, ARRAYS = _NORM.meta["cases"], _NORM.arrays
TRAIN_CASES, TRAIN_ARRAYS = _TRAIN.meta["cases"], _TRAIN.arrays


def _id(case):
    calls = "".join("T" if c["training"] else ("M" if c["mask"] else "i")
                    for c in case["calls"])
    return f"{case['layer']}-{case['config']}-{case['calls'][0]['input']}-{calls}"


def assert_matches_keras(actual, keras32, keras64, what=""):
    """Within 1e-5 of Keras's float32 numbers, and of the exact (float64) values.

    Where Keras's own float32 result is more than 5e-6 off the exact value (its
    E[x^2] - E[x]^2 variance loses digits when |mean| >> std), ours must be at least as
    close to the exact value as Keras's is, instead of reproducing that rounding.
    """
    np.testing.assert_allclose(actual, keras64, rtol=0, atol=1e-5, err_msg=what)
    keras_error = np.abs(keras32.astype(np.float64) - keras64).max(initial=0.0)
    if keras_error <= 5e-6:
        np.testing.assert_allclose(actual, keras32, rtol=0, atol=1e-5, err_msg=what)
    else:
        ours = np.abs(actual.astype(np.float64) - keras64).max(initial=0.0)
        assert ours <= keras_error, (what, ours, keras_error)


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_layer_matches_keras(case):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # rms_scaling's deprecation warning
        layer = getattr(layers, case["layer"])(**case["config"])
    layer.build(ARRAYS[case["calls"][0]["input"]].shape)
    if case["weights"]:
        layer.set_weights([ARRAYS[w] for w in case["weights"]])
    for i, call in enumerate(case["calls"]):
        kwargs = {}
        if call["training"] is not None:
            kwargs["training"] = call["training"]
        if call["mask"] is not None:
            kwargs["mask"] = torch.as_tensor(ARRAYS[call["mask"]])
        out = layer(ARRAYS[call["input"]], **kwargs)
        expected = ARRAYS[case["outputs"][i]]
        assert tuple(out.shape) == expected.shape
        assert out.dtype == torch.float32
        assert_matches_keras(out.detach().numpy(), expected,
                             ARRAYS[case["outputs_f64"][i]], f"call {i}")
    assert [w.name for w in layer.weights] == case["weight_names"]
    for w, k32, k64 in zip(layer.weights, case["final_weights"], case["final_weights_f64"]):
        assert_matches_keras(w.numpy(), ARRAYS[k32], ARRAYS[k64], w.name)


@pytest.mark.parametrize("case", TRAIN_CASES, ids=lambda c: c["model"])
def test_three_sgd_steps_match_keras(case):
    """Moving statistics and trained weights after 3 fit() steps equal Keras's."""
    model = _golden.norm_train_model(keras, case["model"])
    assert list(_golden.NORM_TRAIN_SHAPES[case["model"]]) == case["shape"]
    assert [w.name for w in model.weights] == case["names"]
    model.set_weights([TRAIN_ARRAYS[k] for k in case["init"]])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    x, y = TRAIN_ARRAYS[case["x"]], TRAIN_ARRAYS[case["y"]]
    model.fit(x, y, batch_size=4, epochs=1, shuffle=False, verbose=0)
    for w, key, name in zip(model.get_weights(), case["final"], case["names"]):
        np.testing.assert_allclose(w, TRAIN_ARRAYS[key], rtol=0, atol=1e-5, err_msg=name)
    pred = model.predict(x, verbose=0)
    np.testing.assert_allclose(pred, TRAIN_ARRAYS[case["pred"]], rtol=0, atol=1e-5)
