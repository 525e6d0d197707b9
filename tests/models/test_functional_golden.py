"""Functional models against real Keras 3.15 (numbers and names from make_functional.py)."""


import _golden
import numpy as np
import pytest

import torcheras as keras

DATA = _golden.load_json("functional")


@pytest.fixture(autouse=True)
def _fresh_names():
    keras.backend.clear_session(free_memory=False)


@pytest.fixture(scope="module")
def arrays():
    return _golden.load_arrays("functional")


def test_concatenate_add_dot_model_matches_keras(arrays):
    case = DATA["model"]
    model = _golden.functional_small(keras)
    assert [w.path for w in model.weights] == case["weight_paths"]
    model.set_weights([arrays[k] for k in case["weights"]])
    out, cos = model.predict([arrays[case["xa"]], arrays[case["xb"]]], verbose=0)
    diff = max(np.abs(out - arrays[case["out"]]).max(), np.abs(cos - arrays[case["cos"]]).max())
    assert diff <= 1e-5, diff
    # Calling the model directly gives the same numbers as predict.
    direct = model([arrays[case["xa"]], arrays[case["xb"]]])
    np.testing.assert_allclose(direct[0].detach().numpy(), out, rtol=0, atol=1e-6)


def test_two_input_two_output_training_matches_keras(arrays):
    """Dict inputs/outputs, per-output losses, loss weights and metrics: same History,
    same weights after training, same evaluate() as Keras."""
    case = DATA["train"]
    model = _golden.functional_two_head(keras)
    model.set_weights([arrays[k] for k in case["weights"]])
    x = {"a": arrays[case["x_a"]], "b": arrays[case["x_b"]]}
    y = {"reg": arrays[case["y_reg"]], "cls": arrays[case["y_cls"]]}
    model.compile(optimizer=keras.optimizers.SGD(0.1),
                  loss={"reg": "mse", "cls": "sparse_categorical_crossentropy"},
                  loss_weights={"reg": 0.5, "cls": 2.0},
                  metrics={"reg": ["mae"], "cls": ["accuracy"]})
    hist = model.fit(x, y, batch_size=10, epochs=2, shuffle=False, verbose=0,
                     validation_data=(x, y))
    assert list(hist.history) == case["history_keys"]
    for key, values in case["history"].items():
        np.testing.assert_allclose(hist.history[key], values, rtol=0, atol=1e-5, err_msg=key)
    for got, key in zip(model.get_weights(), case["final"]):
        np.testing.assert_allclose(got, arrays[key], rtol=0, atol=1e-5)
    np.testing.assert_allclose(model.evaluate(x, y, verbose=0), case["evaluate"], atol=1e-5)
    logs = model.evaluate(x, y, verbose=0, return_dict=True)
    assert list(logs) == list(case["evaluate_dict"])


@pytest.mark.parametrize("case", DATA["names"], ids=lambda c: c["name"])
def test_history_keys_and_evaluate_order_match_keras(case):
    rng = np.random.default_rng(0)
    xa = rng.normal(size=(16, 4)).astype("float32")
    xb = rng.normal(size=(16, 3)).astype("float32")
    y_reg = rng.normal(size=(16, 1)).astype("float32")
    y_cls = rng.integers(0, 3, size=(16,))
    y_oh = np.eye(3, dtype="float32")[y_cls]
    y = {"list": [y_reg, y_cls], "onehot": [y_reg, y_oh],
         "dict_renamed": {"first": y_reg, "second": y_cls},
         "dict": {"reg": y_reg, "cls": y_cls}}[case["y"]]
    model = _golden.functional_two_outputs(keras, **{k: tuple(v) if isinstance(v, list) else v
                            for k, v in case["model"].items()})
    model.compile(optimizer="sgd", **case["compile"])
    losses = case["compile"].get("loss")
    if isinstance(losses, list) and None in losses:
        # An output without a loss leaves its head without gradients; Keras 3 (torch
        # backend) warns about exactly that at every step.
        with pytest.warns(UserWarning, match=r"Gradients do not exist for variables "
                                             r"\['reg/kernel', 'reg/bias'\]"):
            hist = model.fit([xa, xb], y, epochs=1, verbose=0,
                             validation_data=([xa, xb], y))
    else:
        hist = model.fit([xa, xb], y, epochs=1, verbose=0, validation_data=([xa, xb], y))
    assert list(hist.history) == case["history_keys"]
    logs = model.evaluate([xa, xb], y, verbose=0, return_dict=True)
    assert list(logs) == case["evaluate_keys"]
    ordered = model.evaluate([xa, xb], y, verbose=0)
    ordered = ordered if isinstance(ordered, list) else [ordered]
    assert ordered == [logs[k] for k in case["evaluate_order"]]
    assert model.metrics_names == case["metrics_names"]


def test_embedding_and_masking_masks_through_merges_match_keras(arrays):
    """Embedding(mask_zero=True) and Masking: the masks go through Concatenate, Add and
    Multiply into pooling and an LSTM, giving Keras's numbers."""
    case = DATA["masked"]
    model = _golden.functional_masked(keras)
    assert [w.path for w in model.weights] == case["weight_paths"]
    model.set_weights([arrays[k] for k in case["weights"]])
    outs = model.predict([arrays[k] for k in case["inputs"]], verbose=0)
    for got, key in zip(outs, case["outputs"]):
        np.testing.assert_allclose(got, arrays[key], rtol=0, atol=1e-5)
