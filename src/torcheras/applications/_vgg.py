"""The VGG16/VGG19 builder (Simonyan & Zisserman, ICLR 2015)."""

from __future__ import annotations

from torcheras import backend, layers
from torcheras.applications import _common, _weights, imagenet_utils

_BASE = "https://storage.googleapis.com/tensorflow/keras-applications/"


def build_vgg(convs_per_block, depth: int, hashes: tuple, include_top, weights, input_tensor,
              input_shape, pooling, classes, classifier_activation, name):
    """A VGG network with ``convs_per_block[i]`` 3x3 convolutions in block ``i + 1``."""
    _weights.check_weights_arg(weights)
    _weights.check_classes(weights, include_top, classes)
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=224, min_size=32, data_format=backend.image_data_format(),
        require_flatten=include_top, weights=weights)
    img_input = _common.make_input(input_tensor, input_shape)
    x = img_input
    for block, (filters, convs) in enumerate(zip((64, 128, 256, 512, 512), convs_per_block),
                                             start=1):
        for i in range(1, convs + 1):
            x = layers.Conv2D(filters, (3, 3), activation="relu", padding="same",
                              name=f"block{block}_conv{i}")(x)
        x = layers.MaxPooling2D((2, 2), strides=(2, 2), name=f"block{block}_pool")(x)
    if include_top:
        x = layers.Flatten(name="flatten")(x)
        x = layers.Dense(4096, activation="relu", name="fc1")(x)
        x = layers.Dense(4096, activation="relu", name="fc2")(x)
        _common.validate_activation(classifier_activation, weights)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    else:
        x = _common.pool(x, pooling)
    model = _common.finish(img_input, input_tensor, x, name)
    suffix = "" if include_top else "_notop"
    fname = f"vgg{depth}_weights_tf_dim_ordering_tf_kernels{suffix}.h5"
    _weights.load(model, weights, fname, f"{_BASE}vgg{depth}/{fname}",
                  hashes[0] if include_top else hashes[1])
    return model
