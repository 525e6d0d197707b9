"""Keras's automatic names: ``dense``, ``dense_1``, ... reset by ``clear_session()``."""

from __future__ import annotations

import re
from collections import defaultdict

from torcheras.legacy._mode import legacy_version

_counters: defaultdict[str, int] = defaultdict(int)
# Keras 3 renamed these automatic names; Keras 2 counted "input_1" and "model_1".
_KERAS2_BASES = {"input_layer": "input", "functional": "model"}


def to_snake_case(name: str) -> str:
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    name = re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()
    return name


def unique_name(base: str) -> str:
    """``base`` the first time, then ``base_1``, ``base_2``, ..."""
    count = _counters[base]
    _counters[base] = count + 1
    return base if count == 0 else f"{base}_{count}"


def layer_name(base: str) -> str:
    """A layer's (or model's) automatic name: ``dense``, ``dense_1``, ... as Keras 3 names
    them; under Keras 2's defaults ``dense_1``, ``dense_2``, ... as Keras 2 did, with Keras
    2's bases for inputs and functional models (``input_1``, ``model_1``).

    Args:
        base: The snake-case class name (``"dense"``) or Keras 3's base name.
    """
    if legacy_version() != 2:
        return unique_name(base)
    base = _KERAS2_BASES.get(base, base)
    _counters[base] += 1
    return f"{base}_{_counters[base]}"


def reset() -> None:
    """Restart automatic layer naming (``dense``, ``dense_1``, ... start again)."""
    _counters.clear()


def get_uid(prefix: str = "") -> int:
    """A unique integer per ``prefix``: 1, 2, 3, ... (reset by ``clear_session()``).

    It shares its counters with the automatic layer names, as in Keras: after a layer
    named ``dense`` is made, ``get_uid("dense")`` returns 2.

    Args:
        prefix: The string the count belongs to.

    Example:

    >>> get_uid("uid_example"), get_uid("uid_example"), get_uid("other_uid_example")
    (1, 2, 1)
    """
    _counters[prefix] += 1
    return _counters[prefix]
