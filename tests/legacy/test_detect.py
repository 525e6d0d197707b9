"""``--keras auto``: which generation a program's source was written for, and why."""

import textwrap

import pytest

from torcheras.legacy._detect import Decision, Sign, decide, find_signs

CASES = [
    # Keras 1/2-only spellings -> Keras 2's defaults, named with their first line.
    ("from keras.models import Sequential\nfrom keras.layers.core import Dense\n"
     "from keras.utils import np_utils\nmodel.fit(x, y, nb_epoch=3)\n",
     2, "the program uses keras.layers.core (line 2), keras.utils.np_utils (line 3), "
        "nb_epoch (line 4)"),
    ("import keras\nfrom keras.engine.topology import Layer\n",
     2, "the program uses keras.engine (line 2)"),
    ("from keras.optimizers import SGD\nopt = SGD(lr=0.01, decay=1e-6)\n",
     2, "the program uses decay= (line 2), lr= (line 2)"),
    ("model.add(Dense(output_dim=10, init='uniform'))\n",
     2, "the program uses init= (line 1), output_dim= (line 1)"),
    ("model.add(Convolution2D(32, 3, 3, border_mode='valid'))\n",
     2, "the program uses Convolution2D( (line 1), border_mode (line 1)"),
    ("model.fit_generator(gen, steps_per_epoch=10)\nmodel.predict_classes(x)\n",
     2, "the program uses fit_generator( (line 1), predict_classes( (line 2)"),
    ("from keras import backend as K\nK.image_data_format()\nK.int_shape(x)\n",
     2, "the program uses K.int_shape (line 3)"),
    ("import keras.backend as KB\nprint(KB.image_dim_ordering())\n",
     2, "the program uses KB.image_dim_ordering (line 2), image_dim_ordering( (line 2)"),
    ("h = model.fit(x, y)\nprint(h.history['val_acc'])\n",
     2, "the program uses ['val_acc'] (line 2)"),
    ("cb = EarlyStopping(monitor='val_acc')\n",
     2, "the program uses monitor='val_acc' (line 1)"),
    ("ModelCheckpoint('weights.{epoch:02d}-{val_acc:.2f}.hdf5')\n",
     2, "the program uses {val_acc} (line 1)"),
    ("from __future__ import print_function\nimport keras\n",
     2, "the program uses from __future__ import print_function (line 1)"),
    ("print 'hello'\nmodel.fit(x, y, nb_epoch=2)\n",
     2, "the program uses Python 2 syntax (line 1), nb_epoch (line 2)"),
    ("Conv2D(32, (3, 3), dim_ordering='th')\n" * 3 + "fit(nb_epoch=1, samples_per_epoch=2, "
     "nb_val_samples=3)\nLSTM(4, dropout_W=0.2)\n",
     2, "the program uses dim_ordering (line 1), nb_epoch (line 4), nb_val_samples (line 4), "
        "samples_per_epoch (line 4) and 1 more"),
    # Keras 3 (or tf.keras 2.x, which had Keras 3's defaults) wins over old spellings.
    ("import keras\ny = keras.ops.relu(x)\nmodel.fit(x, y, nb_epoch=2)\n",
     3, "the program uses keras.ops (line 2)"),
    ("from keras import random\nkeras.random.normal((2,))\n",
     3, "the program uses keras.random (line 1)"),
    ("import keras_core as keras\n", 3, "the program uses keras_core (line 1)"),
    ("from tensorflow import keras\nopt = keras.optimizers.Adam(lr=0.1)\n",
     3, "the program uses tensorflow.keras (line 1)"),
    ("import tensorflow as tf\nm = tf.keras.Sequential()\n",
     3, "the program uses tf.keras (line 2)"),
    # Neutral: nothing only one generation has -> Keras 3, said so.
    ("import keras\nx = keras.Input(shape=(3,))\nm.compile('adam', metrics=['accuracy'])\n",
     3, "the program uses no Keras 1/2-only spelling"),
    ("# model.fit(x, y, nb_epoch=2) was the old way\ns = 'nb_epoch'\n",
     3, "the program uses no Keras 1/2-only spelling"),
    ("print('acc: {acc:.2f}'.format(acc=0.5))\n",
     3, "the program uses no Keras 1/2-only spelling"),
    ("Embedding(1000, output_dim=64)\nsetup(init=True)\nschedule(lr=0.1)\n",
     3, "the program uses no Keras 1/2-only spelling"),
    ("from keras import backend as K\nK.clear_session()\nK.image_data_format()\n",
     3, "the program uses no Keras 1/2-only spelling"),
]


@pytest.mark.parametrize("source, version, reason", CASES)
def test_auto_detection_table(source, version, reason):
    decision = decide(source)
    assert (decision.version, decision.reason()) == (version, reason)


def test_signs_carry_generation_and_first_line():
    source = textwrap.dedent("""\
        import keras
        model.fit(x, y, nb_epoch=1)
        model.fit(x, y, nb_epoch=2)
        keras.ops.add(1, 2)
    """)
    assert find_signs(source) == [Sign(2, "nb_epoch", 2), Sign(3, "keras.ops", 4)]


def test_reason_without_signs_and_with_limit():
    assert Decision(3, ()).reason() == "the program uses no Keras 1/2-only spelling"
    signs = tuple(Sign(2, f"s{i}", i) for i in range(1, 4))
    assert Decision(2, signs).reason(limit=2) == \
        "the program uses s1 (line 1), s2 (line 2) and 1 more"


@pytest.mark.parametrize("source, line", [
    ("import keras\nprint 'loss', 1\n", 2),
    ("try:\n    pass\nexcept ValueError, e:\n    pass\n", 3),
    ("x = 1\nprint\n", None),  # a bare print parses in Python 3 too
    ("x = `y`\n", 1),
])
def test_python2_syntax_is_a_keras2_sign(source, line):
    decision = decide(source)
    if line is None:
        assert decision.version == 3
    else:
        assert decision.version == 2
        assert decision.reason() == f"the program uses Python 2 syntax (line {line})"


def test_other_syntax_errors_and_empty_sources_keep_keras3():
    assert decide("def f(:\n").version == 3
    assert decide("def f(:\n    x = Convolution2D(32, 3, 3, border_mode='same')\n").reason() \
        == "the program uses border_mode (line 2)"
    assert decide("").version == 3
