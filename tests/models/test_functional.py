"""Functional models: multi-input/output, shared layers, nesting, feature extraction,
KerasTensor operators, masks and graph-building errors."""

import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras import layers

RNG = np.random.default_rng(0)


@pytest.fixture(autouse=True)
def _fresh_names():
    keras.backend.clear_session(free_memory=False)


def _data(*shape):
    return RNG.normal(size=shape).astype("float32")


# ------------------------------------------------------------------ symbolic tensors
def test_input_and_shape_inference_without_computing():
    x = keras.Input(shape=(5,), batch_size=4, dtype="float32", name="feat")
    assert (x.shape, x.dtype, x.name) == ((4, 5), "float32", "feat")
    calls = []

    class Spy(layers.Layer):
        def call(self, t):
            calls.append(t)
            return t * 2

        def compute_output_shape(self, input_shape):
            return input_shape

    y = Spy()(x)
    assert y.shape == (4, 5) and calls == []  # compute_output_shape: call never runs
    z = layers.Dense(3)(y)
    assert z.shape == (4, 3)
    assert keras.Input((2, 3)).shape == (None, 2, 3)
    assert keras.Input((3,), dtype="int32").dtype == "int32"


def test_layer_input_output_and_model_views():
    a = keras.Input((4,), name="a")
    dense = layers.Dense(3, name="d")
    h = dense(a)
    model = keras.Model(a, h)
    assert dense.input is a and dense.output is h
    assert model.inputs == [a] and model.outputs == [h]
    assert model.input is a and model.output is h
    assert (model.input_shape, model.output_shape) == ((None, 4), (None, 3))
    assert [la.name for la in model.layers] == ["a", "d"]
    assert model.get_layer("d") is dense and model.get_layer(index=1) is dense
    # A shared layer answers for its first call; get_*_at picks the others (Keras 3).
    b = keras.Input((4,), name="b")
    h2 = dense(b)
    assert dense.input is a and dense.get_input_at(1) is b and dense.get_output_at(1) is h2


@pytest.mark.parametrize("call, match", [
    (lambda m: m.get_layer("nope"), r"No such layer: nope\. Existing layers are: \['a', 'd'\]"),
    (lambda m: m.get_layer(index=7), r"retrieve layer at index 7 but model only has 2 layers"),
    (lambda m: m.get_layer("d", index=1), r"Provide only a layer name or a layer index"),
    (lambda m: m.get_layer(), r"Provide either a layer name or layer index"),
])
def test_get_layer_errors(call, match):
    a = keras.Input((4,), name="a")
    model = keras.Model(a, layers.Dense(3, name="d")(a))
    with pytest.raises(ValueError, match=match):
        call(model)


# ------------------------------------------------------------------ multi-input/output
def _two_head(names=("reg", "cls")):
    a = keras.Input((4,), name="a")
    b = keras.Input((3,), name="b")
    h = layers.concatenate([a, b])
    h = layers.Dense(8, activation="relu", name="hidden")(h)
    reg = layers.Dense(1, name=names[0])(h)
    cls = layers.Dense(3, activation="softmax", name=names[1])(h)
    return keras.Model({"a": a, "b": b}, {"reg": reg, "cls": cls})


def test_two_inputs_two_outputs_dicts_train_with_per_output_losses_and_weights():
    model = _two_head()
    x = {"a": _data(40, 4), "b": _data(40, 3)}
    y = {"reg": _data(40, 1), "cls": RNG.integers(0, 3, 40)}
    model.compile("adam", loss={"reg": "mse", "cls": "sparse_categorical_crossentropy"},
                  loss_weights={"reg": 0.25, "cls": 3.0},
                  metrics={"reg": ["mae"], "cls": ["accuracy"]})
    hist = model.fit(x, y, batch_size=8, epochs=3, verbose=0)
    assert list(hist.history) == ["cls_accuracy", "cls_loss", "loss", "reg_loss", "reg_mae"]
    assert hist.history["loss"][-1] < hist.history["loss"][0]
    logs = model.evaluate(x, y, batch_size=40, verbose=0, return_dict=True)
    # The total is the weighted sum of the per-output (unweighted) losses.
    assert logs["loss"] == pytest.approx(0.25 * logs["reg_loss"] + 3.0 * logs["cls_loss"],
                                         rel=1e-5)
    pred = model.predict(x, verbose=0)
    assert sorted(pred) == ["cls", "reg"]
    assert pred["reg"].shape == (40, 1) and pred["cls"].shape == (40, 3)
    np.testing.assert_allclose(pred["cls"].sum(-1), 1.0, atol=1e-5)


def test_inputs_and_targets_as_lists_or_dicts_by_name():
    a, b = keras.Input((4,), name="left"), keras.Input((3,), name="right")
    h = layers.Dense(4)(layers.concatenate([a, b]))
    model = keras.Model([a, b], [layers.Dense(1, name="o1")(h), layers.Dense(2, name="o2")(h)])
    model.compile("sgd", ["mse", "mse"], loss_weights=[1.0, 0.5])
    xa, xb, y1, y2 = _data(10, 4), _data(10, 3), _data(10, 1), _data(10, 2)
    by_list = model.evaluate([xa, xb], [y1, y2], verbose=0)
    by_name = model.evaluate({"left": xa, "right": xb}, {"o1": y1, "o2": y2}, verbose=0)
    assert by_list == pytest.approx(by_name)
    assert model.output_names == ["o1", "o2"] and model.input_names == ["left", "right"]
    with pytest.raises(ValueError, match=r"Missing data for input 'right'"):
        model({"left": xa})
    with pytest.raises(ValueError, match=r"expects 2 input\(s\), but argument `x` holds 1"):
        model.predict({"left": xa}, verbose=0)


def test_loss_for_one_output_only_takes_targets_for_that_output():
    model = _two_head()
    model.compile("sgd", loss={"cls": "sparse_categorical_crossentropy"})
    x = {"a": _data(12, 4), "b": _data(12, 3)}
    reg_before = [w.copy() for w in model.get_layer("reg").get_weights()]
    # Keras 3 (torch backend) warns the same way: the "reg" head gets no gradient.
    with pytest.warns(UserWarning, match=r"Gradients do not exist for variables "
                                         r"\['reg/kernel', 'reg/bias'\] when minimizing the loss"):
        hist = model.fit(x, {"cls": RNG.integers(0, 3, 12)}, epochs=1, verbose=0)
    assert list(hist.history) == ["loss"]
    for before, after in zip(reg_before, model.get_layer("reg").get_weights(), strict=True):
        np.testing.assert_array_equal(before, after)


# ------------------------------------------------------------------ shared layers
def _euclidean_distance(vects):
    x, y = vects
    sum_square = torch.sum(torch.square(x - y), dim=1, keepdim=True)
    return torch.sqrt(torch.clamp(sum_square, min=keras.backend.epsilon()))


def _contrastive_loss(y_true, y_pred, margin=1.0):
    square_pred = torch.square(y_pred)
    margin_square = torch.square(torch.clamp(margin - y_pred, min=0))
    return torch.mean(y_true * square_pred + (1 - y_true) * margin_square)


def test_siamese_model_shares_weights_and_trains():
    """Keras's mnist_siamese example in miniature: one base network, two inputs, a Lambda
    distance and a contrastive loss."""
    base_in = keras.Input((10,))
    h = layers.Dense(16, activation="relu")(base_in)
    h = layers.Dense(8, activation="relu")(h)
    base = keras.Model(base_in, h, name="base_network")
    a, b = keras.Input((10,), name="a"), keras.Input((10,), name="b")
    distance = layers.Lambda(_euclidean_distance, output_shape=(1,), name="dist")(
        [base(a), base(b)])
    model = keras.Model([a, b], distance)
    assert len(model.weights) == 4  # one copy of the base weights
    assert [la.name for la in model.layers] == ["a", "b", "base_network", "dist"]
    # Pairs: same-class pairs are close (label 1), different-class pairs far (label 0).
    centers = RNG.normal(size=(2, 10)).astype("float32") * 3
    cls_a = RNG.integers(0, 2, 128)
    same = RNG.integers(0, 2, 128)
    cls_b = np.where(same == 1, cls_a, 1 - cls_a)
    xa = centers[cls_a] + 0.3 * _data(128, 10)
    xb = centers[cls_b] + 0.3 * _data(128, 10)
    y = same.astype("float32")[:, None]
    model.compile(keras.optimizers.RMSprop(0.01), _contrastive_loss)
    hist = model.fit([xa, xb], y, batch_size=32, epochs=8, verbose=0)
    assert hist.history["loss"][-1] < 0.5 * hist.history["loss"][0]
    dist = model.predict([xa, xb], verbose=0)[:, 0]
    accuracy = np.mean((dist < 0.5) == (same == 1))
    assert accuracy > 0.9
    # Both branches ran the very same network.
    emb_a = base.predict(xa, verbose=0)
    emb_b = base.predict(xb, verbose=0)
    np.testing.assert_allclose(dist, np.sqrt(np.maximum(((emb_a - emb_b) ** 2).sum(1),
                                                         1e-7)), rtol=1e-5, atol=1e-5)


def test_layer_called_twice_in_one_model_shares_weights():
    shared = layers.Dense(3, name="shared")
    a, b = keras.Input((4,)), keras.Input((4,))
    model = keras.Model([a, b], layers.subtract([shared(a), shared(b)]))
    assert len(model.weights) == 2
    x = _data(5, 4)
    np.testing.assert_allclose(model.predict([x, x], verbose=0), 0.0, atol=1e-6)


# ------------------------------------------------------------------ nesting, extraction
def test_nested_models_as_layers_train_their_weights():
    inner_in = keras.Input((6,))
    inner = keras.Model(inner_in, layers.Dense(4, activation="tanh")(inner_in), name="inner")
    seq = keras.Sequential([layers.Dense(3, name="s1")], name="head")
    x = keras.Input((6,))
    outer = keras.Model(x, seq(inner(x)), name="outer")
    assert outer.output_shape == (None, 3)
    assert [la.name for la in outer.layers][1:] == ["inner", "head"]
    assert len(outer.weights) == 4 and outer.count_params() == 6 * 4 + 4 + 4 * 3 + 3
    before = [w.numpy().copy() for w in inner.weights]
    outer.compile("sgd", "mse")
    outer.fit(_data(16, 6), _data(16, 3), epochs=1, verbose=0)
    assert all(not np.allclose(b, w.numpy()) for b, w in zip(before, inner.weights))
    # The nested model still works on its own, with the trained weights.
    xs = _data(2, 6)
    np.testing.assert_allclose(outer.predict(xs, verbose=0),
                               seq.predict(inner.predict(xs, verbose=0), verbose=0), atol=1e-6)


def test_feature_extractor_outputs_equal_intermediate_activations():
    inputs = keras.Input((5,))
    h1 = layers.Dense(7, activation="relu", name="h1")(inputs)
    h2 = layers.Dense(6, activation="tanh", name="h2")(h1)
    outputs = layers.Dense(2, activation="softmax", name="out")(h2)
    model = keras.Model(inputs, outputs)
    extractor = keras.Model(inputs=model.input, outputs=model.get_layer("h2").output)
    multi = keras.Model(model.inputs, [la.output for la in model.layers[1:]])
    x = _data(9, 5)
    # By hand, from the weights.
    k1, b1, k2, b2, k3, b3 = model.get_weights()
    a1 = np.maximum(x @ k1 + b1, 0)
    a2 = np.tanh(a1 @ k2 + b2)
    np.testing.assert_allclose(extractor.predict(x, verbose=0), a2, rtol=1e-5, atol=1e-6)
    got = multi.predict(x, verbose=0)
    np.testing.assert_allclose(got[0], a1, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got[2], model.predict(x, verbose=0), atol=1e-6)
    assert extractor.get_layer("h2") is model.get_layer("h2")  # the same layer objects


def test_sequential_is_a_graph_too():
    seq = keras.Sequential([keras.Input((4,)), layers.Dense(3, name="a"),
                            layers.Dense(2, name="b")])
    assert seq.input.shape == (None, 4) and seq.output.shape == (None, 2)
    features = keras.Model(seq.input, seq.get_layer("a").output)
    x = _data(3, 4)
    k, b = seq.get_layer("a").get_weights()
    np.testing.assert_allclose(features.predict(x, verbose=0), x @ k + b, atol=1e-5)


# ------------------------------------------------------------------ operators
def test_keras_tensor_operators_build_working_models():
    x = keras.Input((4,))
    y = keras.Input((4,))
    outs = [x + y, x - y, x * y, x / (abs(y) + 1.0), 2.0 + x, 1.0 - x, 3.0 * x, 1.0 / (x * x + 1),
            -x, x ** 2, x[:, 1:3], x[:, 0], (x + 1.0)[:, ::2]]
    model = keras.Model([x, y], outs)
    assert [o.shape for o in outs[10:]] == [(None, 2), (None,), (None, 2)]
    a, b = _data(3, 4), _data(3, 4)
    expected = [a + b, a - b, a * b, a / (np.abs(b) + 1), 2 + a, 1 - a, 3 * a, 1 / (a * a + 1),
                -a, a ** 2, a[:, 1:3], a[:, 0], (a + 1)[:, ::2]]
    for got, want in zip(model.predict([a, b], verbose=0), expected):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    # The rest of Keras's KerasTensor operators: reflected, integer, comparison, logic.
    m = keras.Input((3,))
    outs = [2.0 ** m, m // 2.0, m % 2.0, 7.0 // (m + 10.0), 7.0 % (m + 10.0), round(m, 1),
            m < 0.5, m <= 0.5, m > 0.5, m >= 0.5, m != 0.5, (m > 0.0) & (m < 1.0),
            (m > 0.0) | (m < -1.0), (m > 0.0) ^ (m < 1.0), ~(m > 0.0),
            m @ np.ones((3, 2), "float32"), np.ones((2, 2), "float32") @ keras.Input((2, 3))]
    assert outs[6].dtype == "bool" and outs[-1].shape == (None, 2, 3)
    v = np.array([[0.25, 1.5, -2.0]], "float32")
    got = keras.Model(m, outs[:-1]).predict(v, verbose=0)
    want = [2.0 ** v, v // 2, v % 2, 7 // (v + 10), 7 % (v + 10), np.round(v, 1), v < 0.5,
            v <= 0.5, v > 0.5, v >= 0.5, v != 0.5, (v > 0) & (v < 1), (v > 0) | (v < -1),
            (v > 0) ^ (v < 1), ~(v > 0), v @ np.ones((3, 2))]
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=1e-6)
    assert m in [m] and m == m  # `==` keeps its identity meaning (as Keras)
    # Operators mixed with layers train.
    h = layers.Dense(4)(x) * layers.Dense(4)(y) + x
    model = keras.Model([x, y], layers.Dense(1)(h))
    model.compile("sgd", "mse")
    model.fit([a, b], _data(3, 1), epochs=1, verbose=0)


# ------------------------------------------------------------------ masks
class ZeroMask(layers.Layer):
    """Masks time steps whose features are all zero (what Masking(0.0) does)."""

    def compute_mask(self, inputs, mask=None):
        return torch.any(inputs != 0, dim=-1)

    def call(self, x):
        return x


class MaskedMean(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.seen = []

    def call(self, x, mask=None):
        self.seen.append(mask)
        if mask is None:
            return x.mean(1)
        m = mask.unsqueeze(-1).to(x.dtype)
        return (x * m).sum(1) / m.sum(1).clamp(min=1)

    def compute_mask(self, inputs, mask=None):
        return None

    def compute_output_shape(self, input_shape):
        return (input_shape[0], input_shape[2])


def test_masks_flow_through_the_functional_plan():
    a, b = keras.Input((3, 2)), keras.Input((2, 2))
    joined = layers.Concatenate(axis=1)([ZeroMask()(a), ZeroMask()(b)])
    dense = layers.Dense(2, kernel_initializer="ones", name="per_step")(joined)
    pooled = MaskedMean(name="pool")(joined)
    model = keras.Model([a, b], [pooled, dense])
    xa = np.array([[[1, 1], [0, 0], [3, 3]]], "float32")
    xb = np.array([[[0, 0], [5, 5]]], "float32")
    pooled_out, dense_out = model([xa, xb])
    assert pooled_out.tolist() == [[3.0, 3.0]]  # mean of the unmasked steps 1, 3 and 5
    assert model.get_layer("pool").seen[-1].tolist() == [[True, False, True, False, True]]
    # Dense passes the mask on to the output.
    assert dense_out._keras_mask.tolist() == [[True, False, True, False, True]]


def test_masked_output_steps_do_not_count_in_the_loss():
    x = keras.Input((4, 2))
    y = layers.Dense(1, kernel_initializer="ones", bias_initializer="zeros")(ZeroMask()(x))
    model = keras.Model(x, y)
    model.compile("sgd", "mse")
    data = np.array([[[1, 1], [2, 0], [0, 0], [0, 0]]], "float32")
    target = np.array([[[2.0], [1.0], [0.0], [0.0]]], "float32")
    base = model.evaluate(data, target, verbose=0)
    target[0, 2:, 0] = 100.0  # masked steps: the loss must not change
    assert model.evaluate(data, target, verbose=0) == pytest.approx(base)
    assert base == pytest.approx(((2 - 2) ** 2 + (2 - 1) ** 2) / 2)


# ------------------------------------------------------------------ errors
def test_incompatible_symbolic_shape_names_layer_expected_and_received():
    dense = layers.Dense(3, name="proj")
    dense(keras.Input((4,)))
    with pytest.raises(ValueError, match=r'layer "proj" is incompatible with the layer: '
                                         r"expected axis -1 of input shape to have value 4, "
                                         r"but received input with shape \(None, 5\)"):
        dense(keras.Input((5,)))
    with pytest.raises(ValueError, match=r'"join" \(axis=-1\) expected shapes like '
                                         r"\(None, 2, \*\).*input 1 has shape \(None, 3, 5\)"):
        layers.Concatenate(name="join")([keras.Input((2, 4)), keras.Input((3, 5))])


def test_shape_inference_failure_names_the_layer():
    class BadMatmul(layers.Layer):
        def call(self, x):
            return x @ torch.ones(3, 3)

    with pytest.raises(RuntimeError, match=r"output shape / dtype of 'bad' \(of type "
                                           r"BadMatmul\) for inputs of shape \(None, 4\)"):
        BadMatmul(name="bad")(keras.Input((4,)))


def test_output_not_reachable_from_inputs_names_the_disconnected_tensor():
    x = keras.Input((3,), name="x")
    orphan = keras.Input((3,), name="orphan")
    head = layers.Dense(2, name="head")(orphan)
    with pytest.raises(ValueError, match=r'Graph disconnected: Output .* of layer "head" is '
                                         r"not connected to `inputs`\. Cannot find parent for "
                                         r"tensor <KerasTensor shape=\(None, 3\), "
                                         r'dtype=float32, name=orphan> at layer "orphan"'):
        keras.Model(x, [layers.Dense(2)(x), head])


@pytest.mark.parametrize("make, match", [
    (lambda x: keras.Model(x, np.ones(3)), r"All `outputs` of a functional Model must be "
                                           r"KerasTensors"),
    (lambda x: keras.Model(layers.Dense(2)(x), layers.Dense(2)(x)),
     r"`inputs` must come from `keras.Input\(\)`"),
    (lambda x: keras.Model(x, layers.Dense(2, name="dup")(layers.Dense(2, name="dup")(x))),
     r"The name 'dup' is used 2 times in the model"),
])
def test_bad_graph_arguments(make, match):
    with pytest.raises(ValueError, match=match):
        make(keras.Input((3,)))


def test_wrong_number_of_inputs_at_call_time():
    a, b = keras.Input((2,)), keras.Input((2,))
    model = keras.Model([a, b], layers.add([a, b]), name="pair")
    with pytest.raises(ValueError, match=r"Model 'pair' expects 2 inputs, but it received a "
                                         r"single tensor"):
        model(np.ones((1, 2), "float32"))


def test_keras1_input_output_keywords():
    x = keras.Input((3,))
    with pytest.warns(UserWarning, match="is Keras 1; use `(in|out)puts=`"):
        model = keras.Model(input=x, output=layers.Dense(2)(x))
    assert model.output_shape == (None, 2)
    with pytest.raises(TypeError, match=r"A functional Model needs `inputs` and `outputs`"):
        keras.Model(inputs=x)


def test_layers_and_weights_in_keras_order():
    # Orders recorded from Keras 3.15.1 for this graph (by depth from the outputs, then by
    # traversal): `model.layers`, and so `weights`/`get_weights`, follow it.
    keras.backend.clear_session()
    a, b = keras.Input((4,), name="a"), keras.Input((3,), name="b")
    x = keras.layers.Dense(5, name="d1")(a)
    y = keras.layers.Dense(5, name="d2")(b)
    z = keras.layers.Dense(5, name="d0")(x)
    w = keras.layers.Concatenate(name="cat")([keras.layers.Add(name="add")([z, y]), x])
    model = keras.Model([a, b], [keras.layers.Dense(1, name="o1")(w),
                                 keras.layers.Dense(2, name="o2")(y)])
    assert [la.name for la in model.layers] == [
        "a", "d1", "b", "d0", "d2", "add", "cat", "o1", "o2"]
    assert [v.path for v in model.weights] == [
        "d1/kernel", "d1/bias", "d0/kernel", "d0/bias", "d2/kernel", "d2/bias",
        "o1/kernel", "o1/bias", "o2/kernel", "o2/bias"]


def test_operators_are_keras_operations_not_layers():
    keras.backend.clear_session()
    a = keras.Input((4,), name="a")
    model = keras.Model(a, keras.layers.Dense(2, name="dd")((a + 1.0) * 2.0 - 1.0))
    assert [la.name for la in model.layers] == ["a", "dd"]
    lines = []
    model.summary(print_fn=lines.append)
    text = "\n".join(lines)
    for row in ("add (Add)", "multiply (Multiply)", "subtract (Subtract)"):
        assert row in text
