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
}


class TensorOp(Layer):
    """Applies one tensor operator; created by KerasTensor's operator methods."""

    def __init__(self, fn_name: str, fn_kwargs: dict | None = None, **kwargs):
        super().__init__(name=kwargs.pop("name", None), **kwargs)
        self.fn_name = fn_name
        self.fn_kwargs = dict(fn_kwargs or {})

    def call(self, x, *others):
        if self.fn_name == "getitem":
            return x[self.fn_kwargs["key"]]
        return _OPS[self.fn_name](x, *others)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"fn_name": self.fn_name, "fn_kwargs": self.fn_kwargs})
        return config
