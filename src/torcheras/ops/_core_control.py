"""Control flow and function transforms of ``keras.ops`` (cond, loops, scan, gradients).

On torch these run eagerly as Python control flow; on KerasTensors they record one operation
whose output spec comes from running the functions on stand-in tensors.
"""

from __future__ import annotations

import torch

from torcheras.layers._keras_tensor import KerasTensor, flatten, map_structure, pack_like
from torcheras.ops._dtypes import standardize_dtype
from torcheras.ops._op import convert, op


@op("Cond")
def cond(pred, true_fn, false_fn):
    """Conditionally apply ``true_fn`` or ``false_fn``.

    Args:
        pred: Boolean scalar.
        true_fn: Callable returning the output when ``pred`` is true.
        false_fn: Callable returning the output when ``pred`` is false.

    Returns:
        The output of the chosen function.
    """
    return true_fn() if pred else false_fn()


def _as_tensors(structure):
    return map_structure(convert, structure)


def _while_loop_spec(cond, body, loop_vars, maximum_iterations=None):
    # As Keras: the loop keeps its variables' shapes and dtypes (and running it on
    # stand-in values could loop for long).
    return map_structure(_spec_of, loop_vars)


def _spec_of(v):
    if isinstance(v, KerasTensor):
        return KerasTensor(v.shape, v.dtype)
    t = convert(v)
    return KerasTensor(tuple(t.shape), standardize_dtype(t.dtype))


@op("WhileLoop", _while_loop_spec)
def while_loop(cond, body, loop_vars, maximum_iterations=None):
    """While ``cond(*loop_vars)`` is true, ``loop_vars = body(*loop_vars)``.

    Args:
        cond: Callable returning a boolean scalar from the loop variables.
        body: Callable returning new loop variables (same structure).
        loop_vars: A tensor or a tuple/list of loop variables.
        maximum_iterations: Optional cap on the number of iterations.

    Returns:
        The final loop variables, in the structure of ``loop_vars``.
    """
    is_sequence = isinstance(loop_vars, (tuple, list))
    values = tuple(loop_vars) if is_sequence else (loop_vars,)
    values = _as_tensors(values)
    step = 0
    while cond(*values) and (maximum_iterations is None or step < maximum_iterations):
        values = body(*values)
        values = tuple(values) if isinstance(values, (list, tuple)) else (values,)
        step += 1
    return values if is_sequence else values[0]


def _fori_loop_spec(lower, upper, body_fun, init_val):
    return _spec_of(init_val)


@op("ForiLoop", _fori_loop_spec)
def fori_loop(lower, upper, body_fun, init_val):
    """For ``i`` in ``range(lower, upper)``: ``val = body_fun(i, val)``.

    Args:
        lower: First loop index.
        upper: Loop end (exclusive).
        body_fun: Callable ``(i, val) -> val``.
        init_val: Initial value.

    Returns:
        The final value.
    """
    val = init_val
    for i in range(int(lower), int(upper)):
        val = body_fun(i, val)
    return val


def _is_nested(x) -> bool:
    return isinstance(x, (list, tuple, dict))


@op("Scan")
def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    """Scan a function over the leading axis of ``xs`` while carrying state.

    Args:
        f: Callable ``(carry, x) -> (carry, y)``.
        init: Initial carry (a tensor or nested structure).
        xs: Values to scan over along their first axis (or ``None`` with ``length``).
        length: Number of iterations when ``xs`` is ``None``.
        reverse: Whether to scan from the end.
        unroll: Accepted for compatibility (a positive int or bool); torch runs eagerly.

    Returns:
        A pair ``(final_carry, stacked_ys)``.
    """
    if not callable(f):
        raise TypeError(f"`f` should be a callable. Received: f={f}")
    if not isinstance(unroll, bool) and (not isinstance(unroll, int) or unroll < 1):
        raise ValueError(
            f"`unroll` must be an positive integer or boolean. Received: unroll={unroll}"
        )
    if xs is None and length is None:
        raise ValueError("Got no `xs` to scan over and `length` not provided.")
    xs_flat = [] if xs is None else [convert(v) for v in flatten(xs)]
    n = int(length) if length is not None else xs_flat[0].shape[0]
    init_flat = [convert(v) for v in flatten(init)]
    carry = pack_like(init, init_flat) if _is_nested(init) else init_flat[0]
    ys = []
    steps = reversed(range(n)) if reverse else range(n)
    for i in steps:
        piece = [v[i] for v in xs_flat]
        x = (pack_like(xs, piece) if _is_nested(xs) else piece[0]) if piece else None
        carry, y = f(carry, x)
        ys.append(y if y is not None else [torch.zeros_like(v) for v in init_flat])
    if reverse:
        ys = ys[::-1]
    if not ys:
        return carry, None
    flat_ys = [flatten(y) for y in ys]
    stacked = [torch.stack([convert(step[j]) for step in flat_ys]) for j in range(len(flat_ys[0]))]
    return carry, pack_like(ys[0], stacked) if _is_nested(ys[0]) else stacked[0]


@op("Map")
def map(f, xs):  # noqa: A001 - Keras's name
    """Map ``f`` over the leading axis of ``xs``, stacking the results.

    Args:
        f: Callable applied to each slice.
        xs: A tensor or nested structure of tensors with a common leading axis.

    Returns:
        The stacked outputs.
    """
    def step(_, x):
        return (), f(x)

    return scan(step, (), xs)[1]


def _slice_axis(x, start, stop, step, axis):
    index = [slice(None)] * x.ndim
    index[axis] = slice(start, stop, step)
    return x[tuple(index)]


@op("AssociativeScan")
def associative_scan(f, elems, reverse=False, axis=0):
    """Inclusive scan with an associative binary function (a parallel prefix sum).

    Args:
        f: Associative callable ``(a, b) -> c`` on the structure of ``elems``.
        elems: A tensor or nested structure of tensors, scanned along ``axis``.
        reverse: Whether to scan from the end.
        axis: The axis to scan along.

    Returns:
        The scanned values, in the structure of ``elems``.
    """
    if not callable(f):
        raise TypeError(f"`f` should be a callable. Received: f={f}")
    flat = [convert(v) for v in flatten(elems)]
    if reverse:
        flat = [torch.flip(v, (axis,)) for v in flat]
    n = flat[0].shape[axis]
    if any(v.shape[axis] != n for v in flat[1:]):
        raise ValueError(
            "Array inputs to associative_scan must have the same first dimension. (saw: "
            f"{[v.shape for v in flat]})"
        )

    def combine(a, b):
        out = f(pack_like(elems, a) if _is_nested(elems) else a[0],
                pack_like(elems, b) if _is_nested(elems) else b[0])
        return [convert(v) for v in flatten(out)]

    # Sequential prefix combination: f is associative, so this equals the tree scan.
    results = [[_slice_axis(v, 0, 1, None, axis) for v in flat]]
    for i in range(1, n):
        results.append(combine(results[-1], [_slice_axis(v, i, i + 1, None, axis)
                                             for v in flat]))
    scanned = [torch.cat([r[j] for r in results], dim=axis) if n else flat[j]
               for j in range(len(flat))]
    if reverse:
        scanned = [torch.flip(v, (axis,)) for v in scanned]
    return pack_like(elems, scanned) if _is_nested(elems) else scanned[0]


@op("Switch")
def switch(index, branches, *operands):
    """Apply exactly one of ``branches`` (chosen by ``index``, clamped) to ``operands``.

    Args:
        index: Integer scalar.
        branches: Sequence of callables.
        *operands: Inputs passed to the chosen branch.

    Returns:
        The branch's outputs.
    """
    index = int(torch.clamp(convert(index, "int32"), 0, len(branches) - 1))
    return branches[index](*operands)


@op("VectorizedMap")
def vectorized_map(function, elements):
    """Parallel map of ``function`` over the leading axis of ``elements`` (``torch.vmap``).

    Args:
        function: Callable applied to each slice.
        elements: A tensor or nested structure of tensors.

    Returns:
        The stacked outputs.
    """
    return torch.vmap(function)(elements)


class custom_gradient:  # noqa: N801 - Keras's name
    """Decorator giving a function a custom gradient.

    The decorated function returns ``(output, grad_fn)``; ``grad_fn(*args, upstream=g)``
    returns the gradients of the inputs given the output's gradient ``g``.

    Args:
        f: The forward function.

    Example:

    >>> import torch
    >>> @custom_gradient
    ... def clipped(x):
    ...     def grad(*args, upstream=None):
    ...         return torch.clamp(upstream, -1.0, 1.0)
    ...     return x * 10.0, grad
    >>> x = torch.tensor(2.0, requires_grad=True)
    >>> clipped(x).backward()
    >>> float(x.grad)
    1.0
    """

    def __init__(self, f):
        self.forward_fn = f

    def __call__(self, *args, **kwargs):
        return _CustomGradientFunction.apply(self.forward_fn, *args, **kwargs)


class _CustomGradientFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, forward_fn, *args, **kwargs):
        ctx.save_for_backward(*args)
        result = forward_fn(*args, **kwargs)
        if isinstance(result, tuple) and len(result) == 2 and callable(result[1]):
            output, ctx.grad_fn = result
        else:
            output, ctx.grad_fn = result, None
        return output

    @staticmethod
    def backward(ctx, upstream):
        if ctx.grad_fn is None:
            raise ValueError("grad_fn must be provided for custom gradient")
        grads = ctx.grad_fn(*ctx.saved_tensors, upstream=upstream)
        if not isinstance(grads, tuple):
            grads = (grads,)
        return (None,) + grads
