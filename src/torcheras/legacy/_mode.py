"""Which Keras generation's defaults apply where Keras 2 and Keras 3 differ silently.

Keras 3 is the default. ``keras.config.set_legacy_defaults(2)`` (or ``python -m torcheras
--keras 2``) switches to Keras 2's defaults: optimizer learning rates, ``hard_sigmoid``'s
slope, ``dense_1``-style layer names and Keras 2's History keys. Everything that reads the
mode calls :func:`legacy_version`; nothing else stores it.
"""

from __future__ import annotations

_VERSIONS = (2, 3)
_STATE = {"version": 3}


def set_legacy_defaults(version: int | None) -> None:
    """Use Keras ``version``'s defaults where Keras 2 and Keras 3 differ silently.

    Args:
        version: ``2`` for Keras 2's defaults, ``3`` (or ``None``) for Keras 3's.

    >>> set_legacy_defaults(2); legacy_version()
    2
    >>> set_legacy_defaults(None); legacy_version()
    3
    """
    if version is None:
        version = 3
    if isinstance(version, bool) or version not in _VERSIONS:
        raise ValueError(
            f"Argument `version` must be one of {list(_VERSIONS)} or None. "
            f"Received: version={version!r}"
        )
    _STATE["version"] = int(version)


def legacy_version() -> int:
    """The Keras generation whose defaults are in effect: ``3`` unless set to ``2``."""
    return _STATE["version"]
