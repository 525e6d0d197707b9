"""``TimeDistributed``: applies a layer to every timestep of a sequence."""

from __future__ import annotations

import torch

from torcheras.backend import _device
from torcheras.layers._keras_tensor import KerasTensor
from torcheras.layers.rnn._wrapper import Wrapper, build_child, set_nested_paths
from torcheras.tree import map_structure


class TimeDistributed(Wrapper):
    """Applies ``layer`` to every temporal slice (axis 1) of an input.

    The timesteps are folded into the batch, so the wrapped layer runs once on
    ``(batch * timesteps, ...)`` and its weights are shared across time.

    Args:
        layer: A layer to apply at each timestep.

    Example:

    >>> import numpy as np
    >>> from torcheras.layers import Dense
    >>> tuple(TimeDistributed(Dense(8))(np.zeros((32, 10, 16), "float32")).shape)
    (32, 10, 8)
    """

    def __init__(self, layer, **kwargs):
        super().__init__(layer, **kwargs)
        self.supports_masking = True

    def _child_input_shape(self, input_shape):
        if not isinstance(input_shape, (tuple, list)) or len(input_shape) < 3:
            raise ValueError(
                "`TimeDistributed` Layer should be passed an `input_shape` with at least 3 "
                f"dimensions, received: {input_shape}")
        return (input_shape[0], *input_shape[2:])

    def build(self, input_shape) -> None:
        build_child(self.layer, self._child_input_shape(tuple(input_shape)))
        set_nested_paths(self.name, self.layer)
        self.built = True

    def compute_output_shape(self, input_shape):
        child = self._child_input_shape(tuple(input_shape))
        try:
            out = self.layer.compute_output_shape(child)
        except NotImplementedError:
            out = self.layer.compute_output_spec(KerasTensor(child)).shape
        return (out[0], input_shape[1], *out[1:])

    def call(self, inputs, training=None, mask=None):
        batch, steps = inputs.shape[0], inputs.shape[1]
        kwargs = {}
        if mask is not None:
            if not isinstance(mask, torch.Tensor):
                mask = _device.convert_to_tensor(mask)
            self._check_mask(inputs, mask)
            if self.layer._call_has_mask:
                kwargs["mask"] = mask.reshape(batch * steps, *mask.shape[2:])
        if self.layer._call_has_training:
            kwargs["training"] = training
        flat = inputs.reshape(batch * steps, *inputs.shape[2:])
        outputs = self.layer.call(flat, **kwargs)
        return map_structure(lambda y: y.reshape(batch, steps, *y.shape[1:]), outputs)

    def _check_mask(self, inputs, mask) -> None:
        if mask.dim() < 2:
            raise ValueError(
                "The `mask` passed to the `TimeDistributed` layer must be at least 2D (e.g., "
                f"`(batch_size, timesteps)`), but it has {mask.dim()} dimension(s) with shape "
                f"{tuple(mask.shape)}.")
        if tuple(mask.shape[:2]) != tuple(inputs.shape[:2]):
            raise ValueError(
                f"The `mask` passed to the `TimeDistributed` layer has a shape "
                f"{tuple(mask.shape)} that is incompatible with the input shape "
                f"{tuple(inputs.shape)}. The first two dimensions of the mask (batch size and "
                "timesteps) must match the input's first two dimensions. Expected mask shape "
                f"prefix: ({inputs.shape[0]}, {inputs.shape[1]}).")
