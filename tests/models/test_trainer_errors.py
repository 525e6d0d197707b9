"""Mistakes in the data given to fit/evaluate/predict are named in the user's terms: the
argument, what was received, what the model expects, and the usual fix."""

import re

import numpy as np
import pytest

import torcheras as keras
from torcheras import layers

X = np.random.default_rng(0).random((12, 4)).astype("float32")
ONE_HOT = keras.utils.to_categorical(np.arange(12) % 3, 3)


def classifier(loss="categorical_crossentropy", units=3, activation="softmax"):
    model = keras.Sequential([keras.Input((4,)), layers.Dense(units, activation=activation)])
    model.compile("sgd", loss)
    return model


def two_outputs():
    inputs = keras.Input((4,), name="features")
    hidden = layers.Dense(5, activation="relu")(inputs)
    model = keras.Model(inputs, {"kind": layers.Dense(3, activation="softmax", name="kind")(hidden),
                                 "flag": layers.Dense(1, activation="sigmoid", name="flag")(hidden)})
    model.compile("sgd", {"kind": "sparse_categorical_crossentropy",
                          "flag": "binary_crossentropy"})
    return model


def raises(call, pattern, exc=ValueError):
    with pytest.raises(exc) as info:
        call()
    assert type(info.value) is exc
    assert re.search(pattern, str(info.value), re.S), str(info.value)
    return str(info.value)


def test_binary_crossentropy_labels_outside_unit_interval():
    model = classifier("binary_crossentropy", units=1, activation="sigmoid")
    message = raises(lambda: model.fit(X, np.arange(12, dtype="float32") - 3, verbose=0),
                     r"Argument `y` holds values in \[-3, 8\], but the loss "
                     r"`binary_crossentropy` takes labels in \[0, 1\]")
    assert "(y + 1) / 2" in message and "mean_squared_error" in message
    before = model.get_weights()
    model.fit(X, (np.arange(12) % 2).astype("float32"), verbose=0)  # 0/1 labels are fine
    assert any(not np.array_equal(a, b) for a, b in zip(before, model.get_weights()))


def test_binary_labels_checked_per_output_by_name():
    model = two_outputs()
    raises(lambda: model.fit(X, {"kind": np.arange(12) % 3, "flag": np.full((12, 1), 2.0)},
                             verbose=0),
           r"Argument `y\['flag'\]` holds values in \[2, 2\].*binary_crossentropy")


def test_fit_without_y_on_a_model_with_a_loss():
    raises(lambda: classifier().fit(X, None, verbose=0),
           r"^Argument `y` is missing: the model was compiled with "
           r"loss='categorical_crossentropy'.*`model.fit\(x, y\)`")


def test_generator_without_targets_names_the_missing_y():
    def batches():
        while True:
            yield X

    raises(lambda: classifier().fit(batches(), steps_per_epoch=2, verbose=0),
           r"compiled with loss='categorical_crossentropy', but the batch has no targets `y`")


def test_dict_targets_with_unknown_keys_name_the_outputs():
    raises(lambda: two_outputs().fit(X, {"wrong": ONE_HOT}, verbose=0),
           r"Argument `y` is a dict with keys \['wrong'\].*output names: \['flag', 'kind'\]|"
           r"Argument `y` is a dict with keys \['wrong'\].*output names: \['kind', 'flag'\]")
    inputs = keras.Input((4,), name="features")
    single = keras.Model(inputs, layers.Dense(3, name="probs")(inputs))
    single.compile("sgd", "mse")
    raises(lambda: single.fit(X, {"wrong": ONE_HOT}, verbose=0),
           r"keys \['wrong'\].*Expected keys among the output names: \['probs'\]")
    single.fit(X, {"probs": ONE_HOT}, verbose=0)  # the right key trains


def test_dict_inputs_with_unknown_keys_name_the_inputs():
    inputs = keras.Input((4,), name="features")
    model = keras.Model(inputs, layers.Dense(3, name="probs")(inputs))
    model.compile("sgd", "mse")
    raises(lambda: model.fit({"wrong_name": X}, ONE_HOT, verbose=0),
           r"'features'.*keys \['wrong_name'\].*\['features'\]")


def test_ragged_rows_say_how_to_pad():
    rows = [[0.1, 0.2, 0.3, 0.4], [0.1, 0.2], [0.5, 0.6, 0.7]]
    message = raises(lambda: classifier().fit(rows, ONE_HOT[:3], verbose=0),
                     r"^Argument `x` is a list of 3 rows of different lengths \(row 0 has 4 "
                     r"values, row 1 has 2\)")
    assert "keras.utils.pad_sequences(x, padding='post'" in message
    assert "cardinality" not in message
    padded = keras.utils.pad_sequences(rows, maxlen=4, padding="post", dtype="float32")
    classifier().fit(padded, ONE_HOT[:3], verbose=0)  # the suggested fix works


def test_one_hot_labels_with_sparse_loss_hint_at_categorical():
    raises(lambda: classifier("sparse_categorical_crossentropy").fit(X, ONE_HOT, verbose=0),
           r"^Argument `y` has shape \(12, 3\): one-hot labels.*takes integer class indices of "
           r"shape \(12,\)\. Use `loss='categorical_crossentropy'`")


def test_nan_in_training_data_is_refused_with_fit_named():
    x = X.copy()
    x[2, 1] = np.nan
    message = raises(lambda: classifier().fit(x, ONE_HOT, verbose=0),
                     r"`x` contains NaN.*\(2, 1\).*before calling `fit\(\)`")
    assert "before training" not in message


@pytest.mark.parametrize("verbose", [-1, "yes", 1.5])
def test_verbose_must_be_auto_or_a_non_negative_int(verbose):
    raises(lambda: classifier().fit(X, ONE_HOT, verbose=verbose),
           rf"`verbose` must be 'auto' or an integer >= 0.*verbose={re.escape(repr(verbose))}")
