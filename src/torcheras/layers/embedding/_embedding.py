"""``Embedding``: integer ids -> rows of an ``(input_dim, output_dim)`` table."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from torcheras import constraints, initializers, regularizers
from torcheras._validation import EMBEDDING_MESSAGE, check_positive_int
from torcheras.layers._keras_tensor import KerasTensor
from torcheras.layers._layer import Layer


class Embedding(Layer):
    """Turns non-negative integers (indexes) into dense vectors of fixed size.

    Args:
        input_dim: Size of the vocabulary, i.e. maximum integer index + 1.
        output_dim: Dimension of the dense embedding.
        embeddings_initializer: Initializer of the ``(input_dim, output_dim)`` table
            (``"uniform"``: uniform in [-0.05, 0.05]).
        embeddings_regularizer: Regularizer of the table.
        embeddings_constraint: Constraint of the table.
        mask_zero: Whether id 0 is padding; the output then carries a mask that recurrent
            layers downstream use to skip those steps.
        weights: Optional initial table (a ``(input_dim, output_dim)`` array or a list
            holding one).

    Ids outside ``[0, input_dim)`` raise a ValueError naming the layer, the largest (or
    smallest) id seen and ``input_dim``.

    Example:

    >>> import numpy as np
    >>> layer = Embedding(10, 3, mask_zero=True)
    >>> out = layer(np.array([[1, 2, 0]]))
    >>> tuple(out.shape), out._keras_mask.tolist()
    ((1, 3, 3), [[True, True, False]])
    """

    def __init__(self, input_dim, output_dim, embeddings_initializer="uniform",
                 embeddings_regularizer=None, embeddings_constraint=None, mask_zero=False,
                 weights=None, lora_rank=None, lora_alpha=None, quantization_config=None,
                 **kwargs):
        input_dim = check_positive_int(input_dim, "input_dim", message=EMBEDDING_MESSAGE)
        output_dim = check_positive_int(output_dim, "output_dim", message=EMBEDDING_MESSAGE)
        if lora_rank is not None or quantization_config is not None:
            raise NotImplementedError(
                "Embedding does not support `lora_rank` or `quantization_config` yet. "
                f"Received: lora_rank={lora_rank!r}, quantization_config="
                f"{quantization_config!r}")
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.output_dim = output_dim
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        self.mask_zero = bool(mask_zero)
        self.supports_masking = self.mask_zero
        self.autocast = False
        if weights is not None:
            self.build()
            if not (isinstance(weights, list) and len(weights) == 1):
                weights = [weights]
            self.set_weights(weights)

    def build(self, input_shape=None) -> None:
        if self.built:
            return
        self.embeddings = self.add_weight(
            shape=(self.input_dim, self.output_dim), initializer=self.embeddings_initializer,
            name="embeddings", regularizer=self.embeddings_regularizer,
            constraint=self.embeddings_constraint)
        self.built = True

    def call(self, inputs):
        if inputs.dtype not in (torch.int32, torch.int64):
            inputs = inputs.to(torch.int64)
        table = self.embeddings
        if inputs.device.type != "cpu":
            # A bad id would be a fatal device-side assert; checking without a host sync.
            torch._assert_async(((inputs >= 0) & (inputs < self.input_dim)).all(),
                                f"Embedding layer '{self.name}' received an id outside "
                                f"[0, input_dim={self.input_dim})")
            return F.embedding(inputs, table)
        try:
            return F.embedding(inputs, table)
        except (IndexError, RuntimeError):
            # torch has already checked the ids on the CPU, so a valid batch pays nothing.
            raise self._bad_ids(inputs) from None

    def _bad_ids(self, inputs) -> ValueError:
        largest, smallest = int(inputs.max()), int(inputs.min())
        if largest >= self.input_dim:
            return ValueError(
                f"Embedding layer '{self.name}' received token id {largest} (the largest id "
                f"in the batch), but its vocabulary has input_dim={self.input_dim}, so ids "
                f"must be in [0, {self.input_dim - 1}]. Increase `input_dim` or clip the ids "
                "(e.g. load the dataset with a smaller `num_words`).")
        return ValueError(
            f"Embedding layer '{self.name}' received a negative token id {smallest} (the "
            f"smallest id in the batch); ids must be in [0, {self.input_dim - 1}] for "
            f"input_dim={self.input_dim}.")

    def compute_mask(self, inputs, mask=None):
        if not self.mask_zero:
            return None
        return inputs != 0

    def compute_output_shape(self, input_shape):
        return (*tuple(input_shape), self.output_dim)

    def compute_output_spec(self, *args, **kwargs):
        return KerasTensor(self.compute_output_shape(args[0].shape), self.compute_dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "input_dim": self.input_dim,
            "output_dim": self.output_dim,
            "embeddings_initializer": initializers.serialize(self.embeddings_initializer),
            "embeddings_regularizer": regularizers.serialize(self.embeddings_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "embeddings_constraint": constraints.serialize(self.embeddings_constraint),
            "mask_zero": self.mask_zero,
            "quantization_config": None,
        })
        return config
