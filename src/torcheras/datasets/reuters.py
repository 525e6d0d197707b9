"""``keras.datasets.reuters``: Reuters newswire topic classification (46 topics)."""

from __future__ import annotations

import os

import numpy as np

from torcheras.datasets import _ragged, _sequence_file, _word_index

_BASE = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
_SPEC = _sequence_file.SequenceFileSpec(
    dataset="Reuters",
    keras_name="reuters.npz",
    origin=f"{_BASE}reuters.npz",
    file_hash="d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916",
    arrays={"x": ("object", (11228,)), "y": ("int64", (11228,))},
    digest="b2e12a416883a6fbce911f8823d0dec686f249d09cd609190b1cd496eaca8afb",
)
_WORD_INDEX = _word_index.WordIndexSpec(
    dataset="Reuters",
    npz_name="reuters.npz",
    keras_name="reuters_word_index.json",
    origin=f"{_BASE}reuters_word_index.json",
    file_hash="4d44cc38712099c9e383dc6e5f11a921",
    size=30979,
    digest="9e5647799cf0df7d8a8cfd4ca65e6b96edf0617471bf53c7901e97cd4abe950d",
)
_LABEL_NAMES = (
    "cocoa", "grain", "veg-oil", "earn", "acq", "wheat", "copper", "housing",
    "money-supply", "coffee", "sugar", "trade", "reserves", "ship", "cotton", "carcass",
    "crude", "nat-gas", "cpi", "money-fx", "interest", "gnp", "meal-feed", "alum",
    "oilseed", "gold", "tin", "strategic-metal", "livestock", "retail", "ipi",
    "iron-steel", "rubber", "heat", "jobs", "lei", "bop", "zinc", "orange", "pet-chem",
    "dlr", "gas", "silver", "wpi", "hog", "lead",
)


def _check_test_split(test_split) -> None:
    if isinstance(test_split, bool) or not isinstance(test_split, (int, float)) or not (
            0 <= test_split <= 1):
        raise ValueError(
            f"Invalid `test_split` argument: {test_split!r}. It must be between 0 and 1."
        )


def load_data(
    path: str | os.PathLike = "reuters.npz",
    num_words: int | None = None,
    skip_top: int = 0,
    maxlen: int | None = None,
    test_split: float = 0.2,
    seed: int | None = 113,
    start_char: int | None = 1,
    oov_char: int | None = 2,
    index_from: int = 3,
    **kwargs,
):
    """Loads the Reuters newswire classification dataset.

    This is a dataset of 11,228 newswires from Reuters, labeled over 46 topics, made by
    parsing and preprocessing the classic Reuters-21578 dataset. Each newswire is encoded
    as a list of word indexes (integers), words being indexed by overall frequency in the
    dataset. As a convention, "0" does not stand for a specific word.

    The file is found and checked like `keras.datasets.imdb.load_data`'s (local mirror
    `TORCHERAS_DATA_DIR`, our cache, Keras's cache, Keras's URL; content digest).

    Args:
        path: Name of the file in the caches, or the path of an existing `.npz` file.
        num_words: integer or None. Only the `num_words` most frequent words are kept;
            any less frequent word appears as `oov_char`. If None, all words are kept.
        skip_top: skip the top N most frequently occurring words, which then appear as
            `oov_char`. Defaults to `0`.
        maxlen: int or None. Sequences of `maxlen` ids or more (start char included) are
            dropped, with their labels. None means no filtering.
        test_split: Float between `0.` and `1.`. Fraction of the dataset to be used as
            test data (the last part after shuffling). Defaults to `0.2`.
        seed: int. Seed for reproducible data shuffling.
        start_char: int. The start of a sequence is marked with this id. Defaults to `1`.
        oov_char: int. The out-of-vocabulary id. None means such words are dropped.
        index_from: int. Index actual words with this index and higher.
        **kwargs: only Keras 2's `nb_words` (an alias of `num_words`).

    Returns:
        Tuple of NumPy arrays: `(x_train, y_train), (x_test, y_test)`.

    **`x_train`, `x_test`**: object arrays of lists of word ids (Python ints).

    **`y_train`, `y_test`**: `int64` arrays of topic ids 0-45 (see `get_label_names`).

    Raises:
        ValueError: an argument out of range (e.g. `num_words=0`), or `maxlen` so small
            that no sequence is kept.
        DatasetUnavailableError: (an `OSError`) when no source has a valid file.

    Example:

    ```python
    (x_train, y_train), (x_test, y_test) = load_data(num_words=10000)
    assert (len(x_train), len(x_test)) == (8982, 2246)
    ```
    """
    num_words = _ragged.legacy_kwargs(kwargs, num_words)
    _ragged.check_arguments(num_words, skip_top, maxlen, seed, start_char, oov_char,
                            index_from)
    _check_test_split(test_split)
    parts = _sequence_file.load(path, _SPEC)
    rng = np.random.RandomState(seed)
    order = np.arange(len(parts["y"]))
    rng.shuffle(order)
    xs, labels = parts["x"].take(order), parts["y"][order]
    xs = _ragged.shift(xs, start_char, index_from)
    if maxlen:
        xs, labels = _ragged.filter_maxlen(xs, labels, maxlen)
        if not len(labels):
            raise ValueError(
                f"After filtering for sequences shorter than maxlen={maxlen}, no sequence "
                "was kept. Increase maxlen."
            )
    xs = _ragged.cap_vocabulary(xs, num_words, skip_top, oov_char)
    idx = int(len(labels) * (1 - test_split))
    x_train, x_test = _ragged.split(xs, idx)
    return ((x_train.to_object_array(), np.array(labels[:idx])),
            (x_test.to_object_array(), np.array(labels[idx:])))


def get_word_index(path: str | os.PathLike = "reuters_word_index.json") -> dict:
    """Retrieves a dict mapping words to their index in the Reuters dataset.

    Actual word ids in `load_data`'s output start from 3 (`index_from`), with 3 ids
    reserved for 0 (padding), 1 (start) and 2 (oov): the rank of "the" is 1 here and its
    id in the data is 4. The file is found and checked like
    `keras.datasets.imdb.get_word_index`'s (ranks 1..30979, Keras's words).

    Args:
        path: Name of the file in the caches, or the path of an existing JSON file.

    Returns:
        The word index dictionary. Keys are word strings, values are their index.

    Raises:
        ValueError: the named file is not this dataset's word index.

    Example:

    ```python
    assert get_word_index()["the"] == 1
    ```
    """
    return _word_index.load(path, _WORD_INDEX)


def get_label_names() -> tuple[str, ...]:
    """Returns the 46 topic names, indexed like the labels of `load_data`.

    Returns:
        A tuple of strings: `get_label_names()[y]` names the topic of label `y`.

    Example:

    ```python
    assert get_label_names()[3] == "earn"
    ```
    """
    return _LABEL_NAMES
