"""CSVLogger in fit: one row per epoch with Keras's columns, append without a second header."""

import csv

import pytest
from _helpers import data, model

import torcheras as keras


def _fit(cb, epochs=2, validation=True, initial_epoch=0):
    x, y = data()
    m = model()
    m.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    return m.fit(x, y, epochs=epochs, batch_size=16, verbose=0, initial_epoch=initial_epoch,
                 validation_data=(x, y) if validation else None, callbacks=[cb])


def _rows(path, sep=","):
    with open(path, newline="") as f:
        return list(csv.reader(f, delimiter=sep))


def test_rows_are_the_history(tmp_path):
    path = tmp_path / "log.csv"
    h = _fit(keras.callbacks.CSVLogger(str(path)), epochs=3)
    rows = _rows(path)
    assert rows[0] == ["epoch", "accuracy", "loss", "val_accuracy", "val_loss"]
    assert len(rows) == 4
    for epoch, row in enumerate(rows[1:]):
        assert int(row[0]) == epoch
        for key, cell in zip(rows[0][1:], row[1:]):
            assert float(cell) == pytest.approx(h.history[key][epoch], rel=1e-12)
    assert path.read_bytes().count(b"\r\n") == 4  # Keras's csv dialect


def test_append_continues_the_file(tmp_path):
    path = tmp_path / "log.csv"
    _fit(keras.callbacks.CSVLogger(str(path)), epochs=2)
    _fit(keras.callbacks.CSVLogger(str(path), append=True), epochs=4, initial_epoch=2)
    rows = _rows(path)
    assert rows[0][0] == "epoch" and sum(r[0] == "epoch" for r in rows) == 1
    assert [r[0] for r in rows[1:]] == ["0", "1", "2", "3"]
    # without append the file starts over
    _fit(keras.callbacks.CSVLogger(str(path)), epochs=1)
    assert [r[0] for r in _rows(path)] == ["epoch", "0"]


def test_without_validation_the_val_columns_say_na(tmp_path):
    path = tmp_path / "log.tsv"
    _fit(keras.callbacks.CSVLogger(str(path), separator="\t"), epochs=1, validation=False)
    rows = _rows(path, "\t")
    assert rows[0] == ["epoch", "accuracy", "loss", "val_accuracy", "val_loss"]
    assert rows[1][3:] == ["NA", "NA"]


@pytest.mark.parametrize("kwargs, exc, message", [
    ({"filename": None}, TypeError, "Argument `filename` must be a path (str or "
                                    "os.PathLike). Received: filename=None"),
    ({"filename": "x.csv", "separator": ";;"}, TypeError,
     "Argument `separator` must be a 1-character string. Received: separator=';;'"),
])
def test_bad_arguments(kwargs, exc, message):
    with pytest.raises(exc) as info:
        keras.callbacks.CSVLogger(**kwargs)
    assert message in str(info.value)
