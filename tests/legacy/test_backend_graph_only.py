"""TensorFlow 1 graph functions of Keras 2's backend: each says what to write instead."""

import pytest

from torcheras import backend as K


@pytest.mark.parametrize("call, advice", [
    (lambda: K.gradients(None, []), r"torch.autograd.grad\(loss, variables\)"),
    (lambda: K.placeholder(shape=(None, 3)), r"keras.Input\(shape=..., dtype=...\)"),
    (lambda: K.is_placeholder(None), r"K.is_keras_tensor\(x\)"),
    (lambda: K.get_session(), r"There is no session: tensors are computed when you call"),
    (lambda: K.set_session(None), r"configure devices with `keras.backend.set_device`"),
    (lambda: K.get_graph(), r"There is no graph: build models with `keras.Input`"),
], ids=["gradients", "placeholder", "is_placeholder", "get_session", "set_session",
        "get_graph"])
def test_graph_only_function_names_the_eager_alternative(call, advice):
    with pytest.raises(RuntimeError, match=r"needs TensorFlow 1's graph mode") as info:
        call()
    assert info.match(advice)


def test_function_with_updates_is_graph_only():
    import torcheras as keras

    x = keras.Input((2,))
    with pytest.raises(RuntimeError, match=r"variable.assign\(new_value\)"):
        K.function([x], [x * 2.0], updates=[(K.variable(0.0), 1.0)])
