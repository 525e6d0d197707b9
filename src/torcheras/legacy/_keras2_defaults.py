"""Keras 2's default argument values where Keras 3 changed them silently, per layer class.

Under ``keras.config.set_legacy_defaults(2)`` a layer built without one of these arguments
takes Keras 2's value instead of Keras 3's. The values are Keras 2.3.1's signatures
(``keras/layers/recurrent.py``, ``convolutional_recurrent.py``; tf-keras 2.x kept them for
``ConvLSTM1D``/``ConvLSTM3D``): recurrent gates used ``hard_sigmoid`` (slope 0.2, see
``activations.hard_sigmoid``) and ``GRU`` put the reset gate before the recurrent matrix
product (``reset_after=False``), where Keras 3 uses ``sigmoid`` and ``reset_after=True``.

The table is data only: the construction hook of the legacy-argument table fills in the
values the caller did not pass, for the class itself or its nearest listed base class
(:func:`layer_defaults`).
"""

from __future__ import annotations

_HARD_SIGMOID_GATES = {"recurrent_activation": "hard_sigmoid"}

LAYER_DEFAULTS: dict[str, dict[str, object]] = {
    "LSTM": dict(_HARD_SIGMOID_GATES),
    "LSTMCell": dict(_HARD_SIGMOID_GATES),
    "GRU": {**_HARD_SIGMOID_GATES, "reset_after": False},
    "GRUCell": {**_HARD_SIGMOID_GATES, "reset_after": False},
    "ConvLSTM1D": dict(_HARD_SIGMOID_GATES),
    "ConvLSTM2D": dict(_HARD_SIGMOID_GATES),
    "ConvLSTM3D": dict(_HARD_SIGMOID_GATES),
    # cuDNN's kernels fix sigmoid gates and reset_after=True, in Keras 2 as well: these
    # entries stop a subclass of LSTM/GRU from inheriting the rows above.
    "CuDNNLSTM": {},
    "CuDNNGRU": {},
}


def layer_defaults(cls: type) -> dict[str, object]:
    """Keras 2's defaults for layer class ``cls``: the row of the nearest class in its MRO
    that the table lists (a user's ``class MyLSTM(LSTM)`` takes LSTM's), else ``{}``.

    Args:
        cls: A layer class.

    >>> class MyGRU: pass
    >>> layer_defaults(type("GRU", (), {}))
    {'recurrent_activation': 'hard_sigmoid', 'reset_after': False}
    >>> layer_defaults(MyGRU)
    {}
    """
    for klass in cls.__mro__:
        row = LAYER_DEFAULTS.get(klass.__name__)
        if row is not None:
            return dict(row)
    return {}
