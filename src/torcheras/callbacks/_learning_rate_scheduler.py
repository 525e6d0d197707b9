"""``LearningRateScheduler``: set the learning rate at each epoch from a function."""

from __future__ import annotations

import numpy as np
import torch

from torcheras.callbacks._callback import Callback
from torcheras.utils._io import print_msg


class LearningRateScheduler(Callback):
    """At the start of every epoch, set the rate to ``schedule(epoch, lr)``.

    Args:
        schedule: A function of the epoch index (from 0) and the current rate (a float)
            returning the new rate (a float). Keras 1/2's one-argument
            ``schedule(epoch)`` is accepted too.
        verbose: 0 (quiet) or 1 (prints each update).

    Each epoch's logs get a ``learning_rate`` entry.

    Example:

    >>> import numpy as np
    >>> import torcheras as keras
    >>> def scheduler(epoch, lr):
    ...     return lr if epoch < 10 else lr * float(np.exp(-0.1))
    >>> model = keras.Sequential([keras.layers.Dense(10)])
    >>> model.compile(keras.optimizers.SGD(), loss="mse")
    >>> _ = model.fit(np.arange(100).reshape(5, 20), np.zeros((5, 10)), epochs=15,
    ...               callbacks=[LearningRateScheduler(scheduler)], verbose=0)
    >>> round(float(model.optimizer.learning_rate), 5)
    0.00607
    """

    def __init__(self, schedule, verbose: int = 0):
        super().__init__()
        if not callable(schedule):
            raise TypeError(
                f"Argument `schedule` must be a function of (epoch, lr). Received: "
                f"schedule={schedule!r}"
            )
        self.schedule = schedule
        self.verbose = verbose

    def _update_optimizer_lr(self, optimizer, epoch: int) -> float:
        if not hasattr(optimizer, "learning_rate"):
            raise ValueError('Optimizer must have a "learning_rate" attribute.')
        try:
            lr = self.schedule(epoch, float(np.asarray(optimizer.learning_rate)))
        except TypeError:  # Keras 1/2's schedule(epoch)
            lr = self.schedule(epoch)
        if isinstance(lr, torch.Tensor) and lr.numel() == 1:
            lr = float(lr)  # Keras 2 accepted tensors (e.g. lr * tf.math.exp(-0.1))
        if not isinstance(lr, (float, np.float32, np.float64)):
            raise ValueError(f"The output of the `schedule` function should be a float. Got: {lr}")
        optimizer.learning_rate = lr
        return lr

    def on_epoch_begin(self, epoch, logs=None):
        lr = self._update_optimizer_lr(self.model.optimizer, epoch)
        if self.verbose > 0:
            print_msg(f"\nEpoch {epoch + 1}: LearningRateScheduler setting learning rate to {lr}.")

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs["learning_rate"] = float(np.asarray(self.model.optimizer.learning_rate))
