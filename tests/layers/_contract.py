"""Checks every layer must pass: names, config round trip, symbolic and eager shapes,
weights in Keras's shapes and parameter counts."""

from __future__ import annotations

import numpy as np
import torch

import torcheras as keras
from torcheras.backend import _naming


def check_layer_contract(make, input_shape, output_shape, weight_shapes=(), base_name=None,
                         input_dtype="float32", custom_objects=None):
    """``make()`` builds a fresh layer; shapes exclude nothing (``None`` = batch)."""
    keras.backend.clear_session(free_memory=False)
    first, second = make(), make()
    base = base_name or _naming.to_snake_case(type(first).__name__)
    assert first.name == base
    assert second.name == f"{base}_1"

    # Config round trip, directly and through layers.serialize/deserialize.
    config = first.get_config()
    extra = {"custom_objects": custom_objects} if custom_objects else {}
    clone = type(first).from_config(config, **extra)
    assert clone.get_config() == config
    restored = keras.layers.deserialize(keras.layers.serialize(first), **extra)
    assert type(restored) is type(first)
    assert restored.get_config() == config

    # Symbolic call on keras.Input.
    symbolic = make()
    x = keras.Input(batch_shape=input_shape, dtype=input_dtype)
    y = symbolic(x)
    assert y.shape == tuple(output_shape)
    assert symbolic.built
    assert [tuple(w.shape) for w in symbolic.weights] == [tuple(s) for s in weight_shapes]
    assert symbolic.count_params() == sum(int(np.prod(s)) for s in weight_shapes)

    # Eager call: same shape with the batch filled in.
    eager = make()
    batch = 2
    concrete = tuple(batch if d is None else d for d in input_shape)
    data = np.random.default_rng(0).normal(size=concrete).astype(input_dtype)
    out = eager(data)
    expected = tuple(batch if d is None else d for d in output_shape)
    assert tuple(out.shape) == expected
    assert [tuple(w.shape) for w in eager.weights] == [tuple(s) for s in weight_shapes]
    for w in eager.weights:
        assert w.path == f"{eager.name}/{w.name}"

    # The config round trip rebuilds the same function: same weights, same numbers.
    twin = type(first).from_config(config, **extra)
    twin(data)
    twin.set_weights(eager.get_weights())
    for got, want in zip(_flat(twin(data)), _flat(out), strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6)
    return eager


def _flat(outputs) -> list:
    items = outputs if isinstance(outputs, (list, tuple)) else [outputs]
    return [t.detach().cpu().numpy() if isinstance(t, torch.Tensor) else np.asarray(t)
            for t in items]
