"""``keras.datasets``: small standard datasets, loaded from a local copy or downloaded once.

When no source can provide a dataset, loaders raise one ``OSError`` subclass
(``torcheras.datasets._source.DatasetUnavailableError``) listing each source tried.
"""

from torcheras.datasets import mnist

__all__ = ["mnist"]
