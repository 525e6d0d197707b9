"""Names of the losses, and ``get``/``serialize``/``deserialize``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from torcheras import _objects
from torcheras._lookup import register_namespace, register_table
from torcheras.losses import _crossentropy as ce
from torcheras.losses import _focal as focal
from torcheras.losses import _hinge as hg
from torcheras.losses import _probabilistic as prob
from torcheras.losses import _regression as reg
from torcheras.losses import _segmentation as seg
from torcheras.losses._loss import Loss, LossFunctionWrapper

CLASSES: tuple[type, ...] = (
    Loss, LossFunctionWrapper,
    ce.BinaryCrossentropy, ce.CategoricalCrossentropy, ce.SparseCategoricalCrossentropy,
    focal.BinaryFocalCrossentropy, focal.CategoricalFocalCrossentropy,
    focal.CategoricalGeneralizedCrossEntropy,
    reg.MeanSquaredError, reg.MeanAbsoluteError, reg.MeanAbsolutePercentageError,
    reg.MeanSquaredLogarithmicError, reg.CosineSimilarity, reg.Huber, reg.LogCosh,
    prob.KLDivergence, prob.Poisson,
    hg.Hinge, hg.SquaredHinge, hg.CategoricalHinge,
    seg.Dice, seg.Tversky,
)

# Function -> every spelling users write: Keras 3's names and aliases, plus the Keras 2
# ones (`logcosh`, `kullback_leibler_divergence`, `cosine_proximity`, ...).
FUNCTIONS: tuple[tuple[Callable, tuple[str, ...]], ...] = (
    (ce.binary_crossentropy, ("binary_crossentropy", "bce", "BCE")),
    (ce.categorical_crossentropy, ("categorical_crossentropy",)),
    (ce.sparse_categorical_crossentropy, ("sparse_categorical_crossentropy",)),
    (focal.binary_focal_crossentropy, ("binary_focal_crossentropy",)),
    (focal.categorical_focal_crossentropy, ("categorical_focal_crossentropy",)),
    (focal.categorical_generalized_cross_entropy, ("categorical_generalized_cross_entropy",)),
    (reg.mean_squared_error, ("mean_squared_error", "mse", "MSE")),
    (reg.mean_absolute_error, ("mean_absolute_error", "mae", "MAE")),
    (reg.mean_absolute_percentage_error, ("mean_absolute_percentage_error", "mape", "MAPE")),
    (reg.mean_squared_logarithmic_error, ("mean_squared_logarithmic_error", "msle", "MSLE")),
    (reg.cosine_similarity, ("cosine_similarity", "cosine_proximity", "cosine")),
    (reg.huber, ("huber", "huber_loss")),
    (reg.log_cosh, ("log_cosh", "logcosh")),
    (prob.kl_divergence, ("kl_divergence", "kld", "KLD", "kullback_leibler_divergence")),
    (prob.poisson, ("poisson",)),
    (hg.hinge, ("hinge",)),
    (hg.squared_hinge, ("squared_hinge",)),
    (hg.categorical_hinge, ("categorical_hinge",)),
    (seg.dice, ("dice",)),
    (seg.tversky, ("tversky",)),
)

TABLE: dict[str, Any] = register_table(
    *((cls, (cls.__name__,)) for cls in CLASSES),
    *FUNCTIONS,
)
# LossFunctionWrapper.from_config (and the metrics) find saved loss functions here.
register_namespace("keras.losses.functions",
                   {name: fn for fn, names in FUNCTIONS for name in names})
_NAMESPACE = _objects.Namespace("loss", "keras.losses", TABLE, base=Loss, argument="loss",
                                functions=True, instantiate_names=False)
serialize_function = _objects.serialize_function


def deserialize_function(value: Any, custom_objects: Mapping[str, Any] | None = None
                         ) -> Callable:
    """A loss function from its name or Keras's function dict."""
    return _objects.deserialize_function(value, ("keras.losses.functions",),
                                         "loss function", custom_objects)


def serialize(loss: Any) -> Any:
    """Serialize a loss function or :class:`Loss` instance to Keras's config format.

    Args:
        loss: A :class:`Loss` instance or a loss function.

    Returns:
        A dict: ``{"module", "class_name", "config", "registered_name"}``.

    Example:

    >>> from torcheras.losses import MeanSquaredError
    >>> serialize(MeanSquaredError())["class_name"]
    'MeanSquaredError'
    """
    return _NAMESPACE.serialize(loss)


def deserialize(name: Any, custom_objects: Mapping[str, Any] | None = None) -> Any:
    """Turn a name or a config dict back into a loss function or :class:`Loss` instance.

    Args:
        name: A string or a config dict (as made by :func:`serialize`).
        custom_objects: Optional mapping of names to custom classes and functions.

    Returns:
        A loss function or :class:`Loss` instance.

    Example:

    >>> deserialize({"class_name": "Huber", "config": {"delta": 2.0}}).delta
    2.0
    """
    return _NAMESPACE.deserialize(name, custom_objects, deserialize_function)


def get(identifier: Any) -> Any:
    """Retrieve a loss as a function or :class:`Loss` instance.

    Args:
        identifier: ``None``, the name of a loss function or class (``"mse"``,
            ``"categorical_crossentropy"``, ``"CategoricalCrossentropy"``), a config dict,
            a :class:`Loss` class or instance, or a callable.

    Returns:
        A loss function or :class:`Loss` instance (class names are instantiated).

    Example:

    >>> get("categorical_crossentropy").__name__
    'categorical_crossentropy'
    >>> type(get("CategoricalCrossentropy")).__name__
    'CategoricalCrossentropy'
    """
    return _NAMESPACE.get(identifier)
