"""The dataset builders against real Keras 3 (tests/golden/make_utils_datasets.py): the
same folders (written by _dataset_files.py) give the same files, labels and pixels."""

import os

import numpy as np
import pytest
from _dataset_files import IMAGE_CASES, TIMESERIES_CASES, write_images, write_texts, write_wavs
from _golden import load

from torcheras import utils

GOLDEN = load("utils_datasets")


def _batches(ds):
    return [[np.asarray(p) for p in (b if isinstance(b, tuple) else (b,))] for b in ds]


def _expected(prefix):
    out = {}
    for key, value in GOLDEN.arrays.items():
        if key.startswith(prefix + "/"):
            i, j = map(int, key[len(prefix) + 1:].split("/"))
            out.setdefault(i, {})[j] = value
    return [[out[i][j] for j in sorted(out[i])] for i in sorted(out)]


def _check(ds, prefix, atol=1e-4):
    got, want = _batches(ds), _expected(prefix)
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert len(g) == len(w)
        for a, b in zip(g, w):
            assert a.shape == b.shape
            np.testing.assert_allclose(a.astype("float64"), b.astype("float64"), atol=atol)


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    root = tmp_path_factory.mktemp("datasets")
    write_images(str(root / "images"))
    write_texts(str(root / "texts"))
    write_wavs(str(root / "audio"))
    return root


@pytest.mark.parametrize("name", sorted(IMAGE_CASES))
def test_image_dataset_matches_keras(folders, name):
    root = str(folders / "images")
    ds = utils.image_dataset_from_directory(root, batch_size=3, shuffle=False, verbose=False,
                                            **IMAGE_CASES[name])
    assert [os.path.relpath(p, root) for p in ds.file_paths] == GOLDEN.meta[
        f"image/{name}/file_paths"]
    assert ds.class_names == GOLDEN.meta[f"image/{name}/class_names"]
    _check(ds, f"image/{name}")


def test_image_split_matches_keras(folders, capsys):
    root = str(folders / "images")
    train, val = utils.image_dataset_from_directory(
        root, image_size=(4, 4), batch_size=2, shuffle=True, seed=7, validation_split=0.3,
        subset="both")
    out = capsys.readouterr().out
    assert out == ("Found 8 files belonging to 2 classes.\nUsing 6 files for training.\n"
                   "Using 2 files for validation.\n")
    assert [os.path.relpath(p, root) for p in train.file_paths] == GOLDEN.meta[
        "image/split/train_paths"]
    assert [os.path.relpath(p, root) for p in val.file_paths] == GOLDEN.meta[
        "image/split/val_paths"]
    labels = np.concatenate([b[1] for b in _batches(val)]).tolist()
    assert labels == GOLDEN.meta["image/split/val_labels"]


def test_explicit_labels_match_keras(folders):
    ds = utils.image_dataset_from_directory(
        str(folders / "images"), labels=[1, 0, 2, 2, 1, 0, 1, 0], image_size=(4, 4),
        shuffle=False, verbose=False)
    assert ds.class_names == GOLDEN.meta["image/explicit/class_names"]
    labels = np.concatenate([b[1] for b in _batches(ds)]).tolist()
    assert labels == GOLDEN.meta["image/explicit/labels"]


@pytest.mark.parametrize("name,kwargs", [("plain", {}), ("max_length", {"max_length": 4}),
                                         ("categorical", {"label_mode": "categorical"})])
def test_text_dataset_matches_keras(folders, name, kwargs):
    ds = utils.text_dataset_from_directory(str(folders / "texts"), batch_size=2,
                                           shuffle=False, verbose=False, **kwargs)
    want = GOLDEN.meta[f"text/{name}"]
    batches = list(ds)
    assert [list(b[0]) for b in batches] == want["texts"]
    assert [b[1].tolist() for b in batches] == want["labels"]
    assert ds.class_names == want["class_names"]


@pytest.mark.parametrize("name,kwargs", [("padded", {}),
                                         ("fixed", {"output_sequence_length": 6})])
def test_audio_dataset_matches_keras(folders, name, kwargs):
    ds = utils.audio_dataset_from_directory(str(folders / "audio"), batch_size=3,
                                            shuffle=False, verbose=False, **kwargs)
    assert ds.class_names == GOLDEN.meta[f"audio/{name}/class_names"]
    _check(ds, f"audio/{name}", atol=0)


@pytest.mark.parametrize("name", sorted(TIMESERIES_CASES))
def test_timeseries_matches_keras(name):
    kwargs = dict(TIMESERIES_CASES[name])
    n_targets = kwargs.pop("targets_len", 20)
    data = np.arange(40, dtype="float32").reshape(20, 2)
    ds = utils.timeseries_dataset_from_array(data, np.arange(100, 100 + n_targets), **kwargs)
    _check(ds, f"timeseries/{name}", atol=0)


def test_split_dataset_matches_keras_torch_backend():
    left, right = utils.split_dataset(np.arange(20).reshape(10, 2), left_size=0.7,
                                      shuffle=True, seed=3)
    assert list(left.indices) == GOLDEN.meta["split/left_indices"]
    assert list(right.indices) == GOLDEN.meta["split/right_indices"]
