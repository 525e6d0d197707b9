"""``KerasClassifier``: a Keras model as a scikit-learn classifier (Keras 2's wrapper)."""

from __future__ import annotations

from typing import Any

import numpy as np

from torcheras.legacy.wrappers.scikit_learn import _base
from torcheras.models import Sequential


class KerasClassifier(_base.BaseWrapper):
    """scikit-learn classifier API for a Keras model built by ``build_fn``.

    Labels may be any sortable values (``classes_`` keeps them; the model sees their
    indices) or one-hot rows. The model's outputs are class probabilities: one column per
    class, or a single sigmoid column for two classes.

    Args:
        build_fn: A function (or callable instance) returning a compiled model; ``None`` to
            build with the subclass's ``__call__``.
        **sk_params: Arguments of ``build_fn`` and of the model's ``fit``/``predict``/
            ``evaluate`` (``epochs``, ``batch_size``, ``verbose``, ...).
    """

    _estimator_type = "classifier"

    def __sklearn_tags__(self) -> Any:
        tags = _base._SklearnBase.__sklearn_tags__(self)
        tags.estimator_type = "classifier"
        tags.classifier_tags = _base.ClassifierTags()
        tags.target_tags.required = True
        return tags

    def fit(self, x: Any, y: Any, sample_weight: Any = None, **kwargs: Any) -> Any:
        """Build a fresh model and train it on ``x`` and the class indices of ``y``.

        Args:
            x: Training inputs.
            y: Labels ``(n,)`` or ``(n, 1)``, or one-hot ``(n, classes)``.
            sample_weight: Optional per-sample weights.
            **kwargs: Arguments of the model's ``fit`` (override ``sk_params``).

        Returns:
            The ``History`` of the training.
        """
        y = np.asarray(y)
        if y.ndim == 2 and y.shape[1] > 1:
            self.classes_ = np.arange(y.shape[1])
        elif y.ndim == 1 or (y.ndim == 2 and y.shape[1] == 1):
            y = y.reshape(-1)
            self.classes_ = np.unique(y)
            y = np.searchsorted(self.classes_, y)
        else:
            raise ValueError(
                "Invalid shape for y: expected (n,), (n, 1) or one-hot (n, classes). "
                f"Received: y.shape={y.shape!r}"
            )
        self.n_classes_ = len(self.classes_)
        if sample_weight is not None:
            kwargs["sample_weight"] = np.asarray(sample_weight)
        return super().fit(x, y, **kwargs)

    def predict_proba(self, x: Any, **kwargs: Any) -> np.ndarray:
        """Class probabilities ``(n, classes)``; a single sigmoid column becomes two.

        Args:
            x: Inputs.
            **kwargs: Arguments of the model's ``predict``.
        """
        probs = np.asarray(self.model.predict(x, **self.predict_args(kwargs)))
        if probs.ndim == 2 and probs.shape[1] == 1:
            probs = np.hstack([1 - probs, probs])
        return probs

    def predict(self, x: Any, **kwargs: Any) -> np.ndarray:
        """The predicted labels ``(n,)`` (values of ``classes_``).

        Args:
            x: Inputs.
            **kwargs: Arguments of the model's ``predict``.
        """
        probs = np.asarray(self.model.predict(x, **self.predict_args(kwargs)))
        if probs.shape[-1] > 1:
            indices = probs.argmax(axis=-1)
        else:
            indices = (probs > 0.5).astype("int32").reshape(-1)
        return self.classes_[indices]

    def score(self, x: Any, y: Any, **kwargs: Any) -> float:
        """The model's accuracy on ``x``/``y`` (it must be compiled with an accuracy metric).

        Args:
            x: Inputs.
            y: Labels, as given to ``fit``.
            **kwargs: Arguments of the model's ``evaluate``.
        """
        y = np.asarray(y)
        if y.ndim == 2 and y.shape[1] == 1:
            y = y.reshape(-1)
        if y.ndim == 1:
            y = np.searchsorted(self.classes_, y)
        y = self._one_hot_if_needed(y)
        args = self.filter_sk_params(Sequential.evaluate, kwargs)
        args["return_dict"] = True
        results = self.model.evaluate(x, y, **args)
        for name in ("accuracy", "acc", "categorical_accuracy", "sparse_categorical_accuracy",
                     "binary_accuracy"):
            if name in results:
                return float(results[name])
        raise ValueError(
            "The model is not configured to compute accuracy. You should pass "
            "`metrics=['accuracy']` to the `model.compile()` method. Received metrics: "
            f"{sorted(results)!r}"
        )
