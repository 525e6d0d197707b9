"""Write golden outputs of Keras 3's pad_sequences and Keras 2's text API.

Run with the Keras reference environment (never in CI):

    KERAS_BACKEND=torch /work/kerasenv/bin/python tests/golden/make_text.py

Keras 3.15 still ships Keras 2's text API (`keras._tf_keras.keras.preprocessing.text`,
implemented in keras/src/legacy/preprocessing/text.py, the same code as tf-keras);
`pad_sequences` is `keras.utils.pad_sequences`. Writes tests/golden/text/text.json.
"""

import json
import os
import random

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "torch")
import keras  # noqa: E402
from keras._tf_keras.keras.preprocessing import text as ktext  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "text")

SEQS = [[1], [2, 3], [4, 5, 6], [], [7, 8, 9, 10, 11]]
PAD_CASES = [
    {"sequences": SEQS, "kwargs": {}},
    {"sequences": SEQS, "kwargs": {"maxlen": 3}},
    {"sequences": SEQS, "kwargs": {"maxlen": 3, "truncating": "post"}},
    {"sequences": SEQS, "kwargs": {"maxlen": 4, "padding": "post", "value": -1}},
    {"sequences": SEQS, "kwargs": {"maxlen": 6, "padding": "post", "truncating": "post"}},
    {"sequences": [[0.5, 1.7], [2.25]], "kwargs": {"dtype": "float32", "value": 0.25}},
    {"sequences": [[0.5, 1.7], [-2.6]], "kwargs": {}},  # cast to int32 like numpy
    {"sequences": [[[1, 2], [3, 4]], [[5, 6]]], "kwargs": {"maxlen": 3}},
    {"sequences": [[1, 2, 3]], "kwargs": {"dtype": "int64", "value": 9.7}},
    {"sequences": [["a", "b"], ["c"]], "kwargs": {"dtype": object, "value": "<pad>"}},
    {"sequences": [[1, 2], [3]], "kwargs": {"dtype": "float64", "value": np.nan}},
]

TRAIN = [
    "The cat sat on the mat.",
    "The dog ate my homework!!  Don't ask.",
    "A cat, a dog, and a bird: friends?",
    "Tabs\tand\nnewlines are FILTERED; so_are_underscores",
    "Ünïcödé wörds STAY, and the caf\u00e9 is open",
    "",
]
TEST = ["the cat and the unknown bird", "never seen words", "", "dog dog dog cat"]
TOKENIZERS = [
    {},
    {"num_words": 6},
    {"oov_token": "<OOV>"},
    {"num_words": 5, "oov_token": "<OOV>"},
    {"char_level": True, "num_words": 12},
    {"lower": False, "filters": ".,!", "split": " "},
    {"split": "a"},
]
WORD_SEQ_CASES = [
    {"text": "Hello, World! It's me...", "kwargs": {}},
    {"text": "a-b_c d", "kwargs": {"filters": "-", "lower": False}},
    {"text": "x,y,,z", "kwargs": {"split": ","}},
    {"text": "MiXeD\tCase\nLines", "kwargs": {"lower": True}},
]


def pad_goldens():
    out = []
    for case in PAD_CASES:
        kwargs = dict(case["kwargs"])
        got = keras.utils.pad_sequences(case["sequences"], **kwargs)
        record = {"sequences": case["sequences"],
                  "kwargs": {k: (v if not isinstance(v, type) else "object")
                             for k, v in kwargs.items()},
                  "dtype": got.dtype.str, "shape": list(got.shape)}
        if got.dtype == object:
            record["values"] = got.tolist()
        else:
            record["values"] = [None if np.isnan(v) else v
                                for v in got.astype("float64").reshape(-1).tolist()]
        if isinstance(kwargs.get("value"), float) and np.isnan(kwargs["value"]):
            record["kwargs"]["value"] = "nan"
        out.append(record)
    return out


def tokenizer_goldens():
    out = []
    for config in TOKENIZERS:
        tok = ktext.Tokenizer(**config)
        tok.fit_on_texts(TRAIN)
        seqs = tok.texts_to_sequences(TEST)
        record = {
            "config": config,
            "word_index": list(tok.word_index.items()),
            "word_counts": list(tok.word_counts.items()),
            "word_docs": dict(tok.word_docs),
            "index_docs": {str(k): v for k, v in tok.index_docs.items()},
            "document_count": tok.document_count,
            "sequences": seqs,
            "train_sequences": tok.texts_to_sequences(TRAIN),
            "texts": tok.sequences_to_texts(seqs + [[1, 2, 3, 40, 0]]),
            "matrices": {mode: tok.texts_to_matrix(TEST, mode=mode).tolist()
                         for mode in ("binary", "count", "tfidf", "freq")},
            "json_config": json.loads(tok.to_json())["config"],
        }
        out.append(record)
    # fit_on_sequences + tfidf with num_words on a tokenizer never fit on texts
    tok = ktext.Tokenizer(num_words=8)
    tok.fit_on_sequences([[1, 2, 2], [3, 7], [1]])
    out.append({"config": {"num_words": 8}, "fit_on_sequences": [[1, 2, 2], [3, 7], [1]],
                "matrices": {mode: tok.sequences_to_matrix([[1, 1, 2, 9], [7], []],
                                                           mode=mode).tolist()
                             for mode in ("binary", "count", "tfidf", "freq")}})
    return out


def word_goldens():
    words = [{"text": c["text"], "kwargs": c["kwargs"],
              "words": ktext.text_to_word_sequence(c["text"], **c["kwargs"])}
             for c in WORD_SEQ_CASES]
    hashed = [{"text": t, "n": n,
               "ids": ktext.hashing_trick(t, n, hash_function="md5")}
              for t in ("The quick brown fox, the lazy dog.", "a b c d e f g") for n in
              (2, 10, 1000)]
    return words, hashed


def skipgram_goldens():
    from keras._tf_keras.keras.preprocessing import sequence as kseq

    out = {"sampling_table": kseq.make_sampling_table(12, sampling_factor=0.05).tolist(),
           "skipgrams": []}
    seq = [3, 0, 5, 2, 7, 7, 1, 4]
    for kwargs in ({"window_size": 2}, {"window_size": 1, "negative_samples": 2.0,
                                         "categorical": True, "seed": 5},
                   {"window_size": 3, "shuffle": False, "negative_samples": 0.5},
                   {"window_size": 2, "sampling_table": out["sampling_table"]}):
        random.seed(1234)
        couples, labels = kseq.skipgrams(seq, 12, **kwargs)
        out["skipgrams"].append({"sequence": seq, "kwargs": kwargs, "couples": couples,
                                 "labels": labels})
    return out


def main():
    words, hashed = word_goldens()
    data = {"keras_version": keras.__version__, "pad_sequences": pad_goldens(),
            "tokenizer": tokenizer_goldens(), "text_to_word_sequence": words,
            "hashing_trick_md5": hashed, "train": TRAIN, "test": TEST,
            "skipgrams": skipgram_goldens()}
    os.makedirs(HERE, exist_ok=True)
    with open(os.path.join(HERE, "text.json"), "w") as f:
        json.dump(data, f, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
