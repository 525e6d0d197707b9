"""Seeded random draws for layers: one ``torch.Generator`` per device, made on first use.

A layer built with ``seed=None`` draws from torch's global generator, so
``keras.utils.set_random_seed`` makes it reproducible; an integer seed gives the layer a
private stream that starts the same way every time the layer is created.
"""

from __future__ import annotations

import torch


def check_seed(seed):
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise ValueError(f"Argument `seed` must be an integer. Received: seed={seed!r}")
    return seed


class SeededRandom:
    """Per-device generators for an optional integer seed."""

    def __init__(self, seed):
        self.seed = check_seed(seed)
        self._generators: dict = {}

    def generator(self, device: torch.device) -> torch.Generator | None:
        if self.seed is None:
            return None
        key = (device.type, device.index)
        gen = self._generators.get(key)
        if gen is None:
            gen = torch.Generator(device=device)
            gen.manual_seed(self.seed)
            self._generators[key] = gen
        return gen

    def uniform(self, shape, like: torch.Tensor, low: float = 0.0,
                high: float = 1.0) -> torch.Tensor:
        out = torch.empty(tuple(shape), dtype=like.dtype if like.is_floating_point()
                          else torch.float32, device=like.device)
        return out.uniform_(low, high, generator=self.generator(like.device))

    def normal(self, shape, like: torch.Tensor, mean: float = 0.0,
               std: float = 1.0) -> torch.Tensor:
        out = torch.empty(tuple(shape), dtype=like.dtype, device=like.device)
        return out.normal_(mean, std, generator=self.generator(like.device))

    def bernoulli(self, shape, like: torch.Tensor, p: float) -> torch.Tensor:
        out = torch.empty(tuple(shape), dtype=like.dtype, device=like.device)
        return out.bernoulli_(p, generator=self.generator(like.device))
