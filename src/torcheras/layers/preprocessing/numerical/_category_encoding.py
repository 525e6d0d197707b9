"""``CategoryEncoding``: integer ids to one-hot, multi-hot or count vectors."""

from __future__ import annotations

import numbers

from torcheras.backend import _device
from torcheras.layers._layer import Layer
from torcheras.layers.preprocessing.numerical import _encoding


class CategoryEncoding(Layer):
    """A preprocessing layer which encodes integer features.

    This layer provides options for condensing data into a categorical encoding when
    the total number of tokens are known in advance. It accepts integer values as
    inputs, and it outputs a dense representation of those inputs.

    Args:
        num_tokens: The total number of tokens the layer should support. All inputs to
            the layer must be integers in the range `0 <= value < num_tokens`.
        output_mode: `"one_hot"`, `"multi_hot"` (default; `"binary"` is Keras 2's name
            for it) or `"count"`. For one-hot, a last input dimension of size 1 is
            replaced by `num_tokens`; multi-hot and count reduce over the second axis
            (the first one for unbatched input).
        sparse: Must be False (torch dense tensors only).

    Call arguments:
        inputs: A 1D or 2D tensor of integer inputs.
        count_weights: A tensor of the same shape as `inputs` with per-value weights,
            summed in `"count"` mode.

    Example:

    >>> layer = CategoryEncoding(num_tokens=4, output_mode="multi_hot")
    >>> layer([[0, 1], [0, 0], [1, 2], [3, 1]]).tolist()
    [[1.0, 1.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 1.0, 0.0], [0.0, 1.0, 0.0, 1.0]]
    """

    def __init__(self, num_tokens: int | None = None, output_mode: str = "multi_hot",
                 sparse: bool = False, **kwargs):
        super().__init__(**kwargs)
        if output_mode == "binary":
            output_mode = "multi_hot"
        _encoding.check_output_mode(output_mode, ("count", "one_hot", "multi_hot"),
                                    self.name)
        if num_tokens is None:
            raise ValueError("num_tokens must be set to use this layer. If the number of "
                             "tokens is not known beforehand, use the IntegerLookup layer "
                             "instead.")
        if isinstance(num_tokens, bool) or not isinstance(num_tokens, numbers.Integral) or (
                num_tokens < 1):
            raise ValueError(f"`num_tokens` must be >= 1. Received: num_tokens={num_tokens}.")
        if sparse:
            raise ValueError("`sparse=True` is not supported with the torch backend.")
        self.num_tokens = int(num_tokens)
        self.output_mode = output_mode
        self.sparse = False

    def call(self, inputs, count_weights=None):
        ids = _device.convert_to_tensor(inputs)
        if count_weights is not None:
            if self.output_mode != "count":
                raise ValueError("`count_weights` is not used when `output_mode` is not "
                                 f"`'count'`. Received `count_weights={count_weights}`.")
            count_weights = _device.convert_to_tensor(count_weights, dtype=self.compute_dtype)
        return _encoding.encode(ids, self.output_mode, self.num_tokens, self.compute_dtype,
                                self.name, count_weights)

    def compute_output_shape(self, input_shape):
        return _encoding.encoded_shape(input_shape, self.output_mode, self.num_tokens)

    def get_config(self) -> dict:
        return {**super().get_config(), "num_tokens": self.num_tokens,
                "output_mode": self.output_mode, "sparse": self.sparse}
