"""Layers recorded by operators on symbolic tensors (``x + y``, ``x[:, 0]``, ...)."""

from __future__ import annotations

import operator

import torch

from torcheras.layers._layer import Layer

_OPS = {
    "add": operator.add,
    "radd": lambda a, b: b + a,
    "sub": operator.sub,
    "rsub": lambda a, b: b - a,
    "mul": operator.mul,
    "rmul": lambda a, b: b * a,
    "truediv": operator.truediv,
    "rtruediv": lambda a, b: b / a,
    "matmul": torch.matmul,
    "pow": operator.pow,
    "neg": operator.neg,
    "abs": torch.abs,
    "rmatmul": lambda a, b: torch.matmul(b, a),
    "rpow": lambda a, b: b ** a,
    "floordiv": operator.floordiv,
    "rfloordiv": lambda a, b: b // a,
    "mod": operator.mod,
    "rmod": lambda a, b: b % a,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
    "ne": operator.ne,
    "and": operator.and_,
    "rand": lambda a, b: b & a,
    "or": operator.or_,
    "ror": lambda a, b: b | a,
    "xor": operator.xor,
    "rxor": lambda a, b: b ^ a,
    "invert": operator.invert,
}


# The Keras 3 operation class each operator records (its name in summaries: "add", ...).
_KERAS_CLASS = {
    "add": "Add", "radd": "Add", "sub": "Subtract", "rsub": "Subtract",
    "mul": "Multiply", "rmul": "Multiply", "truediv": "TrueDivide", "rtruediv": "TrueDivide",
    "matmul": "Matmul", "rmatmul": "Matmul", "pow": "Power", "rpow": "Power",
    "neg": "Negative", "abs": "Absolute", "floordiv": "FloorDivide",
    "rfloordiv": "FloorDivide", "mod": "Mod", "rmod": "Mod", "lt": "Less", "le": "LessEqual",
    "gt": "Greater", "ge": "GreaterEqual", "ne": "NotEqual", "and": "LogicalAnd",
    "rand": "LogicalAnd", "or": "LogicalOr", "ror": "LogicalOr", "xor": "LogicalXor",
    "rxor": "LogicalXor", "invert": "LogicalNot", "getitem": "GetItem", "round": "Round",
}
_CLASSES: dict[str, type] = {}


def tensor_op(fn_name: str, fn_kwargs: dict | None = None) -> TensorOp:
    """A new op for ``fn_name``, of a ``TensorOp`` subclass named as Keras's operation."""
    class_name = _KERAS_CLASS[fn_name]
    cls = _CLASSES.get(class_name)
    if cls is None:
        cls = _CLASSES[class_name] = type(class_name, (TensorOp,), {"__module__": __name__})
    return cls(fn_name, fn_kwargs)


class TensorOp(Layer):
    """Applies one tensor operator; created by KerasTensor's operator methods.

    Like Keras's operations it appears in ``summary()`` and ``plot_model`` but not in
    ``model.layers``.
    """

    _is_operation = True

    def __init__(self, fn_name: str, fn_kwargs: dict | None = None, **kwargs):
        super().__init__(name=kwargs.pop("name", None), **kwargs)
        self.fn_name = fn_name
        self.fn_kwargs = dict(fn_kwargs or {})

    def call(self, x, *others):
        if others and not isinstance(others[0], torch.Tensor) and hasattr(others[0], "__array__"):
            # A NumPy constant (`x @ kernel`): a tensor on x's device, in x's float dtype.
            other = torch.as_tensor(others[0], device=x.device)
            if other.is_floating_point() and x.is_floating_point():
                other = other.to(x.dtype)
            others = (other,) + others[1:]
        if self.fn_name == "getitem":
            return x[self.fn_kwargs["key"]]
        if self.fn_name == "round":
            return torch.round(x, decimals=self.fn_kwargs["decimals"])
        return _OPS[self.fn_name](x, *others)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"fn_name": self.fn_name, "fn_kwargs": self.fn_kwargs})
        return config
