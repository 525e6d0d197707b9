"""The machinery every ``keras.ops`` function runs through.

``@op("Sum")`` wraps an eager function: called on tensors, arrays or Python values it runs the
function directly (one type check per argument, so an op costs about as much as the torch call
it makes); called with a ``KerasTensor`` anywhere in its arguments it records an operation
node of class ``Sum`` in the functional graph instead, with the output shape and dtype from
the op's ``compute_output_spec`` or, failing that, from running it on stand-in tensors.
"""

from __future__ import annotations

import functools
import inspect
import sys

import numpy as np
import torch

from torcheras.backend import _config, _device
from torcheras.layers._keras_tensor import KerasTensor, any_symbolic
from torcheras.ops._dtypes import result_type, standardize_dtype, to_torch_dtype
from torcheras.ops._keras_layout import KERAS_OPERATIONS
from torcheras.ops._op_layout import split_static, with_static
from torcheras.ops._operation import Operation
from torcheras.ops._specs import axis_checked_spec, elementwise_spec, trace_spec

__all__ = [
    "KerasTensor", "Operation", "cast", "convert", "floatx_dtype", "dtype_of", "is_symbolic_call", "op", "result_type",
    "standardize_dtype", "to_torch_dtype",
]

_Tensor = torch.Tensor
_FLOATX_TORCH = {"float16": torch.float16, "bfloat16": torch.bfloat16,
                 "float32": torch.float32, "float64": torch.float64}


def _target_device() -> torch.device:
    return _device._device if _device._device is not None else _device.get_device()


# (default device, whether it is the CPU), refreshed when `set_device` changes the device.
_dev_state: list = [None, False]


def _refresh_device_state() -> None:
    dev = _target_device()
    _dev_state[0] = dev
    _dev_state[1] = dev.type == "cpu"


def convert(x, dtype=None) -> torch.Tensor:
    """``x`` as a torch tensor on the default device, with Keras's torch-backend dtypes.

    Tensors keep their dtype; Python ``bool``/``int``/``float`` become bool/int32/floatx
    (int64 for ints beyond 32 bits); NumPy arrays keep theirs (uint32 becomes int64, which
    torch lacks); lists take the promoted dtype of their items. ``dtype`` overrides all that.

    Args:
        x: A tensor, NumPy array, Python scalar or (nested) list/tuple of them.
        dtype: Optional target dtype.

    Returns:
        A ``torch.Tensor``.
    """
    if type(x) is _Tensor and dtype is None and _dev_state[1] and x.is_cpu and (
            _device._device is _dev_state[0]):
        return x
    if isinstance(x, _Tensor):
        if _device._device is not _dev_state[0]:
            _refresh_device_state()
        # `x.device` costs a new object per call; `is_cpu` answers the common case cheaply.
        if not (_dev_state[1] and x.is_cpu) and x.device != _dev_state[0]:
            x = x.to(_dev_state[0])
        if dtype is not None:
            x = x.to(to_torch_dtype(dtype))
        return x
    dev = _target_device()
    if isinstance(x, (bool, int, float, complex)):
        if dtype is not None:
            dt = to_torch_dtype(dtype)
        elif isinstance(x, bool):
            dt = torch.bool
        elif isinstance(x, int):
            dt = torch.int64 if x < -(2**31) or x >= 2**31 else torch.int32
        elif isinstance(x, float):
            dt = _FLOATX_TORCH[_config.floatx()]
        else:
            dt = torch.complex64
        return torch.as_tensor(x, dtype=dt, device=dev)
    if isinstance(x, (list, tuple)):
        if x and any(isinstance(v, _Tensor) for v in x):
            out = torch.stack([convert(v) for v in x])
            return out if dtype is None else out.to(to_torch_dtype(dtype))
        if dtype is None:
            dtype = result_type(*[getattr(v, "dtype", type(v)) for v in _leaves(x)])
        return torch.as_tensor(x, dtype=to_torch_dtype(dtype), device=dev)
    if isinstance(x, KerasTensor):
        raise ValueError(
            "A KerasTensor cannot be used as input to a torch operation. KerasTensors are "
            "symbolic placeholders for building models; call the op on real tensors, or use "
            f"it inside a model. Received: {x!r}"
        )
    if hasattr(x, "__array__") or isinstance(x, np.generic):
        arr = np.asarray(x)
    else:
        arr = np.array(x)
    if arr.dtype == np.uint32:
        arr = arr.astype(np.int64)
    if arr.dtype == object:
        raise ValueError(f"Cannot convert a value of type {type(x).__name__} to a tensor: {x!r}")
    if not arr.flags.writeable or arr.dtype.byteorder not in ("=", "|", "<"):
        arr = np.array(arr)
    t = torch.from_numpy(arr) if arr.ndim else torch.as_tensor(arr)
    return t.to(device=dev, dtype=None if dtype is None else to_torch_dtype(dtype))


def cast(x: torch.Tensor, dtype) -> torch.Tensor:
    """``x`` in ``dtype`` (no copy when it already is)."""
    td = to_torch_dtype(dtype)
    return x if x.dtype == td else x.to(td)


def floatx_dtype() -> torch.dtype:
    """The torch dtype of ``keras.config.floatx()``."""
    return _FLOATX_TORCH[_config.floatx()]


def _leaves(x) -> list:
    if isinstance(x, (list, tuple)):
        out = []
        for v in x:
            out.extend(_leaves(v))
        return out
    return [x]


def dtype_of(x) -> str:
    """Keras's dtype name of a tensor, KerasTensor, array or Python value."""
    if isinstance(x, (_Tensor, KerasTensor)) or hasattr(x, "dtype"):
        return standardize_dtype(x.dtype)
    if isinstance(x, bool):
        return "bool"
    if isinstance(x, int):
        return "int32"
    if isinstance(x, float):
        return _config.floatx()
    return standardize_dtype(convert(x).dtype)


def _has_symbol(value) -> bool:
    t = type(value)
    if t is _Tensor or t is int or t is float or value is None:
        return False
    if t is KerasTensor:
        return True
    if t is list or t is tuple:
        # Shapes, axes and tensor lists: one set lookup per plain element.
        for v in value:
            if type(v) not in _PLAIN and _has_symbol(v):
                return True
        return False
    if t is dict:
        return any_symbolic(value)
    return isinstance(value, KerasTensor)


def is_symbolic_call(args, kwargs) -> bool:
    """Whether any argument (nested in lists, tuples or dicts) is a KerasTensor."""
    for a in args:
        if _has_symbol(a):
            return True
    for a in kwargs.values():
        if _has_symbol(a):
            return True
    return False


class OpNode(Operation):
    """The operation an ``@op`` function records on KerasTensors (one class per op name).

    Args:
        name: Optional name.
        **static: Arguments fixed at construction, as Keras's operation classes take
            theirs (``Sum(axis=1)``); a Keras config read back gives them. Calls add them
            to the arguments they receive.
    """

    _fn = None
    _spec = None

    def __init__(self, name: str | None = None, **static):
        super().__init__(name=name)
        self._static = static
        # Number of positional call arguments -> whether `fn(*args, **static, **kwargs)`
        # is the call (no static argument sits among the positional ones).
        self._direct: dict = {}

    def __call__(self, *args, **kwargs):
        # Run once per batch inside functional models: kept to a few checks.
        if is_symbolic_call(args, kwargs):
            return self.symbolic_call(*args, **kwargs)
        return self.call(*args, **kwargs)

    _signature = None
    _init_params: tuple = ()

    @classmethod
    def _record(cls, *args, **kwargs):
        """The node for a call on KerasTensors, with Keras's constructor arguments as the
        operation's config and the rest as the call's (as Keras saves op nodes)."""
        if cls._init_params:
            split = split_static(cls._signature, cls._init_params, args, kwargs, _has_symbol)
            if split is not None:
                static, args, kwargs = split
                return cls(**static).symbolic_call(*args, **kwargs)
        return cls().symbolic_call(*args, **kwargs)

    def call(self, *args, **kwargs):
        static = self._static
        if not static:
            return type(self)._fn(*args, **kwargs)
        direct = self._direct.get(len(args))
        if direct is None:
            direct = self._direct[len(args)] = self._direct_call_ok(len(args))
        if direct:
            return type(self)._fn(*args, **static, **kwargs)
        args, kwargs = with_static(type(self)._signature, static, args, kwargs)
        return type(self)._fn(*args, **kwargs)

    def _direct_call_ok(self, count: int) -> bool:
        positional = [p for p in type(self)._signature.parameters.values()
                      if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)]
        taken = positional[:count]
        if any(p.kind is p.VAR_POSITIONAL for p in positional) and any(
                p.name in self._static for p in positional):
            return False
        return not any(p.name in self._static or p.kind is p.VAR_POSITIONAL for p in taken)

    def compute_output_spec(self, *args, **kwargs):
        if self._static:
            args, kwargs = with_static(type(self)._signature, self._static, args, kwargs)
        spec = type(self)._spec
        if spec is not None:
            return spec(*args, **kwargs)
        try:
            return trace_spec(type(self)._fn, args, kwargs)
        except (RuntimeError, IndexError) as e:
            # torch's shape errors become Keras's symbolic-shape ValueError.
            raise ValueError(
                f"Invalid arguments for `{type(self).__name__}` on symbolic inputs "
                f"{_describe(args, kwargs)}: {e}"
            ) from e

    def get_config(self) -> dict:
        return {"name": self.name, **self._static}


# Keras operation class name -> the class our ops record (for configs naming them).
OPERATIONS: dict[str, type] = {}


def _describe(args, kwargs) -> str:
    parts = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]
    return "(" + ", ".join(parts) + ")"


def op(keras_class_name: str, compute_output_spec=None, elementwise: bool = False,
       checks_axis: bool = False):
    """Decorate an eager op so that KerasTensor arguments record a graph node instead.

    Args:
        keras_class_name: Name of Keras's operation class for this op (``"Sum"``); the
            recorded node is an instance of a class of that name, as in Keras's summaries.
        compute_output_spec: Optional function with the op's signature returning
            KerasTensor(s) for symbolic arguments. Without it the op is run once (or twice,
            for unknown dimensions) on small stand-in tensors.
        elementwise: The op broadcasts its tensor arguments elementwise: the output shape
            is their broadcast shape (with Keras's error for incompatible shapes).
        checks_axis: On symbolic inputs, check the op's ``axis`` argument (an int or
            sequence) against the first input's rank first, with Keras's ValueError.

    Returns:
        A decorator.
    """
    def decorate(fn):
        spec = elementwise_spec(fn) if elementwise else compute_output_spec
        if checks_axis:
            spec = axis_checked_spec(fn, spec)
        layout = KERAS_OPERATIONS.get(keras_class_name)
        signature = inspect.signature(fn)
        # Saved as Keras saves this operation when our function takes all of Keras's
        # constructor arguments (by name); otherwise every argument stays in the call.
        keras_like = layout is not None and set(layout[1]) <= set(signature.parameters)
        cls = type(keras_class_name, (OpNode,), {
            "__module__": layout[0] if keras_like else fn.__module__,
            "_signature": signature,
            "_init_params": tuple(layout[1]) if keras_like else (),
            "__qualname__": keras_class_name,
            "_fn": staticmethod(fn),
            "_spec": None if spec is None else staticmethod(spec),
        })

        wrapper = _fast_wrapper(fn, cls)
        OPERATIONS.setdefault(keras_class_name, cls)
        if not keras_like:
            # Reachable as `<module>.<ClassName>`, where configs saved by torcheras point.
            module = sys.modules.get(fn.__module__)
            if module is not None and not hasattr(module, keras_class_name):
                setattr(module, keras_class_name, cls)
        wrapper.operation_class = cls
        return wrapper

    return decorate


def _fast_wrapper(fn, cls):
    """A function with ``fn``'s signature that checks each argument for KerasTensors, then
    calls ``fn`` with the arguments as received.

    Written out per signature (rather than ``*args, **kwargs``) because packing and
    unpacking argument tuples costs a large share of the ~1 us an op may add to torch.
    """
    params = list(inspect.signature(fn).parameters.values())
    header, call, checks = [], [], []
    namespace = {"_fn": fn, "_cls": cls, "_has_symbol": _has_symbol, "_PLAIN": _PLAIN,
                 "_any_symbol": _any_symbol}
    saw_star = False
    for i, p in enumerate(params):
        name = p.name
        default = ""
        if p.default is not inspect.Parameter.empty:
            namespace[f"_d{i}"] = p.default
            default = f"=_d{i}"
        if p.kind is p.VAR_POSITIONAL:
            header.append(f"*{name}")
            call.append(f"*{name}")
            checks.append(f"_any_symbol({name})")
            saw_star = True
        elif p.kind is p.VAR_KEYWORD:
            header.append(f"**{name}")
            call.append(f"**{name}")
            checks.append(f"_any_symbol({name}.values())")
        else:
            if p.kind is p.KEYWORD_ONLY and not saw_star:
                header.append("*")
                saw_star = True
            header.append(f"{name}{default}")
            call.append(f"{name}={name}" if p.kind is p.KEYWORD_ONLY else name)
            checks.append(f"(type({name}) not in _PLAIN and _has_symbol({name}))")
        if p.kind is p.POSITIONAL_ONLY and (i + 1 == len(params)
                                            or params[i + 1].kind is not p.POSITIONAL_ONLY):
            header.append("/")
    args = ", ".join(call)
    condition = " or ".join(checks) or "False"
    source = (f"def {fn.__name__}({', '.join(header)}):\n"
              f"    if {condition}:\n"
              f"        return _cls._record({args})\n"
              f"    return _fn({args})\n")
    exec(compile(source, f"<op {fn.__name__}>", "exec"), namespace)  # noqa: S102 - generated
    wrapper = namespace[fn.__name__]
    functools.update_wrapper(wrapper, fn)
    return wrapper


# Argument types that can never hold a KerasTensor (checked by one set lookup per argument).
_PLAIN = frozenset({_Tensor, int, float, bool, str, type(None), torch.dtype})


def _any_symbol(values) -> bool:
    for v in values:
        if type(v) is not _Tensor and _has_symbol(v):
            return True
    return False


def keras_tensor(shape, dtype) -> KerasTensor:
    """A KerasTensor of ``shape`` and ``dtype`` (for ``compute_output_spec`` functions)."""
    return KerasTensor(tuple(shape), standardize_dtype(dtype))

