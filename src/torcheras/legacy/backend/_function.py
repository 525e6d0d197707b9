"""Keras 2's ``K.function(inputs, outputs)``, run eagerly on the layers of a functional model."""

from __future__ import annotations

from typing import Any

import torch

from torcheras import ops, tree
from torcheras._function import Function
from torcheras.backend._keras_tensor import KerasTensor
from torcheras.layers._call_context import CALL_CONTEXT


class EagerFunction:
    """A callable from input values to output values as NumPy arrays (Keras 2's ``K.function``).

    A slot of ``inputs`` that is not a KerasTensor (``K.learning_phase()``) receives the
    phase of each call: ``1`` runs the layers in training mode (dropout on), ``0`` in
    inference mode.

    Args:
        inputs: A KerasTensor or a list of KerasTensors (and optionally the learning phase).
        outputs: A KerasTensor or a list of KerasTensors computed from ``inputs``.
        updates: Must be empty: Keras 2's symbolic variable updates need a graph.
        name: Optional name.
    """

    def __init__(self, inputs: Any, outputs: Any, updates: Any = None,
                 name: str | None = None):
        if updates:
            raise RuntimeError(
                "`K.function(..., updates=...)` needs TensorFlow 1's graph mode, which "
                "torcheras does not have. Apply updates eagerly instead: call "
                "`variable.assign(new_value)` after computing `new_value`, or train with "
                f"`model.fit` / a custom `train_step`. Received: updates={updates!r}"
            )
        self._single_input = not isinstance(inputs, (list, tuple))
        inputs = [inputs] if self._single_input else list(inputs)
        self._tensor_slots = [i for i, t in enumerate(inputs) if isinstance(t, KerasTensor)]
        self._phase_slots = [i for i in range(len(inputs)) if i not in self._tensor_slots]
        for i in self._phase_slots:
            if inputs[i] not in (0, 1):
                raise TypeError(
                    "`K.function` inputs must be KerasTensors (e.g. `model.input`) or "
                    f"`K.learning_phase()`. Received: inputs[{i}]={inputs[i]!r}"
                )
        self._num_inputs = len(inputs)
        self._outputs_struct = outputs
        self._graph = Function([inputs[i] for i in self._tensor_slots],
                               tree.flatten(outputs), name=name)

    def __call__(self, inputs: Any) -> Any:
        values = [inputs] if self._single_input else list(inputs)
        if len(values) != self._num_inputs:
            raise ValueError(
                f"This K.function expects {self._num_inputs} input(s). "
                f"Received {len(values)}: inputs={inputs!r}"
            )
        training = bool(values[self._phase_slots[0]]) if self._phase_slots else False
        outer = CALL_CONTEXT.training
        CALL_CONTEXT.training = training
        try:
            with torch.no_grad():
                flat = self._graph([values[i] for i in self._tensor_slots])
        finally:
            CALL_CONTEXT.training = outer
        flat = [ops.convert_to_numpy(t) for t in flat]
        return tree.pack_sequence_as(self._outputs_struct, flat)


def function(inputs: Any, outputs: Any, updates: Any = None, name: str | None = None,
             **kwargs: Any) -> EagerFunction:
    """A callable computing ``outputs`` from values for ``inputs``, returning NumPy arrays.

    Example (Keras 2's way to read an intermediate layer):
    ``get_hidden = K.function([model.input], [model.layers[1].output])`` then
    ``get_hidden([x])[0]``.

    Args:
        inputs: KerasTensor(s) of a functional model (plus optionally ``K.learning_phase()``).
        outputs: KerasTensor(s) computed from them.
        updates: Must be empty (graph-only in Keras 2).
        name: Optional name.
        **kwargs: Keras 2 session arguments; none is meaningful here.
    """
    if kwargs:
        raise ValueError(
            "Invalid argument(s) for `K.function`: these TensorFlow session arguments have "
            f"no meaning on an eager engine. Received: {sorted(kwargs)!r}"
        )
    return EagerFunction(inputs, outputs, updates=updates, name=name)
