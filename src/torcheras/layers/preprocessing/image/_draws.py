"""Random draws the augmentation layers need beyond uniform/normal: integers,
permutations, Gamma, Beta and Dirichlet samples, all from a layer's ``SeededRandom`` (so a
seeded layer is reproducible and an unseeded one follows ``keras.utils.set_random_seed``)
and on the device of ``like``.

torch's own Gamma sampler cannot take a generator, so Gamma uses Marsaglia and Tsang's
method, vectorised: every sample draws until accepted (acceptance is above 95%, so a few
rounds finish a batch).
"""

from __future__ import annotations

import torch

from torcheras.layers.regularization._random import SeededRandom


def randint(random: SeededRandom, shape, low: int, high: int, like: torch.Tensor):
    """Integers uniform in ``[low, high)``."""
    return torch.randint(int(low), int(high), tuple(shape), device=like.device,
                         generator=random.generator(like.device))


def permutation(random: SeededRandom, n: int, like: torch.Tensor) -> torch.Tensor:
    return torch.randperm(int(n), device=like.device, generator=random.generator(like.device))


def gamma(random: SeededRandom, shape, alpha: float, like: torch.Tensor) -> torch.Tensor:
    """Gamma(alpha, 1) samples of ``shape``."""
    alpha = float(alpha)
    if alpha <= 0:
        raise ValueError(f"The Gamma concentration must be positive. Received: alpha={alpha}")
    boost = alpha < 1.0
    a = alpha + 1.0 if boost else alpha
    d = a - 1.0 / 3.0
    c = 1.0 / (9.0 * d) ** 0.5
    shape = tuple(shape)
    out = torch.empty(shape, dtype=torch.float32, device=like.device)
    pending = torch.ones(shape, dtype=torch.bool, device=like.device)
    while bool(pending.any()):
        x = random.normal(shape, out)
        u = random.uniform(shape, out)
        v = (1.0 + c * x) ** 3
        ok = (v > 0) & (torch.log(u.clamp_min(1e-30))
                        < 0.5 * x * x + d - d * v + d * torch.log(v.clamp_min(1e-30)))
        take = ok & pending
        out = torch.where(take, d * v, out)
        pending = pending & ~ok
    if boost:
        out = out * random.uniform(shape, out).clamp_min(1e-30) ** (1.0 / alpha)
    return out


def beta(random: SeededRandom, shape, alpha: float, beta_: float,
         like: torch.Tensor) -> torch.Tensor:
    """Beta(alpha, beta) samples as the ratio of two Gamma samples."""
    x = gamma(random, shape, alpha, like)
    y = gamma(random, shape, beta_, like)
    return x / (x + y)


def dirichlet(random: SeededRandom, size: int, alpha: float, like: torch.Tensor):
    """One Dirichlet sample with ``size`` equal concentrations ``alpha``."""
    g = gamma(random, (size,), alpha, like)
    return g / g.sum()
