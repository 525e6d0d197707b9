"""``HashedCrossing``: crosses scalar categorical features with the hashing trick.

Keras delegates to ``tf.sparse.cross_hashed``; this computes the same bins without
TensorFlow: each feature becomes a 64-bit value (FarmHash ``Fingerprint64`` of a string's
UTF-8 bytes, an integer's own two's-complement bits), the values are chained with
TensorFlow's ``FingerprintCat64`` starting from its default hash key, and the result is
reduced modulo ``num_bins`` as an unsigned integer.
"""

from __future__ import annotations

import numpy as np
import torch

from torcheras.backend import _device
from torcheras.layers._keras_tensor import KerasTensor, any_symbolic
from torcheras.layers._layer import Layer
from torcheras.layers.preprocessing.text._hashes import fingerprint64

# tf.sparse.cross_hashed's default `hash_key` and FingerprintCat64's multiplier.
_HASH_KEY = np.uint64(0xDECAFCAFFE)
_MUL = np.uint64(0xC6A4A7935BD1E995)
_SHIFT = np.uint64(47)


def _shift_mix(v: np.ndarray) -> np.ndarray:
    return v ^ (v >> _SHIFT)


def fingerprint_cat64(fp1: np.ndarray, fp2: np.ndarray) -> np.ndarray:
    """TensorFlow's ``FingerprintCat64`` on uint64 arrays (arithmetic modulo 2**64)."""
    with np.errstate(over="ignore"):  # the wrap-around is the hash
        result = fp1 ^ _MUL
        result = result ^ (_shift_mix(fp2 * _MUL) * _MUL)
        result = result * _MUL
        result = _shift_mix(result) * _MUL
        return _shift_mix(result)


def _feature_values(arr: np.ndarray) -> np.ndarray:
    """Each element's 64-bit feature value (uint64), as TensorFlow's hashed cross reads it."""
    if arr.dtype.kind in "iu":
        return arr.astype(np.int64).view(np.uint64)
    uniq, inverse = np.unique(arr.reshape(-1), return_inverse=True)
    hashes = np.array([fingerprint64(v.encode("utf-8") if isinstance(v, str) else bytes(v))
                       for v in uniq.tolist()], dtype=np.uint64)
    return hashes[inverse].reshape(arr.shape)


def _as_array(x) -> np.ndarray:
    if isinstance(x, torch.Tensor):
        return x.detach().cpu().numpy()
    return np.asarray(x)


class HashedCrossing(Layer):
    """A preprocessing layer which crosses features using the "hashing trick".

    The output is ``hash(concatenate(features)) % num_bins`` for inputs of shape ``()``,
    ``(batch,)`` or ``(batch, 1)``: integers or strings, two or more of equal shape.

    Args:
        num_bins: Number of hash bins.
        output_mode: ``"int"`` (bin indices, int64) or ``"one_hot"`` (a ``num_bins``-wide
            one-hot float vector per element).
        sparse: Only valid with TensorFlow's backend in Keras; must stay False.
        name: Name of the layer.
        dtype: Output dtype (default ``"int64"`` for ``"int"``, else float).

    Example:

    >>> import numpy as np
    >>> layer = HashedCrossing(num_bins=5)
    >>> feat1 = np.array(["A", "B", "A", "B", "A"])
    >>> feat2 = np.array([101, 101, 101, 102, 102])
    >>> layer((feat1, feat2)).tolist()
    [1, 4, 1, 1, 3]
    """

    def __init__(self, num_bins, output_mode="int", sparse=False, name=None, dtype=None,
                 **kwargs):
        if output_mode == "int" and dtype is None:
            dtype = "int64"
        # As Keras: only `name` and `dtype` reach the base layer.
        super().__init__(name=name, dtype=dtype)
        if sparse:
            raise ValueError("`sparse=True` can only be used with the TensorFlow backend.")
        if not isinstance(output_mode, str) or output_mode not in ("int", "one_hot"):
            raise ValueError(
                "Unknown value for `output_mode` argument of HashedCrossing. Allowed values "
                f"are: ('int', 'one_hot'). Received: output_mode={output_mode!r}")
        if isinstance(num_bins, bool) or not isinstance(num_bins, (int, np.integer)) or (
                num_bins <= 0):
            raise ValueError(
                f"Argument `num_bins` of HashedCrossing must be a positive integer. "
                f"Received: num_bins={num_bins!r}")
        self.num_bins = int(num_bins)
        self.output_mode = output_mode
        self.sparse = sparse
        self.built = True

    def __call__(self, *args, **kwargs):
        # Inputs may hold strings: they never become tensors, so `call` takes them as given.
        if args and not any_symbolic(args):
            return self.call(*args, **kwargs)
        return super().__call__(*args, **kwargs)

    def call(self, inputs):
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                "`HashedCrossing` should be called on a list or tuple of inputs. "
                f"Received: inputs={inputs!r}")
        if len(inputs) < 2:
            raise ValueError(
                "`HashedCrossing` should be called on at least two inputs. "
                f"Received: inputs={inputs!r}")
        arrays = [_as_array(x) for x in inputs]
        self._check_arrays(arrays, inputs)
        shape = arrays[0].shape
        hashed = np.full(shape, _HASH_KEY, dtype=np.uint64).reshape(-1)
        for arr in arrays:
            hashed = fingerprint_cat64(hashed, _feature_values(arr).reshape(-1))
        bins = (hashed % np.uint64(self.num_bins)).astype(np.int64).reshape(shape)
        out = torch.from_numpy(bins)
        if self.output_mode == "one_hot":
            flat = out.reshape(-1) if out.dim() == 2 else out
            out = torch.nn.functional.one_hot(flat, self.num_bins)
        return out.to(_device.to_torch_dtype(self.compute_dtype))

    def _check_arrays(self, arrays, inputs) -> None:
        shape = arrays[0].shape
        if len(shape) > 2 or (len(shape) == 2 and shape[-1] != 1):
            raise ValueError(
                "All `HashedCrossing` inputs should have shape `()`, `(batch_size)` or "
                f"`(batch_size, 1)`. Received: inputs={inputs!r}")
        if not all(a.shape == shape for a in arrays[1:]):
            raise ValueError(
                f"All `HashedCrossing` inputs should have equal shape. Received: "
                f"inputs={inputs!r}")
        for a in arrays:
            strings = a.dtype.kind in "USO" and all(
                isinstance(v, (str, bytes)) for v in a.reshape(-1).tolist())
            if a.dtype.kind not in "iu" and not strings:
                raise ValueError(
                    "All `HashedCrossing` inputs should have an integer or string dtype. "
                    f"Received: inputs={inputs!r}")

    def compute_output_shape(self, input_shape):
        if (len(input_shape) != 2 or not isinstance(input_shape[0], tuple)
                or not isinstance(input_shape[1], tuple)):
            raise ValueError(
                "Expected as input a list/tuple of 2 tensors. "
                f"Received input_shape={input_shape}")
        if input_shape[0][-1:] != input_shape[1][-1:]:
            raise ValueError(
                "Expected the two input tensors to have identical shapes. "
                f"Received input_shape={input_shape}")
        first = tuple(input_shape[0])
        if self.output_mode == "int":
            return first
        if first and first[-1] != 1:
            return first + (self.num_bins,)
        return first[:-1] + (self.num_bins,)

    def compute_output_spec(self, inputs, **kwargs):
        shapes = [tuple(x.shape) for x in inputs]
        return KerasTensor(self.compute_output_shape(shapes), self.compute_dtype)

    def get_config(self) -> dict:
        return {"num_bins": self.num_bins, "output_mode": self.output_mode,
                "sparse": self.sparse, "name": self.name, "dtype": self.dtype}
