"""Convolution and pooling ops of ``keras.ops.nn`` on the conv layers' kernels.

Layout changes (channels_last views, Keras kernel layouts), TensorFlow's "same" padding
and Keras's conv-transpose output window all come from ``layers.convolutional._ops``,
the code the Conv/Pooling layers run, so ops and layers give the same numbers.
"""

from __future__ import annotations

from typing import Any

import torch
import torch.nn.functional as F

from torcheras.layers.convolutional import _args, _ops
from torcheras.ops._op import convert, op

_ADAPTIVE_AVG = {1: F.adaptive_avg_pool1d, 2: F.adaptive_avg_pool2d, 3: F.adaptive_avg_pool3d}
_ADAPTIVE_MAX = {1: F.adaptive_max_pool1d, 2: F.adaptive_max_pool2d, 3: F.adaptive_max_pool3d}


def _spatial_rank(x: torch.Tensor, what: str) -> int:
    rank = x.dim() - 2
    if rank not in (1, 2, 3):
        raise ValueError(
            f"Inputs to {what} must have ndim=3, 4 or 5, corresponding to 1D, 2D and 3D "
            f"inputs. Received input shape: {tuple(x.shape)}."
        )
    return rank


def _float(x: Any) -> torch.Tensor:
    x = convert(x)
    return x if x.is_floating_point() or x.is_complex() else x.float()


def _prepare(inputs: Any, what: str, data_format: Any):
    x = _float(inputs)
    rank = _spatial_rank(x, what)
    channels_last = _args.data_format(data_format) == "channels_last"
    return x, rank, channels_last, _ops.to_torch(x, rank, channels_last)


def _window_args(rank: int, pool_size: Any, strides: Any, padding: str) -> tuple:
    pool = _args.int_tuple(pool_size, rank, "pool_size")
    stride = pool if strides is None else _args.int_tuple(strides, rank, "strides")
    return pool, stride, _args.padding_mode(padding)


@op("MaxPool")
def max_pool(inputs: Any, pool_size: Any, strides: Any = None, padding: str = "valid",
             data_format: str | None = None) -> torch.Tensor:
    """Max pooling over the spatial dimensions of a 1D, 2D or 3D batch.

    Args:
        inputs: Tensor of rank 3, 4 or 5: ``(batch, *spatial, channels)`` for
            ``"channels_last"``, ``(batch, channels, *spatial)`` otherwise.
        pool_size: Int or tuple of ints (one per spatial dimension), the window size.
        strides: Int or tuple of ints; `None` means `pool_size`.
        padding: ``"valid"`` (no padding) or ``"same"`` (output ``ceil(size / stride)``;
            padding never wins the max).
        data_format: ``"channels_last"`` or ``"channels_first"`` (default:
            `keras.config.image_data_format()`).

    Returns:
        The pooled tensor, same rank as `inputs`.

    Example:

    >>> max_pool(torch.arange(8.0).reshape(1, 8, 1), 2)[0, :, 0].tolist()
    [1.0, 3.0, 5.0, 7.0]
    """
    _, rank, cl, x = _prepare(inputs, "pooling op", data_format)
    pool, stride, pad_mode = _window_args(rank, pool_size, strides, padding)
    tpool, tstride = _ops.lift(pool, rank, 1), _ops.lift(stride, rank, 1)
    pad = 0
    if pad_mode == "same":
        x, pad = _ops.pad_same(x, tpool, tstride, (1,) * len(tpool), value=float("-inf"))
    y = _ops.MAX_POOL[len(tpool)](x, tpool, tstride, pad)
    return _ops.from_torch(y, rank, cl)


@op("AveragePool")
def average_pool(inputs: Any, pool_size: Any, strides: Any = None, padding: str = "valid",
                 data_format: str | None = None) -> torch.Tensor:
    """Average pooling over the spatial dimensions of a 1D, 2D or 3D batch.

    With ``"same"`` padding each window averages only the real input values it covers
    (TensorFlow's rule, as Keras's AveragePooling layers).

    Args:
        inputs: Tensor of rank 3, 4 or 5 (see `max_pool`).
        pool_size: Int or tuple of ints, the window size.
        strides: Int or tuple of ints; `None` means `pool_size`.
        padding: ``"valid"`` or ``"same"``.
        data_format: ``"channels_last"`` or ``"channels_first"``.

    Returns:
        The pooled tensor.

    Example:

    >>> average_pool(torch.arange(6.0).reshape(1, 6, 1), 2)[0, :, 0].tolist()
    [0.5, 2.5, 4.5]
    """
    _, rank, cl, x = _prepare(inputs, "pooling op", data_format)
    pool, stride, pad_mode = _window_args(rank, pool_size, strides, padding)
    tpool, tstride = _ops.lift(pool, rank, 1), _ops.lift(stride, rank, 1)
    fn = _ops.AVG_POOL[len(tpool)]
    if pad_mode == "valid":
        y = fn(x, tpool, tstride)
    else:
        sym, flat = _ops.same_padding(x, tpool, tstride, (1,) * len(tpool))
        if flat is None:
            y = fn(x, tpool, tstride, sym, count_include_pad=False)
        else:
            ones = torch.ones((1, 1) + tuple(x.shape[2:]), dtype=x.dtype, device=x.device)
            counts = fn(F.pad(ones, flat), tpool, tstride, divisor_override=1)
            y = fn(F.pad(x, flat), tpool, tstride, divisor_override=1) / counts
    return _ops.from_torch(y, rank, cl)


def _adaptive(table: dict, inputs: Any, output_size: Any, data_format: Any) -> torch.Tensor:
    x = _float(inputs)
    rank = _spatial_rank(x, "adaptive pooling")
    cl = _args.data_format(data_format) == "channels_last"
    size = _args.int_tuple(output_size, rank, "output_size")
    if cl:
        x = x.movedim(-1, 1)
    y = table[rank](x, size)
    if isinstance(y, tuple):
        y = y[0]
    return y.movedim(1, -1) if cl else y


@op("AdaptiveAveragePool")
def adaptive_average_pool(inputs: Any, output_size: Any,
                          data_format: str | None = None) -> torch.Tensor:
    """Average pooling to a fixed output size (window bounds as in torch's adaptive pools).

    Args:
        inputs: Tensor of rank 3, 4 or 5 (see `max_pool`).
        output_size: Int or tuple of ints, the spatial size of the output.
        data_format: ``"channels_last"`` or ``"channels_first"``.

    Returns:
        A tensor with spatial size `output_size`.
    """
    return _adaptive(_ADAPTIVE_AVG, inputs, output_size, data_format)


@op("AdaptiveMaxPool")
def adaptive_max_pool(inputs: Any, output_size: Any,
                      data_format: str | None = None) -> torch.Tensor:
    """Max pooling to a fixed output size.

    Args:
        inputs: Tensor of rank 3, 4 or 5 (see `max_pool`).
        output_size: Int or tuple of ints, the spatial size of the output.
        data_format: ``"channels_last"`` or ``"channels_first"``.

    Returns:
        A tensor with spatial size `output_size`.
    """
    return _adaptive(_ADAPTIVE_MAX, inputs, output_size, data_format)


def _conv_torch(x, weight, rank, strides, padding, dilation_rate, groups):
    tstride = _ops.lift(_args.int_tuple(strides, rank, "strides"), rank, 1)
    tdil = _ops.lift(_args.int_tuple(dilation_rate, rank, "dilation_rate"), rank, 1)
    pad_mode = _args.padding_mode(padding, allow_causal=rank == 1)
    pad: Any = 0
    if pad_mode == "same":
        x, pad = _ops.pad_same(x, tuple(weight.shape[2:]), tstride, tdil)
    elif pad_mode == "causal":
        x = F.pad(x, (tdil[-1] * (weight.shape[-1] - 1), 0))
    return _ops.CONV[len(tstride)](x, weight, None, tstride, pad, tdil, groups)


def _check_channels(channels: int, kernel_in: int, kernel_shape: tuple) -> None:
    if kernel_in <= 0 or channels % kernel_in:
        raise ValueError(
            "The number of input channels must be evenly divisible by "
            f"kernel.shape[-2]. Received: inputs channels={channels}, "
            f"kernel.shape={kernel_shape}"
        )


def _check_kernel_rank(kernel: torch.Tensor, rank: int, name: str) -> None:
    if kernel.dim() != rank + 2:
        raise ValueError(
            f"Argument `{name}` must have rank {rank + 2} for inputs with {rank} spatial "
            f"dimensions. Received: {name}.shape={tuple(kernel.shape)}"
        )


@op("Conv")
def conv(inputs: Any, kernel: Any, strides: Any = 1, padding: str = "valid",
         data_format: str | None = None, dilation_rate: Any = 1) -> torch.Tensor:
    """General N-D convolution (1D, 2D or 3D), grouped when the kernel has fewer input
    channels than the inputs.

    Args:
        inputs: Tensor of rank 3, 4 or 5 (see `max_pool`).
        kernel: Tensor ``(*kernel_size, in_channels // groups, filters)``.
        strides: Int or tuple of ints.
        padding: ``"valid"`` or ``"same"`` (1D also ``"causal"``).
        data_format: ``"channels_last"`` or ``"channels_first"``.
        dilation_rate: Int or tuple of ints.

    Returns:
        The convolved tensor (``filters`` channels).

    Example:

    >>> conv(torch.ones(1, 4, 1), torch.ones(2, 1, 1))[0, :, 0].tolist()
    [2.0, 2.0, 2.0]
    """
    x_in, rank, cl, x = _prepare(inputs, "conv operation", data_format)
    k = convert(kernel, x_in.dtype)
    _check_kernel_rank(k, rank, "kernel")
    _check_channels(x.shape[1], k.shape[-2], tuple(k.shape))
    groups = x.shape[1] // k.shape[-2]
    y = _conv_torch(x, _ops.conv_kernel(k, rank), rank, strides, padding, dilation_rate,
                    groups)
    return _ops.from_torch(y, rank, cl)


def _depthwise(x, k, rank, strides, padding, dilation_rate):
    if k.shape[-2] != x.shape[1]:
        raise ValueError(
            "The number of input channels must equal kernel.shape[-2] in a depthwise "
            f"convolution. Received: inputs channels={x.shape[1]}, "
            f"kernel.shape={tuple(k.shape)}"
        )
    return _conv_torch(x, _ops.depthwise_kernel(k, rank), rank, strides, padding,
                       dilation_rate, x.shape[1])


@op("DepthwiseConv")
def depthwise_conv(inputs: Any, kernel: Any, strides: Any = 1, padding: str = "valid",
                   data_format: str | None = None, dilation_rate: Any = 1) -> torch.Tensor:
    """Depthwise convolution: each input channel convolved with its own filters.

    Args:
        inputs: Tensor of rank 3, 4 or 5 (see `max_pool`).
        kernel: Tensor ``(*kernel_size, in_channels, depth_multiplier)``.
        strides: Int or tuple of ints.
        padding: ``"valid"`` or ``"same"``.
        data_format: ``"channels_last"`` or ``"channels_first"``.
        dilation_rate: Int or tuple of ints.

    Returns:
        A tensor with ``in_channels * depth_multiplier`` channels.
    """
    x_in, rank, cl, x = _prepare(inputs, "depthwise conv operation", data_format)
    k = convert(kernel, x_in.dtype)
    _check_kernel_rank(k, rank, "kernel")
    y = _depthwise(x, k, rank, strides, padding, dilation_rate)
    return _ops.from_torch(y, rank, cl)


@op("SeparableConv")
def separable_conv(inputs: Any, depthwise_kernel: Any, pointwise_kernel: Any,
                   strides: Any = 1, padding: str = "valid", data_format: str | None = None,
                   dilation_rate: Any = 1) -> torch.Tensor:
    """Depthwise convolution followed by a pointwise (1x1) convolution.

    Args:
        inputs: Tensor of rank 3, 4 or 5 (see `max_pool`).
        depthwise_kernel: Tensor ``(*kernel_size, in_channels, depth_multiplier)``.
        pointwise_kernel: Tensor ``(*(1,) * rank, in_channels * depth_multiplier,
            filters)``.
        strides: Int or tuple of ints (of the depthwise step).
        padding: ``"valid"`` or ``"same"``.
        data_format: ``"channels_last"`` or ``"channels_first"``.
        dilation_rate: Int or tuple of ints.

    Returns:
        A tensor with ``filters`` channels.
    """
    x_in, rank, cl, x = _prepare(inputs, "separable conv operation", data_format)
    dk = convert(depthwise_kernel, x_in.dtype)
    pk = convert(pointwise_kernel, x_in.dtype)
    _check_kernel_rank(dk, rank, "depthwise_kernel")
    _check_kernel_rank(pk, rank, "pointwise_kernel")
    y = _depthwise(x, dk, rank, strides, padding, dilation_rate)
    _check_channels(y.shape[1], pk.shape[-2], tuple(pk.shape))
    y = _conv_torch(y, _ops.conv_kernel(pk, rank), rank, 1, "valid", 1, 1)
    return _ops.from_torch(y, rank, cl)


@op("ConvTranspose")
def conv_transpose(inputs: Any, kernel: Any, strides: Any = 1, padding: str = "valid",
                   output_padding: Any = None, data_format: str | None = None,
                   dilation_rate: Any = 1) -> torch.Tensor:
    """Transposed convolution (deconvolution), with Keras's output sizes.

    Args:
        inputs: Tensor of rank 3, 4 or 5 (see `max_pool`).
        kernel: Tensor ``(*kernel_size, filters, in_channels)``.
        strides: Int or tuple of ints.
        padding: ``"valid"`` or ``"same"``.
        output_padding: Optional int or tuple of ints (each less than its stride) fixing
            the amount of output padding; `None` infers it.
        data_format: ``"channels_last"`` or ``"channels_first"``.
        dilation_rate: Int or tuple of ints.

    Returns:
        A tensor with ``filters`` channels.

    Example:

    >>> tuple(conv_transpose(torch.ones(1, 3, 2), torch.ones(2, 4, 2), strides=2).shape)
    (1, 6, 4)
    """
    x_in, rank, cl, x = _prepare(inputs, "conv transpose operation", data_format)
    k = convert(kernel, x_in.dtype)
    _check_kernel_rank(k, rank, "kernel")
    if k.shape[-1] != x.shape[1]:
        raise ValueError(
            "The number of input channels must equal kernel.shape[-1] in a transposed "
            f"convolution. Received: inputs channels={x.shape[1]}, "
            f"kernel.shape={tuple(k.shape)}"
        )
    strides_t = _args.int_tuple(strides, rank, "strides")
    dil = _args.int_tuple(dilation_rate, rank, "dilation_rate")
    pad_mode = _args.padding_mode(padding)
    if output_padding is None:
        out_pad = (0, None) if rank == 1 else (None,) * rank
    else:
        out_pad = _ops.lift(_args.int_tuple(output_padding, rank, "output_padding",
                                            allow_zero=True), rank, 0)
    y = _ops.conv_transpose(x, _ops.conv_transpose_kernel(k, rank), None, rank,
                            _ops.lift(strides_t, rank, 1), pad_mode, out_pad,
                            _ops.lift(dil, rank, 1), _ops.lift(tuple(k.shape[:rank]), rank, 1))
    return _ops.from_torch(y, rank, cl)


def _pair(value: Any, name: str, allow_zero: bool = False) -> tuple:
    return _args.int_tuple(value, 2, name, allow_zero=allow_zero)


@op("Unfold")
def unfold(x: Any, kernel_size: Any, dilation: Any = 1, padding: Any = 0,
           stride: Any = 1) -> torch.Tensor:
    """Extract sliding local blocks (im2col) from a channels-first batch ``(N, C, H, W)``.

    Args:
        x: 4-D tensor ``(N, C, H, W)``.
        kernel_size: Int or pair of ints, the block size.
        dilation: Int or pair of ints, spacing between block elements.
        padding: Int or pair of ints, zero padding on both sides.
        stride: Int or pair of ints, the step between blocks.

    Returns:
        A tensor ``(N, C * kH * kW, L)``, ``L`` being the number of blocks.

    Example:

    >>> tuple(unfold(torch.ones(1, 2, 4, 4), kernel_size=2, stride=2).shape)
    (1, 8, 4)
    """
    x = convert(x)
    if x.dim() != 4:
        raise ValueError(f"Input must be a 4D tensor. Received: input.shape={tuple(x.shape)}")
    try:
        return F.unfold(x, _pair(kernel_size, "kernel_size"), _pair(dilation, "dilation"),
                        _pair(padding, "padding", True), _pair(stride, "stride"))
    except RuntimeError as e:
        raise ValueError(f"Invalid arguments for `unfold`: {e}") from None


@op("Fold")
def fold(x: Any, output_size: Any, kernel_size: Any, dilation: Any = 1, padding: Any = 0,
         stride: Any = 1) -> torch.Tensor:
    """Combine sliding local blocks into a batch of images (col2im; inverse of `unfold`,
    overlapping values summed).

    Args:
        x: 3-D tensor ``(N, C * kH * kW, L)``.
        output_size: Int or pair of ints, the spatial size ``(H, W)`` of the output.
        kernel_size: Int or pair of ints, the block size.
        dilation: Int or pair of ints.
        padding: Int or pair of ints.
        stride: Int or pair of ints.

    Returns:
        A tensor ``(N, C, H, W)``.
    """
    x = convert(x)
    if x.dim() != 3:
        raise ValueError(f"Input must be a 3D tensor. Received: input.shape={tuple(x.shape)}")
    try:
        return F.fold(x, _pair(output_size, "output_size"), _pair(kernel_size, "kernel_size"),
                      _pair(dilation, "dilation"), _pair(padding, "padding", True),
                      _pair(stride, "stride"))
    except RuntimeError as e:
        raise ValueError(f"Invalid arguments for `fold`: {e}") from None


def _block_args(x: Any, block_size: Any, data_format: str, name: str):
    if isinstance(block_size, bool) or not isinstance(block_size, int) or block_size < 2:
        raise ValueError(f"`block_size` must be at least 2. Received: block_size={block_size}")
    x = convert(x)
    if x.dim() != 4:
        raise ValueError(
            f"`{name}` requires a 4D input tensor. Received: x.shape={tuple(x.shape)}")
    cl = _args.data_format(data_format) == "channels_last"
    return (x.permute(0, 3, 1, 2) if cl else x), cl


@op("DepthToSpace")
def depth_to_space(x: Any, block_size: int,
                   data_format: str = "channels_last") -> torch.Tensor:
    """Move channel blocks into spatial blocks: ``(N, H, W, C)`` to
    ``(N, H * b, W * b, C / b**2)``. Channels split as TensorFlow's ``(b, b, C / b**2)``
    for channels_last and as torch's ``pixel_shuffle`` ``(C / b**2, b, b)`` for
    channels_first, as on Keras's torch backend.

    Args:
        x: 4-D tensor.
        block_size: Int >= 2.
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.

    Returns:
        The rearranged tensor.
    """
    t, cl = _block_args(x, block_size, data_format, "depth_to_space")
    n, c, h, w = t.shape
    b = block_size
    if c % (b * b):
        raise ValueError(f"The number of channels ({c}) must be divisible by "
                         f"block_size**2 ({b * b}).")
    if not cl:
        return F.pixel_shuffle(t, b)
    y = t.reshape(n, b, b, c // (b * b), h, w).permute(0, 4, 1, 5, 2, 3)
    return y.reshape(n, h * b, w * b, c // (b * b))


@op("SpaceToDepth")
def space_to_depth(x: Any, block_size: int,
                   data_format: str = "channels_last") -> torch.Tensor:
    """Move spatial blocks into channels: ``(N, H, W, C)`` to
    ``(N, H / b, W / b, C * b**2)`` (inverse of `depth_to_space`).

    Args:
        x: 4-D tensor.
        block_size: Int >= 2 dividing the height and width.
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.

    Returns:
        The rearranged tensor.
    """
    t, cl = _block_args(x, block_size, data_format, "space_to_depth")
    n, c, h, w = t.shape
    b = block_size
    if h % b:
        raise ValueError(f"Height ({h}) must be divisible by block_size ({b}).")
    if w % b:
        raise ValueError(f"Width ({w}) must be divisible by block_size ({b}).")
    if not cl:
        return F.pixel_unshuffle(t, b)
    y = t.reshape(n, c, h // b, b, w // b, b).permute(0, 2, 4, 3, 5, 1)
    return y.reshape(n, h // b, w // b, b * b * c)
