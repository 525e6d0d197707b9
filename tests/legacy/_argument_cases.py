"""The cases of tests/legacy/test_legacy_arguments.py: one per legacy spelling of the table, each a
``(build, check)`` pair: ``build()`` uses the spelling, ``check(result)`` says whether it
became the right Keras 3 value."""

import numpy as np
import pytest

import torcheras as keras
from torcheras import layers as L
from torcheras import optimizers as O

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

# (row, spelling) -> (build, check).
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
