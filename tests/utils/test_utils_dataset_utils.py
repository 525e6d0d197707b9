"""keras.utils.split_dataset, pack_x_y_sample_weight and unpack_x_y_sample_weight."""

import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras.utils import pack_x_y_sample_weight, split_dataset, unpack_x_y_sample_weight


def test_pack_and_unpack_as_keras():
    x, y, sw = np.ones(2), np.zeros(2), np.full(2, 0.5)
    assert pack_x_y_sample_weight(x) is x
    assert pack_x_y_sample_weight([x, x]) == ([x, x],)
    assert pack_x_y_sample_weight(x, y) == (x, y)
    assert pack_x_y_sample_weight(x, y, sw) == (x, y, sw)
    assert pack_x_y_sample_weight(x, None, sw) is x  # Keras drops a weight without targets
    assert unpack_x_y_sample_weight(x) == (x, None, None)
    assert unpack_x_y_sample_weight((x,)) == (x, None, None)
    assert unpack_x_y_sample_weight([x, y]) == (x, y, None)
    assert unpack_x_y_sample_weight((x, y, sw)) == (x, y, sw)
    with pytest.raises(ValueError, match=r"Data is expected to be in format `x`, `\(x,\)`, "
                                         r"`\(x, y\)`, or `\(x, y, sample_weight\)`, found: "):
        unpack_x_y_sample_weight((1, 2, 3, 4))


def test_split_dataset_keeps_order_without_shuffle():
    x, y = np.arange(10).reshape(10, 1), np.arange(10) * 10
    left, right = split_dataset((x, y), left_size=0.8)
    assert (len(left), len(right)) == (8, 2)
    assert [int(s[1]) for s in right] == [80, 90]
    left, right = split_dataset(np.arange(10), left_size=3, right_size=2)
    assert [int(s[0]) for s in left] == [0, 1, 2] and [int(s[0]) for s in right] == [8, 9]
    left, right = split_dataset({"a": np.arange(4), "b": np.arange(4) * 2}, right_size=0.25)
    assert len(left) == 3 and {k: int(v) for k, v in right[0].items()} == {"a": 3, "b": 6}


def test_split_dataset_shuffles_like_random_split():
    data = torch.utils.data.TensorDataset(torch.arange(10))
    left, right = split_dataset(data, left_size=7, shuffle=True, seed=3)
    expected = torch.utils.data.random_split(data, [7, 3],
                                             generator=torch.Generator().manual_seed(3))
    assert list(left.indices) == list(expected[0].indices)
    assert list(right.indices) == list(expected[1].indices)


def test_split_dataset_feeds_fit():
    x = np.random.RandomState(0).rand(20, 3).astype("float32")
    train, test = split_dataset((x, x.sum(1, keepdims=True)), left_size=0.75)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    model.fit(train, batch_size=5, epochs=1, verbose=0)
    assert model.predict(test, verbose=0).shape == (5, 1)


@pytest.mark.parametrize("args,kwargs,error,message", [
    (("a string",), {"left_size": 0.5}, TypeError, "The `dataset` argument must be"),
    ((np.arange(4),), {}, ValueError, "At least one of the `left_size` or `right_size`"),
    ((np.arange(4),), {"left_size": "1"}, TypeError, "Invalid `left_size` Type"),
    ((np.arange(4),), {"left_size": 0, "right_size": 0}, ValueError,
     "Both `left_size` and `right_size` are zero."),
    ((np.arange(4),), {"left_size": 4}, ValueError,
     "`left_size` should be either a positive integer smaller than 4"),
    ((np.arange(4),), {"right_size": 1.5}, ValueError, "`right_size` should be either"),
    ((np.arange(4),), {"left_size": 0.6, "right_size": 0.6}, ValueError,
     "The sum of `left_size` and `right_size` is greater than 1."),
    ((np.arange(4),), {"left_size": 3, "right_size": 2}, ValueError,
     "The sum of `left_size` and `right_size` should be smaller than the 4."),
    ((np.arange(4),), {"left_size": 0.1}, ValueError,
     "Resulting left side dataset split will be empty."),
    (((np.arange(4), np.arange(3)),), {"left_size": 2}, ValueError,
     "Received a tuple of NumPy arrays with different lengths."),
    (([],), {"left_size": 1}, ValueError, "Received an empty list dataset."),
    ((np.arange(4),), {"left_size": 2, "preferred_backend": "tensorflow"}, ValueError,
     "Argument `preferred_backend` must be None or 'torch'"),
])
def test_split_dataset_bad_input(args, kwargs, error, message):
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")):
        split_dataset(*args, **kwargs)
