"""keras.random: statistics, reproducibility, SeedGenerator state, bad inputs."""

import subprocess
import sys

import numpy as np
import pytest
import torch

import torcheras
from torcheras import random
from torcheras.initializers import RandomNormal


def test_integer_seed_repeats_and_differs_by_seed():
    a = random.normal((100,), seed=3)
    assert torch.equal(a, random.normal((100,), seed=3))
    assert not torch.equal(a, random.normal((100,), seed=4))


def test_integer_seed_reproducible_across_processes():
    code = "import torcheras; print(torcheras.random.uniform((3,), seed=99).tolist())"
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout for _ in range(2)]
    assert runs[0] == runs[1]
    assert runs[0].strip() == str(random.uniform((3,), seed=99).tolist())


def test_seed_generator_is_stateful_and_reproducible():
    g1, g2 = random.SeedGenerator(5), random.SeedGenerator(5)
    first = [random.normal((4,), seed=g1) for _ in range(3)]
    second = [random.normal((4,), seed=g2) for _ in range(3)]
    assert all(torch.equal(a, b) for a, b in zip(first, second))
    assert not torch.equal(first[0], first[1])
    assert g1.state.numpy().tolist() == [5, 3]
    # Draw n of a generator seeded s uses the integer seed s + n.
    assert torch.equal(first[2], random.normal((4,), seed=7))


def test_seed_generator_state_is_a_non_trainable_keras_variable():
    gen = random.SeedGenerator(1, name="my_gen")
    assert isinstance(gen.state, torcheras.Variable)
    assert gen.state.trainable is False
    assert gen.state.dtype == torch.int32 and tuple(gen.state.shape) == (2,)
    assert gen.state.path == "my_gen/seed_generator_state"
    assert gen.get_config() == {"seed": 1, "name": "my_gen"}
    clone = random.SeedGenerator.from_config(gen.get_config())
    assert torch.equal(random.uniform((3,), seed=clone), random.uniform((3,), seed=gen))
    # Restoring the state (as loading weights does) replays the stream.
    gen.state.assign(np.array([1, 0], "int32"))
    assert torch.equal(random.uniform((3,), seed=gen), random.uniform((3,), seed=1))


def test_set_random_seed_makes_unseeded_draws_repeat():
    torcheras.utils.set_random_seed(11)
    a = [random.normal((3,)), random.uniform((2,)), random.gamma((2,), 2.0),
         random.dropout(torch.ones(20), 0.5)]
    torcheras.utils.set_random_seed(11)
    b = [random.normal((3,)), random.uniform((2,)), random.gamma((2,), 2.0),
         random.dropout(torch.ones(20), 0.5)]
    assert all(torch.equal(x, y) for x, y in zip(a, b))
    assert not torch.equal(a[0], random.normal((3,)))


def test_gamma_binomial_beta_leave_the_global_stream_alone():
    torch.manual_seed(0)
    expected = torch.rand(3)
    torch.manual_seed(0)
    random.gamma((5,), 1.0, seed=1)
    random.binomial((5,), 3, 0.5, seed=1)
    random.beta((5,), 1.0, 2.0, seed=1)
    assert torch.equal(torch.rand(3), expected)


@pytest.mark.parametrize("draw, mean, std", [
    (lambda: random.normal((40000,), mean=1.5, stddev=2.0, seed=1), 1.5, 2.0),
    (lambda: random.uniform((40000,), minval=-1.0, maxval=3.0, seed=2), 1.0, 4 / 12 ** 0.5),
    (lambda: random.truncated_normal((40000,), seed=3), 0.0, 0.8796),
    (lambda: random.gamma((40000,), alpha=4.0, seed=4), 4.0, 2.0),
    (lambda: random.binomial((40000,), counts=20, probabilities=0.25, seed=5), 5.0,
     (20 * 0.25 * 0.75) ** 0.5),
    (lambda: random.beta((40000,), alpha=2.0, beta=3.0, seed=6), 0.4, (6 / 150) ** 0.5),
    (lambda: random.randint((40000,), 0, 10, seed=7).float(), 4.5, (99 / 12) ** 0.5),
])
def test_distribution_moments(draw, mean, std):
    x = draw().double()
    assert abs(float(x.mean()) - mean) < 4 * std / 200 + 1e-3
    assert abs(float(x.std()) - std) < 0.03 * std + 1e-3


def test_truncated_normal_and_uniform_bounds():
    t = random.truncated_normal((10000,), mean=1.0, stddev=0.5, seed=1)
    assert float(t.min()) > 0.0 and float(t.max()) < 2.0
    u = random.uniform((10000,), 2.0, 2.5, seed=1)
    assert float(u.min()) >= 2.0 and float(u.max()) < 2.5


def test_categorical_frequencies():
    logits = torch.log(torch.tensor([[0.2, 0.5, 0.3]]))
    samples = random.categorical(logits, 30000, seed=1)[0]
    freq = torch.bincount(samples.long(), minlength=3).double() / 30000
    assert torch.allclose(freq, torch.tensor([0.2, 0.5, 0.3], dtype=torch.float64), atol=0.01)
    assert samples.dtype == torch.int32


def test_dropout_rate_and_scale():
    x = torch.ones(50000)
    y = random.dropout(x, 0.3, seed=1)
    kept = y != 0
    assert abs(float(kept.double().mean()) - 0.7) < 0.01
    assert torch.allclose(y[kept], torch.full_like(y[kept], 1 / 0.7))
    shaped = random.dropout(torch.ones(8, 5), 0.5, noise_shape=(8, 1), seed=2)
    assert all(len(set(row.tolist())) == 1 for row in shaped)


def test_shuffle_is_a_permutation_along_axis():
    x = torch.arange(30).reshape(5, 6)
    rows = random.shuffle(x, seed=1)
    assert sorted(map(tuple, rows.tolist())) == sorted(map(tuple, x.tolist()))
    cols = random.shuffle(x, axis=1, seed=1)
    assert all(sorted(r) == list(range(6 * i, 6 * i + 6)) for i, r in enumerate(cols.tolist()))


def test_initializer_takes_a_seed_generator():
    gen = random.SeedGenerator(3)
    init = RandomNormal(seed=gen)
    a, b = init((4,)), init((4,))
    assert not torch.equal(a, b)
    config = init.get_config()["seed"]
    assert config["class_name"] == "SeedGenerator" and config["config"]["seed"] == 3
    again = RandomNormal.from_config(init.get_config())
    assert isinstance(again.seed, random.SeedGenerator)


def test_dropout_is_differentiable():
    x = torch.ones(10, requires_grad=True)
    random.dropout(x, 0.5, seed=1).sum().backward()
    assert set(x.grad.tolist()) <= {0.0, 2.0}


@pytest.mark.parametrize("call, error, match", [
    (lambda: random.SeedGenerator(1.5), ValueError,
     r"Argument `seed` must be an integer. Received: seed=1.5"),
    (lambda: random.SeedGenerator(1, foo=2), ValueError, r"Unrecognized keyword arguments"),
    (lambda: random.normal((2,), seed="abc"), ValueError,
     r"`seed` must be either an integer or an instance of `SeedGenerator`. "
     r"Received: seed='abc'"),
    (lambda: random.uniform((2,), dtype="int32"), ValueError,
     r"`keras.random.uniform` requires a floating point `dtype`. Received: dtype=int32"),
    (lambda: random.randint((2,), 0, 5, dtype="float32"), ValueError,
     r"`keras.random.randint` requires an integer `dtype`. Received: dtype=float32"),
    (lambda: random.randint((2,), 5, 5), ValueError, r"`maxval` must be greater than `minval`"),
    (lambda: random.normal((2, -1)), ValueError, r"negative dimensions. Received: shape=\(2, -1\)"),
    (lambda: random.normal("ab"), ValueError, r"`shape` must be a tuple of integers"),
    (lambda: random.categorical([1.0, 2.0], 3), ValueError,
     r"`logits` should be a 2-D tensor with shape \[batch_size, num_classes\]"),
    (lambda: random.dropout(torch.ones(3), 1.5), ValueError,
     r"Expected a float value between 0 and 1. Received: rate=1.5"),
    (lambda: random.dropout(torch.ones(3, 2), 0.5, noise_shape=(3,), seed=1), ValueError,
     r"`noise_shape` must have the same rank as `inputs`"),
    (lambda: random.shuffle(torch.ones(3), axis=2), ValueError, r"Received: axis=2"),
    (lambda: random.gamma((2, 3), alpha=[1.0, 2.0]), ValueError,
     r"Argument `alpha` must broadcast to `shape`"),
])
def test_bad_inputs(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_stateless_scope_keeps_the_seed_generator_update():
    gen = random.SeedGenerator(3)
    with torcheras.StatelessScope():
        first = random.normal((2,), seed=gen)
        second = random.normal((2,), seed=gen)
    assert not torch.equal(first, second)  # the stream advances inside the scope
    assert gen.state.numpy().tolist() == [3, 0]  # and the variable is untouched after
    assert torch.equal(random.normal((2,), seed=gen), first)
