"""``keras.ops``: the NumPy-like and neural-network ops Keras 3 code is written in.

Each op runs eagerly on tensors, arrays and Python values (returning torch tensors on the
default device) and records an operation node when given a ``KerasTensor``.
"""

from torcheras.ops._op import result_type
from torcheras.ops._operation import Operation

__all__ = ["Operation", "result_type"]
