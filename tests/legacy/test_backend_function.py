"""Keras 2's ``K.function(inputs, outputs)``, run eagerly on functional models."""

import numpy as np
import pytest

import torcheras as keras
from torcheras import backend as K


def _model():
    inputs = keras.Input((2,))
    hidden = keras.layers.Dense(3, kernel_initializer="ones", bias_initializer="zeros",
                                name="hidden")(inputs)
    dropped = keras.layers.Dropout(0.5, seed=1)(hidden)
    outputs = keras.layers.Dense(1, kernel_initializer="ones", name="out")(dropped)
    return keras.Model(inputs, outputs)


X = np.array([[1.0, 2.0], [3.0, 4.0]], "float32")


def test_reads_an_intermediate_layer():
    model = _model()
    get_hidden = K.function([model.input], [model.get_layer("hidden").output])
    result = get_hidden([X])
    assert isinstance(result, list) and isinstance(result[0], np.ndarray)
    np.testing.assert_array_equal(result[0], [[3, 3, 3], [7, 7, 7]])


def test_single_tensor_in_and_out():
    model = _model()
    out = K.function(model.input, model.output)(X)
    np.testing.assert_array_equal(out, [[9.0], [21.0]])


def test_learning_phase_input_switches_dropout():
    model = _model()
    f = K.function([model.input, K.learning_phase()], [model.output])
    np.testing.assert_array_equal(f([X, 0])[0], [[9.0], [21.0]])
    big = np.ones((1, 2), "float32") * np.ones((1000, 1), "float32")
    trained = f([big, 1])[0]
    # Dropout drops some of the three units (each kept one scaled by 2): outputs in {0, 4, 8, 12}.
    assert set(np.unique(trained)) <= {0.0, 4.0, 8.0, 12.0} and len(np.unique(trained)) > 1


def test_symbolic_backend_ops_in_the_graph():
    inputs = keras.Input((3,))
    f = K.function([inputs], [K.sum(K.square(inputs), axis=1), K.max(inputs, axis=1)])
    total, largest = f([np.array([[1.0, 2.0, 3.0]], "float32")])
    np.testing.assert_array_equal(total, [14.0])
    np.testing.assert_array_equal(largest, [3.0])


def test_wrong_number_of_inputs():
    model = _model()
    f = K.function([model.input], [model.output])
    with pytest.raises(ValueError, match=r"expects 1 input\(s\). Received 2"):
        f([X, X])


def test_bad_input_slot_and_session_kwargs():
    with pytest.raises(TypeError, match=r"Received: inputs\[0\]='x'"):
        K.function(["x"], [])
    x = keras.Input((2,))
    with pytest.raises(ValueError, match=r"Received: \['options'\]"):
        K.function([x], [x], options=None)
