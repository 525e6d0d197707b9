"""``LayerNormalization`` and ``RMSNormalization``: per-sample normalization over feature
axes. Trailing feature axes run torch's fused ``layer_norm`` / ``rms_norm`` kernels."""

from __future__ import annotations

import warnings

import torch
import torch.nn.functional as F

from torcheras.backend import _device
from torcheras.layers._layer import Layer
from torcheras.layers.normalization import _common


def _positive_axes(axes, ndim: int) -> list[int]:
    return sorted(a % ndim for a in axes)


def _trailing(axes: list[int], ndim: int) -> bool:
    return axes == list(range(ndim - len(axes), ndim))


def _broadcast(v, axes: list[int], shape) -> torch.Tensor:
    """A weight of shape ``[shape[a] for a in axes]`` reshaped to broadcast against ``shape``."""
    target = [1] * len(shape)
    for a in axes:
        target[a] = shape[a]
    return v.reshape(target)


def _weight_shape(layer, input_shape) -> tuple:
    input_shape = tuple(input_shape)
    axes = layer.axis if isinstance(layer.axis, list) else [layer.axis]
    _common.check_axes_in_range(axes, input_shape, layer.axis)
    if isinstance(layer.axis, list):
        layer.axis = sorted(layer.axis)
        axes = layer.axis
    else:
        layer.axis = [layer.axis]
    return tuple(_common.defined_dim(input_shape, a, layer.name) for a in axes)


class LayerNormalization(Layer):
    """Layer normalization (Ba et al., 2016).

    Normalizes each sample independently over ``axis``:
    ``(x - mean) / sqrt(var + epsilon) * gamma + beta``.

    Args:
        axis: Integer or list of integers, the axes to normalize (usually the last).
        epsilon: Small float added to the variance to avoid dividing by zero.
        center: If ``True``, add the learned offset ``beta``.
        scale: If ``True``, multiply by the learned scale ``gamma``.
        beta_initializer, gamma_initializer: Initializers (zeros, ones).
        beta_regularizer, gamma_regularizer: Optional regularizers.
        beta_constraint, gamma_constraint: Optional constraints.
        rms_scaling: Deprecated by Keras (warns): scale by the variance without centering.

    Unlike Keras 3.15 on its torch backend, which fails (or normalizes the wrong axis) for
    feature axes that are not the trailing ones, such axes are normalized as Keras does on
    its other backends.

    Example:

    >>> import numpy as np
    >>> LayerNormalization(epsilon=0.0)(np.array([[1.0, 3.0]], "float32")).tolist()
    [[-1.0, 1.0]]
    """

    def __init__(self, axis=-1, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                 **kwargs):
        rms_scaling = bool(kwargs.pop("rms_scaling", False))
        if rms_scaling:
            warnings.warn(
                "You passed `rms_scaling=True`, which is deprecated. This argument "
                "incorrectly scales the input by the variance, not the root mean square. To "
                "correctly use RMS Normalization, please use "
                "`keras.layers.RMSNormalization` instead.", stacklevel=2)
        super().__init__(**kwargs)
        self.axis = _common.check_axis(axis)
        self.epsilon = _common.check_epsilon(epsilon)
        self.center = bool(center)
        self.scale = bool(scale)
        self.rms_scaling = rms_scaling
        for key, value in _common.affine_objects(beta_initializer, gamma_initializer,
                                                 beta_regularizer, gamma_regularizer,
                                                 beta_constraint, gamma_constraint).items():
            setattr(self, key, value)
        self.supports_masking = True
        self.gamma = None
        self.beta = None

    def build(self, input_shape) -> None:
        shape = _weight_shape(self, input_shape)
        _common.free_weight_names(self, "gamma", "beta")
        if self.scale or self.rms_scaling:
            self.gamma = self.add_weight(
                shape=shape, name="gamma", initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer, constraint=self.gamma_constraint)
        else:
            self.gamma = None
        if self.center and not self.rms_scaling:
            self.beta = self.add_weight(
                shape=shape, name="beta", initializer=self.beta_initializer,
                regularizer=self.beta_regularizer, constraint=self.beta_constraint)
        else:
            self.beta = None
        self.built = True

    def call(self, inputs):
        x = _common.upcast(inputs)
        gamma = None if self.gamma is None else self.gamma.to(x.dtype)
        beta = None if self.beta is None else self.beta.to(x.dtype)
        nd = x.dim()
        axes = _positive_axes(self.axis, nd)
        if self.rms_scaling:
            var = x.var(dim=axes, keepdim=True, correction=0)
            out = x * torch.rsqrt(var + self.epsilon)
            if gamma is not None:
                out = out * _broadcast(gamma, axes, x.shape)
        elif _trailing(axes, nd):
            out = F.layer_norm(x, tuple(x.shape[a] for a in axes), gamma, beta, self.epsilon)
        else:
            mean = x.mean(dim=axes, keepdim=True)
            var = (x * x).mean(dim=axes, keepdim=True) - mean * mean
            inv = torch.rsqrt(var + self.epsilon)
            if gamma is not None:
                inv = inv * _broadcast(gamma, axes, x.shape)
            res = -mean * inv
            if beta is not None:
                res = res + _broadcast(beta, axes, x.shape)
            out = x * inv + res
        return out.to(_device.to_torch_dtype(self.compute_dtype))

    def compute_output_shape(self, input_shape):
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        _common.check_axes_in_range(axes, input_shape, self.axis)
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "rms_scaling": self.rms_scaling,
            **_common.affine_config(self),
        })
        return config


class RMSNormalization(Layer):
    """Root Mean Square normalization: ``x * rsqrt(mean(square(x)) + epsilon) * scale``.

    Args:
        axis: Integer or list of integers, the axes to normalize.
        epsilon: Small float added inside the square root.

    Example:

    >>> import numpy as np
    >>> np.round(RMSNormalization(epsilon=0.0)(np.array([[3.0, 4.0]], "float32")).tolist(), 4)
    array([[0.8485, 1.1314]])
    """

    def __init__(self, axis=-1, epsilon=1e-6, **kwargs):
        super().__init__(**kwargs)
        self.axis = _common.check_axis(axis)
        self.epsilon = _common.check_epsilon(epsilon)
        self.scale = None

    def build(self, input_shape) -> None:
        shape = _weight_shape(self, input_shape)
        _common.free_weight_names(self, "scale")
        self.scale = self.add_weight(shape=shape, name="scale", initializer="ones")
        self.built = True

    def call(self, x):
        original = x.dtype
        x = _common.upcast(x)
        scale = self.scale.to(x.dtype)
        nd = x.dim()
        axes = _positive_axes(self.axis, nd)
        if _trailing(axes, nd):
            out = F.rms_norm(x, tuple(x.shape[a] for a in axes), scale, self.epsilon)
        else:
            rrms = torch.rsqrt((x * x).mean(dim=axes, keepdim=True) + self.epsilon)
            out = x * rrms * _broadcast(scale, axes, x.shape)
        return out.to(original) if original.is_floating_point else out

    def compute_output_shape(self, input_shape):
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        _common.check_axes_in_range(axes, input_shape, self.axis)
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"axis": self.axis, "epsilon": self.epsilon})
        return config
