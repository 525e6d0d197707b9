"""Random initializers: formulas (bounds, fans, variances), seeding, dtypes."""

import math

import pytest
import torch

from torcheras import initializers
from torcheras.backend import get_device
from torcheras.initializers._variance_scaling import compute_fans

BIG = (800, 600)


@pytest.mark.parametrize("shape,fans", [
    ((), (1, 1)),
    ((7,), (7, 7)),
    ((5, 9), (5, 9)),
    ((3, 16, 32), (3 * 16, 3 * 32)),
    ((3, 3, 16, 32), (9 * 16, 9 * 32)),
    ((2, 3, 3, 8, 4), (18 * 8, 18 * 4)),
])
def test_compute_fans_keras_layout(shape, fans):
    assert compute_fans(shape) == fans


def test_compute_fans_with_axes():
    assert compute_fans((4, 5, 6), input_axes=[0, 1], output_axes=[2]) == (20, 6)


def test_random_uniform_bounds_and_moments():
    x = initializers.RandomUniform(minval=-1.0, maxval=3.0)(BIG)
    assert x.shape == BIG and x.dtype == torch.float32 and x.device == get_device()
    assert x.min() >= -1.0 and x.max() < 3.0
    assert abs(x.mean().item() - 1.0) < 0.01
    assert abs(x.std().item() - 4 / math.sqrt(12)) < 0.01


def test_random_normal_moments():
    x = initializers.RandomNormal(mean=1.0, stddev=2.0)(BIG)
    assert abs(x.mean().item() - 1.0) < 0.02
    assert abs(x.std().item() - 2.0) < 0.02


def test_truncated_normal_is_cut_at_two_stddevs():
    x = initializers.TruncatedNormal(mean=0.5, stddev=2.0)(BIG)
    assert x.min() >= 0.5 - 4.0 and x.max() <= 0.5 + 4.0
    assert x.max() > 0.5 + 3.9 and x.min() < 0.5 - 3.9
    assert abs(x.mean().item() - 0.5) < 0.02
    assert abs(x.std().item() - 2.0 * 0.87962566103423978) < 0.02


def test_defaults_match_keras():
    u, n, t = initializers.RandomUniform(), initializers.RandomNormal(), \
        initializers.TruncatedNormal()
    assert (u.minval, u.maxval, u.seed) == (-0.05, 0.05, None)
    assert (n.mean, n.stddev) == (0.0, 0.05)
    assert (t.mean, t.stddev) == (0.0, 0.05)
    v = initializers.VarianceScaling()
    assert (v.scale, v.mode, v.distribution) == (1.0, "fan_in", "truncated_normal")
    assert initializers.Orthogonal().gain == 1.0
    assert initializers.Constant().value == 0.0


PRESETS = [
    (initializers.GlorotUniform, 1.0, "fan_avg", "uniform"),
    (initializers.GlorotNormal, 1.0, "fan_avg", "truncated_normal"),
    (initializers.HeUniform, 2.0, "fan_in", "uniform"),
    (initializers.HeNormal, 2.0, "fan_in", "truncated_normal"),
    (initializers.LecunUniform, 1.0, "fan_in", "uniform"),
    (initializers.LecunNormal, 1.0, "fan_in", "truncated_normal"),
]


def _n(mode, shape):
    fan_in, fan_out = compute_fans(shape)
    return {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[mode]


@pytest.mark.parametrize("cls,scale,mode,dist", PRESETS, ids=lambda v: getattr(v, "__name__", v))
@pytest.mark.parametrize("shape", [(400, 300), (3, 3, 64, 96)])
def test_presets_follow_variance_scaling_formula(cls, scale, mode, dist, shape):
    init = cls()
    assert (init.scale, init.mode, init.distribution) == (scale, mode, dist)
    x = init(shape)
    var = scale / _n(mode, shape)
    if dist == "uniform":
        limit = math.sqrt(3 * var)
        assert x.abs().max() <= limit
        assert x.abs().max() > 0.99 * limit
    else:
        # The truncation correction makes the final stddev equal sqrt(scale / n).
        assert x.abs().max() <= 2 * math.sqrt(var) / 0.87962566103423978 + 1e-7
    assert abs(x.std().item() / math.sqrt(var) - 1) < 0.02


@pytest.mark.parametrize("mode", ["fan_in", "fan_out", "fan_avg"])
@pytest.mark.parametrize("dist", ["uniform", "truncated_normal", "untruncated_normal",
                                  "normal"])
def test_variance_scaling_std(mode, dist):
    shape = (3, 3, 40, 80)
    x = initializers.VarianceScaling(scale=0.5, mode=mode, distribution=dist)(shape)
    assert abs(x.std().item() / math.sqrt(0.5 / _n(mode, shape)) - 1) < 0.02


def test_variance_scaling_uses_at_least_one_unit():
    x = initializers.VarianceScaling(scale=3.0, distribution="uniform")((0, 5))
    assert x.shape == (0, 5)
    y = initializers.VarianceScaling(scale=3.0, distribution="uniform")(())
    assert y.shape == () and abs(y.item()) <= 3.0


@pytest.mark.parametrize("shape", [(6, 6), (10, 4), (4, 10), (3, 3, 4, 8)])
def test_orthogonal(shape):
    q = initializers.Orthogonal(gain=2.0)(shape)
    assert q.shape == shape
    flat = q.reshape(-1, shape[-1]).double() / 2.0
    rows, cols = flat.shape
    gram = flat.T @ flat if rows >= cols else flat @ flat.T
    torch.testing.assert_close(gram, torch.eye(min(rows, cols), dtype=torch.float64),
                               atol=1e-5, rtol=0)


def test_seeded_initializer_repeats_every_call():
    for cls in (initializers.RandomUniform, initializers.RandomNormal,
                initializers.TruncatedNormal, initializers.GlorotUniform,
                initializers.HeNormal, initializers.Orthogonal):
        a = cls(seed=42)
        torch.testing.assert_close(a((8, 8)), a((8, 8)))
        torch.testing.assert_close(a((8, 8)), cls(seed=42)((8, 8)))
        assert not torch.equal(a((8, 8)), cls(seed=43)((8, 8)))


def test_seeded_initializer_does_not_touch_global_generator():
    torch.manual_seed(0)
    expected = torch.rand(3)
    torch.manual_seed(0)
    initializers.GlorotUniform(seed=1)((5, 5))
    torch.testing.assert_close(torch.rand(3), expected)


def test_unseeded_initializer_follows_global_seed():
    init = initializers.GlorotNormal()
    torch.manual_seed(123)
    first = init((6, 6))
    second = init((6, 6))
    assert not torch.equal(first, second)
    torch.manual_seed(123)
    torch.testing.assert_close(init((6, 6)), first)
    torch.testing.assert_close(initializers.GlorotNormal()((6, 6)), second)


def test_seed_generator_like_object_advances():
    class Counter:
        def __init__(self):
            self.state = 0

        def next(self):
            self.state += 1
            return torch.tensor([7, self.state])

    init = initializers.RandomNormal(seed=Counter())
    assert not torch.equal(init((4,)), init((4,)))


@pytest.mark.parametrize("dtype,expected", [
    (None, torch.float32), ("float64", torch.float64), ("float16", torch.float16),
    ("bfloat16", torch.bfloat16), (torch.float64, torch.float64),
])
@pytest.mark.parametrize("name", ["random_uniform", "random_normal", "truncated_normal",
                                  "glorot_uniform", "he_normal", "orthogonal"])
def test_dtypes(name, dtype, expected):
    out = initializers.get(name)((4, 6), dtype=dtype)
    assert out.dtype == expected and torch.isfinite(out).all()


def test_float64_truncated_normal_bounds():
    out = initializers.TruncatedNormal(stddev=1.0)((1000,), dtype="float64")
    assert out.dtype == torch.float64 and out.abs().max() <= 2.0
