"""The logs a training step hands to callbacks, read back from the device only when asked.

A step's results live on the device; turning them into Python floats synchronises with it.
The loop therefore passes :class:`StepLogs` to the callbacks: a mapping that computes its
values the first time a callback reads it (the progress bar does so at most every 0.05 s),
and never when no callback looks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from torcheras.legacy._history_keys import resolve


def pythonify_logs(logs: Mapping) -> dict:
    """Keras's ``pythonify_logs``: nested dicts flattened, values as floats, keys sorted.

    Args:
        logs: A mapping of names to numbers, tensors or nested mappings.

    >>> pythonify_logs({"loss": 1, "compile_metrics": {"mae": 0.5}})
    {'mae': 0.5, 'loss': 1.0}
    """
    out = {}
    for key, value in sorted(logs.items()):
        if isinstance(value, Mapping):
            out.update(pythonify_logs(value))
            continue
        try:
            value = float(value)
        except (TypeError, ValueError, RuntimeError):
            pass
        out[key] = value
    return out


class StepLogs(Mapping):
    """One step's logs, computed on first read.

    Args:
        compute: Returns the logs as a dict of Python numbers (called at most once).
        raw: What a custom ``train_step``/``test_step`` returned, kept so that the loop can
            tell its own keys from the metrics' (``None`` for the built-in steps).

    >>> logs = StepLogs(lambda: {"loss": 0.25})
    >>> dict(logs)
    {'loss': 0.25}
    """

    __slots__ = ("_compute", "raw", "_values")

    def __init__(self, compute: Callable[[], dict], raw: Mapping | None = None) -> None:
        self._compute = compute
        self.raw = raw
        self._values: dict | None = None

    @classmethod
    def of_step_result(cls, raw: Mapping) -> StepLogs:
        """Wrap the dict returned by a custom step (values may be device tensors)."""
        return cls(lambda: pythonify_logs(raw), raw)

    def _get(self) -> dict:
        if self._values is None:
            self._values = self._compute()
        return self._values

    def __getitem__(self, key: str) -> Any:
        values = self._get()
        if key not in values:
            # Keras 2's names answer too (logs['acc'] for accuracy), as History does.
            key = resolve(key, values) or key
        return values[key]

    def __iter__(self):
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())

    def __repr__(self) -> str:
        return f"StepLogs({self._get()!r})"
