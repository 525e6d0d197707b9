"""``keras.utils.pad_sequences`` (also ``keras.preprocessing.sequence.pad_sequences``)."""

from __future__ import annotations

import numbers
from collections.abc import Sequence as _Sequence

import numpy as np

_SIDES = ("pre", "post")


def _sample_shapes(sequences) -> tuple[list[int], tuple]:
    """Lengths of all sequences and the item shape of the first non-empty one."""
    lengths = []
    sample_shape: tuple | None = None
    for x in sequences:
        try:
            lengths.append(len(x))
        except TypeError as e:
            raise ValueError(
                f"`sequences` must be a list of iterables. Found non-iterable: {x}"
            ) from e
        if sample_shape is None and len(x):
            sample_shape = np.asarray(x).shape[1:]
    return lengths, sample_shape or ()


def pad_sequences(
    sequences: _Sequence,
    maxlen: int | None = None,
    dtype: str | np.dtype | type = "int32",
    padding: str = "pre",
    truncating: str = "pre",
    value: float | str = 0.0,
) -> np.ndarray:
    """Pads sequences to the same length.

    This function transforms a list (of length `num_samples`) of sequences (lists of
    integers) into a 2D NumPy array of shape `(num_samples, num_timesteps)`.
    `num_timesteps` is either the `maxlen` argument if provided, or the length of the
    longest sequence in the list.

    Sequences that are shorter than `num_timesteps` are padded with `value` until they
    are `num_timesteps` long. Sequences longer than `num_timesteps` are truncated so
    that they fit the desired length. The position where padding or truncation happens
    is determined by the arguments `padding` and `truncating`, respectively.
    Pre-padding or removing values from the beginning of the sequence is the default.

    Args:
        sequences: List of sequences (each sequence is a list of integers, or of equal
            shaped items: the output then has those extra dimensions).
        maxlen: Optional Int, maximum length of all sequences. If not provided,
            sequences will be padded to the length of the longest individual sequence.
        dtype: (Optional, defaults to `"int32"`). Type of the output sequences. To pad
            sequences with variable length strings, you can use `object`.
        padding: String, "pre" or "post" (optional, defaults to `"pre"`): pad either
            before or after each sequence.
        truncating: String, "pre" or "post" (optional, defaults to `"pre"`): remove
            values from sequences larger than `maxlen`, either at the beginning or at
            the end of the sequences.
        value: Float or String, padding value. (Optional, defaults to `0.`)

    Returns:
        NumPy array with shape `(len(sequences), maxlen)`.

    Raises:
        ValueError: In case of invalid values for `truncating` or `padding`, or in case
            of invalid shape for a `sequences` entry.

    Example:

    >>> sequence = [[1], [2, 3], [4, 5, 6]]
    >>> pad_sequences(sequence).tolist()
    [[0, 0, 1], [0, 2, 3], [4, 5, 6]]
    >>> pad_sequences(sequence, padding="post").tolist()
    [[1, 0, 0], [2, 3, 0], [4, 5, 6]]
    >>> pad_sequences(sequence, maxlen=2).tolist()
    [[0, 1], [2, 3], [5, 6]]
    """
    if not hasattr(sequences, "__len__"):
        raise ValueError("`sequences` must be iterable.")
    if padding not in _SIDES:
        raise ValueError(f'Padding type "{padding}" not understood')
    if truncating not in _SIDES:
        raise ValueError(f'Truncating type "{truncating}" not understood')
    if maxlen is not None and (isinstance(maxlen, bool) or not isinstance(
            maxlen, numbers.Integral) or maxlen < 0):
        raise ValueError(
            f"Argument `maxlen` must be a non-negative integer or None. Received: "
            f"maxlen={maxlen!r}"
        )
    lengths, sample_shape = _sample_shapes(sequences)
    if maxlen is None:
        maxlen = max(lengths, default=0)
    is_dtype_str = np.issubdtype(dtype, np.str_) or np.issubdtype(dtype, np.bytes_)
    if isinstance(value, str) and dtype is not object and not is_dtype_str:
        raise ValueError(
            f"`dtype` {dtype} is not compatible with `value`'s type: {type(value)}\n"
            "You should set `dtype=object` for variable length strings."
        )
    out = np.full((len(lengths), int(maxlen)) + tuple(sample_shape), value, dtype=dtype)
    if not maxlen:
        return out
    for idx, s in enumerate(sequences):
        if not len(s):
            continue
        kept = s[-maxlen:] if truncating == "pre" else s[:maxlen]
        kept = np.asarray(kept, dtype=dtype)
        if kept.shape[1:] != sample_shape:
            raise ValueError(
                f"Shape of sample {kept.shape[1:]} of sequence at position {idx} is "
                f"different from expected shape {sample_shape}"
            )
        if padding == "post":
            out[idx, : len(kept)] = kept
        else:
            out[idx, -len(kept):] = kept
    return out
