"""Keras 3's ``keras.wrappers``: ``SKLearnClassifier``, ``SKLearnRegressor`` and
``SKLearnTransformer`` as scikit-learn estimators."""

import subprocess
import sys

import numpy as np
import pytest

import torcheras as keras
from torcheras import wrappers

sklearn = pytest.importorskip("sklearn")
from sklearn.base import clone  # noqa: E402
from sklearn.model_selection import GridSearchCV, cross_val_score  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402

X = np.array([[2.0, 0.0, 0.0], [0.0, 3.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0],
              [0.0, 2.0, 0.0], [0.0, 0.0, 4.0]], "float32")
LABELS = np.array(["a", "b", "c", "a", "b", "c"])


def _argmax_model(X, y, scale=1.0):
    # Identity weights: the predicted class is the largest feature (y is one-hot here).
    assert y.shape == (len(X), 3)
    model = keras.Sequential([keras.Input((X.shape[1],)), keras.layers.Dense(
        y.shape[1], activation="softmax", use_bias=False, kernel_initializer="identity")])
    model.layers[0].kernel.assign(np.eye(3, dtype="float32") * scale)
    model.compile(keras.optimizers.SGD(learning_rate=0.0), "categorical_crossentropy")
    return model


def _linear():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, use_bias=False,
                                                                    kernel_initializer="ones")])
    model.compile(keras.optimizers.SGD(learning_rate=0.0), "mse")
    return model


def test_not_imported_with_torcheras_and_public_names():
    code = ("import sys, torcheras, torcheras.wrappers; "
            "print('sklearn' in sys.modules, torcheras.wrappers.__all__)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=300)
    assert result.stdout.strip() == (
        "False ['SKLearnClassifier', 'SKLearnRegressor', 'SKLearnTransformer']")


def test_classifier_encodes_labels_and_decodes_predictions():
    clf = wrappers.SKLearnClassifier(_argmax_model, fit_kwargs={"epochs": 1, "verbose": 0})
    assert clf.fit(X, LABELS) is clf
    assert clf.classes_.tolist() == ["a", "b", "c"]
    assert clf.predict(X).tolist() == LABELS.tolist()
    assert clf.score(X, LABELS) == 1.0
    raw = clf.decision_function(X[:1])
    np.testing.assert_allclose(raw, [[np.exp(2) / (np.exp(2) + 2), 1 / (np.exp(2) + 2),
                                      1 / (np.exp(2) + 2)]], rtol=1e-5)
    assert clf.epoch_ == 1
    assert set(clf.get_params()) == {"model", "warm_start", "model_kwargs", "fit_kwargs"}


def test_classifier_in_grid_search_and_cross_val_score():
    clf = wrappers.SKLearnClassifier(_argmax_model, fit_kwargs={"epochs": 1, "verbose": 0})
    search = GridSearchCV(clf, {"model_kwargs": [{"scale": -1.0}, {"scale": 1.0}]}, cv=2)
    search.fit(X, LABELS)
    assert search.best_params_ == {"model_kwargs": {"scale": 1.0}}
    assert search.best_score_ == 1.0
    scores = cross_val_score(clf, X, LABELS, cv=2)
    assert scores.tolist() == [1.0, 1.0]


def test_regressor_clones_a_compiled_model_and_scores_r2():
    model = _linear()
    reg = wrappers.SKLearnRegressor(model, fit_kwargs={"verbose": 0})
    y = X.sum(axis=1)
    reg.fit(X, y)
    assert reg.model_ is not model and reg.model_.compiled
    np.testing.assert_allclose(reg.predict(X), y)
    assert reg.predict(X).shape == (6,)
    assert reg.score(X, y) == 1.0
    # As in Keras, a clone shares the (callable) model: every fit clones it anyway.
    copy = clone(reg)
    assert copy.model is model and copy.fit_kwargs == {"verbose": 0}
    assert not hasattr(copy, "model_")


def test_warm_start_reuses_the_fitted_model():
    reg = wrappers.SKLearnRegressor(_linear(), warm_start=True, fit_kwargs={"verbose": 0})
    reg.fit(X, X.sum(axis=1))
    first = reg.model_
    reg.fit(X, X.sum(axis=1))
    assert reg.model_ is first


def test_transformer_in_a_pipeline():
    transformer = wrappers.SKLearnTransformer(_linear(), fit_kwargs={"verbose": 0})
    out = transformer.fit(X, X.sum(axis=1)).transform(X)
    np.testing.assert_allclose(out, X.sum(axis=1, keepdims=True))
    pipe = make_pipeline(wrappers.SKLearnTransformer(_linear(), fit_kwargs={"verbose": 0}),
                         sklearn.linear_model.LinearRegression())
    pipe.fit(X, 2 * X.sum(axis=1) + 1)
    np.testing.assert_allclose(pipe.predict(X), 2 * X.sum(axis=1) + 1, rtol=1e-5)


def test_bad_input():
    with pytest.raises(RuntimeError, match="Given model needs to be compiled"):
        wrappers.SKLearnRegressor(keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
                                  ).fit(X, X.sum(axis=1))
    with pytest.raises(ValueError, match="Only binary and multiclass target types"):
        wrappers.SKLearnClassifier(_argmax_model).fit(X, X[:, 0] + 0.5)
    with pytest.raises(ValueError, match="only one class is present"):
        wrappers.SKLearnClassifier(_argmax_model).fit(X, np.zeros(6))
    with pytest.raises(TypeError, match=r"`model` must be a compiled keras Model or a "
                                        r"callable.*Received: model=3"):
        wrappers.SKLearnRegressor(3).fit(X, X.sum(axis=1))
    with pytest.raises(sklearn.exceptions.NotFittedError):
        wrappers.SKLearnRegressor(_linear()).predict(X)


def test_missing_scikit_learn_names_the_extra(monkeypatch):
    from torcheras.wrappers import _sklearn

    monkeypatch.setattr(_sklearn, "sklearn", None)
    with pytest.raises(ImportError, match=r"SKLearnClassifier requires `scikit-learn`.*"
                                          r"pip install torcheras\[sklearn\]"):
        wrappers.SKLearnClassifier(_argmax_model)
