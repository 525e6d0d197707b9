"""``SwapEMAWeights``: evaluate (and optionally checkpoint) with the optimizer's EMA weights."""

from __future__ import annotations

import torch

from torcheras.callbacks._callback import Callback


class SwapEMAWeights(Callback):
    """Swap the model's weights with the optimizer's moving averages around evaluation.

    Use with an optimizer built with ``use_ema=True``: before evaluation (and prediction)
    the model gets the EMA weights, afterwards its own weights back. The swap is in
    place, so no extra copy of the weights is kept.

    Args:
        swap_on_epoch: Whether to also swap at the end of each epoch (and back at the
            start of the next), so that callbacks running after this one, such as
            ``ModelCheckpoint``, see the EMA weights. After the last epoch the EMA
            weights stay in the model. Defaults to False.

    Example:

    >>> cb = SwapEMAWeights(swap_on_epoch=True)
    >>> cb.swap_on_epoch
    True
    """

    def __init__(self, swap_on_epoch: bool = False):
        super().__init__()
        self.swap_on_epoch = bool(swap_on_epoch)
        self._ema_weights_in_model = False

    def _optimizer(self):
        optimizer = self.model.optimizer
        optimizer = getattr(optimizer, "inner_optimizer", optimizer)
        if not hasattr(optimizer, "_model_variables_moving_average"):
            raise ValueError(
                "SwapEMAWeights must be used when `use_ema=True` is set on the optimizer. "
                f"Received: use_ema={getattr(optimizer, 'use_ema', None)}"
            )
        return optimizer

    def _swap_variables(self) -> None:
        optimizer = self._optimizer()
        with torch.no_grad():
            for var, avg in zip(optimizer._trainable_variables,
                                optimizer._model_variables_moving_average):
                tmp = var.detach().clone()
                var.copy_(avg)
                avg.copy_(tmp)

    def _finalize_ema_values(self) -> None:
        optimizer = self._optimizer()
        with torch.no_grad():
            for var, avg in zip(optimizer._trainable_variables,
                                optimizer._model_variables_moving_average):
                avg.copy_(var)

    def _to_ema(self) -> None:
        if not self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = True

    def _to_model(self) -> None:
        if self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = False

    def on_epoch_begin(self, epoch, logs=None):
        if self.swap_on_epoch:
            self._to_model()

    def on_epoch_end(self, epoch, logs=None):
        if self.swap_on_epoch and not self._ema_weights_in_model:
            self._to_ema()
            if epoch == self.params.get("epochs", 0) - 1:
                self._finalize_ema_values()

    def on_test_begin(self, logs=None):
        self._to_ema()

    def on_test_end(self, logs=None):
        self._to_model()

    def on_predict_begin(self, logs=None):
        self._to_ema()

    def on_predict_end(self, logs=None):
        # Keras 3.15 tests the flag the wrong way here and leaves the EMA weights in the
        # model after predict(); the weights are swapped back, as after evaluate().
        self._to_model()
