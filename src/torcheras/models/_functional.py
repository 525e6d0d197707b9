"""Functional models: a graph of layer calls from ``Input`` tensors to outputs.

At construction the graph is walked once and flattened into a plan (a list of layer calls
with integer slots for their inputs and outputs); ``call`` runs the plan with no graph
look-ups, so a functional model costs what the same layers called by hand cost.
"""

from __future__ import annotations

from collections.abc import Mapping

import torch

from torcheras.layers._input_layer import InputLayer
from torcheras.layers._keras_tensor import KerasTensor, flatten, map_structure, pack_like
from torcheras.layers._layer import Layer
from torcheras.models._model import Model
from torcheras.models._trainer import Trainer


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


class Functional(Model):
    """A model defined by ``Model(inputs, outputs)``."""

    def __init__(self, inputs=None, outputs=None, name=None, trainable=True, **kwargs):
        # Keras 1 spelled them `Model(input=..., output=...)`.
        if inputs is None and "input" in kwargs:
            inputs = kwargs.pop("input")
        if outputs is None and "output" in kwargs:
            outputs = kwargs.pop("output")
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
        self._build_plan(flat_in, flat_out)
        self.built = True

    # ------------------------------------------------------------------ graph
    def _build_plan(self, flat_in, flat_out) -> None:
        nodes = _topological_nodes(flat_in, flat_out)
        slot_of: dict[int, int] = {}
        for t in flat_in:
            slot_of[id(t)] = len(slot_of)
        self._input_slots = [slot_of[id(t)] for t in flat_in]
        plan = []
        layers: list[Layer] = []
        for node in nodes:
            layer = node.layer
            if isinstance(layer, InputLayer):
                continue
            args = map_structure(lambda v: _Slot(slot_of[id(v)]) if isinstance(
                v, KerasTensor) else v, list(node.call_args))
            kwargs = map_structure(lambda v: _Slot(slot_of[id(v)]) if isinstance(
                v, KerasTensor) else v, dict(node.call_kwargs))
            out_slots = []
            for t in node.output_tensors:
                slot_of[id(t)] = len(slot_of)
                out_slots.append(slot_of[id(t)])
            simple = (args[0].index if len(args) == 1 and isinstance(args[0], _Slot)
                      and not kwargs else None)
            plan.append((layer, args, kwargs, out_slots, simple,
                         isinstance(node.outputs, KerasTensor)))
            if all(layer is not seen for seen in layers):
                layers.append(layer)
        self._plan = plan
        self._num_slots = len(slot_of)
        self._output_slots = [slot_of[id(t)] for t in flat_out]
        input_layers = [t._keras_history[0] for t in flat_in]
        from torcheras.models._summary import keras_graph

        # Keras's order (by depth, then traversal) for `layers`, weights and summaries.
        ordered = keras_graph(list(flat_in), list(flat_out))[1]
        listed = {id(layer) for layer in ordered}
        self._graph_layers = ordered + [
            layer for layer in input_layers + layers if id(layer) not in listed]
        names = set()
        for layer in self._graph_layers:
            if layer.name in names:
                raise ValueError(
                    f"The name {layer.name!r} is used 2 times in the model. "
                    "All layer names should be unique."
                )
            names.add(layer.name)
            self._modules[layer.name] = layer
        self.input_names = [layer.name for layer in input_layers]
        self.output_names = [t._keras_history[0].name for t in flat_out]
        for layer in layers:
            for w in layer._own_weights:
                w._path = f"{layer.name}/{w.name}"

    @property
    def _operations(self) -> list[Layer]:
        """Every layer and operator of the graph, in Keras's order (by depth from the outputs,
        then by traversal)."""
        return list(self._graph_layers)

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
        for layer, args, kwargs, out_slots, simple, single in self._plan:
            if simple is not None:
                out = layer(values[simple])
            else:
                out = layer(*_fill(args, values), **_fill(kwargs, values))
            if single:
                values[out_slots[0]] = out
            else:
                for slot, o in zip(out_slots, flatten(out)):
                    values[slot] = o
        if type(self._outputs_struct) is KerasTensor:  # one output: no repacking
            return values[self._output_slots[0]]
        outs = [values[s] for s in self._output_slots]
        return pack_like(self._outputs_struct, outs)

    def _symbolic_call(self, args, kwargs):
        # A model used as a layer inside another model.
        return Layer._symbolic_call(self, args, kwargs)

    def compute_output_spec(self, *args, **kwargs):
        from torcheras.layers._shape_inference import trace_output_spec

        return trace_output_spec(self, args, kwargs)

    def get_config(self) -> dict:
        return {"name": self.name, "trainable": self.trainable}


def _default_name() -> str:
    from torcheras.backend import _naming

    return _naming.unique_name("functional")


def _topological_nodes(flat_in, flat_out) -> list:
    """Nodes needed to compute ``flat_out`` from ``flat_in``, parents before children."""
    input_ids = {id(t) for t in flat_in}
    order: list = []
    state: dict[int, int] = {}  # 1 = visiting, 2 = done

    def visit_tensor(t, trail):
        if id(t) in input_ids:
            return
        if t._keras_history is None:
            raise ValueError(
                f"Output tensor {t!r} was not produced by a layer call, so it cannot be "
                "part of a functional model."
            )
        layer, node_index, _ = t._keras_history
        node = layer._inbound_nodes[node_index]
        if isinstance(layer, InputLayer):
            which = "" if trail is t else (
                f"Output {trail!r} of layer \"{trail._keras_history[0].name}\" is not "
                "connected to `inputs`. ")
            raise ValueError(
                f"Graph disconnected: {which}Cannot find parent for tensor {t!r} at layer "
                f'"{layer.name}": it comes from an Input that is not in the model\'s '
                f"`inputs`. The following previous layers were accessed without issue: "
                f"{[n.layer.name for n in order]}"
            )
        visit_node(node, trail)

    def visit_node(node, trail):
        key = id(node)
        if state.get(key) == 2:
            return
        if state.get(key) == 1:
            raise ValueError(f"The graph has a cycle through layer {node.layer.name!r}.")
        state[key] = 1
        for t in node.input_tensors:
            visit_tensor(t, trail)
        state[key] = 2
        order.append(node)

    for t in flat_out:
        visit_tensor(t, t)
    return order
