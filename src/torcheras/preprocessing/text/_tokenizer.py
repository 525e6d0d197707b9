"""Keras 2's ``Tokenizer`` (``keras.preprocessing.text.Tokenizer``) and its JSON form."""

from __future__ import annotations

import collections
import json
import warnings
from collections.abc import Callable, Iterable, Iterator

import numpy as np

from torcheras.preprocessing.text._words import DEFAULT_FILTERS, text_to_word_sequence

_MODES = ("binary", "count", "tfidf", "freq")


class Tokenizer:
    """Text tokenization utility class (Keras 2's text API).

    Vectorizes a text corpus by turning each text into either a sequence of integers
    (each integer being the index of a token in a dictionary) or into a vector where the
    coefficient for each token could be binary, based on word count, or on tf-idf.

    Words are ranked by how often they occur in the texts given to `fit_on_texts` (ties
    keep first-seen order); rank 1 is the most frequent word, or `oov_token` if given.
    `0` is a reserved index that won't be assigned to any word.

    Args:
        num_words: the maximum number of words to keep, based on word frequency. Only
            the most common `num_words - 1` words are kept by the `texts_to_*` and
            `sequences_to_*` methods (`word_index` always holds every word).
        filters: a string where each element is a character that will be filtered from
            the texts. The default is all punctuation, plus tabs and line breaks, minus
            the `'` character.
        lower: boolean. Whether to convert the texts to lowercase.
        split: str. Separator for word splitting.
        char_level: if True, every character will be treated as a token.
        oov_token: if given, it will be added to word_index and used to replace
            out-of-vocabulary words during `texts_to_sequences` calls.
        analyzer: function splitting a text into tokens, replacing `filters`, `lower`
            and `split`.
        **kwargs: Keras 2's `nb_words` (an alias of `num_words`) and `document_count`
            (used when restoring from JSON).

    Example:

    >>> tokenizer = Tokenizer(num_words=4, oov_token="<unk>")
    >>> tokenizer.fit_on_texts(["the cat sat", "the dog sat down"])
    >>> tokenizer.word_index["the"], tokenizer.word_index["<unk>"]
    (2, 1)
    >>> tokenizer.texts_to_sequences(["the cat ran"])
    [[2, 1, 1]]
    """

    def __init__(
        self,
        num_words: int | None = None,
        filters: str = DEFAULT_FILTERS,
        lower: bool = True,
        split: str = " ",
        char_level: bool = False,
        oov_token: str | None = None,
        analyzer: Callable[[str], list[str]] | None = None,
        **kwargs,
    ):
        if "nb_words" in kwargs:
            warnings.warn("The `nb_words` argument in `Tokenizer` has been renamed "
                          "`num_words`.", stacklevel=2)
            num_words = kwargs.pop("nb_words")
        document_count = kwargs.pop("document_count", 0)
        if kwargs:
            raise TypeError(f"Unrecognized keyword arguments: {kwargs}")
        if num_words is not None and (isinstance(num_words, bool) or not isinstance(
                num_words, (int, np.integer)) or num_words < 0):
            raise ValueError("Argument `num_words` must be a non-negative integer or None. "
                             f"Received: num_words={num_words!r}")
        self.word_counts: dict[str, int] = collections.OrderedDict()
        self.word_docs: dict[str, int] = collections.defaultdict(int)
        self.filters = filters
        self.split = split
        self.lower = lower
        self.num_words = num_words
        self.document_count = document_count
        self.char_level = char_level
        self.oov_token = oov_token
        self.index_docs: dict[int, int] = collections.defaultdict(int)
        self.word_index: dict[str, int] = {}
        self.index_word: dict[int, str] = {}
        self.analyzer = analyzer

    # ------------------------------------------------------------------ tokenizing
    def _tokens(self, text) -> list[str]:
        if self.char_level or isinstance(text, list):
            if self.lower:
                text = [t.lower() for t in text] if isinstance(text, list) else text.lower()
            return list(text)
        if self.analyzer is not None:
            return self.analyzer(text)
        return text_to_word_sequence(text, filters=self.filters, lower=self.lower,
                                     split=self.split)

    def fit_on_texts(self, texts: Iterable) -> None:
        """Updates the vocabulary from a list of texts (strings, or lists of tokens).

        Args:
            texts: can be a list of strings, a generator of strings (for
                memory-efficiency), or a list of list of strings.
        """
        if isinstance(texts, str):
            raise ValueError("Argument `texts` must be a list of texts, not one string. "
                             f"Received: texts={texts[:40]!r}")
        for text in texts:
            self.document_count += 1
            seq = self._tokens(text)
            for w in seq:
                self.word_counts[w] = self.word_counts.get(w, 0) + 1
            for w in set(seq):
                self.word_docs[w] += 1
        # A stable sort: equally frequent words keep the order they were first seen in.
        ranked = sorted(self.word_counts.items(), key=lambda item: item[1], reverse=True)
        vocab = ([] if self.oov_token is None else [self.oov_token])
        vocab.extend(word for word, _ in ranked)
        self.word_index = dict(zip(vocab, range(1, len(vocab) + 1)))
        self.index_word = {i: w for w, i in self.word_index.items()}
        for w, c in list(self.word_docs.items()):
            self.index_docs[self.word_index[w]] = c

    def fit_on_sequences(self, sequences: Iterable[Iterable[int]]) -> None:
        """Updates internal document counts from sequences (needed by `"tfidf"` mode
        when the tokenizer was never fit on texts).

        Args:
            sequences: A list of sequence (a "sequence" is a list of integer word
                indices).
        """
        sequences = list(sequences)
        self.document_count += len(sequences)
        for seq in sequences:
            for i in set(seq):
                self.index_docs[i] += 1

    def texts_to_sequences(self, texts: Iterable) -> list[list[int]]:
        """Transforms each text in `texts` to a sequence of integers.

        Only the top `num_words - 1` most frequent words are taken into account; other
        words become `oov_token`'s index if there is one, else they are dropped.

        Args:
            texts: A list of texts (strings), or of lists of tokens.

        Returns:
            A list of sequences.
        """
        return list(self.texts_to_sequences_generator(texts))

    def texts_to_sequences_generator(self, texts: Iterable) -> Iterator[list[int]]:
        """Like `texts_to_sequences`, yielding one sequence per text."""
        num_words = self.num_words
        oov = self.word_index.get(self.oov_token)
        for text in texts:
            vect = []
            for w in self._tokens(text):
                i = self.word_index.get(w)
                if i is not None and not (num_words and i >= num_words):
                    vect.append(i)
                elif oov is not None and (i is not None or self.oov_token is not None):
                    vect.append(oov)
            yield vect

    def sequences_to_texts(self, sequences: Iterable[Iterable[int]]) -> list[str]:
        """Transforms each sequence into a text (words joined by single spaces).

        Args:
            sequences: A list of sequences (lists of integers).

        Returns:
            A list of texts (strings).
        """
        return list(self.sequences_to_texts_generator(sequences))

    def sequences_to_texts_generator(self, sequences) -> Iterator[str]:
        """Like `sequences_to_texts`, yielding one text per sequence."""
        num_words = self.num_words
        oov = self.word_index.get(self.oov_token)
        for seq in sequences:
            words = []
            for num in seq:
                word = self.index_word.get(num)
                if word is not None and not (num_words and num >= num_words):
                    words.append(word)
                elif oov is not None and (word is not None or self.oov_token is not None):
                    words.append(self.index_word[oov])
            yield " ".join(words)

    # --------------------------------------------------------------------- matrices
    def texts_to_matrix(self, texts: Iterable, mode: str = "binary") -> np.ndarray:
        """Converts a list of texts to a NumPy matrix.

        Args:
            texts: list of strings.
            mode: one of "binary", "count", "tfidf", "freq".

        Returns:
            A float64 NumPy matrix of shape `(len(texts), num_words)`.
        """
        return self.sequences_to_matrix(self.texts_to_sequences(texts), mode=mode)

    def sequences_to_matrix(self, sequences, mode: str = "binary") -> np.ndarray:
        """Converts a list of sequences into a NumPy matrix.

        Args:
            sequences: list of sequences (a sequence is a list of integer word indices).
            mode: one of "binary" (1 where a word occurs), "count" (occurrences),
                "freq" (occurrences / sequence length) or "tfidf"
                (`(1 + log(count)) * log(1 + document_count / (1 + docs(word)))`).
                Indices `>= num_words` are ignored.

        Returns:
            A float64 NumPy matrix of shape `(len(sequences), num_words)` (or
            `len(word_index) + 1` columns when `num_words` is not set).

        Raises:
            ValueError: In case of invalid `mode` argument, or if the Tokenizer requires
                to be fit to sample data.
        """
        if mode not in _MODES:
            raise ValueError(f"Unknown vectorization mode: {mode!r}. Expected one of "
                             f"{list(_MODES)}.")
        if self.num_words:
            num_words = self.num_words
        elif self.word_index:
            num_words = len(self.word_index) + 1
        else:
            raise ValueError("Specify a dimension (`num_words` argument), or fit on some "
                             "text data first.")
        if mode == "tfidf" and not self.document_count:
            raise ValueError("Fit the Tokenizer on some data before using tfidf mode.")
        sequences = [list(seq) for seq in sequences]
        x = np.zeros((len(sequences), num_words))
        lengths = np.array([len(s) for s in sequences], dtype=np.int64)
        rows = np.repeat(np.arange(len(sequences)), lengths)
        cols = np.fromiter((int(j) for s in sequences for j in s), dtype=np.int64,
                           count=int(lengths.sum()))
        inside = (cols >= 0) & (cols < num_words)
        keys, counts = np.unique(rows[inside] * num_words + cols[inside], return_counts=True)
        r, c = np.divmod(keys, num_words)
        if mode == "binary":
            x[r, c] = 1.0
        elif mode == "count":
            x[r, c] = counts
        elif mode == "freq":
            x[r, c] = counts / lengths[r]
        else:
            docs = np.array([self.index_docs.get(int(j), 0) for j in c], dtype=np.float64)
            x[r, c] = (1 + np.log(counts)) * np.log(1 + self.document_count / (1 + docs))
        return x

    # ---------------------------------------------------------------- serialization
    def get_config(self) -> dict:
        """The tokenizer's configuration and vocabulary statistics (dicts as JSON)."""
        return {
            "num_words": self.num_words,
            "filters": self.filters,
            "lower": self.lower,
            "split": self.split,
            "char_level": self.char_level,
            "oov_token": self.oov_token,
            "document_count": self.document_count,
            "word_counts": json.dumps(self.word_counts),
            "word_docs": json.dumps(self.word_docs),
            "index_docs": json.dumps(self.index_docs),
            "index_word": json.dumps(self.index_word),
            "word_index": json.dumps(self.word_index),
        }

    def to_json(self, **kwargs) -> str:
        """A JSON string of the tokenizer (load it with `tokenizer_from_json`).

        Args:
            **kwargs: passed to `json.dumps()`.
        """
        return json.dumps({"class_name": type(self).__name__, "config": self.get_config()},
                          **kwargs)


def tokenizer_from_json(json_string: str) -> Tokenizer:
    """Parses a JSON tokenizer configuration and returns a tokenizer instance.

    Args:
        json_string: JSON string encoding a tokenizer configuration (from
            `Tokenizer.to_json()`).

    Returns:
        A Keras Tokenizer instance.

    Example:

    >>> t = Tokenizer()
    >>> t.fit_on_texts(["a b b"])
    >>> tokenizer_from_json(t.to_json()).word_index
    {'b': 1, 'a': 2}
    """
    payload = json.loads(json_string)
    if not isinstance(payload, dict) or not isinstance(payload.get("config"), dict):
        raise ValueError("Argument `json_string` must be a Tokenizer's JSON (an object with "
                         "a 'config' object), as written by `Tokenizer.to_json()`.")
    config = dict(payload["config"])
    word_counts = json.loads(config.pop("word_counts"))
    word_docs = json.loads(config.pop("word_docs"))
    index_docs = {int(k): v for k, v in json.loads(config.pop("index_docs")).items()}
    index_word = {int(k): v for k, v in json.loads(config.pop("index_word")).items()}
    word_index = json.loads(config.pop("word_index"))
    tokenizer = Tokenizer(**config)
    tokenizer.word_counts = word_counts
    tokenizer.word_docs = word_docs
    tokenizer.index_docs = index_docs
    tokenizer.word_index = word_index
    tokenizer.index_word = index_word
    return tokenizer
