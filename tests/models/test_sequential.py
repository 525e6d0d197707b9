"""Sequential specifics: weight paths as Keras 3 names them."""

import numpy as np

import torcheras as keras


def test_weight_paths_follow_keras_name_scopes():
    # Paths printed by Keras 3.15.1 (torch backend) for the same models: layers built by
    # the Sequential get its name as a prefix, nested weights included; a layer built
    # before it was added keeps its own path.
    keras.backend.clear_session()
    pre = keras.layers.Dense(3, name="pre")
    pre.build((None, 4))
    s = keras.Sequential([keras.Input((4,)), pre, keras.layers.Dense(2, name="fresh")],
                         name="s")
    assert [w.path for w in s.weights] == ["pre/kernel", "pre/bias", "s/fresh/kernel",
                                           "s/fresh/bias"]
    t = keras.Sequential([keras.layers.Dense(2, name="lazy")], name="t")
    t(np.ones((1, 3), "float32"))
    assert [w.path for w in t.weights] == ["t/lazy/kernel", "t/lazy/bias"]
    o = keras.Sequential([keras.Input((4,)), keras.Sequential(
        [keras.layers.Dense(2, name="dd")], name="in2")], name="o")
    assert [w.path for w in o.weights] == ["o/in2/dd/kernel", "o/in2/dd/bias"]
    r = keras.Sequential([keras.Input((3, 4)),
                          keras.layers.Bidirectional(keras.layers.LSTM(2), name="bi")],
                         name="r")
    assert [w.path for w in r.weights][:3] == [
        "r/bi/forward_lstm/lstm_cell/kernel", "r/bi/forward_lstm/lstm_cell/recurrent_kernel",
        "r/bi/forward_lstm/lstm_cell/bias"]
