"""What ``SimpleRNN``, ``LSTM`` and ``GRU`` share: a layer made of one built-in cell whose
arguments are the layer's own (``layer.units`` is ``layer.cell.units``, and the config is
flat, without a ``cell`` entry)."""

from __future__ import annotations

from torcheras import activations, constraints, initializers, regularizers
from torcheras.layers.rnn._rnn import RNN

_SERIALIZERS = {
    "activation": activations.serialize, "recurrent_activation": activations.serialize,
    "kernel_initializer": initializers.serialize,
    "recurrent_initializer": initializers.serialize,
    "bias_initializer": initializers.serialize, "kernel_regularizer": regularizers.serialize,
    "recurrent_regularizer": regularizers.serialize,
    "bias_regularizer": regularizers.serialize, "kernel_constraint": constraints.serialize,
    "recurrent_constraint": constraints.serialize, "bias_constraint": constraints.serialize,
}


class CellLayer(RNN):
    """Base of the built-in recurrent layers; subclasses set ``_cell_class``, ``_cell_name``
    and ``_cell_args`` (the cell arguments, in Keras's config order)."""

    _cell_class: type
    _cell_name: str
    _cell_args: tuple = ()
    _config_skip: tuple = ()  # cell arguments Keras leaves out of the layer's config

    def __init__(self, cell_kwargs: dict, kwargs: dict, activity_regularizer=None,
                 return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, use_cudnn="auto"):
        kwargs.pop("time_major", None)
        cell = self._cell_class(
            **cell_kwargs, dtype=kwargs.get("dtype"), trainable=kwargs.get("trainable", True),
            name=self._cell_name, implementation=kwargs.pop("implementation", 2))
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, unroll=unroll,
                         activity_regularizer=activity_regularizer, **kwargs)
        if use_cudnn not in ("auto", True, False):
            raise ValueError(
                "Invalid valid received for argument `use_cudnn`. Expected one of "
                f"{{'auto', True, False}}. Received: use_cudnn={use_cudnn!r}")
        self.use_cudnn = use_cudnn

    def __getattr__(self, name: str):
        # `layer.units`, `layer.dropout`, ... are the cell's (as Keras's properties).
        if name in type(self)._cell_args:
            cell = self._modules.get("cell")
            if cell is not None:
                return getattr(cell, name)
        return super().__getattr__(name)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["cell"]
        cell = self.cell
        for name in self._cell_args:
            if name in self._config_skip:
                continue
            value = getattr(cell, name)
            ser = _SERIALIZERS.get(name)
            config[name] = ser(value) if ser is not None else value
        config["activity_regularizer"] = regularizers.serialize(self.activity_regularizer)
        return config

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        return cls(**config)
