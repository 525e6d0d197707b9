"""Elementwise ops of one tensor (``keras.ops.sin``, ``sqrt``, ``floor``, ...).

Dtypes follow Keras's torch backend: most ops keep torch's own promotion (integers give
floatx); a few cast integer inputs first, as noted beside them.
"""

from __future__ import annotations

import torch

from torcheras.ops._dtypes import _TORCH_NAMES, result_type, standardize_dtype
from torcheras.ops._op import cast, convert, floatx_dtype, keras_tensor, op
from torcheras.ops._specs import same_spec

_INTS = (torch.int8, torch.int16, torch.int32, torch.int64, torch.uint8, torch.uint16,
         torch.uint32, torch.uint64)


def _int_or_bool(x: torch.Tensor) -> bool:
    return x.dtype in _INTS or x.dtype is torch.bool


def _float_spec(x):
    """Keras's symbolic dtype for float-valued math (int64 -> floatx, float64 -> float32)."""
    dtype = standardize_dtype(x.dtype)
    dtype = _TORCH_NAMES[floatx_dtype()] if dtype == "int64" else result_type(dtype, float)
    return keras_tensor(x.shape, dtype)


def _plain(name: str, torch_fn, doc: str, spec=None):
    """An op that is ``torch_fn`` on the converted input."""
    def fn(x):
        return torch_fn(convert(x))

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"{doc}\n\n    Args:\n        x: Input tensor.\n\n    Returns:\n        A tensor.\n"
    class_name = "".join(p.capitalize() for p in name.split("_"))
    if spec is not None:
        return op(class_name, spec)(fn)
    return op(class_name, elementwise=True)(fn)


arccos = _plain("arccos", torch.arccos, "Trigonometric inverse cosine, element-wise.", _float_spec)
arccosh = _plain("arccosh", torch.arccosh, "Inverse hyperbolic cosine, element-wise.", _float_spec)
arcsin = _plain("arcsin", torch.arcsin, "Inverse sine, element-wise.", _float_spec)
arcsinh = _plain("arcsinh", torch.arcsinh, "Inverse hyperbolic sine, element-wise.", _float_spec)
arctan = _plain("arctan", torch.arctan, "Trigonometric inverse tangent, element-wise.", _float_spec)
arctanh = _plain("arctanh", torch.arctanh, "Inverse hyperbolic tangent, element-wise.", _float_spec)
cos = _plain("cos", torch.cos, "Cosine, element-wise.", _float_spec)
cosh = _plain("cosh", torch.cosh, "Hyperbolic cosine, element-wise.", _float_spec)
sin = _plain("sin", torch.sin, "Trigonometric sine, element-wise.", _float_spec)
sinh = _plain("sinh", torch.sinh, "Hyperbolic sine, element-wise.", _float_spec)
tan = _plain("tan", torch.tan, "Compute tangent, element-wise.", _float_spec)
tanh = _plain("tanh", torch.tanh, "Hyperbolic tangent, element-wise.", _float_spec)
log = _plain("log", torch.log, "Natural logarithm, element-wise.", _float_spec)
log10 = _plain("log10", torch.log10, "Return the base 10 logarithm of the input, element-wise.", _float_spec)
log1p = _plain("log1p", torch.log1p, "Returns the natural logarithm of one plus `x`.", _float_spec)
log2 = _plain("log2", torch.log2, "Base-2 logarithm of `x`, element-wise.", _float_spec)
reciprocal = _plain("reciprocal", torch.reciprocal, "Return the reciprocal, element-wise.", _float_spec)
sinc = _plain("sinc", torch.sinc, "Normalized sinc: `sin(pi x) / (pi x)`, element-wise.", _float_spec)
sign = _plain("sign", torch.sign, "Returns the signs of the elements of `x`.")
signbit = _plain("signbit", torch.signbit, "Whether the sign bit of each element is set.")
negative = _plain("negative", torch.negative, "Numerical negative, element-wise.",
                  same_spec)
isfinite = _plain("isfinite", torch.isfinite, "Whether each element is finite.")
isinf = _plain("isinf", torch.isinf, "Whether each element is positive or negative infinity.")
isnan = _plain("isnan", torch.isnan, "Whether each element is NaN.")
isneginf = _plain("isneginf", torch.isneginf, "Whether each element is negative infinity.")
isposinf = _plain("isposinf", torch.isposinf, "Whether each element is positive infinity.")
isreal = _plain("isreal", torch.isreal, "Whether each element is real (imaginary part 0).")
logical_not = _plain("logical_not", torch.logical_not, "Logical NOT, element-wise.")
bitwise_invert = _plain("bitwise_invert", torch.bitwise_not,
                        "Bitwise inversion (NOT) of integers, element-wise.")
copy = _plain("copy", torch.clone, "Returns a copy of `x`.")


@op("BitwiseNot", elementwise=True)
def bitwise_not(x):
    """Bitwise inversion (NOT) of integers, element-wise (alias of ``bitwise_invert``).

    Args:
        x: Input integer tensor.

    Returns:
        A tensor.
    """
    return torch.bitwise_not(convert(x))


@op("Absolute", elementwise=True)
def absolute(x):
    """Absolute value, element-wise (booleans are returned unchanged).

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same dtype.
    """
    x = convert(x)
    return x if x.dtype is torch.bool else torch.abs(x)


@op("Absolute", elementwise=True)
def abs(x):  # noqa: A001 - Keras's name
    """Shorthand for :func:`absolute`.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same dtype.
    """
    return absolute(x)


@op("Fabs", elementwise=True)
def fabs(x):
    """Absolute value as floats (integers and booleans become floatx).

    Args:
        x: Input tensor (not complex).

    Returns:
        A float tensor.
    """
    x = convert(x)
    if x.is_complex():
        raise TypeError(f"fabs does not support complex inputs. Received: x.dtype={x.dtype}")
    if _int_or_bool(x):
        x = x.to(floatx_dtype())
    return torch.abs(x)


def _to_floatx_if_int(torch_fn, name, doc):
    def fn(x):
        x = convert(x)
        if _int_or_bool(x):
            x = x.to(floatx_dtype())
        return torch_fn(x)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"{doc}\n\n    Args:\n        x: Input tensor.\n\n    Returns:\n        A tensor.\n"
    return op(name.capitalize(), elementwise=True)(fn)


exp = _to_floatx_if_int(torch.exp, "exp", "Calculate the exponential of all elements.")
exp2 = _to_floatx_if_int(torch.exp2, "exp2", "Calculate the base-2 exponential of all elements.")
expm1 = _to_floatx_if_int(torch.expm1, "expm1", "Calculate `exp(x) - 1` for all elements.")


@op("Sqrt", elementwise=True)
def sqrt(x):
    """Return the non-negative square root of a tensor, element-wise.

    Args:
        x: Input tensor.

    Returns:
        A float tensor.
    """
    x = convert(x)
    if x.dtype is torch.int64:
        x = x.to(floatx_dtype())
    return torch.sqrt(x)


@op("Square", elementwise=True)
def square(x):
    """Return the element-wise square of the input (booleans become int32).

    Args:
        x: Input tensor.

    Returns:
        A tensor.
    """
    x = convert(x)
    if x.dtype is torch.bool:
        x = x.to(torch.int32)
    return torch.square(x)


@op("Cbrt", elementwise=True)
def cbrt(x):
    """Computes the cube root of the input tensor, element-wise.

    Args:
        x: Input tensor.

    Returns:
        A float tensor.
    """
    x = convert(x)
    if x.dtype is torch.bool:
        x = x.to(torch.int32)
    elif x.dtype is torch.int64:
        x = x.to(torch.float64)
    return torch.sign(x) * torch.abs(x) ** (1.0 / 3.0)


def _rounding(torch_fn, name, doc):
    def fn(x):
        x = convert(x)
        original = _TORCH_NAMES[x.dtype]
        if x.dtype is torch.bool:
            x = x.to(torch.uint8)
        elif x.dtype is torch.float16 and x.device.type == "cpu":
            x = x.to(floatx_dtype())
        target = _floatx_name() if original == "int64" else result_type(original, float)
        return cast(torch_fn(x), target)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"{doc}\n\n    Args:\n        x: Input tensor.\n\n    Returns:\n        A float tensor.\n"
    return op(name.capitalize(), elementwise=True)(fn)


def _floatx_name() -> str:
    return _TORCH_NAMES[floatx_dtype()]


ceil = _rounding(torch.ceil, "ceil", "Return the ceiling of the input, element-wise.")


@op("Floor", elementwise=True)
def floor(x):
    """Return the floor of the input, element-wise.

    Args:
        x: Input tensor.

    Returns:
        A float tensor.
    """
    x = convert(x)
    target = _floatx_name() if x.dtype is torch.int64 else result_type(
        _TORCH_NAMES[x.dtype], float)
    return torch.floor(cast(x, target))


@op("Trunc", elementwise=True)
def trunc(x):
    """Return the truncated value of the input, element-wise.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same dtype.
    """
    x = convert(x)
    return x if x.dtype is torch.bool else torch.trunc(x)


@op("Round", elementwise=True)
def round(x, decimals=0):  # noqa: A001 - Keras's name
    """Evenly round to the given number of decimals.

    Args:
        x: Input tensor.
        decimals: Number of decimal places to round to.

    Returns:
        A tensor of the same dtype.
    """
    x = convert(x)
    if x.dtype in _INTS:
        original = x.dtype
        return torch.round(x.to(floatx_dtype()), decimals=decimals).to(original)
    return torch.round(x, decimals=decimals)


def _angle_convert(torch_fn, name, doc):
    def fn(x):
        x = convert(x)
        out = torch_fn(x)
        return out.to(torch.float64) if x.dtype is torch.int64 else out

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"{doc}\n\n    Args:\n        x: Input tensor.\n\n    Returns:\n        A float tensor.\n"
    return op(name.capitalize(), elementwise=True)(fn)


deg2rad = _angle_convert(torch.deg2rad, "deg2rad", "Convert angles from degrees to radians.")
rad2deg = _angle_convert(torch.rad2deg, "rad2deg", "Convert angles from radians to degrees.")


@op("I0", elementwise=True)
def i0(x):
    """Modified Bessel function of the first kind, order 0, element-wise.

    Args:
        x: Input tensor.

    Returns:
        A float tensor.
    """
    x = convert(x)
    name = _TORCH_NAMES[x.dtype]
    if name in ("int64", "float64"):
        target = torch.float64
    elif name in ("bfloat16", "float16"):
        target = x.dtype
    else:
        target = floatx_dtype()
    return torch.i0(x.to(target))


@op("Angle", elementwise=True)
def angle(x):
    """Element-wise angle of a complex tensor (0 or pi for reals).

    Args:
        x: Input tensor.

    Returns:
        A float tensor.
    """
    x = convert(x)
    if x.dtype is torch.float16 and x.device.type != "cpu":
        return torch.angle(x.float()).half()
    return torch.angle(x)


@op("Conjugate", elementwise=True)
def conjugate(x):
    """Complex conjugate, element-wise.

    Args:
        x: Input tensor.

    Returns:
        A tensor.
    """
    return torch.conj(convert(x)).resolve_conj()


@op("Conjugate", elementwise=True)
def conj(x):
    """Shorthand for :func:`conjugate`.

    Args:
        x: Input tensor.

    Returns:
        A tensor.
    """
    return conjugate(x)


def _part_spec(x):
    dtype = {"complex64": "float32", "complex128": "float64"}.get(x.dtype, x.dtype)
    return keras_tensor(x.shape, dtype)


@op("Real", _part_spec)
def real(x):
    """Real part of a (complex) tensor.

    Args:
        x: Input tensor.

    Returns:
        A tensor.
    """
    return torch.real(convert(x))


@op("Imag", _part_spec)
def imag(x):
    """Imaginary part of a complex tensor.

    Args:
        x: Input tensor.

    Returns:
        A tensor.
    """
    return torch.imag(convert(x))


@op("NanToNum", elementwise=True)
def nan_to_num(x, nan=0.0, posinf=None, neginf=None):
    """Replace NaN with ``nan`` and infinities with ``posinf``/``neginf``.

    Args:
        x: Input tensor.
        nan: Value for NaN entries.
        posinf: Value for positive infinity (largest finite value if ``None``).
        neginf: Value for negative infinity (lowest finite value if ``None``).

    Returns:
        A tensor of the same dtype.
    """
    return torch.nan_to_num(convert(x), nan=nan, posinf=posinf, neginf=neginf)


def _clip_spec(x, x_min, x_max):
    return keras_tensor(x.shape, "int32" if x.dtype == "bool" else x.dtype)


@op("Clip", _clip_spec)
def clip(x, x_min, x_max):
    """Clip (limit) the values in a tensor to ``[x_min, x_max]``.

    Args:
        x: Input tensor.
        x_min: Minimum value.
        x_max: Maximum value.

    Returns:
        The clipped tensor (booleans become int32).
    """
    x = convert(x)
    x_min = convert(x_min)
    x_max = convert(x_max)
    if x.dtype is torch.float16 and x.device.type == "cpu":
        return torch.clip(x.to(torch.float32), min=x_min, max=x_max).to(torch.float16)
    if x.dtype is torch.bool:
        x = x.to(torch.int32)
    return torch.clip(x, min=x_min, max=x_max)
