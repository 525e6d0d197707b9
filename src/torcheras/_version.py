"""The torcheras version (``keras.__version__`` / ``keras.version()``)."""

__version__ = "0.1.0"


def version() -> str:
    """Return the version of the library as a string, e.g. ``"0.1.0"``."""
    return __version__
