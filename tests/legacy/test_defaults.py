"""Keras 2's defaults where Keras 2 and Keras 3 differ silently: the switch, hard_sigmoid's
slope, the RNN default table, dense_1 names, History keys and their aliases, metrics_names,
monitor='val_acc' and '{val_acc:.2f}' file names."""

import math
import os

import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras import layers
from torcheras.backend import _naming
from torcheras.legacy import backend as K
from torcheras.legacy._history_keys import (
    KERAS2_METRIC_NAMES,
    AliasedDict,
    keras2_keys,
    keras2_metrics_names,
    resolve,
    shadowed_keys,
    with_keras2_keys,
)
from torcheras.legacy._keras2_defaults import LAYER_DEFAULTS, layer_defaults


@pytest.fixture(autouse=True)
def keras3_afterwards():
    keras.backend.clear_session()
    yield
    keras.config.set_legacy_defaults(None)
    keras.backend.clear_session()


# ---------------------------------------------------------------- the switch
def test_config_switch_and_reader():
    assert keras.config.legacy_defaults() == 3
    keras.config.set_legacy_defaults(2)
    assert keras.config.legacy_defaults() == 2
    keras.config.set_legacy_defaults(3)
    assert keras.config.legacy_defaults() == 3
    keras.config.set_legacy_defaults(2)
    keras.config.set_legacy_defaults(None)
    assert keras.config.legacy_defaults() == 3
    assert {"set_legacy_defaults", "legacy_defaults"} <= set(keras.config.__all__)


@pytest.mark.parametrize("bad", [1, 4, "2", True, 2.5])
def test_config_switch_refuses_other_versions(bad):
    with pytest.raises(ValueError, match=r"Argument `version` must be one of \[2, 3\] or "
                                         rf"None. Received: version={bad!r}"):
        keras.config.set_legacy_defaults(bad)
    assert keras.config.legacy_defaults() == 3


# ---------------------------------------------------------------- hard_sigmoid
GRID = [-4.0, -3.0, -2.5, -1.0, 0.0, 0.5, 1.0, 2.5, 3.0, 4.0]
# Keras 3: relu6(x + 3) / 6, by hand.
KERAS3 = [0.0, 0.0, 0.5 / 6, 2 / 6, 0.5, 3.5 / 6, 4 / 6, 5.5 / 6, 1.0, 1.0]
# Keras 2: clip(0.2 x + 0.5, 0, 1), by hand (tf-keras 2.21 gives 0, .3, .6, .9, 1 at -3, -1,
# .5, 2, 3).
KERAS2 = [0.0, 0.0, 0.0, 0.3, 0.5, 0.6, 0.7, 1.0, 1.0, 1.0]


def _close(tensor, expected):
    np.testing.assert_allclose(np.asarray(tensor, dtype="float64"), expected, atol=1e-6)


def test_hard_sigmoid_keras3_slope_by_default():
    _close(keras.activations.hard_sigmoid(GRID), KERAS3)
    _close(keras.activations.get("hard_sigmoid")(torch.tensor(GRID)), KERAS3)
    _close(layers.Activation("hard_sigmoid")(torch.tensor(GRID)), KERAS3)


def test_hard_sigmoid_keras2_slope_under_keras2_defaults():
    keras.config.set_legacy_defaults(2)
    _close(keras.activations.hard_sigmoid(GRID), KERAS2)
    _close(layers.Activation("hard_sigmoid")(torch.tensor(GRID)), KERAS2)
    # keras.ops is Keras 3 only: it keeps Keras 3's formula.
    _close(keras.ops.hard_sigmoid(torch.tensor(GRID)), KERAS3)


@pytest.mark.parametrize("version", [2, 3])
def test_backend_hard_sigmoid_is_keras2s_in_every_mode(version):
    # keras.backend's hard_sigmoid only ever existed in Keras 2 (slope 0.2, as tf-keras).
    keras.config.set_legacy_defaults(version)
    _close(K.hard_sigmoid(torch.tensor(GRID)), KERAS2)


def test_lstm_gate_uses_the_active_hard_sigmoid():
    # One LSTM step from zero state with a single unit: all weights 0 except the bias, so
    # every gate sees exactly its bias: i = f = o = hs(1.0), c = i * tanh(0.5), h = o * tanh(c).
    def run():
        layer = layers.LSTM(1, recurrent_activation="hard_sigmoid",
                            kernel_initializer="zeros", recurrent_initializer="zeros",
                            bias_initializer="zeros", unit_forget_bias=False)
        layer.build((1, 1, 1))
        with torch.no_grad():
            layer.cell.bias.assign(torch.tensor([1.0, 1.0, 0.5, 1.0]))
        return float(keras.ops.convert_to_numpy(layer(torch.zeros(1, 1, 1)))[0, 0])

    def expected(gate):
        return gate * math.tanh(gate * math.tanh(0.5))

    assert run() == pytest.approx(expected(4 / 6), abs=1e-6)
    keras.config.set_legacy_defaults(2)
    assert run() == pytest.approx(expected(0.7), abs=1e-6)


# ---------------------------------------------------------------- the layer-default table
def test_layer_default_table_is_keras_2_3_1s():
    assert LAYER_DEFAULTS["LSTM"] == {"recurrent_activation": "hard_sigmoid"}
    assert LAYER_DEFAULTS["GRU"] == {"recurrent_activation": "hard_sigmoid",
                                     "reset_after": False}
    assert LAYER_DEFAULTS["GRUCell"] == LAYER_DEFAULTS["GRU"]
    assert LAYER_DEFAULTS["ConvLSTM2D"] == {"recurrent_activation": "hard_sigmoid"}


def test_layer_defaults_follow_the_mro_and_stop_at_listed_classes():
    class MyLSTM(layers.LSTM):
        pass

    assert layer_defaults(MyLSTM) == {"recurrent_activation": "hard_sigmoid"}
    assert layer_defaults(type("CuDNNGRU", (layers.GRU,), {})) == {}
    assert layer_defaults(layers.Dense) == {}
    row = layer_defaults(layers.GRU)
    row["reset_after"] = True  # a copy: the table is not changed through it
    assert LAYER_DEFAULTS["GRU"]["reset_after"] is False


@pytest.mark.parametrize("name", sorted(n for n, row in LAYER_DEFAULTS.items() if row))
def test_every_table_row_is_accepted_by_its_class(name):
    cls = getattr(layers, name)
    args = (2, 3) if name.startswith("ConvLSTM") else (2,)
    layer = cls(*args, **LAYER_DEFAULTS[name])
    cell = getattr(layer, "cell", layer)
    assert keras.activations.serialize(cell.recurrent_activation) == "hard_sigmoid"
    if "reset_after" in LAYER_DEFAULTS[name]:
        assert cell.reset_after is False


def test_rnn_defaults_follow_the_mode_at_construction():
    # Applied by the legacy-argument hook (legacy/_arguments_apply.py) from this table.
    def gates(layer):
        return keras.activations.serialize(layer.cell.recurrent_activation)

    assert gates(layers.LSTM(2)) == "sigmoid" and layers.GRU(2).cell.reset_after is True
    keras.config.set_legacy_defaults(2)
    assert gates(layers.LSTM(2)) == "hard_sigmoid" and gates(layers.GRU(2)) == "hard_sigmoid"
    assert layers.GRU(2).cell.reset_after is False
    # What the program passes wins.
    assert gates(layers.LSTM(2, recurrent_activation="sigmoid")) == "sigmoid"
    assert layers.GRU(2, reset_after=True).cell.reset_after is True


# ---------------------------------------------------------------- layer names
def _names():
    model = keras.Sequential([keras.Input((3,)), layers.Dense(2), layers.Dense(1)])
    inputs = keras.Input((3,))
    functional = keras.Model(inputs, layers.Dense(1)(inputs))
    return (model.name, [la.name for la in model.layers], functional.name,
            [la.name for la in functional.layers])


def test_keras3_names_count_from_zero():
    assert _names() == ("sequential", ["dense", "dense_1"], "functional",
                        ["input_layer_1", "dense_2"])


def test_keras2_names_count_from_one():
    keras.config.set_legacy_defaults(2)
    assert _names() == ("sequential_1", ["dense_1", "dense_2"], "model_1",
                        ["input_2", "dense_3"])
    keras.backend.clear_session()
    assert layers.Dense(1).name == "dense_1"
    assert layers.Conv2D(1, 1).name == "conv2d_1"
    # Names given by hand are left alone; metrics and losses keep their own names.
    assert layers.Dense(1, name="out").name == "out"
    assert _naming.layer_name("dense") == "dense_2"


# ---------------------------------------------------------------- History aliases
PAIRS = sorted(KERAS2_METRIC_NAMES.items())


@pytest.mark.parametrize("new, old", PAIRS)
@pytest.mark.parametrize("prefix", ["", "val_", "out_", "val_out_"])
def test_aliased_dict_answers_every_pair_both_ways(new, old, prefix):
    d = AliasedDict({prefix + new: [1.0, 2.0], "loss": [3.0]})
    assert d[prefix + old] is d[prefix + new]
    assert prefix + old in d and d.get(prefix + old) is d[prefix + new]
    assert list(d) == [prefix + new, "loss"] and len(d) == 2
    reverse = AliasedDict({prefix + old: [4.0]})
    assert reverse[prefix + new] == [4.0] and prefix + new in reverse


def test_aliased_dict_shows_only_real_keys():
    d = AliasedDict(accuracy=[0.5, 0.75], loss=[1.0, 0.5], val_mae=[2.0, 1.0])
    assert list(d.keys()) == ["accuracy", "loss", "val_mae"]
    assert repr(d) == "{'accuracy': [0.5, 0.75], 'loss': [1.0, 0.5], 'val_mae': [2.0, 1.0]}"
    assert dict(d) == {"accuracy": [0.5, 0.75], "loss": [1.0, 0.5], "val_mae": [2.0, 1.0]}
    assert "acc" not in d.keys() and "val_acc" not in d
    assert d.get("val_acc", "none") == "none"
    with pytest.raises(KeyError, match="val_acc"):
        d["val_acc"]
    pd = pytest.importorskip("pandas")
    assert list(pd.DataFrame(d).columns) == ["accuracy", "loss", "val_mae"]


@pytest.mark.parametrize("write", [
    lambda d: d.__setitem__("acc", [0.0]),
    lambda d: d.__delitem__("acc"),
    lambda d: d.pop("acc"),
    lambda d: d.update({"acc": [0.0]}),
])
def test_aliases_are_read_only(write):
    d = AliasedDict(accuracy=[0.5])
    with pytest.raises(TypeError, match=r"'acc': it is a read-only alias of 'accuracy', "
                                        r"the name this run logged; \w+ 'accuracy' instead"):
        write(d)
    assert d == {"accuracy": [0.5]}


def test_real_keys_stay_writable():
    d = AliasedDict(accuracy=[0.5])
    d["accuracy"] = [0.25]
    d["acc2"] = [1.0]
    d.setdefault("acc", []).append(0.75)  # through the alias, onto the real list
    assert d == {"accuracy": [0.25, 0.75], "acc2": [1.0]}
    # Once the real key is gone the old name is a free key again.
    d["acc"] = d.pop("accuracy")
    assert d == {"acc2": [1.0], "acc": [0.25, 0.75]} and d["accuracy"] == [0.25, 0.75]
    assert isinstance(d.copy(), AliasedDict)


def test_epoch_logs_read_aliases_but_take_any_write():
    model = _model()
    written = []

    def write(epoch, logs):
        logs["acc"] = -1.0  # a callback may write into the logs, as into Keras 3's dict
        written.append(sorted(logs))

    history = model.fit(*_data(), epochs=1, batch_size=16, verbose=0,
                        callbacks=[keras.callbacks.LambdaCallback(on_epoch_end=write)])
    assert written == [["acc", "accuracy", "loss", "mae"]]
    assert history.history["accuracy"] != [-1.0]


def test_log_key_helpers():
    logs = {"accuracy": 0.9, "binary_accuracy": 0.8, "loss": 0.1, "val_out_mse": 2.0,
            "val_mae": 1.0}
    assert keras2_keys(logs, ["out"]) == {"accuracy": "acc", "val_out_mse":
                                          "val_out_mean_squared_error",
                                          "val_mae": "val_mean_absolute_error"}
    assert resolve("val_mean_absolute_error", logs) == "val_mae"
    assert resolve("val_loss", logs) is None
    assert with_keras2_keys(logs) is logs  # Keras 3: unchanged
    keras.config.set_legacy_defaults(2)
    both = with_keras2_keys({"accuracy": 0.9, "loss": 0.1})
    assert list(both) == ["accuracy", "acc", "loss"] and both["acc"] == 0.9
    assert shadowed_keys(both) == {"accuracy"}
    assert shadowed_keys(both, keep=3) == {"acc"}


@pytest.mark.parametrize("version", [2, 3])
def test_history_keeps_a_value_logged_under_one_spelling_only(version):
    # Aliases of the logs (an AliasedDict) are not a second spelling that was logged.
    keras.config.set_legacy_defaults(version)
    logs = AliasedDict(accuracy=0.5, loss=1.0)
    assert keras2_keys(logs) == {"accuracy": "acc"} and shadowed_keys(logs) == set()
    h = keras.callbacks.History()
    h.on_epoch_end(0, logs)
    assert h.history == {"accuracy": [0.5], "loss": [1.0]} and h.history["acc"] == [0.5]


# ---------------------------------------------------------------- in fit
def _data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 4)).astype("float32")
    return x, (x[:, 0] > 0).astype("float32")


def _model():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), layers.Dense(1, activation="sigmoid")])
    model.compile("sgd", "binary_crossentropy", metrics=["accuracy", "mae"])
    return model


def test_fit_keras3_history_with_keras2_aliases():
    model = _model()
    read = []
    spy = keras.callbacks.LambdaCallback(
        on_train_batch_end=lambda b, logs: read.append(
            ("batch", logs["acc"], logs["accuracy"], list(logs))),
        on_epoch_end=lambda e, logs: read.append(
            ("epoch", logs.get("val_acc"), logs["val_accuracy"], list(logs))))
    history = model.fit(*_data(), epochs=2, batch_size=16, validation_split=0.25, verbose=0,
                        callbacks=[spy])
    h = history.history
    # Callbacks' logs answer Keras 2's names too, without listing them.
    assert [r[0] for r in read] == ["batch", "batch", "epoch"] * 2
    assert all(r[1] == r[2] for r in read)
    assert read[0][3] == ["accuracy", "loss", "mae"]
    assert read[2][1] == h["val_accuracy"][0] and "val_acc" not in read[2][3]
    assert list(h) == ["accuracy", "loss", "mae", "val_accuracy", "val_loss", "val_mae"]
    assert h["acc"] is h["accuracy"] and h["val_acc"] is h["val_accuracy"]
    assert h["mean_absolute_error"] is h["mae"]
    assert h["val_mean_absolute_error"] is h["val_mae"] and len(h["val_mae"]) == 2
    assert model.metrics_names == ["loss", "compile_metrics"]


def test_fit_keras2_history_logs_and_metrics_names():
    keras.config.set_legacy_defaults(2)
    model = _model()
    seen = []
    spy = keras.callbacks.LambdaCallback(on_epoch_end=lambda e, logs: seen.append(dict(logs)))
    history = model.fit(*_data(), epochs=2, batch_size=16, validation_split=0.25, verbose=0,
                        callbacks=[spy])
    h = history.history
    # History holds Keras 2.2's keys (once each); Keras 3's answer as aliases.
    assert list(h) == ["acc", "loss", "mean_absolute_error", "val_acc", "val_loss",
                       "val_mean_absolute_error"]
    assert h["accuracy"] is h["acc"] and h["val_mae"] is h["val_mean_absolute_error"]
    # The logs every callback sees carry both spellings, with the same values.
    assert list(seen[0]) == ["accuracy", "acc", "loss", "mae", "mean_absolute_error",
                             "val_accuracy", "val_acc", "val_loss", "val_mae",
                             "val_mean_absolute_error"]
    assert seen[1]["val_acc"] == seen[1]["val_accuracy"] == h["val_acc"][1]
    assert model.metrics_names == ["loss", "acc", "mean_absolute_error"]
    assert len(model.evaluate(*_data(), verbose=0)) == len(model.metrics_names)


def test_keras2_metrics_names_multi_output():
    class Compiled:
        entries = [(None, 0, False, "a_accuracy"), (None, 1, False, "b_mae"),
                   (None, 1, False, "b_binary_accuracy")]

    class Named:
        def __init__(self, name):
            self.name = name

    metrics = [Named("loss"), Compiled(), Named("a_loss"), Named("b_loss"), Named("extra")]
    assert keras2_metrics_names(metrics, ["a", "b"]) == [
        "loss", "a_loss", "b_loss", "a_acc", "b_mean_absolute_error", "b_binary_accuracy",
        "extra"]


def test_keras2_metrics_names_line_up_with_evaluate_for_two_outputs():
    keras.config.set_legacy_defaults(2)
    inputs = keras.Input((4,))
    model = keras.Model(inputs, [layers.Dense(1, name="a")(inputs),
                                 layers.Dense(1, name="b")(inputs)])
    model.compile("sgd", ["mse", "mse"], metrics=["mae"])
    x, y = np.ones((8, 4), "float32"), [np.zeros((8, 1), "float32")] * 2
    values = model.evaluate(x, y, verbose=0)
    logs = AliasedDict(model.evaluate(x, y, verbose=0, return_dict=True))
    assert model.metrics_names == ["loss", "a_loss", "b_loss", "a_mean_absolute_error",
                                   "b_mean_absolute_error"]
    assert values == pytest.approx([logs[name] for name in model.metrics_names])


def test_progress_bar_shows_each_value_once_under_keras2(capsys):
    keras.config.set_legacy_defaults(2)
    model = _model()
    model.fit(*_data(), epochs=1, batch_size=16, validation_split=0.25, verbose=2)
    out = capsys.readouterr().out
    assert "val_accuracy:" in out and "val_mae:" in out
    assert "val_acc:" not in out and "mean_absolute_error" not in out


@pytest.mark.parametrize("version", [2, 3])
@pytest.mark.parametrize("monitor", ["val_acc", "val_accuracy", "val_mean_absolute_error"])
def test_monitoring_callbacks_resolve_keras2_names(version, monitor, tmp_path):
    keras.config.set_legacy_defaults(version)
    model = _model()
    stop = keras.callbacks.EarlyStopping(monitor=monitor, patience=5)
    plateau = keras.callbacks.ReduceLROnPlateau(monitor=monitor, patience=5)
    path = os.path.join(str(tmp_path), "w.{epoch:02d}-{" + monitor + ":.2f}.weights.h5")
    checkpoint = keras.callbacks.ModelCheckpoint(path, monitor=monitor, save_weights_only=True,
                                                 save_best_only=True)
    history = model.fit(*_data(), epochs=2, batch_size=16, validation_split=0.25, verbose=0,
                        callbacks=[stop, plateau, checkpoint])
    values = history.history[monitor]
    # mode="auto" found the direction through the other spelling: accuracy up, mae down.
    better = max if "acc" in monitor else min
    assert stop.best == better(values)
    assert plateau.best == better(values)
    first = os.path.join(str(tmp_path), f"w.01-{values[0]:.2f}.weights.h5")
    assert os.path.exists(first)


def test_early_stopping_reads_val_acc_from_keras3_logs():
    model = _model()
    stop = keras.callbacks.EarlyStopping(monitor="val_acc", patience=0, mode="max")
    stop.set_model(model)
    stop.on_train_begin()
    stop.on_epoch_end(0, {"val_accuracy": 0.5, "val_loss": 1.0})
    stop.on_epoch_end(1, {"val_accuracy": 0.25, "val_loss": 1.0})
    assert model.stop_training and stop.stopped_epoch == 1 and stop.best == 0.5
