"""Common arguments and config of the built-in cells (SimpleRNN, LSTM, GRU).

Each built-in cell also offers the RNN layer two whole-sequence paths, used instead of
calling ``cell.call`` once per step:

* ``_fused_params(training)``: torch's fused kernel name and weights, when the fused
  kernel computes exactly this cell (or ``None``);
* ``_sequence_step(x, training)``: the input projections of all steps in one matmul and a
  step function that adds the recurrent part.
"""

from __future__ import annotations

from torcheras import activations, constraints, initializers, regularizers
from torcheras.backend import _device
from torcheras.layers._layer import Layer
from torcheras.layers.rnn._common import DropoutRNNCell, check_units, clip_rate


class BaseCell(Layer, DropoutRNNCell):
    """Arguments shared by the built-in cells; not a public class."""

    def __init__(self, units, activation="tanh", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None,
                 **kwargs):
        units = check_units(units)
        implementation = kwargs.pop("implementation", 2)
        super().__init__(**kwargs)
        self.implementation = implementation
        self.units = units
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.dropout = clip_rate(dropout, "dropout")
        self.recurrent_dropout = clip_rate(recurrent_dropout, "recurrent_dropout")
        self.seed = seed
        self.output_size = self.units

    def _add_kernels(self, input_dim: int, gates: int) -> None:
        self.kernel = self.add_weight(
            shape=(input_dim, self.units * gates), name="kernel",
            initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, self.units * gates), name="recurrent_kernel",
            initializer=self.recurrent_initializer, regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint)

    def _add_bias(self, shape, initializer=None) -> None:
        if self.use_bias:
            self.bias = self.add_weight(
                shape=shape, name="bias", initializer=initializer or self.bias_initializer,
                regularizer=self.bias_regularizer, constraint=self.bias_constraint)
        else:
            self.bias = None

    def _input_dropout_on(self, training) -> bool:
        return bool(training) and 0.0 < self.dropout < 1.0

    def _recurrent_dropout_on(self, training) -> bool:
        return bool(training) and 0.0 < self.recurrent_dropout < 1.0

    def get_initial_state(self, batch_size=None):
        import torch

        sizes = self.state_size if isinstance(self.state_size, (list, tuple)) else [
            self.state_size]
        return [torch.zeros((batch_size, d), dtype=_device.to_torch_dtype(self.compute_dtype),
                            device=_device.get_device()) for d in sizes]

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "recurrent_initializer": initializers.serialize(self.recurrent_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "recurrent_regularizer": regularizers.serialize(self.recurrent_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "recurrent_constraint": constraints.serialize(self.recurrent_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "dropout": self.dropout,
            "recurrent_dropout": self.recurrent_dropout,
            "seed": self.seed,
        })
        return config
