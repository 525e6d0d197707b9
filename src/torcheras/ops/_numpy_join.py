"""Joining, splitting and padding tensors (``concatenate``, ``stack``, ``split``, ``pad``...)."""

from __future__ import annotations

import torch

from torcheras.ops._op import convert, keras_tensor, op
from torcheras.ops._specs import canonicalize_axis, trace_spec


def _tensors(xs) -> list:
    return [convert(x) for x in xs]


def _concatenate_spec(xs, axis=0):
    if axis is None:
        raise ValueError("`axis` cannot be None for `concatenate`.")
    shapes = [tuple(getattr(x, "shape", ())) for x in xs]
    first = shapes[0]
    ax = canonicalize_axis(axis, len(first))
    for shape in shapes[1:]:
        same = len(shape) == len(first) and all(
            i == ax or a is None or b is None or a == b
            for i, (a, b) in enumerate(zip(shape, first)))
        if not same:
            raise ValueError(
                "Every value in `xs` must have the same shape except on the `axis` dim. But "
                f"found element of shape {shape}, which is different from the first "
                f"element's shape {first}."
            )
    return trace_spec(_concatenate_impl, (xs, axis), {})


def _concatenate_impl(xs, axis):
    xs = _tensors(xs)
    if axis is None:
        return torch.cat([x.reshape(-1) for x in xs])
    return torch.cat(xs, dim=axis)


@op("Concatenate", _concatenate_spec)
def concatenate(xs, axis=0):
    """Join a sequence of tensors along an existing axis.

    Args:
        xs: The tensors to concatenate.
        axis: The axis along which to join (``None`` flattens them first).

    Returns:
        The concatenated tensor.
    """
    return _concatenate_impl(xs, axis)


@op("Append")
def append(x1, x2, axis=None):
    """Append ``x2`` to the end of ``x1`` (both flattened when ``axis`` is ``None``).

    Args:
        x1: First tensor.
        x2: Second tensor.
        axis: Axis along which to append.

    Returns:
        A tensor.
    """
    x1, x2 = convert(x1), convert(x2)
    if axis is None:
        return torch.cat((x1.flatten(), x2.flatten()))
    return torch.cat((x1, x2), dim=axis)


def _stack_spec(x, axis=0):
    shapes = [tuple(getattr(v, "shape", ())) for v in x]
    first = shapes[0]
    for shape in shapes[1:]:
        if len(shape) != len(first) or any(
                a is not None and b is not None and a != b for a, b in zip(shape, first)):
            raise ValueError(
                "Every value in `x` must have the same shape. But found element of shape "
                f"{shape},  which is different from the first element's shape {first}."
            )
    return trace_spec(stack.operation_class._fn, (x,), {"axis": axis})


@op("Stack", _stack_spec)
def stack(x, axis=0):
    """Join a sequence of tensors along a new axis.

    Args:
        x: A sequence of tensors of the same shape.
        axis: Axis of the result along which they are stacked.

    Returns:
        The stacked tensor.
    """
    return torch.stack(_tensors(x), dim=axis)


@op("Hstack")
def hstack(xs):
    """Stack tensors in sequence horizontally (column wise).

    Args:
        xs: Sequence of tensors.

    Returns:
        The tensor formed by stacking the given tensors.
    """
    return torch.hstack(_tensors(xs))


@op("Vstack")
def vstack(xs):
    """Stack tensors in sequence vertically (row wise).

    Args:
        xs: Sequence of tensors.

    Returns:
        The tensor formed by stacking the given tensors.
    """
    return torch.vstack(_tensors(xs))


@op("Dstack")
def dstack(xs):
    """Stack tensors in sequence depth wise (along the third axis).

    Args:
        xs: Sequence of tensors.

    Returns:
        The tensor formed by stacking the given tensors.
    """
    return torch.dstack(_tensors(xs))


def _sections(indices_or_sections):
    if isinstance(indices_or_sections, int):
        return indices_or_sections
    return [int(v) for v in convert(indices_or_sections).tolist()]


def _split_spec(x, indices_or_sections, axis=0):
    shape = list(x.shape)
    axis = canonicalize_axis(axis, len(shape))
    size = shape[axis]
    if isinstance(indices_or_sections, int):
        if size is not None and size % indices_or_sections:
            raise ValueError(
                "`x` size on given `axis` must be divisible by `indices_or_sections` when "
                f"`indices_or_sections` is an int. But received {size} and "
                f"{indices_or_sections}."
            )
        sizes = [None if size is None else size // indices_or_sections] * indices_or_sections
    else:
        bounds = [0] + list(indices_or_sections) + [size]
        sizes = [None if a is None or b is None else b - a for a, b in zip(bounds, bounds[1:])]
    return [keras_tensor(shape[:axis] + [n] + shape[axis + 1:], x.dtype) for n in sizes]


@op("Split", _split_spec)
def split(x, indices_or_sections, axis=0):
    """Split a tensor into multiple sub-tensors.

    Args:
        x: Input tensor.
        indices_or_sections: Number of equal sections, or the sorted split indices.
        axis: Axis along which to split.

    Returns:
        A list of tensors.
    """
    x = convert(x)
    dim = x.shape[axis]
    if isinstance(indices_or_sections, int):
        if dim % indices_or_sections:
            raise ValueError(
                f"Received indices_or_sections={indices_or_sections} (interpreted as a "
                f"number of sections) and axis={axis}, but input dimension "
                f"x.shape[{axis}]={dim} is not divisible by {indices_or_sections}. Full "
                f"input shape: x.shape={x.shape}"
            )
        if dim == 0:
            return [x.clone() for _ in range(indices_or_sections)]
        return list(torch.split(x, dim // indices_or_sections, dim=axis))
    return list(torch.tensor_split(x, _sections(indices_or_sections), dim=axis))


def _array_split_spec(x, indices_or_sections, axis=0):
    shape = list(x.shape)
    axis = canonicalize_axis(axis, len(shape))
    size, n = shape[axis], indices_or_sections
    sizes = [None] * n if size is None else [size // n + (i < size % n) for i in range(n)]
    return [keras_tensor(shape[:axis] + [k] + shape[axis + 1:], x.dtype) for k in sizes]


@op("ArraySplit", _array_split_spec)
def _array_split(x, indices_or_sections, axis=0):
    return list(torch.tensor_split(convert(x), indices_or_sections, dim=axis))


def array_split(x, indices_or_sections, axis=0):
    """Split a tensor into ``indices_or_sections`` nearly equal sub-tensors.

    Args:
        x: Input tensor.
        indices_or_sections: Positive number of sections.
        axis: Axis along which to split.

    Returns:
        A list of tensors.
    """
    if not isinstance(indices_or_sections, int):
        raise TypeError(
            "Argument `indices_or_sections` must be of type `int`. "
            f"Received: indices_or_sections={indices_or_sections}"
        )
    if indices_or_sections <= 0:
        raise ValueError(
            "Argument `indices_or_sections` must be a positive integer. "
            f"Received: indices_or_sections={indices_or_sections}"
        )
    if not isinstance(axis, int):
        raise TypeError(f"Argument `axis` must be of type `int`. Received: {axis}")
    return _array_split(x, indices_or_sections, axis=axis)


def _split_along(torch_fn, name, class_name, doc, axis):
    def fn(x, indices_or_sections):
        return list(torch_fn(convert(x), _sections(indices_or_sections)))

    def spec(x, indices_or_sections):
        along = 0 if axis == 1 and len(x.shape) == 1 else axis
        return _split_spec(x, indices_or_sections, along)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = (f"{doc}\n\n    Args:\n        x: Input tensor.\n        indices_or_sections:"
                  " Number of equal sections, or the split indices.\n\n    Returns:\n"
                  "        A list of tensors.\n")
    return op(class_name, spec)(fn)


hsplit = _split_along(torch.hsplit, "hsplit", "Hsplit",
                      "Split a tensor into sub-tensors horizontally (column-wise).", 1)
vsplit = _split_along(torch.vsplit, "vsplit", "Vsplit",
                      "Split a tensor into sub-tensors vertically (row-wise).", 0)
dsplit = _split_along(torch.dsplit, "dsplit", "Dsplit",
                      "Split a tensor into sub-tensors along the third axis (depth).", 2)


def _pad_widths(pad_width, shape):
    ndim = len(shape)
    if isinstance(pad_width, int):
        pairs = [(pad_width, pad_width)]
    elif isinstance(pad_width, (tuple, list)) and isinstance(pad_width[0], int):
        pairs = [tuple(pad_width)]
    else:
        pairs = [tuple(p) for p in pad_width]
        first = len(pairs[0])
        for i, p in enumerate(pairs):
            if len(p) != first:
                raise ValueError(
                    "`pad_width` should be a list of tuples of length 1 or 2. Received: "
                    f"pad_width={pad_width}"
                )
            if len(p) == 1:
                pairs[i] = (p[0], p[0])
    if len(pairs) == 1 and len(pairs[0]) == 1:
        pairs = [(pairs[0][0], pairs[0][0])]
    if len(pairs) > 1 and len(pairs) != ndim:
        raise ValueError(
            "`pad_width` must have the same length as `x.shape`. Received: "
            f"pad_width={pad_width} (of length {len(pairs)}) and x.shape={shape} "
            f"(of length {ndim})"
        )
    if len(pairs) == 1:
        pairs = pairs * ndim
    return pairs


@op("Pad")
def pad(x, pad_width, mode="constant", constant_values=None):
    """Pad a tensor.

    Args:
        x: Tensor to pad.
        pad_width: Padding before and after each axis: an int, one ``(before, after)`` pair
            for all axes, or one pair per axis.
        mode: ``"constant"``, ``"edge"``, ``"linear_ramp"``, ``"maximum"``, ``"mean"``,
            ``"median"``, ``"minimum"``, ``"reflect"``, ``"symmetric"``, ``"wrap"``,
            ``"empty"`` or ``"circular"`` (torch supports constant, reflect, symmetric,
            circular).
        constant_values: Value to pad with in ``"constant"`` mode.

    Returns:
        The padded tensor.
    """
    if constant_values is not None and mode != "constant":
        raise ValueError(
            "Argument `constant_values` can only be provided when `mode == 'constant'`. "
            f"Received: mode={mode}"
        )
    x = convert(x)
    pairs = _pad_widths(pad_width, tuple(x.shape))
    flat = []
    for before, after in reversed(pairs):
        flat += [int(before), int(after)]
    if mode == "constant":
        value = 0 if constant_values is None else constant_values
        return torch.nn.functional.pad(x, flat, mode="constant", value=value)
    return _pad_non_constant(x, flat, "replicate" if mode == "symmetric" else mode)


def _pad_non_constant(x, flat, mode):
    # torch pads only the trailing 1-3 axes of a batched tensor, in float32/64, here.
    while flat and flat[-2:] == [0, 0]:
        flat = flat[:-2]
    original_dtype, original_ndim = x.dtype, x.ndim
    padded_axes = len(flat) // 2
    x = x.reshape((1,) * max(0, padded_axes + 1 - x.ndim) + tuple(x.shape))
    if x.dtype not in (torch.float32, torch.float64):
        x = x.to(torch.float32)
    out = torch.nn.functional.pad(x, flat, mode=mode)
    extra = out.ndim - original_ndim
    out = out.reshape(out.shape[extra:]) if extra else out
    return out.to(original_dtype)


@op("Meshgrid")
def meshgrid(*x, indexing="xy"):
    """Creates grids of coordinates from coordinate vectors.

    Args:
        *x: 1-D tensors representing the coordinates of a grid.
        indexing: ``"xy"`` (Cartesian) or ``"ij"`` (matrix) indexing of output.

    Returns:
        A list of N tensors, for N coordinate vectors.
    """
    return list(torch.meshgrid(_tensors(x), indexing=indexing))
