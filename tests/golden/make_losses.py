"""Write golden loss values computed by real Keras 3.

Run with the Keras environment (not part of CI):

    KERAS_BACKEND=torch /work/kerasenv/bin/python tests/golden/make_losses.py

Writes tests/golden/losses/losses.npz (inputs and outputs) and losses.json (the cases:
class or function name, keyword arguments, input keys, sample-weight key, output key).
"""

import json
import os

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "torch")
import keras  # noqa: E402
import torch  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "losses")


def make_inputs():
    rng = np.random.default_rng(2024)
    f32 = np.float32
    a = {}
    a["reg_true"] = rng.normal(0, 1, (6, 4)).astype(f32)
    a["reg_pred"] = rng.normal(0, 1.5, (6, 4)).astype(f32)
    a["reg3_true"] = rng.normal(0, 1, (3, 4, 2)).astype(f32)
    a["reg3_pred"] = rng.normal(0, 1, (3, 4, 2)).astype(f32)
    a["pos_true"] = rng.uniform(0.01, 3, (6, 4)).astype(f32)
    a["pos_pred"] = rng.uniform(0.01, 3, (6, 4)).astype(f32)
    a["dist_true"] = torch.softmax(torch.tensor(rng.normal(0, 1, (6, 4)), dtype=torch.float32),
                                   -1).numpy()
    a["bin_true"] = rng.integers(0, 2, (6, 3)).astype(f32)
    a["bin_true_int"] = a["bin_true"].astype(np.int32)
    a["bin_logits"] = rng.normal(0, 2, (6, 3)).astype(f32)
    a["bin_prob"] = torch.sigmoid(torch.from_numpy(a["bin_logits"])).numpy()
    a["bin1_true"] = rng.integers(0, 2, (6,)).astype(f32)
    a["bin1_logits"] = rng.normal(0, 2, (6, 1)).astype(f32)
    a["bin1_prob"] = torch.sigmoid(torch.from_numpy(a["bin1_logits"])).numpy()
    a["sign_true"] = (2 * rng.integers(0, 2, (6, 3)) - 1).astype(f32)
    labels = rng.integers(0, 5, (6,))
    a["sparse_true"] = labels.astype(np.int32)
    a["sparse_true_col"] = labels.reshape(6, 1).astype(np.int32)
    ignore = labels.copy()
    ignore[[1, 4]] = -1
    a["sparse_ignore"] = ignore.astype(np.int32)
    a["cat_true"] = np.eye(5, dtype=np.int32)[labels]
    a["cat_true_f"] = a["cat_true"].astype(f32)
    a["cat_logits"] = rng.normal(0, 2, (6, 5)).astype(f32)
    a["cat_prob"] = torch.softmax(torch.from_numpy(a["cat_logits"]), -1).numpy()
    # Channels-first class axis: (batch, classes, positions).
    seq_labels = rng.integers(0, 4, (2, 3))
    a["cf_true"] = np.moveaxis(np.eye(4, dtype=f32)[seq_labels], -1, 1).copy()
    a["cf_sparse"] = seq_labels.astype(np.int32)
    a["cf_logits"] = rng.normal(0, 2, (2, 4, 3)).astype(f32)
    a["cf_prob"] = torch.softmax(torch.from_numpy(a["cf_logits"]), 1).numpy()
    a["sw"] = rng.uniform(0, 2, (6,)).astype(f32)
    a["sw_col"] = a["sw"].reshape(6, 1)
    a["sw3"] = rng.uniform(0, 2, (3, 1)).astype(f32)
    a["sw3_full"] = rng.uniform(0, 2, (3, 4)).astype(f32)
    a["sw_scalar"] = np.array(2.5, f32)
    return a


REDUCTIONS = ["sum_over_batch_size", "sum", "mean", "none", None, "mean_with_sample_weight"]

# (loss class, constructor kwargs, y_true key, y_pred key, logits key or None)
CLASS_CASES = [
    ("BinaryCrossentropy", {}, "bin_true", "bin_prob", "bin_logits"),
    ("BinaryCrossentropy", {}, "bin_true_int", "bin_prob", "bin_logits"),
    ("BinaryCrossentropy", {"label_smoothing": 0.2}, "bin_true", "bin_prob", "bin_logits"),
    ("BinaryCrossentropy", {"from_logits": True}, "bin_true", "bin_logits", None),
    ("BinaryCrossentropy", {"from_logits": True, "label_smoothing": 0.1}, "bin_true",
     "bin_logits", None),
    ("BinaryCrossentropy", {}, "bin1_true", "bin1_prob", "bin1_logits"),
    ("BinaryCrossentropy", {"axis": 0}, "bin_true", "bin_prob", "bin_logits"),
    ("CategoricalCrossentropy", {}, "cat_true", "cat_prob", "cat_logits"),
    ("CategoricalCrossentropy", {"label_smoothing": 0.1}, "cat_true", "cat_prob",
     "cat_logits"),
    ("CategoricalCrossentropy", {"from_logits": True}, "cat_true_f", "cat_logits", None),
    ("CategoricalCrossentropy", {"from_logits": True, "label_smoothing": 0.3}, "cat_true",
     "cat_logits", None),
    ("CategoricalCrossentropy", {"axis": 1}, "cf_true", "cf_prob", None),
    ("CategoricalCrossentropy", {"axis": 1, "from_logits": True}, "cf_true", "cf_logits",
     None),
    ("SparseCategoricalCrossentropy", {}, "sparse_true", "cat_prob", "cat_logits"),
    ("SparseCategoricalCrossentropy", {}, "sparse_true_col", "cat_prob", "cat_logits"),
    ("SparseCategoricalCrossentropy", {"from_logits": True}, "sparse_true", "cat_logits",
     None),
    ("SparseCategoricalCrossentropy", {"ignore_class": -1}, "sparse_ignore", "cat_prob",
     "cat_logits"),
    ("SparseCategoricalCrossentropy", {"ignore_class": -1, "from_logits": True},
     "sparse_ignore", "cat_logits", None),
    ("SparseCategoricalCrossentropy", {"axis": 1}, "cf_sparse", "cf_prob", None),
    ("SparseCategoricalCrossentropy", {"axis": 1, "from_logits": True}, "cf_sparse",
     "cf_logits", None),
    ("BinaryFocalCrossentropy", {}, "bin_true", "bin_prob", None),
    ("BinaryFocalCrossentropy", {"apply_class_balancing": True, "alpha": 0.4, "gamma": 1.5},
     "bin_true", "bin_prob", None),
    ("BinaryFocalCrossentropy", {"from_logits": True, "label_smoothing": 0.1}, "bin_true",
     "bin_logits", None),
    ("CategoricalFocalCrossentropy", {}, "cat_true", "cat_prob", None),
    ("CategoricalFocalCrossentropy", {"alpha": 0.5, "gamma": 3.0, "label_smoothing": 0.1},
     "cat_true", "cat_prob", None),
    ("CategoricalFocalCrossentropy", {"from_logits": True}, "cat_true", "cat_logits", None),
    ("CategoricalGeneralizedCrossEntropy", {}, "sparse_true", "cat_prob", None),
    ("CategoricalGeneralizedCrossEntropy", {"q": 0.2}, "sparse_true", "cat_prob", None),
    ("MeanSquaredError", {}, "reg_true", "reg_pred", None),
    ("MeanSquaredError", {}, "reg3_true", "reg3_pred", None),
    ("MeanAbsoluteError", {}, "reg_true", "reg_pred", None),
    ("MeanAbsolutePercentageError", {}, "reg_true", "reg_pred", None),
    ("MeanSquaredLogarithmicError", {}, "pos_true", "pos_pred", None),
    ("MeanSquaredLogarithmicError", {}, "reg_true", "reg_pred", None),
    ("Huber", {}, "reg_true", "reg_pred", None),
    ("Huber", {"delta": 0.5}, "reg_true", "reg_pred", None),
    ("LogCosh", {}, "reg_true", "reg_pred", None),
    ("CosineSimilarity", {}, "reg_true", "reg_pred", None),
    ("CosineSimilarity", {"axis": 0}, "reg_true", "reg_pred", None),
    ("KLDivergence", {}, "dist_true", "cat_prob_4", None),
    ("Poisson", {}, "pos_true", "pos_pred", None),
    ("Hinge", {}, "sign_true", "reg_pred_3", None),
    ("Hinge", {}, "bin_true", "reg_pred_3", None),
    ("SquaredHinge", {}, "sign_true", "reg_pred_3", None),
    ("SquaredHinge", {}, "bin_true", "reg_pred_3", None),
    ("CategoricalHinge", {}, "cat_true", "cat_logits", None),
    ("Dice", {}, "bin_true", "bin_prob", None),
    ("Dice", {"axis": 1}, "bin_true", "bin_prob", None),
    ("Tversky", {}, "bin_true", "bin_prob", None),
    ("Tversky", {"alpha": 0.3, "beta": 0.7, "axis": 1}, "bin_true", "bin_prob", None),
]

FUNCTIONS = [
    ("binary_crossentropy", {}, "bin_true", "bin_prob"),
    ("binary_crossentropy", {"from_logits": True, "label_smoothing": 0.1}, "bin_true",
     "bin_logits"),
    ("categorical_crossentropy", {}, "cat_true", "cat_prob"),
    ("categorical_crossentropy", {"from_logits": True}, "cat_true", "cat_logits"),
    ("sparse_categorical_crossentropy", {}, "sparse_true", "cat_prob"),
    ("sparse_categorical_crossentropy", {"from_logits": True}, "sparse_true", "cat_logits"),
    ("binary_focal_crossentropy", {}, "bin_true", "bin_prob"),
    ("categorical_focal_crossentropy", {}, "cat_true", "cat_prob"),
    ("mean_squared_error", {}, "reg_true", "reg_pred"),
    ("mean_absolute_error", {}, "reg_true", "reg_pred"),
    ("mean_absolute_percentage_error", {}, "reg_true", "reg_pred"),
    ("mean_squared_logarithmic_error", {}, "pos_true", "pos_pred"),
    ("huber", {"delta": 2.0}, "reg_true", "reg_pred"),
    ("log_cosh", {}, "reg_true", "reg_pred"),
    ("cosine_similarity", {}, "reg_true", "reg_pred"),
    ("kl_divergence", {}, "dist_true", "cat_prob_4"),
    ("poisson", {}, "pos_true", "pos_pred"),
    ("hinge", {}, "sign_true", "reg_pred_3"),
    ("squared_hinge", {}, "bin_true", "reg_pred_3"),
    ("categorical_hinge", {}, "cat_true", "cat_logits"),
    ("dice", {}, "bin_true", "bin_prob"),
    ("tversky", {"alpha": 0.2, "beta": 0.8}, "bin_true", "bin_prob"),
]

def _weights_for(y_key, arrays):
    n = arrays[y_key].shape[0]
    return ["sw", "sw_col", "sw_scalar"] if n == 6 else ["sw3", "sw3_full"] if n == 3 else []


def main():
    arrays = make_inputs()
    arrays["cat_prob_4"] = torch.softmax(torch.from_numpy(arrays["reg_pred"]), -1).numpy()
    arrays["reg_pred_3"] = arrays["reg_pred"][:, :3].copy()
    cases = []
    for i, (cls, kwargs, yt, yp, logits) in enumerate(CLASS_CASES):
        reductions = REDUCTIONS if i % 3 == 0 or cls.startswith(("Binary", "Categorical",
                                                                 "Sparse")) else REDUCTIONS[:1]
        for reduction in reductions:
            weights = [None] + (_weights_for(yt, arrays) if reduction in (
                "sum_over_batch_size", "mean_with_sample_weight", "none") else [])
            for sw in weights:
                loss = getattr(keras.losses, cls)(reduction=reduction, **kwargs)
                try:
                    out = loss(arrays[yt], arrays[yp],
                               sample_weight=None if sw is None else arrays[sw])
                except (RuntimeError, ValueError):
                    continue  # Keras cannot combine these shapes: no golden value.
                key = f"class_{len(cases)}"
                arrays[key] = keras.ops.convert_to_numpy(out)
                cases.append({"kind": "class", "name": cls, "kwargs": kwargs,
                              "reduction": reduction, "y_true": yt, "y_pred": yp,
                              "logits": logits, "sample_weight": sw, "key": key})
    for fn, kwargs, yt, yp in FUNCTIONS:
        out = getattr(keras.losses, fn)(arrays[yt], arrays[yp], **kwargs)
        key = f"fn_{len(cases)}"
        arrays[key] = keras.ops.convert_to_numpy(out)
        cases.append({"kind": "function", "name": fn, "kwargs": kwargs, "y_true": yt,
                      "y_pred": yp, "key": key})
    os.makedirs(HERE, exist_ok=True)
    np.savez_compressed(os.path.join(HERE, "losses.npz"), **arrays)
    with open(os.path.join(HERE, "losses.json"), "w") as f:
        json.dump({"keras_version": keras.__version__, "cases": cases}, f, indent=1)
    print(f"wrote {len(cases)} cases")


if __name__ == "__main__":
    main()
