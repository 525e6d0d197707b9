"""``Normalization``: feature-wise ``(x - mean) / sqrt(variance)``, with ``adapt``."""

from __future__ import annotations

import itertools
import math

import numpy as np
import torch

from torcheras.backend import _config, _device
from torcheras.layers._layer import Layer
from torcheras.utils import PyDataset


def _first_of(batch):
    """``(x, y)`` batches from a dataset: only ``x`` is statistics material."""
    return batch[0] if isinstance(batch, tuple) else batch


class Normalization(Layer):
    """A preprocessing layer that normalizes continuous features.

    This layer will shift and scale inputs into a distribution centered around 0 with
    standard deviation 1. It accomplishes this by precomputing the mean and variance of
    the data (`adapt()`, or the `mean` and `variance` arguments), and calling
    `(input - mean) / sqrt(var)` at runtime (the denominator is at least `epsilon()`).

    Args:
        axis: Integer, tuple of integers, or None. The axis or axes that should have a
            separate mean and variance for each index in the shape. Defaults to `-1`
            (one mean and variance per feature). `None` means one scalar mean and
            variance for all values.
        mean: The mean value(s) to use during normalization, broadcast to the kept
            axes. If not given, computed by `adapt()`.
        variance: The variance value(s), given together with `mean`.
        invert: If `True`, the layer applies the inverse transformation
            (`mean + input * sqrt(var)`).

    Example:

    >>> import numpy as np
    >>> layer = Normalization()
    >>> layer.adapt(np.array([[0.0, 10.0], [2.0, 30.0]]))
    >>> layer(np.array([[1.0, 20.0]], "float32")).tolist()
    [[0.0, 0.0]]
    """

    def __init__(self, axis=-1, mean=None, variance=None, invert: bool = False, **kwargs):
        super().__init__(**kwargs)
        if axis is None:
            axis = ()
        elif isinstance(axis, int):
            axis = (axis,)
        else:
            axis = tuple(axis)
        self.axis = axis
        self.input_mean = mean
        self.input_variance = variance
        self.invert = invert
        self.supports_masking = True
        self._build_input_shape = None
        self.mean = self._mean_b = None
        self.variance = self._var_b = None
        if (mean is not None) != (variance is not None):
            raise ValueError("When setting values directly, both `mean` and `variance` must "
                             f"be set. Received: mean={mean} and variance={variance}")
        if mean is not None:
            if np.shape(mean) != np.shape(variance):
                raise ValueError(
                    "When setting values directly, `mean` and `variance` must have the same "
                    f"shape. Received: mean shape {np.shape(mean)} and variance shape "
                    f"{np.shape(variance)}")
            if len(np.shape(mean)) > len(self.axis):
                raise ValueError(
                    "The rank of `mean` must be less than or equal to the number of axes "
                    f"({len(self.axis)}). Received: mean shape {np.shape(mean)} for axis "
                    f"{self.axis}")

    def build(self, input_shape) -> None:
        if input_shape is None:
            return
        input_shape = tuple(input_shape)
        ndim = len(input_shape)
        self._build_input_shape = input_shape
        if any(a < -ndim or a >= ndim for a in self.axis):
            raise ValueError("All `axis` values must be in the range [-ndim, ndim). Received "
                             f"inputs with ndim={ndim}, while axis={self.axis}")
        self._keep_axis = tuple(sorted(d % ndim for d in self.axis))
        for d in self._keep_axis:
            if input_shape[d] is None:
                raise ValueError(
                    f"All `axis` values to be kept must have a known shape. Received "
                    f"axis={self.axis}, inputs.shape={input_shape}, with unknown axis at "
                    f"index {d}")
        self._reduce_axis = tuple(d for d in range(ndim) if d not in self._keep_axis)
        self._broadcast_shape = [input_shape[d] if d in self._keep_axis else 1
                                 for d in range(ndim)]
        self._mean_and_var_shape = tuple(input_shape[d] for d in self._keep_axis)
        if self.input_mean is None:
            # The weights are named "mean"/"variance" as in Keras, which makes
            # `layer.mean` the adapted weight itself once built.
            for attr in ("mean", "variance"):
                self.__dict__.pop(attr, None)
            self.adapt_mean = self.add_weight(shape=self._mean_and_var_shape,
                                              initializer="zeros", trainable=False,
                                              name="mean")
            self.adapt_variance = self.add_weight(shape=self._mean_and_var_shape,
                                                  initializer="ones", trainable=False,
                                                  name="variance")
            self.count = self.add_weight(shape=(), dtype="int", initializer="zeros",
                                         trainable=False, name="count")
            self.built = True
            self.finalize_state()
            return
        self.mean = self._mean_b = self._broadcast(self.input_mean, ndim)
        self.variance = self._var_b = self._broadcast(self.input_variance, ndim)
        self.built = True

    def _broadcast(self, value, ndim: int) -> torch.Tensor:
        value = np.asarray(value, dtype="float64")
        if value.ndim:
            # The given values line up with the last kept axes.
            shape = [1] * ndim
            for i in range(1, value.ndim + 1):
                shape[self._keep_axis[-i]] = value.shape[-i]
            value = value.reshape(shape)
        value = np.broadcast_to(value, self._broadcast_shape)
        return _device.convert_to_tensor(np.array(value), dtype=self.compute_dtype)

    # ------------------------------------------------------------------ adapt
    def adapt(self, data) -> None:
        """Computes the mean and variance of values in a dataset.

        Args:
            data: The data to train on: a NumPy array, a tensor, a `PyDataset`, or an
                iterable of batches (arrays or `(x, y)` tuples). Batches are merged with
                the exact running formulas.
        """
        if isinstance(data, (np.ndarray, torch.Tensor)):
            input_shape = tuple(data.shape)
        elif isinstance(data, PyDataset):
            input_shape = tuple(_first_of(data[0]).shape)
            data = (data[i] for i in range(len(data)))
        elif hasattr(data, "__iter__"):
            it = iter(data)
            first = next(it, None)
            if first is None:
                raise ValueError(
                    "adapt() received an empty iterable (no batches). Expected at least one "
                    "batch. Pass a non-empty iterable of arrays or tensors, e.g. "
                    "layer.adapt([x]) or layer.adapt(list_of_batches).")
            first = _first_of(first)
            if getattr(first, "shape", None) is None:
                raise TypeError(
                    "adapt() expects an iterable that yields arrays or tensors with a "
                    f"`.shape` attribute (e.g. numpy arrays or backend tensors). Got an "
                    f"element of type {type(first).__name__}.")
            input_shape = tuple(first.shape)
            data = itertools.chain([first], it)
        else:
            raise TypeError(f"Unsupported data type: {type(data)}. `adapt` supports "
                            "`np.ndarray`, tensors, `keras.utils.PyDataset`, and iterables of "
                            "batches (e.g. list, generator).")
        if not self.built:
            self.build(input_shape)
        else:
            self._check_adapt_shape(input_shape, "adapt() is being called with data with an "
                                                 "incompatible shape")
        if self.input_mean is not None:
            raise ValueError("Cannot adapt a Normalization layer whose `mean` and `variance` "
                             "were given at construction.")
        if isinstance(data, np.ndarray):
            mean = np.mean(data, axis=self._reduce_axis)
            var = np.var(data, axis=self._reduce_axis)
        elif isinstance(data, torch.Tensor):
            data = data.to(_device.to_torch_dtype(self.compute_dtype))
            mean = torch.mean(data, dim=self._reduce_axis)
            var = torch.var(data, dim=self._reduce_axis, unbiased=False)
        else:
            mean, var = self._running_moments(data)
        self.adapt_mean.assign(_device.convert_to_tensor(mean, dtype=self.compute_dtype))
        self.adapt_variance.assign(_device.convert_to_tensor(var, dtype=self.compute_dtype))
        self.finalize_state()

    def _check_adapt_shape(self, shape, what: str) -> None:
        for d in self._keep_axis:
            if shape[d] != self._build_input_shape[d]:
                raise ValueError(f"The layer was built with input_shape="
                                 f"{self._build_input_shape}, but {what}, data.shape={shape}")

    def _running_moments(self, batches):
        tdtype = _device.to_torch_dtype(self.compute_dtype)
        total_mean = torch.zeros(self._mean_and_var_shape, dtype=tdtype)
        total_var = torch.zeros(self._mean_and_var_shape, dtype=tdtype)
        total = 0
        for batch in batches:
            batch = _device.convert_to_tensor(np.asarray(_first_of(batch))
                                              if not isinstance(_first_of(batch), torch.Tensor)
                                              else _first_of(batch), dtype=self.compute_dtype)
            batch = batch.cpu()
            self._check_adapt_shape(tuple(batch.shape), "adapt() yielded a batch with an "
                                                        "incompatible shape")
            mean = torch.mean(batch, dim=self._reduce_axis)
            var = torch.var(batch, dim=self._reduce_axis, unbiased=False)
            count = math.prod(batch.shape[d] for d in self._reduce_axis)
            total += count
            w_new = float(count) / total
            w_old = 1.0 - w_new
            merged = total_mean * w_old + mean * w_new
            total_var = ((total_var + (total_mean - merged) ** 2) * w_old
                         + (var + (mean - merged) ** 2) * w_new)
            total_mean = merged
        return total_mean, total_var

    def finalize_state(self) -> None:
        if self.input_mean is not None or not self.built:
            return
        self._mean_b = self.adapt_mean.detach().reshape(self._broadcast_shape)
        self._var_b = self.adapt_variance.detach().reshape(self._broadcast_shape)

    # ------------------------------------------------------------------ call
    def call(self, inputs):
        if self._mean_b is None:
            raise ValueError("You must call `.build(input_shape)` on the layer before using "
                             "it.")
        inputs = _device.convert_to_tensor(inputs, dtype=self.compute_dtype)
        mean = self._mean_b.to(inputs.device)
        scale = torch.clamp(torch.sqrt(self._var_b.to(inputs.device)),
                            min=_config.epsilon())
        if self.invert:
            return mean + inputs * scale
        return (inputs - mean) / scale

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis, "invert": self.invert,
                "mean": np.array(self.input_mean).tolist(),
                "variance": np.array(self.input_variance).tolist()}
