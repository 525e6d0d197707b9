"""``Bidirectional``: runs a recurrent layer forwards and a copy of it backwards."""

from __future__ import annotations

import torch

from torcheras.layers._layer import Layer
from torcheras.layers._registry import deserialize, serialize
from torcheras.layers.rnn._wrapper import Wrapper, build_child, set_nested_paths

_MERGE_MODES = ("sum", "mul", "ave", "concat", None)


def _copy_layer(layer: Layer, name: str, **overrides) -> Layer:
    config = layer.get_config()
    config.update(overrides)
    config["name"] = name
    return type(layer).from_config(config)


class Bidirectional(Wrapper):
    """Bidirectional wrapper for RNNs.

    Args:
        layer: A recurrent layer (``LSTM``, ``GRU``, ``RNN``...). A copy named
            ``forward_<name>`` runs forwards; unless ``backward_layer`` is given, a copy
            named ``backward_<name>`` with ``go_backwards=True`` runs backwards.
        merge_mode: How the two outputs are combined: ``"concat"`` (default), ``"sum"``,
            ``"mul"``, ``"ave"`` or ``None`` (a list of both).
        weights: Optional initial weights, the forward layer's then the backward layer's.
        backward_layer: Optional layer for the backward direction (with
            ``go_backwards=True``).

    Example:

    >>> import numpy as np
    >>> from torcheras.layers import LSTM
    >>> tuple(Bidirectional(LSTM(4))(np.zeros((2, 5, 3), "float32")).shape)
    (2, 8)
    """

    def __init__(self, layer, merge_mode="concat", weights=None, backward_layer=None,
                 **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(
                "Please initialize `Bidirectional` layer with a `keras.layers.Layer` "
                f"instance. Received: {layer!r}")
        if backward_layer is not None and not isinstance(backward_layer, Layer):
            raise ValueError(
                "`backward_layer` need to be a `keras.layers.Layer` instance. "
                f"Received: {backward_layer!r}")
        if merge_mode not in _MERGE_MODES:
            raise ValueError(
                f"Invalid merge mode. Received: {merge_mode!r}. Merge mode should be one of "
                '{"sum", "mul", "ave", "concat", None}')
        super().__init__(layer, **kwargs)
        base = layer.name.removeprefix("forward_")
        self.forward_layer = _copy_layer(layer, f"forward_{base}")
        if backward_layer is None:
            base = layer.name.removeprefix("backward_")
            self.backward_layer = _copy_layer(layer, f"backward_{base}", go_backwards=True)
        else:
            self.backward_layer = backward_layer
        if hasattr(layer, "use_cudnn"):
            self.forward_layer.use_cudnn = layer.use_cudnn
            self.backward_layer.use_cudnn = layer.use_cudnn
        self._verify_layer_config()
        for sub in (self.forward_layer, self.backward_layer):
            if getattr(sub, "zero_output_for_mask", None) is not None:
                sub.zero_output_for_mask = sub.return_sequences
        self.merge_mode = merge_mode
        if weights:
            n = len(weights)
            self.forward_layer._initial_weights = list(weights[: n // 2])
            self.backward_layer._initial_weights = list(weights[n // 2:])
        self.stateful = layer.stateful
        self.return_sequences = layer.return_sequences
        self.return_state = layer.return_state
        self.supports_masking = True
        self.input_spec = layer.input_spec

    def _verify_layer_config(self) -> None:
        fwd, bwd = self.forward_layer, self.backward_layer
        if fwd.go_backwards == bwd.go_backwards:
            raise ValueError(
                "Forward layer and backward layer should have different `go_backwards` value. "
                f"Received: forward_layer.go_backwards {fwd.go_backwards}, "
                f"backward_layer.go_backwards={bwd.go_backwards}")
        for attr in ("stateful", "return_sequences", "return_state"):
            a, b = getattr(fwd, attr), getattr(bwd, attr)
            if a != b:
                raise ValueError(
                    "Forward layer and backward layer are expected to have the same value for "
                    f'attribute "{attr}", got "{a}" for forward layer and "{b}" for backward '
                    "layer")

    # ------------------------------------------------------------------ shapes
    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        out = self.forward_layer.compute_output_shape(sequences_shape)
        states = []
        if self.return_state:
            out, states = out[0], list(out[1:])
        if self.merge_mode == "concat":
            out = tuple(out[:-1]) + (out[-1] * 2,)
        if self.merge_mode is None:
            outputs = [tuple(out), tuple(out)]
        else:
            outputs = [tuple(out)]
        if self.return_state:
            return outputs + states + states
        return outputs if self.merge_mode is None else outputs[0]

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0] if mask else None
        if self.return_sequences:
            output_mask = [mask, mask] if self.merge_mode is None else mask
        else:
            output_mask = [None, None] if self.merge_mode is None else None
        if self.return_state and self.states is not None:
            extra = [None] * len(self.states)
            if isinstance(output_mask, list):
                return output_mask + extra
            return [output_mask] + extra
        return output_mask

    def build(self, sequences_shape, initial_state_shape=None) -> None:
        if isinstance(sequences_shape, list) and sequences_shape and isinstance(
                sequences_shape[0], (list, tuple)):
            sequences_shape = sequences_shape[0]
        build_child(self.forward_layer, sequences_shape)
        build_child(self.backward_layer, sequences_shape)
        set_nested_paths(self.name, self.forward_layer)
        set_nested_paths(self.name, self.backward_layer)
        self.built = True

    # ------------------------------------------------------------------ calling
    def call(self, sequences, initial_state=None, mask=None, training=None):
        kwargs = {}
        if self.forward_layer._call_has_training:
            kwargs["training"] = training
        if self.forward_layer._call_has_mask:
            kwargs["mask"] = mask
        if initial_state is not None:
            states = list(initial_state)
            half = len(states) // 2
            kwargs_f = dict(kwargs, initial_state=states[:half])
            kwargs_b = dict(kwargs, initial_state=states[half:])
        else:
            kwargs_f = kwargs_b = kwargs
        y = self.forward_layer(sequences, **kwargs_f)
        y_rev = self.backward_layer(sequences, **kwargs_b)
        states = ()
        if self.return_state:
            states = tuple(y[1:]) + tuple(y_rev[1:])
            y, y_rev = y[0], y_rev[0]
        if self.return_sequences:
            y_rev = torch.flip(y_rev, (1,))
        if self.merge_mode == "concat":
            output = torch.cat([y, y_rev], -1)
        elif self.merge_mode == "sum":
            output = y + y_rev
        elif self.merge_mode == "ave":
            output = (y + y_rev) / 2
        elif self.merge_mode == "mul":
            output = y * y_rev
        else:
            output = (y, y_rev)
        if self.return_state:
            return (output if self.merge_mode is None else (output,)) + states
        return output

    # ------------------------------------------------------------------ states
    @property
    def states(self):
        f, b = getattr(self.forward_layer, "states", None), getattr(
            self.backward_layer, "states", None)
        if f and b:
            return tuple(f) + tuple(b)
        return None

    def reset_state(self) -> None:
        if not self.stateful:
            raise AttributeError("Layer must be stateful.")
        self.forward_layer.reset_state()
        self.backward_layer.reset_state()

    def reset_states(self) -> None:
        self.reset_state()

    # ------------------------------------------------------------------ config
    def get_config(self) -> dict:
        config = super().get_config()
        config["merge_mode"] = self.merge_mode
        config["layer"] = serialize(self.forward_layer)
        config["backward_layer"] = serialize(self.backward_layer)
        return config

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        config = dict(config)
        for key in ("layer", "backward_layer"):
            if isinstance(config.get(key), dict):
                config[key] = deserialize(config[key], custom_objects=custom_objects)
        return cls(**config)
