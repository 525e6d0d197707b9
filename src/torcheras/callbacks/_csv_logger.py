"""``CSVLogger``: stream each epoch's logs to a CSV file."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable

import numpy as np

from torcheras.callbacks._callback import Callback


class CSVLogger(Callback):
    """Write one CSV row per epoch: ``epoch`` then every logged value, sorted by name.

    Without validation logs the header still lists the ``val_`` columns (filled with
    ``NA``), as Keras writes them, so files of runs with and without validation align.

    Args:
        filename: Path of the CSV file, e.g. ``"run/log.csv"``.
        separator: String separating the fields. Defaults to ``","``.
        append: If True, append to an existing file (no second header when it already
            has one), e.g. to continue a training run; if False, overwrite it.

    Example:

    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "log.csv")
    >>> cb = CSVLogger(path)
    >>> cb.on_train_begin()
    >>> cb.on_epoch_end(0, {"loss": 0.5})
    >>> cb.on_train_end()
    >>> with open(path) as f:
    ...     f.read().splitlines()
    ['epoch,loss,val_loss', '0,0.5,NA']
    """

    def __init__(self, filename, separator: str = ",", append: bool = False):
        super().__init__()
        if not isinstance(filename, (str, os.PathLike)):
            raise TypeError(
                f"Argument `filename` must be a path (str or os.PathLike). "
                f"Received: filename={filename!r}"
            )
        if not isinstance(separator, str) or len(separator) != 1:
            raise TypeError(
                f'Argument `separator` must be a 1-character string. Received: '
                f'separator={separator!r}'
            )
        self.sep = separator
        self.filename = os.fspath(filename)
        self.append = bool(append)
        self.writer = None
        self.keys = None
        self.append_header = True
        self.csv_file = None

    def on_train_begin(self, logs=None):
        if self.append:
            if os.path.exists(self.filename):
                with open(self.filename) as f:
                    self.append_header = not bool(len(f.readline()))
            mode = "a"
        else:
            mode = "w"
        if self.csv_file is not None and not self.csv_file.closed:
            self.csv_file.close()
        # No newline="": rows end in "\r\n" exactly as Keras's files do.
        self.csv_file = open(self.filename, mode)  # noqa: SIM115 (closed in on_train_end)
        self.writer = None
        self.keys = None

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.keys is None:
            self.keys = sorted(logs.keys())
            if self.keys and not any(k.startswith("val_") for k in self.keys):
                self.keys.extend([f"val_{k}" for k in self.keys])
        if self.writer is None:
            dialect = type("CustomDialect", (csv.excel,), {"delimiter": self.sep})
            self.writer = csv.DictWriter(self.csv_file, fieldnames=["epoch"] + self.keys,
                                         dialect=dialect)
            if self.append_header:
                self.writer.writeheader()
        row = {"epoch": epoch}
        row.update((k, _cell(logs.get(k, "NA"))) for k in self.keys)
        self.writer.writerow(row)
        self.csv_file.flush()

    def on_train_end(self, logs=None):
        if self.csv_file is not None and not self.csv_file.closed:
            self.csv_file.close()
        self.writer = None


def _cell(value):
    if isinstance(value, str):
        return value
    if isinstance(value, Iterable) and not (isinstance(value, np.ndarray) and value.ndim == 0):
        return f'"[{", ".join(map(str, value))}]"'
    return value
