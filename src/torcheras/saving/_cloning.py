"""``keras.models.clone_model``, ``model_from_json`` and ``model_from_config``."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

from torcheras.layers._input_layer import Input, InputLayer
from torcheras.layers._keras_tensor import KerasTensor
from torcheras.saving import _model_config
from torcheras.saving import _serialization as ser
from torcheras.saving._model_class import model_class
from torcheras.tree import flatten, map_structure


def _clone_layer(layer):
    return type(layer).from_config(layer.get_config())


def clone_model(model, input_tensors=None, clone_function: Callable | None = None,
                call_function: Callable | None = None, recursive: bool = False, **kwargs):
    """Clone a Functional or Sequential `Model` instance: new layers (and thus new
    weights), same architecture.

    Args:
        model: Instance of `Model` (functional or Sequential).
        input_tensors: Optional list of input tensors to build the model upon. If not
            provided, new `Input` objects will be created.
        clone_function: Callable with signature `fn(layer)` used to clone each layer of
            the target model (except `Input` instances). Defaults to
            `layer.__class__.from_config(layer.get_config())`; return the layer itself
            to share it with the original model.
        call_function: Callable with signature `fn(layer, *args, **kwargs)` that calls
            each cloned layer on its new inputs. Functional models only.
        recursive: Whether to also clone the layers of nested functional and Sequential
            models with `clone_function`.

    Returns:
        An instance of `Model` reproducing the behavior of the original model, on top
        of new inputs tensors, using newly instantiated weights.

    Example:

    >>> import torcheras as keras
    >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, name="d")])
    >>> clone = clone_model(model)
    >>> clone.layers[0] is model.layers[0], clone.layers[0].name
    (False, 'd')
    """
    Functional, Sequential = model_class("Functional"), model_class("Sequential")
    if kwargs:
        raise ValueError(f"Unexpected keyword argument(s) for `clone_model`: {kwargs}")
    base = clone_function or _clone_layer
    if recursive:
        def clone_function(layer):  # noqa: F811 - nested models cloned the same way
            if isinstance(layer, (Sequential, Functional)):
                return clone_model(layer, clone_function=base, call_function=call_function,
                                   recursive=True)
            return base(layer)
    else:
        clone_function = base
    if isinstance(model, Sequential):
        return _clone_sequential(model, input_tensors, clone_function)
    if isinstance(model, Functional):
        return _clone_functional(model, input_tensors, clone_function, call_function)
    if input_tensors is not None or clone_function is not base or base is not _clone_layer:
        raise ValueError(
            "Arguments `clone_function` and `input_tensors` are only supported for "
            f"Sequential models or Functional models. Received model of type "
            f"'{type(model).__name__}', with clone_function={clone_function} and "
            f"input_tensors={input_tensors}"
        )
    config = ser.serialize_keras_object(model)
    config.pop("compile_config", None)
    return ser.deserialize_keras_object(config)


def _clone_sequential(model, input_tensors, clone_function):
    Sequential = model_class("Sequential")
    layers = [clone_function(layer) for layer in model.layers]
    first = model._input_layer()
    if input_tensors is not None:
        tensors = flatten(input_tensors)
        if len(tensors) != 1:
            raise ValueError(
                "To clone a `Sequential` model, we expect at most one tensor as part of "
                f"`input_tensors`. Received: input_tensors={input_tensors}"
            )
        return Sequential([tensors[0]] + layers, name=model.name,
                          trainable=model.trainable)
    if first is not None:
        inputs = InputLayer(batch_shape=first.batch_shape, dtype=first.dtype,
                            name=first.name)
        return Sequential([inputs] + layers, name=model.name, trainable=model.trainable)
    return Sequential(layers, name=model.name, trainable=model.trainable)


def _clone_functional(model, input_tensors, clone_function, call_function):
    Functional = model_class("Functional")
    old_inputs = list(model._model_inputs)
    if input_tensors is not None:
        new_inputs = flatten(input_tensors)
        if len(new_inputs) != len(old_inputs):
            raise ValueError(
                f"`input_tensors` must have {len(old_inputs)} tensors (one per model input). "
                f"Received: input_tensors={input_tensors}"
            )
    else:
        new_inputs = []
        for t in old_inputs:
            layer = t._keras_history[0]
            new_inputs.append(Input(batch_shape=layer.batch_shape, dtype=layer.dtype,
                                    name=layer.name))
    mapping = {id(o): n for o, n in zip(old_inputs, new_inputs)}
    clones: dict[int, object] = {}
    for node in _model_config._model_nodes(model):
        layer = node.layer
        if isinstance(layer, InputLayer):
            continue
        if id(layer) not in clones:
            clones[id(layer)] = clone_function(layer)
        new_layer = clones[id(layer)]

        def swap(v):
            return mapping[id(v)] if isinstance(v, KerasTensor) else v

        args = map_structure(swap, list(node.call_args))
        kwargs = map_structure(swap, dict(node.call_kwargs))
        if call_function is not None:
            out = call_function(new_layer, *args, **kwargs)
        else:
            out = new_layer(*args, **kwargs)
        for o, n in zip(node.output_tensors, [t for t in flatten(out)
                                              if isinstance(t, KerasTensor)]):
            mapping[id(o)] = n

    def pick(struct):
        if isinstance(struct, KerasTensor):
            return mapping[id(struct)]
        if isinstance(struct, Mapping):
            return {k: pick(v) for k, v in struct.items()}
        return type(struct)(pick(v) for v in struct)

    inputs = pick(model._inputs_struct) if input_tensors is None else input_tensors
    outputs = pick(model._outputs_struct)
    cls = type(model)
    if cls is Functional:
        return Functional(inputs, outputs, name=model.name, trainable=model.trainable)
    return cls(inputs=inputs, outputs=outputs, name=model.name, trainable=model.trainable)


def model_from_config(config: Mapping, custom_objects: Mapping | None = None):
    """Instantiates a Keras model from its config (`{"class_name": ..., "config": ...}`).

    Args:
        config: Configuration dictionary, e.g. from `keras.saving.serialize_keras_object`.
        custom_objects: Optional dictionary mapping names to custom classes or functions.

    Returns:
        A Keras model instance (uncompiled).
    """
    if not isinstance(config, Mapping):
        raise TypeError(
            "`model_from_config` expects a dictionary, not a list. Received: "
            f"config={config!r}. Did you meant to use `Sequential.from_config(config)`?"
        )
    return ser.deserialize_keras_object(dict(config), custom_objects=custom_objects)


def model_from_json(json_string: str, custom_objects: Mapping | None = None):
    """Parses a JSON model configuration string and returns a model instance.

    Args:
        json_string: JSON string encoding a model configuration (`model.to_json()`).
        custom_objects: Optional dictionary mapping names (strings) to custom classes or
            functions to be considered during deserialization.

    Returns:
        A Keras model instance (uncompiled).

    Example:

    >>> import torcheras as keras
    >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    >>> model_from_json(model.to_json()).output_shape
    (None, 2)
    """
    if not isinstance(json_string, (str, bytes)):
        raise TypeError(
            "Argument `json_string` must be a JSON string. Received: "
            f"json_string={json_string!r} (of type {type(json_string).__name__})"
        )
    try:
        config = json.loads(json_string)
    except ValueError as e:
        raise ValueError(f"Argument `json_string` is not valid JSON ({e}).") from None
    return model_from_config(config, custom_objects=custom_objects)
