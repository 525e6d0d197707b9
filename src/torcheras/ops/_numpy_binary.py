"""Elementwise ops of two tensors (``keras.ops.add``, ``maximum``, ``equal``, ...).

Python scalars are weakly typed (they take the tensor's dtype kind), as in Keras.
"""

from __future__ import annotations

import torch

from torcheras.ops._dtypes import _INTS, _TORCH_NAMES, result_type
from torcheras.ops._op import cast, convert, floatx_dtype, keras_tensor, op


def _dt(x):
    """Dtype for promotion: the tensor's name, or the Python type of a scalar (weak)."""
    if isinstance(x, torch.Tensor):
        return _TORCH_NAMES[x.dtype]
    return getattr(x, "dtype", type(x))


def _binary(name: str, class_name: str, torch_fn, doc: str, bool_to_int: bool = False):
    """An op that is ``torch_fn`` on the two converted inputs."""
    def fn(x1, x2):
        x1 = convert(x1)
        x2 = convert(x2)
        if bool_to_int and x1.dtype is torch.bool and x2.dtype is torch.bool:
            x1, x2 = x1.to(torch.int32), x2.to(torch.int32)
        return torch_fn(x1, x2)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = (f"{doc}\n\n    Args:\n        x1: First input tensor.\n"
                  "        x2: Second input tensor.\n\n    Returns:\n        A tensor.\n")
    return op(class_name, elementwise=True)(fn)


add = _binary("add", "Add", torch.add, "Add arguments element-wise.")
multiply = _binary("multiply", "Multiply", torch.multiply, "Multiply arguments element-wise.")
power = _binary("power", "Power", torch.pow, "First tensor elements raised to powers from "
                "second tensor, element-wise.")
equal = _binary("equal", "Equal", torch.eq, "Returns `(x1 == x2)` element-wise.")
not_equal = _binary("not_equal", "NotEqual", torch.not_equal,
                    "Return `(x1 != x2)` element-wise.")
greater = _binary("greater", "Greater", torch.greater, "Return the truth value of `x1 > x2`.")
greater_equal = _binary("greater_equal", "GreaterEqual", torch.greater_equal,
                        "Return the truth value of `x1 >= x2` element-wise.")
less = _binary("less", "Less", torch.less, "Return the truth value of `x1 < x2` element-wise.")
less_equal = _binary("less_equal", "LessEqual", torch.less_equal,
                     "Return the truth value of `x1 <= x2` element-wise.")
logical_and = _binary("logical_and", "LogicalAnd", torch.logical_and,
                      "Computes the element-wise logical AND of the given input tensors.")
logical_or = _binary("logical_or", "LogicalOr", torch.logical_or,
                     "Computes the element-wise logical OR of the given input tensors.")
logical_xor = _binary("logical_xor", "LogicalXor", torch.logical_xor,
                      "Compute the truth value of `x1 XOR x2`, element-wise.")
gcd = _binary("gcd", "Gcd", torch.gcd, "Greatest common divisor of `|x1|` and `|x2|`.")
lcm = _binary("lcm", "Lcm", torch.lcm, "Least common multiple of `|x1|` and `|x2|`.")
mod = _binary("mod", "Mod", torch.remainder, "Returns the element-wise remainder of division.",
              bool_to_int=True)
fmod = _binary("fmod", "Fmod", torch.fmod, "Element-wise remainder of division (sign of "
               "the dividend, as C's `fmod`).", bool_to_int=True)


@op("Kron")
def kron(x1, x2):
    """Kronecker product of ``x1`` and ``x2``.

    Args:
        x1: First input tensor.
        x2: Second input tensor.

    Returns:
        A tensor.
    """
    return torch.kron(convert(x1), convert(x2))


def _bitwise(name, class_name, torch_fn, doc, int_shift=False):
    def fn(x, y):
        x = convert(x)
        if not (int_shift and isinstance(y, int)):
            y = convert(y)
        return torch_fn(x, y)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = (f"{doc}\n\n    Args:\n        x: Input integer tensor.\n"
                  "        y: Input integer tensor.\n\n    Returns:\n        A tensor.\n")
    return op(class_name, elementwise=True)(fn)


bitwise_and = _bitwise("bitwise_and", "BitwiseAnd", torch.bitwise_and,
                       "Compute the bit-wise AND of two arrays element-wise.")
bitwise_or = _bitwise("bitwise_or", "BitwiseOr", torch.bitwise_or,
                      "Compute the bit-wise OR of two arrays element-wise.")
bitwise_xor = _bitwise("bitwise_xor", "BitwiseXor", torch.bitwise_xor,
                       "Compute the bit-wise XOR of two arrays element-wise.")
bitwise_left_shift = _bitwise("bitwise_left_shift", "BitwiseLeftShift",
                              torch.bitwise_left_shift, "Shift the bits of an integer to the "
                              "left.", int_shift=True)
bitwise_right_shift = _bitwise("bitwise_right_shift", "BitwiseRightShift",
                               torch.bitwise_right_shift, "Shift the bits of an integer to "
                               "the right.", int_shift=True)
left_shift = _bitwise("left_shift", "LeftShift", torch.bitwise_left_shift,
                      "Shift the bits of an integer to the left.", int_shift=True)
right_shift = _bitwise("right_shift", "RightShift", torch.bitwise_right_shift,
                       "Shift the bits of an integer to the right.", int_shift=True)


@op("Subtract", elementwise=True)
def subtract(x1, x2):
    """Subtract arguments element-wise (booleans take the other operand's dtype).

    Args:
        x1: First input tensor.
        x2: Second input tensor.

    Returns:
        A tensor.
    """
    x1 = convert(x1)
    x2 = convert(x2)
    if x1.dtype is torch.bool:
        x1 = x1.to(x2.dtype)
    if x2.dtype is torch.bool:
        x2 = x2.to(x1.dtype)
    return torch.subtract(x1, x2)


def _scalar_or_tensor(x):
    return x if isinstance(x, (int, float)) else convert(x)


@op("Divide", elementwise=True)
def divide(x1, x2):
    """Divide arguments element-wise (true division: integers give floats).

    Args:
        x1: First input tensor.
        x2: Second input tensor.

    Returns:
        A tensor.
    """
    return torch.divide(_scalar_or_tensor(x1), _scalar_or_tensor(x2))


@op("TrueDivide", elementwise=True)
def true_divide(x1, x2):
    """Alias of :func:`divide`.

    Args:
        x1: First input tensor.
        x2: Second input tensor.

    Returns:
        A tensor.
    """
    return divide(x1, x2)


@op("FloorDivide", elementwise=True)
def floor_divide(x1, x2):
    """Returns the largest integer smaller or equal to the division of inputs.

    Args:
        x1: Numerator.
        x2: Denominator.

    Returns:
        A tensor of the promoted dtype.
    """
    x1 = _scalar_or_tensor(x1)
    x2 = _scalar_or_tensor(x2)
    dtype = result_type(_dt(x1), _dt(x2))
    if not isinstance(x1, torch.Tensor):
        x1 = convert(x1)
    return cast(torch.floor_divide(x1, x2), dtype)


@op("DivideNoNan", elementwise=True)
def divide_no_nan(x1, x2):
    """Safe element-wise division which returns 0 where the denominator is 0.

    Args:
        x1: First input tensor.
        x2: Second input tensor.

    Returns:
        A float tensor.
    """
    dtype = result_type(_dt(x1), _dt(x2), float)
    x1 = convert(x1, dtype)
    x2 = convert(x2, dtype)
    zero = x2 == 0
    safe = torch.where(zero, torch.ones_like(x2), x2)
    return torch.where(zero, 0, torch.divide(x1, safe))


def _promoted(name, class_name, torch_fn, doc):
    """An op computing in the weak-type promoted dtype of its inputs (maximum, ...)."""
    def fn(x1, x2):
        x1 = _scalar_or_tensor(x1)
        x2 = _scalar_or_tensor(x2)
        dtype = result_type(_dt(x1), _dt(x2))
        return torch_fn(convert(x1, dtype), convert(x2, dtype))

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = (f"{doc}\n\n    Args:\n        x1: First tensor.\n        x2: Second tensor."
                  "\n\n    Returns:\n        A tensor.\n")
    return op(class_name, elementwise=True)(fn)


maximum = _promoted("maximum", "Maximum", torch.maximum, "Element-wise maximum of `x1` and `x2`.")
minimum = _promoted("minimum", "Minimum", torch.minimum, "Element-wise minimum of `x1` and `x2`.")
fmax = _promoted("fmax", "Fmax", torch.fmax, "Element-wise maximum, ignoring NaNs.")
fmin = _promoted("fmin", "Fmin", torch.fmin, "Element-wise minimum, ignoring NaNs.")


def _float_binary(name, class_name, torch_fn, doc, half_on_cpu=False):
    """An op computing in ``result_type(x1, x2, float)`` (arctan2, logaddexp, ...)."""
    def fn(x1, x2):
        x1 = convert(x1)
        x2 = convert(x2)
        dtype = result_type(_dt(x1), _dt(x2), float)
        compute = dtype
        if half_on_cpu and dtype == "float16" and x1.device.type == "cpu":
            compute = "float32"
        return cast(torch_fn(cast(x1, compute), cast(x2, compute)), dtype)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = (f"{doc}\n\n    Args:\n        x1: First input tensor.\n"
                  "        x2: Second input tensor.\n\n    Returns:\n        A float tensor.\n")
    return op(class_name, elementwise=True)(fn)


arctan2 = _float_binary("arctan2", "Arctan2", torch.arctan2,
                        "Element-wise arc tangent of `x1/x2` choosing the quadrant correctly.",
                        half_on_cpu=True)
logaddexp = _float_binary("logaddexp", "Logaddexp", torch.logaddexp,
                          "Logarithm of the sum of exponentiations of the inputs.",
                          half_on_cpu=True)
logaddexp2 = _float_binary("logaddexp2", "Logaddexp2", torch.logaddexp2,
                           "Base-2 logarithm of the sum of exponentiations of the inputs.")


def _int_to_float_binary(name, class_name, torch_fn, doc):
    """hypot and heaviside: integer results become floatx (int64: float64)."""
    def fn(x1, x2):
        x1 = convert(x1)
        x2 = convert(x2)
        dtype = result_type(_dt(x1), _dt(x2))
        if dtype in ("int8", "int16", "int32", "uint8", "uint16", "uint32"):
            dtype = _TORCH_NAMES[floatx_dtype()]
        elif dtype == "int64":
            dtype = "float64"
        return torch_fn(cast(x1, dtype), cast(x2, dtype))

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = (f"{doc}\n\n    Args:\n        x1: First input tensor.\n"
                  "        x2: Second input tensor.\n\n    Returns:\n        A tensor.\n")
    return op(class_name, elementwise=True)(fn)


hypot = _int_to_float_binary("hypot", "Hypot", torch.hypot,
                             "Element-wise hypotenuse of right triangles with legs `x1`, `x2`.")
heaviside = _int_to_float_binary("heaviside", "Heaviside", torch.heaviside,
                                 "Heaviside step function (`x2` where `x1 == 0`).")


@op("Ldexp", elementwise=True)
def ldexp(x1, x2):
    """Returns ``x1 * 2**x2`` element-wise.

    Args:
        x1: Mantissas.
        x2: Integer exponents.

    Returns:
        A float tensor.
    """
    x1 = convert(x1)
    x2 = convert(x2)
    dtype = result_type(_dt(x1), _dt(x2), float)
    if _TORCH_NAMES[x2.dtype] not in _INTS:
        raise TypeError(f"ldexp exponent must be an integer type. Received: x2 dtype={x2.dtype}")
    return cast(torch.ldexp(x1, x2), dtype)


@op("Nextafter", elementwise=True)
def nextafter(x1, x2):
    """The next floating-point value after ``x1`` towards ``x2``, element-wise.

    Args:
        x1: Start values.
        x2: Direction values.

    Returns:
        A float tensor.
    """
    x1 = convert(x1)
    x2 = convert(x2)
    dtype = result_type(_dt(x1), _dt(x2), float)
    return cast(torch.nextafter(x1.to(torch.float64), x2.to(torch.float64)), dtype)


def _close_inputs(x1, x2):
    x1 = convert(x1)
    x2 = convert(x2)
    dtype = result_type(_dt(x1), _dt(x2))
    return cast(x1, dtype), cast(x2, dtype), "float" in dtype


@op("Isclose", elementwise=True)
def isclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False):
    """Whether two tensors are element-wise almost equal.

    Args:
        x1: First input tensor.
        x2: Second input tensor.
        rtol: Relative tolerance.
        atol: Absolute tolerance.
        equal_nan: Whether NaNs compare equal.

    Returns:
        A boolean tensor.
    """
    x1, x2, is_float = _close_inputs(x1, x2)
    if is_float:
        return torch.isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan)
    return torch.eq(x1, x2)


def _allclose_spec(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False):
    return keras_tensor((), "bool")


@op("AllClose", _allclose_spec)
def allclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False):
    """Whether two tensors are element-wise equal within a tolerance.

    Args:
        x1: First input tensor.
        x2: Second input tensor.
        rtol: Relative tolerance.
        atol: Absolute tolerance.
        equal_nan: Whether NaNs compare equal.

    Returns:
        A scalar boolean tensor.
    """
    x1, x2, is_float = _close_inputs(x1, x2)
    if is_float:
        return torch.all(torch.isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan))
    return torch.all(torch.eq(x1, x2))
