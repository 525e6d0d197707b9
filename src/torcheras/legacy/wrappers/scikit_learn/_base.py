"""What Keras 2's two scikit-learn wrappers share: parameters, model building and fitting."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import numpy as np

from torcheras.models import Sequential
from torcheras.utils import to_categorical

try:
    from sklearn.base import BaseEstimator as _SklearnBase
except ImportError:  # scikit-learn is an optional extra
    _SklearnBase = None
try:
    from sklearn.utils import ClassifierTags, RegressorTags
except ImportError:  # scikit-learn < 1.6 reads `_estimator_type` instead of tags
    ClassifierTags = RegressorTags = None

SKLEARN_MISSING = (
    "The Keras scikit-learn wrappers need scikit-learn, which is not installed. "
    "Install the `sklearn` extra: `pip install torcheras[sklearn]` (or `pip install "
    "scikit-learn`)."
)


def require_sklearn() -> None:
    """Raise ``ImportError`` naming the ``sklearn`` extra when scikit-learn is missing."""
    if _SklearnBase is None:
        raise ImportError(SKLEARN_MISSING)


def _named_args(fn: Callable) -> set:
    # Keras 2 matched sk_params against explicit arguments only, never against **kwargs.
    kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    return {name for name, p in inspect.signature(fn).parameters.items() if p.kind in kinds}


def loss_name(loss: Any) -> str | None:
    """The name of a compiled loss (string, function or ``Loss`` object)."""
    if isinstance(loss, str):
        return loss
    return getattr(loss, "name", None) or getattr(loss, "__name__", None)


class BaseWrapper:
    """Base of ``KerasClassifier`` and ``KerasRegressor`` (Keras 2's scikit-learn API).

    Args:
        build_fn: A function (or an instance with ``__call__``) that returns a compiled
            model; when ``None``, the subclass's own ``__call__`` builds it.
        **sk_params: Arguments of ``build_fn`` and of the model's ``fit``, ``predict`` and
            ``evaluate`` (e.g. ``epochs``, ``batch_size``, ``verbose``): each goes to every
            one that accepts it. ``fit``/``predict`` keyword arguments override them.
    """

    def __init__(self, build_fn: Callable | None = None, **sk_params: Any):
        require_sklearn()
        self.build_fn = build_fn
        self.sk_params = sk_params
        self.check_params(sk_params)

    def _build_target(self) -> Callable:
        # Without build_fn, a subclass's own __call__ builds the model (Keras 2's pattern).
        if self.build_fn is None:
            if not callable(self):
                raise ValueError(
                    f"{type(self).__name__} needs `build_fn` (a function returning a compiled "
                    "model) or a `__call__` method that builds one. Received: build_fn=None"
                )
            return self.__call__
        if not callable(self.build_fn):
            raise TypeError(
                "`build_fn` must be a function or a callable instance returning a compiled "
                f"model. Received: build_fn={self.build_fn!r}"
            )
        return self.build_fn

    def check_params(self, params: dict) -> None:
        """Raise ``ValueError`` for a parameter no building, fitting or predicting step takes.

        Args:
            params: The parameters to check.
        """
        legal = set()
        for fn in (Sequential.fit, Sequential.predict, Sequential.evaluate):
            legal |= _named_args(fn)
        legal |= _named_args(self._build_target())
        legal -= {"self", "x", "y"}
        for name in params:
            if name not in legal:
                raise ValueError(
                    f"{name} is not a legal parameter: sk_params go to `build_fn` or to the "
                    f"model's fit/predict/evaluate. Received: {name}={params[name]!r}. "
                    f"Allowed: {sorted(legal)}"
                )

    def get_params(self, **params: Any) -> dict:
        """The parameters: ``build_fn`` and the ``sk_params`` (scikit-learn's ``deep`` ignored).

        Args:
            **params: Accepted for scikit-learn (``deep=``).
        """
        del params
        result = dict(self.sk_params)
        result["build_fn"] = self.build_fn
        return result

    def set_params(self, **params: Any) -> BaseWrapper:
        """Update the ``sk_params`` (after checking them); return the wrapper.

        Args:
            **params: New parameter values.
        """
        if "build_fn" in params:
            self.build_fn = params.pop("build_fn")
        self.check_params(params)
        self.sk_params.update(params)
        return self

    def filter_sk_params(self, fn: Callable, override: dict | None = None) -> dict:
        """The ``sk_params`` that ``fn`` accepts, updated with ``override``.

        Args:
            fn: The function the parameters are meant for.
            override: Values that win over ``sk_params``.
        """
        names = _named_args(fn)
        result = {k: v for k, v in self.sk_params.items() if k in names}
        result.update(override or {})
        return result

    def predict_args(self, overrides: dict) -> dict:
        """Arguments for the model's ``predict``: ``sk_params`` it takes, then ``overrides``.

        Keras 2's ``predict`` was silent by default (``verbose=0``); that default is kept
        unless ``sk_params`` or ``overrides`` set ``verbose``.

        Args:
            overrides: Keyword arguments given to the wrapper's ``predict``.
        """
        args = {"verbose": 0}
        args.update(self.filter_sk_params(Sequential.predict, overrides))
        return args

    def _one_hot_if_needed(self, y: np.ndarray) -> np.ndarray:
        # A model compiled with categorical_crossentropy on integer labels: Keras 2 one-hot
        # encoded them for the user.
        if loss_name(self.model.loss) == "categorical_crossentropy" and y.ndim != 2:
            return to_categorical(y)
        return y

    def fit(self, x: Any, y: Any, **kwargs: Any) -> Any:
        """Build a fresh model with ``build_fn`` and train it.

        Args:
            x: Training inputs.
            y: Training targets.
            **kwargs: Arguments of the model's ``fit`` (override ``sk_params``).

        Returns:
            The ``History`` of the training.
        """
        target = self._build_target()
        self.model = target(**self.filter_sk_params(target))
        y = self._one_hot_if_needed(np.asarray(y))
        fit_args = self.filter_sk_params(Sequential.fit, kwargs)
        return self.model.fit(x, y, **fit_args)
