"""``keras.utils.text_dataset_from_directory``: a lazy dataset of ``.txt`` files."""

from __future__ import annotations

from typing import Any

import numpy as np

from torcheras.utils._batch_dataset import DEFAULT_WORKERS, BatchDataset, stack
from torcheras.utils._dataset_from_directory import (
    check_labels_args,
    check_validation_split_arg,
    encode_label,
    index_directory,
    split_files,
)


def _stack_texts(samples: list) -> Any:
    if isinstance(samples[0], tuple):
        return (np.array([s[0] for s in samples], dtype=object),
                stack([s[1] for s in samples]))
    return np.array(samples, dtype=object)


class TextDataset(BatchDataset):
    """Batches of ``(texts, labels)`` read from text files when iterated; ``texts`` is a
    NumPy array of Python strings (dtype ``object``).

    Attributes:
        file_paths: The text files, in sample order.
        class_names: The class names, or ``None``.

    Args:
        file_paths: The files.
        labels: One integer label per file, or ``None``.
        label_mode: ``"int"``, ``"categorical"``, ``"binary"`` or ``None``.
        class_names: The class names.
        max_length: Keep at most this many characters of each text.
        batch_size: Texts per batch (``None``: single texts).
        shuffle: New order each pass.
        seed: Seed of the orders.
    """

    def __init__(self, file_paths: list, labels: Any, label_mode: str | None,
                 class_names: list | None, max_length: int | None, batch_size: int | None,
                 shuffle: bool, seed: int | None) -> None:
        super().__init__(len(file_paths), batch_size, shuffle=shuffle, seed=seed,
                         workers=DEFAULT_WORKERS)
        self.file_paths = list(file_paths)
        self.labels = labels
        self.label_mode = label_mode
        self.class_names = class_names
        self.max_length = max_length

    def sample(self, index: int) -> Any:
        with open(self.file_paths[index], encoding="utf-8", errors="replace") as f:
            text = f.read()
        if self.max_length is not None:
            text = text[:self.max_length]
        if self.label_mode is None:
            return text
        return text, encode_label(self.labels[index], self.label_mode,
                                  len(self.class_names or ()))

    def collate(self, samples: list) -> Any:
        return _stack_texts(samples)


def text_dataset_from_directory(
    directory: Any, labels: Any = "inferred", label_mode: str | None = "int",
    class_names: list | None = None, batch_size: int | None = 32,
    max_length: int | None = None, shuffle: bool = True, seed: int | None = None,
    validation_split: float | None = None, subset: str | None = None,
    follow_links: bool = False, verbose: bool = True,
) -> Any:
    """Generates a dataset from text files in a directory.

    If your directory structure is `main_directory/class_a/a_text_1.txt`,
    `main_directory/class_b/b_text_1.txt`, ..., then
    `text_dataset_from_directory(main_directory, labels="inferred")` returns a dataset
    that yields batches of texts from the subdirectories `class_a` and `class_b`,
    together with labels 0 and 1. Only `.txt` files are supported.

    The dataset is lazy (files are read by worker threads when it is iterated) and
    yields `(texts, labels)`: `texts` a NumPy array of `str` (UTF-8 decoded; Keras's
    `tf.data` gives bytes), `labels` a tensor. It has `class_names`, `file_paths`,
    `len()` and `map`/`take`/`prefetch`, e.g. `ds.map(lambda x, y: (vectorize(x), y))`.

    Args:
        directory: Directory where the data is located. If `labels` is `"inferred"`, it
            should contain subdirectories, each containing text files for a class.
        labels: `"inferred"`, `None` (no labels), or a list/tuple of integer labels of
            the same size as the number of text files found, in the alphanumeric order
            of the file paths.
        label_mode: `"int"`, `"categorical"`, `"binary"` (exactly 2 classes) or `None`.
        class_names: Only valid if `labels` is `"inferred"`: the explicit list of class
            names (subdirectory names), in label order.
        batch_size: Size of the batches of data. If `None`, the data is not batched.
        max_length: Maximum size of a text string; texts longer than this are truncated
            to `max_length` characters.
        shuffle: Whether to shuffle the data. If `False`, sorts the data in alphanumeric
            order.
        seed: Optional random seed for shuffling.
        validation_split: Optional float between 0 and 1, fraction of data to reserve
            for validation.
        subset: `"training"`, `"validation"` or `"both"` (a list of the two datasets).
            Only used if `validation_split` is set.
        follow_links: Whether to visit subdirectories pointed to by symlinks.
        verbose: Whether to print the number of files and classes found.

    Returns:
        A `TextDataset`, or a list `[train_dataset, val_dataset]` for `subset="both"`.
    """
    check_labels_args(labels, label_mode, class_names, "text", "text samples")
    if labels is None or label_mode is None:
        labels, label_mode = None, None
    check_validation_split_arg(validation_split, subset, shuffle, seed)
    if seed is None:
        seed = np.random.randint(1e6)
    paths, label_array, class_names = index_directory(
        directory, labels, (".txt",), class_names=class_names, shuffle=shuffle, seed=seed,
        follow_links=follow_links, verbose=verbose)
    if label_mode == "binary" and len(class_names) != 2:
        raise ValueError(
            'When passing `label_mode="binary"`, there must be exactly 2 class_names. '
            f"Received: class_names={class_names}"
        )
    parts = split_files(paths, label_array, validation_split, subset, directory,
                        "text files", "Allowed format: .txt")
    datasets = [TextDataset(p, lab, label_mode, class_names, max_length, batch_size,
                            shuffle=shuffle and i == 0, seed=seed)
                for i, (p, lab) in enumerate(parts)]
    return datasets if subset == "both" else datasets[0]
