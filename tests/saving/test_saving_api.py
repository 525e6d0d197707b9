"""keras.saving API: file layout, models of every kind, custom objects, safe mode, atomic
writes, weights files, legacy HDF5, the file editor, clone_model and JSON."""

from __future__ import annotations

import json
import os
import zipfile

import h5py
import numpy as np
import pytest

import torcheras as keras
from torcheras.saving import _files


def mlp(seed=0, name="mlp"):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="relu"),
                              keras.layers.Dense(2)], name=name)
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    return model


def xy(n=8):
    rng = np.random.default_rng(0)
    return rng.normal(size=(n, 4)).astype("float32"), rng.normal(size=(n, 2)).astype("float32")


# ---------------------------------------------------------------------------------------
# the .keras layout
# ---------------------------------------------------------------------------------------
def test_keras_file_has_keras3_entries_and_weight_paths(tmp_path):
    model = mlp()
    model.fit(*xy(), epochs=1, verbose=0)
    path = tmp_path / "m.keras"
    model.save(path)
    with zipfile.ZipFile(path) as zf:
        assert sorted(zf.namelist()) == ["config.json", "metadata.json", "model.weights.h5"]
        config = json.loads(zf.read("config.json"))
        metadata = json.loads(zf.read("metadata.json"))
        zf.extract("model.weights.h5", tmp_path)
    assert set(metadata) == {"keras_version", "date_saved"}
    assert metadata["keras_version"].startswith("3.")
    assert config["module"] == "keras" and config["class_name"] == "Sequential"
    assert config["registered_name"] is None
    dense = config["config"]["layers"][1]
    assert dense["module"] == "keras.layers" and dense["class_name"] == "Dense"
    assert dense["build_config"] == {"input_shape": [None, 4]}
    assert dense["config"]["dtype"]["class_name"] == "DTypePolicy"
    assert config["compile_config"]["loss"] == "mse"
    assert config["compile_config"]["optimizer"]["class_name"] == "Adam"
    with h5py.File(tmp_path / "model.weights.h5") as f:
        paths = []
        f.visititems(lambda n, o: paths.append(n) if isinstance(o, h5py.Dataset) else None)
        assert f["vars"].attrs["name"] == "mlp"
        assert f["layers/dense_1/vars"].attrs["name"] == model.layers[1].name
    assert sorted(paths) == sorted(
        ["layers/dense/vars/0", "layers/dense/vars/1", "layers/dense_1/vars/0",
         "layers/dense_1/vars/1"] + [f"optimizer/vars/{i}" for i in range(10)])


def test_subclassed_model_with_get_config_round_trips(tmp_path):
    @keras.saving.register_keras_serializable(package="api_test")
    class Net(keras.Model):
        def __init__(self, units=3, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.blocks = [keras.layers.Dense(units, activation="relu"),
                           keras.layers.Dense(units)]
            self.head = keras.layers.Dense(1)

        def call(self, x):
            for block in self.blocks:
                x = block(x)
            return self.head(x)

        def get_config(self):
            return {**super().get_config(), "units": self.units}

    net = Net(units=4, name="net")
    net.compile(optimizer="rmsprop", loss="mse")
    x, y = xy()
    net.fit(x, y[:, :1], epochs=2, verbose=0)
    path = tmp_path / "net.keras"
    net.save(path)
    loaded = keras.saving.load_model(path)
    assert type(loaded) is Net and loaded.units == 4
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), net.predict(x, verbose=0))
    net.train_on_batch(x, y[:, :1])
    loaded.train_on_batch(x, y[:, :1])
    for a, b in zip(net.weights, loaded.weights):
        np.testing.assert_array_equal(b.numpy(), a.numpy())
    net.save_weights(tmp_path / "w.weights.h5")
    with h5py.File(tmp_path / "w.weights.h5") as f:
        assert "blocks/dense/vars/0" in f and "blocks/dense_1/vars/0" in f
        assert "head/vars/0" in f


def test_functional_with_operators_shared_layers_and_nested_model(tmp_path):
    keras.utils.set_random_seed(1)
    inner = keras.Sequential([keras.layers.Dense(4, name="inner_dense")], name="inner")
    a = keras.Input((3,), name="a")
    b = keras.Input((3,), name="b")
    shared = keras.layers.Dense(3, name="shared")
    h = shared(a) + 2.0 * shared(b)
    h = inner(h)
    out = keras.layers.Dense(1, name="out")(1.0 - h[:, :2])
    model = keras.Model([a, b], out)
    x = [np.ones((2, 3), "float32"), np.full((2, 3), 0.5, "float32")]
    path = tmp_path / "f.keras"
    model.save(path)
    loaded = keras.saving.load_model(path)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0),
                               atol=1e-7)
    assert [la.name for la in loaded.layers] == [la.name for la in model.layers]
    config = loaded.get_layer("shared")
    assert len(config._inbound_nodes) == 2


def test_get_config_from_config_and_json_round_trip():
    model = mlp()
    clone = keras.models.model_from_json(model.to_json())
    assert [type(la) for la in clone.layers] == [type(la) for la in model.layers]
    config = keras.saving.serialize_keras_object(model)
    again = keras.saving.deserialize_keras_object(config)
    assert again.output_shape == (None, 2)
    assert model.get_compile_config()["metrics"] == ["mae"]
    assert model.get_build_config() == {"input_shape": [None, 4]}


def test_clone_model_makes_new_weights_with_the_same_architecture():
    model = mlp()
    clone = keras.models.clone_model(model)
    assert all(a is not b for a, b in zip(clone.weights, model.weights))
    assert [la.name for la in clone.layers] == [la.name for la in model.layers]
    a = keras.Input((3,))
    fn = keras.Model(a, keras.layers.Dense(2)(keras.layers.Dense(3)(a)))
    twin = keras.models.clone_model(fn, clone_function=lambda layer: layer)
    assert twin.layers[1] is fn.layers[1]


# ---------------------------------------------------------------------------------------
# custom objects and registration
# ---------------------------------------------------------------------------------------
def test_custom_layer_needs_custom_objects_or_registration(tmp_path):
    class Scale(keras.layers.Layer):
        def __init__(self, factor=2.0, **kwargs):
            super().__init__(**kwargs)
            self.factor = factor

        def call(self, x):
            return x * self.factor

        def get_config(self):
            return {**super().get_config(), "factor": self.factor}

    model = keras.Sequential([keras.Input((2,)), Scale(3.0, name="scale")])
    path = tmp_path / "c.keras"
    model.save(path)
    with pytest.raises(TypeError, match="Could not locate class 'Scale'"):
        keras.saving.load_model(path)
    loaded = keras.saving.load_model(path, custom_objects={"Scale": Scale})
    assert loaded.get_layer("scale").factor == 3.0
    with keras.saving.custom_object_scope({"Scale": Scale}):
        assert keras.saving.load_model(path).get_layer("scale").factor == 3.0
    with keras.utils.CustomObjectScope({"Scale": Scale}):
        assert keras.models.load_model(path).get_layer("scale").factor == 3.0


def test_registration_names():
    @keras.saving.register_keras_serializable(package="pkg", name="Thing")
    class Thing:
        def get_config(self):
            return {}

    assert keras.saving.get_registered_name(Thing) == "pkg>Thing"
    assert keras.saving.get_registered_object("pkg>Thing") is Thing
    assert keras.saving.get_custom_objects()["pkg>Thing"] is Thing
    config = keras.saving.serialize_keras_object(Thing())
    assert config["registered_name"] == "pkg>Thing"
    assert keras.saving.get_registered_name(keras.layers.Dense) == "Dense"
    with pytest.raises(ValueError, match="get_config"):
        keras.saving.register_keras_serializable()(type("NoConfig", (), {}))


# ---------------------------------------------------------------------------------------
# safe mode
# ---------------------------------------------------------------------------------------
def lambda_model():
    return keras.Sequential([keras.Input((2,)), keras.layers.Lambda(lambda t: t * 3.0),
                             keras.layers.Dense(1)])


def test_lambda_is_refused_in_safe_mode_with_how_to_opt_in(tmp_path):
    path = tmp_path / "lam.keras"
    lambda_model().save(path)
    with pytest.raises(ValueError) as info:
        keras.saving.load_model(path)
    message = str(info.value)
    assert "arbitrary code execution" in message
    assert "safe_mode=False" in message
    assert "keras.config.enable_unsafe_deserialization()" in message
    model = keras.saving.load_model(path, safe_mode=False)
    x = np.ones((1, 2), "float32")
    assert model.layers[0](x).numpy().tolist() == [[3.0, 3.0]]


def test_enable_unsafe_deserialization_opts_in_globally(tmp_path):
    from torcheras.saving import _safe_mode

    path = tmp_path / "lam.keras"
    lambda_model().save(path)
    keras.config.enable_unsafe_deserialization()
    try:
        assert keras.saving.load_model(path) is not None
    finally:
        _safe_mode._disable_unsafe_deserialization()
    with pytest.raises(ValueError, match="safe_mode=False"):
        keras.saving.load_model(path)


def test_plain_lambda_config_is_refused_by_deserialize_keras_object():
    config = keras.saving.serialize_keras_object(lambda_model().layers[0])
    with pytest.raises(ValueError, match="Lambda"):
        keras.saving.deserialize_keras_object(config)


# ---------------------------------------------------------------------------------------
# atomic writes
# ---------------------------------------------------------------------------------------
def test_failed_save_leaves_the_previous_file_intact(tmp_path, monkeypatch):
    model = mlp()
    path = tmp_path / "m.keras"
    model.save(path)
    before = path.read_bytes()
    from torcheras.saving import _keras_zip

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(_keras_zip, "weights_bytes", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        model.save(path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["m.keras"]  # no temporary file left


def test_atomic_write_fsyncs_and_renames(tmp_path, monkeypatch):
    calls = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append("fsync"), real_fsync(fd)))
    monkeypatch.setattr(os, "replace", lambda a, b: (calls.append(("replace", a, b)),
                                                     real_replace(a, b)))
    target = tmp_path / "w.weights.h5"
    with _files.atomic_write(target) as f:
        f.write(b"data")
    assert calls[0] == "fsync"
    kind, source, dest = calls[1]
    assert kind == "replace" and os.path.dirname(source) == str(tmp_path)
    assert dest == str(target) and target.read_bytes() == b"data"


# ---------------------------------------------------------------------------------------
# weights files
# ---------------------------------------------------------------------------------------
def test_save_weights_load_weights_keeps_optimizer_state(tmp_path):
    model = mlp()
    x, y = xy()
    model.fit(x, y, epochs=2, verbose=0)
    model.save_weights(tmp_path / "m.weights.h5")
    fresh = mlp(seed=5)
    fresh.load_weights(tmp_path / "m.weights.h5")  # optimizer built on load
    for a, b in zip(model.weights + model.optimizer.variables,
                    fresh.weights + fresh.optimizer.variables):
        np.testing.assert_array_equal(np.asarray(b.numpy()), np.asarray(a.numpy()))
    model.train_on_batch(x, y)
    fresh.train_on_batch(x, y)
    np.testing.assert_array_equal(fresh.predict(x, verbose=0), model.predict(x, verbose=0))


def test_load_weights_from_a_keras_file(tmp_path):
    model = mlp()
    model.save(tmp_path / "m.keras")
    fresh = mlp(seed=3)
    fresh.load_weights(tmp_path / "m.keras")
    x, _ = xy()
    np.testing.assert_array_equal(fresh.predict(x, verbose=0), model.predict(x, verbose=0))


def test_skip_mismatch_loads_what_matches(tmp_path):
    model = mlp()
    model.save_weights(tmp_path / "m.weights.h5")
    other = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3),
                              keras.layers.Dense(5)])
    with pytest.raises(ValueError, match=r"do not match.*\(3, 2\).*\(3, 5\)|\(3, 5\).*\(3, 2\)"):
        other.load_weights(tmp_path / "m.weights.h5")
    with pytest.warns(UserWarning, match="Skipping loading weights"):
        other.load_weights(tmp_path / "m.weights.h5", skip_mismatch=True)
    np.testing.assert_array_equal(other.layers[0].kernel.numpy(),
                                  model.layers[0].kernel.numpy())


def test_legacy_h5_model_and_weights_round_trip(tmp_path):
    model = mlp()
    x, y = xy()
    model.fit(x, y, epochs=1, verbose=0)
    with pytest.warns(UserWarning, match="legacy"):
        model.save(tmp_path / "m.h5")
    with h5py.File(tmp_path / "m.h5") as f:
        assert {"model_config", "training_config", "keras_version"} <= set(f.attrs)
        first = model.layers[0].name
        assert [n.decode() for n in f["model_weights"].attrs["layer_names"]] == [
            la.name for la in model.layers]
        assert [n.decode() for n in f[f"model_weights/{first}"].attrs["weight_names"]] == [
            f"{first}/kernel:0", f"{first}/bias:0"]
    loaded = keras.models.load_model(tmp_path / "m.h5")
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    model.train_on_batch(x, y)
    loaded.train_on_batch(x, y)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0),
                               atol=1e-7)
    model.save_weights(tmp_path / "w.h5")  # Keras 2 programs
    fresh = mlp(seed=4)
    fresh.load_weights(tmp_path / "w.h5")
    np.testing.assert_array_equal(fresh.predict(x, verbose=0), model.predict(x, verbose=0))


# ---------------------------------------------------------------------------------------
# KerasFileEditor
# ---------------------------------------------------------------------------------------
def test_file_editor_edits_and_resaves(tmp_path, capsys):
    model = mlp()
    model.save(tmp_path / "m.keras")
    editor = keras.saving.KerasFileEditor(tmp_path / "m.keras")
    editor.summary()
    out = capsys.readouterr().out
    assert "layers/dense" in out and "shape=(4, 3)" in out
    report = editor.compare(model)
    assert report["status"] == "success" and report["error_count"] == 0
    assert report["match_count"] == len(editor._objects)
    new_kernel = np.full((3, 2), 0.25, "float32")
    editor.add_weights("layers/dense_1", {"0": new_kernel})
    editor.save(tmp_path / "edited.keras")
    edited = keras.saving.load_model(tmp_path / "edited.keras")
    np.testing.assert_array_equal(edited.layers[1].kernel.numpy(), new_kernel)
    editor.rename_object("layers/dense_1", "dense_9")
    assert "layers/dense_9" in editor._objects
    assert editor.compare(model)["status"] == "error"
    editor.delete_weight("layers/dense_9", "1")
    editor.delete_object("layers/dense_9")
    with pytest.raises(ValueError, match="Object 'layers/nope' not found"):
        editor.delete_object("layers/nope")
    editor.resave_weights(tmp_path / "w.weights.h5")
    assert "layers/dense_9" not in keras.saving.KerasFileEditor(
        tmp_path / "w.weights.h5")._objects


def test_functional_get_config_is_keras3_and_model_from_config_rebuilds_it():
    keras.utils.set_random_seed(0)
    a = keras.Input((3,), name="feats")
    h = keras.layers.Dense(4, activation="relu", name="h")(a)
    model = keras.Model(a, {"y": keras.layers.Dense(2, name="y")(h)}, name="fn")
    config = model.get_config()
    assert config["input_layers"] == ["feats", 0, 0]
    assert config["output_layers"] == {"y": ["y", 0, 0]}
    h_config = next(la for la in config["layers"] if la["name"] == "h")
    history = h_config["inbound_nodes"][0]["args"][0]["config"]["keras_history"]
    assert history == ["feats", 0, 0]
    twin = keras.Model.from_config(config)
    assert type(twin) is keras.models.Functional
    twin.set_weights(model.get_weights())
    x = np.ones((2, 3), "float32")
    np.testing.assert_array_equal(twin.predict(x, verbose=0)["y"],
                                  model.predict(x, verbose=0)["y"])


def test_a_file_cannot_make_us_import_a_module(monkeypatch):
    import sys

    monkeypatch.delitem(sys.modules, "antigravity", raising=False)
    config = {"module": "antigravity", "class_name": "Thing", "config": {},
              "registered_name": None}
    with pytest.raises(TypeError, match="Could not locate class 'Thing'"):
        keras.saving.deserialize_keras_object(config)
    assert "antigravity" not in sys.modules
    function = {"module": "os", "class_name": "function", "config": "system",
                "registered_name": "system"}
    with pytest.raises(TypeError, match="Could not locate function 'system'"):
        keras.saving.deserialize_keras_object(function)


def test_registered_function_found_by_bare_name_of_old_files():
    @keras.saving.register_keras_serializable(package="old_files")
    def halve(x):
        return x / 2

    config = {"module": "builtins", "class_name": "function", "config": "halve",
              "registered_name": "halve"}
    assert keras.saving.deserialize_keras_object(config) is halve


def test_nadam_running_product_rebuilt_for_tf_keras_files(tmp_path):
    # tf.keras stores Nadam's iteration and slots only (no learning rate, no running
    # product of its momentum schedule): the product is recomputed from the step count.
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    model.compile(optimizer=keras.optimizers.Nadam(0.01), loss="mse")
    x, y = xy()
    for _ in range(3):
        model.train_on_batch(x, y)
    path = tmp_path / "nadam.h5"
    with pytest.warns(UserWarning, match="legacy"):
        model.save(path)
    with h5py.File(path, "r+") as f:
        group = f["optimizer_weights"]
        names = [n.decode() for n in group.attrs["weight_names"]]
        kept = [names[0]] + names[2:-1]  # drop learning_rate and the running product
        values = [np.asarray(group[n]) for n in kept]
        del f["optimizer_weights"]
        new = f.create_group("optimizer_weights")
        new.attrs["weight_names"] = np.array([n.encode() for n in kept])
        for n, v in zip(kept, values):
            new.create_dataset(n, data=v)
    loaded = keras.saving.load_model(path)
    assert loaded.optimizer._u_product._value == model.optimizer._u_product._value
    model.train_on_batch(x, y)
    loaded.train_on_batch(x, y)
    for a, b in zip(model.weights, loaded.weights):
        np.testing.assert_array_equal(b.numpy(), a.numpy())


def test_unzipped_folder_round_trips_and_replaces_atomically(tmp_path):
    model = mlp()
    x, y = xy()
    model.fit(x, y, epochs=1, verbose=0)
    folder = tmp_path / "model_dir"
    model.save(folder, zipped=False)
    assert sorted(os.listdir(folder)) == ["config.json", "metadata.json", "model.weights.h5"]
    loaded = keras.saving.load_model(folder)
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    model.fit(x, y, epochs=1, verbose=0)
    keras.saving.save_model(model, folder, zipped=False)  # replaces the folder
    assert os.listdir(tmp_path) == ["model_dir"]
    again = keras.saving.load_model(folder)
    np.testing.assert_array_equal(again.predict(x, verbose=0), model.predict(x, verbose=0))


def test_links_in_a_weights_file_are_refused(tmp_path):
    model = mlp()
    model.save_weights(tmp_path / "m.weights.h5")
    with h5py.File(tmp_path / "other.h5", "w") as other:
        other.create_dataset("x", data=np.zeros((4, 3), "float32"))
    with h5py.File(tmp_path / "m.weights.h5", "r+") as f:
        del f["layers/dense/vars/0"]
        f["layers/dense/vars/0"] = h5py.ExternalLink(str(tmp_path / "other.h5"), "x")
    with pytest.raises(ValueError, match="Not allowed: the weights file links"):
        mlp().load_weights(tmp_path / "m.weights.h5")
    with pytest.raises(ValueError, match="Not allowed"):
        keras.saving.KerasFileEditor(tmp_path / "m.weights.h5")


def test_file_editor_finds_objects_by_unique_leaf_name(tmp_path):
    model = mlp()
    model.save_weights(tmp_path / "m.weights.h5")
    editor = keras.saving.KerasFileEditor(tmp_path / "m.weights.h5")
    editor.rename_object("dense_1", "renamed")
    assert "layers/renamed" in editor.weights_dict["layers"] or \
        "renamed" in editor.weights_dict["layers"]
    with pytest.raises(ValueError, match="should be a leaf name"):
        editor.rename_object("renamed", "layers/x")


def test_decompression_bomb_entries_are_refused(tmp_path, monkeypatch):
    path = tmp_path / "bomb.keras"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("config.json", json.dumps({"class_name": "Sequential", "config": {}}))
        zf.writestr("metadata.json", "{}")
        zf.writestr("model.weights.h5", b"\0" * 2_000_000)
    monkeypatch.setattr(_files, "_BOMB_FLOOR_BYTES", 1_000_000)
    with pytest.raises(ValueError, match="decompression bomb"):
        keras.saving.KerasFileEditor(path)


def test_adapted_vocabulary_is_saved_as_an_asset(tmp_path):
    lookup = keras.layers.IntegerLookup(name="ids")
    lookup.adapt(np.array([7, 8, 8, 9, 9, 9]))
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((3,), dtype="int64"), lookup,
                              keras.layers.Embedding(5, 2), keras.layers.Flatten(),
                              keras.layers.Dense(1)])
    path = tmp_path / "vocab.keras"
    model.save(path)
    with zipfile.ZipFile(path) as zf:
        text = zf.read("assets/layers/integer_lookup/vocabulary.txt").decode()
    assert text.splitlines() == ["-1", "9", "8", "7"]  # OOV first, then by frequency
    loaded = keras.saving.load_model(path)
    assert loaded.get_layer("ids").get_vocabulary() == [-1, 9, 8, 7]
    x = np.array([[7, 9, 5]])
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    model.save(tmp_path / "vocab_dir", zipped=False)
    assert os.path.exists(tmp_path / "vocab_dir/assets/layers/integer_lookup/vocabulary.txt")
    from_dir = keras.saving.load_model(tmp_path / "vocab_dir")
    assert from_dir.get_layer("ids").get_vocabulary() == [-1, 9, 8, 7]
    keras.saving.KerasFileEditor(path).save(tmp_path / "edited.keras")  # assets kept
    edited = keras.saving.load_model(tmp_path / "edited.keras")
    assert edited.get_layer("ids").get_vocabulary() == [-1, 9, 8, 7]
