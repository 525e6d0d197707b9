import random

import numpy as np
import pytest
import torch

from torcheras.utils import _rng, set_random_seed


def _draw():
    return (random.random(), float(np.random.rand()), float(torch.rand(1)),
            torch.randint(0, 1000, (3,)).tolist())


def test_same_seed_same_results_twice():
    set_random_seed(1337)
    first = _draw()
    set_random_seed(1337)
    assert _draw() == first
    set_random_seed(1338)
    assert _draw() != first


def test_seeds_python_numpy_torch_like_their_own_seeders():
    set_random_seed(7)
    got = _draw()
    random.seed(7)
    np.random.seed(7)
    torch.manual_seed(7)
    assert _draw() == got


def test_seed_is_recorded_and_hooks_run(monkeypatch):
    seen = []
    monkeypatch.setattr(_rng, "_reset_hooks", [seen.append])
    set_random_seed(3)
    assert _rng.get_random_seed() == 3
    assert seen == [3]


@pytest.mark.parametrize(
    "seed, match",
    [
        (1.5, r"Expected `seed` argument to be an integer\. Received: seed=1\.5 "
              r"\(of type <class 'float'>\)"),
        ("1", r"Received: seed=1 \(of type <class 'str'>\)"),
        (True, r"Received: seed=True"),
        (-1, r"Argument `seed` must be between 0 and 2\*\*32 - 1\. Received: seed=-1"),
        (2**32, r"Received: seed=4294967296"),
    ],
)
def test_bad_seed(seed, match):
    with pytest.raises(ValueError, match=match):
        set_random_seed(seed)
