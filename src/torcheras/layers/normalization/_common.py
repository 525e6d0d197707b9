"""Argument checks and config helpers shared by the normalization layers."""

from __future__ import annotations

import torch

from torcheras import constraints, initializers, regularizers


def check_axis(axis, allow_list: bool = True):
    """An int, or (when allowed) a list of ints; Keras raises TypeError otherwise."""
    if isinstance(axis, (list, tuple)) and allow_list:
        if not all(isinstance(a, int) and not isinstance(a, bool) for a in axis):
            raise TypeError(
                "Expected an int or a list/tuple of ints for the argument 'axis', but "
                f"received: axis={axis!r}"
            )
        return list(axis)
    if isinstance(axis, bool) or not hasattr(axis, "__index__"):
        kind = "an int or a list/tuple of ints" if allow_list else "an int"
        raise TypeError(f"Expected {kind} for the argument 'axis', but received: axis={axis!r}")
    return int(axis)


def check_epsilon(epsilon) -> float:
    if isinstance(epsilon, bool) or not isinstance(epsilon, (int, float)) or not epsilon >= 0:
        raise ValueError(
            "Argument `epsilon` must be a non-negative float. "
            f"Received: epsilon={epsilon!r}"
        )
    return float(epsilon)


def check_axes_in_range(axes, input_shape, received) -> None:
    """Keras's message for an axis outside the input's rank."""
    rank = len(input_shape)
    for axis in axes:
        if axis >= rank or axis < -rank:
            raise ValueError(
                f"Axis {axis} is out of bounds for input shape {tuple(input_shape)}. "
                f"Received: axis={received}"
            )


def defined_dim(input_shape, axis, layer: str) -> int:
    dim = input_shape[axis]
    if dim is None:
        raise ValueError(
            f"Axis {axis} of input tensor should have a defined dimension but the layer "
            f"{layer} received an input with shape {tuple(input_shape)}."
        )
    return int(dim)


def affine_objects(beta_initializer, gamma_initializer, beta_regularizer, gamma_regularizer,
                   beta_constraint, gamma_constraint) -> dict:
    """Resolve the beta/gamma initializers, regularizers and constraints."""
    return {
        "beta_initializer": initializers.get(beta_initializer),
        "gamma_initializer": initializers.get(gamma_initializer),
        "beta_regularizer": regularizers.get(beta_regularizer),
        "gamma_regularizer": regularizers.get(gamma_regularizer),
        "beta_constraint": constraints.get(beta_constraint),
        "gamma_constraint": constraints.get(gamma_constraint),
    }


def affine_config(layer) -> dict:
    return {
        "beta_initializer": initializers.serialize(layer.beta_initializer),
        "gamma_initializer": initializers.serialize(layer.gamma_initializer),
        "beta_regularizer": regularizers.serialize(layer.beta_regularizer),
        "gamma_regularizer": regularizers.serialize(layer.gamma_regularizer),
        "beta_constraint": constraints.serialize(layer.beta_constraint),
        "gamma_constraint": constraints.serialize(layer.gamma_constraint),
    }


def upcast(x: torch.Tensor) -> torch.Tensor:
    """Statistics in at least float32, as Keras computes them for half-precision inputs."""
    if x.dtype in (torch.float16, torch.bfloat16):
        return x.float()
    if not x.is_floating_point():
        return x.to(torch.float32)
    return x


def free_weight_names(layer, *names: str) -> None:
    """Drop the ``None`` placeholders set in ``__init__`` (Keras exposes ``layer.gamma is
    None`` before build) so ``add_weight`` can register parameters under those names."""
    for name in names:
        if layer.__dict__.get(name, 0) is None:
            del layer.__dict__[name]
