"""``MaxPooling1D/2D/3D`` and ``AveragePooling1D/2D/3D``.

Channels_last inputs reach torch's pooling kernels as ``channels_last`` views (no copies).
"same" follows TensorFlow: windows start at ``-pad_before`` with the odd padding pixel at
the end; max pooling ignores padding (-inf) and average pooling divides by the number of
real input values in each window.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from torcheras.layers._input_spec import InputSpec
from torcheras.layers._layer import Layer
from torcheras.layers.convolutional import _args, _ops


class BasePooling(Layer):
    """Shared arguments and call path of the pooling layers."""

    rank = 2
    mode = "max"

    def __init__(self, pool_size=2, strides=None, padding="valid", data_format=None,
                 **kwargs):
        super().__init__(**kwargs)
        rank = self.rank
        self.pool_size = _args.int_tuple(pool_size, rank, "pool_size")
        self.strides = _args.int_tuple(self.pool_size if strides is None else strides, rank,
                                       "strides")
        self.padding = _args.padding_mode(padding)
        self.data_format = _args.data_format(data_format)
        self._channels_last = self.data_format == "channels_last"
        self._t_pool = _ops.lift(self.pool_size, rank, 1)
        self._t_strides = _ops.lift(self.strides, rank, 1)
        self._counts: dict = {}
        self.input_spec = InputSpec(ndim=rank + 2)
        self.built = True

    def call(self, inputs):
        x = _ops.to_torch(inputs, self.rank, self._channels_last)
        trank = x.dim() - 2
        try:
            if self.mode == "max":
                y = self._max(x, trank)
            else:
                y = self._average(x, trank)
        except RuntimeError as error:
            self.compute_output_shape(tuple(inputs.shape))
            raise error
        return _ops.from_torch(y, self.rank, self._channels_last)

    def _max(self, x, trank):
        pad = 0
        if self.padding == "same":
            x, pad = _ops.pad_same(x, self._t_pool, self._t_strides, (1,) * trank,
                                   value=float("-inf"))
        return _ops.MAX_POOL[trank](x, self._t_pool, self._t_strides, pad)

    def _average(self, x, trank):
        pool = _ops.AVG_POOL[trank]
        if self.padding == "valid":
            return pool(x, self._t_pool, self._t_strides)
        sym, flat = _ops.same_padding(x, self._t_pool, self._t_strides, (1,) * trank)
        if flat is None:
            return pool(x, self._t_pool, self._t_strides, sym, count_include_pad=False)
        sums = pool(F.pad(x, flat), self._t_pool, self._t_strides, divisor_override=1)
        return sums / self._window_counts(tuple(x.shape[2:]), flat, x)

    def _window_counts(self, spatial: tuple, flat: tuple, like: torch.Tensor):
        """How many real input values each asymmetric "same" window covers (cached)."""
        key = (spatial, like.dtype, like.device)
        counts = self._counts.get(key)
        if counts is None:
            ones = torch.ones((1, 1) + spatial, dtype=like.dtype, device=like.device)
            counts = _ops.AVG_POOL[len(spatial)](F.pad(ones, flat), self._t_pool,
                                                  self._t_strides, divisor_override=1)
            self._counts[key] = counts
        return counts

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        spatial = _args.spatial_dims(input_shape, self.data_format)
        out = tuple(_args.conv_output_length(n, k, s, self.padding)
                    for n, k, s in zip(spatial, self.pool_size, self.strides))
        if any(o is not None and o <= 0 for o in out):
            raise ValueError(
                f"Computed output size would be zero or negative for layer '{self.name}': "
                f"the pooling window does not fit the input with padding={self.padding!r}. "
                f"Received: input shape={input_shape}, pool_size={self.pool_size}, "
                f"strides={self.strides}."
            )
        channels = _args.channel_dim(input_shape, self.data_format)
        return _args.with_spatial(input_shape, out, channels, self.data_format)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"pool_size": self.pool_size, "padding": self.padding,
                       "strides": self.strides, "data_format": self.data_format})
        return config


_DOC = """{title}

    Args:
        pool_size: Int or tuple of {rank} ints, the window size (default {default}).
        strides: Int or tuple of {rank} ints; ``None`` (default) means ``pool_size``.
        padding: ``"valid"`` or ``"same"`` (TensorFlow's: output ``ceil(size / stride)``,
            {same_note}).
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.

    Example:

    >>> import numpy as np
{example}
    """


def _pool_class(name: str, rank: int, mode: str, default, example: str):
    def __init__(self, pool_size=default, strides=None, padding="valid", data_format=None,
                 **kwargs):
        BasePooling.__init__(self, pool_size, strides, padding, data_format, **kwargs)

    title = (f"{'Max' if mode == 'max' else 'Average'} pooling over {rank}D "
             f"{['steps', 'images', 'volumes'][rank - 1]}.")
    doc = _DOC.format(
        title=title, rank=rank, default=default, example=example,
        same_note="padding ignored" if mode == "max" else "averaging only real inputs")
    return type(name, (BasePooling,), {"__init__": __init__, "__doc__": doc, "rank": rank,
                                        "mode": mode, "__module__": __name__})


MaxPooling1D = _pool_class("MaxPooling1D", 1, "max", 2, """\
    >>> MaxPooling1D(2)(np.arange(6, dtype="float32").reshape(1, 6, 1)).flatten().tolist()
    [1.0, 3.0, 5.0]""")
MaxPooling2D = _pool_class("MaxPooling2D", 2, "max", (2, 2), """\
    >>> MaxPooling2D(pool_size=(2, 2))(np.zeros((2, 28, 28, 32), "float32")).shape
    torch.Size([2, 14, 14, 32])""")
MaxPooling3D = _pool_class("MaxPooling3D", 3, "max", (2, 2, 2), """\
    >>> MaxPooling3D()(np.zeros((1, 4, 4, 4, 2), "float32")).shape
    torch.Size([1, 2, 2, 2, 2])""")
AveragePooling1D = _pool_class("AveragePooling1D", 1, "average", 2, """\
    >>> x = np.arange(5, dtype="float32").reshape(1, 5, 1)
    >>> AveragePooling1D(2, padding="same")(x).flatten().tolist()
    [0.5, 2.5, 4.0]""")
AveragePooling2D = _pool_class("AveragePooling2D", 2, "average", (2, 2), """\
    >>> AveragePooling2D()(np.ones((1, 4, 4, 3), "float32")).shape
    torch.Size([1, 2, 2, 3])""")
AveragePooling3D = _pool_class("AveragePooling3D", 3, "average", (2, 2, 2), """\
    >>> AveragePooling3D()(np.ones((1, 4, 4, 4, 1), "float32")).shape
    torch.Size([1, 2, 2, 2, 1])""")
