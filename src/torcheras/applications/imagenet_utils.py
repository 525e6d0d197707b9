"""`keras.applications.imagenet_utils`: ImageNet preprocessing and decoding."""

from __future__ import annotations

import json
import warnings

import numpy as np
import torch

from torcheras import backend
from torcheras.applications import _weights

__all__ = ["decode_predictions", "preprocess_input"]

CLASS_INDEX = None
CLASS_INDEX_PATH = (
    "https://storage.googleapis.com/download.tensorflow.org/data/imagenet_class_index.json"
)
_CLASS_INDEX_HASH = "c2c37ea517e94d9795004a39431a14cb"

_CAFFE_MEAN = (103.939, 116.779, 123.68)
_TORCH_MEAN = (0.485, 0.456, 0.406)
_TORCH_STD = (0.229, 0.224, 0.225)


def _check_data_format(data_format):
    if data_format is None:
        return backend.image_data_format()
    if data_format not in {"channels_first", "channels_last"}:
        raise ValueError(
            "Expected data_format to be one of `channels_first` or `channels_last`. "
            f"Received: data_format={data_format!r}"
        )
    return data_format


def _channel_shape(ndim: int, data_format: str) -> tuple:
    if data_format == "channels_first":
        return (3, 1, 1) if ndim == 3 else (1, 3) + (1,) * (ndim - 2)
    return (1,) * (ndim - 1) + (3,)


def _reverse_channels(x, data_format: str):
    if data_format == "channels_first":
        axis = 0 if len(x.shape) == 3 else 1
    else:
        axis = len(x.shape) - 1
    if isinstance(x, np.ndarray):
        return np.flip(x, axis=axis)
    return torch.flip(x, dims=(axis,))


def preprocess_input(x, data_format: str | None = None, mode: str = "caffe"):
    """Preprocesses a tensor or NumPy array encoding a batch of images.

    NumPy inputs of a floating dtype are modified in place (as Keras does); copy them first
    (`numpy.copy(x)`) to keep the original.

    Args:
        x: A floating point NumPy array or a tensor, 3D or 4D with 3 color channels, with
            values in the range [0, 255].
        data_format: `"channels_first"`, `"channels_last"` or `None` (the global
            `keras.backend.image_data_format()`).
        mode: One of `"caffe"` (RGB to BGR, then each channel zero-centered on ImageNet's
            means, no scaling), `"tf"` (scaled to [-1, 1]) or `"torch"` (scaled to [0, 1],
            then each channel normalized with ImageNet's means and standard deviations).

    Returns:
        The preprocessed array or tensor (float).

    Raises:
        ValueError: In case of unknown `mode` or `data_format` argument.

    >>> import numpy as np
    >>> preprocess_input(np.array([[[0.0, 127.5, 255.0]]]), mode="tf").tolist()
    [[[-1.0, 0.0, 1.0]]]
    """
    if mode not in {"caffe", "tf", "torch"}:
        raise ValueError(
            f"Expected mode to be one of `caffe`, `tf` or `torch`. Received: mode={mode!r}"
        )
    data_format = _check_data_format(data_format)
    is_numpy = isinstance(x, np.ndarray)
    if is_numpy:
        if not issubclass(x.dtype.type, np.floating):
            x = x.astype(backend.floatx(), copy=False)
    elif not isinstance(x, torch.Tensor):
        x = torch.as_tensor(np.asarray(x, dtype=backend.floatx()))
    elif not x.is_floating_point():
        x = x.to(torch.get_default_dtype())
    if mode == "tf":
        x /= 127.5
        x -= 1.0
        return x
    if mode == "torch":
        x /= 255.0
        mean, std = _TORCH_MEAN, _TORCH_STD
    else:
        x = _reverse_channels(x, data_format)
        mean, std = _CAFFE_MEAN, None
    shape = _channel_shape(len(x.shape), data_format)
    if is_numpy:
        x -= np.reshape(np.asarray(mean, dtype=x.dtype), shape)
        if std is not None:
            x /= np.reshape(np.asarray(std, dtype=x.dtype), shape)
        return x
    x = x - torch.tensor(mean, dtype=x.dtype, device=x.device).reshape(shape)
    if std is not None:
        x = x / torch.tensor(std, dtype=x.dtype, device=x.device).reshape(shape)
    return x


def _class_index() -> dict:
    global CLASS_INDEX
    if CLASS_INDEX is None:
        path = _weights.fetch("imagenet_class_index.json", CLASS_INDEX_PATH, _CLASS_INDEX_HASH,
                              what="ImageNet class index")
        with open(path) as f:
            CLASS_INDEX = json.load(f)
    return CLASS_INDEX


def decode_predictions(preds, top: int = 5) -> list:
    """Decodes the prediction of an ImageNet model.

    The class index file is fetched once (Keras's URL and hash, cached in
    `~/.keras/models`).

    Args:
        preds: NumPy array (or tensor) encoding a batch of predictions, shape
            `(samples, 1000)`.
        top: Integer, how many top-guesses to return. Defaults to `5`.

    Returns:
        A list of lists of top class prediction tuples
        `(class_name, class_description, score)`, one list of tuples per sample.

    Raises:
        ValueError: In case of invalid shape of the `preds` array (must be 2D).
    """
    if isinstance(preds, torch.Tensor):
        preds = preds.detach().cpu().numpy()
    preds = np.asarray(preds)
    if len(preds.shape) != 2 or preds.shape[1] != 1000:
        raise ValueError(
            "`decode_predictions` expects a batch of predictions (i.e. a 2D array of shape "
            f"(samples, 1000)). Received array with shape: {preds.shape}"
        )
    index = _class_index()
    results = []
    for pred in preds:
        top_indices = pred.argsort()[-top:][::-1]
        result = [tuple(index[str(i)]) + (pred[i],) for i in top_indices]
        result.sort(key=lambda r: r[2], reverse=True)
        results.append(result)
    return results


def obtain_input_shape(input_shape, default_size: int, min_size: int, data_format: str,
                       require_flatten: bool, weights=None) -> tuple:
    """Keras's input-shape resolution and validation for an application."""
    first = data_format == "channels_first"
    if weights != "imagenet" and input_shape and len(input_shape) == 3:
        channels = input_shape[0] if first else input_shape[-1]
        if channels not in {1, 3}:
            warnings.warn(
                "This model usually expects 1 or 3 input channels. However, it was passed an "
                f"input_shape with {channels} input channels.", stacklevel=3)
        default_shape = ((channels, default_size, default_size) if first
                         else (default_size, default_size, channels))
    else:
        default_shape = (3, default_size, default_size) if first else (
            default_size, default_size, 3)
    if weights == "imagenet" and require_flatten:
        if input_shape is not None and tuple(input_shape) != default_shape:
            raise ValueError(
                "When setting `include_top=True` and loading `imagenet` weights, "
                f"`input_shape` should be {default_shape}.  Received: input_shape={input_shape}"
            )
        return default_shape
    if input_shape:
        if len(input_shape) != 3:
            raise ValueError("`input_shape` must be a tuple of three integers.")
        channels = input_shape[0] if first else input_shape[-1]
        rows, cols = (input_shape[1], input_shape[2]) if first else (
            input_shape[0], input_shape[1])
        if channels != 3 and weights == "imagenet":
            raise ValueError(
                f"The input must have 3 channels; Received `input_shape={input_shape}`")
        if (rows is not None and rows < min_size) or (cols is not None and cols < min_size):
            raise ValueError(
                f"Input size must be at least {min_size}x{min_size}; Received: "
                f"input_shape={input_shape}"
            )
    elif require_flatten:
        input_shape = default_shape
    else:
        input_shape = (3, None, None) if first else (None, None, 3)
    if require_flatten and None in input_shape:
        raise ValueError(
            "If `include_top` is True, you should specify a static `input_shape`. "
            f"Received: input_shape={input_shape}"
        )
    return tuple(input_shape)


def correct_pad(inputs, kernel_size) -> tuple:
    """Zero-padding for a 2D convolution with downsampling (TensorFlow's "same")."""
    first = backend.image_data_format() == "channels_first"
    size = inputs.shape[2:4] if first else inputs.shape[1:3]
    if isinstance(kernel_size, int):
        kernel_size = (kernel_size, kernel_size)
    adjust = (1, 1) if size[0] is None else (1 - size[0] % 2, 1 - size[1] % 2)
    correct = (kernel_size[0] // 2, kernel_size[1] // 2)
    return ((correct[0] - adjust[0], correct[0]), (correct[1] - adjust[1], correct[1]))
