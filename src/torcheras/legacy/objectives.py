"""Keras 1's ``keras.objectives`` (Keras 2 kept it as ``keras.losses``): the loss functions
under their Keras 1/2 names, with ``get``, ``serialize`` and ``deserialize``."""

from torcheras.losses import (
    binary_crossentropy,
    categorical_crossentropy,
    categorical_hinge,
    cosine_similarity,
    deserialize,
    get,
    hinge,
    huber,
    kld,
    kullback_leibler_divergence,
    logcosh,
    mae,
    mape,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    mean_squared_logarithmic_error,
    mse,
    msle,
    poisson,
    serialize,
    sparse_categorical_crossentropy,
    squared_hinge,
)

# Keras 1/2 names of the same functions (Keras 3 renamed them).
cosine_proximity = cosine = cosine_similarity
huber_loss = huber
MSE = mse
MAE = mae
MAPE = mape
MSLE = msle
KLD = kld

__all__ = [
    "KLD",
    "MAE",
    "MAPE",
    "MSE",
    "MSLE",
    "binary_crossentropy",
    "categorical_crossentropy",
    "categorical_hinge",
    "cosine",
    "cosine_proximity",
    "deserialize",
    "get",
    "hinge",
    "huber_loss",
    "kld",
    "kullback_leibler_divergence",
    "logcosh",
    "mae",
    "mape",
    "mean_absolute_error",
    "mean_absolute_percentage_error",
    "mean_squared_error",
    "mean_squared_logarithmic_error",
    "mse",
    "msle",
    "poisson",
    "serialize",
    "sparse_categorical_crossentropy",
    "squared_hinge",
]
