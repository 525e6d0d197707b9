"""Compare every loss with numbers produced by real Keras 3 (see tests/golden/make_losses.py).

Probability inputs are also recomputed through torcheras's softmax/sigmoid from the
stored logits, with gradients on, so the logits shortcut is checked against Keras too.
"""

import _golden
import numpy as np
import pytest
import torch

from torcheras import activations, losses

CASES = _golden.load_json("losses/losses")["cases"]
CLASS_CASES = [c for c in CASES if c["kind"] == "class"]
FUNCTION_CASES = [c for c in CASES if c["kind"] == "function"]


@pytest.fixture(scope="module")
def arrays():
    return _golden.load_arrays("losses/losses")


def _id(case):
    return f"{case['name']}-{case['kwargs']}-{case['reduction'] if 'reduction' in case else ''}" \
           f"-{case.get('sample_weight')}-{case['y_true']}"


def _close(out, expected):
    out = out.detach().numpy() if isinstance(out, torch.Tensor) else np.asarray(out)
    assert out.shape == expected.shape
    np.testing.assert_allclose(out, expected, rtol=0, atol=1e-5)


@pytest.mark.parametrize("case", CLASS_CASES, ids=_id)
def test_class_matches_keras(case, arrays):
    loss = getattr(losses, case["name"])(reduction=case["reduction"], **case["kwargs"])
    sw = None if case["sample_weight"] is None else arrays[case["sample_weight"]]
    out = loss(arrays[case["y_true"]], arrays[case["y_pred"]], sample_weight=sw)
    assert out.dtype == torch.float32
    _close(out, arrays[case["key"]])


def _activation_output(case, arrays):
    logits = torch.tensor(arrays[case["logits"]], requires_grad=True)
    if case["name"].startswith("Binary"):
        return activations.sigmoid(logits), logits
    return activations.softmax(logits, axis=case["kwargs"].get("axis", -1)), logits


@pytest.mark.parametrize("case", [c for c in CLASS_CASES if c["logits"]], ids=_id)
def test_activation_logits_path_matches_keras(case, arrays):
    y_pred, logits = _activation_output(case, arrays)
    assert y_pred._keras_logits is logits
    loss = getattr(losses, case["name"])(reduction=case["reduction"], **case["kwargs"])
    sw = None if case["sample_weight"] is None else arrays[case["sample_weight"]]
    y_true = torch.from_numpy(arrays[case["y_true"]])
    out = loss(y_true, y_pred, sample_weight=sw)
    _close(out, arrays[case["key"]])
    out.sum().backward()
    # The shortcut differentiates as from_logits=True on the logits themselves does.
    ref_logits = torch.tensor(arrays[case["logits"]], requires_grad=True)
    ref = getattr(losses, case["name"])(reduction=case["reduction"],
                                        **{**case["kwargs"], "from_logits": True})
    ref(y_true, ref_logits, sample_weight=sw).sum().backward()
    np.testing.assert_allclose(logits.grad.numpy(), ref_logits.grad.numpy(), rtol=1e-5,
                               atol=1e-6)


@pytest.mark.parametrize("case", [c for c in CLASS_CASES if c["logits"]][:6], ids=_id)
def test_activation_output_without_grad_matches_keras(case, arrays):
    with torch.no_grad():
        y_pred, _ = _activation_output(case, arrays)
    loss = getattr(losses, case["name"])(reduction=case["reduction"], **case["kwargs"])
    sw = None if case["sample_weight"] is None else arrays[case["sample_weight"]]
    _close(loss(arrays[case["y_true"]], y_pred, sample_weight=sw), arrays[case["key"]])


@pytest.mark.parametrize("case", FUNCTION_CASES, ids=_id)
def test_function_matches_keras(case, arrays):
    fn = getattr(losses, case["name"])
    out = fn(torch.from_numpy(arrays[case["y_true"]]), torch.from_numpy(arrays[case["y_pred"]]),
             **case["kwargs"])
    _close(out, arrays[case["key"]])


def test_every_keras_loss_class_has_a_golden_case():
    covered = {c["name"] for c in CASES}
    wanted = {"BinaryCrossentropy", "CategoricalCrossentropy", "SparseCategoricalCrossentropy",
              "BinaryFocalCrossentropy", "CategoricalFocalCrossentropy", "MeanSquaredError",
              "MeanAbsoluteError", "MeanAbsolutePercentageError",
              "MeanSquaredLogarithmicError", "Huber", "LogCosh", "KLDivergence", "Poisson",
              "CosineSimilarity", "Hinge", "SquaredHinge", "CategoricalHinge", "Dice",
              "Tversky", "CategoricalGeneralizedCrossEntropy"}
    assert wanted <= covered
