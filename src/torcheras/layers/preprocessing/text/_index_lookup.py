"""The vocabulary machinery shared by StringLookup, IntegerLookup and TextVectorization.

Index layout (as Keras): ``[mask_token]`` (only in ``"int"`` mode, index 0), then
``num_oov_indices`` OOV slots, then the vocabulary. ``adapt`` ranks tokens by count,
ties broken by the token itself, highest first. Lookups run in NumPy on the distinct
values of a batch (strings have no torch dtype); results come back as torch tensors.
"""

from __future__ import annotations

import collections
import numbers
import os

import numpy as np
import torch

from torcheras.backend import _config, _device
from torcheras.layers._keras_tensor import KerasTensor
from torcheras.layers._layer import Layer, _spec_from_shape
from torcheras.layers.preprocessing.numerical import _encoding
from torcheras.layers.preprocessing.text import _hashes

_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")


def as_numpy(data, strings: bool, encoding: str = "utf-8") -> np.ndarray:
    """Inputs (lists, arrays, tensors) as a NumPy array; strings as Python ``str``."""
    if isinstance(data, torch.Tensor):
        data = _device.convert_to_numpy(data)
    arr = np.asarray(data, dtype=object if strings else None)
    if strings:
        arr = arr.copy()
        flat = arr.reshape(-1)
        for i, v in enumerate(flat):
            if isinstance(v, bytes):
                flat[i] = v.decode(encoding)
            elif not isinstance(v, str):
                flat[i] = str(v)
    return arr


class IndexLookup(Layer):
    """Base of the lookup layers; see StringLookup and IntegerLookup."""

    _strings = True

    def __init__(self, max_tokens=None, num_oov_indices: int = 1, mask_token=None,
                 oov_token=None, vocabulary=None, idf_weights=None, invert: bool = False,
                 output_mode: str = "int", sparse: bool = False,
                 pad_to_max_tokens: bool = False, oov_method: str = "floormod",
                 salt=None, name: str | None = None, encoding: str = "utf-8", **kwargs):
        frozen = kwargs.pop("vocabulary_size", None)
        has_vocab = kwargs.pop("has_input_vocabulary", vocabulary is not None)
        kwargs.pop("trainable", None)
        kwargs.pop("dtype", None)
        if kwargs:
            raise ValueError(f"Unrecognized keyword argument(s): {kwargs}")
        super().__init__(name=name)
        if max_tokens is not None and max_tokens <= 1:
            raise ValueError(f"If set, `max_tokens` must be greater than 1. Received: "
                             f"max_tokens={max_tokens}")
        if pad_to_max_tokens and max_tokens is None:
            raise ValueError(f"If pad_to_max_tokens is True, must set `max_tokens`. "
                             f"Received: max_tokens={max_tokens}")
        if not isinstance(num_oov_indices, numbers.Integral) or num_oov_indices < 0:
            raise ValueError("`num_oov_indices` must be greater than or equal to 0. "
                             f"Received: num_oov_indices={num_oov_indices}")
        if oov_method not in ("floormod", "farmhash"):
            raise ValueError(f"Unknown value for `oov_method`: {oov_method!r}. Allowed "
                             "values are: ['floormod', 'farmhash']")
        if salt is not None:
            if not self._strings and oov_method != "farmhash":
                raise ValueError("`salt` can only be used when `oov_method='farmhash'`. "
                                 f"Received: oov_method={oov_method}")
            if isinstance(salt, (tuple, list)) and len(salt) == 2:
                salt = list(salt)
            elif isinstance(salt, int):
                salt = [salt, salt]
            else:
                raise ValueError("The `salt` argument for `IndexLookup` can only be a tuple "
                                 f"of 2 integers, or a single integer. Received: salt={salt}.")
        output_mode = {"binary": "multi_hot", "tf-idf": "tf_idf"}.get(output_mode, output_mode)
        _encoding.check_output_mode(output_mode, _MODES, self.name)
        if invert and output_mode != "int":
            raise ValueError("`output_mode` must be `'int'` when `invert` is true. "
                             f"Received: output_mode={output_mode}")
        if sparse:
            raise ValueError("`sparse=True` can only be used with the TensorFlow backend.")
        if idf_weights is not None and output_mode != "tf_idf":
            raise ValueError("`idf_weights` should only be set if `output_mode` is "
                             f"`'tf_idf'`. Received: idf_weights={idf_weights} and "
                             f"output_mode={output_mode}")
        if output_mode == "tf_idf" and has_vocab and idf_weights is None:
            raise ValueError("When specifying the `vocabulary` argument, in TF-IDF output "
                             "mode, the `idf_weights` argument must also be provided.")
        self.invert = invert
        self.max_tokens = max_tokens
        self.num_oov_indices = int(num_oov_indices)
        self.mask_token = mask_token
        self.oov_token = oov_token
        self.output_mode = output_mode
        self.sparse = False
        self.pad_to_max_tokens = pad_to_max_tokens
        self.oov_method = oov_method
        self.salt = salt
        self.encoding = encoding
        self.input_vocabulary = vocabulary if not isinstance(vocabulary, str) else None
        self.input_idf_weights = idf_weights
        self._has_input_vocabulary = has_vocab
        self._frozen_vocab_size = frozen
        self._tokens: list = []
        self._index: dict = {}
        self.idf_weights = None
        self.reset_state()
        if vocabulary is not None:
            self.set_vocabulary(vocabulary, idf_weights)
        self.built = True

    # ------------------------------------------------------------------ layout
    def _oov_start_index(self) -> int:
        return 1 if self.mask_token is not None and self.output_mode == "int" else 0

    def _token_start_index(self) -> int:
        return self._oov_start_index() + self.num_oov_indices

    def vocabulary_size(self) -> int:
        """The size of the vocabulary, including optional mask and OOV indices."""
        return len(self._tokens) + self._token_start_index()

    def get_vocabulary(self, include_special_tokens: bool = True) -> list:
        """The vocabulary: a token's position is its index when calling the layer.

        Args:
            include_special_tokens: If `False`, leave out the mask and OOV tokens.
        """
        vocab = ([self.oov_token] * self._token_start_index()) + list(self._tokens)
        if self.mask_token is not None and self.output_mode == "int":
            vocab[0] = self.mask_token
        return vocab if include_special_tokens else vocab[self._token_start_index():]

    def _normalize_tokens(self, values) -> list:
        arr = as_numpy(values, self._strings, self.encoding).reshape(-1)
        return arr.tolist() if self._strings else [int(v) for v in arr]

    def set_vocabulary(self, vocabulary, idf_weights=None) -> None:
        """Sets the vocabulary (and IDF weights in `"tf_idf"` mode) directly.

        Args:
            vocabulary: A list, tuple, 1D array or tensor of terms, or the path of a
                text file with one term per line.
            idf_weights: Inverse document frequency weights, one per term (only and
                always in `"tf_idf"` mode).
        """
        if self.output_mode == "tf_idf":
            if idf_weights is None:
                raise ValueError("`idf_weights` must be set if output_mode is 'tf_idf'.")
        elif idf_weights is not None:
            raise ValueError("`idf_weights` should only be set if output_mode is 'tf_idf'. "
                             f"`output_mode` is {self.output_mode}.")
        if isinstance(vocabulary, (str, os.PathLike)):
            if not os.path.exists(vocabulary):
                raise ValueError(f"Vocabulary file {vocabulary} does not exist.")
            with open(vocabulary, encoding=self.encoding) as f:
                lines = f.read().splitlines()
            vocabulary = lines if self._strings else [int(v) for v in lines]
        tokens = self._normalize_tokens(vocabulary)
        if not tokens:
            raise ValueError(f"Cannot set an empty vocabulary. Received: "
                             f"vocabulary={vocabulary}")
        start = self._token_start_index()
        special = [self.mask_token] * self._oov_start_index() + [self.oov_token] * (
            self.num_oov_indices)
        found_special = tokens[:start] == special
        if found_special:
            tokens = tokens[start:]
        repeated = [t for t, c in collections.Counter(tokens).items() if c > 1]
        if repeated:
            raise ValueError(f"The passed vocabulary has at least one repeated term. Please "
                             f"uniquify your dataset. The repeated terms are {repeated}.")
        if self.mask_token is not None and self.mask_token in tokens:
            raise ValueError(f"Found reserved mask token at unexpected location in "
                             f"`vocabulary`. Note that passed `vocabulary` does not need to "
                             f"include the OOV and mask tokens. Either remove all mask and "
                             f"OOV tokens, or include them only at the start of the "
                             f"vocabulary in precisely this order: {special}. Received: "
                             f"mask_token={self.mask_token}")
        if self.oov_token is not None and self.invert and self.oov_token in tokens:
            raise ValueError(f"Found reserved OOV token at unexpected location in "
                             f"`vocabulary`. Received: oov_token={self.oov_token}")
        if self.max_tokens is not None and start + len(tokens) > self.max_tokens:
            raise ValueError(f"Attempted to set a vocabulary larger than the maximum vocab "
                             f"size. Received vocabulary size is {start + len(tokens)}; "
                             f"`max_tokens` is {self.max_tokens}.")
        self._set_tokens(tokens)
        if self.output_mode == "tf_idf":
            weights = np.asarray(_device.convert_to_numpy(idf_weights)
                                 if isinstance(idf_weights, torch.Tensor) else idf_weights)
            if len(weights) != len(self._normalize_tokens(vocabulary)):
                raise ValueError("`idf_weights` must be the same length as vocabulary. "
                                 f"len(idf_weights) is {len(weights)}; len(vocabulary) is "
                                 f"{len(self._normalize_tokens(vocabulary))}")
            if weights.ndim != 1:
                raise ValueError(f"TF-IDF data must be a 1-index array. Received: "
                                 f"type(idf_weights)={type(weights)}")
            front, front_value = (0, 0) if found_special else (start, np.average(weights))
            back = (self.max_tokens - front - len(weights)
                    if self.pad_to_max_tokens and self.max_tokens is not None else 0)
            self.idf_weights = np.pad(weights, (front, back),
                                      constant_values=(front_value, 0)).astype(_config.floatx())
        self._record_vocabulary_size()

    def _set_tokens(self, tokens: list) -> None:
        start = self._token_start_index()
        self._tokens = list(tokens)
        self._index = {t: i for i, t in enumerate(self._tokens, start)}

    def _record_vocabulary_size(self) -> None:
        if self.output_mode != "int" and not self.pad_to_max_tokens and (
                self._frozen_vocab_size is not None
                and self.vocabulary_size() != self._frozen_vocab_size and self.built):
            raise RuntimeError(
                f"When using `output_mode={self.output_mode}` and `pad_to_max_tokens=False`, "
                "the vocabulary size cannot be changed after the layer is called. Old vocab "
                f"size is {self._frozen_vocab_size}, new vocab size is "
                f"{self.vocabulary_size()}")
        self._frozen_vocab_size = self.vocabulary_size()

    # ------------------------------------------------------------------ adapt
    def adapt(self, data, steps: int | None = None) -> None:
        """Computes a vocabulary of terms from the tokens in `data`.

        Args:
            data: A list or array of tokens (each row a document), a tensor, or an
                iterable of such batches.
            steps: Optional number of batches to read from an iterable.
        """
        self.reset_state()
        if hasattr(data, "__iter__") and not isinstance(
                data, (list, tuple, np.ndarray, torch.Tensor, str)):
            for i, batch in enumerate(data):
                if steps is not None and i >= steps:
                    break
                self.update_state(batch)
        elif isinstance(data, list) and data and all(isinstance(r, list) for r in data):
            self.update_state(self._rows(data))  # rows of tokens, possibly ragged
        else:
            arr = as_numpy(data, self._strings, self.encoding)
            self.update_state(arr[:, None] if arr.ndim == 1 else arr)
        self.finalize_state()

    def _rows(self, data) -> list[list]:
        if isinstance(data, list) and data and all(isinstance(r, list) for r in data):
            return [self._normalize_tokens(r) if r else [] for r in data]
        arr = as_numpy(data, self._strings, self.encoding)
        if arr.ndim == 0:
            arr = arr.reshape(1)
        if arr.ndim == 1:
            arr = arr[None, :]
        arr = arr.reshape(arr.shape[0], -1)
        return [list(row) if self._strings else [int(v) for v in row] for row in arr]

    def update_state(self, data) -> None:
        if self._has_input_vocabulary:
            raise ValueError(f"Cannot adapt layer '{self.name}' after setting a static "
                             "vocabulary via `vocabulary` argument or `set_vocabulary()` "
                             "method.")
        rows = self._rows(data)
        for row in rows:
            self._counts.update(row)
            if self.output_mode == "tf_idf":
                self._doc_counts.update(set(row))
        self._num_documents += len(rows)

    def finalize_state(self) -> None:
        if self._has_input_vocabulary or not self._counts:
            self._record_vocabulary_size()
            return
        for special in (self.mask_token, self.oov_token):
            if special is not None:
                self._counts.pop(special, None)
        # Count, then the token itself, both descending (Keras's reversed lexsort).
        ranked = sorted(self._counts.items(), key=lambda tc: (tc[1], tc[0]), reverse=True)
        if self.max_tokens:
            ranked = ranked[: self.max_tokens - self._token_start_index()]
        self._set_tokens([t for t, _ in ranked])
        if self.output_mode == "tf_idf":
            docs = np.array([self._doc_counts[t] for t in self._tokens], dtype=np.float64)
            idf = np.log(1 + self._num_documents / (1 + docs)).astype(_config.floatx())
            mean = idf.mean(dtype=idf.dtype) if len(idf) else 0
            idf = np.pad(idf, (self._token_start_index(), 0), constant_values=mean)
            if self.pad_to_max_tokens and self.max_tokens is not None:
                idf = np.pad(idf, (0, self.max_tokens - len(idf)), constant_values=0)
            self.idf_weights = idf.astype(_config.floatx())
        self.reset_state()
        self._record_vocabulary_size()

    def reset_state(self) -> None:
        self._counts: collections.Counter = collections.Counter()
        self._doc_counts: collections.Counter = collections.Counter()
        self._num_documents = 0

    # ------------------------------------------------------------------ lookup
    def _hash_oov(self, values: list) -> list[int]:
        n = self.num_oov_indices
        if not self._strings and self.oov_method != "farmhash":
            return [v % n for v in values]
        data = [(str(v) if not self._strings else v).encode(self.encoding) for v in values]
        if self.salt is not None:
            return [_hashes.siphash(self.salt, d) % n for d in data]
        return [_hashes.fingerprint64(d) % n for d in data]

    def lookup_array(self, arr: np.ndarray) -> np.ndarray:
        """Indices (int64, same shape) of the tokens in ``arr``."""
        uniq, inverse = np.unique(arr.reshape(-1), return_inverse=True)
        uniq = uniq.tolist()
        found = [self._index.get(t) for t in uniq]
        missing = [t for t, i in zip(uniq, found) if i is None and t != self.mask_token]
        if missing and self.num_oov_indices == 0:
            raise ValueError(f"When `num_oov_indices=0` all inputs should be in vocabulary, "
                             f"found OOV values {missing[:10]}, consider setting "
                             "`num_oov_indices=1`.")
        oov = iter(self._hash_oov(missing)) if self.num_oov_indices > 1 else None
        start = self._oov_start_index()
        mask_index = 0 if self.output_mode == "int" else -1
        values = []
        for t, i in zip(uniq, found):
            if self.mask_token is not None and t == self.mask_token:
                values.append(mask_index)
            elif i is not None:
                values.append(i)
            elif oov is not None:
                values.append(start + next(oov))
            else:
                values.append(start)
        table = np.array(values, dtype=np.int64)
        return table[inverse].reshape(arr.shape)

    def invert_array(self, arr: np.ndarray) -> np.ndarray:
        tokens = self.get_vocabulary()
        ids = np.asarray(arr, dtype=np.int64)
        out = np.empty(ids.shape, dtype=object)
        flat, out_flat = ids.reshape(-1), out.reshape(-1)
        start = self._token_start_index()
        for k, i in enumerate(flat.tolist()):
            if self.mask_token is not None and i == 0:
                out_flat[k] = self.mask_token
            elif start <= i < len(tokens):
                out_flat[k] = tokens[i]
            else:
                out_flat[k] = self.oov_token
        return out if not self._strings else out.astype(str)

    def _depth(self) -> int:
        if self.pad_to_max_tokens:
            return self.max_tokens
        if self._frozen_vocab_size is None:
            raise RuntimeError(
                f"When using `output_mode={self.output_mode}` and `pad_to_max_tokens=False`, "
                "you must set the layer's vocabulary before calling it. Either pass a "
                "`vocabulary` argument to the layer, or call `adapt` with some sample data.")
        return self._frozen_vocab_size

    def encode_ids(self, ids: torch.Tensor) -> torch.Tensor:
        """Apply ``output_mode`` to looked-up ids (a tensor of int64)."""
        if self.output_mode == "int":
            return ids
        mode = "count" if self.output_mode == "tf_idf" else self.output_mode
        # Keras encodes with the lookup table's value dtype (int64); tf-idf casts to float.
        out = _encoding.encode(ids, mode, self._depth(), "int64", self.name)
        if self.output_mode == "tf_idf":
            out = out.to(_device.to_torch_dtype(_config.floatx()))
            if self.idf_weights is None:
                raise ValueError("When `output_mode` is `'tf_idf'`, `idf_weights` must be "
                                 "provided.")
            out = out * torch.as_tensor(self.idf_weights, dtype=out.dtype, device=out.device)
        return out

    def __call__(self, *args, **kwargs):
        if args and not isinstance(args[0], torch.Tensor) and not _is_symbolic(args[0]):
            # Strings have no torch dtype: skip the base class's tensor conversion.
            return self.call(*args, **kwargs)
        return super().__call__(*args, **kwargs)

    def call(self, inputs):
        arr = as_numpy(inputs, self._strings and not self.invert, self.encoding)
        if self.invert:
            return self.invert_array(arr)
        scalar = arr.ndim == 0
        ids = self.lookup_array(arr.reshape(1) if scalar else arr)
        out = self.encode_ids(_device.convert_to_tensor(ids))
        return out.reshape(()) if scalar and self.output_mode == "int" else out

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return tuple(input_shape)
        depth = self.max_tokens if self.pad_to_max_tokens else self._frozen_vocab_size
        input_shape = tuple(input_shape)
        if self.output_mode == "one_hot":
            if len(input_shape) > 1 and input_shape[-1] == 1:
                return input_shape[:-1] + (depth,)
            return input_shape + (depth,)
        return input_shape[:-1] + (depth,)

    def compute_output_spec(self, inputs, *args, **kwargs):
        dtype = "int64" if self.output_mode == "int" and not self.invert else (
            _config.floatx() if self.output_mode == "tf_idf" else "int64")
        return _spec_from_shape(self.compute_output_shape(inputs.shape), dtype)

    def get_config(self) -> dict:
        vocab = self.input_vocabulary
        if isinstance(vocab, (np.ndarray, torch.Tensor)):
            vocab = np.asarray(vocab).tolist()
        idf = self.input_idf_weights
        if isinstance(idf, (np.ndarray, torch.Tensor)):
            idf = np.asarray(idf).tolist()
        return {**super().get_config(), "invert": self.invert, "max_tokens": self.max_tokens,
                "num_oov_indices": self.num_oov_indices, "oov_token": self.oov_token,
                "mask_token": self.mask_token, "output_mode": self.output_mode,
                "sparse": self.sparse, "pad_to_max_tokens": self.pad_to_max_tokens,
                "vocabulary": vocab, "idf_weights": idf,
                "vocabulary_size": self.vocabulary_size(),
                "has_input_vocabulary": self._has_input_vocabulary}


def _is_symbolic(x) -> bool:
    return isinstance(x, KerasTensor)
