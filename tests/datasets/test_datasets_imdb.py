import hashlib
import json
import os
import pathlib
import time

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
from torcheras.datasets import _sequence_file, imdb
from torcheras.datasets._source import DatasetUnavailableError

rng = np.random.RandomState(0)
SMALL = {
    "x_train": ragged(rng, 12, 40),
    "y_train": rng.randint(0, 2, 12).astype("int64"),
    "x_test": ragged(rng, 10, 40),
    "y_test": rng.randint(0, 2, 10).astype("int64"),
}
INDEX = {f"w{r}": r for r in range(1, 41)}


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.delenv("TORCHERAS_DATA_DIR", raising=False)
    monkeypatch.setenv("TORCHERAS_OFFLINE", "1")
    monkeypatch.setenv("TORCHERAS_HOME", str(tmp_path / "th"))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "kh"))
    monkeypatch.setattr(imdb, "_SPEC", spec_for(imdb, SMALL))
    monkeypatch.setattr(imdb, "_WORD_INDEX", word_index_spec_for(imdb, INDEX))
    save(tmp_path / "th" / "datasets" / "imdb.npz", SMALL)
    return tmp_path


def expected(seed=113, **kwargs):
    r = np.random.RandomState(seed)
    splits = []
    for x, y in (("x_train", "y_train"), ("x_test", "y_test")):
        order = np.arange(len(SMALL[y]))
        r.shuffle(order)
        splits.append(([SMALL[x][i] for i in order], [SMALL[y][i] for i in order]))
    return keras_procedure(splits, **kwargs)


def test_namespace():
    assert datasets.imdb is imdb and "imdb" in datasets.__all__
    assert callable(imdb.load_data) and callable(imdb.get_word_index)


@pytest.mark.parametrize("kwargs", [
    {},
    {"num_words": 20},
    {"num_words": 20, "skip_top": 6},
    {"maxlen": 6},
    {"maxlen": 7, "num_words": 30, "oov_char": None},
    {"start_char": None, "index_from": 0},
    {"start_char": None, "oov_char": None, "num_words": 15},
    {"seed": 5, "start_char": 7, "oov_char": 9, "index_from": 10},
])
def test_matches_keras_procedure(env, kwargs):
    (x_train, y_train), (x_test, y_test) = imdb.load_data(**kwargs)
    (ex_train, ey_train), (ex_test, ey_test) = expected(**kwargs)
    assert_sequences(x_train, ex_train)
    assert_sequences(x_test, ex_test)
    assert y_train.dtype == np.int64 and y_train.tolist() == [int(v) for v in ey_train]
    assert y_test.tolist() == [int(v) for v in ey_test]


def test_hand_computed_start_shift_and_largest_id_quirk(env, monkeypatch):
    arrays = {"x_train": np.array([[4, 1], [2]], dtype=object)[[0, 1]],
              "y_train": np.array([1, 0]), "x_test": np.empty(1, object),
              "y_test": np.array([1])}
    arrays["x_train"] = np.empty(2, object)
    arrays["x_train"][0], arrays["x_train"][1] = [4, 1], [2]
    arrays["x_test"][0] = [3, 3]
    monkeypatch.setattr(imdb, "_SPEC", spec_for(imdb, arrays))
    path = save(env / "tiny" / "imdb.npz", arrays)
    (x_train, y_train), (x_test, _) = imdb.load_data(path=path, seed=0)
    # RandomState(0) shuffles [0, 1] to [1, 0]. Ids +3, start 1 in front; with
    # num_words=None the cap is the largest id (7), and `w < 7` makes 7 itself OOV (2).
    assert np.random.RandomState(0).permutation(2).tolist() == [1, 0]
    assert x_train.tolist() == [[1, 5], [1, 2, 4]]
    assert y_train.tolist() == [0, 1]
    assert x_test.tolist() == [[1, 6, 6]]


def test_equal_lengths_give_keras_2d_object_array(env, monkeypatch):
    arrays = {"x_train": np.empty(2, object), "y_train": np.array([0, 1]),
              "x_test": np.empty(1, object), "y_test": np.array([1])}
    arrays["x_train"][0], arrays["x_train"][1], arrays["x_test"][0] = [1, 2], [2, 1], [1, 1]
    monkeypatch.setattr(imdb, "_SPEC", spec_for(imdb, arrays))
    (x_train, _), _ = imdb.load_data(path=save(env / "eq" / "imdb.npz", arrays))
    assert x_train.dtype == object and x_train.shape == (2, 3)  # np.array(lists, "object")
    # start_char 1, then the ids shifted by index_from=3 (1 -> 4, 2 -> 5), where Keras's
    # num_words=None quirk (the largest id itself counts as out of vocabulary) makes 5 the
    # oov_char 2.
    assert sorted(x_train.tolist()) == [[1, 2, 4], [1, 4, 2]]


@pytest.mark.parametrize("kwargs, message", [
    ({"num_words": 0}, r"Argument `num_words` must be a positive integer or None\. "
                       r"Received: num_words=0"),
    ({"num_words": -5}, r"Received: num_words=-5"),
    ({"num_words": 2.5}, r"Received: num_words=2.5"),
    ({"skip_top": -1}, r"Argument `skip_top` must be a non-negative integer\. Received: skip_top=-1"),
    ({"maxlen": 0}, r"Argument `maxlen` must be a positive integer or None\. Received: "
                    r"maxlen=0"),
    ({"index_from": -3}, r"Received: index_from=-3"),
    ({"oov_char": "x"}, r"Argument `oov_char` must be an integer or None\. "
                        r"Received: oov_char='x'"),
    ({"seed": -1}, r"Received: seed=-1"),
    ({"maxlen": 2}, r"After filtering for sequences shorter than maxlen=2, no sequence was "
                    r"kept\. Increase maxlen\."),
])
def test_bad_arguments(env, kwargs, message):
    with pytest.raises(ValueError, match=message):
        imdb.load_data(**kwargs)


def test_keras2_nb_words_alias_and_unknown_keyword(env):
    with pytest.warns(UserWarning, match="renamed `num_words`"):
        old = imdb.load_data(nb_words=20)
    new = imdb.load_data(num_words=20)
    assert output_digest(old) == output_digest(new)
    with pytest.raises(TypeError, match=r"Unrecognized keyword arguments: \['num_word'\]"):
        imdb.load_data(num_word=20)


def test_copy_with_other_content_is_skipped(env, monkeypatch):
    other = dict(SMALL, y_test=1 - SMALL["y_test"])
    save(env / "kh" / "datasets" / "imdb.npz", SMALL)
    save(env / "th" / "datasets" / "imdb.npz", other)
    (_, _), (_, y_test) = imdb.load_data(seed=None)  # falls through to Keras's cache
    assert sorted(y_test.tolist()) == sorted(SMALL["y_test"].tolist())
    os.remove(env / "kh" / "datasets" / "imdb.npz")
    with pytest.raises(DatasetUnavailableError, match="array contents differ") as info:
        imdb.load_data()
    assert [label for label, _ in info.value.attempts][:3] == [
        "TORCHERAS_DATA_DIR", "torcheras cache", "Keras cache"]
    assert "Put a copy of `imdb.npz`" in str(info.value)


def test_keras_original_trusted_by_file_hash(env, monkeypatch):
    path = save(env / "th" / "datasets" / "imdb.npz", dict(SMALL, y_test=1 - SMALL["y_test"]))
    digest = hashlib.sha256(pathlib.Path(path).read_bytes()).hexdigest()
    spec = imdb._SPEC
    monkeypatch.setattr(imdb, "_SPEC", _sequence_file.SequenceFileSpec(
        spec.dataset, spec.keras_name, spec.origin, digest, spec.arrays, spec.digest))
    # The content digest differs from the spec's, but the file hash vouches for it.
    (x_train, _), (x_test, y_test) = imdb.load_data()
    (ex_train, _), (ex_test, ey_test) = expected()
    assert_sequences(x_train, ex_train)
    assert_sequences(x_test, ex_test)
    assert y_test.tolist() == [1 - int(v) for v in ey_test]


def test_mirror_is_found_under_keras_name(env, monkeypatch):
    monkeypatch.setenv("TORCHERAS_DATA_DIR", str(env / "mirror"))
    save(env / "mirror" / "imdb.npz", SMALL)
    os.remove(env / "th" / "datasets" / "imdb.npz")
    (x_train, y_train), _ = imdb.load_data(path="custom_name.npz")
    (ex_train, ey_train), _ = expected()
    assert_sequences(x_train, ex_train)
    assert y_train.tolist() == [int(v) for v in ey_train]


# ------------------------------------------------------------------------ word index
def test_word_index_from_cache_keeps_file_order(env):
    shuffled = dict(sorted(INDEX.items(), key=lambda kv: -kv[1]))
    save_json(env / "kh" / "datasets" / "imdb_word_index.json", shuffled, indent=2)
    got = imdb.get_word_index()
    assert got == INDEX and list(got) == list(shuffled)


@pytest.mark.parametrize("index, message", [
    ({f"w{r}": r for r in range(1, 31)}, r"does not match the IMDB dataset \(imdb\.npz\): it "
                                         r"has 30 words with ranks 1\.\.30 \(30 distinct\), "
                                         r"but imdb\.npz uses word ids 1\.\.40"),
    (dict(INDEX, w40=39), r"40 words with ranks 1\.\.39 \(39 distinct\)"),
    ({f"v{r}": r for r in range(1, 41)}, r"has the right 40 ranks but different words"),
    ([1, 2], r"is not a JSON object mapping words to integer ranks"),
])
def test_word_index_mismatch_is_a_value_error(env, index, message):
    path = save_json(env / "wi.json", index)
    with pytest.raises(ValueError, match=message):
        imdb.get_word_index(path=path)


def test_word_index_bad_cache_copy_is_skipped(env):
    save_json(env / "th" / "datasets" / "imdb_word_index.json", {"a": 1})
    with pytest.raises(DatasetUnavailableError, match="does not match the IMDB dataset"):
        imdb.get_word_index()
    (env / "th" / "datasets" / "imdb_word_index.json").write_text("{not json")
    with pytest.raises(DatasetUnavailableError, match="is not a JSON word index"):
        imdb.get_word_index()


# ------------------------------------------------------------------ the real files
DATA_DIR = os.environ.get("TORCHERAS_DATA_DIR")
real = pytest.mark.skipif(not DATA_DIR, reason="TORCHERAS_DATA_DIR is not set")


@pytest.fixture(scope="module")
def real_imdb():
    """Load the 17 MB file once; each test then runs the full procedure on it."""
    if not DATA_DIR:
        pytest.skip("TORCHERAS_DATA_DIR is not set")
    start = time.perf_counter()
    parts = _sequence_file.read_checked(os.path.join(DATA_DIR, "imdb.npz"), imdb._SPEC)
    return parts, time.perf_counter() - start


@pytest.fixture
def from_real(real_imdb, monkeypatch, tmp_path):
    monkeypatch.setenv("TORCHERAS_HOME", str(tmp_path / "th"))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "kh"))
    monkeypatch.setenv("TORCHERAS_OFFLINE", "1")
    monkeypatch.setattr(_sequence_file, "read_checked", lambda path, spec: real_imdb[0])


def _golden_case(kwargs):
    [case] = [c for c in dataset_cases("imdb") if c["kwargs"] == kwargs] or [None]
    return case


@real
def test_real_imdb_published_facts_and_keras_digest(from_real):
    result = imdb.load_data(num_words=10000)
    (x_train, y_train), (x_test, y_test) = result
    assert (len(x_train), len(x_test)) == (25000, 25000)
    assert len(x_train[0]) == 218 and x_train[0][:7] == [1, 14, 22, 16, 43, 530, 973]
    assert y_train[:10].tolist() == [1, 0, 0, 1, 0, 0, 1, 0, 1, 0]
    assert max(max(s) for s in x_train) == 9999
    assert np.bincount(y_test).tolist() == [12500, 12500]
    case = _golden_case({"num_words": 10000})
    if case:
        assert output_digest(result) == case["digest"]


@real
def test_real_word_index(monkeypatch, tmp_path):
    monkeypatch.setenv("TORCHERAS_HOME", str(tmp_path / "th"))
    index = imdb.get_word_index()
    assert len(index) == 88584 and index["the"] == 1 and index["br"] == 7


# Each full-size call takes seconds: the num_words=10000 case is checked above, and the
# start_char=None case only with TORCHERAS_SLOW_TESTS=1.
FAST_CASES = [c for c in dataset_cases("imdb") if c["kwargs"] != {"num_words": 10000} and (
    c["kwargs"].get("start_char", 1) is not None or os.environ.get("TORCHERAS_SLOW_TESTS"))]


@real
@pytest.mark.parametrize("case", FAST_CASES, ids=lambda c: json.dumps(c["kwargs"]))
def test_real_imdb_equals_keras(from_real, case):
    result = imdb.load_data(**case["kwargs"])
    assert [len(result[0][0]), len(result[1][0])] == case["lengths"]
    assert list(result[0][0][0][:12]) == case["x_train_0_head"]
    assert output_digest(result) == case["digest"]
