"""``keras.mixed_precision``: dtype policies and loss scaling under Keras 2's names.

``set_global_policy("mixed_bfloat16")`` makes the layers created afterwards keep float32
weights and compute in bfloat16 (see ``torcheras.layers._autocast``);
``"mixed_float16"`` also makes ``compile`` wrap the optimizer in a
``LossScaleOptimizer``.
"""

from torcheras.dtype_policies import DTypePolicy
from torcheras.dtype_policies._policy import dtype_policy, set_dtype_policy
from torcheras.optimizers import LossScaleOptimizer

Policy = DTypePolicy
global_policy = dtype_policy
set_global_policy = set_dtype_policy

__all__ = [
    "DTypePolicy",
    "LossScaleOptimizer",
    "Policy",
    "dtype_policy",
    "global_policy",
    "set_dtype_policy",
    "set_global_policy",
]
