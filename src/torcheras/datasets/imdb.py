"""``keras.datasets.imdb``: IMDB movie-review sentiment classification."""

from __future__ import annotations

import os

import numpy as np

from torcheras.datasets import _ragged, _sequence_file, _word_index

_BASE = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
_SPEC = _sequence_file.SequenceFileSpec(
    dataset="IMDB",
    keras_name="imdb.npz",
    origin=f"{_BASE}imdb.npz",
    file_hash="69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f",
    arrays={
        "x_train": ("object", (25000,)),
        "y_train": ("int64", (25000,)),
        "x_test": ("object", (25000,)),
        "y_test": ("int64", (25000,)),
    },
    digest="a12b2eddef4a3dbf405b66bc0c62ff4c3a8b0d6830ec5694971807977954cbe8",
)
_WORD_INDEX = _word_index.WordIndexSpec(
    dataset="IMDB",
    npz_name="imdb.npz",
    keras_name="imdb_word_index.json",
    origin=f"{_BASE}imdb_word_index.json",
    file_hash="bfafd718b763782e994055a2d397834f",
    size=88584,
    digest="71f6424af69724e29dbf7e87bd87c53c5963915402af215aad767dfae6922375",
)


def load_data(
    path: str | os.PathLike = "imdb.npz",
    num_words: int | None = None,
    skip_top: int = 0,
    maxlen: int | None = None,
    seed: int | None = 113,
    start_char: int | None = 1,
    oov_char: int | None = 2,
    index_from: int = 3,
    **kwargs,
):
    """Loads the [IMDB dataset](https://ai.stanford.edu/~amaas/data/sentiment/).

    This is a dataset of 25,000 movies reviews from IMDB, labeled by sentiment
    (positive/negative). Reviews have been preprocessed, and each review is encoded as a
    list of word indexes (integers). Words are indexed by overall frequency in the
    dataset, so that for instance the integer "3" encodes the 3rd most frequent word in
    the data. As a convention, "0" does not stand for a specific word, but instead is
    used to encode the pad token.

    The file is looked for, in order, in the folder named by `TORCHERAS_DATA_DIR` (under
    Keras's name `imdb.npz`), in our cache (`$TORCHERAS_HOME/datasets`), in Keras's cache
    (`$KERAS_HOME/datasets`), then downloaded from Keras's URL. Every copy is checked by
    its content (array names, dtypes, shapes and a digest of the word ids and labels).

    Args:
        path: Name of the file in the caches, or the path of an existing `.npz` file.
        num_words: integer or None. Only the `num_words` most frequent words are kept;
            any less frequent word appears as `oov_char`. If None, all words are kept.
        skip_top: skip the top N most frequently occurring words, which then appear as
            `oov_char`. Defaults to `0`.
        maxlen: int or None. Sequences of `maxlen` ids or more (start char included) are
            dropped, with their labels. None means no filtering.
        seed: int. Seed for reproducible data shuffling.
        start_char: int. The start of a sequence is marked with this id. 0 is usually the
            padding character. Defaults to `1`. None means no start mark.
        oov_char: int. The out-of-vocabulary id: words cut by `num_words` or `skip_top`
            become this id. None means such words are dropped.
        index_from: int. Index actual words with this index and higher.
        **kwargs: only Keras 2's `nb_words` (an alias of `num_words`).

    Returns:
        Tuple of NumPy arrays: `(x_train, y_train), (x_test, y_test)`.

    **`x_train`, `x_test`**: object arrays of sequences, which are lists of indexes
    (Python ints). Note that, as in Keras, when `num_words` is None the largest id
    present is also mapped to `oov_char`.

    **`y_train`, `y_test`**: `int64` arrays of labels (1 = positive, 0 = negative).

    Raises:
        ValueError: an argument out of range (e.g. `num_words=0`), or `maxlen` so small
            that no sequence is kept.
        DatasetUnavailableError: (an `OSError`) when no source has a valid file.

    Example:

    ```python
    (x_train, y_train), (x_test, y_test) = load_data(num_words=10000)
    assert len(x_train) == 25000 and max(max(s) for s in x_train) < 10000
    ```
    """
    num_words = _ragged.legacy_kwargs(kwargs, num_words)
    _ragged.check_arguments(num_words, skip_top, maxlen, seed, start_char, oov_char,
                            index_from)
    parts = _sequence_file.load(path, _SPEC)
    rng = np.random.RandomState(seed)
    order = np.arange(len(parts["y_train"]))
    rng.shuffle(order)
    x_train, labels_train = parts["x_train"].take(order), parts["y_train"][order]
    order = np.arange(len(parts["y_test"]))
    rng.shuffle(order)
    x_test, labels_test = parts["x_test"].take(order), parts["y_test"][order]

    x_train = _ragged.shift(x_train, start_char, index_from)
    x_test = _ragged.shift(x_test, start_char, index_from)
    if maxlen:
        x_train, labels_train = _ragged.filter_maxlen(x_train, labels_train, maxlen)
        x_test, labels_test = _ragged.filter_maxlen(x_test, labels_test, maxlen)
        if not len(labels_train) or not len(labels_test):
            raise ValueError(
                f"After filtering for sequences shorter than maxlen={maxlen}, no sequence "
                "was kept. Increase maxlen."
            )
    xs = _ragged.cap_vocabulary(_ragged.concat(x_train, x_test), num_words, skip_top,
                                oov_char)
    labels = np.concatenate([labels_train, labels_test])
    idx = len(labels_train)
    x_train, x_test = _ragged.split(xs, idx)
    return ((x_train.to_object_array(), labels[:idx]),
            (x_test.to_object_array(), labels[idx:]))


def get_word_index(path: str | os.PathLike = "imdb_word_index.json") -> dict:
    """Retrieves a dict mapping words to their index in the IMDB dataset.

    The file is found like `load_data`'s (local mirror, caches, Keras's URL) and checked
    by its content: its ranks must be exactly the word ids of `imdb.npz` (1..88584) and
    its words Keras's.

    Args:
        path: Name of the file in the caches, or the path of an existing JSON file.

    Returns:
        The word index dictionary. Keys are word strings, values are their index (rank);
        add `index_from` (3) to get the ids `load_data` returns.

    Raises:
        ValueError: the named file is not this dataset's word index.

    Example:

    ```python
    word_index = get_word_index()
    inverted = {i + 3: word for word, i in word_index.items()}
    inverted[1], inverted[2] = "[START]", "[OOV]"
    (x_train, _), _ = load_data()
    text = " ".join(inverted[i] for i in x_train[0])
    ```
    """
    return _word_index.load(path, _WORD_INDEX)
