"""keras.ops.nn beyond the goldens: gradients, graph nodes in functional models,
hand-computed values, and bad inputs with Keras's messages."""

import numpy as np
import pytest
import torch

import torcheras
from torcheras import layers
from torcheras.ops import nn

D = torch.float64


def _r(*shape, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(*shape, generator=g, dtype=D, requires_grad=True)


GRAD_CASES = {
    "softmax": lambda: (lambda x: nn.softmax(x, axis=(0, 1)), [_r(3, 4)]),
    "log_softmax": lambda: (nn.log_softmax, [_r(3, 4)]),
    "gelu": lambda: (nn.gelu, [_r(5)]),
    "silu": lambda: (nn.silu, [_r(5)]),
    "conv_same_strided": lambda: (lambda x, k: nn.conv(x, k, 2, "same"), [_r(1, 5, 6, 2), _r(3, 3, 2, 3)]),
    "conv1d_causal": lambda: (lambda x, k: nn.conv(x, k, 1, "causal"), [_r(1, 6, 2), _r(3, 2, 2)]),
    "depthwise_conv": lambda: (lambda x, k: nn.depthwise_conv(x, k, 1, "same"), [_r(1, 4, 4, 2), _r(3, 3, 2, 2)]),
    "separable_conv": lambda: (lambda x, d, p: nn.separable_conv(x, d, p), [_r(1, 4, 4, 2), _r(2, 2, 2, 1), _r(1, 1, 2, 3)]),
    "conv_transpose": lambda: (lambda x, k: nn.conv_transpose(x, k, 2, "same"), [_r(1, 3, 3, 2), _r(3, 3, 4, 2)]),
    "max_pool": lambda: (lambda x: nn.max_pool(x, 2, 1, "same"), [_r(1, 4, 4, 1)]),
    "average_pool_same": lambda: (lambda x: nn.average_pool(x, 3, 2, "same"), [_r(1, 5, 5, 1)]),
    "adaptive_average_pool": lambda: (lambda x: nn.adaptive_average_pool(x, 2), [_r(1, 5, 5, 1)]),
    "batch_normalization": lambda: (lambda x, m, v: nn.batch_normalization(x, m, v.abs() + 1, -1), [_r(4, 3), _r(3), _r(3)]),
    "layer_normalization": lambda: (lambda x, g: nn.layer_normalization(x, g, axis=(0, 1)), [_r(3, 4), _r(3, 4)]),
    "rms_normalization": lambda: (lambda x: nn.rms_normalization(x), [_r(3, 4)]),
    "normalize": lambda: (lambda x: nn.normalize(x, order=3), [_r(3, 4)]),
    "moments": lambda: (lambda x: nn.moments(x, [0]), [_r(5, 2)]),
    "categorical_crossentropy": lambda: (lambda o: nn.categorical_crossentropy(torch.eye(3, dtype=D), o, from_logits=True), [_r(3, 3)]),
    "binary_crossentropy": lambda: (lambda o: nn.binary_crossentropy(torch.ones(4, dtype=D), torch.sigmoid(o)), [_r(4)]),
    "sparse_categorical_crossentropy": lambda: (lambda o: nn.sparse_categorical_crossentropy(torch.tensor([0, 2]), o, from_logits=True), [_r(2, 3)]),
    "ctc_loss": lambda: (lambda o: nn.ctc_loss(torch.tensor([[1, 2]]), o, torch.tensor([2]), torch.tensor([5])), [_r(1, 5, 4)]),
    "dot_product_attention": lambda: (lambda q, k, v: nn.dot_product_attention(q, k, v, is_causal=True), [_r(1, 3, 2, 4), _r(1, 3, 2, 4), _r(1, 3, 2, 4)]),
    "psnr": lambda: (lambda a, b: nn.psnr(a, b, 1.0), [_r(6), _r(6, seed=1)]),
    "unfold": lambda: (lambda x: nn.unfold(x, 2), [_r(1, 2, 3, 3)]),
    "depth_to_space": lambda: (lambda x: nn.depth_to_space(x, 2), [_r(1, 2, 2, 4)]),
}


# Keras computes these in float32 whatever the input (result_type(x, "float32") is float32
# even for float64), so they are checked against float32 finite differences.
FLOAT32_INSIDE = {"ctc_loss", "dot_product_attention", "layer_normalization",
                  "rms_normalization"}


def _loss(fn, inputs, weights):
    out = fn(*inputs)
    outs = out if isinstance(out, tuple) else (out,)
    return sum((o * w).sum() for o, w in zip(outs, weights))


def _float32_check(fn, inputs):
    inputs = [t.detach().float().requires_grad_(True) for t in inputs]
    out = fn(*inputs)
    outs = out if isinstance(out, tuple) else (out,)
    weights = [torch.randn(o.shape, generator=torch.Generator().manual_seed(9)) for o in outs]
    grads = torch.autograd.grad(_loss(fn, inputs, weights), inputs)
    eps = 1e-2
    with torch.no_grad():
        for x, g in zip(inputs, grads):
            flat, gflat = x.view(-1), g.reshape(-1)
            for i in range(flat.numel()):
                old = flat[i].item()
                flat[i] = old + eps
                up = _loss(fn, inputs, weights).item()
                flat[i] = old - eps
                down = _loss(fn, inputs, weights).item()
                flat[i] = old
                assert abs((up - down) / (2 * eps) - gflat[i].item()) < 2e-2 * max(
                    1.0, abs(gflat[i].item())), (i, (up - down) / (2 * eps), gflat[i].item())


@pytest.mark.parametrize("name", sorted(GRAD_CASES))
def test_gradients_match_finite_differences(name):
    fn, inputs = GRAD_CASES[name]()
    if name in FLOAT32_INSIDE:
        _float32_check(fn, inputs)
    else:
        assert torch.autograd.gradcheck(fn, inputs, eps=1e-6, atol=1e-5)


def test_ops_in_a_functional_model_record_keras_operations():
    inputs = torcheras.Input((8, 8, 3))
    kernel = np.random.default_rng(0).normal(size=(3, 3, 3, 4)).astype("float32")
    x = nn.conv(inputs, kernel, padding="same")
    x = nn.relu(x)
    x = nn.max_pool(x, 2)
    assert tuple(x.shape) == (None, 4, 4, 4)
    out = nn.softmax(nn.one_hot(torcheras.ops.argmax(x, axis=-1), 4), axis=-1)
    model = torcheras.Model(inputs, out)
    data = np.random.default_rng(1).uniform(size=(2, 8, 8, 3)).astype("float32")
    eager = nn.softmax(nn.one_hot(torch.argmax(nn.max_pool(nn.relu(nn.conv(
        data, kernel, padding="same")), 2), dim=-1), 4))
    np.testing.assert_allclose(model.predict(data, verbose=0), eager.numpy(), rtol=1e-6)
    names = [type(op).__name__ for op in model._operations] if hasattr(model, "_operations") \
        else None
    lines = []
    model.summary(print_fn=lines.append)
    text = "\n".join(lines)
    for cls in ("Conv", "Relu", "MaxPool", "OneHot", "Softmax"):
        assert cls in text, (cls, names, text)


def test_lambda_with_ops_trains():
    inputs = torcheras.Input((4,))
    h = layers.Dense(3)(inputs)
    out = layers.Lambda(lambda t: nn.log_softmax(t))(h)
    model = torcheras.Model(inputs, out)
    model.compile("adam", loss=lambda y, p: -torch.mean(torch.sum(y * p, -1)))
    x = np.random.default_rng(0).normal(size=(32, 4)).astype("float32")
    y = np.eye(3, dtype="float32")[np.arange(32) % 3]
    history = model.fit(x, y, epochs=3, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]


def test_hand_computed_values():
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    mean, var = nn.moments(x, axes=[0])
    assert mean.tolist() == [2.0, 3.0] and var.tolist() == [1.0, 1.0]
    assert nn.one_hot([0, 2], 3, axis=0).tolist() == [[1.0, 0.0], [0.0, 0.0], [0.0, 1.0]]
    assert nn.multi_hot([[0, 1], [2, 2]], 3).tolist() == [[1.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    # A 1x2 kernel of ones sums neighbours: [1+2, 2+3].
    assert nn.conv(torch.tensor([[[1.0], [2.0], [3.0]]]), torch.ones(2, 1, 1))[0, :, 0].tolist() \
        == [3.0, 5.0]
    # "same" average over real values only: [mean(1, 2), mean(2, 3, 4), mean(4, 5)] / stride 2
    pooled = nn.average_pool(torch.arange(1.0, 6.0).reshape(1, 5, 1), 3, 2, "same")
    assert pooled[0, :, 0].tolist() == [1.5, 3.0, 4.5]
    decoded, scores = nn.ctc_decode(torch.log(torch.tensor(
        [[[0.1, 0.9, 0.0], [0.1, 0.9, 0.0], [0.8, 0.1, 0.1], [0.1, 0.1, 0.8]]])), [4])
    assert decoded.tolist() == [[[1, 2, -1, -1]]]
    beams, logp = nn.ctc_decode(torch.tensor([[[2.0, 0.0], [0.0, 2.0]]]), [2],
                                strategy="beam_search", beam_width=2, top_paths=2)
    hi, lo = torch.softmax(torch.tensor([2.0, 0.0]), 0).tolist()
    # Step 0: blank hi, label lo; step 1: blank lo, label hi. "1" comes from (blank, 1),
    # (1, blank) and (1, 1); "" only from (blank, blank).
    assert beams[:, 0].tolist() == [[1, -1], [-1, -1]]
    assert abs(float(logp[0, 0]) - np.log(hi * hi + lo * lo + lo * hi)) < 1e-5
    assert abs(float(logp[0, 1]) - np.log(hi * lo)) < 1e-5


@pytest.mark.parametrize("call, error, match", [
    (lambda: nn.conv(np.ones((1, 5, 5, 3)), np.ones((3, 3, 2, 4))), ValueError,
     r"input channels must be evenly divisible by kernel.shape\[-2\]. Received: inputs "
     r"channels=3, kernel.shape=\(3, 3, 2, 4\)"),
    (lambda: nn.conv(np.ones((5, 5)), np.ones((3, 1, 1))), ValueError,
     r"must have ndim=3, 4 or 5.*Received input shape: \(5, 5\)"),
    (lambda: nn.conv(np.ones((1, 5, 3)), np.ones((3, 3, 3, 4))), ValueError,
     r"`kernel` must have rank 3"),
    (lambda: nn.conv(np.ones((1, 5, 5, 3)), np.ones((3, 3, 3, 4)), padding="full"), ValueError,
     r"Invalid value for argument `padding`. Expected one of \['valid', 'same'\]. "
     r"Received: padding='full'"),
    (lambda: nn.max_pool(np.ones((1, 5, 5, 3)), (2, 2, 2)), ValueError,
     r"The `pool_size` argument must be a tuple of 2 integers"),
    (lambda: nn.max_pool(np.ones((1, 5, 5, 3)), 2, data_format="nhwc"), ValueError,
     r"data_format"),
    (lambda: nn.depthwise_conv(np.ones((1, 5, 5, 3)), np.ones((3, 3, 2, 1))), ValueError,
     r"must equal kernel.shape\[-2\] in a depthwise convolution"),
    (lambda: nn.conv_transpose(np.ones((1, 5, 5, 3)), np.ones((3, 3, 4, 2))), ValueError,
     r"must equal kernel.shape\[-1\] in a transposed convolution"),
    (lambda: nn.one_hot([1, 2], 0), ValueError,
     r"`num_classes` must be a positive integer. Received: num_classes=0"),
    (lambda: nn.one_hot([1, 2], 3, axis=3), ValueError, r"axis must be -1 or between \[0, 2\)"),
    (lambda: nn.one_hot([1, 2], 3, sparse=True), ValueError, r"`sparse=True`"),
    (lambda: nn.multi_hot([1, 2]), ValueError, r"Argument `num_classes` must be specified."),
    (lambda: nn.binary_crossentropy(np.ones((2, 3)), np.ones((3, 2))), ValueError,
     r"`target` and `output` must have the same shape. Received: target.shape=\(2, 3\), "
     r"output.shape=\(3, 2\)"),
    (lambda: nn.categorical_crossentropy(np.ones((2, 3)), np.ones((2, 4))), ValueError,
     r"must have the same shape"),
    (lambda: nn.sparse_categorical_crossentropy(np.ones((3,)), np.ones((2, 4))), ValueError,
     r"y_true"),
    (lambda: nn.batch_normalization(np.ones((2, 3)), np.ones(2), np.ones(3), -1), ValueError,
     r"`mean` must be a vector of length `x.shape\[axis\]`. Expected: `\(3,\)`"),
    (lambda: nn.normalize(np.ones(3), order=0), ValueError,
     r"Argument `order` must be an int >= 1. Received: order=0"),
    (lambda: nn.psnr(np.ones((2, 3)), np.ones((3, 2)), 1.0), ValueError,
     r"Input shapes \(2, 3\) and \(3, 2\) must match for PSNR"),
    (lambda: nn.dot_product_attention(np.ones((2, 3, 4)), np.ones((2, 3, 4)),
                                      np.ones((2, 3, 4))), ValueError,
     r"`dot_product_attention` only supports 4D inputs"),
    (lambda: nn.dot_product_attention(np.ones((1, 2, 3, 4)), np.ones((1, 2, 2, 4)),
                                      np.ones((1, 2, 2, 4))), ValueError,
     r"query heads must be a multiple of the number of key/value heads"),
    (lambda: nn.dot_product_attention(*[np.ones((1, 2, 2, 4))] * 3, bias=np.ones(1),
                                      mask=np.ones(1)), ValueError,
     r"Only one of `bias` and `mask` can be provided"),
    (lambda: nn.dot_product_attention(*[np.ones((1, 2, 2, 4))] * 3, attn_logits_soft_cap=1.0),
     ValueError, r"attn_logits_soft_cap is only supported for JAX on TPU"),
    (lambda: nn.moments(np.ones(3), [0], synchronized=True), NotImplementedError,
     r"synchronized=True"),
    (lambda: nn.ctc_decode(np.ones((1, 3, 2)), [3], strategy="best"), ValueError,
     r"Invalid strategy best. Supported values are 'greedy' and 'beam_search'."),
    (lambda: nn.depth_to_space(np.ones((1, 2, 2, 6)), 2), ValueError,
     r"The number of channels \(6\) must be divisible by block_size\*\*2 \(4\)"),
    (lambda: nn.space_to_depth(np.ones((1, 3, 4, 1)), 2), ValueError,
     r"Height \(3\) must be divisible by block_size \(2\)"),
    (lambda: nn.unfold(np.ones((2, 3, 4)), 2), ValueError, r"Input must be a 4D tensor"),
    (lambda: nn.glu(np.ones((2, 3))), ValueError, r"axis size must be divisible by 2"),
    (lambda: nn.layer_normalization(np.ones((2, 3)), foo=1), TypeError, r"foo"),
])
def test_bad_inputs(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_layer_normalization_rms_scaling_is_deprecated():
    with pytest.warns(UserWarning, match="rms_scaling=True"):
        out = nn.layer_normalization(torch.tensor([[1.0, 3.0]]), rms_scaling=True)
    assert torch.allclose(out, torch.tensor([[1.0, 3.0]]) / torch.sqrt(torch.tensor(1.0 + 1e-7)))


def test_softmax_over_a_size_one_axis_warns():
    with pytest.warns(UserWarning, match=r"softmax over axis -1 of a tensor of shape \(3, 1\)"):
        out = nn.softmax(torch.ones(3, 1))
    assert out.tolist() == [[1.0], [1.0], [1.0]]
