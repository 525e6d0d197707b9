"""``keras.Model``: a layer that trains. ``Model(inputs, outputs)`` builds a functional model;
subclasses define ``call``."""

from __future__ import annotations

from torcheras.backend import _naming
from torcheras.layers._call_context import CALL_CONTEXT
from torcheras.layers._keras_tensor import any_symbolic
from torcheras.layers._layer import Layer
from torcheras.models._saving_api import SavingMixin
from torcheras.models._summary import print_summary
from torcheras.models._trainer import Trainer
from torcheras.saving._model_class import model_class, register_model_class

_FUNCTIONAL_SUBCLASSES: dict = {}


def _functional_arguments(args, kwargs) -> bool:
    """``Model(inputs, outputs)`` (positionally or by keyword) with symbolic tensors."""
    inputs = args[0] if args else kwargs.get("inputs")
    outputs = args[1] if len(args) > 1 else kwargs.get("outputs")
    return any_symbolic(inputs) and any_symbolic(outputs)


def _functional_class() -> type:
    # Functional subclasses Model, and Model(inputs, outputs) must make a Functional: it
    # registers itself (saving/_model_class.py) rather than being imported from here.
    return model_class("Functional")


def _functional_subclass(cls):
    """``cls`` with ``Functional`` mixed in, for a ``Model`` subclass built functionally
    (Keras's ``CustomModel(inputs, outputs)``)."""
    sub = _FUNCTIONAL_SUBCLASSES.get(cls)
    if sub is None:
        sub = type(cls.__name__, (cls, _functional_class()), {"__module__": cls.__module__,
                                                    "__qualname__": cls.__qualname__})
        _FUNCTIONAL_SUBCLASSES[cls] = sub
    return sub


@register_model_class
class Model(SavingMixin, Trainer, Layer):
    """A model: layers plus ``compile``/``fit``/``evaluate``/``predict``.

    Two ways to make one:

    - functional: ``Model(inputs=x, outputs=y)`` with ``x = keras.Input(...)``;
    - subclassing: define layers in ``__init__`` and the forward pass in ``call``.

    Example:

    >>> import torcheras as keras
    >>> inputs = keras.Input(shape=(3,))
    >>> outputs = keras.layers.Dense(2)(inputs)
    >>> model = Model(inputs, outputs)
    >>> model.output_shape
    (None, 2)
    """

    # The layer graph (`torcheras.layers._graph.Graph`) of a functional model; a subclassed
    # model has none, and a Sequential runs its list of layers.
    _graph = None

    def __new__(cls, *args, **kwargs):
        if cls is Model and (len(args) >= 2 or {"inputs", "outputs"} & set(kwargs)):
            functional = _functional_class()
            return functional.__new__(functional)
        return super().__new__(cls)

    def __init__(self, *args, **kwargs):
        if _functional_arguments(args, kwargs):
            functional = _functional_class()
            cls = type(self)
            if not isinstance(self, functional):
                self.__class__ = _functional_subclass(cls)
            kwargs.setdefault("name", _naming.layer_name(_naming.to_snake_case(cls.__name__)))
            functional.__init__(self, *args, **kwargs)
            return
        if args or "inputs" in kwargs or "outputs" in kwargs:
            raise TypeError(
                "Model(inputs, outputs) builds a functional model; a subclass of Model "
                "must call `super().__init__()` without inputs and outputs."
            )
        base = {k: kwargs.pop(k) for k in ("name", "trainable", "dtype") if k in kwargs}
        Layer.__init__(self, **base)
        if kwargs:
            raise TypeError(
                f"Unrecognized keyword arguments passed to {type(self).__name__}: {kwargs}"
            )
        self._init_trainer()
        self._model_inputs = None
        self._model_outputs = None

    def __call__(self, *args, **kwargs):
        # The outermost model call clears the losses that layers added during the previous
        # one (Keras clears them when a call context opens).
        context = CALL_CONTEXT
        if context.model_call_depth == 0:
            self._clear_losses()
        context.model_call_depth += 1
        try:
            return Layer.__call__(self, *args, **kwargs)
        finally:
            context.model_call_depth -= 1

    @property
    def layers(self) -> list[Layer]:
        return [m for m in self._sublayers()]

    def get_layer(self, name: str | None = None, index: int | None = None) -> Layer:
        """Find a layer by ``name`` or by ``index`` in ``model.layers``."""
        if index is not None and name is not None:
            raise ValueError(
                "Provide only a layer name or a layer index. Received: "
                f"index={index}, name={name}."
            )
        if index is not None:
            layers = self.layers
            if not isinstance(index, int) or not -len(layers) <= index < len(layers):
                raise ValueError(
                    f"Was asked to retrieve layer at index {index} but model only has "
                    f"{len(layers)} layers."
                )
            return layers[index]
        if name is not None:
            for layer in self.layers:
                if layer.name == name:
                    return layer
            raise ValueError(
                f"No such layer: {name}. Existing layers are: "
                f"{[layer.name for layer in self.layers]}."
            )
        raise ValueError("Provide either a layer name or layer index at `get_layer`.")

    def summary(self, line_length=None, positions=None, print_fn=None, expand_nested=False,
                show_trainable=False, layer_range=None) -> None:
        """Print Keras's table of layers, output shapes and parameter counts."""
        print_summary(self, line_length=line_length, positions=positions, print_fn=print_fn,
                      expand_nested=expand_nested, show_trainable=show_trainable,
                      layer_range=layer_range)

    # Keras 1/2 helpers that old tutorials call.
    def predict_classes(self, x, batch_size=32, verbose=0):
        """Keras 2 ``Sequential.predict_classes``: argmax, or a 0.5 threshold for 1 unit."""

        proba = self.predict(x, batch_size=batch_size, verbose=verbose)
        if proba.shape[-1] > 1:
            return proba.argmax(axis=-1)
        return (proba > 0.5).astype("int32")

    def predict_proba(self, x, batch_size=32, verbose=0):
        """Keras 2 ``Sequential.predict_proba``: the same as ``predict``."""
        return self.predict(x, batch_size=batch_size, verbose=verbose)

    def reset_states(self) -> None:
        """Keras 2 ``Model.reset_states``: reset every stateful layer, nested ones included."""
        for module in self.modules():
            if module is not self and getattr(module, "stateful", False) \
                    and hasattr(module, "reset_states"):
                module.reset_states()

    @property
    def inputs(self):
        return self._model_inputs

    @property
    def outputs(self):
        return self._model_outputs

    @property
    def input(self):
        if self._model_inputs is None:
            raise AttributeError(
                f"The model {self.name} has not been called yet, so it has no defined input.")
        return self._model_inputs[0] if len(self._model_inputs) == 1 else self._model_inputs

    @property
    def output(self):
        if self._model_outputs is None:
            raise AttributeError(
                f"The model {self.name} has not been called yet, so it has no defined output.")
        return self._model_outputs[0] if len(self._model_outputs) == 1 else self._model_outputs

    def get_config(self) -> dict:
        return {"name": self.name, "trainable": self.trainable}
