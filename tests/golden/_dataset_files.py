"""Small image/text/WAV folders that both the golden generator (real Keras) and the tests
write the same way (fixed seeds, NumPy + Pillow + ``wave`` only), so no binary fixture is
committed. Used by make_utils_datasets.py and tests/utils/test_utils_datasets_*.py."""

from __future__ import annotations

import os
import wave

import numpy as np
from PIL import Image

# (class, file name, (height, width)): sizes differ so that resizing has work to do.
IMAGES = [
    ("cat", "a.png", (10, 12)), ("cat", "b.png", (6, 8)), ("cat", "c.jpg_not", (4, 4)),
    ("cat", "D.PNG", (5, 7)), ("dog", "e.png", (9, 6)), ("dog", "f.png", (6, 8)),
    ("dog", "sub/g.png", (7, 7)), ("dog", "h.png", (8, 5)), ("dog", "i.png", (12, 8)),
]
TEXTS = [("neg", "1.txt", "bad movie"), ("neg", "2.txt", "awful, really"),
         ("neg", "3.md", "not a text file"), ("pos", "4.txt", "great film"),
         ("pos", "5.txt", "ok"), ("pos", "6.txt", "loved it, héhé")]
WAVS = [("no", "1.wav", 7, 1), ("no", "2.wav", 4, 1), ("yes", "3.wav", 9, 1),
        ("yes", "4.wav", 5, 1)]


def write_images(root: str) -> None:
    """RGB PNG images with seeded random pixels (one not named as an image)."""
    rng = np.random.RandomState(0)
    for cls, name, (h, w) in IMAGES:
        path = os.path.join(root, cls, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        pixels = rng.randint(0, 256, size=(h, w, 3)).astype("uint8")
        # PNG only: lossless, and decoded alike by TensorFlow and Pillow in every mode.
        Image.fromarray(pixels, "RGB").save(path, format="PNG")


def write_texts(root: str) -> None:
    for cls, name, text in TEXTS:
        os.makedirs(os.path.join(root, cls), exist_ok=True)
        with open(os.path.join(root, cls, name), "w", encoding="utf-8") as f:
            f.write(text)


def write_wavs(root: str) -> None:
    """16-bit PCM clips of seeded random samples."""
    rng = np.random.RandomState(1)
    for cls, name, length, channels in WAVS:
        os.makedirs(os.path.join(root, cls), exist_ok=True)
        samples = rng.randint(-32768, 32768, size=(length, channels)).astype("<i2")
        with wave.open(os.path.join(root, cls, name), "wb") as f:
            f.setnchannels(channels)
            f.setsampwidth(2)
            f.setframerate(8000)
            f.writeframes(samples.tobytes())


# Cases of make_utils_datasets.py (keyword arguments of the builders).
IMAGE_CASES = {
    "rgb_bilinear": {"image_size": (6, 8), "label_mode": "categorical"},
    "gray_nearest": {"image_size": (5, 5), "color_mode": "grayscale",
                     "interpolation": "nearest"},
    "crop": {"image_size": (4, 6), "crop_to_aspect_ratio": True, "label_mode": "binary"},
    "pad": {"image_size": (4, 6), "pad_to_aspect_ratio": True},
    "area_rgba": {"image_size": (3, 3), "interpolation": "area", "color_mode": "rgba"},
    "channels_first_nolabels": {"image_size": (6, 8), "label_mode": None,
                                "data_format": "channels_first"},
}
TIMESERIES_CASES = {
    "basic": {"sequence_length": 4},
    "strided": {"sequence_length": 3, "sequence_stride": 2, "sampling_rate": 3,
                "batch_size": 4},
    "indices": {"sequence_length": 2, "start_index": 3, "end_index": 15, "batch_size": 5},
    "targets_short": {"sequence_length": 3, "targets_len": 6, "batch_size": 4},
    "unbatched": {"sequence_length": 5, "sequence_stride": 4, "batch_size": None},
}
