"""Sequence and attention layers against outputs of real Keras 3 (see make_rnn.py).

Same weights (set in Keras's order, so Keras's layout is checked too), same inputs and
masks: every output and output mask must match to 1e-5.
"""

import _golden
import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras import layers

CASES = _golden.load_json("rnn/rnn")["cases"]


@pytest.fixture(scope="module")
def arrays():
    return _golden.load_arrays("rnn/rnn")


def _id(case):
    b = case["build"]
    name = b.get("wrapper", "") + b["layer"]
    if "cells" in b:
        name += "[" + ",".join(c["layer"] for c in b["cells"]) + "]"
    return f"{name}-{b['config']}-{sorted(case['call'])}-{sorted(case['input_masks'])}"


def build(spec):
    if "wrapper" in spec:
        inner = getattr(layers, spec["layer"])(**spec["config"])
        return getattr(layers, spec["wrapper"])(inner, **spec["wrapper_config"])
    if "cells" in spec:
        made = [getattr(layers, c["layer"])(**c["config"]) for c in spec["cells"]]
        return layers.RNN(made if len(made) > 1 else made[0], **spec["config"])
    config = dict(spec["config"])
    for key in ("attention_axes", "kernel_size"):
        if isinstance(config.get(key), list):
            config[key] = tuple(config[key])
    return getattr(layers, spec["layer"])(**config)


def run(layer, case, arrays):
    xs = []
    for i, name in enumerate(case["inputs"]):
        t = torch.tensor(arrays[name])
        mask = case["input_masks"].get(str(i))
        if mask is not None:
            t._keras_mask = torch.tensor(arrays[mask])
        xs.append(t)
    kw = {}
    for k, v in case["call"].items():
        if k == "initial_state":
            kw[k] = [torch.tensor(arrays[s]) for s in v]
        elif isinstance(v, str):
            kw[k] = torch.tensor(arrays[v])
        else:
            kw[k] = v
    if case["build"]["layer"] in ("Attention", "AdditiveAttention"):
        return layer(xs, **kw)
    return layer(*xs, **kw)


def flat(out):
    if isinstance(out, (list, tuple)):
        return [o for item in out for o in flat(item)]
    return [out]


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_matches_keras(case, arrays):
    layer = build(case["build"])
    run(layer, case, arrays)
    layer.set_weights([arrays[w] for w in case["weights"]])
    if getattr(layer, "stateful", False):
        layer.reset_state()
    got = []
    for _ in range(case["repeat"]):
        got += flat(run(layer, case, arrays))
    assert len(got) == len(case["outputs"])
    for out, key, mask_key in zip(got, case["outputs"], case["masks"]):
        expected = arrays[key]
        assert tuple(out.shape) == expected.shape
        np.testing.assert_allclose(out.detach().numpy(), expected, rtol=0, atol=1e-5)
        mask = getattr(out, "_keras_mask", None)
        if mask_key is None:
            assert mask is None
        else:
            np.testing.assert_array_equal(mask.numpy(), arrays[mask_key])


def test_weight_paths_match_keras(arrays):
    for case in CASES:
        keras.backend.clear_session(free_memory=False)  # fresh names, no slow gc pass
        layer = build(case["build"])
        if case["build"]["layer"].startswith("ConvLSTM"):
            continue  # default names: see test_conv_lstm_default_name
        if not case["weights"]:
            continue
        run(layer, case, arrays)
        assert [w.path for w in layer.weights] == case["weight_paths"], _id(case)


def test_conv_lstm_default_name():
    assert layers.ConvLSTM2D(2, 3).name == "conv_lstm2d"
