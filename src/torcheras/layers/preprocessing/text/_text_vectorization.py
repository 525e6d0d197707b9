"""``TextVectorization``: standardize, split, n-gram, then look up tokens."""

from __future__ import annotations

import re

import numpy as np
import torch

from torcheras.backend import _device
from torcheras.layers._layer import Layer
from torcheras.layers.preprocessing.numerical import _encoding
from torcheras.layers.preprocessing.text._index_lookup import _is_symbolic, as_numpy
from torcheras.layers.preprocessing.text._string_lookup import StringLookup

_STANDARDIZE = ("lower_and_strip_punctuation", "lower", "strip_punctuation")
_SPLIT = ("whitespace", "character")
# TensorFlow's string ops: lower-casing touches ASCII letters only, whitespace is ASCII.
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_PUNCTUATION = str.maketrans("", "", "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~'")
_WHITESPACE = re.compile(r"[ \t\n\v\f\r]+")


def _check_choice(value, allowed, arg: str) -> None:
    if value is None or callable(value) or value in allowed:
        return
    raise ValueError(f"Unknown value for `{arg}` argument of layer TextVectorization. "
                     f"Allowed values are: {list(allowed)}, None, or a callable. "
                     f"Received: {arg}={value!r}")


class TextVectorization(Layer):
    """A preprocessing layer which maps text features to integer sequences.

    Each string is processed as Keras does: standardize (lower-case ASCII letters and
    strip punctuation, by default), split into tokens (on ASCII whitespace by default),
    optionally add n-grams, then look tokens up in a vocabulary learned by `adapt()` (most
    frequent first) or given. Index 0 is padding, 1 is out-of-vocabulary.

    Strings have no torch dtype, so (as with Keras 3 on a non-TensorFlow backend) use
    this layer on raw data, e.g. in your input pipeline, and feed the resulting integer
    tensors to the model.

    Args:
        max_tokens: Maximum size of the vocabulary (including padding and OOV).
        standardize: `"lower_and_strip_punctuation"` (default), `"lower"`,
            `"strip_punctuation"`, None, or a callable taking a NumPy array of strings.
        split: `"whitespace"` (default), `"character"`, None, or a callable taking a
            NumPy array of strings and returning a list of token lists.
        ngrams: None, an integer n (all n-grams up to n) or a tuple of widths.
        output_mode: `"int"` (default), `"multi_hot"`, `"count"`, `"tf_idf"` or
            `"one_hot"` (only with `split=None`).
        output_sequence_length: In `"int"` mode, pad or truncate sequences to this length
            (otherwise to the longest one in the batch).
        pad_to_max_tokens: Pad encoded outputs to `max_tokens` columns.
        vocabulary: A list of strings or a path to a text file.
        idf_weights: IDF weights for `"tf_idf"` mode with a given vocabulary.
        sparse, ragged: Must be False.
        encoding: Text encoding of byte-string inputs (default "utf-8").

    Example:

    >>> layer = TextVectorization(output_sequence_length=4)
    >>> layer.adapt(["The cat sat.", "The dog sat down!"])
    >>> layer.get_vocabulary()
    ['', '[UNK]', 'the', 'sat', 'down', 'dog', 'cat']
    >>> layer(["the cat ran"]).tolist()
    [[2, 6, 1, 0]]
    """

    def __init__(self, max_tokens=None, standardize="lower_and_strip_punctuation",
                 split="whitespace", ngrams=None, output_mode: str = "int",
                 output_sequence_length=None, pad_to_max_tokens: bool = False,
                 vocabulary=None, idf_weights=None, sparse: bool = False,
                 ragged: bool = False, encoding: str = "utf-8", name: str | None = None,
                 **kwargs):
        if sparse or ragged:
            raise ValueError("`sparse=True` and `ragged=True` can only be used with the "
                             "TensorFlow backend.")
        _check_choice(standardize, _STANDARDIZE, "standardize")
        _check_choice(split, _SPLIT, "split")
        output_mode = {"binary": "multi_hot", "tf-idf": "tf_idf"}.get(output_mode, output_mode)
        _encoding.check_output_mode(output_mode, ("int", "one_hot", "multi_hot", "count",
                                                  "tf_idf"), name or "text_vectorization")
        if not (ngrams is None or isinstance(ngrams, int) or (
                isinstance(ngrams, tuple) and all(isinstance(i, int) for i in ngrams))):
            raise ValueError("`ngrams` must be None, an integer, or a tuple of integers. "
                             f"Received: ngrams={ngrams}")
        if output_mode == "int" and not (output_sequence_length is None or isinstance(
                output_sequence_length, int)):
            raise ValueError("`output_sequence_length` must be either None or an integer "
                             "when `output_mode` is 'int'. Received: "
                             f"output_sequence_length={output_sequence_length}")
        if output_mode != "int" and output_sequence_length is not None:
            raise ValueError("`output_sequence_length` must not be set if `output_mode` is "
                             f"not 'int'. Received output_sequence_length="
                             f"{output_sequence_length}.")
        if output_mode == "one_hot" and split is not None:
            raise ValueError("`output_mode='one_hot'` encodes one token per input: use it "
                             "with `split=None`.")
        has_vocab = kwargs.pop("has_input_vocabulary", vocabulary is not None)
        vocabulary_size = kwargs.pop("vocabulary_size", None)
        super().__init__(name=name, **kwargs)
        self._standardize = standardize
        self._split = split
        self._ngrams_arg = ngrams
        self._ngrams = tuple(range(1, ngrams + 1)) if isinstance(ngrams, int) else ngrams
        self._output_mode = output_mode
        self._output_sequence_length = output_sequence_length
        self._encoding = encoding
        self._has_input_vocabulary = has_vocab
        self._lookup_layer = StringLookup(
            max_tokens=max_tokens, vocabulary=vocabulary, idf_weights=idf_weights,
            pad_to_max_tokens=pad_to_max_tokens, mask_token="", output_mode=output_mode,
            has_input_vocabulary=has_vocab, encoding=encoding,
            vocabulary_size=vocabulary_size)
        self.built = True

    # ------------------------------------------------------------ vocabulary API
    def adapt(self, data, batch_size=None, steps: int | None = None) -> None:
        """Builds the vocabulary from the tokens of the texts in `data`.

        Args:
            data: A list or array of strings, or an iterable of such batches.
            batch_size: Unused (kept for Keras's signature).
            steps: Optional number of batches to read from an iterable.
        """
        self.reset_state()
        if hasattr(data, "__iter__") and not isinstance(
                data, (list, tuple, np.ndarray, torch.Tensor, str)):
            for i, batch in enumerate(data):
                if steps is not None and i >= steps:
                    break
                self.update_state(batch)
        else:
            self.update_state(data)
        self.finalize_state()

    def update_state(self, data) -> None:
        self._lookup_layer.update_state(self._preprocess(data))

    def finalize_state(self) -> None:
        self._lookup_layer.finalize_state()

    def reset_state(self) -> None:
        self._lookup_layer.reset_state()

    def get_vocabulary(self, include_special_tokens: bool = True) -> list:
        """The vocabulary (padding `""` and `"[UNK]"` first unless excluded)."""
        return self._lookup_layer.get_vocabulary(include_special_tokens)

    def vocabulary_size(self) -> int:
        """The size of the vocabulary, including padding and OOV indices."""
        return self._lookup_layer.vocabulary_size()

    def set_vocabulary(self, vocabulary, idf_weights=None) -> None:
        """Sets the vocabulary (and IDF weights in `"tf_idf"` mode) directly."""
        self._lookup_layer.set_vocabulary(vocabulary, idf_weights=idf_weights)

    # ------------------------------------------------------------ text processing
    def _standardized(self, arr: np.ndarray) -> np.ndarray:
        if callable(self._standardize):
            return np.asarray(self._standardize(arr.astype(str)), dtype=object)
        out = arr.copy()
        flat = out.reshape(-1)
        for i, s in enumerate(flat):
            if self._standardize in ("lower", "lower_and_strip_punctuation"):
                s = s.translate(_ASCII_LOWER)
            if self._standardize in ("strip_punctuation", "lower_and_strip_punctuation"):
                s = s.translate(_PUNCTUATION)
            flat[i] = s
        return out

    def _tokens(self, texts: list) -> list[list[str]]:
        if self._split == "whitespace":
            return [[t for t in _WHITESPACE.split(s) if t] for s in texts]
        if self._split == "character":
            return [list(s) for s in texts]
        return [list(map(str, row)) for row in self._split(np.array(texts, dtype=str))]

    def _with_ngrams(self, rows: list[list[str]]) -> list[list[str]]:
        if self._ngrams is None:
            return rows
        out = []
        for row in rows:
            grams = []
            for width in self._ngrams:
                grams += [" ".join(row[i:i + width]) for i in range(len(row) - width + 1)]
            out.append(grams)
        return out

    def _preprocess(self, inputs):
        """Token rows (a list of lists) when splitting, else the standardized array."""
        arr = as_numpy(inputs, True, self._encoding)
        if self._standardize is not None:
            arr = self._standardized(arr)
        if self._split is None:
            return self._with_ngrams([list(r) for r in arr.reshape(len(arr), -1)]) \
                if self._ngrams else (arr[:, None] if arr.ndim == 1 else arr)
        if arr.ndim > 1:
            if arr.shape[-1] != 1:
                raise ValueError("When using `TextVectorization` to tokenize strings, the "
                                 "input rank must be 1 or the last shape dimension must be 1. "
                                 f"Received: inputs.shape={arr.shape} with rank={arr.ndim}")
            arr = arr[..., 0]
        rows = self._tokens(arr.reshape(-1).tolist())
        return self._with_ngrams(rows)

    # ------------------------------------------------------------ calling
    def __call__(self, *args, **kwargs):
        if args and not _is_symbolic(args[0]):
            return self.call(*args, **kwargs)
        return super().__call__(*args, **kwargs)

    def call(self, inputs):
        data = self._preprocess(inputs)
        lookup = self._lookup_layer
        if isinstance(data, np.ndarray):
            ids = _device.convert_to_tensor(lookup.lookup_array(data))
            if self._output_mode != "int":
                return lookup.encode_ids(ids)
            rows = ids
        else:
            lengths = [len(r) for r in data]
            flat = np.array([t for r in data for t in r], dtype=object)
            flat_ids = lookup.lookup_array(flat) if len(flat) else np.zeros(0, np.int64)
            if self._output_mode != "int":
                return self._encode_rows(flat_ids, lengths)
            width = max(lengths, default=0)
            padded = np.zeros((len(lengths), width), dtype=np.int64)
            pos = 0
            for i, n in enumerate(lengths):
                padded[i, :n] = flat_ids[pos:pos + n]
                pos += n
            rows = _device.convert_to_tensor(padded)
        if self._output_sequence_length is not None:
            n = self._output_sequence_length
            rows = rows[..., :n]
            if rows.shape[-1] < n:
                rows = torch.nn.functional.pad(rows, (0, n - rows.shape[-1]))
        return rows

    def _encode_rows(self, flat_ids: np.ndarray, lengths: list[int]) -> torch.Tensor:
        """multi_hot / count / tf_idf of each row's tokens (rows of any length)."""
        lookup = self._lookup_layer
        width = max(lengths, default=0)
        padded = np.full((len(lengths), width), -1, dtype=np.int64)  # -1 encodes nothing
        pos = 0
        for i, n in enumerate(lengths):
            padded[i, :n] = flat_ids[pos:pos + n]
            pos += n
        if width == 0:
            padded = np.full((len(lengths), 1), -1, dtype=np.int64)
        return lookup.encode_ids(_device.convert_to_tensor(padded))

    def compute_output_shape(self, input_shape):
        if self._output_mode == "int":
            return (input_shape[0], self._output_sequence_length)
        if self._split is None:
            if len(input_shape) <= 1:
                input_shape = tuple(input_shape) + (1,)
        else:
            input_shape = tuple(input_shape) + (None,)
        return self._lookup_layer.compute_output_shape(input_shape)

    def get_config(self) -> dict:
        lookup = self._lookup_layer
        return {**super().get_config(), "max_tokens": lookup.max_tokens,
                "standardize": self._standardize, "split": self._split,
                "ngrams": self._ngrams_arg, "output_mode": self._output_mode,
                "output_sequence_length": self._output_sequence_length,
                "pad_to_max_tokens": lookup.pad_to_max_tokens, "sparse": False,
                "ragged": False, "vocabulary": lookup.get_config()["vocabulary"],
                "idf_weights": lookup.get_config()["idf_weights"],
                "encoding": self._encoding, "vocabulary_size": self.vocabulary_size()}

    @classmethod
    def from_config(cls, config: dict):
        config = dict(config)
        if isinstance(config.get("ngrams"), list):
            config["ngrams"] = tuple(config["ngrams"])
        return cls(**config)
