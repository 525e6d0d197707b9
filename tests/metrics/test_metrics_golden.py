"""Compare metrics with numbers produced by real Keras 3 (see tests/golden/make_metrics.py).

Every class case feeds three batches (with and without sample weights) and checks
``result()`` after each one.
"""

import _golden
import numpy as np
import pytest
import torch

from torcheras import metrics

CASES = _golden.load_json("metrics/metrics")["cases"]


@pytest.fixture(scope="module")
def arrays():
    return _golden.load_arrays("metrics/metrics")


def _id(case):
    weighted = case["batches"][0][2] is not None if "batches" in case else case.get("weights")
    return f"{case['name']}-{case.get('kwargs')}-{weighted}"


def _close(out, expected):
    assert isinstance(out, torch.Tensor)
    out = out.detach().cpu().numpy()
    assert out.shape == expected.shape
    np.testing.assert_allclose(out, expected, rtol=0, atol=1e-5)


# Keras's IoU metrics warn when float sample weights meet their int confusion matrix (that
# warning is tested in test_fscore_r2_correlation.py); the golden IoU cases feed such weights.
@pytest.mark.filterwarnings("ignore:You are passing weight as `float`")
@pytest.mark.parametrize("case", [c for c in CASES if c["kind"] == "class"], ids=_id)
def test_metric_matches_keras_over_batches(case, arrays):
    metric = getattr(metrics, case["name"])(**case["kwargs"])
    for (yt, yp, sw), key in zip(case["batches"], case["results"], strict=True):
        metric.update_state(arrays[yt], arrays[yp],
                            sample_weight=None if sw is None else arrays[sw])
        _close(metric.result(), arrays[key])


@pytest.mark.filterwarnings("ignore:You are passing weight as `float`")
@pytest.mark.parametrize("case", [c for c in CASES if c["kind"] == "class"][::5], ids=_id)
def test_metric_accepts_tensors_and_resets(case, arrays):
    metric = getattr(metrics, case["name"])(**case["kwargs"])
    for _ in range(2):
        for yt, yp, sw in case["batches"]:
            metric.update_state(torch.from_numpy(arrays[yt]), torch.from_numpy(arrays[yp]),
                                None if sw is None else torch.from_numpy(arrays[sw]))
        _close(metric.result(), arrays[case["results"][-1]])
        metric.reset_state()


@pytest.mark.parametrize("case", [c for c in CASES if c["kind"] == "function"], ids=_id)
def test_function_matches_keras(case, arrays):
    out = getattr(metrics, case["name"])(arrays[case["y_true"]], arrays[case["y_pred"]],
                                         **case["kwargs"])
    _close(out, arrays[case["key"]])


@pytest.mark.parametrize("case", [c for c in CASES if c["kind"] == "reduction"], ids=_id)
def test_mean_and_sum_match_keras(case, arrays):
    metric = getattr(metrics, case["name"])()
    for b, key in enumerate(case["results"]):
        sw = {"none": None, "per_sample": arrays[f"sw_{b}"], "scalar": 3.0}[case["weights"]]
        metric.update_state(arrays[f"values_{b}"], sample_weight=sw)
        _close(metric.result(), arrays[key])


@pytest.mark.parametrize("case", [c for c in CASES if c["kind"] == "class"][::2], ids=_id)
def test_config_keys_match_keras(case):
    ours = getattr(metrics, case["name"])(**case["kwargs"]).get_config()
    theirs = case["config"]
    # Ours may add keys Keras forgets (so that a round trip keeps them), never drop any.
    assert set(theirs) <= set(ours)
    for key in set(theirs) - {"name"}:
        assert ours[key] == theirs[key], key
