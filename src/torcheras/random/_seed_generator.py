"""``keras.random.SeedGenerator`` and the seed rule every random op follows.

Seeds turn into torch generators exactly as in Keras's torch backend: the state is an
int32 pair ``[seed, counter]`` and a draw seeds a ``torch.Generator`` with
``(seed + counter) mod 2**32``. So integer-seeded draws repeat run to run (and equal
Keras's torch-backend draws on the same device), a ``SeedGenerator`` gives a new stream
per call, and ``seed=None`` uses a global generator that ``keras.utils.set_random_seed``
recreates.
"""

from __future__ import annotations

import numbers
import random as python_random
from typing import Any

import torch

from torcheras.backend import _device, _naming
from torcheras.backend._variable import Variable
from torcheras.utils import _rng

_global: dict = {"generator": None}


class SeedGenerator:
    """Generates a stream of seeds for the random ops, with its state in a variable.

    Random ops given an integer seed return the same values on every call; given a
    `SeedGenerator`, they return new values each call, reproducibly from its seed.
    The state is a non-trainable `keras.Variable` (``seed_generator_state``, shape
    ``(2,)``, int32) so it is saved and restored with the layer that owns it.

    Args:
        seed: Initial seed (an integer). `None` picks one from Python's `random`
            module, which `keras.utils.set_random_seed` seeds.
        name: Optional name (default ``seed_generator``, ``seed_generator_1``, ...).
        **kwargs: Only ``backend`` is accepted (ignored: torch is the backend).

    Example:

    >>> from torcheras import random
    >>> gen = random.SeedGenerator(seed=42)
    >>> a = random.normal((2, 3), seed=gen)
    >>> b = random.normal((2, 3), seed=gen)
    >>> bool((a != b).any())
    True
    >>> gen.state.numpy().tolist()
    [42, 2]
    """

    def __init__(self, seed: int | None = None, name: str | None = None, **kwargs: Any):
        kwargs.pop("backend", None)
        if kwargs:
            raise ValueError(f"Unrecognized keyword arguments: {kwargs}")
        if name is None:
            name = _naming.unique_name("seed_generator")
        self.name = name
        self._initial_seed = seed
        if seed is None:
            seed = make_default_seed()
        if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
            raise ValueError(f"Argument `seed` must be an integer. Received: seed={seed!r}")
        self.state = Variable(torch.tensor([_as_int32(int(seed)), 0], dtype=torch.int32),
                              dtype="int32", trainable=False, name="seed_generator_state")
        self.state._path = f"{self.name}/seed_generator_state"

    def next(self, ordered: bool = True) -> torch.Tensor:
        """Return the current state and advance it.

        Args:
            ordered: Advance the counter by one (True), or scramble the whole state
                (False, used by the global generator behind ``seed=None``).

        Returns:
            The state before the update, an int32 tensor of shape ``(2,)``.
        """
        value = self.state.detach().clone()
        if ordered:
            new = value + torch.tensor([0, 1], dtype=value.dtype, device=value.device)
        else:
            # int32 arithmetic (wrapping) as Keras's torch backend does it.
            new = (value + 1) * 5387 % 933199
        # assign, so that a StatelessScope keeps the update to itself.
        self.state.assign(new)
        return value

    def get_config(self) -> dict:
        return {"seed": self._initial_seed, "name": self.name}

    @classmethod
    def from_config(cls, config: dict) -> SeedGenerator:
        return cls(**config)

    def __repr__(self) -> str:
        return f"<SeedGenerator name={self.name}, state={self.state.numpy().tolist()}>"


def _as_int32(value: int) -> int:
    return ((value & 0xFFFFFFFF) ^ 0x80000000) - 0x80000000


def make_default_seed() -> int:
    return python_random.randint(1, int(1e9))


def global_seed_generator() -> SeedGenerator:
    """The generator behind ``seed=None``, created on first use."""
    gen = _global["generator"]
    if gen is None:
        gen = _global["generator"] = SeedGenerator()
    return gen


def _drop_global_generator(_seed: int) -> None:
    _global["generator"] = None


_rng._reset_hooks.append(_drop_global_generator)


def draw_seed(seed: Any) -> int:
    """The 32-bit integer a random op seeds torch with, advancing generators."""
    if isinstance(seed, SeedGenerator):
        first, second = seed.next().tolist()
    elif isinstance(seed, numbers.Integral) and not isinstance(seed, bool):
        first, second = _as_int32(int(seed)), 0
    elif seed is None:
        first, second = global_seed_generator().next(ordered=False).tolist()
    else:
        raise ValueError(
            "Argument `seed` must be either an integer or an instance of "
            f"`SeedGenerator`. Received: seed={seed!r} (of type {type(seed)})"
        )
    return (first + second) & 0xFFFFFFFF


def torch_generator(seed: Any) -> torch.Generator:
    """A ``torch.Generator`` on the default device seeded by :func:`draw_seed`."""
    generator = torch.Generator(device=_device.get_device())
    generator.manual_seed(draw_seed(seed))
    return generator
