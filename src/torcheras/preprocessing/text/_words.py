"""Keras 2's word splitting and hashing helpers (``keras.preprocessing.text``)."""

from __future__ import annotations

import hashlib
import numbers
from collections.abc import Callable

DEFAULT_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


def text_to_word_sequence(
    input_text: str,
    filters: str = DEFAULT_FILTERS,
    lower: bool = True,
    split: str = " ",
) -> list[str]:
    """Converts a text to a sequence of words (or tokens).

    Every character of `filters` becomes the separator `split`; the text is then split
    on `split` and empty pieces are dropped.

    Args:
        input_text: Input text (string).
        filters: list (or concatenation) of characters to filter out, such as
            punctuation. Default: ``!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\\t\\n``, includes
            basic punctuation, tabs, and newlines.
        lower: boolean. Whether to convert the input to lowercase.
        split: str. Separator for word splitting.

    Returns:
        A list of words (or tokens).

    Example:

    >>> text_to_word_sequence("Hello, World! It's   me.")
    ['hello', 'world', "it's", 'me']
    """
    if not isinstance(input_text, str):
        raise ValueError(f"Argument `input_text` must be a string. Received: "
                         f"input_text={input_text!r} of type {type(input_text).__name__}")
    if lower:
        input_text = input_text.lower()
    input_text = input_text.translate(str.maketrans({c: split for c in filters}))
    return [piece for piece in input_text.split(split) if piece]


def _md5(word: str) -> int:
    return int(hashlib.md5(word.encode()).hexdigest(), 16)


def hashing_trick(
    text: str,
    n: int,
    hash_function: Callable[[str], int] | str | None = None,
    filters: str = DEFAULT_FILTERS,
    lower: bool = True,
    split: str = " ",
    analyzer: Callable[[str], list[str]] | None = None,
) -> list[int]:
    """Converts a text to a sequence of indexes in a fixed-size hashing space.

    Each word becomes `hash_function(word) % (n - 1) + 1`: index 0 is never produced
    (it is the padding index). Different words may collide.

    Args:
        text: Input text (string).
        n: Dimension of the hashing space.
        hash_function: defaults to Python's `hash` (salted per process unless
            `PYTHONHASHSEED` is set, so not stable between runs); `"md5"` is stable; any
            function taking a string and returning an int also works.
        filters: characters to filter out, as in `text_to_word_sequence`.
        lower: boolean. Whether to set the text to lowercase.
        split: str. Separator for word splitting.
        analyzer: function splitting a text into words, replacing the above three.

    Returns:
        A list of integer word indices (unicity non-guaranteed).

    Example:

    >>> hashing_trick("the cat the", 10, hash_function="md5")
    [6, 3, 6]
    """
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 2:
        raise ValueError(f"Argument `n` must be an integer >= 2 (index 0 is reserved). "
                         f"Received: n={n!r}")
    if hash_function is None:
        hash_function = hash
    elif hash_function == "md5":
        hash_function = _md5
    elif not callable(hash_function):
        raise ValueError(f"Argument `hash_function` must be None, 'md5' or a callable. "
                         f"Received: hash_function={hash_function!r}")
    if analyzer is None:
        words = text_to_word_sequence(text, filters=filters, lower=lower, split=split)
    else:
        words = analyzer(text)
    return [hash_function(w) % (n - 1) + 1 for w in words]


def one_hot(
    input_text: str,
    n: int,
    filters: str = DEFAULT_FILTERS,
    lower: bool = True,
    split: str = " ",
    analyzer: Callable[[str], list[str]] | None = None,
) -> list[int]:
    """One-hot encodes a text into a list of word indexes of size `n`.

    This is `hashing_trick` with Python's `hash` as the hash function, so the indexes
    are only stable within one process (or with a fixed `PYTHONHASHSEED`).

    Args:
        input_text: Input text (string).
        n: int. Size of vocabulary.
        filters: characters to filter out, as in `text_to_word_sequence`.
        lower: boolean. Whether to set the text to lowercase.
        split: str. Separator for word splitting.
        analyzer: function splitting a text into words, replacing the above three.

    Returns:
        List of integers in `[1, n - 1]`. Each integer encodes a word (unicity
        non-guaranteed).

    Example:

    >>> ids = one_hot("the cat sat on the mat", 50)
    >>> len(ids) == 6 and ids[0] == ids[4] and all(1 <= i < 50 for i in ids)
    True
    """
    return hashing_trick(input_text, n, hash_function=hash, filters=filters, lower=lower,
                         split=split, analyzer=analyzer)
