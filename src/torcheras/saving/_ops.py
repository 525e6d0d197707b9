"""Keras 3 operations in functional configs (``x + 1`` is an ``Add`` node) and the
torcheras tensor-op layers that record them."""

from __future__ import annotations

from torcheras.layers._keras_tensor import KerasTensor
from torcheras.layers._tensor_op import tensor_op

# Keras operation class -> (our operator, its reflected form for `constant op tensor`).
_KERAS_OPS = {
    "Add": ("add", "radd"), "Subtract": ("sub", "rsub"), "Multiply": ("mul", "rmul"),
    "TrueDivide": ("truediv", "rtruediv"), "Divide": ("truediv", "rtruediv"),
    "Matmul": ("matmul", "rmatmul"), "Power": ("pow", "rpow"),
    "FloorDivide": ("floordiv", "rfloordiv"), "Mod": ("mod", "rmod"),
    "Less": ("lt", "gt"), "LessEqual": ("le", "ge"), "Greater": ("gt", "lt"),
    "GreaterEqual": ("ge", "le"), "NotEqual": ("ne", "ne"),
    "LogicalAnd": ("and", "rand"), "LogicalOr": ("or", "ror"), "LogicalXor": ("xor", "rxor"),
    "Negative": ("neg", None), "Absolute": ("abs", None), "LogicalNot": ("invert", None),
    "GetItem": ("getitem", None), "Round": ("round", None),
}
# Our reflected operators: written with their arguments swapped, as the Keras op.
REFLECTED = {"radd", "rsub", "rmul", "rtruediv", "rmatmul", "rpow", "rfloordiv", "rmod",
             "rand", "ror", "rxor"}


class OpSpec:
    """A Keras operation read from a config; becomes a tensor-op layer when its node is
    rebuilt (the operand order picks the operator)."""

    def __init__(self, class_name: str, name: str | None = None):
        self.class_name = class_name
        self.name = name
        self.built = True

    @classmethod
    def from_config(cls, config: dict):
        return cls(cls._keras_class, config.get("name"))

    def call_on(self, args: list, kwargs: dict):
        fn, reflected = _KERAS_OPS[self.class_name]
        if fn == "getitem":
            key = tuple(args[1]) if isinstance(args[1], list) else args[1]  # JSON has no tuples
            op = tensor_op("getitem", {"key": key})
            return _named(op, self.name)(args[0])
        if fn == "round":
            decimals = args[1] if len(args) > 1 else kwargs.get("decimals", 0)
            return _named(tensor_op("round", {"decimals": decimals}), self.name)(args[0])
        if len(args) == 2 and not isinstance(args[0], KerasTensor):
            return _named(tensor_op(reflected), self.name)(args[1], args[0])
        return _named(tensor_op(fn), self.name)(*args)


def _named(layer, name):
    if name:
        layer.name = name
    return layer


_SPECS: dict[str, type] = {}


def op_class(class_name: str):
    """An ``OpSpec`` class for a Keras operation name, or ``None``."""
    if class_name not in _KERAS_OPS:
        return None
    cls = _SPECS.get(class_name)
    if cls is None:
        cls = _SPECS[class_name] = type(class_name, (OpSpec,), {"_keras_class": class_name})
    return cls


def node_arguments(op, args: list, kwargs: dict) -> tuple[list, dict]:
    """The arguments of a tensor-op node as the Keras operation takes them."""
    fn = op.fn_name
    if fn in REFLECTED:
        return [args[1], args[0]], kwargs
    if fn == "getitem":
        return [args[0], op.fn_kwargs["key"]], {}
    if fn == "round":
        return [args[0], op.fn_kwargs["decimals"]], {}
    return list(args), kwargs
