"""A node: one call of a layer on symbolic tensors, linking inputs to outputs."""

from __future__ import annotations

from torcheras.layers._keras_tensor import KerasTensor
from torcheras.tree import flatten


class Node:
    """Records ``outputs = layer(*call_args, **call_kwargs)`` on KerasTensors."""

    def __init__(self, layer, call_args=(), call_kwargs=None, outputs=None):
        self.layer = layer
        self.call_args = tuple(call_args)
        self.call_kwargs = dict(call_kwargs or {})
        self.outputs = outputs
        self.input_tensors = [
            t for t in flatten([list(self.call_args), self.call_kwargs])
            if isinstance(t, KerasTensor)
        ]
        self.output_tensors = [t for t in flatten(outputs) if isinstance(t, KerasTensor)]
        if layer is not None:
            index = len(layer._inbound_nodes)
            layer._inbound_nodes.append(self)
            for i, t in enumerate(self.output_tensors):
                t._keras_history = (layer, index, i)
            for t in self.input_tensors:
                if t._keras_history is not None:
                    t._keras_history[0]._outbound_nodes.append(self)

    @property
    def parent_nodes(self) -> list:
        parents = []
        for t in self.input_tensors:
            if t._keras_history is not None:
                layer, node_index, _ = t._keras_history
                parents.append(layer._inbound_nodes[node_index])
        return parents

    @property
    def is_input(self) -> bool:
        return not self.input_tensors
