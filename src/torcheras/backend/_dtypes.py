"""Keras 3's dtype promotion (``keras.backend.result_type``), as its torch backend applies it.

Promotion walks a lattice (bool < weak int < ints < weak float < floats < complex); Python
``int``/``float`` are *weak*: they take the other operand's kind without widening it. As on
Keras's torch and JAX backends, 64-bit results are narrowed to 32 bits.
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from torcheras.backend import _config

_BOOL = ("bool",)
_INTS = ("uint8", "uint16", "uint32", "uint64", "int8", "int16", "int32", "int64")
_FLOATS = ("bfloat16", "float16", "float32", "float64")
_WEAK = ("int", "float")
_COMPLEX = ("complex64", "complex128")
_FLOAT8 = ("float8_e4m3fn", "float8_e5m2")
ALLOWED_DTYPES = (
    "float16", "float32", "float64", "uint8", "uint16", "uint32", "uint64", "int8", "int16",
    "int32", "int64", "bfloat16", "bool", "string", "float8_e4m3fn", "float8_e5m2",
    "complex64", "complex128",
)
# Python types as Keras's torch backend names them.
_PYTHON = {bool: "bool", int: "int32", float: "float32", str: "string", "int": "int32",
           complex: "complex64"}
_TORCH_NAMES = {
    torch.float16: "float16", torch.bfloat16: "bfloat16", torch.float32: "float32",
    torch.float64: "float64", torch.uint8: "uint8", torch.int8: "int8", torch.int16: "int16",
    torch.int32: "int32", torch.int64: "int64", torch.bool: "bool",
    torch.complex64: "complex64", torch.complex128: "complex128",
    torch.uint16: "uint16", torch.uint32: "uint32", torch.uint64: "uint64",
}
_TO_TORCH = {v: k for k, v in _TORCH_NAMES.items()}
_NARROW = {"int64": "int32", "uint64": "uint32", "float64": "float32", "complex128": "complex64"}


def _lattice() -> dict:
    b1 = "bool"
    u1, u2, u4, u8, i1, i2, i4, i8 = _INTS
    bf, f2, f4, f8 = _FLOATS
    i_, f_ = _WEAK
    c64, c128 = _COMPLEX
    return {
        b1: [i_], u1: [i2, u2], u2: [i4, u4], u4: [i8, u8], u8: [f_],
        i_: [u1, i1, c64], i1: [i2], i2: [i4], i4: [i8], i8: [f_],
        f_: [bf, f2], bf: [f4], f2: [f4], f4: [f8, c64], f8: [c128], c64: [c128], c128: [],
    }


def _upper_bounds() -> dict:
    lattice = _lattice()
    bounds = {n: {n} for n in lattice}
    for n in lattice:
        while True:
            grown = set().union(*(lattice[b] for b in bounds[n]))
            if grown <= bounds[n]:
                break
            bounds[n] |= grown
    return bounds


_UPPER = _upper_bounds()


def standardize_dtype(dtype) -> str:
    """Keras's name for a dtype given as a string, Python type, NumPy or torch dtype."""
    if dtype is None:
        return _config.floatx()
    if isinstance(dtype, torch.dtype):
        try:
            return _TORCH_NAMES[dtype]
        except KeyError:
            raise ValueError(f"Invalid dtype: {dtype}") from None
    py = _PYTHON.get(dtype) if isinstance(dtype, (type, str)) else None
    if py is not None:
        return py
    if isinstance(dtype, str) and dtype in ALLOWED_DTYPES:
        return dtype
    if hasattr(dtype, "name") and isinstance(dtype.name, str):
        name = dtype.name
    else:
        try:
            name = np.dtype(dtype).name
        except TypeError:
            raise ValueError(f"Invalid dtype: {dtype}") from None
    if name not in ALLOWED_DTYPES:
        raise ValueError(f"Invalid dtype: {dtype}")
    return name


def to_torch_dtype(dtype) -> torch.dtype:
    """The torch dtype for a Keras dtype spelling."""
    if isinstance(dtype, torch.dtype):
        return dtype
    name = standardize_dtype(dtype)
    try:
        return _TO_TORCH[name]
    except KeyError:
        raise ValueError(f"Unsupported dtype for PyTorch: {name}") from None


@functools.lru_cache(512)
def _least_upper_bound(*nodes) -> str:
    present = set(nodes)
    try:
        bounds = [_UPPER[n] for n in present]
    except KeyError:
        dtype = next(n for n in present if n not in _UPPER)
        raise ValueError(f"dtype={dtype!r} is not a valid dtype for Keras type promotion.") from None
    common = set.intersection(*bounds)
    least = (common & present) or {c for c in common if common <= _UPPER[c]}
    if len(least) == 1:
        return least.pop()
    raise ValueError(
        f"Input dtypes {tuple(str(n) for n in nodes)} have no available implicit dtype "
        "promotion path. Try explicitly casting inputs to the desired output type."
    )


def _weaken(dtype: str, weak: bool) -> str:
    if not weak or dtype == "bool":
        return dtype
    for kind in ("float", "int", "complex"):
        if kind in dtype:
            return kind
    raise ValueError(
        f"Invalid value for argument `dtype`. Expected one of {ALLOWED_DTYPES}. "
        f"Received: dtype={dtype}"
    )


def _resolve_weak(dtype: str, precision: str) -> str:
    kind = "f" if dtype == "bfloat16" else dtype[:1]
    if kind == "b":
        return "bool"
    if kind == "i":
        return f"int{precision}"
    if kind == "u":
        return f"uint{precision}"
    return f"float{precision}"


@functools.lru_cache(1024)
def _cached_result_type(floatx: str, *args) -> str:
    names = [standardize_dtype(a) for a in args]
    weak = [a is int or a is float for a in args]
    if len(names) == 1:
        out, out_weak = names[0], weak[0]
    elif len(set(names)) == 1 and not all(weak):
        out, out_weak = names[0], False
    elif all(weak):
        out, out_weak = _least_upper_bound(*{_weaken(d, False) for d in names}), True
    else:
        out = _least_upper_bound(*{_weaken(d, w) for d, w in zip(names, weak)})
        out_weak = out in _WEAK
    if out_weak and out != "bool":
        out = _resolve_weak(out, floatx[-2:])
    return _NARROW.get(out, out)


def result_type(*dtypes) -> str:
    """The dtype Keras gives a result computed from inputs of ``dtypes``.

    Args:
        *dtypes: Dtypes (strings, NumPy/torch dtypes) or the Python types ``int``,
            ``float``, ``bool`` standing for weakly typed Python scalars. ``None`` means
            ``floatx()``.

    Returns:
        The promoted dtype name.

    Example:

    >>> result_type("int32", "float32"), result_type("bfloat16", int), result_type("int8", float)
    ('float32', 'bfloat16', 'float32')
    """
    floatx = _config.floatx()
    if not dtypes:
        return floatx
    for d in dtypes:
        if isinstance(d, str) and d in _FLOAT8:
            raise ValueError(
                "There is no implicit conversions from float8 dtypes to others. You must "
                f"cast it internally. Received: {dtypes}"
            )
    args = tuple(floatx if d is None else (d if isinstance(d, (str, type)) else
                                           standardize_dtype(d)) for d in dtypes)
    return _cached_result_type(floatx, *args)
