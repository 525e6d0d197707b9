"""GroupQueryAttention: Keras's sublayer names and shapes, the math against a direct
computation, masks, dropout, bad input (goldens in tests/layers/test_layers_extra_golden.py)."""

import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras import layers


def _gqa(**kwargs):
    config = {"head_dim": 4, "num_query_heads": 4, "num_key_value_heads": 2, **kwargs}
    return layers.GroupQueryAttention(**config)


def test_weights_names_and_shapes_as_keras():
    layer = _gqa(use_gate=True)
    x = np.zeros((2, 5, 8), "float32")
    layer(x, np.zeros((2, 6, 6), "float32"))
    assert [(w.path, tuple(w.shape)) for w in layer.weights] == [
        ("grouped_query_attention/query/kernel", (8, 4, 4)),
        ("grouped_query_attention/query/bias", (4, 4)),
        ("grouped_query_attention/key/kernel", (6, 2, 4)),
        ("grouped_query_attention/key/bias", (2, 4)),
        ("grouped_query_attention/gate/kernel", (8, 4, 4)),
        ("grouped_query_attention/gate/bias", (4, 4)),
        ("grouped_query_attention/value/kernel", (6, 2, 4)),
        ("grouped_query_attention/value/bias", (2, 4)),
        ("grouped_query_attention/attention_output/kernel", (4, 4, 8)),
        ("grouped_query_attention/attention_output/bias", (8,)),
    ]
    assert layer._query_dense.name == "query" and layer._output_dense.name == "attention_output"
    # Keras's public name is an alias of the class GroupedQueryAttention.
    assert type(layer).__name__ == "GroupedQueryAttention"
    assert layers.serialize(layer)["class_name"] == "GroupedQueryAttention"


def _reference(layer, q, v, mask=None):
    """Attention computed directly from the weights, heads repeated by hand."""
    wq, bq, wk, bk, wv, bv, wo, bo = [w.detach().numpy() for w in layer.weights]
    query = np.einsum("bqm,muh->bquh", q, wq) + bq
    key = np.repeat(np.einsum("bkm,mvh->bkvh", v, wk) + bk, 2, axis=2)
    value = np.repeat(np.einsum("bkm,mvh->bkvh", v, wv) + bv, 2, axis=2)
    scores = np.einsum("bquh,bkuh->buqk", query / 2.0, key)  # 1 / sqrt(head_dim=4)
    if mask is not None:
        scores = np.where(mask[:, None], scores, -1e9)
    probs = np.exp(scores - scores.max(-1, keepdims=True))
    probs /= probs.sum(-1, keepdims=True)
    out = np.einsum("buqk,bkuh->bquh", probs, value)
    return np.einsum("bquh,uhm->bqm", out, wo) + bo, probs


def test_math_by_hand_with_and_without_scores():
    rng = np.random.default_rng(0)
    q = rng.normal(size=(2, 5, 8)).astype("float32")
    v = rng.normal(size=(2, 3, 8)).astype("float32")
    layer = _gqa()
    fused = layer(q, v).detach().numpy()
    out, scores = layer(q, v, return_attention_scores=True)
    want, probs = _reference(layer, q, v)
    np.testing.assert_allclose(fused, want, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(out.detach().numpy(), want, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(scores.detach().numpy(), probs, rtol=1e-4, atol=1e-6)


def test_causal_and_explicit_masks_agree():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2, 4, 8)).astype("float32")
    layer = _gqa()
    causal = layer(x, x, use_causal_mask=True).detach().numpy()
    tril = np.tril(np.ones((4, 4), bool))[None].repeat(2, 0)
    explicit = layer(x, x, attention_mask=tril).detach().numpy()
    np.testing.assert_allclose(causal, explicit, rtol=1e-5, atol=1e-6)
    want, _ = _reference(layer, x, x, tril)
    np.testing.assert_allclose(causal, want, rtol=1e-4, atol=1e-5)
    # The first position only sees itself, whatever comes after it.
    y = x.copy()
    y[:, 1:] = 0.0
    np.testing.assert_allclose(layer(y, y, use_causal_mask=True).detach().numpy()[:, 0],
                               causal[:, 0], rtol=1e-5, atol=1e-6)


def test_keras_masks_from_embedding_are_used():
    emb = layers.Embedding(10, 8, mask_zero=True)
    layer = _gqa()
    tokens = np.array([[1, 2, 0, 0], [3, 4, 5, 6]])
    h = emb(tokens)
    mask = tokens != 0
    plain = h.detach().clone()
    auto = layer(h, h)
    explicit = layer(plain, plain, query_mask=mask, value_mask=mask)
    np.testing.assert_allclose(auto.detach().numpy(), explicit.detach().numpy(), atol=1e-6)
    assert not np.allclose(auto.detach().numpy(), layer(plain, plain).detach().numpy())
    assert auto._keras_mask.tolist() == mask.tolist()  # the query's mask is passed on


def test_dropout_only_in_training_and_seeded():
    x = np.random.default_rng(2).normal(size=(2, 5, 8)).astype("float32")
    layer = _gqa(dropout=0.5, seed=3)
    a = layer(x, x, training=False).detach().numpy()
    b = layer(x, x, training=False).detach().numpy()
    np.testing.assert_array_equal(a, b)
    c = layer(x, x, training=True).detach().numpy()
    assert not np.allclose(a, c)


def test_config_round_trip_and_symbolic_shapes():
    layer = _gqa(sliding_window=3, use_bias=False, dropout=0.1, seed=1)
    config = layer.get_config()
    assert {k: config[k] for k in ("head_dim", "num_query_heads", "num_key_value_heads",
                                   "sliding_window", "use_bias", "use_gate", "dropout")} == {
        "head_dim": 4, "num_query_heads": 4, "num_key_value_heads": 2, "sliding_window": 3,
        "use_bias": False, "use_gate": False, "dropout": 0.1}
    twin = layers.deserialize(layers.serialize(layer))
    assert twin.get_config() == config
    q, v = keras.Input((5, 8)), keras.Input((6, 8))
    out, scores = twin(q, v, return_attention_scores=True)
    assert out.shape == (None, 5, 8) and scores.shape == (None, 4, 5, 6)
    # Keras writes the class under its own name.
    restored = layers.deserialize({"class_name": "GroupedQueryAttention", "config": config})
    assert restored.get_config() == config


def test_trains():
    x = np.random.default_rng(4).normal(size=(16, 5, 8)).astype("float32")
    inputs = keras.Input((5, 8))
    model = keras.Model(inputs, _gqa(use_gate=True)(inputs, inputs))
    model.compile(keras.optimizers.Adam(0.01), "mse")
    history = model.fit(x, x, epochs=5, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]


@pytest.mark.parametrize("kwargs, match", [
    ({"num_query_heads": 3}, r"`num_query_heads` must be divisible by `num_key_value_heads`"),
    ({"sliding_window": 0}, r"`sliding_window` must be `None` or a positive integer. "
                            r"Received: sliding_window=0"),
    ({"dropout": 1.5}, r"`dropout` must be a float between 0 and 1. Received: dropout=1.5"),
    ({"flash_attention": True, "dropout": 0.2}, r"Dropout is not supported when flash"),
    ({"head_dim": 0}, r"head_dim"),
    ({"num_key_value_heads": "2"}, r"num_key_value_heads"),
])
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        _gqa(**kwargs)


def test_bad_input_shapes():
    layer = _gqa()
    with pytest.raises(ValueError, match=r"last dimension of `query_shape` and `value_shape` "
                                         r"must be equal, but are 8, 6"):
        layer(keras.Input((5, 8)), keras.Input((4, 6)))
    with pytest.raises(ValueError, match=r"All dimensions of `value` and `key`, except the "
                                         r"last one, must be equal"):
        layer(keras.Input((5, 8)), keras.Input((4, 8)), keras.Input((3, 8)))
    assert isinstance(layer(np.zeros((1, 2, 8), "float32"), np.zeros((1, 2, 8), "float32")),
                      torch.Tensor)
    flash = _gqa(flash_attention=True)
    x = np.zeros((1, 2, 8), "float32")
    with pytest.raises(ValueError, match=r"Returning attention scores is not supported when "
                                         r"flash attention is enabled"):
        flash(x, x, return_attention_scores=True)
