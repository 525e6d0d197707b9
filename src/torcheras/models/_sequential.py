"""``keras.Sequential``: a plain stack of layers, each with one input and one output.

Once the input shape is known (``keras.Input``, ``input_shape=``, or the first batch) the
stack is also recorded as a symbolic graph, so ``model.inputs``, ``model.outputs``,
``summary()`` and feature extraction work as for functional models. Calling the model
just runs the layers in order.
"""

from __future__ import annotations

import torch

from torcheras.backend._trainable_version import TRAINABLE_VERSION
from torcheras.layers._input_layer import InputLayer
from torcheras.layers._keras_tensor import KerasTensor
from torcheras.layers._layer import Layer
from torcheras.models._model import Model
from torcheras.models._trainer import Trainer
from torcheras.saving import _safe_mode
from torcheras.saving._model_class import register_model_class
from torcheras.saving._model_config import sequential_config, sequential_from_config
from torcheras.saving._registration import GLOBAL_CUSTOM_OBJECTS, scoped_custom_objects


@register_model_class
class Sequential(Model):
    """A linear stack of layers.

    Args:
        layers: Optional list of layers to add.
        trainable: Whether the model's weights are trainable.
        name: Model name (default ``"sequential"``, ``"sequential_1"``, ...).

    Example:

    >>> import torcheras as keras
    >>> model = Sequential([keras.Input(shape=(784,)), keras.layers.Dense(10)])
    >>> model.output_shape
    (None, 10)
    """

    def __init__(self, layers=None, trainable: bool = True, name: str | None = None):
        Layer.__init__(self, trainable=trainable, name=name)
        Trainer._init_trainer(self)
        self._stack: list[Layer] = []
        self._call_layers: list[Layer] = []
        self._model_inputs = None
        self._model_outputs = None
        self.input_names: list[str] = []
        self.output_names: list[str] = []
        if layers is not None:
            if not isinstance(layers, (list, tuple)):
                raise TypeError(
                    "Argument `layers` of Sequential must be a list of layers. "
                    f"Received: layers={layers!r}"
                )
            for layer in layers:
                self.add(layer, rebuild=False)
            self._maybe_rebuild()

    # ------------------------------------------------------------------ stack
    def add(self, layer, rebuild: bool = True) -> None:
        """Add a layer on top of the stack (a ``keras.Input`` is accepted first)."""
        if isinstance(layer, KerasTensor):
            history = layer._keras_history
            if history is None or not isinstance(history[0], InputLayer):
                raise ValueError(
                    "Only `keras.Input` tensors can be added to a Sequential model. "
                    f"Received: {layer!r}"
                )
            layer = history[0]
        if not isinstance(layer, Layer):
            raise ValueError(
                "Only instances of `keras.Layer` can be added to a Sequential model. "
                f"Received: {layer!r} (of type {type(layer).__name__})"
            )
        if isinstance(layer, InputLayer) and self._stack:
            raise ValueError(
                f"Sequential model '{self.name}' has already been configured to use an input "
                f"shape; an InputLayer can only be its first layer. Received: {layer.name}"
            )
        if not self._stack and not isinstance(layer, InputLayer) and (
                layer._batch_input_shape is not None):
            self._add_to_stack(InputLayer(batch_shape=layer._batch_input_shape,
                                          dtype=layer._input_dtype))
        for existing in self._stack:
            if existing.name == layer.name:
                raise ValueError(
                    f"All layers added to a Sequential model should have unique names. Name "
                    f"{layer.name!r} is already the name of a layer in this model. Update the "
                    "`name` argument to pass a unique name."
                )
        self._add_to_stack(layer)
        if rebuild:
            self._maybe_rebuild()
        else:
            self.built = False

    def _add_to_stack(self, layer: Layer) -> None:
        self._stack.append(layer)
        self._modules[layer.name] = layer
        self._refresh()

    def pop(self, rebuild: bool = True) -> Layer:
        """Remove and return the last layer."""
        layers = self.layers
        if not layers:
            raise TypeError("There are no layers in the model.")
        layer = self._stack.pop()
        del self._modules[layer.name]
        self._refresh()
        self.built = False
        self._model_inputs = self._model_outputs = None
        if rebuild:
            self._maybe_rebuild()
        return layer

    def _refresh(self) -> None:
        self._call_layers = [la for la in self._stack if not isinstance(la, InputLayer)]
        TRAINABLE_VERSION.bump()  # the layer set changed

    @property
    def layers(self) -> list[Layer]:
        return list(self._call_layers)

    # ------------------------------------------------------------------ building
    def _input_layer(self):
        if self._stack and isinstance(self._stack[0], InputLayer):
            return self._stack[0]
        return None

    def _maybe_rebuild(self) -> None:
        input_layer = self._input_layer()
        if input_layer is not None and self._call_layers:
            self._build_graph(input_layer.output_tensor)
        elif input_layer is not None:
            self._model_inputs = [input_layer.output_tensor]
            self._model_outputs = None
        elif self._call_layers and len(getattr(self._call_layers[0], "inputs", None) or ()) > 1:
            # A first layer that is a model of several inputs (Keras 2's Sequential took
            # their source inputs, e.g. Keras 1's `Merge([left, right])` of branch models).
            self._build_graph([InputLayer(batch_shape=t.shape, dtype=t.dtype).output_tensor
                               for t in self._call_layers[0].inputs])

    def _build_graph(self, x: KerasTensor) -> None:
        inputs = x
        # Keras builds a Sequential's layers inside its name scope: the weights those layers
        # create here (nested ones too) get the model's name as a prefix; layers built before
        # keep their paths.
        fresh = [layer for layer in self._call_layers if not layer.built]
        for layer in self._call_layers:
            x = layer(x)
            if not isinstance(x, KerasTensor):
                raise ValueError(
                    "All layers in a Sequential model should have a single output tensor. "
                    f"Layer {layer.name!r} returned {type(x).__name__}. For multi-output "
                    "layers, use the functional API."
                )
        self._model_inputs = list(inputs) if isinstance(inputs, list) else [inputs]
        self._model_outputs = [x]
        self.input_names = [t._keras_history[0].name for t in self._model_inputs]
        self.output_names = [self._call_layers[-1].name]
        self.built = True
        for layer in fresh:
            for w in layer.weights:
                w._path = f"{self.name}/{w.path}"

    def build(self, input_shape=None) -> None:
        """Build the model for inputs of ``input_shape`` (including the batch dimension)."""
        if input_shape is None:
            if self._input_layer() is None:
                raise ValueError(
                    "You must provide an `input_shape` argument to build a Sequential model "
                    "that has no Input."
                )
        else:
            if self._input_layer() is None:
                shape = tuple(input_shape)
                self._stack.insert(0, InputLayer(batch_shape=shape))
                self._modules[self._stack[0].name] = self._stack[0]
        if not self._call_layers:
            raise ValueError(
                f"Sequential model {self.name} cannot be built because it has no layers. "
                "Call `model.add(layer)`."
            )
        self._build_graph(self._input_layer().output_tensor)

    def _build_with_shapes(self, args) -> None:
        # First eager call of a model with no input shape: record it from the data.
        first = args[0]
        if not hasattr(first, "shape") or not self._call_layers:
            raise ValueError(
                f"Sequential model {self.name} cannot be called before it has layers."
            )
        shape = (None,) + tuple(first.shape[1:])
        if isinstance(first, KerasTensor):  # a nested model called on a symbolic input
            dtype = first.dtype
        else:
            dtype = "float32" if first.is_floating_point() else str(first.dtype).replace(
                "torch.", "")
        input_layer = InputLayer(batch_shape=shape, dtype=dtype)
        self._stack.insert(0, input_layer)
        self._modules[input_layer.name] = input_layer
        self._build_graph(input_layer.output_tensor)

    # ------------------------------------------------------------------ running
    def call(self, inputs, training=None, mask=None):
        x = inputs
        if type(x) is not torch.Tensor and isinstance(x, (list, tuple)) and len(x) == 1:
            x = x[0]  # `fit([x], y)`: Keras accepts a one-input list
        for layer in self._call_layers:
            x = layer(x)
        return x

    @property
    def input_shape(self):
        if self._model_inputs is None:
            raise AttributeError(f"The Sequential model {self.name} has no input shape yet.")
        return self._model_inputs[0].shape

    @property
    def output_shape(self):
        if self._model_outputs is None:
            raise AttributeError(f"The Sequential model {self.name} has no output shape yet.")
        return self._model_outputs[0].shape

    def get_config(self) -> dict:
        """Keras 3's Sequential config: every layer serialized (the InputLayer first) and
        ``build_input_shape``."""
        return sequential_config(self)

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        """A Sequential model from :meth:`get_config` (Keras 3's layout, or Keras 2's)."""
        objects = {**(custom_objects or {}), **scoped_custom_objects(), **GLOBAL_CUSTOM_OBJECTS}
        return sequential_from_config(cls, dict(config), objects, _safe_mode.resolve(None))
