"""``Softmax`` as a layer, with Keras's optional mask."""

from __future__ import annotations

import torch

from torcheras import activations
from torcheras.layers._layer import Layer


def _large_negative(dtype: torch.dtype) -> float:
    # Masked logits get a large negative value that still fits the dtype.
    return -3e4 if dtype == torch.float16 else -1e9


def _valid_axis(axis) -> bool:
    def is_int(a):
        return hasattr(a, "__index__") and not isinstance(a, bool)

    if isinstance(axis, (list, tuple)):
        return len(axis) > 0 and all(is_int(a) for a in axis)
    return is_int(axis)


class Softmax(Layer):
    """Softmax activation: ``exp(x - max(x)) / sum(exp(x - max(x)))`` along ``axis``.

    Args:
        axis: Integer, or list of integers, the axes normalized over (default -1).

    Call arguments:
        inputs: The logits.
        mask: Optional boolean (or 0/1) tensor broadcastable to ``inputs``; masked
            positions get probability 0.

    Example:

    >>> import numpy as np
    >>> out = Softmax()(np.array([1.0, 2.0, 1.0], "float32"))
    >>> [round(v, 6) for v in out.tolist()]
    [0.211942, 0.576117, 0.211942]
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        if not _valid_axis(axis):
            raise ValueError(
                f"Argument `axis` of Softmax must be an integer or a list of integers. "
                f"Received: axis={axis!r}"
            )
        self.axis = list(axis) if isinstance(axis, list) else axis
        self.supports_masking = True
        self.built = True

    def call(self, inputs, mask=None):
        if mask is not None:
            mask = _check_mask(inputs, mask)
            inputs = torch.where(mask, inputs, torch.tensor(_large_negative(inputs.dtype),
                                                            dtype=inputs.dtype,
                                                            device=inputs.device))
        if isinstance(self.axis, (list, tuple)):
            if len(self.axis) > 1:
                outputs = torch.exp(inputs - torch.logsumexp(inputs, dim=tuple(self.axis),
                                                             keepdim=True))
            else:
                outputs = activations.softmax(inputs, axis=self.axis[0])
        else:
            outputs = activations.softmax(inputs, axis=self.axis)
        if mask is not None:
            # A fully masked row would otherwise be uniform.
            outputs = torch.where(mask, outputs, torch.zeros((), dtype=outputs.dtype,
                                                             device=outputs.device))
        return outputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config["axis"] = self.axis
        return config


def _check_mask(inputs: torch.Tensor, mask) -> torch.Tensor:
    if not isinstance(mask, torch.Tensor):
        mask = torch.as_tensor(mask, device=inputs.device)
    if mask.dim() > inputs.dim():
        raise ValueError(
            "The `mask` must be broadcastable to `inputs` and must not have more dimensions. "
            f"Received: inputs.shape={tuple(inputs.shape)}, mask.shape={tuple(mask.shape)}"
        )
    for m_dim, i_dim in zip(reversed(mask.shape), reversed(inputs.shape), strict=False):
        if m_dim != 1 and m_dim != i_dim:
            raise ValueError(
                "The `mask` must be broadcastable to `inputs`. Each mask dimension must be "
                "1 or match the corresponding input dimension. Received: "
                f"inputs.shape={tuple(inputs.shape)}, mask.shape={tuple(mask.shape)}"
            )
    if mask.dtype != torch.bool:
        mask = mask > 0.5
    return mask
