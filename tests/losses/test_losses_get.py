"""losses.get / serialize / deserialize, and how compile resolves a loss (Keras 3 rules)."""

import numpy as np
import pytest

from torcheras import losses
from torcheras.losses._resolve import is_binary_or_sparse_categorical, resolve_loss


@pytest.mark.parametrize("name, fn", [
    ("mse", losses.mean_squared_error), ("MSE", losses.mean_squared_error),
    ("mean_squared_error", losses.mean_squared_error), ("mae", losses.mean_absolute_error),
    ("mape", losses.mean_absolute_percentage_error),
    ("msle", losses.mean_squared_logarithmic_error), ("bce", losses.binary_crossentropy),
    ("kld", losses.kl_divergence), ("KLD", losses.kl_divergence),
    ("kullback_leibler_divergence", losses.kl_divergence), ("logcosh", losses.log_cosh),
    ("log_cosh", losses.log_cosh), ("huber", losses.huber),
    ("categorical_crossentropy", losses.categorical_crossentropy),
    ("sparse_categorical_crossentropy", losses.sparse_categorical_crossentropy),
    ("binary_focal_crossentropy", losses.binary_focal_crossentropy),
    ("cosine_similarity", losses.cosine_similarity), ("hinge", losses.hinge),
    ("squared_hinge", losses.squared_hinge), ("categorical_hinge", losses.categorical_hinge),
    ("poisson", losses.poisson), ("dice", losses.dice),
])
def test_get_function_names(name, fn):
    assert losses.get(name) is fn


def test_get_classes_configs_instances_callables():
    assert type(losses.get("CategoricalCrossentropy")) is losses.CategoricalCrossentropy
    assert type(losses.get(losses.Huber)) is losses.Huber
    inst = losses.Huber(delta=3.0)
    assert losses.get(inst) is inst
    obj = losses.get({"class_name": "CategoricalCrossentropy", "config": {"from_logits": True}})
    assert obj.from_logits is True
    custom = lambda y_true, y_pred: y_pred  # noqa: E731
    assert losses.get(custom) is custom
    assert losses.get(None) is None


def test_get_unknown_name_suggests():
    with pytest.raises(ValueError, match=r"Unknown loss.*'mean_sqared_error'.*"
                                         r"Did you mean 'mean_squared_error'\?"):
        losses.get("mean_sqared_error")
    with pytest.raises(ValueError, match=r"Could not interpret loss identifier"):
        losses.get(42)
    with pytest.raises(ValueError, match=r"Could not interpret loss identifier"):
        losses.get(dict)


def test_serialize_matches_keras_format():
    assert losses.serialize(losses.MeanSquaredError()) == {
        "module": "keras.losses", "class_name": "MeanSquaredError",
        "config": {"name": "mean_squared_error", "reduction": "sum_over_batch_size"},
        "registered_name": None}
    assert losses.serialize(losses.mean_squared_error) == {
        "module": "builtins", "class_name": "function", "config": "mean_squared_error",
        "registered_name": "function"}
    cce = losses.CategoricalCrossentropy(from_logits=True)
    again = losses.deserialize(losses.serialize(cce))
    assert type(again) is losses.CategoricalCrossentropy and again.from_logits is True
    assert losses.deserialize(losses.serialize(losses.mse)) is losses.mean_squared_error
    assert losses.deserialize("mae") is losses.mean_absolute_error


def test_deserialize_custom_objects():
    class MyLoss(losses.Loss):
        def call(self, y_true, y_pred):
            return y_pred

    config = losses.serialize(MyLoss(name="mine"))
    assert config["class_name"] == "MyLoss"
    obj = losses.deserialize(config, custom_objects={"MyLoss": MyLoss})
    assert isinstance(obj, MyLoss) and obj.name == "mine"
    with pytest.raises(ValueError, match="Unknown loss"):
        losses.deserialize(config)


@pytest.mark.parametrize("t_shape, p_shape, expected", [
    ((8, 1), (8, 1), (True, False)), ((8,), (8, 1), (True, True)),
    ((8,), (8, 5), (False, True)), ((8, 1), (8, 5), (False, True)),
    ((8, 5), (8, 5), (False, False)), ((8, 3), (8, 3), (False, False)),
])
def test_shape_rule(t_shape, p_shape, expected):
    assert is_binary_or_sparse_categorical(np.zeros(t_shape), np.zeros(p_shape)) == expected


@pytest.mark.parametrize("ident, t_shape, p_shape, fn", [
    ("crossentropy", (8, 1), (8, 1), losses.binary_crossentropy),
    ("ce", (8,), (8, 4), losses.sparse_categorical_crossentropy),
    ("CE", (8, 4), (8, 4), losses.categorical_crossentropy),
])
def test_resolve_crossentropy(ident, t_shape, p_shape, fn):
    loss = resolve_loss(ident, np.zeros(t_shape), np.zeros(p_shape))
    assert isinstance(loss, losses.LossFunctionWrapper) and loss.fn is fn
    assert loss.name == ident


def test_resolve_names_like_keras():
    assert resolve_loss("mse", None, None).name == "mse"
    assert resolve_loss(losses.mean_absolute_error, None, None).name == "mean_absolute_error"
    assert resolve_loss("Huber", None, None).name == "huber_loss"
    inst = losses.CategoricalCrossentropy(name="cc")
    assert resolve_loss(inst, None, None) is inst
    assert resolve_loss(None, None, None) is None
