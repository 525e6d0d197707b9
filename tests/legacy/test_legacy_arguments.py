"""The legacy-argument table (``torcheras.legacy._arguments``): every Keras 1/2 spelling it
handles translates to the right value and warns once; the modern classes carry no legacy
code; bad inputs raise Keras 2's errors."""

import re
import warnings
from pathlib import Path

import numpy as np
import pytest
import torch
from _argument_cases import CASES, X, Y, _Batches, _batches, _model, _run

import torcheras as keras
from torcheras import layers as L
from torcheras import optimizers as O
from torcheras.legacy import _arguments as table
from torcheras.legacy._arguments_core import PREPROCESSORS, reset_warnings


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
