import hashlib
import json
import os

import numpy as np
import pytest
from _golden import dataset_cases, output_digest, synthetic_california

from torcheras import datasets
from torcheras.datasets import california_housing
from torcheras.datasets._source import DatasetUnavailableError


@pytest.fixture(scope="module")
def synthetic():
    return synthetic_california()


@pytest.fixture
def env(tmp_path, monkeypatch, synthetic):
    monkeypatch.delenv("TORCHERAS_DATA_DIR", raising=False)
    monkeypatch.setenv("TORCHERAS_OFFLINE", "1")
    monkeypatch.setenv("TORCHERAS_HOME", str(tmp_path / "th"))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "kh"))
    os.makedirs(tmp_path / "kh" / "datasets")
    np.savez(tmp_path / "kh" / "datasets" / "california_housing.npz", **synthetic)
    return tmp_path


def test_namespace():
    assert datasets.california_housing is california_housing
    assert "california_housing" in datasets.__all__


def test_small_is_first_600_rows_shuffled(env, synthetic):
    (x_train, y_train), (x_test, y_test) = california_housing.load_data(version="small")
    order = np.arange(600)
    np.random.RandomState(113).shuffle(order)
    assert x_train.shape == (480, 8) and x_test.shape == (120, 8)
    np.testing.assert_array_equal(x_train, synthetic["x"][order[:480]])
    np.testing.assert_array_equal(y_test, synthetic["y"][order[480:]])


@pytest.mark.parametrize("case", dataset_cases("california_housing"),
                         ids=lambda c: json.dumps(c["kwargs"]))
def test_equals_keras_on_the_same_file(env, case):
    assert output_digest(california_housing.load_data(**case["kwargs"])) == case["digest"]


@pytest.mark.parametrize("kwargs, message", [
    ({"version": "medium"}, r"Argument `version` must be one of 'small', 'large'\. "
                            r"Received: version='medium'"),
    ({"test_split": 1.0}, r"Invalid `test_split` argument: 1\.0\. It must be between 0 and 1"),
    ({"test_split": "0.2"}, r"Invalid `test_split` argument: '0\.2'\. It must be between"),
])
def test_bad_arguments(env, kwargs, message):
    with pytest.raises(ValueError, match=message):
        california_housing.load_data(**kwargs)


@pytest.mark.parametrize("arrays, reason", [
    ({"x": np.zeros((10, 8)), "y": np.zeros(10)}, r"arrays are x\(10, 8\) and y\(10,\), "
                                                  r"expected x\(20640, 8\)"),
    ({"x": np.zeros((20640, 8), "int32"), "y": np.zeros(20640, "int32")},
     "expected floating point"),
    ({"x": np.zeros((20640, 8))}, r"missing arrays \['y'\]"),
])
def test_wrong_layout_is_rejected(env, arrays, reason):
    os.remove(env / "kh" / "datasets" / "california_housing.npz")
    path = env / "th" / "datasets" / "california_housing.npz"
    os.makedirs(path.parent)
    np.savez(path, **arrays)
    with pytest.raises(DatasetUnavailableError, match=reason):
        california_housing.load_data()


def test_keras_file_accepted_by_hash_alone(env, monkeypatch):
    path = env / "kh" / "datasets" / "california_housing.npz"
    x = np.arange(40, dtype="float32").reshape(5, 8)
    np.savez(path, x=x, y=np.arange(5, dtype="float32"))
    monkeypatch.setattr(california_housing, "_FILE_HASH",
                        hashlib.sha256(path.read_bytes()).hexdigest())
    (x_train, y_train), (x_test, y_test) = california_housing.load_data()
    assert (len(x_train), len(x_test)) == (4, 1)  # test_split=0.2
    # A shuffle of the file's rows, each x row still paired with its y.
    rows = np.concatenate([x_train, x_test])
    np.testing.assert_array_equal(rows[np.argsort(rows[:, 0])], x)
    np.testing.assert_array_equal(np.concatenate([y_train, y_test]), rows[:, 0] / 8)


def test_path_of_the_wrong_type():
    with pytest.raises(TypeError, match=r"Argument `path` must be a file name or a path\. "
                                        r"Received: path=3 \(of type int\)"):
        california_housing.load_data(path=3)
