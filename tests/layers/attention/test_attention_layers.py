"""MultiHeadAttention, Attention, AdditiveAttention: contract, hand-computed outputs,
masks, symbolic shapes, config round trips and bad inputs."""

import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras import layers

RNG = np.random.default_rng(2)
Q = RNG.normal(size=(2, 3, 4)).astype("float32")
V = RNG.normal(size=(2, 5, 4)).astype("float32")


def softmax(a, axis=-1):
    e = np.exp(a - a.max(axis, keepdims=True))
    return e / e.sum(axis, keepdims=True)


def test_attention_hand_computed_with_masks():
    qm = np.array([[True, True, False], [True, True, True]])
    vm = np.array([[True, False, True, True, False], [True] * 5])
    out, scores = layers.Attention()([Q, V], mask=[qm, vm], return_attention_scores=True)
    logits = Q @ V.transpose(0, 2, 1) - 1e9 * (~vm)[:, None, :]
    expected_scores = softmax(logits)
    expected = (expected_scores @ V) * qm[..., None]
    np.testing.assert_allclose(scores.detach().numpy(), expected_scores, atol=1e-6)
    np.testing.assert_allclose(out.detach().numpy(), expected, atol=1e-5)
    np.testing.assert_array_equal(out._keras_mask.numpy(), qm)


def test_attention_causal_scale_and_concat():
    layer = layers.Attention(use_scale=True, score_mode="concat")
    out = layer([Q, Q], use_causal_mask=True)
    assert tuple(out.shape) == (2, 3, 4)
    assert [w.name for w in layer.weights] == ["scale", "concat_score_weight"]
    scores = layers.Attention()([Q, Q], use_causal_mask=True, return_attention_scores=True)[1]
    np.testing.assert_allclose(np.triu(scores.detach().numpy()[0], 1), 0.0, atol=1e-6)


def test_additive_attention_hand_computed():
    layer = layers.AdditiveAttention()
    layer([Q, V])
    scale = layer.scale.detach().numpy()
    assert scale.shape == (4,)
    logits = (scale * np.tanh(Q[:, :, None, :] + V[:, None, :, :])).sum(-1)
    expected = softmax(logits) @ V
    np.testing.assert_allclose(layer([Q, V]).detach().numpy(), expected, atol=1e-5)
    assert "score_mode" not in layer.get_config()


def test_attention_symbolic_and_round_trip():
    q, v = keras.Input((3, 4)), keras.Input((5, 4))
    out, scores = layers.Attention()([q, v], return_attention_scores=True)
    assert out.shape == (None, 3, 4) and scores.shape == (None, 3, 5)
    for layer in (layers.Attention(use_scale=True, dropout=0.1),
                  layers.AdditiveAttention(use_scale=False)):
        assert layers.deserialize(layers.serialize(layer)).get_config() == layer.get_config()


def _mha_numpy(layer, q, v, mask=None):
    wq, bq, wk, bk, wv, bv, wo, bo = (w.detach().numpy() for w in layer.weights)
    qp = np.einsum("btd,dnh->btnh", q, wq) + bq
    kp = np.einsum("bsd,dnh->bsnh", v, wk) + bk
    vp = np.einsum("bsd,dnh->bsnh", v, wv) + bv
    logits = np.einsum("btnh,bsnh->bnts", qp, kp) / np.sqrt(wq.shape[-1])
    if mask is not None:
        logits = np.where(mask[:, None], logits, -1e9)
    att = softmax(logits)
    if mask is not None:
        att = np.where(mask[:, None], att, 0.0)
    ctx = np.einsum("bnts,bsnh->btnh", att, vp)
    return np.einsum("btnh,nhe->bte", ctx, wo) + bo, att


def test_mha_hand_computed_with_mask_and_scores():
    layer = layers.MultiHeadAttention(num_heads=2, key_dim=3)
    mask = RNG.uniform(size=(2, 3, 5)) > 0.3
    mask[:, :, 0] = True
    out, scores = layer(Q, V, attention_mask=mask, return_attention_scores=True)
    expected, att = _mha_numpy(layer, Q, V, mask)
    np.testing.assert_allclose(out.detach().numpy(), expected, atol=1e-5)
    np.testing.assert_allclose(scores.detach().numpy(), att, atol=1e-6)
    fused = layer(Q, V, attention_mask=mask)  # torch's fused attention path
    np.testing.assert_allclose(fused.detach().numpy(), expected, atol=1e-5)


def test_mha_weights_shapes_symbolic_and_masks():
    layer = layers.MultiHeadAttention(num_heads=2, key_dim=3, value_dim=5, output_shape=7)
    q = keras.Input((3, 4))
    v = keras.Input((5, 4))
    out = layer(q, v)
    assert out.shape == (None, 3, 7)
    assert [tuple(w.shape) for w in layer.weights] == [
        (4, 2, 3), (2, 3), (4, 2, 3), (2, 3), (4, 2, 5), (2, 5), (2, 5, 7), (7,)]
    model = keras.Model([q, v], out)
    assert tuple(model([Q, V]).shape) == (2, 3, 7)
    qt = torch.tensor(Q)
    qt._keras_mask = torch.tensor([[True, True, False], [True, True, True]])
    res = layers.MultiHeadAttention(2, 2)(qt, torch.tensor(V))
    np.testing.assert_array_equal(res._keras_mask.numpy(), qt._keras_mask.numpy())
    x = keras.Input((3, 4))
    _, scores = layers.MultiHeadAttention(2, 2)(x, x, return_attention_scores=True)
    assert scores.shape == (None, 2, 3, 3)


def test_mha_causal_and_round_trip():
    layer = layers.MultiHeadAttention(num_heads=2, key_dim=2)
    out = layer(Q, Q, use_causal_mask=True)
    expected, _ = _mha_numpy(layer, Q, Q, np.tril(np.ones((3, 3), bool))[None].repeat(2, 0))
    np.testing.assert_allclose(out.detach().numpy(), expected, atol=1e-5)
    clone = layers.deserialize(layers.serialize(layers.MultiHeadAttention(2, 4, dropout=0.1)))
    assert clone.get_config()["dropout"] == 0.1
    trained = layers.MultiHeadAttention(2, 2, dropout=0.5)
    t = trained(Q, Q, training=True)
    assert tuple(t.shape) == (2, 3, 4)


BAD = [
    (lambda: layers.MultiHeadAttention(0, 2), "argument `num_heads`.*num_heads=0"),
    (lambda: layers.MultiHeadAttention(2, "a"), "argument `key_dim`.*key_dim='a'"),
    (lambda: layers.MultiHeadAttention(2, 2, value_dim=-1), "argument `value_dim`"),
    (lambda: layers.MultiHeadAttention(2, 2, attention_axes="x"), "`attention_axes` must be"),
    (lambda: layers.MultiHeadAttention(2, 2, dropout=2), "`dropout`"),
    (lambda: layers.MultiHeadAttention(2, 2)(Q, V, key=np.zeros((2, 4, 4), "float32")),
     "All dimensions of `value` and `key`, except the last one, must be equal"),
    (lambda: layers.Attention(score_mode="add"), "Invalid value for argument score_mode"),
    (lambda: layers.Attention()(Q), "must be called on a list of inputs"),
    (lambda: layers.Attention()([Q]), "accepts inputs list of length 2 or 3"),
    (lambda: layers.Attention()([Q, V], mask=np.ones((2, 3), bool)), "mask must be a list"),
]


@pytest.mark.parametrize("make, match", BAD)
def test_bad_inputs(make, match):
    with pytest.raises(ValueError, match=match):
        make()
