"""The @op decorator, convert, result_type and keras.Operation."""

import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras.ops._op import convert, op, result_type


@op("Twice")
def _twice(x, scale=2):
    return convert(x) * scale


def test_convert_dtypes_follow_keras_torch_backend():
    assert convert(1).dtype == torch.int32
    assert convert(2**40).dtype == torch.int64
    assert convert(1.5).dtype == torch.float32
    assert convert(True).dtype == torch.bool
    assert convert([1, 2]).dtype == torch.int32
    assert convert([1, 2.0]).dtype == torch.float32
    assert convert(np.ones(2)).dtype == torch.float64
    assert convert(np.ones(2, "uint32")).dtype == torch.int64
    assert convert([1, 2], dtype="float16").dtype == torch.float16
    stacked = convert([torch.ones(2), torch.zeros(2)])
    assert stacked.tolist() == [[1.0, 1.0], [0.0, 0.0]]


def test_convert_keeps_tensor_identity():
    x = torch.ones(3)
    assert convert(x) is x


@pytest.mark.parametrize("dtypes, expected", [
    (("int32", "float32"), "float32"),
    (("bfloat16", int), "bfloat16"),
    (("int8", float), "float32"),
    (("uint8", "int8"), "int16"),
    (("float64",), "float32"),
    (("int64", "int32"), "int32"),
    (("bool", int), "int32"),
    (("float16", "bfloat16"), "float32"),
    ((int, float), "float32"),
    ((), "float32"),
])
def test_result_type_matches_keras(dtypes, expected):
    assert result_type(*dtypes) == expected


def test_result_type_float8_error():
    with pytest.raises(ValueError, match="no implicit conversions from float8"):
        result_type("float8_e4m3fn", "float32")


def test_op_eager_and_symbolic():
    assert _twice(np.array([1.0, 2.0]), scale=3).tolist() == [3.0, 6.0]
    inp = keras.Input((4,))
    out = _twice(inp, scale=3)
    assert out.shape == (None, 4) and out.dtype == "float32"
    model = keras.Model(inp, out)
    assert model.layers == [model.layers[0]]  # operations are not layers
    assert type(out._keras_history[0]).__name__ == "Twice"
    result = model(np.ones((2, 4), "float32"))
    assert result.tolist() == [[3.0] * 4] * 2


def test_symbolic_in_nested_kwargs():
    inp = keras.Input((2,))
    out = _twice(x=[inp][0])
    assert out.shape == (None, 2)


class _AddOne(keras.Operation):
    def call(self, x):
        return x + 1

    def compute_output_spec(self, x):
        return keras.KerasTensor(x.shape, x.dtype)


def test_user_operation_subclass():
    assert _AddOne()(torch.tensor([1.0])).tolist() == [2.0]
    inp = keras.Input((3,))
    out = _AddOne(name="plus_one")(inp)
    assert out._keras_history[0].name == "plus_one"
    model = keras.Model(inp, out)
    assert model(torch.zeros(1, 3)).tolist() == [[1.0, 1.0, 1.0]]


def test_operation_name_validation():
    with pytest.raises(ValueError, match="cannot contain character `/`"):
        keras.Operation(name="a/b")


def test_operation_from_keras_style_config():
    # Keras configs put an op's non-tensor arguments in its config: Sum(axis, keepdims).
    from torcheras.ops._op import OPERATIONS

    op_node = OPERATIONS["Sum"].from_config({"name": "total", "axis": -1, "keepdims": True})
    assert op_node.name == "total"
    assert op_node(np.ones((2, 3), "float32")).tolist() == [[3.0], [3.0]]
    assert op_node(keras.Input((3,))).shape == (None, 1)
    assert op_node.get_config() == {"name": "total", "axis": -1, "keepdims": True}


def test_generated_wrapper_keeps_signature_and_doc():
    import inspect

    assert str(inspect.signature(keras.ops.sum)) == "(x, axis=None, keepdims=False)"
    assert keras.ops.sum.__doc__.startswith("Sum of a tensor")
    assert str(inspect.signature(keras.ops.einsum)) == "(subscripts, *operands, **kwargs)"


class _Scale(keras.Operation):
    def __init__(self, factor, name=None):
        super().__init__(name=name)
        self.factor = factor

    def call(self, x):
        return x * self.factor


def test_operation_auto_config_round_trips():
    op_node = _Scale(2.5, name="scale")
    config = op_node.get_config()
    assert config == {"name": "scale", "factor": 2.5}
    clone = _Scale.from_config(config)
    assert clone.factor == 2.5 and clone(torch.tensor([2.0])).tolist() == [5.0]


def test_operation_auto_config_refuses_non_plain_arguments():
    with pytest.raises(NotImplementedError, match="must override `get_config\\(\\)`"):
        _Scale(torch.tensor(2.0)).get_config()
