"""``InputSpec``: what a layer accepts, checked when it is called."""

from __future__ import annotations


class InputSpec:
    """Rank, dtype and axis-size constraints on a layer's input.

    Args:
        dtype: Expected dtype name, or ``None``.
        shape: Expected full shape (``None`` for free dimensions).
        ndim: Exact rank.
        max_ndim: Largest allowed rank.
        min_ndim: Smallest allowed rank.
        axes: ``{axis: size}`` that must hold.
        allow_last_axis_squeeze: Accept a trailing axis of size 1 missing or extra.
        name: Expected input name.
    """

    def __init__(self, dtype=None, shape=None, ndim=None, max_ndim=None, min_ndim=None,
                 axes=None, allow_last_axis_squeeze=False, name=None, optional=False):
        self.dtype = dtype
        self.shape = None if shape is None else tuple(shape)
        self.ndim = len(self.shape) if self.shape is not None else ndim
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.axes = {int(k): v for k, v in (axes or {}).items()}
        self.allow_last_axis_squeeze = allow_last_axis_squeeze
        self.name = name
        self.optional = optional

    def __repr__(self) -> str:
        parts = [f"{k}={v}" for k, v in (("dtype", self.dtype), ("shape", self.shape),
                                          ("ndim", self.ndim), ("max_ndim", self.max_ndim),
                                          ("min_ndim", self.min_ndim), ("axes", self.axes or None))
                 if v is not None]
        return f"InputSpec({', '.join(parts)})"

    def get_config(self) -> dict:
        return {"dtype": self.dtype, "shape": self.shape, "ndim": self.ndim,
                "max_ndim": self.max_ndim, "min_ndim": self.min_ndim, "axes": self.axes}


def check_input_spec(layer, spec: InputSpec, shape: tuple, index: int = 0) -> None:
    """Raise Keras's ValueError when ``shape`` breaks ``spec``."""
    ndim = len(shape)
    prefix = f'Input {index} of layer "{layer.name}" is incompatible with the layer: '
    if spec.ndim is not None and ndim != spec.ndim and not spec.allow_last_axis_squeeze:
        raise ValueError(
            f"{prefix}expected ndim={spec.ndim}, found ndim={ndim}. "
            f"Full shape received: {_fmt(shape)}"
        )
    if spec.max_ndim is not None and ndim > spec.max_ndim:
        raise ValueError(
            f"{prefix}expected max_ndim={spec.max_ndim}, found ndim={ndim}. "
            f"Full shape received: {_fmt(shape)}"
        )
    if spec.min_ndim is not None and ndim < spec.min_ndim:
        raise ValueError(
            f"{prefix}expected min_ndim={spec.min_ndim}, found ndim={ndim}. "
            f"Full shape received: {_fmt(shape)}"
        )
    for axis, value in spec.axes.items():
        if value is None:
            continue
        if axis >= ndim or axis < -ndim:
            raise ValueError(
                f"{prefix}expected axis {axis} of input shape to have value {value}, "
                f"but received input with shape {_fmt(shape)}"
            )
        got = shape[axis]
        if got is not None and got != value:
            raise ValueError(
                f"{prefix}expected axis {axis} of input shape to have value {value}, "
                f"but received input with shape {_fmt(shape)}"
            )
    if spec.shape is not None:
        for want, got in zip(spec.shape, shape):
            if want is not None and got is not None and want != got:
                raise ValueError(
                    f"{prefix}expected shape={_fmt(spec.shape)}, found shape={_fmt(shape)}"
                )


def _fmt(shape) -> str:
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + (
        ",)" if len(shape) == 1 else ")")
