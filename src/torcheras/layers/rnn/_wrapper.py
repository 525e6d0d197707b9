"""``keras.layers.Wrapper``: a layer that wraps another layer."""

from __future__ import annotations

from torcheras.layers._keras_tensor import KerasTensor
from torcheras.layers._layer import Layer
from torcheras.layers._registry import deserialize, serialize


class Wrapper(Layer):
    """Abstract base class of the layers that wrap another layer (``TimeDistributed``,
    ``Bidirectional``).

    Args:
        layer: The wrapped layer.
    """

    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(
                f"Layer {layer!r} supplied to Wrapper isn't a supported layer type. Please "
                "ensure wrapped layer is a valid Keras layer.")
        super().__init__(**kwargs)
        self.layer = layer

    def build(self, input_shape=None) -> None:
        build_child(self.layer, input_shape)
        set_nested_paths(self.name, self.layer)
        self.built = True

    def get_config(self) -> dict:
        config = super().get_config()
        config["layer"] = serialize(self.layer)
        return config

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        config = dict(config)
        layer = config.pop("layer")
        if isinstance(layer, dict):
            layer = deserialize(layer, custom_objects=custom_objects)
        return cls(layer, **config)


def build_child(layer: Layer, input_shape) -> None:
    """Build ``layer`` for inputs of ``input_shape`` as its first call would."""
    if not layer.built:
        layer._build_with_shapes((KerasTensor(tuple(input_shape)),))


def set_nested_paths(prefix: str, layer: Layer) -> None:
    """Weight paths ``prefix/layer/.../name``, as Keras names weights of nested layers."""
    base = f"{prefix}/{layer.name}"
    for w in layer._own_weights:
        w._path = f"{base}/{w.name}"
    for sub in layer._sublayers():
        set_nested_paths(base, sub)
