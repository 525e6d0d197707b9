"""``keras.optimizers.AdamW``."""

from __future__ import annotations

from torcheras.optimizers._adam import Adam


class AdamW(Adam):
    """Optimizer that implements the AdamW algorithm.

    Adam with decoupled weight decay (Loshchilov & Hutter, 2019): before each Adam
    update, `w -= w * weight_decay * learning_rate`.

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable taking no
            arguments. Defaults to `0.001`.
        weight_decay: Float. Defaults to `0.004`. Must not be `None`.
        beta_1: The exponential decay rate for the 1st moment estimates. Defaults to 0.9.
        beta_2: The exponential decay rate for the 2nd moment estimates.
            Defaults to 0.999.
        epsilon: A small constant for numerical stability. Defaults to 1e-7.
        amsgrad: Boolean. Whether to apply the AMSGrad variant. Defaults to `False`.
        clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
        ema_overwrite_frequency, loss_scale_factor, gradient_accumulation_steps, name:
            See `keras.optimizers.Optimizer`.

    Example:

    >>> import numpy as np, torch
    >>> from torcheras.backend import Variable
    >>> w = Variable(np.array([1.0]))
    >>> AdamW(learning_rate=0.1, weight_decay=0.5).apply([torch.tensor([3.0])], [w])
    >>> np.round(w.numpy(), 5)   # 1 * (1 - 0.5 * 0.1) - 0.1
    array([0.85], dtype=float32)
    """

    def __init__(self, learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999,
                 epsilon=1e-7, amsgrad=False, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        if weight_decay is None:
            raise ValueError(
                "Argument `weight_decay` must be a float. Received: weight_decay=None")
        super().__init__(
            learning_rate=learning_rate, beta_1=beta_1, beta_2=beta_2, epsilon=epsilon,
            amsgrad=amsgrad, name=name, weight_decay=weight_decay, clipnorm=clipnorm,
            clipvalue=clipvalue, global_clipnorm=global_clipnorm, use_ema=use_ema,
            ema_momentum=ema_momentum, ema_overwrite_frequency=ema_overwrite_frequency,
            loss_scale_factor=loss_scale_factor,
            gradient_accumulation_steps=gradient_accumulation_steps, **kwargs)
