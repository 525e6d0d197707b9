import json

import _golden
import numpy as np
import pytest

import torcheras
from torcheras.preprocessing import text
from torcheras.preprocessing.text import (
    Tokenizer,
    hashing_trick,
    one_hot,
    text_to_word_sequence,
    tokenizer_from_json,
)

G = _golden.load_json("text")
TOKENIZER_CASES = [c for c in G["tokenizer"] if "fit_on_sequences" not in c]
MODES = ("binary", "count", "tfidf", "freq")


def test_paths():
    assert torcheras.preprocessing.text is text
    assert sorted(text.__all__) == ["Tokenizer", "hashing_trick", "one_hot",
                                    "text_to_word_sequence", "tokenizer_from_json"]


# ------------------------------------------------------------------ word helpers
@pytest.mark.parametrize("case", G["text_to_word_sequence"], ids=lambda c: c["text"])
def test_text_to_word_sequence_golden(case):
    assert text_to_word_sequence(case["text"], **case["kwargs"]) == case["words"]


def test_text_to_word_sequence_hand():
    assert text_to_word_sequence("Don't STOP--me now!") == ["don't", "stop", "me", "now"]
    with pytest.raises(ValueError, match=r"Argument `input_text` must be a string\. "
                                         r"Received: input_text=3 of type int"):
        text_to_word_sequence(3)


@pytest.mark.parametrize("case", G["hashing_trick_md5"], ids=lambda c: f"{c['n']}")
def test_hashing_trick_md5_golden(case):
    assert hashing_trick(case["text"], case["n"], hash_function="md5") == case["ids"]


def test_one_hot_and_hashing_trick_ranges():
    ids = one_hot("the cat sat on the mat", 7)
    assert len(ids) == 6 and ids[0] == ids[4] and all(1 <= i <= 6 for i in ids)
    assert one_hot("a b", 5) == [hash("a") % 4 + 1, hash("b") % 4 + 1]
    assert hashing_trick("x y", 3, hash_function=len) == [2, 2]
    assert hashing_trick("Ab", 9, analyzer=list, hash_function=ord) == [65 % 8 + 1, 98 % 8 + 1]


@pytest.mark.parametrize("kwargs, message", [
    ({"n": 1}, r"Argument `n` must be an integer >= 2 \(index 0 is reserved\)\. Received: n=1"),
    ({"n": 3.0}, r"Received: n=3\.0"),
    ({"n": 5, "hash_function": "sha1"}, r"Argument `hash_function` must be None, 'md5' or a "
                                        r"callable\. Received: hash_function='sha1'"),
])
def test_hashing_trick_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        hashing_trick("a b", **kwargs)


# -------------------------------------------------------------------- Tokenizer
def _fit(config):
    tok = Tokenizer(**config)
    tok.fit_on_texts(G["train"])
    return tok


@pytest.mark.parametrize("case", TOKENIZER_CASES, ids=lambda c: json.dumps(c["config"]))
def test_tokenizer_golden(case):
    tok = _fit(case["config"])
    assert list(tok.word_index.items()) == [tuple(p) for p in case["word_index"]]
    assert list(tok.word_counts.items()) == [tuple(p) for p in case["word_counts"]]
    assert dict(tok.word_docs) == case["word_docs"]
    assert {str(k): v for k, v in tok.index_docs.items()} == case["index_docs"]
    assert tok.document_count == case["document_count"]
    assert tok.texts_to_sequences(G["test"]) == case["sequences"]
    assert tok.texts_to_sequences(G["train"]) == case["train_sequences"]
    assert tok.sequences_to_texts(case["sequences"] + [[1, 2, 3, 40, 0]]) == case["texts"]
    for mode in MODES:
        got = tok.texts_to_matrix(G["test"], mode=mode)
        assert got.dtype == np.float64
        np.testing.assert_allclose(got, np.array(case["matrices"][mode]), rtol=0, atol=1e-12)
    config = json.loads(tok.to_json())["config"]
    for key in ("word_counts", "word_docs", "index_docs", "index_word", "word_index"):
        assert json.loads(config.pop(key)) == json.loads(case["json_config"][key])
    assert config == {k: v for k, v in case["json_config"].items()
                      if k not in ("word_counts", "word_docs", "index_docs", "index_word",
                                   "word_index")}


def test_fit_on_sequences_tfidf_golden():
    [case] = [c for c in G["tokenizer"] if "fit_on_sequences" in c]
    tok = Tokenizer(**case["config"])
    tok.fit_on_sequences(case["fit_on_sequences"])
    for mode in MODES:
        got = tok.sequences_to_matrix([[1, 1, 2, 9], [7], []], mode=mode)
        np.testing.assert_allclose(got, np.array(case["matrices"][mode]), rtol=0, atol=1e-12)


def test_tokenizer_hand_computed():
    tok = Tokenizer(num_words=3)
    tok.fit_on_texts(["b a b", "c b"])
    assert tok.word_index == {"b": 1, "a": 2, "c": 3}  # ties keep first-seen order
    assert tok.word_counts == {"b": 3, "a": 1, "c": 1}
    assert tok.texts_to_sequences(["a c b z"]) == [[2, 1]]  # c (3) >= num_words: dropped
    m = tok.texts_to_matrix(["b b a", ""], mode="count")
    assert m.tolist() == [[0, 2, 1], [0, 0, 0]]
    f = tok.sequences_to_matrix([[1, 1, 2, 3]], mode="freq")  # length counts dropped id 3
    assert f.tolist() == [[0, 0.5, 0.25]]
    t = tok.texts_to_matrix(["b b"], mode="tfidf")
    # tf = 1 + ln 2; idf = ln(1 + 2 documents / (1 + 2 documents holding "b"))
    assert t[0, 1] == pytest.approx((1 + np.log(2)) * np.log(1 + 2 / 3), abs=1e-15)


def test_to_json_roundtrip():
    tok = _fit({"num_words": 6, "oov_token": "<OOV>"})
    back = tokenizer_from_json(tok.to_json())
    assert back.word_index == tok.word_index and back.index_word == tok.index_word
    assert back.num_words == 6 and back.document_count == tok.document_count
    assert back.texts_to_sequences(G["test"]) == tok.texts_to_sequences(G["test"])
    np.testing.assert_array_equal(back.texts_to_matrix(G["test"], "tfidf"),
                                  tok.texts_to_matrix(G["test"], "tfidf"))


def test_keras2_nb_words():
    with pytest.warns(UserWarning, match="renamed `num_words`"):
        assert Tokenizer(nb_words=7).num_words == 7


@pytest.mark.parametrize("call, error, message", [
    (lambda: Tokenizer(num_word=3), TypeError, r"Unrecognized keyword arguments: "
                                               r"\{'num_word': 3\}"),
    (lambda: Tokenizer(num_words=-1), ValueError, r"Argument `num_words` must be a "
                                                  r"non-negative integer or None\. "
                                                  r"Received: num_words=-1"),
    (lambda: Tokenizer().fit_on_texts("just one text"), ValueError,
     r"Argument `texts` must be a list of texts, not one string"),
    (lambda: Tokenizer().texts_to_matrix(["a"]), ValueError,
     r"Specify a dimension \(`num_words` argument\), or fit on some text data first\."),
    (lambda: Tokenizer(num_words=4).sequences_to_matrix([[1]], mode="tfidf"), ValueError,
     r"Fit the Tokenizer on some data before using tfidf mode\."),
    (lambda: Tokenizer(num_words=4).sequences_to_matrix([[1]], mode="onehot"), ValueError,
     r"Unknown vectorization mode: 'onehot'\. Expected one of \['binary', 'count', "
     r"'tfidf', 'freq'\]"),
    (lambda: tokenizer_from_json("[1]"), ValueError, r"Argument `json_string` must be a "
                                                     r"Tokenizer's JSON"),
])
def test_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_sequences_to_matrix_is_vectorized():
    import time

    rng = np.random.RandomState(0)
    seqs = rng.randint(1, 10000, (2000, 230)).tolist()
    tok = Tokenizer(num_words=10000)
    start = time.perf_counter()
    m = tok.sequences_to_matrix(seqs)
    assert m.shape == (2000, 10000) and m[0, seqs[0][0]] == 1
    assert time.perf_counter() - start < 3
