"""Argument combinations for the ``keras.ops`` numpy/core golden tests.

Shared by ``tests/golden/make_ops_numpy.py`` (run with real Keras) and
``tests/ops/test_ops_numpy_golden.py`` (run with torcheras): ``cases(ops)`` builds the same
inputs on both sides from fixed seeds; ``ops`` is the library's ``ops`` module, used by the
callables that control-flow ops take.
"""

from __future__ import annotations

import numpy as np


def A(shape, dtype="float32", lo=-2.0, hi=2.0, seed=0):  # noqa: N802 - short test helper
    """A deterministic array: uniform floats in [lo, hi), ints in [lo, hi], or bools."""
    rng = np.random.RandomState(seed + 7 * len(shape) + int(np.prod(shape) if shape else 1))
    if dtype == "bool":
        return rng.rand(*shape) > 0.5
    if "int" in dtype:
        return rng.randint(int(lo), int(hi) + 1, size=shape).astype(dtype)
    return rng.uniform(lo, hi, size=shape).astype(dtype)


def P(shape, dtype="float32", seed=0):  # noqa: N802
    """Positive values (for log, sqrt, ...)."""
    return A(shape, dtype, 0.1, 3.0, seed)


def U(shape, dtype="float32", seed=0):  # noqa: N802
    """Values in (-0.9, 0.9) (for arcsin, arctanh, ...)."""
    return A(shape, dtype, -0.9, 0.9, seed)


UNARY_ANY = ["abs", "absolute", "negative", "sign", "square", "sin", "cos", "tan", "sinh",
             "cosh", "tanh", "arctan", "arcsinh", "exp", "exp2", "expm1", "floor", "ceil",
             "trunc", "round", "isfinite", "isinf", "isnan", "isneginf", "isposinf", "isreal",
             "logical_not", "signbit", "copy", "fabs", "cbrt", "deg2rad", "rad2deg", "sinc",
             "ravel", "conj", "conjugate", "real", "imag", "nan_to_num", "reciprocal", "i0"]
UNARY_POS = ["log", "log10", "log1p", "log2", "sqrt", "arccosh"]
UNARY_UNIT = ["arcsin", "arccos", "arctanh"]
BINARY_ANY = ["add", "subtract", "multiply", "divide", "true_divide", "maximum", "minimum",
              "fmax", "fmin", "equal", "not_equal", "greater", "greater_equal", "less",
              "less_equal", "logical_and", "logical_or", "logical_xor", "arctan2", "hypot",
              "logaddexp", "logaddexp2", "heaviside", "divide_no_nan", "isclose", "nextafter",
              "power", "mod", "fmod", "floor_divide", "kron", "outer", "append"]
BINARY_INT = ["bitwise_and", "bitwise_or", "bitwise_xor", "gcd", "lcm", "left_shift",
              "right_shift", "bitwise_left_shift", "bitwise_right_shift"]
REDUCE = ["sum", "mean", "max", "min", "amax", "amin", "prod", "std", "var", "all", "any",
          "ptp", "median", "nanmax", "nanmin", "nanmean", "nansum", "nanprod", "nanstd",
          "nanvar", "nanmedian"]
ARG_REDUCE = ["argmax", "argmin", "nanargmax", "nanargmin"]


def _unary_cases(ops):
    out = []
    for name in UNARY_ANY:
        out += [(f"{name}-f32", name, (A((2, 3)),), {}),
                (f"{name}-i32", name, (A((4,), "int32", -3, 3),), {}),
                (f"{name}-f64", name, (A((3,), "float64"),), {}),
                (f"{name}-empty", name, (A((0, 2)),), {})]
        if name not in ("isreal", "conj", "conjugate", "real", "imag", "i0", "signbit",
                        "nan_to_num", "cbrt", "floor", "ceil", "round"):
            out.append((f"{name}-bool", name, (A((3,), "bool"),), {}))
    out.append(("round-decimals", "round", (A((5,)) * 10,), {"decimals": 2}))
    out.append(("nan_to_num-args", "nan_to_num",
                (np.array([np.nan, np.inf, -np.inf, 1.0], "float32"),),
                {"nan": 1.5, "posinf": 9.0, "neginf": -9.0}))
    for name in UNARY_POS:
        lo = 1.1 if name == "arccosh" else 0.1
        out += [(f"{name}-f32", name, (A((2, 3), "float32", lo, 3.0),), {}),
                (f"{name}-i32", name, (A((3,), "int32", 2, 5),), {}),
                (f"{name}-f16", name, (A((3,), "float16", lo, 3.0),), {})]
    for name in UNARY_UNIT:
        out += [(f"{name}-f32", name, (U((2, 3)),), {}),
                (f"{name}-f64", name, (U((3,), "float64"),), {})]
    return out


def _binary_cases(ops):
    out = []
    for name in BINARY_ANY:
        b = (A((2, 3), seed=1) + 2.5) if name in ("divide", "true_divide", "mod", "fmod",
                                                    "floor_divide") else A((2, 3), seed=1)
        out += [(f"{name}-f32", name, (A((2, 3)), b), {}),
                (f"{name}-bcast", name, (A((2, 1)), A((3,), seed=2) + 3.0), {}),
                (f"{name}-i32-i32", name, (A((4,), "int32", 1, 5), A((4,), "int32", 1, 4, 3)),
                 {}),
                (f"{name}-f32-pyint", name, (A((3,)), 2), {}),
                (f"{name}-i32-pyfloat", name, (A((3,), "int32", 1, 5), 1.5), {}),
                (f"{name}-i32-f16", name, (A((3,), "int32", 1, 5), A((3,), "float16", 1, 3)),
                 {})]
    out += [("isclose-tol", "isclose", (A((4,)), A((4,)) + 1e-3), {"atol": 1e-2}),
            ("allclose-f32", "allclose", (A((4,)), A((4,)) + 1e-3), {"atol": 1e-2}),
            ("allclose-strict", "allclose", (A((4,)), A((4,)) + 1e-3), {}),
            ("ldexp-f32", "ldexp", (A((3,)), A((3,), "int32", -2, 3)), {}),
            ("power-int-neg-free", "power", (A((3,), "int32", 1, 4), 3), {})]
    for name in BINARY_INT:
        out += [(f"{name}-i32", name, (A((4,), "int32", 0, 40), A((4,), "int32", 0, 3, 1)), {}),
                (f"{name}-u8", name, (A((4,), "uint8", 0, 40), A((4,), "uint8", 0, 3, 1)), {})]
    out += [("bitwise_not-i32", "bitwise_not", (A((4,), "int32", -5, 5),), {}),
            ("bitwise_invert-bool", "bitwise_invert", (A((4,), "bool"),), {})]
    return out


def _reduce_cases(ops):
    out = []
    x = A((2, 3, 4))
    for name in REDUCE:
        out += [(f"{name}-all", name, (x,), {}),
                (f"{name}-ax1", name, (x,), {"axis": 1}),
                (f"{name}-axneg-keep", name, (x,), {"axis": -1, "keepdims": True}),
                (f"{name}-axtuple", name, (x,), {"axis": (0, 2)}),
                (f"{name}-i32", name, (A((3, 4), "int32", -3, 3),), {"axis": 0}),
                (f"{name}-bool", name, (A((3, 4), "bool"),), {"axis": 1})]
    nanx = A((3, 4))
    nanx[0, 1] = np.nan
    nanx[2, :] = np.nan
    for name in ("nanmax", "nanmin", "nanmean", "nansum", "nanprod", "nanstd", "nanvar",
                 "nanmedian", "nanargmax", "nanargmin"):
        out.append((f"{name}-nan", name, (nanx,), {"axis": 1}))
    for name in ARG_REDUCE:
        out += [(f"{name}-all", name, (x,), {}), (f"{name}-ax1", name, (x,), {"axis": 1}),
                (f"{name}-keep", name, (x,), {"axis": -1, "keepdims": True}),
                (f"{name}-i32", name, (A((3, 4), "int32", -3, 3),), {"axis": 0})]
    out += [("max-initial", "max", (x,), {"axis": 0, "initial": 0.5}),
            ("min-initial", "min", (x,), {"axis": 0, "initial": -0.5}),
            ("max-empty-initial", "max", (A((0, 3)),), {"initial": 1.0}),
            ("prod-dtype", "prod", (A((2, 3), "int32", 1, 3),), {"dtype": "float32"}),
            ("count_nonzero-all", "count_nonzero", (A((3, 4), "int32", -1, 1),), {}),
            ("count_nonzero-ax", "count_nonzero", (A((3, 4), "int32", -1, 1),), {"axis": 1}),
            ("average-all", "average", (x,), {}),
            ("average-w", "average", (A((2, 3)),),
             {"axis": 1, "weights": A((3,), "float32", 0.5, 1.5)}),
            ("average-i32", "average", (A((2, 3), "int32", 0, 5),), {"axis": 0}),
            ("sum-list", "sum", ([A((3,)), A((3,), seed=1)],), {"axis": 0}),
            ("mean-emptyaxis", "mean", (A((2, 3)),), {"axis": ()}),
            ("sum-i8", "sum", (A((3,), "int8", -3, 3),), {}),
            ("sum-u8", "sum", (A((3,), "uint8", 0, 9),), {}),
            ("mean-f16", "mean", (A((3,), "float16"),), {}),
            ("var-f64", "var", (A((5,), "float64"),), {})]
    for name in ("cumsum", "cumprod", "nancumsum", "nancumprod"):
        out += [(f"{name}-all", name, (A((2, 3)),), {}),
                (f"{name}-ax1", name, (A((2, 3)),), {"axis": 1}),
                (f"{name}-i32", name, (A((2, 3), "int32", -2, 3),), {"axis": 0}),
                (f"{name}-bool", name, (A((4,), "bool"),), {"axis": 0}),
                (f"{name}-dtype", name, (A((2, 3), "int32", 1, 3),), {"axis": 0,
                                                                    "dtype": "float32"})]
    for name in ("quantile", "nanquantile"):
        out += [(f"{name}-scalar", name, (x, 0.3), {}),
                (f"{name}-vec-ax", name, (x, np.array([0.1, 0.5, 0.9], "float32")),
                 {"axis": 1}),
                (f"{name}-keep", name, (x, 0.5), {"axis": (0, 2), "keepdims": True}),
                (f"{name}-method", name, (x, 0.3), {"axis": -1, "method": "nearest"}),
                (f"{name}-i32", name, (A((5,), "int32", 0, 9), 0.25), {})]
    for name in ("percentile", "nanpercentile"):
        out += [(f"{name}-scalar", name, (x, 30.0), {}),
                (f"{name}-vec-ax", name, (x, np.array([10.0, 50.0], "float32")), {"axis": 1}),
                (f"{name}-method", name, (x, 40.0), {"axis": 0, "method": "lower"})]
    return out


def _shape_cases(ops):
    x = A((2, 3, 4))
    m = A((3, 4))
    return [
        ("reshape-1", "reshape", (x, (6, 4)), {}), ("reshape-neg", "reshape", (x, (-1, 2)), {}),
        ("reshape-int", "reshape", (x, -1), {}),
        ("transpose-none", "transpose", (x,), {}),
        ("transpose-axes", "transpose", (x, (1, 0, 2)), {}),
        ("expand_dims-0", "expand_dims", (m, 0), {}),
        ("expand_dims-neg", "expand_dims", (m, -1), {}),
        ("expand_dims-tuple", "expand_dims", (m, (0, 3)), {}),
        ("squeeze-all", "squeeze", (A((1, 3, 1)),), {}),
        ("squeeze-ax", "squeeze", (A((1, 3, 1)),), {"axis": -1}),
        ("squeeze-tuple", "squeeze", (A((1, 3, 1)),), {"axis": (0, 2)}),
        ("broadcast_to", "broadcast_to", (A((3,)), (2, 3)), {}),
        ("moveaxis", "moveaxis", (x, 0, -1), {}),
        ("moveaxis-multi", "moveaxis", (x, (0, 1), (2, 0)), {}),
        ("swapaxes", "swapaxes", (x, 0, 2), {}),
        ("flip-none", "flip", (x,), {}), ("flip-ax", "flip", (x,), {"axis": 1}),
        ("flip-tuple", "flip", (x,), {"axis": (0, 2)}),
        ("fliplr", "fliplr", (m,), {}), ("flipud", "flipud", (m,), {}),
        ("roll-none", "roll", (m, 2), {}), ("roll-ax", "roll", (m, -1), {"axis": 1}),
        ("roll-multi", "roll", (m, (1, 2)), {"axis": (0, 1)}),
        ("rot90-1", "rot90", (m,), {}), ("rot90-k2", "rot90", (x,), {"k": 2, "axes": (1, 2)}),
        ("rot90-neg", "rot90", (m,), {"k": -1}),
        ("tile-int", "tile", (A((2,)), 3), {}), ("tile-tuple", "tile", (m, (2, 1)), {}),
        ("tile-more", "tile", (A((2,)), (2, 2)), {}),
        ("repeat-none", "repeat", (m, 2), {}), ("repeat-ax", "repeat", (m, 2), {"axis": 1}),
        ("repeat-list", "repeat", (A((3,)), [1, 0, 2]), {"axis": 0}),
        ("diff-1", "diff", (m,), {}), ("diff-n2-ax0", "diff", (x,), {"n": 2, "axis": 0}),
        ("tril", "tril", (m,), {}), ("tril-k", "tril", (m,), {"k": -1}),
        ("triu", "triu", (m,), {}), ("triu-k", "triu", (x,), {"k": 1}),
        ("concatenate-0", "concatenate", ([m, m],), {}),
        ("concatenate-1", "concatenate", ([m, A((3, 2))],), {"axis": 1}),
        ("concatenate-none", "concatenate", ([m, A((2,))],), {"axis": None}),
        ("concatenate-mixed", "concatenate", ([A((2,), "int32", 0, 3), A((2,))],), {}),
        ("append-none", "append", (m, A((2,))), {}),
        ("append-ax", "append", (m, m), {"axis": 1}),
        ("stack-0", "stack", ([m, m],), {}), ("stack-neg", "stack", ([m, m],), {"axis": -1}),
        ("hstack", "hstack", ([m, m],), {}), ("vstack", "vstack", ([m, A((1, 4))],), {}),
        ("dstack", "dstack", ([m, m],), {}),
        ("split-int", "split", (A((6, 2)), 3), {}),
        ("split-idx", "split", (A((6, 2)), [1, 4]), {}),
        ("split-ax", "split", (A((2, 6)), 2), {"axis": 1}),
        ("array_split", "array_split", (A((7,)), 3), {}),
        ("array_split-ax", "array_split", (A((2, 5)), 2), {"axis": 1}),
        ("hsplit", "hsplit", (A((2, 4)), 2), {}), ("vsplit", "vsplit", (A((4, 2)), 2), {}),
        ("dsplit", "dsplit", (A((2, 2, 4)), 2), {}),
        ("pad-pairs", "pad", (m, ((1, 0), (0, 2))), {}),
        ("pad-value", "pad", (m, ((1, 1), (2, 2))), {"constant_values": 3.0}),
        ("pad-reflect", "pad", (m, ((1, 1), (2, 1))), {"mode": "reflect"}),
        ("pad-symmetric", "pad", (m, ((1, 1), (1, 1))), {"mode": "symmetric"}),
        ("pad-int", "pad", (A((4,)), ((2, 1),)), {}),
        ("pad-3d", "pad", (x, ((0, 0), (1, 1), (0, 0))), {}),
        ("meshgrid-xy", "meshgrid", (A((3,)), A((2,))), {}),
        ("meshgrid-ij", "meshgrid", (A((3,)), A((2,))), {"indexing": "ij"}),
        ("ravel", "ravel", (x,), {}),
    ]


def _index_cases(ops):
    x = A((2, 3, 4))
    m = A((3, 4))
    return [
        ("take-none", "take", (m, np.array([0, 5, 11], "int32")), {}),
        ("take-ax0", "take", (m, np.array([2, 0], "int32")), {"axis": 0}),
        ("take-ax1-neg", "take", (m, np.array([[-1, 0]], "int32")), {"axis": 1}),
        ("take-3d", "take", (x, np.array([1, 0, 1], "int32")), {"axis": -2}),
        ("take-list", "take", (m, [0, 2]), {"axis": 1}),
        ("take_along_axis", "take_along_axis", (m, np.argsort(m, axis=1).astype("int32")),
         {"axis": 1}),
        ("take_along_axis-0", "take_along_axis", (m, np.array([[0, 2, 1, 0]], "int32")),
         {"axis": 0}),
        ("where-3", "where", (m > 0, m, -m), {}),
        ("where-scalar", "where", (m > 0, m, 0.0), {}),
        ("where-int", "where", (A((4,), "bool"), A((4,), "int32", 0, 5), 7), {}),
        ("where-1", "where", (m > 0,), {}),
        ("get_item-int", "get_item", (m, 1), {}),
        ("get_item-slice", "get_item", (x, (slice(None), 1, slice(0, 2))), {}),
        ("diag-1d", "diag", (A((3,)),), {}), ("diag-2d", "diag", (m,), {}),
        ("diag-k", "diag", (m,), {"k": 1}), ("diag-kneg", "diag", (A((2,)),), {"k": -1}),
        ("diagflat", "diagflat", (A((2, 2)),), {}),
        ("diagflat-k", "diagflat", (A((2,)),), {"k": 1}),
        ("diagonal", "diagonal", (m,), {}),
        ("diagonal-3d", "diagonal", (x,), {"offset": 1, "axis1": 1, "axis2": 2}),
        ("trace", "trace", (m,), {}), ("trace-3d", "trace", (x,), {"axis1": 1, "axis2": 2}),
        ("trace-i32", "trace", (A((3, 3), "int32", 0, 5),), {"offset": -1}),
        ("trace-bool", "trace", (A((3, 3), "bool"),), {}),
        ("nonzero", "nonzero", (A((3, 4), "int32", -1, 1),), {}),
        ("unravel_index", "unravel_index", (np.array([1, 5, 7], "int32"), (2, 4)), {}),
        ("ndim", "ndim", (x,), {}), ("size", "size", (x,), {}),
        ("select", "select", ([m < 0, m > 1], [m, -m]), {}),
        ("select-default", "select", ([m < 0], [m]), {"default": 5.0}),
        ("searchsorted", "searchsorted", (np.array([1.0, 2, 3, 5], "float32"),
                                          np.array([0.5, 2.0, 4.0, 9.0], "float32")), {}),
        ("searchsorted-right", "searchsorted", (np.array([1.0, 2, 3], "float32"),
                                                np.array([2.0, 3.0], "float32")),
         {"side": "right"}),
        ("digitize", "digitize", (np.array([0.2, 6.4, 3.0, 1.6], "float32"),
                                  np.array([0.0, 1.0, 2.5, 4.0], "float32")), {}),
        ("sort", "sort", (m,), {}), ("sort-ax0", "sort", (m,), {"axis": 0}),
        ("sort-none", "sort", (m,), {"axis": None}),
        ("argsort", "argsort", (m,), {}), ("argsort-ax0", "argsort", (m,), {"axis": 0}),
        ("argsort-none", "argsort", (m,), {"axis": None}),
        ("argsort-i32", "argsort", (np.array([3, 1, 2, 1], "int32"),), {}),
        ("argpartition", "argpartition", (np.array([5, 1, 4, 2, 3], "int32"), 1), {}),
        ("bincount", "bincount", (np.array([0, 1, 1, 3, 2, 1], "int32"),), {}),
        ("bincount-w", "bincount", (np.array([0, 1, 1, 3], "int32"),),
         {"weights": np.array([0.5, 1.0, 2.0, 1.5], "float32")}),
        ("bincount-min", "bincount", (np.array([0, 1], "int32"),), {"minlength": 4}),
        ("histogram", "histogram", (np.array([0.0, 1.0, 1.5, 3.0, 4.0], "float32"),), {}),
        ("histogram-bins", "histogram", (np.array([0.0, 1.0, 1.5, 3.0], "float32"),),
         {"bins": 3, "range": (0.0, 3.0)}),
        ("unique", "unique", (np.array([3, 1, 3, 2, 1], "int32"),), {}),
        ("unique-all", "unique", (np.array([3, 1, 3, 2, 1], "int32"),),
         {"return_index": True, "return_inverse": True, "return_counts": True}),
        ("unique-size", "unique", (np.array([3, 1, 3], "int32"),), {"size": 4, "fill_value": -1}),
        ("isin", "isin", (np.array([1, 2, 3, 4], "int32"), np.array([2, 4], "int32")), {}),
        ("isin-invert", "isin", (np.array([1, 2, 3], "int32"), [2]), {"invert": True}),
        ("view", "view", (np.array([1.0, 2.0], "float32"),), {"dtype": "int32"}),
    ]


def _create_cases(ops):
    return [
        ("arange-1", "arange", (5,), {}), ("arange-3", "arange", (1, 10, 3), {}),
        ("arange-float", "arange", (0, 1, 0.25), {}),
        ("arange-dtype", "arange", (0, 4), {"dtype": "float16"}),
        ("array", "array", ([[1, 2], [3, 4]],), {}),
        ("array-dtype", "array", ([1.5, 2.5],), {"dtype": "float64"}),
        ("zeros", "zeros", ((2, 3),), {}), ("zeros-int", "zeros", (3,), {"dtype": "int32"}),
        ("ones", "ones", ((2,),), {}), ("ones-bool", "ones", ((2, 2),), {"dtype": "bool"}),
        ("full", "full", ((2, 2), 7), {}), ("full-f", "full", ((2,), 1.5), {}),
        ("full-dtype", "full", ((3,), 2), {"dtype": "float32"}),
        ("full-arr", "full", ((2, 3), np.array([1.0, 2.0, 3.0], "float32")), {}),
        ("full_like", "full_like", (A((2, 3)), 4), {}),
        ("full_like-dtype", "full_like", (A((2,)), 4), {"dtype": "int32"}),
        ("zeros_like", "zeros_like", (A((2, 3), "int32"),), {}),
        ("ones_like", "ones_like", (A((2, 3)),), {"dtype": "int32"}),
        ("eye", "eye", (3,), {}), ("eye-rect", "eye", (2, 4), {"k": 1}),
        ("eye-kneg", "eye", (3,), {"k": -1, "dtype": "int32"}),
        ("identity", "identity", (3,), {}),
        ("tri", "tri", (3,), {}), ("tri-k", "tri", (3, 4), {"k": 1, "dtype": "int32"}),
        ("linspace", "linspace", (0, 1, 5), {}),
        ("linspace-noend", "linspace", (0, 1, 4), {"endpoint": False}),
        ("linspace-arr", "linspace", (np.array([0.0, 1.0], "float32"),
                                      np.array([1.0, 3.0], "float32"), 3), {}),
        ("logspace", "logspace", (0, 2, 3), {}),
        ("logspace-base", "logspace", (0, 3, 4), {"base": 2, "endpoint": False}),
        ("geomspace", "geomspace", (1, 1000, 4), {}),
        ("bartlett", "bartlett", (5,), {}), ("blackman", "blackman", (5,), {}),
        ("hamming", "hamming", (5,), {}), ("hanning", "hanning", (6,), {}),
        ("kaiser", "kaiser", (5, 2.0), {}),
    ]


def _product_cases(ops):
    m = A((3, 4))
    return [
        ("matmul-2d", "matmul", (m, A((4, 2), seed=1)), {}),
        ("matmul-batch", "matmul", (A((2, 3, 4)), A((4, 5), seed=1)), {}),
        ("matmul-vec", "matmul", (A((4,)), A((4, 2), seed=1)), {}),
        ("matmul-int", "matmul", (A((2, 3), "int32", -2, 2), A((3, 2), "int32", -2, 2)), {}),
        ("matmul-i8", "matmul", (A((2, 3), "int8", -2, 2), A((3, 2), "int8", -2, 2)), {}),
        ("dot-1d", "dot", (A((4,)), A((4,), seed=1)), {}),
        ("dot-2d", "dot", (m, A((4, 2), seed=1)), {}),
        ("dot-scalar", "dot", (m, 2.0), {}),
        ("dot-int", "dot", (A((3,), "int32", 0, 3), A((3,), "int32", 0, 3, 1)), {}),
        ("tensordot-2", "tensordot", (A((2, 3, 4)), A((3, 4, 2))), {}),
        ("tensordot-1", "tensordot", (m, A((4, 2))), {"axes": 1}),
        ("tensordot-pairs", "tensordot", (A((2, 3, 4)), A((4, 3))), {"axes": ([1, 2], [1, 0])}),
        ("inner", "inner", (m, A((2, 4))), {}),
        ("inner-int", "inner", (A((3,), "int32", 0, 3), A((3,), "int32", 0, 3, 1)), {}),
        ("vdot", "vdot", (A((4,)), A((4,), seed=3)), {}),
        ("outer-2d", "outer", (A((2, 2)), A((3,))), {}),
        ("einsum-mm", "einsum", ("ij,jk->ik", m, A((4, 2))), {}),
        ("einsum-trace", "einsum", ("ii", A((3, 3))), {}),
        ("einsum-batch", "einsum", ("bij,bjk->bik", A((2, 3, 4)), A((2, 4, 2))), {}),
        ("einsum-i8", "einsum", ("i,i->", A((3,), "int8", 0, 3), A((3,), "int8", 0, 3)), {}),
        ("cross", "cross", (A((2, 3)), A((2, 3), seed=1)), {}),
        ("cross-int", "cross", (np.array([1, 0, 0], "int32"), np.array([0, 1, 0], "int32")), {}),
        ("correlate-valid", "correlate", (A((5,)), A((3,), seed=1)), {}),
        ("correlate-same", "correlate", (A((5,)), A((3,), seed=1)), {"mode": "same"}),
        ("correlate-full", "correlate", (A((5,)), A((3,), seed=1)), {"mode": "full"}),
        ("corrcoef", "corrcoef", (A((3, 5)),), {}),
        ("slogdet", "slogdet", (A((3, 3)),), {}),
        ("vander", "vander", (A((3,)),), {}),
        ("vander-N", "vander", (A((3,), "int32", 1, 3),), {"N": 2, "increasing": True}),
        ("trapezoid", "trapezoid", (A((2, 5)),), {}),
        ("trapezoid-x", "trapezoid", (A((5,)), np.array([0.0, 1, 3, 4, 6], "float32")), {}),
        ("trapezoid-dx", "trapezoid", (A((3, 4)),), {"dx": 0.5, "axis": 0}),
    ]


def _core_cases(ops):
    m = A((3, 4))
    return [
        ("cast-int", "cast", (m, "int32"), {}), ("cast-bool", "cast", (m, "bool"), {}),
        ("cast-f16", "cast", (A((3,), "int32"), "float16"), {}),
        ("saturate_cast", "saturate_cast", (np.array([300.0, -5, 3.7], "float32"), "uint8"), {}),
        ("saturate_cast-i32", "saturate_cast", (np.array([3e9, -3e9], "float32"), "int32"), {}),
        ("convert_to_tensor-int", "convert_to_tensor", ([1, 2],), {}),
        ("convert_to_tensor-float", "convert_to_tensor", (1.5,), {}),
        ("convert_to_tensor-dtype", "convert_to_tensor", (m,), {"dtype": "float16"}),
        ("convert_to_tensor-f64", "convert_to_tensor", (A((2,), "float64"),), {}),
        ("slice", "slice", (m, (1, 0), (2, 3)), {}),
        ("slice-3d", "slice", (A((2, 3, 4)), [0, 1, 1], [2, 2, 3]), {}),
        ("slice_update", "slice_update", (m, (1, 2), np.ones((2, 2), "float32")), {}),
        ("scatter", "scatter", (np.array([[0, 1], [2, 3], [0, 1]], "int32"),
                                np.array([1.0, 2.0, 3.0], "float32"), (3, 4)), {}),
        ("scatter-rows", "scatter", (np.array([[1]], "int32"), np.ones((1, 4), "float32"),
                                     (3, 4)), {}),
        ("scatter_update", "scatter_update", (m, np.array([[0, 0], [2, 3]], "int32"),
                                              np.array([9.0, 8.0], "float32")), {}),
        ("scatter_update-add", "scatter_update", (m, np.array([[0, 0], [0, 0]], "int32"),
                                                  np.array([1.0, 2.0], "float32")),
         {"reduction": "add"}),
        ("scatter_update-max", "scatter_update", (m, np.array([[0, 0], [1, 1]], "int32"),
                                                  np.array([5.0, -5.0], "float32")),
         {"reduction": "max"}),
        ("unstack", "unstack", (m,), {}), ("unstack-ax", "unstack", (m,), {"axis": 1}),
        ("stop_gradient", "stop_gradient", (m,), {}),
        ("shape", "shape", (m,), {}), ("dtype", "dtype", (A((2,), "int32"),), {}),
        ("is_tensor-np", "is_tensor", (m,), {}),
        ("convert_to_numpy", "convert_to_numpy", (m,), {}),
        ("cond-true", "cond", (True, lambda: ops.ones((2,)), lambda: ops.zeros((2,))), {}),
        ("while_loop", "while_loop", (lambda i, s: i < 5, lambda i, s: (i + 1, s * 2.0),
                                      (0, np.float32(1.0))), {}),
        ("while_loop-max", "while_loop", (lambda x: ops.sum(x) < 100, lambda x: x * 2,
                                          np.ones((2,), "float32")),
         {"maximum_iterations": 3}),
        ("fori_loop", "fori_loop", (0, 4, lambda i, v: v + i, np.float32(0.5)), {}),
        ("scan", "scan", (lambda c, x: (c + x, c * x), np.float32(0.0),
                          np.arange(1, 5, dtype="float32")), {}),
        ("scan-reverse", "scan", (lambda c, x: (c + x, c), np.zeros((2,), "float32"),
                                  A((3, 2))), {"reverse": True}),
        ("scan-length", "scan", (lambda c, x: (c * 2, c), np.float32(1.0)), {"length": 3}),
        ("associative_scan", "associative_scan", (lambda a, b: a + b, A((5,))), {}),
        ("associative_scan-rev", "associative_scan", (lambda a, b: a * b, A((4, 2))),
         {"reverse": True}),
        ("map", "map", (lambda x: x * 2 + 1, A((3, 2))), {}),
        ("switch", "switch", (1, [lambda x: x + 1, lambda x: x * 3], A((3,))), {}),
        ("switch-clamp", "switch", (5, [lambda x: x + 1, lambda x: x * 3], A((3,))), {}),
        ("vectorized_map", "vectorized_map", (lambda x: x @ x, A((3, 2))), {}),
        ("rearrange", "rearrange", (A((2, 3, 4)), "b h w -> b (h w)"), {}),
        ("rearrange-split", "rearrange", (A((2, 6, 4)), "b (h1 h) w -> (b h1) h w"),
         {"h1": 2}),
        ("rearrange-perm", "rearrange", (A((2, 3, 4)), "b h w -> w b h"), {}),
    ]


def _extra_cases(ops):
    m = A((3, 4))
    return [
        ("angle-f32", "angle", (m,), {}), ("angle-i32", "angle", (A((3,), "int32", -2, 2),), {}),
        ("clip-f32", "clip", (m, -0.5, 0.5), {}),
        ("clip-i32", "clip", (A((5,), "int32", -5, 5), -2, 3), {}),
        ("clip-i32-float-bounds", "clip", (A((5,), "int32", -5, 5), -1.5, 2.5), {}),
        ("clip-bool", "clip", (A((4,), "bool"), 0, 1), {}),
        ("clip-f16", "clip", (A((3,), "float16"), 0.0, 1.0), {}),
        ("clip-tensor-bounds", "clip", (m, A((4,), "float32", -1, 0), 0.5), {}),
        ("empty", "empty", ((2, 3),), {}), ("empty-int", "empty", ((4,),), {"dtype": "int32"}),
        ("empty_like", "empty_like", (m,), {}),
        ("empty_like-dtype", "empty_like", (m,), {"dtype": "float16"}),
        ("vectorize", "vectorize", (lambda a, b: a * 2 + b, A((3, 2)), A((2,))), {}),
        ("vectorize-signature", "vectorize", (lambda a, b: ops.sum(a * b), A((3, 4)), A((4,))),
         {"signature": "(n),(n)->()"}),
        ("custom_gradient", "custom_gradient", (_clipped_double(ops), A((3,))), {}),
    ] + _edge_cases()


def _edge_cases():
    e = A((0, 3))
    return [
        ("sum-empty-ax0", "sum", (e,), {"axis": 0}), ("sum-empty-all", "sum", (e,), {}),
        ("mean-empty-ax0", "mean", (e,), {"axis": 0}),
        ("prod-empty", "prod", (e,), {"axis": 1}),
        ("add-empty-bcast", "add", (e, A((3,))), {}),
        ("matmul-empty", "matmul", (e, A((3, 2))), {}),
        ("matmul-empty-inner", "matmul", (A((2, 0)), A((0, 3))), {}),
        ("concatenate-empty", "concatenate", ([e, A((2, 3))],), {"axis": 0}),
        ("take-empty-idx", "take", (A((3, 4)), np.zeros((0,), "int32")), {"axis": 1}),
        ("reshape-empty", "reshape", (e, (3, 0)), {}),
        ("where-empty", "where", (e > 0, e, 0.0), {}),
        ("cumsum-empty", "cumsum", (e,), {"axis": 0}),
        ("sort-empty", "sort", (e,), {"axis": 0}),
        ("transpose-empty", "transpose", (A((0, 2, 3)),), {"axes": (2, 0, 1)}),
        ("argmax-negaxis", "argmax", (A((2, 3, 4)),), {"axis": -2}),
        ("max-negaxes", "max", (A((2, 3, 4)),), {"axis": (-1, -3), "keepdims": True}),
        ("std-negaxes", "std", (A((2, 3, 4)),), {"axis": (-1, 0)}),
        ("quantile-negaxis", "quantile", (A((2, 3, 4)), 0.7), {"axis": -2}),
        ("take-negaxis", "take", (A((2, 3, 4)), np.array([2, -1], "int32")), {"axis": -1}),
        ("flip-negaxis", "flip", (A((2, 3)),), {"axis": -1}),
        ("split-negaxis", "split", (A((2, 4)), 2), {"axis": -1}),
        ("stack-negaxis", "stack", ([A((2, 3)), A((2, 3), seed=1)],), {"axis": -2}),
        ("cumprod-negaxis", "cumprod", (A((2, 3)),), {"axis": -1}),
        ("sum-f16", "sum", (A((3, 2), "float16"),), {"axis": -1}),
        ("mean-i8", "mean", (A((4,), "int8", -3, 3),), {}),
        ("var-i32", "var", (A((5,), "int32", 0, 9),), {}),
        ("matmul-f16", "matmul", (A((2, 3), "float16"), A((3, 2), "float16")), {}),
        ("add-u8-i8", "add", (A((3,), "uint8", 0, 9), A((3,), "int8", -3, 3)), {}),
        ("divide-i32-i32", "divide", (A((3,), "int32", 1, 9), A((3,), "int32", 1, 3)), {}),
        ("mod-neg", "mod", (np.array([-5, 5, -3], "int32"), np.array([3, -3, 2], "int32")), {}),
        ("floor_divide-neg", "floor_divide", (np.array([-5.5, 5.0], "float32"), 2), {}),
    ]


def _clipped_double(ops):
    def f(x):
        def grad(*args, upstream=None):
            return ops.clip(upstream, -0.5, 0.5)

        return x * 2.0, grad

    return f


# Ops whose case arguments are (function, *call_args): ``op(function, **kwargs)(*call_args)``.
TRANSFORM_OPS = ("vectorize", "custom_gradient")


def run(ops, name, args, kwargs):
    """Call ``ops.<name>`` on a case's arguments."""
    if name in TRANSFORM_OPS:
        return getattr(ops, name)(args[0], **kwargs)(*args[1:])
    return getattr(ops, name)(*args, **kwargs)


def cases(ops) -> list:
    """All (id, op name, args, kwargs) rows."""
    return (_unary_cases(ops) + _binary_cases(ops) + _reduce_cases(ops) + _shape_cases(ops)
            + _index_cases(ops) + _create_cases(ops) + _product_cases(ops) + _core_cases(ops)
            + _extra_cases(ops))


def bad_cases() -> list:
    """(id, op name, args, kwargs) rows on which Keras raises."""
    m = A((3, 4))
    return [
        ("add-bcast", "add", (A((2, 3)), A((4,))), {}),
        ("matmul-inner", "matmul", (A((2, 3)), A((4, 2))), {}),
        ("sum-axis", "sum", (m,), {"axis": 2}),
        ("mean-axis", "mean", (m,), {"axis": -3}),
        ("reshape-size", "reshape", (m, (5, 2)), {}),
        ("reshape-two-neg", "reshape", (m, (-1, -1)), {}),
        ("reshape-neg2", "reshape", (m, (-2, 6)), {}),
        ("squeeze-not1", "squeeze", (m,), {"axis": 0}),
        ("transpose-axes", "transpose", (m, (0,)), {}),
        ("concatenate-shape", "concatenate", ([m, A((2, 3))],), {"axis": 0}),
        ("stack-shape", "stack", ([m, A((3, 3))],), {}),
        ("split-uneven", "split", (A((5,)), 2), {}),
        ("array_split-type", "array_split", (A((5,)), [2]), {}),
        ("array_split-neg", "array_split", (A((5,)), 0), {}),
        ("take-out-of-range", "take", (m, np.array([7], "int32")), {"axis": 0}),
        ("where-one", "where", (m > 0, m), {}),
        ("diagonal-same", "diagonal", (m,), {"axis1": 1, "axis2": 1}),
        ("rot90-1d", "rot90", (A((3,)),), {}),
        ("rot90-axes", "rot90", (m,), {"axes": (0, 0)}),
        ("vander-2d", "vander", (m,), {}),
        ("vander-N", "vander", (A((3,)),), {"N": -1}),
        ("vander-N-type", "vander", (A((3,)),), {"N": 1.5}),
        ("histogram-bins", "histogram", (A((4,)),), {"bins": 1.5}),
        ("histogram-range", "histogram", (A((4,)),), {"range": (2.0, 1.0)}),
        ("histogram-2d", "histogram", (m,), {}),
        ("select-type", "select", (m > 0, [m]), {}),
        ("select-empty", "select", ([], []), {}),
        ("eye-float", "eye", (2.5,), {}),
        ("max-empty", "max", (A((0, 3)),), {}),
        ("min-empty", "min", (A((0, 3)),), {}),
        ("pad-constant-mode", "pad", (m, ((1, 1), (1, 1))),
         {"mode": "reflect", "constant_values": 1.0}),
        ("pad-width-len", "pad", (m, ((1, 1), (1, 1), (1, 1))), {}),
        ("scatter_update-reduction", "scatter_update",
         (m, np.array([[0, 0]], "int32"), np.array([1.0], "float32")), {"reduction": "avg"}),
        ("ldexp-float-exp", "ldexp", (A((3,)), A((3,))), {}),
        ("linspace-axis", "linspace", (0, 1), {"axis": 1}),
        ("searchsorted-2d", "searchsorted", (m, A((2,))), {}),
        ("fabs-complex", "fabs", (np.array([1 + 1j], "complex64"),), {}),
        ("scan-noxs", "scan", (lambda c, x: (c, c), np.float32(0.0)), {}),
        ("scan-unroll", "scan", (lambda c, x: (c, c), np.float32(0.0), A((2,))),
         {"unroll": 0}),
        ("cross-axisa", "cross", (A((3,)), A((3,))), {"axisa": 0}),
    ]


# Keras's torch backend calls tensor methods on these ops' inputs, so they take tensors.
TENSOR_INPUT_OPS = ("unstack", "stop_gradient", "vectorized_map", "custom_gradient")


def prepare(name, args, ops):
    """``args`` as passed to ``ops.<name>`` (tensors for ``TENSOR_INPUT_OPS``)."""
    if name in TENSOR_INPUT_OPS:
        return tuple(ops.convert_to_tensor(a) if isinstance(a, np.ndarray) else a for a in args)
    return args


def symbolic_args(args, KerasTensor, batch_none=False):  # noqa: N803 - a class
    """``args`` with every NumPy array (also inside lists) made a KerasTensor of its shape
    and dtype (the first axis unknown when ``batch_none``)."""
    def sym(v):
        if isinstance(v, np.ndarray) and v.ndim > 0:
            shape = tuple(v.shape)
            if batch_none:
                shape = (None,) + shape[1:]
            return KerasTensor(shape, dtype=str(v.dtype))
        if isinstance(v, list) and v and all(isinstance(e, np.ndarray) for e in v):
            return [sym(e) for e in v]
        return v

    return tuple(sym(a) for a in args)


DTYPES = ("bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32",
          "float64")
MATRIX_BINARY = ("add", "subtract", "multiply", "divide", "maximum", "power", "floor_divide",
                 "mod", "arctan2", "logaddexp", "equal", "where", "matmul", "dot", "hypot")
MATRIX_UNARY = ("sqrt", "exp", "log", "sin", "tanh", "abs", "square", "negative", "floor",
                "ceil", "round", "sign", "reciprocal", "sum", "mean", "var", "max", "prod",
                "cumsum", "argmax", "cbrt", "deg2rad", "i0", "nansum", "median")


def dtype_matrix_rows(ops):
    """(key, op name, args) rows whose result dtype is compared with Keras's: every pair of
    dtypes (and Python int/float) for binary ops, every dtype for unary ones."""
    def t(dtype):
        return ops.cast(np.array([[1.0, 2.0], [3.0, 0.5]], "float32"), dtype)

    rows = []
    operands = list(DTYPES) + ["pyint", "pyfloat"]
    for name in MATRIX_BINARY:
        for a in DTYPES:
            for b in operands:
                other = {"pyint": 2, "pyfloat": 1.5}.get(b)
                second = t(b) if other is None else other
                args = ((t(a) > 1, t(a), second) if name == "where" else (t(a), second))
                rows.append((f"{name}|{a}|{b}", name, args))
    for name in MATRIX_UNARY:
        for a in DTYPES:
            rows.append((f"{name}|{a}", name, (t(a),)))
    return rows
