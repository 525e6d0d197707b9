"""torcheras._objects: the one get/serialize/deserialize behind the namespaces."""

import re

import pytest

from torcheras import constraints, initializers, losses, metrics, regularizers
from torcheras._objects import Namespace, class_table, deserialize_function


class Thing:
    def __init__(self, size=1):
        self.size = size

    def get_config(self):
        return {"size": self.size}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class BigThing(Thing):
    pass


SPACE = Namespace("thing", "keras.things", class_table((Thing, BigThing)), base=Thing,
                  argument="thing", factories={"double": lambda: Thing(2)})


def test_class_table_has_class_and_snake_case_names():
    assert class_table((BigThing,), {"big": BigThing}) == {
        "BigThing": BigThing, "big_thing": BigThing, "big": BigThing}


def test_get_each_kind_of_identifier():
    assert SPACE.get(None) is None
    assert type(SPACE.get("big_thing")) is BigThing
    assert SPACE.get({"class_name": "BigThing", "config": {"size": 5}}).size == 5
    assert type(SPACE.get(BigThing)) is BigThing
    thing = Thing(3)
    assert SPACE.get(thing) is thing
    assert SPACE.get("double").size == 2


def test_unknown_name_suggests_the_closest():
    with pytest.raises(ValueError, match=re.escape(
            "Unknown thing for `thing`: 'big_thin'. Did you mean 'big_thing'?")):
        SPACE.get("big_thin")


def test_serialize_round_trip_and_user_classes():
    saved = SPACE.serialize(BigThing(4))
    assert saved == {"module": "keras.things", "class_name": "BigThing",
                     "config": {"size": 4}, "registered_name": None}
    assert SPACE.deserialize(saved).size == 4

    class Mine(Thing):
        pass

    saved = SPACE.serialize(Mine(7))
    assert saved["registered_name"] == "Mine" and saved["module"] == __name__
    assert type(SPACE.deserialize(saved, {"Mine": Mine})) is Mine
    with pytest.raises(ValueError, match=r"Cannot serialize 3: it has no `get_config\(\)`"):
        SPACE.serialize(3)


def test_custom_objects_override_a_factory():
    assert type(SPACE.deserialize("double", {"double": BigThing})) is BigThing


@pytest.mark.parametrize("namespace, name, expected", [
    (constraints, "non_neg", "NonNeg"), (initializers, "he_normal", "HeNormal"),
    (regularizers, "l1l2", "L1L2"), (losses, "Huber", "Huber"), (metrics, "auc", "AUC"),
])
def test_every_namespace_round_trips(namespace, name, expected):
    obj = namespace.get(name)
    saved = namespace.serialize(obj)
    assert saved["class_name"] == expected and saved["registered_name"] is None
    assert type(namespace.deserialize(saved)) is type(obj)


def test_loss_and_metric_function_wrappers_share_one_config():
    wrapped = losses.LossFunctionWrapper(losses.huber, name="h", delta=2.0)
    config = wrapped.get_config()
    assert config["fn"] == {"module": "builtins", "class_name": "function",
                            "config": "huber", "registered_name": "function"}
    again = losses.LossFunctionWrapper.from_config(config)
    assert again.fn is losses.huber and again._fn_kwargs == {"delta": 2.0}
    metric = metrics.MeanMetricWrapper(losses.huber, name="h", delta=2.0)
    assert metric.get_config()["fn"] == config["fn"]
    restored = metrics.MeanMetricWrapper.from_config(metric.get_config())
    assert restored._fn is losses.huber and restored._fn_kwargs == {"delta": 2.0}


def test_metric_functions_found_before_loss_functions():
    assert deserialize_function("binary_accuracy", ("keras.metrics.functions",
                                                    "keras.losses.functions"),
                                "metric function") is metrics.binary_accuracy
    assert deserialize_function("mse", ("keras.metrics.functions", "keras.losses.functions"),
                                "metric function") is losses.mean_squared_error


def test_unknown_function_name():
    with pytest.raises(ValueError, match=re.escape(
            "Unknown loss function: 'hubr'. Did you mean 'huber'?")):
        losses.LossFunctionWrapper.from_config({"fn": "hubr", "name": "x"})
