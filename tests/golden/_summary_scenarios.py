"""Models whose ``summary()`` is compared byte for byte with real Keras 3.

Each scenario takes the ``keras`` module to build with (real Keras when making the golden
files, torcheras in the tests) and returns ``(model, summary_kwargs)``. ``COLUMNS`` gives
the terminal width the scenario is printed at (Keras caps the default line length at the
terminal width minus 4, and crops lines to the terminal width).
"""

from __future__ import annotations

import numpy as np
import torch


def _reset(keras):
    keras.backend.clear_session()
    keras.utils.set_random_seed(0)


def mlp(keras):
    """The seed tutorial's MNIST MLP."""
    _reset(keras)
    layers = keras.layers
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        layers.Dense(512, activation="relu"),
        layers.Dropout(0.2),
        layers.Dense(512, activation="relu"),
        layers.Dropout(0.2),
        layers.Dense(10, activation="softmax"),
    ])
    return model, {}


def mlp_narrow_terminal(keras):
    """Same model printed where the terminal is 80 columns (the non-tty default)."""
    return mlp(keras)


def input_shape_kwarg(keras):
    """Keras 2 style: ``input_shape=`` on the first layer."""
    _reset(keras)
    layers = keras.layers
    model = keras.Sequential([
        layers.Dense(32, activation="relu", input_shape=(16,)),
        layers.Dense(4),
    ])
    return model, {}


def unbuilt(keras):
    _reset(keras)
    layers = keras.layers
    model = keras.Sequential([layers.Dense(64, activation="relu"), layers.Dense(10)])
    return model, {}


def reshaping(keras):
    """Shapes with several dimensions, zero-parameter layers and a long layer name."""
    _reset(keras)
    layers = keras.layers
    model = keras.Sequential([
        keras.Input(shape=(28, 28)),
        layers.Reshape((28, 28, 1)),
        layers.Permute((3, 1, 2)),
        layers.Flatten(),
        layers.Dense(16, name="a_rather_long_layer_name_that_needs_wrapping"),
        layers.RepeatVector(3),
        layers.Activation("relu"),
        layers.LeakyReLU(),
        layers.PReLU(),
    ])
    return model, {}


def two_inputs(keras):
    """Two inputs merged by a custom layer: the "Connected to" column."""
    _reset(keras)
    layers = keras.layers

    class AddTwo(layers.Layer):
        def call(self, inputs):
            return inputs[0] + inputs[1]

    a = keras.Input(shape=(8,), name="left")
    b = keras.Input(shape=(8,), name="right")
    merged = AddTwo()([a, b])
    hidden = layers.Dense(16, activation="relu")(merged)
    out = layers.Dense(1, activation="sigmoid")(hidden)
    model = keras.Model(inputs=[a, b], outputs=out)
    return model, {}


def tensor_op(keras):
    """``a + b`` on symbolic tensors: Keras records its own ``Add`` operation."""
    _reset(keras)
    layers = keras.layers
    a = keras.Input(shape=(8,), name="left")
    b = keras.Input(shape=(8,), name="right")
    out = layers.Dense(2)(a + b)
    model = keras.Model(inputs=[a, b], outputs=out)
    return model, {}


def multi_output(keras):
    """A layer with two outputs and a model with two heads."""
    _reset(keras)
    layers = keras.layers

    class Split(layers.Layer):
        def call(self, x):
            return [x[:, :4], x[:, 4:]]

    inp = keras.Input(shape=(10,), name="features")
    x = layers.Dense(10, name="trunk")(inp)
    first, second = Split()(x)
    out1 = layers.Dense(1, name="head_a")(first)
    out2 = layers.Dense(3, activation="softmax", name="head_b")(second)
    model = keras.Model(inp, [out1, out2], name="two_heads")
    return model, {}


def _nested(keras):
    _reset(keras)
    layers = keras.layers
    inner = keras.Sequential([layers.Dense(8, activation="relu"), layers.Dense(4)],
                             name="inner")
    model = keras.Sequential([keras.Input(shape=(6,)), inner, layers.Dense(1)],
                             name="outer")
    return model


def nested(keras):
    return _nested(keras), {}


def nested_expanded(keras):
    return _nested(keras), {"expand_nested": True}


def nested_functional_expanded(keras):
    _reset(keras)
    layers = keras.layers
    x_in = keras.Input(shape=(5,), name="x")
    encoder = keras.Model(x_in, layers.Dense(3, name="code")(x_in), name="encoder")
    a = keras.Input(shape=(5,), name="a")
    b = keras.Input(shape=(5,), name="b")
    ea = encoder(a)
    eb = encoder(b)

    class Dot(layers.Layer):
        def call(self, inputs):
            return torch.sum(inputs[0] * inputs[1], dim=-1, keepdim=True)

    out = Dot(name="similarity")([ea, eb])
    model = keras.Model([a, b], out, name="siamese")
    return model, {"expand_nested": True, "show_trainable": True}


def show_trainable(keras):
    _reset(keras)
    layers = keras.layers
    frozen = layers.Dense(8, name="frozen")
    model = keras.Sequential([keras.Input(shape=(4,)), frozen, layers.Dropout(0.1),
                              layers.Dense(2, name="head")])
    frozen.trainable = False
    return model, {"show_trainable": True}


def custom_width(keras):
    _reset(keras)
    layers = keras.layers
    model = keras.Sequential([keras.Input(shape=(32, 3)), layers.Flatten(),
                              layers.Dense(7, name="out")], name="custom_width")
    return model, {"line_length": 60, "positions": [0.5, 0.7, 1.0]}


def wide_and_cropped(keras):
    """``line_length`` wider than the terminal: Keras crops each line to the terminal."""
    _reset(keras)
    layers = keras.layers
    model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(2)])
    return model, {"line_length": 100}


def layer_range(keras):
    _reset(keras)
    layers = keras.layers
    model = keras.Sequential([keras.Input(shape=(4,))] + [
        layers.Dense(4, name=f"block{i}") for i in range(5)])
    return model, {"layer_range": ["block1", "block3"]}


def float64_weights(keras):
    """Memory sizes follow the weights' dtype."""
    _reset(keras)
    layers = keras.layers
    model = keras.Sequential([keras.Input(shape=(100,)),
                              layers.Dense(1000, dtype="float64")])
    return model, {}


def eager_data(keras):
    """A Sequential without an Input, built by its first call on data."""
    _reset(keras)
    layers = keras.layers
    model = keras.Sequential([layers.Dense(3), layers.ReLU(), layers.Dense(2)])
    model(np.zeros((5, 7), "float32"))
    return model, {}


def uneven_depths(keras):
    """Inputs at different depths: Keras lists layers by depth from the outputs."""
    _reset(keras)
    layers = keras.layers

    class AddTwo(layers.Layer):
        def call(self, inputs):
            return inputs[0] + inputs[1]

    a = keras.Input(shape=(4,), name="a")
    b = keras.Input(shape=(6,), name="b")
    x = layers.Dense(6, name="project")(a)
    x = AddTwo(name="merge")([x, b])
    y = layers.Dense(2, name="logits")(x)
    model = keras.Model({"a": a, "b": b}, y, name="uneven")
    return model, {}


def functional_chain(keras):
    """A single-input chain built functionally: Keras prints it like a Sequential, with
    the InputLayer row."""
    _reset(keras)
    layers = keras.layers
    inputs = keras.Input(shape=(20,))
    x = layers.Dense(10, activation="relu")(inputs)
    x = layers.Dropout(0.5)(x)
    outputs = layers.Dense(1)(x)
    return keras.Model(inputs, outputs), {}


def shared_layer(keras):
    """One Dense applied to two inputs: two nodes, both listed in "Connected to"."""
    _reset(keras)
    layers = keras.layers
    a = keras.Input(shape=(3,), name="a")
    b = keras.Input(shape=(3,), name="b")
    shared = layers.Dense(5, name="shared")
    out_a = shared(a)
    out_b = shared(b)
    model = keras.Model([a, b], [out_a, out_b], name="shared_model")
    return model, {}


def empty(keras):
    _reset(keras)
    return keras.Sequential(), {}


def long_model_name(keras):
    """A model name longer than the terminal: the title line is folded."""
    _reset(keras)
    layers = keras.layers
    name = "model_" + "x" * 90
    model = keras.Sequential([keras.Input(shape=(2,)), layers.Dense(1)], name=name)
    return model, {}


def compiled_and_trained(keras):
    """After training, the optimizer's variables are counted too."""
    _reset(keras)
    layers = keras.layers
    model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(4), layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    x = np.zeros((8, 3), "float32")
    y = np.zeros((8, 1), "float32")
    model.fit(x, y, epochs=1, batch_size=8, verbose=0)
    return model, {}


def _subclassed(keras):
    _reset(keras)
    layers = keras.layers

    class TwoLayer(keras.Model):
        def __init__(self):
            super().__init__(name="two_layer")
            self.hidden = layers.Dense(8, activation="relu")
            self.out = layers.Dense(2)

        def call(self, x):
            return self.out(self.hidden(x))

    return TwoLayer()


def subclassed_unbuilt(keras):
    return _subclassed(keras), {}


def subclassed_called(keras):
    """Keras shows the shapes each layer was built with; we only know shapes recorded
    by symbolic calls."""
    model = _subclassed(keras)
    model(np.zeros((3, 5), "float32"))
    return model, {}


def concatenate(keras):
    """Two inputs joined by the Concatenate merge layer (the name wraps in its cell)."""
    _reset(keras)
    layers = keras.layers
    a = keras.Input(shape=(3,), name="a")
    b = keras.Input(shape=(5,), name="b")
    merged = layers.Concatenate()([a, b])
    out = layers.Dense(2)(merged)
    model = keras.Model([a, b], [out, layers.Add()([a, a])])
    return model, {"line_length": 76}


# name -> (builder, terminal columns)
SCENARIOS = {
    "mlp": (mlp, 200),
    "mlp_narrow_terminal": (mlp_narrow_terminal, 80),
    "input_shape_kwarg": (input_shape_kwarg, 200),
    "unbuilt": (unbuilt, 200),
    "reshaping": (reshaping, 200),
    "two_inputs": (two_inputs, 200),
    "concatenate": (concatenate, 200),
    "tensor_op": (tensor_op, 200),
    "multi_output": (multi_output, 200),
    "nested": (nested, 200),
    "nested_expanded": (nested_expanded, 200),
    "nested_functional_expanded": (nested_functional_expanded, 200),
    "show_trainable": (show_trainable, 200),
    "custom_width": (custom_width, 200),
    "wide_and_cropped": (wide_and_cropped, 80),
    "layer_range": (layer_range, 200),
    "float64_weights": (float64_weights, 200),
    "eager_data": (eager_data, 200),
    "uneven_depths": (uneven_depths, 200),
    "functional_chain": (functional_chain, 200),
    "shared_layer": (shared_layer, 200),
    "empty": (empty, 200),
    "long_model_name": (long_model_name, 80),
    "compiled_and_trained": (compiled_and_trained, 200),
    "subclassed_unbuilt": (subclassed_unbuilt, 200),
    "subclassed_called": (subclassed_called, 200),
}


def render(keras, name: str) -> str:
    """The text ``summary(print_fn=...)`` hands to ``print_fn`` for scenario ``name``."""
    builder, _ = SCENARIOS[name]
    model, kwargs = builder(keras)
    captured = []
    model.summary(print_fn=lambda text, **_: captured.append(text), **kwargs)
    return "".join(captured)
