"""Public names, get / serialize / deserialize, configs and bad inputs of initializers."""

import sys

import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras import initializers

KERAS_NAMES = [
    "Constant", "GlorotNormal", "GlorotUniform", "HeNormal", "HeUniform", "Identity",
    "IdentityInitializer", "Initializer", "LecunNormal", "LecunUniform", "Ones",
    "Orthogonal", "OrthogonalInitializer", "RandomNormal", "RandomUniform", "STFT",
    "STFTInitializer", "TruncatedNormal", "VarianceScaling", "Zeros", "constant",
    "deserialize", "get", "glorot_normal", "glorot_uniform", "he_normal", "he_uniform",
    "identity", "lecun_normal", "lecun_uniform", "ones", "orthogonal", "random_normal",
    "random_uniform", "serialize", "stft", "truncated_normal", "variance_scaling", "zeros",
]

# Keras 3.15's ALL_OBJECTS_DICT keys.
KERAS_TABLE = [
    "Constant", "GlorotNormal", "GlorotUniform", "HeNormal", "HeUniform", "Identity",
    "IdentityInitializer", "Initializer", "LecunNormal", "LecunUniform", "Ones",
    "Orthogonal", "OrthogonalInitializer", "RandomNormal", "RandomUniform", "STFT",
    "STFTInitializer", "TruncatedNormal", "VarianceScaling", "Zeros", "constant",
    "glorot_normal", "glorot_uniform", "he_normal", "he_uniform", "identity", "initializer",
    "lecun_normal", "lecun_uniform", "normal", "one", "ones", "orthogonal", "random_normal",
    "random_uniform", "stft", "truncated_normal", "uniform", "variance_scaling", "zero",
    "zeros",
]


def test_exported_names_are_exactly_keras_3_15():
    assert sorted(initializers.__all__) == KERAS_NAMES
    for name in KERAS_NAMES:
        assert hasattr(initializers, name)
    assert initializers.glorot_uniform is initializers.GlorotUniform


def test_string_table_is_keras_table():
    from torcheras.initializers._get import INITIALIZERS

    assert sorted(INITIALIZERS) == KERAS_TABLE


@pytest.mark.parametrize("name,cls", [
    ("glorot_uniform", "GlorotUniform"), ("GlorotUniform", "GlorotUniform"),
    ("he_normal", "HeNormal"), ("zeros", "Zeros"), ("zero", "Zeros"), ("one", "Ones"),
    ("uniform", "RandomUniform"), ("normal", "RandomNormal"),
    ("truncated_normal", "TruncatedNormal"), ("orthogonal", "Orthogonal"),
    ("identity", "Identity"), ("variance_scaling", "VarianceScaling"), ("stft", "STFT"),
])
def test_get_by_name_gives_fresh_instances(name, cls):
    a, b = initializers.get(name), initializers.get(name)
    assert type(a).__name__ == cls and a is not b


def test_get_passthrough_and_classes():
    assert initializers.get(None) is None
    init = initializers.HeNormal(seed=3)
    assert initializers.get(init) is init
    assert isinstance(initializers.get(initializers.Ones), initializers.Ones)

    def fn(shape, dtype=None):
        return torch.zeros(shape)

    assert initializers.get(fn) is fn


def test_get_from_values():
    values = np.arange(6, dtype="float64").reshape(2, 3)
    init = initializers.get(values)
    out = init((2, 3))
    assert out.dtype == torch.float32 and out.tolist() == values.tolist()
    assert initializers.get(torch.ones(2))((2,), dtype="float64").dtype == torch.float64


CONFIGS = [
    (initializers.RandomUniform(-1.0, 2.0, seed=5),
     {"seed": 5, "minval": -1.0, "maxval": 2.0}),
    (initializers.RandomNormal(), {"seed": None, "mean": 0.0, "stddev": 0.05}),
    (initializers.TruncatedNormal(stddev=1.0), {"seed": None, "mean": 0.0, "stddev": 1.0}),
    (initializers.VarianceScaling(2.0, "fan_out", "uniform"),
     {"seed": None, "scale": 2.0, "mode": "fan_out", "distribution": "uniform",
      "input_axes": None, "output_axes": None}),
    (initializers.GlorotUniform(seed=1), {"seed": 1, "input_axes": None, "output_axes": None}),
    (initializers.Orthogonal(gain=2.0), {"seed": None, "gain": 2.0}),
    (initializers.Identity(gain=0.5), {"gain": 0.5}),
    (initializers.Constant(3.0), {"value": 3.0}),
    (initializers.Zeros(), {}),
    (initializers.STFT(), {"side": "real", "window": "hann", "periodic": False,
                           "scaling": "density"}),
]


@pytest.mark.parametrize("init,config", CONFIGS, ids=lambda v: type(v).__name__)
def test_configs_match_keras_and_round_trip(init, config):
    assert init.get_config() == config
    data = initializers.serialize(init)
    assert data == {"module": "keras.initializers", "class_name": type(init).__name__,
                    "config": config, "registered_name": None}
    again = initializers.deserialize(data)
    assert type(again) is type(init) and again.get_config() == config
    assert initializers.get(data).get_config() == config
    assert init.clone().get_config() == config


def test_variance_scaling_normal_alias_is_truncated():
    assert initializers.VarianceScaling(distribution="Normal").distribution == \
        "truncated_normal"


def test_custom_initializer_serialization():
    class Mine(initializers.Initializer):
        def __init__(self, k=1):
            self.k = k

        def __call__(self, shape, dtype=None):
            return torch.full(shape, float(self.k))

        def get_config(self):
            return {"k": self.k}

    data = initializers.serialize(Mine(4))
    assert data["class_name"] == "Mine" and data["config"] == {"k": 4}
    again = initializers.deserialize(data, custom_objects={"Mine": Mine})
    assert again((1,)).tolist() == [4.0]


def test_base_initializer_must_be_subclassed():
    with pytest.raises(NotImplementedError, match="must implement the `__call__\\(\\)`"):
        initializers.Initializer()((2,))


BAD = [
    (lambda: initializers.get("glorot_unform"), ValueError,
     r"Unknown initializer for `initializer`: 'glorot_unform'. Did you mean 'glorot_uniform'"),
    (lambda: initializers.get(3), ValueError, r"Could not interpret initializer identifier"),
    (lambda: initializers.deserialize({"class_name": "Nope"}), ValueError,
     r"Unknown initializer.*'Nope'"),
    (lambda: initializers.VarianceScaling(scale=0), ValueError,
     r"Argument `scale` must be positive float. Received: scale=0"),
    (lambda: initializers.VarianceScaling(scale=-1.0), ValueError, r"Received: scale=-1.0"),
    (lambda: initializers.VarianceScaling(mode="fan"), ValueError,
     r"Invalid `mode` argument: 'fan'. Please use one of"),
    (lambda: initializers.VarianceScaling(distribution="gamma"), ValueError,
     r"Invalid `distribution` argument: 'gamma'"),
    (lambda: initializers.RandomNormal(seed="abc"), ValueError,
     r"`seed` argument should be an instance of `keras.random.SeedGenerator\(\)` or an "
     r"integer. Received: seed='abc'"),
    (lambda: initializers.GlorotUniform()((None, 3)), ValueError,
     r"Argument `shape` must be a fully defined tuple of non-negative integers. "
     r"Received: shape=\(None, 3\)"),
    (lambda: initializers.Zeros()((-1, 3)), ValueError, r"Received: shape=\(-1, 3\)"),
    (lambda: initializers.Ones()("abc"), ValueError, r"Received: shape='abc'"),
    (lambda: initializers.RandomUniform()((2,), dtype="int32"), ValueError,
     r"Random initializers only support floating dtypes. Received: dtype='int32'"),
    (lambda: initializers.Zeros()((2,), dtype="float8"), ValueError, r"Unsupported dtype"),
    (lambda: initializers.Orthogonal()((5,)), ValueError,
     r"The tensor to initialize must be at least two-dimensional. "
     r"Received: shape=\(5,\) of rank 1."),
    (lambda: initializers.Orthogonal(gain="x"), ValueError,
     r"Argument `gain` must be a number. Received: gain='x'"),
    (lambda: initializers.Identity()((2, 2, 2)), ValueError,
     r"Identity matrix initializer can only be used for 2D matrices. "
     r"Received: shape=\(2, 2, 2\) of rank 3."),
    (lambda: initializers.Constant("a"), ValueError,
     r"Argument `value` must be a number or an array of numbers. Received: value='a'"),
    (lambda: initializers.STFT(side="both"), ValueError,
     r"side should be 'real' or 'imag', not 'both'"),
    (lambda: initializers.STFT(scaling="l2"), ValueError,
     r"Scaling is invalid, it must be `None`, 'density' or 'spectrum'. Received scaling='l2'"),
    (lambda: initializers.STFT(window=[1.0, 1.0])((3, 1, 3)), ValueError,
     r"The shape of `window` must be equal to \[frame_length\]. Received: window shape=\(2,\)"),
    (lambda: initializers.STFT()((3, 3)), ValueError, r"STFT initializer expects a shape"),
    (lambda: initializers.get(np.ones(3))((4,)), ValueError,
     r"Expected `shape` to be \(3,\) for direct tensor as initializer. Received shape=\(4,\)"),
]


@pytest.mark.parametrize("call,exc,match", BAD, ids=[b[2][:40] for b in BAD])
def test_bad_inputs(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


@pytest.mark.parametrize("scipy_present", [True, False], ids=["with_scipy", "without_scipy"])
def test_stft_unknown_window_same_error_with_or_without_scipy(monkeypatch, scipy_present):
    if scipy_present:
        pytest.importorskip("scipy.signal")
    else:
        monkeypatch.setitem(sys.modules, "scipy.signal", None)  # import now raises ImportError
    with pytest.raises(ValueError, match=r"Unknown window for `window`: 'hammming'. "
                                         r"Did you mean 'hamming'\?"):
        initializers.STFT(window="hammming")


def test_seed_generator_seed_round_trips_through_config():
    init = initializers.RandomNormal(seed=keras.random.SeedGenerator(3))
    config = init.get_config()
    assert config["seed"]["class_name"] == "SeedGenerator"
    assert config["seed"]["config"]["seed"] == 3
    first = initializers.RandomNormal.from_config(config)
    second = initializers.RandomNormal.from_config(config)
    assert type(first.seed) is keras.random.SeedGenerator
    # Same starting seed: the same first draw.
    assert first(shape=(4,)).tolist() == second(shape=(4,)).tolist()
