"""The legacy-argument table (``torcheras.legacy._arguments``): every Keras 1/2 spelling it
handles translates to the right value and warns once; the modern classes carry no legacy
code; bad inputs raise Keras 2's errors."""

import re
import warnings
from pathlib import Path

import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras import layers as L
from torcheras import optimizers as O
from torcheras.legacy import _arguments as table
from torcheras.legacy._arguments_core import PREPROCESSORS, reset_warnings

X = np.random.default_rng(0).normal(size=(8, 3)).astype("float32")
Y = np.arange(8, dtype="float32").reshape(8, 1) / 8


def _model():
    model = keras.Sequential([L.Input((3,)), L.Dense(1)])
    model.compile("sgd", "mse")
    return model


def _batches():
    while True:
        yield X[:4], Y[:4]


class _Batches:
    """A Keras 1 style generator that knows its batch size."""

    batch_size = 4

    def __iter__(self):
        return self

    def __next__(self):
        return X[:4], Y[:4]


class _Count(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.train = self.test = self.predict = 0

    def on_train_batch_end(self, batch, logs=None):
        self.train += 1

    def on_test_batch_end(self, batch, logs=None):
        self.test += 1

    def on_predict_batch_end(self, batch, logs=None):
        self.predict += 1


def _run(method, *args, **kwargs):
    """Call a model method with a batch-counting callback; returns the counter."""
    count = _Count()
    getattr(_model(), method)(*args, callbacks=[count], verbose=0, **kwargs)
    return count


def _compiled(**kwargs):
    model = keras.Sequential([L.Input((3,)), L.Dense(1)])
    model.compile("sgd", "mse", **kwargs)
    return model


def _name(obj) -> str:
    return type(obj).__name__


def _shape(layer) -> tuple:
    return layer._batch_input_shape


K_IN = keras.Input((3,))

# (row, spelling) -> (build, check): `build()` uses the spelling, `check(result)` says
# whether it became the right Keras 3 value.
CASES = {
    ("Layer", "dim_ordering"): (lambda: L.UpSampling2D(dim_ordering="th"),
                                lambda o: o.data_format == "channels_first"),
    ("Layer", "input_dim"): (lambda: L.Dense(2, input_dim=3), lambda o: _shape(o) == (None, 3)),
    ("RNN", "input_dim"): (lambda: L.SimpleRNN(2, input_dim=3),
                           lambda o: _shape(o) == (None, None, 3)),
    ("RNN", "input_length"): (lambda: L.LSTM(2, input_dim=3, input_length=5),
                              lambda o: _shape(o) == (None, 5, 3)),
    ("Conv1D", "input_dim"): (lambda: L.Conv1D(2, 3, input_dim=4),
                              lambda o: _shape(o) == (None, None, 4)),
    ("Conv1D", "input_length"): (lambda: L.Conv1D(2, 3, input_dim=4, input_length=7),
                                 lambda o: _shape(o) == (None, 7, 4)),
    ("Embedding", "input_length"): (lambda: L.Embedding(10, 2, input_length=6),
                                    lambda o: _shape(o) == (None, 6)),
    ("Dense", "output_dim"): (lambda: L.Dense(output_dim=3), lambda o: o.units == 3),
    ("Dense", "init"): (lambda: L.Dense(2, init="ones"),
                        lambda o: _name(o.kernel_initializer) == "Ones"),
    ("Dense", "W_regularizer"): (lambda: L.Dense(2, W_regularizer="l2"),
                                 lambda o: _name(o.kernel_regularizer) == "L2"),
    ("Dense", "b_regularizer"): (lambda: L.Dense(2, b_regularizer="l1"),
                                 lambda o: _name(o.bias_regularizer) == "L1"),
    ("Dense", "W_constraint"): (lambda: L.Dense(2, W_constraint="non_neg"),
                                lambda o: _name(o.kernel_constraint) == "NonNeg"),
    ("Dense", "b_constraint"): (lambda: L.Dense(2, b_constraint="unit_norm"),
                                lambda o: _name(o.bias_constraint) == "UnitNorm"),
    ("Dense", "bias"): (lambda: L.Dense(2, bias=0), lambda o: o.use_bias is False),
    ("ConvLayer", "nb_filter"): (lambda: L.Conv2D(nb_filter=4, kernel_size=3),
                                 lambda o: o.filters == 4),
    ("ConvLayer", "border_mode"): (lambda: L.Conv2D(4, 3, border_mode="same"),
                                   lambda o: o.padding == "same"),
    ("ConvLayer", "subsample"): (lambda: L.Conv2D(4, 3, subsample=(2, 1)),
                                 lambda o: o.strides == (2, 1)),
    ("ConvLayer", "atrous_rate"): (lambda: L.Conv2D(4, 3, atrous_rate=(2, 2)),
                                   lambda o: o.dilation_rate == (2, 2)),
    ("ConvLayer", "init"): (lambda: L.Conv2D(4, 3, init="ones"),
                            lambda o: _name(o.kernel_initializer) == "Ones"),
    ("ConvLayer", "W_regularizer"): (lambda: L.Conv2D(4, 3, W_regularizer="l2"),
                                     lambda o: _name(o.kernel_regularizer) == "L2"),
    ("ConvLayer", "b_regularizer"): (lambda: L.Conv2D(4, 3, b_regularizer="l2"),
                                     lambda o: _name(o.bias_regularizer) == "L2"),
    ("ConvLayer", "W_constraint"): (lambda: L.Conv2D(4, 3, W_constraint="non_neg"),
                                    lambda o: _name(o.kernel_constraint) == "NonNeg"),
    ("ConvLayer", "b_constraint"): (lambda: L.Conv2D(4, 3, b_constraint="non_neg"),
                                    lambda o: _name(o.bias_constraint) == "NonNeg"),
    ("ConvLayer", "bias"): (lambda: L.Conv2D(4, 3, bias=False), lambda o: o.use_bias is False),
    ("Conv1D", "filter_length"): (lambda: L.Conv1D(4, filter_length=5),
                                  lambda o: o.kernel_size == (5,)),
    ("Conv1D", "subsample_length"): (lambda: L.Conv1D(4, 3, subsample_length=2),
                                     lambda o: o.strides == (2,)),
    ("Conv2D", "nb_row"): (lambda: L.Conv2D(4, nb_row=3, nb_col=2),
                           lambda o: o.kernel_size == (3, 2)),
    ("Conv2D", "nb_col"): (lambda: L.Conv2D(4, 5, nb_col=2), lambda o: o.kernel_size == (5, 2)),
    ("Conv2D", "(filters, nb_row, nb_col)"): (
        lambda: L.Convolution2D(32, 3, 3, border_mode="same"),
        lambda o: (_name(o), o.filters, o.kernel_size, o.strides, o.padding) == (
            "Conv2D", 32, (3, 3), (1, 1), "same")),
    ("Conv3D", "kernel_dim1"): (
        lambda: L.Conv3D(2, kernel_dim1=3, kernel_dim2=2, kernel_dim3=1),
        lambda o: o.kernel_size == (3, 2, 1)),
    ("Conv3D", "kernel_dim2"): (lambda: L.Conv3D(2, 3, kernel_dim2=2, kernel_dim3=1),
                                lambda o: o.kernel_size == (3, 2, 1)),
    ("Conv3D", "kernel_dim3"): (lambda: L.Conv3D(2, 3, 2, kernel_dim3=1),
                                lambda o: o.kernel_size == (3, 2, 1)),
    ("Conv3D", "(filters, kernel_dim1, kernel_dim2, kernel_dim3)"): (
        lambda: L.Convolution3D(2, 3, 2, 1),
        lambda o: (o.kernel_size, o.strides) == ((3, 2, 1), (1, 1, 1))),
    ("Conv2DTranspose", "output_shape"): (
        lambda: L.Deconvolution2D(3, 3, 3, (None, 14, 14, 3), subsample=(2, 2)),
        lambda o: (o.filters, o.kernel_size, o.strides) == (3, (3, 3), (2, 2))),
    ("Conv2DTranspose", "nb_row"): (lambda: L.Conv2DTranspose(3, nb_row=3, nb_col=1),
                                    lambda o: o.kernel_size == (3, 1)),
    ("Conv2DTranspose", "nb_col"): (lambda: L.Conv2DTranspose(3, 2, nb_col=1),
                                    lambda o: o.kernel_size == (2, 1)),
    ("Conv2DTranspose", "(filters, nb_row, nb_col)"): (
        lambda: L.Deconvolution2D(3, 4, 4), lambda o: o.kernel_size == (4, 4)),
    ("BaseDepthwiseConv", "init"): (lambda: L.DepthwiseConv2D(3, init="ones"),
                                    lambda o: _name(o.depthwise_initializer) == "Ones"),
    ("SeparableConv2D", "init"): (
        lambda: L.SeparableConv2D(4, 3, init="ones"),
        lambda o: (_name(o.depthwise_initializer), _name(o.pointwise_initializer)) == (
            "Ones", "Ones")),
    ("SeparableConv2D", "nb_row"): (lambda: L.SeparableConv2D(4, nb_row=3, nb_col=3),
                                    lambda o: o.kernel_size == (3, 3)),
    ("SeparableConv2D", "nb_col"): (lambda: L.SeparableConv2D(4, 3, nb_col=1),
                                    lambda o: o.kernel_size == (3, 1)),
    ("SeparableConv2D", "(filters, nb_row, nb_col)"): (
        lambda: L.SeparableConvolution2D(4, 3, 3), lambda o: o.kernel_size == (3, 3)),
    ("CellLayer", "output_dim"): (lambda: L.LSTM(output_dim=5), lambda o: o.units == 5),
    ("CellLayer", "init"): (lambda: L.GRU(2, init="ones"),
                            lambda o: _name(o.kernel_initializer) == "Ones"),
    ("CellLayer", "inner_init"): (lambda: L.SimpleRNN(2, inner_init="zeros"),
                                  lambda o: _name(o.recurrent_initializer) == "Zeros"),
    ("CellLayer", "inner_activation"): (
        lambda: L.LSTM(2, inner_activation="hard_sigmoid"),
        lambda o: o.recurrent_activation is keras.activations.hard_sigmoid),
    ("CellLayer", "W_regularizer"): (lambda: L.LSTM(2, W_regularizer="l2"),
                                     lambda o: _name(o.kernel_regularizer) == "L2"),
    ("CellLayer", "U_regularizer"): (lambda: L.LSTM(2, U_regularizer="l2"),
                                     lambda o: _name(o.recurrent_regularizer) == "L2"),
    ("CellLayer", "b_regularizer"): (lambda: L.LSTM(2, b_regularizer="l2"),
                                     lambda o: _name(o.bias_regularizer) == "L2"),
    ("CellLayer", "W_constraint"): (lambda: L.GRU(2, W_constraint="non_neg"),
                                    lambda o: _name(o.kernel_constraint) == "NonNeg"),
    ("CellLayer", "U_constraint"): (lambda: L.GRU(2, U_constraint="non_neg"),
                                    lambda o: _name(o.recurrent_constraint) == "NonNeg"),
    ("CellLayer", "b_constraint"): (lambda: L.GRU(2, b_constraint="non_neg"),
                                    lambda o: _name(o.bias_constraint) == "NonNeg"),
    ("CellLayer", "dropout_W"): (lambda: L.LSTM(2, dropout_W=0.25), lambda o: o.dropout == 0.25),
    ("CellLayer", "dropout_U"): (lambda: L.LSTM(2, dropout_U=0.5),
                                 lambda o: o.recurrent_dropout == 0.5),
    ("CellLayer", "consume_less"): (lambda: L.GRU(2, consume_less="mem"),
                                    lambda o: o.cell.implementation == 1),
    ("LSTM", "forget_bias_init"): (lambda: L.LSTM(2, forget_bias_init="one", unit_forget_bias=0),
                                   lambda o: o.unit_forget_bias is True),
    ("ConvLSTM2D", "nb_filter"): (lambda: L.ConvLSTM2D(nb_filter=4, kernel_size=3),
                                  lambda o: o.cell.filters == 4),
    ("ConvLSTM2D", "nb_row"): (lambda: L.ConvLSTM2D(4, nb_row=3, nb_col=2),
                               lambda o: o.cell.kernel_size == (3, 2)),
    ("ConvLSTM2D", "nb_col"): (lambda: L.ConvLSTM2D(4, 3, nb_col=1),
                               lambda o: o.cell.kernel_size == (3, 1)),
    ("ConvLSTM2D", "(filters, nb_row, nb_col)"): (
        lambda: L.ConvLSTM2D(4, 3, 3), lambda o: o.cell.kernel_size == (3, 3)),
    ("ConvLSTM2D", "border_mode"): (lambda: L.ConvLSTM2D(4, 3, border_mode="same"),
                                    lambda o: o.cell.padding == "same"),
    ("ConvLSTM2D", "subsample"): (lambda: L.ConvLSTM2D(4, 3, subsample=(2, 2)),
                                  lambda o: o.cell.strides == (2, 2)),
    ("ConvLSTM2D", "init"): (lambda: L.ConvLSTM2D(4, 3, init="ones"),
                             lambda o: _name(o.cell.kernel_initializer) == "Ones"),
    ("ConvLSTM2D", "inner_init"): (lambda: L.ConvLSTM2D(4, 3, inner_init="zeros"),
                                   lambda o: _name(o.cell.recurrent_initializer) == "Zeros"),
    ("ConvLSTM2D", "W_regularizer"): (lambda: L.ConvLSTM2D(4, 3, W_regularizer="l2"),
                                      lambda o: _name(o.cell.kernel_regularizer) == "L2"),
    ("ConvLSTM2D", "U_regularizer"): (lambda: L.ConvLSTM2D(4, 3, U_regularizer="l2"),
                                      lambda o: _name(o.cell.recurrent_regularizer) == "L2"),
    ("ConvLSTM2D", "b_regularizer"): (lambda: L.ConvLSTM2D(4, 3, b_regularizer="l1"),
                                      lambda o: _name(o.cell.bias_regularizer) == "L1"),
    ("ConvLSTM2D", "inner_activation"): (
        lambda: L.ConvLSTM2D(4, 3, inner_activation="hard_sigmoid"),
        lambda o: o.cell.recurrent_activation is keras.activations.hard_sigmoid),
    ("ConvLSTM2D", "dropout_W"): (lambda: L.ConvLSTM2D(4, 3, dropout_W=0.1),
                                  lambda o: o.cell.dropout == 0.1),
    ("ConvLSTM2D", "dropout_U"): (lambda: L.ConvLSTM2D(4, 3, dropout_U=0.2),
                                  lambda o: o.cell.recurrent_dropout == 0.2),
    ("ConvLSTM2D", "bias"): (lambda: L.ConvLSTM2D(4, 3, bias=0),
                             lambda o: o.cell.use_bias is False),
    ("ConvLSTM2D", "forget_bias_init"): (
        lambda: L.ConvLSTM2D(4, 3, forget_bias_init="one", unit_forget_bias=False),
        lambda o: o.cell.unit_forget_bias is True),
    ("Embedding", "init"): (lambda: L.Embedding(5, 2, init="ones"),
                            lambda o: _name(o.embeddings_initializer) == "Ones"),
    ("Embedding", "W_regularizer"): (lambda: L.Embedding(5, 2, W_regularizer="l2"),
                                     lambda o: _name(o.embeddings_regularizer) == "L2"),
    ("Embedding", "W_constraint"): (lambda: L.Embedding(5, 2, W_constraint="non_neg"),
                                    lambda o: _name(o.embeddings_constraint) == "NonNeg"),
    ("Embedding", "dropout"): (lambda: L.Embedding(5, 2, dropout=0.2),
                               lambda o: o.output_dim == 2 and not hasattr(o, "dropout")),
    ("BatchNormalization", "beta_init"): (lambda: L.BatchNormalization(beta_init="ones"),
                                          lambda o: _name(o.beta_initializer) == "Ones"),
    ("BatchNormalization", "gamma_init"): (lambda: L.BatchNormalization(gamma_init="zeros"),
                                           lambda o: _name(o.gamma_initializer) == "Zeros"),
    ("BatchNormalization", "fused"): (lambda: L.BatchNormalization(fused=True),
                                      lambda o: o.axis == -1),
    ("BatchNormalization", "mode"): (lambda: L.BatchNormalization(mode=0, axis=1),
                                     lambda o: o.axis == 1),
    ("BatchNormalization", "virtual_batch_size"): (
        lambda: L.BatchNormalization(virtual_batch_size=None), lambda o: o.axis == -1),
    ("BatchNormalization", "adjustment"): (lambda: L.BatchNormalization(adjustment=None),
                                           lambda o: o.axis == -1),
    ("BasePooling", "border_mode"): (lambda: L.MaxPooling2D(border_mode="same"),
                                     lambda o: o.padding == "same"),
    ("MaxPooling1D", "pool_length"): (lambda: L.MaxPooling1D(pool_length=3),
                                      lambda o: o.pool_size == (3,) and o.strides == (3,)),
    ("MaxPooling1D", "stride"): (lambda: L.MaxPooling1D(2, stride=1), lambda o: o.strides == (1,)),
    ("AveragePooling1D", "pool_length"): (lambda: L.AveragePooling1D(pool_length=4),
                                          lambda o: o.pool_size == (4,)),
    ("AveragePooling1D", "stride"): (lambda: L.AveragePooling1D(2, stride=1),
                                     lambda o: o.strides == (1,)),
    ("ZeroPadding2D", "padding={'top_pad': ...}"): (
        lambda: L.ZeroPadding2D(padding={"top_pad": 1, "right_pad": 2}),
        lambda o: o.padding == ((1, 0), (0, 2))),
    ("ZeroPadding2D", "padding=(top, bottom, left, right)"): (
        lambda: L.ZeroPadding2D((1, 2, 3, 4)), lambda o: o.padding == ((1, 2), (3, 4))),
    ("Concatenate", "concat_axis"): (lambda: L.Concatenate(concat_axis=1),
                                     lambda o: o.axis == 1),
    ("compile", "sample_weight_mode"): (lambda: _compiled(sample_weight_mode="temporal"),
                                        lambda o: _name(o.optimizer) == "SGD"),
    ("compile", "target_tensors"): (lambda: _compiled(target_tensors=None),
                                    lambda o: _name(o.optimizer) == "SGD"),
    ("compile", "distribute"): (lambda: _compiled(distribute=None),
                                lambda o: _name(o.optimizer) == "SGD"),
    ("compile", "class_mode"): (lambda: _compiled(class_mode="categorical"),
                                lambda o: _name(o.optimizer) == "SGD"),
    ("UpSampling1D", "length"): (lambda: L.UpSampling1D(length=3), lambda o: o.size == 3),
    ("Dropout", "p"): (lambda: L.SpatialDropout1D(p=0.3), lambda o: o.rate == 0.3),
    ("GaussianDropout", "p"): (lambda: L.GaussianDropout(p=0.4), lambda o: o.rate == 0.4),
    ("GaussianNoise", "sigma"): (lambda: L.GaussianNoise(sigma=0.5), lambda o: o.stddev == 0.5),
    ("PReLU", "init"): (lambda: L.PReLU(init="ones"),
                        lambda o: _name(o.alpha_initializer) == "Ones"),
    ("InputLayer", "input_dtype"): (lambda: L.InputLayer(shape=(2,), input_dtype="int32"),
                                    lambda o: o.dtype == "int32"),
    ("Model", "input"): (lambda: keras.Model(input=K_IN, outputs=K_IN),
                         lambda o: _name(o) == "Functional"),
    ("Model", "output"): (lambda: keras.Model(K_IN, output=L.Dense(2)(K_IN)),
                          lambda o: o.output_shape == (None, 2)),
    ("Optimizer", "lr"): (lambda: O.SGD(lr=0.5), lambda o: float(o.learning_rate) == 0.5),
    ("Optimizer", "epsilon=None"): (lambda: O.Adam(epsilon=None),
                                    lambda o: o.epsilon == keras.config.epsilon()),
    ("Optimizer", "decay"): (
        lambda: O.RMSprop(0.1, decay=0.5),
        lambda o: o.get_config()["learning_rate"]["config"] == {
            "initial_learning_rate": 0.1, "decay_steps": 1, "decay_rate": 0.5,
            "staircase": False, "name": "InverseTimeDecay"}),
    ("Nadam", "schedule_decay"): (lambda: O.Nadam(schedule_decay=0.004),
                                  lambda o: o.get_config()["learning_rate"] == pytest.approx(0.001)),
    ("fit", "nb_epoch"): (lambda: _run("fit", X, Y, batch_size=4, nb_epoch=3),
                          lambda c: c.train == 6),
    ("fit", "workers"): (lambda: _run("fit", X, Y, batch_size=4, workers=2),
                         lambda c: c.train == 2),
    ("fit", "use_multiprocessing"): (
        lambda: _run("fit", X, Y, batch_size=4, use_multiprocessing=False),
        lambda c: c.train == 2),
    ("fit", "max_queue_size"): (lambda: _run("fit", X, Y, batch_size=4, max_queue_size=3),
                                lambda c: c.train == 2),
    ("evaluate", "workers"): (lambda: _run("evaluate", X, Y, batch_size=2, workers=2),
                              lambda c: c.test == 4),
    ("evaluate", "use_multiprocessing"): (
        lambda: _run("evaluate", X, Y, batch_size=2, use_multiprocessing=True),
        lambda c: c.test == 4),
    ("evaluate", "max_queue_size"): (
        lambda: _run("evaluate", X, Y, batch_size=2, max_queue_size=1), lambda c: c.test == 4),
    ("predict", "workers"): (lambda: _run("predict", X, batch_size=4, workers=3),
                             lambda c: c.predict == 2),
    ("predict", "use_multiprocessing"): (
        lambda: _run("predict", X, batch_size=4, use_multiprocessing=False),
        lambda c: c.predict == 2),
    ("predict", "max_queue_size"): (lambda: _run("predict", X, batch_size=4, max_queue_size=2),
                                    lambda c: c.predict == 2),
    ("fit_generator", "nb_epoch"): (
        lambda: _run("fit_generator", _batches(), steps_per_epoch=2, nb_epoch=2),
        lambda c: c.train == 4),
    ("fit_generator", "samples_per_epoch"): (
        lambda: _run("fit_generator", _Batches(), samples_per_epoch=12),
        lambda c: c.train == 3),  # 12 samples // batch_size 4
    ("fit_generator", "nb_val_samples"): (
        lambda: _run("fit_generator", _batches(), 1, validation_data=_batches(),
                     nb_val_samples=3),
        lambda c: (c.train, c.test) == (1, 3)),
    ("fit_generator", "nb_worker"): (
        lambda: _run("fit_generator", _batches(), 2, nb_worker=1), lambda c: c.train == 2),
    ("fit_generator", "pickle_safe"): (
        lambda: _run("fit_generator", _batches(), 2, pickle_safe=False), lambda c: c.train == 2),
    ("fit_generator", "max_q_size"): (
        lambda: _run("fit_generator", _batches(), 2, max_q_size=4), lambda c: c.train == 2),
    ("evaluate_generator", "val_samples"): (
        lambda: _run("evaluate_generator", _batches(), val_samples=3), lambda c: c.test == 3),
    ("evaluate_generator", "nb_worker"): (
        lambda: _run("evaluate_generator", _batches(), 2, nb_worker=1), lambda c: c.test == 2),
    ("evaluate_generator", "pickle_safe"): (
        lambda: _run("evaluate_generator", _batches(), 2, pickle_safe=False),
        lambda c: c.test == 2),
    ("evaluate_generator", "max_q_size"): (
        lambda: _run("evaluate_generator", _batches(), 2, max_q_size=4), lambda c: c.test == 2),
    ("predict_generator", "val_samples"): (
        lambda: _run("predict_generator", _batches(), val_samples=3), lambda c: c.predict == 3),
    ("predict_generator", "nb_worker"): (
        lambda: _run("predict_generator", _batches(), 2, nb_worker=1),
        lambda c: c.predict == 2),
    ("predict_generator", "pickle_safe"): (
        lambda: _run("predict_generator", _batches(), 2, pickle_safe=False),
        lambda c: c.predict == 2),
    ("predict_generator", "max_q_size"): (
        lambda: _run("predict_generator", _batches(), 2, max_q_size=4),
        lambda c: c.predict == 2),
    ("Input", "input_dtype"): (lambda: keras.Input((2,), input_dtype="int32"),
                               lambda o: o.dtype == "int32"),
}


def _table_spellings() -> set:
    """(row, spelling) for every legacy spelling the table handles, read from the table."""
    found = set()
    for rows in (table.LAYER_ROWS, table.OPTIMIZER_ROWS, table.METHOD_ROWS,
                 table.FUNCTION_ROWS):
        for name, row in rows.items():
            found |= {(name, old) for old in (*row.renames, *row.dropped)}
            for step in row.preprocess + row.finish:
                found |= {(name, spelling) for spelling in PREPROCESSORS[step][1]}
    for name, layout in table.INPUT_SHAPE_LAYOUTS.items():
        found |= {(name, old) for old in layout}
    return found


def _token(spelling: str) -> str:
    """What the warning of ``spelling`` names: the keyword, or the positional form."""
    return spelling if spelling.startswith("(") else spelling.split("=")[0]


def test_every_spelling_of_the_table_has_a_case():
    assert set(CASES) == _table_spellings()


def test_every_named_preprocessor_exists():
    for rows in (table.LAYER_ROWS, table.OPTIMIZER_ROWS, table.METHOD_ROWS):
        for row in rows.values():
            assert set(row.preprocess + row.finish) <= set(PREPROCESSORS)


@pytest.mark.parametrize("key", sorted(CASES), ids=lambda k: f"{k[0]}-{k[1]}")
def test_spelling_translates_and_warns_once(key):
    build, check = CASES[key]
    reset_warnings()
    with warnings.catch_warnings(record=True) as first:
        warnings.simplefilter("always")
        result = build()
    assert check(result), key
    messages = [str(w.message) for w in first if issubclass(w.category, UserWarning)]
    assert any(_token(key[1]) in m and re.search(r"is Keras [12]", m) for m in messages), (
        key, messages)
    with warnings.catch_warnings(record=True) as again:
        warnings.simplefilter("always")
        build()
    assert [str(w.message) for w in again if "is Keras" in str(w.message)] == []


def test_warning_names_the_modern_spelling_and_points_at_the_caller():
    with pytest.warns(UserWarning) as caught:
        L.Dense(output_dim=2)
    assert str(caught[0].message) == "`Dense(output_dim=...)` is Keras 1; use `units=`."
    assert caught[0].filename == __file__


# The modern classes' own modules: no Keras 1/2 argument name in their code.
_MODERN = {
    "Dense": ["layers/core/_dense.py"],
    "convolutions": ["layers/convolutional/_base_conv.py", "layers/convolutional/_conv.py",
                     "layers/convolutional/_conv_transpose.py",
                     "layers/convolutional/_depthwise.py", "layers/convolutional/_args.py",
                     "layers/convolutional/__init__.py"],
    "RNNs": ["layers/rnn/_rnn.py", "layers/rnn/_cell_base.py", "layers/rnn/_layer_base.py",
             "layers/rnn/_lstm.py", "layers/rnn/_gru.py", "layers/rnn/_simple_rnn.py"],
    "optimizers": ["optimizers/_base.py", "optimizers/_sgd.py", "optimizers/_rmsprop.py",
                   "optimizers/_adam.py", "optimizers/_adamw.py", "optimizers/_adagrad.py",
                   "optimizers/_adadelta.py", "optimizers/_adamax.py", "optimizers/_nadam.py",
                   "optimizers/_ftrl.py", "optimizers/_lion.py", "optimizers/_adafactor.py"],
}
# The per-class legacy helpers the table replaced.
_OLD_HELPERS = {"KERAS1", "pop_legacy", "rename_keras1"}
_ROWS_OF = ("Layer", "Dense", "ConvLayer", "Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose",
            "BaseDepthwiseConv", "SeparableConv2D", "CellLayer", "LSTM", "Optimizer", "Nadam")


def _legacy_names() -> set:
    names = set()
    for rows in (table.LAYER_ROWS, table.OPTIMIZER_ROWS):
        for key in _ROWS_OF:
            row = rows.get(key)
            if row is None:
                continue
            names |= set(row.renames) | set(row.dropped)
            for step in row.preprocess + row.finish:
                names |= {_token(s) for s in PREPROCESSORS[step][1]
                          if not s.startswith("(")}
    names |= {"input_dim", "input_length"} | _OLD_HELPERS
    # Modern names too: `bias=` is Keras 1's `use_bias` only in a Dense/conv call, and
    # `epsilon=None` is the legacy spelling of `epsilon`.
    return names - {"epsilon", "bias"}


@pytest.mark.parametrize("family", sorted(_MODERN))
def test_modern_classes_do_not_mention_legacy_arguments(family):
    root = Path(keras.__file__).parent
    for relative in _MODERN[family]:
        source = (root / relative).read_text()
        for name in _legacy_names():
            pattern = (name if name in _OLD_HELPERS
                       else rf"""["']{re.escape(name)}["']|\b{re.escape(name)}=""")
            assert not re.search(pattern, source), (relative, name)


def test_required_arguments_are_required_again():
    for build, missing in ((L.Dense, "units"), (L.Conv2D, "filters"), (L.LSTM, "units"),
                           (L.DepthwiseConv2D, "kernel_size")):
        with pytest.raises(TypeError, match=f"required positional argument.*'{missing}'"):
            build()
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'kernel_size'"):
        L.Conv2D(8)


@pytest.mark.parametrize("build, error, message", [
    (lambda: L.Dense(units=2, output_dim=3), TypeError,
     "For the `units` argument, the layer received both the legacy keyword argument "
     "`output_dim` and the Keras 2 keyword argument `units`. Stick to the latter!"),
    (lambda: L.Conv2D(8, 3, border_mode="same", padding="valid"), TypeError,
     "both the legacy keyword argument `border_mode` and the Keras 2 keyword argument "
     "`padding`"),
    (lambda: O.SGD(lr=0.1, learning_rate=0.2), TypeError,
     "legacy keyword argument `lr` and the Keras 2 keyword argument `learning_rate`"),
    (lambda: L.Dense(2, input_dim=3, input_shape=(3,)), TypeError,
     "legacy keyword argument `input_dim` and the Keras 2 keyword argument `input_shape`"),
    (lambda: L.BatchNormalization(mode=1), TypeError,
     "The `mode` argument of `BatchNormalization` no longer exists. `mode=1` and `mode=2` "
     "are no longer supported."),
    (lambda: L.Conv2D(32, 3, 3, padding="same"), ValueError,
     "passing both `kernel_size` and `strides` as integer positional arguments"),
    (lambda: L.Conv2D(32, 3, 3, strides=2), ValueError, "Pass `strides` as a keyword argument"),
    (lambda: L.Conv2D(32, 3, 3, "same"), TypeError,
     "Layer can receive at most 3 positional arguments."),
    (lambda: O.SGD(0.1, decay=-1.0), ValueError,
     "Argument `decay` must be >= 0. Received: decay=-1.0"),
    (lambda: O.Nadam(schedule_decay=0.01), ValueError,
     "other values are not supported. Received: schedule_decay=0.01"),
    (lambda: _model().fit(X, Y, epochs=1, nb_epoch=2, verbose=0), TypeError,
     "legacy keyword argument `nb_epoch` and the Keras 2 keyword argument `epochs`"),
    (lambda: _model().fit_generator(_Batches(), samples_per_epoch=8, steps_per_epoch=2),
     TypeError, "`samples_per_epoch` and the Keras 2 keyword argument `steps_per_epoch`"),
])
def test_bad_inputs(build, error, message):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(error, match=re.escape(message)):
            build()


def test_decay_is_keras2_time_based_decay_by_hand():
    lr, decay = 0.5, 0.25
    with pytest.warns(UserWarning, match=r"`SGD\(decay=...\)` is Keras 2"):
        opt = O.SGD(learning_rate=lr, decay=decay)
    w = keras.Variable(np.zeros(1, "float32"))
    steps = []
    for _ in range(4):
        before = float(w.numpy()[0])
        opt.apply([torch.ones(1)], [w])
        steps.append(before - float(w.numpy()[0]))
    # the rate at step k is lr / (1 + decay * k): 0.5, 0.4, 0.3333, 0.2857
    np.testing.assert_allclose(steps, [0.5, 0.4, 0.5 / 1.5, 0.5 / 1.75], rtol=1e-6)


def test_samples_per_epoch_without_batch_size_keeps_the_number_with_keras2_warning():
    with pytest.warns(UserWarning, match="`steps_per_epoch` is the number of batches"):
        count = _run("fit_generator", _batches(), samples_per_epoch=3)
    assert count.train == 3


def test_keras2_default_learning_rates_under_legacy_defaults():
    keras.config.set_legacy_defaults(2)
    try:
        rates = {cls.__name__: float(cls().learning_rate) for cls in (
            O.SGD, O.RMSprop, O.Adam, O.Adagrad, O.Adadelta, O.Adamax, O.Nadam)}
        given = float(O.Adadelta(0.5).learning_rate)
        with pytest.warns(UserWarning, match="is Keras 2"):
            old = float(O.Adadelta(lr=0.25).learning_rate)
        adadelta = O.Adadelta()
    finally:
        keras.config.set_legacy_defaults(None)
    assert rates == pytest.approx({"SGD": 0.01, "RMSprop": 0.001, "Adam": 0.001,
                                   "Adagrad": 0.01, "Adadelta": 1.0, "Adamax": 0.002,
                                   "Nadam": 0.002})
    assert (given, old) == (0.5, 0.25)
    assert (adadelta.rho, adadelta.epsilon) == (0.95, 1e-7)
    assert float(O.Adadelta().learning_rate) == pytest.approx(0.001)  # Keras 3's again


def test_keras2_layer_defaults_apply_through_the_same_hook():
    keras.config.set_legacy_defaults(2)
    try:
        lstm, gru, given = L.LSTM(2), L.GRU(2), L.GRU(2, reset_after=True)
    finally:
        keras.config.set_legacy_defaults(None)
    assert lstm.recurrent_activation is keras.activations.hard_sigmoid
    assert gru.reset_after is False and given.reset_after is True


class _UserDense(L.Dense):
    pass


class _UserLayer(L.Layer):
    def __init__(self, input_dim, **kwargs):  # its own `input_dim`, as Embedding's
        super().__init__(**kwargs)
        self.vocabulary = input_dim


class _UserRNN(L.LSTM):
    def __init__(self, **kwargs):
        super().__init__(3, **kwargs)


def test_user_subclasses():
    with pytest.warns(UserWarning, match="is Keras 1"):
        assert _UserDense(output_dim=4).units == 4  # torcheras's __init__: translated
    assert _UserLayer(input_dim=7).vocabulary == 7  # its own signature: left alone
    with pytest.warns(UserWarning, match=r"use `input_shape=\(None, 5\)`"):
        layer = _UserRNN(input_dim=5)  # what reaches Layer.__init__ is translated
    assert layer._batch_input_shape == (None, None, 5)


def test_pickle_deepcopy_and_config_round_trip():
    import copy
    import pickle

    with pytest.warns(UserWarning, match="is Keras 1"):
        layer = L.Convolution2D(4, 3, 3, border_mode="same")
    for clone in (pickle.loads(pickle.dumps(layer)), copy.deepcopy(layer),
                  L.Conv2D.from_config(layer.get_config())):
        assert type(clone) is L.Conv2D
        assert (clone.kernel_size, clone.padding) == ((3, 3), "same")
    with pytest.warns(UserWarning, match="is Keras 2"):
        opt = O.Adam(lr=0.01, decay=0.1)
    clone = O.Adam.from_config(opt.get_config())
    assert clone.get_config()["learning_rate"] == opt.get_config()["learning_rate"]
    assert pickle.loads(pickle.dumps(O.SGD(0.5))).get_config()["learning_rate"] == 0.5
