"""``get_source_inputs``: the ``Input`` tensors a symbolic tensor was computed from."""

from __future__ import annotations


def get_source_inputs(tensor, layer=None, node_index=None) -> list:
    """Returns the list of input tensors necessary to compute ``tensor``.

    Follows the tensor's history back through the layers that produced it to the
    ``Input`` tensors (each listed once, in the order first met).

    Args:
        tensor: The symbolic tensor to start from.
        layer: Origin layer of the tensor (default: read from the tensor's history).
        node_index: Origin node index of the tensor (default: read from its history).

    Returns:
        The list of input tensors; ``[tensor]`` when ``tensor`` has no history.

    Example:

    >>> import torcheras as keras
    >>> a, b = keras.Input((2,)), keras.Input((2,))
    >>> out = keras.layers.Dense(1)(keras.layers.add([a, b]))
    >>> [t is a for t in get_source_inputs(out)], [t is b for t in get_source_inputs(out)]
    ([True, False], [False, True])
    """
    history = getattr(tensor, "_keras_history", None)
    if history is None:
        return [tensor]
    if layer is None or node_index is None:
        layer, node_index, _ = history
    node = layer._inbound_nodes[node_index]
    if node.is_input:
        return [tensor]
    found = []
    for t in node.input_tensors:
        for s in get_source_inputs(t):
            if all(s is not f for f in found):
                found.append(s)
    return found
