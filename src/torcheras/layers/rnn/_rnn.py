"""``keras.layers.RNN``: runs a cell over the time axis of a sequence.

Built-in cells (``SimpleRNNCell``, ``LSTMCell``, ``GRUCell``) run through torch's fused
kernels when those compute exactly the cell, else through a step loop that projects all
inputs at once; any other cell is called once per step (``cell.call(x_t, states)``).
"""

from __future__ import annotations

import torch

from torcheras.backend import _device
from torcheras.layers._input_spec import InputSpec
from torcheras.layers._keras_tensor import KerasTensor
from torcheras.layers._layer import Layer
from torcheras.layers._registry import deserialize, serialize
from torcheras.layers.rnn._common import DropoutRNNCell
from torcheras.layers.rnn._fused import fused_sequence
from torcheras.layers.rnn._loop import step_loop
from torcheras.layers.rnn._stacked import StackedRNNCells
from torcheras.tree import flatten, map_structure
from torcheras.tree import pack_sequence_as as pack_like


class RNN(Layer):
    """Base class for recurrent layers: applies ``cell`` to every step of a sequence.

    Args:
        cell: A cell (a layer with ``call(inputs, states)`` returning ``(output,
            new_states)`` and a ``state_size``), or a list of cells to stack.
        return_sequences: Return the whole output sequence instead of the last output.
        return_state: Also return the last states.
        go_backwards: Process the sequence backwards (and return it reversed).
        stateful: Reuse each batch's last states as the next batch's initial states.
        unroll: Accepted for compatibility; the computation is the same.
        zero_output_for_mask: Output zeros at masked steps instead of repeating the
            previous output (only matters with ``return_sequences`` and a mask).

    Call arguments:
        sequences: A ``(batch, timesteps, ...)`` tensor.
        initial_state: Tensor or list of tensors: the states to start from.
        mask: ``(batch, timesteps)`` booleans; ``False`` steps are skipped.
        training: Whether dropout in the cell is active.

    Example:

    >>> import numpy as np
    >>> from torcheras.layers import LSTMCell
    >>> out = RNN([LSTMCell(4), LSTMCell(3)])(np.zeros((2, 5, 6), "float32"))
    >>> tuple(out.shape)
    (2, 3)
    """

    def __init__(self, cell, return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, zero_output_for_mask=False, **kwargs):
        if isinstance(cell, (list, tuple)):
            cell = StackedRNNCells(list(cell))
        if not hasattr(cell, "call"):
            raise ValueError(
                f"Argument `cell` should have a `call` method. Received: cell={cell!r}")
        if not hasattr(cell, "state_size"):
            raise ValueError(
                "The RNN cell should have a `state_size` attribute (single integer or list of "
                f"integers, one integer per RNN state). Received: cell={cell!r}")
        super().__init__(**kwargs)
        self.zero_output_for_mask = bool(zero_output_for_mask)
        self.cell = cell
        self.return_sequences = bool(return_sequences)
        self.return_state = bool(return_state)
        self.go_backwards = bool(go_backwards)
        self.stateful = bool(stateful)
        self.unroll = bool(unroll)
        self.supports_masking = True
        self.input_spec = InputSpec(min_ndim=3)
        self._states = None
        self._expected_batch_size = None
        state_size = cell.state_size
        if state_size is None or not isinstance(state_size, (list, tuple, int)):
            raise ValueError(
                "state_size must be an integer, or a list/tuple of integers (one for each "
                f"state tensor). Received: state_size={state_size!r}")
        self.single_state = isinstance(state_size, int)
        self.state_size = [state_size] if self.single_state else list(state_size)

    # ------------------------------------------------------------------ shapes
    def _output_size(self) -> int:
        size = getattr(self.cell, "output_size", None)
        if size is None:
            size = self.state_size[0]
        if not isinstance(size, int):
            raise ValueError(f"output_size must be an integer. Received: {size!r}")
        return size

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        if isinstance(sequences_shape, list) and sequences_shape and isinstance(
                sequences_shape[0], (list, tuple)):
            sequences_shape = sequences_shape[0]
        batch, length = sequences_shape[0], sequences_shape[1]
        size = self._output_size()
        output = (batch, length, size) if self.return_sequences else (batch, size)
        if not self.return_state:
            return output
        states = []
        for s in self.state_size:
            if isinstance(s, int):
                states.append((batch, s))
            else:
                states.append([(batch, d) for d in s])
        return [output] + states

    def compute_output_spec(self, *args, **kwargs):
        first = args[0]
        shape = first.shape if isinstance(first, KerasTensor) else [t.shape for t in first]
        out = self.compute_output_shape(shape)
        if not self.return_state:
            return KerasTensor(out, self.compute_dtype)
        return [KerasTensor(out[0], self.compute_dtype)] + [
            map_structure(lambda s: KerasTensor(s, self.compute_dtype), s)
            if isinstance(s, list) else KerasTensor(s, self.compute_dtype) for s in out[1:]]

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0] if mask else None
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None] * len(self.state_size)
        return output_mask

    # ------------------------------------------------------------------ building
    def build(self, sequences_shape, initial_state_shape=None) -> None:
        if isinstance(sequences_shape, list) and sequences_shape and isinstance(
                sequences_shape[0], (list, tuple)):
            sequences_shape = sequences_shape[0]
        sequences_shape = tuple(sequences_shape)
        if self.unroll and len(sequences_shape) > 1 and sequences_shape[1] is None:
            raise ValueError(
                "Cannot unroll a RNN if the time dimension is undefined. \n- If using a "
                "Sequential model, specify the time dimension by passing an `Input()` as your "
                "first layer.\n- If using the functional API, specify the time dimension by "
                "passing a `shape` or `batch_shape` argument to your `Input()`.")
        step_shape = (sequences_shape[0],) + sequences_shape[2:]
        cell = self.cell
        if isinstance(cell, Layer) and not cell.built:
            cell.build(step_shape)
            cell.built = True
        self._set_cell_paths()
        if self.stateful:
            if sequences_shape[0] is None:
                raise ValueError(
                    "When using `stateful=True` in a RNN, the batch size must be static. "
                    f"Found dynamic batch size: sequence.shape={sequences_shape}")
            self._states = self._zero_states(sequences_shape[0])
            self._expected_batch_size = sequences_shape[0]
        self.built = True

    def _set_cell_paths(self) -> None:
        if not isinstance(self.cell, Layer):
            return
        for layer in self.cell._flatten_layers(True):
            prefix = f"{self.name}/{self.cell.name}"
            if layer is not self.cell:
                prefix += f"/{layer.name}"
            for w in layer._own_weights:
                w._path = f"{prefix}/{w.name}"

    def _set_weight_paths(self) -> None:
        super()._set_weight_paths()
        self._set_cell_paths()

    # ------------------------------------------------------------------ states
    def get_initial_state(self, batch_size):
        fn = getattr(self.cell, "get_initial_state", None)
        if fn is not None:
            state = fn(batch_size=batch_size)
            return list(state) if isinstance(state, (list, tuple)) else [state]
        dtype = _device.to_torch_dtype(self.compute_dtype)
        return [torch.zeros((batch_size, d), dtype=dtype, device=_device.get_device())
                for d in self.state_size]

    def _zero_states(self, batch_size):
        return map_structure(lambda t: t.detach(), self.get_initial_state(batch_size))

    @property
    def states(self):
        """The current states of a stateful layer (``None`` otherwise)."""
        return self._states

    @states.setter
    def states(self, value) -> None:
        self._states = value

    def reset_state(self, states=None) -> None:
        """Zero the states of a stateful layer, or set them to ``states``."""
        if self._states is None:
            return
        if states is None:
            self._states = map_structure(torch.zeros_like, self._states)
            return
        flat_old = flatten(self._states)
        values = list(states) if isinstance(states, (list, tuple)) else [states]
        if len(values) != len(flat_old):
            raise ValueError(
                f"Layer {self.name} expects {len(flat_old)} state(s), but it received "
                f"{len(values)} state value(s). Received: states={states!r}")
        new = []
        for old, v in zip(flat_old, values):
            t = _device.convert_to_tensor(v, dtype=old.dtype)
            if tuple(t.shape) != tuple(old.shape):
                raise ValueError(
                    f"State {len(new)} of layer {self.name} has shape {tuple(old.shape)}; "
                    f"received a value of shape {tuple(t.shape)}.")
            new.append(t)
        self._states = pack_like(self._states, new)

    def reset_states(self, states=None) -> None:  # Keras 2 name
        self.reset_state(states)

    # ------------------------------------------------------------------ calling
    def call(self, sequences, initial_state=None, mask=None, training=None):
        if isinstance(sequences, (list, tuple)):  # Keras 2: layer([x, *initial_states])
            if initial_state is None and len(sequences) > 1:
                initial_state = list(sequences[1:])
            if mask is None:
                mask = getattr(sequences[0], "_keras_mask", None)
            sequences = sequences[0]
        if mask is not None:
            mask = self._standardize_mask(mask, sequences)
        weight = next(iter(self.cell.parameters()), None) if isinstance(
            self.cell, torch.nn.Module) else None
        if weight is not None and sequences.dtype != weight.dtype:
            sequences = sequences.to(weight.dtype)
        batch = sequences.shape[0]
        states = self._initial_states(initial_state, batch)
        last, seq, states = self._run(sequences, states, mask, bool(training))
        if self.stateful:
            self._states = map_structure(lambda t: t.detach(), states)
        output = seq if self.return_sequences else last
        if not self.return_state:
            return output
        if mask is not None and self.return_sequences:
            output._keras_mask = mask
        return (output, *states)

    def _standardize_mask(self, mask, sequences):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        mask = _device.convert_to_tensor(mask) if not isinstance(mask, torch.Tensor) else mask
        if mask.dtype != torch.bool:
            mask = mask.to(torch.bool)
        if mask.dim() == 3 and mask.shape[-1] == 1:
            mask = mask[..., 0]
        if mask.dim() != 2 or tuple(mask.shape) != tuple(sequences.shape[:2]):
            raise ValueError(
                f"The mask of layer '{self.name}' must have shape (batch_size, timesteps) = "
                f"{tuple(sequences.shape[:2])}. Received: mask.shape={tuple(mask.shape)}")
        return mask

    def _initial_states(self, initial_state, batch):
        if initial_state is None:
            if self.stateful:
                if self._states is None:
                    self._states = self._zero_states(batch)
                    self._expected_batch_size = batch
                if self._expected_batch_size is not None and batch != self._expected_batch_size:
                    raise ValueError(
                        "If an RNN is stateful, the batch size of the input sequences must be "
                        "the same as the batch size of the initial state. \n"
                        f"- Expected batch size: {self._expected_batch_size}\n"
                        f"- Received batch size: {batch}")
                return self._states
            return self.get_initial_state(batch)
        values = list(initial_state) if isinstance(initial_state, (list, tuple)) else [
            initial_state]
        dtype = _device.to_torch_dtype(self.compute_dtype)
        values = map_structure(lambda v: _device.convert_to_tensor(v, dtype=dtype), values)
        template = self.get_initial_state(batch)
        flat_t, flat_v = flatten(template), flatten(values)
        if len(flat_t) != len(flat_v):
            raise ValueError(
                f"An `initial_state` was passed to layer '{self.name}' that is not compatible "
                f"with `cell.state_size`: the cell expects {len(flat_t)} state tensor(s) "
                f"(state_size={self.cell.state_size}), but received {len(flat_v)}.")
        for t, v in zip(flat_t, flat_v):
            if tuple(v.shape[1:]) != tuple(t.shape[1:]):
                raise ValueError(
                    f"An initial state of layer '{self.name}' has shape {tuple(v.shape)}; "
                    f"expected (batch_size, {', '.join(str(d) for d in t.shape[1:])}).")
        return pack_like(template, flat_v)

    def _run(self, x, states, mask, training):
        cell = self.cell
        order = dict(go_backwards=self.go_backwards, return_sequences=self.return_sequences,
                     zero_output_for_mask=self.zero_output_for_mask)
        if _is_native(cell):
            fused = cell._fused(x, training) if self._use_fused() else None
            if fused is not None:
                kind, x2, params, has_bias = fused
                return fused_sequence(kind, x2, states, params, has_bias, mask, **order)
            xp, step = cell._sequence_step(x, training)
            return step_loop(step, xp, states, mask, **order)
        kwargs = {"training": training} if getattr(cell, "_call_has_training", False) else {}
        call = cell.call if isinstance(cell, Layer) else cell

        def step(x_t, st):
            out, new = call(x_t, st, **kwargs)
            if not isinstance(new, (list, tuple)):
                new = [new]
            return out, list(new)

        try:
            return step_loop(step, x, states, mask, **order)
        finally:
            _reset_dropout_masks(cell)

    def _use_fused(self) -> bool:
        return getattr(self, "use_cudnn", "auto") in ("auto", True)

    # ------------------------------------------------------------------ config
    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "return_sequences": self.return_sequences,
            "return_state": self.return_state,
            "go_backwards": self.go_backwards,
            "stateful": self.stateful,
            "unroll": self.unroll,
            "zero_output_for_mask": self.zero_output_for_mask,
            "cell": serialize(self.cell),
        })
        return config

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        config = dict(config)
        cell = config.pop("cell")
        if isinstance(cell, dict):
            cell = deserialize(cell, custom_objects=custom_objects)
        return cls(cell, **config)


def _is_native(cell) -> bool:
    own = getattr(type(cell), "_own_call", None)
    return own is not None and type(cell).call is own


def _reset_dropout_masks(cell) -> None:
    if isinstance(cell, DropoutRNNCell):
        cell.reset_dropout_mask()
        cell.reset_recurrent_dropout_mask()
    for sub in getattr(cell, "cells", ()):
        _reset_dropout_masks(sub)
