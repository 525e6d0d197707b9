"""Helpers shared by the recurrent cells: argument checks, activations, dropout masks."""

from __future__ import annotations

import torch

from torcheras import activations
from torcheras._validation import RNN_MESSAGE, check_positive_int
from torcheras.backend import _device


def check_units(units) -> int:
    """``units`` as a positive int, or Keras's ValueError."""
    return check_positive_int(units, "units", message=RNN_MESSAGE)


def clip_rate(value, name: str) -> float:
    """Keras clips dropout rates into [0, 1]; non-numbers are an error."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(
            f"Argument `{name}` must be a float between 0 and 1. Received: {name}={value!r}"
        )
    return min(1.0, max(0.0, float(value)))


def torch_activation(fn):
    """The plain torch function for Keras's common activations.

    Inside a recurrence the Keras activation wrappers' extras (e.g. ``sigmoid`` keeping its
    logits for the losses) are pure overhead, so the loops call torch directly.
    """
    if fn is None or fn is activations.linear:
        return _identity
    if fn is activations.tanh or fn is torch.tanh:
        return torch.tanh
    if fn is activations.sigmoid or fn is torch.sigmoid:
        return torch.sigmoid
    if fn is activations.relu or fn is torch.relu:
        return torch.relu
    return fn


def is_tanh(fn) -> bool:
    return fn is activations.tanh or fn is torch.tanh


def is_sigmoid(fn) -> bool:
    return fn is activations.sigmoid or fn is torch.sigmoid


def is_relu(fn) -> bool:
    return fn is activations.relu or fn is torch.relu


def _identity(x):
    return x


class DropoutRNNCell:
    """Dropout masks for a cell: one mask per sequence, reused at every step (as Keras).

    A cell mixing this in has ``dropout``, ``recurrent_dropout`` and ``seed``. The masks
    are created at the first step of a sequence and cleared by the RNN layer afterwards.
    ``dropout_mask_count`` (when set) asks for one independent mask per gate.
    """

    dropout_mask_count: int | None = None

    def _rnn_generator(self):
        seed = getattr(self, "seed", None)
        if seed is None:
            return None
        gen = self.__dict__.get("_rnn_gen")
        if gen is None:
            gen = torch.Generator(device=_device.get_device())
            gen.manual_seed(int(seed))
            self.__dict__["_rnn_gen"] = gen
        return gen

    def _new_masks(self, like: torch.Tensor, rate: float, count: int | None):
        keep = 1.0 - rate
        n = 1 if count is None else count
        shape = (n,) + tuple(like.shape)
        mask = torch.empty(shape, dtype=like.dtype, device=like.device)
        mask.bernoulli_(keep, generator=self._rnn_generator())
        mask.div_(keep)
        return mask[0] if count is None else list(mask.unbind(0))

    def get_dropout_mask(self, step_input):
        """The input dropout mask(s) of the current sequence, created on first use."""
        if self.__dict__.get("_dropout_mask") is None and self.dropout > 0:
            self.__dict__["_dropout_mask"] = self._new_masks(
                step_input, self.dropout, self.dropout_mask_count)
        return self.__dict__.get("_dropout_mask")

    def get_recurrent_dropout_mask(self, step_input):
        """The recurrent dropout mask(s) of the current sequence, created on first use."""
        if self.__dict__.get("_recurrent_dropout_mask") is None and self.recurrent_dropout > 0:
            self.__dict__["_recurrent_dropout_mask"] = self._new_masks(
                step_input, self.recurrent_dropout, self.dropout_mask_count)
        return self.__dict__.get("_recurrent_dropout_mask")

    def reset_dropout_mask(self) -> None:
        self.__dict__["_dropout_mask"] = None

    def reset_recurrent_dropout_mask(self) -> None:
        self.__dict__["_recurrent_dropout_mask"] = None
