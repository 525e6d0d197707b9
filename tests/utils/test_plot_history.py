"""keras.utils.plot_history: the plotted series, the PNG, bad inputs."""

import numpy as np
import pytest
from PIL import Image

import torcheras as keras

H = {"loss": [1.0, 0.6, 0.4], "accuracy": [0.3, 0.6, 0.8], "val_loss": [1.1, 0.7, 0.6],
     "val_accuracy": [0.25, 0.5, 0.7]}


def _series(ax):
    return {line.get_label(): (line.get_xdata().tolist(), line.get_ydata().tolist())
            for line in ax.lines}


def test_every_metric_training_and_validation():
    fig = keras.utils.plot_history(H)
    assert [ax.get_title() for ax in fig.axes] == ["loss", "accuracy"]
    assert _series(fig.axes[0]) == {"training": ([1, 2, 3], H["loss"]),
                                    "validation": ([1, 2, 3], H["val_loss"])}
    assert _series(fig.axes[1]) == {"training": ([1, 2, 3], H["accuracy"]),
                                    "validation": ([1, 2, 3], H["val_accuracy"])}
    assert fig.axes[0].get_xlabel() == "Epoch"
    assert fig.axes[0].lines[1].get_linestyle() == "--"


def test_png_written_with_the_figure_size(tmp_path):
    path = tmp_path / "history.png"
    keras.utils.plot_history(H, metrics=["accuracy"], path=path, dpi=50)
    with Image.open(path) as img:
        assert img.format == "PNG"
        assert img.size == (250, 200)  # 5x4 inches per panel at 50 dpi
        pixels = np.asarray(img.convert("L"))
    assert pixels.min() < 100  # something was drawn, not an empty canvas


def test_history_object_from_fit_and_validation_freq():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(32, 3)).astype("float32"), rng.normal(size=(32, 1))
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse", metrics=["mae"])
    history = model.fit(x, y, epochs=4, validation_data=(x, y), validation_freq=2, verbose=0)
    fig = keras.utils.plot_history(history, metrics="loss")
    series = _series(fig.axes[0])
    assert series["training"] == ([1, 2, 3, 4], history.history["loss"])
    assert series["validation"] == ([2, 4], history.history["val_loss"])


def test_training_only_metric_has_one_line():
    fig = keras.utils.plot_history({"loss": [2.0, 1.0], "learning_rate": [0.1, 0.05]})
    assert [ax.get_title() for ax in fig.axes] == ["loss", "learning_rate"]
    assert list(_series(fig.axes[1])) == ["training"]


@pytest.mark.parametrize("kwargs, exc, message", [
    ({"history": [1, 2]}, TypeError, "Argument `history` must be the History returned by "
                                     "`fit()` or its `history` dict. Received: history=[1, 2]"),
    ({"history": {}}, ValueError, "Argument `history` holds no epochs to plot"),
    ({"history": H, "metrics": ["f1"]}, ValueError,
     "Argument `metrics` names 'f1', which the history does not hold. Available: "
     "['loss', 'accuracy']"),
    ({"history": H, "metrics": []}, TypeError, "Argument `metrics` must be a metric name or "
                                               "a non-empty list of names. Received: metrics=[]"),
    ({"history": {"loss": ["a"]}}, ValueError, "The history's 'loss' values are not numbers"),
    ({"history": H, "path": 3}, TypeError, "Argument `path` must be a file path. Received: "
                                           "path=3"),
])
def test_bad_inputs(kwargs, exc, message):
    with pytest.raises(exc) as info:
        keras.utils.plot_history(**kwargs)
    assert message in str(info.value)


def test_missing_matplotlib_names_the_extra(monkeypatch):
    import importlib

    from torcheras.utils import _plot_history

    real = importlib.import_module

    def fake(name, *args):
        if name.startswith("matplotlib"):
            raise ImportError("No module named 'matplotlib'")
        return real(name, *args)

    monkeypatch.setattr(_plot_history.importlib, "import_module", fake)
    with pytest.raises(ImportError, match=r"pip install torcheras\[plot\]"):
        keras.utils.plot_history(H)
