"""``model.summary()``: Keras 3's table of layers, output shapes and parameter counts.

Keras draws the table with ``rich``; this module reproduces rich's plain-text output (what
Keras prints when the output is not a terminal, or goes to ``print_fn``) character for
character without depending on it: the same column widths, word wrapping, ellipses for
words too long for their cell, and cropping to the terminal width.
"""

from __future__ import annotations

import math
import os
import re
import shutil
from collections.abc import Callable

from torcheras.backend import _device
from torcheras.layers._graph import is_chain
from torcheras.models import _summary_table as text
from torcheras.utils._io import print_msg

_DTYPE_BITS = {**{f"float{i}": i for i in (16, 32, 64)},
               **{f"int{i}": i for i in (8, 16, 32, 64)},
               **{f"uint{i}": i for i in (8, 16, 32, 64)},
               "bfloat16": 16, "bool": 1}


# ---------------------------------------------------------------------- sizes
def count_params(weights) -> int:
    return int(sum(math.prod(tuple(w.shape)) for w in weights))


def weight_memory_size(weights) -> float:
    """Bytes taken by ``weights`` (each counted once), from their dtypes."""
    unique = {id(w): w for w in weights}.values()
    bits = 0
    for w in unique:
        dtype = _device.standardize_dtype(w.dtype)
        if dtype not in _DTYPE_BITS:
            raise ValueError(f"Invalid dtype: {dtype}")
        bits += math.prod(tuple(w.shape)) * _DTYPE_BITS[dtype]
    return bits / 8


def readable_memory_size(size: float) -> str:
    """``1626112.0`` -> ``"1.55 MB"`` (powers of 1024, two decimals)."""
    units = ["B", "KB", "MB", "GB", "TB", "PB"]
    for unit in units:
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} {units[-1]}"


# ---------------------------------------------------------------------- graph
def _sublayers_for_display(layer) -> list:
    graph = getattr(layer, "_graph", None)
    if graph is not None:
        return graph.operations
    return list(getattr(layer, "layers", None) or [])


# ---------------------------------------------------------------------- cells
def _format_shape(shape) -> str:
    return "(" + ", ".join(str(d) for d in shape) + ")"


def format_layer_shape(layer) -> str:
    """The "Output Shape" cell: the shape(s) of the layer's latest call."""
    nodes = layer._inbound_nodes
    build_shapes = getattr(layer, "_build_shapes_dict", None)
    if not nodes and not build_shapes:
        return "?"
    if nodes:
        shapes = [_format_shape(t.shape) for t in nodes[-1].output_tensors]
    else:
        try:
            out = layer.compute_output_shape(**build_shapes)
        except NotImplementedError:
            return "?"
        if out and isinstance(out[0], (list, tuple)):
            shapes = [_format_shape(s) for s in out]
        else:
            shapes = [_format_shape(out)]
    if len(shapes) == 1:
        return shapes[0]
    return "[" + ", ".join(shapes) + "]"


def _connections(layer, relevant: set[int] | None) -> str:
    parts = []
    for node in layer._inbound_nodes:
        if relevant and id(node) not in relevant:
            continue
        for t in node.input_tensors:
            inbound, node_index, tensor_index = t._keras_history
            parts.append(f"{inbound.name}[{node_index}][{tensor_index}]")
    return ", ".join(parts) or "-"


def _layer_fields(layer, prefix: str, connected: bool, relevant, show_trainable: bool):
    name = f"{prefix}{layer.name} ({type(layer).__name__})"
    if not hasattr(layer, "built"):
        params = "0"
    elif not layer.built:
        params = "0 (unbuilt)"
    else:
        params = f"{layer.count_params():,}"
    fields = [name, format_layer_shape(layer), params]
    if connected:
        fields.append(_connections(layer, relevant))
    if show_trainable:
        if len(getattr(layer, "weights", [])) > 0:
            fields.append("Y" if layer.trainable else "N")
        else:
            fields.append("-")
    return fields


def layer_index_range(layers, layer_range=None) -> list[int]:
    """``[first, last + 1]`` indexes of the layers matched by ``layer_range`` regexes."""
    if layer_range is None:
        return [0, len(layers)]
    if len(layer_range) != 2:
        raise ValueError(
            "layer_range must be a list or tuple of length 2. Received: "
            f"layer_range = {layer_range} of length {len(layer_range)}"
        )
    if not isinstance(layer_range[0], str) or not isinstance(layer_range[1], str):
        raise ValueError(f"layer_range should contain string type only. Received: {layer_range}")
    lower = [i for i, la in enumerate(layers) if re.match(layer_range[0], la.name)]
    upper = [i for i, la in enumerate(layers) if re.match(layer_range[1], la.name)]
    if not lower or not upper:
        raise ValueError(
            "Passed layer_names do not match the layer names in the model. "
            f"Received: {layer_range}"
        )
    if min(lower) > max(upper):
        return [min(upper), max(lower) + 1]
    return [min(lower), max(upper) + 1]


# ---------------------------------------------------------------------- layout
def _column_widths(positions, line_length: int) -> list[int]:
    # Keras 2 also took absolute character positions (e.g. [30, 60, 75]); Keras 3 scales
    # every position by line_length, which only makes sense for fractions.
    absolute = max(positions) > 1
    widths, current = [], 0
    for pos in positions:
        width = (int(pos) if absolute else int(pos * line_length)) - current
        if width < 4:
            raise ValueError("Insufficient console width to print summary.")
        widths.append(width)
        current += width
    return widths


def console_width() -> int:
    """The width rich gives its console: ``COLUMNS``, else the terminal, else 80."""
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        return int(columns)
    for fd in (0, 1, 2):
        try:
            width = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        return width or 80
    return 80


def _totals(model) -> list[str]:
    trainable = model.trainable_weights
    non_trainable = model.non_trainable_weights
    counts = [count_params(trainable), count_params(non_trainable)]
    sizes = [weight_memory_size(trainable), weight_memory_size(non_trainable)]
    optimizer = getattr(model, "optimizer", None)
    optimizer_built = bool(getattr(model, "compiled", False) and optimizer is not None
                           and getattr(optimizer, "built", False))
    opt_count, opt_size = 0, 0.0
    if optimizer_built:
        opt_count = count_params(optimizer.variables)
        opt_size = weight_memory_size(optimizer.variables)
    lines = [
        f" Total params: {sum(counts) + opt_count:,} "
        f"({readable_memory_size(sum(sizes) + opt_size)})",
        f" Trainable params: {counts[0]:,} ({readable_memory_size(sizes[0])})",
        f" Non-trainable params: {counts[1]:,} ({readable_memory_size(sizes[1])})",
    ]
    if optimizer_built:
        lines.append(f" Optimizer params: {opt_count:,} ({readable_memory_size(opt_size)})")
    return lines


def print_summary(model, line_length: int | None = None, positions=None,
                  print_fn: Callable | None = None, expand_nested: bool = False,
                  show_trainable: bool = False, layer_range=None) -> None:
    """Print a summary of ``model`` exactly as Keras 3 does (without colors).

    Args:
        model: A Keras model.
        line_length: Total width of the table (default 88, or 108 when the model is not a
            simple chain and a "Connected to" column is shown; at most the terminal width
            minus 4).
        positions: Right edge of each column as a fraction of ``line_length`` (Keras 2's
            absolute character positions, e.g. ``[30, 60, 75]``, are accepted too).
        print_fn: Called once with the whole summary text; default prints to stdout (or
            logs, when interactive logging is disabled).
        expand_nested: Also list the layers of nested models.
        show_trainable: Add a column saying whether each layer is trainable.
        layer_range: Two regexes, the first and last layer names to include.

    Example:

    >>> import torcheras as keras
    >>> model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    >>> captured = []
    >>> model.summary(print_fn=captured.append)
    >>> print(captured[0].splitlines()[-3])
     Total params: 10 (40.00 B)
    """
    graph = model._graph
    layers = graph.operations if graph is not None else list(model.layers)
    sequential_like = graph is None or is_chain(graph)
    relevant = None
    if sequential_like:
        default_length = 88
        positions = positions or [0.45, 0.80, 1.0]
        header = ["Layer (type)", "Output Shape", "Param #"]
        alignment = ["left", "left", "right"]
    else:
        default_length = 108
        positions = positions or [0.3, 0.56, 0.74, 1.0]
        header = ["Layer (type)", "Output Shape", "Param #", "Connected to"]
        alignment = ["left", "left", "right", "left"]
        relevant = graph.node_ids
    if show_trainable:
        default_length += 12
        positions = [p * 0.90 for p in positions] + [1.0]
        header.append("Trainable")
        alignment.append("center")
    if len(positions) != len(header):
        raise ValueError(
            f"Argument `positions` must give {len(header)} column edges (one per column: "
            f"{header}). Received: positions={positions}"
        )
    default_length = min(default_length, shutil.get_terminal_size().columns - 4)
    line_length = line_length or default_length
    widths = _column_widths(positions, line_length)

    def rows_for(layer, level: int = 0) -> list[list[str]]:
        prefix = "   " * level + "└ " if level else ""
        rows = [_layer_fields(layer, prefix, not sequential_like, relevant, show_trainable)]
        if expand_nested:
            for sub in _sublayers_for_display(layer):
                rows.extend(rows_for(sub, level + 1))
        return rows

    first, last = layer_index_range(layers, layer_range)
    rows = []
    for layer in layers[first:last]:
        rows.extend(rows_for(layer))

    width = console_width()
    lines = text.fold(f'Model: "{model.name}"', width)
    table = text.render_table(header, alignment, widths, line_length, rows)
    lines.extend(text.crop(line, width) for line in table)
    for line in _totals(model):
        lines.extend(text.fold(line, width))
    output = "".join(line + "\n" for line in lines)
    if print_fn is None:
        print_msg(output, line_break=False)
    else:
        print_fn(output)

