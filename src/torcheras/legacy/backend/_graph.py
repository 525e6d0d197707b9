"""Keras 2's TensorFlow 1 graph functions, which have no meaning on an eager engine.

Each one raises a ``RuntimeError`` that says what to write instead.
"""

from __future__ import annotations

from typing import Any, NoReturn

_ALTERNATIVES = {
    "gradients": (
        "Compute gradients eagerly: `loss = f(x)` then `torch.autograd.grad(loss, "
        "variables)` (or `loss.backward()` and read `variable.grad`), or override "
        "`Model.train_step`."
    ),
    "placeholder": (
        "Declare a symbolic input with `keras.Input(shape=..., dtype=...)` and evaluate "
        "graphs with `keras.Model(inputs, outputs)` or `K.function(inputs, outputs)`."
    ),
    "is_placeholder": (
        "Check for a symbolic input with `K.is_keras_tensor(x)`."
    ),
    "get_session": (
        "There is no session: tensors are computed when you call them. Call the model "
        "(`model(x)`, `model.predict(x)`) or `K.function(inputs, outputs)` directly."
    ),
    "set_session": (
        "There is no session to set: configure devices with `keras.backend.set_device` "
        "or torch itself (e.g. `torch.set_num_threads`)."
    ),
    "get_graph": (
        "There is no graph: build models with `keras.Input` and `keras.Model`, and call "
        "them on data."
    ),
}


def _graph_only(name: str) -> NoReturn:
    raise RuntimeError(
        f"`keras.backend.{name}` needs TensorFlow 1's graph mode, which torcheras does not "
        f"have (it runs eagerly on PyTorch). {_ALTERNATIVES[name]}"
    )


def gradients(loss: Any, variables: Any) -> NoReturn:
    """Graph-only in Keras 2: raises ``RuntimeError`` naming the eager way.

    Args:
        loss: Ignored.
        variables: Ignored.
    """
    del loss, variables
    _graph_only("gradients")


def placeholder(shape: Any = None, ndim: int | None = None, dtype: Any = None,
                sparse: bool = False, name: str | None = None, ragged: bool = False) -> NoReturn:
    """Graph-only in Keras 2: raises ``RuntimeError`` pointing to ``keras.Input``.

    Args:
        shape: Ignored.
        ndim: Ignored.
        dtype: Ignored.
        sparse: Ignored.
        name: Ignored.
        ragged: Ignored.
    """
    del shape, ndim, dtype, sparse, name, ragged
    _graph_only("placeholder")


def is_placeholder(x: Any) -> NoReturn:
    """Graph-only in Keras 2: raises ``RuntimeError`` pointing to ``K.is_keras_tensor``.

    Args:
        x: Ignored.
    """
    del x
    _graph_only("is_placeholder")


def get_session(op_input_list: Any = ()) -> NoReturn:
    """Graph-only in Keras 2: raises ``RuntimeError`` (there is no session).

    Args:
        op_input_list: Ignored.
    """
    del op_input_list
    _graph_only("get_session")


def set_session(session: Any) -> NoReturn:
    """Graph-only in Keras 2: raises ``RuntimeError`` (there is no session).

    Args:
        session: Ignored.
    """
    del session
    _graph_only("set_session")


def get_graph() -> NoReturn:
    """Graph-only in Keras 2: raises ``RuntimeError`` (there is no graph)."""
    _graph_only("get_graph")
