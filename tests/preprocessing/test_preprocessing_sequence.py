import json

import _golden
import numpy as np
import pytest

import torcheras
from torcheras.preprocessing import sequence
from torcheras.utils import pad_sequences

PAD_CASES = _golden.load_json("text")["pad_sequences"]


def test_paths():
    assert torcheras.utils.pad_sequences is pad_sequences
    assert sequence.pad_sequences is pad_sequences
    assert torcheras.preprocessing.sequence is sequence


def test_hand_computed():
    seqs = [[1], [2, 3], [4, 5, 6]]
    out = pad_sequences(seqs)
    assert out.dtype == np.int32 and out.tolist() == [[0, 0, 1], [0, 2, 3], [4, 5, 6]]
    assert pad_sequences(seqs, value=-1).tolist() == [[-1, -1, 1], [-1, 2, 3], [4, 5, 6]]
    assert pad_sequences(seqs, padding="post").tolist() == [[1, 0, 0], [2, 3, 0], [4, 5, 6]]
    assert pad_sequences(seqs, maxlen=2).tolist() == [[0, 1], [2, 3], [5, 6]]
    assert pad_sequences(seqs, maxlen=2, truncating="post").tolist() == [[0, 1], [2, 3], [4, 5]]
    assert pad_sequences(seqs, maxlen=0).shape == (3, 0)
    assert pad_sequences([]).shape == (0, 0)


def test_accepts_object_arrays_and_numpy_rows():
    seqs = np.empty(2, dtype=object)
    seqs[0], seqs[1] = [1, 2, 3], [4]
    assert pad_sequences(seqs, maxlen=2).tolist() == [[2, 3], [0, 4]]
    rows = [np.array([1.5, 2.5]), np.array([3.5])]
    assert pad_sequences(rows, dtype="float32").tolist() == [[1.5, 2.5], [0.0, 3.5]]


@pytest.mark.parametrize("case", PAD_CASES, ids=lambda c: json.dumps(c["kwargs"]))
def test_golden_keras(case):
    kwargs = dict(case["kwargs"])
    if kwargs.get("dtype") == "object":
        kwargs["dtype"] = object
    if kwargs.get("value") == "nan":
        kwargs["value"] = float("nan")
    got = pad_sequences(case["sequences"], **kwargs)
    assert got.dtype.str == case["dtype"] and list(got.shape) == case["shape"]
    if got.dtype == object:
        assert got.tolist() == case["values"]
    else:
        want = np.array([np.nan if v is None else v for v in case["values"]])
        np.testing.assert_array_equal(got.astype("float64").reshape(-1), want)


@pytest.mark.parametrize("args, kwargs, message", [
    ((5,), {}, r"`sequences` must be iterable\."),
    (([[1], 2],), {}, r"`sequences` must be a list of iterables\. Found non-iterable: 2"),
    (([[1]],), {"padding": "middle"}, r'Padding type "middle" not understood'),
    (([[1]],), {"truncating": "both"}, r'Truncating type "both" not understood'),
    (([[1]],), {"maxlen": -1}, r"Argument `maxlen` must be a non-negative integer or None\. "
                               r"Received: maxlen=-1"),
    (([[1]],), {"maxlen": 2.5}, r"Received: maxlen=2\.5"),
    (([["a"]],), {"value": "x"}, r"`dtype` int32 is not compatible with `value`'s type: "
                                 r"<class 'str'>\nYou should set `dtype=object`"),
    (([[[1, 2]], [[3]]],), {}, r"Shape of sample \(1,\) of sequence at position 1 is "
                               r"different from expected shape \(2,\)"),
])
def test_bad_input(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        pad_sequences(*args, **kwargs)


def test_imdb_sized_input_is_fast():
    import time

    rng = np.random.RandomState(0)
    flat = rng.randint(1, 10000, 25000 * 250).tolist()
    cuts = np.cumsum(rng.randint(10, 490, 25000)).tolist()
    seqs = [flat[a:b] for a, b in zip([0] + cuts[:-1], cuts)]
    start = time.perf_counter()
    out = pad_sequences(seqs, maxlen=80)
    assert out.shape == (25000, 80)
    assert time.perf_counter() - start < 5


# ------------------------------------------------------------- Keras 2 skip-grams
SKIP = _golden.load_json("text")["skipgrams"]


def test_make_sampling_table_golden():
    np.testing.assert_allclose(sequence.make_sampling_table(12, sampling_factor=0.05),
                               SKIP["sampling_table"], rtol=0, atol=1e-12)


@pytest.mark.parametrize("case", SKIP["skipgrams"], ids=lambda c: json.dumps(c["kwargs"])[:40])
def test_skipgrams_golden(case):
    import random

    random.seed(1234)  # the same global-random draws as Keras
    couples, labels = sequence.skipgrams(case["sequence"], 12, **case["kwargs"])
    assert couples == case["couples"] and labels == case["labels"]


def test_skipgrams_bad_vocabulary_size():
    with pytest.raises(ValueError, match=r"Argument `vocabulary_size` must be at least 2"):
        sequence.skipgrams([1, 2], 1)
