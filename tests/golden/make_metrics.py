"""Write golden metric values computed by real Keras 3.

Run with the Keras environment (not part of CI):

    KERAS_BACKEND=torch /work/kerasenv/bin/python tests/golden/make_metrics.py

Each case feeds three batches to a fresh metric and records ``result()`` after each one.
Writes tests/golden/metrics/metrics.npz (inputs and results) and metrics.json (cases).
"""

import json
import os

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "torch")
import keras  # noqa: E402
import torch  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "metrics")
N = 8  # samples per batch


def make_batches():
    rng = np.random.default_rng(7)
    f32 = np.float32
    a = {}
    for b in range(3):
        labels = rng.integers(0, 5, (N,))
        logits = rng.normal(0, 2, (N, 5)).astype(f32)
        a[f"cat_true_{b}"] = np.eye(5, dtype=f32)[labels]
        a[f"sparse_true_{b}"] = labels.astype(np.int32)
        a[f"sparse_col_{b}"] = labels.reshape(N, 1).astype(np.int32)
        a[f"cat_logits_{b}"] = logits
        a[f"cat_prob_{b}"] = torch.softmax(torch.from_numpy(logits), -1).numpy()
        a[f"sparse_pred_{b}"] = logits.argmax(-1).astype(np.int32)
        a[f"bin_true_{b}"] = rng.integers(0, 2, (N, 1)).astype(f32)
        a[f"bin_logits_{b}"] = rng.normal(0, 2, (N, 1)).astype(f32)
        a[f"bin_prob_{b}"] = torch.sigmoid(torch.from_numpy(a[f"bin_logits_{b}"])).numpy()
        # Some scores exactly on thresholds, and 0 and 1, to check the bucket edges.
        a[f"bin_prob_{b}"][:3, 0] = [0.0, 0.5, 1.0]
        a[f"ml_true_{b}"] = rng.integers(0, 2, (N, 3)).astype(f32)
        a[f"ml_prob_{b}"] = rng.uniform(0, 1, (N, 3)).astype(f32)
        a[f"reg_true_{b}"] = rng.normal(0, 1, (N, 4)).astype(f32)
        a[f"reg_pred_{b}"] = rng.normal(0, 1.5, (N, 4)).astype(f32)
        a[f"pos_true_{b}"] = rng.uniform(0.01, 3, (N, 4)).astype(f32)
        a[f"pos_pred_{b}"] = rng.uniform(0.01, 3, (N, 4)).astype(f32)
        a[f"sign_true_{b}"] = (2 * rng.integers(0, 2, (N, 4)) - 1).astype(f32)
        a[f"sw_{b}"] = rng.uniform(0, 2, (N,)).astype(f32)
        a[f"values_{b}"] = rng.normal(0, 3, (N, 2)).astype(f32)
    return a


def B(y_true, y_pred, sw=False):
    """Three batches of the named inputs (with or without sample weights)."""
    return [(f"{y_true}_{b}", f"{y_pred}_{b}", f"sw_{b}" if sw else None) for b in range(3)]


BIN, BINL, CAT, SPARSE, SPCOL, ML = (("bin_true", "bin_prob"), ("bin_true", "bin_logits"),
                                     ("cat_true", "cat_prob"), ("sparse_true", "cat_prob"),
                                     ("sparse_col", "cat_prob"), ("ml_true", "ml_prob"))
REG, POS, CATL = ("reg_true", "reg_pred"), ("pos_true", "pos_pred"), ("cat_true", "cat_logits")

CASES = [
    ("Accuracy", {}, ("sparse_col", "sparse_col")),
    ("BinaryAccuracy", {}, BIN),
    ("BinaryAccuracy", {"threshold": 0.7}, BIN),
    ("BinaryAccuracy", {}, ML),
    ("CategoricalAccuracy", {}, CAT),
    ("SparseCategoricalAccuracy", {}, SPARSE),
    ("SparseCategoricalAccuracy", {}, SPCOL),
    ("TopKCategoricalAccuracy", {}, CAT),
    ("TopKCategoricalAccuracy", {"k": 2}, CAT),
    ("SparseTopKCategoricalAccuracy", {"k": 2}, SPARSE),
    ("SparseTopKCategoricalAccuracy", {"k": 3}, SPCOL),
    ("MeanSquaredError", {}, REG),
    ("MeanAbsoluteError", {}, REG),
    ("MeanAbsolutePercentageError", {}, REG),
    ("MeanSquaredLogarithmicError", {}, POS),
    ("RootMeanSquaredError", {}, REG),
    ("CosineSimilarity", {}, REG),
    ("LogCoshError", {}, REG),
    ("BinaryCrossentropy", {}, BIN),
    ("BinaryCrossentropy", {"from_logits": True, "label_smoothing": 0.1}, BINL),
    ("CategoricalCrossentropy", {}, CAT),
    ("CategoricalCrossentropy", {"from_logits": True, "label_smoothing": 0.2}, CATL),
    ("SparseCategoricalCrossentropy", {}, SPARSE),
    ("KLDivergence", {}, CAT),
    ("Poisson", {}, POS),
    ("Hinge", {}, ("sign_true", "reg_pred")),
    ("SquaredHinge", {}, ("sign_true", "reg_pred")),
    ("CategoricalHinge", {}, CATL),
    ("AUC", {}, BIN),
    ("AUC", {"curve": "PR"}, BIN),
    ("AUC", {"curve": "PRGAIN"}, BIN),
    ("AUC", {"summation_method": "majoring"}, BIN),
    ("AUC", {"summation_method": "minoring", "curve": "PR"}, BIN),
    ("AUC", {"num_thresholds": 7}, BIN),
    ("AUC", {"from_logits": True}, BINL),
    ("AUC", {"thresholds": [0.1, 0.35, 0.5, 0.9]}, BIN),
    ("AUC", {"multi_label": True}, ML),
    ("AUC", {"multi_label": True, "curve": "PR", "label_weights": [1.0, 2.0, 0.5]}, ML),
    ("AUC", {"label_weights": [1.0, 2.0, 0.5]}, ML),
    ("AUC", {}, ML),
    ("Precision", {}, BIN),
    ("Precision", {"thresholds": [0.2, 0.5, 0.8]}, BIN),
    ("Precision", {"thresholds": [0.0, 0.5, 1.0]}, BIN),
    ("Precision", {"top_k": 2}, CAT),
    ("Precision", {"class_id": 1}, CAT),
    ("Precision", {"top_k": 2, "class_id": 3}, CAT),
    ("Precision", {}, ML),
    ("Recall", {}, BIN),
    ("Recall", {"thresholds": 0.3}, BIN),
    ("Recall", {"top_k": 1}, CAT),
    ("Recall", {"class_id": 2, "thresholds": [0.1, 0.6]}, CAT),
    ("TruePositives", {}, BIN),
    ("FalsePositives", {"thresholds": [0.15, 0.5, 0.85]}, BIN),
    ("TrueNegatives", {}, ML),
    ("FalseNegatives", {"thresholds": [0.0, 0.25, 0.5, 0.75, 1.0]}, BIN),
    ("SensitivityAtSpecificity", {"specificity": 0.5}, BIN),
    ("SpecificityAtSensitivity", {"sensitivity": 0.6, "num_thresholds": 50}, BIN),
    ("PrecisionAtRecall", {"recall": 0.4}, BIN),
    ("RecallAtPrecision", {"precision": 0.6, "class_id": 1}, CAT),
    ("F1Score", {}, CAT),
    ("F1Score", {"average": "macro", "threshold": 0.5}, ML),
    ("F1Score", {"average": "micro"}, CAT),
    ("FBetaScore", {"beta": 2.0, "average": "weighted", "threshold": 0.3}, ML),
    ("FBetaScore", {"beta": 0.5}, ML),
    ("R2Score", {}, REG),
    ("R2Score", {"class_aggregation": None}, REG),
    ("R2Score", {"class_aggregation": "variance_weighted_average"}, REG),
    ("R2Score", {"num_regressors": 2}, REG),
    ("PearsonCorrelation", {}, REG),
    ("ConcordanceCorrelation", {}, REG),
    ("MeanIoU", {"num_classes": 5}, ("sparse_true", "sparse_pred")),
    ("MeanIoU", {"num_classes": 5, "ignore_class": 0}, ("sparse_col", "sparse_pred")),
    ("IoU", {"num_classes": 5, "target_class_ids": [1, 3]}, ("sparse_true", "sparse_pred")),
    ("BinaryIoU", {}, BIN),
    ("BinaryIoU", {"target_class_ids": [1], "threshold": 0.3}, BIN),
    ("OneHotIoU", {"num_classes": 5, "target_class_ids": [0, 2, 4]}, CAT),
    ("OneHotMeanIoU", {"num_classes": 5}, CAT),
]

FUNCTIONS = [
    ("binary_accuracy", {}, BIN), ("binary_accuracy", {"threshold": 0.2}, ML),
    ("categorical_accuracy", {}, CAT), ("sparse_categorical_accuracy", {}, SPARSE),
    ("sparse_categorical_accuracy", {}, SPCOL),
    ("top_k_categorical_accuracy", {"k": 2}, CAT),
    ("sparse_top_k_categorical_accuracy", {"k": 3}, SPARSE),
    ("sparse_top_k_categorical_accuracy", {}, SPCOL),
    ("pearson_correlation", {}, REG), ("concordance_correlation", {}, REG),
]


def main():
    a = make_batches()
    cases = []
    for name, kwargs, (yt, yp) in CASES:
        for sw in (False, True):
            metric = getattr(keras.metrics, name)(**kwargs)
            keys = []
            for t, p, w in B(yt, yp, sw):
                metric.update_state(a[t], a[p], sample_weight=None if w is None else a[w])
                key = f"res_{len(cases)}_{len(keys)}"
                a[key] = keras.ops.convert_to_numpy(metric.result())
                keys.append(key)
            cases.append({"kind": "class", "name": name, "kwargs": kwargs,
                          "batches": B(yt, yp, sw), "results": keys,
                          "config": metric.get_config()})
    for name, kwargs, (yt, yp) in FUNCTIONS:
        key = f"fn_{len(cases)}"
        a[key] = keras.ops.convert_to_numpy(
            getattr(keras.metrics, name)(a[f"{yt}_0"], a[f"{yp}_0"], **kwargs))
        cases.append({"kind": "function", "name": name, "kwargs": kwargs,
                      "y_true": f"{yt}_0", "y_pred": f"{yp}_0", "key": key})
    # Mean and Sum of plain values, with per-sample and scalar weights.
    for name in ("Mean", "Sum"):
        for weights in ("none", "per_sample", "scalar"):
            metric = getattr(keras.metrics, name)()
            keys = []
            for b in range(3):
                sw = {"none": None, "per_sample": a[f"sw_{b}"], "scalar": 3.0}[weights]
                metric.update_state(a[f"values_{b}"], sample_weight=sw)
                key = f"res_{len(cases)}_{b}"
                a[key] = keras.ops.convert_to_numpy(metric.result())
                keys.append(key)
            cases.append({"kind": "reduction", "name": name, "weights": weights,
                          "results": keys})
    os.makedirs(HERE, exist_ok=True)
    np.savez_compressed(os.path.join(HERE, "metrics.npz"), **a)
    with open(os.path.join(HERE, "metrics.json"), "w") as f:
        json.dump({"keras_version": keras.__version__, "cases": cases}, f, indent=1,
                  default=lambda o: o.tolist() if hasattr(o, "tolist") else str(o))
    print(f"wrote {len(cases)} cases")


if __name__ == "__main__":
    main()
