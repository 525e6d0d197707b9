"""``MonitorCallback``: the "is this epoch better?" logic shared by the monitoring callbacks."""

from __future__ import annotations

import operator
import warnings

from torcheras.callbacks import _legacy
from torcheras.callbacks._callback import Callback
from torcheras.models._compile import CompileMetrics


class MonitorCallback(Callback):
    """Base class of EarlyStopping, ModelCheckpoint, ReduceLROnPlateau and OrbaxCheckpoint.

    Args:
        monitor: Name of the logged quantity to watch (``"val_loss"``).
        mode: ``"min"``, ``"max"`` or ``"auto"`` (inferred from the name: losses go down,
            metrics go the way their ``_direction`` says). An unknown mode warns and
            falls back to ``"auto"``, as in Keras.
        baseline: Initial "best" value; ``None`` takes the first monitored value.
        min_delta: Smallest change that counts as an improvement (its sign is ignored).
    """

    def __init__(self, monitor: str = "val_loss", mode: str = "auto", baseline=None,
                 min_delta: float = 0):
        super().__init__()
        if not isinstance(monitor, str):
            raise TypeError(
                f"Argument `monitor` must be a string (a key of the logs, e.g. 'val_loss'). "
                f"Received: monitor={monitor!r}"
            )
        if mode not in ("auto", "min", "max"):
            warnings.warn(
                f"{type(self).__name__} mode '{mode}' is unknown, fallback to auto mode.",
                stacklevel=2,
            )
            mode = "auto"
        if isinstance(min_delta, bool) or not isinstance(min_delta, (int, float)):
            raise TypeError(
                f"Argument `min_delta` must be a number. Received: min_delta={min_delta!r}"
            )
        self.monitor = monitor
        self.mode = mode
        self.best = baseline
        self.min_delta = abs(min_delta)
        self.monitor_op = None

    def _set_monitor_op(self) -> None:
        if self.mode == "min":
            self.monitor_op = operator.lt
        elif self.mode == "max":
            self.monitor_op = operator.gt
        else:
            name = self.monitor.removeprefix("val_")
            if name == "loss":
                self.monitor_op = operator.lt
            names = _legacy.metric_names(name)
            for metric in self._compiled_metrics():
                if metric.name in names and hasattr(metric, "_direction"):
                    self.monitor_op = operator.gt if metric._direction == "up" else operator.lt
            if self.monitor_op is None:
                raise ValueError(
                    f"{type(self).__name__} callback received monitor={self.monitor}, but "
                    "Keras isn't able to automatically determine whether that metric should "
                    "be maximized or minimized. Pass `mode='max'` in order to monitor based "
                    "on the highest metric value, or pass `mode='min'` in order to use the "
                    "lowest value."
                )
        if self.monitor_op is operator.lt:
            # Minimising: an improvement must go at least min_delta *below* the best.
            self.min_delta *= -1

    def _compiled_metrics(self) -> list:
        out = []
        for m in getattr(self.model, "metrics", None) or []:
            if isinstance(m, CompileMetrics):
                out.extend(m.metrics)
        return out

    def _is_improvement(self, monitor_value, reference_value) -> bool:
        if reference_value is None:
            return True
        return bool(self.monitor_op(monitor_value - self.min_delta, reference_value))
