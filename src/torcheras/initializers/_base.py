"""The ``Initializer`` base class and the seed handling shared by random initializers."""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import Any

import torch

from torcheras.backend import _device


class Initializer:
    """Initializer base class: all Keras initializers inherit from this class.

    Initializers implement `__call__(shape, dtype=None)`, returning a tensor of
    that shape and dtype (default `keras.config.floatx()`) on the current device.
    Optionally implement `get_config()` (and `from_config()` when the constructor
    arguments differ from the config keys) to support serialization.

    Example:

    >>> import torch, torcheras
    >>> class ExampleRandomNormal(torcheras.initializers.Initializer):
    ...     def __init__(self, mean, stddev):
    ...         self.mean = mean
    ...         self.stddev = stddev
    ...     def __call__(self, shape, dtype=None):
    ...         return torch.randn(shape) * self.stddev + self.mean
    ...     def get_config(self):
    ...         return {"mean": self.mean, "stddev": self.stddev}
    >>> ExampleRandomNormal(0.0, 1.0)((2, 3)).shape
    torch.Size([2, 3])
    """

    def __call__(self, shape: Any, dtype: Any = None) -> torch.Tensor:
        """Returns a tensor object initialized as specified by the initializer.

        Args:
            shape: Shape of the tensor.
            dtype: Optional dtype of the tensor.
        """
        raise NotImplementedError(
            "Initializer subclasses must implement the `__call__()` method."
        )

    def get_config(self) -> dict:
        """Returns the initializer's configuration as a JSON-serializable dict."""
        return {}

    @classmethod
    def from_config(cls, config: Mapping) -> Initializer:
        """Instantiates an initializer from a configuration dictionary.

        Args:
            config: A Python dictionary, the output of `get_config()`.

        Returns:
            An `Initializer` instance.
        """
        return cls(**config)

    def clone(self) -> Initializer:
        return self.__class__.from_config(self.get_config())

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"<{type(self).__name__}({args})>"


def standardize_shape(shape: Any) -> tuple[int, ...]:
    """Return ``shape`` as a tuple of non-negative ints, or raise a ValueError."""
    if isinstance(shape, numbers.Integral) and not isinstance(shape, bool):
        shape = (shape,)
    try:
        dims = tuple(shape)
    except TypeError:
        dims = None
    if dims is None or not all(
            isinstance(d, numbers.Integral) and not isinstance(d, bool) and d >= 0
            for d in dims):
        raise ValueError(
            "Argument `shape` must be a fully defined tuple of non-negative integers. "
            f"Received: shape={shape!r}"
        )
    return tuple(int(d) for d in dims)


def float_dtype(dtype: Any, kind: str) -> torch.dtype:
    """Resolve ``dtype`` (default floatx) and require a floating type."""
    torch_dtype = _device.to_torch_dtype(dtype)
    if not torch_dtype.is_floating_point:
        raise ValueError(
            f"{kind} initializers only support floating dtypes. Received: dtype={dtype!r}"
        )
    return torch_dtype


def work_dtype(dtype: torch.dtype) -> torch.dtype:
    # 16-bit floats are drawn in float32 and cast: same distribution, and QR / erfinv
    # are not implemented for them on every device.
    return torch.float64 if dtype == torch.float64 else torch.float32


class RandomInitializer(Initializer):
    """Base of the random initializers: owns the `seed` argument.

    With `seed=None` values are drawn from torch's global generator, so
    `keras.utils.set_random_seed()` makes a program repeat. With an integer seed,
    every call returns the same values (as in Keras 3). With a
    `keras.random.SeedGenerator`, each call draws the generator's next seed.
    """

    def __init__(self, seed: Any = None) -> None:
        self._init_seed = seed
        if isinstance(seed, Mapping):
            seed = _deserialize_seed_generator(seed)
        elif seed is not None and not isinstance(seed, numbers.Integral) and not hasattr(
                seed, "next"):
            raise ValueError(
                "`seed` argument should be an instance of "
                "`keras.random.SeedGenerator()` or an integer. "
                f"Received: seed={seed!r}"
            )
        self.seed = int(seed) if isinstance(seed, numbers.Integral) else seed

    def _generator(self) -> torch.Generator | None:
        if self.seed is None:
            return None
        value = self.seed if isinstance(self.seed, int) else _seed_from_state(self.seed.next())
        generator = torch.Generator(device=_device.get_device())
        generator.manual_seed(value & 0xFFFF_FFFF_FFFF_FFFF)
        return generator

    def get_config(self) -> dict:
        return {"seed": _serialize_seed(self._init_seed)}


def _seed_from_state(state: Any) -> int:
    values = _device.convert_to_numpy(state).reshape(-1).tolist()
    folded = 0
    for v in values:
        folded = (folded * 1_000_003 + int(v)) & 0xFFFF_FFFF_FFFF_FFFF
    return folded


def _serialize_seed(seed: Any) -> Any:
    if seed is None or isinstance(seed, (numbers.Integral, Mapping)):
        return seed
    config = seed.get_config() if hasattr(seed, "get_config") else {}
    return {"module": "keras.random", "class_name": "SeedGenerator", "config": config,
            "registered_name": None}


def _deserialize_seed_generator(config: Mapping) -> Any:
    # keras.random stands above this module (random -> ops -> layers -> initializers), and
    # importing its SeedGenerator runs the whole package; so it is imported on the rare
    # read of a saved seed generator. Moving SeedGenerator below ops would lift this.
    from torcheras.random import SeedGenerator

    return SeedGenerator.from_config(dict(config.get("config") or {}))
