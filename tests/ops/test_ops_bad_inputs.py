"""Bad-input table for the checks torcheras adds beyond the Keras golden rows."""

import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras import ops

M = np.ones((3, 4), "float32")

ROWS = [
    ("vectorize-callable", lambda: ops.vectorize(3), ValueError,
     "Expected argument `pyfunc` to be a callable. Received: pyfunc=3"),
    ("rearrange-arrow", lambda: ops.rearrange(M, "a b"), ValueError,
     "`pattern` must contain one '->'. Received: pattern='a b'"),
    ("rearrange-rank", lambda: ops.rearrange(M, "a b c -> a"), ValueError,
     "The input pattern has 3 axes but the tensor has rank 2"),
    ("convert-sparse", lambda: ops.convert_to_tensor(M, sparse=True), ValueError,
     "`sparse=True` is not supported with torch backend"),
    ("convert-ragged", lambda: ops.convert_to_tensor(M, ragged=True), ValueError,
     "`ragged=True` is not supported with torch backend"),
    ("convert-object", lambda: ops.convert_to_tensor(np.array([object()])), ValueError,
     "Cannot convert a value of type ndarray to a tensor"),
    ("convert_to_numpy-symbolic", lambda: ops.convert_to_numpy(keras.Input((2,))), ValueError,
     "You cannot convert it to a NumPy array"),
    ("bincount-sparse", lambda: ops.bincount(np.array([1, 2]), sparse=True), ValueError,
     "Unsupported value `sparse=True` with torch backend"),
    ("diag-3d", lambda: ops.diag(np.ones((2, 2, 2))), ValueError,
     "`x` must be 1d or 2d. Received: x.shape=(2, 2, 2)"),
    ("squeeze-eager", lambda: ops.squeeze(M, axis=0), ValueError,
     "Cannot squeeze axis 0, because the dimension is not 1. Received: x.shape=(3, 4)"),
    ("take-float", lambda: ops.take(M, np.array([1.0])), ValueError,
     "Argument `indices` must be an integer tensor. Received: indices.dtype=float64"),
    ("take_along_axis-float", lambda: ops.take_along_axis(M, np.ones((1, 4)), axis=0),
     ValueError, "Argument `indices` must be an integer tensor."),
    ("where-x2-missing", lambda: ops.where(M > 0, x2=M), ValueError,
     "`x1` and `x2` either both should be `None` or both should have non-None value."),
    ("symbolic-bcast", lambda: ops.multiply(keras.Input((3,)), keras.Input((4,))),
     ValueError, "Cannot broadcast shape, the failure dim has value 3, which cannot be "
     "broadcasted to 4. Input shapes are: [None, 3] and [None, 4]."),
    ("symbolic-axis", lambda: ops.mean(keras.Input((3,)), axis=2), ValueError,
     "axis 2 is out of bounds for an array with dimension 2."),
    ("symbolic-matmul", lambda: ops.matmul(keras.Input((3,)), keras.Input((4, 5))),
     ValueError, "Inner dimensions (`x1.shape[-1]` and `x2.shape[-2]`) must be equal"),
    ("symbolic-take-float", lambda: ops.take(keras.Input((3,)), keras.Input((2,))),
     ValueError, "Argument `indices` must be an integer tensor."),
    ("result_type-float8", lambda: ops.result_type("float8_e5m2", "float32"), ValueError,
     "There is no implicit conversions from float8 dtypes to others."),
    ("result_type-bad", lambda: ops.result_type("float32", "not_a_dtype"), ValueError,
     "Invalid dtype: not_a_dtype"),
    ("operation-name", lambda: keras.Operation(name=3), ValueError,
     "Argument `name` must be a string and cannot contain character `/`. Received: name=3"),
    ("scan-callable", lambda: ops.scan(3, 0.0, np.ones(2)), TypeError,
     "`f` should be a callable. Received: f=3"),
    ("associative_scan-callable", lambda: ops.associative_scan(3, np.ones(2)), TypeError,
     "`f` should be a callable. Received: f=3"),
    ("associative_scan-lengths", lambda: ops.associative_scan(
        lambda a, b: a, [np.ones(2), np.ones(3)]), ValueError,
     "Array inputs to associative_scan must have the same first dimension."),
]


@pytest.mark.parametrize("row", ROWS, ids=[r[0] for r in ROWS])
def test_bad_input_message(row):
    _, call, error, message = row
    with pytest.raises(error) as info:
        call()
    assert message in str(info.value), str(info.value)


def test_custom_gradient_without_grad_fn_raises_on_backward():
    x = torch.ones(2, requires_grad=True)
    out = ops.custom_gradient(lambda t: t * 2.0)(x)
    with pytest.raises(ValueError, match="grad_fn must be provided for custom gradient"):
        out.sum().backward()
