"""``GroupNormalization`` (Wu and He, 2018) and ``UnitNormalization``."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from torcheras.backend import _device
from torcheras.layers._input_spec import InputSpec
from torcheras.layers._layer import Layer
from torcheras.layers.normalization import _common


def _check_groups(groups) -> int:
    if (isinstance(groups, bool) or not isinstance(groups, int)
            or (groups <= 0 and groups != -1)):
        raise ValueError(
            "Received an invalid value for argument `groups`, expected a positive integer "
            f"(or `-1` for instance normalization). Received: groups={groups}"
        )
    return groups


class GroupNormalization(Layer):
    """Group normalization: channels split into ``groups``, each normalized per sample.

    With ``groups=1`` it is a layer normalization over all non-batch axes; with
    ``groups=-1`` (one group per channel) an instance normalization.

    Args:
        groups: Number of groups (a divisor of the channel count), or ``-1``.
        axis: Integer, the channel axis (``-1`` for channels-last data).
        epsilon: Small float added to the variance to avoid dividing by zero.
        center: If ``True``, add the learned offset ``beta``.
        scale: If ``True``, multiply by the learned scale ``gamma``.
        beta_initializer, gamma_initializer: Initializers (zeros, ones).
        beta_regularizer, gamma_regularizer: Optional regularizers.
        beta_constraint, gamma_constraint: Optional constraints.

    Example:

    >>> import numpy as np
    >>> layer = GroupNormalization(groups=2, epsilon=0.0)
    >>> layer(np.array([[1.0, 3.0, 5.0, 9.0]], "float32")).tolist()
    [[-1.0, 1.0, -1.0, 1.0]]
    """

    def __init__(self, groups=32, axis=-1, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                 **kwargs):
        groups = _check_groups(groups)
        super().__init__(**kwargs)
        self.groups = groups
        self.axis = _common.check_axis(axis, allow_list=False)
        self.epsilon = _common.check_epsilon(epsilon)
        self.center = bool(center)
        self.scale = bool(scale)
        for key, value in _common.affine_objects(beta_initializer, gamma_initializer,
                                                 beta_regularizer, gamma_regularizer,
                                                 beta_constraint, gamma_constraint).items():
            setattr(self, key, value)
        self.supports_masking = True
        self.gamma = None
        self.beta = None

    def build(self, input_shape) -> None:
        input_shape = tuple(input_shape)
        _common.free_weight_names(self, "gamma", "beta")
        _common.check_axes_in_range([self.axis], input_shape, self.axis)
        dim = input_shape[self.axis]
        if dim is None:
            raise ValueError(
                f"Axis {self.axis} of input tensor should have a defined dimension but the "
                f"layer received an input with shape {input_shape}."
            )
        if self.groups == -1:
            self.groups = dim
        if dim < self.groups:
            raise ValueError(
                f"Number of groups ({self.groups}) cannot be more than the number of "
                f"channels ({dim})."
            )
        if dim % self.groups != 0:
            raise ValueError(
                f"Number of groups ({self.groups}) must be a multiple of the number of "
                f"channels ({dim})."
            )
        if self.axis % len(input_shape) == 0:
            raise ValueError(
                "GroupNormalization normalizes each sample, so `axis` cannot be the batch "
                f"axis. Received: axis={self.axis} for an input of shape {input_shape}"
            )
        self.input_spec = InputSpec(ndim=len(input_shape), axes={self.axis: dim})
        if self.scale:
            self.gamma = self.add_weight(
                shape=(dim,), name="gamma", initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer, constraint=self.gamma_constraint)
        else:
            self.gamma = None
        if self.center:
            self.beta = self.add_weight(
                shape=(dim,), name="beta", initializer=self.beta_initializer,
                regularizer=self.beta_regularizer, constraint=self.beta_constraint)
        else:
            self.beta = None
        self.built = True

    def call(self, inputs):
        x = _common.upcast(inputs)
        gamma = None if self.gamma is None else self.gamma.to(x.dtype)
        beta = None if self.beta is None else self.beta.to(x.dtype)
        axis = self.axis % x.dim()
        # torch's kernel wants channels at dim 1; moving them there is a view (a
        # channels-last layout for 4-D and 5-D inputs, which the kernel handles).
        out = F.group_norm(x.movedim(axis, 1), self.groups, gamma, beta, self.epsilon)
        return out.movedim(1, axis).to(_device.to_torch_dtype(self.compute_dtype))

    def compute_output_shape(self, input_shape):
        _common.check_axes_in_range([self.axis], input_shape, self.axis)
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "groups": self.groups,
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            **_common.affine_config(self),
        })
        return config


class UnitNormalization(Layer):
    """Scales each sample to unit L2 norm over ``axis``: ``x / max(||x||, 1e-12)``.

    Args:
        axis: Integer or list of integers, the axes to normalize over.

    Example:

    >>> import numpy as np
    >>> UnitNormalization()(np.array([[3.0, 4.0]], "float32")).tolist()
    [[0.6000000238418579, 0.800000011920929]]
    """

    _EPSILON = 1e-12

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        if isinstance(axis, (list, tuple)):
            self.axis = list(axis)
        elif isinstance(axis, int) and not isinstance(axis, bool):
            self.axis = axis
        else:
            raise TypeError(
                "Invalid value for `axis` argument: expected an int or a list/tuple of ints. "
                f"Received: axis={axis}"
            )
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        x = inputs if inputs.is_floating_point() else inputs.to(torch.float32)
        dims = self.axis if isinstance(self.axis, list) else [self.axis]
        square_sum = (x * x).sum(dim=dims, keepdim=True)
        # min(rsqrt(s), 1/eps) written as a clamp of s, which keeps the gradient finite at 0.
        return x * torch.rsqrt(square_sum.clamp_min(self._EPSILON ** 2))

    def compute_output_shape(self, input_shape):
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        rank = len(input_shape)
        for a in axes:
            if a >= rank or a < -rank:
                raise ValueError(
                    f"Axis {self.axis} is out of bounds for input shape {tuple(input_shape)}."
                )
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config["axis"] = self.axis
        return config
