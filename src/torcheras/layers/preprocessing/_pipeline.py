"""``Pipeline``: a plain layer applying a list of layers in turn (augmentation chains)."""

from __future__ import annotations

from torcheras.layers._layer import Layer
from torcheras.layers._registry import deserialize, serialize
from torcheras.layers.rnn._wrapper import set_nested_paths


class Pipeline(Layer):
    """Applies a series of layers to an input.

    Unlike a ``Sequential`` model it is a plain layer; ``training`` defaults to True (the
    random layers in it are active unless called with ``training=False``, as in
    ``predict``), and each layer's output mask is passed on to the next.

    Args:
        layers: The layers, applied in order.
        name: Name of the layer.

    Example:

    >>> import numpy as np
    >>> from torcheras.layers.preprocessing.image import Rescaling
    >>> pipeline = Pipeline([Rescaling(2.0), Rescaling(0.5, offset=1.0)])
    >>> pipeline(np.ones((1, 2), "float32")).tolist()
    [[2.0, 2.0]]
    """

    def __init__(self, layers, name=None):
        super().__init__(name=name)
        if not isinstance(layers, (list, tuple)) or not all(
                isinstance(layer, Layer) for layer in layers):
            raise ValueError(
                "Argument `layers` of Pipeline must be a list of layers. Received: "
                f"layers={layers!r}")
        self._layers = list(layers)
        self._paths_named = False

    @property
    def layers(self) -> list:
        """The layers of the pipeline, in order."""
        return self._layers

    def call(self, inputs, training=True, mask=None):
        if training is None:
            training = True  # the signature's default, as Keras resolves it
        outputs = inputs
        for layer in self._layers:
            kwargs = {}
            if layer._call_has_mask:
                kwargs["mask"] = mask
            if layer._call_has_training:
                kwargs["training"] = training
            outputs = layer(inputs, **kwargs)
            inputs = outputs
            mask = getattr(outputs, "_keras_mask", None)
        if not self._paths_named:
            # The layers build on the first call: their weights become pipeline/layer/w.
            self._paths_named = True
            self._set_weight_paths()
        return outputs

    def _set_weight_paths(self) -> None:
        super()._set_weight_paths()
        for layer in self._layers:
            set_nested_paths(self.name, layer)

    def get_config(self) -> dict:
        return {"layers": [serialize(layer) for layer in self._layers], "name": self.name}

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        layers = config.get("layers")
        if not isinstance(layers, (list, tuple)):
            raise ValueError(
                "`Pipeline` config must contain a `layers` key mapping to a list of "
                f"serialized layers. Received config with layers={layers}.")
        config = dict(config)
        config["layers"] = [deserialize(x, custom_objects=custom_objects) if isinstance(
            x, dict) else x for x in layers]
        return cls(**config)
