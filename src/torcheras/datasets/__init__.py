"""``keras.datasets``: small standard datasets, loaded from a local copy or downloaded once.

When no source can provide a dataset, loaders raise one ``OSError`` subclass
(``torcheras.datasets._source.DatasetUnavailableError``) listing each source tried.
"""

from torcheras.datasets import (
    boston_housing,
    california_housing,
    cifar10,
    cifar100,
    fashion_mnist,
    imdb,
    mnist,
    reuters,
)

__all__ = [
    "boston_housing",
    "california_housing",
    "cifar10",
    "cifar100",
    "fashion_mnist",
    "imdb",
    "mnist",
    "reuters",
]
