"""Ops that create tensors (``arange``, ``zeros``, ``full``, ``eye``, ``linspace``, windows)."""

from __future__ import annotations

import torch

from torcheras.layers._keras_tensor import KerasTensor
from torcheras.ops._dtypes import _FLOATS, _TORCH_NAMES, result_type, to_torch_dtype
from torcheras.ops._op import _target_device, convert, floatx_dtype, op


def _dt(x):
    if isinstance(x, (torch.Tensor, KerasTensor)):
        return _TORCH_NAMES[x.dtype] if isinstance(x, torch.Tensor) else x.dtype
    return getattr(x, "dtype", type(x))


def _dtype_or_floatx(dtype) -> torch.dtype:
    return floatx_dtype() if dtype is None else to_torch_dtype(dtype)


def _shape(shape):
    return (shape,) if isinstance(shape, int) else tuple(shape)


@op("Arange")
def arange(start, stop=None, step=None, dtype=None):
    """Return evenly spaced values within a given interval.

    Args:
        start: Start of the interval (or its end, when ``stop`` is omitted).
        stop: End of the interval (exclusive).
        step: Spacing between values (default 1).
        dtype: Dtype of the result (inferred from the arguments by default).

    Returns:
        A 1-D tensor.
    """
    if dtype is None:
        dtype = result_type(*[_dt(v) for v in (start, stop, step) if v is not None])
    if stop is None:
        start, stop = 0, start
    if step is None:
        step = 1
    return torch.arange(start, stop, step=step, dtype=to_torch_dtype(dtype),
                        device=_target_device())


@op("Array")
def array(x, dtype=None):
    """Create a tensor.

    Args:
        x: Input values.
        dtype: Desired dtype.

    Returns:
        A tensor.
    """
    return convert(x, dtype)


def _create(name, torch_fn, doc):
    def fn(shape, dtype=None):
        return torch_fn(_shape(shape), dtype=_dtype_or_floatx(dtype), device=_target_device())

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = (f"{doc}\n\n    Args:\n        shape: Shape of the new tensor.\n"
                  "        dtype: Desired dtype (floatx by default).\n\n    Returns:\n"
                  "        A tensor.\n")
    return fn


zeros = _create("zeros", torch.zeros, "Return a new tensor of given shape and type, filled "
                "with zeros.")
ones = _create("ones", torch.ones, "Return a new tensor of given shape and type, filled "
               "with ones.")
empty = _create("empty", torch.empty, "Return a tensor of given shape and type filled with "
                "uninitialized data.")


def _like(name, class_name, torch_fn, doc):
    def fn(x, dtype=None):
        x = convert(x)
        return torch_fn(x, dtype=x.dtype if dtype is None else to_torch_dtype(dtype))

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = (f"{doc}\n\n    Args:\n        x: Input tensor.\n"
                  "        dtype: Overrides the dtype of the result.\n\n    Returns:\n"
                  "        A tensor.\n")
    return op(class_name)(fn)


zeros_like = _like("zeros_like", "ZerosLike", torch.zeros_like,
                   "Return a tensor of zeros with the same shape and type as `x`.")
ones_like = _like("ones_like", "OnesLike", torch.ones_like,
                  "Return a tensor of ones with the same shape and type as `x`.")
empty_like = _like("empty_like", "EmptyLike", torch.empty_like,
                   "Return a new uninitialized tensor with the same shape and type as `x`.")


def full(shape, fill_value, dtype=None):
    """Return a new tensor of given shape and type, filled with ``fill_value``.

    Args:
        shape: Shape of the new tensor.
        fill_value: Fill value (a scalar or a tensor broadcast to trailing axes).
        dtype: Desired dtype (floatx by default).

    Returns:
        A tensor.
    """
    return _full(_shape(shape), fill_value, dtype)


def _full_spec(shape, fill_value, dtype=None):
    return KerasTensor(shape, dtype or _TORCH_NAMES[floatx_dtype()])


@op("Full", _full_spec)
def _full(shape, fill_value, dtype=None):
    # As Keras's torch backend: without `dtype`, the result is floatx.
    tdtype = _dtype_or_floatx(dtype)
    fill_value = convert(fill_value, tdtype)
    if fill_value.ndim:
        lead = len(shape) - fill_value.ndim
        return torch.tile(fill_value, tuple(shape[:lead]) + (1,) * fill_value.ndim)
    return torch.full(shape, fill_value.item(), dtype=tdtype, device=_target_device())


@op("FullLike")
def full_like(x, fill_value, dtype=None):
    """Return a full tensor with the same shape and type as ``x``.

    Args:
        x: Input tensor.
        fill_value: Fill value.
        dtype: Overrides the dtype of the result.

    Returns:
        A tensor.
    """
    x = convert(x)
    return _full(tuple(x.shape), fill_value, dtype or x.dtype)


def _check_eye_arg(v, message):
    if isinstance(v, float) or str(getattr(v, "dtype", "")).replace("torch.", "") in _FLOATS:
        raise TypeError(message)


def eye(N, M=None, k=0, dtype=None):
    """Return a 2-D tensor with ones on the ``k``-th diagonal and zeros elsewhere.

    Args:
        N: Number of rows.
        M: Number of columns (``N`` by default).
        k: Index of the diagonal (0 main, >0 upper, <0 lower).
        dtype: Desired dtype (floatx by default).

    Returns:
        A 2-D tensor.
    """
    _check_eye_arg(N, "Argument `N` must be an integer or an integer tensor.")
    _check_eye_arg(M, "Argument `M` must be an integer, an integer tensor, or `None`.")
    tdtype = _dtype_or_floatx(dtype)
    N = int(N)
    M = N if M is None else int(M)
    k = 0 if k is None else int(k)
    dev = _target_device()
    if k == 0:
        return torch.eye(N, M, dtype=tdtype, device=dev)
    ones = torch.ones(max(N, M), dtype=tdtype, device=dev)
    return torch.diag(ones, diagonal=k)[:N, :M]


def identity(n, dtype=None):
    """Return the identity tensor (a square tensor with ones on the main diagonal).

    Args:
        n: Number of rows (and columns).
        dtype: Desired dtype (floatx by default).

    Returns:
        A 2-D tensor.
    """
    return torch.eye(n, dtype=_dtype_or_floatx(dtype), device=_target_device())


def tri(N, M=None, k=0, dtype=None):
    """Return a tensor with ones at and below the ``k``-th diagonal and zeros elsewhere.

    Args:
        N: Number of rows.
        M: Number of columns (``N`` by default).
        k: The sub-diagonal at and below which the tensor is filled.
        dtype: Desired dtype (floatx by default).

    Returns:
        A 2-D tensor.
    """
    M = M or N
    x = torch.ones((N, M), dtype=_dtype_or_floatx(dtype), device=_target_device())
    return torch.tril(x, diagonal=k)


def _space_dtype(start, stop, dtype):
    if dtype is None:
        dtype = result_type(_dt(start), _dt(stop), float)
    return to_torch_dtype(dtype)


def _ramp(start, stop, num, dtype):
    start = convert(start, dtype)
    stop = convert(stop, dtype)
    steps = torch.arange(num, dtype=dtype, device=_target_device()) / (num - 1)
    steps = steps.reshape((num,) + (1,) * start.ndim)
    return start[None] + steps * (stop - start)[None]


@op("Linspace")
def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    """Return ``num`` evenly spaced numbers over ``[start, stop]``.

    Args:
        start: The starting value (scalar or tensor).
        stop: The end value.
        num: Number of samples.
        endpoint: Whether ``stop`` is the last sample.
        retstep: Whether to also return the spacing between samples.
        dtype: Dtype of the result.
        axis: Axis of the result to store the samples (only 0 is supported on torch).

    Returns:
        A tensor, or ``(tensor, step)`` when ``retstep``.
    """
    if axis != 0:
        raise ValueError(
            f"torch.linspace does not support an `axis` argument. Received axis={axis}"
        )
    tdtype = _space_dtype(start, stop, dtype)
    step = torch.tensor(float("nan"))
    if endpoint:
        if num > 1:
            step = (stop - start) / (num - 1)
    else:
        if num > 0:
            step = (stop - start) / num
        if num > 1:
            stop = stop - ((stop - start) / num)
    if hasattr(start, "__len__") and hasattr(stop, "__len__"):
        out = _ramp(start, stop, num, tdtype)
    else:
        out = torch.linspace(_scalar(start), _scalar(stop), num, dtype=tdtype,
                             device=_target_device())
    return (out, step) if retstep is True else out


def _scalar(v):
    return v.item() if isinstance(v, torch.Tensor) and v.ndim == 0 else v


@op("Logspace")
def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0):
    """Return numbers spaced evenly on a log scale, ``base**start`` to ``base**stop``.

    Args:
        start: The starting exponent.
        stop: The final exponent.
        num: Number of samples.
        endpoint: Whether ``stop`` is the last sample.
        base: The base of the log space.
        dtype: Dtype of the result.
        axis: Axis of the result to store the samples (only 0 is supported on torch).

    Returns:
        A tensor.
    """
    if axis != 0:
        raise ValueError(
            f"torch.logspace does not support an `axis` argument. Received axis={axis}"
        )
    tdtype = _space_dtype(start, stop, dtype)
    if endpoint is False:
        stop = stop - ((stop - start) / num)
    if hasattr(start, "__len__") and hasattr(stop, "__len__"):
        return base ** _ramp(start, stop, num, tdtype)
    compute = torch.float32 if tdtype is torch.float16 else tdtype
    return torch.logspace(_scalar(start), _scalar(stop), num, base=base, dtype=compute,
                          device=_target_device()).to(tdtype)


@op("Geomspace")
def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    """Return numbers spaced evenly on a log scale (a geometric progression).

    Args:
        start: The starting value.
        stop: The final value.
        num: Number of samples.
        endpoint: Whether ``stop`` is the last sample.
        dtype: Dtype of the result.
        axis: Axis of the result to store the samples (only 0 is supported on torch).

    Returns:
        A tensor.
    """
    if axis != 0:
        raise ValueError(
            f"torch does not support an `axis` argument for geomspace. Received axis={axis}"
        )
    tdtype = _space_dtype(start, stop, dtype)
    start = convert(start, tdtype)
    stop = convert(stop, tdtype)
    log_start = torch.log10(torch.abs(start))
    log_stop = torch.log10(torch.abs(stop))
    return logspace(log_start, log_stop, num=num, endpoint=endpoint, base=10,
                    dtype=tdtype) * torch.sign(start)


def _window(name, torch_fn, doc):
    def fn(x):
        if isinstance(x, KerasTensor):
            raise TypeError(
                f"{name.capitalize()} operation does not support symbolic tensors. "
                f"Received input x = {x} of type {type(x)}"
            )
        n = int(convert(x))
        return torch_fn(n, device=_target_device())

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = (f"{doc}\n\n    Args:\n        x: Number of points in the window.\n\n"
                  "    Returns:\n        A 1-D float32 tensor.\n")
    return fn


bartlett = _window("bartlett", lambda n, device: torch.signal.windows.bartlett(
    n, device=device), "The Bartlett (triangular) window.")
blackman = _window("blackman", lambda n, device: torch.signal.windows.blackman(
    n, device=device), "The Blackman window.")
hamming = _window("hamming", lambda n, device: torch.signal.windows.hamming(
    n, device=device), "The Hamming window.")
hanning = _window("hanning", lambda n, device: torch.signal.windows.hann(
    n, device=device), "The Hanning (Hann) window.")


def kaiser(x, beta):
    """The Kaiser window.

    Args:
        x: Number of points in the window.
        beta: Shape parameter of the window.

    Returns:
        A 1-D float32 tensor.
    """
    if isinstance(x, KerasTensor):
        raise TypeError(
            "Kaiser operation does not support symbolic tensors. "
            f"Received input x = {x} of type {type(x)}"
        )
    return torch.signal.windows.kaiser(int(convert(x)), beta=beta, device=_target_device())
