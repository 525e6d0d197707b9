"""The graph of layer calls from symbolic inputs to outputs, in Keras's order.

One walk serves every reader: a functional model runs ``Graph.nodes`` in order and lists
``Graph.operations`` as its layers and weights; ``summary()`` prints ``Graph.operations`` and
the connections of the nodes in ``Graph.node_ids``; ``plot_model`` draws those nodes' edges.

The order is Keras's: a depth-first walk back from the outputs finds the nodes; a node's
depth is the longest path from it to an output; nodes run by decreasing depth, and layers
are listed by decreasing depth, ties broken by when the walk first reached them.
"""

from __future__ import annotations

from typing import NamedTuple


class Graph(NamedTuple):
    """The nodes and operations between a model's inputs and outputs.

    Attributes:
        nodes: Every node of the graph (``Input`` nodes included), in the order Keras runs
            them: by decreasing depth, each depth in the order the walk reached its nodes.
        nodes_by_depth: ``{depth: [node, ...]}``, depth 0 being the nodes that make outputs.
        operations: Every layer and operation of the graph, ``InputLayer`` s included, in
            Keras's order for ``model.layers``, weights and summaries.
        node_ids: ``id`` of each node in ``nodes`` (for "is this call part of the model").
    """

    nodes: list
    nodes_by_depth: dict
    operations: list
    node_ids: frozenset


def map_graph(inputs, outputs) -> Graph:
    """The graph computing ``outputs`` (flat list of KerasTensors) from ``inputs``.

    Raises:
        ValueError: an output was not made by a layer call, an output depends on an
            ``Input`` that is not among ``inputs`` ("Graph disconnected"), or two operations
            share a name.

    Example:

    >>> import torcheras as keras
    >>> x = keras.Input((3,), name="x")
    >>> y = keras.layers.Dense(2, name="d")(x)
    >>> [op.name for op in map_graph([x], [y]).operations]
    ['x', 'd']
    """
    walked, first_seen = _walk(inputs, outputs)
    node_depth, op_depth = _depths(walked)
    # Inputs no output depends on still belong to the model (Keras: for losses and metrics).
    for t in inputs:
        op, node_index, _ = t._keras_history
        node = op._inbound_nodes[node_index]
        if op not in op_depth and node.is_input:
            op_depth[op] = 0
            first_seen[op] = -1
            node_depth[node] = 0
    nodes_by_depth: dict[int, list] = {}
    for node, depth in node_depth.items():
        nodes_by_depth.setdefault(depth, []).append(node)
    ops_by_depth: dict[int, list] = {}
    for op, depth in op_depth.items():
        ops_by_depth.setdefault(depth, []).append(op)
    operations = []
    for depth in sorted(ops_by_depth, reverse=True):
        operations.extend(sorted(ops_by_depth[depth], key=first_seen.__getitem__))
    _check_unique_names(operations)
    nodes = [n for depth in sorted(nodes_by_depth, reverse=True) for n in nodes_by_depth[depth]]
    return Graph(nodes, nodes_by_depth, operations, frozenset(id(n) for n in nodes))


def is_chain(graph: Graph) -> bool:
    """Whether the graph is a plain chain (each depth one node of one input, each layer
    called once): ``summary()`` then shows no "Connected to" column."""
    for group in graph.nodes_by_depth.values():
        if len(group) > 1 or len(group[0].input_tensors) > 1:
            return False
    return all(sum(1 for n in op._inbound_nodes if id(n) in graph.node_ids) <= 1
               for op in graph.operations)


def _walk(inputs, outputs):
    """Keras's depth-first walk from the outputs: the nodes, each after its parents, and
    ``{operation: index of its first visit}``."""
    input_ids = {id(t) for t in inputs}
    finished: set[int] = set()
    in_progress: set[int] = set()
    ordered: list = []
    first_seen: dict = {}

    def visit(tensor, output):
        history = tensor._keras_history
        if history is None:
            raise ValueError(
                f"Output tensor {tensor!r} was not produced by a layer call, so it cannot be "
                "part of a functional model."
            )
        op, node_index, _ = history
        node = op._inbound_nodes[node_index]
        if id(node) in finished:
            return
        if id(node) in in_progress:
            raise ValueError(f"Tensor {tensor!r} from operation {op.name!r} is part of a cycle.")
        if node.is_input and id(tensor) not in input_ids:
            _disconnected(tensor, output, ordered)
        first_seen.setdefault(op, len(first_seen))
        in_progress.add(id(node))
        for t in node.input_tensors:
            visit(t, output)
        in_progress.discard(id(node))
        finished.add(id(node))
        ordered.append(node)

    for t in outputs:
        visit(t, t)
    return ordered, first_seen


def _disconnected(tensor, output, reached) -> None:
    which = "" if output is tensor else (
        f"Output {output!r} of layer \"{output._keras_history[0].name}\" is not connected "
        "to `inputs`. ")
    raise ValueError(
        f"Graph disconnected: {which}Cannot find parent for tensor {tensor!r} at layer "
        f'"{tensor._keras_history[0].name}": it comes from an Input that is not in the '
        "model's `inputs`. The following previous layers were accessed without issue: "
        f"{[n.layer.name for n in reached]}"
    )


def _depths(walked):
    """Depth of each node and operation: the longest path to an output (an operation called
    at several depths takes the deepest)."""
    in_graph = {id(n) for n in walked}
    node_depth: dict = {}
    op_depth: dict = {}
    for node in reversed(walked):
        depth = max(node_depth.setdefault(node, 0), op_depth.get(node.layer, 0))
        op_depth[node.layer] = depth
        node_depth[node] = depth
        for parent in node.parent_nodes:
            if id(parent) in in_graph:
                node_depth[parent] = max(depth + 1, node_depth.get(parent, 0))
    return node_depth, op_depth


def _check_unique_names(operations) -> None:
    seen: dict[str, int] = {}
    for op in operations:
        seen[op.name] = seen.get(op.name, 0) + 1
    for name, count in seen.items():
        if count > 1:
            raise ValueError(
                f"The name {name!r} is used {count} times in the model. All layer names "
                "should be unique."
            )
