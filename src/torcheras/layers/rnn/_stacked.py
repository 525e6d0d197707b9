"""``StackedRNNCells``: several cells run as one, each feeding the next at every step."""

from __future__ import annotations

import torch

from torcheras.backend import _device
from torcheras.layers._layer import Layer
from torcheras.layers._registry import deserialize, serialize


class StackedRNNCells(Layer):
    """Wrapper that makes a list of cells behave as a single cell.

    Args:
        cells: List of cells; the output of each is the input of the next.

    Example:

    >>> import numpy as np
    >>> from torcheras.layers import RNN, LSTMCell
    >>> cells = StackedRNNCells([LSTMCell(4), LSTMCell(2)])
    >>> tuple(RNN(cells)(np.zeros((3, 5, 6), "float32")).shape)
    (3, 2)
    """

    def __init__(self, cells, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(cells, (list, tuple)):
            raise ValueError(
                f"Argument `cells` must be a list of cells. Received: cells={cells!r}")
        for cell in cells:
            if not hasattr(cell, "call"):
                raise ValueError(
                    "All cells must have a `call` method. "
                    f"Received cell without a `call` method: {cell!r}")
            if not hasattr(cell, "state_size"):
                raise ValueError(
                    "All cells must have a `state_size` attribute. "
                    f"Received cell without a `state_size`: {cell!r}")
        self.cells = list(cells)

    @property
    def state_size(self):
        return [c.state_size for c in self.cells]

    @property
    def output_size(self):
        last = self.cells[-1]
        if getattr(last, "output_size", None) is not None:
            return last.output_size
        if isinstance(last.state_size, (list, tuple)):
            return last.state_size[0]
        return last.state_size

    def get_initial_state(self, batch_size=None):
        dtype = _device.to_torch_dtype(self.compute_dtype)
        states = []
        for cell in self.cells:
            fn = getattr(cell, "get_initial_state", None)
            if fn is not None:
                states.append(fn(batch_size=batch_size))
            elif isinstance(cell.state_size, int):
                states.append(torch.zeros((batch_size, cell.state_size), dtype=dtype,
                                          device=_device.get_device()))
            else:
                states.append([torch.zeros((batch_size, d), dtype=dtype,
                                           device=_device.get_device())
                               for d in cell.state_size])
        return states

    def call(self, inputs, states, training=False, **kwargs):
        new_states = []
        for cell, state in zip(self.cells, states):
            is_list = isinstance(state, (list, tuple))
            state = list(state) if is_list else [state]
            if getattr(cell, "_call_has_training", False):
                kwargs["training"] = training
            else:
                kwargs.pop("training", None)
            fn = cell.call if isinstance(cell, Layer) else cell
            inputs, state = fn(inputs, state, **kwargs)
            if not isinstance(state, (list, tuple)):
                state = [state]
            if len(state) == 1 and not is_list:
                state = state[0]
            new_states.append(state)
        return inputs, new_states

    def build(self, input_shape) -> None:
        for cell in self.cells:
            if isinstance(cell, Layer) and not cell.built:
                cell.build(input_shape)
                cell.built = True
            size = getattr(cell, "output_size", None)
            if size is None:
                size = cell.state_size[0] if isinstance(cell.state_size, (list, tuple)) else (
                    cell.state_size)
            input_shape = (tuple(input_shape)[0], size)
        self.built = True

    def get_config(self) -> dict:
        config = super().get_config()
        config["cells"] = [serialize(c) for c in self.cells]
        return config

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        config = dict(config)
        cells = [deserialize(c, custom_objects=custom_objects) if isinstance(c, dict) else c
                 for c in config.pop("cells")]
        return cls(cells, **config)
