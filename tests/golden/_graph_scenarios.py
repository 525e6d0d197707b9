"""Functional graphs whose run order and layer order Keras defines (make_graph.py, test_graph).

Each builder takes the ``keras`` module to build with and a list that the ``Recorder`` layers
of the model append their names to when they run, and returns the model.
"""

from __future__ import annotations

from types import ModuleType


def recorder_class(keras: ModuleType, calls: list):
    """A layer that records its name in ``calls`` each time it runs (identity otherwise)."""
    class Recorder(keras.layers.Layer):
        def call(self, x):
            calls.append(self.name)
            return x * 1.0

    return Recorder


def short_branch_first(keras: ModuleType, calls: list):
    """A short branch listed before a long one: Keras runs by depth, not by walk order."""
    rec = recorder_class(keras, calls)
    x = keras.Input((3,), name="x")
    d = rec(name="d")(x)
    c = rec(name="c")(rec(name="b")(rec(name="a")(x)))
    return keras.Model(x, keras.layers.Concatenate(name="cat")([d, c]))


def shared_at_depths(keras: ModuleType, calls: list):
    """One layer called at three depths: it is listed once, at its deepest depth."""
    rec = recorder_class(keras, calls)
    x = keras.Input((3,), name="x")
    s = rec(name="s")
    w = s(rec(name="f")(s(rec(name="e")(x))))
    return keras.Model(x, keras.layers.Add(name="add")([w, s(x)]))


def two_outputs_one_unused_input(keras: ModuleType, calls: list):
    """Two heads of different depths, and an input no output uses (still a model input)."""
    rec = recorder_class(keras, calls)
    x = keras.Input((3,), name="x")
    unused = keras.Input((2,), name="unused")
    trunk = rec(name="trunk")(x)
    deep = rec(name="deep2")(rec(name="deep1")(trunk))
    shallow = rec(name="shallow")(trunk)
    return keras.Model([x, unused], [shallow, deep])


SCENARIOS = {
    "short_branch_first": short_branch_first,
    "shared_at_depths": shared_at_depths,
    "two_outputs_one_unused_input": two_outputs_one_unused_input,
}
