"""Adaptive pooling, EinsumDense, GroupQueryAttention, ReversibleEmbedding,
SpectralNormalization, STFT/Mel spectrograms and HashedCrossing against real Keras 3 (JAX
backend; see make_layers_extra.py), and weight files real Keras saved."""

import _golden
import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras import layers

GOLDEN = "layers_extra/layers_extra"
CASES = _golden.load_json(GOLDEN)["cases"]
# Keras computes the spectrograms in float32 by other FFT/conv kernels: rounding differs.
TOLERANCE = {"STFTSpectrogram": 2e-4, "MelSpectrogram": 2e-3}


@pytest.fixture(scope="module")
def arrays():
    return _golden.load_arrays(GOLDEN)


def _ids(case):
    return f"{case['layer']}-{case['config']}-{case['inputs']}-{case['kwargs']}-{case['literal']}"


def _build(case):
    config = dict(case["config"])
    if case["layer"] == "SpectralNormalization":
        name, inner = config["layer"]
        config["layer"] = getattr(layers, name)(**inner)
    return getattr(layers, case["layer"])(**config)


def _np(x):
    return x.detach().cpu().numpy() if isinstance(x, torch.Tensor) else np.asarray(x)


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_matches_keras(case, arrays):
    layer = _build(case)
    inputs = [arrays[k] if isinstance(k, str) else [arrays[j] for j in k]
              for k in case["inputs"]]
    kwargs = {k: arrays[v] for k, v in case["kwargs"].items()}
    if case["build"] is None:
        layer.build(*[np.shape(x) for x in inputs])
    if case["weights"]:
        layer.set_weights([arrays[w] for w in case["weights"]])
    out = layer(*inputs, **kwargs, **case["literal"])
    outs = out if isinstance(out, (tuple, list)) else [out]
    assert len(outs) == len(case["outputs"])
    atol = TOLERANCE.get(case["layer"], 1e-5)
    for got, key in zip(outs, case["outputs"], strict=True):
        want = arrays[key]
        got = _np(got)
        assert got.shape == want.shape
        if want.dtype.kind in "iu":
            np.testing.assert_array_equal(got, want)
        else:
            np.testing.assert_allclose(got, want, rtol=1e-4, atol=atol)
    for w, key in zip(layer.weights, case.get("after", []), strict=False):
        np.testing.assert_allclose(_np(w), arrays[key], rtol=1e-5, atol=1e-6)


def test_every_family_is_covered():
    covered = {c["layer"] for c in CASES}
    assert covered >= {
        "AdaptiveAveragePooling1D", "AdaptiveAveragePooling2D", "AdaptiveAveragePooling3D",
        "AdaptiveMaxPooling1D", "AdaptiveMaxPooling2D", "AdaptiveMaxPooling3D",
        "EinsumDense", "GroupQueryAttention", "ReversibleEmbedding", "SpectralNormalization",
        "STFTSpectrogram", "MelSpectrogram", "HashedCrossing"}


@pytest.mark.parametrize("name,build", [("einsum", _golden.einsum_model),
                                        ("gqa", _golden.gqa_model)])
def test_weights_saved_by_keras_load(name, build, arrays):
    model = build(keras)
    model.load_weights(str(_golden.path(f"layers_extra/{name}", ".weights.h5")))
    got = model.predict(arrays["model_x"], verbose=0)
    np.testing.assert_allclose(got, arrays[f"{name}_pred"], rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("name", ["einsum", "gqa"])
def test_keras_file_saved_by_keras_loads(name, arrays, tmp_path):
    model = keras.saving.load_model(str(_golden.path(f"layers_extra/{name}", ".keras")))
    got = model.predict(arrays["model_x"], verbose=0)
    np.testing.assert_allclose(got, arrays[f"{name}_pred"], rtol=1e-4, atol=1e-5)
    # ... and round-trips through our own saving.
    model.save(tmp_path / "again.keras")
    again = keras.saving.load_model(tmp_path / "again.keras")
    np.testing.assert_allclose(again.predict(arrays["model_x"], verbose=0), got, atol=1e-6)


def test_torch_module_wrapper_file_saved_by_keras_loads():
    data = np.load(_golden.path("layers_extra/torch_module_wrapper", ".npz"))
    path = str(_golden.path("layers_extra/torch_module_wrapper", ".keras"))
    with pytest.raises(ValueError, match="torch.load"):
        keras.saving.load_model(path)
    model = keras.saving.load_model(path, safe_mode=False)
    np.testing.assert_allclose(model.predict(data["x"], verbose=0), data["pred"],
                               rtol=1e-5, atol=1e-6)
