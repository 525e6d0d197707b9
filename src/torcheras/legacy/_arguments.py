"""The table of Keras 1/2 argument spellings, per class, method and function.

This is data only; :mod:`torcheras.legacy._arguments_apply` applies it once, when a layer,
model or optimizer is constructed (through the ``LegacyArgumentsMeta`` metaclass of
``Layer`` and ``Optimizer``), when a model method is entered (``fit``, ``evaluate``,
``predict``, ``*_generator``) and when ``Input`` is called. The facts are Keras 2.3.1's
``keras/legacy/interfaces.py`` (which converted Keras 1 spellings for Keras 2 programs) and
Keras 1.2.2's signatures; the modern classes never see an old spelling.

A class row is found by name along ``type(obj).__mro__``, for torcheras classes only, and
the rows of a class and of its torcheras base classes are merged (the nearest class wins),
so ``Conv2D`` takes the ``ConvLayer`` row's renames plus its own positional form.

Each row lists:

- ``renames``: old keyword -> Keras 3 keyword. Passing both is a ``TypeError`` (Keras 2's).
- ``values``: old keyword -> conversion of its value (a mapping of old values, or a
  callable), applied before the rename, as Keras 2 did.
- ``dropped``: keywords that Keras 2 accepted and ignored; they warn (with what to do
  instead) and are removed.
- ``preprocess``: named preprocessors (in ``_arguments_preprocessors`` and
  ``_arguments_optimizers``) for the compound cases: positional forms, arguments that
  become several, values that need the other arguments. ``finish`` ones run after the
  renames and the Keras 2 defaults.
- ``keras2``: the old keywords that are Keras 2 spellings (the others are Keras 1's).
- ``keras2_defaults``: values used under ``keras.config.set_legacy_defaults(2)`` when the
  caller passed none (Keras 2.3.1's ``keras/optimizers.py`` signatures). The layer
  defaults of ``legacy._keras2_defaults`` are applied by the same hook.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class Row:
    """The legacy spellings of one class, method or function (see the module docstring)."""

    renames: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, Mapping | Callable] = field(default_factory=dict)
    dropped: Mapping[str, str] = field(default_factory=dict)
    preprocess: tuple[str, ...] = ()
    finish: tuple[str, ...] = ()
    keras2: frozenset = frozenset()
    keras2_defaults: Mapping[str, object] = field(default_factory=dict)


# Keras 1's `dim_ordering` values (Keras 2.3.1's value_conversions).
DIM_ORDERING = MappingProxyType(
    {"tf": "channels_last", "th": "channels_first", "default": None})

# Keras 1's weight arguments, common to Dense and the convolutions.
_WEIGHT_RENAMES = {
    "init": "kernel_initializer", "W_regularizer": "kernel_regularizer",
    "b_regularizer": "bias_regularizer", "W_constraint": "kernel_constraint",
    "b_constraint": "bias_constraint", "bias": "use_bias",
}

# Keras 2 arguments of fit/evaluate/predict's data loading, ignored there (Keras 3 sets
# them on a `keras.utils.PyDataset`).
_LOADER_ARGUMENTS = {
    "workers": "Keras 3 reads them from a `keras.utils.PyDataset(workers=...)`",
    "use_multiprocessing": "Keras 3 reads it from a "
                           "`keras.utils.PyDataset(use_multiprocessing=...)`",
    "max_queue_size": "Keras 3 reads it from a `keras.utils.PyDataset(max_queue_size=...)`",
}
_KERAS1_LOADER_RENAMES = {"nb_worker": "workers", "pickle_safe": "use_multiprocessing",
                          "max_q_size": "max_queue_size"}

LAYER_ROWS: Mapping[str, Row] = MappingProxyType({
    # Every layer: Keras 1's `dim_ordering` is Keras 2's `data_format`.
    "Layer": Row(renames={"dim_ordering": "data_format"},
                 values={"dim_ordering": DIM_ORDERING}),
    "Dense": Row(renames={"output_dim": "units", **_WEIGHT_RENAMES}, values={"bias": bool}),
    "ConvLayer": Row(
        renames={"nb_filter": "filters", "border_mode": "padding", "subsample": "strides",
                 "atrous_rate": "dilation_rate", **_WEIGHT_RENAMES},
        values={"bias": bool}),
    "Conv1D": Row(renames={"filter_length": "kernel_size", "subsample_length": "strides"}),
    "Conv2D": Row(preprocess=("conv2d_positional",)),
    "Conv3D": Row(preprocess=("conv3d_positional",)),
    "Conv2DTranspose": Row(preprocess=("deconv_output_shape", "conv2d_positional")),
    "BaseDepthwiseConv": Row(renames={"init": "depthwise_initializer"}),
    "SeparableConv2D": Row(preprocess=("separable_init", "conv2d_positional")),
    "CellLayer": Row(
        renames={"output_dim": "units", "init": "kernel_initializer",
                 "inner_init": "recurrent_initializer",
                 "inner_activation": "recurrent_activation",
                 "W_regularizer": "kernel_regularizer", "U_regularizer": "recurrent_regularizer",
                 "b_regularizer": "bias_regularizer", "W_constraint": "kernel_constraint",
                 "U_constraint": "recurrent_constraint", "b_constraint": "bias_constraint",
                 "dropout_W": "dropout", "dropout_U": "recurrent_dropout",
                 "consume_less": "implementation"},
        # Keras 2 mapped cpu/mem/gpu to 0/1/2 and then ran implementation 0 as 1.
        values={"consume_less": {"cpu": 1, "mem": 1, "gpu": 2}}),
    "LSTM": Row(preprocess=("forget_bias_init",)),
    "ConvLSTM2D": Row(
        renames={"nb_filter": "filters", "subsample": "strides", "border_mode": "padding",
                 "init": "kernel_initializer", "inner_init": "recurrent_initializer",
                 "W_regularizer": "kernel_regularizer", "U_regularizer": "recurrent_regularizer",
                 "b_regularizer": "bias_regularizer", "inner_activation": "recurrent_activation",
                 "dropout_W": "dropout", "dropout_U": "recurrent_dropout", "bias": "use_bias"},
        values={"bias": bool}, preprocess=("forget_bias_init", "conv2d_positional")),
    "Embedding": Row(
        renames={"init": "embeddings_initializer", "W_regularizer": "embeddings_regularizer",
                 "W_constraint": "embeddings_constraint"},
        dropped={"dropout": "apply a `keras.layers.SpatialDropout1D` layer right after the "
                            "`Embedding` layer to get the same behavior"}),
    "BatchNormalization": Row(
        renames={"beta_init": "beta_initializer", "gamma_init": "gamma_initializer"},
        dropped={"fused": "torch picks its fused kernels itself"},
        preprocess=("batchnorm_mode", "batchnorm_tf_keras")),
    "BasePooling": Row(renames={"border_mode": "padding"}),
    "MaxPooling1D": Row(renames={"pool_length": "pool_size", "stride": "strides"}),
    "AveragePooling1D": Row(renames={"pool_length": "pool_size", "stride": "strides"}),
    "Concatenate": Row(renames={"concat_axis": "axis"}),
    "ZeroPadding2D": Row(preprocess=("zero_padding2d",)),
    "UpSampling1D": Row(renames={"length": "size"}),
    "Dropout": Row(renames={"p": "rate"}),
    "GaussianDropout": Row(renames={"p": "rate"}),
    "GaussianNoise": Row(renames={"sigma": "stddev"}),
    "PReLU": Row(renames={"init": "alpha_initializer"}),
    "InputLayer": Row(renames={"input_dtype": "dtype"}),
    "Model": Row(renames={"input": "inputs", "output": "outputs"}),
})

# What `input_dim`/`input_length` (Keras 1, and Keras 2 on some layers) become when they
# reach `Layer.__init__`: the input shape, laid out per layer family (the nearest class of
# the layer's MRO listed here). Keras 2.3.1: recurrent layers and Conv1D take
# `(input_length, input_dim)`, Embedding `(input_length,)`, every other layer `(input_dim,)`.
INPUT_SHAPE_LAYOUTS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "RNN": ("input_length", "input_dim"),
    "Conv1D": ("input_length", "input_dim"),
    "Embedding": ("input_length",),
    "Layer": ("input_dim",),
})

OPTIMIZER_ROWS: Mapping[str, Row] = MappingProxyType({
    "Optimizer": Row(renames={"lr": "learning_rate"}, keras2=frozenset({"lr", "decay"}),
                     preprocess=("optimizer_epsilon",), finish=("optimizer_decay",)),
    "SGD": Row(keras2_defaults={"learning_rate": 0.01}),
    "RMSprop": Row(keras2_defaults={"learning_rate": 0.001}),
    "Adam": Row(keras2_defaults={"learning_rate": 0.001}),
    "Adagrad": Row(keras2_defaults={"learning_rate": 0.01}),
    "Adadelta": Row(keras2_defaults={"learning_rate": 1.0, "rho": 0.95, "epsilon": 1e-7}),
    "Adamax": Row(keras2_defaults={"learning_rate": 0.002}),
    "Nadam": Row(keras2_defaults={"learning_rate": 0.002},
                 preprocess=("nadam_schedule_decay",)),
})

METHOD_ROWS: Mapping[str, Row] = MappingProxyType({
    "compile": Row(
        dropped={"sample_weight_mode": "Keras 3 reads it from the sample weights' shape "
                                       "(`(samples, timesteps)` weights are temporal)",
                 "target_tensors": "pass the targets to `fit`",
                 "distribute": "use `keras.distribution`",
                 "class_mode": "`metrics=['accuracy']` picks the accuracy from the shapes"},
        keras2=frozenset({"sample_weight_mode", "target_tensors", "distribute"})),
    "fit": Row(renames={"nb_epoch": "epochs"}, dropped=_LOADER_ARGUMENTS,
               keras2=frozenset(_LOADER_ARGUMENTS)),
    "evaluate": Row(dropped=_LOADER_ARGUMENTS, keras2=frozenset(_LOADER_ARGUMENTS)),
    "predict": Row(dropped=_LOADER_ARGUMENTS, keras2=frozenset(_LOADER_ARGUMENTS)),
    # Keras 2's generator methods take workers/use_multiprocessing/max_queue_size.
    "fit_generator": Row(
        renames={"nb_epoch": "epochs", "nb_val_samples": "validation_steps",
                 **_KERAS1_LOADER_RENAMES},
        preprocess=("samples_per_epoch",)),
    "evaluate_generator": Row(renames={"val_samples": "steps", **_KERAS1_LOADER_RENAMES}),
    "predict_generator": Row(renames={"val_samples": "steps", **_KERAS1_LOADER_RENAMES}),
})

FUNCTION_ROWS: Mapping[str, Row] = MappingProxyType({
    "Input": Row(renames={"input_dtype": "dtype"}),
})
