"""Keras 1/2 module paths through the runner's import hook (``python -m torcheras``), the
lazy legacy names of the modern packages, and the hook's absence outside the runner."""

import os
import subprocess
import sys
import textwrap

import pytest

import torcheras
from torcheras.legacy._modules import LEGACY_MODULES, LEGACY_NAMES, legacy_target

# What each legacy path must hold: name -> the modern object it is (as a torcheras path),
# or None where the legacy module defines it.
EXPECTED = {
    "engine": {"Layer": "layers.Layer", "InputSpec": "layers.InputSpec", "Input": "layers.Input",
               "InputLayer": "layers.InputLayer", "Model": "models.Model",
               "Network": "models.Model", "Sequential": "models.Sequential",
               "get_source_inputs": "utils.get_source_inputs"},
    "engine.topology": {"Layer": "layers.Layer", "InputSpec": "layers.InputSpec",
                        "Network": "models.Model", "Input": "layers.Input", "Merge": None,
                        "merge": "layers.merge"},
    "engine.training": {"Model": "models.Model"},
    "engine.base_layer": {"Layer": "layers.Layer", "InputSpec": "layers.InputSpec"},
    "engine.input_layer": {"Input": "layers.Input", "InputLayer": "layers.InputLayer"},
    "engine.network": {"Network": "models.Model"},
    "engine.sequential": {"Sequential": "models.Sequential"},
    "engine.saving": {"load_model": "models.load_model", "save_model": "models.save_model"},
    "layers.core": {"Dense": "layers.Dense", "Masking": "layers.Masking",
                    "SpatialDropout1D": "layers.SpatialDropout1D",
                    "SpatialDropout3D": "layers.SpatialDropout3D", "Lambda": "layers.Lambda",
                    "ActivityRegularization": "layers.ActivityRegularization"},
    "layers.convolutional": {"Conv2D": "layers.Conv2D", "Deconvolution2D": "layers.Conv2DTranspose",
                             "Deconv3D": "layers.Conv3DTranspose", "Cropping2D": "layers.Cropping2D",
                             "ZeroPadding1D": "layers.ZeroPadding1D",
                             "UpSampling3D": "layers.UpSampling3D",
                             "AtrousConvolution1D": None, "AtrousConvolution2D": None,
                             # Keras 1 defined pooling here; Keras 2 kept the imports.
                             "MaxPooling2D": "layers.MaxPooling2D",
                             "AveragePooling1D": "layers.AveragePooling1D",
                             "GlobalMaxPooling2D": "layers.GlobalMaxPooling2D"},
    "layers.pooling": {"MaxPooling2D": "layers.MaxPooling2D",
                       "GlobalAvgPool1D": "layers.GlobalAveragePooling1D"},
    "layers.normalization": {"BatchNormalization": "layers.BatchNormalization"},
    "layers.noise": {"GaussianNoise": "layers.GaussianNoise",
                     "GaussianDropout": "layers.GaussianDropout",
                     "AlphaDropout": "layers.AlphaDropout"},
    "layers.local": {"LocallyConnected1D": None, "LocallyConnected2D": None},
    "layers.cudnn_recurrent": {"CuDNNLSTM": None, "CuDNNGRU": None},
    "layers.advanced_activations": {"LeakyReLU": "layers.LeakyReLU", "PReLU": "layers.PReLU",
                                    "ELU": "layers.ELU", "ReLU": "layers.ReLU",
                                    "Softmax": "layers.Softmax", "ThresholdedReLU": None},
    "layers.recurrent": {"LSTM": "layers.LSTM", "GRU": "layers.GRU",
                         "SimpleRNNCell": "layers.SimpleRNNCell"},
    "layers.embeddings": {"Embedding": "layers.Embedding"},
    "layers.merge": {"concatenate": "layers.concatenate", "Add": "layers.Add", "Merge": None},
    "layers.wrappers": {"TimeDistributed": "layers.TimeDistributed",
                        "Bidirectional": "layers.Bidirectional"},
    "layers.convolutional_recurrent": {"ConvLSTM2D": "layers.ConvLSTM2D"},
    "layers.experimental": {},
    "layers.experimental.preprocessing": {"Rescaling": "layers.Rescaling",
                                          "Normalization": "layers.Normalization",
                                          "TextVectorization": "layers.TextVectorization",
                                          "RandomCrop": "layers.RandomCrop",
                                          "RandomWidth": "layers.RandomWidth"},
    "utils.np_utils": {"to_categorical": None, "normalize": "utils.normalize"},
    "utils.generic_utils": {"Progbar": "utils.Progbar",
                            "get_custom_objects": "utils.get_custom_objects",
                            "CustomObjectScope": "utils.CustomObjectScope",
                            "custom_object_scope": "utils.custom_object_scope",
                            "serialize_keras_object": "utils.serialize_keras_object",
                            "deserialize_keras_object": "utils.deserialize_keras_object",
                            "to_list": None},
    "utils.data_utils": {"get_file": "utils.get_file", "Sequence": "utils.Sequence",
                         "OrderedEnqueuer": None, "GeneratorEnqueuer": None},
    "utils.io_utils": {"HDF5Matrix": None, "ask_to_proceed_with_overwrite": None},
    "utils.layer_utils": {"count_params": None, "print_summary": None,
                          "get_source_inputs": "utils.get_source_inputs"},
    "utils.vis_utils": {"plot_model": "utils.plot_model", "model_to_dot": "utils.model_to_dot"},
    "utils.visualize_util": {"plot": "utils.plot_model", "model_to_dot": "utils.model_to_dot"},
    "utils.multi_gpu_utils": {"multi_gpu_model": None},
    "utils.conv_utils": {"conv_output_length": None, "normalize_tuple": None},
    "objectives": {"categorical_crossentropy": "losses.categorical_crossentropy",
                   "mse": "losses.mean_squared_error",
                   "cosine_proximity": "losses.cosine_similarity"},
    "initializations": {"glorot_uniform": None, "get": None, "zero": None, "identity": None},
    "wrappers.scikit_learn": {"KerasClassifier": None, "KerasRegressor": None},
}

PROGRAM = """
import importlib, json, sys
import torcheras
expected = json.loads(sys.argv[1])
failures = []

def modern(path):
    obj = torcheras
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj

for alias in ("keras", "tf_keras"):
    for path, names in expected.items():
        module = importlib.import_module(alias + "." + path)
        if module.__name__ != "torcheras.legacy." + path:
            failures.append(f"{alias}.{path} is {module.__name__}")
        for name, target in names.items():
            value = getattr(module, name, None)
            if value is None:
                failures.append(f"{alias}.{path}.{name} missing")
            elif target is not None and value is not modern(target):
                failures.append(f"{alias}.{path}.{name} is not torcheras.{target}")
# `from keras.X import Y` forms that go through the modern packages' __getattr__.
from keras.layers import (LocallyConnected1D, LocallyConnected2D, CuDNNLSTM, CuDNNGRU, Merge,
                          ThresholdedReLU, AtrousConvolution1D, AtrousConvolution2D, merge)
from keras.layers.local import LocallyConnected2D as lc2
from keras.optimizers import adam, sgd, rmsprop, adadelta, adagrad, adamax, nadam
from keras.utils import np_utils, generic_utils
from keras.utils import multi_gpu_model, HDF5Matrix, OrderedEnqueuer, print_summary
from keras.wrappers import scikit_learn, SKLearnClassifier
import keras
checks = {
    "LocallyConnected2D": LocallyConnected2D is lc2,
    "adam": adam is torcheras.optimizers.Adam and sgd is torcheras.optimizers.SGD
            and nadam is torcheras.optimizers.Nadam,
    "np_utils": np_utils is importlib.import_module("torcheras.legacy.utils.np_utils"),
    "merge callable": callable(merge) and merge.concatenate is torcheras.layers.concatenate,
    "keras is torcheras": keras is torcheras,
    "keras.utils extras": multi_gpu_model.__module__ == "torcheras.legacy.utils.multi_gpu_utils"
                          and HDF5Matrix.__name__ == "HDF5Matrix",
    "modern path": importlib.import_module("keras.layers") is torcheras.layers,
    "scikit_learn": scikit_learn.KerasClassifier.__module__.startswith("torcheras.legacy."),
}
failures += [name for name, ok in checks.items() if not ok]
print(json.dumps(failures))
"""


def test_every_legacy_path_is_listed_and_tested():
    assert set(EXPECTED) == set(LEGACY_MODULES)


def test_legacy_target():
    assert legacy_target("engine.topology") == "torcheras.legacy.engine.topology"
    assert legacy_target("layers") is None
    assert legacy_target("layers.Dense") is None


def test_every_legacy_path_through_the_runner(tmp_path):
    import json

    program = tmp_path / "legacy_paths.py"
    program.write_text(textwrap.dedent(PROGRAM))
    result = subprocess.run(
        [sys.executable, "-m", "torcheras", "--keras", "3", str(program), json.dumps(EXPECTED)],
        capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


@pytest.mark.parametrize("package", sorted(LEGACY_NAMES))
def test_legacy_names_are_served_lazily_and_kept_out_of_all(package):
    import importlib

    module = importlib.import_module(package)
    for name, (source, attribute) in LEGACY_NAMES[package].items():
        assert name not in module.__all__, name
        legacy = importlib.import_module(source)
        assert getattr(module, name) is (legacy if attribute is None else
                                         getattr(legacy, attribute)), name


def test_unknown_names_still_raise_attribute_error():
    with pytest.raises(AttributeError, match=r"module 'torcheras.layers' has no attribute "
                                             r"'LocallyConnected3D'"):
        torcheras.layers.LocallyConnected3D  # noqa: B018
    with pytest.raises(AttributeError, match="'torcheras.optimizers' has no attribute 'Adam_'"):
        torcheras.optimizers.Adam_  # noqa: B018


STUB_CHECK = """
import sys
sys.path.insert(0, sys.argv[1])
import torcheras, torcheras.layers, torcheras.utils, torcheras.optimizers, torcheras.wrappers
import torcheras.legacy.engine, torcheras.legacy.layers.local, torcheras._keras_alias
torcheras.layers.LocallyConnected2D, torcheras.utils.np_utils, torcheras.optimizers.adam
import keras
import keras.engine
print(keras.NAME, keras.engine.NAME, 'sklearn' in sys.modules)
"""


def _stub_keras(root):
    package = root / "keras"
    (package / "engine").mkdir(parents=True)
    (package / "__init__.py").write_text('NAME = "stub"\n')
    (package / "engine" / "__init__.py").write_text('NAME = "stub engine"\n')


def test_a_process_without_the_runner_imports_the_real_keras(tmp_path):
    _stub_keras(tmp_path / "site")
    result = subprocess.run([sys.executable, "-c", STUB_CHECK, str(tmp_path / "site")],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split("\n")[-2] == "stub stub engine False"


def test_inside_the_runner_keras_is_torcheras_even_with_keras_installed(tmp_path):
    _stub_keras(tmp_path / "site")
    program = tmp_path / "prog.py"
    program.write_text("import keras, keras.engine.topology\n"
                       "print(keras.__name__, keras.engine.topology.__name__)\n")
    paths = [str(tmp_path / "site"), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}
    result = subprocess.run([sys.executable, "-m", "torcheras", "--keras", "3", str(program)],
                            capture_output=True, text=True, timeout=600, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split() == ["torcheras", "torcheras.legacy.engine.topology"]
