"""``PReLU``: leaky ReLU whose negative slope is a learned weight."""

from __future__ import annotations

import torch

from torcheras import constraints, initializers, regularizers
from torcheras.layers._input_spec import InputSpec
from torcheras.layers._layer import Layer


class PReLU(Layer):
    """Parametric ReLU: ``x`` for ``x >= 0``, ``alpha * x`` otherwise, ``alpha`` learned.

    ``alpha`` has the input's shape without the batch axis; axes listed in
    ``shared_axes`` (counted from 1) get size 1 so that one slope is shared along them.

    Args:
        alpha_initializer: Initializer for ``alpha`` (default ``"Zeros"``).
        alpha_regularizer: Regularizer for ``alpha``.
        alpha_constraint: Constraint for ``alpha``.
        shared_axes: Integer or list of integers, the axes sharing one slope, e.g.
            ``[1, 2]`` for one slope per channel of ``(batch, h, w, channels)`` inputs.

    Example:

    >>> import numpy as np
    >>> layer = PReLU(alpha_initializer="ones")
    >>> layer(np.array([[-2.0, 3.0]], "float32")).tolist()
    [[-2.0, 3.0]]
    >>> layer.alpha.shape
    torch.Size([2])
    """

    def __init__(self, alpha_initializer="Zeros", alpha_regularizer=None, alpha_constraint=None,
                 shared_axes=None, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = constraints.get(alpha_constraint)
        if shared_axes is None:
            self.shared_axes = None
        elif isinstance(shared_axes, (list, tuple)):
            self.shared_axes = list(shared_axes)
        else:
            self.shared_axes = [shared_axes]
        for axis in self.shared_axes or []:
            if isinstance(axis, bool) or not hasattr(axis, "__index__") or axis < 1:
                raise ValueError(
                    "Argument `shared_axes` of PReLU must contain axes counted from 1 (the "
                    f"batch axis cannot be shared). Received: shared_axes={shared_axes!r}"
                )

    def build(self, input_shape) -> None:
        input_shape = tuple(input_shape)
        param_shape = list(input_shape[1:])
        for axis in self.shared_axes or []:
            if axis > len(param_shape):
                raise ValueError(
                    f"Argument `shared_axes` of PReLU layer '{self.name}' refers to axis "
                    f"{axis}, but the input has only {len(input_shape)} dimensions. "
                    f"Received: shared_axes={self.shared_axes}, input_shape={input_shape}"
                )
            param_shape[axis - 1] = 1
        if any(d is None for d in param_shape):
            raise ValueError(
                f"PReLU layer '{self.name}' needs every non-shared input dimension to be "
                f"known to create `alpha`. Received: input_shape={input_shape}"
            )
        self.alpha = self.add_weight(shape=param_shape, name="alpha",
                                     initializer=self.alpha_initializer,
                                     regularizer=self.alpha_regularizer,
                                     constraint=self.alpha_constraint)
        axes = {}
        if self.shared_axes:
            for i in range(1, len(input_shape)):
                if i not in self.shared_axes:
                    axes[i] = input_shape[i]
        self.input_spec = InputSpec(ndim=len(input_shape), axes=axes)
        self.built = True

    def call(self, inputs):
        return torch.relu(inputs) - self.alpha * torch.relu(-inputs)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "alpha_initializer": initializers.serialize(self.alpha_initializer),
            "alpha_regularizer": regularizers.serialize(self.alpha_regularizer),
            "alpha_constraint": constraints.serialize(self.alpha_constraint),
            "shared_axes": self.shared_axes,
        })
        return config
