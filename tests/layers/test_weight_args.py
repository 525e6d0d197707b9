"""layers._weight_args: per-weight initializer/regularizer/constraint, in Keras's order."""

from torcheras import constraints, initializers, regularizers
from torcheras.layers._weight_args import set_weight_args, weight_args_config


class Holder:
    activity_regularizer = None


def test_resolved_and_saved_in_keras_order():
    layer = Holder()
    set_weight_args(layer, kernel=("ones", "l2", "non_neg"), bias=("zeros", None, None))
    assert type(layer.kernel_initializer) is initializers.Ones
    assert layer.kernel_regularizer.get_config() == {"l2": 0.01}
    assert type(layer.kernel_constraint) is constraints.NonNeg
    assert layer.bias_regularizer is None and layer.bias_constraint is None
    layer.activity_regularizer = regularizers.L1(0.5)
    config = weight_args_config(layer, "kernel", "bias")
    assert list(config) == ["kernel_initializer", "bias_initializer", "kernel_regularizer",
                            "bias_regularizer", "activity_regularizer", "kernel_constraint",
                            "bias_constraint"]
    assert config["kernel_initializer"]["class_name"] == "Ones"
    assert config["activity_regularizer"]["config"] == {"l1": 0.5}
    assert config["bias_constraint"] is None
