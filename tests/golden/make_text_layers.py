"""Write golden outputs of Keras 3's text, categorical and numerical preprocessing layers.

StringLookup, IntegerLookup, Hashing and TextVectorization need TensorFlow in Keras 3
(for every backend), so this runs in a separate environment with Keras 3.15.1 and
tensorflow-cpu (never in CI):

    python -m venv tfenv && tfenv/bin/pip install tensorflow-cpu keras==3.15.1
    KERAS_BACKEND=tensorflow tfenv/bin/python tests/golden/make_text_layers.py

Writes tests/golden/text/layers.json: for each case the layer class and config, the
optional adapt data, the inputs, and Keras's outputs (and vocabulary / boundaries /
idf weights after adapt).
"""

import json
import os

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
import keras  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "text")

TEXTS = ["The Cat sat on the MAT.", "the dog ATE my homework!! don't ask", "A cat, a dog?",
         "Ünïcödé wörds STAY; É stays upper", "tabs\tand\nnew-lines  and   spaces", ""]
QUERY = ["the cat and the bird", "never seen", "", "dog dog DOG cat ünïcödé"]
WORDS = [["a", "b", "c", "a"], ["d", "b", "a", "e"], ["c", "c", "z", "a"]]
INTS = [[12, 36, 1138, 42], [42, 1000, 36, 7], [12, 12, 0, 5]]

CASES = [
    # TextVectorization
    ("TextVectorization", {}, TEXTS, QUERY),
    ("TextVectorization", {"output_sequence_length": 5}, TEXTS, QUERY),
    ("TextVectorization", {"max_tokens": 6, "output_mode": "multi_hot"}, TEXTS, QUERY),
    ("TextVectorization", {"output_mode": "count", "ngrams": 2}, TEXTS, QUERY),
    ("TextVectorization", {"output_mode": "tf_idf"}, TEXTS, QUERY),
    ("TextVectorization", {"standardize": "lower", "split": "character",
                           "output_sequence_length": 8}, TEXTS, QUERY),
    ("TextVectorization", {"standardize": None, "ngrams": (1, 3)}, TEXTS, QUERY),
    ("TextVectorization", {"standardize": "strip_punctuation", "max_tokens": 8,
                           "pad_to_max_tokens": True, "output_mode": "count"}, TEXTS, QUERY),
    ("TextVectorization", {"vocabulary": ["cat", "dog", "the"]}, None, QUERY),
    ("TextVectorization", {"split": None, "standardize": None, "output_mode": "one_hot",
                           "vocabulary": ["x", "y"]}, None, [["x"], ["q"], ["y"]]),
    # StringLookup
    ("StringLookup", {}, WORDS, WORDS),
    ("StringLookup", {"num_oov_indices": 3, "mask_token": "z"}, WORDS,
     [["a", "zz", "z", "qq"], ["e", "unknown", "b", "zzz"]]),
    ("StringLookup", {"output_mode": "multi_hot"}, WORDS, WORDS),
    ("StringLookup", {"output_mode": "count", "max_tokens": 4}, WORDS, WORDS),
    ("StringLookup", {"output_mode": "tf_idf"}, WORDS, WORDS),
    ("StringLookup", {"output_mode": "one_hot", "vocabulary": ["a", "b", "c"]}, None,
     ["a", "q", "c"]),
    ("StringLookup", {"vocabulary": ["a", "b", "c", "d"], "invert": True}, None,
     [[1, 2, 0], [4, 3, 9]]),
    ("StringLookup", {"num_oov_indices": 2, "salt": 7, "vocabulary": ["a"]}, None,
     [["a", "x", "y", "zed"]]),
    ("StringLookup", {"num_oov_indices": 0, "vocabulary": ["a", "b"]}, None, [["a", "b"]]),
    # IntegerLookup
    ("IntegerLookup", {}, INTS, INTS),
    ("IntegerLookup", {"num_oov_indices": 2, "mask_token": 0}, INTS,
     [[12, 99, 0, 101], [-3, 36, 5, 8]]),
    ("IntegerLookup", {"output_mode": "multi_hot", "vocabulary": [12, 36, 1138, 42]}, None,
     INTS),
    ("IntegerLookup", {"num_oov_indices": 3, "oov_method": "farmhash",
                       "vocabulary": [1, 2]}, None, [[1, 5, 6, 7, 1000]]),
    ("IntegerLookup", {"vocabulary": [12, 36, 1138, 42], "invert": True}, None,
     [[1, 2, 0, 9]]),
    ("IntegerLookup", {"output_mode": "tf_idf"}, INTS, INTS),
    # Hashing
    ("Hashing", {"num_bins": 3}, None, [["A"], ["B"], ["C"], ["D"], ["E"]]),
    ("Hashing", {"num_bins": 7, "mask_value": ""}, None, [["a", ""], ["bb", "ccc"]]),
    ("Hashing", {"num_bins": 5, "salt": 133}, None, [["A"], ["B"], ["C"]]),
    ("Hashing", {"num_bins": 5, "salt": [1, 2]}, None, [["A", "B"], ["C", "D"]]),
    ("Hashing", {"num_bins": 10}, None, [[1, 2], [3, 4], [-5, 123456789]]),
    ("Hashing", {"num_bins": 4, "output_mode": "multi_hot"}, None, [["a", "b"], ["c", "a"]]),
    ("Hashing", {"num_bins": 4, "output_mode": "one_hot"}, None, [["a"], ["b"], ["c"]]),
    ("Hashing", {"num_bins": 4, "output_mode": "count", "mask_value": 0}, None,
     [[1, 0, 1], [2, 3, 0]]),
    # Numerical / categorical
    ("CategoryEncoding", {"num_tokens": 4, "output_mode": "one_hot"}, None, [3, 2, 0, 1]),
    ("CategoryEncoding", {"num_tokens": 4, "output_mode": "multi_hot"}, None,
     [[0, 1], [0, 0], [1, 2], [3, 1]]),
    ("CategoryEncoding", {"num_tokens": 5, "output_mode": "count"}, None,
     [[0, 1, 1], [4, 4, 4]]),
    ("CategoryEncoding", {"num_tokens": 3, "output_mode": "multi_hot"}, None, [0, 2, 2]),
    ("Discretization", {"bin_boundaries": [0.0, 1.0, 2.0]}, None,
     [[-1.5, 1.0, 3.4, 0.5], [0.0, 3.0, 1.3, 0.0]]),
    ("Discretization", {"num_bins": 4, "epsilon": 0.01}, "uniform200",
     [[0.0, 0.3, 0.6, 0.95]]),
    ("Discretization", {"num_bins": 5, "output_mode": "one_hot"}, "normal300",
     [[-1.0], [0.1], [2.5]]),
    ("Discretization", {"bin_boundaries": [0.5], "output_mode": "count"}, None,
     [[0.1, 0.7, 0.9], [0.2, 0.3, 0.4]]),
    ("Normalization", {}, "features", [[1.0, 2.0, 3.0], [0.5, -1.0, 10.0]]),
    ("Normalization", {"axis": None}, "features", [[1.0, 2.0, 3.0]]),
    ("Normalization", {"mean": [1.0, 2.0, 3.0], "variance": [4.0, 0.0, 9.0]}, None,
     [[1.0, 2.0, 3.0], [5.0, 2.5, -3.0]]),
    ("Normalization", {"mean": 2.0, "variance": 4.0, "invert": True}, None, [[0.5, -1.0]]),
    ("Normalization", {"axis": (1, 2)}, "images", np.linspace(0, 1, 24).reshape(2, 3, 4)),
]


def adapt_data(name):
    rng = np.random.default_rng(7)
    if name == "uniform200":
        return rng.uniform(0, 1, 200).astype("float32")
    if name == "normal300":
        return rng.normal(0, 1, (100, 3)).astype("float32")
    if name == "features":
        return rng.normal(5, 3, (50, 3))
    if name == "images":
        return rng.uniform(0, 1, (10, 3, 4)).astype("float32")
    return name


def to_json(x):
    x = keras.ops.convert_to_numpy(x) if not isinstance(x, np.ndarray) else x
    if x.dtype.kind in ("S", "O", "U"):
        return [v.decode() if isinstance(v, bytes) else v for v in x.reshape(-1).tolist()], \
            list(x.shape), "string"
    return x.reshape(-1).tolist(), list(x.shape), x.dtype.name


def main():
    out = []
    for cls, config, adapt, query in CASES:
        layer = getattr(keras.layers, cls)(**config)
        data = adapt_data(adapt) if isinstance(adapt, str) else adapt
        if data is not None:
            layer.adapt(data)
        query_arr = np.asarray(query)
        values, shape, dtype = to_json(layer(query_arr))
        record = {"class": cls, "config": {k: (list(v) if isinstance(v, tuple) else v)
                                           for k, v in config.items()},
                  "adapt": adapt if isinstance(adapt, str) else data,
                  "query": query_arr.tolist(), "values": values, "shape": shape,
                  "dtype": dtype}
        if hasattr(layer, "get_vocabulary"):
            record["vocabulary"] = [v.decode() if isinstance(v, bytes) else
                                    (int(v) if isinstance(v, np.integer) else v)
                                    for v in layer.get_vocabulary()]
        if cls == "Discretization":
            record["bin_boundaries"] = [float(b) for b in layer.bin_boundaries]
        if cls == "Normalization" and data is not None:
            record["mean"] = np.asarray(layer.adapt_mean).reshape(-1).tolist()
            record["variance"] = np.asarray(layer.adapt_variance).reshape(-1).tolist()
        out.append(record)
        print(cls, config, shape, flush=True)
    data = {"keras_version": keras.__version__, "adapt_arrays": {
        k: adapt_data(k).tolist() for k in ("uniform200", "normal300", "features", "images")},
        "cases": out}
    os.makedirs(HERE, exist_ok=True)
    with open(os.path.join(HERE, "layers.json"), "w") as f:
        json.dump(data, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
