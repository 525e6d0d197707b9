"""Keras 2's scikit-learn wrappers: ``keras.wrappers.scikit_learn.KerasClassifier/Regressor``."""

import subprocess
import sys
import textwrap

import numpy as np
import pytest

import torcheras as keras
from torcheras.legacy.wrappers.scikit_learn import KerasClassifier, KerasRegressor, _base

sklearn = pytest.importorskip("sklearn")
from sklearn.base import clone  # noqa: E402
from sklearn.model_selection import GridSearchCV, cross_val_score  # noqa: E402


def _fixed_classifier(num_classes=3, activation="softmax", loss="sparse_categorical_crossentropy",
                      metrics=("accuracy",)):
    # Weights chosen by hand: class = argmax(x) for 3 classes; sigmoid(x0 - x1) for 1 unit.
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(
        num_classes, activation=activation, use_bias=False,
        kernel_initializer="identity" if num_classes == 3 else "zeros")])
    if num_classes == 1:
        model.layers[0].kernel.assign(np.array([[1.0], [-1.0], [0.0]], "float32"))
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.0), loss=loss,
                  metrics=list(metrics))
    return model


X = np.array([[5.0, 0.0, 0.0], [0.0, 5.0, 0.0], [0.0, 0.0, 5.0], [0.0, 5.0, 1.0]], "float32")
LABELS = np.array(["cat", "dog", "eel", "dog"])


def test_classifier_maps_labels_to_classes():
    clf = KerasClassifier(build_fn=_fixed_classifier, epochs=1, verbose=0)
    clf.fit(X, LABELS)
    np.testing.assert_array_equal(clf.classes_, ["cat", "dog", "eel"])
    assert clf.n_classes_ == 3
    np.testing.assert_array_equal(clf.predict(X), LABELS)
    probs = clf.predict_proba(X)
    expected = np.exp(X) / np.exp(X).sum(1, keepdims=True)
    np.testing.assert_allclose(probs, expected, rtol=1e-5)
    assert clf.score(X, LABELS) == 1.0
    assert clf.score(X, np.array(["cat", "cat", "cat", "cat"])) == 0.25


def test_classifier_one_hot_targets_and_categorical_loss():
    # categorical_crossentropy with integer labels: the wrapper one-hot encodes them.
    clf = KerasClassifier(_fixed_classifier, loss="categorical_crossentropy", epochs=1,
                          verbose=0)
    history = clf.fit(X, np.array([0, 1, 2, 1]))
    expected_loss = -np.mean(np.log((np.exp(X) / np.exp(X).sum(1, keepdims=True))[
        [0, 1, 2, 3], [0, 1, 2, 1]]))
    np.testing.assert_allclose(history.history["loss"][0], expected_loss, rtol=1e-5)
    clf.fit(X, np.eye(3)[[0, 1, 2, 1]])
    np.testing.assert_array_equal(clf.classes_, [0, 1, 2])
    assert clf.score(X, np.array([0, 1, 2, 1])) == 1.0


def test_binary_sigmoid_classifier():
    clf = KerasClassifier(_fixed_classifier, num_classes=1, activation="sigmoid",
                          loss="binary_crossentropy", epochs=1, verbose=0)
    x = np.array([[2.0, 0.0, 0.0], [0.0, 2.0, 0.0]], "float32")
    clf.fit(x, np.array([[1], [0]]))
    np.testing.assert_array_equal(clf.predict(x), [1, 0])
    p = 1 / (1 + np.exp(-2.0))
    np.testing.assert_allclose(clf.predict_proba(x), [[1 - p, p], [p, 1 - p]], rtol=1e-5)


def test_score_needs_an_accuracy_metric():
    clf = KerasClassifier(_fixed_classifier, metrics=(), epochs=1, verbose=0)
    clf.fit(X, LABELS)
    with pytest.raises(ValueError, match=r"pass `metrics=\['accuracy'\]`"):
        clf.score(X, LABELS)


def test_fit_passes_sample_weight_and_kwargs_override_sk_params():
    clf = KerasClassifier(_fixed_classifier, epochs=3, verbose=0)
    history = clf.fit(X, LABELS, sample_weight=np.array([1.0, 0.0, 0.0, 0.0]), epochs=2)
    assert len(history.history["loss"]) == 2
    only_first = -np.log(np.exp(5.0) / (np.exp(5.0) + 2.0))
    # Keras averages the weighted losses over all samples.
    np.testing.assert_allclose(history.history["loss"][0], only_first / 4, rtol=1e-5)


def _linear_regressor(units=1):
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(
        units, kernel_initializer="ones", bias_initializer="zeros")])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.0), loss="mse")
    return model


def test_regressor_predict_and_score():
    x = np.array([[1.0, 2.0], [3.0, 4.0]], "float32")
    reg = KerasRegressor(build_fn=_linear_regressor, epochs=1, batch_size=2, verbose=0)
    reg.fit(x, np.array([3.0, 7.0]))
    np.testing.assert_allclose(reg.predict(x), [3.0, 7.0])
    assert reg.predict(x).shape == (2,)
    # score = -mse: errors 1 and 2 -> -(1 + 4) / 2
    np.testing.assert_allclose(reg.score(x, np.array([4.0, 5.0])), -2.5, rtol=1e-6)
    reg.set_params(units=2)
    reg.fit(x, np.array([[3.0, 3.0], [7.0, 7.0]]))
    assert reg.predict(x).shape == (2, 2)


def test_get_params_and_set_params():
    clf = KerasClassifier(build_fn=_fixed_classifier, epochs=2, num_classes=3)
    assert clf.get_params() == {"build_fn": _fixed_classifier, "epochs": 2, "num_classes": 3}
    assert clf.get_params(deep=False) == clf.get_params()
    assert clf.set_params(epochs=5) is clf
    assert clf.sk_params["epochs"] == 5
    copy = clone(clf)
    assert copy.get_params() == clf.get_params() and copy is not clf


@pytest.mark.parametrize("params, message", [
    ({"nb_epoch": 3}, r"nb_epoch is not a legal parameter.*Received: nb_epoch=3"),
    ({"units": 4}, r"units is not a legal parameter"),
])
def test_illegal_parameters(params, message):
    with pytest.raises(ValueError, match=message):
        KerasClassifier(build_fn=_fixed_classifier, **params)
    clf = KerasClassifier(build_fn=_fixed_classifier)
    with pytest.raises(ValueError, match=message):
        clf.set_params(**params)


def test_build_fn_must_be_callable():
    with pytest.raises(TypeError, match=r"Received: build_fn=3"):
        KerasClassifier(build_fn=3)


def test_subclass_call_builds_the_model():
    class Wrapped(KerasRegressor):
        def __call__(self, units=1):
            return _linear_regressor(units)

    reg = Wrapped(units=1, epochs=1, verbose=0)
    reg.fit(np.ones((2, 2), "float32"), np.ones(2))
    np.testing.assert_allclose(reg.predict(np.ones((1, 2), "float32")), [2.0])


def test_callable_instance_as_build_fn():
    class Builder:
        def __call__(self, units=1):
            return _linear_regressor(units)

    reg = KerasRegressor(build_fn=Builder(), units=1, epochs=1, verbose=0)
    reg.fit(np.ones((2, 2), "float32"), np.ones(2))
    assert reg.model.layers[0].units == 1


def _trainable_classifier(units=8):
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(units, activation="relu"),
                              keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.05),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def _blobs():
    rng = np.random.RandomState(0)
    x = np.concatenate([rng.randn(40, 2) + 3, rng.randn(40, 2) - 3]).astype("float32")
    y = np.array([1] * 40 + [0] * 40)
    order = rng.permutation(80)
    return x[order], y[order]


def test_cross_val_score_and_grid_search():
    keras.utils.set_random_seed(0)
    x, y = _blobs()
    clf = KerasClassifier(build_fn=_trainable_classifier, epochs=5, batch_size=16, verbose=0)
    scores = cross_val_score(clf, x, y, cv=2)
    assert scores.shape == (2,) and scores.min() >= 0.9
    search = GridSearchCV(clf, {"units": [2, 8], "epochs": [3]}, cv=2).fit(x, y)
    assert search.best_params_["units"] in (2, 8) and search.best_score_ >= 0.9
    assert search.best_estimator_.predict(x[:5]).shape == (5,)


def test_regressor_in_cross_val_score():
    x = np.array([[1.0, 2.0], [3.0, 4.0], [0.0, 1.0], [2.0, 2.0]], "float32")
    reg = KerasRegressor(_linear_regressor, epochs=1, verbose=0)
    scores = cross_val_score(reg, x, x.sum(1), cv=2)
    np.testing.assert_allclose(scores, [0.0, 0.0], atol=1e-6)


def test_missing_scikit_learn_names_the_extra(monkeypatch):
    monkeypatch.setattr(_base, "_SklearnBase", None)
    with pytest.raises(ImportError, match=r"pip install torcheras\[sklearn\]"):
        KerasClassifier(build_fn=_fixed_classifier)


def test_keras2_import_path_through_the_runner(tmp_path):
    program = tmp_path / "sk.py"
    program.write_text(textwrap.dedent("""
        from keras.wrappers.scikit_learn import KerasClassifier, KerasRegressor
        print(KerasClassifier.__module__, KerasRegressor.__name__)
    """))
    result = subprocess.run([sys.executable, "-m", "torcheras", str(program)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["torcheras.legacy.wrappers.scikit_learn._classifier",
                                     "KerasRegressor"]


def test_predict_is_silent_by_default_as_in_keras2(capsys):
    reg = KerasRegressor(_linear_regressor, epochs=1)
    reg.fit(np.ones((2, 2), "float32"), np.ones(2), verbose=0)
    capsys.readouterr()
    reg.predict(np.ones((2, 2), "float32"))
    assert capsys.readouterr().out == ""
    reg.predict(np.ones((2, 2), "float32"), verbose=1)
    assert "1/1" in capsys.readouterr().out
