"""Every public layer class survives `model.save` -> `load_model`: same class and config,
identical predictions, and an identical next training step (same weights after one more
Adam step, optimizer state included).

CASES is the constructor table: for each class of `torcheras.layers.__all__`, the
constructor arguments (or a factory when the layer needs other layers), the input shapes
without the batch dimension, how the inputs are passed, and the input kind. Classes with
no entry must be listed in NOT_LAYERS with the reason.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

import torcheras as keras
from torcheras import layers as L


@keras.saving.register_keras_serializable(package="round_trip")
def double_plus_one(x):
    return x * 2.0 + 1.0


class Case:
    """How to build and feed one layer.

    Args:
        make: Keyword arguments of the class, or a callable returning the layer.
        shapes: Input shapes without the batch dimension (one per input).
        call: "one" (a tensor), "list" (a list of tensors) or "args" (positional).
        kind: "float", "int" (token ids) or "string".
        trains: Whether a trainable head follows (False for non-float outputs).
        own_rng: The layer draws from its own seeded generator, whose position is not part
            of the file (as in Keras, whose SeedGenerator state is not saved): the model is
            saved before its first step so that both twins draw the same numbers.
    """

    def __init__(self, make=None, shapes=((5,),), call="one", kind="float", trains=True,
                 own_rng=False):
        self.make = make or {}
        self.shapes = [tuple(s) for s in shapes]
        self.call = call
        self.kind = kind
        self.trains = trains
        self.own_rng = own_rng


S1, S2, S3 = ((6, 2),), ((5, 5, 2),), ((4, 4, 4, 2),)
CASES = {
    "Activation": Case({"activation": "tanh"}),
    "AdaptiveAveragePooling1D": Case({"output_size": 3}, S1),
    "AdaptiveAveragePooling2D": Case({"output_size": (2, 3)}, S2),
    "AdaptiveAveragePooling3D": Case({"output_size": 3}, S3),
    "AdaptiveMaxPooling1D": Case({"output_size": 4}, S1),
    "AdaptiveMaxPooling2D": Case({"output_size": 2}, S2),
    "AdaptiveMaxPooling3D": Case({"output_size": (2, 3, 2)}, S3),
    "ActivityRegularization": Case({"l1": 0.01, "l2": 0.02}),
    "Add": Case(shapes=((5,), (5,)), call="list"),
    "AdditiveAttention": Case({"use_scale": True}, shapes=((3, 4), (2, 4)), call="list"),
    "AlphaDropout": Case({"rate": 0.2}),
    "Attention": Case({"use_scale": True}, shapes=((3, 4), (2, 4)), call="list"),
    "AugMix": Case({"seed": 1}, ((4, 4, 3),), own_rng=True),
    "AutoContrast": Case({}, ((4, 4, 3),)),
    "Average": Case(shapes=((5,), (5,)), call="list"),
    "AveragePooling1D": Case({"pool_size": 2}, S1),
    "AveragePooling2D": Case({"pool_size": 2}, S2),
    "AveragePooling3D": Case({"pool_size": 2}, S3),
    "BatchNormalization": Case({"momentum": 0.5}),
    "Bidirectional": Case(lambda: L.Bidirectional(L.LSTM(3)), ((4, 2),)),
    "CategoryEncoding": Case({"num_tokens": 6, "output_mode": "multi_hot"}, ((3,),),
                             kind="int"),
    "CenterCrop": Case({"height": 2, "width": 3}, ((4, 4, 3),)),
    "Concatenate": Case(shapes=((5,), (3,)), call="list"),
    "Conv1D": Case({"filters": 3, "kernel_size": 2}, S1),
    "Conv1DTranspose": Case({"filters": 3, "kernel_size": 2}, S1),
    "Conv2D": Case({"filters": 3, "kernel_size": 2, "kernel_regularizer": "l2"}, S2),
    "Conv2DTranspose": Case({"filters": 3, "kernel_size": 2, "strides": 2}, S2),
    "Conv3D": Case({"filters": 3, "kernel_size": 2}, S3),
    "Conv3DTranspose": Case({"filters": 2, "kernel_size": 2}, S3),
    "ConvLSTM1D": Case({"filters": 2, "kernel_size": 2}, ((3, 5, 2),)),
    "ConvLSTM2D": Case({"filters": 2, "kernel_size": 2}, ((3, 4, 4, 2),)),
    "ConvLSTM3D": Case({"filters": 2, "kernel_size": 2}, ((2, 3, 3, 3, 1),)),
    "Cropping1D": Case({"cropping": 1}, S1),
    "Cropping2D": Case({"cropping": ((1, 0), (0, 1))}, S2),
    "Cropping3D": Case({"cropping": 1}, S3),
    "CutMix": Case({"seed": 1}, ((4, 4, 3),), own_rng=True),
    "Dense": Case({"units": 3, "activation": "relu", "kernel_constraint": "max_norm",
                   "bias_initializer": "ones"}),
    "DepthwiseConv1D": Case({"kernel_size": 2, "depth_multiplier": 2}, S1),
    "DepthwiseConv2D": Case({"kernel_size": 2}, S2),
    "Discretization": Case({"bin_boundaries": [-0.5, 0.0, 0.5]}, trains=False),
    "Dot": Case({"axes": 1, "normalize": True}, shapes=((5,), (5,)), call="list"),
    "Dropout": Case({"rate": 0.3, "seed": 3}, own_rng=True),
    "ELU": Case({"alpha": 0.5}),
    "EinsumDense": Case({"equation": "abc,cd->abd", "output_shape": (4, 3),
                         "bias_axes": "d"}, ((4, 2),)),
    "Embedding": Case({"input_dim": 10, "output_dim": 3}, ((4,),), kind="int"),
    "Equalization": Case({"bins": 64}, ((4, 4, 3),)),
    "Flatten": Case(shapes=((3, 2),)),
    "GRU": Case({"units": 3, "return_sequences": True}, ((4, 2),)),
    "GRUCell": Case(lambda: L.RNN(L.GRUCell(3)), ((4, 2),)),
    "GaussianDropout": Case({"rate": 0.2}),
    "GaussianNoise": Case({"stddev": 0.1}),
    "GlobalAveragePooling1D": Case(shapes=S1),
    "GlobalAveragePooling2D": Case(shapes=S2),
    "GlobalAveragePooling3D": Case(shapes=S3),
    "GlobalMaxPooling1D": Case(shapes=S1),
    "GlobalMaxPooling2D": Case(shapes=S2),
    "GlobalMaxPooling3D": Case(shapes=S3),
    "GroupNormalization": Case({"groups": 2}, ((6, 4),)),
    "GroupQueryAttention": Case({"head_dim": 2, "num_query_heads": 2,
                                 "num_key_value_heads": 1, "use_gate": True},
                                ((3, 4), (2, 4)), call="args"),
    "HashedCrossing": Case({"num_bins": 5}, ((1,), (1,)), call="list", kind="int",
                           trains=False),
    "Hashing": Case({"num_bins": 5}, ((3,),), kind="int", trains=False),
    "Identity": Case(),
    "InputLayer": Case(lambda: L.Identity()),  # every model here starts with one
    "IntegerLookup": Case({"vocabulary": [1, 2, 3]}, ((3,),), kind="int", trains=False),
    "LSTM": Case({"units": 3, "recurrent_dropout": 0.0}, ((4, 2),)),
    "LSTMCell": Case(lambda: L.RNN(L.LSTMCell(3)), ((4, 2),)),
    "Lambda": Case(lambda: L.Lambda(double_plus_one)),
    "LayerNormalization": Case({"epsilon": 1e-3}),
    "LeakyReLU": Case({"negative_slope": 0.2}),
    "Masking": Case({"mask_value": 0.0}, ((4, 2),)),
    "MaxNumBoundingBoxes": Case({"max_number": 3, "bounding_box_format": "xyxy"}, ((4, 4, 3),)),
    "MaxPooling1D": Case({"pool_size": 2}, S1),
    "MaxPooling2D": Case({"pool_size": 2}, S2),
    "MaxPooling3D": Case({"pool_size": 2}, S3),
    "Maximum": Case(shapes=((5,), (5,)), call="list"),
    "MelSpectrogram": Case({"fft_length": 16, "sequence_stride": 8, "num_mel_bins": 4,
                            "sampling_rate": 800}, ((32,),)),
    "Minimum": Case(shapes=((5,), (5,)), call="list"),
    "MixUp": Case({"alpha": 0.3, "seed": 1}, ((4, 4, 3),), own_rng=True),
    "MultiHeadAttention": Case({"num_heads": 2, "key_dim": 3}, ((3, 4), (2, 4)), call="args"),
    "Multiply": Case(shapes=((5,), (5,)), call="list"),
    "Normalization": Case({"mean": [0.5] * 5, "variance": [2.0] * 5}),
    "PReLU": Case({"alpha_initializer": "ones"}),
    "Permute": Case({"dims": (2, 1)}, ((3, 4),)),
    "Pipeline": Case(lambda: L.Pipeline([L.Dense(3), L.Dense(2)])),
    "RMSNormalization": Case(),
    "RNN": Case(lambda: L.RNN(L.SimpleRNNCell(3), return_sequences=True), ((4, 2),)),
    "RandAugment": Case({"num_ops": 3, "seed": 1}, ((4, 4, 3),), own_rng=True),
    "RandomBrightness": Case({"factor": 0.2, "seed": 1}, ((4, 4, 3),), own_rng=True),
    "RandomColorDegeneration": Case({"factor": 0.3, "seed": 1}, ((4, 4, 3),), own_rng=True),
    "RandomColorJitter": Case({"brightness_factor": 0.2, "hue_factor": 0.1, "seed": 1},
                               ((4, 4, 3),), own_rng=True),
    "RandomContrast": Case({"factor": 0.2, "seed": 1}, ((4, 4, 3),), own_rng=True),
    "RandomCrop": Case({"height": 3, "width": 2, "seed": 1}, ((4, 4, 3),), own_rng=True),
    "RandomElasticTransform": Case({"scale": 0.5, "seed": 1}, ((4, 4, 3),), own_rng=True),
    "RandomErasing": Case({"fill_value": 1.0, "seed": 1}, ((4, 4, 3),), own_rng=True),
    "RandomFlip": Case({"seed": 1}, ((4, 4, 3),), own_rng=True),
    "RandomGaussianBlur": Case({"sigma": (0.2, 0.8), "seed": 1}, ((4, 4, 3),), own_rng=True),
    "RandomGrayscale": Case({"factor": 0.5, "seed": 1}, ((4, 4, 3),), own_rng=True),
    "RandomHeight": Case({"factor": 0.5, "seed": 1}, ((4, 4, 3),), trains=False),
    "RandomHue": Case({"factor": 0.3, "seed": 1}, ((4, 4, 3),), own_rng=True),
    "RandomInvert": Case({"factor": 0.5, "seed": 1}, ((4, 4, 3),), own_rng=True),
    "RandomPerspective": Case({"scale": 0.3, "seed": 1}, ((4, 4, 3),), own_rng=True),
    "RandomPosterization": Case({"factor": 4, "seed": 1}, ((4, 4, 3),), own_rng=True),
    "RandomRotation": Case({"factor": 0.1, "seed": 1}, ((4, 4, 3),), own_rng=True),
    "RandomSaturation": Case({"factor": 0.3, "seed": 1}, ((4, 4, 3),), own_rng=True),
    "RandomSharpness": Case({"factor": 0.3, "seed": 1}, ((4, 4, 3),), own_rng=True),
    "RandomShear": Case({"x_factor": 0.2, "y_factor": 0.1, "seed": 1}, ((4, 4, 3),), own_rng=True),
    "RandomTranslation": Case({"height_factor": 0.1, "width_factor": 0.1, "seed": 1},
                              ((4, 4, 3),), own_rng=True),
    "RandomWidth": Case({"factor": 0.5, "seed": 1}, ((4, 4, 3),), trains=False),
    "RandomZoom": Case({"height_factor": 0.1, "seed": 1}, ((4, 4, 3),), own_rng=True),
    "ReLU": Case({"max_value": 1.0}),
    "RepeatVector": Case({"n": 2}),
    "Rescaling": Case({"scale": 0.5, "offset": 1.0}),
    "ReversibleEmbedding": Case({"input_dim": 10, "output_dim": 3, "logit_soft_cap": 2.0},
                                ((4,),), kind="int"),
    "Reshape": Case({"target_shape": (2, 3)}, ((6,),)),
    "Resizing": Case({"height": 3, "width": 3}, ((4, 4, 2),)),
    "SeparableConv1D": Case({"filters": 3, "kernel_size": 2}, S1),
    "SeparableConv2D": Case({"filters": 3, "kernel_size": 2}, S2),
    "STFTSpectrogram": Case({"frame_length": 8, "frame_step": 4, "fft_length": 8},
                            ((32, 1),)),
    "SimpleRNN": Case({"units": 3}, ((4, 2),)),
    "SimpleRNNCell": Case(lambda: L.RNN(L.SimpleRNNCell(3)), ((4, 2),)),
    "Softmax": Case({"axis": -1}),
    "Solarization": Case({"addition_factor": 0.2, "threshold_factor": 0.5, "seed": 1},
                          ((4, 4, 3),), own_rng=True),
    "SpatialDropout1D": Case({"rate": 0.2}, ((4, 3),)),
    "SpatialDropout2D": Case({"rate": 0.2}, S2),
    "SpatialDropout3D": Case({"rate": 0.2}, S3),
    "SpectralNormalization": Case(lambda: L.SpectralNormalization(L.Dense(3))),
    "StackedRNNCells": Case(lambda: L.RNN(L.StackedRNNCells([L.LSTMCell(2), L.GRUCell(3)])),
                            ((4, 2),)),
    "StringLookup": Case({"vocabulary": ["a", "b", "c"]}, ((3,),), kind="string",
                         trains=False),
    "Subtract": Case(shapes=((5,), (5,)), call="list"),
    "TextVectorization": Case({"vocabulary": ["the", "cat", "sat"],
                               "output_sequence_length": 4}, ((), ), kind="string",
                              trains=False),
    "TimeDistributed": Case(lambda: L.TimeDistributed(L.Dense(2)), ((3, 4),)),
    "UnitNormalization": Case(),
    "UpSampling1D": Case({"size": 2}, S1),
    "UpSampling2D": Case({"size": 2}, S2),
    "UpSampling3D": Case({"size": 2}, S3),
    "ZeroPadding1D": Case({"padding": 1}, S1),
    "ZeroPadding2D": Case({"padding": 1}, S2),
    "ZeroPadding3D": Case({"padding": 1}, S3),
}
NOT_LAYERS = {
    "InputSpec": "not a layer (a shape/dtype contract)",
    "Layer": "the abstract base class (its `call` is not defined)",
    "Wrapper": "an abstract base class (Bidirectional and TimeDistributed cover it)",
    "TorchModuleWrapper": "its config holds a pickled torch module, which loads only with "
                          "safe_mode=False (tests/utils/test_torch_utils.py round-trips it)",
}


def _public_classes():
    out = []
    for name in L.__all__:
        obj = getattr(L, name)
        if isinstance(obj, type) and name not in NOT_LAYERS:
            out.append(name)
    return out


def _canonical(name):
    """Aliases (Conv2D's Convolution2D, MaxPool2D, ...) use their class's case."""
    cls = getattr(L, name)
    if name in CASES:
        return name
    if not issubclass(cls, L.Layer):  # a Keras 1 name that constructs the Keras 3 class
        return name.replace("Convolution", "Conv").replace("Deconvolution", "Conv") + (
            "Transpose" if name.startswith("Deconvolution") else "")
    return cls.__name__


def _data(case, batch=4, seed=0):
    rng = np.random.default_rng(seed)
    out = []
    for shape in case.shapes:
        if case.kind == "int":
            out.append(rng.integers(1, 4, size=(batch,) + shape).astype("int64"))
        elif case.kind == "string":
            words = np.array(["a", "b", "c", "d", "the cat", "sat the"])
            out.append(words[rng.integers(0, len(words), size=(batch,) + shape)])
        else:
            out.append(rng.normal(size=(batch,) + shape).astype("float32"))
    return out


def _build(name):
    case = CASES[name]
    cls = getattr(L, name)
    layer = case.make() if callable(case.make) else cls(**case.make)
    dtype = {"int": "int64", "string": "string"}.get(case.kind, "float32")
    inputs = [keras.Input(shape, dtype=dtype) for shape in case.shapes]
    if case.call == "list":
        out = layer(inputs)
    elif case.call == "args":
        out = layer(*inputs)
    else:
        out = layer(inputs[0])
    if case.trains:
        out = L.Dense(2, name="head")(L.Flatten(name="flat")(out) if len(out.shape) > 2
                                       else out)
    model = keras.Model(inputs if len(inputs) > 1 else inputs[0], out)
    return model, layer, case


def _equal_configs(a, b):
    # JSON has no tuples: a tuple saved comes back a list, as in Keras.
    ca, cb = a.get_config(), b.get_config()
    ca.pop("name", None)
    cb.pop("name", None)
    assert json.dumps(ca, sort_keys=True, default=repr) == json.dumps(
        cb, sort_keys=True, default=repr)


def test_every_public_layer_class_has_a_case():
    missing = [n for n in _public_classes() if _canonical(n) not in CASES]
    assert missing == []


STRING_LAYERS = sorted(n for n, c in CASES.items() if c.kind == "string")


@pytest.mark.parametrize("name", STRING_LAYERS)
def test_string_layer_round_trip(name):
    # String tensors have no symbolic Input here: the layer itself round-trips through
    # its serialized config and gives the same outputs.
    case = CASES[name]
    layer = getattr(L, name)(**case.make)
    x = _data(case)[0]
    expected = np.asarray(layer(x))
    config = keras.saving.serialize_keras_object(layer)
    twin = keras.saving.deserialize_keras_object(config)
    assert type(twin) is type(layer)
    _equal_configs(twin, layer)
    np.testing.assert_array_equal(np.asarray(twin(x)), expected)


@pytest.mark.parametrize("name", sorted({_canonical(n) for n in _public_classes()} -
                                        set(STRING_LAYERS)))
def test_layer_round_trip(name, tmp_path):
    keras.utils.set_random_seed(0)
    model, layer, case = _build(name)
    x = _data(case)
    feed = x if len(x) > 1 else x[0]
    y = np.random.default_rng(1).normal(size=(4, 2)).astype("float32")
    if case.trains:
        model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
        if case.own_rng:
            model.optimizer.build(model.trainable_weights)
        else:
            model.train_on_batch(feed, y)  # optimizer state to save
    path = tmp_path / f"{name}.keras"
    model.save(path)
    loaded = keras.saving.load_model(path)
    twin = loaded.get_layer(layer.name)
    assert type(twin) is type(layer)
    _equal_configs(twin, layer)
    assert len(loaded.weights) == len(model.weights)
    expected = model.predict(feed, verbose=0)
    np.testing.assert_array_equal(loaded.predict(feed, verbose=0), expected)
    if not case.trains:
        return
    keras.utils.set_random_seed(5)
    model.train_on_batch(feed, y)
    keras.utils.set_random_seed(5)
    loaded.train_on_batch(feed, y)
    for a, b in zip(model.weights, loaded.weights):
        np.testing.assert_allclose(b.numpy(), a.numpy(), rtol=0, atol=1e-7, err_msg=a.path)
    assert int(loaded.optimizer.iterations.numpy()) == (1 if case.own_rng else 2)
