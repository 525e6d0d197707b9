"""get / serialize / deserialize for activations."""

import pytest

from torcheras import activations


def test_get_none_is_linear():
    assert activations.get(None) is activations.linear


@pytest.mark.parametrize("name", [n for n in activations.__all__
                                  if n not in ("get", "serialize", "deserialize")])
def test_get_every_name(name):
    assert activations.get(name) is getattr(activations, name)


def test_get_aliases_and_callables():
    assert activations.get("swish") is activations.silu
    assert activations.get("hard_swish") is activations.hard_silu

    def custom(x):
        return x

    assert activations.get(custom) is custom


def test_serialize_builtins_by_name():
    assert activations.serialize(activations.relu) == "relu"
    assert activations.serialize(activations.swish) == "silu"
    assert activations.serialize(activations.hard_swish) == "hard_silu"


def test_serialize_custom_function_and_round_trip():
    def my_act(x):
        return x * 2

    config = activations.serialize(my_act)
    assert config == {"module": __name__, "class_name": "function", "config": "my_act",
                      "registered_name": "function"}
    assert activations.deserialize(config, custom_objects={"my_act": my_act}) is my_act


def test_serialize_object_with_config():
    class Scaled:
        def __init__(self, k=2.0):
            self.k = k

        def __call__(self, x):
            return x * self.k

        def get_config(self):
            return {"k": self.k}

        @classmethod
        def from_config(cls, config):
            return cls(**config)

    config = activations.serialize(Scaled(3.0))
    assert config["class_name"] == "Scaled" and config["config"] == {"k": 3.0}
    restored = activations.deserialize(config, custom_objects={"Scaled": Scaled})
    assert isinstance(restored, Scaled) and restored.k == 3.0


def test_deserialize_keras_function_dict():
    config = {"module": "keras.activations", "class_name": "function", "config": "relu",
              "registered_name": "function"}
    assert activations.deserialize(config) is activations.relu
    assert activations.get(config) is activations.relu
    assert activations.deserialize("gelu") is activations.gelu


BAD = [
    (lambda: activations.get("rleu"), ValueError,
     r"Unknown activation function for `activation`: 'rleu'. Did you mean 'relu'\?"),
    (lambda: activations.get(5), ValueError,
     r"Could not interpret activation function identifier for `activation`: 5"),
    (lambda: activations.deserialize("nope"), ValueError, r"Allowed values are: .*'relu'"),
    (lambda: activations.deserialize(3), ValueError,
     r"Could not interpret activation function identifier: 3"),
    (lambda: activations.deserialize({"class_name": "function", "config": 7}), ValueError,
     r"Could not interpret activation function identifier"),
    (lambda: activations.deserialize({"class_name": "Nope", "config": {}}), ValueError,
     r"Unknown activation function for `activation`: 'Nope'"),
    (lambda: activations.serialize(lambda x: x), ValueError,
     r"cannot be serialized"),
    (lambda: activations.serialize(3), ValueError, r"cannot be serialized"),
]


@pytest.mark.parametrize("call,exc,match", BAD, ids=[b[2][:30] for b in BAD])
def test_bad_identifiers(call, exc, match):
    with pytest.raises(exc, match=match):
        call()
