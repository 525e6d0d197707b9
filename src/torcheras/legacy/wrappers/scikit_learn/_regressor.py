"""``KerasRegressor``: a Keras model as a scikit-learn regressor (Keras 2's wrapper)."""

from __future__ import annotations

from typing import Any

import numpy as np

from torcheras.legacy.wrappers.scikit_learn import _base
from torcheras.models import Sequential


class KerasRegressor(_base.BaseWrapper):
    """scikit-learn regressor API for a Keras model built by ``build_fn``.

    ``score`` is minus the model's loss (scikit-learn maximises scores).

    Args:
        build_fn: A function (or callable instance) returning a compiled model; ``None`` to
            build with the subclass's ``__call__``.
        **sk_params: Arguments of ``build_fn`` and of the model's ``fit``/``predict``/
            ``evaluate`` (``epochs``, ``batch_size``, ``verbose``, ...).
    """

    _estimator_type = "regressor"

    def __sklearn_tags__(self) -> Any:
        tags = _base._SklearnBase.__sklearn_tags__(self)
        tags.estimator_type = "regressor"
        tags.regressor_tags = _base.RegressorTags()
        tags.target_tags.required = True
        return tags

    def predict(self, x: Any, **kwargs: Any) -> np.ndarray:
        """Predictions; a single output column is squeezed to ``(n,)``.

        Args:
            x: Inputs.
            **kwargs: Arguments of the model's ``predict``.
        """
        preds = np.asarray(self.model.predict(x, **self.predict_args(kwargs)))
        if preds.ndim > 1 and preds.shape[-1] == 1:
            preds = np.squeeze(preds, axis=-1)
        return preds

    def score(self, x: Any, y: Any, **kwargs: Any) -> float:
        """Minus the model's loss on ``x``/``y``.

        Args:
            x: Inputs.
            y: Targets.
            **kwargs: Arguments of the model's ``evaluate``.
        """
        args = self.filter_sk_params(Sequential.evaluate, kwargs)
        args["return_dict"] = True
        return -float(self.model.evaluate(x, y, **args)["loss"])
