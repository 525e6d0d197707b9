"""``EinsumDense``: ``activation(einsum(equation, inputs, kernel) + bias)``.

The kernel's and bias's shapes come from the equation exactly as Keras derives them (so
Keras's saved weights load unchanged): each kernel axis takes its size from the output shape
when the axis appears in the output, else from the input; the bias spans the output from the
first ``bias_axes`` letter to the end, with size 1 on the letters not in ``bias_axes``.
"""

from __future__ import annotations

import copy
import re

import torch

from torcheras import activations
from torcheras.initializers import VarianceScaling
from torcheras.layers._input_spec import InputSpec
from torcheras.layers._layer import Layer
from torcheras.layers._lora import LoRAMixin
from torcheras.layers._weight_args import set_weight_args, weight_args_config

_FORMS = (
    (re.compile(r"([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)"), False),
    (re.compile(r"0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)"), True),
    (re.compile(r"([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0"), False),
)


def _split_equation(equation: str):
    """``(input_spec, weight_spec, output_spec, left_elided)`` of a supported equation."""
    flat = re.sub(r"\.\.\.", "0", equation) if isinstance(equation, str) else ""
    for pattern, left in _FORMS:
        # re.match, as Keras: the pattern anchors at the start only.
        found = pattern.match(flat)
        if found:
            return found.group(1), found.group(2), found.group(3), left
    raise ValueError(
        f"Invalid einsum equation '{equation}'. Equations must be in the form "
        "[X],[Y]->[Z], ...[X],[Y]->...[Z], or [X]...,[Y]->[Z]....")


def analyze_einsum(equation: str, bias_axes, input_shape, output_shape):
    """Kernel shape, bias shape (or None), full output shape, kernel input/output axes."""
    input_spec, weight_spec, output_spec, left = _split_equation(equation)
    input_shape = list(input_shape)
    elided = len(input_shape) - len(input_spec)
    full = [input_shape[0]] + list(output_shape)
    if elided > 0 and left:
        for i in range(1, elided):
            full.insert(1, input_shape[i])
    elif elided > 0:
        full.extend(input_shape[len(input_shape) - elided:])
    if left:
        in_map = {d: i + elided - len(input_shape) for i, d in enumerate(input_spec)}
        out_map = {d: i + elided for i, d in enumerate(output_spec)}
    else:
        in_map = {d: i for i, d in enumerate(input_spec)}
        out_map = {d: i for i, d in enumerate(output_spec)}
    for dim in input_spec:
        size = input_shape[in_map[dim]]
        if dim in out_map and full[out_map[dim]] is not None and full[out_map[dim]] != size:
            raise ValueError(
                "Input shape and output shape do not match at shared dimension "
                f"'{dim}'. Input shape is {size}, and output shape is {full[out_map[dim]]}.")
    for dim in output_spec:
        if dim not in input_spec and dim not in weight_spec:
            raise ValueError(
                f"Dimension '{dim}' was specified in the output '{output_spec}' but has no "
                f"corresponding dim in the input spec '{input_spec}' or weight spec "
                f"'{output_spec}'")
    kernel_shape, in_axes, out_axes = [], [], []
    for i, dim in enumerate(weight_spec):
        if dim in out_map:
            kernel_shape.append(full[out_map[dim]])
            out_axes.append(i)
        elif dim in in_map:
            kernel_shape.append(input_shape[in_map[dim]])
            in_axes.append(i)
        else:
            raise ValueError(
                f"Weight dimension '{dim}' did not have a match in either the input spec "
                f"'{input_spec}' or the output spec '{output_spec}'. For this layer, the "
                "weight must be fully specified.")
    bias_shape = None
    if bias_axes is not None:
        bias_shape = _bias_shape(bias_axes, output_spec, full, elided, left)
    return kernel_shape, bias_shape, full, in_axes, out_axes


def _bias_shape(bias_axes: str, output_spec: str, full: list, elided: int,
                left: bool) -> list:
    """From the first bias letter to the end of the output: its size on bias letters, 1
    elsewhere (and on right-elided axes)."""
    offset = elided if left else 0
    sizes = {c: full[i + offset] for i, c in enumerate(output_spec)}
    for char in bias_axes:
        if char not in output_spec:
            raise ValueError(
                f"Bias dimension '{char}' was requested, but is not part of the output spec "
                f"'{output_spec}'")
    first = min(output_spec.find(c) for c in bias_axes)
    shape = [sizes[c] if c in bias_axes else 1 for c in output_spec[first:]]
    if not left:
        shape.extend([1] * max(elided, 0))
    return shape


class EinsumDense(LoRAMixin, Layer):
    """A dense layer of any dimensionality, written as an einsum equation.

    Args:
        equation: ``"ab,bc->ac"``, ``"...ab,bc->...ac"`` or ``"ab...,bc->ac..."`` form:
            inputs, kernel, output.
        output_shape: Output shape without the batch axis and the elided axes (an int for
            one axis); ``None`` entries are taken from the input.
        activation: Activation applied to the output (default: none).
        bias_axes: Output letters the bias spans (default: no bias).
        kernel_initializer: Initializer of the kernel (``glorot_uniform``; variance-scaling
            initializers count fans over the kernel's input and output axes).
        bias_initializer: Initializer of the bias (``zeros``).
        kernel_regularizer, bias_regularizer, activity_regularizer: Optional regularizers.
        kernel_constraint, bias_constraint: Optional constraints.
        lora_rank: Build with LoRA at this rank (see ``enable_lora``).
        lora_alpha: LoRA's update is scaled by ``lora_alpha / lora_rank``.

    Example:

    >>> import numpy as np
    >>> layer = EinsumDense("ab,bc->ac", output_shape=2, bias_axes="c",
    ...                     kernel_initializer="ones")
    >>> layer(np.ones((1, 3), "float32")).tolist()
    [[3.0, 3.0]]
    """

    def __init__(self, equation, output_shape, activation=None, bias_axes=None,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, lora_rank=None, lora_alpha=None, **kwargs):
        kwargs.pop("quantization_config", None)  # Keras writes None into every config
        super().__init__(**kwargs)
        _split_equation(equation)
        self.equation = equation
        if isinstance(output_shape, int):
            self.partial_output_shape = (output_shape,)
        elif isinstance(output_shape, (tuple, list)) and all(
                d is None or isinstance(d, int) for d in output_shape):
            self.partial_output_shape = tuple(output_shape)
        else:
            raise TypeError(
                "Argument `output_shape` must be an int or a tuple of ints or None. "
                f"Received: output_shape={output_shape!r}")
        if bias_axes is not None and not isinstance(bias_axes, str):
            raise TypeError(
                f"Argument `bias_axes` must be a string or None. Received: "
                f"bias_axes={bias_axes!r}")
        self.bias_axes = bias_axes
        self.activation = activations.get(activation)
        set_weight_args(self, kernel=(kernel_initializer, kernel_regularizer, kernel_constraint),
                        bias=(bias_initializer, bias_regularizer, bias_constraint))
        self._init_lora(lora_rank, lora_alpha)

    def build(self, input_shape) -> None:
        kernel_shape, bias_shape, _, in_axes, out_axes = analyze_einsum(
            self.equation, self.bias_axes, input_shape, self.partial_output_shape)
        self.input_spec = InputSpec(ndim=len(input_shape))
        init = self.kernel_initializer
        if isinstance(init, VarianceScaling) and (init.input_axes is None
                                                  or init.output_axes is None):
            # A copy: the fans follow the einsum's axes, the saved config stays the user's.
            init = copy.copy(init)
            init.input_axes, init.output_axes = in_axes, out_axes
        self.kernel = self.add_weight(
            shape=tuple(kernel_shape), initializer=init, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint, name="kernel")
        if bias_shape is not None:
            self.bias = self.add_weight(
                shape=tuple(bias_shape), initializer=self.bias_initializer,
                regularizer=self.bias_regularizer, constraint=self.bias_constraint,
                name="bias")
        else:
            self.bias = None
        self.built = True
        self._build_lora()

    def call(self, inputs):
        kernel = self._effective_kernel()
        if inputs.dtype != kernel.dtype:
            inputs = inputs.to(kernel.dtype)
        x = torch.einsum(self.equation, inputs, kernel)
        if self.bias is not None:
            x = x + self.bias
        if self.activation is not None:
            x = self.activation(x)
        return x

    def compute_output_shape(self, input_shape):
        return tuple(analyze_einsum(self.equation, self.bias_axes, input_shape,
                                    self.partial_output_shape)[2])

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "output_shape": self.partial_output_shape,
            "equation": self.equation,
            "activation": activations.serialize(self.activation),
            "bias_axes": self.bias_axes,
            **weight_args_config(self, "kernel", "bias"),
            "quantization_config": None,
        })
        return self._lora_config(config)
