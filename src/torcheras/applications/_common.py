"""What every application shares: the input, the pooling head and the model."""

from __future__ import annotations

from torcheras import activations, backend, layers
from torcheras.layers._keras_tensor import KerasTensor
from torcheras.models import Model
from torcheras.utils._source_inputs import get_source_inputs

__all__ = ["channel_axis", "finish", "make_input", "pool", "validate_activation"]


def channel_axis() -> int:
    return 1 if backend.image_data_format() == "channels_first" else -1


def make_input(input_tensor, input_shape):
    """The model's image input: a new ``Input``, or ``input_tensor`` (wrapped when it is
    not a Keras tensor)."""
    if input_tensor is None:
        return layers.Input(shape=input_shape)
    if not isinstance(input_tensor, KerasTensor):
        return layers.Input(tensor=input_tensor, shape=input_shape)
    return input_tensor


def pool(x, pooling, avg_name=None, max_name=None):
    """The feature-extraction head when ``include_top=False``."""
    if pooling == "avg":
        return layers.GlobalAveragePooling2D(name=avg_name)(x)
    if pooling == "max":
        return layers.GlobalMaxPooling2D(name=max_name)(x)
    return x


def finish(img_input, input_tensor, outputs, name: str):
    """The functional model from the image input (or ``input_tensor``'s sources)."""
    inputs = get_source_inputs(input_tensor) if input_tensor is not None else img_input
    if isinstance(inputs, list) and len(inputs) == 1:
        inputs = inputs[0]
    return Model(inputs, outputs, name=name)


def validate_activation(classifier_activation, weights) -> None:
    """Pretrained classifiers only allow ``None`` or ``"softmax"`` (Keras's rule)."""
    if weights is None:
        return
    fn = activations.get(classifier_activation)
    if fn not in {activations.get("softmax"), activations.get(None)}:
        raise ValueError(
            "Only `None` and `softmax` activations are allowed for the "
            "`classifier_activation` argument when using pretrained weights, with "
            f"`include_top=True`; Received: classifier_activation={classifier_activation!r}"
        )
