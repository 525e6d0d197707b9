"""Keras 2's ``K.rnn``, CTC helpers and functional loops."""

import math

import numpy as np
import pytest

from torcheras import backend as K


def v(x):
    return np.asarray(K.eval(x))


def _cumulative_step(x_t, states):
    total = states[0] + x_t
    return total, [total]


SEQ = np.arange(1, 7, dtype="float32").reshape(1, 3, 2)  # steps [1,2], [3,4], [5,6]


def test_rnn_runs_the_step_over_time():
    last, outputs, states = K.rnn(_cumulative_step, SEQ, [np.zeros((1, 2), "float32")])
    np.testing.assert_array_equal(v(outputs)[0], [[1, 2], [4, 6], [9, 12]])
    np.testing.assert_array_equal(v(last), [[9, 12]])
    np.testing.assert_array_equal(v(states[0]), [[9, 12]])


def test_rnn_backwards_keeps_processing_order():
    _, outputs, _ = K.rnn(_cumulative_step, SEQ, [np.zeros((1, 2), "float32")],
                          go_backwards=True)
    np.testing.assert_array_equal(v(outputs)[0], [[5, 6], [8, 10], [9, 12]])


@pytest.mark.parametrize("zero_output, expected", [
    (False, [[1, 2], [1, 2], [6, 8]]),
    (True, [[1, 2], [0, 0], [6, 8]]),
])
def test_rnn_mask_keeps_states(zero_output, expected):
    mask = np.array([[True, False, True]])
    last, outputs, states = K.rnn(_cumulative_step, SEQ, [np.zeros((1, 2), "float32")],
                                  mask=mask, zero_output_for_mask=zero_output)
    np.testing.assert_array_equal(v(outputs)[0], expected)
    np.testing.assert_array_equal(v(states[0]), [[6, 8]])


def test_rnn_constants_and_last_output_only():
    def step(x_t, states):
        return states[0] + x_t * states[1], [states[0] + x_t * states[1]]

    last, outputs, _ = K.rnn(step, SEQ, [np.zeros((1, 2), "float32")],
                             constants=[np.full((1, 2), 10.0, "float32")],
                             return_all_outputs=False)
    np.testing.assert_array_equal(v(last), [[90, 120]])
    assert v(outputs).shape == (1, 1, 2)


def test_ctc_batch_cost_of_a_certain_path_is_zero():
    # Probabilities 1 on the path "1, blank, 1": the only alignment of labels [1, 1].
    probs = np.full((1, 3, 3), 1e-9, "float32")
    for t, c in enumerate([1, 2, 1]):
        probs[0, t, c] = 1.0
    loss = v(K.ctc_batch_cost(np.array([[1, 1]]), probs, np.array([[3]]), np.array([[2]])))
    assert loss.shape == (1, 1) and abs(loss[0, 0]) < 1e-4


def test_ctc_batch_cost_uniform():
    # 2 steps, classes {0, blank}, label [0]: alignments "0 0", "0 b", "b 0" -> 3 / 4.
    probs = np.full((1, 2, 2), 0.5, "float32")
    loss = v(K.ctc_batch_cost(np.array([[0]]), probs, np.array([[2]]), np.array([[1]])))
    np.testing.assert_allclose(loss, [[-math.log(0.75)]], rtol=1e-4)


def test_ctc_decode_greedy_merges_and_drops_blanks():
    classes = [0, 0, 2, 1, 1, 2, 0]  # blank is class 2
    probs = np.eye(3, dtype="float32")[classes][None] * 0.9 + 0.05
    decoded, _ = K.ctc_decode(probs, np.array([7]))
    assert isinstance(decoded, list) and len(decoded) == 1
    labels = [int(c) for c in v(decoded[0])[0] if c != -1]
    assert labels == [0, 1, 0]


def test_map_fn_and_folds():
    x = np.array([1.0, 2.0, 3.0], "float32")
    np.testing.assert_array_equal(v(K.map_fn(lambda t: t * 2, x)), [2, 4, 6])
    assert float(v(K.foldl(lambda acc, t: acc - t, x))) == -4.0  # (1 - 2) - 3
    assert float(v(K.foldr(lambda acc, t: acc - t, x))) == 0.0  # (3 - 2) - 1
    assert float(v(K.foldl(lambda acc, t: acc + t, x, initializer=10.0))) == 16.0


def test_ctc_label_dense_to_sparse():
    sparse = K.ctc_label_dense_to_sparse(np.array([[5, 6, 0], [7, 0, 0]]), np.array([2, 1]))
    assert K.is_sparse(sparse) and tuple(sparse.shape) == (2, 3)
    np.testing.assert_array_equal(v(K.to_dense(sparse)), [[5, 6, 0], [7, 0, 0]])
    assert sparse.coalesce().indices().T.tolist() == [[0, 0], [0, 1], [1, 0]]
