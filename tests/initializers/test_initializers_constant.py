"""Zeros, Ones, Constant, Identity, STFT: hand-computed values and contracts."""

import math

import numpy as np
import torch

from torcheras import initializers


def test_zeros_ones_any_dtype():
    z = initializers.Zeros()((2, 3))
    assert z.dtype == torch.float32 and z.sum() == 0
    o = initializers.Ones()((2, 3), dtype="int32")
    assert o.dtype == torch.int32 and o.tolist() == [[1, 1, 1], [1, 1, 1]]
    assert initializers.Zeros()(4).shape == (4,)
    assert initializers.Ones()(torch.Size([2, 2])).shape == (2, 2)


def test_constant_scalar_and_array():
    assert initializers.Constant(1.5)((2,)).tolist() == [1.5, 1.5]
    assert initializers.Constant(3)((2,), dtype="int64").tolist() == [3, 3]
    arr = initializers.Constant(np.array([1.0, 2.0]))((3, 2))
    assert arr.tolist() == [[1.0, 2.0]] * 3


def test_constant_config_round_trip():
    c = initializers.Constant(np.array([1.0, 2.0], dtype="float32"))
    config = c.get_config()
    assert config["value"]["class_name"] == "__numpy__"
    again = initializers.Constant.from_config(config)
    assert again((2,)).tolist() == [1.0, 2.0]
    assert initializers.Constant(np.float32(2.0)).get_config() == {"value": 2.0}


def test_identity():
    assert initializers.Identity(gain=3.0)((2, 3)).tolist() == [[3.0, 0, 0], [0, 3.0, 0]]
    assert initializers.Identity()((3, 2), dtype="float64").dtype == torch.float64


def test_stft_hand_computed():
    # real part, no window: cos(-2 * pi * t * f / ((F - 1) * 2))
    k = initializers.STFT(window=None, scaling=None)((4, 1, 3), dtype="float64")
    t = np.arange(4).reshape(4, 1, 1)
    f = np.arange(3).reshape(1, 1, 3)
    np.testing.assert_allclose(k.numpy(), np.cos(-2 * np.pi * t * f / 4), atol=1e-12)
    s = initializers.STFT(side="imag", window=None, scaling=None)((4, 1, 3), dtype="float64")
    np.testing.assert_allclose(s.numpy(), np.sin(-2 * np.pi * t * f / 4), atol=1e-12)


def test_stft_window_scaling():
    n = 8
    hann = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n) / (n - 1))
    k = initializers.STFT(window="hann", scaling="spectrum")((n, 1, 5), dtype="float64")
    np.testing.assert_allclose(k[:, 0, 0].numpy(), hann / hann.sum(), atol=1e-12)
    k = initializers.STFT(window=list(hann), scaling="density")((n, 1, 5), dtype="float64")
    np.testing.assert_allclose(k[:, 0, 0].numpy(), hann / math.sqrt((hann ** 2).sum()),
                               atol=1e-12)
    assert initializers.STFT(window="boxcar", scaling=None)((4, 1, 3))[:, 0, 0].tolist() \
        == [1.0] * 4
