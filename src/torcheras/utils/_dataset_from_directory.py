"""What ``image_dataset_from_directory``, ``text_dataset_from_directory`` and
``audio_dataset_from_directory`` share: listing the files with their labels (one
sub-folder per class), the seeded shuffle, the training/validation split and the label
encodings, with Keras's messages.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import torch

from torcheras.utils._io import print_msg

LABEL_MODES = ("int", "categorical", "binary", None)


def check_labels_args(labels: Any, label_mode: Any, class_names: Any, kind: str,
                      samples: str) -> None:
    """Keras's checks of ``labels``, ``label_mode`` and ``class_names``.

    Args:
        labels: ``"inferred"``, ``None`` or a list of integer labels.
        label_mode: One of :data:`LABEL_MODES`.
        class_names: Explicit class folder names (only with inferred labels).
        kind: ``"image"``, ``"text"`` or ``"audio"`` (in messages).
        samples: What a dataset without labels holds (``"images"``, ``"text samples"``).
    """
    if labels not in ("inferred", None):
        if not isinstance(labels, (list, tuple)):
            raise ValueError(
                "`labels` argument should be a list/tuple of integer labels, of the same "
                f"size as the number of {kind} files in the target directory. If you wish "
                "to infer the labels from the subdirectory names in the target directory, "
                'pass `labels="inferred"`. If you wish to get a dataset that only contains '
                f"{samples} (no labels), pass `labels=None`. Received: labels={labels}"
            )
        if class_names:
            raise ValueError(
                'You can only pass `class_names` if `labels="inferred"`. Received: '
                f"labels={labels}, and class_names={class_names}"
            )
    if label_mode not in LABEL_MODES:
        raise ValueError(
            '`label_mode` argument must be one of "int", "categorical", "binary", or None. '
            f"Received: label_mode={label_mode}"
        )


def check_validation_split_arg(validation_split: Any, subset: Any, shuffle: bool,
                               seed: Any) -> None:
    """Keras's checks of ``validation_split``/``subset``/``seed``.

    Args:
        validation_split: Fraction of the files held out, or ``None``.
        subset: ``"training"``, ``"validation"``, ``"both"`` or ``None``.
        shuffle: Whether the files are shuffled.
        seed: The shuffle seed.
    """
    if validation_split and not 0 < validation_split < 1:
        raise ValueError(
            f"`validation_split` must be between 0 and 1, received: {validation_split}"
        )
    if (validation_split or subset) and not (validation_split and subset):
        raise ValueError(
            "If `subset` is set, `validation_split` must be set, and inversely."
        )
    if subset not in ("training", "validation", "both", None):
        raise ValueError(
            '`subset` must be either "training", "validation" or "both", received: '
            f"{subset}"
        )
    if validation_split and shuffle and seed is None:
        raise ValueError(
            "If using `validation_split` and shuffling the data, you must provide a `seed` "
            "argument, to make sure that there is no overlap between the training and "
            "validation subset."
        )


def _valid_files(directory: str, follow_links: bool, formats: tuple) -> list:
    """Files under ``directory`` with an allowed extension, in ``os.walk`` order (folders
    sorted, names sorted)."""
    found = []
    for root, _, files in sorted(os.walk(directory, followlinks=follow_links),
                                 key=lambda entry: entry[0]):
        found.extend(os.path.join(root, name) for name in sorted(files)
                     if name.lower().endswith(formats))
    return found


def _class_folders(directory: str, class_names: Any) -> list:
    folders = [d.rstrip("/") for d in sorted(os.listdir(directory))
               if os.path.isdir(os.path.join(directory, d)) and not d.startswith(".")]
    if class_names is None:
        return folders
    if not set(class_names).issubset(set(folders)):
        raise ValueError(
            "The `class_names` passed did not match the names of the subdirectories of the "
            f"target directory. Expected: {folders} (or a subset of it), but received: "
            f"class_names={class_names}"
        )
    return list(class_names)


def index_directory(directory: Any, labels: Any, formats: tuple, class_names: Any = None,
                    shuffle: bool = True, seed: int | None = None,
                    follow_links: bool = False, verbose: bool = True) -> tuple:
    """``(file_paths, labels, class_names)`` of the allowed files under ``directory``.

    Args:
        directory: The folder (one sub-folder per class when ``labels="inferred"``).
        labels: ``"inferred"``, ``None`` or a list of integer labels (one per file, in
            sorted path order).
        formats: Allowed file name endings (lower case).
        class_names: Sub-folders to use, in label order (default: all, sorted).
        shuffle: Shuffle the files (NumPy ``RandomState(seed)``, as Keras).
        seed: The seed.
        follow_links: Follow symbolic links to sub-folders.
        verbose: Print "Found N files belonging to C classes.".
    """
    directory = os.fspath(directory)
    if not os.path.isdir(directory):
        raise ValueError(f"The directory {directory!r} does not exist or is not a folder.")
    if labels == "inferred":
        subdirs = _class_folders(directory, class_names)
    else:
        subdirs = [""]
        if class_names is not None:
            if labels is None:
                raise ValueError("When `labels=None` (no labels), argument `class_names` "
                                 "cannot be specified.")
            raise ValueError("When argument `labels` is specified, argument `class_names` "
                             "cannot be specified (the `class_names` will be the sorted list "
                             "of labels).")
    file_paths: list = []
    found_labels: list = []
    for index, subdir in enumerate(subdirs):
        files = _valid_files(os.path.join(directory, subdir), follow_links, formats)
        file_paths += files
        found_labels += [index] * len(files)
    if labels == "inferred":
        label_array = np.asarray(found_labels, dtype="int32")
        names = subdirs
    elif labels is None:
        label_array, names = None, None
    else:
        if len(labels) != len(file_paths):
            raise ValueError(
                "Expected the lengths of `labels` to match the number of files in the "
                f"target directory. len(labels) is {len(labels)} while we found "
                f"{len(file_paths)} files in directory {directory}."
            )
        label_array = np.asarray(labels)
        names = [str(label) for label in sorted(set(labels))]
    if verbose:
        if label_array is None:
            print_msg(f"Found {len(file_paths)} files.")
        else:
            print_msg(f"Found {len(file_paths)} files belonging to {len(names)} classes.")
    if shuffle:
        if seed is None:
            seed = np.random.randint(1e6)
        # One permutation for both lists: the same RandomState draws as Keras's two.
        np.random.RandomState(seed).shuffle(file_paths)
        if label_array is not None:
            np.random.RandomState(seed).shuffle(label_array)
    return file_paths, label_array, names


def training_or_validation_split(samples: list, labels: Any, validation_split: Any,
                                 subset: str) -> tuple:
    """The ``subset`` part of the files: the last ``int(validation_split * n)`` for
    validation, the others for training (with Keras's "Using K files for ..." line)."""
    if not validation_split:
        return samples, labels
    num_val = int(validation_split * len(samples))
    if subset == "training":
        print_msg(f"Using {len(samples) - num_val} files for training.")
        keep = slice(None, -num_val) if num_val else slice(None)
    elif subset == "validation":
        print_msg(f"Using {num_val} files for validation.")
        keep = slice(-num_val, None) if num_val else slice(0, 0)
    else:
        raise ValueError(
            f'`subset` must be either "training" or "validation", received: {subset}'
        )
    return samples[keep], None if labels is None else labels[keep]


def encode_label(label: int, label_mode: str, num_classes: int) -> torch.Tensor:
    """One label as Keras encodes it: ``int32`` scalar, ``float32`` one-hot, or a
    ``float32`` ``(1,)`` vector for ``"binary"``."""
    if label_mode == "categorical":
        out = torch.zeros(num_classes, dtype=torch.float32)
        out[int(label)] = 1.0
        return out
    if label_mode == "binary":
        return torch.tensor([float(label)], dtype=torch.float32)
    return torch.tensor(int(label), dtype=torch.int32)


def split_files(file_paths: list, labels: Any, validation_split: Any, subset: Any,
                directory: Any, kind: str, allowed: str) -> list:
    """``[(paths, labels)]`` for the requested subset(s) (two for ``"both"``), refusing an
    empty one with Keras's message.

    Args:
        file_paths: All files (shuffled).
        labels: Their labels (or ``None``).
        validation_split: Fraction held out.
        subset: ``"training"``, ``"validation"``, ``"both"`` or ``None``.
        directory: The folder (in messages).
        kind: ``"images"``, ``"text files"`` or ``"audio files"`` (in messages).
        allowed: The message's last sentence, naming the allowed formats.
    """
    wanted = ["training", "validation"] if subset == "both" else [subset]
    parts = []
    for name in wanted:
        paths, part_labels = training_or_validation_split(
            file_paths, labels, validation_split, name)
        if not paths:
            which = f"{name} " if subset == "both" else ""
            raise ValueError(
                f"No {which}{kind} found in directory {directory}. {allowed}"
            )
        parts.append((paths, part_labels))
    return parts
