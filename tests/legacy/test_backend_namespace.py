"""Keras 2 programs reach the ``K.*`` functions as ``keras.backend.<name>``."""

import subprocess
import sys
import textwrap

import torcheras.legacy.backend as legacy_backend
from torcheras import backend
from torcheras.legacy._backend_names import LEGACY_BACKEND_NAMES


def test_name_list_matches_the_package():
    # torcheras.backend lists the names without importing the package: they must agree.
    assert sorted(LEGACY_BACKEND_NAMES) == sorted(legacy_backend.__all__)


def test_every_legacy_name_is_in_keras_backend():
    for name in LEGACY_BACKEND_NAMES:
        assert name in backend.__all__, name
        assert callable(getattr(backend, name)), name


def test_keras3_names_win_a_clash():
    assert backend.clear_session is legacy_backend.clear_session
    assert backend.get_value.__module__ == "torcheras.backend._session"


def test_unknown_name_raises_attribute_error():
    try:
        backend.no_such_function  # noqa: B018
    except AttributeError as error:
        assert "no_such_function" in str(error)
    else:
        raise AssertionError("expected AttributeError")


def test_keras2_program_through_the_runner(tmp_path):
    program = tmp_path / "antirectifier_bits.py"
    program.write_text(textwrap.dedent("""
        import numpy as np
        from keras import backend as K
        from keras.backend import int_shape
        from keras.layers import Input, Lambda
        from keras.models import Model

        def antirectifier(x):
            x -= K.mean(x, axis=1, keepdims=True)
            x = K.l2_normalize(x, axis=1)
            return K.concatenate([K.relu(x), K.relu(-x)], axis=1)

        inputs = Input((2,))
        outputs = Lambda(antirectifier)(inputs)
        model = Model(inputs, outputs)
        print(K.image_dim_ordering(), int_shape(outputs))
        out = model.predict(np.array([[1.0, 3.0]], "float32"), verbose=0)
        print([round(float(t), 4) for t in out[0]])
    """))
    result = subprocess.run([sys.executable, "-m", "torcheras", str(program)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "tf (None, 4)"
    # centred [-1, 1] -> normalised [-0.7071, 0.7071] -> [relu(x), relu(-x)]
    assert lines[1] == "[0.0, 0.7071, 0.7071, 0.0]"
