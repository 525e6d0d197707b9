"""``StringLookup`` and ``IntegerLookup``: map tokens to indices (or back)."""

from __future__ import annotations

from torcheras.backend import _device
from torcheras.layers.preprocessing.text._index_lookup import IndexLookup


class StringLookup(IndexLookup):
    """A preprocessing layer that maps strings to (possibly encoded) indices.

    The vocabulary comes from `vocabulary=` or from `adapt()` (terms ranked by
    frequency). Index layout: the `mask_token` at 0 (if set, `"int"` mode only), then
    `num_oov_indices` OOV slots (default one, index 1 with a mask or 0 without), then the
    vocabulary. With several OOV slots, an unknown string goes to slot
    `farmhash64(string) % num_oov_indices` (SipHash with `salt`), as in Keras.

    Args:
        max_tokens: Maximum size of the vocabulary (including mask and OOV slots).
        num_oov_indices: The number of out-of-vocabulary slots (default 1; 0 makes OOV
            inputs an error).
        mask_token: A token that represents masked inputs (index 0 in `"int"` mode).
        oov_token: The token returned for OOV indices when `invert=True` ("[UNK]").
        vocabulary: A list/array of strings, or a path to a text file (one per line).
        idf_weights: Inverse document frequencies for `"tf_idf"` mode.
        invert: Map indices back to strings.
        output_mode: `"int"` (default), `"one_hot"`, `"multi_hot"`, `"count"` or
            `"tf_idf"`.
        pad_to_max_tokens: Pad encoded outputs to `max_tokens` columns.
        sparse: Must be False.
        encoding: Text encoding of byte-string inputs (default "utf-8").
        salt: Optional integer (or pair) to salt the OOV hash.

    Example:

    >>> layer = StringLookup(vocabulary=["a", "b", "c", "d"])
    >>> layer([["a", "c", "d"], ["d", "z", "b"]]).tolist()
    [[1, 3, 4], [4, 0, 2]]
    """

    _strings = True

    def __init__(self, max_tokens=None, num_oov_indices: int = 1, mask_token=None,
                 oov_token: str = "[UNK]", vocabulary=None, idf_weights=None,
                 invert: bool = False, output_mode: str = "int",
                 pad_to_max_tokens: bool = False, sparse: bool = False,
                 encoding: str = "utf-8", name: str | None = None, salt=None, **kwargs):
        super().__init__(max_tokens=max_tokens, num_oov_indices=num_oov_indices,
                         mask_token=mask_token, oov_token=oov_token, vocabulary=vocabulary,
                         idf_weights=idf_weights, invert=invert, output_mode=output_mode,
                         sparse=sparse, pad_to_max_tokens=pad_to_max_tokens, name=name,
                         salt=salt, encoding=encoding, **kwargs)

    def get_config(self) -> dict:
        return {**super().get_config(), "encoding": self.encoding}


class IntegerLookup(IndexLookup):
    """A preprocessing layer that maps integers to (possibly encoded) indices.

    Like `StringLookup` for integer tokens. With several OOV slots an unknown value `v`
    goes to slot `v % num_oov_indices` (`oov_method="floormod"`, the default) or to
    `farmhash64(str(v)) % num_oov_indices` (`oov_method="farmhash"`).

    Args:
        max_tokens: Maximum size of the vocabulary (including mask and OOV slots).
        num_oov_indices: The number of out-of-vocabulary slots (default 1).
        mask_token: An integer that represents masked inputs (index 0 in `"int"` mode).
        oov_token: The value returned for OOV indices when `invert=True` (-1).
        vocabulary: A list/array of integers, or a path to a text file.
        vocabulary_dtype: Only `"int64"`.
        idf_weights: Inverse document frequencies for `"tf_idf"` mode.
        invert: Map indices back to integers.
        output_mode: `"int"`, `"one_hot"`, `"multi_hot"`, `"count"` or `"tf_idf"`.
        sparse: Must be False.
        pad_to_max_tokens: Pad encoded outputs to `max_tokens` columns.
        oov_method: `"floormod"` or `"farmhash"`.
        salt: Optional salt for the farmhash OOV method.

    Example:

    >>> layer = IntegerLookup(vocabulary=[12, 36, 1138, 42])
    >>> layer([[12, 1138, 42], [42, 1000, 36]]).tolist()
    [[1, 3, 4], [4, 0, 2]]
    """

    _strings = False

    def __init__(self, max_tokens=None, num_oov_indices: int = 1, mask_token=None,
                 oov_token: int = -1, vocabulary=None, vocabulary_dtype: str = "int64",
                 idf_weights=None, invert: bool = False, output_mode: str = "int",
                 sparse: bool = False, pad_to_max_tokens: bool = False,
                 oov_method: str = "floormod", salt=None, name: str | None = None,
                 **kwargs):
        if max_tokens is not None and max_tokens <= 1:
            raise ValueError("If `max_tokens` is set for `IntegerLookup`, it must be greater "
                             f"than 1. Received: max_tokens={max_tokens}")
        if num_oov_indices < 0:
            raise ValueError("The value of `num_oov_indices` argument for `IntegerLookup` "
                             f"must >= 0. Received: num_oov_indices={num_oov_indices}")
        if vocabulary_dtype != "int64":
            raise ValueError("Only `vocabulary_dtype='int64'` is supported at this time. "
                             f"Received: vocabulary_dtype={vocabulary_dtype}")
        self.vocabulary_dtype = vocabulary_dtype
        super().__init__(max_tokens=max_tokens, num_oov_indices=num_oov_indices,
                         mask_token=mask_token, oov_token=oov_token, vocabulary=vocabulary,
                         idf_weights=idf_weights, invert=invert, output_mode=output_mode,
                         sparse=sparse, pad_to_max_tokens=pad_to_max_tokens,
                         oov_method=oov_method, salt=salt, name=name, **kwargs)

    def invert_array(self, arr):
        return super().invert_array(arr).astype("int64")

    def call(self, inputs):
        out = super().call(inputs)
        if self.invert:
            return _device.convert_to_tensor(out)
        return out

    def get_config(self) -> dict:
        return {**super().get_config(), "vocabulary_dtype": self.vocabulary_dtype,
                "oov_method": self.oov_method, "salt": self.salt}
