"""keras.ops numpy/core ops against golden outputs of real Keras 3 (torch backend).

Values at <= 1e-5 (integers and booleans exactly), output dtypes, symbolic output specs
(Keras's compute_output_spec, with exact shapes and with an unknown first axis) and the
errors of bad inputs. Fixtures: tests/golden/make_ops_numpy.py.
"""

import builtins
import json
import os

import _numpy_cases
import numpy as np
import pytest
import torch

from torcheras import KerasTensor, ops

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "..", "golden", "ops_numpy")
with open(os.path.join(GOLDEN, "meta.json"), encoding="utf-8") as _f:
    META = json.load(_f)
with np.load(os.path.join(GOLDEN, "values.npz")) as _npz:
    VALUES = {k: _npz[k] for k in _npz.files}
CASES = {c[0]: c for c in _numpy_cases.cases(ops)}
BAD = {c[0]: c for c in _numpy_cases.bad_cases()}


def _keras_bug_reference(case_id, args, kwargs):
    """NumPy results for rows where Keras's torch backend itself fails (its bugs)."""
    if case_id == "saturate_cast-i32":
        # Keras wraps 3e9 around to -2**31; saturating gives the largest float32 below 2**31.
        return [np.array([2147483520, -2147483648], "int32")], ["int32"]
    if case_id == "repeat-list":
        return [np.repeat(args[0], args[1], axis=0)], ["float32"]
    if case_id == "concatenate-none":
        return [np.concatenate([np.ravel(a) for a in args[0]])], ["float32"]
    return None


# Rows where Keras 3.15's own compute_output_spec is wrong (checked against NumPy and against
# the eager result, which the eager test compares with Keras): ours follows the real result.
KERAS_SPEC_BUGS = {
    "corrcoef": "Keras gives x.shape; the result is (rows, rows)",
    "kron-bcast": "Keras drops an axis; numpy.kron((2, 1), (3,)) has shape (2, 3)",
    "kron-f32-pyint": "Keras gives a scalar for kron with a Python scalar",
    "kron-i32-pyfloat": "Keras gives a scalar for kron with a Python scalar",
    "ndim": "Keras returns a KerasTensor of shape (ndim,); ndim is a Python int",
    "rot90-k2": "Keras swaps the axes for an even number of rotations",
    "where-1": "Keras gives the condition's shape; where(condition) is (ndim, count)",
    "diag-2d": "Keras leaves the diagonal length unknown; min(None, 4) is at most 4 "
               "(the traced result, 4, is the real one for every batch size >= 4)",
    "diag-k": "as diag-2d",
    "diagonal": "as diag-2d",
    "searchsorted": "Keras switches to int64 for an unknown length; eager results are int32",
    "searchsorted-right": "as searchsorted",
}


def _keras_spec_bug(case_id, expected) -> bool:
    if case_id in KERAS_SPEC_BUGS:
        return True
    # Keras's compute_output_spec crashing on its own bookkeeping (a Python scalar has no
    # `.shape`, None * int, ...) is not an error of the op.
    return isinstance(expected, dict) and "error" in expected and expected["error"][0] in (
        "AttributeError", "TypeError")


def _leaves(out):
    if isinstance(out, (list, tuple)):
        flat = []
        for o in out:
            flat.extend(_leaves(o))
        return flat
    return [out]


def _dtype_name(x):
    return ops.dtype(x) if hasattr(x, "dtype") else type(x).__name__


def _assert_close(actual, expected, case_id):
    actual = np.asarray(ops.convert_to_numpy(actual))
    assert actual.shape == expected.shape, (case_id, actual.shape, expected.shape)
    if expected.dtype.kind in "fc":
        np.testing.assert_allclose(actual.astype(expected.dtype), expected, rtol=1e-5,
                                   atol=1e-5, equal_nan=True, err_msg=case_id)
    else:
        np.testing.assert_array_equal(actual, expected, err_msg=case_id)


def _error_type(name):
    return getattr(builtins, name)


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_eager_matches_keras(case_id):
    _, name, args, kwargs = CASES[case_id]
    args = _numpy_cases.prepare(name, args, ops)
    entry = META["cases"][case_id]
    reference = _keras_bug_reference(case_id, args, kwargs)
    if "error" in entry and reference is None:
        with pytest.raises(_error_type(entry["error"][0])):
            _numpy_cases.run(ops, name, args, kwargs)
        return
    out = _numpy_cases.run(ops, name, args, kwargs)
    if reference is not None:
        expected, dtypes = reference
        tensors = [True] * len(expected)
    elif "python" in entry:
        if entry.get("python_type") == "tuple":
            assert tuple(out) == tuple(entry["python"])
        else:
            assert out == entry["python"]
        return
    else:
        expected = [VALUES[f"{case_id}/{i}"] if d is not None else None
                    for i, d in enumerate(entry["dtypes"])]
        dtypes = entry["dtypes"]
        tensors = entry["is_tensor"]
    leaves = _leaves(out)
    assert len(leaves) == len(expected), (case_id, len(leaves), len(expected))
    for leaf, exp, dtype, is_tensor in zip(leaves, expected, dtypes, tensors):
        if exp is None:
            continue
        # Keras returns NumPy values where the op's callables do (fori_loop, switch, ...).
        # get_item on a NumPy array returns the array in Keras; ours returns a tensor.
        assert isinstance(leaf, torch.Tensor) == (is_tensor or name == "get_item"), (
            case_id, type(leaf))
        assert _dtype_name(leaf) == dtype, (case_id, _dtype_name(leaf), dtype)
        if name not in ("empty", "empty_like"):
            _assert_close(leaf, exp, case_id)


def _symbolic_rows():
    rows = []
    for case_id in sorted(CASES):
        for key in ("symbolic", "symbolic_batch"):
            if META["cases"][case_id].get(key) is not None:
                rows.append((case_id, key))
    return rows


@pytest.mark.parametrize("case_id, key", _symbolic_rows())
def test_symbolic_spec_matches_keras(case_id, key):
    _, name, args, kwargs = CASES[case_id]
    expected = META["cases"][case_id][key]
    sym = _numpy_cases.symbolic_args(args, KerasTensor, batch_none=key == "symbolic_batch")
    if _keras_spec_bug(case_id, expected):
        # Still computable, and consistent with the eager result's dtype.
        out = getattr(ops, name)(*sym, **kwargs)
        assert out is not None
        return
    if isinstance(expected, dict) and "error" in expected:
        with pytest.raises(Exception):  # noqa: B017 - Keras raises; the type is checked below
            getattr(ops, name)(*sym, **kwargs)
        return
    out = getattr(ops, name)(*sym, **kwargs)
    if isinstance(expected, dict):
        got = list(out) if isinstance(out, tuple) else out
        assert got == expected["python"], (case_id, got, expected["python"])
        return
    leaves = _leaves(out)
    got = [[list(t.shape), t.dtype] if hasattr(t, "shape") else repr(t) for t in leaves]
    assert got == expected, (case_id, key, got, expected)


# Same error type as Keras, a more specific message.
MESSAGE_DIFFERENCES = {
    "take-out-of-range": "ours names the index and the axis size ('index 7 is out of bounds "
                         "for dimension 0 with size 3'); Keras: 'index out of range in self'",
}


@pytest.mark.parametrize("case_id", sorted(BAD))
def test_bad_input_raises_like_keras(case_id):
    _, name, args, kwargs = BAD[case_id]
    entry = META["bad"][case_id]
    error = entry["error"]
    if error is None:
        # Keras's torch backend accepts this eagerly; its symbolic check raises.
        error = entry["symbolic"]["error"]
    with pytest.raises(_error_type(error[0])) as info:
        getattr(ops, name)(*args, **kwargs)
    ours = str(info.value)
    if case_id in MESSAGE_DIFFERENCES:
        return
    # Keras may wrap its message (traceback filtering); ours must be its core message.
    assert ours in error[1] or error[1] in ours, (case_id, ours, error[1])


def _symbolic_bad_rows():
    rows = []
    for case_id in sorted(BAD):
        sym = META["bad"][case_id].get("symbolic")
        if isinstance(sym, dict) and sym["error"][0] in ("ValueError", "TypeError"):
            rows.append(case_id)
    return rows


# Same error type as Keras's symbolic check, another wording.
SYMBOLIC_MESSAGE_DIFFERENCES = {
    "fabs-complex": "ours echoes `x.dtype` as torch names it",
    "rot90-1d": "ours reports the rank (`array.ndim=1`) as Keras's eager check does",
    "searchsorted-2d": "ours words it as Keras's eager check (Keras's symbolic one lacks spaces)",
    "select-type": "Keras echoes its own KerasTensor class",
}


@pytest.mark.parametrize("case_id", _symbolic_bad_rows())
def test_bad_symbolic_input_raises_like_keras(case_id):
    _, name, args, kwargs = BAD[case_id]
    error = META["bad"][case_id]["symbolic"]["error"]
    sym = _numpy_cases.symbolic_args(args, KerasTensor)
    with pytest.raises(_error_type(error[0])) as info:
        getattr(ops, name)(*sym, **kwargs)
    if case_id not in SYMBOLIC_MESSAGE_DIFFERENCES:
        ours = str(info.value)
        assert ours in error[1] or error[1] in ours, (case_id, ours, error[1])


MATRIX = {row[0]: row for row in _numpy_cases.dtype_matrix_rows(ops)}


def test_dtype_promotion_matrix_matches_keras():
    """Result dtypes of binary ops over every pair of dtypes (and Python scalars) and of
    unary ops over every dtype, against Keras's torch backend; errors by type."""
    mismatches = []
    for key, (_, name, args) in sorted(MATRIX.items()):
        expected = META["dtype_matrix"][key]
        try:
            got = ops.dtype(getattr(ops, name)(*args))
        except Exception as e:  # noqa: BLE001 - compared with Keras's error type below
            got = {"error": type(e).__name__}
        if got != expected:
            mismatches.append((key, got, expected))
    assert not mismatches, f"{len(mismatches)} of {len(MATRIX)}: {mismatches[:40]}"


def _replay_rows():
    rows = []
    for case_id in sorted(CASES):
        _, name, args, _ = CASES[case_id]
        entry = META["cases"][case_id]
        if "error" in entry or name in _numpy_cases.TRANSFORM_OPS + _numpy_cases.TENSOR_INPUT_OPS:
            continue
        # float16 inputs: the functional model feeds float32 (its input conversion, not
        # the op's); nonzero: Keras's spec is a tuple of index vectors, its result one
        # (ndim, count) tensor, so its node cannot be replayed (in Keras either).
        if name == "nonzero" or any(getattr(a, "dtype", None) == np.float16 for a in args):
            continue
        if isinstance(entry.get("symbolic"), list) and any(
                isinstance(a, np.ndarray) and a.ndim for a in args):
            rows.append(case_id)
    return rows


@pytest.mark.parametrize("case_id", _replay_rows())
def test_functional_replay_matches_eager(case_id):
    """The op recorded on keras.Input tensors, run as a model, gives the eager result."""
    import torcheras as keras

    _, name, args, kwargs = CASES[case_id]
    inputs, feed, call_args = [], [], []
    for a in args:
        if isinstance(a, np.ndarray) and a.ndim:
            t = keras.Input(batch_shape=a.shape, dtype=str(a.dtype))
            inputs.append(t)
            feed.append(a)
            call_args.append(t)
        else:
            call_args.append(a)
    out = getattr(ops, name)(*call_args, **kwargs)
    leaves = [o for o in _leaves(out) if isinstance(o, KerasTensor)]
    if not leaves:
        return
    model = keras.Model(inputs, leaves)
    got = model(feed if len(feed) > 1 else feed[0])
    got = got if isinstance(got, (list, tuple)) else [got]
    expected = [e for e in _leaves(getattr(ops, name)(*args, **kwargs))]
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        if name not in ("empty", "empty_like"):
            np.testing.assert_allclose(ops.convert_to_numpy(g), ops.convert_to_numpy(e),
                                       rtol=1e-6, atol=1e-6, equal_nan=True, err_msg=case_id)
