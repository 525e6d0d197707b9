"""Record what Keras 3's dataset loaders return on the shared data files.

Run with the Keras reference environment (never in CI):

    KERAS_BACKEND=torch /work/kerasenv/bin/python tests/golden/make_datasets.py [DATA_DIR]

DATA_DIR defaults to $TORCHERAS_DATA_DIR. The files are copied into a temporary
KERAS_HOME cache so Keras finds them offline. The shared .npz files hold Keras's arrays
but not its bytes (see the data MANIFEST), so Keras's file-hash check is switched off
here; the content was verified separately. A synthetic california_housing.npz (made by
`_golden.synthetic_california`, shared with the test) stands in for the file we do not have.

For each argument combination it stores a digest of Keras's four returned arrays
(`output_digest` of _golden.py, also used by the tests/datasets tests), plus a few
raw values, in tests/golden/datasets/keras_outputs.json.
"""

import json
import os
import shutil
import sys
import tempfile

import numpy as np
from _golden import output_digest, synthetic_california

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "datasets")

CASES = {
    "imdb": [
        {},
        {"num_words": 10000},
        {"num_words": 5000, "skip_top": 20, "maxlen": 200, "seed": 7},
        {"start_char": None, "oov_char": None, "index_from": 0, "num_words": 2000},
        {"maxlen": 100, "oov_char": None, "num_words": 1000, "start_char": 5},
    ],
    "reuters": [
        {},
        {"num_words": 10000},
        {"num_words": 1000, "maxlen": 100},
        {"test_split": 0.3, "seed": 1, "skip_top": 10, "oov_char": None},
        {"start_char": None, "index_from": 0, "maxlen": 50},
    ],
    "boston_housing": [{}, {"test_split": 0.1, "seed": 1}, {"test_split": 0.0}],
    "california_housing": [{}, {"version": "small"}, {"test_split": 0.25, "seed": 3}],
}


def summary(result) -> dict:
    (x_train, y_train), (x_test, y_test) = result
    first = x_train[0]
    return {
        "lengths": [len(x_train), len(x_test)],
        "x_train_0_head": (list(first[:12]) if x_train.dtype == object
                           else [float(v) for v in first[:5]]),
        "y_train_head": [float(v) for v in y_train[:10]],
    }


def main(data_dir: str) -> None:
    home = tempfile.mkdtemp(prefix="keras-home-")
    os.makedirs(os.path.join(home, "datasets"))
    for name in ("imdb.npz", "reuters.npz", "boston_housing.npz"):
        shutil.copy(os.path.join(data_dir, name), os.path.join(home, "datasets", name))
    np.savez(os.path.join(home, "datasets", "california_housing.npz"),
             **synthetic_california())
    os.environ["KERAS_HOME"] = home
    os.environ.setdefault("KERAS_BACKEND", "torch")
    import keras
    import keras.src.utils.file_utils as file_utils

    file_utils.validate_file = lambda *args, **kwargs: True
    out = {"keras_version": keras.__version__, "cases": []}
    for dataset, cases in CASES.items():
        module = getattr(keras.datasets, dataset)
        for kwargs in cases:
            result = module.load_data(**kwargs)
            out["cases"].append({"dataset": dataset, "kwargs": kwargs,
                                 "digest": output_digest(result), **summary(result)})
            print(dataset, kwargs, out["cases"][-1]["lengths"], flush=True)
    os.makedirs(HERE, exist_ok=True)
    with open(os.path.join(HERE, "keras_outputs.json"), "w") as f:
        json.dump(out, f, indent=1)
    shutil.rmtree(home)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.environ["TORCHERAS_DATA_DIR"])
