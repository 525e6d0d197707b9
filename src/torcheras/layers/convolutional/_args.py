"""Argument checks and shape arithmetic shared by the conv, pooling and reshaping layers.

Everything here runs when a layer is created or built, never per training step.
"""

from __future__ import annotations

import math

from torcheras._lookup import closest
from torcheras.backend import _config


def int_tuple(value, n: int, name: str, allow_zero: bool = False) -> tuple:
    """``value`` (an int or ``n`` ints) as a tuple of ``n`` positive (or >= 0) ints."""
    if isinstance(value, bool):
        raise ValueError(_tuple_msg(value, n, name))
    if hasattr(value, "__index__"):
        values = (int(value),) * n
    else:
        try:
            values = tuple(value)
        except TypeError:
            raise ValueError(_tuple_msg(value, n, name)) from None
        if len(values) != n or any(
                isinstance(v, bool) or not hasattr(v, "__index__") for v in values):
            raise ValueError(_tuple_msg(value, n, name))
        values = tuple(int(v) for v in values)
    bad = sorted({v for v in values if (v < 0 if allow_zero else v <= 0)})
    if bad:
        need = ">= 0" if allow_zero else "> 0"
        raise ValueError(
            f"{_tuple_msg(value, n, name)}, including values {bad} that do not satisfy "
            f"`value {need}`"
        )
    return values


def _tuple_msg(value, n: int, name: str) -> str:
    return f"The `{name}` argument must be a tuple of {n} integers. Received {name}={value!r}"


def padding_mode(value, allow_causal: bool = False) -> str:
    """``"valid"``, ``"same"`` (or ``"causal"`` for 1D convolutions), lower-cased."""
    allowed = ("valid", "same", "causal") if allow_causal else ("valid", "same")
    text = value.lower() if isinstance(value, str) else value
    if text not in allowed:
        hint = closest(str(value), allowed) if isinstance(value, str) else None
        raise ValueError(
            f"Invalid value for argument `padding`. Expected one of {list(allowed)}. "
            f"Received: padding={value!r}." + (f" Did you mean {hint!r}?" if hint else "")
        )
    return text


def data_format(value) -> str:
    """``None`` (the global default), ``"channels_last"`` or ``"channels_first"``."""
    return _config.standardize_data_format(value)


def same_pads(size: int, kernel: int, stride: int, dilation: int = 1) -> tuple:
    """TensorFlow's "same" padding (before, after): the odd pixel goes after."""
    effective = (kernel - 1) * dilation + 1
    out = -(-size // stride)
    total = max((out - 1) * stride + effective - size, 0)
    return total // 2, total - total // 2


def conv_output_length(size, kernel: int, stride: int, padding: str, dilation: int = 1):
    if size is None:
        return None
    if padding == "valid":
        return (size - ((kernel - 1) * dilation + 1)) // stride + 1
    return (size + stride - 1) // stride  # "same" and "causal"


def conv_output_shape(layer, input_shape, channels: int) -> tuple:
    """Output shape of a convolution; raises when a "valid" window does not fit."""
    input_shape = tuple(input_shape)
    check_rank(layer, input_shape)
    spatial = spatial_dims(input_shape, layer.data_format)
    out = tuple(conv_output_length(n, k, s, layer.padding, d) for n, k, s, d in zip(
        spatial, layer.kernel_size, layer.strides, layer.dilation_rate))
    if any(o is not None and o <= 0 for o in out):
        raise ValueError(
            f"Computed output size would be zero or negative for layer '{layer.name}': the "
            f"kernel does not fit the input with padding={layer.padding!r}. Received: input "
            f"shape={input_shape}, kernel_size={layer.kernel_size}, "
            f"strides={layer.strides}, dilation_rate={layer.dilation_rate}. Use "
            f"padding='same' or a larger input."
        )
    return with_spatial(input_shape, out, channels, layer.data_format)


def spatial_dims(shape: tuple, fmt: str) -> tuple:
    return tuple(shape[1:-1]) if fmt == "channels_last" else tuple(shape[2:])


def channel_dim(shape: tuple, fmt: str):
    return shape[-1] if fmt == "channels_last" else shape[1]


def with_spatial(shape: tuple, spatial: tuple, channels, fmt: str) -> tuple:
    if fmt == "channels_last":
        return (shape[0],) + tuple(spatial) + (channels,)
    return (shape[0], channels) + tuple(spatial)


def check_rank(layer, shape) -> None:
    """A clear error for the most common mistake: images without a channel axis."""
    want = layer.rank + 2
    if len(shape) == want:
        return
    kind = type(layer).__name__
    layout = {1: "steps", 2: "height, width", 3: "depth, height, width"}[layer.rank]
    expected = (f"(batch, {layout}, channels)" if layer.data_format == "channels_last"
                else f"(batch, channels, {layout})")
    hint = ""
    if len(shape) == want - 1 and layer.data_format == "channels_last" and all(
            d is not None for d in shape):
        hint = f" If the data has a single channel, add it: x.reshape({tuple(shape) + (1,)})."
    raise ValueError(
        f"Input 0 of layer \"{layer.name}\" is incompatible with the layer: {kind} expects "
        f"inputs of rank {want} {expected} with data_format={layer.data_format!r}, but "
        f"received an input of rank {len(shape)} with shape {_fmt(shape)}.{hint}"
    )


def _fmt(shape) -> str:
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + (
        ",)" if len(shape) == 1 else ")")


def prod(values) -> int:
    return int(math.prod(values))
