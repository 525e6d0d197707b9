"""``keras.Function``: a graph of operations between KerasTensors, callable on real data.

``Function(inputs, outputs)`` keeps the layer and op calls that lead from ``inputs`` to
``outputs``; calling it on tensors or arrays replays them in order (on KerasTensors it
records the same calls again, giving new symbolic outputs). ``keras.Model(inputs,
outputs)`` is a Function with weights, training and saving; a Function is the bare graph.
"""

from __future__ import annotations

from torcheras import tree
from torcheras.backend import _naming
from torcheras.backend._keras_tensor import KerasTensor


class Function:
    """A callable graph from ``inputs`` to ``outputs`` (nested structures of KerasTensors).

    Args:
        inputs: KerasTensor(s) the graph starts from (``keras.Input`` s or intermediate
            tensors), as a tensor, list, tuple or dict.
        outputs: KerasTensor(s) computed from ``inputs``, in any nested structure.
        name: Optional name (default ``function``, ``function_1``, ...).

    Example:

    >>> import numpy as np
    >>> import torcheras as keras
    >>> x = keras.Input((2,))
    >>> fn = Function(x, keras.ops.sum(x * 2.0, axis=-1))
    >>> fn(np.array([[1.0, 2.0]], "float32")).tolist()
    [6.0]
    """

    def __init__(self, inputs, outputs, name: str | None = None):
        if name is not None and not isinstance(name, str):
            raise TypeError(f"Argument `name` must be a string. Received: name={name!r}")
        self.name = name or _naming.unique_name("function")
        self._inputs_struct = tree.map_structure(lambda t: t, inputs)
        self._outputs_struct = tree.map_structure(lambda t: t, outputs)
        self._inputs = _keras_tensors(inputs, "inputs")
        self._outputs = _keras_tensors(outputs, "outputs")
        self._nodes = _nodes_between(self._inputs, self._outputs)
        self._operations = list({id(n.layer): n.layer for n in self._nodes}.values())

    @property
    def inputs(self) -> list:
        """The input KerasTensors, flattened."""
        return list(self._inputs)

    @property
    def outputs(self) -> list:
        """The output KerasTensors, flattened."""
        return list(self._outputs)

    @property
    def operations(self) -> list:
        """The layers and ops of the graph, in the order they run."""
        return list(self._operations)

    def __call__(self, inputs):
        return self.call(inputs)

    def call(self, inputs):
        """Run the graph on ``inputs`` (the structure of the ``inputs`` it was built from).

        Args:
            inputs: Tensors, arrays or KerasTensors, one per input.
        """
        flat = tree.flatten(inputs)
        if len(flat) != len(self._inputs):
            raise ValueError(
                f"Function '{self.name}' expects {len(self._inputs)} input(s), but it was "
                f"called on {len(flat)}: inputs={inputs!r}"
            )
        values = {id(t): v for t, v in zip(self._inputs, flat)}

        def fill(value):
            return values[id(value)] if isinstance(value, KerasTensor) else value

        for node in self._nodes:
            args = tree.map_structure(fill, list(node.call_args))
            kwargs = tree.map_structure(fill, node.call_kwargs)
            out = node.layer(*args, **kwargs)
            for t, o in zip(node.output_tensors, tree.flatten(out)):
                values[id(t)] = o
        return tree.pack_sequence_as(self._outputs_struct,
                                     [values[id(t)] for t in self._outputs])

    def compute_output_spec(self, inputs):
        """The outputs as KerasTensors for KerasTensor ``inputs`` (their shapes and dtypes)."""
        return self.call(inputs)

    def compute_output_shape(self, input_shape):
        """The output shape(s) for input shape(s) with the batch dimension."""
        shapes = tree.flatten(input_shape) if _is_shape_list(input_shape) else [input_shape]
        specs = [KerasTensor(tuple(s), t.dtype) for s, t in zip(shapes, self._inputs)]
        outputs = self.call(tree.pack_sequence_as(self._inputs_struct, specs)
                            if len(specs) > 1 else specs[0])
        return tree.map_structure(lambda t: t.shape, outputs)

    def __repr__(self) -> str:
        return f"<Function name={self.name}, operations={len(self._operations)}>"


def _is_shape_list(shape) -> bool:
    return isinstance(shape, (list, tuple, dict)) and bool(shape) and not all(
        s is None or isinstance(s, int) for s in (shape.values() if isinstance(shape, dict)
                                                   else shape))


def _keras_tensors(structure, argument: str) -> list:
    flat = tree.flatten(structure)
    for t in flat:
        if not isinstance(t, KerasTensor):
            raise ValueError(
                f"All `{argument}` values must be KerasTensors. Received: "
                f"{argument}={structure!r} including invalid value {t!r} of type {type(t)}"
            )
    return flat


def _nodes_between(inputs: list, outputs: list) -> list:
    """The nodes leading from ``inputs`` to ``outputs``, each after the nodes it reads."""
    input_ids = {id(t) for t in inputs}
    done: set[int] = set()
    ordered: list = []

    def visit(tensor, output, path: tuple) -> None:
        if id(tensor) in input_ids:
            return
        history = tensor._keras_history
        if history is None:
            raise ValueError(f"Output tensor {output!r} was not produced by an operation.")
        op, node_index, _ = history
        node = op._inbound_nodes[node_index]
        if id(node) in done:
            return
        if node.is_input:
            raise ValueError(
                f"Graph disconnected: cannot find parent for tensor {tensor!r}, which "
                f"{output!r} depends on: it comes from an input that is not among the "
                "Function's `inputs`."
            )
        if id(node) in path:
            raise ValueError(f"Tensor {tensor!r} from operation {op.name!r} is part of a cycle.")
        for t in node.input_tensors:
            visit(t, output, path + (id(node),))
        done.add(id(node))
        ordered.append(node)

    for t in outputs:
        visit(t, t, ())
    return ordered
