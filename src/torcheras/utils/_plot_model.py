"""``keras.utils.plot_model`` and ``model_to_dot``: draw a model's layer graph with Graphviz.

pydot builds the graph and the Graphviz ``dot`` program renders it; both are optional
dependencies, checked when a plot is asked for, with an error that says what to install.
"""

from __future__ import annotations

import os
import sys

from torcheras.saving._model_class import model_class

_PYDOT_MISSING = (
    "You must install pydot (`pip install pydot`) for `{what}` to work."
)
_GRAPHVIZ_MISSING = (
    "You must install graphviz (see instructions at https://graphviz.gitlab.io/download/, "
    "e.g. `apt-get install graphviz` or `brew install graphviz`) for `plot_model` to work."
)


def _import_pydot(what: str):
    try:
        import pydot
    except ImportError:
        pydot = None
    if pydot is None:
        raise ImportError(_PYDOT_MISSING.format(what=what))
    return pydot


def check_pydot() -> bool:
    """Whether pydot can be imported."""
    try:
        _import_pydot("plot_model")
    except ImportError:
        return False
    return True


def check_graphviz() -> bool:
    """Whether pydot and the Graphviz ``dot`` program both work."""
    try:
        pydot = _import_pydot("plot_model")
        pydot.Dot.create(pydot.Dot())
    except Exception:  # ImportError, OSError (no `dot` program), pydot's own errors
        return False
    return True


# ------------------------------------------------------------------------------ labels
def _first_node_shapes(layer):
    """(input shape, output shape) of the layer's first call, as Keras prints them."""
    nodes = getattr(layer, "_inbound_nodes", None)
    if not nodes:
        return None, None
    node = nodes[0]

    def fmt(tensors):
        shapes = [t.shape for t in tensors]
        if not shapes:
            return None
        return str(shapes[0]) if len(shapes) == 1 else str(shapes)

    return fmt(node.input_tensors), fmt(node.output_tensors)


def _activation_name(layer) -> str:
    act = layer.activation
    return getattr(act, "name", None) or getattr(act, "__name__", None) or str(act)


def _cell(text: str, color: str = "white", font_color: str | None = None) -> str:
    font = f' color="{font_color}"' if font_color else ""
    return f'<td bgcolor="{color}"><font point-size="14"{font}>{text}</font></td>'


def _layer_label(layer, show_layer_names, show_layer_activations, show_dtype, show_shapes,
                 show_trainable) -> str:
    class_name = type(layer).__name__
    cols = []
    if show_shapes:
        in_shape, out_shape = _first_node_shapes(layer)
        if class_name != "InputLayer":
            cols.append(_cell(f"Input shape: <b>{in_shape or '?'}</b>"))
        cols.append(_cell(f"Output shape: <b>{out_shape or '?'}</b>"))
    if show_dtype:
        nodes = getattr(layer, "_inbound_nodes", None)
        dtypes = [t.dtype for t in nodes[0].output_tensors] if nodes else []
        dtype = (dtypes[0] if len(dtypes) == 1 else str(dtypes)) if dtypes else "?"
        cols.append(_cell(f"Output dtype: <b>{dtype}</b>"))
    if show_trainable and layer.weights:
        cols.append(_cell("<b>Trainable</b>", "forestgreen", "white") if layer.trainable
                    else _cell("<b>Non-trainable</b>", "firebrick", "white"))
    span = max(1, len(cols))
    title = f"<b>{layer.name}</b> ({class_name})" if show_layer_names else f"<b>{class_name}</b>"
    rows = [f'<tr><td colspan="{span}" bgcolor="black"><font point-size="16" color="white">'
            f"{title}</font></td></tr>"]
    if show_layer_activations and getattr(layer, "activation", None) is not None:
        rows.append(f'<tr><td bgcolor="white" colspan="{span}"><font point-size="14">'
                    f"Activation: <b>{_activation_name(layer)}</b></font></td></tr>")
    if cols:
        rows.append(f"<tr>{''.join(cols)}</tr>")
    return ('<<table border="0" cellborder="1" bgcolor="black" cellpadding="10">'
            + "".join(rows) + "</table>>")


def _make_node(pydot, layer, options: dict):
    node = pydot.Node(str(id(layer)), label=_layer_label(layer, **options))
    node.set("fontname", "Helvetica")
    node.set("border", "0")
    node.set("margin", "0")
    return node


def _add_edge(pydot, dot, src, dst) -> None:
    src_id, dst_id = str(id(src)), str(id(dst))
    if not dot.get_edge(src_id, dst_id):
        edge = pydot.Edge(src_id, dst_id)
        edge.set("penwidth", "2")
        dot.add_edge(edge)


# ------------------------------------------------------------------------------ graph
def _model_classes():
    # keras.utils sits below keras.models, which registers its classes with saving.
    return model_class("Functional"), model_class("Sequential")


def _real_source(source, output_index, expand_nested):
    """A nested model's output box is the layer inside it that makes that output."""
    Functional, Sequential = _model_classes()
    while expand_nested and isinstance(source, (Functional, Sequential)):
        layer, _, output_index = source.outputs[output_index]._keras_history
        source = layer
    return source


def _real_destination(destination, input_index, expand_nested):
    Functional, Sequential = _model_classes()
    while expand_nested and isinstance(destination, (Functional, Sequential)):
        if isinstance(destination, Functional):
            destination = destination.inputs[input_index]._keras_history[0]
        else:
            destination = destination.layers[0]
    return destination


def model_to_dot(model, show_shapes: bool = False, show_dtype: bool = False,
                 show_layer_names: bool = True, rankdir: str = "TB",
                 expand_nested: bool = False, dpi: int = 200, subgraph: bool = False,
                 show_layer_activations: bool = False, show_trainable: bool = False,
                 splines: str = "ortho", **kwargs):
    """Convert a model to a ``pydot.Dot`` graph (a ``pydot.Cluster`` with ``subgraph=True``).

    Args:
        model: A built model.
        show_shapes: Show each layer's input and output shapes.
        show_dtype: Show each layer's output dtype.
        show_layer_names: Show layer names next to their class.
        rankdir: ``"TB"`` (vertical) or ``"LR"`` (horizontal).
        expand_nested: Draw nested models as clusters of their layers.
        dpi: Image resolution.
        subgraph: Return a cluster, for nesting into another graph.
        show_layer_activations: Show the activation of layers that have one.
        show_trainable: Mark layers with weights as trainable or not.
        splines: How edges are drawn (``"ortho"``, ``"curved"``, ``"polyline"``, ...).

    Returns:
        A ``pydot.Dot`` (or ``pydot.Cluster``).

    Example:

    >>> import torcheras as keras
    >>> x = keras.Input((4,), name="x")
    >>> model = keras.Model(x, keras.layers.Dense(2, name="out")(x))
    >>> dot = model_to_dot(model)  # doctest: +SKIP
    """
    if not getattr(model, "built", False):
        raise ValueError(
            "This model has not yet been built. Build the model first by calling `build()` "
            "or by calling the model on a batch of data."
        )
    pydot = _import_pydot("model_to_dot")
    if kwargs.pop("layer_range", None) is not None:
        raise ValueError("Argument `layer_range` is no longer supported.")
    if kwargs:
        raise ValueError(f"Unrecognized keyword arguments: {kwargs}")
    if subgraph:
        dot = pydot.Cluster(style="dashed", graph_name=model.name)
        dot.set("label", model.name)
        dot.set("labeljust", "l")
    else:
        dot = pydot.Dot()
        dot.set("rankdir", rankdir)
        dot.set("concentrate", True)
        dot.set("dpi", dpi)
        dot.set("splines", splines)
        dot.set_node_defaults(shape="record")
    options = {"show_layer_names": show_layer_names,
               "show_layer_activations": show_layer_activations, "show_dtype": show_dtype,
               "show_shapes": show_shapes, "show_trainable": show_trainable}
    Functional, Sequential = _model_classes()
    if not isinstance(model, (Functional, Sequential)):
        # A subclassed model has no graph to draw: one box.
        dot.add_node(_make_node(pydot, model, options))
        return dot
    layers = model.layers if isinstance(model, Sequential) else model._graph.operations
    for layer in layers:
        if expand_nested and isinstance(layer, (Functional, Sequential)):
            dot.add_subgraph(model_to_dot(
                layer, show_shapes, show_dtype, show_layer_names, rankdir, expand_nested,
                subgraph=True, show_layer_activations=show_layer_activations,
                show_trainable=show_trainable))
        else:
            dot.add_node(_make_node(pydot, layer, options))
    if isinstance(model, Sequential):
        if not expand_nested:
            for a, b in zip(layers, layers[1:]):
                _add_edge(pydot, dot, a, b)
            return dot
        for a, b in zip(layers, layers[1:]):
            _add_edge(pydot, dot, _real_source(a, 0, True), _real_destination(b, 0, True))
        return dot
    own = model._graph.node_ids
    for layer in layers:
        for node in layer._inbound_nodes:
            if id(node) not in own:
                continue
            for input_index, tensor in enumerate(node.input_tensors):
                source, _, output_index = tensor._keras_history
                _add_edge(pydot, dot, _real_source(source, output_index, expand_nested),
                          _real_destination(layer, input_index, expand_nested))
    return dot


def plot_model(model, to_file: str = "model.png", show_shapes: bool = False,
               show_dtype: bool = False, show_layer_names: bool = False, rankdir: str = "TB",
               expand_nested: bool = False, dpi: int = 200,
               show_layer_activations: bool = False, show_trainable: bool = False,
               splines: str = "ortho", **kwargs):
    """Draw the model's graph into an image file (PNG, SVG, PDF, ... by extension).

    Needs pydot (``pip install pydot``) and Graphviz (the ``dot`` program).

    Args:
        model: A built model.
        to_file: Output file; its extension picks the format (``.png`` if none).
        show_shapes, show_dtype, show_layer_names, rankdir, expand_nested, dpi,
        show_layer_activations, show_trainable, splines: As in :func:`model_to_dot`.

    Returns:
        An ``IPython.display.Image`` of the plot when running under IPython/Jupyter (not
        for PDF), else ``None``.

    Example:

    >>> import torcheras as keras
    >>> x = keras.Input((4,))
    >>> model = keras.Model(x, keras.layers.Dense(2)(x))
    >>> plot_model(model, to_file="/tmp/model.png", show_shapes=True)  # doctest: +SKIP
    """
    if not getattr(model, "built", False):
        raise ValueError(
            "This model has not yet been built. Build the model first by calling `build()` "
            "or by calling the model on a batch of data."
        )
    _import_pydot("plot_model")
    if not check_graphviz():
        raise ImportError(_GRAPHVIZ_MISSING)
    if kwargs.pop("layer_range", None) is not None:
        raise ValueError("Argument `layer_range` is no longer supported.")
    if kwargs:
        raise ValueError(f"Unrecognized keyword arguments: {kwargs}")
    dot = model_to_dot(model, show_shapes=show_shapes, show_dtype=show_dtype,
                       show_layer_names=show_layer_names, rankdir=rankdir,
                       expand_nested=expand_nested, dpi=dpi,
                       show_layer_activations=show_layer_activations,
                       show_trainable=show_trainable, splines=splines)
    to_file = os.fspath(to_file)
    extension = os.path.splitext(to_file)[1][1:] or "png"
    dot.write(to_file, format=extension)
    if extension != "pdf" and "IPython" in sys.modules:
        try:
            from IPython import display

            return display.Image(filename=to_file)
        except ImportError:
            pass
    return None
