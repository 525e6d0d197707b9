"""Write golden outputs of Keras 3's dataset builders for tests/utils/test_utils_datasets_*.

Run with the Keras reference environment (never in CI):

    /root/refenv/bin/python tests/golden/make_utils_datasets.py

The folders come from _dataset_files.py (written the same way by the tests). Only
order-free cases are stored: ``shuffle=False`` batches, and for ``shuffle=True`` with a
seed the file lists (Keras shuffles them with NumPy) and the validation subset (never
re-shuffled); tf.data's buffer shuffle of the training batches has no equal here.
Writes tests/golden/utils_datasets/utils_datasets.{json,npz}.
"""

import json
import os
import tempfile

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "torch")
import keras  # noqa: E402
from _dataset_files import IMAGE_CASES, TIMESERIES_CASES, write_images, write_texts, write_wavs  # noqa: E402,E501

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "utils_datasets")

def _batches(ds):
    out = []
    for batch in ds:
        parts = batch if isinstance(batch, tuple) else (batch,)
        out.append([np.asarray(p) for p in parts])
    return out


def _rel(paths, root):
    return [os.path.relpath(p, root) for p in paths]


def image_goldens(root, arrays, meta):
    write_images(root)
    for name, kwargs in IMAGE_CASES.items():
        ds = keras.utils.image_dataset_from_directory(root, batch_size=3, shuffle=False,
                                                      verbose=False, **kwargs)
        meta[f"image/{name}/file_paths"] = _rel(ds.file_paths, root)
        meta[f"image/{name}/class_names"] = ds.class_names
        for i, parts in enumerate(_batches(ds)):
            for j, p in enumerate(parts):
                arrays[f"image/{name}/{i}/{j}"] = p
    train, val = keras.utils.image_dataset_from_directory(
        root, image_size=(4, 4), batch_size=2, shuffle=True, seed=7, validation_split=0.3,
        subset="both", verbose=False)
    meta["image/split/train_paths"] = _rel(train.file_paths, root)
    meta["image/split/val_paths"] = _rel(val.file_paths, root)
    meta["image/split/val_labels"] = np.concatenate(
        [p[1] for p in _batches(val)]).tolist()
    ds = keras.utils.image_dataset_from_directory(
        root, labels=[1, 0, 2, 2, 1, 0, 1, 0], image_size=(4, 4), shuffle=False,
        verbose=False)
    meta["image/explicit/class_names"] = ds.class_names
    meta["image/explicit/labels"] = np.concatenate([p[1] for p in _batches(ds)]).tolist()


def text_goldens(root, meta):
    write_texts(root)
    for name, kwargs in {"plain": {}, "max_length": {"max_length": 4},
                         "categorical": {"label_mode": "categorical"}}.items():
        ds = keras.utils.text_dataset_from_directory(root, batch_size=2, shuffle=False,
                                                     verbose=False, **kwargs)
        batches = _batches(ds)
        meta[f"text/{name}"] = {
            "texts": [[t.decode("utf-8", "replace") for t in b[0]] for b in batches],
            "labels": [b[1].tolist() for b in batches],
            "class_names": ds.class_names,
        }


def audio_goldens(root, arrays, meta):
    write_wavs(root)
    for name, kwargs in {"padded": {}, "fixed": {"output_sequence_length": 6}}.items():
        ds = keras.utils.audio_dataset_from_directory(root, batch_size=3, shuffle=False,
                                                      verbose=False, **kwargs)
        meta[f"audio/{name}/class_names"] = ds.class_names
        for i, parts in enumerate(_batches(ds)):
            for j, p in enumerate(parts):
                arrays[f"audio/{name}/{i}/{j}"] = p


def timeseries_goldens(arrays):
    data = np.arange(40, dtype="float32").reshape(20, 2)
    for name, kwargs in TIMESERIES_CASES.items():
        kwargs = dict(kwargs)
        n_targets = kwargs.pop("targets_len", 20)
        targets = np.arange(100, 100 + n_targets)
        ds = keras.utils.timeseries_dataset_from_array(data, targets, **kwargs)
        for i, parts in enumerate(_batches(ds)):
            for j, p in enumerate(parts):
                arrays[f"timeseries/{name}/{i}/{j}"] = p


def split_goldens(meta):
    data = np.arange(20).reshape(10, 2)
    left, right = keras.utils.split_dataset(data, left_size=0.7, shuffle=True, seed=3,
                                            preferred_backend="torch")
    meta["split/left_indices"] = list(left.indices)
    meta["split/right_indices"] = list(right.indices)


def main():
    arrays, meta = {}, {"keras_version": keras.__version__}
    with tempfile.TemporaryDirectory() as tmp:
        image_goldens(os.path.join(tmp, "images"), arrays, meta)
        text_goldens(os.path.join(tmp, "texts"), meta)
        audio_goldens(os.path.join(tmp, "audio"), arrays, meta)
    timeseries_goldens(arrays)
    split_goldens(meta)
    os.makedirs(HERE, exist_ok=True)
    np.savez_compressed(os.path.join(HERE, "utils_datasets.npz"), **arrays)
    with open(os.path.join(HERE, "utils_datasets.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
