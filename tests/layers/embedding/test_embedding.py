"""``Embedding``: contract, hand-computed lookups, masks, Keras 1/2 arguments, bad ids."""

import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras import layers

IDS = np.array([[1, 2, 0], [4, 0, 0]])


def test_contract():
    first, second = layers.Embedding(10, 3), layers.Embedding(10, 3)
    assert (first.name, second.name) == ("embedding", "embedding_1")
    config = first.get_config()
    assert layers.Embedding.from_config(config).get_config() == config
    assert layers.deserialize(layers.serialize(first)).get_config() == config
    y = layers.Embedding(10, 3)(keras.Input((7,), dtype="int32"))
    assert y.shape == (None, 7, 3)
    layer = layers.Embedding(10, 3)
    out = layer(IDS)
    assert tuple(out.shape) == (2, 3, 3) and out.dtype == torch.float32
    assert [w.path for w in layer.weights] == [f"{layer.name}/embeddings"]
    assert layer.count_params() == 30


def test_default_initializer_is_uniform_005():
    table = layers.Embedding(1000, 50)
    table.build()
    w = table.embeddings.detach().numpy()
    assert w.min() >= -0.05 and w.max() <= 0.05 and w.std() > 0.02
    assert type(table.embeddings_initializer).__name__ == "RandomUniform"


def test_hand_computed_lookup_and_mask():
    table = np.arange(12, dtype="float32").reshape(4, 3)
    layer = layers.Embedding(4, 3, weights=[table], mask_zero=True)
    out = layer(np.array([[3, 0, 1]]))
    np.testing.assert_array_equal(out.detach().numpy(), table[[[3, 0, 1]]])
    np.testing.assert_array_equal(out._keras_mask.numpy(), [[True, False, True]])
    assert getattr(layers.Embedding(4, 3)(np.array([[0]])), "_keras_mask", None) is None
    float_ids = layers.Embedding(4, 3, weights=table)(np.array([[2.0, 1.0]]))
    np.testing.assert_array_equal(float_ids.detach().numpy(), table[[[2, 1]]])


def test_gradient_reaches_only_used_rows():
    layer = layers.Embedding(5, 2)
    layer(np.array([[1]])).sum().backward()
    grad = layer.embeddings.grad.numpy()
    np.testing.assert_array_equal(grad[1], [1.0, 1.0])
    assert np.all(grad[[0, 2, 3, 4]] == 0)


def test_keras2_input_length_and_keras1_names():
    with pytest.warns(UserWarning, match="is Keras 2"):
        model = keras.Sequential([layers.Embedding(100, 8, input_length=12), layers.Flatten(),
                                  layers.Dense(1)])
    assert model.output_shape == (None, 1)
    assert model.layers[0].output_shape == (None, 12, 8)
    from torcheras.legacy.layers.embeddings import Embedding

    with pytest.warns(UserWarning, match="is Keras 1"):
        layer = Embedding(10, 2, init="ones")
    np.testing.assert_array_equal(layer(np.array([[3]])).detach().numpy(), [[[1.0, 1.0]]])


def test_mask_zero_into_lstm_in_functional_model():
    inp = keras.Input((3,), dtype="int32")
    x = layers.Embedding(10, 4, mask_zero=True)(inp)
    out = layers.LSTM(2)(x)
    model = keras.Model(inp, out)
    full = model(np.array([[5, 6, 0]])).detach().numpy()
    # A masked step keeps the LSTM's state, wherever it is: 5, 6 then nothing equals
    # nothing then 5, 6; a real third step changes the result.
    np.testing.assert_allclose(model(np.array([[0, 5, 6]])).detach().numpy(), full,
                               rtol=1e-6)
    assert not np.allclose(model(np.array([[5, 6, 6]])).detach().numpy(), full)


BAD = [
    (lambda: layers.Embedding(0, 3), "`input_dim` must be a positive integer. Received: "
     r"input_dim=0 \(of type int\)"),
    (lambda: layers.Embedding(2.5, 3), "`input_dim` must be a positive integer"),
    (lambda: layers.Embedding(10, -1), "`output_dim` must be a positive integer"),
    (lambda: layers.Embedding(10, 3, name="emb")(np.array([[1, 10, 3]])),
     r"Embedding layer 'emb' received token id 10 \(the largest id in the batch\), but its "
     r"vocabulary has input_dim=10"),
    (lambda: layers.Embedding(10, 3, name="emb")(np.array([[20000, 1]])),
     "token id 20000 .*input_dim=10"),
    (lambda: layers.Embedding(10, 3, name="emb")(np.array([[-1, 1]])),
     "Embedding layer 'emb' received a negative token id -1"),
    (lambda: layers.Embedding(4, 3, weights=[np.zeros((5, 3))]),
     r"weight shape \(4, 3\) is not compatible with provided weight shape \(5, 3\)"),
]


@pytest.mark.parametrize("make, match", BAD)
def test_bad_inputs(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_unsupported_lora_is_explicit():
    with pytest.raises(NotImplementedError, match="lora_rank"):
        layers.Embedding(10, 3, lora_rank=2)
