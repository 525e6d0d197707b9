"""``keras.utils.Progbar``: the progress bar ``fit()``, ``evaluate()`` and ``get_file`` print."""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from torcheras.utils._io import is_interactive_logging_enabled, print_msg

# Module-level so tests (and the golden script for real Keras) can freeze the clock.
_clock = time.time

_BOLD = "\x1b[1m"
_RESET = "\x1b[0m"
_GREEN = "\33[32m"
_GREY = "\33[37m"


def _dynamic_display_available() -> bool:
    # Keras also tests `"posix" in sys.modules`, which is true on every Linux/macOS
    # process, so it redraws with backspaces even into log files. We only redraw where
    # a terminal or notebook will interpret the control characters.
    if not is_interactive_logging_enabled():  # logged records: one plain line per bar
        return False
    stdout = sys.stdout
    return bool(
        (hasattr(stdout, "isatty") and stdout.isatty())
        or "ipykernel" in sys.modules
        or "PYCHARM_HOSTED" in os.environ
    )


def _as_number(value: Any) -> Any:
    """Reduce a metric value to a scalar, only when it is about to be printed."""
    if hasattr(value, "detach"):  # a torch tensor: one host sync per redraw, not per step
        return float(value.detach().float().mean())
    if isinstance(value, float):
        return value
    return np.mean(value)


class Progbar:
    """Displays a progress bar.

    If neither of `stateful_metrics` and `stateless_metrics` is provided, all metrics are
    assumed to be stateless (averaged by the progress bar before display).

    Args:
        target: Total number of steps expected, `None` if unknown.
        width: Progress bar width on screen.
        verbose: Verbosity mode, 0 (silent), 1 (verbose), 2 (semi-verbose).
        interval: Minimum visual progress update interval (in seconds).
        stateful_metrics: Iterable of string names of metrics that should *not* be
            averaged over time. Metrics in this list will be displayed as-is.
        stateless_metrics: Iterable of string names of metrics that *should* be averaged
            over time. If provided, do not provide `stateful_metrics`.
        unit_name: Display name for step counts (usually `"step"` or `"sample"`).

    Example:

    >>> bar = Progbar(3, verbose=2)
    >>> for step in range(1, 4):
    ...     bar.update(step, values=[("loss", 0.5)])  # doctest: +SKIP
    3/3 - 0s - 1ms/step - loss: 0.5000
    """

    def __init__(
        self,
        target: int | None,
        width: int = 20,
        verbose: int = 1,
        interval: float = 0.05,
        stateful_metrics: Iterable[str] | None = None,
        stateless_metrics: Iterable[str] | None = None,
        unit_name: str = "step",
    ) -> None:
        if stateful_metrics is not None and stateless_metrics is not None:
            raise ValueError(
                "Only one of `stateful_metrics` or `stateless_metrics` can be provided. "
                "`stateful_metrics` is used to make metrics stateless by default (with an "
                "exclusion list), while `stateless_metrics` is used to make metrics "
                "stateful by default (with an exclusion list)."
            )
        self.target = target
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.unit_name = unit_name
        if stateless_metrics is not None:
            self.stateful_metrics = None
            self.stateless_metrics = set(stateless_metrics)
        else:
            self.stateful_metrics = set(stateful_metrics or ())
            self.stateless_metrics = None

        self._dynamic_display = _dynamic_display_available()
        self._seen_so_far = 0
        self._values: dict[str, list] = {}
        self._values_order: list[str] = []
        self._start = _clock()
        self._last_update = 0.0
        self._time_at_epoch_start = self._start
        self._time_after_first_step: float | None = None
        self._prev_total_width = 0

    # ------------------------------------------------------------------ state
    def _is_stateless(self, name: str) -> bool:
        if self.stateful_metrics is not None:
            return name not in self.stateful_metrics
        return name in self.stateless_metrics

    def _accumulate(self, current, values: Sequence, finalize: bool) -> None:
        for name, value in values:
            if name not in self._values_order:
                self._values_order.append(name)
            if not self._is_stateless(name) or finalize:
                # A final value (e.g. the epoch's evaluated metrics) replaces the average.
                self._values[name] = [value, 1]
                continue
            weight = max(current - self._seen_so_far, 1)
            if name in self._values:
                self._values[name][0] += value * weight
                self._values[name][1] += weight
            else:
                self._values[name] = [value * weight, weight]

    def _average(self, name: str):
        total, count = self._values[name]
        return _as_number(total) / max(1, count)

    # ----------------------------------------------------------------- update
    def update(self, current, values=None, finalize: bool | None = None) -> None:
        """Updates the progress bar.

        Args:
            current: Index of current step.
            values: List of tuples `(name, value_for_last_step)`. If `name` is in
                `stateful_metrics`, `value_for_last_step` will be displayed as-is.
                Else, an average of the metric over time will be displayed.
            finalize: Whether this is the last update for the progress bar. If `None`,
                defaults to `current >= self.target`.
        """
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        self._accumulate(current, values or [], finalize)
        self._seen_so_far = current

        now = _clock()
        time_per_unit = self._estimate_step_duration(current, now)
        if self.verbose == 1:
            if now - self._last_update < self.interval and not finalize:
                return
            if not self._dynamic_display and not finalize:
                # Logs and pipes get one line per bar (Keras 2's behaviour), not a new
                # line every 0.05 s.
                return
            self._print_dynamic(current, now, time_per_unit, finalize)
        elif self.verbose == 2 and finalize and self.target is not None and self.target > 0:
            self._print_line(current, now, time_per_unit)
        self._last_update = now

    def add(self, n, values=None) -> None:
        """Advance the bar by `n` steps."""
        self.update(self._seen_so_far + n, values)

    # -------------------------------------------------------------- rendering
    def _count(self, current) -> str:
        digits = int(math.log10(self.target)) + 1
        return f"%{digits}d/%d" % (current, self.target)

    def _print_dynamic(self, current, now: float, time_per_unit: float, finalize: bool) -> None:
        if self._dynamic_display:
            message = "\b" * self._prev_total_width + "\r"
        else:
            message = "\n"
        known_target = self.target is not None and self.target > 0
        # Escape sequences take no room on screen; count them so padding stays right.
        hidden = 0
        if known_target:
            bar = f"{_BOLD}{self._count(current)}{_RESET} "
            hidden += 8
            done = int(self.width * (float(current) / self.target))
            if done > 0:
                bar += f"{_GREEN}{'━' * done}{_RESET}"
                hidden += 9
            bar += f"{_GREY}{'━' * (self.width - done)}{_RESET}"
            hidden += 9
        else:
            bar = f"{int(current):7d}/Unknown"

        if known_target and not finalize:
            info = f" {_BOLD}{_format_eta(time_per_unit * (self.target - current))}{_RESET}"
        else:
            info = f" {_BOLD}{now - self._start:.0f}s{_RESET}"
        hidden += 8
        info += self._format_time(time_per_unit, self.unit_name)
        for name in self._values_order:
            avg = self._average(name)
            info += f" - {name}: {avg:.4f}" if abs(avg) > 1e-3 else f" - {name}: {avg:.4e}"

        total_width = len(bar) + len(info) - hidden
        message += bar + info
        if self._prev_total_width > total_width:
            message += " " * (self._prev_total_width - total_width)
        if finalize:
            message += "\n"
        print_msg(message, line_break=False)
        self._prev_total_width = total_width

    def _print_line(self, current, now: float, time_per_unit: float) -> None:
        info = f"{self._count(current)} - {now - self._start:.0f}s"
        info += f" -{self._format_time(time_per_unit, self.unit_name)}"
        for name in self._values_order:
            avg = self._average(name)
            # Keras tests the signed value here (not abs), so negatives print as 1e notation.
            info += f" - {name}: {avg:.4f}" if avg > 1e-3 else f" - {name}: {avg:.4e}"
        print_msg(info + "\n", line_break=False)

    @staticmethod
    def _format_time(time_per_unit: float, unit_name: str) -> str:
        if time_per_unit >= 1 or time_per_unit == 0:
            return f" {time_per_unit:.0f}s/{unit_name}"
        if time_per_unit >= 1e-3:
            return f" {time_per_unit * 1000.0:.0f}ms/{unit_name}"
        return f" {time_per_unit * 1000000.0:.0f}us/{unit_name}"

    def _estimate_step_duration(self, current, now: float) -> float:
        # The first step includes warm-up (compilation, allocation), so once later steps
        # exist the estimate is measured from the end of step 1.
        if not current:
            return 0
        if self._time_after_first_step is not None and current > 1:
            time_per_unit = (now - self._time_after_first_step) / (current - 1)
        else:
            time_per_unit = (now - self._start) / current
        if current == 1:
            self._time_after_first_step = now
        return time_per_unit


def _format_eta(eta: float) -> str:
    if eta > 3600:
        return f"{int(eta // 3600)}:{int((eta % 3600) // 60):02d}:{int(eta % 60):02d}"
    if eta > 60:
        return f"{int(eta // 60)}:{int(eta % 60):02d}"
    return f"{int(eta)}s"
