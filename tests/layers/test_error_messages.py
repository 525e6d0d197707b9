"""Layer-side errors that used to mislead: each names the layer, what it expected and what
it received (the exception type is Keras's, or one Keras's type is a base of)."""

import re

import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras import layers


def _rank_message(layer: str, expected: str, ndim: int, shape: str) -> str:
    # Keras 3's InputSpec text (keras/src/layers/input_spec.py, before 3.11 added the name).
    return re.escape(f'Input 0 of layer "{layer}" is incompatible with the layer: '
                     f"expected {expected}, found ndim={ndim}. Full shape received: {shape}")


# --------------------------------------------------------------------- recurrent, 2-D input
# Before: TypeError: int() argument must be a string, a bytes-like object or a real number,
# not 'NoneType' (from inside build, naming no layer).
@pytest.mark.parametrize("make, name, expected", [
    (lambda: layers.LSTM(3), "lstm", "ndim=3"),
    (lambda: layers.GRU(3), "gru", "ndim=3"),
    (lambda: layers.SimpleRNN(3), "simple_rnn", "ndim=3"),
    (lambda: layers.Bidirectional(layers.LSTM(3)), "bidirectional", "ndim=3"),
    (lambda: layers.RNN(layers.LSTMCell(3)), "rnn", "min_ndim=3"),
])
def test_recurrent_layer_on_2d_input_names_the_layer_and_ranks(make, name, expected):
    with pytest.raises(ValueError, match=_rank_message(name, expected, 2, "(None, 4)")):
        keras.Sequential([keras.Input((4,)), make()])


def test_token_ids_without_embedding_name_the_lstm():
    model = keras.Sequential([layers.LSTM(3), layers.Dense(1)])
    model.compile("adam", "mse")
    ids = np.random.default_rng(0).integers(0, 100, (8, 10))
    with pytest.raises(ValueError, match=_rank_message("lstm", "ndim=3", 2, "(None, 10)")):
        model.fit(ids, np.zeros((8, 1)), verbose=0)
    assert not model.layers[0].built  # no weights of a wrong shape were made


def test_eager_call_on_2d_input_names_the_layer():
    with pytest.raises(ValueError, match=_rank_message("g", "ndim=3", 2, "(5, 7)")):
        layers.GRU(2, name="g")(np.zeros((5, 7), "float32"))
    # The crash inside build is kept as the cause.
    with pytest.raises(ValueError) as info:
        keras.Sequential([keras.Input((4,)), layers.LSTM(3)])
    assert isinstance(info.value.__cause__, TypeError)


def test_a_builds_own_rank_message_is_kept():
    # Conv explains the common mistake itself (images without a channel axis).
    with pytest.raises(ValueError, match=r"add it: x\.reshape\(\(2, 28, 28, 1\)\)"):
        layers.Conv2D(4, 3)(np.zeros((2, 28, 28), "float32"))


# --------------------------------------------------------------------- Concatenate axis
# Before: ValueError: A `Concatenate` layer requires inputs with matching shapes except for the
# concatenation axis. Layer "concatenate" (axis=5) expected shapes like (None, 4) where * is
# any size, but input 0 has shape (None, 4). ...
@pytest.mark.parametrize("axis, inputs, shapes", [
    (5, lambda: [keras.Input((4,)), keras.Input((4,))], "[(None, 4), (None, 4)]"),
    (-3, lambda: [keras.Input((4,)), keras.Input((4,))], "[(None, 4), (None, 4)]"),
    (2, lambda: [np.ones((2, 4), "float32"), np.ones((2, 3), "float32")], "[(2, 4), (2, 3)]"),
])
def test_concatenate_axis_out_of_range_for_the_rank(axis, inputs, shapes):
    message = (f'Argument `axis` of Concatenate layer "cat" is out of range for inputs of '
               f"rank 2: axis={axis}, allowed values are -2 to 1. Received: "
               f"input_shape={shapes}")
    # Keras itself fails here with an IndexError; ours is that and a ValueError.
    for kind in (ValueError, IndexError):
        with pytest.raises(kind, match=f"^{re.escape(message)}$"):
            layers.Concatenate(axis=axis, name="cat")(inputs())


def test_concatenate_axis_in_range_still_works():
    out = layers.Concatenate(axis=-2)([np.ones((2, 1, 3), "float32"),
                                       np.zeros((2, 2, 3), "float32")])
    np.testing.assert_array_equal(out.numpy()[:, :, 0], [[1, 0, 0], [1, 0, 0]])


# --------------------------------------------------------------------- attention mask shape
# Before: RuntimeError: The size of tensor a (7) must match the size of tensor b (6) at
# non-singleton dimension 3 (eager), and no error at all on symbolic inputs.
def _mha_message(name, expected, query, value, got):
    return re.escape(
        f'The `attention_mask` of MultiHeadAttention layer "{name}" must have shape '
        f"{expected} (or one that broadcasts to it) for query shape {query} and value shape "
        f"{value}. Received: attention_mask.shape={got}")


@pytest.mark.parametrize("mask_shape, got", [((2, 5, 6), "(2, 5, 6)"), ((2, 7), "(2, 7)"),
                                             ((3, 2, 5, 7), "(3, 2, 5, 7)")])
def test_attention_mask_of_wrong_shape_names_both_shapes(mask_shape, got):
    mha = layers.MultiHeadAttention(2, 4, name="mha")
    query, value = np.ones((2, 5, 8), "float32"), np.ones((2, 7, 8), "float32")
    with pytest.raises(ValueError, match=_mha_message("mha", "(2, 5, 7)", "(2, 5, 8)",
                                                      "(2, 7, 8)", got)):
        mha(query, value, attention_mask=np.ones(mask_shape, bool))


def test_attention_mask_of_wrong_shape_on_symbolic_inputs():
    query, value = keras.Input((5, 8)), keras.Input((7, 8))
    mask = keras.Input((5, 6), dtype="bool")
    with pytest.raises(ValueError, match=_mha_message("mha", "(None, 5, 7)", "(None, 5, 8)",
                                                      "(None, 7, 8)", "(None, 5, 6)")):
        layers.MultiHeadAttention(2, 4, name="mha")(query, value, attention_mask=mask)


def test_attention_masks_that_broadcast_are_accepted_and_applied():
    mha = layers.MultiHeadAttention(1, 2, name="mha")
    query = torch.ones(1, 2, 3)
    value = torch.arange(9, dtype=torch.float32).reshape(1, 3, 3)
    full = torch.tensor([[[True, False, False], [True, True, False]]])
    out_full = mha(query, value, attention_mask=full)
    # (1, 1, 3) broadcasts over the query positions: only the first key is visible, so
    # both positions equal the full mask's first position (which also sees only key 0).
    out_row = mha(query, value, attention_mask=torch.tensor([[[True, False, False]]]))
    np.testing.assert_allclose(out_row.detach().numpy()[0, 1],
                               out_full.detach().numpy()[0, 0], rtol=1e-6)
