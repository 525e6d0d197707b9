"""torcheras._validation: the one home of the integer checks, and each call site's wording."""

import re

import numpy as np
import pytest
import torch

from torcheras import layers, metrics
from torcheras._validation import (
    CONV_MESSAGE,
    DENSE_MESSAGE,
    RANGE_MESSAGE,
    check_choice,
    check_int,
    check_positive_int,
)


@pytest.mark.parametrize("value, expected", [(3, 3), (np.int64(4), 4), (torch.tensor(5), 5)])
def test_integers_of_every_kind_come_back_as_int(value, expected):
    out = check_positive_int(value, "n")
    assert out == expected and type(out) is int


def test_none_and_zero_when_allowed():
    assert check_positive_int(None, "n", allow_none=True) is None
    assert check_positive_int(0, "n", allow_zero=True) == 0
    assert check_int(-7, "offset") == -7


@pytest.mark.parametrize("call, error, message", [
    (lambda: check_int(-1, "epochs", minimum=0), ValueError,
     "Argument `epochs` must be a non-negative integer. Received: epochs=-1"),
    (lambda: check_int(0, "steps", minimum=1, allow_none=True), ValueError,
     "Argument `steps` must be a positive integer or None. Received: steps=0"),
    (lambda: check_int(2, "workers", minimum=3), ValueError,
     "Argument `workers` must be an integer >= 3. Received: workers=2"),
    (lambda: check_int("3", "batch_size", minimum=1), TypeError,
     "Argument `batch_size` must be a positive integer. Received: batch_size='3'"),
    (lambda: check_int(True, "epochs", minimum=0), TypeError,
     "Argument `epochs` must be a non-negative integer. Received: epochs=True"),
    (lambda: check_int(2.5, "seed", allow_none=True, type_error=ValueError), ValueError,
     "Argument `seed` must be an integer or None. Received: seed=2.5"),
    (lambda: check_positive_int(0, "units", message=DENSE_MESSAGE), ValueError,
     "Received an invalid value for `units`, expected a positive integer. Received: units=0"),
    (lambda: check_positive_int("a", "filters", message=CONV_MESSAGE), ValueError,
     "Invalid value for argument `filters`. Expected a strictly positive integer. "
     "Received filters='a'."),
    (lambda: check_int(True, "workers", minimum=0, message=RANGE_MESSAGE), ValueError,
     "Argument `workers` must be an integer >= 0. Received: workers=True"),
    (lambda: check_choice("max", "mode", ("min", "auto")), ValueError,
     "Invalid value for argument `mode`. Expected one of ['min', 'auto']. Received: mode='max'"),
])
def test_messages(call, error, message):
    with pytest.raises(error, match=re.escape(message) + "$"):
        call()


# Each former copy keeps the exact text it had (Keras's wording for that layer).
@pytest.mark.parametrize("make, message", [
    (lambda: layers.Dense(0), "Received an invalid value for `units`, expected a positive "
     "integer. Received: units=0"),
    (lambda: layers.Dense(2.5), "Received: units=2.5"),
    (lambda: layers.Conv2D(-1, 3), "Invalid value for argument `filters`. Expected a strictly "
     "positive integer. Received filters=-1."),
    (lambda: layers.Conv2D(4, 3, groups=0), "Received groups=0."),
    (lambda: layers.Conv2DTranspose("4", 3), "Received filters='4'."),
    (lambda: layers.DepthwiseConv2D(3, depth_multiplier=0), "Invalid value for argument "
     "`depth_multiplier`. Expected a strictly positive integer. Received depth_multiplier=0."),
    (lambda: layers.SeparableConv2D(0, 3), "Received filters=0."),
    (lambda: layers.MultiHeadAttention(0, 2), "Received an invalid value for argument "
     "`num_heads`, expected a positive integer. Received: num_heads=0"),
    (lambda: layers.MultiHeadAttention(2, 2, value_dim=-1), "Received an invalid value for "
     "argument `value_dim`, expected a positive integer or `None`. Received: value_dim=-1"),
    (lambda: layers.Embedding(0, 3), "`input_dim` must be a positive integer. Received: "
     "input_dim=0 (of type int)."),
    (lambda: layers.Embedding(3, "2"), "`output_dim` must be a positive integer. Received: "
     "output_dim='2' (of type str)."),
    (lambda: layers.Resizing(0, 4), "Argument `height` must be a positive integer. Received: "
     "height=0"),
    (lambda: layers.CenterCrop(4, None), "Argument `width` must be a positive integer. "
     "Received: width=None"),
    (lambda: layers.LSTM(0), "Received an invalid value for argument `units`, expected a "
     "positive integer, got 0."),
    (lambda: layers.SimpleRNN("4"), "expected a positive integer, got '4'."),
    (lambda: metrics.TopKCategoricalAccuracy(k=0), "Argument `k` must be a positive integer. "
     "Received: k=0"),
    (lambda: metrics.MeanIoU(num_classes=1.5), "Argument `num_classes` must be a positive "
     "integer. Received: num_classes=1.5"),
    (lambda: metrics.Precision(top_k=0), "Argument `top_k` must be a positive integer or "
     "None. Received: top_k=0"),
    (lambda: metrics.Recall(class_id=-1), "Argument `class_id` must be a non-negative "
     "integer or None. Received: class_id=-1"),
])
def test_call_sites_keep_their_wording(make, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        make()


def test_numpy_integers_accepted_by_layers():
    assert layers.Dense(np.int64(3)).units == 3
    assert layers.MultiHeadAttention(np.int32(2), 4).num_heads == 2
