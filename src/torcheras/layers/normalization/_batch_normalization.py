"""``BatchNormalization``: normalizes with batch statistics in training, moving ones after.

Numbers follow Keras 3: the moving averages are ``moving * momentum + batch * (1 -
momentum)`` with the *biased* batch variance, the normalization is
``(x - mean) * rsqrt(var + epsilon) * gamma + beta``, and a layer with ``trainable=False``
runs in inference mode and leaves its statistics alone.

Speed: without a mask or renorm, training and inference run torch's fused batch-norm
kernels. A channels-last input normalized over its last axis is handed over as a view
(``(N, ..., C)`` reshaped to ``(M, C)``), so nothing is copied or permuted. The moving
statistics are updated in place under ``torch.no_grad()`` from the statistics the kernel
returns: no host synchronization, and they never reach the optimizer because they are
non-trainable.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from torcheras import initializers
from torcheras.backend import _config
from torcheras.layers._input_spec import InputSpec
from torcheras.layers._layer import Layer
from torcheras.layers.normalization import _common

# Devices whose native_batch_norm returns (output, mean, inverse std) in training mode.
_FUSED_DEVICES = ("cpu", "cuda")
_RENORM_KEYS = ("rmax", "rmin", "dmax")


def _check_renorm_clipping(renorm_clipping):
    clipping = dict(renorm_clipping or {})
    if set(clipping) - set(_RENORM_KEYS):
        raise ValueError(
            f"Received invalid keys for `renorm_clipping` argument: {renorm_clipping}. "
            f"Supported values: {list(_RENORM_KEYS)}."
        )
    rmax, rmin, dmax = (clipping.get(k) for k in _RENORM_KEYS)
    if rmax is not None and rmin is not None and rmax < rmin:
        raise ValueError(
            "rmax should be greater than rmin in the `renorm_clipping` argument. "
            f"Received: rmax={rmax}, rmin={rmin}."
        )
    if dmax is not None and dmax < 0:
        raise ValueError(
            "dmax should be non-negative in the `renorm_clipping` argument. "
            f"Received: dmax={dmax}."
        )
    return clipping


def _check_momentum(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ValueError(
            f"Argument `{name}` must be a float between 0 and 1. Received: {name}={value!r}"
        )
    return float(value)


class BatchNormalization(Layer):
    """Layer that normalizes its inputs.

    During training (``fit()``, or a call with ``training=True``) the layer normalizes
    with the mean and variance of the current batch,
    ``gamma * (batch - mean(batch)) / sqrt(var(batch) + epsilon) + beta``, and updates
    its non-trainable moving statistics:
    ``moving_mean = moving_mean * momentum + mean(batch) * (1 - momentum)`` (the same for
    ``moving_variance`` with the biased batch variance). In inference (``evaluate()``,
    ``predict()``, ``training=False``, the default of a direct call) it uses
    ``gamma * (batch - moving_mean) / sqrt(moving_variance + epsilon) + beta``.

    Setting ``layer.trainable = False`` freezes the layer: it then runs in inference mode
    and its moving statistics are no longer updated (as in Keras 3).

    Args:
        axis: Integer, the features axis (``-1`` for channels-last data, ``1`` after a
            ``Conv2D`` with ``data_format="channels_first"``).
        momentum: Momentum of the moving averages.
        epsilon: Small float added to the variance to avoid dividing by zero.
        center: If ``True``, add the learned offset ``beta``.
        scale: If ``True``, multiply by the learned scale ``gamma``.
        beta_initializer, gamma_initializer: Initializers of ``beta`` (zeros) and ``gamma``
            (ones).
        moving_mean_initializer, moving_variance_initializer: Initializers of the moving
            statistics (zeros and ones).
        beta_regularizer, gamma_regularizer: Optional regularizers.
        beta_constraint, gamma_constraint: Optional constraints.
        renorm: Whether to use Batch Renormalization (adds ``moving_stddev``,
            ``renorm_mean`` and ``renorm_stddev`` weights).
        renorm_clipping: Dict with optional keys ``"rmax"``, ``"rmin"``, ``"dmax"``
            clipping the renorm corrections.
        renorm_momentum: Momentum of the renorm statistics.
        synchronized: Only ``False`` is supported (as with Keras's torch backend).

    Call arguments:
        inputs: Input tensor of any rank.
        training: Whether to normalize with batch statistics (and update the moving ones).
        mask: Optional boolean tensor with one dimension fewer than ``inputs``; masked
            positions are left out of the batch statistics.

    Example:

    >>> import numpy as np
    >>> layer = BatchNormalization(momentum=0.5)
    >>> x = np.array([[1.0, 2.0], [3.0, 6.0]], "float32")
    >>> np.round(layer(x, training=True).tolist(), 4)
    array([[-0.9995, -0.9999],
           [ 0.9995,  0.9999]])
    >>> layer.moving_mean.numpy().round(5).tolist(), layer.moving_variance.numpy().round(5).tolist()
    ([1.0, 2.0], [1.0, 2.5])
    """

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones",
                 moving_mean_initializer="zeros", moving_variance_initializer="ones",
                 beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None, renorm=False, renorm_clipping=None,
                 renorm_momentum=0.99, synchronized=False, **kwargs):
        super().__init__(**kwargs)
        self.axis = _common.check_axis(axis, allow_list=False)
        if synchronized:
            raise ValueError(
                "Argument synchronized=True is only supported with the TensorFlow backend."
            )
        self.synchronized = False
        self.momentum = _check_momentum(momentum, "momentum")
        self.epsilon = _common.check_epsilon(epsilon)
        self.center = bool(center)
        self.scale = bool(scale)
        for key, value in _common.affine_objects(beta_initializer, gamma_initializer,
                                                 beta_regularizer, gamma_regularizer,
                                                 beta_constraint, gamma_constraint).items():
            setattr(self, key, value)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.renorm = bool(renorm)
        self.renorm_clipping = (_check_renorm_clipping(renorm_clipping) if self.renorm
                                else renorm_clipping)
        self.renorm_momentum = _check_momentum(renorm_momentum, "renorm_momentum")
        self.supports_masking = True
        self.gamma = None
        self.beta = None
        self.moving_mean = None
        self.moving_variance = None
        self._channel_axis = None

    # ------------------------------------------------------------------ weights
    def build(self, input_shape) -> None:
        input_shape = tuple(input_shape)
        _common.free_weight_names(self, "gamma", "beta", "moving_mean", "moving_variance")
        _common.check_axes_in_range([self.axis], input_shape, self.axis)
        dim = _common.defined_dim(input_shape, self.axis, self.name)
        shape = (dim,)
        if self.scale:
            self.gamma = self.add_weight(
                shape=shape, name="gamma", initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer, constraint=self.gamma_constraint,
                trainable=True)
        else:
            self.gamma = None
        if self.center:
            self.beta = self.add_weight(
                shape=shape, name="beta", initializer=self.beta_initializer,
                regularizer=self.beta_regularizer, constraint=self.beta_constraint,
                trainable=True)
        else:
            self.beta = None
        self.moving_mean = self.add_weight(
            shape=shape, name="moving_mean", initializer=self.moving_mean_initializer,
            trainable=False)
        self.moving_variance = self.add_weight(
            shape=shape, name="moving_variance",
            initializer=self.moving_variance_initializer, trainable=False)
        if self.renorm:
            self._build_renorm(shape)
        self.input_spec = InputSpec(ndim=len(input_shape), axes={self.axis: dim})
        self._channel_axis = self.axis % len(input_shape)
        self.built = True

    def _build_renorm(self, shape) -> None:
        def stddev_init(shape, dtype=None):
            # A fresh copy of the variance initializer, then its square root (as Keras).
            config = initializers.serialize(self.moving_variance_initializer)
            return torch.sqrt(initializers.get(config)(shape, dtype=dtype))

        mean_init = initializers.get(initializers.serialize(self.moving_mean_initializer))
        self.moving_stddev = self.add_weight(
            shape=shape, name="moving_stddev", initializer=stddev_init, trainable=False)
        self.renorm_mean = self.add_weight(
            shape=shape, name="renorm_mean", initializer=mean_init, trainable=False)
        self.renorm_stddev = self.add_weight(
            shape=shape, name="renorm_stddev", initializer=stddev_init, trainable=False)

    # ------------------------------------------------------------------ call
    def call(self, inputs, training=None, mask=None):
        if mask is not None and mask.dim() != inputs.dim() - 1:
            raise ValueError(
                "The mask provided should be one dimension less than the inputs. Received: "
                f"mask.shape={tuple(mask.shape)}, inputs.shape={tuple(inputs.shape)}"
            )
        x = _common.upcast(inputs)
        if training and self.trainable:
            if (mask is None and not self.renorm and x.dim() >= 2
                    and x.device.type in _FUSED_DEVICES):
                out = self._train_fused(x)
            else:
                out = self._train_general(x, mask)
        elif x.dim() >= 2:
            out = self._inference_fused(x)
        else:
            out = self._normalize(x, self.moving_mean, self.moving_variance, self.gamma,
                                  self.beta)
        if out.dtype != inputs.dtype and inputs.is_floating_point():
            out = out.to(inputs.dtype)
        return out

    def _channels_first_view(self, x: torch.Tensor) -> torch.Tensor:
        """``x`` with the normalized axis at dim 1, as torch's kernels expect, without copying
        when possible."""
        axis = self._channel_axis
        if axis == 1:
            return x
        if axis == x.dim() - 1:
            return x.reshape(-1, x.shape[-1])
        return x.movedim(axis, 1)

    def _restore(self, out: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
        axis = self._channel_axis
        if axis == 1:
            return out
        if axis == like.dim() - 1:
            return out.reshape(like.shape)
        return out.movedim(1, axis)

    def _params(self, dtype):
        gamma, beta = self.gamma, self.beta
        if gamma is not None and gamma.dtype != dtype:
            gamma = gamma.to(dtype)
        if beta is not None and beta.dtype != dtype:
            beta = beta.to(dtype)
        return gamma, beta

    def _train_fused(self, x: torch.Tensor) -> torch.Tensor:
        gamma, beta = self._params(x.dtype)
        out, mean, invstd = torch.native_batch_norm(
            self._channels_first_view(x), gamma, beta, None, None, True, 0.0, self.epsilon)
        with torch.no_grad():
            # The kernel returns 1/sqrt(var + eps) of the biased variance, Keras's statistic.
            variance = invstd.pow(-2).sub_(self.epsilon).clamp_(min=0.0)
            self._update_moving(mean, variance)
        return self._restore(out, x)

    def _inference_fused(self, x: torch.Tensor) -> torch.Tensor:
        gamma, beta = self._params(x.dtype)
        mean, var = self.moving_mean, self.moving_variance
        if mean.dtype != x.dtype:
            mean, var = mean.to(x.dtype), var.to(x.dtype)
        out = F.batch_norm(self._channels_first_view(x), mean, var, gamma, beta, False, 0.0,
                           self.epsilon)
        return self._restore(out, x)

    @torch.no_grad()
    def _update_moving(self, mean: torch.Tensor, variance: torch.Tensor) -> None:
        m = self.momentum
        self.moving_mean.mul_(m).add_(mean.to(self.moving_mean.dtype), alpha=1.0 - m)
        self.moving_variance.mul_(m).add_(variance.to(self.moving_variance.dtype),
                                          alpha=1.0 - m)

    # ------------------------------------------------------------------ general path
    def _reduction_axes(self, ndim: int) -> list[int]:
        return [i for i in range(ndim) if i != self._channel_axis]

    def _moments(self, x: torch.Tensor, mask):
        axes = self._reduction_axes(x.dim())
        if mask is None:
            if not axes:
                return x, torch.zeros_like(x)
            # Keras's torch backend: E[x^2] - E[x]^2.
            mean = x.mean(dim=axes)
            variance = (x * x).mean(dim=axes) - mean * mean
            return mean, variance
        eps = _config.epsilon()
        weights = mask.unsqueeze(-1).expand(x.shape).to(torch.bool)
        count = weights.to(x.dtype).sum(dim=axes, keepdim=True)
        mean = torch.where(weights, x, 0).sum(dim=axes, keepdim=True) / (count + eps)
        diff = torch.where(weights, x - mean, 0)
        variance = (diff * diff).sum(dim=axes, keepdim=True) / (count + eps)
        return mean.reshape(-1), variance.reshape(-1)

    def _broadcast(self, v, ndim: int):
        if v is None or ndim < 2:
            return v
        shape = [1] * ndim
        shape[self._channel_axis] = -1
        return v.reshape(shape)

    def _normalize(self, x, mean, variance, gamma, beta):
        nd = x.dim()
        inv = torch.rsqrt(self._broadcast(variance, nd).to(x.dtype) + self.epsilon)
        if gamma is not None:
            inv = inv * self._broadcast(gamma, nd).to(x.dtype)
        out = (x - self._broadcast(mean, nd).to(x.dtype)) * inv
        if beta is not None:
            out = out + self._broadcast(beta, nd).to(x.dtype)
        return out

    def _train_general(self, x: torch.Tensor, mask) -> torch.Tensor:
        mean, variance = self._moments(x, mask)
        gamma, beta = self._params(x.dtype)
        if self.renorm:
            gamma, beta = self._renorm_transform(mean, variance, gamma, beta)
            self._update_renorm(mean.detach(), variance.detach())
        else:
            self._update_moving(mean.detach(), variance.detach())
        return self._normalize(x, mean, variance, gamma, beta)

    def _renorm_transform(self, mean, variance, gamma, beta):
        """Batch Renormalization's ``(r, d)`` folded into the scale and offset."""
        stddev = torch.sqrt(variance + self.epsilon)
        renorm_mean = self.renorm_mean.to(mean.dtype)
        renorm_stddev = torch.clamp(self.renorm_stddev.to(mean.dtype),
                                    min=self.epsilon ** 0.5)
        r = stddev / renorm_stddev
        d = (mean - renorm_mean) / renorm_stddev
        clip = self.renorm_clipping
        if clip.get("rmin") is not None:
            r = torch.clamp(r, min=clip["rmin"])
        if clip.get("rmax") is not None:
            r = torch.clamp(r, max=clip["rmax"])
        if clip.get("dmax") is not None:
            d = torch.clamp(d, -clip["dmax"], clip["dmax"])
        r, d = r.detach(), d.detach()
        if gamma is not None:
            new_gamma, new_beta = r * gamma, d * gamma
        else:
            new_gamma, new_beta = r, d
        if beta is not None:
            new_beta = new_beta + beta
        return new_gamma, new_beta

    @torch.no_grad()
    def _update_renorm(self, mean, variance) -> None:
        stddev = torch.sqrt(variance + self.epsilon)
        rm = self.renorm_momentum
        self.renorm_mean.copy_(self.renorm_mean * rm + mean * (1.0 - rm))
        self.renorm_stddev.copy_(self.renorm_stddev * rm + stddev * (1.0 - rm))
        m = self.momentum
        self.moving_mean.copy_(self.moving_mean * m + mean * (1.0 - m))
        new_stddev = self.moving_stddev * m + stddev * (1.0 - m)
        self.moving_stddev.copy_(new_stddev)
        # relu guards against rounding pushing the variance below zero.
        self.moving_variance.copy_(torch.relu(new_stddev * new_stddev - self.epsilon))

    # ------------------------------------------------------------------ config
    def compute_output_shape(self, input_shape):
        _common.check_axes_in_range([self.axis], input_shape, self.axis)
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "axis": self.axis,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            **_common.affine_config(self),
            "moving_mean_initializer": initializers.serialize(self.moving_mean_initializer),
            "moving_variance_initializer": initializers.serialize(
                self.moving_variance_initializer),
            "synchronized": self.synchronized,
            "renorm": self.renorm,
            "renorm_clipping": self.renorm_clipping,
            "renorm_momentum": self.renorm_momentum,
        })
        return config
