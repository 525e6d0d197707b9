"""Functional models: a graph of layer calls from ``Input`` tensors to outputs.

At construction the graph is walked once and flattened into a plan (a list of layer calls
with integer slots for their inputs and outputs); ``call`` runs the plan with no graph
look-ups, so a functional model costs what the same layers called by hand cost.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import torch

from torcheras.backend import _naming
from torcheras.layers._graph import map_graph
from torcheras.layers._input_layer import InputLayer
from torcheras.layers._keras_tensor import KerasTensor
from torcheras.layers._layer import Layer
from torcheras.layers._shape_inference import trace_output_spec
from torcheras.models._model import Model
from torcheras.models._trainer import Trainer
from torcheras.saving._model_class import register_model_class
from torcheras.saving._model_config import functional_config
from torcheras.tree import flatten, map_structure
from torcheras.tree import pack_sequence_as as pack_like


class _Step(NamedTuple):
    """One layer call of the plan."""

    layer: Layer
    args: list  # the call's positional arguments, tensors replaced by `_Slot`s
    kwargs: dict  # its keyword arguments, likewise
    out_slots: list[int]  # where its output tensors go, in flattened order
    input_slot: int | None  # the slot of the only argument of a plain `layer(x)` call
    single_output: bool  # the call returns one tensor (no flattening of the result)


def _step(node, slot_of: dict[int, int]) -> _Step:
    """The plan entry for ``node``; gives its output tensors new slots in ``slot_of``."""
    def to_slot(v):
        return _Slot(slot_of[id(v)]) if isinstance(v, KerasTensor) else v

    args = map_structure(to_slot, list(node.call_args))
    kwargs = map_structure(to_slot, dict(node.call_kwargs))
    out_slots = []
    for t in node.output_tensors:
        slot_of[id(t)] = len(slot_of)
        out_slots.append(slot_of[id(t)])
    plain = len(args) == 1 and isinstance(args[0], _Slot) and not kwargs
    return _Step(node.layer, args, kwargs, out_slots, args[0].index if plain else None,
                 isinstance(node.outputs, KerasTensor))


class _Slot:
    """A placeholder for the tensor in slot ``index`` of the plan's value list."""

    __slots__ = ("index",)

    def __init__(self, index: int):
        self.index = index


def _fill(structure, values):
    if isinstance(structure, _Slot):
        return values[structure.index]
    if isinstance(structure, list):
        return [_fill(s, values) for s in structure]
    if isinstance(structure, tuple):
        return tuple(_fill(s, values) for s in structure)
    if isinstance(structure, dict):
        return {k: _fill(v, values) for k, v in structure.items()}
    return structure


@register_model_class
class Functional(Model):
    """A model defined by ``Model(inputs, outputs)``."""

    def __init__(self, inputs=None, outputs=None, name=None, trainable=True, **kwargs):
        if inputs is None or outputs is None:
            raise TypeError(
                "A functional Model needs `inputs` and `outputs`. Received: "
                f"inputs={inputs!r}, outputs={outputs!r}"
            )
        Layer.__init__(self, name=name or _default_name(), trainable=trainable,
                       dtype=kwargs.pop("dtype", None))
        if kwargs:
            raise TypeError(f"Unrecognized keyword arguments passed to Model: {kwargs}")
        Trainer._init_trainer(self)
        self._inputs_struct = inputs
        self._outputs_struct = outputs
        flat_in = flatten(inputs)
        flat_out = flatten(outputs)
        for name_, group in (("inputs", flat_in), ("outputs", flat_out)):
            for t in group:
                if not isinstance(t, KerasTensor):
                    raise ValueError(
                        f"All `{name_}` of a functional Model must be KerasTensors (from "
                        f"`keras.Input` and layer calls). Received: {t!r} "
                        f"(of type {type(t).__name__})"
                    )
        for t in flat_in:
            if t._keras_history is None or not isinstance(t._keras_history[0], InputLayer):
                raise ValueError(
                    "A functional Model's `inputs` must come from `keras.Input()`. "
                    f"Received: {t!r}, produced by layer "
                    f"{t._keras_history[0].name if t._keras_history else None!r}"
                )
        self._model_inputs = flat_in
        self._model_outputs = flat_out
        self._symbolic_losses: list[KerasTensor] = []
        self._build_plan(flat_in, flat_out)
        self.built = True

    # ------------------------------------------------------------------ graph
    def _build_plan(self, flat_in, flat_out) -> None:
        graph = map_graph(flat_in, flat_out)
        self._graph = graph
        # The plan also computes the symbolic losses (`add_loss(tensor)`), sharing the
        # forward pass; the model's structure (`_graph`, config) stays that of its outputs.
        losses = self._symbolic_losses
        run = map_graph(flat_in, flat_out + losses) if losses else graph
        slot_of: dict[int, int] = {}
        for t in flat_in:
            slot_of.setdefault(id(t), len(slot_of))
        self._input_slots = [slot_of[id(t)] for t in flat_in]
        plan: list[_Step] = []
        for node in run.nodes:
            if node.is_input:
                continue
            plan.append(_step(node, slot_of))
        self._plan = plan
        self._num_slots = len(slot_of)
        self._output_slots = [slot_of[id(t)] for t in flat_out]
        self._loss_slots = [slot_of[id(t)] for t in losses]
        for op in run.operations:
            self._modules[op.name] = op
        self.input_names = [t._keras_history[0].name for t in flat_in]
        self.output_names = [t._keras_history[0].name for t in flat_out]
        for step in plan:
            for w in step.layer._own_weights:
                w._path = f"{step.layer.name}/{w.name}"

    @property
    def _operations(self) -> list[Layer]:
        """Every layer and operator of the graph, in Keras's order (by depth from the outputs,
        then by traversal)."""
        return list(self._graph.operations)

    @property
    def layers(self) -> list[Layer]:
        return [op for op in self._operations if not getattr(op, "_is_operation", False)]

    @property
    def input_shape(self):
        shapes = [t.shape for t in self._model_inputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def output_shape(self):
        shapes = [t.shape for t in self._model_outputs]
        return shapes[0] if len(shapes) == 1 else shapes

    # ------------------------------------------------------------------ running
    def _output_names_for_compile(self) -> list[str]:
        # Keras names the losses and metrics of dict outputs after the dict keys.
        struct = self._outputs_struct
        if isinstance(struct, Mapping) and len(struct) == len(self._model_outputs) > 1:
            return sorted(struct)
        return list(self.output_names)

    def _flatten_inputs(self, inputs) -> list:
        n = len(self._model_inputs)
        struct = self._inputs_struct
        if (isinstance(inputs, Mapping) and isinstance(struct, Mapping)
                and len(struct) == n and all(k in inputs for k in struct)):
            return [inputs[k] for k in sorted(struct)]
        if isinstance(inputs, Mapping):
            missing = [k for k in self.input_names if k not in inputs]
            if missing:
                raise ValueError(
                    f"Missing data for input {missing[0]!r}. You passed a data dictionary with "
                    f"keys {sorted(inputs)}. Expected the following keys: {self.input_names}"
                )
            return [inputs[k] for k in self.input_names]
        if isinstance(inputs, (list, tuple)):
            flat = flatten(inputs)
            if len(flat) != n:
                raise ValueError(
                    f"Model {self.name!r} expects {n} input(s), but it received "
                    f"{len(flat)} input tensors."
                )
            return flat
        if n != 1:
            raise ValueError(
                f"Model {self.name!r} expects {n} inputs, but it received a single tensor."
            )
        return [inputs]

    def call(self, inputs, training=None, mask=None):
        values = [None] * self._num_slots
        flat = inputs if (type(inputs) is torch.Tensor and len(self._input_slots) == 1) else None
        if flat is not None:
            values[self._input_slots[0]] = inputs
        else:
            for slot, value in zip(self._input_slots, self._flatten_inputs(inputs)):
                values[slot] = value
        for layer, args, kwargs, out_slots, input_slot, single_output in self._plan:
            if input_slot is not None:
                out = layer(values[input_slot])
            else:
                out = layer(*_fill(args, values), **_fill(kwargs, values))
            if single_output:
                values[out_slots[0]] = out
            else:
                for slot, o in zip(out_slots, flatten(out)):
                    values[slot] = o
        for slot in self._loss_slots:
            Layer.add_loss(self, values[slot])
        if type(self._outputs_struct) is KerasTensor:  # one output: no repacking
            return values[self._output_slots[0]]
        outs = [values[s] for s in self._output_slots]
        return pack_like(self._outputs_struct, outs)

    def add_loss(self, loss) -> None:
        """Add a loss tensor. A symbolic one, built from this model's inputs and layer
        outputs (Keras 2's ``vae.add_loss(K.mean(reconstruction + kl))``), is computed
        from the same forward pass at every call, as tf.keras did; Keras 3 refuses it.

        Args:
            loss: A scalar tensor, or a ``KerasTensor`` of this model's graph.
        """
        if not isinstance(loss, KerasTensor):
            return Layer.add_loss(self, loss)
        try:
            map_graph(self._model_inputs, [loss])
        except ValueError as error:
            raise ValueError(
                f"Model.add_loss() received a symbolic tensor that is not computed from "
                f"the inputs of model {self.name!r}: {loss!r}. {error}") from None
        self._symbolic_losses.append(loss)
        self._build_plan(self._model_inputs, self._model_outputs)
        return None

    def _symbolic_call(self, args, kwargs):
        # A model used as a layer inside another model.
        return Layer._symbolic_call(self, args, kwargs)

    def compute_output_spec(self, *args, **kwargs):
        return trace_output_spec(self, args, kwargs)

    def get_config(self) -> dict:
        """Keras 3's functional config: every layer with its calls (``inbound_nodes``),
        ``input_layers`` and ``output_layers``; ``Model.from_config`` rebuilds the graph."""
        return functional_config(self)


def _default_name() -> str:
    return _naming.layer_name("functional")

