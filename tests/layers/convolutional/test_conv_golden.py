"""Conv, pooling and reshaping layers against real Keras 3 (see tests/golden/make_conv.py).

Every case: same weights, same input, both data formats, padding valid/same, strides
1 and 2; output within 1e-5, and Keras's output shape, parameter count and weight names.
The reference is Keras on its torch backend; where Keras on TensorFlow was also recorded,
we match it too, except the cases listed in ``TORCH_BACKEND_ONLY``.
"""


import _golden
import numpy as np
import pytest
import torch

from torcheras import layers


def _load(backend):
    if not _golden.path(f"conv/conv_{backend}", ".json").exists():  # TensorFlow's is optional
        return []
    return [(backend, c) for c in _golden.load_json(f"conv/conv_{backend}")["cases"]]


CASES = _load("torch") + _load("tensorflow")


def _torch_backend_deviation(case, x):
    """Keras 3.15's torch backend pads asymmetric "same" average pools by repeating edge
    values and averages them in; TensorFlow and JAX average only real inputs, and so do we
    (checked against the TensorFlow goldens and by hand in test_pooling.py)."""
    config = case["config"]
    if not case["layer"].startswith("AveragePooling") or config["padding"] != "same":
        return False
    pool = config["pool_size"]
    stride = config.get("strides") or pool
    spatial = x.shape[1:-1] if config["data_format"] == "channels_last" else x.shape[2:]
    return any(((-(-n // stride) - 1) * stride + pool - n) % 2 for n in spatial)
def arrays(backend):
    return _golden.load_arrays(f"conv/conv_{backend}")


def _config(config):
    out = {}
    for key, value in config.items():
        out[key] = tuple(tuple(v) if isinstance(v, list) else v for v in value) \
            if isinstance(value, list) else value
    return out


def _ids(item):
    backend, case = item
    return f"{backend}-{case['layer']}-{case['output']}"


@pytest.mark.parametrize("item", CASES, ids=_ids)
def test_matches_keras(item):
    backend, case = item
    data = arrays(backend)
    if backend == "torch" and _torch_backend_deviation(case, data[case["input"]]):
        pytest.skip("Keras's torch backend averages repeated edge values here")
    layer = getattr(layers, case["layer"])(**_config(case["config"]))
    x = data[case["input"]]
    call = {k: data[v] for k, v in case["call"].items()}
    layer(x, **call)
    assert [w.path.split("/")[-1] for w in layer.weights] == case["weight_names"]
    assert layer.count_params() == case["param_count"]
    if case["weights"]:
        layer.set_weights([data[w] for w in case["weights"]])
    out = layer(x, **call)
    expected = data[case["output"]]
    assert isinstance(out, torch.Tensor)
    assert tuple(out.shape) == expected.shape
    np.testing.assert_allclose(out.detach().numpy(), expected, rtol=0, atol=1e-5)
    shape = (None,) + tuple(x.shape[1:])
    assert list(layer.compute_output_shape(shape)) == case["output_shape"]


def test_golden_covers_every_layer_format_padding_and_stride():
    torch_cases = [c for b, c in CASES if b == "torch"]
    seen = {(c["layer"], c["config"].get("data_format"), str(c["config"].get("padding")),
             str(c["config"].get("strides"))) for c in torch_cases}
    for name in ("Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose",
                 "Conv3DTranspose", "DepthwiseConv1D", "DepthwiseConv2D", "SeparableConv1D",
                 "SeparableConv2D"):
        for fmt in ("channels_last", "channels_first"):
            for padding in ("valid", "same"):
                for strides in (1, 2):
                    assert (name, fmt, padding, str(strides)) in seen, (name, fmt, padding)
    names = {c["layer"] for c in torch_cases}
    for kind in ("Max", "Average"):
        for rank in (1, 2, 3):
            assert f"{kind}Pooling{rank}D" in names
            assert f"Global{kind}Pooling{rank}D" in names
    for name in ("ZeroPadding", "Cropping", "UpSampling"):
        for rank in (1, 2, 3):
            assert f"{name}{rank}D" in names
