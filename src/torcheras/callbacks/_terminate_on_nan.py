"""``TerminateOnNaN``: stop training when the loss becomes NaN or infinite."""

from __future__ import annotations

import math

from torcheras.callbacks._callback import Callback


class TerminateOnNaN(Callback):
    """Stop training at the first batch whose loss is NaN or infinite.

    Args:
        raise_error: If False (default), stop gracefully (``model.stop_training = True``,
            so every callback's ``on_train_end`` still runs). If True, raise a
            ``RuntimeError`` at once, skipping the other callbacks' clean-up (a
            ``BackupAndRestore`` backup is then kept).

    Example:

    >>> cb = TerminateOnNaN(raise_error=True)
    >>> cb.on_train_batch_end(3, {"loss": float("nan")})
    Traceback (most recent call last):
    ...
    RuntimeError: NaN or Inf loss encountered at batch 3. Loss value: nan. Terminating training immediately.
    """

    def __init__(self, raise_error: bool = False):
        super().__init__()
        if not isinstance(raise_error, bool):
            raise TypeError(
                f"Argument `raise_error` must be a boolean. Received: raise_error={raise_error!r}"
            )
        self.raise_error = raise_error

    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is None:
            return
        loss = float(loss)
        if math.isnan(loss) or math.isinf(loss):
            if self.raise_error:
                raise RuntimeError(
                    f"NaN or Inf loss encountered at batch {batch}. Loss value: {loss}. "
                    "Terminating training immediately."
                )
            print(f"Batch {batch}: Invalid loss, terminating training", flush=True)
            self.model.stop_training = True
