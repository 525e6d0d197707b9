"""``keras.utils.set_random_seed``: one call that makes a program repeatable."""

from __future__ import annotations

import random

import numpy as np
import torch

_state: dict = {"seed": None}
# Called after seeding, e.g. by torcheras.random to drop its global SeedGenerator so that
# it is recreated from the new seed (Keras does the same with its global generator).
_reset_hooks: list = []


def set_random_seed(seed: int) -> None:
    """Sets all random seeds (Python, NumPy, and torch, including every CUDA device).

    You can use this utility to make almost any Keras program fully deterministic.
    Some limitations apply when non-deterministic GPU kernels are involved.

    Calling this utility does the following:

    ```python
    import random
    random.seed(seed)

    import numpy as np
    np.random.seed(seed)

    import torch
    torch.manual_seed(seed)  # also seeds all CUDA devices
    ```

    Args:
        seed: Integer, the random seed to use.

    Example:

    >>> set_random_seed(1337)
    >>> a = np.random.rand()
    >>> set_random_seed(1337)
    >>> a == np.random.rand()
    True
    """
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ValueError(
            "Expected `seed` argument to be an integer. "
            f"Received: seed={seed} (of type {type(seed)})"
        )
    if not 0 <= seed < 2**32:
        # NumPy's legacy seeding only takes 32-bit unsigned values.
        raise ValueError(
            f"Argument `seed` must be between 0 and 2**32 - 1. Received: seed={seed}"
        )
    _state["seed"] = seed
    random.seed(seed)
    np.random.seed(seed)
    # torch.manual_seed seeds CUDA too; the explicit call covers lazily-initialised devices.
    torch.manual_seed(seed)
    if torch.cuda.is_available():
        torch.cuda.manual_seed_all(seed)
    for hook in list(_reset_hooks):
        hook(seed)


def get_random_seed() -> int | None:
    """Return the seed given to :func:`set_random_seed`, or ``None`` if never called."""
    return _state["seed"]
