"""Keras's automatic names: ``dense``, ``dense_1``, ... reset by ``clear_session()``."""

from __future__ import annotations

import re
from collections import defaultdict

_counters: defaultdict[str, int] = defaultdict(int)


def to_snake_case(name: str) -> str:
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    name = re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()
    return name


def unique_name(base: str) -> str:
    """``base`` the first time, then ``base_1``, ``base_2``, ..."""
    count = _counters[base]
    _counters[base] = count + 1
    return base if count == 0 else f"{base}_{count}"


def reset() -> None:
    _counters.clear()
