"""get / serialize / deserialize."""

import pytest

from torcheras import optimizers as O
from torcheras.optimizers import schedules as S

TABLE = {
    "sgd": O.SGD, "rmsprop": O.RMSprop, "adam": O.Adam, "adamw": O.AdamW,
    "adagrad": O.Adagrad, "adadelta": O.Adadelta, "adamax": O.Adamax, "nadam": O.Nadam,
    "lion": O.Lion, "ftrl": O.Ftrl, "adafactor": O.Adafactor,
}


@pytest.mark.parametrize("name, cls", sorted(TABLE.items()))
def test_get_by_name_returns_a_new_default_instance(name, cls):
    for spelling in (name, name.upper(), cls.__name__):
        opt = O.get(spelling)
        assert type(opt) is cls
        assert opt.get_config() | {"name": None} == cls().get_config() | {"name": None}
    assert O.get(name) is not O.get(name)


def test_get_passes_instances_through_and_none_to_none():
    opt = O.Adam()
    assert O.get(opt) is opt
    assert O.get(None) is None
    assert type(O.get(O.Nadam)) is O.Nadam


def test_get_unknown_name_lists_allowed_names():
    with pytest.raises(ValueError) as info:
        O.get("rmsprp")
    message = str(info.value)
    assert "'rmsprp'" in message and "Did you mean 'rmsprop'?" in message
    for name in TABLE:
        assert repr(name) in message


def test_get_from_config_dict():
    opt = O.get({"class_name": "RMSprop", "config": {"learning_rate": 0.5, "rho": 0.8}})
    assert type(opt) is O.RMSprop and opt.rho == 0.8 and float(opt.learning_rate) == 0.5


@pytest.mark.parametrize("cls", sorted(TABLE.values(), key=lambda c: c.__name__))
def test_serialize_deserialize_round_trip(cls):
    opt = cls(learning_rate=0.25, name="o")
    data = O.serialize(opt)
    assert data["module"] == "keras.optimizers" and data["class_name"] == cls.__name__
    assert data["registered_name"] is None
    clone = O.deserialize(data)
    assert type(clone) is cls and clone.get_config() == opt.get_config()


def test_deserialize_is_case_insensitive_and_reads_keras2_configs():
    keras2 = {"class_name": "Adam", "config": {
        "name": "Adam", "learning_rate": 0.001, "decay": 0.0, "beta_1": 0.9, "beta_2": 0.999,
        "epsilon": 1e-07, "amsgrad": False, "jit_compile": True, "is_legacy_optimizer": False}}
    opt = O.deserialize(keras2)
    assert type(opt) is O.Adam and "decay" not in opt.get_config()  # decay=0: nothing
    assert type(O.deserialize({"class_name": "ADAM", "config": {}})) is O.Adam


def test_deserialize_with_schedule_and_custom_objects():
    class MyOpt(O.SGD):
        pass

    opt = MyOpt(learning_rate=S.PolynomialDecay(0.1, 100))
    data = O.serialize(opt)
    assert data["registered_name"] == "MyOpt"
    clone = O.deserialize(data, custom_objects={"MyOpt": MyOpt})
    assert type(clone) is MyOpt
    assert isinstance(clone._learning_rate, S.PolynomialDecay)


def test_schedule_serialize_format_is_keras():
    data = S.serialize(S.ExponentialDecay(0.1, 10, 0.9))
    assert data == {
        "module": "keras.optimizers.schedules", "class_name": "ExponentialDecay",
        "config": {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.9,
                   "staircase": False, "name": "ExponentialDecay"},
        "registered_name": None}
    assert isinstance(S.deserialize(data), S.ExponentialDecay)
