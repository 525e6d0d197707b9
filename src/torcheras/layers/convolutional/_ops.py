"""Keras's channels_last layouts on torch's kernels without copies.

A channels_last tensor ``(N, H, W, C)`` permuted to ``(N, C, H, W)`` is a view whose memory
is torch's ``channels_last`` format, which oneDNN's convolution and torch's pooling kernels
take natively; their outputs come back in the same format, so permuting them back is again a
view. Keras kernels ``(kh, kw, in, out)`` become torch's ``(out, in, kh, kw)`` by a view too.
1D layers run as 2D ones with a height of 1, so they take the same path.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from torcheras.backend import _tuning
from torcheras.layers.convolutional._args import same_pads

CONV = {2: F.conv2d, 3: F.conv3d}
CONV_TRANSPOSE = {2: F.conv_transpose2d, 3: F.conv_transpose3d}
MAX_POOL = {2: F.max_pool2d, 3: F.max_pool3d}
AVG_POOL = {2: F.avg_pool2d, 3: F.avg_pool3d}


def torch_rank(rank: int) -> int:
    return 2 if rank == 1 else rank


def lift(values: tuple, rank: int, fill) -> tuple:
    """Per-dimension arguments of a 1D layer for its 2D (height 1) torch call."""
    return (fill,) + tuple(values) if rank == 1 else tuple(values)


def to_torch(x: torch.Tensor, rank: int, channels_last: bool) -> torch.Tensor:
    """Layer input -> ``(N, C, *spatial)`` view (1D inputs gain a height of 1)."""
    if channels_last:
        if rank == 1:
            x = x.unsqueeze(1)
        nd = x.dim()
        return x.permute(0, nd - 1, *range(1, nd - 1))
    return x.unsqueeze(2) if rank == 1 else x


def from_torch(y: torch.Tensor, rank: int, channels_last: bool) -> torch.Tensor:
    """Inverse of :func:`to_torch` on an output."""
    if channels_last:
        nd = y.dim()
        y = y.permute(0, *range(2, nd), 1)
        return y.squeeze(1) if rank == 1 else y
    return y.squeeze(2) if rank == 1 else y


def conv_kernel(kernel: torch.Tensor, rank: int) -> torch.Tensor:
    """Keras ``(*k, in, out)`` -> torch ``(out, in, *k)`` (a view)."""
    if rank == 1:
        kernel = kernel.unsqueeze(0)
    nd = kernel.dim()
    return kernel.permute(nd - 1, nd - 2, *range(nd - 2))


def conv_transpose_kernel(kernel: torch.Tensor, rank: int) -> torch.Tensor:
    """Keras ``(*k, out, in)`` -> torch's transposed-conv ``(in, out, *k)`` (a view)."""
    return conv_kernel(kernel, rank)


def depthwise_kernel(kernel: torch.Tensor, rank: int) -> torch.Tensor:
    """Keras ``(*k, in, multiplier)`` -> grouped torch ``(in * multiplier, 1, *k)``.

    Output channel ``i * multiplier + m`` is input channel ``i`` times filter ``m``, the
    order TensorFlow's depthwise convolution produces.
    """
    shape = tuple(kernel.shape)
    merged = kernel.reshape(*shape[:-2], 1, shape[-2] * shape[-1])
    return conv_kernel(merged, rank)


def same_padding(x: torch.Tensor, kernel: tuple, strides: tuple, dilation: tuple):
    """(symmetric padding for torch or None, F.pad tuple) for "same" on ``x``'s spatial dims."""
    pads = [same_pads(n, k, s, d) for n, k, s, d in zip(x.shape[2:], kernel, strides, dilation)]
    if all(a == b for a, b in pads):
        return [a for a, _ in pads], None
    flat = []
    for before, after in reversed(pads):
        flat += [before, after]
    return None, tuple(flat)


def pad_same(x: torch.Tensor, kernel: tuple, strides: tuple, dilation: tuple, value=0.0):
    """``x`` (maybe padded) and the symmetric padding to hand torch for "same"."""
    sym, flat = same_padding(x, kernel, strides, dilation)
    if flat is None:
        return x, sym
    return F.pad(x, flat, value=value), [0] * len(kernel)


def causal_pad(x: torch.Tensor, kernel: int, dilation: int) -> torch.Tensor:
    return F.pad(x, (dilation * (kernel - 1), 0))


def transpose_window(size: int, kernel: int, stride: int, padding: str, output_padding,
                     dilation: int) -> tuple:
    """(start, length) of Keras's conv-transpose output inside torch's full output.

    Torch's full transposed output has ``(size - 1) * stride + effective_kernel`` elements;
    Keras (TensorFlow/JAX semantics) keeps a window of it, zero-extended on the right when
    the window runs past the end.
    """
    eff = (kernel - 1) * dilation + 1
    if padding == "valid":
        extra = max(eff, stride) - eff if output_padding is None else output_padding
        return 0, (size - 1) * stride + eff + extra
    if output_padding is None:
        pad_len = stride + eff - 2
        length = size * stride
    else:
        pad_len = eff + eff % 2 - 2 + output_padding
        length = (size - 1) * stride + eff % 2 + output_padding
    left = min(pad_len // 2 + pad_len % 2, eff - 1)
    return eff - 1 - left, length


def conv_transpose(x, weight, bias, rank, strides, padding, output_padding, dilation, kernel):
    """Transposed convolution of a torch-layout ``x`` with Keras's output window."""
    trank = torch_rank(rank)
    sizes = x.shape[2:]
    windows = [transpose_window(n, k, s, padding, op, d) for n, k, s, op, d in zip(
        sizes, kernel, strides, output_padding, dilation)]
    fulls = [(n - 1) * s + (k - 1) * d + 1 for n, k, s, d in zip(sizes, kernel, strides,
                                                                  dilation)]
    torch_pad, torch_out_pad, fits = [], [], True
    for (start, length), full, s, d in zip(windows, fulls, strides, dilation):
        extra = length - (full - 2 * start)
        torch_pad.append(start)
        torch_out_pad.append(extra)
        if not 0 <= extra < max(s, d):
            fits = False
    fn = CONV_TRANSPOSE[trank]
    if fits:
        return fn(x, weight, bias, strides, torch_pad, torch_out_pad, 1, dilation)
    y = _window(fn(x, weight, None, strides, 0, 0, 1, dilation), windows, fulls)
    if bias is not None:
        y = y + bias.view(1, -1, *([1] * trank))
    return y


def _window(y, windows, fulls):
    """Crop (a view) and zero-extend ``y`` to the Keras windows."""
    grow = []
    for axis, ((start, length), full) in enumerate(zip(windows, fulls)):
        keep = min(length, full - start)
        y = y.narrow(2 + axis, start, keep)
        grow.append(length - keep)
    if any(grow):
        flat = []
        for g in reversed(grow):
            flat += [0, g]
        y = F.pad(y, flat)
    return y


def _pointwise_conv_available() -> bool:
    try:
        return torch.backends.mkldnn.is_available() and hasattr(
            torch.ops.mkldnn, "_convolution_pointwise")
    except (AttributeError, RuntimeError):
        return False


POINTWISE_CONV = _pointwise_conv_available()


class _ConvReLU(torch.autograd.Function):
    """``relu(conv(x, w) + b)`` with the relu fused into oneDNN's convolution.

    The forward saves the pass that would read and write the whole activation again for
    the relu; the backward is torch's own (relu mask, then ``convolution_backward``).
    """

    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding, dilation, groups):
        out = torch.ops.mkldnn._convolution_pointwise(
            x, weight, bias, padding, stride, dilation, groups, "relu", [None], "")
        ctx.save_for_backward(x, weight, out)
        ctx.conf = (stride, padding, dilation, groups, bias is not None)
        return out

    @staticmethod
    def backward(ctx, grad):
        x, weight, out = ctx.saved_tensors
        stride, padding, dilation, groups, has_bias = ctx.conf
        grad = torch.ops.aten.threshold_backward(grad, out, 0)
        need = [ctx.needs_input_grad[0], ctx.needs_input_grad[1],
                has_bias and ctx.needs_input_grad[2]]
        gx, gw, gb = torch.ops.aten.convolution_backward(
            grad, x, weight, [weight.shape[0]] if has_bias else None, list(stride),
            list(padding), list(dilation), False, [0] * len(stride), groups, need)
        return gx, gw, gb, None, None, None, None


def conv_relu(x, weight, bias, stride, padding, dilation, groups):
    """``relu(conv)``: fused on the CPU for float32 2D inputs (when the performance tuning
    is on, see ``keras.config.enable_performance_tuning``), else conv then relu."""
    if (POINTWISE_CONV and x.dim() == 4 and x.device.type == "cpu"
            and _tuning.fused_conv_relu() and x.dtype is torch.float32 and torch.backends.mkldnn.enabled
            and not isinstance(padding, str)
            # torch.compile (jit_compile=True) fuses by itself; the op has no usable fake
            # kernel for its tracing.
            and not torch.compiler.is_compiling()):
        pad = [padding] * 2 if isinstance(padding, int) else list(padding)
        return _ConvReLU.apply(x, weight, bias, list(stride), pad, list(dilation), groups)
    return torch.relu_(CONV[x.dim() - 2](x, weight, bias, stride, padding, dilation, groups))
