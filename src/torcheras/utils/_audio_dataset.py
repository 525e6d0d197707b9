"""``keras.utils.audio_dataset_from_directory``: a lazy dataset of WAV files.

WAV files are decoded with the standard library's ``wave`` module (PCM 8/16/24/32-bit) into
``float32`` arrays of shape ``(samples, channels)`` in ``[-1, 1]``, as
``tf.audio.decode_wav`` does.
"""

from __future__ import annotations

import wave
from typing import Any

import numpy as np
import torch

from torcheras.utils._batch_dataset import DEFAULT_WORKERS, BatchDataset, stack
from torcheras.utils._dataset_from_directory import (
    check_labels_args,
    check_validation_split_arg,
    encode_label,
    index_directory,
    split_files,
)

ALLOWED_FORMATS = (".wav",)


def read_wav(path: str) -> tuple:
    """``(float32 array (samples, channels), sample rate)`` of a PCM WAV file.

    Args:
        path: The file.
    """
    try:
        with wave.open(path, "rb") as f:
            channels, width, rate = f.getnchannels(), f.getsampwidth(), f.getframerate()
            raw = f.readframes(f.getnframes())
    except (wave.Error, EOFError, OSError) as e:
        raise ValueError(f"Could not read the WAV file {path!r}: {e}") from e
    if width == 1:  # 8-bit WAV is unsigned
        audio = (np.frombuffer(raw, dtype=np.uint8).astype(np.float32) - 128.0) / 128.0
    elif width == 3:
        b = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 3).astype(np.int32)
        ints = b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)
        ints = np.where(ints >= 1 << 23, ints - (1 << 24), ints)
        audio = ints.astype(np.float32) / float(1 << 23)
    elif width in (2, 4):
        dtype = np.int16 if width == 2 else np.int32
        audio = np.frombuffer(raw, dtype=f"<{np.dtype(dtype).str[1:]}").astype(np.float32)
        audio /= float(1 << (8 * width - 1))
    else:
        raise ValueError(f"Unsupported WAV sample width {width} bytes in {path!r}.")
    return audio.reshape(-1, channels), rate


def resample(audio: np.ndarray, rate_in: int, rate_out: int) -> np.ndarray:
    """Band-limited (FFT) resampling along the time axis.

    Args:
        audio: ``(samples, channels)``.
        rate_in: Its sampling rate.
        rate_out: The wanted rate.
    """
    if rate_in == rate_out or len(audio) == 0:
        return audio
    n_out = int(round(len(audio) * rate_out / rate_in))
    spectrum = np.fft.rfft(audio, axis=0)
    keep = min(spectrum.shape[0], n_out // 2 + 1)
    out = np.zeros((n_out // 2 + 1, audio.shape[1]), dtype=spectrum.dtype)
    out[:keep] = spectrum[:keep]
    return (np.fft.irfft(out, n=n_out, axis=0) * (n_out / len(audio))).astype(np.float32)


def _pad_batch(samples: list) -> Any:
    """Zero-pad the clips of a batch to the longest one (``tf.data``'s ``padded_batch``)."""
    clips = [s[0] if isinstance(s, tuple) else s for s in samples]
    length = max(c.shape[0] for c in clips)
    out = clips[0].new_zeros((len(clips), length, clips[0].shape[1]))
    for i, c in enumerate(clips):
        out[i, :c.shape[0]] = c
    if isinstance(samples[0], tuple):
        return out, stack([s[1] for s in samples])
    return out


class AudioDataset(BatchDataset):
    """Batches of ``(audio, labels)`` read from WAV files when iterated.

    Attributes:
        file_paths: The files, in sample order.
        class_names: The class names, or ``None``.

    Args:
        file_paths: The files.
        labels: One integer label per file, or ``None``.
        label_mode: ``"int"``, ``"categorical"``, ``"binary"`` or ``None``.
        class_names: The class names.
        sampling_rate: Resample every clip to this rate (``None``: keep the file's).
        output_sequence_length: Truncate or zero-pad each clip to this many samples.
        ragged: Batches are lists of clips of their own lengths.
        batch_size: Clips per batch (``None``: single clips).
        shuffle: New order each pass.
        seed: Seed of the orders.
    """

    def __init__(self, file_paths: list, labels: Any, label_mode: str | None,
                 class_names: list | None, sampling_rate: int | None,
                 output_sequence_length: int | None, ragged: bool, batch_size: int | None,
                 shuffle: bool, seed: int | None) -> None:
        super().__init__(len(file_paths), batch_size, shuffle=shuffle, seed=seed,
                         workers=DEFAULT_WORKERS)
        self.file_paths = list(file_paths)
        self.labels = labels
        self.label_mode = label_mode
        self.class_names = class_names
        self.sampling_rate = sampling_rate
        self.output_sequence_length = output_sequence_length
        self.ragged = ragged

    def sample(self, index: int) -> Any:
        audio, rate = read_wav(self.file_paths[index])
        length = self.output_sequence_length
        if length is not None:
            # decode_wav's `desired_samples`: cut, or pad with zeros.
            audio = audio[:length]
            if len(audio) < length:
                audio = np.concatenate(
                    [audio, np.zeros((length - len(audio), audio.shape[1]), np.float32)])
        if self.sampling_rate is not None:
            audio = resample(audio, rate, self.sampling_rate)
        clip = torch.from_numpy(np.ascontiguousarray(audio, dtype=np.float32))
        if self.label_mode is None:
            return clip
        return clip, encode_label(self.labels[index], self.label_mode,
                                  len(self.class_names or ()))

    def collate(self, samples: list) -> Any:
        if self.ragged:
            if isinstance(samples[0], tuple):
                return [s[0] for s in samples], stack([s[1] for s in samples])
            return list(samples)
        if self.output_sequence_length is None:
            return _pad_batch(samples)
        return stack(samples)


def _check_audio_args(sampling_rate: Any, output_sequence_length: Any, ragged: bool) -> None:
    if ragged and output_sequence_length is not None:
        raise ValueError("Cannot set both `ragged` and `output_sequence_length`")
    if sampling_rate is not None:
        if isinstance(sampling_rate, bool) or not isinstance(sampling_rate, int):
            raise ValueError(
                "`sampling_rate` should have an integer value. "
                f"Received: sampling_rate={sampling_rate}"
            )
        if sampling_rate <= 0:
            raise ValueError(
                f"`sampling_rate` should be higher than 0. Received: sampling_rate={sampling_rate}"
            )


def audio_dataset_from_directory(
    directory: Any, labels: Any = "inferred", label_mode: str | None = "int",
    class_names: list | None = None, batch_size: int | None = 32,
    sampling_rate: int | None = None, output_sequence_length: int | None = None,
    ragged: bool = False, shuffle: bool = True, seed: int | None = None,
    validation_split: float | None = None, subset: str | None = None,
    follow_links: bool = False, verbose: bool = True,
) -> Any:
    """Generates a dataset from audio files in a directory.

    If your directory structure is `main_directory/class_a/a_audio_1.wav`,
    `main_directory/class_b/b_audio_1.wav`, ..., then
    `audio_dataset_from_directory(main_directory, labels="inferred")` returns a dataset
    that yields batches of audio clips from the subdirectories `class_a` and `class_b`,
    together with labels 0 and 1. Only `.wav` files (PCM) are supported.

    The dataset is lazy (files are decoded by worker threads when it is iterated). It
    yields `(audio, labels)` with `audio` a `float32` tensor of shape
    `(batch_size, num_samples, num_channels)` in `[-1, 1]`; clips of one batch are
    zero-padded to the longest unless `output_sequence_length` fixes their length or
    `ragged=True` (then `audio` is a list of tensors). It has `class_names`,
    `file_paths`, `len()` and `map`/`take`/`prefetch`.

    Args:
        directory: Directory where the data is located. If `labels` is `"inferred"`, it
            should contain subdirectories, each containing audio files for a class.
        labels: `"inferred"`, `None` (no labels), or a list/tuple of integer labels of
            the same size as the number of audio files found, in the alphanumeric order
            of the file paths.
        label_mode: `"int"`, `"categorical"`, `"binary"` (exactly 2 classes) or `None`.
        class_names: Only valid if `labels` is `"inferred"`: the explicit list of class
            names (subdirectory names), in label order.
        batch_size: Size of the batches of data. If `None`, the data is not batched.
        sampling_rate: Audio sampling rate (in samples per second) every clip is
            resampled to (FFT resampling; Keras uses `tensorflow_io`'s filter).
        output_sequence_length: Maximum length of an audio sequence (in samples, before
            resampling): longer clips are truncated, shorter ones zero-padded.
        ragged: Whether to return ragged batches (lists of clips).
        shuffle: Whether to shuffle the data. If `False`, sorts the data in alphanumeric
            order.
        seed: Optional random seed for shuffling.
        validation_split: Optional float between 0 and 1, fraction of data to reserve
            for validation.
        subset: `"training"`, `"validation"` or `"both"` (a tuple of two datasets).
            Only used if `validation_split` is set.
        follow_links: Whether to visit subdirectories pointed to by symlinks.
        verbose: Whether to print the number of files and classes found.

    Returns:
        An `AudioDataset`, or a tuple `(train_dataset, val_dataset)` for `subset="both"`.
    """
    check_labels_args(labels, label_mode, class_names, "audio", "audio samples")
    _check_audio_args(sampling_rate, output_sequence_length, ragged)
    if labels is None or label_mode is None:
        labels, label_mode = None, None
    check_validation_split_arg(validation_split, subset, shuffle, seed)
    if seed is None:
        seed = np.random.randint(1e6)
    paths, label_array, class_names = index_directory(
        directory, labels, ALLOWED_FORMATS, class_names=class_names, shuffle=shuffle,
        seed=seed, follow_links=follow_links, verbose=verbose)
    if label_mode == "binary" and len(class_names) != 2:
        raise ValueError(
            'When passing `label_mode="binary"`, there must be exactly 2 class_names. '
            f"Received: class_names={class_names}"
        )
    parts = split_files(paths, label_array, validation_split, subset, directory,
                        "audio files", f"Allowed format(s): {ALLOWED_FORMATS}")
    datasets = [AudioDataset(p, lab, label_mode, class_names, sampling_rate,
                             output_sequence_length, ragged, batch_size,
                             shuffle=shuffle and i == 0, seed=seed)
                for i, (p, lab) in enumerate(parts)]
    return tuple(datasets) if subset == "both" else datasets[0]
