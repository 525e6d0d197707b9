"""``GlobalMaxPooling1D/2D/3D`` and ``GlobalAveragePooling1D/2D/3D``."""

from __future__ import annotations

import torch

from torcheras.layers._input_spec import InputSpec
from torcheras.layers._layer import Layer
from torcheras.layers.convolutional import _args


class BaseGlobalPooling(Layer):
    """Reduce all spatial axes; ``keepdims=True`` keeps them with size 1."""

    rank = 2
    mode = "max"

    def __init__(self, data_format=None, keepdims: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.data_format = _args.data_format(data_format)
        self.keepdims = bool(keepdims)
        start = 1 if self.data_format == "channels_last" else 2
        self._axes = tuple(range(start, start + self.rank))
        self.input_spec = InputSpec(ndim=self.rank + 2)
        self.built = True

    def call(self, inputs):
        if self.mode == "max":
            return torch.amax(inputs, dim=self._axes, keepdim=self.keepdims)
        return torch.mean(inputs, dim=self._axes, keepdim=self.keepdims)

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        channels = _args.channel_dim(input_shape, self.data_format)
        if not self.keepdims:
            return (input_shape[0], channels)
        return _args.with_spatial(input_shape, (1,) * self.rank, channels, self.data_format)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"data_format": self.data_format, "keepdims": self.keepdims})
        return config


class GlobalAveragePooling1D(BaseGlobalPooling):
    """Average over the steps axis; masked steps (``mask``) are left out of the mean.

    Args:
        data_format: ``"channels_last"`` (default, ``(batch, steps, features)``) or
            ``"channels_first"``.
        keepdims: Keep the reduced axis with size 1.

    Example:

    >>> import numpy as np
    >>> x = np.array([[[1.0], [2.0], [6.0]]], "float32")
    >>> GlobalAveragePooling1D()(x).tolist()
    [[3.0]]
    """

    rank = 1
    mode = "average"

    def __init__(self, data_format=None, keepdims: bool = False, **kwargs):
        super().__init__(data_format=data_format, keepdims=keepdims, **kwargs)
        self.supports_masking = True

    def call(self, inputs, mask=None):
        if mask is None:
            return torch.mean(inputs, dim=self._axes, keepdim=self.keepdims)
        axis = self._axes[0]
        weights = torch.as_tensor(mask, device=inputs.device).to(inputs.dtype)
        weights = weights.unsqueeze(2 if self.data_format == "channels_last" else 1)
        total = torch.sum(torch.where(weights > 0, inputs, 0.0), dim=axis,
                          keepdim=self.keepdims)
        return total / torch.sum(weights, dim=axis, keepdim=self.keepdims)

    def compute_mask(self, inputs, previous_mask=None):
        return None


def _global_class(name: str, rank: int, mode: str, example: str):
    what = "Maximum" if mode == "max" else "Average"
    axes = ["steps", "height and width", "depth, height and width"][rank - 1]
    doc = f"""{what} over the {axes} axes.

    Args:
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.
        keepdims: Keep the reduced axes with size 1.

    Example:

    >>> import numpy as np
{example}
    """
    return type(name, (BaseGlobalPooling,), {"__doc__": doc, "rank": rank, "mode": mode,
                                              "__module__": __name__})


GlobalMaxPooling1D = _global_class("GlobalMaxPooling1D", 1, "max", """\
    >>> GlobalMaxPooling1D()(np.array([[[1.0], [5.0], [2.0]]], "float32")).tolist()
    [[5.0]]""")
GlobalMaxPooling2D = _global_class("GlobalMaxPooling2D", 2, "max", """\
    >>> GlobalMaxPooling2D(keepdims=True)(np.zeros((2, 4, 4, 3), "float32")).shape
    torch.Size([2, 1, 1, 3])""")
GlobalMaxPooling3D = _global_class("GlobalMaxPooling3D", 3, "max", """\
    >>> GlobalMaxPooling3D()(np.zeros((2, 3, 3, 3, 4), "float32")).shape
    torch.Size([2, 4])""")
GlobalAveragePooling2D = _global_class("GlobalAveragePooling2D", 2, "average", """\
    >>> GlobalAveragePooling2D()(np.ones((2, 4, 4, 3), "float32")).tolist()[0]
    [1.0, 1.0, 1.0]""")
GlobalAveragePooling3D = _global_class("GlobalAveragePooling3D", 3, "average", """\
    >>> GlobalAveragePooling3D(data_format="channels_first")(
    ...     np.ones((2, 4, 3, 3, 3), "float32")).shape
    torch.Size([2, 4])""")
