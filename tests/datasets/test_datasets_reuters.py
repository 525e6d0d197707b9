import json
import os

import numpy as np
import pytest
from _golden import dataset_cases, output_digest
from _sequence_helpers import (
    assert_sequences,
    keras_procedure,
    ragged,
    save,
    save_json,
    spec_for,
    word_index_spec_for,
)

from torcheras import datasets
from torcheras.datasets import _sequence_file, reuters
from torcheras.datasets._source import DatasetUnavailableError

rng = np.random.RandomState(1)
SMALL = {"x": ragged(rng, 23, 50), "y": rng.randint(0, 46, 23).astype("int64")}
INDEX = {f"w{r}": r for r in range(1, 51)}


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.delenv("TORCHERAS_DATA_DIR", raising=False)
    monkeypatch.setenv("TORCHERAS_OFFLINE", "1")
    monkeypatch.setenv("TORCHERAS_HOME", str(tmp_path / "th"))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "kh"))
    monkeypatch.setattr(reuters, "_SPEC", spec_for(reuters, SMALL))
    monkeypatch.setattr(reuters, "_WORD_INDEX", word_index_spec_for(reuters, INDEX))
    save(tmp_path / "kh" / "datasets" / "reuters.npz", SMALL)
    return tmp_path


def expected(seed=113, test_split=0.2, **kwargs):
    order = np.arange(len(SMALL["y"]))
    np.random.RandomState(seed).shuffle(order)
    [(xs, labels)] = keras_procedure(
        [([SMALL["x"][i] for i in order], [SMALL["y"][i] for i in order])], **kwargs)
    idx = int(len(xs) * (1 - test_split))
    return (xs[:idx], labels[:idx]), (xs[idx:], labels[idx:])


def test_namespace():
    assert datasets.reuters is reuters and "reuters" in datasets.__all__
    names = reuters.get_label_names()
    assert isinstance(names, tuple) and len(names) == 46
    assert (names[0], names[3], names[4], names[45]) == ("cocoa", "earn", "acq", "lead")


@pytest.mark.parametrize("kwargs", [
    {},
    {"num_words": 30, "skip_top": 4},
    {"maxlen": 7, "test_split": 0.5},
    {"test_split": 0.0, "oov_char": None, "num_words": 20},
    {"test_split": 1.0, "seed": 3},
    {"start_char": None, "index_from": 0, "maxlen": 5},
])
def test_matches_keras_procedure(env, kwargs):
    (x_train, y_train), (x_test, y_test) = reuters.load_data(**kwargs)
    (ex_train, ey_train), (ex_test, ey_test) = expected(**kwargs)
    assert_sequences(x_train, ex_train)
    assert_sequences(x_test, ex_test)
    assert y_train.dtype == np.int64 and y_train.tolist() == [int(v) for v in ey_train]
    assert y_test.tolist() == [int(v) for v in ey_test]


@pytest.mark.parametrize("kwargs, message", [
    ({"num_words": 0}, r"Argument `num_words` must be a positive integer or None\. "
                       r"Received: num_words=0"),
    ({"test_split": 1.5}, r"Invalid `test_split` argument: 1\.5\. It must be between 0 "
                          r"and 1\."),
    ({"test_split": -0.1}, r"Invalid `test_split` argument: -0\.1"),
    ({"test_split": "0.2"}, r"Invalid `test_split` argument: '0\.2'\. It must be"),
    ({"maxlen": 2}, r"After filtering for sequences shorter than maxlen=2, no sequence was "
                    r"kept\. Increase maxlen\."),
    ({"skip_top": None}, r"Argument `skip_top` must be a non-negative integer\. "
                         r"Received: skip_top=None"),
])
def test_bad_arguments(env, kwargs, message):
    with pytest.raises(ValueError, match=message):
        reuters.load_data(**kwargs)


def test_nb_words_alias(env):
    with pytest.warns(UserWarning, match="renamed `num_words`"):
        old = reuters.load_data(nb_words=20)
    assert output_digest(old) == output_digest(reuters.load_data(num_words=20))


def test_wrong_file_everywhere(env):
    save(env / "kh" / "datasets" / "reuters.npz", {"x": SMALL["x"]})
    with pytest.raises(DatasetUnavailableError, match=r"missing arrays \['y'\]"):
        reuters.load_data()


def test_word_index(env):
    save_json(env / "th" / "datasets" / "reuters_word_index.json", INDEX)
    assert reuters.get_word_index() == INDEX
    imdb_like = save_json(env / "other.json", {f"w{r}": r for r in range(1, 61)})
    with pytest.raises(ValueError, match=r"does not match the Reuters dataset "
                                         r"\(reuters\.npz\): it has 60 words"):
        reuters.get_word_index(path=imdb_like)


# ------------------------------------------------------------------ the real files
DATA_DIR = os.environ.get("TORCHERAS_DATA_DIR")
real = pytest.mark.skipif(not DATA_DIR, reason="TORCHERAS_DATA_DIR is not set")


@pytest.fixture(scope="module")
def real_parts():
    if not DATA_DIR:
        pytest.skip("TORCHERAS_DATA_DIR is not set")
    return _sequence_file.read_checked(os.path.join(DATA_DIR, "reuters.npz"), reuters._SPEC)


@pytest.fixture
def from_real(real_parts, monkeypatch, tmp_path):
    monkeypatch.setenv("TORCHERAS_HOME", str(tmp_path / "th"))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "kh"))
    monkeypatch.setattr(_sequence_file, "read_checked", lambda path, spec: real_parts)


@real
def test_real_reuters_published_facts(from_real):
    (x_train, y_train), (x_test, y_test) = reuters.load_data()
    assert (len(x_train), len(x_test)) == (8982, 2246)
    assert len(x_train[0]) == 87 and x_train[0][:3] == [1, 27595, 28842]
    assert x_train[0][-2:] == [17, 12] and y_train[0] == 3
    assert len(x_train[11]) == 59 and max(len(s) for s in x_train) == 2376


@real
def test_real_word_index(monkeypatch, tmp_path):
    monkeypatch.setenv("TORCHERAS_HOME", str(tmp_path / "th"))
    index = reuters.get_word_index()
    assert len(index) == 30979 and index["the"] == 1


@real
@pytest.mark.parametrize("case", dataset_cases("reuters"),
                         ids=lambda c: json.dumps(c["kwargs"]))
def test_real_reuters_equals_keras(from_real, case):
    result = reuters.load_data(**case["kwargs"])
    assert [len(result[0][0]), len(result[1][0])] == case["lengths"]
    assert output_digest(result) == case["digest"]
