"""Keras 2's ``K.*`` activations, losses, dropout and normalisation, in Keras 2's formulas."""

from __future__ import annotations

from typing import Any

from torcheras import ops
from torcheras import random as krandom
from torcheras.backend import _config


def relu(x: Any, alpha: float = 0.0, max_value: float | None = None,
         threshold: float = 0.0) -> Any:
    """Rectified linear unit with Keras 2's options.

    ``f(x) = max_value`` for ``x >= max_value``, ``x`` for ``threshold <= x < max_value``,
    ``alpha * (x - threshold)`` otherwise.

    Args:
        x: A tensor.
        alpha: Slope below the threshold.
        max_value: Saturation value, or ``None``.
        threshold: Where the unit switches on.
    """
    x = ops.convert_to_tensor(x)
    negative_part = ops.relu(threshold - x) if alpha != 0 else None
    if threshold != 0:
        x = x * ops.cast(ops.greater(x, threshold), ops.dtype(x))
    else:
        x = ops.relu(x)
    if max_value is not None:
        x = ops.clip(x, 0.0, float(max_value))
    if negative_part is not None:
        x = x - alpha * negative_part
    return x


def elu(x: Any, alpha: float = 1.0) -> Any:
    """Exponential linear unit: ``x`` for ``x > 0``, ``alpha * (exp(x) - 1)`` otherwise.

    Args:
        x: A tensor.
        alpha: Scale of the negative part.
    """
    return ops.elu(x, alpha=alpha)


def softmax(x: Any, axis: int = -1) -> Any:
    """Softmax along ``axis``.

    Args:
        x: A tensor.
        axis: The axis to normalise.
    """
    return ops.softmax(x, axis=axis)


def softplus(x: Any) -> Any:
    """``log(exp(x) + 1)``.

    Args:
        x: A tensor.
    """
    return ops.softplus(x)


def softsign(x: Any) -> Any:
    """``x / (abs(x) + 1)``.

    Args:
        x: A tensor.
    """
    return ops.softsign(x)


def sigmoid(x: Any) -> Any:
    """Logistic sigmoid.

    Args:
        x: A tensor.
    """
    return ops.sigmoid(x)


def hard_sigmoid(x: Any) -> Any:
    """Keras 2's piecewise-linear sigmoid: ``clip(0.2 * x + 0.5, 0, 1)``.

    Args:
        x: A tensor.
    """
    return ops.clip(0.2 * ops.convert_to_tensor(x) + 0.5, 0.0, 1.0)


def tanh(x: Any) -> Any:
    """Hyperbolic tangent.

    Args:
        x: A tensor.
    """
    return ops.tanh(x)


def dropout(x: Any, level: float, noise_shape: Any = None, seed: Any = None) -> Any:
    """Zero a fraction ``level`` of the entries and scale the rest by ``1 / (1 - level)``.

    Args:
        x: A tensor.
        level: The fraction to drop, in ``[0, 1)``.
        noise_shape: Shape of the keep mask, broadcast against ``x``.
        seed: Optional int seed.
    """
    if not 0 <= level < 1:
        raise ValueError(
            f"Argument `level` must be in [0, 1). Received: level={level!r}"
        )
    return krandom.dropout(x, level, noise_shape=noise_shape, seed=seed)


def categorical_crossentropy(target: Any, output: Any, from_logits: bool = False,
                             axis: int = -1) -> Any:
    """Crossentropy between one-hot ``target`` and ``output``, per sample.

    Probabilities are rescaled to sum to one and clipped to ``[epsilon, 1 - epsilon]``.

    Args:
        target: One-hot (or soft) targets.
        output: Probabilities, or logits with ``from_logits=True``.
        from_logits: Whether ``output`` holds logits.
        axis: The class axis.
    """
    target, output = ops.convert_to_tensor(target), ops.convert_to_tensor(output)
    if from_logits:
        return -ops.sum(target * ops.log_softmax(output, axis=axis), axis=axis)
    output = output / ops.sum(output, axis=axis, keepdims=True)
    eps = _config.epsilon()
    output = ops.clip(output, eps, 1.0 - eps)
    return -ops.sum(target * ops.log(output), axis=axis)


def sparse_categorical_crossentropy(target: Any, output: Any, from_logits: bool = False,
                                    axis: int = -1) -> Any:
    """Crossentropy between integer ``target`` classes and ``output``, per sample.

    Args:
        target: Integer class indices.
        output: Probabilities, or logits with ``from_logits=True``.
        from_logits: Whether ``output`` holds logits.
        axis: The class axis.
    """
    rank = len(ops.shape(output))
    if axis % rank != rank - 1:
        output = ops.moveaxis(output, axis, -1)
    batch_shape = (-1, *ops.shape(output)[1:-1])
    labels = ops.one_hot(ops.cast(ops.reshape(target, batch_shape), "int32"),
                         ops.shape(output)[-1])
    return categorical_crossentropy(labels, output, from_logits=from_logits, axis=-1)


def binary_crossentropy(target: Any, output: Any, from_logits: bool = False) -> Any:
    """Element-wise binary crossentropy (Keras 2 clips and adds ``epsilon`` in the logs).

    Args:
        target: Targets in ``[0, 1]``.
        output: Probabilities, or logits with ``from_logits=True``.
        from_logits: Whether ``output`` holds logits.
    """
    target, output = ops.convert_to_tensor(target), ops.convert_to_tensor(output)
    if from_logits:
        return ops.relu(output) - output * target + ops.log1p(ops.exp(-ops.abs(output)))
    eps = _config.epsilon()
    output = ops.clip(output, eps, 1.0 - eps)
    return -(target * ops.log(output + eps) + (1.0 - target) * ops.log(1.0 - output + eps))


def bias_add(x: Any, bias: Any, data_format: str | None = None) -> Any:
    """Add a bias vector (or tensor) to the channel axis of ``x``.

    Args:
        x: A tensor.
        bias: A 1D bias of length channels, or a tensor of ``x``'s rank minus one.
        data_format: ``"channels_last"`` or ``"channels_first"`` (the global default).
    """
    x, bias = ops.convert_to_tensor(x), ops.convert_to_tensor(bias)
    data_format = _config.standardize_data_format(data_format)
    if data_format == "channels_first" and len(ops.shape(x)) > 2:
        bias_shape = ops.shape(bias)
        if len(bias_shape) == 1:
            bias = ops.reshape(bias, (1, bias_shape[0]) + (1,) * (len(ops.shape(x)) - 2))
        else:
            bias = ops.expand_dims(ops.moveaxis(bias, -1, 0), 0)
    return x + bias


def batch_normalization(x: Any, mean: Any, var: Any, beta: Any, gamma: Any,
                        axis: int = -1, epsilon: float = 1e-3) -> Any:
    """``(x - mean) / sqrt(var + epsilon) * gamma + beta``.

    Args:
        x: A tensor.
        mean: Mean, broadcastable to ``x``.
        var: Variance, broadcastable to ``x``.
        beta: Offset, or ``None``.
        gamma: Scale, or ``None``.
        axis: The feature axis (the statistics broadcast along it).
        epsilon: Added to the variance.
    """
    del axis
    x, mean, var = (ops.convert_to_tensor(t) for t in (x, mean, var))
    out = (x - mean) * ops.rsqrt(var + epsilon)
    if gamma is not None:
        out = out * ops.convert_to_tensor(gamma)
    if beta is not None:
        out = out + ops.convert_to_tensor(beta)
    return out


def normalize_batch_in_training(x: Any, gamma: Any, beta: Any, reduction_axes: Any,
                                epsilon: float = 1e-3) -> tuple:
    """Normalise ``x`` with its own mean and variance over ``reduction_axes``.

    Args:
        x: A tensor.
        gamma: Scale, or ``None``.
        beta: Offset, or ``None``.
        reduction_axes: The axes the statistics are taken over.
        epsilon: Added to the variance.

    Returns:
        ``(normalized, mean, variance)``; ``mean`` and ``variance`` without the reduced axes.
    """
    axes = tuple(reduction_axes)
    x = ops.convert_to_tensor(x)
    mean = ops.mean(x, axis=axes, keepdims=True)
    variance = ops.var(x, axis=axes, keepdims=True)
    normed = batch_normalization(x, mean, variance, beta, gamma, epsilon=epsilon)
    return normed, ops.squeeze(mean, axis=axes), ops.squeeze(variance, axis=axes)


def binary_focal_crossentropy(target: Any, output: Any, apply_class_balancing: bool = False,
                              alpha: float = 0.25, gamma: float = 2.0,
                              from_logits: bool = False) -> Any:
    """Element-wise binary crossentropy scaled by ``(1 - p_t) ** gamma``.

    Args:
        target: Targets in ``[0, 1]``.
        output: Probabilities, or logits with ``from_logits=True``.
        apply_class_balancing: Weight positives by ``alpha`` and negatives by ``1 - alpha``.
        alpha: The class-balancing weight.
        gamma: The focusing exponent.
        from_logits: Whether ``output`` holds logits.
    """
    target, output = ops.convert_to_tensor(target), ops.convert_to_tensor(output)
    probs = ops.sigmoid(output) if from_logits else output
    p_t = target * probs + (1.0 - target) * (1.0 - probs)
    focal = ops.power(1.0 - p_t, gamma) * binary_crossentropy(target, output, from_logits)
    if apply_class_balancing:
        focal = (target * alpha + (1.0 - target) * (1.0 - alpha)) * focal
    return focal


def categorical_focal_crossentropy(target: Any, output: Any, alpha: float = 0.25,
                                   gamma: float = 2.0, from_logits: bool = False,
                                   axis: int = -1) -> Any:
    """Categorical crossentropy with each class term scaled by ``alpha * (1 - p) ** gamma``.

    Args:
        target: One-hot targets.
        output: Probabilities, or logits with ``from_logits=True``.
        alpha: The weighting factor.
        gamma: The focusing exponent.
        from_logits: Whether ``output`` holds logits.
        axis: The class axis.
    """
    target, output = ops.convert_to_tensor(target), ops.convert_to_tensor(output)
    if from_logits:
        output = ops.softmax(output, axis=axis)
    output = output / ops.sum(output, axis=axis, keepdims=True)
    eps = _config.epsilon()
    output = ops.clip(output, eps, 1.0 - eps)
    terms = alpha * ops.power(1.0 - output, gamma) * (-target * ops.log(output))
    return ops.sum(terms, axis=axis)
