"""``Hashing``: hash strings or integers into a fixed number of bins."""

from __future__ import annotations

import numbers

import numpy as np
import torch

from torcheras.backend import _config, _device
from torcheras.layers._layer import Layer
from torcheras.layers.preprocessing.numerical import _encoding
from torcheras.layers.preprocessing.text import _hashes
from torcheras.layers.preprocessing.text._index_lookup import _is_symbolic


class Hashing(Layer):
    """A preprocessing layer which hashes and bins categorical features.

    Each value is mapped to `hash(value) % num_bins` with FarmHash Fingerprint64 (the
    same bins as Keras, which uses TensorFlow's `to_hash_bucket_fast`), or with SipHash
    keyed by `salt` when a salt is given. Integers are hashed through their decimal text
    (floats are first truncated to integers). With `mask_value`, that value goes to bin 0
    and the others to `1 + hash % (num_bins - 1)`.

    Args:
        num_bins: Number of hash bins (including the mask bin, if any).
        mask_value: A value that represents masked inputs, mapped to index 0.
        salt: A single int or a pair of ints used as the key of the strong hash.
        output_mode: `"int"` (default), `"one_hot"`, `"multi_hot"` or `"count"`.
        sparse: Must be False.
        dtype: Output dtype (default int64 for `"int"`, else the float type).

    Example:

    >>> layer = Hashing(num_bins=3)
    >>> layer([["A"], ["B"], ["C"], ["D"], ["E"]]).tolist()
    [[1], [0], [1], [1], [2]]
    """

    def __init__(self, num_bins: int, mask_value=None, salt=None, output_mode: str = "int",
                 sparse: bool = False, **kwargs):
        if kwargs.get("dtype") is None:
            kwargs["dtype"] = "int64" if output_mode == "int" else _config.floatx()
        super().__init__(**kwargs)
        if num_bins is None or isinstance(num_bins, bool) or not isinstance(
                num_bins, numbers.Integral) or num_bins <= 0:
            raise ValueError("The `num_bins` for `Hashing` cannot be `None` or non-positive "
                             f"values. Received: num_bins={num_bins}.")
        if output_mode == "int" and self.dtype not in ("int32", "int64"):
            raise ValueError('When `output_mode="int"`, `dtype` should be an integer type, '
                             f"'int32' or 'in64'. Received: dtype={kwargs['dtype']}")
        accepted = ("int", "one_hot", "multi_hot", "count")
        if output_mode not in accepted:
            raise ValueError(f"Invalid value for argument `output_mode`. Expected one of "
                             f"{accepted}. Received: output_mode={output_mode}")
        if sparse:
            raise ValueError("`sparse=True` can only be used with the TensorFlow backend.")
        self.num_bins = int(num_bins)
        self.mask_value = mask_value
        self.strong_hash = salt is not None
        self.output_mode = output_mode
        self.sparse = False
        self.salt = None
        if salt is not None:
            if isinstance(salt, (tuple, list)) and len(salt) == 2:
                self.salt = list(salt)
            elif isinstance(salt, int):
                self.salt = [salt, salt]
            else:
                raise ValueError("The `salt` argument for `Hashing` can only be a tuple of "
                                 f"size 2 integers, or a single integer. Received: salt={salt}.")
        self.built = True

    def __call__(self, *args, **kwargs):
        if args and not isinstance(args[0], torch.Tensor) and not _is_symbolic(args[0]):
            return self.call(*args, **kwargs)
        return super().__call__(*args, **kwargs)

    def _bins(self, arr: np.ndarray) -> np.ndarray:
        bins = self.num_bins
        masked = None
        if self.mask_value is not None and bins > 1:
            bins -= 1
            masked = arr == self.mask_value
        if arr.dtype.kind == "f":
            arr = arr.astype(np.int64)
        uniq, inverse = np.unique(arr.reshape(-1), return_inverse=True)
        keys = [(v.encode("utf-8") if isinstance(v, str) else
                 v if isinstance(v, bytes) else str(int(v)).encode()) for v in uniq.tolist()]
        if self.strong_hash:
            hashed = [_hashes.siphash(self.salt, k) % bins for k in keys]
        else:
            hashed = [_hashes.fingerprint64(k) % bins for k in keys]
        out = np.array(hashed, dtype=np.int64)[inverse].reshape(arr.shape)
        if masked is not None:
            out = np.where(masked, 0, out + 1)
        return out

    def call(self, inputs):
        if isinstance(inputs, torch.Tensor):
            inputs = _device.convert_to_numpy(inputs)
        arr = np.asarray(inputs)
        if arr.dtype.kind in ("U", "S", "O"):
            arr = arr.astype(object)
        elif arr.dtype.kind not in ("i", "u", "f", "b"):
            raise ValueError(f"Layer '{self.name}' hashes strings or integers. Received "
                             f"inputs of dtype {arr.dtype}.")
        if self.output_mode == "one_hot" and arr.ndim and arr.shape[-1] == 1:
            arr = arr[..., 0]
        ids = _device.convert_to_tensor(self._bins(arr))
        return _encoding.encode(ids, self.output_mode, self.num_bins, self.dtype, self.name)

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return tuple(input_shape)
        if len(input_shape) == 0:
            return (self.num_bins,)
        return tuple(input_shape[:-1]) + (self.num_bins,)

    def get_config(self) -> dict:
        return {**super().get_config(), "num_bins": self.num_bins, "salt": self.salt,
                "mask_value": self.mask_value, "output_mode": self.output_mode,
                "sparse": self.sparse}
