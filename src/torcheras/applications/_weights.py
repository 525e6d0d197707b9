"""Fetching Keras's published weight files and loading them into an application."""

from __future__ import annotations

import os

from torcheras.utils import get_file

__all__ = ["fetch", "load"]


def _cache_dir() -> str:
    # Keras's cache, so files downloaded by Keras (or placed there by hand) are reused.
    return os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")


def fetch(fname: str, origin: str, file_hash: str | None, what: str = "weights") -> str:
    """The local path of ``fname``, downloaded from ``origin`` into ``~/.keras/models`` if
    missing (hash checked). Offline, an error names the URL and where to put the file."""
    cache_dir = _cache_dir()
    try:
        return get_file(fname, origin, cache_subdir="models", file_hash=file_hash,
                        cache_dir=cache_dir)
    except OSError as e:
        target = os.path.join(cache_dir, "models", fname)
        hint = ", or pass its path as `weights=`" if what == "weights" else ""
        raise OSError(
            f"Could not download the {what} file {fname!r} from {origin} ({e}). Download it "
            f"by other means and place it at {target!r} (the cache Keras uses){hint}."
        ) from e


def check_weights_arg(weights) -> None:
    """Keras's check of the ``weights`` argument: None, "imagenet" or an existing path."""
    ok = weights is None or weights == "imagenet" or (
        isinstance(weights, (str, os.PathLike)) and os.path.exists(weights))
    if not ok:
        raise ValueError(
            "The `weights` argument should be either `None` (random initialization), "
            "'imagenet' (pre-training on ImageNet), or the path to the weights file to be "
            f"loaded.  Received: weights={weights!r}"
        )


def check_classes(weights, include_top: bool, classes: int) -> None:
    if weights == "imagenet" and include_top and classes != 1000:
        raise ValueError(
            "If using `weights='imagenet'` with `include_top=True`, `classes` should be "
            f"1000.  Received classes={classes!r}"
        )


def load(model, weights, fname: str | None = None, origin: str | None = None,
         file_hash: str | None = None) -> None:
    """Load ``weights`` into ``model``: Keras's published file for "imagenet" (legacy
    ``.h5``, loaded in Keras's layer order), or a local file path."""
    if weights == "imagenet":
        path = fetch(fname, origin, file_hash)
        model.load_weights(path)
    elif weights is not None:
        model.load_weights(os.fspath(weights))
