"""Keras 3's scikit-learn wrappers: ``SKLearnClassifier``, ``SKLearnRegressor`` and
``SKLearnTransformer``.

They subclass scikit-learn's estimator classes, so this module imports scikit-learn;
``torcheras.wrappers`` imports it only when one of them is first used. Without
scikit-learn the classes exist and refuse to be built, naming the ``sklearn`` extra.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np

from torcheras.models import Model, clone_model

try:
    import sklearn
    import sklearn.pipeline
    import sklearn.preprocessing
    from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin, TransformerMixin
    from sklearn.utils.multiclass import type_of_target as _sk_type_of_target
    from sklearn.utils.validation import check_is_fitted
except ImportError:  # scikit-learn is an optional extra
    sklearn = None

    class BaseEstimator:  # noqa: D101 - stand-ins so the classes can be defined
        pass

    class ClassifierMixin:  # noqa: D101
        pass

    class RegressorMixin:  # noqa: D101
        pass

    class TransformerMixin:  # noqa: D101
        pass

try:  # scikit-learn >= 1.6
    from sklearn.utils.validation import validate_data as _sk_validate_data
except ImportError:
    _sk_validate_data = None


def _require_sklearn(name: str) -> None:
    if sklearn is None:
        raise ImportError(
            f"{name} requires `scikit-learn` to be installed. Install the `sklearn` extra: "
            "`pip install torcheras[sklearn]` (or `pip install scikit-learn`).")


def _validate_data(estimator, *args, **kwargs):
    if _sk_validate_data is not None:
        return _sk_validate_data(estimator, *args, **kwargs)
    return estimator._validate_data(*args, **kwargs)


def _type_of_target(y) -> str:
    target_type = _sk_type_of_target(y)
    if target_type == "unknown":
        raise ValueError(f"Unknown label type for data: {y!r}")
    return target_type


def _check_model(model) -> None:
    if not getattr(model, "compiled", False) or not model.loss or not model.optimizer:
        raise RuntimeError("Given model needs to be compiled, and have a loss and an "
                           "optimizer.")


class TargetReshaper(TransformerMixin, BaseEstimator):
    """Makes 1D targets 2D (``(n, 1)``) and back, for encoders that need 2D input."""

    def fit(self, y):
        """Remember the targets' number of dimensions.

        Args:
            y: The targets.
        """
        self.ndim_ = np.ndim(y)
        return self

    def transform(self, y):
        """``y`` with at least 2 dimensions.

        Args:
            y: The targets.
        """
        y = np.asarray(y)
        return y.reshape(-1, 1) if y.ndim == 1 else y

    def inverse_transform(self, y):
        """``y`` back to 1D when it was fitted on 1D targets.

        Args:
            y: Transformed targets.
        """
        check_is_fitted(self)
        y = np.asarray(y)
        if self.ndim_ == 1 and y.ndim == 2:
            return np.squeeze(y, axis=1)
        return y


class SKLBase(BaseEstimator):
    """Base of the scikit-learn wrappers.

    Args:
        model: A compiled ``Model`` (cloned, with its compile settings, at each ``fit``
            unless ``warm_start``) or a callable returning one; the callable is called as
            ``model(X=X, y=y, **model_kwargs)``.
        warm_start: Reuse the model fitted by the previous ``fit`` instead of starting
            from a fresh one.
        model_kwargs: Keyword arguments of ``model`` when it is a callable.
        fit_kwargs: Keyword arguments of the model's ``fit`` (those given to the wrapper's
            ``fit`` win).
    """

    def __init__(self, model, warm_start: bool = False, model_kwargs: dict | None = None,
                 fit_kwargs: dict | None = None):
        _require_sklearn(type(self).__name__)
        self.model = model
        self.warm_start = warm_start
        self.model_kwargs = model_kwargs
        self.fit_kwargs = fit_kwargs

    def _more_tags(self) -> dict:
        return {"non_deterministic": True}

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.non_deterministic = True
        return tags

    def __sklearn_clone__(self):
        model = self.model if callable(self.model) else copy.deepcopy(self.model)
        return type(self)(model=model, warm_start=self.warm_start,
                          model_kwargs=self.model_kwargs, fit_kwargs=self.fit_kwargs)

    @property
    def epoch_(self) -> int:
        """The number of epochs of the last fit."""
        history = getattr(self, "history_", None)
        return len(history.epoch) if history is not None else 0

    def _get_model(self, X, y):
        if self.warm_start and hasattr(self, "model_"):
            return self.model_
        if isinstance(self.model, Model):
            model = clone_model(self.model)
            config = self.model.get_compile_config() if self.model.compiled else None
            if config is not None and not getattr(model, "compiled", False):
                model.compile_from_config(config)
            return model
        if not callable(self.model):
            raise TypeError("`model` must be a compiled keras Model or a callable returning "
                            f"one. Received: model={self.model!r}")
        return self.model(X=X, y=y, **(self.model_kwargs or {}))

    def fit(self, X, y, **kwargs: Any):
        """Build (or reuse) the model and train it.

        Args:
            X: Inputs ``(n_samples, n_features)``.
            y: Targets ``(n_samples,)`` or ``(n_samples, n_outputs)``.
            **kwargs: Arguments of the model's ``fit``.

        Returns:
            The wrapper.
        """
        X, y = _validate_data(self, X, y)
        y = self._process_target(y, reset=True)
        model = self._get_model(X, y)
        _check_model(model)
        fit_kwargs = {**(self.fit_kwargs or {}), **kwargs}
        self.history_ = model.fit(X, y, **fit_kwargs)
        self.model_ = model
        return self

    def predict(self, X):
        """The model's predictions, mapped back to the targets' form.

        Args:
            X: Inputs ``(n_samples, n_features)``.
        """
        check_is_fitted(self)
        X = _validate_data(self, X, reset=False)
        raw = np.asarray(self.model_.predict(X, verbose=0))
        return self._reverse_process_target(raw)

    def _process_target(self, y, reset: bool = False):
        _type_of_target(y)
        if reset:
            self._target_encoder = TargetReshaper().fit(y)
        return self._target_encoder.transform(y)

    def _reverse_process_target(self, y):
        return self._target_encoder.inverse_transform(y)


class SKLearnClassifier(ClassifierMixin, SKLBase):
    """scikit-learn classifier wrapping a Keras model; labels are one-hot encoded for the
    model and decoded from its outputs.

    Args:
        model: A compiled ``Model`` or a callable ``model(X=X, y=y, **model_kwargs)``
            returning one (``y`` is one-hot, ``(n_samples, n_classes)``).
        warm_start: Reuse the previously fitted model.
        model_kwargs: Keyword arguments of ``model`` when it is a callable.
        fit_kwargs: Keyword arguments of the model's ``fit``.

    Attributes:
        model_: The fitted model.
        history_: The ``History`` of the last fit.
        classes_: The class labels.
    """

    def decision_function(self, X):
        """The model's raw outputs.

        Args:
            X: Inputs ``(n_samples, n_features)``.
        """
        check_is_fitted(self)
        X = _validate_data(self, X, reset=False)
        return np.asarray(self.model_.predict(X, verbose=0))

    def _process_target(self, y, reset: bool = False):
        target_type = _type_of_target(y)
        if target_type not in ("binary", "multiclass"):
            raise ValueError("Only binary and multiclass target types are supported. "
                             f"Target type: {target_type}")
        if reset:
            self._target_encoder = sklearn.pipeline.make_pipeline(
                TargetReshaper(), sklearn.preprocessing.OneHotEncoder(sparse_output=False),
            ).fit(y)
            self.classes_ = np.unique(y)
            if len(self.classes_) == 1:
                raise ValueError("Classifier can't train when only one class is present.")
        return self._target_encoder.transform(y)

    def _more_tags(self) -> dict:
        return {"poor_score": True}

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.poor_score = True
        return tags


class SKLearnRegressor(RegressorMixin, SKLBase):
    """scikit-learn regressor wrapping a Keras model.

    Args:
        model: A compiled ``Model`` or a callable ``model(X=X, y=y, **model_kwargs)``
            returning one.
        warm_start: Reuse the previously fitted model.
        model_kwargs: Keyword arguments of ``model`` when it is a callable.
        fit_kwargs: Keyword arguments of the model's ``fit``.

    Attributes:
        model_: The fitted model.
        history_: The ``History`` of the last fit.
    """

    def _more_tags(self) -> dict:
        return {"poor_score": True}

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.regressor_tags.poor_score = True
        return tags


class SKLearnTransformer(TransformerMixin, SKLBase):
    """scikit-learn transformer wrapping a Keras model: ``transform`` is the model's
    ``predict`` (e.g. an embedding step in a pipeline).

    Args:
        model: A compiled ``Model`` or a callable ``model(X=X, y=y, **model_kwargs)``
            returning one.
        warm_start: Reuse the previously fitted model.
        model_kwargs: Keyword arguments of ``model`` when it is a callable.
        fit_kwargs: Keyword arguments of the model's ``fit``.

    Attributes:
        model_: The fitted model.
        history_: The ``History`` of the last fit.
    """

    def transform(self, X):
        """The model's outputs for ``X``.

        Args:
            X: Inputs ``(n_samples, n_features)``.
        """
        check_is_fitted(self)
        X = _validate_data(self, X, reset=False)
        return np.asarray(self.model_.predict(X, verbose=0))

    def _more_tags(self) -> dict:
        return {"preserves_dtype": []}

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = []
        return tags
