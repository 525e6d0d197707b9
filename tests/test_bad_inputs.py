"""Bad input across the public surface: each raises ValueError/TypeError naming the argument
and echoing what was received, never a torch traceback."""

import os
import zipfile

import numpy as np
import pytest

import torcheras as keras
from torcheras import layers

X = np.random.default_rng(0).random((20, 784)).astype("float32")
Y = keras.utils.to_categorical(np.arange(20) % 10, 10)


def mlp(compiled=True, loss="categorical_crossentropy", metrics=("accuracy",), out=10):
    m = keras.Sequential([keras.Input((784,)), layers.Dense(16, activation="relu"),
                          layers.Dense(out, activation="softmax" if out > 1 else "sigmoid")])
    if compiled:
        m.compile("rmsprop", loss, metrics=list(metrics))
    return m


def functional():
    inputs = keras.Input((784,), name="pixels")
    m = keras.Model(inputs, layers.Dense(10, activation="softmax", name="probs")(inputs))
    m.compile("rmsprop", "categorical_crossentropy")
    return m


def write_npz(tmp_path, **arrays):
    path = os.path.join(tmp_path, "mnist.npz")
    np.savez(path, **arrays)
    return path


def truncated_npz(tmp_path):
    path = write_npz(tmp_path, x_train=np.zeros((60000, 28, 28), "uint8"),
                     y_train=np.zeros(60000, "uint8"), x_test=np.zeros((10000, 28, 28), "uint8"),
                     y_test=np.zeros(10000, "uint8"))
    with open(path, "rb") as f:
        data = f.read()
    with open(path, "wb") as f:
        f.write(data[: len(data) // 3])
    return path


def wrong_shape_npz(tmp_path):
    return write_npz(tmp_path, x_train=np.zeros((10, 28, 28), "uint8"),
                     y_train=np.zeros(10, "uint8"), x_test=np.zeros((10, 28, 28), "uint8"),
                     y_test=np.zeros(10, "uint8"))


def not_a_zip(tmp_path):
    path = os.path.join(tmp_path, "mnist.npz")
    with open(path, "w") as f:
        f.write("this is not an npz file")
    return path


def _nan_x():
    x = X.copy()
    x[3, 5] = np.nan
    return x


CASES = [
    # Dense
    ("dense units zero", lambda: layers.Dense(0), ValueError, r"`units`.*Received: units=0"),
    ("dense units negative", lambda: layers.Dense(-3), ValueError, r"units=-3"),
    ("dense units string", lambda: layers.Dense("a"), ValueError, r"units='a'"),
    ("dense unknown activation", lambda: layers.Dense(3, activation="rellu"), ValueError,
     r"rellu.*relu"),
    ("dense unknown kwarg", lambda: layers.Dense(3, foo=1), TypeError, r"Dense.*foo"),
    ("dense 28x28 into 784", lambda: mlp()(np.zeros((2, 28, 28), "float32")), ValueError,
     r"dense.*784.*\(2, 28, 28\)"),
    ("dense unknown initializer", lambda: layers.Dense(3, kernel_initializer="glorot"),
     ValueError, r"glorot"),
    ("input_shape not ints", lambda: layers.Dense(3, input_shape=("a",)), ValueError,
     r"input_shape"),
    # Sequential
    ("sequential add non-layer", lambda: keras.Sequential().add("dense"), ValueError,
     r"Only instances of `keras.Layer`.*'dense'"),
    ("sequential layers not list", lambda: keras.Sequential(layers.Dense(2)), TypeError,
     r"`layers`"),
    ("sequential duplicate names", lambda: keras.Sequential(
        [layers.Dense(2, name="d"), layers.Dense(2, name="d")]), ValueError, r"unique names.*'d'"),
    ("sequential pop empty", lambda: keras.Sequential().pop(), TypeError, r"no layers"),
    ("sequential get_layer missing", lambda: mlp().get_layer("nope"), ValueError,
     r"No such layer: nope"),
    # compile
    ("compile unknown optimizer", lambda: mlp(False).compile("rmsprp", "mse"), ValueError,
     r"rmsprp.*Did you mean 'rmsprop'"),
    ("compile unknown loss", lambda: mlp(False).compile("sgd", "categorical_crossentropyy"),
     ValueError, r"categorical_crossentropyy.*categorical_crossentropy"),
    ("compile unknown metric", lambda: mlp(False).compile(
        "sgd", "mse", metrics=["accuracyy"]).__class__ and mlp_fit_metric("accuracyy"),
     ValueError, r"accuracyy"),
    ("compile metrics not list", lambda: mlp(False).compile("sgd", "mse", metrics="accuracy"),
     TypeError, r"`metrics`.*accuracy"),
    ("compile unknown kwarg", lambda: mlp(False).compile("sgd", "mse", lr=0.1), TypeError,
     r"compile\(\).*'lr'"),
    # fit
    ("fit before compile", lambda: mlp(False).fit(X, Y, verbose=0), RuntimeError,
     r"compile\(\)` before calling `fit\(\)"),
    ("fit negative epochs", lambda: mlp().fit(X, Y, epochs=-1, verbose=0), ValueError,
     r"`epochs`.*epochs=-1"),
    ("fit zero batch size", lambda: mlp().fit(X, Y, batch_size=0, verbose=0), ValueError,
     r"`batch_size`.*batch_size=0"),
    ("fit float batch size", lambda: mlp().fit(X, Y, batch_size=2.5, verbose=0), TypeError,
     r"batch_size=2.5"),
    ("fit epoch typo", lambda: mlp().fit(X, Y, epoch=2, verbose=0), TypeError,
     r"'epoch'.*Did you mean 'epochs'"),
    ("fit length mismatch", lambda: mlp().fit(X, Y[:15], verbose=0), ValueError,
     r"'x' sizes: 20.*'y' sizes: 15"),
    ("fit empty arrays", lambda: mlp().fit(X[:0], Y[:0], verbose=0), ValueError,
     r"0 samples"),
    ("fit nan inputs", lambda: mlp().fit(_nan_x(), Y, verbose=0), ValueError,
     r"`x` contains NaN.*\(3, 5\)"),
    ("fit nan labels", lambda: mlp().fit(X, np.full_like(Y, np.nan), verbose=0), ValueError,
     r"`y` contains NaN"),
    ("fit 28x28 images", lambda: mlp().fit(X.reshape(20, 28, 28), Y, verbose=0), ValueError,
     r"`x` has shape \(20, 28, 28\).*\(None, 784\)"),
    ("fit labels out of range", lambda: mlp(loss="sparse_categorical_crossentropy").fit(
        X, np.arange(20), verbose=0), ValueError, r"`y`.*\[0, 19\].*10 output units"),
    ("fit int labels with categorical loss", lambda: mlp().fit(X, np.arange(20) % 10, verbose=0),
     ValueError, r"`y` has shape \(20,\).*to_categorical"),
    ("fit one-hot width mismatch", lambda: mlp().fit(X, Y[:, :5], verbose=0), ValueError,
     r"`y` has shape \(20, 5\).*\(None, 10\)"),
    ("fit bad validation_split", lambda: mlp().fit(X, Y, validation_split=1.5, verbose=0),
     ValueError, r"validation_split=1.5"),
    ("fit bad verbose", lambda: mlp().fit(X, Y, verbose=-1), ValueError,
     r"`verbose` must be 'auto' or an integer >= 0.*verbose=-1"),
    ("fit verbose string", lambda: mlp().fit(X, Y, verbose="loud"), ValueError,
     r"verbose='loud'"),
    ("fit string data", lambda: mlp().fit(np.array([["a"] * 784] * 20), Y, verbose=0),
     ValueError, r"`x` holds strings"),
    ("fit ragged data", lambda: mlp().fit(np.array([[1, 2], [1]], dtype=object), Y[:2],
                                          verbose=0), ValueError, r"`x`.*pad_sequences"),
    ("fit bad validation_data", lambda: mlp().fit(X, Y, validation_data=(X,), verbose=0),
     ValueError, r"`validation_data`.*length 1"),
    ("fit callbacks not callbacks", lambda: mlp().fit(X, Y, callbacks=[print], verbose=0),
     TypeError, r"`callbacks`"),
    # evaluate / predict
    ("evaluate before compile", lambda: mlp(False).evaluate(X, Y, verbose=0), RuntimeError,
     r"compile\(\)` before calling `evaluate\(\)"),
    ("evaluate length mismatch", lambda: mlp().evaluate(X, Y[:3], verbose=0), ValueError,
     r"'x' sizes: 20.*'y' sizes: 3"),
    ("evaluate negative steps", lambda: mlp().evaluate(X, Y, steps=-2, verbose=0), ValueError,
     r"steps=-2"),
    ("predict wrong shape", lambda: mlp().predict(np.zeros((4, 10), "float32"), verbose=0),
     ValueError, r"`x` has shape \(4, 10\).*\(None, 784\)"),
    ("fit nan validation data", lambda: mlp().fit(X, Y, validation_data=(_nan_x(), Y),
                                                  verbose=0), ValueError,
     r"`validation_data\[0\]` contains NaN.*before calling `fit\(\)`"),
    ("predict none", lambda: mlp().predict(None, verbose=0), ValueError, r"x=None"),
    ("fit binary labels outside [0, 1]", lambda: mlp(loss="binary_crossentropy", out=1).fit(
        X, np.arange(20, dtype="float32"), verbose=0), ValueError,
     r"`y` holds values in \[0, 19\].*`binary_crossentropy` takes labels in \[0, 1\]"),
    ("fit y missing", lambda: mlp().fit(X, None, verbose=0), ValueError,
     r"Argument `y` is missing.*loss='categorical_crossentropy'"),
    ("fit y dict wrong key", lambda: functional().fit(X, {"wrong": Y}, verbose=0), ValueError,
     r"keys \['wrong'\].*output names: \['probs'\]"),
    ("fit x dict wrong key", lambda: functional().fit({"wrong_name": X}, Y, verbose=0),
     ValueError, r"keys \['wrong_name'\].*\['pixels'\]"),
    ("fit ragged rows", lambda: mlp().fit([[0.5] * 784, [0.5] * 700], Y[:2], verbose=0),
     ValueError, r"`x` is a list of 2 rows of different lengths.*pad_sequences"),
    ("fit sparse loss one-hot labels", lambda: mlp(loss="sparse_categorical_crossentropy").fit(
        X, Y, verbose=0), ValueError, r"one-hot labels.*loss='categorical_crossentropy'"),
    # optimizers
    ("optimizer unknown kwarg", lambda: keras.optimizers.SGD(learning_rat=0.1), TypeError,
     r"learning_rat"),
    ("optimizer bad rho", lambda: keras.optimizers.RMSprop(rho=1.5), ValueError, r"rho"),
    ("optimizers.get unknown", lambda: keras.optimizers.get("adamm"), ValueError,
     r"adamm.*adam"),
    ("clipnorm with global_clipnorm", lambda: keras.optimizers.SGD(clipnorm=1.0,
                                                                   global_clipnorm=1.0),
     ValueError, r"clipnorm"),
    # losses and metrics
    ("loss shape mismatch", lambda: keras.losses.MeanSquaredError()(
        np.zeros((4, 3)), np.zeros((4, 2))), ValueError, r"\(4, 3\).*\(4, 2\)|\(4, 2\).*\(4, 3\)"),
    ("losses.get unknown", lambda: keras.losses.get("msee"), ValueError, r"msee.*mse"),
    ("label smoothing out of range", lambda: keras.losses.CategoricalCrossentropy(
        label_smoothing=2.0), ValueError, r"label_smoothing"),
    ("metrics.get unknown", lambda: keras.metrics.get("precisionn"), ValueError,
     r"precisionn.*precision"),
    ("top k zero", lambda: keras.metrics.TopKCategoricalAccuracy(k=0), ValueError, r"k"),
    ("threshold out of range", lambda: keras.metrics.Precision(thresholds=1.5), ValueError,
     r"(?i)threshold.*1.5"),
    # to_categorical
    ("to_categorical negative", lambda: keras.utils.to_categorical([0, -1, 2]), ValueError,
     r"-1"),
    ("to_categorical out of range", lambda: keras.utils.to_categorical([0, 5], num_classes=3),
     ValueError, r"num_classes"),
    ("to_categorical fractional", lambda: keras.utils.to_categorical([0.5, 1.0]), ValueError,
     r"0.5"),
    ("to_categorical negative classes", lambda: keras.utils.to_categorical([0], num_classes=-2),
     ValueError, r"num_classes=-2"),
]


def mlp_fit_metric(name):
    m = mlp(False)
    m.compile("sgd", "categorical_crossentropy", metrics=[name])
    m.fit(X, Y, verbose=0)


MNIST_CASES = [
    ("mnist truncated", truncated_npz, r"mnist"),
    ("mnist wrong shapes", wrong_shape_npz, r"mnist"),
    ("mnist not a zip", not_a_zip, r"mnist"),
]


@pytest.mark.parametrize("name,fn,exc,pattern", CASES, ids=[c[0] for c in CASES])
def test_bad_input(name, fn, exc, pattern):
    with pytest.raises(exc, match=pattern) as info:
        fn()
    assert not type(info.value).__module__.startswith("torch.")


@pytest.mark.parametrize("name,make,pattern", MNIST_CASES, ids=[c[0] for c in MNIST_CASES])
def test_bad_mnist_file(name, make, pattern, tmp_path, monkeypatch):
    monkeypatch.setenv("TORCHERAS_OFFLINE", "1")
    monkeypatch.setenv("TORCHERAS_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.delenv("TORCHERAS_DATA_DIR", raising=False)
    path = make(str(tmp_path))
    with pytest.raises((ValueError, OSError), match=pattern) as info:
        keras.datasets.mnist.load_data(path=path)
    assert path in str(info.value) or "mnist" in str(info.value)


# ---------------------------------------------------------------------------------------
# saving: bad files, wrong kinds, safe mode (each error names the file)
# ---------------------------------------------------------------------------------------
def _saved(tmp_path, name="m.keras"):
    model = mlp()
    path = os.path.join(tmp_path, name)
    if name.endswith(".weights.h5"):
        model.save_weights(path)
    else:
        model.save(path)
    return path


def _truncate(path, keep=0.5):
    with open(path, "rb") as f:
        data = f.read()
    with open(path, "wb") as f:
        f.write(data[: int(len(data) * keep)])
    return path


def _text_file(tmp_path, name):
    path = os.path.join(tmp_path, name)
    with open(path, "w") as f:
        f.write("this is a text file, not a model\n")
    return path


def _zip_without_config(tmp_path):
    path = os.path.join(tmp_path, "noconfig.keras")
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("metadata.json", "{}")
    return path


def _zip_with_bad_json(tmp_path):
    path = os.path.join(tmp_path, "badjson.keras")
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("config.json", "{not json")
    return path


def _zip_with_bad_crc(tmp_path):
    path = _saved(tmp_path)
    with open(path, "rb") as f:
        data = bytearray(f.read())
    start = data.find(b'"class_name"')  # inside config.json, stored compressed or not
    data[start + 2] ^= 0xFF
    with open(path, "wb") as f:
        f.write(bytes(data))
    return path


def _lambda_file(tmp_path):
    model = keras.Sequential([keras.Input((2,)), layers.Lambda(lambda t: t + 1.0)])
    path = os.path.join(tmp_path, "lambda.keras")
    model.save(path)
    return path


def _empty(tmp_path, name):
    path = os.path.join(tmp_path, name)
    open(path, "wb").close()
    return path


def _unbuilt():
    return keras.Sequential([layers.Dense(2)])


SAVING_CASES = [
    ("load_model truncated .keras", lambda t: keras.saving.load_model(
        _truncate(_saved(t))), ValueError, r"not a valid `\.keras` file.*truncated or corrupt"),
    ("load_model text file named .keras", lambda t: keras.saving.load_model(
        _text_file(t, "m.keras")), ValueError, r"not a valid `\.keras` file: it is not a zip"),
    ("load_model empty .keras", lambda t: keras.saving.load_model(_empty(t, "e.keras")),
     ValueError, r"is empty \(0 bytes\)"),
    ("load_model missing file", lambda t: keras.saving.load_model(
        os.path.join(t, "missing.keras")), ValueError, r"File not found: filepath=.*missing"),
    ("load_model .keras without config.json", lambda t: keras.saving.load_model(
        _zip_without_config(t)), ValueError, r"has no `config\.json`"),
    ("load_model .keras with bad JSON", lambda t: keras.saving.load_model(
        _zip_with_bad_json(t)), ValueError, r"`config\.json` is not valid JSON"),
    ("load_model .keras with a corrupt entry", lambda t: keras.saving.load_model(
        _zip_with_bad_crc(t)), ValueError, r"corrupt"),
    ("load_model truncated .h5", lambda t: keras.saving.load_model(
        _truncate(_saved(t, "w.weights.h5"), 0.3)),
     ValueError, r"not a valid HDF5 model file: it is truncated or corrupt"),
    ("load_model text file named .h5", lambda t: keras.saving.load_model(
        _text_file(t, "m.h5")), ValueError, r"not a valid HDF5 model file: it is not an HDF5"),
    ("load_model weights-only file", lambda t: keras.saving.load_model(
        _saved(t, "w.weights.h5")), ValueError, r"No model config found.*weights only"),
    ("load_model unknown extension", lambda t: keras.saving.load_model(
        _text_file(t, "m.txt")), ValueError, r"File format not supported: filepath=.*m\.txt"),
    ("load_model a directory", lambda t: keras.saving.load_model(t), ValueError,
     r"is a directory"),
    ("load_model filepath not a path", lambda t: keras.saving.load_model(123), TypeError,
     r"Argument `filepath` must be a string or a path\. Received: filepath=123"),
    ("load_model Lambda in safe mode", lambda t: keras.saving.load_model(_lambda_file(t)),
     ValueError, r"safe_mode=False.*enable_unsafe_deserialization"),
    ("load_weights truncated .weights.h5", lambda t: mlp().load_weights(
        _truncate(_saved(t, "w.weights.h5"), 0.3)), ValueError,
     r"not a valid weights file: it is truncated or corrupt"),
    ("load_weights text file", lambda t: mlp().load_weights(_text_file(t, "w.weights.h5")),
     ValueError, r"File format not supported"),
    ("load_weights into another architecture", lambda t: mlp(out=3).load_weights(
        _saved(t, "w.weights.h5")), ValueError, r"do not match.*w\.weights\.h5"),
    ("load_weights into an unbuilt model", lambda t: _unbuilt().load_weights(
        _saved(t, "w.weights.h5")), ValueError, r"has not yet been built"),
    ("save unbuilt model", lambda t: _unbuilt().save(os.path.join(t, "u.keras")), ValueError,
     r"has not yet been built"),
    ("save unknown extension", lambda t: mlp().save(os.path.join(t, "m.txt")), ValueError,
     r"Invalid filepath extension for saving.*m\.txt"),
    ("save_weights to .keras", lambda t: mlp().save_weights(os.path.join(t, "w.keras")),
     ValueError, r"must end in `\.weights\.h5`.*w\.keras"),
    ("deserialize unknown class", lambda t: keras.saving.deserialize_keras_object(
        {"module": "keras.layers", "class_name": "NoSuchLayer", "config": {}}), TypeError,
     r"Could not locate class 'NoSuchLayer'"),
    ("model_from_json not JSON", lambda t: keras.models.model_from_json("{oops"), ValueError,
     r"`json_string` is not valid JSON"),
    ("export unknown format", lambda t: mlp().export(os.path.join(t, "m"), format="tf"),
     ValueError, r"Unrecognized format='tf'"),
]


@pytest.mark.parametrize("name,fn,exc,pattern", SAVING_CASES, ids=[c[0] for c in SAVING_CASES])
def test_bad_saving_input(name, fn, exc, pattern, tmp_path):
    with pytest.raises(exc, match=pattern) as info:
        fn(str(tmp_path))
    assert not type(info.value).__module__.startswith(("torch.", "h5py", "zipfile"))
    message = str(info.value)
    if "filepath" not in name and "deserialize" not in name and "json" not in name \
            and "export" not in name and "unbuilt" not in name and "zipped" not in name:
        assert str(tmp_path) in message, message
