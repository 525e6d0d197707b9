"""``keras.utils.plot_history``: the curves of a training run, one panel per metric.

matplotlib is an optional dependency (the ``plot`` extra); it is imported when a plot is
drawn, not with torcheras, because importing it costs more than importing torcheras.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping, Sequence

_MISSING = ("`keras.utils.plot_history` needs matplotlib, which is not installed. Install "
            "the extra with `pip install torcheras[plot]` (or `pip install matplotlib`).")


def _figure_class():
    try:
        return importlib.import_module("matplotlib.figure").Figure
    except ImportError as e:
        raise ImportError(_MISSING) from e


def plot_history(history, metrics: Sequence[str] | str | None = None,
                 path: str | os.PathLike | None = None, *, dpi: int = 100):
    """Draw the loss and each metric per epoch, training and validation, with matplotlib.

    One panel per metric: the training values as a solid line labelled ``"training"``
    and, when the logs have ``val_<metric>``, the validation values as a dashed line
    labelled ``"validation"``. Epochs are numbered from 1, as ``fit`` prints them.

    Args:
        history: The ``History`` returned by ``fit``, or its ``history`` dict
            (``{"loss": [...], "val_loss": [...], ...}``).
        metrics: Names to plot (without the ``val_`` prefix), e.g. ``["loss",
            "accuracy"]``. ``None`` plots every logged quantity, loss first.
        path: If given, the figure is also saved there (a PNG for a ``.png`` path; the
            format follows the extension).
        dpi: Resolution of the saved image.

    Returns:
        The ``matplotlib.figure.Figure`` (``fig.axes[i].lines`` hold the curves).

    Example:

    >>> fig = plot_history({"loss": [1.0, 0.5], "val_loss": [1.2, 0.7]})
    >>> [line.get_label() for line in fig.axes[0].lines]
    ['training', 'validation']
    >>> fig.axes[0].lines[1].get_ydata().tolist()
    [1.2, 0.7]
    """
    logs, epochs = _logs_and_epochs(history)
    names = _metric_names(logs, metrics)
    figure = _figure_class()(figsize=(5.0 * len(names), 4.0), layout="constrained")
    axes = figure.subplots(1, len(names), squeeze=False)[0]
    for ax, name in zip(axes, names):
        _draw_panel(ax, logs, epochs, name)
    if path is not None:
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"Argument `path` must be a file path. Received: path={path!r}")
        figure.savefig(os.fspath(path), dpi=dpi)
    return figure


def _draw_panel(ax, logs: Mapping, epochs: list, name: str) -> None:
    if name in logs:
        ax.plot(epochs[:len(logs[name])], _floats(logs[name], name), label="training",
                marker="o", markersize=3)
    val = f"val_{name}"
    if val in logs:
        values = _floats(logs[val], val)
        # With fit(validation_freq=k) only every k-th epoch has validation values.
        x = epochs if len(values) == len(epochs) else _every_nth(epochs, len(values))
        ax.plot(x, values, label="validation", linestyle="--", marker="o", markersize=3)
    ax.set_title(name)
    ax.set_xlabel("Epoch")
    ax.set_ylabel(name)
    ax.grid(True, alpha=0.3)
    ax.legend()


def _logs_and_epochs(history):
    logs = getattr(history, "history", history)
    if not isinstance(logs, Mapping):
        raise TypeError(
            "Argument `history` must be the History returned by `fit()` or its `history` "
            f"dict. Received: history={history!r}"
        )
    if not logs or not any(len(v) for v in logs.values()):
        raise ValueError("Argument `history` holds no epochs to plot (was `fit()` run?).")
    n = max(len(v) for v in logs.values())
    recorded = list(getattr(history, "epoch", None) or [])
    epochs = [e + 1 for e in recorded] if len(recorded) == n else list(range(1, n + 1))
    return logs, epochs


def _metric_names(logs: Mapping, metrics) -> list[str]:
    available = []
    for key in logs:
        base = key[4:] if key.startswith("val_") else key
        if base not in available:
            available.append(base)
    available.sort(key=lambda k: (k != "loss", list(logs).index(k) if k in logs else 0))
    if metrics is None:
        return available
    if isinstance(metrics, str):
        metrics = [metrics]
    if not isinstance(metrics, Sequence) or not metrics:
        raise TypeError(
            "Argument `metrics` must be a metric name or a non-empty list of names. "
            f"Received: metrics={metrics!r}"
        )
    for name in metrics:
        if name not in available:
            raise ValueError(
                f"Argument `metrics` names {name!r}, which the history does not hold. "
                f"Available: {available}"
            )
    return list(metrics)


def _every_nth(epochs: list, count: int) -> list:
    step = len(epochs) // count
    return [epochs[(i + 1) * step - 1] for i in range(count)]


def _floats(values, name: str) -> list[float]:
    try:
        return [float(v) for v in values]
    except (TypeError, ValueError):
        raise ValueError(
            f"The history's {name!r} values are not numbers, so they cannot be plotted. "
            f"Received: {list(values)[:3]!r}..."
        ) from None
