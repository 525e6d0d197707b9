"""``ThresholdedReLU``: ``x`` where ``x > theta``, else 0 (Keras 2; removed in Keras 3)."""

from __future__ import annotations

import numbers

import torch

from torcheras.layers import Layer


class ThresholdedReLU(Layer):
    """Thresholded rectified linear unit: ``f(x) = x`` for ``x > theta``, ``0`` otherwise.

    Args:
        theta: Non-negative float, the threshold (default 1.0).
        **kwargs: Base layer arguments (``name``, ``input_shape``, ...).

    Example:

    >>> import numpy as np
    >>> ThresholdedReLU(theta=1.0)(np.array([0.5, 1.0, 1.5], "float32")).tolist()
    [0.0, 0.0, 1.5]
    """

    def __init__(self, theta=1.0, **kwargs):
        super().__init__(**kwargs)
        if theta is None:
            raise ValueError("Theta of a Thresholded ReLU layer cannot be None, expecting a "
                             f"float. Received: {theta}")
        if isinstance(theta, bool) or not isinstance(theta, numbers.Real):
            raise ValueError("Theta of a Thresholded ReLU layer must be a float. "
                             f"Received: theta={theta!r}")
        if theta < 0:
            raise ValueError("The theta value of a Thresholded ReLU layer should be >=0. "
                             f"Received: {theta}")
        self.theta = float(theta)
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return torch.where(inputs > self.theta, inputs, torch.zeros_like(inputs))

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config["theta"] = self.theta
        return config
