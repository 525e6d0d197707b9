"""The top-level names Keras 3 programs use: base-class aliases, keras.Function,
keras.version, and the namespaces, checked against real Keras 3.15's ``dir(keras)``
(tests/golden/make_toplevel.py)."""

import numpy as np
import pytest
import torch
from _golden import load_json

import torcheras as keras
from torcheras import constraints, initializers, losses, metrics, optimizers, regularizers

GOLDEN = load_json("toplevel")

# Names of dir(keras) that belong to other issues (applications, distribution, quantizers,
# remat, ...); everything else Keras 3 exports at the top level must be here.
ELSEWHERE = {"Quantizer", "RematScope", "SymbolicScope", "applications", "distillation",
             "distribution", "legacy", "mixed_precision", "quantizers", "remat", "src",
             "visualization", "wrappers", "random", "tree"}


def test_top_level_names_cover_keras3():
    missing = set(GOLDEN["names"]["keras"]) - ELSEWHERE - set(dir(keras))
    assert missing == set()
    assert set(keras.__all__) <= set(dir(keras))


@pytest.mark.parametrize("alias, cls", [
    ("Loss", losses.Loss), ("Metric", metrics.Metric), ("Optimizer", optimizers.Optimizer),
    ("Initializer", initializers.Initializer), ("Regularizer", regularizers.Regularizer),
    ("Constraint", constraints.Constraint),
])
def test_base_class_aliases_are_the_classes(alias, cls):
    assert getattr(keras, alias) is cls


def test_subclassing_the_aliases_works():
    class Half(keras.Constraint):
        def __call__(self, w):
            return w * 0.5

    class Sq(keras.Loss):
        def call(self, y_true, y_pred):
            return keras.ops.mean(keras.ops.square(y_true - y_pred), axis=-1)

    assert Half()(torch.tensor([2.0])).tolist() == [1.0]
    assert float(Sq()(np.array([[1.0, 3.0]]), np.array([[0.0, 0.0]]))) == 5.0


def test_version():
    assert keras.version() == keras.__version__
    assert isinstance(keras.version(), str) and keras.version().count(".") == 2


def test_dtype_policy_names_at_the_top():
    assert keras.DTypePolicy is keras.dtype_policies.DTypePolicy
    assert keras.FloatDTypePolicy is keras.dtype_policies.FloatDTypePolicy
    names = set(GOLDEN["names"]["dtype_policies"])
    # DTypePolicyMap and the GPTQ/AWQ/Int4 policies belong to the quantization issue.
    assert names - set(dir(keras.dtype_policies)) <= {
        "AWQDTypePolicy", "DTypePolicyMap", "GPTQDTypePolicy", "Int4DTypePolicy"}


# ---------------------------------------------------------------------- keras.Function
def _graph():
    x = keras.Input((2,), name="fx")
    dense = keras.layers.Dense(3, kernel_initializer="ones", bias_initializer="zeros")
    h = dense(x)
    y = keras.ops.sum(h * 2.0, axis=-1)
    return x, h, y


def test_function_runs_the_graph_on_real_inputs():
    x, h, y = _graph()
    fn = keras.Function(x, {"h": h, "y": y}, name="f")
    out = fn(np.array([[1.0, 2.0], [0.0, -1.0]], "float32"))
    assert out["h"].tolist() == [[3.0, 3.0, 3.0], [-1.0, -1.0, -1.0]]
    assert out["y"].tolist() == [18.0, -6.0]
    assert fn.name == "f"
    assert [type(op).__name__ for op in fn.operations] == ["Dense", "Multiply", "Sum"]
    assert fn.inputs == [x] and fn.outputs == [h, y]


def test_function_from_an_intermediate_tensor_and_several_inputs():
    x, h, y = _graph()
    tail = keras.Function(h, y)
    assert tail(np.ones((1, 3), "float32")).tolist() == [6.0]
    a, b = keras.Input((2,)), keras.Input((2,))
    both = keras.Function([a, b], keras.ops.maximum(a, b) - b)
    got = both([np.array([[1.0, 5.0]]), np.array([[3.0, 2.0]])])
    assert got.tolist() == [[0.0, 3.0]]


def test_function_symbolic_call_and_output_shape():
    x, h, y = _graph()
    fn = keras.Function(x, [h, y])
    assert fn.compute_output_shape((None, 2)) == [(None, 3), (None,)]
    out = fn(keras.Input((2,)))
    assert keras.backend.is_keras_tensor(out[0]) and out[0].shape == (None, 3)


def test_function_is_differentiable():
    x, h, y = _graph()
    fn = keras.Function(x, y)
    inp = torch.ones((1, 2), requires_grad=True)
    fn(inp).sum().backward()
    assert inp.grad.tolist() == [[6.0, 6.0]]


def test_function_bad_inputs():
    x, h, y = _graph()
    with pytest.raises(ValueError, match="All `outputs` values must be KerasTensors"):
        keras.Function(x, [h, np.ones(2)])
    with pytest.raises(ValueError, match="All `inputs` values must be KerasTensors"):
        keras.Function([x, 3], y)
    other = keras.Input((2,))
    with pytest.raises(ValueError, match="Graph disconnected"):
        keras.Function(other, y)
    fn = keras.Function(x, y)
    with pytest.raises(ValueError, match=r"expects 1 input\(s\), but it was called on 2"):
        fn([np.ones((1, 2)), np.ones((1, 2))])
    with pytest.raises(TypeError, match="Argument `name` must be a string. Received: name=3"):
        keras.Function(x, y, name=3)
