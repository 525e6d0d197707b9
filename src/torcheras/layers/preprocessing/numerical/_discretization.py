"""``Discretization``: bucket continuous values by boundaries (given or adapted)."""

from __future__ import annotations

import numbers

import numpy as np
import torch

from torcheras.backend import _device
from torcheras.layers._layer import Layer, _spec_from_shape
from torcheras.layers.preprocessing.numerical import _encoding


# The quantile sketch Keras uses: a summary is a (2, k) float32 array of values and the
# weights (counts) they stand for. Same steps, so adapted boundaries match Keras's.
def _summarize(values: np.ndarray, epsilon: float) -> np.ndarray:
    values = np.sort(np.reshape(values, [-1]))
    step = max(values.size / (1.0 / epsilon), 1)
    picked = values[int(step - 1)::int(step)]
    return np.stack([picked, np.ones_like(picked) * step])


def _compress(summary: np.ndarray, epsilon: float) -> np.ndarray:
    if summary.shape[1] * epsilon < 1:
        return summary
    percents = epsilon + np.arange(0.0, 1.0, epsilon)
    cum_weights = summary[1].cumsum()
    cum_percents = cum_weights / cum_weights[-1]
    new_bins = np.interp(percents, cum_percents, summary[0])
    cum_weights = np.interp(percents, cum_percents, cum_weights)
    new_weights = cum_weights - np.concatenate((np.array([0]), cum_weights[:-1]))
    return np.stack((new_bins, new_weights)).astype("float32")


def _merge(a: np.ndarray, b: np.ndarray, epsilon: float) -> np.ndarray:
    merged = np.concatenate((a, b), axis=1)
    return _compress(np.take(merged, np.argsort(merged[0]), axis=1), epsilon)


class Discretization(Layer):
    """A preprocessing layer which buckets continuous features by ranges.

    Input values are mapped to the index of the bucket they fall in: with boundaries
    `[0., 1., 2.]` the buckets are `(-inf, 0.)`, `[0., 1.)`, `[1., 2.)` and `[2., +inf)`.

    Args:
        bin_boundaries: A list of bin boundaries (sorted). Either this or `num_bins`.
        num_bins: The integer number of bins to compute with `adapt()`.
        epsilon: Error tolerance of the quantile approximation used by `adapt()`
            (between 0 and 1, default 0.01).
        output_mode: `"int"` (bucket indices, int32), `"one_hot"`, `"multi_hot"` or
            `"count"` (see `CategoryEncoding`).
        sparse: Must be False (torch dense tensors only).

    Example:

    >>> layer = Discretization(bin_boundaries=[0.0, 1.0, 2.0])
    >>> layer([[-1.5, 1.0, 3.4, 0.5], [0.0, 3.0, 1.3, 0.0]]).tolist()
    [[0, 2, 3, 1], [1, 3, 2, 1]]
    """

    def __init__(self, bin_boundaries=None, num_bins: int | None = None,
                 epsilon: float = 0.01, output_mode: str = "int", sparse: bool = False,
                 dtype=None, name: str | None = None, **kwargs):
        super().__init__(name=name, dtype=dtype, **kwargs)
        if sparse:
            raise ValueError("`sparse=True` cannot be used with backend torch")
        _encoding.check_output_mode(output_mode, _encoding.OUTPUT_MODES, self.name)
        if num_bins is not None and (isinstance(num_bins, bool) or not isinstance(
                num_bins, numbers.Integral) or num_bins < 0):
            raise ValueError("`num_bins` must be greater than or equal to 0. Received: "
                             f"`num_bins={num_bins}`")
        if num_bins is not None and bin_boundaries is not None:
            raise ValueError("Both `num_bins` and `bin_boundaries` should not be set. "
                             f"Received: `num_bins={num_bins}` and "
                             f"`bin_boundaries={bin_boundaries}`")
        if num_bins is None and bin_boundaries is None:
            raise ValueError("You need to set either `num_bins` or `bin_boundaries`.")
        if not 0 < epsilon < 1:
            raise ValueError(f"Argument `epsilon` must be between 0 and 1 (exclusive). "
                             f"Received: epsilon={epsilon}")
        if bin_boundaries is not None:
            bin_boundaries = [float(b) for b in bin_boundaries]
            if any(b > a for b, a in zip(bin_boundaries, bin_boundaries[1:])):
                raise ValueError("Argument `bin_boundaries` must be sorted in ascending "
                                 f"order. Received: bin_boundaries={bin_boundaries}")
        self.bin_boundaries = bin_boundaries
        self.num_bins = num_bins
        self.epsilon = epsilon
        self.output_mode = output_mode
        self.sparse = False
        self.summary = None if bin_boundaries else np.array([[], []], dtype="float32")

    @property
    def output_dtype(self) -> str:
        return self.compute_dtype if self.output_mode != "int" else "int32"

    def adapt(self, data, steps: int | None = None) -> None:
        """Computes bin boundaries from quantiles of `data`.

        Args:
            data: A NumPy array or tensor, or an iterable of batches.
            steps: Optional number of batches to read from an iterable.
        """
        if self.num_bins is None:
            raise ValueError("Cannot adapt a Discretization layer that has been initialized "
                             "with `bin_boundaries`, use `num_bins` instead.")
        self.reset_state()
        if isinstance(data, (np.ndarray, torch.Tensor)) or not hasattr(data, "__iter__"):
            self.update_state(data)
        else:
            for i, batch in enumerate(data):
                if steps is not None and i >= steps:
                    break
                self.update_state(batch)
        self.finalize_state()

    def update_state(self, data) -> None:
        values = np.array(_device.convert_to_numpy(data) if isinstance(data, torch.Tensor)
                          else data).astype("float32")
        self.summary = _merge(_summarize(values, self.epsilon), self.summary, self.epsilon)

    def finalize_state(self) -> None:
        if self.num_bins is None:
            return
        self.bin_boundaries = _compress(self.summary, 1.0 / self.num_bins)[0, :-1].tolist()

    def reset_state(self) -> None:
        if self.num_bins is not None:
            self.summary = np.array([[], []], dtype="float32")

    def call(self, inputs):
        if self.bin_boundaries is None:
            raise ValueError("You need to either pass the `bin_boundaries` argument at "
                             "construction time or call `adapt(dataset)` before you can start "
                             "using the `Discretization` layer.")
        x = _device.convert_to_tensor(inputs)
        if x.dtype == torch.bool:
            x = x.to(torch.uint8)
        bounds = torch.tensor(self.bin_boundaries, dtype=torch.float32, device=x.device)
        if not x.is_floating_point():
            x = x.to(torch.float32)
        indices = torch.bucketize(x, bounds.to(x.dtype), right=True).to(torch.int32)
        return _encoding.encode(indices, self.output_mode, len(self.bin_boundaries) + 1,
                                self.output_dtype, self.name)

    def compute_output_shape(self, input_shape):
        depth = (len(self.bin_boundaries) + 1 if self.bin_boundaries is not None
                 else self.num_bins)
        return _encoding.encoded_shape(input_shape, self.output_mode, depth)

    def compute_output_spec(self, inputs, *args, **kwargs):
        return _spec_from_shape(self.compute_output_shape(inputs.shape), self.output_dtype)

    def get_config(self) -> dict:
        return {**super().get_config(), "bin_boundaries": self.bin_boundaries,
                "num_bins": self.num_bins, "epsilon": self.epsilon,
                "output_mode": self.output_mode, "sparse": self.sparse}

    @classmethod
    def from_config(cls, config: dict):
        config = dict(config)
        if config.get("bin_boundaries") is not None and config.get("num_bins") is not None:
            boundaries = config.pop("bin_boundaries")
            layer = cls(**config)
            layer.bin_boundaries = boundaries
            return layer
        return cls(**config)
