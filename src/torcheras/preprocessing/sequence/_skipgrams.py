"""Keras 2's word2vec helpers: ``make_sampling_table`` and ``skipgrams``.

They draw from Python's global ``random`` module in the same order as Keras, so with
the same ``random.seed(...)`` beforehand they return the same couples and labels.
"""

from __future__ import annotations

import random

import numpy as np


def make_sampling_table(size: int, sampling_factor: float = 1e-5) -> np.ndarray:
    """Generates a word rank-based probabilistic sampling table.

    `sampling_table[i]` is the probability of keeping the i-th most common word of a
    Zipf-distributed corpus, following word2vec's subsampling
    `p(word) = min(1, sqrt(word_frequency / sampling_factor) / (word_frequency /
    sampling_factor))`, with frequencies approximated from the rank.

    Args:
        size: Int, number of possible words to sample.
        sampling_factor: The sampling factor in the word2vec formula.

    Returns:
        A 1D NumPy array of length `size` where the ith entry is the probability that a
        word of rank i should be sampled.

    Example:

    >>> table = make_sampling_table(5)
    >>> table.shape, bool(table[0] <= table[4])
    ((5,), True)
    """
    gamma = 0.577
    rank = np.arange(size)
    rank[0] = 1
    inv_fq = rank * (np.log(rank) + gamma) + 0.5 - 1.0 / (12.0 * rank)
    f = sampling_factor * inv_fq
    return np.minimum(1.0, f / np.sqrt(f))


def skipgrams(sequence, vocabulary_size: int, window_size: int = 4,
              negative_samples: float = 1.0, shuffle: bool = True,
              categorical: bool = False, sampling_table=None, seed=None):
    """Generates skipgram word pairs.

    Positive pairs `(word, word in the same window)` get label 1; random negative pairs
    `(word, random word from the vocabulary)` get label 0. Index 0 is skipped (padding).

    Args:
        sequence: A word sequence (sentence), encoded as a list of word indices.
        vocabulary_size: Int, maximum possible word index + 1.
        window_size: Int, size of sampling windows (half-window).
        negative_samples: Float >= 0: the number of negative samples per positive one.
        shuffle: Whether to shuffle the word couples before returning them.
        categorical: If True, labels are `[1, 0]` / `[0, 1]` pairs instead of 0 / 1.
        sampling_table: Optional `make_sampling_table` output: word `i` is kept with
            probability `sampling_table[i]`.
        seed: Random seed of the final shuffle.

    Returns:
        couples, labels: lists of `[word_a, word_b]` pairs and of their labels.

    Example:

    >>> couples, labels = skipgrams([1, 2, 3], vocabulary_size=4, window_size=1,
    ...                             negative_samples=0.0, shuffle=False)
    >>> couples, labels
    ([[1, 2], [2, 1], [2, 3], [3, 2]], [1, 1, 1, 1])
    """
    if vocabulary_size < 2:
        raise ValueError(f"Argument `vocabulary_size` must be at least 2 (index 0 is "
                         f"padding). Received: vocabulary_size={vocabulary_size}")
    couples: list = []
    labels: list = []
    for i, wi in enumerate(sequence):
        if not wi:
            continue
        if sampling_table is not None and sampling_table[wi] < random.random():
            continue
        for j in range(max(0, i - window_size), min(len(sequence), i + window_size + 1)):
            if j != i and sequence[j]:
                couples.append([wi, sequence[j]])
                labels.append([0, 1] if categorical else 1)
    if negative_samples > 0:
        count = int(len(labels) * negative_samples)
        words = [c[0] for c in couples]
        random.shuffle(words)
        couples += [[words[i % len(words)], random.randint(1, vocabulary_size - 1)]
                    for i in range(count)]
        labels += [[1, 0] if categorical else 0] * count
    if shuffle:
        if seed is None:
            seed = random.randint(0, 10_000_000)  # Keras writes 10e6 (same draw)
        random.seed(seed)
        random.shuffle(couples)
        random.seed(seed)
        random.shuffle(labels)
    return couples, labels
